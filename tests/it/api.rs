//! The REST API for n8n, through the real router: bearer keys, the seed-compatible routes,
//! validation shared with `/tache`, `Idempotency-Key`, tasks and chantiers, OpenAPI and docs.

use axum::http::StatusCode;
use gvbot::id::Snowflake;
use serde_json::{Value, json};

use crate::{
    db::TestDb,
    support::{
        API_KEY, Actor, GUILD, JEANNE, OTHER_GUILD, PAUL, ROTATED_API_KEY, TestApp, api,
        api_chantier, api_task, api_with, s, shown, slash, u, validation_field,
    },
};

both_backends!(
    requests_without_a_valid_key_are_refused,
    an_unset_api_key_refuses_every_protected_route,
    seed_task_post_accepts_numbers_and_strings,
    task_validation_names_the_fields,
    task_validation_is_the_one_of_tache,
    a_missing_guild_is_a_validation_error,
    idempotency_key_replays_the_first_response,
    task_list_filters_and_pages,
    tasks_of_another_guild_are_not_found,
    done_and_cancel_follow_the_task_life_cycle,
    chantiers_are_created_listed_and_found,
    stats_count_tasks_chantiers_and_planning,
    each_key_is_rate_limited,
);

async fn requests_without_a_valid_key_are_refused(db: TestDb) {
    let t = TestApp::for_guild(db);
    for token in [None, Some("wrong-key"), Some("")] {
        for uri in ["/stats", "/api/discord/tasks", "/api/discord/nowhere"] {
            let (status, headers, body) = t.send_full(api_with("GET", uri, token, None)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri} {token:?}: {body}");
            assert_eq!(headers["www-authenticate"], "Bearer");
            assert_eq!(body["error"], "unauthorized");
        }
    }
    // A wrong key cannot create anything either.
    let (status, _) = t
        .send(api_with(
            "POST",
            "/api/discord/task",
            Some("nope"),
            Some(&json!({})),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Either key of the rotation works.
    for key in [API_KEY, ROTATED_API_KEY] {
        let (status, body) = t
            .send(api_with("GET", "/api/discord/tasks", Some(key), None))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Authenticated, an unknown API path is a JSON 404.
    let (status, body) = t.send(api("GET", "/api/discord/nowhere", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
    // Health stays open.
    let (status, _) = t.send(api_with("GET", "/health", None, None)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn an_unset_api_key_refuses_every_protected_route(db: TestDb) {
    let t = TestApp::with_config(db, |c| {
        c.api_key = None;
        c.guild_id = Some(Snowflake::new(GUILD));
    });
    for uri in ["/stats", "/api/discord/tasks", "/api/discord/chantiers"] {
        let (status, body) = t.send(api("GET", uri, None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}: {body}");
    }
    let (status, _) = t.send(api_with("GET", "/openapi.json", None, None)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn seed_task_post_accepts_numbers_and_strings(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&json!({
                "user_id": 123456789,
                "assignee_id": 987654321,
                "description": "Vérifier tableau",
                "chantier": "beautemps"
            })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["id"].as_i64().is_some_and(|id| id > 0), "{body}");
    assert_eq!(body["guild_id"], GUILD.to_string());
    assert_eq!(body["chantier"], "Beautemps");
    assert_eq!(body["assignee_id"], "987654321");
    assert_eq!(body["creator_id"], "123456789");
    assert_eq!(body["description"], "Vérifier tableau");
    assert_eq!(body["status"], "a_faire");
    assert_eq!(body["due_date"], Value::Null);
    assert_eq!(body["done_at"], Value::Null);
    assert!(body["created_at"].is_string() && body["updated_at"].is_string());

    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&json!({
                "user_id": "123456789",
                "assignee_id": PAUL.to_string(),
                "description": "  Tirer les câbles  ",
                "chantier": "BEAUTEMPS",
                "echeance": "2025-03-14",
                "guild_id": GUILD.to_string(),
            })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["assignee_id"], PAUL.to_string());
    assert_eq!(body["description"], "Tirer les câbles");
    assert_eq!(body["due_date"], "2025-03-14");

    let (_, list) = t.send(api("GET", "/api/discord/tasks", None)).await;
    assert_eq!(list["total"], 2, "{list}");
    // The API's task shows in /taches like any other.
    let r = t
        .command(&slash(&Actor::member(PAUL), "taches", json!([])))
        .await;
    assert!(shown(&r).contains("Tirer les câbles"), "{r}");
}

async fn task_validation_names_the_fields(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "Beaulieu").await;
    let post = |body: Value| t.send(api("POST", "/api/discord/task", Some(&body)));
    let base =
        json!({ "user_id": 1, "assignee_id": 2, "description": "x", "chantier": "beautemps" });
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };

    let (status, body) = post(with("chantier", json!("beautmps"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        validation_field(&body, "chantier").contains("Beautemps"),
        "{body}"
    );
    assert!(body["message"].as_str().unwrap().contains("beautmps"));

    let (status, body) = post(with("description", json!("   "))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        validation_field(&body, "description").contains("description"),
        "{body}"
    );

    let (status, body) = post(with("description", json!("x".repeat(1001)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    validation_field(&body, "description");

    for bad in ["14/03/2025", "2025-02-30", "demain"] {
        let (status, body) = post(with("echeance", json!(bad))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            validation_field(&body, "echeance").contains("YYYY-MM-DD"),
            "{body}"
        );
    }

    for bad in [json!("abc"), json!(-5), json!(0), json!(1.5), json!(null)] {
        let (status, body) = post(with("assignee_id", bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        validation_field(&body, "assignee_id");
    }

    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("user_id");
    let (status, body) = post(missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(validation_field(&body, "user_id"), "required");

    let (status, body) = t
        .send(
            axum::http::Request::post("/api/discord/task")
                .header("authorization", format!("Bearer {API_KEY}"))
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    // Not JSON (and not declared as JSON): a 400, not a validation error.
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "bad_request", "{body}");

    // Nothing was created by any of these.
    let (_, list) = t.send(api("GET", "/api/discord/tasks", None)).await;
    assert_eq!(list["total"], 0, "{list}");
}

async fn task_validation_is_the_one_of_tache(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let (_, body) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&json!({ "user_id": PAUL, "assignee_id": JEANNE, "description": "x", "chantier": "bautemps" })),
        ))
        .await;
    let r = t
        .command(&slash(
            &Actor::member(PAUL),
            "tache",
            json!([
                u("membre", JEANNE),
                s("chantier", "bautemps"),
                s("description", "x")
            ]),
        ))
        .await;
    assert_eq!(
        shown(&r).trim(),
        body["message"].as_str().unwrap(),
        "{r} {body}"
    );
}

async fn a_missing_guild_is_a_validation_error(db: TestDb) {
    let t = TestApp::new(db);
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/task",
            Some(&json!({ "user_id": 1, "assignee_id": 2, "description": "x", "chantier": "a" })),
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    validation_field(&body, "guild_id");
    let (status, body) = t.send(api("GET", "/stats", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    validation_field(&body, "guild_id");
    // Named in the request, it works without GUILD_ID.
    let (status, body) = t
        .send(api("GET", &format!("/stats?guild_id={GUILD}"), None))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn idempotency_key_replays_the_first_response(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let body = json!({ "user_id": 1, "assignee_id": 2, "description": "Vérifier tableau", "chantier": "beautemps" });
    let post = |key: &str, body: &Value| {
        let mut request = api("POST", "/api/discord/task", Some(body));
        request
            .headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
        t.send_full(request)
    };
    let (status, headers, first) = post("n8n-run-1", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert!(headers.get("idempotent-replayed").is_none());

    // n8n retries: same key, same body (keys in another order) → the same answer, no new row.
    let reordered = json!({ "chantier": "beautemps", "description": "Vérifier tableau", "assignee_id": 2, "user_id": 1 });
    let (status, headers, again) = post("n8n-run-1", &reordered).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again, first);
    assert_eq!(headers["idempotent-replayed"], "true");
    let (_, list) = t.send(api("GET", "/api/discord/tasks", None)).await;
    assert_eq!(list["total"], 1, "{list}");

    // Same key, different body → 422, nothing created.
    let mut other = body.clone();
    other["description"] = json!("Autre chose");
    let (status, _, refused) = post("n8n-run-1", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    validation_field(&refused, "Idempotency-Key");

    // The same key on another POST route is another request → 422.
    let mut request = api(
        "POST",
        "/api/discord/chantiers",
        Some(&json!({ "name": "Gare" })),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "n8n-run-1".parse().unwrap());
    let (status, _) = t.send(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another key is another request.
    let (status, _, second) = post("n8n-run-2", &body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(second["id"], first["id"]);

    // A validation failure is remembered too: the retry gets the same 422.
    let bad = json!({ "user_id": 1, "assignee_id": 2, "description": "", "chantier": "beautemps" });
    let (status, _, a) = post("n8n-run-3", &bad).await;
    let (status2, headers, b) = post("n8n-run-3", &bad).await;
    assert_eq!(
        (status, status2),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY
        )
    );
    assert_eq!(a, b);
    assert_eq!(headers["idempotent-replayed"], "true");

    let (_, list) = t.send(api("GET", "/api/discord/tasks", None)).await;
    assert_eq!(list["total"], 2, "{list}");

    // The key is scoped to the API key: the rotated key starts afresh.
    let mut request = api_with(
        "POST",
        "/api/discord/task",
        Some(ROTATED_API_KEY),
        Some(&body),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "n8n-run-1".parse().unwrap());
    let (status, headers, _) = t.send_full(request).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(headers.get("idempotent-replayed").is_none());
}

async fn task_list_filters_and_pages(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "Gare Nord").await;
    let mut ids = Vec::new();
    for (assignee, site) in [
        (PAUL, "Beautemps"),
        (PAUL, "Gare Nord"),
        (JEANNE, "Beautemps"),
        (PAUL, "Beautemps"),
        (JEANNE, "Gare Nord"),
    ] {
        ids.push(
            api_task(&t, assignee, site, "tâche").await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let (status, _) = t
        .send(api(
            "POST",
            &format!("/api/discord/tasks/{}/done", ids[0]),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);

    let list = |query: &str| t.send(api("GET", &format!("/api/discord/tasks{query}"), None));
    let total = |v: &Value| v["total"].as_i64().unwrap();
    let (_, all) = list("").await;
    assert_eq!(
        (total(&all), all["limit"].clone(), all["offset"].clone()),
        (5, json!(50), json!(0))
    );
    let listed: Vec<i64> = all["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, ids);

    assert_eq!(total(&list(&format!("?assignee={PAUL}")).await.1), 3);
    assert_eq!(total(&list("?status=terminee").await.1), 1);
    assert_eq!(total(&list("?status=open").await.1), 4);
    assert_eq!(total(&list("?chantier=gare%20nord").await.1), 2);
    assert_eq!(
        total(
            &list(&format!(
                "?assignee={PAUL}&chantier=Beautemps&status=a_faire"
            ))
            .await
            .1
        ),
        1
    );

    let (_, page) = list("?limit=2&offset=2").await;
    assert_eq!(total(&page), 5);
    let paged: Vec<i64> = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(paged, ids[2..4]);
    let (_, past) = list("?offset=10").await;
    assert_eq!(
        (total(&past), past["tasks"].as_array().unwrap().len()),
        (5, 0)
    );

    for (query, name) in [
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?limit=abc", "limit"),
        ("?offset=-1", "offset"),
        ("?status=bogus", "status"),
        ("?assignee=paul", "assignee"),
        ("?chantier=nowhere", "chantier"),
    ] {
        let (status, body) = list(query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        validation_field(&body, name);
    }
    // Another guild's list is its own.
    assert_eq!(total(&list(&format!("?guild_id={OTHER_GUILD}")).await.1), 0);
}

async fn tasks_of_another_guild_are_not_found(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let id = api_task(&t, PAUL, "Beautemps", "x").await["id"]
        .as_i64()
        .unwrap();
    let (status, body) = t
        .send(api("GET", &format!("/api/discord/tasks/{id}"), None))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], id);
    let other = format!("?guild_id={OTHER_GUILD}");
    for (method, uri) in [
        ("GET", format!("/api/discord/tasks/{id}{other}")),
        ("POST", format!("/api/discord/tasks/{id}/done{other}")),
        ("DELETE", format!("/api/discord/tasks/{id}{other}")),
        ("GET", format!("/api/discord/tasks/{}", id + 1000)),
        ("GET", "/api/discord/tasks/abc".to_owned()),
    ] {
        let (status, body) = t.send(api(method, &uri, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}: {body}");
        assert_eq!(body["error"], "not_found");
    }
    // Still open after the refused attempts.
    let (_, body) = t
        .send(api("GET", &format!("/api/discord/tasks/{id}"), None))
        .await;
    assert_eq!(body["status"], "a_faire");
}

async fn done_and_cancel_follow_the_task_life_cycle(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let a = api_task(&t, PAUL, "Beautemps", "a").await["id"]
        .as_i64()
        .unwrap();
    let b = api_task(&t, PAUL, "Beautemps", "b").await["id"]
        .as_i64()
        .unwrap();

    let (status, done) = t
        .send(api("POST", &format!("/api/discord/tasks/{a}/done"), None))
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "terminee");
    assert!(done["done_at"].is_string());
    let (status, again) = t
        .send(api("POST", &format!("/api/discord/tasks/{a}/done"), None))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, done);
    let (status, body) = t
        .send(api("DELETE", &format!("/api/discord/tasks/{a}"), None))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "conflict");

    let (status, cancelled) = t
        .send(api("DELETE", &format!("/api/discord/tasks/{b}"), None))
        .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["status"], "annulee");
    let (status, _) = t
        .send(api("DELETE", &format!("/api/discord/tasks/{b}"), None))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = t
        .send(api("POST", &format!("/api/discord/tasks/{b}/done"), None))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Cancelled tasks stay in the history.
    let (status, kept) = t
        .send(api("GET", &format!("/api/discord/tasks/{b}"), None))
        .await;
    assert_eq!(
        (status, kept["status"].clone()),
        (StatusCode::OK, json!("annulee"))
    );
    let (_, list) = t
        .send(api("GET", "/api/discord/tasks?status=annulee", None))
        .await;
    assert_eq!(list["total"], 1);
}

async fn chantiers_are_created_listed_and_found(db: TestDb) {
    let t = TestApp::for_guild(db);
    let (status, created) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "  École   Jules Ferry ", "created_by": PAUL.to_string() })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["name"], "École Jules Ferry");
    assert_eq!(created["created_by"], PAUL.to_string());
    assert_eq!(created["archived"], false);

    for dup in ["École Jules Ferry", "école JULES ferry"] {
        let (status, body) = t
            .send(api(
                "POST",
                "/api/discord/chantiers",
                Some(&json!({ "name": dup })),
            ))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{dup}: {body}");
        assert_eq!(body["error"], "conflict");
    }
    for bad in [json!(""), json!("   "), json!("x".repeat(101))] {
        let (status, body) = t
            .send(api(
                "POST",
                "/api/discord/chantiers",
                Some(&json!({ "name": bad })),
            ))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        validation_field(&body, "name");
    }

    let (status, found) = t
        .send(api(
            "GET",
            "/api/discord/chantiers/%C3%A9cole%20jules%20FERRY",
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["id"], created["id"]);
    let (status, body) = t
        .send(api("GET", "/api/discord/chantiers/nowhere", None))
        .await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    let (status, _) = t
        .send(api(
            "GET",
            &format!("/api/discord/chantiers/%C3%A9cole%20jules%20ferry?guild_id={OTHER_GUILD}"),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    api_task(&t, PAUL, "école jules ferry", "x").await;
    api_chantier(&t, "Beautemps").await;
    let (_, list) = t.send(api("GET", "/api/discord/chantiers", None)).await;
    let names: Vec<&str> = list["chantiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Beautemps", "École Jules Ferry"]);
    assert_eq!(list["chantiers"][1]["open_tasks"], 1);
    // Chantiers created through the API are the ones /chantiers lists.
    let r = t
        .command(&slash(&Actor::member(PAUL), "chantiers", json!([])))
        .await;
    assert!(shown(&r).contains("École Jules Ferry"), "{r}");
}

async fn stats_count_tasks_chantiers_and_planning(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "Gare").await;
    let a = api_task(&t, PAUL, "Beautemps", "a").await["id"]
        .as_i64()
        .unwrap();
    api_task(&t, PAUL, "Gare", "b").await;
    api_task(&t, JEANNE, "Gare", "c").await;
    t.send(api("POST", &format!("/api/discord/tasks/{a}/done"), None))
        .await;
    let today = t.app.today();
    let day = today.format("%d/%m/%Y").to_string();
    let r = t
        .command(&slash(
            &Actor::admin(),
            "planifier",
            json!([
                u("membre", PAUL),
                s("chantier", "Gare"),
                s("debut", &day),
                s("fin", &day)
            ]),
        ))
        .await;
    assert!(!crate::support::is_ephemeral(&r), "{r}");

    let (status, stats) = t.send(api("GET", "/stats", None)).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["guild_id"], GUILD.to_string());
    assert_eq!(
        stats["tasks_by_status"],
        json!({ "a_faire": 2, "en_cours": 0, "terminee": 1, "annulee": 0 })
    );
    assert_eq!(
        (stats["tasks_total"].clone(), stats["tasks_open"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(stats["active_chantiers"], 2);
    assert_eq!(stats["planning_entries_this_week"], 1);
    let (_, other) = t
        .send(api("GET", &format!("/stats?guild_id={OTHER_GUILD}"), None))
        .await;
    assert_eq!(other["tasks_total"], 0);
}

async fn each_key_is_rate_limited(db: TestDb) {
    let t = TestApp::for_guild(db);
    // 20/s with a burst of 40: 80 back-to-back requests would need 2 s to all pass.
    let mut limited = None;
    for _ in 0..80 {
        let (status, headers, body) = t.send_full(api("GET", "/api/discord/nowhere", None)).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((headers, body));
            break;
        }
    }
    let (headers, body) = limited.expect("the key was never limited");
    assert_eq!(body["error"], "rate_limited");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    // The other key of the rotation has its own budget.
    let (status, _) = t
        .send(api_with(
            "GET",
            "/api/discord/tasks",
            Some(ROTATED_API_KEY),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn openapi_lists_every_route_and_docs_are_public() {
    let t = TestApp::for_guild(crate::db::sqlite().await);
    let (status, doc) = t.send(api_with("GET", "/openapi.json", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let expected = [
        ("/stats", "get"),
        ("/api/discord/task", "post"),
        ("/api/discord/tasks", "get"),
        ("/api/discord/tasks/{id}", "get"),
        ("/api/discord/tasks/{id}", "delete"),
        ("/api/discord/tasks/{id}/done", "post"),
        ("/api/discord/chantiers", "get"),
        ("/api/discord/chantiers", "post"),
        ("/api/discord/chantiers/{name}", "get"),
    ];
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, methods) in paths {
        for (method, operation) in methods.as_object().unwrap() {
            // `security: [{}]` marks a route documented as public (the calendar feed).
            if operation["security"] == json!([{}]) {
                continue;
            }
            documented.push((path.clone(), method.clone()));
        }
    }
    for (path, method) in expected {
        assert!(
            documented.iter().any(|(p, m)| p == path && m == method),
            "{method} {path} missing from {documented:?}"
        );
    }
    // Every documented route is protected.
    for (path, method) in &documented {
        let uri = path.replace("{id}", "1").replace("{name}", "x");
        let (status, _) = t
            .send(api_with(
                &method.to_uppercase(),
                &uri,
                None,
                Some(&json!({})),
            ))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }

    let (status, headers, _) = t.send_full(api_with("GET", "/docs", None, None)).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers["location"], "/docs/");
    let (status, headers, body) = t.send_full(api_with("GET", "/docs/", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.as_str().unwrap().contains("swagger"), "{body}");
}
