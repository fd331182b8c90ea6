//! [`MemoryCache`]: the in-process backend, used without `REDIS_URL` and by [`FallbackCache`]
//! while Redis is unreachable. Limits and claims are per process (per Lambda instance).
//!
//! One `Mutex<HashMap>` holds every entry with its expiry on the monotonic clock. Expired
//! entries are dropped when read, by a sweep every [`SWEEP_EVERY`] new keys, and the map never
//! holds more than its capacity ([`DEFAULT_MAX_ENTRIES`]): at capacity, the tenth of the
//! entries closest to expiry is evicted. No lock is held across an `.await`.
//!
//! [`FallbackCache`]: super::FallbackCache

use std::{
    collections::HashMap,
    fmt,
    sync::{Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use async_trait::async_trait;

use super::{Cache, CacheError, CacheStatus, Decision, Quota, gcra_step, ttl_millis};

/// Entries kept at most by [`MemoryCache::new`].
pub const DEFAULT_MAX_ENTRIES: usize = 100_000;

/// New keys between two sweeps of the expired entries.
const SWEEP_EVERY: usize = 1024;

/// The in-process cache. See the module documentation.
pub struct MemoryCache {
    prefix: String,
    max_entries: usize,
    /// Origin of the GCRA's microsecond clock.
    epoch: Instant,
    inner: Mutex<Inner>,
}

struct Inner {
    entries: HashMap<String, Entry>,
    new_keys_since_sweep: usize,
}

struct Entry {
    value: Value,
    expires_at: Instant,
}

enum Value {
    /// A plain value or a claim.
    Bytes(Vec<u8>),
    /// A rate limit's theoretical arrival time, in microseconds since `epoch`.
    Tat(u64),
}

impl MemoryCache {
    /// An empty cache whose keys live under `prefix`, holding at most [`DEFAULT_MAX_ENTRIES`].
    pub fn new(prefix: &str) -> MemoryCache {
        MemoryCache::with_capacity(prefix, DEFAULT_MAX_ENTRIES)
    }

    /// An empty cache holding at most `max_entries` (at least 1).
    pub fn with_capacity(prefix: &str, max_entries: usize) -> MemoryCache {
        MemoryCache {
            prefix: prefix.to_owned(),
            max_entries: max_entries.max(1),
            epoch: Instant::now(),
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                new_keys_since_sweep: 0,
            }),
        }
    }

    /// Entries currently held, expired ones not yet swept included.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The map, even if a panic elsewhere poisoned the lock (entries stay consistent: every
    /// update is a single insert or remove).
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn micros_since_epoch(&self, now: Instant) -> u64 {
        u64::try_from(now.duration_since(self.epoch).as_micros()).unwrap_or(u64::MAX)
    }
}

/// `now + ttl`, within [1 ms, MAX_TTL] like Redis, and never overflowing the clock.
fn expiry(now: Instant, ttl: Duration) -> Instant {
    let ttl = Duration::from_millis(ttl_millis(ttl));
    now.checked_add(ttl).unwrap_or(now)
}

impl Inner {
    /// The live entry under `key`; an expired one is removed.
    fn live(&mut self, key: &str, now: Instant) -> Option<&mut Entry> {
        if self.entries.get(key).is_some_and(|e| e.expires_at <= now) {
            self.entries.remove(key);
        }
        self.entries.get_mut(key)
    }

    fn insert(&mut self, key: String, entry: Entry, now: Instant, max_entries: usize) {
        if !self.entries.contains_key(&key) {
            self.new_keys_since_sweep += 1;
            if self.new_keys_since_sweep >= SWEEP_EVERY || self.entries.len() >= max_entries {
                self.new_keys_since_sweep = 0;
                self.entries.retain(|_, e| e.expires_at > now);
            }
            if self.entries.len() >= max_entries {
                self.evict_soonest(self.entries.len() + 1 - max_entries + max_entries / 10);
            }
        }
        self.entries.insert(key, entry);
    }

    /// Remove at least `count` entries, those closest to expiry first.
    fn evict_soonest(&mut self, count: usize) {
        let mut expiries: Vec<Instant> = self.entries.values().map(|e| e.expires_at).collect();
        if count == 0 || expiries.is_empty() {
            return;
        }
        let nth = count.min(expiries.len()) - 1;
        let (_, threshold, _) = expiries.select_nth_unstable(nth);
        let threshold = *threshold;
        self.entries.retain(|_, e| e.expires_at > threshold);
    }
}

