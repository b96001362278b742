//! The OpenAPI 3.1 description of the Bookstore API, served at
//! `/api/v1/openapi.json`. Tests keep it in step with the code: its paths are
//! exactly [`super::ROUTES`], and real responses validate against its schemas
//! (tests/api/api_v1.rs).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::config::authz::READ_ORDERS_SCOPE;
use crate::server::state::AppState;

pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    let resource = state.settings.authz.api.as_ref().map(|api| api.resource.clone());
    Json(document(state.settings.public_url.as_ref(), resource.as_deref()))
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "headers": { "WWW-Authenticate": { "schema": { "type": "string" } } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

pub fn document(server: &str, resource: Option<&str>) -> Value {
    let query = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Bookstore API",
            "version": "1.0.0",
            "description": format!(
                "The Bookstore catalog (public) and the caller's orders (an OAuth 2.0 access token for the API resource {} with the scope {READ_ORDERS_SCOPE}).",
                resource.unwrap_or("configured in BOOKSTORE_API_RESOURCE")
            )
        },
        "servers": [{ "url": server.trim_end_matches('/') }],
        "paths": {
            "/api/v1/books": {
                "get": {
                    "operationId": "listBooks",
                    "summary": "Search the catalog",
                    "parameters": [
                        query("q", "Words to find in titles, authors, subjects and descriptions (each as a prefix)", json!({"type": "string"})),
                        query("author", "Exact author name", json!({"type": "string"})),
                        query("subject", "Exact subject", json!({"type": "string"})),
                        query("language", "ISO 639-1 language code", json!({"type": "string"})),
                        query("year_from", "First published in or after", json!({"type": "integer"})),
                        query("year_to", "First published in or before", json!({"type": "integer"})),
                        query("sort", "Order of results", json!({"type": "string", "enum": ["relevance", "title", "author", "year", "year-desc", "price", "price-desc"]})),
                        query("page", "Page number, from 1", json!({"type": "integer", "minimum": 1}))
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of books",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/BookList" } } }
                        }
                    }
                }
            },
            "/api/v1/orders": {
                "get": {
                    "operationId": "listOrders",
                    "summary": "The caller's orders, newest first",
                    "security": [{ "bearer": [READ_ORDERS_SCOPE] }],
                    "responses": {
                        "200": {
                            "description": "The orders of the user the token was issued to",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/OrderList" } } }
                        },
                        "401": error_response("No token, or a token that is expired, malformed, badly signed or for another issuer or audience"),
                        "403": error_response("The token lacks the read:orders scope"),
                        "503": error_response("The identity provider's keys could not be fetched")
                    }
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openApi",
                    "summary": "This document",
                    "responses": { "200": { "description": "The OpenAPI description", "content": { "application/json": {} } } }
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "An access token (RFC 9068 JWT) from Bookstore's identity provider whose audience is the API resource"
                }
            },
            "schemas": {
                "Book": {
                    "type": "object",
                    "required": ["id", "title", "authors", "year", "language", "price_cents", "stock"],
                    "properties": {
                        "id": { "type": "integer" },
                        "title": { "type": "string" },
                        "authors": { "type": "array", "items": { "type": "string" } },
                        "year": { "type": "integer", "description": "Year of first publication" },
                        "language": { "type": "string", "description": "ISO 639-1 code of the edition's text" },
                        "price_cents": { "type": "integer", "description": "Price in US cents" },
                        "stock": { "type": "integer", "description": "Copies in stock" }
                    }
                },
                "BookList": {
                    "type": "object",
                    "required": ["books", "total", "page", "per_page", "page_count"],
                    "properties": {
                        "books": { "type": "array", "items": { "$ref": "#/components/schemas/Book" } },
                        "total": { "type": "integer" },
                        "page": { "type": "integer" },
                        "per_page": { "type": "integer" },
                        "page_count": { "type": "integer" }
                    }
                },
                "Order": {
                    "type": "object",
                    "required": ["id", "placed_at", "total_cents", "item_count", "status"],
                    "properties": {
                        "id": { "type": "integer" },
                        "placed_at": { "type": "integer", "description": "Unix time in seconds" },
                        "total_cents": { "type": "integer" },
                        "item_count": { "type": "integer" },
                        "status": { "type": "string" }
                    }
                },
                "OrderList": {
                    "type": "object",
                    "required": ["orders"],
                    "properties": { "orders": { "type": "array", "items": { "$ref": "#/components/schemas/Order" } } }
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "error_description"],
                    "properties": { "error": { "type": "string" }, "error_description": { "type": "string" } }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::endpoints::rest_v1::ROUTES;

    #[test]
    fn the_document_lists_exactly_the_routes_the_router_serves() {
        let doc = document("http://localhost:3000/", Some("https://api.bookstore.test"));
        let mut documented: Vec<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
            .collect();
        documented.sort();
        let mut served: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        served.sort();
        assert_eq!(documented, served);
        assert_eq!(doc["servers"][0]["url"], "http://localhost:3000");
    }

    #[test]
    fn every_schema_reference_resolves() {
        let doc = document("http://localhost:3000", None);
        let text = doc.to_string();
        for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap();
            assert!(doc["components"]["schemas"].get(name).is_some(), "unresolved {name}");
        }
    }
}
