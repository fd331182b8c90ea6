//! The one way tests talk to gvbot: build the real router on a test database and send it
//! requests signed like Discord's, shaped like Discord's payloads.

use std::sync::Arc;

use axum::{
    Router,
    body::{Body, Bytes, HttpBody},
    http::{HeaderMap, Request, StatusCode},
};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, SigningKey};
use gvbot::id::Snowflake;
use gvbot::{
    app::{App, Clock, SharedApp},
    config::{Config, Secret},
    http,
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::{db::TestDb, fake_discord::FakeDiscord};

/// Guild, channel and users of the test server.
pub const GUILD: u64 = 900_000_000_000_000_001;
pub const OTHER_GUILD: u64 = 900_000_000_000_000_002;
pub const CHANNEL: u64 = 900_000_000_000_000_010;
pub const ADMIN: u64 = 111_111_111_111_111_111;
pub const PAUL: u64 = 222_222_222_222_222_222;
pub const JEANNE: u64 = 333_333_333_333_333_333;
pub const MANAGER_ROLE: u64 = 444_444_444_444_444_444;

/// The Discord application's key pair of the test suite.
pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

/// gvbot's router on a test database, with the test public key.
pub struct TestApp {
    pub app: SharedApp,
    pub router: Router,
    pub db: TestDb,
}

impl TestApp {
    pub fn new(db: TestDb) -> TestApp {
        TestApp::build(db, Clock::System)
    }

    /// With a fixed "now" (signatures are dated with it too).
    pub fn at(db: TestDb, now: DateTime<Utc>) -> TestApp {
        TestApp::build(db, Clock::Fixed(now))
    }

    /// A new `App` and router on the same database and clock, as after a process restart (or
    /// on another Lambda instance): nothing survives but what the database and the request
    /// carry.
    pub fn restart(self) -> TestApp {
        let clock = self.app.clock;
        TestApp::build(self.db, clock)
    }

    /// With the test configuration changed by `configure` (e.g. to set `GUILD_ID`).
    pub fn with_config(db: TestDb, configure: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = test_config();
        configure(&mut config);
        TestApp::build_with(db, Clock::System, config)
    }

    /// [`TestApp::new`] with `GUILD_ID` set to the test guild (as the REST API tests want).
    pub fn for_guild(db: TestDb) -> TestApp {
        TestApp::with_config(db, |c| c.guild_id = Some(Snowflake::new(GUILD)))
    }

    /// The same app with its Discord client pointed at `fake`.
    pub fn with_discord(self, fake: &FakeDiscord) -> TestApp {
        let app = Arc::new(
            App::new(self.app.config.clone(), self.db.store.clone())
                .with_clock(self.app.clock)
                .with_discord(Arc::new(fake.discord())),
        );
        TestApp {
            router: http::router(app.clone()),
            app,
            db: self.db,
        }
    }

    fn build(db: TestDb, clock: Clock) -> TestApp {
        TestApp::build_with(db, clock, test_config())
    }

    fn build_with(db: TestDb, clock: Clock, config: Config) -> TestApp {
        gvbot::compose::install_crypto_provider();
        let app = Arc::new(App::new(config, db.store.clone()).with_clock(clock));
        TestApp {
            router: http::router(app.clone()),
            app,
            db,
        }
    }

    /// Send a request; the status and the body (JSON, or a JSON string of the raw text).
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let (status, _, body) = self.send_full(request).await;
        (status, body)
    }

    /// [`TestApp::send`], with the response headers.
    pub async fn send_full(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        serve(self.router.clone(), request).await
    }

    /// POST an interaction signed now with the test key.
    pub async fn interact(&self, body: &Value) -> (StatusCode, Value) {
        let raw = serde_json::to_vec(body).expect("json");
        self.send(signed(&raw, self.app.now().timestamp())).await
    }

    /// POST a command interaction and return the response (asserting HTTP 200).
    pub async fn command(&self, body: &Value) -> Value {
        let (status, response) = self.interact(body).await;
        assert_eq!(status, StatusCode::OK, "{response}");
        response
    }
}

/// Serve `request` with `router`: the status, the headers and the body (JSON, or a JSON string
/// of the raw text).
pub async fn serve<B>(router: Router, request: Request<B>) -> (StatusCode, HeaderMap, Value)
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let response = router.oneshot(request).await.expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, headers, value)
}

