//! The command core: one declaration per command serves every entry point.
//!
//! A command is a type deriving twilight-interactions' `CommandModel` + `CreateCommand` (which
//! gives both its registration JSON and the typed parsing of its options) and implementing
//! [`Command`]. Adapters (interactions endpoint, `!` prefix, `gvbot call`) build an
//! [`Invocation`] (who/where) and a `CommandInputData`, call [`invoke`], and render the
//! returned [`Reply`]. Nothing here knows about HTTP, Lambda or the gateway; permission checks
//! and validation happen here, once, whatever the entry point.

pub mod alerts;
pub mod dates;
pub mod deferred;
mod error;
pub mod ports;
pub mod registry;
pub mod text;
pub mod values;

mod admin;
mod audit;
mod chantiers;
mod moderation;
mod planning;
mod taches;
mod utilitaires;

use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use twilight_interactions::command::{CommandInputData, CommandModel, CreateCommand};
use twilight_model::{
    application::{
        command::{Command as CommandRegistration, CommandOptionChoice},
        interaction::application_command::{CommandDataOption, CommandOptionValue},
    },
    channel::message::{Component, Embed},
    guild::Permissions,
};

use crate::{
    app::App,
    id::Snowflake,
    store::{CommandLogEntry, Level},
};
use alerts::{Alert, AlertKind};
pub use chantiers::{
    CreateChantierError, CreatedChantier, WithChannel, channel_name, create_chantier,
};
pub use error::{CommandError, Missing, Reason, Refusal};
pub use planning::{plan, unplan};
use ports::DiscordError;
pub use taches::{TaskOutcome, close_task, create_task, edit_task};
pub use text::Lang;

/// Which entry point a command came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A slash command through the interactions endpoint.
    Slash,
    /// A `!` text command (gateway sidecar).
    Prefix,
    /// A button or select menu click.
    Component,
    /// The REST API.
    Api,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Slash => "slash",
            Source::Prefix => "prefix",
            Source::Component => "component",
            Source::Api => "api",
        }
    }
}

/// Who runs a command, and where. Serializable so deferred work can be finished elsewhere
/// (an AWS worker function); `received` is then the time the work was picked up.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invocation {
    // Numbers in JSON, as in the deferred-work events of earlier releases.
    #[serde(default, with = "crate::id::as_number::option")]
    pub guild_id: Option<Snowflake>,
    #[serde(default, with = "crate::id::as_number::option")]
    pub channel_id: Option<Snowflake>,
    #[serde(with = "crate::id::as_number")]
    pub user_id: Snowflake,
    /// Role ids of the member (empty outside a guild).
    #[serde(with = "crate::id::as_number::vec")]
    pub roles: Vec<Snowflake>,
    /// The member's computed permissions in the channel, as Discord sends them.
    pub permissions: Option<Permissions>,
    pub lang: Lang,
    pub source: Source,
    /// When the request reached gvbot (for `/ping` and the command log).
    #[serde(skip, default = "Instant::now")]
    pub received: Instant,
}

impl Invocation {
    /// The guild, or the error for commands that only make sense in a server.
    pub fn guild(&self) -> Result<Snowflake, CommandError> {
        self.guild_id.ok_or(CommandError::GuildOnly)
    }
}

