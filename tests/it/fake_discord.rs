//! A fake of Discord's REST API, the one every test that makes gvbot call Discord uses.
//!
//! [`FakeDiscord::start`] serves it on `127.0.0.1:<random port>`; point gvbot at
//! [`FakeDiscord::url`] through `DISCORD_API_URL` ([`FakeDiscord::config`] does it). It answers
//! the routes gvbot uses with the JSON shapes of Discord's API documentation (and that
//! twilight-model 0.18 parses: see `discord::fake_answers_parse_with_twilight`), keeps what is
//! created (commands, channels, overwrites, messages) so a later GET returns it, records every
//! request, and can be told to fail ([`Failure`]) or to answer late.
//!
//! Paths arrive as `/api/v10/...`; patterns given to the fake are written without that prefix:
//! `"PUT /applications/*/guilds/*/commands"`, `"/channels/*/messages"` (any method), where `*`
//! matches one path segment.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use gvbot::{
    config::{Config, Secret},
    discord::Discord,
};
use serde_json::{Value, json};

use crate::support::{ADMIN, CHANNEL, JEANNE, PAUL};

/// The fake application; its bot user has the same id, as for every application created
/// since 2019. Matches the `application_id` of the suite's interactions.
pub const APPLICATION_ID: u64 = 1_100_000_000_000_000_000;
pub const BOT_ID: u64 = APPLICATION_ID;
pub const TOKEN: &str = "fake-bot-token";
/// Everyone's permissions in a fresh guild (view, send, history, reactions, slash commands…).
const EVERYONE_PERMISSIONS: &str = "2248473465835073";

/// A request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    /// As received, without the query: `/api/v10/channels/1/messages`.
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    /// The body, when it was JSON.
    pub json: Option<Value>,
    /// The parts, when the body was `multipart/form-data` (messages with files).
    pub multipart: Vec<Part>,
    /// When the fake received it.
    pub at: Instant,
}

impl Recorded {
    /// The path without `/api/v10`.
    pub fn route(&self) -> &str {
        self.path.strip_prefix("/api/v10").unwrap_or(&self.path)
    }

    /// Whether this request matches a pattern such as `"POST /channels/*/messages"`.
    pub fn is(&self, pattern: &str) -> bool {
        Pattern::parse(pattern).matches(&self.method, self.route())
    }

    /// The JSON payload: the JSON body, or the `payload_json` part of a multipart body.
    pub fn payload(&self) -> Option<Value> {
        self.json.clone().or_else(|| {
            self.multipart
                .iter()
                .find(|p| p.name == "payload_json")
                .and_then(|p| serde_json::from_slice(&p.body).ok())
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// An error answer, as Discord gives it.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 403 `{"code": 50013, "message": "Missing Permissions"}`.
    MissingPermissions,
    /// 404 `{"code": 10003, "message": "Unknown Channel"}`.
    UnknownChannel,
    /// 403 `{"code": 50007, "message": "Cannot send messages to this user"}` (DMs closed).
    CannotMessageUser,
    /// 429 with `retry_after` (seconds) in the body and Discord's rate-limit headers.
    RateLimited { retry_after: f64 },
    /// 429 of the global limit: `"global": true` in the body, `X-RateLimit-Scope: global`,
    /// `Retry-After`, and no bucket headers (as Discord sends it).
    GlobalRateLimited { retry_after: f64 },
    /// 429 with only a `Retry-After` header (whole seconds) and a non-JSON body, like
    /// Cloudflare's limit in front of Discord.
    RateLimitedHeaderOnly { retry_after: u64 },
    /// Any status with this exact body (JSON or not), to check what gvbot passes on.
    Raw { status: u16, body: &'static str },
    /// 401 `{"code": 0, "message": "401: Unauthorized"}` (bad token).
    Unauthorized,
    /// 500 `{"code": 0, "message": "500: Internal Server Error"}`.
    Server,
}

impl Failure {
    fn response(self) -> Response {
        match self {
            Failure::MissingPermissions => {
                error(StatusCode::FORBIDDEN, 50013, "Missing Permissions")
            }
            Failure::UnknownChannel => error(StatusCode::NOT_FOUND, 10003, "Unknown Channel"),
            Failure::CannotMessageUser => error(
                StatusCode::FORBIDDEN,
                50007,
                "Cannot send messages to this user",
            ),
            Failure::Unauthorized => error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized"),
            Failure::Server => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                0,
                "500: Internal Server Error",
            ),
            Failure::GlobalRateLimited { retry_after } => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": true,
                        "code": 0
                    })),
                )
                    .into_response();
                let headers = response.headers_mut();
                headers.insert("x-ratelimit-scope", HeaderValue::from_static("global"));
                headers.insert("x-ratelimit-global", HeaderValue::from_static("true"));
                headers.insert("retry-after", HeaderValue::from(retry_after.ceil() as u64));
                response
            }
            Failure::RateLimitedHeaderOnly { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    (header::RETRY_AFTER, retry_after.to_string()),
                    (header::CONTENT_TYPE, "text/html".to_owned()),
                ],
                "<html><body>error code: 1015</body></html>",
            )
                .into_response(),
            Failure::Raw { status, body } => (
                StatusCode::from_u16(status).expect("a status"),
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response(),
            Failure::RateLimited { retry_after } => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": false,
                        "code": 0
                    })),
                )
                    .into_response();
                let headers = response.headers_mut();
                for (name, value) in [
                    ("retry-after", format!("{}", retry_after.ceil() as u64)),
                    ("x-ratelimit-limit", "5".to_owned()),
                    ("x-ratelimit-remaining", "0".to_owned()),
                    ("x-ratelimit-reset-after", format!("{retry_after:.3}")),
                    (
                        "x-ratelimit-bucket",
                        "fakebucket0000000000000000000000".to_owned(),
                    ),
                    ("x-ratelimit-scope", "user".to_owned()),
                ] {
                    headers.insert(name, HeaderValue::from_str(&value).expect("header"));
                }
                response
            }
        }
    }
}

