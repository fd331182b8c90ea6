//! The store's domain types: what the [`Store`](super::Store) methods take and return
//! (chantiers, tasks, planning, role levels, the command log, messages, members, statistics,
//! guild channels, warnings). Re-exported from [`crate::store`]; no SQL here.

use chrono::{DateTime, NaiveDate, Utc};

use crate::id::Snowflake;

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
    pub guild_id: Snowflake,
    pub name: String,
    pub address: Option<String>,
    pub created_by: Snowflake,
}

/// A stored chantier. Names are unique per guild, ignoring case and accents
/// ([`fold_name`](super::fold_name)).
#[derive(Debug, Clone, PartialEq)]
pub struct Chantier {
    pub id: i64,
    pub guild_id: Snowflake,
    pub name: String,
    pub address: Option<String>,
    pub channel_id: Option<Snowflake>,
    pub archived: bool,
    pub created_by: Snowflake,
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
    pub guild_id: Snowflake,
    pub chantier_id: i64,
    pub assignee_id: Snowflake,
    pub creator_id: Snowflake,
    pub description: String,
    pub due_date: Option<NaiveDate>,
}

/// A stored task, joined with its chantier's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: i64,
    pub guild_id: Snowflake,
    pub chantier_id: i64,
    pub chantier: String,
    pub assignee_id: Snowflake,
    pub creator_id: Snowflake,
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
    pub guild_id: Snowflake,
    pub assignee_id: Option<Snowflake>,
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
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
    pub chantier_id: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub notes: Option<String>,
    pub created_by: Snowflake,
}

/// A stored planning entry, joined with its chantier's name.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningEntry {
    pub id: i64,
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
    pub chantier_id: i64,
    pub chantier: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub notes: Option<String>,
    pub created_by: Snowflake,
    pub created_at: DateTime<Utc>,
}

/// A Discord role mapped to a level in a guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleLevel {
    pub role_id: Snowflake,
    pub level: Level,
}

/// One executed command, for the audit trail and activity statistics.
#[derive(Debug, Clone)]
pub struct CommandLogEntry {
    pub guild_id: Option<Snowflake>,
    pub channel_id: Option<Snowflake>,
    pub user_id: Snowflake,
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
    pub guild_id: Snowflake,
    pub channel_id: Snowflake,
    pub message_id: Snowflake,
    pub author_id: Snowflake,
    pub content: String,
    pub created_at: DateTime<Utc>,
    /// Set by an edit; a version with a later `edited_at` replaces the stored content.
    pub edited_at: Option<DateTime<Utc>>,
}

/// A logged message. `deleted_at` is set once Discord reported it deleted (soft delete).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub guild_id: Snowflake,
    pub channel_id: Snowflake,
    pub message_id: Snowflake,
    pub author_id: Snowflake,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
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
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
    pub display_name: String,
    /// `None` keeps the stored value.
    pub joined_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// A stored member with their last known presence.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
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
    pub user_id: Snowflake,
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

/// A write to an open task: done, cancel, reassign or a partial edit (REST `PATCH`). `None`
/// leaves a field unchanged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskChanges {
    pub description: Option<String>,
    pub assignee_id: Option<Snowflake>,
    /// `terminee` sets `done_at`; `terminee` and `annulee` close the task for good.
    pub status: Option<TaskStatus>,
    /// `Some(None)` clears the due date.
    pub due_date: Option<Option<NaiveDate>>,
}

impl TaskChanges {
    /// Only a move to `status`.
    pub fn status(status: TaskStatus) -> TaskChanges {
        TaskChanges {
            status: Some(status),
            ..TaskChanges::default()
        }
    }

    /// Only a new assignee.
    pub fn assignee(assignee_id: Snowflake) -> TaskChanges {
        TaskChanges {
            assignee_id: Some(assignee_id),
            ..TaskChanges::default()
        }
    }

    /// True when the update would change nothing.
    pub fn is_empty(&self) -> bool {
        self.description.is_none()
            && self.assignee_id.is_none()
            && self.status.is_none()
            && self.due_date.is_none()
    }

    /// Whether applying the changes to `task` would change one of its fields.
    pub fn would_change(&self, task: &Task) -> bool {
        self.description
            .as_ref()
            .is_some_and(|d| *d != task.description)
            || self.assignee_id.is_some_and(|a| a != task.assignee_id)
            || self.status.is_some_and(|s| s != task.status)
            || self.due_date.is_some_and(|d| d != task.due_date)
    }
}

/// Outcome of a conditional write ([`Store::update_task`](super::Store::update_task)): the
/// condition is checked by the statement that writes, so of two concurrent writes exactly the
/// ones the rules allow win.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// Written: the task as it is now.
    Changed(Task),
    /// Refused by the task's state (closed, or already as asked): the task as it is.
    Unchanged(Task),
    /// No such task in this guild.
    NotFound,
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
    pub channel_id: Snowflake,
}

/// The channel of `kind` among `channels`, if configured.
pub fn channel_of(channels: &[GuildChannel], kind: ChannelKind) -> Option<Snowflake> {
    channels
        .iter()
        .find(|c| c.kind == kind)
        .map(|c| c.channel_id)
}

/// A warning to record (`/avertir`).
#[derive(Debug, Clone)]
pub struct NewWarning {
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
    pub moderator_id: Snowflake,
    pub reason: String,
}

/// A stored warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub id: i64,
    pub guild_id: Snowflake,
    pub user_id: Snowflake,
    pub moderator_id: Snowflake,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// Warnings of one page, newest first, with the member's total.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningPage {
    pub warnings: Vec<Warning>,
    pub total: i64,
}
