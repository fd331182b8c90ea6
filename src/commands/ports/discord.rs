//! Discord as the core sees it: [`DiscordApi`], the operations commands, deferred replies and
//! alerts need (read a guild's setup, create and move channels, post, delete messages, finish
//! an interaction), the [`DiscordError`] they fail with, and Discord's JSON read leniently
//! ([`ChannelInfo`] and friends: only the fields gvbot reads, missing ones defaulted, so a
//! field Discord adds or drops costs nothing).
//!
//! The production implementation is the twilight-http client of the Discord adapter; tests
//! reach it through a local fake of Discord's REST API. Callers name what their action needs
//! of the bot with [`DiscordError::needing`]: the same request (listing messages, say) needs
//! more when it is the first step of a purge.

use std::{fmt, time::Duration};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use twilight_model::{
    channel::message::Embed,
    guild::Permissions,
    http::permission_overwrite::PermissionOverwrite,
    id::{
        Id,
        marker::{
            ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, UserMarker, WebhookMarker,
        },
    },
};

use crate::{
    commands::Reply,
    config::ConfigError,
    id::{Snowflake, ZeroId},
};

/// What gvbot does on Discord. Each method is one action in gvbot's terms; how many requests
/// it takes, and which of them are retried, is the implementation's business.
#[async_trait]
pub trait DiscordApi: Send + Sync {
    /// The application (bot) id, or the error naming `DISCORD_APPLICATION_ID`.
    fn application_id(&self) -> Result<Id<ApplicationMarker>, DiscordError>;

    /// Fails, naming `DISCORD_TOKEN`, when no bot token is configured (every action but the
    /// interaction follow-ups and webhooks needs one).
    fn require_token(&self) -> Result<(), DiscordError>;

    /// The guild with its approximate member and presence counts and its roles.
    async fn guild(&self, guild: Id<GuildMarker>) -> Result<GuildInfo, DiscordError>;

    /// Every channel of the guild the bot can see, categories included, with their
    /// permission overwrites.
    async fn guild_channels(
        &self,
        guild: Id<GuildMarker>,
    ) -> Result<Vec<ChannelInfo>, DiscordError>;

    /// The bot's own member in the guild (its roles).
    async fn bot_member(&self, guild: Id<GuildMarker>) -> Result<MemberInfo, DiscordError>;

    /// Create a text channel named `name`, under the category `parent` (top level without),
    /// with `topic`.
    async fn create_text_channel(
        &self,
        guild: Id<GuildMarker>,
        name: &str,
        parent: Option<Id<ChannelMarker>>,
        topic: Option<&str>,
    ) -> Result<ChannelInfo, DiscordError>;

    /// Move a channel under the category `parent`; the channel as it is afterwards.
    async fn move_channel(
        &self,
        channel: Id<ChannelMarker>,
        parent: Id<ChannelMarker>,
    ) -> Result<ChannelInfo, DiscordError>;

    /// One channel, with its permission overwrites.
    async fn channel(&self, channel: Id<ChannelMarker>) -> Result<ChannelInfo, DiscordError>;

    /// Create or replace one permission overwrite of a channel.
    async fn set_permission_overwrite(
        &self,
        channel: Id<ChannelMarker>,
        overwrite: &PermissionOverwrite,
    ) -> Result<(), DiscordError>;

    /// Send `embeds` to `user` in a direct message. A user who does not accept DMs from the
    /// bot is [`DiscordError::MissingPermissions`] (code 50007).
    async fn send_dm(&self, user: Id<UserMarker>, embeds: &[Embed]) -> Result<(), DiscordError>;

    /// Post `embeds` in a channel as the bot.
    async fn post_embeds(
        &self,
        channel: Id<ChannelMarker>,
        embeds: &[Embed],
    ) -> Result<(), DiscordError>;

    /// Post a message whose embeds are Discord's embed objects as given (the REST API passes
    /// n8n's on unchanged, every field kept). Mentions: users only, as every message gvbot
    /// sends. The message sent.
    async fn post_message(
        &self,
        channel: Id<ChannelMarker>,
        content: Option<&str>,
        embeds: &[serde_json::Value],
    ) -> Result<MessageInfo, DiscordError>;

