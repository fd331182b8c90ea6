//! The command core: one declaration per command serves every entry point.
//!
//! A command is a type deriving twilight-interactions' `CommandModel` + `CreateCommand` (which
//! gives both its registration JSON and the typed parsing of its options) and implementing
//! [`Command`]. Adapters (interactions endpoint, `!` prefix, `gvbot call`) build an
//! [`Invocation`] (who/where) and a `CommandInputData`, call [`invoke`], and render the
//! returned [`Reply`]. Nothing here knows about HTTP, Lambda or the gateway; permission checks
//! and validation happen here, once, whatever the entry point.

pub mod dates;
pub mod text;

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
use twilight_interactions::command::{
    ApplicationCommandData, CommandInputData, CommandModel, CreateCommand,
};
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
    discord::{
        DiscordError,
        alert::{self, Alert, AlertKind},
    },
    store::{CommandLogEntry, Level, StoreError},
};
pub use chantiers::{
    CreateChantierError, CreatedChantier, WithChannel, channel_name, create_chantier,
};
pub use planning::plan;
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
    pub guild_id: Option<u64>,
    pub channel_id: Option<u64>,
    pub user_id: u64,
    /// Role ids of the member (empty outside a guild).
    pub roles: Vec<u64>,
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
    pub fn guild(&self) -> Result<u64, CommandError> {
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
    Audit { guild_id: u64 },
}

/// Why a command did not do what was asked. Messages of the client-caused cases are already
/// in the user's language; `Internal` is logged and never shown.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad input; the message says how to fix it.
    #[error("invalid: {0}")]
    Invalid(String),
    /// The member's level is too low; names the level needed.
    #[error("forbidden: needs {0:?}")]
    Forbidden(Level),
    /// Refused for a reason stated in the message (e.g. not the task's creator).
    #[error("refused: {0}")]
    Refused(String),
    /// What was asked for does not exist; the message names it.
    #[error("not found: {0}")]
    NotFound(String),
    #[error("guild only")]
    GuildOnly,
    #[error("unknown command {0}")]
    UnknownCommand(String),
    /// The user sends commands too fast; they may retry after this long.
    #[error("rate limited")]
    RateLimited(std::time::Duration),
    /// A call to Discord failed. Refusals reach the user as a message naming what is
    /// missing (403: the permission, 404: the channel, role…); the rest is internal.
    #[error(transparent)]
    Discord(#[from] DiscordError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        CommandError::Internal(err.into())
    }
}

impl CommandError {
    /// The Discord error behind this one, if a call to Discord failed.
    pub fn discord(&self) -> Option<&DiscordError> {
        match self {
            CommandError::Discord(err) => Some(err),
            _ => None,
        }
    }

    /// Short code for logs, metrics and the command log.
    pub fn outcome(&self) -> &'static str {
        match self {
            CommandError::Invalid(_) | CommandError::UnknownCommand(_) => "invalid",
            CommandError::Forbidden(_) | CommandError::Refused(_) | CommandError::GuildOnly => {
                "forbidden"
            }
            CommandError::NotFound(_) => "not_found",
            CommandError::RateLimited(_) => "rate_limited",
            CommandError::Discord(DiscordError::MissingPermissions { .. }) => "forbidden",
            CommandError::Discord(DiscordError::NotFound(_)) => "not_found",
            CommandError::Discord(_) | CommandError::Internal(_) => "error",
        }
    }
}

/// A command: its declaration comes from the derives, its behaviour from `run`.
#[async_trait]
pub trait Command: CommandModel + CreateCommand + Send {
    /// The option that takes the rest of the line in `!` form (free text such as a task
    /// description); options declared after it can then only be given by name.
    const REST: Option<&'static str> = None;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError>;
}

/// A command's declaration, as every adapter needs it.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub data: ApplicationCommandData,
    /// See [`Command::REST`].
    pub rest: Option<&'static str>,
}

impl Declaration {
    fn of<C: Command>() -> Declaration {
        Declaration {
            data: C::create_command(),
            rest: C::REST,
        }
    }

