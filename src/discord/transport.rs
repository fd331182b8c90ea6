//! The HTTP side of [`super::Discord`]: sends the requests twilight-http builds and reads
//! Discord's rate-limit answers.
//!
//! twilight-http's own response future retries every 429 by itself: at once without its rate
//! limiter, and with it whenever the answer lacks per-route `x-ratelimit-*` headers (global
//! limits, Cloudflare's, a `retry_after` only in the body). Clients that keep retrying after
//! 429s get their IP banned by Cloudflare for an hour, so gvbot only *builds* requests with
//! twilight ([`TryIntoRequest`]) and sends them here, where a 429 becomes a [`RateLimit`] for
//! [`super::Discord::send`] to wait out.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::{
    HeaderMap,
    body::Bytes,
    header::{self, HeaderValue},
};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use tokio::time::Instant;
use twilight_http::request::Request;
use twilight_http_ratelimiting::{Endpoint, RateLimitHeaders};

use super::{DiscordError, chain};

/// Discord asks bots to say who they are: `DiscordBot ($url, $version)`.
const USER_AGENT: &str = concat!(
    "DiscordBot (https://github.com/twilight-rs/twilight, 0.18) gvbot/",
    env!("CARGO_PKG_VERSION")
);

/// Sends one attempt of a request; knows the base URL and the bot token.
#[derive(Debug)]
pub(super) struct Transport {
    http: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// `https://discord.com/api/v10/` or the `DISCORD_API_URL` equivalent.
    base: String,
    /// `Bot <token>`, marked sensitive so it never prints.
    authorization: Option<HeaderValue>,
}

/// One answer, whatever its status.
#[derive(Debug)]
pub(super) struct Raw {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Transport {
    /// `host` and `use_http` as [`super::parse_api_url`] gives them; `token` as configured
    /// (with or without its `Bot ` prefix). `None` only for a token that cannot be a header.
    pub fn new(host: &str, use_http: bool, token: Option<&str>) -> Option<Transport> {
        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        let tls = rustls::ClientConfig::builder()
            .with_webpki_roots()
            .with_no_client_auth();
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let authorization = match token {
            Some(token) => {
                let token = if token.starts_with("Bot ") || token.starts_with("Bearer ") {
                    token.to_owned()
                } else {
                    format!("Bot {token}")
                };
                let mut value = HeaderValue::from_str(&token).ok()?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let scheme = if use_http { "http" } else { "https" };
        Some(Transport {
            http: Client::builder(TokioExecutor::new()).build(connector),
            base: format!("{scheme}://{host}/api/v10/"),
            authorization,
        })
    }

    /// Send `request` once and read the whole answer within `timeout`.
    pub async fn once(&self, request: &Request, timeout: Duration) -> Result<Raw, DiscordError> {
        let http_request = self.build(request)?;
        let exchange = async {
            let response = self
                .http
                .request(http_request)
                .await
                .map_err(|err| DiscordError::Unreachable(chain(&err)))?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|err| DiscordError::Unreachable(chain(&err)))?
                .to_bytes();
            Ok(Raw {
                status: parts.status.as_u16(),
                headers: parts.headers,
                body,
            })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(DiscordError::Timeout(timeout)))
    }

    fn build(&self, request: &Request) -> Result<hyper::Request<Full<Bytes>>, DiscordError> {
        let mut builder = hyper::Request::builder()
            .method(request.method().name())
            .uri(format!("{}{}", self.base, request.path()))
            .header(header::USER_AGENT, USER_AGENT);
        if request.use_authorization_token()
            && let Some(authorization) = &self.authorization
        {
            builder = builder.header(header::AUTHORIZATION, authorization.clone());
        }
        let body = if let Some(form) = request.form() {
            builder = builder
                .header(header::CONTENT_TYPE, form.content_type())
                .header(header::CONTENT_LENGTH, form.len());
            Full::from(form.clone().build())
        } else if let Some(body) = request.body() {
            builder = builder
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_LENGTH, body.len());
            Full::from(body.to_vec())
        } else {
            if matches!(request.method().name(), "POST" | "PUT" | "PATCH") {
                builder = builder.header(header::CONTENT_LENGTH, 0);
            }
            Full::default()
        };
        if let Some(headers) = request.headers() {
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
        }
        builder
            .body(body)
            .map_err(|err| DiscordError::Other(format!("cannot build the request: {err}")))
    }
}

/// The rate-limiter bucket of a request: its path without the query.
pub(super) fn endpoint(request: &Request) -> Endpoint {
    let path = request.path();
    Endpoint {
        method: request.method(),
        path: path.split('?').next().unwrap_or(path).to_owned(),
    }
}

/// What twilight's rate limiter learns from an answer's `x-ratelimit-*` headers (per-route
/// buckets; the global and 429 cases are [`RateLimit`]'s).
pub(super) fn bucket_headers(headers: &HeaderMap) -> Option<RateLimitHeaders> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let bucket = text(RateLimitHeaders::BUCKET)?.as_bytes().to_vec();
    match text(RateLimitHeaders::SCOPE) {
        Some("shared") => {
            let retry_after = text(header::RETRY_AFTER.as_str())?.parse().ok()?;
            Some(RateLimitHeaders::shared(bucket, retry_after))
        }
        Some("global") => None,
        // `user`, or an answer that is not a 429 (no scope header).
        _ => {
            let limit = text(RateLimitHeaders::LIMIT)?.parse().ok()?;
            let remaining = text(RateLimitHeaders::REMAINING)?.parse().ok()?;
            let reset_after = seconds(text(RateLimitHeaders::RESET_AFTER)?)?;
            Some(RateLimitHeaders {
                bucket,
                limit,
                remaining,
                reset_at: std::time::Instant::now() + reset_after,
            })
        }
    }
}

