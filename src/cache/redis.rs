//! [`RedisCache`]: the shared backend, one Redis for every replica and Lambda instance.
//!
//! A `redis::aio::ConnectionManager` (one multiplexed connection, reconnected on failure) with
//! short connection and response timeouts, so a dead Redis fails a call in about a second
//! instead of hanging the interaction past Discord's 3-second deadline. Rate limits run as one
//! Lua script (EVALSHA, loaded on first use) that reads the Redis server's clock, so replicas
//! with skewed clocks share one limit. Every key this module writes has an expiry.

use std::{fmt, time::Duration};

use async_trait::async_trait;
use redis::{
    Client, Script,
    aio::{ConnectionManager, ConnectionManagerConfig},
};

use super::{Cache, CacheError, CacheStatus, Decision, Quota, ttl_millis};

/// Each connection attempt gives up after this long.
const CONNECTION_TIMEOUT: Duration = Duration::from_millis(500);
/// Each command gives up after this long.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(1);
/// Reconnection attempts after the first one, per reconnection.
const RECONNECT_RETRIES: usize = 1;

/// GCRA, one event for KEYS[1]. ARGV[1]: emission interval (µs); ARGV[2]: burst.
/// The key holds the theoretical arrival time (TAT) in µs of the server's clock; anything
/// else under the key counts as no state. Returns 0 when the event is allowed (and counted),
/// else the wait in µs. Same arithmetic as `super::gcra_step`. Needs Redis ≥ 5 (TIME before a
/// write). `%d` keeps full precision (tostring would print 1.7e+15).
const GCRA_SCRIPT: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '') or now
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - interval * burst
if now < allow_at then return allow_at - now end
local ttl_ms = math.max(1, math.ceil((new_tat - now) / 1000))
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', ttl_ms))
return 0
";

/// The Redis cache. Cheap to clone: clones share the connection.
#[derive(Clone)]
pub struct RedisCache {
    conn: ConnectionManager,
    prefix: String,
    gcra: Script,
}

impl RedisCache {
    /// Connect to `url` and check that Redis answers; keys live under `prefix`.
    pub async fn connect(url: &str, prefix: &str) -> Result<RedisCache, CacheError> {
        let cache = RedisCache::lazy(url, prefix)?;
        cache.ping().await?;
        Ok(cache)
    }

    /// Parse `url` and prepare the connection without opening it (the first command does).
    /// Needs a Tokio runtime.
    pub(crate) fn lazy(url: &str, prefix: &str) -> Result<RedisCache, CacheError> {
        // The message names what is wrong, never the URL (it may carry a password).
        let client = Client::open(url).map_err(|e| CacheError::InvalidUrl(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECTION_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_number_of_retries(RECONNECT_RETRIES)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(200));
        let conn = ConnectionManager::new_lazy_with_config(client, config)?;
        Ok(RedisCache {
            conn,
            prefix: prefix.to_owned(),
            gcra: Script::new(GCRA_SCRIPT),
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

/// Without the connection: its `Debug` would print the password.
impl fmt::Debug for RedisCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisCache")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Cache for RedisCache {
    fn backend(&self) -> &'static str {
        "redis"
    }

    async fn ping(&self) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        redis::cmd("PING").query_async::<()>(&mut conn).await?;
        Ok(())
    }

    async fn status(&self) -> CacheStatus {
        match self.ping().await {
            Ok(()) => CacheStatus::Ok,
            Err(_) => CacheStatus::Down,
        }
    }

    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, CacheError> {
        let mut conn = self.conn.clone();
        // "OK" when set, nil when the key was already there.
        let set: Option<String> = redis::cmd("SET")
            .arg(self.key(key))
            .arg(b"1")
            .arg("NX")
            .arg("PX")
            .arg(ttl_millis(ttl))
            .query_async(&mut conn)
            .await?;
        Ok(set.is_some())
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        let mut conn = self.conn.clone();
        Ok(redis::cmd("GET")
            .arg(self.key(key))
            .query_async(&mut conn)
            .await?)
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("PX")
            .arg(ttl_millis(ttl))
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        redis::cmd("DEL")
            .arg(self.key(key))
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    async fn rate_limit(&self, key: &str, quota: Quota) -> Result<Decision, CacheError> {
        let (interval, burst) = quota.gcra()?;
        let mut conn = self.conn.clone();
        let wait: u64 = self
            .gcra
            .key(self.key(key))
            .arg(interval)
            .arg(burst)
            .invoke_async(&mut conn)
            .await?;
        Ok(match wait {
            0 => Decision::Allowed,
            wait => Decision::Limited {
                retry_after: Duration::from_micros(wait),
            },
        })
    }
}
