//! Server configuration: `/config role` maps a Discord role to a level, `/config voir` shows
//! the configuration. Admin only.

use async_trait::async_trait;
use twilight_interactions::command::{CommandModel, CommandOption, CreateCommand, CreateOption};
use twilight_model::{
    guild::Permissions,
    id::{Id, marker::RoleMarker},
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{COLOR, Command, CommandError, Invocation, Reply, require, text};
use crate::{app::App, store::Level};

/// First gate: Discord only shows `/config` to members who can manage the server; gvbot
/// then checks the admin level itself.
fn config_permissions() -> Permissions {
    Permissions::MANAGE_GUILD
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "config",
    desc_localizations = "text::desc::config",
    default_permissions = "config_permissions"
)]
pub enum Config {
    #[command(name = "role")]
    Role(ConfigRole),
    #[command(name = "voir")]
    Voir(ConfigVoir),
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
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        require(app, inv, Level::Admin).await?;
        match self {
            Config::Role(ConfigRole { niveau, role }) => {
                let level = match niveau {
                    Niveau::Admin => Level::Admin,
                    Niveau::Manager => Level::Manager,
                    Niveau::Membre => Level::Member,
                };
                app.store.set_role_level(guild, role.get(), level).await?;
                Ok(Reply::text(if level == Level::Member {
                    text::role_unmapped(lang, role.get())
                } else {
                    text::role_mapped(lang, role.get(), level)
                }))
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
                let embed = EmbedBuilder::new()
                    .title(text::config_title(lang))
                    .color(COLOR)
                    .field(EmbedFieldBuilder::new(text::config_roles(lang), value))
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
