//! Moderation (manager): `/avertir` (record a warning, tell the member by DM, log it to the
//! moderation channel), `/sanctions` (a member's warnings, paginated with buttons whose
//! `custom_id` holds the page state) and `/purge` (bulk-delete this channel's latest messages).
//! Also [`bot`], shared by the commands that call Discord when they can.
//!
//! Requests to Discord: `/avertir` three (open the DM channel, the DM, the log message — the DM
//! and the log go out concurrently), `/sanctions` none, `/purge` two (list the messages, then
//! one bulk delete, or one single delete when only one message qualifies).

use super::Reason;
use super::values::ButtonState;
use super::values::WarningReason;
use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Embed,
    guild::Permissions,
    id::{Id, marker::UserMarker},
    util::Timestamp,
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{
    CommandError, Invocation, Lang, Reply, pager,
    ports::{DiscordApi, DiscordError, MessageInfo, snowflake},
    text,
};
use crate::{
    app::App,
    store::{ChannelKind, Level, NewWarning, Page, Warning, channel_of},
};

/// Warnings per page of `/sanctions`.
pub const PAGE_SIZE: u32 = 10;
/// `custom_id` prefix of the `/sanctions` page buttons.
pub const PAGE_PREFIX: &str = "sanctions";
/// Embed colour of moderation messages (orange).
const WARNING_COLOR: u32 = 0xE6_7E_22;
/// Discord refuses to bulk-delete messages older than two weeks; a minute of margin covers
/// the time between listing and deleting.
const BULK_DELETE_MAX_AGE: TimeDelta = TimeDelta::days(14);
const BULK_DELETE_MARGIN: TimeDelta = TimeDelta::minutes(1);

/// The Discord client when gvbot can call Discord as the bot, else the variable to set.
pub(super) fn bot(app: &App) -> Result<&dyn DiscordApi, &'static str> {
    let var = |err: DiscordError| match err {
        DiscordError::Config(missing) => missing.var,
        _ => "DISCORD_TOKEN",
    };
    let discord = app.discord().map_err(var)?;
    discord.require_token().map_err(var)?;
    Ok(discord)
}

fn timestamp(at: DateTime<Utc>) -> Option<Timestamp> {
    Timestamp::from_secs(at.timestamp()).ok()
}

// ---- /avertir -------------------------------------------------------------------------------

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "avertir",
    desc_localizations = "text::desc::avertir",
    contexts = "guild"
)]
pub struct Avertir {
    #[command(desc_localizations = "text::desc::avertir_membre")]
    pub membre: Id<UserMarker>,
    #[command(desc_localizations = "text::desc::avertir_raison", max_length = 500)]
    pub raison: String,
}

#[async_trait]
impl super::Command for Avertir {
    const REST: Option<&'static str> = Some("raison");
    const LEVEL: Level = Level::Manager;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let reason = WarningReason::parse(&self.raison)?.into_string();
        let user = self.membre.get();
        let now = app.now();
        let warning = app
            .store
            .add_warning(
                &NewWarning {
                    guild_id: guild,
                    user_id: user,
                    moderator_id: inv.user_id,
                    reason,
                },
                now,
            )
            .await?;
        let total = app
            .store
            .warnings(
                guild,
                user,
                Page {
                    limit: 1,
                    offset: 0,
                },
            )
            .await?
            .total;
        let mut lines = vec![text::warning_given(lang, user, warning.id, total)];
        match bot(app) {
            Err(var) => lines.push(text::warning_discord_skipped(lang, var)),
            Ok(discord) => {
                let log_channel = channel_of(
                    &app.store.guild_channels(guild).await?,
                    ChannelKind::Moderation,
                );
                let dm = dm_embed(lang, &warning);
                let log = log_embed(lang, &warning, total);
                let (dm_result, log_result) = tokio::join!(send_dm(discord, user, dm), async {
                    match log_channel {
                        Some(channel) => Some((channel, post(discord, channel, log).await)),
                        None => None,
                    }
                });
                lines.push(match dm_result {
                    Ok(()) => text::warning_dm_sent(lang),
                    // 50007 "Cannot send messages to this user": DMs closed, or no shared server.
                    Err(DiscordError::MissingPermissions { .. }) => text::warning_dm_refused(lang),
                    Err(err) => {
                        tracing::warn!(error = %err, "warning DM failed");
                        text::warning_dm_failed(lang)
                    }
                });
                lines.push(match log_result {
                    None => text::warning_no_log_channel(lang),
                    Some((channel, Ok(()))) => text::warning_logged(lang, channel),
                    Some((channel, Err(err))) => {
                        tracing::warn!(error = %err, channel, "moderation log failed");
                        text::warning_log_failed(lang, channel)
                    }
                });
            }
        }
        Ok(Reply::ephemeral(lines.join("\n")))
    }
}