/// The API keys of the test configuration (`API_KEY`, comma-separated: a rotation).
pub const API_KEY: &str = "test-key";
pub const ROTATED_API_KEY: &str = "rotated-test-key";

/// The configuration every [`TestApp`] starts from.
fn test_config() -> Config {
    Config {
        discord_public_key: Some(signing_key().verifying_key()),
        api_key: Some(Secret::new(format!("{API_KEY}, {ROTATED_API_KEY}"))),
        // Tests send many commands as one user; the anti-spam limit has its own tests.
        command_rate_limit: (10_000, std::time::Duration::from_secs(1)),
        ..Config::default()
    }
}

/// A REST API request: `Authorization: Bearer <API_KEY>`, and a JSON body when given.
pub fn api(method: &str, uri: &str, body: Option<&Value>) -> Request<Body> {
    api_with(method, uri, Some(API_KEY), body)
}

/// A REST API request with the given bearer token (or none).
pub fn api_with(
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            builder = builder.header("content-type", "application/json");
            Body::from(serde_json::to_vec(body).expect("json"))
        }
        None => Body::empty(),
    };
    builder.body(body).expect("request")
}

/// Create a chantier through `POST /api/discord/chantiers` (asserting 201).
pub async fn api_chantier(t: &TestApp, name: &str) {
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": name })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// POST a task as ADMIN for `assignee`; returns its JSON (asserting 201).
pub async fn api_task(t: &TestApp, assignee: u64, chantier: &str, description: &str) -> Value {
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&json!({
                "user_id": ADMIN,
                "assignee_id": assignee,
                "description": description,
                "chantier": chantier,
            })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// The message a REST validation error gives for field `name`.
pub fn validation_field<'a>(body: &'a Value, name: &str) -> &'a str {
    assert_eq!(body["error"], "validation", "{body}");
    body["fields"][name]
        .as_str()
        .unwrap_or_else(|| panic!("no fields.{name} in {body}"))
}

/// A POST /interactions request with a valid signature dated `timestamp`.
pub fn signed(body: &[u8], timestamp: i64) -> Request<Body> {
    signed_with(&signing_key(), body, &timestamp.to_string())
}

/// A POST /interactions request signed with `key` over `timestamp ‖ body`.
pub fn signed_with(key: &SigningKey, body: &[u8], timestamp: &str) -> Request<Body> {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    let signature = hex::encode(key.sign(&message).to_bytes());
    Request::post("/interactions")
        .header("content-type", "application/json")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(Body::from(body.to_vec()))
        .expect("request")
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fresh interaction id.
pub fn interaction_id() -> String {
    let n = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    (1_300_000_000_000_000_000 + u64::from(std::process::id()) * 1_000_000 + n).to_string()
}

/// Who sends an interaction.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: u64,
    pub guild: Option<u64>,
    pub roles: Vec<u64>,
    /// Discord permission bits (8 = ADMINISTRATOR).
    pub permissions: u64,
    pub locale: &'static str,
}

impl Actor {
    /// A Discord administrator of the test guild.
    pub fn admin() -> Actor {
        Actor {
            user: ADMIN,
            guild: Some(GUILD),
            roles: vec![],
            permissions: 8,
            locale: "fr",
        }
    }

    /// A plain member (send messages, use commands) of the test guild.
    pub fn member(user: u64) -> Actor {
        Actor {
            user,
            guild: Some(GUILD),
            roles: vec![],
            permissions: 0x0000_0800_0000_0800,
            locale: "fr",
        }
    }

    pub fn with_roles(mut self, roles: &[u64]) -> Actor {
        self.roles = roles.to_vec();
        self
    }

    pub fn in_guild(mut self, guild: u64) -> Actor {
        self.guild = Some(guild);
        self
    }

    pub fn locale(mut self, locale: &'static str) -> Actor {
        self.locale = locale;
        self
    }
}

/// A user object as Discord sends it.
pub fn user_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("user{}", id % 1000),
        "discriminator": "0",
        "global_name": format!("User {}", id % 1000),
        "avatar": null,
        "public_flags": 0
    })
}

