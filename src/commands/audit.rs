//! `/auditserveur` (admin): a JSON export of the guild — categories and channels with their
//! permission overwrites, roles with their permissions decoded to names, member count, the
//! bot's permissions — delivered as the file `audit-<guild>-<YYYY-MM-DD>.json` with a short
//! summary embed.
//!
//! It calls Discord, so it is deferred: [`AuditServeur::run`] only checks who asks and hands
//! back [`DeferredJob::Audit`]; [`run`] does the work once the interaction is answered.
//!
//! Requests to Discord per audit: three reads, sent concurrently — the guild with counts (its
//! roles come with it), its channels (overwrites included), the bot's member — then the edit
//! of the deferred reply that carries the file. Never one request per channel or role. (A
//! fourth read, `GET /users/@me`, only for applications whose bot user id is not their
//! application id: those created before 2019.)

use std::collections::HashMap;

use async_trait::async_trait;
use serde_json::{Value, json};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    guild::Permissions,
    id::{Id, marker::GuildMarker},
};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use super::{
    COLOR, Command, CommandError, DeferredJob, File, Invocation, Reply,
    ports::{ChannelInfo, GuildInfo, MemberInfo, RoleInfo},
    text,
};
use crate::{app::App, id::Snowflake, store::Level};

/// What the bot's role needs for every gvbot feature (messages with embeds and files, chantier
/// channels and their permissions, moderation). The summary lists what it lacks.
pub const BOT_NEEDS: Permissions = Permissions::VIEW_CHANNEL
    .union(Permissions::SEND_MESSAGES)
    .union(Permissions::EMBED_LINKS)
    .union(Permissions::ATTACH_FILES)
    .union(Permissions::READ_MESSAGE_HISTORY)
    .union(Permissions::MANAGE_CHANNELS)
    .union(Permissions::MANAGE_ROLES)
    .union(Permissions::MANAGE_MESSAGES)
    .union(Permissions::MODERATE_MEMBERS);

/// What reading a guild's setup requires of the bot (named when Discord answers 403).
const READ_NEEDS: Permissions = Permissions::VIEW_CHANNEL;

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "auditserveur",
    contexts = "guild",
    desc_localizations = "text::desc::auditserveur"
)]
pub struct AuditServeur;

#[async_trait]
impl Command for AuditServeur {
    const LEVEL: Level = Level::Admin;

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild_id = inv.guild()?;
        // Say so now rather than after "thinking…" when gvbot cannot call Discord at all.
        app.discord()?.require_token()?;
        // The export shows the server's whole permission layout: for the admin's eyes only.
        Ok(Reply {
            ephemeral: true,
            ..Reply::later(DeferredJob::Audit { guild_id })
        })
    }
}

/// The deferred part: fetch, export, summarize.
pub async fn run(app: &App, inv: &Invocation, guild_id: Snowflake) -> Result<Reply, CommandError> {
    let discord = app.discord()?;
    discord.require_token()?;
    let guild: Id<GuildMarker> =
        Id::try_from(guild_id).map_err(|e| CommandError::Internal(e.into()))?;
    let (info, channels, bot) = tokio::try_join!(
        discord.guild(guild),
        discord.guild_channels(guild),
        discord.bot_member(guild),
    )
    .map_err(|e| e.needing(READ_NEEDS))?;
    let audit = Audit::new(&info, &channels, &bot);
    let date = app.today().format("%Y-%m-%d");
    let name = format!("audit-{guild_id}-{date}.json");
    let export = audit.export(app, inv, &info, &channels);
    let mut content =
        serde_json::to_vec_pretty(&export).map_err(|e| CommandError::Internal(e.into()))?;
    content.push(b'\n');
    Ok(Reply {
        embeds: vec![audit.summary(inv, &info, &name)],
        files: vec![File { name, content }],
        ephemeral: true,
        ..Reply::default()
    })
}

const CATEGORY: u8 = 4;

/// What is computed from the three answers.
struct Audit {
    /// `None` when Discord's member answer has no user (never seen in practice).
    bot_id: Option<Snowflake>,
    bot_roles: Vec<Snowflake>,
    /// The bot's guild-wide permissions (all of them for an administrator or the owner).
    bot_permissions: Permissions,
    role_names: HashMap<Snowflake, String>,
    categories: usize,
    /// Channels other than categories.
    channels: usize,
    overwrites: usize,
}

