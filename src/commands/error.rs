//! [`CommandError`]: why a command did not do what was asked, as data. Client cases carry a
//! typed reason and the option at fault, never a finished sentence: each adapter renders them
//! (a localized sentence for Discord and `!` replies through [`text::error`], a `fields` map
//! for REST), so no layer ever parses another's text.

use chrono::NaiveDate;

use super::{Lang, text};
use crate::store::{ChannelKind, Level, StoreError};

pub use super::ports::DiscordError;

/// Why a command did not do what was asked. `Internal` is logged and never shown.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad input: the option (or REST field) at fault and what is wrong with it.
    #[error("invalid {field}: {reason:?}")]
    Invalid { field: &'static str, reason: Reason },
    /// The member's level is too low; names the level needed.
    #[error("forbidden: needs {0:?}")]
    Forbidden(Level),
    /// Refused by a rule about who may act on this (e.g. not the task's creator).
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// What was asked for does not exist.
    #[error("not found: {0:?}")]
    NotFound(Missing),
    /// The write clashes with what is stored (a unique constraint: the database decided).
    #[error("conflict on {0}")]
    Conflict(String),
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

/// What is wrong with an input value. Rendered by [`text::invalid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Blank once trimmed.
    Empty,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Holds a NUL or another control character (only newline and tab pass, where the text
    /// may span lines).
    ControlCharacter,
    /// Not a `JJ/MM` or `JJ/MM/AAAA` date (or an ISO date on REST).
    BadDate { got: String },
    /// An end date before the start date.
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    /// A planning span over the allowed length.
    SpanTooLong,
    /// `/semaine decalage` out of range.
    WeekOffsetTooLarge,
    /// `/purge nombre` out of range.
    PurgeRange,
    /// A chantier name with no usable character, or too long.
    ChantierName,
    /// A chantier of that name (ignoring case and accents) already exists.
    ChantierExists { name: String },
    /// The chantier is archived.
    ChantierArchived { name: String },
    /// A task already done cannot change (reassign, cancel).
    TaskDone { id: i64 },
    /// A cancelled task cannot change (done, reassign).
    TaskCancelled { id: i64 },
    /// Cancelling a task already cancelled.
    TaskAlreadyCancelled { id: i64 },
    /// `/config salon`: a channel of the wrong type for that use.
    WrongChannelType { kind: ChannelKind, got: String },
    /// A button whose state is no longer understood.
    ExpiredButton,
    /// Options that do not parse (twilight-interactions' own message).
    BadOptions { detail: String },
}

/// Who may not do this, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Only the task's creator, its assignee or a manager.
    NotOnTask { id: i64 },
    /// Only the task's creator or a manager.
    CreatorOrManager { id: i64 },
}

/// What was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Task {
        id: i64,
    },
    /// An unknown chantier, with the closest names.
    Chantier {
        name: String,
        suggestions: Vec<String>,
    },
    /// `/aide commande`: no such command.
    Command {
        name: String,
    },
    /// A row the store reported missing (deleted meanwhile).
    Record,
}

impl CommandError {
    /// Bad input on `field`.
    pub fn invalid(field: &'static str, reason: Reason) -> CommandError {
        CommandError::Invalid { field, reason }
    }

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
            CommandError::Invalid { .. } | CommandError::UnknownCommand(_) => "invalid",
            CommandError::Forbidden(_) | CommandError::Refused(_) | CommandError::GuildOnly => {
                "forbidden"
            }
            CommandError::NotFound(_) => "not_found",
            CommandError::Conflict(_) => "conflict",
            CommandError::RateLimited(_) => "rate_limited",
            CommandError::Discord(DiscordError::MissingPermissions { .. }) => "forbidden",
            CommandError::Discord(DiscordError::NotFound(_)) => "not_found",
            CommandError::Discord(_) | CommandError::Internal(_) => "error",
        }
    }

    /// The sentence a user reads for a client error (`None` for internal ones, which the
    /// renderer logs and replaces by an error id).
    pub fn message(&self, lang: Lang) -> Option<String> {
        Some(match self {
            CommandError::Invalid { field, reason } => text::invalid(lang, field, reason),
            CommandError::Refused(refusal) => text::refused(lang, refusal),
            CommandError::NotFound(missing) => text::missing(lang, missing),
            CommandError::Conflict(_) => text::conflict(lang),
            CommandError::Forbidden(level) => text::forbidden(lang, *level),
            CommandError::GuildOnly => text::guild_only(lang),
            CommandError::RateLimited(wait) => text::slow_down(lang, wait.as_secs().max(1)),
            CommandError::UnknownCommand(name) => text::unknown_command(lang, name),
            CommandError::Discord(DiscordError::MissingPermissions { code, needs, .. }) => {
                text::discord_missing_permission(lang, *needs, *code)
            }
            CommandError::Discord(DiscordError::NotFound(what)) => {
                text::discord_not_found(lang, what)
            }
            CommandError::Discord(DiscordError::RateLimited { retry_after }) => {
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                text::discord_rate_limited(lang, secs.max(1))
            }
            CommandError::Discord(_) | CommandError::Internal(_) => return None,
        })
    }
}

/// The store's "not found" and "conflict" keep their meaning; anything else is internal.
impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => CommandError::NotFound(Missing::Record),
            StoreError::Conflict(constraint) => CommandError::Conflict(constraint),
            other => CommandError::Internal(other.into()),
        }
    }
}
