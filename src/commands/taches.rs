//! Tasks: `/tache`, `/taches` (paginated with buttons whose `custom_id` holds the page state),
//! `/done`, `/reassigner`, `/annuler`, and [`edit_task`], the one rule for writing to a task
//! (also behind the REST task routes).

use super::Completion;
use super::values::ButtonState;
use super::values::TaskDescription;
use super::{Missing, Reason, Refusal};
use async_trait::async_trait;
use chrono::NaiveDate;
use twilight_interactions::command::{CommandModel, CommandOption, CreateCommand, CreateOption};
use twilight_model::id::{Id, marker::UserMarker};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{
    COLOR, Command, CommandError, Invocation, Lang, Reply, chantiers, dates, level, pager, text,
};
use crate::{
    app::App,
    store::{Level, NewTask, Page, Task, TaskChanges, TaskFilter, TaskStatus, Transition},
};

/// Tasks per page of `/taches`.
pub const PAGE_SIZE: u32 = 10;
/// `custom_id` prefix of the `/taches` page buttons.
pub const PAGE_PREFIX: &str = "taches";

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "tache",
    desc_localizations = "text::desc::tache",
    contexts = "guild"
)]
pub struct Tache {
    #[command(desc_localizations = "text::desc::tache_membre")]
    pub membre: Id<UserMarker>,
    #[command(
        desc_localizations = "text::desc::chantier",
        autocomplete = true,
        max_length = 100
    )]
    pub chantier: String,
    #[command(
        desc_localizations = "text::desc::tache_description",
        max_length = 1000
    )]
    pub description: String,
    #[command(desc_localizations = "text::desc::tache_echeance", max_length = 10)]
    pub echeance: Option<String>,
}

#[async_trait]
impl Command for Tache {
    const REST: Option<&'static str> = Some("description");
    const COMPLETIONS: &'static [(&'static str, Completion)] =
        &[("chantier", Completion::Chantier)];

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        inv.guild()?;
        let lang = inv.lang;
        // Checked here too so a bad description is reported before a bad date, as always.
        let description = TaskDescription::parse(&self.description)?;
        let due_date = match self.echeance.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(
                dates::parse_day(raw, app.today())
                    .ok_or_else(|| dates::bad_date("echeance", raw))?,
            ),
        };
        let task = create_task(
            app,
            inv,
            self.membre.get(),
            &self.chantier,
            description.as_str(),
            due_date,
        )
        .await?;
        let labels = text::task_labels(lang);
        let embed = EmbedBuilder::new()
            .title(text::task_created_title(lang, task.id))
            .color(COLOR)
            .field(
                EmbedFieldBuilder::new(labels.assignee, format!("<@{}>", task.assignee_id))
                    .inline(),
            )
            .field(EmbedFieldBuilder::new(labels.chantier, task.chantier.clone()).inline())
            .field(
                EmbedFieldBuilder::new(
                    labels.due,
                    task.due_date
                        .map_or_else(|| text::none(lang).to_owned(), text::long_date),
                )
                .inline(),
            )
            .field(EmbedFieldBuilder::new(
                labels.description,
                task.description.clone(),
            ))
            .footer(EmbedFooterBuilder::new(format!(
                "{} · {}",
                labels.status,
                text::status(lang, task.status)
            )))
            .build();
        Ok(Reply {
            content: Some(text::task_created_content(lang, task.assignee_id)),
            embeds: vec![embed],
            ..Reply::default()
        })
    }
}

/// Create a task for `assignee` on the active chantier `chantier_name`, by `inv.user_id` in
/// `inv`'s guild: the one rule set behind `/tache`, `!tache` and `POST /api/discord/task`.
/// An empty or too long description is `Invalid` (the message names `description`); an
/// unknown chantier is `NotFound` naming the closest names, an archived one `Invalid`.
pub async fn create_task(
    app: &App,
    inv: &Invocation,
    assignee: u64,
    chantier_name: &str,
    description: &str,
    due_date: Option<NaiveDate>,
) -> Result<Task, CommandError> {
    let guild = inv.guild()?;
    let description = TaskDescription::parse(description)?.into_string();
    let chantier = chantiers::resolve(app, guild, chantier_name).await?;
    let task = app
        .store
        .create_task(
            &NewTask {
                guild_id: guild,
                chantier_id: chantier.id,
                assignee_id: assignee,
                creator_id: inv.user_id,
                description,
                due_date,
            },
            app.now(),
        )
        .await?;
    super::figures_changed(app).await;
    Ok(task)
}