fn dm_embed(lang: Lang, warning: &Warning) -> Embed {
    let labels = text::warning_labels(lang);
    let mut embed = EmbedBuilder::new()
        .title(text::warning_dm_title(lang))
        .color(WARNING_COLOR)
        .field(EmbedFieldBuilder::new(labels.reason, &warning.reason));
    if let Some(at) = timestamp(warning.created_at) {
        embed = embed.timestamp(at);
    }
    embed.build()
}

fn log_embed(lang: Lang, warning: &Warning, total: i64) -> Embed {
    let labels = text::warning_labels(lang);
    let mut embed = EmbedBuilder::new()
        .title(text::warning_log_title(lang, warning.id))
        .color(WARNING_COLOR)
        .field(EmbedFieldBuilder::new(labels.member, format!("<@{}>", warning.user_id)).inline())
        .field(
            EmbedFieldBuilder::new(labels.moderator, format!("<@{}>", warning.moderator_id))
                .inline(),
        )
        .field(EmbedFieldBuilder::new(labels.total, total.to_string()).inline())
        .field(EmbedFieldBuilder::new(labels.reason, &warning.reason));
    if let Some(at) = timestamp(warning.created_at) {
        embed = embed.timestamp(at);
    }
    embed.build()
}

/// DM `embed` to `user`.
async fn send_dm(discord: &dyn DiscordApi, user: u64, embed: Embed) -> Result<(), DiscordError> {
    let user = Id::<UserMarker>::new_checked(user)
        .ok_or_else(|| DiscordError::Other("user id 0".into()))?;
    discord.send_dm(user, &[embed]).await
}

/// Post one embed in a channel as the bot.
async fn post(discord: &dyn DiscordApi, channel: u64, embed: Embed) -> Result<(), DiscordError> {
    let channel =
        Id::new_checked(channel).ok_or_else(|| DiscordError::Other("channel id 0".into()))?;
    discord
        .post_embeds(channel, &[embed])
        .await
        .map_err(|e| e.needing(Permissions::SEND_MESSAGES | Permissions::EMBED_LINKS))
}

// ---- /sanctions -----------------------------------------------------------------------------

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "sanctions",
    desc_localizations = "text::desc::sanctions",
    contexts = "guild"
)]
pub struct Sanctions {
    #[command(desc_localizations = "text::desc::sanctions_membre")]
    pub membre: Id<UserMarker>,
}

#[async_trait]
impl super::Command for Sanctions {
    const LEVEL: Level = Level::Manager;
    const BUTTONS: &'static [&'static str] = &[PAGE_PREFIX];

    async fn click(app: &App, inv: &Invocation, state: &str) -> Result<Reply, CommandError> {
        page(app, inv, state).await
    }

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        history_page(app, inv, guild, self.membre.get(), 0).await
    }
}

/// A click on ◀ / ▶: `state` is `<page>:<member>:<p|n>`. Checked like the command: the
/// history is for managers, whoever clicks.
pub async fn page(app: &App, inv: &Invocation, state: &str) -> Result<Reply, CommandError> {
    let guild = inv.guild()?;
    let mut state = ButtonState::new(state);
    let page: u32 = state.field()?;
    let member: u64 = state.field_with(|m| m.parse().ok().filter(|m| *m != 0))?;
    history_page(app, inv, guild, member, page).await
}

