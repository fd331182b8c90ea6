//! The cache contract on both backends ([`both_caches!`]: memory always, Redis when the tests
//! were built with `TEST_REDIS_URL`, see `services.rs`), shared limits across two Redis clients (= two replicas), and the
//! fallback to memory when Redis goes away (through a local TCP proxy that can be cut).
//! Every test uses a key prefix of its own; every key it writes expires.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use gvbot::cache::{
    self, Cache, CacheError, CacheStatus, Decision, FallbackCache, MemoryCache, Quota, RedisCache,
};
use tokio::{
    net::{TcpListener, TcpSocket, TcpStream},
    task::{JoinHandle, JoinSet},
};

use crate::services::redis_url;

/// Run `async fn case(cache: Arc<dyn Cache>)` functions on both backends:
/// `both_caches!(a, b);` makes `memory::a` and `redis::a` (the Redis ones are ignored, reported
/// as skipped, when the tests were built without `TEST_REDIS_URL`). Multi-threaded, so
/// concurrency is real.
macro_rules! both_caches {
    ($($case:ident),+ $(,)?) => {
        mod memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::memory_cache()).await
                }
            )+
        }

        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
                async fn $case() {
                    super::$case(super::redis_cache().await).await
                }
            )+
        }
    };
}

/// A key prefix no other test (or run) uses.
fn unique_prefix() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("getrandom");
    format!("gvbot-test:{}:", hex::encode(bytes))
}

fn memory_cache() -> Arc<dyn Cache> {
    Arc::new(MemoryCache::new(&unique_prefix()))
}

/// A plain Redis cache (no fallback: a Redis failure must fail the test).
async fn redis_cache() -> Arc<dyn Cache> {
    let url = redis_url();
    let cache = RedisCache::connect(&url, &unique_prefix())
        .await
        .expect("connect to TEST_REDIS_URL");
    Arc::new(cache)
}

const SECOND: Duration = Duration::from_secs(1);

/// Poll `f` every 20 ms until it is true, for at most `limit`.
async fn eventually<F: AsyncFnMut() -> bool>(limit: Duration, mut f: F) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if f().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// ---- The contract, on both backends -------------------------------------------------------

async fn ping_answers(cache: Arc<dyn Cache>) {
    cache.ping().await.expect("ping");
    let expected = match cache.backend() {
        "memory" => CacheStatus::Disabled,
        _ => CacheStatus::Ok,
    };
    assert_eq!(cache.status().await, expected);
}

async fn first_claim_wins_and_second_loses(cache: Arc<dyn Cache>) {
    assert!(cache.claim("interaction:1", 10 * SECOND).await.unwrap());
    assert!(!cache.claim("interaction:1", 10 * SECOND).await.unwrap());
    assert!(cache.claim("interaction:2", 10 * SECOND).await.unwrap());
}

async fn claim_is_free_again_after_its_ttl(cache: Arc<dyn Cache>) {
    let ttl = Duration::from_millis(100);
    assert!(cache.claim("k", ttl).await.unwrap());
    assert!(!cache.claim("k", ttl).await.unwrap());
    tokio::time::sleep(ttl).await;
    let reclaimed = eventually(2 * SECOND, async || cache.claim("k", ttl).await.unwrap()).await;
    assert!(reclaimed, "claim still held long after its ttl");
}

async fn set_then_get_returns_the_value(cache: Arc<dyn Cache>) {
    assert_eq!(cache.get("k").await.unwrap(), None);
    let value = [0u8, 159, 146, 150, b'\n'];
    cache.set("k", &value, 10 * SECOND).await.unwrap();
    assert_eq!(cache.get("k").await.unwrap(), Some(value.to_vec()));
    cache.set("k", b"second", 10 * SECOND).await.unwrap();
    assert_eq!(cache.get("k").await.unwrap(), Some(b"second".to_vec()));
    cache.set("empty", b"", 10 * SECOND).await.unwrap();
    assert_eq!(cache.get("empty").await.unwrap(), Some(Vec::new()));
}

