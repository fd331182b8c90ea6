//! Chantiers (job sites): `/creerchantier` (with its Discord channel), `/archiverchantier`,
//! `/chantiers`, the chantier autocomplete, and the lookup other commands use (an unknown name
//! gets the three closest existing names).
//!
//! [`create_chantier`] is the one way a chantier is created, from Discord or the REST API. Its
//! row comes first — the database's unique name index refuses a duplicate before any call to
//! Discord — and is removed again when Discord refuses the channel, so nothing is left
//! half-created.
//! Requests to Discord: `/creerchantier` two (list the guild's channels — to reuse one of the
//! same name and check the category — then create it) or one when a channel is reused;
//! `/archiverchantier` two (move it to the archive category, or read it when no archive category
//! is set; then the `@everyone` overwrite).

use super::Completion;
use super::values::ChantierName;
use super::{Missing, Reason};
use async_trait::async_trait;
use twilight_interactions::command::{CommandModel, CommandOption, CreateCommand, CreateOption};
use twilight_model::{
    application::command::{CommandOptionChoice, CommandOptionChoiceValue},
    guild::Permissions,
    http::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType},
    id::Id,
};
use twilight_util::builder::embed::EmbedBuilder;

use super::{
    COLOR, Command, CommandError, Invocation, Reply,
    moderation::bot,
    ports::{ChannelInfo, DiscordApi, DiscordError},
    text,
};
use crate::{
    app::App,
    id::Snowflake,
    store::{ChannelKind, Chantier, Level, NewChantier, StoreError, channel_of, fold_name},
};

/// Longest chantier name accepted (also Discord's channel name limit).
/// Longest address kept as a channel topic (Discord's topic limit).
const TOPIC_MAX: usize = 1024;
/// Discord's channel types, as its JSON numbers them.
const GUILD_TEXT: u8 = 0;
const GUILD_CATEGORY: u8 = 4;

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "creerchantier",
    contexts = "guild",
    desc_localizations = "text::desc::creerchantier"
)]
pub struct CreerChantier {
    #[command(
        desc_localizations = "text::desc::creerchantier_nom",
        min_length = 1,
        max_length = 100
    )]
    pub nom: String,
    #[command(
        desc_localizations = "text::desc::creerchantier_adresse",
        max_length = 1024
    )]
    pub adresse: Option<String>,
}

#[async_trait]
impl Command for CreerChantier {
    const REST: Option<&'static str> = Some("nom");
    const LEVEL: Level = Level::Admin;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let new = NewChantier {
            guild_id: guild,
            name: self.nom,
            address: self.adresse,
            created_by: inv.user_id,
        };
        let created = create_chantier(app, new, WithChannel::IfConfigured).await?;
        let mut lines = vec![text::chantier_created(lang, &created.chantier.name)];
        match created.channel {
            ChannelOutcome::None => {}
            ChannelOutcome::Skipped(var) => lines.push(text::chantier_channel_skipped(lang, var)),
            ChannelOutcome::Reused(id) => lines.push(text::chantier_channel_reused(lang, id)),
            ChannelOutcome::Created { id, category } => {
                lines.push(text::chantier_channel_created(lang, id));
                match category {
                    Category::Under => {}
                    Category::NotConfigured => lines.push(text::chantier_channel_no_category(lang)),
                    Category::Missing => lines.push(text::chantier_channel_category_missing(lang)),
                }
            }
        }
        Ok(Reply::text(lines.join("\n")))
    }
}

/// Whether [`create_chantier`] also gives the chantier its Discord channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithChannel {
    No,
    /// When gvbot can call Discord; otherwise the chantier is created alone
    /// ([`ChannelOutcome::Skipped`]).
    IfConfigured,
    /// Fail when gvbot cannot call Discord.
    Required,
}

/// What happened to the chantier's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelOutcome {
    /// Not asked for.
    None,
    /// gvbot cannot call Discord: the variable to set.
    Skipped(&'static str),
    /// A text channel of the same name existed and is now the chantier's.
    Reused(Snowflake),
    Created {
        id: Snowflake,
        category: Category,
    },
}

/// Where a new chantier channel went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Under the configured chantiers category.
    Under,
    /// At the top level: no chantiers category is configured.
    NotConfigured,
    /// At the top level: the configured category no longer exists.
    Missing,
}

/// A chantier just created, and its channel.
#[derive(Debug, Clone)]
pub struct CreatedChantier {
    pub chantier: Chantier,
    pub channel: ChannelOutcome,
}

