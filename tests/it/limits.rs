//! Anti-spam limits and interaction dedupe through the cache: in-process by default, shared
//! through Redis (`TEST_REDIS_URL` when the tests were built, see `services.rs`) by every
//! replica.

use std::{sync::Arc, time::Duration};

use axum::{body::Body, http::Request};
use gvbot::{
    app::App,
    cache::{self, Cache, RedisCache},
    config::Config,
    http,
};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::{db, services::redis_url, support::*};

/// A router with the production limit (5 commands / 10 s) on `cache`.
fn replica(store: Arc<dyn gvbot::store::Store>, cache: Arc<dyn Cache>) -> axum::Router {
    let config = Config {
        discord_public_key: Some(signing_key().verifying_key()),
        ..Config::default()
    };
    http::router(Arc::new(App::new(config, store).with_cache(cache)))
}

async fn post(router: &axum::Router, body: &Value) -> Value {
    let raw = serde_json::to_vec(body).unwrap();
    let response = router
        .clone()
        .oneshot(signed(&raw, chrono::Utc::now().timestamp()))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn slowed_down(response: &Value) -> bool {
    is_ephemeral(response) && shown(response).contains("Doucement")
}

async fn redis(prefix: &str) -> Arc<dyn Cache> {
    Arc::new(
        RedisCache::connect(&redis_url(), prefix)
            .await
            .expect("redis"),
    )
}

fn unique_prefix() -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap();
    format!("gvbot-test:{}:", hex::encode(bytes))
}

#[tokio::test]
async fn a_user_over_the_quota_is_asked_to_slow_down() {
    let db = db::sqlite().await;
    let router = replica(db.store.clone(), Arc::new(cache::MemoryCache::new("t:")));
    for n in 0..5 {
        let r = post(&router, &slash(&Actor::member(PAUL), "ping", json!([]))).await;
        assert!(shown(&r).contains("Pong"), "command {n}: {r}");
    }
    let r = post(&router, &slash(&Actor::member(PAUL), "ping", json!([]))).await;
    assert!(slowed_down(&r), "{r}");
    // Another user is not affected.
    let r = post(&router, &slash(&Actor::member(JEANNE), "ping", json!([]))).await;
    assert!(shown(&r).contains("Pong"), "{r}");
    // The refusal is counted.
    let metrics = router
        .clone()
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text = String::from_utf8(
        http_body_util::BodyExt::collect(metrics.into_body())
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("rate_limited_total{scope=\"user\"} ")),
        "{text}"
    );
    assert_eq!(
        db.scalar("select count(*) from command_log where outcome = 'rate_limited'")
            .await,
        1
    );
}

#[tokio::test]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn two_replicas_sharing_redis_enforce_one_limit() {
    let prefix = unique_prefix();
    let (a, b) = (redis(&prefix).await, redis(&prefix).await);
    let db = db::sqlite().await;
    let (one, two) = (replica(db.store.clone(), a), replica(db.store.clone(), b));
    for n in 0..5 {
        let router = if n % 2 == 0 { &one } else { &two };
        let r = post(router, &slash(&Actor::member(PAUL), "ping", json!([]))).await;
        assert!(shown(&r).contains("Pong"), "command {n}: {r}");
    }
    assert!(slowed_down(
        &post(&one, &slash(&Actor::member(PAUL), "ping", json!([]))).await
    ));
    assert!(slowed_down(
        &post(&two, &slash(&Actor::member(PAUL), "ping", json!([]))).await
    ));
}

#[tokio::test]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn a_replay_to_another_replica_is_refused_through_redis() {
    let prefix = unique_prefix();
    let (a, b) = (redis(&prefix).await, redis(&prefix).await);
    let db = db::sqlite().await;
    let (one, two) = (replica(db.store.clone(), a), replica(db.store.clone(), b));
    post(
        &one,
        &slash(
            &Actor::admin(),
            "creerchantier",
            json!([s("nom", "Beautemps")]),
        ),
    )
    .await;
    let body = slash(
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Poser le tableau")
        ]),
    );
    let first = post(&one, &body).await;
    assert!(shown(&first).contains("Nouvelle tâche"), "{first}");
    let again = post(&two, &body).await;
    assert!(shown(&again).contains("déjà été traitée"), "{again}");
    assert_eq!(db.scalar("select count(*) from tasks").await, 1);
    // Dedupe lives in Redis, not in the database.
    assert_eq!(
        db.scalar("select count(*) from processed_interactions")
            .await,
        0
    );
}

#[tokio::test]
async fn health_reports_the_cache() {
    let db = db::sqlite().await;
    let get = || Request::get("/health").body(Body::empty()).unwrap();
    let body = |r: axum::response::Response| async move {
        let bytes = http_body_util::BodyExt::collect(r.into_body())
            .await
            .unwrap()
            .to_bytes();
        serde_json::from_slice::<Value>(&bytes).unwrap()
    };
    let memory = replica(db.store.clone(), Arc::new(cache::MemoryCache::new("t:")));
    let r = memory.clone().oneshot(get()).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["redis"], "disabled");

    // Redis unreachable: reported, still healthy, commands still answer.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let down = cache::connect(Some(&format!("redis://{closed}")), "t:")
        .await
        .expect("starts degraded");
    let router = replica(db.store.clone(), down);
    let r = router.clone().oneshot(get()).await.unwrap();
    assert_eq!(r.status(), 200);
    let b = body(r).await;
    assert_eq!(
        (b["status"].as_str(), b["redis"].as_str()),
        (Some("healthy"), Some("down")),
        "{b}"
    );
    let pong = tokio::time::timeout(
        Duration::from_secs(5),
        post(&router, &slash(&Actor::admin(), "ping", json!([]))),
    )
    .await
    .unwrap();
    assert!(shown(&pong).contains("Pong"), "{pong}");
}

#[tokio::test]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
async fn health_reports_a_reachable_redis_as_ok() {
    let db = db::sqlite().await;
    let up = cache::connect(Some(&redis_url()), &unique_prefix())
        .await
        .unwrap();
    let r = replica(db.store.clone(), up)
        .oneshot(Request::get("/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = http_body_util::BodyExt::collect(r.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["redis"], "ok", "{body}");
}
