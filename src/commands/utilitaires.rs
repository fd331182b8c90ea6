//! Utilities: `/ping`, `/info`, `/aide` (generated from the declarations, so it cannot drift).

use super::Completion;
use super::Missing;
use async_trait::async_trait;
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::application::command::{
    CommandOption, CommandOptionChoice, CommandOptionChoiceValue, CommandOptionType,
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{COLOR, Command, CommandError, Invocation, Lang, Reply, declarations, localized, text};
use crate::app::App;

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "ping", desc_localizations = "text::desc::ping")]
pub struct Ping;

#[async_trait]
impl Command for Ping {
    async fn run(self, _app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        Ok(Reply::text(text::pong(
            inv.lang,
            inv.received.elapsed().as_micros(),
        )))
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "info", desc_localizations = "text::desc::info")]
pub struct Info;

#[async_trait]
impl Command for Info {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let labels = text::info_labels(inv.lang);
        let mut embed = EmbedBuilder::new()
            .title(labels.title)
            .color(COLOR)
            .field(EmbedFieldBuilder::new(labels.version, env!("CARGO_PKG_VERSION")).inline())
            .field(
                EmbedFieldBuilder::new(
                    labels.uptime,
                    text::duration(inv.lang, app.started.elapsed().as_secs()),
                )
                .inline(),
            )
            .field(EmbedFieldBuilder::new(labels.database, app.store.backend().as_str()).inline());
        if let Some(guild) = inv.guild_id {
            let counts = app.store.counts(guild).await?;
            embed = embed
                .field(
                    EmbedFieldBuilder::new(
                        labels.tasks,
                        format!("{} / {}", counts.open_tasks, counts.tasks),
                    )
                    .inline(),
                )
                .field(
                    EmbedFieldBuilder::new(labels.chantiers, counts.chantiers.to_string()).inline(),
                );
        }
        Ok(Reply::embed(embed.build()))
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "aide", desc_localizations = "text::desc::aide")]
pub struct Aide {
    #[command(
        desc_localizations = "text::desc::aide_commande",
        autocomplete = true,
        max_length = 32
    )]
    pub commande: Option<String>,
}

#[async_trait]
impl Command for Aide {
    const COMPLETIONS: &'static [(&'static str, Completion)] = &[("commande", Completion::Command)];

    async fn run(self, _app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let lang = inv.lang;
        let decls = declarations();
        let Some(wanted) = self.commande else {
            let list = decls
                .iter()
                .map(|d| format!("**/{}** — {}", d.data.name, d.description(lang)))
                .collect::<Vec<_>>()
                .join("\n");
            let embed = EmbedBuilder::new()
                .title(text::help_title(lang))
                .color(COLOR)
                .description(list)
                .footer(EmbedFooterBuilder::new(text::help_footer(lang)))
                .build();
            return Ok(Reply {
                ephemeral: true,
                ..Reply::embed(embed)
            });
        };
        let wanted = wanted.trim().trim_start_matches(['/', '!']).to_lowercase();
        let Some(decl) = decls.iter().find(|d| d.data.name == wanted) else {
            return Err(CommandError::NotFound(Missing::Command { name: wanted }));
        };
        let mut embed = EmbedBuilder::new()
            .title(format!("/{}", decl.data.name))
            .color(COLOR)
            .description(decl.description(lang))
            .field(EmbedFieldBuilder::new(
                text::help_usage(lang),
                format!("`{}`", usage(&decl.data.name, &decl.data.options)),
            ));
        let details = option_lines(&decl.data.options, lang, "");
        if !details.is_empty() {
            embed = embed.field(EmbedFieldBuilder::new(
                text::help_options(lang),
                details.join("\n"),
            ));
        }
        Ok(Reply {
            ephemeral: true,
            ..Reply::embed(embed.build())
        })
    }
}

/// `/tache membre chantier description [echeance]`; subcommands listed with `|`.
fn usage(name: &str, options: &[CommandOption]) -> String {
    if options.iter().any(|o| {
        matches!(
            o.kind,
            CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
        )
    }) {
        return options
            .iter()
            .map(|sub| {
                usage(
                    &format!("{name} {}", sub.name),
                    sub.options.as_deref().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let mut line = format!("/{}", name.trim_start_matches('/'));
    for o in options {
        if o.required == Some(true) {
            line.push_str(&format!(" {}", o.name));
        } else {
            line.push_str(&format!(" [{}]", o.name));
        }
    }
    line
}

/// `• **membre** — Membre à qui la tâche est assignée` for every option, subcommands included.
fn option_lines(options: &[CommandOption], lang: Lang, prefix: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for o in options {
        let desc = localized(&o.description, o.description_localizations.as_ref(), lang);
        match o.kind {
            CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup => {
                lines.push(format!("• **{prefix}{}** — {desc}", o.name));
                lines.extend(option_lines(
                    o.options.as_deref().unwrap_or_default(),
                    lang,
                    &format!("{prefix}{} › ", o.name),
                ));
            }
            _ => {
                let optional = if o.required == Some(true) {
                    String::new()
                } else {
                    format!(" ({})", text::help_optional(lang))
                };
                lines.push(format!("• **{prefix}{}** — {desc}{optional}", o.name));
            }
        }
    }
    lines
}

/// Command names starting with (then containing) what was typed.
pub fn autocomplete(_inv: &Invocation, typed: &str) -> Vec<CommandOptionChoice> {
    let typed = typed.trim().trim_start_matches(['/', '!']).to_lowercase();
    let names: Vec<String> = declarations().iter().map(|d| d.name().to_owned()).collect();
    let starts = names.iter().filter(|n| n.starts_with(&typed));
    let contains = names
        .iter()
        .filter(|n| !n.starts_with(&typed) && n.contains(&typed));
    starts
        .chain(contains)
        .take(25)
        .map(|n| CommandOptionChoice {
            name: n.clone(),
            name_localizations: None,
            value: CommandOptionChoiceValue::String(n.clone()),
        })
        .collect()
}
