//! The interactions endpoint contract: signatures, time window, replays, sizes, malformed
//! input, PING, payload shapes.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use ed25519_dalek::SigningKey;
use serde_json::json;

use crate::{
    db::{self, TestDb},
    support::*,
};

async fn sqlite_app() -> TestApp {
    TestApp::new(db::sqlite().await)
}

fn ping_body() -> Vec<u8> {
    br#"{"type":1}"#.to_vec()
}

#[tokio::test]
async fn minimal_ping_gets_pong() {
    let t = sqlite_app().await;
    let (status, body) = t.send(signed(&ping_body(), t.app.now().timestamp())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({ "type": 1 }));
}

#[tokio::test]
async fn full_ping_payload_gets_pong() {
    let t = sqlite_app().await;
    let body = json!({
        "type": 1, "id": interaction_id(), "application_id": "1100000000000000000",
        "token": "tok", "version": 1, "user": user_json(PAUL),
        "entitlements": [], "authorizing_integration_owners": {}, "attachment_size_limit": 10485760
    });
    let (status, body) = t.interact(&body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({ "type": 1 }));
}

#[tokio::test]
async fn missing_signature_is_401() {
    let t = sqlite_app().await;
    let request = Request::post("/interactions")
        .header("x-signature-timestamp", t.app.now().timestamp().to_string())
        .body(Body::from(ping_body()))
        .unwrap();
    let (status, body) = t.send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_signature");
}

#[tokio::test]
async fn bad_hex_signature_is_401() {
    let t = sqlite_app().await;
    let request = Request::post("/interactions")
        .header("x-signature-ed25519", "not-hex")
        .header("x-signature-timestamp", t.app.now().timestamp().to_string())
        .body(Body::from(ping_body()))
        .unwrap();
    assert_eq!(t.send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signature_from_another_key_is_401() {
    let t = sqlite_app().await;
    let other = SigningKey::from_bytes(&[9u8; 32]);
    let request = signed_with(&other, &ping_body(), &t.app.now().timestamp().to_string());
    assert_eq!(t.send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn body_changed_after_signing_is_401() {
    let t = sqlite_app().await;
    let now = t.app.now().timestamp().to_string();
    let good = signed(&ping_body(), t.app.now().timestamp());
    let signature = good.headers()["x-signature-ed25519"].clone();
    let request = Request::post("/interactions")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", now)
        .body(Body::from(br#"{"type":1 }"#.to_vec()))
        .unwrap();
    assert_eq!(t.send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn stale_and_future_timestamps_are_401() {
    let t = sqlite_app().await;
    let now = t.app.now().timestamp();
    for timestamp in [now - 301, now + 301, 0] {
        let (status, body) = t.send(signed(&ping_body(), timestamp)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{timestamp}");
        assert!(
            body["message"].as_str().unwrap().contains("window"),
            "{body}"
        );
    }
    assert_eq!(
        t.send(signed(&ping_body(), now - 299)).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn body_over_one_mebibyte_is_413() {
    let t = sqlite_app().await;
    let big = format!(r#"{{"type":1,"pad":"{}"}}"#, "x".repeat(1024 * 1024));
    let (status, body) = t
        .send(signed(big.as_bytes(), t.app.now().timestamp()))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "payload_too_large");
}

#[tokio::test]
async fn signed_garbage_is_400_with_a_reason() {
    let t = sqlite_app().await;
    for garbage in [
        &b"not json"[..],
        b"{}",
        b"{\"type\":\"one\"}",
        b"[]",
        b"",
        b"{\"type\":99}",
        b"\xff\xfe",
    ] {
        let (status, body) = t.send(signed(garbage, t.app.now().timestamp())).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            String::from_utf8_lossy(garbage)
        );
        assert_eq!(body["error"], "bad_request");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn unknown_interaction_type_is_400() {
    let t = sqlite_app().await;
    let (status, body) = t
        .interact(&interaction(42, &Actor::admin(), json!({})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("42"), "{body}");
}

#[tokio::test]
async fn command_without_data_is_400() {
    let t = sqlite_app().await;
    let mut body = slash(&Actor::admin(), "ping", json!([]));
    body.as_object_mut().unwrap().remove("data");
    assert_eq!(t.interact(&body).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn unknown_command_gets_an_ephemeral_message() {
    let t = sqlite_app().await;
    let r = t
        .command(&slash(&Actor::admin(), "inexistante", json!([])))
        .await;
    assert_eq!(r["type"], 4);
    assert!(is_ephemeral(&r));
    assert!(shown(&r).contains("inexistante"), "{r}");
}

#[tokio::test]
async fn ping_command_answers_with_latency() {
    let t = sqlite_app().await;
    let r = t.command(&slash(&Actor::admin(), "ping", json!([]))).await;
    assert_eq!(r["type"], 4);
    assert!(
        shown(&r).contains("Pong") && shown(&r).contains("ms"),
        "{r}"
    );
}

#[tokio::test]
async fn english_locale_gets_english_replies() {
    let t = sqlite_app().await;
    let r = t
        .command(&slash(&Actor::admin().locale("en-GB"), "ping", json!([])))
        .await;
    assert!(shown(&r).contains("Handled in"), "{r}");
    let r = t
        .command(&slash(&Actor::admin().locale("fr"), "ping", json!([])))
        .await;
    assert!(shown(&r).contains("Traitement"), "{r}");
}

#[tokio::test]
async fn payload_without_optional_fields_still_works() {
    // Older payloads: no application_id, attachment_size_limit, authorizing_integration_owners,
    // member.flags, channel object.
    let t = sqlite_app().await;
    let body = json!({
        "type": 2, "id": interaction_id(), "token": "t", "version": 1, "guild_id": GUILD.to_string(),
        "member": { "user": { "id": ADMIN.to_string() }, "roles": [], "permissions": "8" },
        "data": { "id": "1", "name": "ping", "type": 1 }
    });
    let r = t.command(&body).await;
    assert!(shown(&r).contains("Pong"), "{r}");
}

#[tokio::test]
async fn direct_messages_use_the_user_field() {
    let t = sqlite_app().await;
    let mut actor = Actor::member(PAUL);
    actor.guild = None;
    let r = t.command(&slash(&actor, "ping", json!([]))).await;
    assert!(shown(&r).contains("Pong"), "{r}");
    let r = t.command(&slash(&actor, "taches", json!([]))).await;
    assert!(is_ephemeral(&r));
    assert!(shown(&r).contains("serveur"), "{r}");
}

async fn replayed_interaction_has_no_second_effect(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let body = slash(
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "beautemps"),
            s("description", "Vérifier tableau")
        ]),
    );
    let first = t.command(&body).await;
    assert!(shown(&first).contains("#1"), "{first}");
    // Same body, fresh valid signature (a replay inside the window).
    let second = t.command(&body).await;
    assert!(is_ephemeral(&second));
    assert!(shown(&second).contains("déjà été traitée"), "{second}");
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 1);
}

async fn resolved_maps_of_real_payloads_parse(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Gare Nord").await;
    let body = slash(
        &Actor::admin(),
        "tache",
        json!([
            u("membre", JEANNE),
            s("chantier", "Gare Nord"),
            s("description", "Tirer les câbles"),
            s("echeance", "15/12")
        ]),
    );
    assert!(body["data"]["resolved"]["members"].is_object());
    let r = t.command(&body).await;
    assert!(shown(&r).contains(&format!("<@{JEANNE}>")), "{r}");
    assert!(shown(&r).contains("15/12/"), "{r}");
}

both_backends!(
    replayed_interaction_has_no_second_effect,
    resolved_maps_of_real_payloads_parse
);