async fn delete_removes_the_value(cache: Arc<dyn Cache>) {
    cache.set("k", b"v", 10 * SECOND).await.unwrap();
    cache.delete("k").await.unwrap();
    assert_eq!(cache.get("k").await.unwrap(), None);
    cache.delete("never-set").await.unwrap();
    // A deleted claim can be claimed again.
    assert!(cache.claim("c", 10 * SECOND).await.unwrap());
    cache.delete("c").await.unwrap();
    assert!(cache.claim("c", 10 * SECOND).await.unwrap());
}

async fn value_expires_after_its_ttl(cache: Arc<dyn Cache>) {
    let ttl = Duration::from_millis(100);
    cache.set("k", b"v", ttl).await.unwrap();
    tokio::time::sleep(ttl).await;
    let gone = eventually(2 * SECOND, async || cache.get("k").await.unwrap().is_none()).await;
    assert!(gone, "value still there long after its ttl");
}

async fn odd_ttls_and_keys_do_not_fail(cache: Arc<dyn Cache>) {
    cache.set("zero", b"v", Duration::ZERO).await.unwrap();
    cache.claim("zero-claim", Duration::ZERO).await.unwrap();
    cache.set("forever", b"v", Duration::MAX).await.unwrap();
    assert_eq!(cache.get("forever").await.unwrap(), Some(b"v".to_vec()));
    cache.delete("forever").await.unwrap();
    let odd = "clé avec espaces\n\u{0}*?[]";
    cache.set(odd, b"v", 10 * SECOND).await.unwrap();
    assert_eq!(cache.get(odd).await.unwrap(), Some(b"v".to_vec()));
    assert!(cache.claim("", 10 * SECOND).await.unwrap());
}

async fn rate_limit_allows_the_burst_then_limits(cache: Arc<dyn Cache>) {
    // 5 commands per 10 s: one every 2 s sustained, 5 at once.
    let quota = Quota::per(5, 10 * SECOND);
    for i in 0..5 {
        assert_eq!(
            cache.rate_limit("rl:user", quota).await.unwrap(),
            Decision::Allowed,
            "event {i} of the burst"
        );
    }
    match cache.rate_limit("rl:user", quota).await.unwrap() {
        Decision::Limited { retry_after } => {
            assert!(retry_after > Duration::ZERO);
            assert!(retry_after <= 2 * SECOND, "retry_after {retry_after:?}");
            assert!(retry_after >= SECOND, "retry_after {retry_after:?}");
        }
        Decision::Allowed => panic!("6th event allowed"),
    }
    // A limited event is not counted: still limited, for no longer than before.
    assert!(
        !cache
            .rate_limit("rl:user", quota)
            .await
            .unwrap()
            .is_allowed()
    );
}

async fn rate_limit_recovers_after_retry_after(cache: Arc<dyn Cache>) {
    // One event every 100 ms, 2 at once.
    let quota = Quota {
        per_second: 10.0,
        burst: 2,
    };
    assert!(cache.rate_limit("rl", quota).await.unwrap().is_allowed());
    assert!(cache.rate_limit("rl", quota).await.unwrap().is_allowed());
    let Decision::Limited { retry_after } = cache.rate_limit("rl", quota).await.unwrap() else {
        panic!("3rd event allowed");
    };
    assert!(retry_after <= Duration::from_millis(100), "{retry_after:?}");
    tokio::time::sleep(retry_after + Duration::from_millis(50)).await;
    assert_eq!(
        cache.rate_limit("rl", quota).await.unwrap(),
        Decision::Allowed
    );
}

async fn rate_limits_of_different_keys_are_independent(cache: Arc<dyn Cache>) {
    let quota = Quota::per(1, 60 * SECOND);
    assert!(cache.rate_limit("rl:a", quota).await.unwrap().is_allowed());
    assert!(!cache.rate_limit("rl:a", quota).await.unwrap().is_allowed());
    assert!(cache.rate_limit("rl:b", quota).await.unwrap().is_allowed());
}

async fn rate_limit_state_can_be_deleted(cache: Arc<dyn Cache>) {
    let quota = Quota::per(1, 60 * SECOND);
    assert!(cache.rate_limit("rl", quota).await.unwrap().is_allowed());
    assert!(!cache.rate_limit("rl", quota).await.unwrap().is_allowed());
    cache.delete("rl").await.unwrap();
    assert!(cache.rate_limit("rl", quota).await.unwrap().is_allowed());
}

