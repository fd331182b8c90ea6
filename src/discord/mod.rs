//! Outgoing Discord REST: the one client (twilight-http) every part of gvbot calls Discord
//! through — command registration, deferred-interaction follow-ups, channels, moderation,
//! alerts — and how its failures become the core's [`DiscordError`].
//!
//! The base URL comes from `DISCORD_API_URL`, so tests and `gvbot call` sessions can point the
//! client at a local fake. The core's [`DiscordApi`](crate::commands::ports::DiscordApi) is
//! implemented in `api`, slash-command registration lives in [`register`], the messages that
//! finish a deferred interaction in [`followup`].

mod api;
pub mod followup;
pub mod register;
mod transport;

use std::{fmt::Write as _, time::Duration};

use serde::de::DeserializeOwned;
use tokio::time::Instant;
use twilight_http::{
    Client,
    client::InteractionClient,
    error::ErrorType,
    request::{Request, TryIntoRequest},
};
use twilight_http_ratelimiting::RateLimiter;
use twilight_model::{
    channel::message::{AllowedMentions, MentionType},
    guild::Permissions,
    id::{Id, marker::ApplicationMarker},
};

pub use crate::commands::ports::DiscordError;
pub use followup::InteractionToken;

use crate::{
    config::{Config, ConfigError, Secret},
    id::Snowflake,
};

/// Timeout of one HTTP attempt (twilight's default too): follow-ups run after the 3-second
/// answer, so a slow Discord only delays the worker, never the interaction response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest one call may take, retries included (see [`Settings::deadline`]).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
/// Pauses before the second and third attempt of a call [`Discord::send_retrying`] repeats.
pub const RETRY_PAUSES: [Duration; 2] = [Duration::from_millis(500), Duration::from_millis(1500)];
/// Requests one call may send while Discord answers 429, waiting what each answer asks in
/// between; then the call fails with [`DiscordError::RateLimited`].
pub const RATE_LIMIT_ATTEMPTS: u32 = 3;

/// How to build a [`Discord`] client. [`Settings::from_config`] gives the production choices;
/// tests adjust single fields.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Bot token. Optional: interaction follow-ups and `@original` edits are authorized by the
    /// interaction token in their URL, not by the bot token.
    pub token: Option<Secret>,
    pub application_id: Option<Snowflake>,
    /// `DISCORD_API_URL`: unset means `https://discord.com`.
    pub api_url: Option<String>,
    /// Timeout of one HTTP attempt.
    pub timeout: Duration,
    /// Timeout of one call, retries and waits after 429s included: a 429 asking for a longer
    /// wait than remains ends the call at once.
    pub deadline: Duration,
    /// Use twilight's per-route rate limiter: it follows Discord's `x-ratelimit-*` headers
    /// and holds a request back before it would hit a 429. Whether on or off, every 429 is
    /// waited out before a retry (see [`Discord::send`]).
    pub ratelimiter: bool,
}

impl Settings {
    /// The rate limiter is on when talking to Discord itself and off when `DISCORD_API_URL`
    /// points elsewhere: that is either a rate-limiting proxy (twilight's http-proxy, which
    /// owns the buckets for every replica, so a second limiter here would only guess) or a
    /// test fake, which sends no `x-ratelimit-*` headers for the limiter to follow.
    pub fn from_config(config: &Config) -> Settings {
        let api_url = config
            .discord_api_url
            .clone()
            .filter(|url| !is_discord_itself(url));
        Settings {
            token: config.discord_token.clone(),
            application_id: config.discord_application_id,
            ratelimiter: api_url.is_none(),
            api_url,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
        }
    }
}

/// The outgoing Discord client. Cheap to share behind an `Arc`; build one per process (or
/// per Lambda cold start).
#[derive(Debug)]
pub struct Discord {
    /// Builds the requests; [`transport::Transport`] sends them.
    client: Client,
    transport: transport::Transport,
    limiter: Option<RateLimiter>,
    /// Set by a global 429: no request of this client leaves before it.
    global_pause: transport::GlobalPause,
    application_id: Option<Id<ApplicationMarker>>,
    has_token: bool,
    timeout: Duration,
    deadline: Duration,
}