impl Audit {
    fn new(guild: &GuildInfo, channels: &[ChannelInfo], bot: &MemberInfo) -> Audit {
        let categories = channels.iter().filter(|c| c.kind == CATEGORY).count();
        let bot_id = bot.user.as_ref().map(|u| u.id);
        let everyone = guild.roles.iter().find(|r| r.id == guild.id);
        let mut permissions = everyone.map_or(Permissions::empty(), |r| bits(&r.permissions));
        for role in guild.roles.iter().filter(|r| bot.roles.contains(&r.id)) {
            permissions |= bits(&role.permissions);
        }
        if permissions.contains(Permissions::ADMINISTRATOR)
            || (guild.owner_id.is_some() && guild.owner_id == bot_id)
        {
            permissions = Permissions::all();
        }
        Audit {
            bot_id,
            bot_roles: bot.roles.clone(),
            bot_permissions: permissions,
            role_names: guild.roles.iter().map(|r| (r.id, r.name.clone())).collect(),
            categories,
            channels: channels.len() - categories,
            overwrites: channels.iter().map(|c| c.permission_overwrites.len()).sum(),
        }
    }

    /// The bot's permissions in `channel`, by Discord's rules: guild permissions, then the
    /// @everyone overwrite, then its roles' overwrites together, then its member overwrite.
    /// Without View Channel it can do nothing there.
    fn bot_permissions_in(&self, guild_id: Snowflake, channel: &ChannelInfo) -> Permissions {
        if self.bot_permissions.contains(Permissions::ADMINISTRATOR) {
            return Permissions::all();
        }
        let mut permissions = self.bot_permissions;
        let overwrites = &channel.permission_overwrites;
        if let Some(everyone) = overwrites.iter().find(|o| o.kind == 0 && o.id == guild_id) {
            permissions.remove(bits(&everyone.deny));
            permissions.insert(bits(&everyone.allow));
        }
        let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
        for o in overwrites
            .iter()
            .filter(|o| o.kind == 0 && self.bot_roles.contains(&o.id))
        {
            allow |= bits(&o.allow);
            deny |= bits(&o.deny);
        }
        permissions.remove(deny);
        permissions.insert(allow);
        if let Some(member) = overwrites
            .iter()
            .find(|o| o.kind == 1 && Some(o.id) == self.bot_id)
        {
            permissions.remove(bits(&member.deny));
            permissions.insert(bits(&member.allow));
        }
        if permissions.contains(Permissions::VIEW_CHANNEL) {
            permissions
        } else {
            Permissions::empty()
        }
    }

    fn overwrites(&self, channel: &ChannelInfo) -> Vec<Value> {
        channel
            .permission_overwrites
            .iter()
            .map(|o| {
                let (target, name) = match o.kind {
                    1 => ("member", None),
                    _ => ("role", self.role_names.get(&o.id)),
                };
                json!({
                    "id": o.id,
                    "target": target,
                    "name": name,
                    "allow": names(bits(&o.allow)),
                    "deny": names(bits(&o.deny)),
                })
            })
            .collect()
    }

    fn channel(&self, guild_id: Snowflake, channel: &ChannelInfo) -> Value {
        json!({
            "id": channel.id,
            "name": channel.name,
            "type": channel_type(channel.kind),
            "position": channel.position,
            "topic": channel.topic,
            "nsfw": channel.nsfw,
            "slowmode_seconds": channel.rate_limit_per_user.unwrap_or(0),
            "permission_overwrites": self.overwrites(channel),
            "bot_permissions": names(self.bot_permissions_in(guild_id, channel)),
        })
    }

