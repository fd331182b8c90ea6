//! [`FallbackCache`]: Redis first, this process's memory when Redis is unreachable, so
//! commands keep working (with per-instance dedupe and limits) through a Redis outage.
//!
//! Healthy, every call goes to Redis. A Redis error marks the cache degraded (one warning,
//! at that transition) and the call is served from a [`MemoryCache`]. Degraded, calls are
//! served from memory and Redis is tried again by at most one call per retry interval (1 s by
//! default), so an unreachable Redis costs one timeout per interval, not one per call; the
//! first success marks it healthy again (one info line). Data written to memory while
//! degraded stays there: after recovery Redis is authoritative again.
//!
//! `/health` reads [`Cache::status`] (one PING, which also updates the state) or
//! [`FallbackCache::is_degraded`] (no I/O).

use std::{
    fmt,
    future::Future,
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    time::{Duration, Instant},
};

use async_trait::async_trait;

use super::{Cache, CacheError, CacheStatus, Decision, MemoryCache, Quota, RedisCache};

/// How often a degraded cache tries Redis again.
pub const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(1);

/// Redis with an in-process fallback. See the module documentation.
pub struct FallbackCache {
    primary: RedisCache,
    local: MemoryCache,
    degraded: AtomicBool,
    retry_interval: Duration,
    /// Origin of `next_retry_ms`.
    epoch: Instant,
    /// While degraded: milliseconds since `epoch` before which no call tries Redis.
    next_retry_ms: AtomicU64,
}

impl FallbackCache {
    /// A healthy fallback cache over `primary`, falling back to `local`.
    pub fn new(primary: RedisCache, local: MemoryCache) -> FallbackCache {
        FallbackCache {
            primary,
            local,
            degraded: AtomicBool::new(false),
            retry_interval: DEFAULT_RETRY_INTERVAL,
            epoch: Instant::now(),
            next_retry_ms: AtomicU64::new(0),
        }
    }

    /// Parse `url` (an error if malformed) and ping Redis: a Redis that does not answer leaves
    /// the cache degraded, not an error. Keys live under `prefix` in Redis and in memory.
    pub async fn connect(url: &str, prefix: &str) -> Result<FallbackCache, CacheError> {
        let cache = FallbackCache::new(RedisCache::lazy(url, prefix)?, MemoryCache::new(prefix));
        // Logs the warning when Redis is down.
        let _ = cache.ping().await;
        Ok(cache)
    }

    /// How often a degraded cache tries Redis again ([`DEFAULT_RETRY_INTERVAL`]).
    pub fn with_retry_interval(mut self, interval: Duration) -> FallbackCache {
        self.retry_interval = interval;
        self
    }

