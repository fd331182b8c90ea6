//! SQLite backend of [`Store`]: the connection pool, the embedded migrations
//! (`migrations/sqlite`) and every SQL statement run against SQLite. Built by
//! [`crate::store::connect`] for `sqlite:` URLs: the embedded default (`sqlite://data/gvbot.db`)
//! and `sqlite::memory:` for unit tests.
//!
//! Discord ids are `integer`, bound and decoded as [`Snowflake`] (see `super::ids`); timestamps and dates are TEXT
//! through sqlx's chrono encoding. Statements that write set `updated_at` to the caller's clock;
//! the `*_set_updated_at` triggers cover other updates.
//!
//! Chantier names compare by `name_key`, the folded name computed in Rust
//! ([`super::fold_name`]; SQLite's `lower()` folds ASCII letters only), unique per guild
//! (migration 0004).
//!
//! Message search uses `messages_fts`, an FTS5 external-content index of `messages.content`
//! kept in sync by triggers (migration 0002).

use std::{fmt, str::FromStr, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sqlx::{
    QueryBuilder, Sqlite, SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::id::Snowflake;

use super::{
    Backend, Chantier, ChantierSummary, CommandLogEntry, Counts, GuildStats, Level, Member,
    MemberUpdate, Message, NewChantier, NewMessage, NewPlanningEntry, NewTask, Page, PlanningEntry,
    PresenceStatus, RoleLevel, Store, StoreError, Task, TaskChanges, TaskFilter, TaskPage,
    TaskStatus, Transition, UserActivity, all_statuses, fold_name, is_calendar_token_shaped,
    latest_versions, new_calendar_token, search_terms, search_text, storable_text,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// The unique index on `(guild_id, name_key)` of `chantiers`. SQLite does not name the index
/// in its unique-violation errors but the columns, [`CHANTIERS_NAME_KEY_COLUMN`] among them.
const CHANTIERS_GUILD_NAME: &str = "chantiers_guild_name";
/// How SQLite's message (`UNIQUE constraint failed: chantiers.guild_id, chantiers.name_key`)
/// names the folded-name column of [`CHANTIERS_GUILD_NAME`].
const CHANTIERS_NAME_KEY_COLUMN: &str = "chantiers.name_key";

/// Whether `err` is the violation of [`CHANTIERS_GUILD_NAME`].
fn is_chantier_name_taken(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db)
        if db.is_unique_violation() && db.message().contains(CHANTIERS_NAME_KEY_COLUMN))
}

/// Connections of a file database; SQLite serialises writers anyway (WAL lets readers run
/// alongside the writer).
const FILE_POOL_SIZE: u32 = 5;

/// A [`Store`] on an SQLite pool.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("connections", &self.pool.size())
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Open a pool on `url`. A missing file and its parent folder are created; files use WAL
    /// journaling, `synchronous = normal`, a 5 s busy timeout and foreign keys. An in-memory
    /// database (`sqlite::memory:`) lives as long as its connection, so it gets a pool of
    /// exactly one connection that is never closed. Does not migrate.
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let mut options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = if memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await?
        } else {
            if let Some(folder) = options.get_filename().parent()
                && !folder.as_os_str().is_empty()
            {
                std::fs::create_dir_all(folder).map_err(sqlx::Error::Io)?;
            }
            options = options.journal_mode(SqliteJournalMode::Wal);
            SqlitePoolOptions::new()
                .max_connections(FILE_POOL_SIZE)
                .connect_with(options)
                .await?
        };
        Ok(SqliteStore { pool })
    }

    async fn ensure_guild(
        &self,
        guild_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into guilds (guild_id, created_at) values ($1, $2) \
             on conflict (guild_id) do nothing",
        )
        .bind(guild_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn task_by_id(&self, guild_id: Snowflake, id: i64) -> Result<Option<Task>, StoreError> {
        select_task(&self.pool, guild_id, id).await
    }

    /// The task just written by an `insert ... returning id`; `None` means the chantier is
    /// unknown in this guild.
    async fn inserted_task(
        &self,
        guild_id: Snowflake,
        id: Option<i64>,
    ) -> Result<Task, StoreError> {
        let id = id.ok_or(StoreError::NotFound)?;
        self.task_by_id(guild_id, id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// How many tasks of the guild have each status; statuses without tasks are absent.
    async fn task_status_counts(
        &self,
        guild_id: Snowflake,
    ) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "select status, count(*) from tasks where guild_id = $1 group by status order by status",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        // The status column is checked by the schema; an unknown code cannot be stored.
        Ok(rows
            .into_iter()
            .filter_map(|(status, n)| TaskStatus::parse(&status).map(|s| (s, n)))
            .collect())
    }

    /// Give the chantiers created before migration 0004 their `name_key`, oldest first. One
    /// whose key an older chantier of its guild holds keeps none, and is reported.
    async fn fill_name_keys(&self) -> Result<(), StoreError> {
        let missing: Vec<(i64, Snowflake, String)> = sqlx::query_as(
            "select id, guild_id, name from chantiers where name_key is null order by id",
        )
        .fetch_all(&self.pool)
        .await?;
        for (id, guild_id, name) in missing {
            let filled = sqlx::query(
                "update chantiers set name_key = $2 where id = $1 and name_key is null",
            )
            .bind(id)
            .bind(fold_name(&name))
            .execute(&self.pool)
            .await;
            match filled {
                Ok(_) => {}
                Err(err) if is_chantier_name_taken(&err) => {
                    tracing::warn!(
                        chantier_id = id,
                        %guild_id,
                        "chantier name already used in its guild, ignoring case and accents: \
                         found by id only until renamed"
                    );
                }
                Err(err) => return Err(err.into()),
            }
        }
        Ok(())
    }
}

/// The task `id` of the guild, joined with its chantier's name, through `executor` (the pool,
/// or the transaction that just wrote it).
async fn select_task<'e, E>(
    executor: E,
    guild_id: Snowflake,
    id: i64,
) -> Result<Option<Task>, StoreError>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let row: Option<TaskRow> = sqlx::query_as(
        "select t.id, t.guild_id, t.chantier_id, c.name as chantier, t.assignee_id, \
                t.creator_id, t.description, t.status, t.due_date, t.created_at, \
                t.updated_at, t.done_at \
         from tasks t \
         join chantiers c on c.guild_id = t.guild_id and c.id = t.chantier_id \
         where t.guild_id = $1 and t.id = $2",
    )
    .bind(guild_id)
    .bind(id)
    .fetch_optional(executor)
    .await?;
    row.map(Task::try_from).transpose()
}