async fn invalid_quota_is_an_error(cache: Arc<dyn Cache>) {
    for quota in [
        Quota {
            per_second: 0.0,
            burst: 1,
        },
        Quota {
            per_second: f64::NAN,
            burst: 1,
        },
        Quota {
            per_second: 1.0,
            burst: 0,
        },
    ] {
        assert!(
            matches!(
                cache.rate_limit("rl", quota).await,
                Err(CacheError::InvalidQuota)
            ),
            "{quota:?}"
        );
    }
}

async fn concurrent_claims_have_exactly_one_winner(cache: Arc<dyn Cache>) {
    let mut tasks = JoinSet::new();
    for _ in 0..20 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.claim("contended", 10 * SECOND).await.unwrap() });
    }
    let winners = tasks
        .join_all()
        .await
        .into_iter()
        .filter(|won| *won)
        .count();
    assert_eq!(winners, 1);
}

async fn concurrent_events_never_exceed_the_burst(cache: Arc<dyn Cache>) {
    let quota = Quota::per(5, 60 * SECOND);
    let mut tasks = JoinSet::new();
    for _ in 0..20 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.rate_limit("rl", quota).await.unwrap().is_allowed() });
    }
    let allowed = tasks.join_all().await.into_iter().filter(|a| *a).count();
    assert_eq!(allowed, 5);
}

both_caches!(
    ping_answers,
    first_claim_wins_and_second_loses,
    claim_is_free_again_after_its_ttl,
    set_then_get_returns_the_value,
    delete_removes_the_value,
    value_expires_after_its_ttl,
    odd_ttls_and_keys_do_not_fail,
    rate_limit_allows_the_burst_then_limits,
    rate_limit_recovers_after_retry_after,
    rate_limits_of_different_keys_are_independent,
    rate_limit_state_can_be_deleted,
    invalid_quota_is_an_error,
    concurrent_claims_have_exactly_one_winner,
    concurrent_events_never_exceed_the_burst,
);

