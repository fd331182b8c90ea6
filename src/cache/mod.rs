//! Cache, rate limits and dedupe: the [`Cache`] trait and its backends.
//!
//! `REDIS_URL` set → Redis, shared by every replica and Lambda instance, behind a
//! [`FallbackCache`] that keeps commands working from memory while Redis is unreachable;
//! unset → [`MemoryCache`], in-process. [`connect`] picks one at start-up; the interactions
//! endpoint (dedupe with [`Cache::claim`]), the command core ([`Cache::rate_limit`]) and
//! `/health` ([`Cache::status`]) only ever see `Arc<dyn Cache>`. The same behaviour suite
//! (`tests/it/cache.rs`) runs on both backends.
//!
//! Every key is stored under a namespace given at construction ([`DEFAULT_PREFIX`] in
//! deployments, a random one per test) so deployments and tests sharing a Redis never collide.
//! Rate-limit keys share the key space with plain values: use distinct names (`rl:…`, `seen:…`).

mod fallback;
mod memory;
mod redis;

use std::{fmt, sync::Arc, time::Duration};

use async_trait::async_trait;

pub use self::redis::RedisCache;
pub use fallback::FallbackCache;
pub use memory::MemoryCache;

/// Namespace of the deployment's keys.
pub const DEFAULT_PREFIX: &str = "gvbot:";

/// Longest TTL honoured; longer ones are shortened to it (a cache entry is not an archive).
pub const MAX_TTL: Duration = Duration::from_secs(365 * 24 * 3600);

/// Longest window a [`Quota`] may describe (`burst` emission intervals).
const MAX_WINDOW_MICROS: u64 = 365 * 24 * 3600 * 1_000_000;

/// Errors of the cache layer. Messages never contain the Redis URL or its password.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// `REDIS_URL` cannot be used; carries the reason, not the URL.
    #[error("invalid REDIS_URL: {0}")]
    InvalidUrl(String),
    /// A rate-limit quota with a rate that is not positive and finite, a burst of 0, or a
    /// window longer than a year.
    #[error("invalid rate-limit quota (rate must be positive, burst at least 1)")]
    InvalidQuota,
    /// Redis refused, timed out or is unreachable.
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
}

/// A rate limit: a sustained rate and how many events may arrive at once.
///
/// "5 commands per 10 s, all 5 at once if they like" is `Quota::per(5, 10 s)`, i.e.
/// `per_second: 0.5, burst: 5`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    /// Sustained rate, in events per second.
    pub per_second: f64,
    /// Events allowed back to back after a quiet period (at least 1).
    pub burst: u32,
}

impl Quota {
    /// `count` events per `period`, all of which may arrive at once.
    pub fn per(count: u32, period: Duration) -> Quota {
        Quota {
            per_second: f64::from(count) / period.as_secs_f64(),
            burst: count,
        }
    }

    /// The GCRA parameters in microseconds: (emission interval, burst).
    pub(crate) fn gcra(self) -> Result<(u64, u64), CacheError> {
        if !(self.per_second.is_finite() && self.per_second > 0.0) || self.burst == 0 {
            return Err(CacheError::InvalidQuota);
        }
        let interval = (1_000_000.0 / self.per_second).round().max(1.0);
        let burst = u64::from(self.burst);
        // `interval` is finite and ≥ 1 here; the window check bounds it before the cast.
        if interval * (burst as f64) > MAX_WINDOW_MICROS as f64 {
            return Err(CacheError::InvalidQuota);
        }
        Ok((interval as u64, burst))
    }
}

/// Outcome of [`Cache::rate_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The event is within the quota and was counted.
    Allowed,
    /// Over the quota (the event was not counted); one more event is allowed after
    /// `retry_after`, which is at most one emission interval when events stop.
    Limited { retry_after: Duration },
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allowed)
    }
}

/// What `/health` reports about Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// Redis answers.
    Ok,
    /// Redis is configured but does not answer (the fallback serves from memory).
    Down,
    /// No `REDIS_URL`: the in-process cache is the cache.
    Disabled,
}

impl CacheStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Ok => "ok",
            CacheStatus::Down => "down",
            CacheStatus::Disabled => "disabled",
        }
    }
}

impl fmt::Display for CacheStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key-value cache with expiry, first-claim dedupe and shared rate limits.
///
/// TTLs are honoured to the millisecond, between 1 ms and [`MAX_TTL`] (shorter or longer
/// ones are brought within those bounds).
#[async_trait]
pub trait Cache: Send + Sync + 'static {
    /// `"redis"` or `"memory"`.
    fn backend(&self) -> &'static str;

    /// Health: Ok for memory; PING for Redis.
    async fn ping(&self) -> Result<(), CacheError>;

    /// For `/health`: `ok` or `down` when Redis is configured (one PING), `disabled` when not.
    async fn status(&self) -> CacheStatus;

    /// Claim `key` for `ttl` if nobody holds it (SET NX PX). `true`: this caller is first.
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, CacheError>;

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError>;

    /// Store `value` under `key` for `ttl`, replacing any previous value.
    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError>;

    /// Remove `key` (a value, a claim or a rate limit's state); absent keys are fine.
    async fn delete(&self, key: &str) -> Result<(), CacheError>;

    /// One more event for `key` under `quota`, decided and counted atomically (GCRA).
    async fn rate_limit(&self, key: &str, quota: Quota) -> Result<Decision, CacheError>;
}