/// What a command answers: data, never a side effect. Adapters render it as an interaction
/// response, a channel message or JSON.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    pub components: Vec<Component>,
    /// Attached files (sent as multipart `files[n]`). An interaction can only carry them in a
    /// message posted after its first answer, so a reply with files is delivered deferred.
    pub files: Vec<File>,
    /// Only the invoking user sees it (interactions); prefix replies ignore it. For a deferred
    /// reply this is decided up front: it applies to the "thinking…" message and the result.
    pub ephemeral: bool,
    /// Not a reply yet: answer "deferred" now and run this job afterwards ([`finish`]); its
    /// reply replaces the "thinking…" message. The other fields are unused.
    pub deferred: Option<DeferredJob>,
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: Some(content.into()),
            ..Reply::default()
        }
    }

    pub fn ephemeral(content: impl Into<String>) -> Reply {
        Reply {
            ephemeral: true,
            ..Reply::text(content)
        }
    }

    pub fn embed(embed: Embed) -> Reply {
        Reply {
            embeds: vec![embed],
            ..Reply::default()
        }
    }

    /// Work that may outlast Discord's 3-second limit (calls to Discord, exports): the
    /// interaction is answered "deferred" at once and `job` runs afterwards — in the same
    /// process in a container, in a worker function on AWS — so it is a description, not a
    /// future.
    pub fn later(job: DeferredJob) -> Reply {
        Reply {
            deferred: Some(job),
            ..Reply::default()
        }
    }
}

/// A file attached to a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub content: Vec<u8>,
}

/// Deferred work a command hands back ([`Reply::later`]), run by [`finish`]. Plain data, so
/// it can be sent to another process (the AWS worker function) as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum DeferredJob {
    /// `/auditserveur`: export the guild's channels, roles and permissions.
    Audit {
        #[serde(with = "crate::id::as_number")]
        guild_id: Snowflake,
    },
}

/// A command: its declaration comes from the derives, its behaviour from `run`, and how the
/// entry points treat it from the constants below; [`registry`] lists every command once.
#[async_trait]
pub trait Command: CommandModel + CreateCommand + Send {
    /// The option that takes the rest of the line in `!` form (free text such as a task
    /// description); options declared after it can then only be given by name.
    const REST: Option<&'static str> = None;
    /// The level the whole command requires, checked before its options are parsed (and
    /// before any of its buttons is handled). Admin-level commands are also hidden from
    /// members by Discord by default ([`registry::ADMIN_PERMISSIONS`]).
    const LEVEL: Level = Level::Member;
    /// The `custom_id` prefixes of the buttons it emits, routed to [`Command::click`].
    const BUTTONS: &'static [&'static str] = &[];

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError>;

    /// Its options that autocomplete (`autocomplete = true` in the declaration), and from
    /// what.
    const COMPLETIONS: &'static [(&'static str, Completion)] = &[];

    /// A click on one of [`Command::BUTTONS`]; `state` is what follows `<prefix>:`.
    async fn click(_app: &App, _inv: &Invocation, _state: &str) -> Result<Reply, CommandError> {
        Err(CommandError::invalid("custom_id", Reason::ExpiredButton))
    }
}

/// What an autocompleted option offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Active chantier names of the guild, closest first.
    Chantier,
    /// Command names (`/aide commande`).
    Command,
}

impl Completion {
    /// Up to 25 choices for what was `typed`.
    pub async fn choices(
        self,
        app: &App,
        inv: &Invocation,
        typed: &str,
    ) -> Result<Vec<CommandOptionChoice>, CommandError> {
        match self {
            Completion::Chantier => chantiers::autocomplete(app, inv, typed).await,
            Completion::Command => Ok(utilitaires::autocomplete(inv, typed)),
        }
    }
}

/// `fallback` (French) or its `en-US` localization.
pub fn localized<'a>(
    fallback: &'a str,
    localizations: Option<&'a std::collections::HashMap<String, String>>,
    lang: Lang,
) -> &'a str {
    match lang {
        Lang::Fr => fallback,
        Lang::En => localizations
            .and_then(|l| l.get("en-US"))
            .map_or(fallback, String::as_str),
    }
}

/// Every command, in the order `/aide` lists them.
pub fn declarations() -> &'static [registry::Entry] {
    &registry::REGISTRY
}

/// The declaration of one command.
pub fn declaration(name: &str) -> Option<&'static registry::Entry> {
    registry::find(name)
}