impl Discord {
    /// The client configured from the environment (see [`Settings::from_config`]).
    pub fn from_config(config: &Config) -> Result<Discord, ConfigError> {
        Discord::new(Settings::from_config(config))
    }

    /// Fails only on an unusable `DISCORD_API_URL` or `DISCORD_APPLICATION_ID`.
    pub fn new(settings: Settings) -> Result<Discord, ConfigError> {
        let application_id = settings
            .application_id
            .map(|id| {
                Id::try_from(id).map_err(|_| ConfigError {
                    var: "DISCORD_APPLICATION_ID",
                    reason: "must not be 0".into(),
                })
            })
            .transpose()?;
        // The twilight client only builds requests (they are sent by `transport`), so its own
        // limiter and its 429 loop never run.
        let mut builder = Client::builder()
            .timeout(settings.timeout)
            .ratelimiter(None)
            // One 401 would otherwise make every later call fail locally, for the life of the
            // process, even after the token is fixed in a shared secret store.
            .remember_invalid_token(false)
            // Task and planning messages ping the members they name, never @everyone or a
            // whole role because of text a user typed. A message may still widen this.
            .default_allowed_mentions(AllowedMentions {
                parse: vec![MentionType::Users],
                ..AllowedMentions::default()
            });
        let (host, use_http) = match &settings.api_url {
            Some(url) => parse_api_url(url)?,
            None => ("discord.com".to_owned(), false),
        };
        builder = builder.proxy(host.clone(), use_http);
        if let Some(token) = &settings.token {
            builder = builder.token(token.expose().to_owned());
        }
        let transport =
            transport::Transport::new(&host, use_http, settings.token.as_ref().map(Secret::expose))
                .ok_or_else(|| ConfigError {
                    var: "DISCORD_TOKEN",
                    reason: "contains characters an HTTP header cannot carry".into(),
                })?;
        Ok(Discord {
            client: builder.build(),
            transport,
            limiter: settings.ratelimiter.then(RateLimiter::default),
            global_pause: transport::GlobalPause::default(),
            application_id,
            has_token: settings.token.is_some(),
            timeout: settings.timeout,
            deadline: settings.deadline,
        })
    }