/// Status filter of `/taches`.
#[derive(CommandOption, CreateOption, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statut {
    #[option(
        name = "À faire",
        value = "a_faire",
        name_localizations = "text::choice::a_faire"
    )]
    AFaire,
    #[option(
        name = "En cours",
        value = "en_cours",
        name_localizations = "text::choice::en_cours"
    )]
    EnCours,
    #[option(
        name = "Terminée",
        value = "terminee",
        name_localizations = "text::choice::terminee"
    )]
    Terminee,
    #[option(
        name = "Annulée",
        value = "annulee",
        name_localizations = "text::choice::annulee"
    )]
    Annulee,
    #[option(
        name = "Toutes",
        value = "toutes",
        name_localizations = "text::choice::toutes"
    )]
    Toutes,
}

/// What `/taches` lists: one status, the open ones (default) or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Open,
    All,
    Only(TaskStatus),
}

impl Filter {
    fn from_option(statut: Option<Statut>) -> Filter {
        match statut {
            None => Filter::Open,
            Some(Statut::Toutes) => Filter::All,
            Some(Statut::AFaire) => Filter::Only(TaskStatus::AFaire),
            Some(Statut::EnCours) => Filter::Only(TaskStatus::EnCours),
            Some(Statut::Terminee) => Filter::Only(TaskStatus::Terminee),
            Some(Statut::Annulee) => Filter::Only(TaskStatus::Annulee),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Filter::Open => "ouvertes",
            Filter::All => "toutes",
            Filter::Only(s) => s.as_str(),
        }
    }

    fn parse(code: &str) -> Option<Filter> {
        match code {
            "ouvertes" => Some(Filter::Open),
            "toutes" => Some(Filter::All),
            other => TaskStatus::parse(other).map(Filter::Only),
        }
    }

    fn statuses(self) -> Vec<TaskStatus> {
        match self {
            Filter::Open => TaskStatus::OPEN.to_vec(),
            Filter::All => Vec::new(),
            Filter::Only(s) => vec![s],
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Filter::Open => text::tasks_filter_open(lang),
            Filter::All => text::tasks_filter_all(lang),
            Filter::Only(s) => text::status(lang, s),
        }
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "taches",
    desc_localizations = "text::desc::taches",
    contexts = "guild"
)]
pub struct Taches {
    #[command(desc_localizations = "text::desc::taches_membre")]
    pub membre: Option<Id<UserMarker>>,
    #[command(desc_localizations = "text::desc::taches_statut")]
    pub statut: Option<Statut>,
}

#[async_trait]
impl Command for Taches {
    const BUTTONS: &'static [&'static str] = &[PAGE_PREFIX];

    async fn click(app: &App, inv: &Invocation, state: &str) -> Result<Reply, CommandError> {
        page(app, inv, state).await
    }

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let member = self.membre.map(Id::get);
        list_page(app, inv, guild, member, Filter::from_option(self.statut), 0).await
    }
}

/// A click on ◀ / ▶: `state` is `<page>:<member or 0>:<filter>:<p|n>`.
pub async fn page(app: &App, inv: &Invocation, state: &str) -> Result<Reply, CommandError> {
    let guild = inv.guild()?;
    let mut state = ButtonState::new(state);
    let page: u32 = state.field()?;
    let member: u64 = state.field()?;
    let filter = state.field_with(Filter::parse)?;
    let member = (member != 0).then_some(member);
    list_page(app, inv, guild, member, filter, page).await
}