async fn history_page(
    app: &App,
    inv: &Invocation,
    guild: u64,
    member: u64,
    page: u32,
) -> Result<Reply, CommandError> {
    let lang = inv.lang;
    let fetch = |page: u32| {
        app.store.warnings(
            guild,
            member,
            Page {
                limit: PAGE_SIZE,
                offset: page.saturating_mul(PAGE_SIZE),
            },
        )
    };
    let mut result = fetch(page).await?;
    let per_page = i64::from(PAGE_SIZE);
    let pages = u32::try_from((result.total.max(1) + per_page - 1) / per_page).unwrap_or(u32::MAX);
    let mut page = page;
    if page >= pages {
        // Fewer warnings than when the button was drawn: show the last page.
        page = pages - 1;
        result = fetch(page).await?;
    }
    let mut description = text::sanctions_member(lang, member);
    description.push_str("\n\n");
    if result.warnings.is_empty() {
        description.push_str(&text::sanctions_empty(lang));
    } else {
        let tz = app.config.timezone;
        let lines: Vec<String> = result
            .warnings
            .iter()
            .map(|w| {
                text::sanction_line(
                    lang,
                    w.id,
                    w.created_at.with_timezone(&tz).date_naive(),
                    w.moderator_id,
                    &super::chantiers::truncate(&w.reason, 300),
                )
            })
            .collect();
        description.push_str(&lines.join("\n\n"));
    }
    let embed = EmbedBuilder::new()
        .title(text::sanctions_title(lang))
        .color(WARNING_COLOR)
        .description(super::chantiers::truncate(&description, 4000))
        .footer(EmbedFooterBuilder::new(text::sanctions_footer(
            lang,
            page + 1,
            pages,
            result.total,
        )))
        .build();
    let components = pager(lang, page, pages, |target, dir| {
        format!("{PAGE_PREFIX}:{target}:{member}:{dir}")
    });
    Ok(Reply {
        embeds: vec![embed],
        components,
        ephemeral: true,
        ..Reply::default()
    })
}

// ---- /purge ---------------------------------------------------------------------------------

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "purge",
    desc_localizations = "text::desc::purge",
    contexts = "guild"
)]
pub struct Purge {
    #[command(
        desc_localizations = "text::desc::purge_nombre",
        min_value = 1,
        max_value = 100
    )]
    pub nombre: i64,
}

/// What deleting messages requires of the bot (named when Discord answers 403).
const PURGE_NEEDS: Permissions = Permissions::MANAGE_MESSAGES
    .union(Permissions::READ_MESSAGE_HISTORY)
    .union(Permissions::VIEW_CHANNEL);

#[async_trait]
impl super::Command for Purge {
    const LEVEL: Level = Level::Manager;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        inv.guild()?;
        let lang = inv.lang;
        let count = u16::try_from(self.nombre)
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or(CommandError::invalid("nombre", Reason::PurgeRange))?;
        let channel = inv
            .channel_id
            .and_then(Id::new_checked)
            .ok_or(CommandError::GuildOnly)?;
        let discord = app.discord()?;
        discord.require_token()?;
        let messages = discord
            .recent_messages(channel, count)
            .await
            .map_err(|e| e.needing(PURGE_NEEDS))?;
        let cutoff = app.now() - BULK_DELETE_MAX_AGE + BULK_DELETE_MARGIN;
        let mut recent = Vec::new();
        let mut skipped = 0;
        for message in &messages {
            let id = Id::new_checked(snowflake(&message.id)?).expect("BUG: snowflake() is not 0");
            if created_at(message).is_some_and(|at| at > cutoff) {
                recent.push(id);
            } else {
                skipped += 1;
            }
        }
        discord
            .delete_messages(channel, &recent)
            .await
            .map_err(|e| e.needing(PURGE_NEEDS))?;
        Ok(Reply::ephemeral(if messages.is_empty() {
            text::purge_nothing(lang)
        } else {
            text::purge_done(lang, recent.len(), skipped)
        }))
    }
}

/// When a message was sent: its `timestamp`, else the time in its snowflake.
fn created_at(message: &MessageInfo) -> Option<DateTime<Utc>> {
    message
        .timestamp
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            // Discord's epoch (2015-01-01) + the snowflake's top 42 bits, in milliseconds.
            let id: u64 = message.id.parse().ok()?;
            let millis = i64::try_from(id >> 22).ok()? + 1_420_070_400_000;
            DateTime::from_timestamp_millis(millis)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_age_comes_from_the_timestamp_or_the_snowflake() {
        let stamped = MessageInfo {
            id: "1".into(),
            timestamp: Some("2026-12-16T10:00:00.000000+00:00".into()),
        };
        assert_eq!(
            created_at(&stamped).unwrap().to_rfc3339(),
            "2026-12-16T10:00:00+00:00"
        );
        // 175928847299117063 is 2016-04-30 11:18:25.796 UTC (Discord's documentation example).
        let bare = MessageInfo {
            id: "175928847299117063".into(),
            timestamp: None,
        };
        assert_eq!(
            created_at(&bare).unwrap().timestamp_millis(),
            1_462_015_105_796
        );
    }
}
