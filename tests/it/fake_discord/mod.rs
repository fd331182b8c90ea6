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

mod fixtures;
mod routes;
mod state;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use axum::Router;
use chrono::Utc;
use gvbot::id::Snowflake;
use gvbot::{
    config::{Config, Secret},
    discord::Discord,
};
use serde_json::{Value, json};

use fixtures::{is_id, member_json, user_json};
use routes::handle;
use state::{Pattern, Shared, State};

pub use state::{Failure, Recorded};

/// The fake application; its bot user has the same id, as for every application created
/// since 2019. Matches the `application_id` of the suite's interactions.
pub const APPLICATION_ID: u64 = 1_100_000_000_000_000_000;
pub const BOT_ID: u64 = APPLICATION_ID;
pub const TOKEN: &str = "fake-bot-token";

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
            discord_application_id: Some(Snowflake::new(APPLICATION_ID)),
            guild_id: Some(Snowflake::new(guild)),
            ..Config::default()
        }
    }

    /// gvbot's Discord client pointed at the fake.
    pub fn discord(&self) -> Discord {
        gvbot::compose::install_crypto_provider();
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
