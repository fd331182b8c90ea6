//! Persistence: the [`Store`] trait speaks the domain (chantiers, tasks, planning, role levels,
//! processed interactions, command log; messages, members' presence and activity statistics
//! written by the gateway sidecar and read by the REST API; calendar feed tokens), and one
//! module per backend owns all of its SQL.
//!
//! The backend is chosen at run time from the `DATABASE_URL` scheme ([`connect`]); both
//! drivers are always compiled. The command core, the REST API and the jobs only ever see
//! `Arc<dyn Store>`. Discord ids are [`Snowflake`]s here and `bigint` in the database (see `ids`).

mod ids;
mod postgres;
mod sqlite;
mod types;

use std::{fmt, sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::id::Snowflake;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::*;

/// Errors of the storage layer. Client-caused cases are explicit; everything else is `Other`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist (or belongs to another guild).
    #[error("not found")]
    NotFound,
    /// A uniqueness constraint refused the write; carries the constraint name.
    #[error("conflict on {0}")]
    Conflict(String),
    /// The URL names no supported backend.
    #[error("unsupported database url scheme (expected postgres:// or sqlite://)")]
    UnsupportedUrl,
    /// Driver, connection or migration failure.
    #[error(transparent)]
    Other(#[from] sqlx::Error),
    /// Migration failure.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The system's random source failed (new calendar tokens).
    #[error("no system randomness: {0}")]
    Random(getrandom::Error),
}

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, from its scheme (`postgres://`, `postgresql://`,
    /// `sqlite:`); the one place the schemes are spelled.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The form of a chantier name that is unique per guild and that lookups compare: accents
/// transliterated (`deunicode`), lowercase, blanks collapsed (`  École  Jaurès` →
/// `ecole jaures`). Both backends store it in `chantiers.name_key` (migration 0004), computed
/// here so that SQLite, whose `lower()` folds ASCII only, and Postgres agree. A name that
/// transliterates to nothing (only invisible characters) is kept, lowercased.
pub fn fold_name(name: &str) -> String {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = words(&deunicode::deunicode(name).to_lowercase());
    if folded.is_empty() {
        words(&name.to_lowercase())
    } else {
        folded
    }
}

/// Longest search query used, in characters; the rest is ignored.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Most words of a search query used; the rest are ignored.
pub const MAX_SEARCH_TERMS: usize = 16;

/// The part of a user's search query that is searched: trimmed, NUL-free, at most
/// [`MAX_SEARCH_CHARS`] characters. `None` when nothing searchable is left (no letter or digit):
/// such a query finds nothing on either backend.
pub(crate) fn search_text(query: &str) -> Option<String> {
    let text: String = query
        .trim()
        .chars()
        .filter(|c| *c != '\0')
        .take(MAX_SEARCH_CHARS)
        .collect();
    text.chars().any(char::is_alphanumeric).then_some(text)
}

/// The words of a search text: its runs of letters and digits (the FTS5 `unicode61` tokenizer
/// splits the same way), at most [`MAX_SEARCH_TERMS`]. They contain no quote, wildcard or
/// operator character of any query syntax.
pub(crate) fn search_terms(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|term| !term.is_empty())
        .take(MAX_SEARCH_TERMS)
        .collect()
}

/// `content` without NUL characters, which Postgres text cannot hold (both backends store the
/// same text).
pub(crate) fn storable_text(content: &str) -> std::borrow::Cow<'_, str> {
    if content.contains('\0') {
        content.replace('\0', "").into()
    } else {
        content.into()
    }
}

/// One version per message of `batch`: the latest (by `edited_at`, else `created_at`; the
/// later in the batch on a tie), in order of first appearance. A Postgres upsert cannot touch
/// one row twice in a statement, and both backends then count messages, not versions.
pub(crate) fn latest_versions(batch: &[NewMessage]) -> Vec<&NewMessage> {
    let mut latest: Vec<&NewMessage> = Vec::with_capacity(batch.len());
    let mut index = std::collections::HashMap::with_capacity(batch.len());
    for message in batch {
        match index.entry((message.guild_id, message.message_id)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(latest.len());
                latest.push(message);
            }
            std::collections::hash_map::Entry::Occupied(slot) => {
                let kept = &mut latest[*slot.get()];
                let version = |m: &NewMessage| m.edited_at.unwrap_or(m.created_at);
                if version(message) >= version(kept) {
                    *kept = message;
                }
            }
        }
    }
    latest
}

/// Every status in [`TaskStatus::ALL`] order, with the count found or zero.
pub(crate) fn all_statuses(found: &[(TaskStatus, i64)]) -> Vec<(TaskStatus, i64)> {
    TaskStatus::ALL
        .into_iter()
        .map(|status| {
            let n = found
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            (status, n)
        })
        .collect()
}

/// Length of a calendar feed token: 32 random bytes as hex.
const CALENDAR_TOKEN_LEN: usize = 64;

