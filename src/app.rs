//! Application state shared by every entry point (HTTP router, Lambda shells, CLI tools):
//! configuration, store and clock. Built once per process (or per Lambda cold start).

use std::{sync::Arc, time::Instant};

use chrono::{DateTime, NaiveDate, Utc};

use crate::{config::Config, store::Store};

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
    pub clock: Clock,
    pub started: Instant,
}

pub type SharedApp = Arc<App>;

impl App {
    pub fn new(config: Config, store: Arc<dyn Store>) -> App {
        App {
            config,
            store,
            clock: Clock::System,
            started: Instant::now(),
        }
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

/// Connect to the configured database, apply migrations and build the application state.
pub async fn init(config: Config) -> Result<App, crate::store::StoreError> {
    let store = crate::store::connect(config.database_url.expose()).await?;
    store.migrate().await?;
    Ok(App::new(config, store))
}

/// Make rustls use aws-lc-rs. Call first thing in every binary and test set-up: with more
/// than one crypto provider compiled in, the first TLS client would otherwise panic.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