/// Why [`create_chantier`] created nothing.
#[derive(Debug, thiserror::Error)]
pub enum CreateChantierError {
    /// The name breaks [`ChantierName`]'s rule; the error says how.
    #[error("invalid chantier name: {0}")]
    InvalidName(CommandError),
    /// A chantier of that name exists (its stored name).
    #[error("chantier {0} already exists")]
    Exists(String),
    /// Discord refused the channel, or the store failed.
    #[error(transparent)]
    Failed(#[from] CommandError),
}

impl From<CreateChantierError> for CommandError {
    fn from(err: CreateChantierError) -> CommandError {
        match err {
            CreateChantierError::InvalidName(err) => err,
            CreateChantierError::Exists(name) => {
                CommandError::invalid("nom", Reason::ChantierExists { name })
            }
            CreateChantierError::Failed(err) => err,
        }
    }
}

impl From<StoreError> for CreateChantierError {
    fn from(err: StoreError) -> Self {
        CreateChantierError::Failed(err.into())
    }
}

impl From<DiscordError> for CreateChantierError {
    fn from(err: DiscordError) -> Self {
        CreateChantierError::Failed(err.into())
    }
}

/// Create a chantier (name rules of `/creerchantier`: blanks collapsed, 1 to 100 characters,
/// unique per guild ignoring case and accents) and, if asked, its text channel: named
/// [`channel_name`], under the chantiers category when one is configured, the address as
/// topic; a text channel of that name already in the guild is reused. When Discord refuses
/// the channel, the chantier is removed again.
pub async fn create_chantier(
    app: &App,
    new: NewChantier,
    with_channel: WithChannel,
) -> Result<CreatedChantier, CreateChantierError> {
    let name = ChantierName::parse("nom", &new.name)
        .map_err(CreateChantierError::InvalidName)?
        .into_string();
    let address = new
        .address
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    let guild = new.guild_id;
    let new = NewChantier {
        name,
        address,
        ..new
    };
    // The row first: the database refuses a name already used (ignoring case and accents),
    // even by a concurrent creation, before anything is asked of Discord.
    let mut chantier = match app.store.create_chantier(&new, app.now()).await {
        Ok(created) => created,
        Err(StoreError::Conflict(_)) => {
            let existing = app.store.chantier_by_name(guild, &new.name).await?;
            return Err(CreateChantierError::Exists(
                existing.map_or(new.name, |c| c.name),
            ));
        }
        Err(err) => return Err(err.into()),
    };
    let (name, address) = (&chantier.name, chantier.address.as_deref());
    let channel: Result<ChannelOutcome, CommandError> = async {
        match with_channel {
            WithChannel::No => Ok(ChannelOutcome::None),
            WithChannel::IfConfigured => match bot(app) {
                Ok(discord) => chantier_channel(app, discord, guild, name, address).await,
                Err(var) => Ok(ChannelOutcome::Skipped(var)),
            },
            WithChannel::Required => {
                let discord = app.discord()?;
                discord.require_token()?;
                chantier_channel(app, discord, guild, name, address).await
            }
        }
    }
    .await;
    let channel = match channel {
        Ok(channel) => channel,
        Err(err) => {
            // Discord refused the channel: no chantier either, as if nothing was asked.
            undo_creation(app, &chantier).await;
            return Err(err.into());
        }
    };
    if let ChannelOutcome::Reused(id) | ChannelOutcome::Created { id, .. } = channel {
        chantier = app
            .store
            .set_chantier_channel(guild, chantier.id, id)
            .await?;
    }
    super::figures_changed(app).await;
    Ok(CreatedChantier { chantier, channel })
}

/// Remove a chantier just created whose channel could not be made. Anything that already
/// points at it (a task created meanwhile) keeps it, without a channel.
async fn undo_creation(app: &App, chantier: &Chantier) {
    match app
        .store
        .delete_chantier(chantier.guild_id, chantier.id)
        .await
    {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            chantier_id = chantier.id,
            "chantier kept without its channel: already in use"
        ),
        Err(err) => tracing::warn!(
            chantier_id = chantier.id,
            error = ?err,
            "chantier kept without its channel: could not remove it"
        ),
    }
}

