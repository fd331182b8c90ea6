//! Configuration: read once from the environment (and `.env` if present), parsed into final
//! types at start-up. A bad value stops the program with the variable's name. Secrets are
//! wrapped in [`Secret`] so `Debug` never shows them; the database URL prints without its
//! password.

use std::{env, fmt, net::SocketAddr, time::Duration};

use chrono_tz::Tz;
use ed25519_dalek::VerifyingKey;

use crate::id::Snowflake;

/// The embedded default database: works with no other service.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/gvbot.db";
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:5000";

/// A configuration value that must not leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A database URL; `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        DatabaseUrl(url.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `postgres://user:***@host/db`; URLs without credentials are shown whole.
    pub fn redacted(&self) -> String {
        let url = &self.0;
        let Some(scheme_end) = url.find("://") else {
            return url.clone();
        };
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find('/').unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => format!(
                "{}{}:***{}",
                &url[..scheme_end + 3],
                &authority[..colon],
                &rest[at..]
            ),
            _ => url.clone(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A configuration value that could not be used; names the variable.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

impl ConfigError {
    fn new(var: &'static str, reason: impl Into<String>) -> Self {
        ConfigError {
            var,
            reason: reason.into(),
        }
    }
}

/// Every setting of gvbot. See the README's table for their meaning.
#[derive(Debug, Clone)]
pub struct Config {
    /// Discord application's public key; required to serve interactions.
    pub discord_public_key: Option<VerifyingKey>,
    pub discord_application_id: Option<Snowflake>,
    pub discord_token: Option<Secret>,
    pub guild_id: Option<Snowflake>,
    pub api_key: Option<Secret>,
    /// Origins allowed to call the REST API from a browser (`CORS_ORIGINS`, comma-separated).
    pub cors_origins: Vec<axum::http::HeaderValue>,
    /// Bearer token protecting `GET /metrics`; unset = open.
    pub metrics_token: Option<Secret>,
    /// Base URL the server is reached at from outside (`PUBLIC_URL`, no trailing slash), for
    /// the links gvbot hands out (the planning's iCalendar feed).
    pub public_url: Option<String>,
    pub database_url: DatabaseUrl,
    pub redis_url: Option<Secret>,
    pub bind_addr: SocketAddr,
    pub discord_api_url: Option<String>,
    pub timezone: Tz,
    /// `None`: decide from whether stdout is a terminal.
    pub log_format: Option<LogFormat>,
    pub alert_webhook_url: Option<Secret>,
    pub interaction_max_age: Duration,
    /// REST requests per second and burst, per API key (`API_RATE_LIMIT=20,40`).
    pub api_rate_limit: (f64, u32),
    /// Commands a user may run per period (anti-spam), e.g. 5 per 10 s.
    pub command_rate_limit: (u32, Duration),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            discord_public_key: None,
            discord_application_id: None,
            discord_token: None,
            guild_id: None,
            api_key: None,
            metrics_token: None,
            public_url: None,
            cors_origins: Vec::new(),
            database_url: DatabaseUrl::new(DEFAULT_DATABASE_URL),
            redis_url: None,
            bind_addr: DEFAULT_BIND_ADDR
                .parse()
                .expect("BUG: the default bind address is valid"),
            discord_api_url: None,
            timezone: chrono_tz::Europe::Paris,
            log_format: None,
            alert_webhook_url: None,
            interaction_max_age: Duration::from_secs(300),
            command_rate_limit: (5, Duration::from_secs(10)),
            api_rate_limit: (20.0, 40),
        }
    }
}

