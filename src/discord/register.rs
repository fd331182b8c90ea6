//! Slash-command registration (`gvbot register`): fetch what Discord has, compare it with
//! [`commands::registrations`], and bulk-overwrite only when they differ.
//!
//! Discord allows about 200 command creations a day per guild, and a bulk overwrite counts
//! every command it (re)creates: never register on start-up or on a Lambda cold start, only
//! from this explicit step. Running it twice uploads once.
//!
//! The comparison is semantic. What Discord answers is not what was sent: it adds ids,
//! `version`, `application_id`, `guild_id`, fills defaults and drops `false` flags. Both sides
//! are normalized before comparing (see [`normalize`]).

use std::fmt;

use serde_json::{Map, Value};
use twilight_model::{
    application::command::Command,
    id::{Id, marker::GuildMarker},
};

use super::{Discord, DiscordError};
use crate::commands;

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One guild: changes show at once; what gvbot uses day to day.
    Guild(Id<GuildMarker>),
    /// Every guild and DMs.
    Global,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Guild(id) => write!(f, "guild {id}"),
            Scope::Global => f.write_str("global commands"),
        }
    }
}

/// What a bulk overwrite would change on Discord's side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Declared, unknown to Discord.
    pub added: Vec<String>,
    /// Known to both, different: the command and what differs (`description`, `options`,
    /// `localizations`, `permissions`, `contexts`, `nsfw`).
    pub changed: Vec<(String, Vec<String>)>,
    /// On Discord, no longer declared.
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// `+ tache`, `~ taches: options`, `- oldcmd`, one per line; or `up to date`.
pub fn render(diff: &Diff) -> String {
    if diff.is_empty() {
        return "up to date\n".to_owned();
    }
    let mut out = String::new();
    for name in &diff.added {
        out.push_str(&format!("+ {name}\n"));
    }
    for (name, what) in &diff.changed {
        out.push_str(&format!("~ {name}: {}\n", what.join(", ")));
    }
    for name in &diff.removed {
        out.push_str(&format!("- {name}\n"));
    }
    out
}

/// Compare Discord's commands with gvbot's declarations and upload (bulk overwrite) them when
/// they differ, unless `dry_run`. Returns the difference found before uploading.
pub async fn sync(discord: &Discord, scope: Scope, dry_run: bool) -> Result<Diff, DiscordError> {
    sync_commands(discord, scope, &commands::registrations(), dry_run).await
}

/// [`sync`] with an explicit command set.
pub async fn sync_commands(
    discord: &Discord,
    scope: Scope,
    desired: &[Command],
    dry_run: bool,
) -> Result<Diff, DiscordError> {
    discord.require_token()?;
    let interaction = discord.interaction()?;
    // Without `with_localizations` Discord leaves the localization maps out, and every
    // localized command would look changed.
    let current: Vec<Value> = match scope {
        Scope::Guild(guild) => {
            discord
                .json(interaction.guild_commands(guild).with_localizations(true))
                .await?
        }
        Scope::Global => {
            discord
                .json(interaction.global_commands().with_localizations(true))
                .await?
        }
    };
    let desired_json: Vec<Value> = desired
        .iter()
        .map(|c| serde_json::to_value(c).expect("BUG: a Command always serializes"))
        .collect();
    let diff = diff(&current, &desired_json);
    if diff.is_empty() || dry_run {
        return Ok(diff);
    }
    match scope {
        Scope::Guild(guild) => {
            discord
                .send(interaction.set_guild_commands(guild, desired))
                .await?;
        }
        Scope::Global => {
            discord
                .send(interaction.set_global_commands(desired))
                .await?;
        }
    }
    tracing::info!(%scope, commands = desired.len(), "slash commands uploaded");
    Ok(diff)
}

