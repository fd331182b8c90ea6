//! `/stats` figures (cached, refreshed by any write) and CORS for browser clients.

use axum::{body::Body, http::Request};
use chrono::Utc;
use gvbot::id::Snowflake;
use gvbot::store::{NewMessage, NewTask};
use serde_json::{Value, json};

use crate::{db::TestDb, support::*};

fn stats_uri() -> String {
    format!("/stats?guild_id={GUILD}")
}

async fn stats(t: &TestApp) -> Value {
    let (status, body) = t.send(api("GET", &stats_uri(), None)).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn stats_count_messages_and_active_members(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Tirer les câbles").await;
    let now = Utc::now();
    let messages: Vec<NewMessage> = (0..3)
        .map(|n| NewMessage {
            guild_id: Snowflake::new(GUILD),
            channel_id: Snowflake::new(CHANNEL),
            message_id: Snowflake::new(5_000 + n),
            author_id: Snowflake::new(JEANNE),
            content: format!("message {n}"),
            created_at: now,
            edited_at: None,
        })
        .collect();
    t.app.store.log_messages(&messages).await.unwrap();
    gvbot::cache::invalidate_stats(t.app.cache.as_ref()).await;
    let s = stats(&t).await;
    assert_eq!(s["messages_logged"], 3, "{s}");
    // ADMIN ran commands, JEANNE wrote messages.
    assert_eq!(s["active_users_7d"], 2, "{s}");
    assert_eq!(s["tasks_by_status"]["a_faire"], 1, "{s}");
    assert_eq!(s["active_chantiers"], 1, "{s}");
}

async fn stats_are_cached_until_something_is_written(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    assert_eq!(stats(&t).await["tasks_total"], 0);

    // A row written behind gvbot's back is not seen: the figures come from the cache.
    let chantier = t
        .app
        .store
        .chantier_by_name(Snowflake::new(GUILD), "Beautemps")
        .await
        .unwrap()
        .unwrap();
    let new = NewTask {
        guild_id: Snowflake::new(GUILD),
        chantier_id: chantier.id,
        assignee_id: Snowflake::new(PAUL),
        creator_id: Snowflake::new(ADMIN),
        description: "en direct".into(),
        due_date: None,
    };
    t.app.store.create_task(&new, Utc::now()).await.unwrap();
    assert_eq!(stats(&t).await["tasks_total"], 0);

    // A slash command that writes refreshes them…
    create_task(&t, &Actor::admin(), PAUL, "Beautemps", "par /tache").await;
    assert_eq!(stats(&t).await["tasks_total"], 2);

    // …and so does a REST write.
    let body = json!({"user_id": ADMIN, "assignee_id": JEANNE, "description": "par n8n", "chantier": "Beautemps", "guild_id": GUILD.to_string()});
    let (status, created) = t.send(api("POST", "/api/discord/task", Some(&body))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(stats(&t).await["tasks_total"], 3);

    // A read-only command does not drop the cache.
    t.app.store.create_task(&new, Utc::now()).await.unwrap();
    t.command(&slash(&Actor::admin(), "taches", json!([])))
        .await;
    assert_eq!(stats(&t).await["tasks_total"], 3);
}

both_backends!(
    stats_count_messages_and_active_members,
    stats_are_cached_until_something_is_written
);

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri("/api/discord/tasks")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, idempotency-key",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let t = TestApp::with_config(crate::db::sqlite().await, |c| {
        c.cors_origins = vec!["https://n8n.gvb-electricite.fr".parse().unwrap()];
    });
    let (status, headers, _) = t
        .send_full(preflight("https://n8n.gvb-electricite.fr"))
        .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://n8n.gvb-electricite.fr"
    );
    let methods = headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("POST") && methods.contains("PATCH"),
        "{methods}"
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("idempotency-key"),
        "{allowed}"
    );

    let (_, headers, _) = t.send_full(preflight("https://evil.example")).await;
    assert!(headers.get("access-control-allow-origin").is_none());

    // A simple request from the allowed origin gets the header too, and the request id is exposed.
    let mut request = api("GET", "/api/discord/tasks", None);
    request
        .headers_mut()
        .insert("origin", "https://n8n.gvb-electricite.fr".parse().unwrap());
    let (_, headers, _) = t.send_full(request).await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://n8n.gvb-electricite.fr"
    );
    assert!(
        headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("x-request-id")
    );
}

#[tokio::test]
async fn no_cors_headers_by_default() {
    let t = TestApp::new(crate::db::sqlite().await);
    let (_, headers, _) = t
        .send_full(preflight("https://n8n.gvb-electricite.fr"))
        .await;
    assert!(headers.get("access-control-allow-origin").is_none());
}

/// n8n retries with the same `Idempotency-Key`: a request naming another guild in its query is
/// another request, not a retry, and must not get the first one's stored answer.
#[tokio::test]
async fn idempotency_key_reused_with_another_query_is_refused() {
    let t = TestApp::new(crate::db::sqlite().await);
    let rotate = |guild: u64| {
        let mut request = api(
            "POST",
            &format!("/api/discord/calendar/rotate?guild_id={guild}"),
            None,
        );
        request
            .headers_mut()
            .insert("idempotency-key", "rotate-1".parse().unwrap());
        request
            .headers_mut()
            .insert("host", "gvbot.example".parse().unwrap());
        request
    };
    let (status, first) = t.send(rotate(GUILD)).await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = t.send(rotate(GUILD)).await;
    assert_eq!(
        (status.as_u16(), &again),
        (200, &first),
        "a true retry is replayed"
    );
    let (status, other) = t.send(rotate(OTHER_GUILD)).await;
    assert_eq!(status, 422, "{other}");
    assert_eq!(other["error"], "validation");
}
