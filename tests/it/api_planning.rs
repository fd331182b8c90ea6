//! The REST API's remaining routes, through the real router: `PATCH` of a task, planning
//! (list, create with `/planifier`'s rules, delete), activity (users/stats, presence, message
//! search), the planning's iCalendar feed and its URL (rotation, `PUBLIC_URL`, `/config voir`).

use axum::http::StatusCode;
use chrono::{Days, NaiveDate, Utc};
use gvbot::id::Snowflake;
use gvbot::store::{CommandLogEntry, MemberUpdate, NewMessage, PresenceStatus};
use icalendar::{Component, DatePerhapsTime};
use serde_json::{Value, json};

use crate::{
    db::TestDb,
    support::{
        ADMIN, Actor, GUILD, JEANNE, OTHER_GUILD, PAUL, TestApp, api, api_chantier, api_task,
        api_with, s, shown, slash, sub, u, validation_field,
    },
};

both_backends!(
    new_routes_require_the_api_key,
    patch_changes_only_the_given_fields,
    patch_validation_names_the_fields,
    planning_is_listed_created_and_deleted,
    planning_post_points_out_overlaps,
    planning_validation_names_the_fields,
    planning_validation_is_the_one_of_planifier,
    user_stats_and_presence_reflect_the_gateway_data,
    message_search_finds_logged_messages,
    calendar_feed_has_one_all_day_event_per_entry,
    rotating_the_calendar_token_kills_the_old_url,
    public_url_builds_the_link_and_config_voir_shows_it,
);

/// POST a task as ADMIN for `assignee`; returns its id.
async fn task(t: &TestApp, assignee: u64, chantier: &str, description: &str) -> i64 {
    api_task(t, assignee, chantier, description).await["id"]
        .as_i64()
        .expect("task id")
}

