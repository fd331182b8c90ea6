//! The routes: [`handle`] records each request, applies the failures and delays it was told
//! to, then [`answer`]s as Discord would.

use axum::{
    body::{Body, to_bytes},
    http::{Method, Request, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    APPLICATION_ID,
    fixtures::{channel_json, guild_json, id_of, is_id, mentioned_users, now, user_json},
    state::{Failure, Part, Recorded, Shared, State},
};
use crate::support::CHANNEL;

pub(super) async fn handle(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 26 * 1024 * 1024).await.unwrap_or_default();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (json, multipart) = if content_type.starts_with("application/json") {
        (serde_json::from_slice(&bytes).ok(), Vec::new())
    } else if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        (None, parse_multipart(&bytes, boundary.trim_matches('"')))
    } else {
        (None, Vec::new())
    };
    let recorded = Recorded {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        json,
        multipart,
        at: std::time::Instant::now(),
    };
    let (delay, failure) = {
        let mut s = state.lock().expect("fake state");
        s.requests.push(recorded.clone());
        let delay = s
            .delays
            .iter()
            .find(|(p, _)| p.matches(&recorded.method, recorded.route()))
            .map(|(_, d)| *d);
        let failure = s
            .failures
            .iter_mut()
            .find(|(p, _, left)| *left > 0 && p.matches(&recorded.method, recorded.route()))
            .map(|(_, f, left)| {
                *left -= 1;
                *f
            });
        (delay, failure)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    if let Some(failure) = failure {
        return failure.response();
    }
    let route = recorded.route().to_owned();
    let segments: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
    let bot_route = !matches!(segments.first(), Some(&"webhooks" | &"interactions"));
    if bot_route
        && !recorded
            .header("authorization")
            .is_some_and(|a| a.starts_with("Bot "))
    {
        return Failure::Unauthorized.response();
    }
    let query = Query(recorded.query.clone().unwrap_or_default());
    let payload = recorded.payload().unwrap_or(Value::Null);
    let mut s = state.lock().expect("fake state");
    answer(
        &mut s,
        &recorded.method,
        &segments,
        &query,
        &payload,
        &recorded.multipart,
    )
}