    /// The twilight client, to build requests; send them with [`Discord::send`] or
    /// [`Discord::json`] so failures become a [`DiscordError`] and the deadline applies.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn application_id(&self) -> Result<Id<ApplicationMarker>, DiscordError> {
        self.application_id.ok_or_else(|| {
            DiscordError::Config(ConfigError {
                var: "DISCORD_APPLICATION_ID",
                reason: "required to call Discord for this application (the application id \
                         from the Discord developer portal)"
                    .into(),
            })
        })
    }

    /// Application-scoped requests: commands, interaction responses and follow-ups.
    pub fn interaction(&self) -> Result<InteractionClient<'_>, DiscordError> {
        Ok(self.client.interaction(self.application_id()?))
    }

    /// Fails, naming `DISCORD_TOKEN`, when no bot token is configured (every route but
    /// interaction follow-ups and webhooks needs one).
    pub fn require_token(&self) -> Result<(), DiscordError> {
        if self.has_token {
            Ok(())
        } else {
            Err(DiscordError::Config(ConfigError {
                var: "DISCORD_TOKEN",
                reason: "required to call Discord as the bot (the bot token from the Discord \
                         developer portal)"
                    .into(),
            }))
        }
    }

    /// Send a request built with [`Discord::client`], within the deadline.
    ///
    /// A 429 is waited out before the request goes again, for as long as Discord asked
    /// (`retry_after` in the body, else `Retry-After`, else `X-RateLimit-Reset-After`); a
    /// global one (`"global": true`, `X-RateLimit-Scope: global`) holds back every request of
    /// this client. After [`RATE_LIMIT_ATTEMPTS`] requests, or when the wait would overrun the
    /// deadline, the call fails with [`DiscordError::RateLimited`]: Discord bans the IP of
    /// clients that retry early.
    pub async fn send(&self, request: impl TryIntoRequest) -> Result<Answer, DiscordError> {
        let request = request.try_into_request()?;
        let deadline = Instant::now() + self.deadline;
        tokio::time::timeout_at(deadline, self.send_until(&request, deadline))
            .await
            .unwrap_or(Err(DiscordError::Timeout(self.deadline)))
    }

    async fn send_until(
        &self,
        request: &Request,
        deadline: Instant,
    ) -> Result<Answer, DiscordError> {
        let mut attempt = 1;
        loop {
            if let Some(until) = self.global_pause.until() {
                if until > deadline {
                    return Err(DiscordError::RateLimited {
                        retry_after: until - Instant::now(),
                    });
                }
                tokio::time::sleep_until(until).await;
            }
            let permit = match &self.limiter {
                Some(limiter) => Some(limiter.acquire(transport::endpoint(request)).await),
                None => None,
            };
            // A permit dropped without an answer counts as cancelled.
            let raw = self.transport.once(request, self.timeout).await?;
            if let Some(permit) = permit {
                permit.complete(transport::bucket_headers(&raw.headers));
            }
            if (200..300).contains(&raw.status) {
                return Ok(Answer {
                    status: raw.status,
                    body: raw.body,
                });
            }
            if raw.status != 429 {
                return Err(DiscordError::from_response(raw.status, &raw.body));
            }
            let limit = transport::RateLimit::read(&raw.headers, &raw.body);
            let now = Instant::now();
            if limit.global {
                self.global_pause.extend(now + limit.retry_after);
            }
            if attempt >= RATE_LIMIT_ATTEMPTS || now + limit.retry_after > deadline {
                tracing::warn!(
                    retry_after = ?limit.retry_after,
                    global = limit.global,
                    attempt,
                    "Discord rate limit did not clear; giving up"
                );
                return Err(DiscordError::RateLimited {
                    retry_after: limit.retry_after,
                });
            }
            tracing::info!(
                retry_after = ?limit.retry_after,
                global = limit.global,
                attempt,
                "rate limited by Discord; waiting before retrying"
            );
            tokio::time::sleep(limit.retry_after).await;
            attempt += 1;
        }
    }

    /// Send a request and parse its JSON body as `B` (a model, or `Vec` of models for list
    /// routes).
    pub async fn json<B: DeserializeOwned>(
        &self,
        request: impl TryIntoRequest,
    ) -> Result<B, DiscordError> {
        parse_body(&self.send(request).await?.body)
    }

    /// Send a request that is safe to repeat (a read, an edit, a delete), trying again after
    /// [`RETRY_PAUSES`] when Discord is in trouble (5xx, no answer, connection failure) and,
    /// with `retry_not_found`, on a 404. `request` builds the request anew for each attempt.
    ///
    /// `retry_not_found` is for interaction webhooks: an edit of `@original` sent right after
    /// gvbot answered "deferred" can reach Discord before Discord has recorded that answer.
    /// A rate limit is not retried here: [`Discord::send`] already waited it out.
    pub async fn send_retrying<R: TryIntoRequest>(
        &self,
        retry_not_found: bool,
        request: impl Fn() -> R,
    ) -> Result<Answer, DiscordError> {
        let mut pauses = RETRY_PAUSES.iter();
        loop {
            match self.send(request()).await {
                Ok(answer) => return Ok(answer),
                Err(err) => {
                    let again = (err.is_outage()
                        && !matches!(
                            err,
                            DiscordError::Unauthorized | DiscordError::RateLimited { .. }
                        ))
                        || (retry_not_found && matches!(err, DiscordError::NotFound(_)));
                    match pauses.next() {
                        Some(pause) if again => {
                            tracing::debug!(error = %err, ?pause, "Discord call failed; retrying");
                            tokio::time::sleep(*pause).await;
                        }
                        _ => return Err(err),
                    }
                }
            }
        }
    }

    /// [`Discord::send_retrying`] (no retry on 404), then parse the JSON body as `B`.
    pub async fn json_retrying<F, R, B>(&self, request: F) -> Result<B, DiscordError>
    where
        F: Fn() -> R,
        R: TryIntoRequest,
        B: DeserializeOwned,
    {
        parse_body(&self.send_retrying(false, request).await?.body)
    }
}