/// POST a planning entry; returns the response (asserting 201).
async fn plan(t: &TestApp, body: Value) -> Value {
    let (status, response) = t
        .send(api("POST", "/api/discord/planning", Some(&body)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body} → {response}");
    response
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect()
}

async fn new_routes_require_the_api_key(db: TestDb) {
    let t = TestApp::for_guild(db);
    let routes = [
        ("PATCH", "/api/discord/tasks/1"),
        ("GET", "/api/discord/planning"),
        ("POST", "/api/discord/planning"),
        ("DELETE", "/api/discord/planning/1"),
        ("GET", "/api/discord/users/stats"),
        ("GET", "/api/discord/presence"),
        ("GET", "/api/discord/messages/search?q=x"),
        ("GET", "/api/discord/calendar"),
        ("POST", "/api/discord/calendar/rotate"),
    ];
    for (method, uri) in routes {
        for token in [None, Some("wrong-key")] {
            let (status, headers, body) = t
                .send_full(api_with(method, uri, token, Some(&json!({}))))
                .await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri} {token:?}: {body}"
            );
            assert_eq!(headers["www-authenticate"], "Bearer");
        }
    }
    // The feed takes no key but its token: without one it is a 404 that reveals nothing.
    for uri in [
        "/api/discord/planning.ics",
        "/api/discord/planning.ics?token=",
    ] {
        let (status, body) = t.send(api_with("GET", uri, None, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
    }
    // An API key does not open the feed either.
    let (status, _) = t.send(api("GET", "/api/discord/planning.ics", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn patch_changes_only_the_given_fields(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let id = task(&t, PAUL, "Beautemps", "Vérifier tableau").await;
    let uri = format!("/api/discord/tasks/{id}");
    let patch = |body: Value| t.send(api("PATCH", &uri, Some(&body)));

    let (status, before) = t.send(api("GET", &uri, None)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, after) = patch(json!({ "description": "  Changer le disjoncteur " })).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["description"], "Changer le disjoncteur");
    for unchanged in [
        "assignee_id",
        "status",
        "due_date",
        "chantier",
        "creator_id",
    ] {
        assert_eq!(after[unchanged], before[unchanged], "{unchanged}");
    }

    let (_, after) =
        patch(json!({ "assignee_id": JEANNE.to_string(), "status": "en_cours" })).await;
    assert_eq!(after["assignee_id"], JEANNE.to_string());
    assert_eq!(after["status"], "en_cours");
    assert_eq!(after["description"], "Changer le disjoncteur");
    let (_, after) = patch(json!({ "assignee_id": PAUL })).await;
    assert_eq!(after["assignee_id"], PAUL.to_string());

    let (_, after) = patch(json!({ "echeance": "2025-03-14" })).await;
    assert_eq!(after["due_date"], "2025-03-14");
    assert_eq!(after["status"], "en_cours");
    // Absent: kept; null: cleared.
    let (_, after) = patch(json!({ "description": "Encore" })).await;
    assert_eq!(after["due_date"], "2025-03-14");
    let (_, after) = patch(json!({ "echeance": null })).await;
    assert_eq!(after["due_date"], Value::Null);
    assert_eq!(after["description"], "Encore");

    let (_, done) = patch(json!({ "status": "terminee" })).await;
    assert_eq!(done["status"], "terminee");
    assert!(done["done_at"].is_string(), "{done}");
    // Done is final: done again changes nothing, anything else is a conflict.
    let (status, again) = patch(json!({ "status": "terminee" })).await;
    assert_eq!((status, &again), (StatusCode::OK, &done));
    for body in [
        json!({ "status": "a_faire" }),
        json!({ "description": "Autre" }),
    ] {
        let (status, response) = patch(body.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}: {response}");
        assert_eq!(response["error"], "conflict");
    }

    // An empty patch changes nothing.
    let (status, same) = patch(json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same, done);
    // The change is the one everyone sees.
    let (_, fetched) = t.send(api("GET", &uri, None)).await;
    assert_eq!(fetched, done);
    let r = t
        .command(&slash(
            &Actor::member(PAUL),
            "taches",
            json!([s("statut", "toutes")]),
        ))
        .await;
    assert!(shown(&r).contains("Encore"), "{r}");
}

async fn patch_validation_names_the_fields(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let id = task(&t, PAUL, "Beautemps", "Vérifier tableau").await;
    let uri = format!("/api/discord/tasks/{id}");
    for (body, name) in [
        (json!({ "description": "   " }), "description"),
        (json!({ "description": "x".repeat(1001) }), "description"),
        (json!({ "status": "fini" }), "status"),
        (json!({ "status": "open" }), "status"),
        (json!({ "echeance": "14/03/2025" }), "echeance"),
        (json!({ "echeance": "2025-02-30" }), "echeance"),
        (json!({ "assignee_id": "paul" }), "assignee_id"),
        (json!({ "assignee_id": 0 }), "assignee_id"),
        (json!({ "assignee": PAUL }), "assignee"),
    ] {
        let (status, response) = t.send(api("PATCH", &uri, Some(&body))).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {response}"
        );
        validation_field(&response, name);
    }
    // The description rule is the one of /tache, word for word.
    let (_, response) = t
        .send(api("PATCH", &uri, Some(&json!({ "description": "" }))))
        .await;
    let r = t
        .command(&slash(
            &Actor::member(PAUL),
            "tache",
            json!([
                u("membre", JEANNE),
                s("chantier", "Beautemps"),
                s("description", " ")
            ]),
        ))
        .await;
    assert_eq!(shown(&r).trim(), response["message"], "{r}");

    // Another guild's task, an unknown one: 404, whatever the body.
    for uri in [
        format!("/api/discord/tasks/{id}?guild_id={OTHER_GUILD}"),
        format!("/api/discord/tasks/{}", id + 1000),
        "/api/discord/tasks/abc".to_owned(),
    ] {
        let (status, body) = t
            .send(api("PATCH", &uri, Some(&json!({ "status": "terminee" }))))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert_eq!(body["error"], "not_found");
    }
    let (_, unchanged) = t.send(api("GET", &uri, None)).await;
    assert_eq!(unchanged["status"], "a_faire");
    assert_eq!(unchanged["description"], "Vérifier tableau");
}

async fn planning_is_listed_created_and_deleted(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "Gare Nord").await;
    let today = t.app.today();
    let monday = today
        - Days::new(u64::from(
            chrono::Datelike::weekday(&today).num_days_from_monday(),
        ));
    let sunday = monday + Days::new(6);

    let first = plan(
        &t,
        json!({
            "user_id": PAUL,
            "chantier": "beautemps",
            "debut": iso(monday),
            "fin": iso(monday + Days::new(1)),
            "notes": "Nacelle",
            "created_by": ADMIN.to_string(),
        }),
    )
    .await;
    assert!(first["id"].as_i64().is_some_and(|id| id > 0), "{first}");
    assert_eq!(first["guild_id"], GUILD.to_string());
    assert_eq!(first["user_id"], PAUL.to_string());
    assert_eq!(first["chantier"], "Beautemps");
    assert_eq!(first["start_date"], iso(monday));
    assert_eq!(first["end_date"], iso(monday + Days::new(1)));
    assert_eq!(first["notes"], "Nacelle");
    assert_eq!(first["created_by"], ADMIN.to_string());
    assert_eq!(first["overlaps"], json!([]));

    // JJ/MM as /planifier takes it; no created_by: the API (0).
    let later = sunday + Days::new(2);
    let second = plan(
        &t,
        json!({
            "user_id": JEANNE.to_string(),
            "chantier": "Gare Nord",
            "debut": later.format("%d/%m").to_string(),
            "fin": later.format("%d/%m/%Y").to_string(),
        }),
    )
    .await;
    assert_eq!(second["start_date"], iso(later));
    assert_eq!(second["end_date"], iso(later));
    assert_eq!(second["created_by"], "0");
    assert_eq!(second["notes"], Value::Null);

    // Default period: this week, Monday to Sunday.
    let (status, week) = t.send(api("GET", "/api/discord/planning", None)).await;
    assert_eq!(status, StatusCode::OK, "{week}");
    assert_eq!(
        (week["from"].clone(), week["to"].clone()),
        (json!(iso(monday)), json!(iso(sunday)))
    );
    assert_eq!(ids(&week["entries"]), [first["id"].as_i64().unwrap()]);
    assert_eq!(week["entries"][0]["notes"], "Nacelle");

    let list = |query: String| t.send(api("GET", &format!("/api/discord/planning{query}"), None));
    let (_, both) = list(format!("?from={}&to={}", iso(monday), iso(later))).await;
    assert_eq!(both["entries"].as_array().unwrap().len(), 2, "{both}");
    let (_, jeanne) = list(format!(
        "?from={}&to={}&user={JEANNE}",
        iso(monday),
        iso(later)
    ))
    .await;
    assert_eq!(ids(&jeanne["entries"]), [second["id"].as_i64().unwrap()]);
    // `from` alone: a week from it.
    let (_, from_only) = list(format!("?from={}", iso(later))).await;
    assert_eq!(from_only["to"], iso(later + Days::new(6)));
    assert_eq!(ids(&from_only["entries"]), [second["id"].as_i64().unwrap()]);
    let (_, other) = list(format!(
        "?guild_id={OTHER_GUILD}&from={}&to={}",
        iso(monday),
        iso(later)
    ))
    .await;
    assert_eq!(other["entries"], json!([]));

    // The API's entries are the commands' planning.
    let r = t
        .command(&slash(&Actor::member(JEANNE), "monplanning", json!([])))
        .await;
    assert!(shown(&r).contains("Gare Nord"), "{r}");

    // Delete: 204, then gone (404); another guild's id is a 404 and stays.
    let id = first["id"].as_i64().unwrap();
    let (status, body) = t
        .send(api(
            "DELETE",
            &format!("/api/discord/planning/{id}?guild_id={OTHER_GUILD}"),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = t
        .send(api("DELETE", &format!("/api/discord/planning/{id}"), None))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for uri in [
        format!("/api/discord/planning/{id}"),
        "/api/discord/planning/abc".to_owned(),
    ] {
        let (status, body) = t.send(api("DELETE", &uri, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert_eq!(body["error"], "not_found");
    }
    let (_, both) = list(format!("?from={}&to={}", iso(monday), iso(later))).await;
    assert_eq!(ids(&both["entries"]), [second["id"].as_i64().unwrap()]);
}

async fn planning_post_points_out_overlaps(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "Gare Nord").await;
    let start = t.app.today() + Days::new(10);
    let a = plan(
        &t,
        json!({ "user_id": PAUL, "chantier": "Beautemps", "debut": iso(start), "fin": iso(start + Days::new(4)) }),
    )
    .await;
    // Jeanne's entry on the same days is no overlap for Paul.
    plan(
        &t,
        json!({ "user_id": JEANNE, "chantier": "Beautemps", "debut": iso(start), "fin": iso(start + Days::new(4)) }),
    )
    .await;
    let b = plan(
        &t,
        json!({ "user_id": PAUL, "chantier": "Gare Nord", "debut": iso(start + Days::new(4)), "fin": iso(start + Days::new(6)) }),
    )
    .await;
    assert_eq!(ids(&b["overlaps"]), [a["id"].as_i64().unwrap()]);
    assert_eq!(b["overlaps"][0]["chantier"], "Beautemps");
    // Saved anyway: both are listed.
    let (_, list) = t
        .send(api(
            "GET",
            &format!(
                "/api/discord/planning?from={}&to={}&user={PAUL}",
                iso(start),
                iso(start + Days::new(6))
            ),
            None,
        ))
        .await;
    assert_eq!(
        ids(&list["entries"]),
        [a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap()]
    );
    let c = plan(
        &t,
        json!({ "user_id": PAUL, "chantier": "Gare Nord", "debut": iso(start + Days::new(4)), "fin": iso(start + Days::new(4)) }),
    )
    .await;
    let mut overlapped = ids(&c["overlaps"]);
    overlapped.sort_unstable();
    let mut expected = vec![a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap()];
    expected.sort_unstable();
    assert_eq!(overlapped, expected);
}

async fn planning_validation_names_the_fields(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    let today = t.app.today();
    let base =
        json!({ "user_id": PAUL, "chantier": "Beautemps", "debut": iso(today), "fin": iso(today) });
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = base.clone();
        b.as_object_mut().unwrap().remove(key);
        b
    };
    for (body, name, needle) in [
        (with("debut", json!("lundi")), "debut", "lundi"),
        (with("debut", json!("2025-02-30")), "debut", "2025-02-30"),
        (with("fin", json!("31/02")), "fin", "31/02"),
        (
            with("fin", json!(iso(today - Days::new(1)))),
            "fin",
            "avant",
        ),
        (
            with("fin", json!(iso(today + Days::new(366)))),
            "fin",
            "366",
        ),
        (with("notes", json!("x".repeat(501))), "notes", "`notes`"),
        (
            with("chantier", json!("Beautems")),
            "chantier",
            "**Beautemps**",
        ),
        (with("chantier", json!("")), "chantier", "Chantier inconnu"),
        (with("user_id", json!("paul")), "user_id", ""),
        (without("user_id"), "user_id", "required"),
        (without("debut"), "debut", "required"),
        (with("created_by", json!(-1)), "created_by", ""),
    ] {
        let (status, response) = t
            .send(api("POST", "/api/discord/planning", Some(&body)))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {response}"
        );
        assert!(
            validation_field(&response, name).contains(needle),
            "{body}: {response}"
        );
    }
    // 366 days is the longest span accepted.
    plan(&t, with("fin", json!(iso(today + Days::new(365))))).await;

    let list = |query: &str| t.send(api("GET", &format!("/api/discord/planning{query}"), None));
    for (query, name) in [
        ("?from=2025-03-10&to=2025-03-09".to_owned(), "to"),
        ("?from=2025-01-01&to=2026-01-02".to_owned(), "to"),
        ("?from=10/03/2025".to_owned(), "from"),
        ("?to=tomorrow".to_owned(), "to"),
        ("?from=".to_owned(), "from"),
        ("?user=paul".to_owned(), "user"),
        (format!("?guild_id=x&from={}", iso(today)), "guild_id"),
    ] {
        let (status, response) = list(&query).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {response}"
        );
        validation_field(&response, name);
    }
    // A year, leap day included, is allowed.
    let (status, _) = list("?from=2024-01-01&to=2024-12-31").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(t.db.scalar("select count(*) from planning").await, 1);
}

async fn planning_validation_is_the_one_of_planifier(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    for (chantier, debut, fin) in [
        ("bautemps", "10/03", "11/03"),
        ("Beautemps", "lundi", "11/03"),
        ("Beautemps", "10/03", "31/02"),
        ("Beautemps", "10/03/2025", "09/03/2025"),
    ] {
        let (_, response) = t
            .send(api(
                "POST",
                "/api/discord/planning",
                Some(&json!({ "user_id": PAUL, "chantier": chantier, "debut": debut, "fin": fin })),
            ))
            .await;
        let r = t
            .command(&slash(
                &Actor::admin(),
                "planifier",
                json!([
                    u("membre", PAUL),
                    s("chantier", chantier),
                    s("debut", debut),
                    s("fin", fin)
                ]),
            ))
            .await;
        assert_eq!(shown(&r).trim(), response["message"], "{r} {response}");
    }
}

async fn user_stats_and_presence_reflect_the_gateway_data(db: TestDb) {
    let t = TestApp::for_guild(db);
    let store = t.app.store.clone();
    let now = Utc::now();
    for (user, name, status) in [
        (PAUL, "Paul", PresenceStatus::Online),
        (JEANNE, "Jeanne", PresenceStatus::Offline),
        (ADMIN, "Zoé", PresenceStatus::Dnd),
    ] {
        store
            .upsert_member(&MemberUpdate {
                guild_id: Snowflake::new(GUILD),
                user_id: Snowflake::new(user),
                display_name: name.into(),
                joined_at: None,
                at: now,
            })
            .await
            .expect("member");
        store
            .set_presence(Snowflake::new(GUILD), Snowflake::new(user), status, now)
            .await
            .expect("presence");
    }
    store
        .set_presence(
            Snowflake::new(OTHER_GUILD),
            Snowflake::new(PAUL),
            PresenceStatus::Online,
            now,
        )
        .await
        .expect("presence elsewhere");
    let message = |id: u64, author: u64, content: &str, days_ago: i64| NewMessage {
        guild_id: Snowflake::new(GUILD),
        channel_id: Snowflake::new(1),
        message_id: Snowflake::new(id),
        author_id: Snowflake::new(author),
        content: content.into(),
        created_at: now - chrono::Duration::days(days_ago),
        edited_at: None,
    };
    store
        .log_messages(&[
            message(1, PAUL, "bonjour", 1),
            message(2, PAUL, "tableau posé", 2),
            message(3, JEANNE, "ok", 3),
            message(4, JEANNE, "il y a longtemps", 20),
        ])
        .await
        .expect("messages");
    store
        .log_command(&CommandLogEntry {
            guild_id: Some(Snowflake::new(GUILD)),
            channel_id: None,
            user_id: Snowflake::new(JEANNE),
            command: "taches".into(),
            source: "slash",
            duration_us: 10,
            outcome: "ok",
            at: now - chrono::Duration::hours(1),
        })
        .await
        .expect("command");
    api_chantier(&t, "Beautemps").await;
    let id = task(&t, PAUL, "Beautemps", "x").await;
    t.send(api("POST", &format!("/api/discord/tasks/{id}/done"), None))
        .await;

    let (status, stats) = t.send(api("GET", "/api/discord/users/stats", None)).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["days"], 7);
    let row = |stats: &Value, user: u64| {
        let id = user.to_string();
        stats["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["user_id"] == id.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("no {user} in {stats}"))
    };
    let paul = row(&stats, PAUL);
    assert_eq!(
        (
            paul["display_name"].clone(),
            paul["messages"].clone(),
            paul["tasks_done"].clone()
        ),
        (json!("Paul"), json!(2), json!(1))
    );
    let jeanne = row(&stats, JEANNE);
    assert_eq!(
        (jeanne["messages"].clone(), jeanne["commands"].clone()),
        (json!(1), json!(1))
    );
    // Most active first.
    assert_eq!(stats["users"][0]["user_id"], PAUL.to_string());
    let (_, month) = t
        .send(api("GET", "/api/discord/users/stats?days=30", None))
        .await;
    assert_eq!(row(&month, JEANNE)["messages"], 2);
    let (_, one) = t
        .send(api("GET", "/api/discord/users/stats?days=30&limit=1", None))
        .await;
    assert_eq!(one["users"].as_array().unwrap().len(), 1);
    for query in [
        "days=0",
        "days=366",
        "days=abc",
        "days=-1",
        "limit=0",
        "limit=101",
    ] {
        let (status, body) = t
            .send(api(
                "GET",
                &format!("/api/discord/users/stats?{query}"),
                None,
            ))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        validation_field(&body, query.split('=').next().unwrap());
    }
    let (_, elsewhere) = t
        .send(api(
            "GET",
            &format!("/api/discord/users/stats?guild_id={OTHER_GUILD}"),
            None,
        ))
        .await;
    assert_eq!(elsewhere["users"], json!([]));

    let (status, presence) = t.send(api("GET", "/api/discord/presence", None)).await;
    assert_eq!(status, StatusCode::OK, "{presence}");
    assert_eq!(
        presence["counts"],
        json!({ "online": 1, "idle": 0, "dnd": 1, "offline": 1 })
    );
    let members: Vec<(String, String)> = presence["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["display_name"].as_str().unwrap().to_owned(),
                m["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Not offline first, then by name.
    assert_eq!(
        members,
        [
            ("Paul".to_owned(), "online".to_owned()),
            ("Zoé".to_owned(), "dnd".to_owned()),
            ("Jeanne".to_owned(), "offline".to_owned()),
        ]
    );
    assert!(presence["members"][0]["last_seen_at"].is_string());
    let (_, elsewhere) = t
        .send(api(
            "GET",
            &format!("/api/discord/presence?guild_id={OTHER_GUILD}"),
            None,
        ))
        .await;
    assert_eq!(elsewhere["members"].as_array().unwrap().len(), 1);
    assert_eq!(elsewhere["members"][0]["display_name"], Value::Null);
}

async fn message_search_finds_logged_messages(db: TestDb) {
    let t = TestApp::for_guild(db);
    let now = Utc::now();
    let message = |guild_id: u64, id: u64, content: &str| NewMessage {
        guild_id: Snowflake::new(guild_id),
        channel_id: Snowflake::new(7),
        message_id: Snowflake::new(id),
        author_id: Snowflake::new(PAUL),
        content: content.into(),
        created_at: now - chrono::Duration::minutes(i64::try_from(id).unwrap()),
        edited_at: None,
    };
    t.app
        .store
        .log_messages(&[
            message(GUILD, 1, "Le tableau électrique est posé"),
            message(GUILD, 2, "Tableau du 2e étage à vérifier"),
            message(GUILD, 3, "Rien à voir"),
            message(OTHER_GUILD, 4, "Tableau d'un autre serveur"),
        ])
        .await
        .expect("messages");
    let search = |query: &str| {
        t.send(api(
            "GET",
            &format!("/api/discord/messages/search?{query}"),
            None,
        ))
    };

    let (status, found) = search("q=tableau").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["query"], "tableau");
    let mut ids: Vec<&str> = found["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["1", "2"], "{found}");
    let first = &found["messages"][0];
    assert_eq!(first["author_id"], PAUL.to_string());
    assert_eq!(first["channel_id"], "7");
    assert!(
        first["content"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("tableau")
    );

    let (_, both_words) = search("q=TABLEAU%20%C3%A9lectrique").await;
    assert_eq!(
        both_words["messages"].as_array().unwrap().len(),
        1,
        "{both_words}"
    );
    assert_eq!(both_words["messages"][0]["message_id"], "1");
    let (_, limited) = search("q=tableau&limit=1").await;
    assert_eq!(limited["messages"].as_array().unwrap().len(), 1);
    let (_, none) = search("q=disjoncteur").await;
    assert_eq!(none["messages"], json!([]));
    let (_, elsewhere) = search(&format!("q=tableau&guild_id={OTHER_GUILD}")).await;
    assert_eq!(elsewhere["messages"].as_array().unwrap().len(), 1);

    for (query, name) in [
        ("q=", "q"),
        ("q=%20%20", "q"),
        ("limit=5", "q"),
        ("q=x&limit=0", "limit"),
        ("q=x&limit=101", "limit"),
        ("q=x&limit=many", "limit"),
    ] {
        let (status, body) = search(query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        validation_field(&body, name);
    }
}

/// `GET /api/discord/calendar` with a `Host` header; the response (asserting 200).
async fn calendar_link(t: &TestApp, method: &str, path: &str) -> Value {
    let mut request = api(method, path, None);
    request
        .headers_mut()
        .insert("host", "gvbot.test:5000".parse().unwrap());
    let (status, body) = t.send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The feed at `url` (the path and query of it): status, headers and raw text.
async fn fetch(t: &TestApp, url: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let path = url
        .strip_prefix("http://gvbot.test:5000")
        .or_else(|| url.strip_prefix("https://gvbot.example.fr"))
        .unwrap_or(url);
    let (status, headers, body) = t.send_full(api_with("GET", path, None, None)).await;
    let text = match body {
        Value::String(text) => text,
        other => other.to_string(),
    };
    (status, headers, text)
}

async fn calendar_feed_has_one_all_day_event_per_entry(db: TestDb) {
    let t = TestApp::for_guild(db);
    api_chantier(&t, "Beautemps").await;
    api_chantier(&t, "École Jules Ferry, bâtiment B; aile nord").await;
    t.app
        .store
        .upsert_member(&MemberUpdate {
            guild_id: Snowflake::new(GUILD),
            user_id: Snowflake::new(PAUL),
            display_name: "Paul Électricien".into(),
            joined_at: None,
            at: Utc::now(),
        })
        .await
        .expect("member");
    let today = t.app.today();
    let notes = "Nacelle; clés chez le gardien,\nportail côté rue. ".to_owned()
        + &"Prévoir du câble 2,5 mm² en quantité. ".repeat(4);
    let a = plan(
        &t,
        json!({ "user_id": PAUL, "chantier": "Beautemps", "debut": iso(today), "fin": iso(today + Days::new(2)), "notes": notes }),
    )
    .await;
    let b = plan(
        &t,
        json!({ "user_id": JEANNE, "chantier": "École Jules Ferry, bâtiment B; aile nord", "debut": iso(today - Days::new(14)), "fin": iso(today - Days::new(14)) }),
    )
    .await;
    // Outside the window (26 weeks ahead): not in the feed.
    plan(
        &t,
        json!({ "user_id": PAUL, "chantier": "Beautemps", "debut": iso(today + Days::new(200)), "fin": iso(today + Days::new(201)) }),
    )
    .await;
    // Another guild's planning is another feed.
    let mut other = json!({ "user_id": PAUL, "chantier": "Ailleurs", "debut": iso(today), "fin": iso(today), "guild_id": OTHER_GUILD });
    t.send(api(
        "POST",
        "/api/discord/chantiers",
        Some(&json!({ "name": "Ailleurs", "guild_id": OTHER_GUILD })),
    ))
    .await;
    plan(&t, other.take()).await;

    let link = calendar_link(&t, "GET", "/api/discord/calendar").await;
    let url = link["url"].as_str().unwrap();
    let token = link["token"].as_str().unwrap();
    assert_eq!(
        url,
        format!("http://gvbot.test:5000/api/discord/planning.ics?token={token}")
    );
    // The same URL on every call until rotated.
    assert_eq!(
        calendar_link(&t, "GET", "/api/discord/calendar").await,
        link
    );

    let (status, headers, text) = fetch(&t, url).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    // RFC 5545: CRLF line ends, content lines of at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(text.contains("\r\n "), "long lines are folded: {text}");
    assert!(text.contains("DTSTART;VALUE=DATE:"), "{text}");

    let calendar: icalendar::Calendar = text.parse().expect("the feed parses");
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 2, "{text}");
    let find = |entry: &Value| {
        let uid = format!("planning-{}@gvbot", entry["id"]);
        *events
            .iter()
            .find(|e| e.get_uid() == Some(uid.as_str()))
            .unwrap_or_else(|| panic!("no {uid} in {text}"))
    };
    let event = find(&a);
    assert_eq!(event.get_start(), Some(DatePerhapsTime::Date(today)));
    // DTEND is exclusive: the day after the last day.
    assert_eq!(
        event.get_end(),
        Some(DatePerhapsTime::Date(today + Days::new(3)))
    );
    assert_eq!(event.get_summary(), Some("Beautemps — Paul Électricien"));
    assert_eq!(event.get_description(), Some(notes.trim()));
    assert!(event.get_timestamp().is_some(), "DTSTAMP");
    let event = find(&b);
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::Date(today - Days::new(14)))
    );
    assert_eq!(
        event.get_end(),
        Some(DatePerhapsTime::Date(today - Days::new(13)))
    );
    // Commas and semicolons survive the escaping; a member without a known name shows as id.
    assert_eq!(
        event.get_summary(),
        Some(format!("École Jules Ferry, bâtiment B; aile nord — {JEANNE}").as_str())
    );
    assert_eq!(event.get_description(), None);

    // Fetched again: the same events, the same UIDs (calendar apps update, never duplicate).
    let (_, _, again) = fetch(&t, url).await;
    let again: icalendar::Calendar = again.parse().expect("parses");
    let uids = |c: &icalendar::Calendar| {
        let mut uids: Vec<String> = c
            .events()
            .filter_map(|e| e.get_uid().map(str::to_owned))
            .collect();
        uids.sort();
        uids
    };
    assert_eq!(uids(&again), uids(&calendar));

    // A deleted entry leaves the feed.
    let (status, _) = t
        .send(api(
            "DELETE",
            &format!("/api/discord/planning/{}", b["id"]),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, _, after) = fetch(&t, url).await;
    let after: icalendar::Calendar = after.parse().expect("parses");
    assert_eq!(uids(&after), [format!("planning-{}@gvbot", a["id"])]);
}

async fn rotating_the_calendar_token_kills_the_old_url(db: TestDb) {
    let t = TestApp::for_guild(db);
    let old = calendar_link(&t, "GET", "/api/discord/calendar").await;
    let old_url = old["url"].as_str().unwrap().to_owned();
    let (status, _, _) = fetch(&t, &old_url).await;
    assert_eq!(status, StatusCode::OK);

    let new = calendar_link(&t, "POST", "/api/discord/calendar/rotate").await;
    assert_ne!(new["token"], old["token"]);
    assert_ne!(new["url"], old["url"]);
    let (status, _, body) = fetch(&t, &old_url).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _, _) = fetch(&t, new["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // The current URL is the new one.
    assert_eq!(calendar_link(&t, "GET", "/api/discord/calendar").await, new);

    // Each guild has its own feed.
    let other = calendar_link(
        &t,
        "GET",
        &format!("/api/discord/calendar?guild_id={OTHER_GUILD}"),
    )
    .await;
    assert_ne!(other["token"], new["token"]);

    for token in [
        "nope",
        "%27%3B%20drop%20table%20planning%3B%20--",
        &"0".repeat(64),
        "%00",
    ] {
        let (status, _, body) =
            fetch(&t, &format!("/api/discord/planning.ics?token={token}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{token}: {body}");
    }
}

async fn config_voir(t: &TestApp) -> Value {
    t.command(&slash(
        &Actor::admin(),
        "config",
        json!([sub("voir", json!([]))]),
    ))
    .await
}

async fn public_url_builds_the_link_and_config_voir_shows_it(db: TestDb) {
    let t = TestApp::with_config(db, |c| {
        c.guild_id = Some(Snowflake::new(GUILD));
        c.public_url = Some("https://gvbot.example.fr".to_owned());
    });
    let link = calendar_link(&t, "GET", "/api/discord/calendar").await;
    let url = link["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://gvbot.example.fr/api/discord/planning.ics?token="),
        "{url}"
    );
    let (status, _, _) = fetch(&t, url).await;
    assert_eq!(status, StatusCode::OK);

    let r = config_voir(&t).await;
    assert!(crate::support::is_ephemeral(&r), "{r}");
    assert!(shown(&r).contains(url), "{r}");

    // Without PUBLIC_URL, /config voir says how to get it, and shows no token.
    let t = TestApp::for_guild(t.db);
    let r = config_voir(&t).await;
    assert!(shown(&r).contains("PUBLIC_URL"), "{r}");
    assert!(!shown(&r).contains(link["token"].as_str().unwrap()), "{r}");
}

#[tokio::test]
async fn openapi_documents_the_new_routes() {
    let t = TestApp::for_guild(crate::db::sqlite().await);
    let (status, doc) = t.send(api_with("GET", "/openapi.json", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/discord/tasks/{id}", "patch"),
        ("/api/discord/planning", "get"),
        ("/api/discord/planning", "post"),
        ("/api/discord/planning/{id}", "delete"),
        ("/api/discord/planning.ics", "get"),
        ("/api/discord/calendar", "get"),
        ("/api/discord/calendar/rotate", "post"),
        ("/api/discord/users/stats", "get"),
        ("/api/discord/presence", "get"),
        ("/api/discord/messages/search", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from {}",
            doc["paths"]
        );
    }
    // The feed is the one data route without the bearer key.
    assert_eq!(
        doc["paths"]["/api/discord/planning.ics"]["get"]["security"],
        json!([{}])
    );
    for schema in [
        "PlanningView",
        "PlannedView",
        "UpdateTaskRequest",
        "CalendarLink",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}
