//! Persistence: the [`Store`] trait speaks the domain (chantiers, tasks, planning, role levels,
//! processed interactions, command log; messages, members' presence and activity statistics
//! written by the gateway sidecar and read by the REST API; calendar feed tokens), and one
//! module per backend owns all of its SQL.
//!
//! The backend is chosen at run time from the `DATABASE_URL` scheme ([`connect`]); both
//! drivers are always compiled. The command core, the REST API and the jobs only ever see
//! `Arc<dyn Store>`. Discord snowflakes are `u64` here and `bigint` in the database.

mod postgres;
mod sqlite;

use std::{fmt, sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

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

/// Permission level of a member in a guild: admin > manager > member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Member,
    Manager,
    Admin,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Member => "member",
            Level::Manager => "manager",
            Level::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "member" => Some(Level::Member),
            "manager" => Some(Level::Manager),
            "admin" => Some(Level::Admin),
            _ => None,
        }
    }
}

/// Life cycle of a task. Stored as the French codes users type (`a_faire`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    AFaire,
    EnCours,
    Terminee,
    Annulee,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::AFaire,
        TaskStatus::EnCours,
        TaskStatus::Terminee,
        TaskStatus::Annulee,
    ];
    /// Statuses shown by default: the work still to do.
    pub const OPEN: [TaskStatus; 2] = [TaskStatus::AFaire, TaskStatus::EnCours];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::AFaire => "a_faire",
            TaskStatus::EnCours => "en_cours",
            TaskStatus::Terminee => "terminee",
            TaskStatus::Annulee => "annulee",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(self, TaskStatus::AFaire | TaskStatus::EnCours)
    }
}

/// A chantier (job site) to create.
#[derive(Debug, Clone)]
pub struct NewChantier {
    pub guild_id: u64,
    pub name: String,
    pub address: Option<String>,
    pub created_by: u64,
}

/// A stored chantier. Names are unique per guild, case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub struct Chantier {
    pub id: i64,
    pub guild_id: u64,
    pub name: String,
    pub address: Option<String>,
    pub channel_id: Option<u64>,
    pub archived: bool,
    pub created_by: u64,
    pub created_at: DateTime<Utc>,
}

/// A chantier with the number of its open tasks (`a_faire` + `en_cours`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChantierSummary {
    pub chantier: Chantier,
    pub open_tasks: i64,
}

/// A task to create (status `a_faire`).
#[derive(Debug, Clone)]
pub struct NewTask {
    pub guild_id: u64,
    pub chantier_id: i64,
    pub assignee_id: u64,
    pub creator_id: u64,
    pub description: String,
    pub due_date: Option<NaiveDate>,
}

/// A stored task, joined with its chantier's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: i64,
    pub guild_id: u64,
    pub chantier_id: i64,
    pub chantier: String,
    pub assignee_id: u64,
    pub creator_id: u64,
    pub description: String,
    pub status: TaskStatus,
    pub due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// Which tasks to list. An empty `statuses` means every status.
#[derive(Debug, Clone)]
pub struct TaskFilter {
    pub guild_id: u64,
    pub assignee_id: Option<u64>,
    pub chantier_id: Option<i64>,
    pub statuses: Vec<TaskStatus>,
}

/// One page of a list: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

/// Tasks of one page, ordered by id, with the total matching the filter.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    pub total: i64,
}

/// A planning entry to create: `user_id` works on the chantier from `start_date` to
/// `end_date`, both inclusive, as local (Europe/Paris) calendar days.
#[derive(Debug, Clone)]
pub struct NewPlanningEntry {
    pub guild_id: u64,
    pub user_id: u64,
    pub chantier_id: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub notes: Option<String>,
    pub created_by: u64,
}

/// A stored planning entry, joined with its chantier's name.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningEntry {
    pub id: i64,
    pub guild_id: u64,
    pub user_id: u64,
    pub chantier_id: i64,
    pub chantier: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub notes: Option<String>,
    pub created_by: u64,
    pub created_at: DateTime<Utc>,
}

/// A Discord role mapped to a level in a guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleLevel {
    pub role_id: u64,
    pub level: Level,
}

/// One executed command, for the audit trail and activity statistics.
#[derive(Debug, Clone)]
pub struct CommandLogEntry {
    pub guild_id: Option<u64>,
    pub channel_id: Option<u64>,
    pub user_id: u64,
    pub command: String,
    /// `slash`, `prefix`, `component`, `api`.
    pub source: &'static str,
    pub duration_us: i64,
    /// `ok`, `invalid`, `forbidden`, `not_found`, `error`.
    pub outcome: &'static str,
    pub at: DateTime<Utc>,
}

