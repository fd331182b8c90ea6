//! Server configuration: `/config role` maps a Discord role to a level, `/config salon` sets
//! the channel (or category) used for a purpose, `/config voir` shows the configuration. Admin
//! only.

use super::Reason;
use async_trait::async_trait;
use twilight_interactions::command::{CommandModel, CommandOption, CreateCommand, CreateOption};
use twilight_model::{
    application::interaction::InteractionChannel,
    channel::ChannelType,
    id::{Id, marker::RoleMarker},
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{COLOR, Command, CommandError, Invocation, Reply, text};
use crate::{
    app::App,
    config::calendar_feed_url,
    id::Snowflake,
    store::{ChannelKind, Level, channel_of},
};

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "config",
    contexts = "guild",
    desc_localizations = "text::desc::config"
)]
pub enum Config {
    #[command(name = "role")]
    Role(ConfigRole),
    #[command(name = "voir")]
    Voir(ConfigVoir),
    #[command(name = "salon")]
    Salon(ConfigSalon),
}

/// The purposes of `/config salon`.
#[derive(CommandOption, CreateOption, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeSalon {
    #[option(name = "planning", value = "planning")]
    Planning,
    #[option(
        name = "moderation",
        value = "moderation",
        name_localizations = "text::choice::salon_moderation"
    )]
    Moderation,
    #[option(
        name = "chantiers (catégorie)",
        value = "chantiers",
        name_localizations = "text::choice::salon_chantiers"
    )]
    Chantiers,
    #[option(
        name = "archives (catégorie)",
        value = "archives",
        name_localizations = "text::choice::salon_archives"
    )]
    Archives,
    #[option(
        name = "alertes",
        value = "alertes",
        name_localizations = "text::choice::salon_alertes"
    )]
    Alertes,
}

impl TypeSalon {
    fn kind(self) -> ChannelKind {
        match self {
            TypeSalon::Planning => ChannelKind::Planning,
            TypeSalon::Moderation => ChannelKind::Moderation,
            TypeSalon::Chantiers => ChannelKind::Chantiers,
            TypeSalon::Archives => ChannelKind::Archives,
            TypeSalon::Alertes => ChannelKind::Alertes,
        }
    }
}

/// One option cannot restrict the channel type per choice: Discord offers text channels and
/// categories, and [`Config::run`] checks the type against the purpose.
#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "salon", desc_localizations = "text::desc::config_salon")]
pub struct ConfigSalon {
    #[command(rename = "type", desc_localizations = "text::desc::config_salon_type")]
    pub kind: TypeSalon,
    #[command(
        desc_localizations = "text::desc::config_salon_salon",
        channel_types = "guild_text guild_announcement guild_category"
    )]
    pub salon: InteractionChannel,
}

#[derive(CommandOption, CreateOption, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Niveau {
    #[option(name = "admin", value = "admin")]
    Admin,
    #[option(name = "manager", value = "manager")]
    Manager,
    #[option(
        name = "membre (retire l'association)",
        value = "membre",
        name_localizations = "text::choice::membre"
    )]
    Membre,
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "role", desc_localizations = "text::desc::config_role")]
pub struct ConfigRole {
    #[command(desc_localizations = "text::desc::config_role_niveau")]
    pub niveau: Niveau,
    #[command(desc_localizations = "text::desc::config_role_role")]
    pub role: Id<RoleMarker>,
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(name = "voir", desc_localizations = "text::desc::config_voir")]
pub struct ConfigVoir;

#[async_trait]
impl Command for Config {
    const LEVEL: Level = Level::Admin;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        match self {
            Config::Role(ConfigRole { niveau, role }) => {
                let level = match niveau {
                    Niveau::Admin => Level::Admin,
                    Niveau::Manager => Level::Manager,
                    Niveau::Membre => Level::Member,
                };
                app.store
                    .set_role_level(guild, Snowflake::from(role), level)
                    .await?;
                Ok(Reply::text(if level == Level::Member {
                    text::role_unmapped(lang, Snowflake::from(role))
                } else {
                    text::role_mapped(lang, Snowflake::from(role), level)
                }))
            }
            Config::Salon(ConfigSalon { kind, salon }) => {
                let kind = kind.kind();
                let fits = if kind.is_category() {
                    salon.kind == ChannelType::GuildCategory
                } else {
                    matches!(
                        salon.kind,
                        ChannelType::GuildText | ChannelType::GuildAnnouncement
                    )
                };
                if !fits {
                    return Err(CommandError::invalid(
                        "salon",
                        Reason::WrongChannelType {
                            kind,
                            got: salon.name.clone(),
                        },
                    ));
                }
                app.store
                    .set_guild_channel(guild, kind, Snowflake::from(salon.id), app.now())
                    .await?;
                Ok(Reply::text(text::config_channel_set(
                    lang,
                    kind,
                    Snowflake::from(salon.id),
                )))
            }
            Config::Voir(ConfigVoir) => {
                let mut roles = app.store.role_levels(guild).await?;
                roles.sort_by(|a, b| b.level.cmp(&a.level).then(a.role_id.cmp(&b.role_id)));
                let value = if roles.is_empty() {
                    text::config_no_roles(lang)
                } else {
                    roles
                        .iter()
                        .map(|r| format!("<@&{}> → **{}**", r.role_id, text::level(lang, r.level)))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                // The feed URL carries the guild's secret token: shown to admins only, privately.
                let calendar = match app.config.public_url.as_deref() {
                    Some(base) => {
                        let token = app.store.calendar_token(guild, app.now()).await?;
                        text::config_calendar_url(lang, &calendar_feed_url(base, &token))
                    }
                    None => text::config_calendar_unset(lang),
                };
                let configured = app.store.guild_channels(guild).await?;
                let channels = ChannelKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let target = channel_of(&configured, kind).map_or_else(
                            || text::config_channel_unset(lang).to_owned(),
                            |id| format!("<#{id}>"),
                        );
                        text::config_channel_line(lang, kind, &target)
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let embed = EmbedBuilder::new()
                    .title(text::config_title(lang))
                    .color(COLOR)
                    .field(EmbedFieldBuilder::new(text::config_roles(lang), value))
                    .field(EmbedFieldBuilder::new(
                        text::config_channels(lang),
                        channels,
                    ))
                    .field(EmbedFieldBuilder::new(
                        text::config_calendar(lang),
                        calendar,
                    ))
                    .footer(EmbedFooterBuilder::new(text::config_admin_note(lang)))
                    .build();
                Ok(Reply {
                    ephemeral: true,
                    ..Reply::embed(embed)
                })
            }
        }
    }
}
