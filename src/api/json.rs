//! [`ApiJson`]: how every REST route reads a JSON body, and which answer a bad one gets.
//!
//! - 400 `bad_request`: the body is not JSON at all (truncated, trailing garbage, empty), or
//!   the request does not say `Content-Type: application/json` (or `application/*+json`).
//! - 422 `validation`, with `fields`: well-formed JSON that does not fit the route — a
//!   missing field, a string where a number is expected, a value a rule refuses. The JSON
//!   was understood; what it says is wrong, so the field at fault can be named.
//! - 413 `payload_too_large`: over [`MAX_BODY`].
//!
//! POST routes read their body through [`super::idempotency::Idempotent`] (which needs the
//! raw bytes for its fingerprint) and parse it with [`Idempotent::json`], the same rules.
//!
//! [`Idempotent::json`]: super::idempotency::Idempotent::json

use axum::{
    extract::{FromRequest, Request},
    http::{HeaderMap, header},
};
use serde::de::DeserializeOwned;

use super::{ApiError, MAX_BODY, parse_json};

/// A JSON body of type `T`; its rejection is an [`ApiError`] (see the module doc).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<ApiJson<T>, ApiError> {
        let json = is_json(request.headers());
        let body = axum::body::to_bytes(request.into_body(), MAX_BODY)
            .await
            .map_err(|_| ApiError::TooLarge)?;
        parse(json, &body).map(ApiJson)
    }
}

/// `body` as `T`, when the request said it is JSON.
pub(super) fn parse<T: DeserializeOwned>(is_json: bool, body: &[u8]) -> Result<T, ApiError> {
    if !is_json {
        return Err(ApiError::BadRequest(
            "expected a JSON body with Content-Type: application/json".to_owned(),
        ));
    }
    parse_json(body)
}

/// Whether the request's `Content-Type` is `application/json` or `application/<x>+json`
/// (parameters such as `; charset=utf-8` allowed), as axum's own `Json` accepts.
pub(super) fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.strip_prefix("application/") {
        Some(subtype) => subtype == "json" || subtype.ends_with("+json"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn json_content_types() {
        for (value, json) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("application/merge-patch+json", true),
            ("text/plain", false),
            ("application/x-www-form-urlencoded", false),
            ("application/jsonx", false),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(is_json(&headers), json, "{value}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }
}
