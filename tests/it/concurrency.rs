//! Concurrent writes through the real router, on both backends: of a `/done` and an
//! `/annuler` (or a REST done and cancel) sent at the same time for one task, exactly one wins,
//! the other is told why, and the stored task is the winner's.

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};
use gvbot::commands::{Lang, text};
use gvbot::id::Snowflake;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::{
    db::TestDb,
    support::{
        Actor, GUILD, PAUL, TestApp, api, api_chantier, api_task, i, serve, shown, signed, slash,
    },
};

const PAIRS: i64 = 20;

crate::both_backends!(
    concurrent_done_and_annuler_have_exactly_one_winner,
    concurrent_rest_done_and_cancel_have_exactly_one_winner,
);

fn app(db: TestDb) -> TestApp {
    TestApp::with_config(db, |c| {
        c.guild_id = Some(Snowflake::new(GUILD));
        // Every request of the test at once; the API rate limit has its own tests.
        c.api_rate_limit = (1000.0, 1000);
    })
}

/// Send `request` through a clone of the router (to run it on a task of its own).
async fn send(router: Router, request: Request<Body>) -> (StatusCode, Value) {
    let (status, _, body) = serve(router, request).await;
    (status, body)
}

/// A chantier and `PAIRS` open tasks on it, created through the API; their ids.
async fn open_tasks(t: &TestApp) -> Vec<i64> {
    api_chantier(t, "Beautemps").await;
    let mut ids = Vec::new();
    for n in 0..PAIRS {
        let body = api_task(t, PAUL, "Beautemps", &format!("tâche {n}")).await;
        ids.push(body["id"].as_i64().expect("id"));
    }
    ids
}

/// The stored status of task `id`, as the API shows it.
async fn status_of(t: &TestApp, id: i64) -> Value {
    let (_, body) = t
        .send(api("GET", &format!("/api/discord/tasks/{id}"), None))
        .await;
    body["status"].clone()
}

async fn concurrent_done_and_annuler_have_exactly_one_winner(db: TestDb) {
    let t = app(db);
    let ids = open_tasks(&t).await;
    let now = t.app.now().timestamp();
    let mut pairs = JoinSet::new();
    for &id in &ids {
        let command = |name: &str| {
            let body = slash(&Actor::admin(), name, json!([i("id", id)]));
            signed(&serde_json::to_vec(&body).expect("json"), now)
        };
        let (done, cancel) = (command("done"), command("annuler"));
        let router = t.router.clone();
        pairs.spawn(async move {
            let (done, cancel) = tokio::join!(send(router.clone(), done), send(router, cancel));
            (id, done, cancel)
        });
    }
    while let Some(pair) = pairs.join_next().await {
        let (id, (done_status, done), (cancel_status, cancel)) = pair.expect("pair");
        assert_eq!(
            (done_status, cancel_status),
            (StatusCode::OK, StatusCode::OK)
        );
        let (done, cancel) = (shown(&done), shown(&cancel));
        let done_won = done.contains(&text::task_done(
            Lang::Fr,
            id,
            &format!("tâche {}", id - ids[0]),
        ));
        let cancel_won = cancel.contains(&text::task_cancelled(Lang::Fr, id));
        assert!(done_won != cancel_won, "task {id}: {done:?} / {cancel:?}");
        if done_won {
            // The loser is told why, with the answer it always gave.
            assert!(
                cancel.contains(&text::task_is_done(Lang::Fr, id)),
                "{cancel:?}"
            );
            assert_eq!(status_of(&t, id).await, "terminee");
        } else {
            assert!(
                done.contains(&text::task_is_cancelled(Lang::Fr, id)),
                "{done:?}"
            );
            assert_eq!(status_of(&t, id).await, "annulee");
        }
    }
}

async fn concurrent_rest_done_and_cancel_have_exactly_one_winner(db: TestDb) {
    let t = app(db);
    let ids = open_tasks(&t).await;
    let mut pairs = JoinSet::new();
    for &id in &ids {
        let done = api("POST", &format!("/api/discord/tasks/{id}/done"), None);
        let cancel = api("DELETE", &format!("/api/discord/tasks/{id}"), None);
        let router = t.router.clone();
        pairs.spawn(async move {
            let (done, cancel) = tokio::join!(send(router.clone(), done), send(router, cancel));
            (id, done, cancel)
        });
    }
    while let Some(pair) = pairs.join_next().await {
        let (id, done, cancel) = pair.expect("pair");
        let winner = match (&done, &cancel) {
            ((StatusCode::OK, won), (StatusCode::CONFLICT, _))
            | ((StatusCode::CONFLICT, _), (StatusCode::OK, won)) => won.clone(),
            _ => panic!("task {id}: not exactly one winner: {done:?} / {cancel:?}"),
        };
        let expected = if done.0 == StatusCode::OK {
            "terminee"
        } else {
            "annulee"
        };
        assert_eq!(winner["status"], expected, "task {id}");
        assert_eq!(status_of(&t, id).await, expected, "task {id}");
    }
}
