//! How the REST API answers a body it cannot use: 400 `bad_request` when it is not JSON (or
//! not declared as JSON), 422 `validation` naming the field when it is JSON that breaks a
//! rule or has the wrong type.

use axum::{body::Body, http::Request, http::StatusCode};
use serde_json::Value;

use crate::{db::TestDb, support::*};

fn raw(method: &str, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {API_KEY}"));
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

fn assert_bad_request(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "bad_request", "{body}");
    assert!(
        !body["message"].as_str().unwrap_or_default().is_empty(),
        "{body}"
    );
    assert!(body.get("fields").is_none(), "{body}");
}

async fn truncated_json_is_a_bad_request(db: TestDb) {
    let t = TestApp::new(db);
    for (method, uri) in [
        ("POST", "/api/discord/task"),
        ("POST", "/api/discord/chantiers"),
        ("POST", "/api/discord/planning"),
        ("POST", "/api/discord/message"),
    ] {
        for body in [r#"{"description": "câbler"#, "", r#"{"a": 1} trailing"#] {
            let (status, response) = t
                .send(raw(method, uri, Some("application/json"), body))
                .await;
            assert_bad_request(status, &response);
            assert!(
                response["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("malformed JSON"),
                "{uri} {body:?}: {response}"
            );
        }
    }
}

async fn a_body_not_declared_as_json_is_a_bad_request(db: TestDb) {
    let t = TestApp::new(db);
    let body = r#"{"name": "Gare Nord", "guild_id": "1"}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let (status, response) = t
            .send(raw("POST", "/api/discord/chantiers", content_type, body))
            .await;
        assert_bad_request(status, &response);
        assert!(
            response["message"]
                .as_str()
                .unwrap()
                .contains("Content-Type: application/json"),
            "{response}"
        );
    }
    // A JSON subtype with parameters is accepted.
    let (status, response) = t
        .send(raw(
            "POST",
            "/api/discord/chantiers",
            Some("application/json; charset=utf-8"),
            body,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{response}");
}

async fn a_wrong_field_type_in_well_formed_json_is_invalid(db: TestDb) {
    let t = TestApp::new(db);
    // `assignee_id` must be a Discord id; `true` is JSON, but not an id.
    let (status, response) = t
        .send(raw(
            "POST",
            "/api/discord/task",
            Some("application/json"),
            r#"{"description": "x", "chantier": "y", "assignee_id": true, "user_id": "1", "guild_id": "1"}"#,
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{response}");
    assert_eq!(response["error"], "validation", "{response}");
    assert!(response["fields"]["assignee_id"].is_string(), "{response}");
}

async fn a_patch_with_a_malformed_body_is_a_bad_request(db: TestDb) {
    let t = TestApp::new(db);
    let (status, created) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&serde_json::json!({ "name": "Gare Nord", "guild_id": GUILD })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (status, task) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&serde_json::json!({
                "description": "câbler", "chantier": "Gare Nord",
                "assignee_id": PAUL, "user_id": ADMIN, "guild_id": GUILD
            })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let uri = format!("/api/discord/tasks/{}?guild_id={GUILD}", task["id"]);
    let (status, response) = t
        .send(raw(
            "PATCH",
            &uri,
            Some("application/json"),
            r#"{"status": "#,
        ))
        .await;
    assert_bad_request(status, &response);
    let (status, response) = t
        .send(raw("PATCH", &uri, None, r#"{"status": "terminee"}"#))
        .await;
    assert_bad_request(status, &response);
}

async fn the_document_lists_400_for_json_bodies(db: TestDb) {
    let t = TestApp::new(db);
    let (status, doc) = t
        .send(Request::get("/openapi.json").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/discord/task", "post"),
        ("/api/discord/chantiers", "post"),
        ("/api/discord/planning", "post"),
        ("/api/discord/message", "post"),
        ("/api/discord/tasks/{id}", "patch"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["400"].is_object(),
            "{method} {path}"
        );
    }
}

both_backends!(
    truncated_json_is_a_bad_request,
    a_body_not_declared_as_json_is_a_bad_request,
    a_wrong_field_type_in_well_formed_json_is_invalid,
    a_patch_with_a_malformed_body_is_a_bad_request,
    the_document_lists_400_for_json_bodies,
);
