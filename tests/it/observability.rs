//! `/metrics` after real traffic, its optional token, and request ids.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use serde_json::json;

use crate::{db, support::*};

/// The value of the series `name{labels}` in a Prometheus text exposition.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(t: &TestApp, token: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get("/metrics");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let (status, body) = t.send(request.body(Body::empty()).unwrap()).await;
    (
        status,
        body.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| body.to_string()),
    )
}

#[tokio::test]
async fn metrics_count_commands_rejections_and_requests() {
    let t = TestApp::new(db::sqlite().await);
    for _ in 0..3 {
        t.command(&slash(&Actor::admin(), "ping", json!([]))).await;
    }
    t.command(&slash(
        &Actor::member(PAUL),
        "creerchantier",
        json!([s("nom", "X")]),
    ))
    .await;
    let bad = Request::post("/interactions")
        .header("x-signature-ed25519", "00".repeat(64))
        .header("x-signature-timestamp", t.app.now().timestamp().to_string())
        .body(Body::from(r#"{"type":1}"#))
        .unwrap();
    assert_eq!(t.send(bad).await.0, StatusCode::UNAUTHORIZED);

    let (status, text) = scrape(&t, None).await;
    assert_eq!(status, StatusCode::OK);
    let at_least = |series: &str, n: f64| {
        let v = sample(&text, series).unwrap_or_else(|| panic!("{series} missing:\n{text}"));
        assert!(v >= n, "{series} = {v}, expected ≥ {n}");
    };
    at_least(
        r#"discord_commands_total{command="ping",source="slash",outcome="ok"}"#,
        3.0,
    );
    at_least(
        r#"discord_commands_total{command="creerchantier",source="slash",outcome="forbidden"}"#,
        1.0,
    );
    at_least(
        r#"interactions_rejected_total{reason="bad_signature"}"#,
        1.0,
    );
    at_least(
        r#"api_requests_total{route="/interactions",status="200"}"#,
        4.0,
    );
    at_least(
        r#"api_requests_total{route="/interactions",status="401"}"#,
        1.0,
    );
    at_least(
        r#"discord_command_duration_seconds_count{command="ping"}"#,
        3.0,
    );
    at_least("postgres_connections_active", 1.0);
    for name in [
        "discord_messages_total",
        "discord_guild_members_total",
        "rate_limited_total",
        "api_request_duration_seconds_bucket",
    ] {
        assert!(text.contains(name), "{name} missing");
    }
}

#[tokio::test]
async fn made_up_command_names_do_not_create_series() {
    let t = TestApp::new(db::sqlite().await);
    t.command(&slash(&Actor::admin(), "zzz-made-up", json!([])))
        .await;
    let (_, text) = scrape(&t, None).await;
    assert!(!text.contains("zzz-made-up"));
    assert!(
        sample(
            &text,
            r#"discord_commands_total{command="unknown",source="slash",outcome="invalid"}"#
        )
        .is_some(),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_token_protects_the_endpoint() {
    let db = db::sqlite().await;
    let config = gvbot::config::Config {
        discord_public_key: Some(signing_key().verifying_key()),
        metrics_token: Some(gvbot::config::Secret::new("s3cret")),
        ..Default::default()
    };
    let app = std::sync::Arc::new(gvbot::app::App::new(config, db.store.clone()));
    let router = gvbot::http::router(app);
    use tower::ServiceExt;
    let get = |auth: Option<&str>| {
        let mut r = Request::get("/metrics");
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.body(Body::empty()).unwrap()
    };
    let no = router.clone().oneshot(get(None)).await.unwrap();
    assert_eq!(no.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(no.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        router
            .clone()
            .oneshot(get(Some("Bearer wrong")))
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        router
            .clone()
            .oneshot(get(Some("Bearer s3cret")))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let t = TestApp::new(db::sqlite().await);
    use tower::ServiceExt;
    let given = Request::get("/health")
        .header("x-request-id", "n8n-run-42")
        .body(Body::empty())
        .unwrap();
    let response = t.router.clone().oneshot(given).await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "n8n-run-42");
    let response = t
        .router
        .clone()
        .oneshot(Request::get("/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let generated = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    let other = t
        .router
        .clone()
        .oneshot(Request::get("/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), generated);
}