/// Find or create the text channel of chantier `name`.
async fn chantier_channel(
    app: &App,
    discord: &dyn DiscordApi,
    guild: Snowflake,
    name: &str,
    topic: Option<&str>,
) -> Result<ChannelOutcome, CommandError> {
    let guild_id = Id::try_from(guild).map_err(|_| CommandError::GuildOnly)?;
    let settings = app.store.guild_channels(guild).await?;
    let channels = discord
        .guild_channels(guild_id)
        .await
        .map_err(|e| e.needing(Permissions::VIEW_CHANNEL))?;
    let slug = channel_name(name);
    if let Some(existing) = channels
        .iter()
        .find(|c| c.kind == GUILD_TEXT && c.name.as_deref() == Some(slug.as_str()))
    {
        return Ok(ChannelOutcome::Reused(existing.id));
    }
    let (parent, category) = match channel_of(&settings, ChannelKind::Chantiers) {
        None => (None, Category::NotConfigured),
        Some(id)
            if channels
                .iter()
                .any(|c| c.kind == GUILD_CATEGORY && c.id == id) =>
        {
            (Id::try_from(id).ok(), Category::Under)
        }
        Some(_) => (None, Category::Missing),
    };
    let topic = topic.map(|t| truncate(t, TOPIC_MAX));
    let created = discord
        .create_text_channel(guild_id, &slug, parent, topic.as_deref())
        .await
        .map_err(|e| e.needing(Permissions::MANAGE_CHANNELS))?;
    Ok(ChannelOutcome::Created {
        id: created.id,
        category,
    })
}

/// A chantier's channel name: lower-case, accents removed, every run of other characters than
/// letters and digits one dash, at most 100 characters (`École Jules-Ferry (2)` →
/// `ecole-jules-ferry-2`).
pub fn channel_name(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(ChantierName::MAX);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "chantier".to_owned()
    } else {
        slug.to_owned()
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "archiverchantier",
    contexts = "guild",
    desc_localizations = "text::desc::archiverchantier"
)]
pub struct ArchiverChantier {
    #[command(
        desc_localizations = "text::desc::archiverchantier_nom",
        autocomplete = true,
        max_length = 100
    )]
    pub nom: String,
}

#[async_trait]
impl Command for ArchiverChantier {
    const REST: Option<&'static str> = Some("nom");
    const LEVEL: Level = Level::Admin;

    const COMPLETIONS: &'static [(&'static str, Completion)] = &[("nom", Completion::Chantier)];

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let chantier = resolve(app, guild, &self.nom).await?;
        let mut lines = vec![text::chantier_archive_done(lang, &chantier.name)];
        match (chantier.channel_id, bot(app)) {
            (None, _) => lines.push(text::chantier_archive_no_channel(lang)),
            (Some(_), Err(var)) => lines.push(text::chantier_archive_discord_skipped(lang, var)),
            (Some(channel), Ok(discord)) => {
                let archives = channel_of(
                    &app.store.guild_channels(guild).await?,
                    ChannelKind::Archives,
                );
                // Discord first: when it refuses, the chantier stays active and the command
                // can simply be run again once the permission is granted.
                match archive_channel(discord, guild, channel, archives).await {
                    Ok(true) => lines.push(text::chantier_archive_moved(lang, channel)),
                    Ok(false) => lines.push(text::chantier_archive_not_moved(lang, channel)),
                    Err(DiscordError::NotFound(_)) => {
                        lines.push(text::chantier_archive_channel_gone(lang));
                    }
                    Err(err) => return Err(err.into()),
                }
            }
        }
        app.store
            .archive_chantier(guild, chantier.id, app.now())
            .await?;
        super::figures_changed(app).await;
        Ok(Reply::text(lines.join("\n")))
    }
}

/// Move a chantier channel to the archive category (when one is configured) and deny
/// SEND_MESSAGES to `@everyone` there, keeping the rest of its `@everyone` overwrite (a
/// private channel stays private). `true` when it was moved.
async fn archive_channel(
    discord: &dyn DiscordApi,
    guild: Snowflake,
    channel: Snowflake,
    archives: Option<Snowflake>,
) -> Result<bool, DiscordError> {
    let channel_id = Id::try_from(channel)?;
    let archives = archives.and_then(|id| Id::try_from(id).ok());
    // The moved channel comes back with its overwrites; without a move, one read gets them.
    let current: ChannelInfo = match archives {
        Some(parent) => discord
            .move_channel(channel_id, parent)
            .await
            .map_err(|e| e.needing(Permissions::MANAGE_CHANNELS))?,
        None => discord
            .channel(channel_id)
            .await
            .map_err(|e| e.needing(Permissions::VIEW_CHANNEL))?,
    };
    let everyone = current.permission_overwrites.iter().find(|o| o.id == guild);
    let overwrite = PermissionOverwrite {
        allow: Some(
            everyone.map_or(Permissions::empty(), |o| o.allow()) - Permissions::SEND_MESSAGES,
        ),
        deny: Some(
            everyone.map_or(Permissions::empty(), |o| o.deny()) | Permissions::SEND_MESSAGES,
        ),
        // The @everyone role has the guild's id.
        id: Id::try_from(guild)?,
        kind: PermissionOverwriteType::Role,
    };
    discord
        .set_permission_overwrite(channel_id, &overwrite)
        .await
        .map_err(|e| e.needing(Permissions::MANAGE_ROLES))?;
    Ok(archives.is_some())
}