/// The running fake; stops when dropped.
pub struct FakeDiscord {
    addr: SocketAddr,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let state: Shared = Arc::new(Mutex::new(State::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake");
        let addr = listener.local_addr().expect("address");
        let app = Router::new().fallback(handle).with_state(state.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Discord serves");
        });
        FakeDiscord { addr, state, task }
    }

    /// `http://127.0.0.1:PORT`, for `DISCORD_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// gvbot's configuration pointing at the fake, with [`TOKEN`], [`APPLICATION_ID`] and
    /// `guild` as `GUILD_ID`.
    pub fn config(&self, guild: u64) -> Config {
        Config {
            discord_api_url: Some(self.url()),
            discord_token: Some(Secret::new(TOKEN)),
            discord_application_id: Some(APPLICATION_ID),
            guild_id: Some(guild),
            ..Config::default()
        }
    }

    /// gvbot's Discord client pointed at the fake.
    pub fn discord(&self) -> Discord {
        gvbot::app::install_crypto_provider();
        Discord::from_config(&self.config(crate::support::GUILD)).expect("client")
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("fake state")
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// The requests matching `pattern` (see the module doc).
    pub fn requests_to(&self, pattern: &str) -> Vec<Recorded> {
        let pattern = Pattern::parse(pattern);
        self.requests()
            .into_iter()
            .filter(|r| pattern.matches(&r.method, r.route()))
            .collect()
    }

    /// Answer the next request matching `pattern` with `failure`.
    pub fn fail_next(&self, pattern: &str, failure: Failure) {
        self.fail_times(pattern, failure, 1);
    }

    /// Answer the next `times` requests matching `pattern` with `failure`.
    pub fn fail_times(&self, pattern: &str, failure: Failure, times: usize) {
        self.lock()
            .failures
            .push((Pattern::parse(pattern), failure, times));
    }

    /// Forget the failures not yet served.
    pub fn clear_failures(&self) {
        self.lock().failures.clear();
    }

    /// Answer every request matching `pattern` after `delay`.
    pub fn delay(&self, pattern: &str, delay: Duration) {
        self.lock().delays.push((Pattern::parse(pattern), delay));
    }

    /// The commands Discord has for the fake application (`guild: None` = global), as a GET
    /// with localizations would return them.
    pub fn commands(&self, guild: Option<u64>) -> Vec<Value> {
        self.lock()
            .commands
            .get(&(APPLICATION_ID, guild))
            .cloned()
            .unwrap_or_default()
    }

    /// Change the commands Discord has (as if edited elsewhere, or left by an older version).
    pub fn edit_commands(&self, guild: Option<u64>, edit: impl FnOnce(&mut Vec<Value>)) {
        edit(
            self.lock()
                .commands
                .entry((APPLICATION_ID, guild))
                .or_default(),
        );
    }

    /// A channel of `guild` by name (the guild is seeded on first use: categories
    /// `Chantiers` and `Archives`, text channels `général` and `moderation`).
    pub fn channel_named(&self, guild: u64, name: &str) -> Option<Value> {
        let mut state = self.lock();
        state.guild(guild);
        state
            .channels
            .iter()
            .find(|c| is_id(&c["guild_id"], guild) && c["name"] == name)
            .cloned()
    }

    pub fn channel(&self, id: u64) -> Option<Value> {
        self.lock().channel(id).cloned()
    }

    /// A role of `guild` by name (`@everyone`, `Admin`, `Manager`, `Électricien`, `gvbot`).
    pub fn role_named(&self, guild: u64, name: &str) -> Option<Value> {
        self.lock()
            .guild(guild)
            .roles
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
    }

    /// Messages posted in a channel, oldest first.
    pub fn messages(&self, channel: u64) -> Vec<Value> {
        self.lock()
            .messages
            .get(&channel)
            .cloned()
            .unwrap_or_default()
    }

    /// Messages of an interaction (`@original` first if it was edited, then follow-ups).
    pub fn interaction_messages(&self, token: &str) -> Vec<Value> {
        self.lock()
            .webhook_messages
            .get(token)
            .cloned()
            .unwrap_or_default()
    }

    /// Put a message by `author` in `channel` as if sent `age` ago (id and timestamp agree, as
    /// Discord's do); returns its id. Seed oldest first: the channel lists in insertion order.
    pub fn seed_message(&self, channel: u64, author: u64, content: &str, age: Duration) -> u64 {
        let mut state = self.lock();
        let at = Utc::now() - chrono::Duration::from_std(age).expect("age");
        state.next_id += 1;
        let millis = u64::try_from(at.timestamp_millis()).expect("after 1970");
        let id = ((millis - 1_420_070_400_000) << 22) | (state.next_id & 0xfff);
        let mut message = state.message(channel, &json!({ "content": content }), &[]);
        message["id"] = json!(id.to_string());
        message["author"] = user_json(author);
        message["timestamp"] = json!(at.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string());
        state.messages.entry(channel).or_default().push(message);
        id
    }

    /// Add a member to `guild` with `roles`.
    pub fn add_member(&self, guild: u64, user: u64, roles: &[u64]) {
        let mut state = self.lock();
        let member = member_json(user, roles);
        state.guild(guild).members.push(member);
    }
}

type Shared = Arc<Mutex<State>>;

/// A request pattern: optional method, then path segments where `*` matches any one.
#[derive(Debug, Clone)]
struct Pattern {
    method: Option<Method>,
    segments: Vec<String>,
}

impl Pattern {
    fn parse(pattern: &str) -> Pattern {
        let (method, path) = match pattern.split_once(' ') {
            Some((m, p)) => (Some(m.parse().expect("HTTP method in pattern")), p),
            None => (None, pattern),
        };
        let path = path.strip_prefix("/api/v10").unwrap_or(path);
        Pattern {
            method,
            segments: path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    fn matches(&self, method: &Method, route: &str) -> bool {
        let segments: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
        self.method.as_ref().is_none_or(|m| m == method)
            && segments.len() == self.segments.len()
            && self
                .segments
                .iter()
                .zip(&segments)
                .all(|(p, s)| p == "*" || p == s)
    }
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    failures: Vec<(Pattern, Failure, usize)>,
    delays: Vec<(Pattern, Duration)>,
    next_id: u64,
    /// (application, guild or None for global) → commands as stored.
    commands: HashMap<(u64, Option<u64>), Vec<Value>>,
    guilds: HashMap<u64, GuildData>,
    /// Every channel (guild channels and DMs), in creation order.
    channels: Vec<Value>,
    /// Channel → messages, oldest first.
    messages: HashMap<u64, Vec<Value>>,
    /// Interaction token → its messages (`@original`, follow-ups).
    webhook_messages: HashMap<String, Vec<Value>>,
}

struct GuildData {
    roles: Vec<Value>,
    members: Vec<Value>,
}

impl State {
    /// A new snowflake: later ids are larger, as with Discord.
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        1_400_000_000_000_000_000 + self.next_id
    }

    /// The guild, seeded on first use.
    fn guild(&mut self, guild: u64) -> &mut GuildData {
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

    fn channel(&self, id: u64) -> Option<&Value> {
        self.channels.iter().find(|c| id_of(c) == id)
    }

    fn channel_mut(&mut self, id: u64) -> Option<&mut Value> {
        self.channels.iter_mut().find(|c| id_of(c) == id)
    }

    fn bot_user(&self) -> Value {
        let mut user = user_json(BOT_ID);
        user["bot"] = json!(true);
        user["username"] = json!("gvbot");
        user["discriminator"] = json!("4821");
        user
    }

    /// A message object as Discord returns it for a create/edit.
    fn message(&mut self, channel: u64, payload: &Value, files: &[Part]) -> Value {
        let id = self.id();
        let content = payload["content"].as_str().unwrap_or_default();
        let mentions: Vec<Value> = mentioned_users(content)
            .into_iter()
            .map(user_json)
            .collect();
        let described = payload["attachments"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let attachments: Vec<Value> = files
            .iter()
            .filter(|p| p.filename.is_some())
            .enumerate()
            .map(|(n, part)| {
                let filename = part.filename.clone().unwrap_or_default();
                let attachment = self.id();
                let description = described
                    .iter()
                    .find(|a| a["id"] == n || is_id(&a["id"], n as u64))
                    .and_then(|a| a.get("description").cloned())
                    .unwrap_or(Value::Null);
                let content_type = part
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into());
                let path = format!("attachments/{channel}/{attachment}/{filename}");
                json!({
                    "id": attachment.to_string(),
                    "filename": filename,
                    "description": description,
                    "content_type": content_type,
                    "size": part.body.len(),
                    "url": format!("https://cdn.discordapp.com/{path}"),
                    "proxy_url": format!("https://media.discordapp.net/{path}"),
                })
            })
            .collect();
        json!({
            "id": id.to_string(),
            "type": if payload.get("message_reference").is_some() { 19 } else { 0 },
            "channel_id": channel.to_string(),
            "author": self.bot_user(),
            "content": content,
            "timestamp": now(),
            "edited_timestamp": null,
            "tts": payload["tts"].as_bool().unwrap_or(false),
            "mention_everyone": false,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": attachments,
            "embeds": payload["embeds"].as_array().cloned().unwrap_or_default(),
            "components": payload["components"].as_array().cloned().unwrap_or_default(),
            "pinned": false,
            "flags": payload["flags"].as_u64().unwrap_or(0),
            "nonce": payload.get("nonce").cloned().unwrap_or(Value::Null),
        })
    }
}

async fn handle(
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
        at: Instant::now(),
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
fn error(status: StatusCode, code: u64, message: &str) -> Response {
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

fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

/// Whether a JSON snowflake (a string, as Discord writes ids) is `id`.
fn is_id(value: &Value, id: u64) -> bool {
    value.as_str().and_then(|s| s.parse::<u64>().ok()) == Some(id)
}

fn id_of(value: &Value) -> u64 {
    value["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default()
}

/// `<@123>` and `<@!123>` in a text.
fn mentioned_users(content: &str) -> Vec<u64> {
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
fn user_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("user{}", id % 1000),
        "discriminator": "0",
        "global_name": format!("User {}", id % 1000),
        "avatar": null,
        "public_flags": 0,
        "flags": 0,
        "banner": null,
        "accent_color": null,
        "avatar_decoration_data": null,
    })
}

/// A guild member object (Discord docs, "Guild Member Object").
fn member_json(user: u64, roles: &[u64]) -> Value {
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
fn channel_json(id: u64, guild: u64, body: &Value) -> Value {
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
fn guild_json(s: &mut State, guild: u64, with_counts: bool) -> Value {
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
