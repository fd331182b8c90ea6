//! Integration tests: one binary, one module per area. Every test builds gvbot's real router
//! on a fresh database (SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set).

#[macro_use]
mod db;
mod api;
mod api_cache;
mod api_planning;
mod cache;
mod cli;
mod commands;
mod concurrency;
mod deferred;
mod discord;
mod discord_commands;
mod fake_discord;
mod health;
mod interactions;
mod lambda;
mod limits;
mod observability;
mod store_activity;
mod store_contract;
mod store_discord;
mod support;