async fn list_page(
    app: &App,
    inv: &Invocation,
    guild: u64,
    member: Option<u64>,
    filter: Filter,
    page: u32,
) -> Result<Reply, CommandError> {
    let lang = inv.lang;
    let query = TaskFilter {
        guild_id: guild,
        assignee_id: member,
        chantier_id: None,
        statuses: filter.statuses(),
    };
    let mut result = app
        .store
        .list_tasks(
            &query,
            Page {
                limit: PAGE_SIZE,
                offset: page.saturating_mul(PAGE_SIZE),
            },
        )
        .await?;
    let per_page = i64::from(PAGE_SIZE);
    let pages = u32::try_from((result.total.max(1) + per_page - 1) / per_page).unwrap_or(u32::MAX);
    let mut page = page;
    if page >= pages {
        // The list shrank since the button was drawn: show the last page instead.
        page = pages - 1;
        result = app
            .store
            .list_tasks(
                &query,
                Page {
                    limit: PAGE_SIZE,
                    offset: page * PAGE_SIZE,
                },
            )
            .await?;
    }
    let description = if result.tasks.is_empty() {
        text::tasks_empty(lang)
    } else {
        result
            .tasks
            .iter()
            .map(|t| task_line(lang, t))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let embed = EmbedBuilder::new()
        .title(text::tasks_title(lang, member, filter.label(lang)))
        .color(COLOR)
        .description(chantiers::truncate(&description, 4000))
        .footer(EmbedFooterBuilder::new(text::tasks_footer(
            lang,
            page + 1,
            pages,
            result.total,
        )))
        .build();
    let components = pager(lang, page, pages, |target, dir| {
        format!(
            "{PAGE_PREFIX}:{target}:{}:{}:{dir}",
            member.unwrap_or(0),
            filter.code()
        )
    });
    Ok(Reply {
        embeds: vec![embed],
        components,
        ..Reply::default()
    })
}

/// Two lines per task: `**#12** · À faire · **beautemps** · @Paul` then the description.
fn task_line(lang: Lang, t: &Task) -> String {
    let due = t
        .due_date
        .map(|d| format!(" · {}", text::due_on(lang, d)))
        .unwrap_or_default();
    format!(
        "**#{}** · {} · **{}** · <@{}>{due}\n{}",
        t.id,
        text::status(lang, t.status),
        t.chantier,
        t.assignee_id,
        chantiers::truncate(&t.description, 200)
    )
}

/// The task `id` of this guild, or a clear error.
async fn find(app: &App, guild: u64, id: i64) -> Result<Task, CommandError> {
    app.store
        .task(guild, id)
        .await?
        .ok_or(CommandError::NotFound(Missing::Task { id }))
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "done",
    desc_localizations = "text::desc::done",
    contexts = "guild"
)]
pub struct Done {
    #[command(desc_localizations = "text::desc::task_id", min_value = 1)]
    pub id: i64,
}

#[async_trait]
impl Command for Done {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let task = find(app, guild, self.id).await?;
        let involved = inv.user_id == task.assignee_id || inv.user_id == task.creator_id;
        if !involved && level(app, inv).await? < Level::Manager {
            return Err(CommandError::Refused(Refusal::NotOnTask { id: task.id }));
        }
        match close_task(app, guild, task.id, TaskStatus::Terminee).await? {
            TaskOutcome::Applied(done) => Ok(Reply::text(text::task_done(
                lang,
                done.id,
                &done.description,
            ))),
            TaskOutcome::Already(task) => {
                Ok(Reply::ephemeral(text::task_already_done(lang, task.id)))
            }
            TaskOutcome::Locked(task) => Err(CommandError::invalid(
                "id",
                Reason::TaskCancelled { id: task.id },
            )),
            TaskOutcome::NotFound => Err(CommandError::NotFound(Missing::Task { id: self.id })),
        }
    }
}

/// Where a write to a task led; the rule `/done`, `/annuler`, `/reassigner` and the REST API
/// share ([`edit_task`]).
#[derive(Debug)]
pub enum TaskOutcome {
    /// Written (`done_at` set for `terminee`): the task as it is now.
    Applied(Task),
    /// Already as asked (that status, that assignee...): nothing written.
    Already(Task),
    /// Closed (done or cancelled) before, and the write would change it: it cannot change any
    /// more.
    Locked(Task),
    /// No such task in this guild.
    NotFound,
}