/// Figures shown by `/info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub tasks: i64,
    pub open_tasks: i64,
    pub chantiers: i64,
}

/// A Discord message as the gateway sidecar saw it (create or update), to log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    pub guild_id: u64,
    pub channel_id: u64,
    pub message_id: u64,
    pub author_id: u64,
    pub content: String,
    pub created_at: DateTime<Utc>,
    /// Set by an edit; a version with a later `edited_at` replaces the stored content.
    pub edited_at: Option<DateTime<Utc>>,
}

/// A logged message. `deleted_at` is set once Discord reported it deleted (soft delete).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub guild_id: u64,
    pub channel_id: u64,
    pub message_id: u64,
    pub author_id: u64,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
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

/// Presence of a member as Discord reports it (`invisible` is reported as `offline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PresenceStatus {
    Online,
    Idle,
    Dnd,
    Offline,
}

impl PresenceStatus {
    pub const ALL: [PresenceStatus; 4] = [
        PresenceStatus::Online,
        PresenceStatus::Idle,
        PresenceStatus::Dnd,
        PresenceStatus::Offline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PresenceStatus::Online => "online",
            PresenceStatus::Idle => "idle",
            PresenceStatus::Dnd => "dnd",
            PresenceStatus::Offline => "offline",
        }
    }

    pub fn parse(s: &str) -> Option<PresenceStatus> {
        PresenceStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A member joined or changed (name, nickname), as of `at`. Presence is left unchanged; a new
/// member starts `offline`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberUpdate {
    pub guild_id: u64,
    pub user_id: u64,
    pub display_name: String,
    /// `None` keeps the stored value.
    pub joined_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// A stored member with their last known presence.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub guild_id: u64,
    pub user_id: u64,
    /// `None` for someone only seen through presence updates so far.
    pub display_name: Option<String>,
    pub status: PresenceStatus,
    /// Last time the member was seen not offline (set by presence updates, including the one
    /// that took them offline).
    pub last_seen_at: Option<DateTime<Utc>>,
    pub joined_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One user's activity in a guild since a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActivity {
    pub user_id: u64,
    /// From the members table, when known.
    pub display_name: Option<String>,
    /// Messages written (not deleted).
    pub messages: i64,
    /// Commands run, whatever their outcome.
    pub commands: i64,
    /// Tasks assigned to the user and marked `terminee`.
    pub tasks_done: i64,
}

/// Figures of a guild for the statistics endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildStats {
    /// Every status, in [`TaskStatus::ALL`] order, zero included.
    pub tasks_by_status: Vec<(TaskStatus, i64)>,
    /// Chantiers not archived.
    pub active_chantiers: i64,
    /// Planning entries overlapping the week.
    pub planning_entries: i64,
    /// Messages logged and not deleted, all time.
    pub messages: i64,
    /// Distinct users who wrote a message or ran a command since the given time.
    pub active_users: i64,
}

/// A partial update of a task (REST `PATCH`). `None` leaves a field unchanged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskChanges {
    pub description: Option<String>,
    pub assignee_id: Option<u64>,
    /// `terminee` sets `done_at` (kept if the task was already done); any other clears it.
    pub status: Option<TaskStatus>,
    /// `Some(None)` clears the due date.
    pub due_date: Option<Option<NaiveDate>>,
}

impl TaskChanges {
    /// True when the update would change nothing.
    pub fn is_empty(&self) -> bool {
        self.description.is_none()
            && self.assignee_id.is_none()
            && self.status.is_none()
            && self.due_date.is_none()
    }
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
    fn backend(&self) -> Backend;
    /// Apply pending migrations.
    async fn migrate(&self) -> Result<(), StoreError>;
    /// Cheap round trip to the database (health checks).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Connections currently open in the pool.
    fn connections(&self) -> u32;