#[derive(sqlx::FromRow)]
struct ChantierRow {
    id: i64,
    guild_id: Snowflake,
    name: String,
    address: Option<String>,
    channel_id: Option<Snowflake>,
    archived: bool,
    created_by: Snowflake,
    created_at: DateTime<Utc>,
}

impl From<ChantierRow> for Chantier {
    fn from(r: ChantierRow) -> Chantier {
        Chantier {
            id: r.id,
            guild_id: r.guild_id,
            name: r.name,
            address: r.address,
            channel_id: r.channel_id,
            archived: r.archived,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ChantierSummaryRow {
    #[sqlx(flatten)]
    chantier: ChantierRow,
    open_tasks: i64,
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: i64,
    guild_id: Snowflake,
    chantier_id: i64,
    chantier: String,
    assignee_id: Snowflake,
    creator_id: Snowflake,
    description: String,
    status: String,
    due_date: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
}

impl TryFrom<TaskRow> for Task {
    type Error = StoreError;

    fn try_from(r: TaskRow) -> Result<Task, StoreError> {
        let status = TaskStatus::parse(&r.status).ok_or_else(|| {
            StoreError::Other(sqlx::Error::Decode(
                format!("unknown task status {:?}", r.status).into(),
            ))
        })?;
        Ok(Task {
            id: r.id,
            guild_id: r.guild_id,
            chantier_id: r.chantier_id,
            chantier: r.chantier,
            assignee_id: r.assignee_id,
            creator_id: r.creator_id,
            description: r.description,
            status,
            due_date: r.due_date,
            created_at: r.created_at,
            updated_at: r.updated_at,
            done_at: r.done_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct PlanningRow {
    id: i64,
    guild_id: Snowflake,
    user_id: Snowflake,
    chantier_id: i64,
    chantier: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    notes: Option<String>,
    created_by: Snowflake,
    created_at: DateTime<Utc>,
}

impl From<PlanningRow> for PlanningEntry {
    fn from(r: PlanningRow) -> PlanningEntry {
        PlanningEntry {
            id: r.id,
            guild_id: r.guild_id,
            user_id: r.user_id,
            chantier_id: r.chantier_id,
            chantier: r.chantier,
            start_date: r.start_date,
            end_date: r.end_date,
            notes: r.notes,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct RoleLevelRow {
    role_id: Snowflake,
    level: String,
}

#[derive(sqlx::FromRow)]
struct CountsRow {
    tasks: i64,
    open_tasks: i64,
    chantiers: i64,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    guild_id: Snowflake,
    channel_id: Snowflake,
    message_id: Snowflake,
    author_id: Snowflake,
    content: String,
    created_at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
    deleted_at: Option<DateTime<Utc>>,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Message {
        Message {
            guild_id: r.guild_id,
            channel_id: r.channel_id,
            message_id: r.message_id,
            author_id: r.author_id,
            content: r.content,
            created_at: r.created_at,
            edited_at: r.edited_at,
            deleted_at: r.deleted_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    guild_id: Snowflake,
    user_id: Snowflake,
    display_name: Option<String>,
    status: String,
    last_seen_at: Option<DateTime<Utc>>,
    joined_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;

    fn try_from(r: MemberRow) -> Result<Member, StoreError> {
        let status = PresenceStatus::parse(&r.status).ok_or_else(|| {
            StoreError::Other(sqlx::Error::Decode(
                format!("unknown presence status {:?}", r.status).into(),
            ))
        })?;
        Ok(Member {
            guild_id: r.guild_id,
            user_id: r.user_id,
            display_name: r.display_name,
            status,
            last_seen_at: r.last_seen_at,
            joined_at: r.joined_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct UserActivityRow {
    user_id: Snowflake,
    display_name: Option<String>,
    messages: i64,
    commands: i64,
    tasks_done: i64,
}

impl From<UserActivityRow> for UserActivity {
    fn from(r: UserActivityRow) -> UserActivity {
        UserActivity {
            user_id: r.user_id,
            display_name: r.display_name,
            messages: r.messages,
            commands: r.commands,
            tasks_done: r.tasks_done,
        }
    }
}

#[derive(sqlx::FromRow)]
struct GuildFiguresRow {
    active_chantiers: i64,
    planning_entries: i64,
    messages: i64,
    active_users: i64,
}

/// `now + ttl`, saturating instead of overflowing on absurd TTLs.
fn expiry(now: DateTime<Utc>, ttl: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(ttl)
        .ok()
        .and_then(|ttl| now.checked_add_signed(ttl))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        self.fill_name_keys().await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("select 1").execute(&self.pool).await?;
        Ok(())
    }

    fn connections(&self) -> u32 {
        self.pool.size()
    }

    async fn claim_interaction(
        &self,
        id: Snowflake,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        // One statement, so two concurrent claims of one id cannot both win: SQLite runs one
        // writer at a time, and the second sees an unexpired claim and updates nothing.
        let done = sqlx::query(
            "insert into processed_interactions (id, expires_at) values ($1, $2) \
             on conflict (id) do update set expires_at = excluded.expires_at \
             where processed_interactions.expires_at <= $3",
        )
        .bind(id)
        .bind(expiry(now, ttl))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn purge_interactions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        // Same rule as claim_interaction: a claim is expired from its expires_at on.
        let done = sqlx::query("delete from processed_interactions where expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn log_command(&self, entry: &CommandLogEntry) -> Result<(), StoreError> {
        sqlx::query(
            "insert into command_log \
                (guild_id, channel_id, user_id, command, source, duration_us, outcome, \
                 created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(entry.guild_id)
        .bind(entry.channel_id)
        .bind(entry.user_id)
        .bind(&entry.command)
        .bind(entry.source)
        .bind(entry.duration_us)
        .bind(entry.outcome)
        .bind(entry.at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn role_levels(&self, guild_id: Snowflake) -> Result<Vec<RoleLevel>, StoreError> {
        let rows: Vec<RoleLevelRow> = sqlx::query_as(
            "select role_id, level from role_levels where guild_id = $1 order by role_id",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let level = Level::parse(&r.level).ok_or_else(|| {
                    StoreError::Other(sqlx::Error::Decode(
                        format!("unknown role level {:?}", r.level).into(),
                    ))
                })?;
                Ok(RoleLevel {
                    role_id: r.role_id,
                    level,
                })
            })
            .collect()
    }

    async fn set_role_level(
        &self,
        guild_id: Snowflake,
        role_id: Snowflake,
        level: Level,
    ) -> Result<(), StoreError> {
        if level == Level::Member {
            sqlx::query("delete from role_levels where guild_id = $1 and role_id = $2")
                .bind(guild_id)
                .bind(role_id)
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        self.ensure_guild(guild_id, Utc::now()).await?;
        sqlx::query(
            "insert into role_levels (guild_id, role_id, level) values ($1, $2, $3) \
             on conflict (guild_id, role_id) do update set level = excluded.level",
        )
        .bind(guild_id)
        .bind(role_id)
        .bind(level.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn create_chantier(
        &self,
        new: &NewChantier,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError> {
        self.ensure_guild(new.guild_id, now).await?;
        let row: ChantierRow = sqlx::query_as(
            "insert into chantiers \
                (guild_id, name, name_key, address, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $6) \
             returning id, guild_id, name, address, channel_id, archived, created_by, created_at",
        )
        .bind(new.guild_id)
        .bind(&new.name)
        .bind(fold_name(&new.name))
        .bind(&new.address)
        .bind(new.created_by)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|err| {
            if is_chantier_name_taken(&err) {
                StoreError::Conflict(CHANTIERS_GUILD_NAME.into())
            } else {
                StoreError::Other(err)
            }
        })?;
        Ok(row.into())
    }

    async fn chantier_by_name(
        &self,
        guild_id: Snowflake,
        name: &str,
    ) -> Result<Option<Chantier>, StoreError> {
        let row: Option<ChantierRow> = sqlx::query_as(
            "select id, guild_id, name, address, channel_id, archived, created_by, created_at \
             from chantiers where guild_id = $1 and name_key = $2",
        )
        .bind(guild_id)
        .bind(fold_name(name))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Chantier::from))
    }

    async fn list_chantiers(
        &self,
        guild_id: Snowflake,
        archived: bool,
    ) -> Result<Vec<ChantierSummary>, StoreError> {
        let rows: Vec<ChantierSummaryRow> = sqlx::query_as(
            "select c.id, c.guild_id, c.name, c.address, c.channel_id, c.archived, \
                    c.created_by, c.created_at, \
                    (select count(*) from tasks t \
                     where t.guild_id = c.guild_id and t.chantier_id = c.id \
                       and t.status in ('a_faire', 'en_cours')) as open_tasks \
             from chantiers c \
             where c.guild_id = $1 and c.archived = $2 \
             order by lower(c.name), c.id",
        )
        .bind(guild_id)
        .bind(archived)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ChantierSummary {
                chantier: r.chantier.into(),
                open_tasks: r.open_tasks,
            })
            .collect())
    }

    async fn chantier_names(&self, guild_id: Snowflake) -> Result<Vec<String>, StoreError> {
        let names = sqlx::query_scalar(
            "select name from chantiers where guild_id = $1 and not archived \
             order by lower(name), id",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(names)
    }

    async fn create_task(&self, new: &NewTask, now: DateTime<Utc>) -> Result<Task, StoreError> {
        // Selecting the chantier in the guild makes an unknown or foreign chantier a NotFound
        // rather than a foreign-key error.
        let id: Option<i64> = sqlx::query_scalar(
            "insert into tasks \
                (guild_id, chantier_id, assignee_id, creator_id, description, status, due_date, \
                 created_at, updated_at) \
             select c.guild_id, c.id, $3, $4, $5, 'a_faire', $6, $7, $7 \
             from chantiers c where c.guild_id = $1 and c.id = $2 \
             returning id",
        )
        .bind(new.guild_id)
        .bind(new.chantier_id)
        .bind(new.assignee_id)
        .bind(new.creator_id)
        .bind(&new.description)
        .bind(new.due_date)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        self.inserted_task(new.guild_id, id).await
    }

    async fn task(&self, guild_id: Snowflake, id: i64) -> Result<Option<Task>, StoreError> {
        self.task_by_id(guild_id, id).await
    }

    async fn list_tasks(&self, filter: &TaskFilter, page: Page) -> Result<TaskPage, StoreError> {
        // The conditions are assembled per filter (instead of `$n is null or …`) so SQLite can
        // walk the (guild_id, status, id) / (guild_id, assignee_id, status) indexes, and the
        // page query stops after `limit` rows; the total is a separate index-only count.
        let conditions = |query: &mut QueryBuilder<Sqlite>| {
            query
                .push(" where t.guild_id = ")
                .push_bind(filter.guild_id);
            if let Some(assignee) = filter.assignee_id {
                query.push(" and t.assignee_id = ").push_bind(assignee);
            }
            if let Some(chantier) = filter.chantier_id {
                query.push(" and t.chantier_id = ").push_bind(chantier);
            }
            if !filter.statuses.is_empty() {
                query.push(" and t.status in (");
                let mut list = query.separated(", ");
                for status in &filter.statuses {
                    list.push_bind(status.as_str());
                }
                query.push(")");
            }
        };
        let mut count = QueryBuilder::new("select count(*) from tasks t");
        conditions(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let mut select = QueryBuilder::new(
            "select t.id, t.guild_id, t.chantier_id, c.name as chantier, t.assignee_id, \
                    t.creator_id, t.description, t.status, t.due_date, t.created_at, \
                    t.updated_at, t.done_at \
             from tasks t \
             join chantiers c on c.guild_id = t.guild_id and c.id = t.chantier_id",
        );
        conditions(&mut select);
        select
            .push(" order by t.id limit ")
            .push_bind(i64::from(page.limit))
            .push(" offset ")
            .push_bind(i64::from(page.offset));
        let rows: Vec<TaskRow> = select.build_query_as().fetch_all(&self.pool).await?;
        let tasks = rows
            .into_iter()
            .map(Task::try_from)
            .collect::<Result<_, _>>()?;
        Ok(TaskPage { tasks, total })
    }

    async fn add_planning(
        &self,
        new: &NewPlanningEntry,
        now: DateTime<Utc>,
    ) -> Result<PlanningEntry, StoreError> {
        // Unknown or foreign chantier: the select finds nothing, nothing is inserted.
        let id: Option<i64> = sqlx::query_scalar(
            "insert into planning \
                (guild_id, user_id, chantier_id, start_date, end_date, notes, created_by, \
                 created_at, updated_at) \
             select c.guild_id, $3, c.id, $4, $5, $6, $7, $8, $8 \
             from chantiers c where c.guild_id = $1 and c.id = $2 \
             returning id",
        )
        .bind(new.guild_id)
        .bind(new.chantier_id)
        .bind(new.user_id)
        .bind(new.start_date)
        .bind(new.end_date)
        .bind(&new.notes)
        .bind(new.created_by)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let id = id.ok_or(StoreError::NotFound)?;
        let row: PlanningRow = sqlx::query_as(
            "select p.id, p.guild_id, p.user_id, p.chantier_id, c.name as chantier, \
                    p.start_date, p.end_date, p.notes, p.created_by, p.created_at \
             from planning p \
             join chantiers c on c.guild_id = p.guild_id and c.id = p.chantier_id \
             where p.guild_id = $1 and p.id = $2",
        )
        .bind(new.guild_id)
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    async fn planning_between(
        &self,
        guild_id: Snowflake,
        from: NaiveDate,
        to: NaiveDate,
        user_id: Option<Snowflake>,
    ) -> Result<Vec<PlanningEntry>, StoreError> {
        let rows: Vec<PlanningRow> = sqlx::query_as(
            "select p.id, p.guild_id, p.user_id, p.chantier_id, c.name as chantier, \
                    p.start_date, p.end_date, p.notes, p.created_by, p.created_at \
             from planning p \
             join chantiers c on c.guild_id = p.guild_id and c.id = p.chantier_id \
             where p.guild_id = $1 and p.start_date <= $3 and p.end_date >= $2 \
               and ($4 is null or p.user_id = $4) \
             order by p.start_date, p.user_id, p.id",
        )
        .bind(guild_id)
        .bind(from)
        .bind(to)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PlanningEntry::from).collect())
    }

    async fn counts(&self, guild_id: Snowflake) -> Result<Counts, StoreError> {
        let row: CountsRow = sqlx::query_as(
            "select \
                (select count(*) from tasks where guild_id = $1) as tasks, \
                (select count(*) from tasks \
                 where guild_id = $1 and status in ('a_faire', 'en_cours')) as open_tasks, \
                (select count(*) from chantiers \
                 where guild_id = $1 and not archived) as chantiers",
        )
        .bind(guild_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            tasks: row.tasks,
            open_tasks: row.open_tasks,
            chantiers: row.chantiers,
        })
    }

    async fn log_messages(&self, batch: &[NewMessage]) -> Result<u64, StoreError> {
        // One transaction: one fsync per batch, and a failed batch leaves nothing behind (the
        // sidecar spools and replays it whole). One version per message, as on Postgres, so
        // the count is of messages.
        let mut tx = self.pool.begin().await?;
        let mut written = 0;
        for message in latest_versions(batch) {
            // Replayed batches (the sidecar's spool) may bring older versions: only a version
            // at least as recent as the stored one that differs from it is written.
            let done = sqlx::query(
                "insert into messages \
                    (guild_id, channel_id, message_id, author_id, content, created_at, \
                     edited_at) \
                 values ($1, $2, $3, $4, $5, $6, $7) \
                 on conflict (guild_id, message_id) do update \
                 set content = excluded.content, edited_at = excluded.edited_at \
                 where (messages.content is not excluded.content \
                        or messages.edited_at is not excluded.edited_at) \
                   and coalesce(excluded.edited_at, excluded.created_at) \
                       >= coalesce(messages.edited_at, messages.created_at)",
            )
            .bind(message.guild_id)
            .bind(message.channel_id)
            .bind(message.message_id)
            .bind(message.author_id)
            .bind(storable_text(&message.content).as_ref())
            .bind(message.created_at)
            .bind(message.edited_at)
            .execute(&mut *tx)
            .await?;
            written += done.rows_affected();
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn delete_message(
        &self,
        guild_id: Snowflake,
        message_id: Snowflake,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "update messages set deleted_at = $3 \
             where guild_id = $1 and message_id = $2 and deleted_at is null",
        )
        .bind(guild_id)
        .bind(message_id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// FTS5 on `messages_fts` (`unicode61 remove_diacritics 2`: case and accents folded).
    /// Each word of the query becomes a quoted prefix phrase (`"electr"*`), all required, so
    /// no input is read as FTS5 syntax; ranked by `bm25`.
    async fn search_messages(
        &self,
        guild_id: Snowflake,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError> {
        let Some(text) = search_text(query) else {
            return Ok(Vec::new());
        };
        let fts_query = search_terms(&text)
            .into_iter()
            .map(|term| format!("\"{}\"*", term.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ");
        let rows: Vec<MessageRow> = sqlx::query_as(
            "select m.guild_id, m.channel_id, m.message_id, m.author_id, m.content, \
                    m.created_at, m.edited_at, m.deleted_at \
             from messages_fts \
             join messages m on m.id = messages_fts.rowid \
             where messages_fts match $2 and m.guild_id = $1 and m.deleted_at is null \
             order by bm25(messages_fts), m.created_at desc, m.message_id desc \
             limit $3",
        )
        .bind(guild_id)
        .bind(&fts_query)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Message::from).collect())
    }

    async fn upsert_member(&self, update: &MemberUpdate) -> Result<(), StoreError> {
        sqlx::query(
            "insert into members (guild_id, user_id, display_name, joined_at, updated_at) \
             values ($1, $2, $3, $4, $5) \
             on conflict (guild_id, user_id) do update \
             set display_name = excluded.display_name, \
                 joined_at = coalesce(excluded.joined_at, members.joined_at), \
                 updated_at = excluded.updated_at",
        )
        .bind(update.guild_id)
        .bind(update.user_id)
        .bind(storable_text(&update.display_name).as_ref())
        .bind(update.joined_at)
        .bind(update.at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn set_presence(
        &self,
        guild_id: Snowflake,
        user_id: Snowflake,
        status: PresenceStatus,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        // last_seen_at moves while the member is not offline and on the update that takes
        // them offline; offline → offline leaves it.
        sqlx::query(
            "insert into members (guild_id, user_id, status, last_seen_at, updated_at) \
             values ($1, $2, $3, case when $3 = 'offline' then null else $4 end, $4) \
             on conflict (guild_id, user_id) do update \
             set status = excluded.status, \
                 last_seen_at = case \
                     when excluded.status <> 'offline' or members.status <> 'offline' \
                     then excluded.updated_at else members.last_seen_at end, \
                 updated_at = excluded.updated_at",
        )
        .bind(guild_id)
        .bind(user_id)
        .bind(status.as_str())
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn presence(&self, guild_id: Snowflake) -> Result<Vec<Member>, StoreError> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "select guild_id, user_id, display_name, status, last_seen_at, joined_at, updated_at \
             from members where guild_id = $1 \
             order by status = 'offline', lower(display_name) nulls last, user_id",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Member::try_from).collect()
    }

    async fn user_stats(
        &self,
        guild_id: Snowflake,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<UserActivity>, StoreError> {
        let rows: Vec<UserActivityRow> = sqlx::query_as(
            "with activity (user_id, messages, commands, tasks_done) as ( \
                 select author_id, count(*), 0, 0 from messages \
                 where guild_id = $1 and deleted_at is null and created_at >= $2 \
                 group by author_id \
                 union all \
                 select user_id, 0, count(*), 0 from command_log \
                 where guild_id = $1 and created_at >= $2 \
                 group by user_id \
                 union all \
                 select assignee_id, 0, 0, count(*) from tasks \
                 where guild_id = $1 and done_at >= $2 \
                 group by assignee_id \
             ), totals as ( \
                 select user_id, sum(messages) as messages, \
                        sum(commands) as commands, \
                        sum(tasks_done) as tasks_done \
                 from activity group by user_id \
             ) \
             select t.user_id, mb.display_name, t.messages, t.commands, t.tasks_done \
             from totals t \
             left join members mb on mb.guild_id = $1 and mb.user_id = t.user_id \
             order by t.messages + t.commands desc, t.tasks_done desc, t.user_id \
             limit $3",
        )
        .bind(guild_id)
        .bind(since)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(UserActivity::from).collect())
    }

    async fn guild_stats(
        &self,
        guild_id: Snowflake,
        week_start: NaiveDate,
        week_end: NaiveDate,
        since: DateTime<Utc>,
    ) -> Result<GuildStats, StoreError> {
        let tasks_by_status = all_statuses(&self.task_status_counts(guild_id).await?);
        let row: GuildFiguresRow = sqlx::query_as(
            "select \
                (select count(*) from chantiers \
                 where guild_id = $1 and not archived) as active_chantiers, \
                (select count(*) from planning \
                 where guild_id = $1 and start_date <= $3 and end_date >= $2) \
                    as planning_entries, \
                (select count(*) from messages \
                 where guild_id = $1 and deleted_at is null) as messages, \
                (select count(*) from ( \
                    select author_id from messages \
                    where guild_id = $1 and deleted_at is null and created_at >= $4 \
                    union \
                    select user_id from command_log \
                    where guild_id = $1 and created_at >= $4) active) as active_users",
        )
        .bind(guild_id)
        .bind(week_start)
        .bind(week_end)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(GuildStats {
            tasks_by_status,
            active_chantiers: row.active_chantiers,
            planning_entries: row.planning_entries,
            messages: row.messages,
            active_users: row.active_users,
        })
    }

    async fn delete_planning(&self, guild_id: Snowflake, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query("delete from planning where guild_id = $1 and id = $2")
            .bind(guild_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn update_task(
        &self,
        guild_id: Snowflake,
        id: i64,
        changes: &TaskChanges,
        now: DateTime<Utc>,
    ) -> Result<Transition, StoreError> {
        // One statement decides: SQLite runs one writer at a time, so of two concurrent writes
        // the second sees the row the first left. Only an open task that would change is
        // written. The row is read back in the same transaction (after the updated_at
        // trigger), as it was written.
        let mut tx = self.pool.begin().await?;
        let written: Option<i64> = sqlx::query_scalar(
            "update tasks set \
                description = coalesce($3, description), \
                assignee_id = coalesce($4, assignee_id), \
                status = coalesce($5, status), \
                done_at = case when $5 = 'terminee' then $8 else done_at end, \
                due_date = case when $6 then $7 else due_date end, \
                updated_at = $8 \
             where guild_id = $1 and id = $2 and status in ('a_faire', 'en_cours') \
               and (coalesce($3, description), coalesce($4, assignee_id), coalesce($5, status), \
                    case when $6 then $7 else due_date end) \
                   is not (description, assignee_id, status, due_date) \
             returning id",
        )
        .bind(guild_id)
        .bind(id)
        .bind(changes.description.as_deref())
        .bind(changes.assignee_id)
        .bind(changes.status.map(TaskStatus::as_str))
        .bind(changes.due_date.is_some())
        .bind(changes.due_date.flatten())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let task = select_task(&mut *tx, guild_id, id).await?;
        tx.commit().await?;
        Ok(match (written, task) {
            (Some(_), Some(task)) => Transition::Changed(task),
            (None, Some(task)) => Transition::Unchanged(task),
            (_, None) => Transition::NotFound,
        })
    }

    async fn calendar_token(
        &self,
        guild_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        self.ensure_guild(guild_id, now).await?;
        // The no-op update makes `returning` yield the stored token when there is one; two
        // first uses at once both get the winner's token.
        let token = sqlx::query_scalar(
            "insert into calendar_tokens (guild_id, token, created_at) values ($1, $2, $3) \
             on conflict (guild_id) do update set token = calendar_tokens.token \
             returning token",
        )
        .bind(guild_id)
        .bind(new_calendar_token()?)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(token)
    }

    async fn rotate_calendar_token(
        &self,
        guild_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        self.ensure_guild(guild_id, now).await?;
        let token = sqlx::query_scalar(
            "insert into calendar_tokens (guild_id, token, created_at) values ($1, $2, $3) \
             on conflict (guild_id) do update \
             set token = excluded.token, created_at = excluded.created_at \
             returning token",
        )
        .bind(guild_id)
        .bind(new_calendar_token()?)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(token)
    }

    async fn guild_for_calendar_token(&self, token: &str) -> Result<Option<Snowflake>, StoreError> {
        if !is_calendar_token_shaped(token) {
            return Ok(None);
        }
        let guild_id: Option<Snowflake> =
            sqlx::query_scalar("select guild_id from calendar_tokens where token = $1")
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
        Ok(guild_id)
    }

    async fn set_guild_channel(
        &self,
        guild_id: Snowflake,
        kind: super::ChannelKind,
        channel_id: Snowflake,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.ensure_guild(guild_id, now).await?;
        sqlx::query(
            "insert into guild_channels (guild_id, kind, channel_id, updated_at) \
             values ($1, $2, $3, $4) \
             on conflict (guild_id, kind) do update \
             set channel_id = excluded.channel_id, updated_at = excluded.updated_at",
        )
        .bind(guild_id)
        .bind(kind.as_str())
        .bind(channel_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn guild_channels(
        &self,
        guild_id: Snowflake,
    ) -> Result<Vec<super::GuildChannel>, StoreError> {
        let rows: Vec<(String, Snowflake)> =
            sqlx::query_as("select kind, channel_id from guild_channels where guild_id = $1")
                .bind(guild_id)
                .fetch_all(&self.pool)
                .await?;
        let mut channels = rows
            .into_iter()
            .map(|(kind, channel_id)| {
                let kind = super::ChannelKind::parse(&kind).ok_or_else(|| {
                    StoreError::Other(sqlx::Error::Decode(
                        format!("unknown channel kind {kind:?}").into(),
                    ))
                })?;
                Ok(super::GuildChannel { kind, channel_id })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        channels.sort_by_key(|c| super::ChannelKind::ALL.iter().position(|k| *k == c.kind));
        Ok(channels)
    }

    async fn delete_chantier(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "delete from chantiers as c where c.guild_id = $1 and c.id = $2 \
               and not exists (select 1 from tasks t \
                               where t.guild_id = c.guild_id and t.chantier_id = c.id) \
               and not exists (select 1 from planning p \
                               where p.guild_id = c.guild_id and p.chantier_id = c.id)",
        )
        .bind(guild_id)
        .bind(chantier_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_chantier_channel(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
        channel_id: Snowflake,
    ) -> Result<Chantier, StoreError> {
        let row: Option<ChantierRow> = sqlx::query_as(
            "update chantiers set channel_id = $3 where guild_id = $1 and id = $2 \
             returning id, guild_id, name, address, channel_id, archived, created_by, created_at",
        )
        .bind(guild_id)
        .bind(chantier_id)
        .bind(channel_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Chantier::from).ok_or(StoreError::NotFound)
    }

    async fn archive_chantier(
        &self,
        guild_id: Snowflake,
        chantier_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Chantier, StoreError> {
        let row: Option<ChantierRow> = sqlx::query_as(
            "update chantiers set archived = 1, updated_at = $3 \
             where guild_id = $1 and id = $2 \
             returning id, guild_id, name, address, channel_id, archived, created_by, created_at",
        )
        .bind(guild_id)
        .bind(chantier_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Chantier::from).ok_or(StoreError::NotFound)
    }

    async fn add_warning(
        &self,
        new: &super::NewWarning,
        now: DateTime<Utc>,
    ) -> Result<super::Warning, StoreError> {
        self.ensure_guild(new.guild_id, now).await?;
        let row: WarningRow = sqlx::query_as(
            "insert into warnings (guild_id, user_id, moderator_id, reason, created_at) \
             values ($1, $2, $3, $4, $5) \
             returning id, guild_id, user_id, moderator_id, reason, created_at",
        )
        .bind(new.guild_id)
        .bind(new.user_id)
        .bind(new.moderator_id)
        .bind(storable_text(&new.reason).as_ref())
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    async fn warnings(
        &self,
        guild_id: Snowflake,
        user_id: Snowflake,
        page: Page,
    ) -> Result<super::WarningPage, StoreError> {
        let rows: Vec<WarningRow> = sqlx::query_as(
            "select id, guild_id, user_id, moderator_id, reason, created_at from warnings \
             where guild_id = $1 and user_id = $2 \
             order by created_at desc, id desc limit $3 offset $4",
        )
        .bind(guild_id)
        .bind(user_id)
        .bind(i64::from(page.limit))
        .bind(i64::from(page.offset))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar(
            "select count(*) from warnings where guild_id = $1 and user_id = $2",
        )
        .bind(guild_id)
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(super::WarningPage {
            warnings: rows.into_iter().map(Into::into).collect(),
            total,
        })
    }
}

/// A row of `warnings`.
#[derive(sqlx::FromRow)]
struct WarningRow {
    id: i64,
    guild_id: Snowflake,
    user_id: Snowflake,
    moderator_id: Snowflake,
    reason: String,
    created_at: DateTime<Utc>,
}

impl From<WarningRow> for super::Warning {
    fn from(r: WarningRow) -> super::Warning {
        super::Warning {
            id: r.id,
            guild_id: r.guild_id,
            user_id: r.user_id,
            moderator_id: r.moderator_id,
            reason: r.reason,
            created_at: r.created_at,
        }
    }
}
