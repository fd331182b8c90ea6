//! gvbot: the team-operations Discord bot of GVB-Électricité.
//!
//! Dependencies point inward: adapters (`interactions`, `prefix`, `http`, `devtools`, the
//! Lambda shells under `functions/`) → the command core (`commands`) → the `store` trait.

/// The REST API for n8n (`/stats`, `/api/discord/…`, `/openapi.json`, `/docs`).
pub mod api;
/// Application state shared by every entry point: configuration, store, clock.
pub mod app;
/// Cache, dedupe and rate limits: the `Cache` trait, Redis with an in-memory fallback.
pub mod cache;
/// AWS glue: what the Lambda shells under `functions/` share (cold start, events to the router).
pub mod cloud;
/// The command core: declarations, typed inputs, handlers returning `Reply` values.
pub mod commands;
/// The composition root: adapters built from the configuration and handed to the core.
pub mod compose;
/// Configuration from the environment, parsed once at start-up.
pub mod config;
/// Developer tools: the `serve --dev` key pair and `gvbot call`.
pub mod devtools;
/// Outgoing Discord REST (twilight-http): the client behind the core's `DiscordApi`, slash-command
/// registration.
pub mod discord;
/// The HTTP router shared by `gvbot serve`, the Lambda shell and the tests.
pub mod http;
/// Discord ids: the `Snowflake` type every layer shares (parsing, serde, twilight ids).
pub mod id;
/// `POST /interactions`: signature check, dedupe, dispatch to the core, response rendering.
pub mod interactions;
/// Prometheus metrics: names, recorder, rendering.
pub mod metrics;
/// The `!` text-command parser: text to the same typed options as a slash command.
pub mod prefix;
/// Persistence: the `Store` trait and its PostgreSQL and SQLite backends.
pub mod store;
/// Logging set-up (pretty on a terminal, JSON otherwise).
pub mod telemetry;
