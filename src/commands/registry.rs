//! The command registry: every command once, with everything an entry point needs of it —
//! its declaration (registration JSON, `/aide`, `!` parsing, `gvbot call`), its handler, its
//! autocompleted options, the button prefixes it owns and the level it requires.
//! Registration, dispatch, autocomplete, button routing, metric labels and the level gate all
//! read [`REGISTRY`]; nothing else lists commands. (Cached figures are not a property of a
//! command but of the writes it makes: see [`super::figures_changed`].)
//!
//! Adding a command: a type deriving `CommandModel` + `CreateCommand` implementing
//! [`Command`] in its area's file, one line in [`entries`], its strings in `text`, its tests.

use std::{future::Future, pin::Pin, sync::LazyLock};

use twilight_interactions::command::{ApplicationCommandData, CommandInputData};
use twilight_model::{application::command::CommandOptionChoice, guild::Permissions};

use super::{
    CommandError, Completion, Invocation, Reason, Reply, admin, audit, chantiers, moderation,
    planning, require, taches, utilitaires,
};
use crate::{app::App, store::Level};

use super::Command;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type RunFn = for<'a> fn(
    &'a App,
    &'a Invocation,
    CommandInputData<'a>,
) -> BoxFuture<'a, Result<Reply, CommandError>>;
type ClickFn =
    for<'a> fn(&'a App, &'a Invocation, &'a str) -> BoxFuture<'a, Result<Reply, CommandError>>;

/// One command, as every entry point needs it.
pub struct Entry {
    /// The declaration: names, options, localizations, default permissions.
    pub data: ApplicationCommandData,
    /// See [`Command::REST`].
    pub rest: Option<&'static str>,
    /// See [`Command::LEVEL`].
    pub level: Level,
    /// See [`Command::BUTTONS`].
    pub buttons: &'static [&'static str],
    /// See [`Command::COMPLETIONS`].
    pub completions: &'static [(&'static str, Completion)],
    run: RunFn,
    click: ClickFn,
}

impl Entry {
    fn of<C: Command>() -> Entry {
        let mut data = C::create_command();
        // One rule for every admin-level command: Discord shows it only to members who can
        // manage the server (server admins may still grant it to roles in the server's
        // Integrations settings). gvbot checks the level again whatever Discord shows.
        if C::LEVEL == Level::Admin && data.default_member_permissions.is_none() {
            data.default_member_permissions = Some(ADMIN_PERMISSIONS);
        }
        Entry {
            data,
            rest: C::REST,
            level: C::LEVEL,
            buttons: C::BUTTONS,
            completions: C::COMPLETIONS,
            run: run::<C>,
            click: click::<C>,
        }
    }

    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Description in the user's language.
    pub fn description(&self, lang: super::Lang) -> &str {
        super::localized(
            &self.data.description,
            self.data.description_localizations.as_ref(),
            lang,
        )
    }

    /// The command's level gate, then its options parsed and its handler run.
    pub async fn run(
        &self,
        app: &App,
        inv: &Invocation,
        input: CommandInputData<'_>,
    ) -> Result<Reply, CommandError> {
        self.gate(app, inv).await?;
        (self.run)(app, inv, input).await
    }

    /// Choices for the focused `option` given what was `typed`.
    pub async fn complete(
        &self,
        app: &App,
        inv: &Invocation,
        option: &str,
        typed: &str,
    ) -> Result<Vec<CommandOptionChoice>, CommandError> {
        match self.completions.iter().find(|(name, _)| *name == option) {
            Some((_, completion)) => completion.choices(app, inv, typed).await,
            None => Ok(Vec::new()),
        }
    }

    /// A click on one of this command's buttons; `state` is what follows the prefix.
    pub async fn click(
        &self,
        app: &App,
        inv: &Invocation,
        state: &str,
    ) -> Result<Reply, CommandError> {
        self.gate(app, inv).await?;
        (self.click)(app, inv, state).await
    }

    async fn gate(&self, app: &App, inv: &Invocation) -> Result<(), CommandError> {
        if self.level > Level::Member {
            inv.guild()?;
            require(app, inv, self.level).await?;
        }
        Ok(())
    }
}

/// What Discord requires to show an admin-level command by default.
pub const ADMIN_PERMISSIONS: Permissions = Permissions::MANAGE_GUILD;

fn run<'a, C: Command>(
    app: &'a App,
    inv: &'a Invocation,
    input: CommandInputData<'a>,
) -> BoxFuture<'a, Result<Reply, CommandError>> {
    Box::pin(async move {
        let command = C::from_interaction(input).map_err(|err| {
            CommandError::invalid(
                "options",
                Reason::BadOptions {
                    detail: err.to_string(),
                },
            )
        })?;
        command.run(app, inv).await
    })
}