/// A new calendar feed token: 32 random bytes as lowercase hex.
pub(crate) fn new_calendar_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; CALENDAR_TOKEN_LEN / 2];
    getrandom::fill(&mut bytes).map_err(StoreError::Random)?;
    Ok(hex::encode(bytes))
}

/// Whether `token` could be a calendar feed token; anything else is unknown without a query
/// (and a NUL, which Postgres text refuses, never reaches the database).
pub(crate) fn is_calendar_token_shaped(token: &str) -> bool {
    token.len() == CALENDAR_TOKEN_LEN && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Domain operations on the database. Every operation is scoped to a guild: rows of another
/// guild are invisible (reads return `None`/empty, writes return [`StoreError::NotFound`]).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    // --- The database itself -------------------------------------------------------------

    fn backend(&self) -> Backend;
    /// Apply pending migrations, then fill in what SQL cannot compute (the folded names of
    /// chantiers created before migration 0004).
    async fn migrate(&self) -> Result<(), StoreError>;
    /// Cheap round trip to the database (health checks).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Connections currently open in the pool.
    fn connections(&self) -> u32;

    // --- Interactions and the command log ------------------------------------------------

    /// Record an interaction id as processed. `true` the first time, `false` if it was already
    /// claimed and has not expired. Expired claims are replaced.
    async fn claim_interaction(
        &self,
        id: Snowflake,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<bool, StoreError>;
    /// Delete claims that expired before `now`; returns how many.
    async fn purge_interactions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    async fn log_command(&self, entry: &CommandLogEntry) -> Result<(), StoreError>;

    // --- Guild configuration: role levels, channels, calendar feed -----------------------

    async fn role_levels(&self, guild_id: Snowflake) -> Result<Vec<RoleLevel>, StoreError>;
    /// Map a role to a level; `Level::Member` removes the mapping.
    async fn set_role_level(
        &self,
        guild_id: Snowflake,
        role_id: Snowflake,
        level: Level,
    ) -> Result<(), StoreError>;
    /// Set the guild's channel of `kind` (`/config salon`), replacing the previous one.
    async fn set_guild_channel(
        &self,
        guild_id: Snowflake,
        kind: ChannelKind,
        channel_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The channels configured for the guild, in [`ChannelKind::ALL`] order; kinds not set are
    /// absent.
    async fn guild_channels(&self, guild_id: Snowflake) -> Result<Vec<GuildChannel>, StoreError>;
    /// The guild's calendar feed token, created on first use.
    async fn calendar_token(
        &self,
        guild_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError>;
    /// Replace the guild's calendar feed token; the old one stops working.
    async fn rotate_calendar_token(
        &self,
        guild_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError>;
    /// The guild a calendar feed token belongs to.
    async fn guild_for_calendar_token(&self, token: &str) -> Result<Option<Snowflake>, StoreError>;

    // --- Chantiers -----------------------------------------------------------------------

    /// Create a chantier; a name already used in the guild, ignoring case and accents
    /// ([`fold_name`]), is `Conflict("chantiers_guild_name")` — refused by the database's
    /// unique index, so two concurrent creations cannot both win.
    async fn create_chantier(
        &self,
        new: &NewChantier,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError>;
    /// Lookup ignoring case and accents ([`fold_name`]), archived ones included.
    async fn chantier_by_name(
        &self,
        guild_id: Snowflake,
        name: &str,
    ) -> Result<Option<Chantier>, StoreError>;
    /// Chantiers (active or archived) ordered by name, with their open-task counts.
    async fn list_chantiers(
        &self,
        guild_id: Snowflake,
        archived: bool,
    ) -> Result<Vec<ChantierSummary>, StoreError>;
    /// Names of the active chantiers, ordered by name (autocomplete, suggestions).
    async fn chantier_names(&self, guild_id: Snowflake) -> Result<Vec<String>, StoreError>;
    /// Delete a chantier nothing points at (no task, no planning entry): the undoing of a
    /// creation whose Discord channel was refused. `false` when nothing was deleted.
    async fn delete_chantier(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
    ) -> Result<bool, StoreError>;
    /// Record the Discord channel of a chantier; `NotFound` for an unknown id or one of another
    /// guild.
    async fn set_chantier_channel(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
        channel_id: Snowflake,
    ) -> Result<Chantier, StoreError>;
    /// Mark a chantier archived (its tasks and planning stay); `NotFound` as above.
    async fn archive_chantier(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError>;

    // --- Tasks ---------------------------------------------------------------------------

    async fn create_task(&self, new: &NewTask, now: DateTime<Utc>) -> Result<Task, StoreError>;
    async fn task(&self, guild_id: Snowflake, id: i64) -> Result<Option<Task>, StoreError>;
    async fn list_tasks(&self, filter: &TaskFilter, page: Page) -> Result<TaskPage, StoreError>;
    /// Every write to a task — done, cancel, reassign, edit: apply `changes` (see
    /// [`TaskChanges`]) to an **open** task, in one conditional statement, so that of two
    /// concurrent writes (`/done` and `/annuler`) the second sees the first's result.
    /// `terminee` sets `done_at = now`. [`Transition::Unchanged`] when the task is closed or
    /// the changes would change nothing (empty changes included).
    async fn update_task(
        &self,
        guild_id: Snowflake,
        id: i64,
        changes: &TaskChanges,
        now: DateTime<Utc>,
    ) -> Result<Transition, StoreError>;

    // --- Planning ------------------------------------------------------------------------

    async fn add_planning(
        &self,
        new: &NewPlanningEntry,
        now: DateTime<Utc>,
    ) -> Result<PlanningEntry, StoreError>;
    /// Entries overlapping `[from, to]` (inclusive), optionally for one user, ordered by
    /// start date, user, id.
    async fn planning_between(
        &self,
        guild_id: Snowflake,
        from: NaiveDate,
        to: NaiveDate,
        user_id: Option<Snowflake>,
    ) -> Result<Vec<PlanningEntry>, StoreError>;
    /// Delete a planning entry; `NotFound` for an unknown id or one of another guild.
    async fn delete_planning(&self, guild_id: Snowflake, id: i64) -> Result<(), StoreError>;

    // --- Moderation ----------------------------------------------------------------------

    /// Record a warning given to a member.
    async fn add_warning(
        &self,
        new: &NewWarning,
        now: DateTime<Utc>,
    ) -> Result<Warning, StoreError>;
    /// One page of a member's warnings, newest first, with their total.
    async fn warnings(
        &self,
        guild_id: Snowflake,
        user_id: Snowflake,
        page: Page,
    ) -> Result<WarningPage, StoreError>;

    // --- Activity: written by the gateway sidecar, read by the REST API ------------------

    /// Log a batch of messages (creates and edits) from the gateway. Idempotent: a message id
    /// is stored once per guild; a later version (by `edited_at`, else `created_at`) replaces
    /// content and `edited_at`, an older or identical one changes nothing, and a deleted
    /// message stays deleted. Returns how many messages were inserted or changed.
    async fn log_messages(&self, batch: &[NewMessage]) -> Result<u64, StoreError>;
    /// Mark a message deleted at `at` (kept for statistics, hidden from search). `false` when
    /// the message is unknown or already deleted.
    async fn delete_message(
        &self,
        guild_id: Snowflake,
        message_id: Snowflake,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Messages of the guild matching `query`, at most `limit`, best match first (then
    /// newest), deleted ones excluded. Case and accents are ignored; every word of the query
    /// must match (as a word start on SQLite, a French stem on Postgres, which falls back to
    /// substrings and fuzzy matching when that finds nothing). Any text is a valid query: it is
    /// never parsed as search syntax. Only the first [`MAX_SEARCH_CHARS`] characters count; a
    /// query without a letter or digit finds nothing.
    async fn search_messages(
        &self,
        guild_id: Snowflake,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError>;
    /// Create or update a member (name, join date); presence is unchanged.
    async fn upsert_member(&self, update: &MemberUpdate) -> Result<(), StoreError>;
    /// Record a presence update; an unknown member is created without a name.
    async fn set_presence(
        &self,
        guild_id: Snowflake,
        user_id: Snowflake,
        status: PresenceStatus,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Members of the guild: not offline first, then by display name (unnamed last), user id.
    async fn presence(&self, guild_id: Snowflake) -> Result<Vec<Member>, StoreError>;

    // --- Figures -------------------------------------------------------------------------

    /// Figures of `/info`.
    async fn counts(&self, guild_id: Snowflake) -> Result<Counts, StoreError>;
    /// Per-user activity since `since`: messages, commands, tasks done; the `limit` most active
    /// users by messages + commands (then tasks done, user id).
    async fn user_stats(
        &self,
        guild_id: Snowflake,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<UserActivity>, StoreError>;
    /// Guild figures: tasks by status, active chantiers, planning entries overlapping
    /// `[week_start, week_end]`, messages logged, users active since `since`.
    async fn guild_stats(
        &self,
        guild_id: Snowflake,
        week_start: NaiveDate,
        week_end: NaiveDate,
        since: DateTime<Utc>,
    ) -> Result<GuildStats, StoreError>;
}

/// Connect to the database named by `url` (`postgres://…` or `sqlite://…`). A missing SQLite
/// file and its folder are created. Does not migrate.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::of_url(url) {
        Some(Backend::Postgres) => Ok(Arc::new(PgStore::connect(url).await?)),
        Some(Backend::Sqlite) => Ok(Arc::new(SqliteStore::connect(url).await?)),
        None => Err(StoreError::UnsupportedUrl),
    }
}