    /// The channel's latest messages, newest first, at most `limit` (1 to 100).
    async fn recent_messages(
        &self,
        channel: Id<ChannelMarker>,
        limit: u16,
    ) -> Result<Vec<MessageInfo>, DiscordError>;

    /// Delete messages of a channel: one, or up to 100 at once (Discord refuses to delete
    /// several messages older than two weeks together). None: nothing is sent.
    async fn delete_messages(
        &self,
        channel: Id<ChannelMarker>,
        messages: &[Id<MessageMarker>],
    ) -> Result<(), DiscordError>;

    /// Replace the original response of an interaction (the "thinking…" message of a
    /// deferred command, or the message whose button was clicked) with `reply`: content,
    /// embeds, components and files. Fields the reply leaves empty are cleared; whether it is
    /// ephemeral was decided when the interaction was answered.
    async fn edit_original(&self, to: &InteractionToken, reply: &Reply)
    -> Result<(), DiscordError>;

    /// Post `reply` as a new message of the interaction (ephemeral when the reply is).
    async fn follow_up(&self, to: &InteractionToken, reply: &Reply) -> Result<(), DiscordError>;

    /// Delete the original response of an interaction.
    async fn delete_original(&self, to: &InteractionToken) -> Result<(), DiscordError>;

    /// Post `embeds` through the webhook `webhook` (its id and token), as `username`.
    async fn execute_webhook(
        &self,
        webhook: Id<WebhookMarker>,
        token: &str,
        username: &str,
        embeds: &[Embed],
    ) -> Result<(), DiscordError>;
}

/// Where an interaction's later messages go: its application and its token, both taken from
/// the interaction payload. The token is a credential: `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionToken {
    // A number in JSON, as in the deferred-work events of earlier releases.
    #[serde(with = "crate::id::as_number")]
    pub application_id: Snowflake,
    pub token: String,
}

impl fmt::Debug for InteractionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InteractionToken")
            .field("application_id", &self.application_id)
            .field("token", &"***")
            .finish()
    }
}

/// Why a call to Discord failed, in terms a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// gvbot lacks a setting this call needs.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// 403: the bot lacks a permission, or cannot see the resource (codes 50013, 50001).
    /// `needs`: what the refused action requires, when the caller said so
    /// ([`DiscordError::needing`]); empty otherwise (Discord does not say which).
    #[error("Discord refused: {message} (HTTP 403, code {code}); the bot lacks a permission here")]
    MissingPermissions {
        code: u64,
        message: String,
        needs: Permissions,
    },
    /// 404: what Discord said is unknown, e.g. "Unknown Channel" (code 10003).
    #[error("Discord: {0} (HTTP 404)")]
    NotFound(String),
    /// 429s that did not clear: every attempt the client allows was answered 429 (each
    /// after waiting what Discord asked), or Discord asked for a longer wait than the call's
    /// deadline leaves. `retry_after`: the last wait Discord asked for.
    #[error("rate limited by Discord: retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// 401: the bot token is wrong, revoked or missing.
    #[error("Discord rejected the bot token (HTTP 401 Unauthorized): check DISCORD_TOKEN")]
    Unauthorized,
    /// 5xx: Discord's trouble; retry later.
    #[error("Discord failed (HTTP {status}: {message}); try again later")]
    Server { status: u16, message: String },
    /// No answer within the attempt timeout or the call's deadline (slow network, or a
    /// rate-limited call still retrying).
    #[error("no answer from Discord within {0:?}")]
    Timeout(Duration),
    /// The connection failed (DNS, refused, TLS, reset).
    #[error("cannot reach Discord: {0}")]
    Unreachable(String),
    /// Anything else: a 400 (gvbot sent something Discord rejects), an unreadable answer, a
    /// request twilight refused to build.
    #[error("Discord: {0}")]
    Other(String),
}

/// A stored id of 0 ([`Snowflake::NOBODY`]) cannot be sent to Discord.
impl From<ZeroId> for DiscordError {
    fn from(err: ZeroId) -> DiscordError {
        DiscordError::Other(err.to_string())
    }
}

