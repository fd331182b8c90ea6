//! Discord request signatures: Ed25519 over `X-Signature-Timestamp ‖ raw body`, checked with
//! the application's public key before anything parses the body. Discord sends deliberately
//! bad signatures to check this; an endpoint that accepts one is removed.

use std::time::Duration;

use axum::http::HeaderMap;
use ed25519_dalek::{Signature, VerifyingKey};

pub const SIGNATURE_HEADER: &str = "x-signature-ed25519";
pub const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// Why a request was refused (always answered 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("missing X-Signature-Ed25519 or X-Signature-Timestamp header")]
    MissingHeader,
    #[error("X-Signature-Ed25519 is not 128 hex characters")]
    MalformedSignature,
    #[error("X-Signature-Timestamp is not a Unix time in seconds")]
    MalformedTimestamp,
    #[error("X-Signature-Timestamp is outside the accepted window")]
    StaleTimestamp,
    #[error("invalid request signature")]
    BadSignature,
}

impl Rejection {
    /// Short code for logs and metrics.
    pub fn code(self) -> &'static str {
        match self {
            Rejection::MissingHeader => "missing_header",
            Rejection::MalformedSignature => "malformed_signature",
            Rejection::MalformedTimestamp => "malformed_timestamp",
            Rejection::StaleTimestamp => "stale_timestamp",
            Rejection::BadSignature => "bad_signature",
        }
    }
}

/// Check the signature of a request received at `now` (Unix seconds). Timestamps further
/// than `max_age` from `now`, in either direction, are refused, which bounds replays.
pub fn verify(
    key: &VerifyingKey,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
    max_age: Duration,
) -> Result<(), Rejection> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .ok_or(Rejection::MissingHeader)?;
    let timestamp = headers
        .get(TIMESTAMP_HEADER)
        .ok_or(Rejection::MissingHeader)?;

    let mut raw = [0u8; 64];
    hex::decode_to_slice(signature.as_bytes(), &mut raw)
        .map_err(|_| Rejection::MalformedSignature)?;
    let signature = Signature::from_bytes(&raw);

    let timestamp = timestamp.as_bytes();
    let sent: i64 = std::str::from_utf8(timestamp)
        .ok()
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse().ok())
        .ok_or(Rejection::MalformedTimestamp)?;
    let max_age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    if now.abs_diff(sent) > max_age.unsigned_abs() {
        return Err(Rejection::StaleTimestamp);
    }

    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp);
    message.extend_from_slice(body);
    key.verify_strict(&message, &signature)
        .map_err(|_| Rejection::BadSignature)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    const NOW: i64 = 1_790_000_000;
    const WINDOW: Duration = Duration::from_secs(300);

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn signed(body: &[u8], timestamp: &str) -> HeaderMap {
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        let sig = key().sign(&message);
        let mut headers = HeaderMap::new();
        headers.insert(
            SIGNATURE_HEADER,
            HeaderValue::from_str(&hex::encode(sig.to_bytes())).unwrap(),
        );
        headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(timestamp).unwrap());
        headers
    }

    #[test]
    fn good_signature_is_accepted() {
        let h = signed(b"{\"type\":1}", &NOW.to_string());
        assert_eq!(
            verify(&key().verifying_key(), &h, b"{\"type\":1}", NOW, WINDOW),
            Ok(())
        );
    }

    #[test]
    fn tampered_body_is_rejected() {
        let h = signed(b"{\"type\":1}", &NOW.to_string());
        assert_eq!(
            verify(&key().verifying_key(), &h, b"{\"type\":2}", NOW, WINDOW),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn timestamps_outside_the_window_are_rejected_both_ways() {
        let vk = key().verifying_key();
        for t in [NOW - 301, NOW + 301] {
            let h = signed(b"{}", &t.to_string());
            assert_eq!(
                verify(&vk, &h, b"{}", NOW, WINDOW),
                Err(Rejection::StaleTimestamp)
            );
        }
        for t in [NOW - 300, NOW + 300] {
            let h = signed(b"{}", &t.to_string());
            assert_eq!(verify(&vk, &h, b"{}", NOW, WINDOW), Ok(()));
        }
    }

    #[test]
    fn malformed_headers_are_rejected() {
        let vk = key().verifying_key();
        let mut h = signed(b"{}", &NOW.to_string());
        h.insert(SIGNATURE_HEADER, HeaderValue::from_static("zz"));
        assert_eq!(
            verify(&vk, &h, b"{}", NOW, WINDOW),
            Err(Rejection::MalformedSignature)
        );
        let mut h = signed(b"{}", &NOW.to_string());
        h.insert(TIMESTAMP_HEADER, HeaderValue::from_static("-5"));
        assert_eq!(
            verify(&vk, &h, b"{}", NOW, WINDOW),
            Err(Rejection::MalformedTimestamp)
        );
        let mut h = signed(b"{}", &NOW.to_string());
        h.remove(SIGNATURE_HEADER);
        assert_eq!(
            verify(&vk, &h, b"{}", NOW, WINDOW),
            Err(Rejection::MissingHeader)
        );
    }
}