#[derive(CommandOption, CreateOption, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatutChantier {
    #[option(
        name = "actifs",
        value = "actifs",
        name_localizations = "text::choice::actifs"
    )]
    Actifs,
    #[option(
        name = "archives",
        value = "archives",
        name_localizations = "text::choice::archives"
    )]
    Archives,
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "chantiers",
    desc_localizations = "text::desc::chantiers",
    contexts = "guild"
)]
pub struct Chantiers {
    #[command(desc_localizations = "text::desc::chantiers_statut")]
    pub statut: Option<StatutChantier>,
}

#[async_trait]
impl Command for Chantiers {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let archived = self.statut == Some(StatutChantier::Archives);
        let mut list = app.store.list_chantiers(guild, archived).await?;
        // Alphabetical as people read it: "École" with the E's, not after "Zola".
        list.sort_by_cached_key(|c| fold_name(&c.chantier.name));
        let (icon, title, empty) = if archived {
            (
                "🗄️",
                text::chantiers_archived_title(inv.lang),
                text::chantiers_archived_empty(inv.lang),
            )
        } else {
            (
                "🏗️",
                text::chantiers_title(inv.lang),
                text::chantiers_empty(inv.lang),
            )
        };
        let description = if list.is_empty() {
            empty
        } else {
            list.iter()
                .map(|c| {
                    format!(
                        "{icon} **{}** — {}",
                        c.chantier.name,
                        text::open_tasks(inv.lang, c.open_tasks)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        Ok(Reply::embed(
            EmbedBuilder::new()
                .title(title)
                .color(COLOR)
                .description(truncate(&description, 4000))
                .build(),
        ))
    }
}

/// The active chantier named `name` (case-insensitive), or an error naming the closest ones.
pub async fn resolve(app: &App, guild: Snowflake, name: &str) -> Result<Chantier, CommandError> {
    let name = name.trim();
    match app.store.chantier_by_name(guild, name).await? {
        Some(c) if c.archived => Err(CommandError::invalid(
            "chantier",
            Reason::ChantierArchived { name: c.name },
        )),
        Some(c) => Ok(c),
        None => {
            let names = app.store.chantier_names(guild).await?;
            let suggestions: Vec<String> =
                rank(&names, name).into_iter().take(3).cloned().collect();
            Err(CommandError::NotFound(Missing::Chantier {
                name: name.to_owned(),
                suggestions,
            }))
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
        all.sort_by_cached_key(|n| fold_name(n));
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

/// Names ordered by closeness to `typed`: prefix matches, then word-prefix, then substring,
/// then the rest by similarity (Jaro-Winkler). Names with nothing in common are dropped.
fn rank<'a>(names: &'a [String], typed: &str) -> Vec<&'a String> {
    let typed = fold_name(typed.trim());
    let mut scored: Vec<(u8, f64, &String)> = names
        .iter()
        .filter_map(|name| {
            let folded = fold_name(name);
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
    fn channel_names_are_slugs() {
        assert_eq!(channel_name("École Jules-Ferry (2)"), "ecole-jules-ferry-2");
        assert_eq!(
            channel_name("  Résidence  Les Pins!! "),
            "residence-les-pins"
        );
        assert_eq!(channel_name("Gare_Nord / Bât. Ç"), "gare-nord-bat-c");
        assert_eq!(channel_name("!!!"), "chantier");
        assert_eq!(channel_name(&"é".repeat(150)).len(), 100);
        assert_eq!(
            channel_name(&format!("{}-b", "a".repeat(99))),
            "a".repeat(99)
        );
    }

    #[test]
    fn truncate_cuts_on_characters() {
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
