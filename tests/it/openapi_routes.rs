//! `/openapi.json` documents every route the router serves, and only those: the public ones
//! without the bearer requirement, the others with it.

use axum::{body::Body, http::Request, http::StatusCode};
use serde_json::Value;

use crate::support::*;

/// Every route `http::router` serves: method, path as documented, public (no API key).
/// Adding a route to the router means adding it here; the test then fails until the route
/// is documented too.
const SERVED: &[(&str, &str, bool)] = &[
    ("get", "/health", true),
    ("get", "/metrics", true),
    ("post", "/interactions", true),
    ("get", "/docs", true),
    ("get", "/openapi.json", true),
    ("get", "/stats", false),
    ("post", "/api/discord/task", false),
    ("get", "/api/discord/tasks", false),
    ("get", "/api/discord/tasks/{id}", false),
    ("patch", "/api/discord/tasks/{id}", false),
    ("delete", "/api/discord/tasks/{id}", false),
    ("post", "/api/discord/tasks/{id}/done", false),
    ("get", "/api/discord/chantiers", false),
    ("post", "/api/discord/chantiers", false),
    ("get", "/api/discord/chantiers/{name}", false),
    ("post", "/api/discord/message", false),
    ("get", "/api/discord/planning", false),
    ("post", "/api/discord/planning", false),
    ("delete", "/api/discord/planning/{id}", false),
    ("get", "/api/discord/users/stats", false),
    ("get", "/api/discord/presence", false),
    ("get", "/api/discord/messages/search", false),
    ("get", "/api/discord/calendar", false),
    ("post", "/api/discord/calendar/rotate", false),
    ("get", "/api/discord/planning.ics", true),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(t: &TestApp) -> Value {
    let (status, doc) = t
        .send(Request::get("/openapi.json").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    doc
}

async fn every_served_route_is_documented(db: crate::db::TestDb) {
    let t = TestApp::new(db);
    let doc = document(&t).await;
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                documented.push((method, path.as_str(), operation));
            }
        }
    }
    for (method, path, public) in SERVED {
        let operation = documented
            .iter()
            .find(|(m, p, _)| m == method && p == path)
            .map(|(_, _, op)| *op)
            .unwrap_or_else(|| panic!("{method} {path} is served but not documented"));
        let security = operation.get("security").or(doc.get("security"));
        let is_public = security.and_then(Value::as_array).is_some_and(|reqs| {
            reqs.iter()
                .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
        });
        assert_eq!(is_public, *public, "{method} {path}: security {security:?}");

        // And the router does serve it: not the fallback's 404, not a 405.
        let uri = path.replace("{id}", "1").replace("{name}", "x");
        let (status, body) = t.send(api(&method.to_uppercase(), &uri, None)).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !(status == StatusCode::NOT_FOUND && body["message"] == "no such route"),
            "{method} {path} is documented but not served"
        );
    }
    for (method, path, _) in &documented {
        assert!(
            SERVED.iter().any(|(m, p, _)| m == method && p == path),
            "{method} {path} is documented but missing from SERVED"
        );
    }
}

async fn unsigned_interactions_and_metrics_match_their_documentation(db: crate::db::TestDb) {
    let t = TestApp::new(db);
    let doc = document(&t).await;
    let (status, _) = t
        .send(
            Request::post("/interactions")
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(doc["paths"]["/interactions"]["post"]["responses"]["401"].is_object());
    let (status, headers, _) = t
        .send_full(Request::get("/metrics").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(
        doc["paths"]["/metrics"]["get"]["responses"]["200"]["content"]["text/plain"].is_object()
    );
    let (status, _) = t
        .send(Request::get("/docs").body(Body::empty()).unwrap())
        .await;
    let documented = doc["paths"]["/docs"]["get"]["responses"]
        .as_object()
        .unwrap();
    assert!(
        documented.contains_key(status.as_str()),
        "/docs answered {status}"
    );
}

both_backends!(
    every_served_route_is_documented,
    unsigned_interactions_and_metrics_match_their_documentation,
);
