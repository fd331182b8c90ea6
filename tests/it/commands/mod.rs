//! Every command end to end: signed, Discord-shaped interactions through the real router, and
//! what Discord would show the user (content, embeds, ephemeral flag, buttons), plus the
//! database state where it is the point. Each case runs on SQLite and on PostgreSQL.
//!
//! Dated cases use a fixed clock: Wednesday 16 December 2026, so "this week" is Monday 14/12
//! to Sunday 20/12 and a `JJ/MM` in January is next year's.
//!
//! One file per command area, as in `src/commands/`; the helpers below serve them all, and the
//! cases here concern every command (English locale, command log).

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{db::TestDb, support::*};

mod admin;
mod chantiers;
mod planning;
mod taches;
mod utilitaires;

/// Another plain member of the test guild.
const MARC: u64 = 555_555_555_555_555_555;
/// A role mapped to admin in some cases.
const ADMIN_ROLE: u64 = 666_666_666_666_666_666;

/// Wednesday 16 December 2026, 10:00 UTC (11:00 in Paris).
fn december() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 16, 10, 0, 0).unwrap()
}

/// The first embed's field `name`, as shown.
fn field<'a>(r: &'a Value, name: &str) -> &'a str {
    r["data"]["embeds"][0]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {r}"))
}

fn footer(r: &Value) -> &str {
    r["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no footer in {r}"))
}