/// The slash-command registration payload (bulk overwrite body) of every command.
pub fn registrations() -> Vec<CommandRegistration> {
    declarations()
        .iter()
        .map(|d| CommandRegistration::from(d.data.clone()))
        .collect()
}

/// Parse the options of command `name` and run it.
pub async fn dispatch(
    app: &App,
    inv: &Invocation,
    name: &str,
    input: CommandInputData<'_>,
) -> Result<Reply, CommandError> {
    match registry::find(name) {
        Some(entry) => entry.run(app, inv, input).await,
        None => Err(CommandError::UnknownCommand(name.to_owned())),
    }
}

/// The result of [`invoke`]: the reply to render and how it went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub reply: Reply,
    /// `ok`, `invalid`, `forbidden`, `not_found`, `error`.
    pub outcome: &'static str,
    /// Set for internal errors: the id shown to the user and logged with the error chain.
    pub error_id: Option<String>,
}

/// Run a command and turn any error into the reply the user sees; record it in the command
/// log. Every adapter calls this, so errors are rendered once, the same way everywhere.
pub async fn invoke(
    app: &App,
    inv: &Invocation,
    name: &str,
    input: CommandInputData<'_>,
) -> Outcome {
    let result = match limit(app, inv).await {
        Ok(()) => dispatch(app, inv, name, input).await,
        Err(err) => Err(err),
    };
    settle(app, inv, name, result, Stage::Immediate).await
}

/// Where a result was produced: while Discord waits for the first answer, or in deferred
/// work afterwards. Alerts say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Immediate,
    Deferred,
}

/// Turn a command's result into what the user sees, the same way on every path: errors
/// rendered ([`render`]), the command log and metrics written, alerts raised for internal
/// errors and repeated Discord outages. A reply asking for deferred work is logged later, by
/// [`finish`], with its final outcome and duration.
pub async fn settle(
    app: &App,
    inv: &Invocation,
    name: &str,
    result: Result<Reply, CommandError>,
    stage: Stage,
) -> Outcome {
    if let Some(err) = result.as_ref().err().and_then(CommandError::discord) {
        alerts::discord_failure(app, name, inv.guild_id, err).await;
    }
    let outcome = render(inv, name, result);
    if outcome.reply.deferred.is_none() {
        record(app, inv, name, outcome.outcome).await;
    }
    if let Some(id) = &outcome.error_id {
        let kind = match stage {
            Stage::Immediate => AlertKind::Internal,
            Stage::Deferred => AlertKind::Deferred,
        };
        let alert = Alert {
            kind,
            command: name.to_owned(),
            error_id: Some(id.clone()),
            guild_id: inv.guild_id,
            detail: None,
            at: app.now(),
        };
        alerts::raise(app, alert).await;
    }
    outcome
}

/// Longest deferred work may run: its result is posted with the interaction's token, which
/// Discord honours for 15 minutes.
pub const DEFERRED_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// Run the job a command deferred ([`Reply::later`]), once the interaction has been answered
/// "deferred". Like [`invoke`]: errors rendered, command logged, alerts raised.
pub async fn finish(app: &App, inv: &Invocation, name: &str, job: DeferredJob) -> Outcome {
    let work = async {
        match job {
            DeferredJob::Audit { guild_id } => audit::run(app, inv, guild_id).await,
        }
    };
    let result = match tokio::time::timeout(DEFERRED_DEADLINE, work).await {
        // A job's reply is final: it cannot defer again.
        Ok(result) => result.map(|reply| Reply {
            deferred: None,
            ..reply
        }),
        Err(_) => Err(CommandError::Internal(anyhow::anyhow!(
            "deferred work took longer than {DEFERRED_DEADLINE:?}"
        ))),
    };
    settle(app, inv, name, result, Stage::Deferred).await
}