    /// Description in the user's language.
    pub fn description(&self, lang: Lang) -> &str {
        localized(
            &self.data.description,
            self.data.description_localizations.as_ref(),
            lang,
        )
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
pub fn declarations() -> Vec<Declaration> {
    vec![
        Declaration::of::<taches::Tache>(),
        Declaration::of::<taches::Taches>(),
        Declaration::of::<taches::Done>(),
        Declaration::of::<taches::Reassigner>(),
        Declaration::of::<taches::Annuler>(),
        Declaration::of::<planning::Planifier>(),
        Declaration::of::<planning::MonPlanning>(),
        Declaration::of::<planning::Semaine>(),
        Declaration::of::<chantiers::Chantiers>(),
        Declaration::of::<chantiers::CreerChantier>(),
        Declaration::of::<chantiers::ArchiverChantier>(),
        Declaration::of::<admin::Config>(),
        Declaration::of::<audit::AuditServeur>(),
        Declaration::of::<moderation::Avertir>(),
        Declaration::of::<moderation::Sanctions>(),
        Declaration::of::<moderation::Purge>(),
        Declaration::of::<utilitaires::Ping>(),
        Declaration::of::<utilitaires::Aide>(),
        Declaration::of::<utilitaires::Info>(),
    ]
}

/// Names of every command, plus the button prefixes (computed once).
fn declaration_names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        declarations()
            .into_iter()
            .map(|d| &*Box::leak(d.data.name.into_boxed_str()))
            .chain([taches::PAGE_PREFIX, moderation::PAGE_PREFIX])
            .collect()
    })
}

/// The declaration of one command.
pub fn declaration(name: &str) -> Option<Declaration> {
    declarations().into_iter().find(|d| d.data.name == name)
}

/// The slash-command registration payload (bulk overwrite body) of every command.
pub fn registrations() -> Vec<CommandRegistration> {
    declarations()
        .into_iter()
        .map(|d| CommandRegistration::from(d.data))
        .collect()
}

async fn run<C: Command>(
    app: &App,
    inv: &Invocation,
    input: CommandInputData<'_>,
) -> Result<Reply, CommandError> {
    let command = C::from_interaction(input)
        .map_err(|err| CommandError::Invalid(text::bad_options(inv.lang, &err.to_string())))?;
    command.run(app, inv).await
}

