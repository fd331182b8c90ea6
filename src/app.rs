//! Application state shared by every entry point (HTTP router, Lambda shells, CLI tools):
//! configuration, store, cache, the Discord client, the deferred-work hand-off and clock.
//! Built once per process (or per Lambda cold start).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    cache::{self, Cache, MemoryCache},
    commands::{
        deferred::{Handoff, InProcess},
        ports::{DiscordApi, DiscordError},
    },
    config::{Config, ConfigError},
    store::Store,
};

/// How long the interactions endpoint waits for a handler before answering "deferred"
/// (Discord allows 3 s for the first answer; see [`App::defer_after`]).
pub const DEFAULT_DEFER_AFTER: Duration = Duration::from_millis(2500);

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
    /// The outgoing Discord client: set by [`init`]; `None` in tests and tools that do not
    /// call Discord (then [`App::discord`] says so).
    pub discord: Option<Arc<dyn DiscordApi>>,
    /// Where deferred work goes once the interaction is answered: this process (container)
    /// or, on AWS, a worker function.
    pub handoff: Arc<dyn Handoff>,
    /// Work that outlives a response in the container (deferred replies, alerts): `serve`
    /// waits for it on shutdown so a SIGTERM does not leave a user on "thinking…".
    pub background: tokio_util::task::TaskTracker,
    /// When a handler has not replied after this long, the interactions endpoint answers
    /// "deferred" and edits the reply in later (container mode only, where work may outlive
    /// the response).
    pub defer_after: Duration,
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
            discord: None,
            handoff: Arc::new(InProcess),
            background: tokio_util::task::TaskTracker::new(),
            defer_after: DEFAULT_DEFER_AFTER,
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

    pub fn with_discord(mut self, discord: Arc<dyn DiscordApi>) -> App {
        self.discord = Some(discord);
        self
    }

    pub fn with_handoff(mut self, handoff: Arc<dyn Handoff>) -> App {
        self.handoff = handoff;
        self
    }

    pub fn with_defer_after(mut self, defer_after: Duration) -> App {
        self.defer_after = defer_after;
        self
    }

    /// The Discord client, or the error naming what is missing to call Discord.
    pub fn discord(&self) -> Result<&dyn DiscordApi, DiscordError> {
        self.discord.as_deref().ok_or_else(|| {
            DiscordError::Config(ConfigError {
                var: "DISCORD_TOKEN",
                reason: "this process was started without a Discord client".into(),
            })
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's date in the configured time zone (Europe/Paris by default).
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.config.timezone).date_naive()
    }
}