/// A successful answer from Discord (2xx).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: hyper::body::Bytes,
}

fn parse_body<B: DeserializeOwned>(body: &[u8]) -> Result<B, DiscordError> {
    serde_json::from_slice(body).map_err(|err| {
        DiscordError::Other(format!(
            "unexpected answer from Discord ({err}): {}",
            snippet(body)
        ))
    })
}

impl DiscordError {
    /// The error of a non-success answer, from its status and Discord's JSON error body
    /// (`{"code": 50013, "message": "Missing Permissions"}`, `{"retry_after": 1.5, ...}`).
    pub fn from_response(status: u16, body: &[u8]) -> DiscordError {
        #[derive(serde::Deserialize, Default)]
        struct Body {
            #[serde(default)]
            code: u64,
            message: Option<String>,
            retry_after: Option<f64>,
            errors: Option<serde_json::Value>,
        }
        let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
        let message = parsed.message.unwrap_or_else(|| snippet(body));
        match status {
            401 => DiscordError::Unauthorized,
            403 => DiscordError::MissingPermissions {
                code: parsed.code,
                message,
                needs: Permissions::empty(),
            },
            404 => DiscordError::NotFound(message),
            429 => DiscordError::RateLimited {
                retry_after: Duration::try_from_secs_f64(parsed.retry_after.unwrap_or(1.0))
                    .unwrap_or(Duration::from_secs(1)),
            },
            500..=599 => DiscordError::Server { status, message },
            _ => {
                let mut text = format!("HTTP {status}: {message}");
                if parsed.code != 0 {
                    let _ = write!(text, " (code {})", parsed.code);
                }
                if let Some(errors) = parsed.errors {
                    let _ = write!(text, ": {}", truncate(&errors.to_string(), 800));
                }
                DiscordError::Other(text)
            }
        }
    }
}

impl From<twilight_http::Error> for DiscordError {
    fn from(err: twilight_http::Error) -> Self {
        let text = chain(&err);
        match err.into_parts() {
            (ErrorType::Response { body, status, .. }, _) => {
                DiscordError::from_response(status.get(), &body)
            }
            (ErrorType::Unauthorized, _) => DiscordError::Unauthorized,
            (ErrorType::RequestTimedOut, _) => DiscordError::Timeout(DEFAULT_TIMEOUT),
            (ErrorType::RequestError, _) => DiscordError::Unreachable(text),
            // A non-JSON error body, such as a proxy's HTML "502 Bad Gateway" page.
            (ErrorType::Parsing { body }, _) => DiscordError::Other(format!(
                "unexpected answer from Discord: {}",
                snippet(&body)
            )),
            _ => DiscordError::Other(text),
        }
    }
}

/// `DISCORD_API_URL` as twilight's proxy setting: `(host[:port], use_http)`.
///
/// Accepts `http://host:port`, `https://host[:port]` and bare `host:port` (plain HTTP, like a
/// local fake or twilight's http-proxy), with an optional trailing `/api` or `/api/v10`:
/// twilight always adds `/api/v10/` itself, so no other path can be honoured.
pub fn parse_api_url(url: &str) -> Result<(String, bool), ConfigError> {
    let bad = |reason: &str| ConfigError {
        var: "DISCORD_API_URL",
        reason: format!("{reason}, got {url:?}"),
    };
    let (use_http, rest) = if let Some(rest) = url.strip_prefix("http://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("https://") {
        (false, rest)
    } else if url.contains("://") {
        return Err(bad("expected http://host:port or https://host"));
    } else {
        (true, url)
    };
    let rest = rest.trim_end_matches('/');
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(bad("missing host"));
    }
    if !matches!(path, "" | "api" | "api/v10") {
        return Err(bad(
            "expected scheme://host[:port] without a path (gvbot adds /api/v10)",
        ));
    }
    Ok((host.to_owned(), use_http))
}

