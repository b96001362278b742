//! A small JSON Schema checker for the subset the OpenAPI document uses
//! (type, required, properties, items, enum, $ref to components), so tests
//! can hold real API responses against the published description.

use serde_json::Value;

/// Problems found in `value` against `schema`, with JSON paths.
pub fn check(doc: &Value, schema: &Value, value: &Value, path: &str) -> Vec<String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "unresolved {reference}");
        return check(doc, target, value, path);
    }
    let mut problems = Vec::new();
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            return vec![format!("{path}: expected {kind}, got {value}")];
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        problems.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            if value.get(name).is_none() {
                problems.push(format!("{path}: missing {name}"));
            }
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            if let Some(field) = value.get(name) {
                problems.extend(check(doc, property, field, &format!("{path}.{name}")));
            }
        }
        // Undocumented fields are drift too.
        for name in value
            .as_object()
            .map(|o| o.keys().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if !properties.contains_key(name) {
                problems.push(format!("{path}: undocumented field {name}"));
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, item) in values.iter().enumerate() {
            problems.extend(check(doc, items, item, &format!("{path}[{i}]")));
        }
    }
    problems
}

/// The schema of `path`'s GET response with `status`, as JSON.
pub fn response_schema<'a>(doc: &'a Value, path: &str, status: &str) -> &'a Value {
    let schema = &doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "no schema for GET {path} {status}");
    schema
}