/// The routes gvbot uses. Ids in paths are parsed leniently: an unparsable id is unknown.
fn answer(
    s: &mut State,
    method: &Method,
    segments: &[&str],
    query: &Query,
    payload: &Value,
    files: &[Part],
) -> Response {
    let num = |s: &str| s.parse::<u64>().unwrap_or(0);
    match (method.as_str(), segments) {
        // ---- application commands -------------------------------------------------------
        ("GET", ["applications", app, "commands"]) => {
            list_commands(s, num(app), None, query.flag("with_localizations"))
        }
        ("PUT", ["applications", app, "commands"]) => put_commands(s, num(app), None, payload),
        ("GET", ["applications", app, "guilds", guild, "commands"]) => list_commands(
            s,
            num(app),
            Some(num(guild)),
            query.flag("with_localizations"),
        ),
        ("PUT", ["applications", app, "guilds", guild, "commands"]) => {
            put_commands(s, num(app), Some(num(guild)), payload)
        }

        // ---- channels -------------------------------------------------------------------
        ("GET", ["channels", id]) => match s.channel(num(id)) {
            Some(c) => ok(c.clone()),
            None => Failure::UnknownChannel.response(),
        },
        ("PATCH", ["channels", id]) => match s.channel_mut(num(id)) {
            Some(c) => {
                for key in [
                    "name",
                    "topic",
                    "parent_id",
                    "position",
                    "permission_overwrites",
                    "nsfw",
                    "rate_limit_per_user",
                ] {
                    if let Some(v) = payload.get(key) {
                        c[key] = v.clone();
                    }
                }
                ok(c.clone())
            }
            None => Failure::UnknownChannel.response(),
        },
        ("DELETE", ["channels", id]) => match s.channels.iter().position(|c| id_of(c) == num(id)) {
            Some(at) => ok(s.channels.remove(at)),
            None => Failure::UnknownChannel.response(),
        },
        ("POST", ["guilds", guild, "channels"]) => {
            let guild = num(guild);
            s.guild(guild);
            let name = payload["name"].as_str().unwrap_or_default().chars().count();
            if !(1..=100).contains(&name) {
                return invalid_form(
                    "name",
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                );
            }
            let id = s.id();
            let channel = channel_json(id, guild, payload);
            s.channels.push(channel.clone());
            (StatusCode::CREATED, axum::Json(channel)).into_response()
        }
        ("PUT", ["channels", id, "permissions", target]) => {
            let target = target.to_string();
            match s.channel_mut(num(id)) {
                Some(c) => {
                    let overwrite = json!({
                        "id": target,
                        "type": payload["type"].as_u64().unwrap_or(0),
                        "allow": payload["allow"].as_str().unwrap_or("0"),
                        "deny": payload["deny"].as_str().unwrap_or("0"),
                    });
                    let list = c["permission_overwrites"].as_array_mut().expect("list");
                    list.retain(|o| o["id"] != overwrite["id"]);
                    list.push(overwrite);
                    StatusCode::NO_CONTENT.into_response()
                }
                None => Failure::UnknownChannel.response(),
            }
        }
        ("DELETE", ["channels", id, "permissions", target]) => match s.channel_mut(num(id)) {
            Some(c) => {
                c["permission_overwrites"]
                    .as_array_mut()
                    .expect("list")
                    .retain(|o| o["id"] != *target);
                StatusCode::NO_CONTENT.into_response()
            }
            None => Failure::UnknownChannel.response(),
        },

        // ---- messages -------------------------------------------------------------------
        ("POST", ["channels", id, "messages", "bulk-delete"]) => {
            let id = num(id);
            if s.channel(id).is_none() {
                return Failure::UnknownChannel.response();
            }
            let ids: Vec<String> = payload["messages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            if !(2..=100).contains(&ids.len()) {
                return invalid_form(
                    "messages",
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 2 and 100 in length.",
                );
            }
            s.messages
                .entry(id)
                .or_default()
                .retain(|m| !ids.iter().any(|i| m["id"] == *i));
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["channels", id, "messages"]) => {
            let id = num(id);
            if s.channel(id).is_none() {
                return Failure::UnknownChannel.response();
            }
            if let Some(bad) = check_message(payload, files) {
                return bad;
            }
            let message = s.message(id, payload, files);
            s.messages.entry(id).or_default().push(message.clone());
            if let Some(c) = s.channel_mut(id) {
                c["last_message_id"] = message["id"].clone();
            }
            ok(message)
        }
        ("GET", ["channels", id, "messages"]) => {
            let id = num(id);
            if s.channel(id).is_none() {
                return Failure::UnknownChannel.response();
            }
            let limit = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(50)
                .min(100);
            let newest_first: Vec<Value> = s
                .messages
                .get(&id)
                .into_iter()
                .flatten()
                .rev()
                .take(limit)
                .cloned()
                .collect();
            ok(Value::Array(newest_first))
        }
        (verb @ ("GET" | "PATCH" | "DELETE"), ["channels", id, "messages", message]) => {
            let list = s.messages.entry(num(id)).or_default();
            let Some(at) = list.iter().position(|m| m["id"] == *message) else {
                return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
            };
            match verb {
                "GET" => ok(list[at].clone()),
                "DELETE" => {
                    list.remove(at);
                    StatusCode::NO_CONTENT.into_response()
                }
                _ => {
                    edit_message(&mut list[at], payload);
                    ok(list[at].clone())
                }
            }
        }

        // ---- guild ----------------------------------------------------------------------
        ("GET", ["guilds", guild]) => {
            let guild = num(guild);
            ok(guild_json(s, guild, query.flag("with_counts")))
        }
        ("GET", ["guilds", guild, "roles"]) => ok(Value::Array(s.guild(num(guild)).roles.clone())),
        ("GET", ["guilds", guild, "channels"]) => {
            let guild = num(guild);
            s.guild(guild);
            ok(Value::Array(
                s.channels
                    .iter()
                    .filter(|c| is_id(&c["guild_id"], guild))
                    .cloned()
                    .collect(),
            ))
        }
        ("GET", ["guilds", guild, "members"]) => {
            let limit = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(1)
                .min(1000);
            let after: u64 = query.get("after").and_then(|a| a.parse().ok()).unwrap_or(0);
            let mut members = s.guild(num(guild)).members.clone();
            members.sort_by_key(|m| num(m["user"]["id"].as_str().unwrap_or_default()));
            ok(Value::Array(
                members
                    .into_iter()
                    .filter(|m| num(m["user"]["id"].as_str().unwrap_or_default()) > after)
                    .take(limit)
                    .collect(),
            ))
        }
        (verb @ ("GET" | "PATCH"), ["guilds", guild, "members", user]) => {
            let members = &mut s.guild(num(guild)).members;
            let Some(member) = members.iter_mut().find(|m| m["user"]["id"] == *user) else {
                return error(StatusCode::NOT_FOUND, 10007, "Unknown Member");
            };
            if verb == "PATCH" {
                for key in [
                    "nick",
                    "roles",
                    "communication_disabled_until",
                    "mute",
                    "deaf",
                ] {
                    if let Some(v) = payload.get(key) {
                        member[key] = v.clone();
                    }
                }
            }
            ok(member.clone())
        }

        // ---- users, DMs -----------------------------------------------------------------
        ("GET", ["users", "@me"]) => ok(s.bot_user()),
        ("POST", ["users", "@me", "channels"]) => {
            let Some(recipient) = payload["recipient_id"].as_str().map(str::to_owned) else {
                return invalid_form(
                    "recipient_id",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                );
            };
            if let Some(dm) = s
                .channels
                .iter()
                .find(|c| c["type"] == 1 && c["recipients"][0]["id"] == recipient)
            {
                return ok(dm.clone());
            }
            let id = s.id();
            let dm = json!({
                "id": id.to_string(),
                "type": 1,
                "last_message_id": null,
                "flags": 0,
                "recipients": [user_json(num(&recipient))],
            });
            s.channels.push(dm.clone());
            ok(dm)
        }

        // ---- interactions and webhooks (no bot token) -----------------------------------
        ("POST", ["interactions", _id, _token, "callback"]) => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["webhooks", id, token]) => {
            if let Some(bad) = check_message(payload, files) {
                return bad;
            }
            let interaction = is_interaction_token(token);
            let mut message = s.message(CHANNEL, payload, files);
            message["webhook_id"] = json!(id);
            if interaction {
                message["application_id"] = json!(APPLICATION_ID.to_string());
            }
            s.webhook_messages
                .entry((*token).to_owned())
                .or_default()
                .push(message.clone());
            // Interaction follow-ups always return the message; a plain webhook only with
            // `?wait=true`.
            if interaction || query.flag("wait") {
                ok(message)
            } else {
                StatusCode::NO_CONTENT.into_response()
            }
        }
        (verb @ ("GET" | "PATCH" | "DELETE"), ["webhooks", app, token, "messages", message]) => {
            let app = (*app).to_owned();
            let token = (*token).to_owned();
            let known = s.webhook_messages.get(&token).and_then(|list| {
                list.iter().position(|m| {
                    m["id"] == *message || (*message == "@original" && m["original"] == true)
                })
            });
            match (verb, known) {
                ("PATCH", None) if *message == "@original" => {
                    // The original response of a deferred interaction: Discord created it
                    // ("thinking…") when the interaction was deferred.
                    let mut m = s.message(CHANNEL, payload, files);
                    m["webhook_id"] = json!(app);
                    m["application_id"] = json!(app);
                    m["type"] = json!(20);
                    m["original"] = json!(true);
                    s.webhook_messages
                        .entry(token)
                        .or_default()
                        .insert(0, m.clone());
                    ok(without_marker(m))
                }
                // Deleting the "thinking…" message of a deferred interaction never edited.
                ("DELETE", None) if *message == "@original" => {
                    StatusCode::NO_CONTENT.into_response()
                }
                (_, None) => error(StatusCode::NOT_FOUND, 10008, "Unknown Message"),
                ("GET", Some(at)) => ok(without_marker(s.webhook_messages[&token][at].clone())),
                ("DELETE", Some(at)) => {
                    s.webhook_messages
                        .get_mut(&token)
                        .expect("known")
                        .remove(at);
                    StatusCode::NO_CONTENT.into_response()
                }
                (_, Some(at)) => {
                    let m = &mut s.webhook_messages.get_mut(&token).expect("known")[at];
                    edit_message(m, payload);
                    ok(without_marker(m.clone()))
                }
            }
        }

        _ => error(StatusCode::NOT_FOUND, 0, "404: Not Found"),
    }
}