/// Turn a command result into what the user sees.
pub fn render(inv: &Invocation, name: &str, result: Result<Reply, CommandError>) -> Outcome {
    let lang = inv.lang;
    let (reply, error_id) = match &result {
        Ok(reply) => (reply.clone(), None),
        Err(err) => match err.message(lang) {
            Some(message) => (Reply::ephemeral(message), None),
            None => {
                let id = error_id();
                tracing::error!(error_id = %id, command = name, error = ?err, "command failed");
                let message = match err {
                    CommandError::Discord(DiscordError::Config(missing)) => {
                        text::discord_not_configured(lang, missing.var, &id)
                    }
                    _ => text::internal_error(lang, &id),
                };
                (Reply::ephemeral(message), Some(id))
            }
        },
    };
    Outcome {
        reply,
        outcome: result.as_ref().map_or_else(CommandError::outcome, |_| "ok"),
        error_id,
    }
}

/// Count the command and write the command log entry; a failure is logged, never shown to
/// the user.
async fn record(app: &App, inv: &Invocation, name: &str, outcome: &'static str) {
    let elapsed = inv.received.elapsed();
    // Only declared names become label values: a flood of made-up names must not create
    // unbounded metric series.
    let entry = registry::find(name);
    let label = entry.map_or("unknown", registry::Entry::name).to_owned();
    metrics::counter!(crate::metrics::COMMANDS, "command" => label.clone(), "source" => inv.source.as_str(), "outcome" => outcome)
        .increment(1);
    metrics::histogram!(crate::metrics::COMMAND_DURATION, "command" => label)
        .record(elapsed.as_secs_f64());
    let log = CommandLogEntry {
        guild_id: inv.guild_id,
        channel_id: inv.channel_id,
        user_id: inv.user_id,
        command: name.to_owned(),
        source: inv.source.as_str(),
        duration_us: i64::try_from(elapsed.as_micros()).unwrap_or(i64::MAX),
        outcome,
        at: app.now(),
    };
    if let Err(err) = app.store.log_command(&log).await {
        tracing::warn!(error = %err, command = name, "command log write failed");
    }
}

/// The one rule for cached figures (`/stats`, REST `/stats`): every core operation that
/// writes what they count calls this once its write is committed, whatever the entry point
/// (slash, `!`, button, REST). Failures only cost freshness and are logged.
pub async fn figures_changed(app: &App) {
    crate::cache::invalidate_stats(app.cache.as_ref()).await;
}

/// A short random id users can quote to an admin.
pub fn error_id() -> String {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return format!("{:08x}", std::process::id());
    }
    hex::encode(bytes)
}

/// The member's level: Discord ADMINISTRATOR ⇒ admin; otherwise the highest level mapped to
/// one of their roles; otherwise member.
pub async fn level(app: &App, inv: &Invocation) -> Result<Level, CommandError> {
    if inv
        .permissions
        .is_some_and(|p| p.contains(Permissions::ADMINISTRATOR))
    {
        return Ok(Level::Admin);
    }
    let Some(guild) = inv.guild_id else {
        return Ok(Level::Member);
    };
    if inv.roles.is_empty() {
        return Ok(Level::Member);
    }
    let mapped = app.store.role_levels(guild).await?;
    Ok(mapped
        .iter()
        .filter(|m| inv.roles.contains(&m.role_id))
        .map(|m| m.level)
        .max()
        .unwrap_or(Level::Member))
}

/// Refuse unless the member has at least `needed`.
pub async fn require(app: &App, inv: &Invocation, needed: Level) -> Result<(), CommandError> {
    if level(app, inv).await? >= needed {
        Ok(())
    } else {
        Err(CommandError::Forbidden(needed))
    }
}

/// Autocomplete: up to 25 choices for the focused option of command `name`.
pub async fn autocomplete(
    app: &App,
    inv: &Invocation,
    name: &str,
    options: &[CommandDataOption],
) -> Result<Vec<CommandOptionChoice>, CommandError> {
    let Some((option, typed)) = focused(options) else {
        return Ok(Vec::new());
    };
    match registry::find(name) {
        Some(entry) => entry.complete(app, inv, option, typed).await,
        None => Ok(Vec::new()),
    }
}

