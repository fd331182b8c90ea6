//! `Idempotency-Key` on POST: n8n retries a POST whose answer it did not get, and the retry
//! must not create a second task. The first request with a key claims it in the [`Cache`]
//! (shared by every replica when Redis is configured) and stores its response for 24 h; a
//! retry with the same key and the same request gets that response again, marked
//! `Idempotent-Replayed: true`; the same key with another request is a 422.
//!
//! Keys are scoped by API key (two n8n instances cannot collide). A request that fails with a
//! 5xx releases its key so the retry runs again.
//!
//! [`Cache`]: crate::cache::Cache

use std::time::Duration;

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, Request},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{MAX_BODY, auth::KeyId, error::ApiError};
use crate::app::{App, SharedApp};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Set on a replayed response.
pub const REPLAYED: &str = "idempotent-replayed";
/// How long a key and its response are kept.
pub const TTL: Duration = Duration::from_secs(24 * 3600);
/// How long a key stays claimed while its first request runs. Short, so a request whose
/// handler never finished (client gone, process killed) does not block its retries for a day.
const LOCK_TTL: Duration = Duration::from_secs(60);
/// Longest key accepted.
const KEY_MAX: usize = 255;

/// What is stored under a key once its request has an answer.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// Digest of method, path with query, and body: a retry must be the same request.
    request: String,
    status: u16,
    body: String,
}

/// The body of a POST, deduplicated by its `Idempotency-Key` when it has one. Extract it
/// after [`Authorized`]; hand the handler's response to [`Idempotent::finish`].
///
/// The rejection is a complete response: the replayed one, or why the key cannot be used.
///
/// [`Authorized`]: super::auth::Authorized
#[derive(Debug)]
pub struct Idempotent {
    pub body: Bytes,
    /// The request said `Content-Type: application/json`.
    json: bool,
    /// The cache key claimed for this request and its fingerprint; `None` without a header.
    claim: Option<(String, String)>,
}

impl Idempotent {
    /// The body as `T`, with [`super::ApiJson`]'s rules (400 unless JSON, 422 per field).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        super::json::parse(self.json, &self.body)
    }
}

impl FromRequest<SharedApp> for Idempotent {
    type Rejection = Response;

    async fn from_request(request: Request, app: &SharedApp) -> Result<Idempotent, Response> {
        let key = match request.headers().get(HEADER) {
            None => None,
            Some(value) => Some(
                value
                    .to_str()
                    .ok()
                    .map(str::trim)
                    .filter(|k| !k.is_empty() && k.len() <= KEY_MAX)
                    .ok_or_else(|| {
                        ApiError::field(
                            "Idempotency-Key",
                            format!("must be 1 to {KEY_MAX} visible ASCII characters"),
                        )
                        .into_response()
                    })?
                    .to_owned(),
            ),
        };
        let owner = request.extensions().get::<KeyId>().map(|k| k.0.clone());
        let json = super::json::is_json(request.headers());
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| ApiError::TooLarge.into_response())?;
        let Some(key) = key else {
            return Ok(Idempotent {
                body,
                json,
                claim: None,
            });
        };
        let owner = owner.ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "BUG: Idempotent extracted before Authorized"
            ))
            .into_response()
        })?;
        // The query is part of the request (`?guild_id=`): a retry must repeat it too.
        let target = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
        let fingerprint = fingerprint(parts.method.as_str(), target, &body);
        let cache_key = format!(
            "idem:{owner}:{}",
            hex::encode(Sha256::digest(key.as_bytes()))
        );
        let claimed = app
            .cache
            .claim(&cache_key, LOCK_TTL)
            .await
            .map_err(|err| ApiError::Internal(err.into()).into_response())?;
        if !claimed {
            return Err(replay(app, &cache_key, &fingerprint).await);
        }
        Ok(Idempotent {
            body,
            json,
            claim: Some((cache_key, fingerprint)),
        })
    }
}

impl Idempotent {
    /// Remember `response` for retries with the same key (a 5xx releases the key instead, so
    /// the retry runs again) and return it.
    pub async fn finish(self, app: &App, response: Response) -> Response {
        let Some((cache_key, fingerprint)) = self.claim else {
            return response;
        };
        let status = response.status();
        if status.is_server_error() {
            if let Err(err) = app.cache.delete(&cache_key).await {
                tracing::warn!(error = %err, "could not release an idempotency key");
            }
            return response;
        }
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(body) => body,
            Err(err) => {
                let _ = app.cache.delete(&cache_key).await;
                return ApiError::Internal(anyhow::anyhow!("reading the response: {err}"))
                    .into_response();
            }
        };
        let record = Record {
            request: fingerprint,
            status: status.as_u16(),
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        let stored = match serde_json::to_vec(&record) {
            Ok(value) => app
                .cache
                .set(&cache_key, &value, TTL)
                .await
                .map_err(anyhow::Error::from),
            Err(err) => Err(err.into()),
        };
        if let Err(err) = stored {
            // The key stays claimed for LOCK_TTL: a retry meanwhile gets a 409, never a duplicate.
            tracing::warn!(error = ?err, "could not store an idempotent response");
        }
        Response::from_parts(parts, Body::from(body))
    }
}

/// The stored answer for `cache_key`, or why there is none to give.
async fn replay(app: &App, cache_key: &str, fingerprint: &str) -> Response {
    let stored = match app.cache.get(cache_key).await {
        Ok(stored) => stored,
        Err(err) => return ApiError::Internal(err.into()).into_response(),
    };
    // The claim holds a placeholder until the first request has its answer.
    let Some(record) = stored.and_then(|v| serde_json::from_slice::<Record>(&v).ok()) else {
        return ApiError::Conflict(
            "a request with this Idempotency-Key is still being processed; retry later".to_owned(),
        )
        .into_response();
    };
    if record.request != fingerprint {
        return ApiError::field(
            "Idempotency-Key",
            "already used for a different request (method, path, query or body)",
        )
        .into_response();
    }
    let status = StatusCode::from_u16(record.status).unwrap_or(StatusCode::OK);
    let mut response = (status, record.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// Digest of the request. A JSON body is taken in canonical form (keys sorted, no spaces),
/// so a client re-serializing the same object differently is still the same request.
fn fingerprint(method: &str, path: &str, body: &Bytes) -> String {
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok());
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical.as_deref().unwrap_or(body));
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_are_compared_in_canonical_form() {
        let a = fingerprint("POST", "/x", &Bytes::from_static(br#"{"a":1,"b":"c"}"#));
        let b = fingerprint(
            "POST",
            "/x",
            &Bytes::from_static(b"{ \"b\": \"c\", \"a\": 1 }"),
        );
        let c = fingerprint("POST", "/x", &Bytes::from_static(br#"{"a":2,"b":"c"}"#));
        let d = fingerprint("POST", "/y", &Bytes::from_static(br#"{"a":1,"b":"c"}"#));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