/// The fake's bookkeeping flag never leaves it.
fn without_marker(mut message: Value) -> Value {
    if let Some(m) = message.as_object_mut() {
        m.remove("original");
    }
    message
}

/// Interaction tokens are base64 of `interaction:<id>:<secret>`.
fn is_interaction_token(token: &str) -> bool {
    token.starts_with("aW50ZXJhY3Rpb246")
}

fn edit_message(message: &mut Value, payload: &Value) {
    for key in ["content", "embeds", "components", "flags"] {
        if let Some(v) = payload.get(key).filter(|v| !v.is_null()) {
            message[key] = v.clone();
        }
    }
    if let Some(content) = payload["content"].as_str() {
        message["mentions"] = mentioned_users(content)
            .into_iter()
            .map(user_json)
            .collect();
    }
    message["edited_timestamp"] = json!(now());
}

/// Discord's checks on a message body: not empty, content ≤ 2000 characters, ≤ 10 embeds.
fn check_message(payload: &Value, files: &[Part]) -> Option<Response> {
    let content = payload["content"].as_str().unwrap_or_default();
    let has = |key: &str| payload[key].as_array().is_some_and(|a| !a.is_empty());
    let has_files = files.iter().any(|p| p.filename.is_some());
    if content.is_empty()
        && !has("embeds")
        && !has("components")
        && !has("sticker_ids")
        && !has_files
    {
        return Some(error(
            StatusCode::BAD_REQUEST,
            50006,
            "Cannot send an empty message",
        ));
    }
    if content.chars().count() > 2000 {
        return Some(invalid_form(
            "content",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 2000 or fewer in length.",
        ));
    }
    if payload["embeds"].as_array().is_some_and(|e| e.len() > 10) {
        return Some(invalid_form(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    None
}

fn list_commands(s: &State, app: u64, guild: Option<u64>, with_localizations: bool) -> Response {
    let mut list = s.commands.get(&(app, guild)).cloned().unwrap_or_default();
    if !with_localizations {
        for command in &mut list {
            strip_localizations(command);
        }
    }
    ok(Value::Array(list))
}

/// Discord's bulk overwrite: validate like Discord, keep the ids of commands that keep their
/// name and type, fill in what Discord fills in, and answer the stored list.
fn put_commands(s: &mut State, app: u64, guild: Option<u64>, payload: &Value) -> Response {
    let Some(sent) = payload.as_array() else {
        return invalid_form(
            "_",
            "MODEL_TYPE_CONVERT",
            "Only iterables may be used in a ListType",
        );
    };
    if let Some(bad) = check_commands(sent) {
        return bad;
    }
    let old = s.commands.get(&(app, guild)).cloned().unwrap_or_default();
    let mut stored = Vec::new();
    for command in sent {
        let mut c = command.as_object().cloned().unwrap_or_default();
        let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
        let same = old
            .iter()
            .find(|o| o["name"] == c["name"] && o["type"] == kind);
        let id = match same {
            Some(o) => o["id"].clone(),
            None => json!(s.id().to_string()),
        };
        let version = s.id().to_string();
        c.insert("id".into(), id);
        c.insert("application_id".into(), json!(app.to_string()));
        c.insert("version".into(), json!(version));
        c.insert("type".into(), json!(kind));
        c.entry("default_member_permissions").or_insert(Value::Null);
        c.entry("nsfw").or_insert(json!(false));
        c.entry("integration_types").or_insert(json!([0]));
        c.entry("name_localizations").or_insert(Value::Null);
        c.entry("description_localizations").or_insert(Value::Null);
        match guild {
            Some(g) => {
                c.insert("guild_id".into(), json!(g.to_string()));
                c.entry("contexts").or_insert(Value::Null);
            }
            None => {
                c.entry("contexts").or_insert(json!([0, 1, 2]));
                c.entry("dm_permission").or_insert(json!(true));
            }
        }
        if let Some(options) = c.get_mut("options") {
            discord_option_spelling(options);
        }
        if c.get("options")
            .is_some_and(|o| o.as_array().is_some_and(Vec::is_empty))
        {
            c.remove("options");
        }
        stored.push(Value::Object(c));
    }
    s.commands.insert((app, guild), stored.clone());
    ok(Value::Array(stored))
}

/// Discord answers options without `false` flags.
fn discord_option_spelling(options: &mut Value) {
    for o in options.as_array_mut().into_iter().flatten() {
        if let Some(o) = o.as_object_mut() {
            for flag in ["required", "autocomplete"] {
                if o.get(flag) == Some(&json!(false)) {
                    o.remove(flag);
                }
            }
            if let Some(sub) = o.get_mut("options") {
                discord_option_spelling(sub);
            }
        }
    }
}

/// The checks Discord makes on a bulk overwrite that declarations could get wrong.
fn check_commands(sent: &[Value]) -> Option<Response> {
    if sent.len() > 100 {
        return Some(invalid_form(
            "_",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 100 or fewer in length.",
        ));
    }
    let mut seen = Vec::new();
    for (n, c) in sent.iter().enumerate() {
        let name = c["name"].as_str().unwrap_or_default();
        let kind = c["type"].as_u64().unwrap_or(1);
        let valid_name = |name: &str| {
            (1..=32).contains(&name.chars().count())
                && name.chars().all(|ch| {
                    ch == '-' || ch == '_' || (ch.is_alphanumeric() && !ch.is_uppercase())
                })
        };
        if kind == 1 && !valid_name(name) {
            return Some(invalid_form(
                &format!("{n}.name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            ));
        }
        if seen.contains(&(kind, name)) {
            return Some(invalid_form(
                &format!("{n}.name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            ));
        }
        seen.push((kind, name));
        let description = c["description"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .count();
        if kind == 1 && !(1..=100).contains(&description) {
            return Some(invalid_form(
                &format!("{n}.description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            ));
        }
        if let Some(bad) = check_options(&c["options"], &format!("{n}.options"), &valid_name) {
            return Some(bad);
        }
    }
    None
}

fn check_options(options: &Value, at: &str, valid_name: &dyn Fn(&str) -> bool) -> Option<Response> {
    let list = options.as_array()?;
    if list.len() > 25 {
        return Some(invalid_form(
            at,
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    let mut optional_seen = false;
    for (n, o) in list.iter().enumerate() {
        if !valid_name(o["name"].as_str().unwrap_or_default()) {
            return Some(invalid_form(
                &format!("{at}.{n}.name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            ));
        }
        let description = o["description"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .count();
        if !(1..=100).contains(&description) {
            return Some(invalid_form(
                &format!("{at}.{n}.description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            ));
        }
        if o["choices"].as_array().is_some_and(|c| c.len() > 25) {
            return Some(invalid_form(
                &format!("{at}.{n}.choices"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        let required = o["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            return Some(invalid_form(
                &format!("{at}.{n}.required"),
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            ));
        }
        optional_seen |= !required && !matches!(o["type"].as_u64(), Some(1 | 2));
        if let Some(bad) = check_options(&o["options"], &format!("{at}.{n}.options"), valid_name) {
            return Some(bad);
        }
    }
    None
}

fn strip_localizations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !k.ends_with("_localizations"));
            map.values_mut().for_each(strip_localizations);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_localizations),
        _ => {}
    }
}

/// The query string of a request.
struct Query(String);

impl Query {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    fn flag(&self, key: &str) -> bool {
        self.get(key) == Some("true")
    }
}

fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// `{"code": .., "message": ..}` with a status, as Discord answers errors.
pub(super) fn error(status: StatusCode, code: u64, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "code": code, "message": message })),
    )
        .into_response()
}

/// 400 Invalid Form Body (50035) with Discord's nested `errors` for the field at `path`
/// (`0.options.1.name`).
fn invalid_form(path: &str, code: &str, message: &str) -> Response {
    let mut errors = json!({ "_errors": [{ "code": code, "message": message }] });
    for key in path.rsplit('.') {
        errors = json!({ key: errors });
    }
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "code": 50035, "errors": errors, "message": "Invalid Form Body" })),
    )
        .into_response()
}

/// `multipart/form-data` parts (what twilight sends for messages with files: `payload_json`
/// and `files[n]`).
fn parse_multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in split_bytes(body, delimiter.as_bytes()).into_iter().skip(1) {
        if chunk.starts_with(b"--") {
            break;
        }
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let Some(split) = find(chunk, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&chunk[..split]);
        let mut data = &chunk[split + 4..];
        data = data.strip_suffix(b"\r\n").unwrap_or(data);
        let mut part = Part {
            name: String::new(),
            filename: None,
            content_type: None,
            body: data.to_vec(),
        };
        for line in head.lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for attr in value.split(';').map(str::trim) {
                        if let Some(v) = attr.strip_prefix("name=") {
                            part.name = v.trim_matches('"').to_owned();
                        } else if let Some(v) = attr.strip_prefix("filename=") {
                            part.filename = Some(v.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(part);
    }
    parts
}

fn split_bytes<'a>(mut haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = find(haystack, needle) {
        out.push(&haystack[..at]);
        haystack = &haystack[at + needle.len()..];
    }
    out.push(haystack);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
