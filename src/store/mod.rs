//! Persistence: the [`Store`] trait speaks the domain (chantiers, tasks, planning, role levels,
//! processed interactions, command log), and one module per backend owns all of its SQL.
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
}

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
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
}

/// Connect to the database named by `url` (`postgres://…` or `sqlite://…`). A missing SQLite
/// file and its folder are created. Does not migrate.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}