impl Config {
    /// Read `.env` (if present) then the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        Config::from_lookup(|name| env::var(name).ok())
    }

    /// Build from any variable source (tests pass a map). Empty values count as unset.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let defaults = Config::default();
        Ok(Config {
            discord_public_key: get("DISCORD_PUBLIC_KEY")
                .map(|hex| parse_public_key(&hex))
                .transpose()?,
            discord_application_id: parse_opt(
                &get,
                "DISCORD_APPLICATION_ID",
                "a numeric Discord id",
            )?,
            discord_token: get("DISCORD_TOKEN").map(Secret),
            guild_id: parse_opt(&get, "GUILD_ID", "a numeric Discord id")?,
            api_key: get("API_KEY").map(Secret),
            metrics_token: get("METRICS_TOKEN").map(Secret),
            public_url: get("PUBLIC_URL")
                .map(|url| parse_public_url(&url))
                .transpose()?,
            cors_origins: match get("CORS_ORIGINS") {
                None => Vec::new(),
                Some(list) => list
                    .split(',')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(parse_origin)
                    .collect::<Result<_, _>>()?,
            },
            database_url: match get("DATABASE_URL") {
                Some(url) if crate::store::Backend::of_url(&url).is_some() => DatabaseUrl(url),
                Some(_) => {
                    return Err(ConfigError::new(
                        "DATABASE_URL",
                        "expected postgres://… or sqlite://…",
                    ));
                }
                None => defaults.database_url,
            },
            redis_url: get("REDIS_URL").map(Secret),
            bind_addr: parse_opt(&get, "BIND_ADDR", "host:port, e.g. 0.0.0.0:5000")?
                .unwrap_or(defaults.bind_addr),
            discord_api_url: get("DISCORD_API_URL"),
            timezone: match get("GVBOT_TIMEZONE") {
                Some(tz) => tz.parse().map_err(|_| {
                    ConfigError::new("GVBOT_TIMEZONE", format!("unknown time zone {tz:?}"))
                })?,
                None => defaults.timezone,
            },
            log_format: match get("LOG_FORMAT").as_deref() {
                None => None,
                Some("json") => Some(LogFormat::Json),
                Some("pretty") => Some(LogFormat::Pretty),
                Some(_) => return Err(ConfigError::new("LOG_FORMAT", "expected json or pretty")),
            },
            alert_webhook_url: get("ALERT_WEBHOOK_URL").map(Secret),
            interaction_max_age: parse_opt::<u64>(&get, "INTERACTION_MAX_AGE_SECS", "seconds")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.interaction_max_age),
            api_rate_limit: match get("API_RATE_LIMIT") {
                Some(v) => parse_api_rate(&v).ok_or_else(|| {
                    ConfigError::new(
                        "API_RATE_LIMIT",
                        format!("expected <requests per second>,<burst>, e.g. 20,40, got {v:?}"),
                    )
                })?,
                None => defaults.api_rate_limit,
            },
            command_rate_limit: match get("COMMAND_RATE_LIMIT") {
                Some(v) => parse_rate(&v).ok_or_else(|| {
                    ConfigError::new(
                        "COMMAND_RATE_LIMIT",
                        format!("expected <commands>/<seconds>, e.g. 5/10, got {v:?}"),
                    )
                })?,
                None => defaults.command_rate_limit,
            },
        })
    }

    /// The public key, or the error `serve` exits with.
    pub fn require_public_key(&self) -> Result<VerifyingKey, ConfigError> {
        self.discord_public_key.ok_or_else(|| {
            ConfigError::new(
                "DISCORD_PUBLIC_KEY",
                "required to serve interactions (the application's public key, 64 hex \
                 characters, from the Discord developer portal); use `gvbot serve --dev` \
                 for a local key pair",
            )
        })
    }

    /// The planning's feed URL for `token`, when `PUBLIC_URL` says where gvbot is reached.
    pub fn calendar_url(&self, token: &str) -> Option<String> {
        self.public_url
            .as_deref()
            .map(|base| calendar_feed_url(base, token))
    }
}

/// `https://n8n.example.fr` (scheme and host, no path).
fn parse_origin(origin: &str) -> Result<axum::http::HeaderValue, ConfigError> {
    let bad = || {
        ConfigError::new(
            "CORS_ORIGINS",
            format!("expected comma-separated origins like https://n8n.example.fr, got {origin:?}"),
        )
    };
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(bad)?;
    if rest.is_empty() || rest.contains('/') {
        return Err(bad());
    }
    axum::http::HeaderValue::from_str(origin).map_err(|_| bad())
}

/// Path of the planning's iCalendar feed (public: the token in its query is the credential).
pub const CALENDAR_FEED_PATH: &str = "/api/discord/planning.ics";

/// The feed URL of the calendar `token` on a server reached at `base` (no trailing slash).
pub fn calendar_feed_url(base: &str, token: &str) -> String {
    format!("{base}{CALENDAR_FEED_PATH}?token={token}")
}