/// What a 429 asks of us.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RateLimit {
    /// How long to wait before the next request.
    pub retry_after: Duration,
    /// The whole client must wait, not just this route.
    pub global: bool,
}

/// When a 429 says nothing readable about the wait.
const UNSPECIFIED_WAIT: Duration = Duration::from_secs(1);

impl RateLimit {
    /// Discord's 429: `retry_after` in the JSON body (seconds, fractional), else the
    /// `Retry-After` header (seconds), else `X-RateLimit-Reset-After`; global when the body
    /// says `"global": true` or `X-RateLimit-Scope` is `global`.
    pub fn read(headers: &HeaderMap, body: &[u8]) -> RateLimit {
        #[derive(serde::Deserialize, Default)]
        struct Body {
            retry_after: Option<f64>,
            #[serde(default)]
            global: bool,
        }
        let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(seconds)
        };
        let retry_after = parsed
            .retry_after
            .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
            .or_else(|| header(header::RETRY_AFTER.as_str()))
            .or_else(|| header(RateLimitHeaders::RESET_AFTER))
            .unwrap_or(UNSPECIFIED_WAIT);
        let global = parsed.global
            || headers
                .get(RateLimitHeaders::SCOPE)
                .is_some_and(|v| v.as_bytes() == b"global");
        RateLimit {
            retry_after,
            global,
        }
    }
}

/// A number of seconds such as `1` or `0.350`.
fn seconds(text: &str) -> Option<Duration> {
    Duration::try_from_secs_f64(text.trim().parse().ok()?).ok()
}

/// The instant until which every request must wait after a global 429 (`None`: no wait).
#[derive(Debug, Default)]
pub(super) struct GlobalPause(std::sync::Mutex<Option<Instant>>);

impl GlobalPause {
    pub fn until(&self) -> Option<Instant> {
        let until = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        until.filter(|at| *at > Instant::now())
    }

    pub fn extend(&self, to: Instant) {
        let mut until = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if until.is_none_or(|at| at < to) {
            *until = Some(to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_str(value).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_body_wins_then_retry_after_then_reset_after() {
        let all = headers(&[("retry-after", "2"), ("x-ratelimit-reset-after", "3.5")]);
        let limit = RateLimit::read(&all, br#"{"retry_after": 0.3, "global": false}"#);
        assert_eq!(limit.retry_after, Duration::from_millis(300));
        assert!(!limit.global);
        assert_eq!(
            RateLimit::read(&all, b"<html>1015</html>").retry_after,
            Duration::from_secs(2)
        );
        let reset = headers(&[("x-ratelimit-reset-after", "3.5")]);
        assert_eq!(
            RateLimit::read(&reset, b"").retry_after,
            Duration::from_millis(3500)
        );
        assert_eq!(
            RateLimit::read(&HeaderMap::new(), b"").retry_after,
            UNSPECIFIED_WAIT
        );
    }

    #[test]
    fn global_from_the_body_or_the_scope() {
        assert!(
            RateLimit::read(&HeaderMap::new(), br#"{"retry_after": 1, "global": true}"#).global
        );
        let scope = headers(&[("x-ratelimit-scope", "global"), ("retry-after", "1")]);
        assert!(RateLimit::read(&scope, b"").global);
    }

    #[test]
    fn negative_or_garbage_waits_fall_through() {
        let limit = RateLimit::read(
            &headers(&[("retry-after", "soon")]),
            br#"{"retry_after": -1}"#,
        );
        assert_eq!(limit.retry_after, UNSPECIFIED_WAIT);
    }
}