/// What to tell an operator about a registration failure, beyond the error itself.
pub fn hint(err: &DiscordError, scope: Scope) -> Option<String> {
    match (err, scope) {
        (DiscordError::MissingPermissions { .. }, Scope::Guild(id)) => Some(format!(
            "the application must be installed in guild {id} with the `applications.commands` \
             scope (re-invite it with scopes `bot applications.commands`)"
        )),
        (DiscordError::MissingPermissions { .. }, Scope::Global) => Some(
            "the token must be the bot token of DISCORD_APPLICATION_ID's application".to_owned(),
        ),
        (DiscordError::NotFound(_), Scope::Guild(id)) => Some(format!(
            "check GUILD_ID / --guild ({id}) and DISCORD_APPLICATION_ID"
        )),
        (DiscordError::NotFound(_), Scope::Global) => Some("check DISCORD_APPLICATION_ID".into()),
        _ => None,
    }
}

/// The difference between Discord's `current` commands and the `desired` ones (both as
/// Discord's JSON), in declaration order, then Discord's order for removals. Commands are
/// matched by name and type (Discord's identity for a command).
pub fn diff(current: &[Value], desired: &[Value]) -> Diff {
    let key = |c: &Value| {
        (
            c.get("type").and_then(Value::as_u64).unwrap_or(1),
            c.get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let label = |c: &Value| {
        let (kind, name) = key(c);
        match kind {
            1 => name,
            2 => format!("{name} (user command)"),
            3 => format!("{name} (message command)"),
            n => format!("{name} (type {n})"),
        }
    };
    let mut out = Diff::default();
    for want in desired {
        match current.iter().find(|c| key(c) == key(want)) {
            None => out.added.push(label(want)),
            Some(have) => {
                let what = differences(have, want);
                if !what.is_empty() {
                    out.changed.push((label(want), what));
                }
            }
        }
    }
    for have in current {
        if !desired.iter().any(|w| key(w) == key(have)) {
            out.removed.push(label(have));
        }
    }
    out
}

/// Which aspects of a command differ, after normalization.
fn differences(have: &Value, want: &Value) -> Vec<String> {
    let (have, want) = (normalize(have), normalize(want));
    let field = |m: &Map<String, Value>, k: &str| m.get(k).cloned().unwrap_or(Value::Null);
    let same = |keys: &[&str]| keys.iter().all(|k| field(&have, k) == field(&want, k));
    let mut what = Vec::new();
    if !same(&["description"]) {
        what.push("description");
    }
    let options_shape = |m: &Map<String, Value>| strip_localizations(&field(m, "options"));
    let options_same_shape = options_shape(&have) == options_shape(&want);
    if !options_same_shape {
        what.push("options");
    }
    if !same(&["name_localizations", "description_localizations"])
        || (options_same_shape && !same(&["options"]))
    {
        what.push("localizations");
    }
    if !same(&["default_member_permissions"]) || !optional_same(&have, &want, "dm_permission") {
        what.push("permissions");
    }
    if !optional_same(&have, &want, "contexts") || !optional_same(&have, &want, "integration_types")
    {
        what.push("contexts");
    }
    if !same(&["nsfw"]) {
        what.push("nsfw");
    }
    what.into_iter().map(str::to_owned).collect()
}

/// Fields gvbot leaves to Discord's defaults when it does not set them (`dm_permission`,
/// `contexts`, `integration_types`: Discord fills them from the application's settings) are
/// compared only when the declaration sets them.
fn optional_same(have: &Map<String, Value>, want: &Map<String, Value>, key: &str) -> bool {
    match want.get(key) {
        None => true,
        Some(w) => have.get(key) == Some(w),
    }
}

/// A command as the fields that matter, with Discord's equivalent spellings made equal:
/// - ids, `version`, `application_id`, `guild_id` and `*_localized` are dropped;
/// - `null` is the same as absent, and so are `false` flags (`required`, `autocomplete`,
///   `nsfw`), empty lists (`options`, `choices`, `channel_types`) and empty localization maps;
/// - `type` defaults to 1 (slash command); `dm_permission` absent is Discord's `true`;
/// - `default_member_permissions` as a number is the same as the string;
/// - numbers compare by value (`1` = `1.0`), `contexts` / `integration_types` /
///   `channel_types` as sets.
///
/// Order of options and choices is kept: Discord shows them in that order.
pub fn normalize(command: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(object) = command.as_object() else {
        return out;
    };
    for (key, value) in object {
        let value = match key.as_str() {
            "id"
            | "application_id"
            | "version"
            | "guild_id"
            | "name_localized"
            | "description_localized" => continue,
            "default_member_permissions" => match value {
                Value::Number(n) => Value::String(n.to_string()),
                other => other.clone(),
            },
            "contexts" | "integration_types" => sorted(value),
            "options" => normalize_options(value),
            _ => normalize_value(value),
        };
        if !is_default(key, &value) {
            out.insert(key.clone(), value);
        }
    }
    if !out.contains_key("type") {
        out.insert("type".into(), normalize_value(&Value::from(1)));
    }
    if let Some(Value::Bool(true)) = out.get("dm_permission") {
        // Discord's default; absent on one side means the same.
        out.remove("dm_permission");
    }
    out
}

fn normalize_options(options: &Value) -> Value {
    let Some(list) = options.as_array() else {
        return Value::Null;
    };
    Value::Array(
        list.iter()
            .map(|option| {
                let mut out = Map::new();
                for (key, value) in option.as_object().into_iter().flatten() {
                    let value = match key.as_str() {
                        "name_localized" | "description_localized" => continue,
                        "options" => normalize_options(value),
                        "choices" => normalize_choices(value),
                        "channel_types" => sorted(value),
                        _ => normalize_value(value),
                    };
                    if !is_default(key, &value) {
                        out.insert(key.clone(), value);
                    }
                }
                Value::Object(out)
            })
            .collect(),
    )
}

fn normalize_choices(choices: &Value) -> Value {
    let Some(list) = choices.as_array() else {
        return Value::Null;
    };
    Value::Array(
        list.iter()
            .map(|choice| {
                let mut out = Map::new();
                for (key, value) in choice.as_object().into_iter().flatten() {
                    if key == "name_localized" {
                        continue;
                    }
                    let value = normalize_value(value);
                    if !is_default(key, &value) {
                        out.insert(key.clone(), value);
                    }
                }
                Value::Object(out)
            })
            .collect(),
    )
}

/// Numbers as `f64` (so `1` = `1.0`), recursively.
fn normalize_value(value: &Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| value.clone(), Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(normalize_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalize_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A list compared as a set.
fn sorted(value: &Value) -> Value {
    match value.as_array() {
        Some(items) => {
            let mut items: Vec<Value> = items.iter().map(normalize_value).collect();
            items.sort_by_key(Value::to_string);
            Value::Array(items)
        }
        None => value.clone(),
    }
}

/// Values equivalent to the field being absent.
fn is_default(key: &str, value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(false) => matches!(key, "required" | "autocomplete" | "nsfw"),
        Value::Array(items) => {
            items.is_empty() && matches!(key, "options" | "choices" | "channel_types")
        }
        Value::Object(map) => map.is_empty() && key.ends_with("_localizations"),
        _ => false,
    }
}

/// Options without their (and their choices') localizations, to tell an options change from
/// a translation change.
fn strip_localizations(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(strip_localizations).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.ends_with("_localizations"))
                .map(|(k, v)| (k.clone(), strip_localizations(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn registrations() -> Vec<Value> {
        commands::registrations()
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect()
    }

    /// What Discord answers for a command it stored: ids and defaults filled in, `false`
    /// flags and empty lists dropped, numbers possibly as floats.
    fn as_discord_returns(command: &Value, guild: bool) -> Value {
        fn strip(options: &mut Value) {
            for o in options.as_array_mut().into_iter().flatten() {
                let o = o.as_object_mut().unwrap();
                if o.get("required") == Some(&json!(false)) {
                    o.remove("required");
                }
                if o.get("autocomplete") == Some(&json!(false)) {
                    o.remove("autocomplete");
                }
                if let Some(v) = o.get("min_value").and_then(Value::as_i64) {
                    o.insert("min_value".into(), json!(v as f64));
                }
                if let Some(sub) = o.get_mut("options") {
                    strip(sub);
                }
            }
        }
        let mut c = command.clone();
        let o = c.as_object_mut().unwrap();
        o.insert("id".into(), json!("1300000000000000001"));
        o.insert("application_id".into(), json!("1100000000000000000"));
        o.insert("version".into(), json!("1300000000000000002"));
        o.insert("nsfw".into(), json!(false));
        o.insert("integration_types".into(), json!([0]));
        // Discord echoes declared contexts and fills in its defaults for the others.
        let declared = o.get("contexts").is_some_and(|c| !c.is_null());
        if guild {
            o.insert("guild_id".into(), json!("900000000000000001"));
            if !declared {
                o.insert("contexts".into(), Value::Null);
            }
        } else {
            if !declared {
                o.insert("contexts".into(), json!([2, 0, 1]));
            }
            o.insert("dm_permission".into(), json!(true));
        }
        o.entry("name_localizations").or_insert(Value::Null);
        if o.get("options") == Some(&json!([])) {
            o.remove("options");
        }
        if let Some(options) = o.get_mut("options") {
            strip(options);
        }
        c
    }

    #[test]
    fn discord_spellings_of_the_same_commands_are_no_change() {
        let desired = registrations();
        for guild in [true, false] {
            let current: Vec<Value> = desired
                .iter()
                .map(|c| as_discord_returns(c, guild))
                .collect();
            let d = diff(&current, &desired);
            assert!(d.is_empty(), "guild={guild}: {d:?}");
            assert_eq!(render(&d), "up to date\n");
        }
    }

    #[test]
    fn added_changed_removed_are_reported() {
        let desired = registrations();
        let mut current: Vec<Value> = desired
            .iter()
            .map(|c| as_discord_returns(c, true))
            .filter(|c| c["name"] != "tache")
            .collect();
        current.push(
            json!({"id": "1", "version": "1", "type": 1, "name": "oldcmd", "description": "gone"}),
        );
        let taches = current.iter_mut().find(|c| c["name"] == "taches").unwrap();
        taches["options"][0]["required"] = json!(true);
        let ping = current.iter_mut().find(|c| c["name"] == "ping").unwrap();
        ping["description"] = json!("old text");
        ping["description_localizations"]["en-US"] = json!("old");
        let config = current.iter_mut().find(|c| c["name"] == "config").unwrap();
        config["default_member_permissions"] = json!(8);
        let aide = current.iter_mut().find(|c| c["name"] == "aide").unwrap();
        aide["options"][0]["description_localizations"]["en-US"] = json!("old");

        let d = diff(&current, &desired);
        assert_eq!(d.added, ["tache"]);
        assert_eq!(d.removed, ["oldcmd"]);
        let changed: Vec<(String, Vec<String>)> = d.changed.clone();
        let of = |name: &str| {
            changed
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, w)| w.join(", "))
                .unwrap_or_default()
        };
        assert_eq!(of("taches"), "options");
        assert_eq!(of("ping"), "description, localizations");
        assert_eq!(of("config"), "permissions");
        assert_eq!(of("aide"), "localizations");
        assert_eq!(changed.len(), 4, "{changed:?}");
        let text = render(&d);
        assert!(text.contains("+ tache\n"), "{text}");
        assert!(text.contains("~ taches: options\n"), "{text}");
        assert!(text.contains("- oldcmd\n"), "{text}");
    }

    #[test]
    fn permissions_as_number_or_string_are_equal() {
        let a = json!({"name": "x", "description": "d", "default_member_permissions": "32"});
        let b =
            json!({"name": "x", "description": "d", "default_member_permissions": 32, "type": 1});
        assert!(diff(&[a], &[b]).is_empty());
    }

    #[test]
    fn set_contexts_are_compared_when_declared() {
        let have = json!({"name": "x", "description": "d", "contexts": [0, 1, 2]});
        let want = json!({"name": "x", "description": "d", "contexts": [0]});
        assert_eq!(
            diff(std::slice::from_ref(&have), &[want]).changed[0].1,
            ["contexts"]
        );
        let want = json!({"name": "x", "description": "d", "contexts": [2, 1, 0]});
        assert!(diff(std::slice::from_ref(&have), &[want]).is_empty());
        let undeclared = json!({"name": "x", "description": "d"});
        assert!(diff(&[have], &[undeclared]).is_empty());
    }

    #[test]
    fn same_name_other_type_is_another_command() {
        let slash = json!({"name": "x", "description": "d", "type": 1});
        let user = json!({"name": "x", "description": "", "type": 2});
        let d = diff(&[slash], &[user]);
        assert_eq!(d.added, ["x (user command)"]);
        assert_eq!(d.removed, ["x"]);
    }
}