/// An interaction of `kind` with `data`, shaped like Discord's (guild or DM).
pub fn interaction(kind: u8, actor: &Actor, data: Value) -> Value {
    let mut body = json!({
        "type": kind,
        "id": interaction_id(),
        "application_id": "1100000000000000000",
        "token": "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMDpUZXN0VG9rZW4",
        "version": 1,
        "locale": actor.locale,
        "app_permissions": "2248473465835073",
        "entitlements": [],
        "authorizing_integration_owners": { "0": actor.guild.unwrap_or(0).to_string() },
        "attachment_size_limit": 10_485_760,
        "data": data,
    });
    match actor.guild {
        Some(guild) => {
            body["guild_id"] = json!(guild.to_string());
            body["guild_locale"] = json!("fr");
            body["guild"] = json!({ "id": guild.to_string(), "locale": "fr", "features": [] });
            body["channel_id"] = json!(CHANNEL.to_string());
            body["channel"] = json!({ "id": CHANNEL.to_string(), "type": 0, "guild_id": guild.to_string(), "name": "general" });
            body["context"] = json!(0);
            body["member"] = json!({
                "user": user_json(actor.user),
                "roles": actor.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                "permissions": actor.permissions.to_string(),
                "joined_at": "2024-03-01T08:00:00.000000+00:00",
                "deaf": false,
                "mute": false,
                "pending": false,
                "nick": null,
                "avatar": null,
                "premium_since": null,
                "communication_disabled_until": null,
                "flags": 0
            });
        }
        None => {
            body["user"] = user_json(actor.user);
            body["channel_id"] = json!(CHANNEL.to_string());
            body["context"] = json!(1);
        }
    }
    body
}

/// A slash command with `options` (Discord's `[{name, type, value}]`). User options get the
/// `resolved` maps Discord adds.
pub fn slash(actor: &Actor, name: &str, options: Value) -> Value {
    let mut data =
        json!({ "id": "1200000000000000001", "name": name, "type": 1, "options": options });
    let users: Vec<u64> = options_of_type(&data["options"], 6);
    if !users.is_empty() {
        let mut resolved_users = serde_json::Map::new();
        let mut resolved_members = serde_json::Map::new();
        for id in users {
            resolved_users.insert(id.to_string(), user_json(id));
            resolved_members.insert(
                id.to_string(),
                json!({ "roles": [], "joined_at": "2024-03-01T08:00:00.000000+00:00", "nick": null, "avatar": null, "premium_since": null, "pending": false, "permissions": "0", "communication_disabled_until": null, "flags": 0 }),
            );
        }
        data["resolved"] = json!({ "users": resolved_users, "members": resolved_members });
    }
    interaction(2, actor, data)
}

fn options_of_type(options: &Value, kind: u64) -> Vec<u64> {
    let mut out = Vec::new();
    for o in options.as_array().into_iter().flatten() {
        if o["type"] == kind
            && let Some(id) = o["value"].as_str().and_then(|v| v.parse().ok())
        {
            out.push(id);
        }
        out.extend(options_of_type(&o["options"], kind));
    }
    out
}

/// `{name, type: 3, value}` — a string option.
pub fn s(name: &str, value: &str) -> Value {
    json!({ "name": name, "type": 3, "value": value })
}

/// An integer option.
pub fn i(name: &str, value: i64) -> Value {
    json!({ "name": name, "type": 4, "value": value })
}

/// A user option.
pub fn u(name: &str, id: u64) -> Value {
    json!({ "name": name, "type": 6, "value": id.to_string() })
}

/// A role option.
pub fn r(name: &str, id: u64) -> Value {
    json!({ "name": name, "type": 8, "value": id.to_string() })
}

/// A subcommand with options.
pub fn sub(name: &str, options: Value) -> Value {
    json!({ "name": name, "type": 1, "options": options })
}

/// A button click with `custom_id`.
pub fn click(actor: &Actor, custom_id: &str) -> Value {
    interaction(
        3,
        actor,
        json!({ "custom_id": custom_id, "component_type": 2 }),
    )
}

/// An autocomplete request: `focused` is the option being typed.
pub fn autocomplete(actor: &Actor, name: &str, focused: &str, typed: &str) -> Value {
    interaction(
        4,
        actor,
        json!({ "id": "1200000000000000001", "name": name, "type": 1,
                "options": [{ "name": focused, "type": 3, "value": typed, "focused": true }] }),
    )
}

