//! Application state shared by every entry point (HTTP router, Lambda shells, CLI tools):
//! configuration, store and clock. Built once per process (or per Lambda cold start).

use std::{sync::Arc, time::Instant};

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    cache::{self, Cache, MemoryCache},
    config::Config,
    store::Store,
};

/// Where "now" comes from: the system clock, or a fixed instant in tests.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// Everything a handler may use. Cheap to share: wrap it in an [`Arc`] ([`SharedApp`]).
pub struct App {
    pub config: Config,
    pub store: Arc<dyn Store>,
    /// Dedupe, rate limits and cached figures: Redis when `REDIS_URL` is set (shared by every
    /// replica), in-process otherwise.
    pub cache: Arc<dyn Cache>,
    pub clock: Clock,
    pub started: Instant,
}

pub type SharedApp = Arc<App>;

impl App {
    /// With an in-process cache; see [`App::with_cache`].
    pub fn new(config: Config, store: Arc<dyn Store>) -> App {
        App {
            config,
            store,
            cache: Arc::new(MemoryCache::new(cache::DEFAULT_PREFIX)),
            clock: Clock::System,
            started: Instant::now(),
        }
    }

    pub fn with_cache(mut self, cache: Arc<dyn Cache>) -> App {
        self.cache = cache;
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's date in the configured time zone (Europe/Paris by default).
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.config.timezone).date_naive()
    }
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("DATABASE_URL: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("REDIS_URL: {0}")]
    Cache(#[from] crate::cache::CacheError),
}

/// Connect to the configured database (applying migrations) and cache, and build the
/// application state. A Redis that is down at start-up is not fatal: the cache starts
/// degraded (in-process) and reconnects on its own.
pub async fn init(config: Config) -> Result<App, InitError> {
    let store = crate::store::connect(config.database_url.expose()).await?;
    store.migrate().await?;
    let cache = cache::connect(
        config.redis_url.as_ref().map(|url| url.expose()),
        cache::DEFAULT_PREFIX,
    )
    .await?;
    Ok(App::new(config, store).with_cache(cache))
}

/// Make rustls use aws-lc-rs. Call first thing in every binary and test set-up: with more
/// than one crypto provider compiled in, the first TLS client would otherwise panic.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