/// `https://gvbot.example.fr` or `https://example.fr/gvbot` (scheme, host, optional path; no
/// query or fragment), returned without its trailing slash.
fn parse_public_url(url: &str) -> Result<String, ConfigError> {
    let bad = || {
        ConfigError::new(
            "PUBLIC_URL",
            format!(
                "expected http(s)://host[:port][/path], e.g. https://gvbot.example.fr, got {url:?}"
            ),
        )
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let authority = rest.split('/').next().unwrap_or_default();
    let valid = !authority.is_empty()
        && authority.parse::<axum::http::uri::Authority>().is_ok()
        && !authority.contains('@')
        && !rest.contains(['?', '#'])
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid {
        return Err(bad());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `20,40` → 20 requests per second, bursts of 40.
fn parse_api_rate(value: &str) -> Option<(f64, u32)> {
    let (rate, burst) = value.split_once(',')?;
    let rate: f64 = rate
        .trim()
        .parse()
        .ok()
        .filter(|r: &f64| r.is_finite() && *r > 0.0)?;
    let burst: u32 = burst.trim().parse().ok().filter(|b| *b > 0)?;
    Some((rate, burst))
}

/// `5/10` → 5 per 10 seconds (both at least 1).
fn parse_rate(value: &str) -> Option<(u32, Duration)> {
    let (count, secs) = value.split_once('/')?;
    let count: u32 = count.trim().parse().ok().filter(|c| *c > 0)?;
    let secs: u64 = secs
        .trim()
        .trim_end_matches('s')
        .parse()
        .ok()
        .filter(|s| *s > 0)?;
    Some((count, Duration::from_secs(secs)))
}

fn parse_opt<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    expected: &str,
) -> Result<Option<T>, ConfigError> {
    get(var)
        .map(|v| {
            v.parse()
                .map_err(|_| ConfigError::new(var, format!("expected {expected}, got {v:?}")))
        })
        .transpose()
}

/// Parse a 64-hex-character Ed25519 public key (as shown by the Discord developer portal).
pub fn parse_public_key(hex_key: &str) -> Result<VerifyingKey, ConfigError> {
    const VAR: &str = "DISCORD_PUBLIC_KEY";
    if hex_key.len() != 64 {
        return Err(ConfigError::new(
            VAR,
            format!("expected 64 hex characters, got {}", hex_key.len()),
        ));
    }
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut bytes)
        .map_err(|_| ConfigError::new(VAR, "expected 64 hex characters (0-9, a-f)"))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| ConfigError::new(VAR, "not a valid Ed25519 public key"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_use_embedded_sqlite_and_paris() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url.expose(), "sqlite://data/gvbot.db");
        assert_eq!(c.bind_addr.to_string(), "127.0.0.1:5000");
        assert_eq!(c.timezone, chrono_tz::Europe::Paris);
        assert_eq!(c.interaction_max_age, Duration::from_secs(300));
        assert_eq!(
            c.require_public_key().unwrap_err().var,
            "DISCORD_PUBLIC_KEY"
        );
    }

    #[test]
    fn short_public_key_names_the_variable() {
        let err = config(&[("DISCORD_PUBLIC_KEY", "abcd")]).unwrap_err();
        assert_eq!(err.var, "DISCORD_PUBLIC_KEY");
        assert!(err.to_string().contains("64 hex"), "{err}");
    }

    #[test]
    fn non_hex_public_key_names_the_variable() {
        let err = config(&[("DISCORD_PUBLIC_KEY", &"zz".repeat(32))]).unwrap_err();
        assert_eq!(err.var, "DISCORD_PUBLIC_KEY");
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("BIND_ADDR", "nowhere"),
            ("GVBOT_TIMEZONE", "Mars/Olympus"),
            ("INTERACTION_MAX_AGE_SECS", "-3"),
            ("DATABASE_URL", "mysql://x"),
            ("GUILD_ID", "abc"),
            ("LOG_FORMAT", "xml"),
            ("COMMAND_RATE_LIMIT", "5"),
            ("API_RATE_LIMIT", "20"),
            ("API_RATE_LIMIT", "0,40"),
            ("PUBLIC_URL", "gvbot.example.fr"),
            ("PUBLIC_URL", "https://"),
            ("PUBLIC_URL", "https://gvbot.example.fr/?x=1"),
            ("PUBLIC_URL", "ftp://gvbot.example.fr"),
            ("CORS_ORIGINS", "n8n.example.fr"),
            ("CORS_ORIGINS", "https://n8n.example.fr/path"),
            ("COMMAND_RATE_LIMIT", "0/10"),
        ] {
            let err = config(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var);
        }
    }

    #[test]
    fn public_url_is_kept_without_its_trailing_slash() {
        assert_eq!(config(&[]).unwrap().public_url, None);
        for (given, kept) in [
            ("https://gvbot.example.fr/", "https://gvbot.example.fr"),
            ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
            ("https://example.fr/gvbot/", "https://example.fr/gvbot"),
        ] {
            let c = config(&[("PUBLIC_URL", given)]).unwrap();
            assert_eq!(c.public_url.as_deref(), Some(kept));
            assert_eq!(
                c.calendar_url("abc").as_deref(),
                Some(format!("{kept}/api/discord/planning.ics?token=abc").as_str())
            );
        }
    }

    #[test]
    fn secrets_and_passwords_never_show_in_debug() {
        let c = config(&[
            ("DISCORD_TOKEN", "tok-123-secret"),
            ("API_KEY", "key-456-secret"),
            ("DATABASE_URL", "postgres://gv:hunter2@db:5432/gvbot"),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("tok-123-secret"));
        assert!(!shown.contains("key-456-secret"));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("postgres://gv:***@db:5432/gvbot"), "{shown}");
    }
}