    /// The JSON export.
    fn export(
        &self,
        app: &App,
        inv: &Invocation,
        guild: &GuildInfo,
        channels: &[ChannelInfo],
    ) -> Value {
        let by_position = |list: &mut Vec<&ChannelInfo>| {
            list.sort_by_key(|c| (c.position, c.id));
        };
        let mut categories: Vec<&ChannelInfo> =
            channels.iter().filter(|c| c.kind == CATEGORY).collect();
        by_position(&mut categories);
        let children = |parent: Option<Snowflake>| {
            let mut list: Vec<&ChannelInfo> = channels
                .iter()
                .filter(|c| c.kind != CATEGORY && c.parent_id == parent)
                .collect();
            by_position(&mut list);
            list.iter()
                .map(|c| self.channel(guild.id, c))
                .collect::<Vec<_>>()
        };
        let categories: Vec<Value> = categories
            .iter()
            .map(|category| {
                json!({
                    "id": category.id,
                    "name": category.name,
                    "position": category.position,
                    "permission_overwrites": self.overwrites(category),
                    "channels": children(Some(category.id)),
                })
            })
            .collect();
        // Channels whose category is not in the list (none, or one the bot cannot see).
        let known: Vec<Snowflake> = channels
            .iter()
            .filter(|c| c.kind == CATEGORY)
            .map(|c| c.id)
            .collect();
        let mut loose: Vec<&ChannelInfo> = channels
            .iter()
            .filter(|c| c.kind != CATEGORY && c.parent_id.is_none_or(|p| !known.contains(&p)))
            .collect();
        by_position(&mut loose);
        let mut roles: Vec<&RoleInfo> = guild.roles.iter().collect();
        roles.sort_by(|a, b| b.position.cmp(&a.position).then(a.id.cmp(&b.id)));
        let roles: Vec<Value> = roles
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.name,
                    "position": r.position,
                    "color": format!("#{:06x}", r.color),
                    "hoist": r.hoist,
                    "managed": r.managed,
                    "mentionable": r.mentionable,
                    "permissions": names(bits(&r.permissions)),
                    "permissions_value": r.permissions,
                })
            })
            .collect();
        json!({
            "format": "gvbot-audit/1",
            "generated_at": app.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "requested_by": inv.user_id.to_string(),
            "guild": {
                "id": guild.id,
                "name": guild.name,
                "owner_id": guild.owner_id,
                "approximate_member_count": guild.approximate_member_count,
                "approximate_presence_count": guild.approximate_presence_count,
                "preferred_locale": guild.preferred_locale,
                "verification_level": guild.verification_level,
                "mfa_level": guild.mfa_level,
                "explicit_content_filter": guild.explicit_content_filter,
                "features": guild.features,
                "system_channel_id": guild.system_channel_id,
                "rules_channel_id": guild.rules_channel_id,
            },
            "bot": {
                "user_id": self.bot_id.map(|id| id.to_string()).unwrap_or_default(),
                "roles": self.bot_roles.iter().map(|id| json!({
                    "id": id,
                    "name": self.role_names.get(id),
                })).collect::<Vec<_>>(),
                "administrator": self.bot_permissions.contains(Permissions::ADMINISTRATOR),
                "permissions": names(self.bot_permissions),
                "missing_for_gvbot": names(BOT_NEEDS - self.bot_permissions),
            },
            "counts": {
                "roles": guild.roles.len(),
                "categories": self.categories,
                "channels": self.channels,
                "permission_overwrites": self.overwrites,
            },
            "roles": roles,
            "categories": categories,
            "uncategorized_channels": loose.iter().map(|c| self.channel(guild.id, c)).collect::<Vec<_>>(),
        })
    }

    /// The embed shown with the file.
    fn summary(
        &self,
        inv: &Invocation,
        guild: &GuildInfo,
        file: &str,
    ) -> twilight_model::channel::message::Embed {
        let lang = inv.lang;
        let labels = text::audit_labels(lang);
        let missing = BOT_NEEDS - self.bot_permissions;
        let count = |n: usize| n.to_string();
        EmbedBuilder::new()
            .title(text::audit_title(lang, &guild.name))
            .color(COLOR)
            .field(
                EmbedFieldBuilder::new(
                    labels.members,
                    guild
                        .approximate_member_count
                        .map_or_else(|| "?".to_owned(), |n| n.to_string()),
                )
                .inline(),
            )
            .field(EmbedFieldBuilder::new(labels.roles, count(guild.roles.len())).inline())
            .field(EmbedFieldBuilder::new(labels.categories, count(self.categories)).inline())
            .field(EmbedFieldBuilder::new(labels.channels, count(self.channels)).inline())
            .field(EmbedFieldBuilder::new(labels.overwrites, count(self.overwrites)).inline())
            .field(EmbedFieldBuilder::new(
                labels.bot_missing,
                if missing.is_empty() {
                    labels.nothing_missing.to_owned()
                } else {
                    text::permission_list(lang, missing)
                },
            ))
            .footer(EmbedFooterBuilder::new(text::audit_footer(lang, file)))
            .build()
    }
}

/// A permission set sent as a decimal string; unparsable counts as none.
fn bits(raw: &str) -> Permissions {
    Permissions::from_bits_retain(raw.parse().unwrap_or(0))
}

