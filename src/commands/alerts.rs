//! Alerts to the bot's operators: a short embed (kind, command, error id, time) posted to the
//! Discord webhook `ALERT_WEBHOOK_URL` through the core's Discord port ([`DiscordApi`]).
//!
//! Raised by the command core for internal errors ([`AlertKind::Internal`]), by deferred work
//! that failed or could not be delivered ([`AlertKind::Deferred`]) and by repeated Discord
//! outages ([`AlertKind::Discord`]), and Discord refusing the bot for lack of a permission
//! ([`AlertKind::Permission`]). At most one alert per kind per [`ALERT_INTERVAL`], shared
//! by every replica when the cache is Redis (`alert:<kind>` claims).
//!
//! An alert never blocks or fails the user's reply: every failure here is logged and dropped.
//! In a container it is sent from a background task. On Lambda the process freezes as soon as
//! the response is returned, so a background task could be lost or resumed much later: the
//! alert is sent before returning instead, bounded by [`INLINE_TIMEOUT`] — a failing command
//! answers at most that much later, and only the first failure of a kind in 5 minutes pays it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use twilight_model::{
    id::{Id, marker::WebhookMarker},
    util::Timestamp,
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{
    Lang,
    ports::{DiscordApi, DiscordError},
    text,
};
use crate::{
    app::App,
    cache::{Cache, Decision, Quota},
    config::{Config, ConfigError, Secret},
    id::Snowflake,
};

/// At most one alert of a kind per this long.
pub const ALERT_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// Longest an alert may delay a reply where it cannot be sent in the background (Lambda).
pub const INLINE_TIMEOUT: Duration = Duration::from_secs(1);
/// Discord outages tolerated per [`ALERT_INTERVAL`] before they count as "repeated".
pub const TOLERATED_OUTAGES: u32 = 3;

/// Red.
const ALERT_COLOR: u32 = 0xE7_4C_3C;

/// What went wrong; each kind is throttled on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// A command failed on an internal error (the user got an error id).
    Internal,
    /// Deferred work failed, or its result could not be posted.
    Deferred,
    /// Calls to Discord keep failing (5xx, timeouts, unreachable, token rejected).
    Discord,
    /// Discord refused the bot an action for lack of a permission (403): an admin must grant
    /// it, or the feature stays broken for everyone.
    Permission,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Internal => "internal",
            AlertKind::Deferred => "deferred",
            AlertKind::Discord => "discord",
            AlertKind::Permission => "permission",
        }
    }
}

/// One alert.
#[derive(Debug, Clone)]
pub struct Alert {
    pub kind: AlertKind,
    /// The command (or job) concerned.
    pub command: String,
    /// The id the user was shown and the logs carry.
    pub error_id: Option<String>,
    pub guild_id: Option<Snowflake>,
    /// A one-line summary safe to post (never an internal error chain, which may quote data).
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// `ALERT_WEBHOOK_URL`, as the webhook's id and token. Its host is not used: requests go
/// through the Discord client, so `DISCORD_API_URL` applies to them too.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub id: Id<WebhookMarker>,
    pub token: Secret,
}

