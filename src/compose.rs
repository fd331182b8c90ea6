//! The composition root shared by `main.rs` and the Lambda shells under `functions/`: builds
//! the adapters (store backend, cache, Discord client, deferred-work hand-off) from the
//! configuration and passes them to the core's [`App`] as trait objects. The only module that
//! knows every concrete type.

use std::sync::Arc;

use crate::{
    app::App,
    cache,
    commands::alerts,
    config::{Config, ConfigError},
    discord::Discord,
};

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("DATABASE_URL: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("REDIS_URL: {0}")]
    Cache(#[from] crate::cache::CacheError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Connect to the configured database (applying migrations) and cache, build the Discord
/// client, and build the application state. A Redis that is down at start-up is not fatal:
/// the cache starts degraded (in-process) and reconnects on its own. Deferred work runs in
/// this process ([`InProcess`]); the Lambda shells replace the hand-off.
pub async fn init(config: Config) -> Result<App, InitError> {
    if config.api_key.is_none() {
        tracing::warn!("API_KEY is not set: the REST API (/api/*, /stats) answers 401 to everyone");
    }
    let discord = Discord::from_config(&config)?;
    alerts::Webhook::from_config(&config)?;
    let store = crate::store::connect(config.database_url.expose()).await?;
    store.migrate().await?;
    let cache = cache::connect(
        config.redis_url.as_ref().map(|url| url.expose()),
        cache::DEFAULT_PREFIX,
    )
    .await?;
    Ok(App::new(config, store)
        .with_cache(cache)
        .with_discord(Arc::new(discord)))
}

/// Make rustls use aws-lc-rs. Call first thing in every binary and test set-up: with more
/// than one crypto provider compiled in, the first TLS client would otherwise panic.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