    /// Record an interaction id as processed. `true` the first time, `false` if it was already
    /// claimed and has not expired. Expired claims are replaced.
    async fn claim_interaction(
        &self,
        id: u64,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<bool, StoreError>;
    /// Delete claims that expired before `now`; returns how many.
    async fn purge_interactions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    async fn log_command(&self, entry: &CommandLogEntry) -> Result<(), StoreError>;

    async fn role_levels(&self, guild_id: u64) -> Result<Vec<RoleLevel>, StoreError>;
    /// Map a role to a level; `Level::Member` removes the mapping.
    async fn set_role_level(
        &self,
        guild_id: u64,
        role_id: u64,
        level: Level,
    ) -> Result<(), StoreError>;

    /// Create a chantier; a name already used in the guild (case-insensitive) is
    /// `Conflict("chantiers_guild_name")`.
    async fn create_chantier(
        &self,
        new: &NewChantier,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError>;
    /// Case-insensitive lookup, archived ones included.
    async fn chantier_by_name(
        &self,
        guild_id: u64,
        name: &str,
    ) -> Result<Option<Chantier>, StoreError>;
    /// Chantiers (active or archived) ordered by name, with their open-task counts.
    async fn list_chantiers(
        &self,
        guild_id: u64,
        archived: bool,
    ) -> Result<Vec<ChantierSummary>, StoreError>;
    /// Names of the active chantiers, ordered by name (autocomplete, suggestions).
    async fn chantier_names(&self, guild_id: u64) -> Result<Vec<String>, StoreError>;

    async fn create_task(&self, new: &NewTask, now: DateTime<Utc>) -> Result<Task, StoreError>;
    async fn task(&self, guild_id: u64, id: i64) -> Result<Option<Task>, StoreError>;
    async fn list_tasks(&self, filter: &TaskFilter, page: Page) -> Result<TaskPage, StoreError>;
    /// Change the status; `terminee` sets `done_at = now`, any other clears it.
    async fn set_task_status(
        &self,
        guild_id: u64,
        id: i64,
        status: TaskStatus,
        now: DateTime<Utc>,
    ) -> Result<Task, StoreError>;
    async fn reassign_task(
        &self,
        guild_id: u64,
        id: i64,
        assignee_id: u64,
        now: DateTime<Utc>,
    ) -> Result<Task, StoreError>;

    async fn add_planning(
        &self,
        new: &NewPlanningEntry,
        now: DateTime<Utc>,
    ) -> Result<PlanningEntry, StoreError>;
    /// Entries overlapping `[from, to]` (inclusive), optionally for one user, ordered by
    /// start date, user, id.
    async fn planning_between(
        &self,
        guild_id: u64,
        from: NaiveDate,
        to: NaiveDate,
        user_id: Option<u64>,
    ) -> Result<Vec<PlanningEntry>, StoreError>;

    async fn counts(&self, guild_id: u64) -> Result<Counts, StoreError>;
    /// How many tasks of the guild have each status; statuses without tasks are absent.
    async fn task_status_counts(&self, guild_id: u64)
    -> Result<Vec<(TaskStatus, i64)>, StoreError>;

    /// Log a batch of messages (creates and edits) from the gateway. Idempotent: a message id
    /// is stored once per guild; a later version (by `edited_at`, else `created_at`) replaces
    /// content and `edited_at`, an older or identical one changes nothing, and a deleted
    /// message stays deleted. Returns how many messages were inserted or changed.
    async fn log_messages(&self, batch: &[NewMessage]) -> Result<u64, StoreError>;
    /// Mark a message deleted at `at` (kept for statistics, hidden from search). `false` when
    /// the message is unknown or already deleted.
    async fn delete_message(
        &self,
        guild_id: u64,
        message_id: u64,
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
        guild_id: u64,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError>;
    /// Delete (for good) the messages of every guild created before `older_than`; returns how
    /// many.
    async fn purge_messages(&self, older_than: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Create or update a member (name, join date); presence is unchanged.
    async fn upsert_member(&self, update: &MemberUpdate) -> Result<(), StoreError>;
    /// Record a presence update; an unknown member is created without a name.
    async fn set_presence(
        &self,
        guild_id: u64,
        user_id: u64,
        status: PresenceStatus,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Members of the guild: not offline first, then by display name (unnamed last), user id.
    async fn presence(&self, guild_id: u64) -> Result<Vec<Member>, StoreError>;

    /// Per-user activity since `since`: messages, commands, tasks done; the `limit` most active
    /// users by messages + commands (then tasks done, user id).
    async fn user_stats(
        &self,
        guild_id: u64,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<UserActivity>, StoreError>;
    /// Guild figures: tasks by status, active chantiers, planning entries overlapping
    /// `[week_start, week_end]`, messages logged, users active since `since`.
    async fn guild_stats(
        &self,
        guild_id: u64,
        week_start: NaiveDate,
        week_end: NaiveDate,
        since: DateTime<Utc>,
    ) -> Result<GuildStats, StoreError>;

    /// Delete a planning entry; `NotFound` for an unknown id or one of another guild.
    async fn delete_planning(&self, guild_id: u64, id: i64) -> Result<(), StoreError>;
    async fn planning_entry(
        &self,
        guild_id: u64,
        id: i64,
    ) -> Result<Option<PlanningEntry>, StoreError>;

    /// Apply the given changes to a task (see [`TaskChanges`]); empty changes write nothing.
    async fn update_task(
        &self,
        guild_id: u64,
        id: i64,
        changes: &TaskChanges,
        now: DateTime<Utc>,
    ) -> Result<Task, StoreError>;

    /// The guild's calendar feed token, created on first use.
    async fn calendar_token(&self, guild_id: u64, now: DateTime<Utc>)
    -> Result<String, StoreError>;
    /// Replace the guild's calendar feed token; the old one stops working.
    async fn rotate_calendar_token(
        &self,
        guild_id: u64,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError>;
    /// The guild a calendar feed token belongs to.
    async fn guild_for_calendar_token(&self, token: &str) -> Result<Option<u64>, StoreError>;

    /// Set the guild's channel of `kind` (`/config salon`), replacing the previous one.
    async fn set_guild_channel(
        &self,
        guild_id: u64,
        kind: ChannelKind,
        channel_id: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The channels configured for the guild, in [`ChannelKind::ALL`] order; kinds not set are
    /// absent.
    async fn guild_channels(&self, guild_id: u64) -> Result<Vec<GuildChannel>, StoreError>;
    /// Record the Discord channel of a chantier; `NotFound` for an unknown id or one of another
    /// guild.
    async fn set_chantier_channel(
        &self,
        guild_id: u64,
        chantier_id: i64,
        channel_id: u64,
    ) -> Result<Chantier, StoreError>;
    /// Mark a chantier archived (its tasks and planning stay); `NotFound` as above.
    async fn archive_chantier(
        &self,
        guild_id: u64,
        chantier_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError>;
    /// Record a warning given to a member.
    async fn add_warning(
        &self,
        new: &NewWarning,
        now: DateTime<Utc>,
    ) -> Result<Warning, StoreError>;
    /// One page of a member's warnings, newest first, with their total.
    async fn warnings(
        &self,
        guild_id: u64,
        user_id: u64,
        page: Page,
    ) -> Result<WarningPage, StoreError>;
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

/// What a guild channel set with `/config salon` is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// Where the weekly planning is posted.
    Planning,
    /// Where moderation actions are logged.
    Moderation,
    /// The category chantier channels are created under.
    Chantiers,
    /// The category archived chantier channels are moved to.
    Archives,
    /// Where alerts for the team are posted.
    Alertes,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 5] = [
        ChannelKind::Planning,
        ChannelKind::Moderation,
        ChannelKind::Chantiers,
        ChannelKind::Archives,
        ChannelKind::Alertes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Planning => "planning",
            ChannelKind::Moderation => "moderation",
            ChannelKind::Chantiers => "chantiers",
            ChannelKind::Archives => "archives",
            ChannelKind::Alertes => "alertes",
        }
    }

    pub fn parse(s: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Categories hold channels; the other kinds are text channels gvbot posts to.
    pub fn is_category(self) -> bool {
        matches!(self, ChannelKind::Chantiers | ChannelKind::Archives)
    }
}

/// A channel configured for a guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuildChannel {
    pub kind: ChannelKind,
    pub channel_id: u64,
}

/// The channel of `kind` among `channels`, if configured.
pub fn channel_of(channels: &[GuildChannel], kind: ChannelKind) -> Option<u64> {
    channels
        .iter()
        .find(|c| c.kind == kind)
        .map(|c| c.channel_id)
}

/// A warning to record (`/avertir`).
#[derive(Debug, Clone)]
pub struct NewWarning {
    pub guild_id: u64,
    pub user_id: u64,
    pub moderator_id: u64,
    pub reason: String,
}

/// A stored warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub id: i64,
    pub guild_id: u64,
    pub user_id: u64,
    pub moderator_id: u64,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// Warnings of one page, newest first, with the member's total.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningPage {
    pub warnings: Vec<Warning>,
    pub total: i64,
}