impl fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryCache")
            .field("prefix", &self.prefix)
            .field("max_entries", &self.max_entries)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Cache for MemoryCache {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn ping(&self) -> Result<(), CacheError> {
        Ok(())
    }

    async fn status(&self) -> CacheStatus {
        CacheStatus::Disabled
    }

    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, CacheError> {
        let key = self.key(key);
        let now = Instant::now();
        let mut inner = self.lock();
        if inner.live(&key, now).is_some() {
            return Ok(false);
        }
        let entry = Entry {
            value: Value::Bytes(b"1".to_vec()),
            expires_at: expiry(now, ttl),
        };
        inner.insert(key, entry, now, self.max_entries);
        Ok(true)
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        let key = self.key(key);
        let mut inner = self.lock();
        Ok(match inner.live(&key, Instant::now()) {
            Some(Entry {
                value: Value::Bytes(bytes),
                ..
            }) => Some(bytes.clone()),
            // Like Redis, where the state is the TAT as decimal microseconds.
            Some(Entry {
                value: Value::Tat(tat),
                ..
            }) => Some(tat.to_string().into_bytes()),
            None => None,
        })
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        let key = self.key(key);
        let now = Instant::now();
        let entry = Entry {
            value: Value::Bytes(value.to_vec()),
            expires_at: expiry(now, ttl),
        };
        self.lock().insert(key, entry, now, self.max_entries);
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        let key = self.key(key);
        self.lock().entries.remove(&key);
        Ok(())
    }

    async fn rate_limit(&self, key: &str, quota: Quota) -> Result<Decision, CacheError> {
        let (interval, burst) = quota.gcra()?;
        let key = self.key(key);
        let now = Instant::now();
        let now_us = self.micros_since_epoch(now);
        let mut inner = self.lock();
        // Anything else under the key (a plain value) counts as no state, as in the script.
        let tat = match inner.live(&key, now) {
            Some(Entry {
                value: Value::Tat(tat),
                ..
            }) => Some(*tat),
            _ => None,
        };
        match gcra_step(now_us, tat, interval, burst) {
            Ok(new_tat) => {
                // The state means nothing once the TAT has passed: let it expire then.
                let entry = Entry {
                    value: Value::Tat(new_tat),
                    expires_at: expiry(now, Duration::from_micros(new_tat - now_us)),
                };
                inner.insert(key, entry, now, self.max_entries);
                Ok(Decision::Allowed)
            }
            Err(wait) => Ok(Decision::Limited {
                retry_after: Duration::from_micros(wait),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn never_holds_more_than_its_capacity() {
        let cache = MemoryCache::with_capacity("t:", 100);
        for i in 0..1000 {
            cache
                .set(&format!("k{i}"), b"v", Duration::from_secs(60 + i))
                .await
                .unwrap();
            assert!(cache.len() <= 100, "{} entries after {i}", cache.len());
        }
        // The newest key (latest expiry) survived; the oldest were evicted.
        assert!(cache.get("k999").await.unwrap().is_some());
        assert!(cache.get("k0").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn expired_entries_are_swept_without_being_read() {
        let cache = MemoryCache::new("t:");
        for i in 0..10 {
            cache
                .set(&format!("old{i}"), b"v", Duration::from_millis(1))
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        for i in 0..SWEEP_EVERY {
            cache
                .set(&format!("new{i}"), b"v", Duration::from_secs(60))
                .await
                .unwrap();
        }
        assert_eq!(cache.len(), SWEEP_EVERY);
    }

    #[tokio::test]
    async fn overwriting_a_key_at_capacity_evicts_nothing() {
        let cache = MemoryCache::with_capacity("t:", 2);
        cache.set("a", b"1", Duration::from_secs(60)).await.unwrap();
        cache.set("b", b"1", Duration::from_secs(60)).await.unwrap();
        cache.set("a", b"2", Duration::from_secs(60)).await.unwrap();
        assert_eq!(cache.get("a").await.unwrap(), Some(b"2".to_vec()));
        assert_eq!(cache.get("b").await.unwrap(), Some(b"1".to_vec()));
    }

    #[tokio::test]
    async fn prefix_is_part_of_the_key() {
        let cache = MemoryCache::new("ns:");
        assert_eq!(cache.key("a"), "ns:a");
    }
}