fn title(r: &Value) -> &str {
    r["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_else(|| panic!("no title in {r}"))
}

/// How many tasks a `/taches` page lists.
fn listed(r: &Value) -> usize {
    r["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .matches("**#")
        .count()
}

/// Whether a `/taches` page lists task `id`.
fn lists(r: &Value, id: i64) -> bool {
    shown(r).contains(&format!("**#{id}**"))
}

/// The buttons of the message: `(custom_id, disabled)`.
fn buttons(r: &Value) -> Vec<(String, bool)> {
    r["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["custom_id"].as_str().unwrap_or_default().to_owned(),
                b["disabled"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

/// The custom_id of the ▶ button.
fn next_button(r: &Value) -> String {
    let b = buttons(r);
    assert_eq!(b.len(), 2, "{r}");
    b[1].0.clone()
}

/// Names of the autocomplete choices.
fn choices(r: &Value) -> Vec<String> {
    assert_eq!(r["type"], 8, "{r}");
    r["data"]["choices"]
        .as_array()
        .unwrap_or_else(|| panic!("no choices in {r}"))
        .iter()
        .map(|c| {
            assert_eq!(c["name"], c["value"], "{c}");
            c["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn mention(user: u64) -> String {
    format!("<@{user}>")
}

/// `/planifier` as the Discord admin.
async fn plan(t: &TestApp, user: u64, chantier: &str, debut: &str, fin: &str) -> Value {
    planifier(t, &Actor::admin(), user, chantier, debut, fin).await
}

/// `/done id` as `actor`.
async fn done(t: &TestApp, actor: &Actor, id: i64) -> Value {
    cmd(t, actor, "done", json!([i("id", id)])).await
}

/// `/annuler id` as `actor`.
async fn annuler(t: &TestApp, actor: &Actor, id: i64) -> Value {
    cmd(t, actor, "annuler", json!([i("id", id)])).await
}

/// A fresh app with the chantier Beautemps and one task on it, "Poser les prises", created by
/// `creator` for Paul; with its id.
async fn one_task_by(db: TestDb, creator: Actor) -> (TestApp, i64) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &creator, PAUL, "Beautemps", "Poser les prises").await;
    (t, id)
}

/// The other guild's admin and its task "Mission secrète" (chantier Secret, for Paul).
async fn secret_task(t: &TestApp) -> (Actor, i64) {
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    creerchantier(t, &other_admin, "Secret").await;
    let secret = create_task(t, &other_admin, PAUL, "Secret", "Mission secrète").await;
    (other_admin, secret)
}

/// Tasks #1 to #4 on Beautemps, assigned to Paul by the admin: #1 à faire, #2 en cours,
/// #3 terminée, #4 annulée.
async fn one_task_per_status(t: &TestApp) -> [i64; 4] {
    create_chantier(t, "Beautemps").await;
    let mut ids = [0; 4];
    for (n, id) in ids.iter_mut().enumerate() {
        *id = create_task(t, &Actor::admin(), PAUL, "Beautemps", &format!("Tâche {n}")).await;
    }
    assert_eq!(ids, [1, 2, 3, 4]);
    t.db.execute("update tasks set status = 'en_cours' where id = 2")
        .await;
    let done = done(t, &Actor::admin(), 3).await;
    assert_public(&done, &["#3"]);
    let cancelled = annuler(t, &Actor::admin(), 4).await;
    assert_public(&cancelled, &["#4"]);
    ids
}

// ---------------------------------------------------------------------------------------------
// English

async fn english_locale_gets_english_replies(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let paul = Actor::member(PAUL).locale("en-US");
    let jeanne = Actor::member(JEANNE).locale("en-US");

    let r = tache_due(&t, &paul, PAUL, "Beautemps", "Fit the sockets", "05/01").await;
    assert_public(&r, &["a task was assigned to you", "New task #1"]);
    assert_eq!(field(&r, "Assigned to"), mention(PAUL));
    assert_eq!(field(&r, "Due"), "05/01/2027");
    assert!(footer(&r).contains("To do"), "{r}");

    let r = done(&t, &jeanne, 1).await;
    assert_ephemeral(&r, &["Only the creator of task #1", "**manager**"]);
    let r = done(&t, &jeanne, 77).await;
    assert_ephemeral(&r, &["Task #77 not found"]);
    let r = plan(&t, PAUL, "Beautemps", "bad", "18/12").await;
    assert!(
        shown(&r).contains("JJ/MM"),
        "French for a French actor: {r}"
    );
    let r = planifier(&t, &jeanne, PAUL, "Beautemps", "17/12", "18/12").await;
    assert_ephemeral(&r, &["needs the **manager** level"]);
    let r = cmd(&t, &jeanne, "taches", json!([])).await;
    assert!(title(&r).contains("Tasks (open)"), "{r}");
    assert_eq!(footer(&r), "Page 1/1 · 1 task(s)");
    let r = cmd(&t, &jeanne, "aide", json!([s("commande", "tache")])).await;
    assert!(field(&r, "Options").contains("(optional)"), "{r}");
    assert_eq!(
        field(&r, "Usage"),
        "`/tache membre chantier description [echeance]`"
    );
}

// ---------------------------------------------------------------------------------------------
// Command log

async fn every_invocation_is_logged_with_its_outcome(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await; // ok
    let paul = Actor::member(PAUL);
    cmd(&t, &paul, "ping", json!([])).await; // ok
    planifier(&t, &paul, PAUL, "Beautemps", "17/12", "18/12").await; // forbidden
    tache_due(&t, &paul, PAUL, "Beautemps", "Poser les prises", "demain").await; // invalid
    done(&t, &paul, 404).await; // not_found
    cmd(&t, &paul, "inexistante", json!([])).await; // invalid
    t.command(&click(&paul, "taches:abc")).await; // invalid (component)

    for (sql, expected) in [
        ("select count(*) from command_log", 7),
        ("select count(*) from command_log where outcome = 'ok'", 2),
        (
            "select count(*) from command_log where outcome = 'forbidden' and command = 'planifier'",
            1,
        ),
        (
            "select count(*) from command_log where outcome = 'invalid'",
            3,
        ),
        (
            "select count(*) from command_log where outcome = 'not_found' and command = 'done'",
            1,
        ),
        (
            "select count(*) from command_log where source = 'component' and command = 'taches'",
            1,
        ),
        (
            "select count(*) from command_log where source = 'slash' and guild_id = 900000000000000001 \
             and channel_id = 900000000000000010",
            6,
        ),
        (
            "select count(*) from command_log where user_id = 222222222222222222",
            6,
        ),
        ("select count(*) from command_log where duration_us >= 0", 7),
    ] {
        assert_eq!(t.db.scalar(sql).await, expected, "{sql}");
    }
}

/// Every declared command reaches its handler (the registry is the only list): sent bare by
/// an admin, none is answered "unknown command"; a made-up name is.
async fn every_declared_command_is_dispatched(db: TestDb) {
    let t = TestApp::new(db);
    let unknown = |r: &Value| shown(r).contains("Commande inconnue");
    for entry in gvbot::commands::declarations() {
        let name = entry.name();
        let r = cmd(&t, &Actor::admin(), name, json!([])).await;
        assert!(!unknown(&r), "/{name}: {r}");
    }
    assert!(unknown(
        &cmd(&t, &Actor::admin(), "nimporte", json!([])).await
    ));
}

both_backends!(
    english_locale_gets_english_replies,
    every_invocation_is_logged_with_its_outcome,
    every_declared_command_is_dispatched,
);