/// Whether `url` names Discord's own API (then it is treated as unset).
fn is_discord_itself(url: &str) -> bool {
    matches!(parse_api_url(url), Ok((host, false)) if host == "discord.com")
}

/// An error and its sources, `a: b: c`.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

fn snippet(body: &[u8]) -> String {
    truncate(String::from_utf8_lossy(body).trim(), 300)
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_url_forms() {
        for (url, host, http) in [
            ("http://127.0.0.1:8080", "127.0.0.1:8080", true),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080", true),
            ("127.0.0.1:8080", "127.0.0.1:8080", true),
            ("https://proxy.internal", "proxy.internal", false),
            ("https://discord.com/api/v10", "discord.com", false),
            ("http://fake:9/api", "fake:9", true),
        ] {
            assert_eq!(
                parse_api_url(url).unwrap(),
                (host.to_owned(), http),
                "{url}"
            );
        }
        for bad in ["ftp://x", "http://", "http://host/other/path"] {
            assert_eq!(parse_api_url(bad).unwrap_err().var, "DISCORD_API_URL");
        }
    }

    #[test]
    fn discord_itself_keeps_the_rate_limiter() {
        let config = Config {
            discord_api_url: Some("https://discord.com/api/v10".into()),
            ..Config::default()
        };
        let settings = Settings::from_config(&config);
        assert!(settings.ratelimiter && settings.api_url.is_none());
        let config = Config {
            discord_api_url: Some("http://127.0.0.1:1".into()),
            ..Config::default()
        };
        assert!(!Settings::from_config(&config).ratelimiter);
        assert!(Settings::from_config(&Config::default()).ratelimiter);
    }

    #[test]
    fn error_bodies_map_to_variants() {
        let e =
            DiscordError::from_response(403, br#"{"message":"Missing Permissions","code":50013}"#);
        assert!(matches!(
            &e,
            DiscordError::MissingPermissions { code: 50013, message, needs }
                if message == "Missing Permissions" && needs.is_empty()
        ));
        assert!(e.to_string().contains("Missing Permissions"), "{e}");
        let e = DiscordError::from_response(404, br#"{"message":"Unknown Channel","code":10003}"#);
        assert!(matches!(&e, DiscordError::NotFound(what) if what == "Unknown Channel"));
        let e = DiscordError::from_response(
            429,
            br#"{"message":"You are being rate limited.","retry_after":2.5,"global":false}"#,
        );
        assert!(matches!(
            e,
            DiscordError::RateLimited { retry_after } if retry_after == Duration::from_millis(2500)
        ));
        assert!(matches!(
            DiscordError::from_response(401, br#"{"message":"401: Unauthorized","code":0}"#),
            DiscordError::Unauthorized
        ));
        assert!(matches!(
            DiscordError::from_response(502, b"<html>502 Bad Gateway</html>"),
            DiscordError::Server { status: 502, message } if message.contains("Bad Gateway")
        ));
        let e = DiscordError::from_response(
            400,
            br#"{"message":"Invalid Form Body","code":50035,"errors":{"0":{"name":{"_errors":[
                {"code":"APPLICATION_COMMAND_INVALID_NAME","message":"Command name is invalid"}
            ]}}}}"#,
        );
        let text = e.to_string();
        assert!(
            text.contains("Invalid Form Body")
                && text.contains("50035")
                && text.contains("Command name is invalid"),
            "{text}"
        );
    }

    #[test]
    fn a_zero_application_id_names_the_variable() {
        let settings = Settings {
            application_id: Some(Snowflake::new(0)),
            ..Settings::from_config(&Config::default())
        };
        assert_eq!(
            Discord::new(settings).unwrap_err().var,
            "DISCORD_APPLICATION_ID"
        );
    }
}