/// The cache for this process: [`MemoryCache`] without a Redis URL, else a [`FallbackCache`]
/// over Redis.
///
/// Key whose value changes whenever data behind cached figures changes (see [`stats_generation`]).
const STATS_GENERATION: &str = "stats:generation";

/// The current generation of cached statistics: part of every stats cache key, so a write
/// anywhere (any replica) makes every cached figure stale at once. "0" when unknown.
pub async fn stats_generation(cache: &dyn Cache) -> String {
    match cache.get(STATS_GENERATION).await {
        Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(None) => "0".to_owned(),
        Err(err) => {
            tracing::debug!(error = %err, "stats generation unavailable");
            "0".to_owned()
        }
    }
}

/// Start a new stats generation after a write. Failures only cost freshness (TTLs still
/// expire the figures), so they are logged, not returned.
pub async fn invalidate_stats(cache: &dyn Cache) {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    let generation = hex::encode(bytes);
    if let Err(err) = cache
        .set(
            STATS_GENERATION,
            generation.as_bytes(),
            Duration::from_secs(48 * 3600),
        )
        .await
    {
        tracing::warn!(error = %err, "stats cache invalidation failed");
    }
}

/// A malformed URL is an error (stop at start-up); a Redis that is merely down is not: the
/// cache starts degraded, serving from memory, and moves to Redis once it answers.
pub async fn connect(redis_url: Option<&str>, prefix: &str) -> Result<Arc<dyn Cache>, CacheError> {
    match redis_url {
        None => Ok(Arc::new(MemoryCache::new(prefix))),
        Some(url) => Ok(Arc::new(FallbackCache::connect(url, prefix).await?)),
    }
}

/// `ttl` in whole milliseconds, within [1 ms, [`MAX_TTL`]].
pub(crate) fn ttl_millis(ttl: Duration) -> u64 {
    let max = MAX_TTL.as_millis();
    // Within u64 after the clamp.
    ttl.as_millis().clamp(1, max) as u64
}

/// One GCRA step in microseconds. `tat` is the stored theoretical arrival time (if any).
/// `Ok(new_tat)`: allowed, store `new_tat` until it passes; `Err(wait)`: limited for `wait`.
///
/// The Lua script in `redis.rs` is the same arithmetic on the Redis server's clock.
pub(crate) fn gcra_step(now: u64, tat: Option<u64>, interval: u64, burst: u64) -> Result<u64, u64> {
    let tat = tat.map_or(now, |tat| tat.max(now));
    let new_tat = tat.saturating_add(interval);
    let allow_at = new_tat.saturating_sub(interval.saturating_mul(burst));
    if now < allow_at {
        Err(allow_at - now)
    } else {
        Ok(new_tat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_per_period_is_rate_and_burst() {
        let quota = Quota::per(5, Duration::from_secs(10));
        assert_eq!(quota.per_second, 0.5);
        assert_eq!(quota.burst, 5);
        assert_eq!(quota.gcra().unwrap(), (2_000_000, 5));
    }

    #[test]
    fn nonsense_quotas_are_rejected() {
        for quota in [
            Quota {
                per_second: 0.0,
                burst: 5,
            },
            Quota {
                per_second: -1.0,
                burst: 5,
            },
            Quota {
                per_second: f64::NAN,
                burst: 5,
            },
            Quota {
                per_second: f64::INFINITY,
                burst: 5,
            },
            Quota {
                per_second: 1.0,
                burst: 0,
            },
            Quota {
                per_second: 1e-12,
                burst: 1,
            },
            Quota::per(5, Duration::ZERO),
            Quota::per(0, Duration::from_secs(1)),
        ] {
            assert!(
                matches!(quota.gcra(), Err(CacheError::InvalidQuota)),
                "{quota:?}"
            );
        }
    }

    #[test]
    fn very_fast_rates_keep_a_one_microsecond_interval() {
        let quota = Quota {
            per_second: 1e9,
            burst: 1,
        };
        assert_eq!(quota.gcra().unwrap(), (1, 1));
    }

    #[test]
    fn gcra_allows_the_burst_then_spaces_events() {
        let (interval, burst) = (2_000_000, 5);
        let mut tat = None;
        for _ in 0..5 {
            tat = Some(gcra_step(0, tat, interval, burst).expect("within burst"));
        }
        assert_eq!(tat, Some(10_000_000));
        assert_eq!(gcra_step(0, tat, interval, burst), Err(2_000_000));
        assert_eq!(gcra_step(1_500_000, tat, interval, burst), Err(500_000));
        assert_eq!(gcra_step(2_000_000, tat, interval, burst), Ok(12_000_000));
    }

    #[test]
    fn gcra_forgets_a_stale_tat() {
        assert_eq!(gcra_step(50, Some(10), 100, 1), Ok(150));
    }

    #[test]
    fn ttls_are_clamped() {
        assert_eq!(ttl_millis(Duration::ZERO), 1);
        assert_eq!(ttl_millis(Duration::from_micros(1500)), 1);
        assert_eq!(ttl_millis(Duration::from_secs(2)), 2000);
        assert_eq!(ttl_millis(Duration::MAX), MAX_TTL.as_millis() as u64);
    }

    #[test]
    fn status_strings() {
        assert_eq!(CacheStatus::Ok.as_str(), "ok");
        assert_eq!(CacheStatus::Down.to_string(), "down");
        assert_eq!(CacheStatus::Disabled.as_str(), "disabled");
    }
}