fn click<'a, C: Command>(
    app: &'a App,
    inv: &'a Invocation,
    state: &'a str,
) -> BoxFuture<'a, Result<Reply, CommandError>> {
    C::click(app, inv, state)
}

/// Every command, in the order `/aide` lists them.
fn entries() -> Vec<Entry> {
    vec![
        Entry::of::<taches::Tache>(),
        Entry::of::<taches::Taches>(),
        Entry::of::<taches::Done>(),
        Entry::of::<taches::Reassigner>(),
        Entry::of::<taches::Annuler>(),
        Entry::of::<planning::Planifier>(),
        Entry::of::<planning::MonPlanning>(),
        Entry::of::<planning::Semaine>(),
        Entry::of::<chantiers::Chantiers>(),
        Entry::of::<chantiers::CreerChantier>(),
        Entry::of::<chantiers::ArchiverChantier>(),
        Entry::of::<admin::Config>(),
        Entry::of::<audit::AuditServeur>(),
        Entry::of::<moderation::Avertir>(),
        Entry::of::<moderation::Sanctions>(),
        Entry::of::<moderation::Purge>(),
        Entry::of::<utilitaires::Ping>(),
        Entry::of::<utilitaires::Aide>(),
        Entry::of::<utilitaires::Info>(),
    ]
}

/// The registry, built once per process.
pub static REGISTRY: LazyLock<Vec<Entry>> = LazyLock::new(entries);

/// The command named `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    REGISTRY.iter().find(|e| e.name() == name)
}

/// The command owning the button `custom_id` (`<prefix>:<state>`), and the state.
pub fn owner_of(custom_id: &str) -> Option<(&'static Entry, &str)> {
    let (prefix, state) = custom_id.split_once(':')?;
    REGISTRY
        .iter()
        .find(|e| e.buttons.contains(&prefix))
        .map(|e| (e, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unique(mut names: Vec<&str>) -> bool {
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        names.len() == count
    }

    #[test]
    fn names_and_button_prefixes_are_unique() {
        assert!(unique(REGISTRY.iter().map(Entry::name).collect()));
        assert!(unique(
            REGISTRY
                .iter()
                .flat_map(|e| e.buttons.iter().copied())
                .collect()
        ));
    }

    #[test]
    fn every_button_prefix_reaches_its_command() {
        for entry in REGISTRY.iter() {
            for prefix in entry.buttons {
                let custom_id = format!("{prefix}:0:x");
                let (owner, state) = owner_of(&custom_id).expect("routed");
                assert_eq!(owner.name(), entry.name());
                assert_eq!(state, "0:x");
            }
        }
        assert!(owner_of("nothing:0").is_none());
        assert!(owner_of("taches").is_none(), "a prefix needs its state");
    }

    #[test]
    fn admin_commands_are_hidden_from_members_by_default() {
        for entry in REGISTRY.iter() {
            let permissions = entry.data.default_member_permissions;
            match entry.level {
                Level::Admin => assert_eq!(
                    permissions,
                    Some(ADMIN_PERMISSIONS),
                    "/{} is admin-level",
                    entry.name()
                ),
                _ => assert_eq!(permissions, None, "/{} is open to members", entry.name()),
            }
        }
    }

    /// Derive attributes take no constants: the declared limits repeat the value rules'
    /// constants, and this keeps them equal.
    #[test]
    fn declared_lengths_are_the_value_rules() {
        use crate::commands::values::{
            ChantierName, PlanningNotes, TaskDescription, WarningReason,
        };
        let max_length = |command: &str, option: &str| {
            find(command)
                .unwrap_or_else(|| panic!("/{command}"))
                .data
                .options
                .iter()
                .find(|o| o.name == option)
                .unwrap_or_else(|| panic!("/{command} {option}"))
                .max_length
                .map(usize::from)
        };
        assert_eq!(
            max_length("tache", "description"),
            Some(TaskDescription::MAX)
        );
        assert_eq!(max_length("planifier", "notes"), Some(PlanningNotes::MAX));
        assert_eq!(max_length("avertir", "raison"), Some(WarningReason::MAX));
        assert_eq!(max_length("creerchantier", "nom"), Some(ChantierName::MAX));
    }

    /// An option completes exactly when it is declared `autocomplete`, or Discord would ask
    /// for choices gvbot never gives (or never ask for those it has).
    #[test]
    fn completions_match_the_declared_autocomplete_options() {
        for entry in REGISTRY.iter() {
            let mut declared: Vec<&str> = entry
                .data
                .options
                .iter()
                .filter(|o| o.autocomplete == Some(true))
                .map(|o| o.name.as_str())
                .collect();
            let mut completes: Vec<&str> = entry.completions.iter().map(|(n, _)| *n).collect();
            declared.sort_unstable();
            completes.sort_unstable();
            assert_eq!(declared, completes, "/{}", entry.name());
        }
    }
}
