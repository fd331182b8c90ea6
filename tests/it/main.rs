//! Integration tests: one binary, one module per area. Every test builds gvbot's real router
//! on a fresh database (SQLite always, PostgreSQL when the tests were built with
//! `TEST_DATABASE_URL`; without it, and likewise without `TEST_REDIS_URL`, the tests that need
//! the service are reported as skipped: see `services.rs`).

#[macro_use]
mod db;
mod api;
mod api_bodies;
mod api_cache;
mod api_planning;
mod architecture;
mod cache;
mod cli;
mod commands;
mod concurrency;
mod deferred;
mod discord;
mod discord_commands;
mod discord_limits;
mod fake_discord;
mod health;
mod interactions;
mod lambda;
mod limits;
mod observability;
mod openapi_routes;
mod services;
mod store_activity;
mod store_contract;
mod store_discord;
mod support;