// ---- Two replicas on one Redis -----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn two_replicas_share_one_rate_limit() {
    let url = redis_url();
    let prefix = unique_prefix();
    let a = RedisCache::connect(&url, &prefix).await.unwrap();
    let b = RedisCache::connect(&url, &prefix).await.unwrap();
    let quota = Quota::per(4, 60 * SECOND);
    let mut allowed = 0;
    for i in 0..10 {
        let replica = if i % 2 == 0 { &a } else { &b };
        if replica
            .rate_limit("rl:user", quota)
            .await
            .unwrap()
            .is_allowed()
        {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn two_replicas_share_claims_and_values() {
    let url = redis_url();
    let prefix = unique_prefix();
    let a = RedisCache::connect(&url, &prefix).await.unwrap();
    let b = RedisCache::connect(&url, &prefix).await.unwrap();
    assert!(a.claim("interaction:1", 10 * SECOND).await.unwrap());
    assert!(!b.claim("interaction:1", 10 * SECOND).await.unwrap());
    a.set("k", b"v", 10 * SECOND).await.unwrap();
    assert_eq!(b.get("k").await.unwrap(), Some(b"v".to_vec()));
}

#[tokio::test]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn prefixes_keep_namespaces_apart() {
    let url = redis_url();
    let a = RedisCache::connect(&url, &unique_prefix()).await.unwrap();
    let b = RedisCache::connect(&url, &unique_prefix()).await.unwrap();
    a.set("k", b"a", 10 * SECOND).await.unwrap();
    assert_eq!(b.get("k").await.unwrap(), None);
    assert!(a.claim("c", 10 * SECOND).await.unwrap());
    assert!(b.claim("c", 10 * SECOND).await.unwrap());
}

// ---- connect() and the fallback -----------------------------------------------------------

#[tokio::test]
async fn without_a_url_the_cache_is_in_memory() {
    let cache = cache::connect(None, &unique_prefix()).await.unwrap();
    assert_eq!(cache.backend(), "memory");
    assert_eq!(cache.status().await, CacheStatus::Disabled);
    assert!(cache.claim("k", SECOND).await.unwrap());
}

#[tokio::test]
async fn a_malformed_url_fails_without_echoing_it() {
    for url in [
        "not a url",
        "http://user:hunter2@localhost:6379",
        "redis://user:hunter2@localhost:notaport",
        "redis://:hunter2@localhost:6379/notadb",
    ] {
        let err = match cache::connect(Some(url), &unique_prefix()).await {
            Err(err) => err,
            Ok(_) => panic!("accepted a malformed url"),
        };
        assert!(matches!(err, CacheError::InvalidUrl(_)), "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("REDIS_URL"), "{shown}");
    }
}

/// A URL on which nothing listens (a port just released).
async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("redis://:hunter2@127.0.0.1:{port}")
}

#[tokio::test]
async fn redis_down_at_start_up_gives_a_working_degraded_cache() {
    let url = closed_port_url().await;
    let started = Instant::now();
    let cache = cache::connect(Some(&url), &unique_prefix())
        .await
        .expect("a Redis that is down is not a start-up error");
    assert!(
        started.elapsed() < 5 * SECOND,
        "slow start: {:?}",
        started.elapsed()
    );
    assert_eq!(cache.backend(), "redis");
    assert_eq!(cache.status().await, CacheStatus::Down);
    let err = cache.ping().await.expect_err("ping reports Redis");
    assert!(!format!("{err} {err:?}").contains("hunter2"));

    assert!(cache.claim("k", 10 * SECOND).await.unwrap());
    assert!(!cache.claim("k", 10 * SECOND).await.unwrap());
    cache.set("v", b"1", 10 * SECOND).await.unwrap();
    assert_eq!(cache.get("v").await.unwrap(), Some(b"1".to_vec()));
    let quota = Quota::per(1, 60 * SECOND);
    assert!(cache.rate_limit("rl", quota).await.unwrap().is_allowed());
    assert!(!cache.rate_limit("rl", quota).await.unwrap().is_allowed());

    let fallback = FallbackCache::connect(&url, &unique_prefix())
        .await
        .unwrap();
    assert!(fallback.is_degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_that_never_answers_fails_fast() {
    // Accepts connections and never says a word: timeouts, not refusals.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let started = Instant::now();
    let cache = FallbackCache::connect(&format!("redis://{addr}"), &unique_prefix())
        .await
        .unwrap();
    assert!(cache.is_degraded());
    assert!(cache.claim("k", 10 * SECOND).await.unwrap());
    assert!(!cache.claim("k", 10 * SECOND).await.unwrap());
    assert!(started.elapsed() < 5 * SECOND, "{:?}", started.elapsed());
    silent.abort();
}

/// A TCP proxy to the test Redis that can be cut (stop accepting, drop every connection) and
/// restored on the same port.
struct Proxy {
    addr: SocketAddr,
    upstream: String,
    accept: Option<JoinHandle<()>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut proxy = Proxy {
            addr: listener.local_addr().unwrap(),
            upstream,
            accept: None,
            connections: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&mut self, listener: TcpListener) {
        let upstream = self.upstream.clone();
        let connections = self.connections.clone();
        self.accept = Some(tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let forward = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                connections.lock().unwrap().push(forward);
            }
        }));
    }

    /// Stop accepting and drop every open connection.
    async fn cut(&mut self) {
        if let Some(accept) = self.accept.take() {
            accept.abort();
            let _ = accept.await;
        }
        let connections = std::mem::take(&mut *self.connections.lock().unwrap());
        for connection in connections {
            connection.abort();
            let _ = connection.await;
        }
    }

    /// Listen again on the same port.
    async fn restore(&mut self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.addr).unwrap();
        self.serve(socket.listen(64).unwrap());
    }
}

/// `url` (credentials, database and options kept) pointing at `addr` instead of its server,
/// and its server as `host:port`.
fn redirect(url: &str, addr: SocketAddr) -> (String, String) {
    let scheme_end = url.find("://").expect("TEST_REDIS_URL has a scheme") + 3;
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (userinfo, server) = match authority.rfind('@') {
        Some(at) => (&authority[..=at], &authority[at + 1..]),
        None => ("", authority),
    };
    let server = if server
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.contains(']'))
    {
        server.to_owned()
    } else {
        format!("{server}:6379")
    };
    let redirected = format!(
        "{}{userinfo}{addr}{}",
        &url[..scheme_end],
        &rest[authority_end..]
    );
    (redirected, server)
}