impl DiscordError {
    /// Name the permissions the refused call requires, so the user can be told which one the
    /// bot lacks (Discord's 403 only says "Missing Permissions"). Other errors are unchanged.
    #[must_use]
    pub fn needing(self, permissions: Permissions) -> DiscordError {
        match self {
            DiscordError::MissingPermissions { code, message, .. } => {
                DiscordError::MissingPermissions {
                    code,
                    message,
                    needs: permissions,
                }
            }
            other => other,
        }
    }

    /// Discord (or the way to it) is failing rather than refusing this request: 5xx, no
    /// answer, no connection, a rate limit that did not clear, a rejected token. Repeated
    /// outages raise an alert.
    pub fn is_outage(&self) -> bool {
        matches!(
            self,
            DiscordError::Server { .. }
                | DiscordError::Timeout(_)
                | DiscordError::Unreachable(_)
                | DiscordError::RateLimited { .. }
                | DiscordError::Unauthorized
        )
    }
}

// Discord's JSON, read leniently. Ids are `Snowflake`s, written back as the strings Discord
// sends when the audit exports them.

/// A guild, with its roles and approximate counts.
#[derive(Debug, Clone, Deserialize)]
pub struct GuildInfo {
    pub id: Snowflake,
    pub name: String,
    pub owner_id: Option<Snowflake>,
    pub approximate_member_count: Option<u64>,
    pub approximate_presence_count: Option<u64>,
    #[serde(default)]
    pub roles: Vec<RoleInfo>,
    pub preferred_locale: Option<String>,
    pub verification_level: Option<u8>,
    pub mfa_level: Option<u8>,
    pub explicit_content_filter: Option<u8>,
    #[serde(default)]
    pub features: Vec<String>,
    pub system_channel_id: Option<Snowflake>,
    pub rules_channel_id: Option<Snowflake>,
}

/// A role (its permission set is a string of digits).
#[derive(Debug, Clone, Deserialize)]
pub struct RoleInfo {
    pub id: Snowflake,
    pub name: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub permissions: String,
    #[serde(default)]
    pub color: u32,
    #[serde(default)]
    pub hoist: bool,
    #[serde(default)]
    pub managed: bool,
    #[serde(default)]
    pub mentionable: bool,
}

/// A channel (or category: `kind` 4), as Discord's JSON numbers its types.
#[derive(Debug, Clone, Deserialize)]
pub struct ChannelInfo {
    pub id: Snowflake,
    #[serde(rename = "type", default)]
    pub kind: u8,
    pub name: Option<String>,
    #[serde(default)]
    pub position: i64,
    pub parent_id: Option<Snowflake>,
    pub topic: Option<String>,
    #[serde(default)]
    pub nsfw: bool,
    pub rate_limit_per_user: Option<u32>,
    #[serde(default)]
    pub permission_overwrites: Vec<OverwriteInfo>,
}

/// A permission overwrite of a channel (permission sets are strings of digits).
#[derive(Debug, Clone, Deserialize)]
pub struct OverwriteInfo {
    pub id: Snowflake,
    /// 0 = role, 1 = member.
    #[serde(rename = "type", default)]
    pub kind: u8,
    #[serde(default)]
    pub allow: String,
    #[serde(default)]
    pub deny: String,
}

impl OverwriteInfo {
    pub fn allow(&self) -> Permissions {
        Permissions::from_bits_truncate(self.allow.parse().unwrap_or(0))
    }

    pub fn deny(&self) -> Permissions {
        Permissions::from_bits_truncate(self.deny.parse().unwrap_or(0))
    }
}

/// A guild member: its user and role ids.
#[derive(Debug, Clone, Deserialize)]
pub struct MemberInfo {
    pub user: Option<UserInfo>,
    #[serde(default)]
    pub roles: Vec<Snowflake>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UserInfo {
    pub id: Snowflake,
}

/// A message: its id and when it was sent.
#[derive(Debug, Clone, Deserialize)]
pub struct MessageInfo {
    pub id: Snowflake,
    pub timestamp: Option<String>,
}