impl Webhook {
    /// `https://discord.com/api/webhooks/{id}/{token}` (also `discordapp.com`, `ptb.`,
    /// `canary.`, `/api/v10/…`, a trailing `?wait=true`).
    pub fn parse(url: &str) -> Result<Webhook, ConfigError> {
        let bad = || ConfigError {
            var: "ALERT_WEBHOOK_URL",
            reason: "expected a Discord webhook URL, https://discord.com/api/webhooks/<id>/<token>"
                .to_owned(),
        };
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let at = segments
            .iter()
            .position(|s| *s == "webhooks")
            .ok_or_else(bad)?;
        match &segments[at + 1..] {
            [id, token] => {
                let id = Snowflake::parse(id)
                    .ok()
                    .and_then(|id| Id::try_from(id).ok())
                    .ok_or_else(bad)?;
                Ok(Webhook {
                    id,
                    token: Secret::new(*token),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The configured webhook, if any; an unusable URL is an error naming the variable.
    pub fn from_config(config: &Config) -> Result<Option<Webhook>, ConfigError> {
        config
            .alert_webhook_url
            .as_ref()
            .map(|url| Webhook::parse(url.expose()))
            .transpose()
    }
}

/// Post `alert` unless one of its kind went out in the last [`ALERT_INTERVAL`]; nothing
/// when `ALERT_WEBHOOK_URL` is unset. Never fails.
pub async fn raise(app: &App, alert: Alert) {
    let webhook = match Webhook::from_config(&app.config) {
        Ok(Some(webhook)) => webhook,
        Ok(None) => return,
        Err(err) => {
            tracing::warn!(error = %err, "alert not sent");
            return;
        }
    };
    let Some(discord) = app.discord.clone() else {
        tracing::warn!(
            kind = alert.kind.as_str(),
            "alert not sent: no Discord client"
        );
        return;
    };
    let cache = app.cache.clone();
    let timezone = app.config.timezone;
    let send = async move { send(&*discord, cache.as_ref(), &webhook, &alert, timezone).await };
    if app.handoff.outlives_response() {
        app.background.spawn(send);
    } else if tokio::time::timeout(INLINE_TIMEOUT, send).await.is_err() {
        tracing::warn!("alert not sent within {INLINE_TIMEOUT:?}; given up");
    }
}

/// Count a Discord outage met while running `command`; past [`TOLERATED_OUTAGES`] in
/// [`ALERT_INTERVAL`] it is "repeated" and raises an [`AlertKind::Discord`] alert. Errors
/// that are Discord's answer to this request (403, 404, 400) do not count.
pub async fn discord_failure(
    app: &App,
    command: &str,
    guild_id: Option<Snowflake>,
    err: &DiscordError,
) {
    if let DiscordError::MissingPermissions { needs, .. } = err {
        let detail = if needs.is_empty() {
            text::alert_permission_unknown(Lang::Fr)
        } else {
            text::alert_permission_missing(Lang::Fr, *needs)
        };
        let alert = Alert {
            kind: AlertKind::Permission,
            command: command.to_owned(),
            error_id: None,
            guild_id,
            detail: Some(detail),
            at: app.now(),
        };
        raise(app, alert).await;
        return;
    }
    if !err.is_outage() {
        return;
    }
    let quota = Quota::per(TOLERATED_OUTAGES, ALERT_INTERVAL);
    match app.cache.rate_limit("rl:discord-outages", quota).await {
        Ok(Decision::Allowed) => {}
        Ok(Decision::Limited { .. }) => {
            raise(
                app,
                Alert {
                    kind: AlertKind::Discord,
                    command: command.to_owned(),
                    error_id: None,
                    guild_id,
                    detail: Some(err.to_string()),
                    at: app.now(),
                },
            )
            .await;
        }
        Err(cache_err) => {
            tracing::warn!(error = %cache_err, "cannot count Discord outages");
        }
    }
}

async fn send(
    discord: &dyn DiscordApi,
    cache: &dyn Cache,
    webhook: &Webhook,
    alert: &Alert,
    timezone: chrono_tz::Tz,
) {
    let key = format!("alert:{}", alert.kind.as_str());
    match cache.claim(&key, ALERT_INTERVAL).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(kind = alert.kind.as_str(), "alert throttled");
            return;
        }
        // Better a duplicate alert than none while the cache itself is failing.
        Err(err) => tracing::warn!(error = %err, "alert throttle unavailable; sending anyway"),
    }
    let embed = [embed(alert, timezone)];
    match discord
        .execute_webhook(webhook.id, webhook.token.expose(), "gvbot", &embed)
        .await
    {
        Ok(_) => {
            tracing::info!(kind = alert.kind.as_str(), command = %alert.command, "alert posted")
        }
        Err(err) => {
            tracing::warn!(error = %err, kind = alert.kind.as_str(), "alert could not be posted");
            // Let the next occurrence try again rather than stay silent for 5 minutes.
            if let Err(err) = cache.delete(&key).await {
                tracing::debug!(error = %err, "alert claim not released");
            }
        }
    }
}

fn embed(alert: &Alert, timezone: chrono_tz::Tz) -> twilight_model::channel::message::Embed {
    let lang = Lang::Fr;
    let labels = text::alert_labels(lang);
    let local = alert.at.with_timezone(&timezone);
    let mut builder = EmbedBuilder::new()
        .title(text::alert_title(lang, alert.kind.as_str()))
        .color(ALERT_COLOR)
        .field(EmbedFieldBuilder::new(labels.kind, alert.kind.as_str()).inline())
        .field(EmbedFieldBuilder::new(labels.command, format!("/{}", alert.command)).inline())
        .field(
            EmbedFieldBuilder::new(
                labels.error_id,
                alert
                    .error_id
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), |id| format!("`{id}`")),
            )
            .inline(),
        )
        .field(
            EmbedFieldBuilder::new(
                labels.time,
                local.format("%d/%m/%Y %H:%M:%S %Z").to_string(),
            )
            .inline(),
        );
    if let Some(guild) = alert.guild_id {
        builder = builder.field(EmbedFieldBuilder::new(labels.guild, guild.to_string()).inline());
    }
    if let Some(detail) = &alert.detail {
        builder = builder.field(EmbedFieldBuilder::new(
            labels.detail,
            super::chantiers::truncate(detail, 300),
        ));
    }
    if let Ok(at) = Timestamp::from_secs(alert.at.timestamp()) {
        builder = builder.timestamp(at);
    }
    builder
        .footer(EmbedFooterBuilder::new(labels.footer))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_parse() {
        for url in [
            "https://discord.com/api/webhooks/1500000000000000001/alert-token",
            "https://canary.discordapp.com/api/v10/webhooks/1500000000000000001/alert-token/",
            "https://discord.com/api/webhooks/1500000000000000001/alert-token?wait=true",
        ] {
            let webhook = Webhook::parse(url).unwrap();
            assert_eq!(webhook.id.get(), 1_500_000_000_000_000_001, "{url}");
            assert_eq!(webhook.token.expose(), "alert-token", "{url}");
        }
        for bad in [
            "https://discord.com/api/webhooks/1500000000000000001",
            "https://discord.com/api/webhooks/abc/token",
            "https://discord.com/api/webhooks/0/token",
            "not a url",
        ] {
            assert_eq!(
                Webhook::parse(bad).unwrap_err().var,
                "ALERT_WEBHOOK_URL",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let webhook =
            Webhook::parse("https://discord.com/api/webhooks/1500000000000000001/s3cr3t").unwrap();
        assert!(!format!("{webhook:?}").contains("s3cr3t"));
    }
}
