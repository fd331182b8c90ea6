//! Chantiers (job sites): `/creerchantier`, `/chantiers`, the chantier autocomplete, and the
//! lookup other commands use (an unknown name gets the three closest existing names).

use async_trait::async_trait;
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::application::command::{CommandOptionChoice, CommandOptionChoiceValue};
use twilight_util::builder::embed::EmbedBuilder;

use super::{COLOR, Command, CommandError, Invocation, Reply, require, text};
use crate::{
    app::App,
    store::{Chantier, Level, NewChantier, StoreError},
};

/// Longest chantier name accepted (also Discord's channel name limit).
const NAME_MAX: usize = 100;

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "creerchantier",
    desc_localizations = "text::desc::creerchantier"
)]
pub struct CreerChantier {
    #[command(
        desc_localizations = "text::desc::creerchantier_nom",
        min_length = 1,
        max_length = 100
    )]
    pub nom: String,
}

#[async_trait]
impl Command for CreerChantier {
    const REST: Option<&'static str> = Some("nom");

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        require(app, inv, Level::Admin).await?;
        let name = self.nom.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > NAME_MAX {
            return Err(CommandError::Invalid(text::chantier_name_invalid(inv.lang)));
        }
        // SQLite's unique index folds ASCII case only; the lookup also folds accented letters.
        if let Some(existing) = app.store.chantier_by_name(guild, &name).await? {
            return Err(CommandError::Invalid(text::chantier_exists(
                inv.lang,
                &existing.name,
            )));
        }
        let new = NewChantier {
            guild_id: guild,
            name: name.clone(),
            address: None,
            created_by: inv.user_id,
        };
        match app.store.create_chantier(&new, app.now()).await {
            Ok(created) => Ok(Reply::text(text::chantier_created(inv.lang, &created.name))),
            Err(StoreError::Conflict(_)) => Err(CommandError::Invalid(text::chantier_exists(
                inv.lang, &name,
            ))),
            Err(err) => Err(err.into()),
        }
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "chantiers", desc_localizations = "text::desc::chantiers")]
pub struct Chantiers;

#[async_trait]
impl Command for Chantiers {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let mut list = app.store.list_chantiers(guild, false).await?;
        // Alphabetical as people read it: "École" with the E's, not after "Zola".
        list.sort_by_cached_key(|c| fold(&c.chantier.name));
        let description = if list.is_empty() {
            text::chantiers_empty(inv.lang)
        } else {
            list.iter()
                .map(|c| {
                    format!(
                        "🏗️ **{}** — {}",
                        c.chantier.name,
                        text::open_tasks(inv.lang, c.open_tasks)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        Ok(Reply::embed(
            EmbedBuilder::new()
                .title(text::chantiers_title(inv.lang))
                .color(COLOR)
                .description(truncate(&description, 4000))
                .build(),
        ))
    }
}

/// The active chantier named `name` (case-insensitive), or an error naming the closest ones.
pub async fn resolve(
    app: &App,
    inv: &Invocation,
    guild: u64,
    name: &str,
) -> Result<Chantier, CommandError> {
    let name = name.trim();
    match app.store.chantier_by_name(guild, name).await? {
        Some(c) if c.archived => Err(CommandError::Invalid(text::chantier_archived(
            inv.lang, &c.name,
        ))),
        Some(c) => Ok(c),
        None => {
            let names = app.store.chantier_names(guild).await?;
            let suggestions: Vec<String> =
                rank(&names, name).into_iter().take(3).cloned().collect();
            Err(CommandError::NotFound(text::chantier_unknown(
                inv.lang,
                name,
                &suggestions,
            )))
        }
    }
}

/// Up to 25 active chantier names for what was typed.
pub async fn autocomplete(
    app: &App,
    inv: &Invocation,
    typed: &str,
) -> Result<Vec<CommandOptionChoice>, CommandError> {
    let Some(guild) = inv.guild_id else {
        return Ok(Vec::new());
    };
    let names = app.store.chantier_names(guild).await?;
    let ranked = if typed.trim().is_empty() {
        let mut all: Vec<&String> = names.iter().collect();
        all.sort_by_cached_key(|n| fold(n));
        all
    } else {
        rank(&names, typed)
    };
    Ok(ranked
        .into_iter()
        .take(25)
        .map(|n| CommandOptionChoice {
            name: n.clone(),
            name_localizations: None,
            value: CommandOptionChoiceValue::String(n.clone()),
        })
        .collect())
}

/// Accent- and case-insensitive form used for matching.
fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// Names ordered by closeness to `typed`: prefix matches, then word-prefix, then substring,
/// then the rest by similarity (Jaro-Winkler). Names with nothing in common are dropped.
fn rank<'a>(names: &'a [String], typed: &str) -> Vec<&'a String> {
    let typed = fold(typed.trim());
    let mut scored: Vec<(u8, f64, &String)> = names
        .iter()
        .filter_map(|name| {
            let folded = fold(name);
            let similarity = strsim::jaro_winkler(&folded, &typed);
            let tier = if folded.starts_with(&typed) {
                0
            } else if folded.split([' ', '-', '_']).any(|w| w.starts_with(&typed)) {
                1
            } else if folded.contains(&typed) {
                2
            } else if similarity >= 0.6 {
                3
            } else {
                return None;
            };
            Some((tier, similarity, name))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    scored.into_iter().map(|(_, _, n)| n).collect()
}

/// At most `max` characters, with an ellipsis when cut (Discord limits embed descriptions).
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        [
            "Beautemps",
            "École Jules Ferry",
            "Résidence Les Pins",
            "Gare Nord",
            "Beaulieu",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn prefix_matches_come_first_ignoring_case_and_accents() {
        let n = names();
        let ranked = rank(&n, "beau");
        assert_eq!(ranked[..2], [&n[4], &n[0]]);
        assert_eq!(rank(&n, "ecole")[0], &n[1]);
        assert_eq!(rank(&n, "pins")[0], &n[2]);
    }

    #[test]
    fn typos_still_find_the_closest_name() {
        let n = names();
        assert_eq!(rank(&n, "beautemp")[0], &n[0]);
        assert_eq!(rank(&n, "bautemps")[0], &n[0]);
    }

    #[test]
    fn unrelated_names_are_dropped() {
        assert!(rank(&names(), "zzzzqqq").is_empty());
    }

    #[test]
    fn truncate_cuts_on_characters() {
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