/// The text a user reads: content plus every embed's title, description, fields and footer.
pub fn shown(response: &Value) -> String {
    let data = &response["data"];
    let mut out = data["content"].as_str().unwrap_or_default().to_owned();
    for e in data["embeds"].as_array().into_iter().flatten() {
        for part in [&e["title"], &e["description"], &e["footer"]["text"]] {
            if let Some(t) = part.as_str() {
                out.push('\n');
                out.push_str(t);
            }
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "\n{}: {}",
                f["name"].as_str().unwrap_or_default(),
                f["value"].as_str().unwrap_or_default()
            ));
        }
    }
    out
}

/// Whether the reply is only visible to the caller.
pub fn is_ephemeral(response: &Value) -> bool {
    response["data"]["flags"]
        .as_u64()
        .is_some_and(|f| f & 64 != 0)
}

/// An ephemeral message (type 4) whose text contains every one of `needles`.
pub fn assert_ephemeral(r: &Value, needles: &[&str]) {
    assert_message(r, true, needles);
}

/// A public message (type 4) whose text contains every one of `needles`.
pub fn assert_public(r: &Value, needles: &[&str]) {
    assert_message(r, false, needles);
}

fn assert_message(r: &Value, ephemeral: bool, needles: &[&str]) {
    assert_eq!(r["type"], 4, "{r}");
    assert_eq!(
        is_ephemeral(r),
        ephemeral,
        "ephemeral should be {ephemeral}: {r}"
    );
    for needle in needles {
        assert!(shown(r).contains(needle), "{needle:?} missing from {r}");
    }
}

/// A member of the test guild holding the manager role (once [`map_role`] maps it).
pub fn manager(user: u64) -> Actor {
    Actor::member(user).with_roles(&[MANAGER_ROLE])
}

/// Run `/name options` as `actor` and return the interaction response.
pub async fn cmd(t: &TestApp, actor: &Actor, name: &str, options: Value) -> Value {
    t.command(&slash(actor, name, options)).await
}

/// `/config role niveau:<level> role:<role>` as the Discord admin.
pub async fn map_role(t: &TestApp, level: &str, role: u64) -> Value {
    let options = json!([sub("role", json!([s("niveau", level), r("role", role)]))]);
    cmd(t, &Actor::admin(), "config", options).await
}

/// `/creerchantier nom:<name>` as `actor`.
pub async fn creerchantier(t: &TestApp, actor: &Actor, name: &str) -> Value {
    cmd(t, actor, "creerchantier", json!([s("nom", name)])).await
}

/// `/archiverchantier nom:<name>` as `actor`.
pub async fn archiverchantier(t: &TestApp, actor: &Actor, name: &str) -> Value {
    cmd(t, actor, "archiverchantier", json!([s("nom", name)])).await
}

/// `/planifier membre chantier debut fin` as `actor`.
pub async fn planifier(
    t: &TestApp,
    actor: &Actor,
    user: u64,
    chantier: &str,
    debut: &str,
    fin: &str,
) -> Value {
    let options = json!([
        u("membre", user),
        s("chantier", chantier),
        s("debut", debut),
        s("fin", fin)
    ]);
    cmd(t, actor, "planifier", options).await
}

/// `/tache membre chantier description` as `actor`.
pub async fn tache(
    t: &TestApp,
    actor: &Actor,
    assignee: u64,
    chantier: &str,
    description: &str,
) -> Value {
    let options = json!([
        u("membre", assignee),
        s("chantier", chantier),
        s("description", description)
    ]);
    cmd(t, actor, "tache", options).await
}

/// `/tache membre chantier description echeance` as `actor`.
pub async fn tache_due(
    t: &TestApp,
    actor: &Actor,
    assignee: u64,
    chantier: &str,
    description: &str,
    echeance: &str,
) -> Value {
    let options = json!([
        u("membre", assignee),
        s("chantier", chantier),
        s("description", description),
        s("echeance", echeance)
    ]);
    cmd(t, actor, "tache", options).await
}

/// Create a chantier through `/creerchantier` as an admin.
pub async fn create_chantier(t: &TestApp, name: &str) {
    let r = creerchantier(t, &Actor::admin(), name).await;
    assert!(shown(&r).contains(name), "{r}");
}

/// Create a task through `/tache` and return its id.
pub async fn create_task(
    t: &TestApp,
    actor: &Actor,
    assignee: u64,
    chantier: &str,
    description: &str,
) -> i64 {
    let r = tache(t, actor, assignee, chantier, description).await;
    let title = r["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_else(|| panic!("no task embed: {r}"));
    title
        .rsplit('#')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no id in {title}"))
}
