//! `GET /health`: healthy with a reachable database, 503 `unhealthy` without.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};

use crate::{db::TestDb, support::TestApp};

fn get_health() -> Request<Body> {
    Request::get("/health").body(Body::empty()).unwrap()
}

async fn healthy_when_the_database_answers(db: TestDb) {
    let backend = db.backend();
    let t = TestApp::new(db);
    let (status, body) = t.send(get_health()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["backend"], backend.as_str());
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

both_backends!(healthy_when_the_database_answers);

/// PostgreSQL going away under a running server (SQLite is embedded and cannot).
#[tokio::test]
#[cfg_attr(not(gvbot_test_postgres), ignore = "TEST_DATABASE_URL unset")]
async fn postgres_gone_makes_health_unhealthy() {
    let db = crate::db::postgres().await;
    let t = TestApp::new(db);
    assert_eq!(t.send(get_health()).await.0, StatusCode::OK);
    let name = t.db.url.rsplit('/').next().unwrap().to_owned();
    let server = crate::services::postgres_url();
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&server)
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "drop database {name} with (force)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let (status, body) = t.send(get_health()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["database"], "down");
    // Commands fail with an error id, not a 500.
    let response = t
        .command(&crate::support::slash(
            &crate::support::Actor::admin(),
            "taches",
            serde_json::json!([]),
        ))
        .await;
    assert!(
        crate::support::shown(&response).contains("erreur interne"),
        "{response}"
    );
}

#[tokio::test]
async fn unknown_routes_are_json_404() {
    let t = TestApp::new(crate::db::sqlite().await);
    let (status, body) = t
        .send(Request::get("/nope").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
}