/// Parse the options of command `name` and run it.
pub async fn dispatch(
    app: &App,
    inv: &Invocation,
    name: &str,
    input: CommandInputData<'_>,
) -> Result<Reply, CommandError> {
    use twilight_interactions::command::CreateCommand as _;
    match name {
        taches::Tache::NAME => run::<taches::Tache>(app, inv, input).await,
        taches::Taches::NAME => run::<taches::Taches>(app, inv, input).await,
        taches::Done::NAME => run::<taches::Done>(app, inv, input).await,
        taches::Reassigner::NAME => run::<taches::Reassigner>(app, inv, input).await,
        taches::Annuler::NAME => run::<taches::Annuler>(app, inv, input).await,
        planning::Planifier::NAME => run::<planning::Planifier>(app, inv, input).await,
        planning::MonPlanning::NAME => run::<planning::MonPlanning>(app, inv, input).await,
        planning::Semaine::NAME => run::<planning::Semaine>(app, inv, input).await,
        chantiers::Chantiers::NAME => run::<chantiers::Chantiers>(app, inv, input).await,
        chantiers::CreerChantier::NAME => run::<chantiers::CreerChantier>(app, inv, input).await,
        chantiers::ArchiverChantier::NAME => {
            run::<chantiers::ArchiverChantier>(app, inv, input).await
        }
        moderation::Avertir::NAME => run::<moderation::Avertir>(app, inv, input).await,
        moderation::Sanctions::NAME => run::<moderation::Sanctions>(app, inv, input).await,
        moderation::Purge::NAME => run::<moderation::Purge>(app, inv, input).await,
        admin::Config::NAME => run::<admin::Config>(app, inv, input).await,
        audit::AuditServeur::NAME => run::<audit::AuditServeur>(app, inv, input).await,
        utilitaires::Ping::NAME => run::<utilitaires::Ping>(app, inv, input).await,
        utilitaires::Aide::NAME => run::<utilitaires::Aide>(app, inv, input).await,
        utilitaires::Info::NAME => run::<utilitaires::Info>(app, inv, input).await,
        _ => Err(CommandError::UnknownCommand(name.to_owned())),
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
        alert::discord_failure(app, name, inv.guild_id, err).await;
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
        alert::raise(app, alert).await;
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
        Err(CommandError::Invalid(msg))
        | Err(CommandError::Refused(msg))
        | Err(CommandError::NotFound(msg)) => (Reply::ephemeral(msg.clone()), None),
        Err(CommandError::Forbidden(level)) => {
            (Reply::ephemeral(text::forbidden(lang, *level)), None)
        }
        Err(CommandError::GuildOnly) => (Reply::ephemeral(text::guild_only(lang)), None),
        Err(CommandError::RateLimited(wait)) => (
            Reply::ephemeral(text::slow_down(lang, wait.as_secs().max(1))),
            None,
        ),
        Err(CommandError::UnknownCommand(n)) => {
            (Reply::ephemeral(text::unknown_command(lang, n)), None)
        }
        Err(CommandError::Discord(DiscordError::MissingPermissions { code, needs, .. })) => (
            Reply::ephemeral(text::discord_missing_permission(lang, *needs, *code)),
            None,
        ),
        Err(CommandError::Discord(DiscordError::NotFound(what))) => {
            (Reply::ephemeral(text::discord_not_found(lang, what)), None)
        }
        Err(err @ (CommandError::Discord(_) | CommandError::Internal(_))) => {
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
    let label = if declaration_names().contains(&name) {
        name.to_owned()
    } else {
        "unknown".to_owned()
    };
    metrics::counter!(crate::metrics::COMMANDS, "command" => label.clone(), "source" => inv.source.as_str(), "outcome" => outcome)
        .increment(1);
    metrics::histogram!(crate::metrics::COMMAND_DURATION, "command" => label)
        .record(elapsed.as_secs_f64());
    let entry = CommandLogEntry {
        guild_id: inv.guild_id,
        channel_id: inv.channel_id,
        user_id: inv.user_id,
        command: name.to_owned(),
        source: inv.source.as_str(),
        duration_us: i64::try_from(elapsed.as_micros()).unwrap_or(i64::MAX),
        outcome,
        at: app.now(),
    };
    if let Err(err) = app.store.log_command(&entry).await {
        tracing::warn!(error = %err, command = name, "command log write failed");
    }
    if outcome == "ok" && CHANGES_FIGURES.contains(&name) {
        crate::cache::invalidate_stats(app.cache.as_ref()).await;
    }
}

/// Commands whose success changes what `/stats` reports (cached figures are dropped).
const CHANGES_FIGURES: &[&str] = &[
    "tache",
    "done",
    "reassigner",
    "annuler",
    "planifier",
    "creerchantier",
    "archiverchantier",
];

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
    match (name, option) {
        (_, "chantier") | (chantiers::ArchiverChantier::NAME, "nom") => {
            chantiers::autocomplete(app, inv, typed).await
        }
        (utilitaires::Aide::NAME, "commande") => Ok(utilitaires::autocomplete(inv, typed)),
        _ => Ok(Vec::new()),
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
    match custom_id.split_once(':') {
        Some((taches::PAGE_PREFIX, state)) => taches::page(app, inv, state).await,
        Some((moderation::PAGE_PREFIX, state)) => moderation::page(app, inv, state).await,
        _ => Err(CommandError::Invalid(text::expired_button(inv.lang))),
    }
}

/// Run a button click (see [`component`]) like [`invoke`] runs a command: errors rendered,
/// command log written.
pub async fn click(app: &App, inv: &Invocation, custom_id: &str) -> Outcome {
    let name = custom_id.split(':').next().unwrap_or_default();
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

/// Trimmed free text, refused when empty or longer than `max` characters.
pub fn clean_text(
    lang: Lang,
    option: &str,
    value: &str,
    max: usize,
) -> Result<String, CommandError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CommandError::Invalid(text::empty_text(lang, option)));
    }
    if value.chars().count() > max {
        return Err(CommandError::Invalid(text::text_too_long(
            lang, option, max,
        )));
    }
    Ok(value.to_owned())
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