/// The focused option's name and what the user typed so far, at any subcommand depth.
fn focused(options: &[CommandDataOption]) -> Option<(&str, &str)> {
    options.iter().find_map(|o| match &o.value {
        CommandOptionValue::Focused(typed, _) => Some((o.name.as_str(), typed.as_str())),
        CommandOptionValue::SubCommand(inner) | CommandOptionValue::SubCommandGroup(inner) => {
            focused(inner)
        }
        _ => None,
    })
}

/// A button click: `custom_id` carries the whole state (no server-side session, so buttons
/// keep working after a restart and on Lambda). The reply replaces the clicked message.
pub async fn component(
    app: &App,
    inv: &Invocation,
    custom_id: &str,
) -> Result<Reply, CommandError> {
    match registry::owner_of(custom_id) {
        Some((entry, state)) => entry.click(app, inv, state).await,
        None => Err(CommandError::invalid("custom_id", Reason::ExpiredButton)),
    }
}

/// Run a button click (see [`component`]) like [`invoke`] runs a command: errors rendered,
/// command log written.
pub async fn click(app: &App, inv: &Invocation, custom_id: &str) -> Outcome {
    let name = registry::owner_of(custom_id).map_or("unknown", |(entry, _)| entry.name());
    let result = match limit(app, inv).await {
        Ok(()) => component(app, inv, custom_id).await,
        Err(err) => Err(err),
    };
    settle(app, inv, name, result, Stage::Immediate).await
}

/// Anti-spam: each user may run `COMMAND_RATE_LIMIT` commands per period, whatever the entry
/// point; shared by every replica when Redis is configured. A cache failure never blocks a
/// command.
async fn limit(app: &App, inv: &Invocation) -> Result<(), CommandError> {
    let (count, period) = app.config.command_rate_limit;
    let quota = crate::cache::Quota::per(count, period);
    match app
        .cache
        .rate_limit(&format!("user:{}", inv.user_id), quota)
        .await
    {
        Ok(crate::cache::Decision::Limited { retry_after }) => {
            metrics::counter!(crate::metrics::RATE_LIMITED, "scope" => "user").increment(1);
            Err(CommandError::RateLimited(retry_after))
        }
        Ok(crate::cache::Decision::Allowed) => Ok(()),
        Err(err) => {
            tracing::warn!(error = %err, "rate limit unavailable; command allowed");
            Ok(())
        }
    }
}

/// ◀ ▶ buttons for page `page` (0-based) of `pages`; none for a single page. `state(target,
/// direction)` builds each button's `custom_id`: the whole paging state travels in it (no
/// server-side session), and the direction keeps the two ids distinct as Discord requires.
pub fn pager(
    lang: Lang,
    page: u32,
    pages: u32,
    state: impl Fn(u32, &str) -> String,
) -> Vec<Component> {
    use twilight_model::channel::message::{
        EmojiReactionType,
        component::{ActionRow, Button, ButtonStyle},
    };
    if pages <= 1 {
        return Vec::new();
    }
    let button = |custom_id: String, emoji: &str, label: &str, disabled: bool| {
        Component::Button(Button {
            custom_id: Some(custom_id),
            disabled,
            emoji: Some(EmojiReactionType::Unicode {
                name: emoji.to_owned(),
            }),
            id: None,
            label: Some(label.to_owned()),
            sku_id: None,
            style: ButtonStyle::Secondary,
            url: None,
        })
    };
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![
            button(
                state(page.saturating_sub(1), "p"),
                "◀",
                text::previous(lang),
                page == 0,
            ),
            button(
                state(page + 1, "n"),
                "▶",
                text::next(lang),
                page + 1 >= pages,
            ),
        ],
    })]
}

/// Embed colour of gvbot (GVB yellow).
pub const COLOR: u32 = 0xF5_B7_00;
