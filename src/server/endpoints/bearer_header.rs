//! `Authorization: Bearer <token>` (RFC 6750 2.1), read one way for every
//! endpoint that takes a token (the API and `/metrics`): the scheme compared
//! without case, the token trimmed, an empty one the same as none.

use axum::http::HeaderMap;

use crate::oidc::access_token::BearerError;

/// The token from `Authorization: Bearer …`.
pub fn bearer_token(headers: &HeaderMap) -> Result<&str, BearerError> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or(BearerError::Missing)?
        .to_str()
        .map_err(|_| BearerError::Invalid("the Authorization header is not text"))?;
    let (scheme, token) = value.split_once(' ').ok_or(BearerError::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(BearerError::Missing);
    }
    Ok(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorization_header_needs_the_bearer_scheme() {
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(axum::http::header::AUTHORIZATION, value.parse().unwrap());
            headers
        };
        assert_eq!(bearer_token(&headers("Bearer abc.def.ghi")), Ok("abc.def.ghi"));
        assert_eq!(bearer_token(&headers("bearer  abc")), Ok("abc"));
        assert_eq!(bearer_token(&headers("Basic abc")), Err(BearerError::Missing));
        assert_eq!(bearer_token(&HeaderMap::new()), Err(BearerError::Missing));
    }
}