    /// Whether calls are currently served from memory because Redis failed.
    pub fn is_degraded(&self) -> bool {
        self.degraded.load(Ordering::Acquire)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn retry_interval_ms(&self) -> u64 {
        u64::try_from(self.retry_interval.as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether this call should go to Redis: always when healthy; when degraded, only the one
    /// call that takes the next retry slot.
    fn try_redis(&self) -> bool {
        if !self.is_degraded() {
            return true;
        }
        let now = self.now_ms();
        let next = self.next_retry_ms.load(Ordering::Acquire);
        now >= next
            && self
                .next_retry_ms
                .compare_exchange(
                    next,
                    now.saturating_add(self.retry_interval_ms()),
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
    }

    fn mark_healthy(&self) {
        if self.is_degraded() && self.degraded.swap(false, Ordering::AcqRel) {
            tracing::info!("redis answers again: cache, dedupe and rate limits are shared again");
        }
    }

    fn mark_degraded(&self, err: &redis::RedisError) {
        if !self.degraded.swap(true, Ordering::AcqRel) {
            self.next_retry_ms.store(
                self.now_ms().saturating_add(self.retry_interval_ms()),
                Ordering::Release,
            );
            tracing::warn!(
                error = %err,
                "redis unreachable: serving cache, dedupe and rate limits from this instance's memory"
            );
        }
    }

    /// Run `primary` on Redis if [`Self::try_redis`] says so; on a Redis error (or when not
    /// trying) run `local` instead. Other errors (an invalid quota) are returned as they are.
    async fn route<T>(
        &self,
        primary: impl Future<Output = Result<T, CacheError>>,
        local: impl Future<Output = Result<T, CacheError>>,
    ) -> Result<T, CacheError> {
        if self.try_redis() {
            match primary.await {
                Ok(value) => {
                    self.mark_healthy();
                    return Ok(value);
                }
                Err(CacheError::Redis(err)) => self.mark_degraded(&err),
                Err(other) => return Err(other),
            }
        }
        local.await
    }
}

impl fmt::Debug for FallbackCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FallbackCache")
            .field("primary", &self.primary)
            .field("degraded", &self.is_degraded())
            .field("retry_interval", &self.retry_interval)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Cache for FallbackCache {
    fn backend(&self) -> &'static str {
        "redis"
    }

    /// Redis's answer, always asked (whatever the retry slot); it updates the state too.
    async fn ping(&self) -> Result<(), CacheError> {
        match self.primary.ping().await {
            Ok(()) => {
                self.mark_healthy();
                Ok(())
            }
            Err(CacheError::Redis(err)) => {
                self.mark_degraded(&err);
                Err(CacheError::Redis(err))
            }
            Err(other) => Err(other),
        }
    }

    async fn status(&self) -> CacheStatus {
        match self.ping().await {
            Ok(()) => CacheStatus::Ok,
            Err(_) => CacheStatus::Down,
        }
    }

    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, CacheError> {
        self.route(self.primary.claim(key, ttl), self.local.claim(key, ttl))
            .await
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        self.route(self.primary.get(key), self.local.get(key)).await
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        self.route(
            self.primary.set(key, value, ttl),
            self.local.set(key, value, ttl),
        )
        .await
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.route(self.primary.delete(key), self.local.delete(key))
            .await
    }

    async fn rate_limit(&self, key: &str, quota: Quota) -> Result<Decision, CacheError> {
        self.route(
            self.primary.rate_limit(key, quota),
            self.local.rate_limit(key, quota),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::{
        io,
        sync::{Arc, Mutex},
    };

    use super::*;

    /// Log output kept in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn closed_port_url() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "redis://127.0.0.1:{}",
            listener.local_addr().unwrap().port()
        )
    }

    #[tokio::test]
    async fn an_outage_is_logged_once_however_many_calls_fail() {
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let primary = RedisCache::lazy(&closed_port_url(), "t:").unwrap();
        // Every call tries Redis (and fails): still one warning.
        let cache =
            FallbackCache::new(primary, MemoryCache::new("t:")).with_retry_interval(Duration::ZERO);
        assert!(!cache.is_degraded());
        for _ in 0..5 {
            cache.set("k", b"v", Duration::from_secs(5)).await.unwrap();
        }
        assert!(cache.ping().await.is_err());
        assert_eq!(cache.get("k").await.unwrap(), Some(b"v".to_vec()));
        assert!(cache.is_degraded());

        let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.matches("redis unreachable").count(), 1, "{text}");
        assert!(text.contains("WARN"), "{text}");
    }

    #[tokio::test]
    async fn degraded_calls_try_redis_once_per_interval() {
        let primary = RedisCache::lazy(&closed_port_url(), "t:").unwrap();
        let cache = FallbackCache::new(primary, MemoryCache::new("t:"))
            .with_retry_interval(Duration::from_secs(3600));
        cache.set("k", b"v", Duration::from_secs(5)).await.unwrap();
        assert!(cache.is_degraded());
        // No retry slot for an hour: served from memory without touching the network.
        assert!(!cache.try_redis());
        let started = Instant::now();
        for _ in 0..100 {
            cache.get("k").await.unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
