//! Bearer authentication and the per-key rate limit of the protected API routes.
//!
//! `API_KEY` may hold several comma-separated keys so a key can be rotated without downtime
//! (add the new one, move n8n over, drop the old one). A presented token is compared with
//! every key in constant time, over SHA-256 digests so neither content nor length leaks.

use std::sync::Once;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

use super::error::ApiError;
use crate::{
    app::SharedApp,
    cache::{Decision, Quota},
};

/// Which key authenticated the request: a short digest, safe to log and to use in cache keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyId(pub String);

/// The key (among `API_KEY`'s comma-separated ones) matching `token`, if any.
pub fn authenticate(api_key: &str, token: &str) -> Option<KeyId> {
    let given = Sha256::digest(token.as_bytes());
    let mut found: Option<KeyId> = None;
    for key in api_key.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let digest = Sha256::digest(key.as_bytes());
        // Every key is compared, whatever matched before.
        let matched: Choice = digest[..].ct_eq(&given[..]);
        if bool::from(matched) && found.is_none() {
            found = Some(KeyId(hex::encode(&digest[..8])));
        }
    }
    found
}

/// Extractor of every protected handler (put it first, before `Path`/`Query`/body, so an
/// unauthenticated request is a 401 whatever else is wrong with it): 401 unless a valid
/// bearer token is presented, then 429 when the key exceeds its rate. Leaves the [`KeyId`]
/// in the request's extensions for [`super::idempotency::Idempotent`].
#[derive(Debug, Clone)]
pub struct Authorized;

impl FromRequestParts<SharedApp> for Authorized {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &SharedApp,
    ) -> Result<Authorized, ApiError> {
        let Some(api_key) = app.config.api_key.as_ref() else {
            static WARNED: Once = Once::new();
            WARNED.call_once(|| {
                tracing::warn!("API_KEY is not set: every /api/ route and /stats answer 401");
            });
            return Err(ApiError::Unauthorized);
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let key = token
            .and_then(|t| authenticate(api_key.expose(), t))
            .ok_or(ApiError::Unauthorized)?;
        let (per_second, burst) = app.config.api_rate_limit;
        let quota = Quota { per_second, burst };
        match app
            .cache
            .rate_limit(&format!("rl:api:{}", key.0), quota)
            .await
        {
            Ok(Decision::Limited { retry_after }) => {
                metrics::counter!(crate::metrics::RATE_LIMITED, "scope" => "api_key").increment(1);
                return Err(ApiError::RateLimited(retry_after));
            }
            Ok(Decision::Allowed) => {}
            Err(err) => tracing::warn!(error = %err, "api rate limit unavailable; request allowed"),
        }
        parts.extensions.insert(key);
        Ok(Authorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_the_comma_separated_keys_is_accepted() {
        let keys = "old-key, new-key";
        let old = authenticate(keys, "old-key").expect("old key");
        let new = authenticate(keys, "new-key").expect("new key");
        assert_ne!(old, new);
        assert!(authenticate(keys, "other").is_none());
        assert!(authenticate(keys, "").is_none());
        assert!(authenticate("", "").is_none());
        assert!(authenticate(keys, "old-key, new-key").is_none());
    }
}