/// The one rule for writing to task `id` of `guild`: only an open task changes, and the store
/// checks that in the statement that writes ([`crate::store::Store::update_task`]), so of a
/// concurrent `/done` and `/annuler` exactly one wins and the other is told why. A write
/// refused by the task's state is [`TaskOutcome::Already`] when it would change nothing
/// (closing a task closed that way, an empty edit) and [`TaskOutcome::Locked`] otherwise.
/// Permission checks are the caller's.
pub async fn edit_task(
    app: &App,
    guild: u64,
    id: i64,
    changes: &TaskChanges,
) -> Result<TaskOutcome, CommandError> {
    Ok(
        match app.store.update_task(guild, id, changes, app.now()).await? {
            Transition::Changed(task) => {
                super::figures_changed(app).await;
                TaskOutcome::Applied(task)
            }
            Transition::Unchanged(task) if changes.would_change(&task) => TaskOutcome::Locked(task),
            Transition::Unchanged(task) => TaskOutcome::Already(task),
            Transition::NotFound => TaskOutcome::NotFound,
        },
    )
}

/// Close task `id` as done (`Terminee`) or cancelled (`Annulee`), through [`edit_task`].
pub async fn close_task(
    app: &App,
    guild: u64,
    id: i64,
    to: TaskStatus,
) -> Result<TaskOutcome, CommandError> {
    debug_assert!(!to.is_open(), "BUG: closing a task means done or cancelled");
    edit_task(app, guild, id, &TaskChanges::status(to)).await
}

/// Reassigning and cancelling: the task's creator or a manager.
async fn find_changeable(
    app: &App,
    inv: &Invocation,
    guild: u64,
    id: i64,
) -> Result<Task, CommandError> {
    let task = find(app, guild, id).await?;
    if inv.user_id != task.creator_id && level(app, inv).await? < Level::Manager {
        return Err(CommandError::Refused(Refusal::CreatorOrManager {
            id: task.id,
        }));
    }
    Ok(task)
}

/// Why a closed task refused `/reassigner` or `/annuler`.
fn closed_error(task: &Task) -> CommandError {
    let id = task.id;
    let reason = if task.status == TaskStatus::Terminee {
        Reason::TaskDone { id }
    } else {
        Reason::TaskAlreadyCancelled { id }
    };
    CommandError::invalid("id", reason)
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "reassigner",
    desc_localizations = "text::desc::reassigner",
    contexts = "guild"
)]
pub struct Reassigner {
    #[command(desc_localizations = "text::desc::task_id", min_value = 1)]
    pub id: i64,
    #[command(desc_localizations = "text::desc::reassigner_membre")]
    pub membre: Id<UserMarker>,
}

#[async_trait]
impl Command for Reassigner {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let task = find_changeable(app, inv, guild, self.id).await?;
        let to = self.membre.get();
        match edit_task(app, guild, task.id, &TaskChanges::assignee(to)).await? {
            // The assignee shown as the previous one is the one read above.
            TaskOutcome::Applied(moved) => Ok(Reply::text(text::task_reassigned(
                lang,
                moved.id,
                task.assignee_id,
                to,
            ))),
            TaskOutcome::Already(same) if same.status.is_open() => Ok(Reply::ephemeral(
                text::task_same_assignee(lang, same.id, to),
            )),
            TaskOutcome::Already(closed) | TaskOutcome::Locked(closed) => {
                Err(closed_error(&closed))
            }
            TaskOutcome::NotFound => Err(CommandError::NotFound(Missing::Task { id: self.id })),
        }
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "annuler",
    desc_localizations = "text::desc::annuler",
    contexts = "guild"
)]
pub struct Annuler {
    #[command(desc_localizations = "text::desc::task_id", min_value = 1)]
    pub id: i64,
}

#[async_trait]
impl Command for Annuler {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let task = find_changeable(app, inv, guild, self.id).await?;
        match close_task(app, guild, task.id, TaskStatus::Annulee).await? {
            TaskOutcome::Applied(cancelled) => {
                Ok(Reply::text(text::task_cancelled(lang, cancelled.id)))
            }
            TaskOutcome::Already(closed) | TaskOutcome::Locked(closed) => {
                Err(closed_error(&closed))
            }
            TaskOutcome::NotFound => Err(CommandError::NotFound(Missing::Task { id: self.id })),
        }
    }
}
