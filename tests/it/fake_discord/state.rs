//! What the fake keeps between requests: every request received ([`Recorded`]), the
//! answers it was told to give ([`Failure`], delays), and what gvbot created.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    fixtures::{id_of, is_id, mentioned_users, now, user_json},
    routes::error,
};

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
    pub(super) fn response(self) -> Response {
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

pub(super) type Shared = Arc<Mutex<State>>;

/// A request pattern: optional method, then path segments where `*` matches any one.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    method: Option<Method>,
    segments: Vec<String>,
}

impl Pattern {
    pub(super) fn parse(pattern: &str) -> Pattern {
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

    pub(super) fn matches(&self, method: &Method, route: &str) -> bool {
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
pub(super) struct State {
    pub(super) requests: Vec<Recorded>,
    pub(super) failures: Vec<(Pattern, Failure, usize)>,
    pub(super) delays: Vec<(Pattern, Duration)>,
    pub(super) next_id: u64,
    /// (application, guild or None for global) → commands as stored.
    pub(super) commands: HashMap<(u64, Option<u64>), Vec<Value>>,
    pub(super) guilds: HashMap<u64, GuildData>,
    /// Every channel (guild channels and DMs), in creation order.
    pub(super) channels: Vec<Value>,
    /// Channel → messages, oldest first.
    pub(super) messages: HashMap<u64, Vec<Value>>,
    /// Interaction token → its messages (`@original`, follow-ups).
    pub(super) webhook_messages: HashMap<String, Vec<Value>>,
}

pub(super) struct GuildData {
    pub(super) roles: Vec<Value>,
    pub(super) members: Vec<Value>,
}

impl State {
    /// A new snowflake: later ids are larger, as with Discord.
    pub(super) fn id(&mut self) -> u64 {
        self.next_id += 1;
        1_400_000_000_000_000_000 + self.next_id
    }

    pub(super) fn channel(&self, id: u64) -> Option<&Value> {
        self.channels.iter().find(|c| id_of(c) == id)
    }

    pub(super) fn channel_mut(&mut self, id: u64) -> Option<&mut Value> {
        self.channels.iter_mut().find(|c| id_of(c) == id)
    }

    /// A message object as Discord returns it for a create/edit.
    pub(super) fn message(&mut self, channel: u64, payload: &Value, files: &[Part]) -> Value {
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