#[test]
fn redirect_keeps_credentials_and_database() {
    let addr: SocketAddr = "127.0.0.1:4000".parse().unwrap();
    assert_eq!(
        redirect("redis://:pw@redis.internal:6380/2", addr),
        (
            "redis://:pw@127.0.0.1:4000/2".to_owned(),
            "redis.internal:6380".to_owned()
        )
    );
    assert_eq!(
        redirect("redis://localhost", addr),
        (
            "redis://127.0.0.1:4000".to_owned(),
            "localhost:6379".to_owned()
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn fallback_uses_redis_while_it_answers() {
    let url = redis_url();
    let prefix = unique_prefix();
    let fallback = FallbackCache::connect(&url, &prefix).await.unwrap();
    let replica = RedisCache::connect(&url, &prefix).await.unwrap();
    assert!(!fallback.is_degraded());
    assert_eq!(fallback.status().await, CacheStatus::Ok);
    fallback.set("k", b"v", 10 * SECOND).await.unwrap();
    assert_eq!(replica.get("k").await.unwrap(), Some(b"v".to_vec()));
    assert!(replica.claim("c", 10 * SECOND).await.unwrap());
    assert!(!fallback.claim("c", 10 * SECOND).await.unwrap());
    // A caller's mistake is reported, not taken for an outage.
    let bad = Quota {
        per_second: 0.0,
        burst: 1,
    };
    assert!(matches!(
        fallback.rate_limit("rl", bad).await,
        Err(CacheError::InvalidQuota)
    ));
    assert!(!fallback.is_degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn fallback_serves_from_memory_when_redis_goes_away_and_returns() {
    let url = redis_url();
    let (_, upstream) = redirect(&url, "127.0.0.1:1".parse().unwrap());
    let mut proxy = Proxy::start(upstream).await;
    let (proxied_url, _) = redirect(&url, proxy.addr);
    let prefix = unique_prefix();
    let fallback = FallbackCache::connect(&proxied_url, &prefix)
        .await
        .unwrap()
        .with_retry_interval(Duration::from_millis(50));
    let replica = RedisCache::connect(&url, &prefix).await.unwrap();
    assert!(!fallback.is_degraded());
    assert!(fallback.claim("before", 10 * SECOND).await.unwrap());
    assert!(!replica.claim("before", 10 * SECOND).await.unwrap());

    proxy.cut().await;

    // Every call still answers, from memory, within a bounded time.
    let started = Instant::now();
    assert!(fallback.claim("during", 10 * SECOND).await.unwrap());
    assert!(fallback.is_degraded());
    assert!(!fallback.claim("during", 10 * SECOND).await.unwrap());
    fallback.set("k", b"local", 10 * SECOND).await.unwrap();
    assert_eq!(fallback.get("k").await.unwrap(), Some(b"local".to_vec()));
    fallback.delete("k").await.unwrap();
    assert_eq!(fallback.get("k").await.unwrap(), None);
    let quota = Quota::per(2, 60 * SECOND);
    let allowed = {
        let mut allowed = 0;
        for _ in 0..5 {
            if fallback.rate_limit("rl", quota).await.unwrap().is_allowed() {
                allowed += 1;
            }
        }
        allowed
    };
    assert_eq!(allowed, 2);
    assert!(fallback.ping().await.is_err());
    assert_eq!(fallback.status().await, CacheStatus::Down);
    assert!(fallback.is_degraded());
    assert!(started.elapsed() < 10 * SECOND, "{:?}", started.elapsed());
    // Nothing reached Redis.
    assert_eq!(replica.get("during").await.unwrap(), None);

    proxy.restore().await;

    let recovered = eventually(5 * SECOND, async || {
        let _ = fallback.get("probe").await.unwrap();
        !fallback.is_degraded()
    })
    .await;
    assert!(recovered, "still degraded after Redis came back");
    assert_eq!(fallback.status().await, CacheStatus::Ok);
    fallback.set("after", b"shared", 10 * SECOND).await.unwrap();
    assert_eq!(
        replica.get("after").await.unwrap(),
        Some(b"shared".to_vec())
    );

    proxy.cut().await;
}
