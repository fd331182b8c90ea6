//! Canned Discord data: the seeded guild (roles, members, channels) and the JSON objects
//! of Discord's API documentation the fake answers with.

use chrono::Utc;
use serde_json::{Value, json};

use super::{
    BOT_ID,
    state::{GuildData, State},
};
use crate::support::{ADMIN, JEANNE, PAUL};

/// Everyone's permissions in a fresh guild (view, send, history, reactions, slash commands…).
const EVERYONE_PERMISSIONS: &str = "2248473465835073";

impl State {
    /// The guild, seeded on first use.
    pub(super) fn guild(&mut self, guild: u64) -> &mut GuildData {
        if !self.guilds.contains_key(&guild) {
            let roles = vec![
                role_json(guild, "@everyone", 0, EVERYONE_PERMISSIONS, false),
                role_json(self.id(), "Électricien", 1, "0", false),
                role_json(self.id(), "Manager", 2, "0", false),
                role_json(self.id(), "Admin", 3, "8", false),
                role_json(self.id(), "gvbot", 4, "268504080", true),
            ];
            let bot_role = id_of(&roles[4]);
            let admin_role = id_of(&roles[3]);
            let mut bot = member_json(BOT_ID, &[bot_role]);
            bot["user"]["bot"] = json!(true);
            bot["user"]["username"] = json!("gvbot");
            let members = vec![
                bot,
                member_json(ADMIN, &[admin_role]),
                member_json(PAUL, &[]),
                member_json(JEANNE, &[]),
            ];
            self.guilds.insert(guild, GuildData { roles, members });
            for (name, kind, position) in [
                ("général", 0, 0),
                ("moderation", 0, 1),
                ("Chantiers", 4, 2),
                ("Archives", 4, 3),
            ] {
                let id = self.id();
                let channel = channel_json(
                    id,
                    guild,
                    &json!({ "name": name, "type": kind, "position": position }),
                );
                self.channels.push(channel);
            }
        }
        self.guilds.get_mut(&guild).expect("seeded above")
    }

    pub(super) fn bot_user(&self) -> Value {
        let mut user = user_json(BOT_ID);
        user["bot"] = json!(true);
        user["username"] = json!("gvbot");
        user["discriminator"] = json!("4821");
        user
    }
}

pub(super) fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

/// Whether a JSON snowflake (a string, as Discord writes ids) is `id`.
pub(super) fn is_id(value: &Value, id: u64) -> bool {
    value.as_str().and_then(|s| s.parse::<u64>().ok()) == Some(id)
}

pub(super) fn id_of(value: &Value) -> u64 {
    value["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default()
}

/// `<@123>` and `<@!123>` in a text.
pub(super) fn mentioned_users(content: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for piece in content.split("<@").skip(1) {
        let piece = piece.strip_prefix('!').unwrap_or(piece);
        if let Some((id, _)) = piece.split_once('>')
            && let Ok(id) = id.parse::<u64>()
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// A user object (Discord docs, "User Object").
/// The one interactions carry, with the fields the REST answers add.
pub(super) fn user_json(id: u64) -> Value {
    let mut user = crate::support::user_json(id);
    for (field, value) in [
        ("flags", json!(0)),
        ("banner", Value::Null),
        ("accent_color", Value::Null),
        ("avatar_decoration_data", Value::Null),
    ] {
        user[field] = value;
    }
    user
}

/// A guild member object (Discord docs, "Guild Member Object").
pub(super) fn member_json(user: u64, roles: &[u64]) -> Value {
    json!({
        "user": user_json(user),
        "nick": null,
        "avatar": null,
        "banner": null,
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": "2024-03-01T08:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

/// A role object (Discord docs, "Role Object").
fn role_json(id: u64, name: &str, position: i64, permissions: &str, managed: bool) -> Value {
    let mut role = json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions,
        "managed": managed,
        "mentionable": false,
        "flags": 0,
    });
    if managed {
        role["tags"] = json!({ "bot_id": BOT_ID.to_string() });
    }
    role
}

/// A guild channel object from a create/modify body (Discord docs, "Channel Object").
pub(super) fn channel_json(id: u64, guild: u64, body: &Value) -> Value {
    let kind = body["type"].as_u64().unwrap_or(0);
    let mut channel = json!({
        "id": id.to_string(),
        "type": kind,
        "guild_id": guild.to_string(),
        "name": body["name"],
        "position": body["position"].as_i64().unwrap_or(0),
        "permission_overwrites": body.get("permission_overwrites").cloned().unwrap_or(json!([])),
        "parent_id": body.get("parent_id").cloned().unwrap_or(Value::Null),
        "flags": 0,
    });
    if kind != 4 {
        channel["topic"] = body.get("topic").cloned().unwrap_or(Value::Null);
        channel["nsfw"] = json!(body["nsfw"].as_bool().unwrap_or(false));
        channel["last_message_id"] = Value::Null;
        channel["rate_limit_per_user"] = json!(body["rate_limit_per_user"].as_u64().unwrap_or(0));
    }
    // Discord answers overwrites with string permission sets and numeric types.
    for o in channel["permission_overwrites"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        for key in ["allow", "deny"] {
            if let Some(n) = o[key].as_u64() {
                o[key] = json!(n.to_string());
            }
            if o[key].is_null() {
                o[key] = json!("0");
            }
        }
    }
    channel
}

/// A guild object (Discord docs, "Guild Object"; `with_counts` adds the approximations).
pub(super) fn guild_json(s: &mut State, guild: u64, with_counts: bool) -> Value {
    let data = s.guild(guild);
    let (roles, members) = (data.roles.clone(), data.members.len());
    let general = s
        .channels
        .iter()
        .find(|c| is_id(&c["guild_id"], guild) && c["name"] == "général")
        .map(|c| c["id"].clone())
        .unwrap_or(Value::Null);
    let mut object = json!({
        "id": guild.to_string(),
        "name": "GVB-Électricité",
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": ADMIN.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": roles,
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": general,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "fr",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    });
    if with_counts {
        object["approximate_member_count"] = json!(members);
        object["approximate_presence_count"] = json!(members.min(2));
    }
    object
}