/// Permission names as Discord's API spells them (`VIEW_CHANNEL`); bits twilight does not
/// know yet as `BIT_<n>`.
fn names(permissions: Permissions) -> Vec<String> {
    let mut out: Vec<String> = permissions
        .iter_names()
        .map(|(name, _)| match name {
            // Discord's current names for twilight's older aliases.
            "MANAGE_EMOJIS_AND_STICKERS" => "MANAGE_GUILD_EXPRESSIONS".to_owned(),
            "USE_SLASH_COMMANDS" => "USE_APPLICATION_COMMANDS".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    let unknown = permissions.bits() & !Permissions::all().bits();
    out.extend(
        (0..64)
            .filter(|bit| unknown & (1 << bit) != 0)
            .map(|bit| format!("BIT_{bit}")),
    );
    out
}

fn channel_type(kind: u8) -> &'static str {
    match kind {
        0 => "text",
        2 => "voice",
        4 => "category",
        5 => "announcement",
        13 => "stage",
        15 => "forum",
        16 => "media",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ports::OverwriteInfo;

    fn overwrite(id: &str, kind: u8, allow: Permissions, deny: Permissions) -> OverwriteInfo {
        OverwriteInfo {
            id: Snowflake::parse(id).expect("test id"),
            kind,
            allow: allow.bits().to_string(),
            deny: deny.bits().to_string(),
        }
    }

    fn channel(overwrites: Vec<OverwriteInfo>) -> ChannelInfo {
        ChannelInfo {
            id: Snowflake::new(10),
            kind: 0,
            name: Some("chantier".into()),
            position: 0,
            parent_id: None,
            topic: None,
            nsfw: false,
            rate_limit_per_user: None,
            permission_overwrites: overwrites,
        }
    }

    fn audit(bot: Permissions) -> Audit {
        Audit {
            bot_id: Some(Snowflake::new(7)),
            bot_roles: vec![Snowflake::new(5)],
            bot_permissions: bot,
            role_names: HashMap::new(),
            categories: 0,
            channels: 1,
            overwrites: 0,
        }
    }

    #[test]
    fn channel_permissions_follow_discord_order() {
        let base = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
        let a = audit(base);
        // @everyone loses Send; the bot's role gets it back; the member overwrite wins last.
        let everyone = overwrite("1", 0, Permissions::empty(), Permissions::SEND_MESSAGES);
        assert_eq!(
            a.bot_permissions_in(Snowflake::new(1), &channel(vec![everyone])),
            Permissions::VIEW_CHANNEL
        );
        let everyone = overwrite("1", 0, Permissions::empty(), Permissions::SEND_MESSAGES);
        let role = overwrite("5", 0, Permissions::SEND_MESSAGES, Permissions::empty());
        assert_eq!(
            a.bot_permissions_in(Snowflake::new(1), &channel(vec![everyone, role])),
            base
        );
        let role = overwrite("5", 0, Permissions::SEND_MESSAGES, Permissions::empty());
        let member = overwrite("7", 1, Permissions::empty(), Permissions::SEND_MESSAGES);
        assert_eq!(
            a.bot_permissions_in(Snowflake::new(1), &channel(vec![role, member])),
            Permissions::VIEW_CHANNEL
        );
        // Without View Channel, nothing.
        let hidden = overwrite("1", 0, Permissions::empty(), Permissions::VIEW_CHANNEL);
        assert!(
            a.bot_permissions_in(Snowflake::new(1), &channel(vec![hidden]))
                .is_empty()
        );
        // An administrator ignores overwrites.
        let hidden = overwrite("1", 0, Permissions::empty(), Permissions::VIEW_CHANNEL);
        let admin = audit(Permissions::all());
        assert_eq!(
            admin.bot_permissions_in(Snowflake::new(1), &channel(vec![hidden])),
            Permissions::all()
        );
    }

    #[test]
    fn permission_names_use_discord_spelling() {
        assert_eq!(
            names(Permissions::VIEW_CHANNEL | Permissions::MANAGE_GUILD_EXPRESSIONS),
            ["VIEW_CHANNEL", "MANAGE_GUILD_EXPRESSIONS"]
        );
        assert_eq!(names(bits("1152921504606846976")), ["BIT_60"]);
        assert!(names(bits("not a number")).is_empty());
    }
}
