//! Every command end to end: signed, Discord-shaped interactions through the real router, and
//! what Discord would show the user (content, embeds, ephemeral flag, buttons), plus the
//! database state where it is the point. Each case runs on SQLite and on PostgreSQL.
//!
//! Dated cases use a fixed clock: Wednesday 16 December 2026, so "this week" is Monday 14/12
//! to Sunday 20/12 and a `JJ/MM` in January is next year's.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use crate::{db::TestDb, support::*};

/// Another plain member of the test guild.
const MARC: u64 = 555_555_555_555_555_555;
/// A role mapped to admin in some cases.
const ADMIN_ROLE: u64 = 666_666_666_666_666_666;

/// Wednesday 16 December 2026, 10:00 UTC (11:00 in Paris).
fn december() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 16, 10, 0, 0).unwrap()
}

/// Run `/name options` as `actor` and return the interaction response.
async fn cmd(t: &TestApp, actor: &Actor, name: &str, options: Value) -> Value {
    t.command(&slash(actor, name, options)).await
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

/// An ephemeral message (type 4) whose text contains every one of `needles`.
fn assert_ephemeral_error(r: &Value, needles: &[&str]) {
    assert_eq!(r["type"], 4, "{r}");
    assert!(is_ephemeral(r), "not ephemeral: {r}");
    for needle in needles {
        assert!(shown(r).contains(needle), "{needle:?} missing from {r}");
    }
}

/// A public message (type 4) whose text contains every one of `needles`.
fn assert_public(r: &Value, needles: &[&str]) {
    assert_eq!(r["type"], 4, "{r}");
    assert!(!is_ephemeral(r), "ephemeral: {r}");
    for needle in needles {
        assert!(shown(r).contains(needle), "{needle:?} missing from {r}");
    }
}

fn mention(user: u64) -> String {
    format!("<@{user}>")
}

/// `/config role niveau:<level> role:<role>` as the Discord admin.
async fn map_role(t: &TestApp, level: &str, role: u64) -> Value {
    cmd(
        t,
        &Actor::admin(),
        "config",
        json!([sub("role", json!([s("niveau", level), r("role", role)]))]),
    )
    .await
}

fn manager(user: u64) -> Actor {
    Actor::member(user).with_roles(&[MANAGER_ROLE])
}

/// `/planifier` as the Discord admin.
async fn plan(t: &TestApp, user: u64, chantier: &str, debut: &str, fin: &str) -> Value {
    cmd(
        t,
        &Actor::admin(),
        "planifier",
        json!([
            u("membre", user),
            s("chantier", chantier),
            s("debut", debut),
            s("fin", fin)
        ]),
    )
    .await
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
    let done = cmd(t, &Actor::admin(), "done", json!([i("id", 3)])).await;
    assert_public(&done, &["#3"]);
    let cancelled = cmd(t, &Actor::admin(), "annuler", json!([i("id", 4)])).await;
    assert_public(&cancelled, &["#4"]);
    ids
}

// ---------------------------------------------------------------------------------------------
// /tache

async fn tache_creates_an_open_task_and_shows_it(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Vérifier le tableau électrique"),
            s("echeance", "18/12")
        ]),
    )
    .await;
    assert_public(&r, &[]);
    assert!(
        r["data"]["content"]
            .as_str()
            .unwrap()
            .contains(&mention(PAUL)),
        "{r}"
    );
    assert!(title(&r).contains("#1"), "{r}");
    assert_eq!(field(&r, "Assignée à"), mention(PAUL));
    assert_eq!(field(&r, "Chantier"), "Beautemps");
    assert_eq!(field(&r, "Échéance"), "18/12/2026");
    assert_eq!(field(&r, "Description"), "Vérifier le tableau électrique");
    assert!(footer(&r).contains("À faire"), "{r}");
    assert_eq!(
        t.db.scalar(
            "select count(*) from tasks where id = 1 and status = 'a_faire' \
             and assignee_id = 222222222222222222 and creator_id = 111111111111111111 \
             and guild_id = 900000000000000001 and due_date = '2026-12-18' and done_at is null"
        )
        .await,
        1
    );
}

async fn tache_without_echeance_has_no_due_date(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let r = cmd(&t, &Actor::admin(), "taches", json!([])).await;
    assert!(lists(&r, id), "{r}");
    assert!(!shown(&r).contains("échéance"), "{r}");
    assert_eq!(
        t.db.scalar("select count(*) from tasks where due_date is null")
            .await,
        1
    );
}

async fn tache_january_echeance_typed_in_december_is_next_year(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Réception du chantier"),
            s("echeance", "05/01")
        ]),
    )
    .await;
    assert_eq!(field(&r, "Échéance"), "05/01/2027");
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Contrôle Consuel"),
            s("echeance", "05/01/2030")
        ]),
    )
    .await;
    assert_eq!(field(&r, "Échéance"), "05/01/2030");
    assert_eq!(
        t.db.scalar("select count(*) from tasks where due_date = '2027-01-05'")
            .await,
        1
    );
}

async fn tache_with_a_bad_date_names_the_expected_format(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    for bad in ["32/12", "demain", "12/13", "1/2/3/4"] {
        let r = cmd(
            &t,
            &Actor::admin(),
            "tache",
            json!([
                u("membre", PAUL),
                s("chantier", "Beautemps"),
                s("description", "Tirer les câbles"),
                s("echeance", bad)
            ]),
        )
        .await;
        assert_ephemeral_error(&r, &["echeance", bad, "JJ/MM"]);
    }
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 0);
}

async fn tache_on_unknown_chantier_suggests_at_most_three_closest_names(db: TestDb) {
    let t = TestApp::new(db);
    for name in [
        "Beautemps",
        "Beaulieu",
        "Gare Nord",
        "École Jules Ferry",
        "Beauregard",
        "Beauvais",
    ] {
        create_chantier(&t, name).await;
    }
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "beautmps"),
            s("description", "Tirer les câbles")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["beautmps", "**Beautemps**"]);
    let text = shown(&r);
    let suggested = text.matches("**").count() / 2;
    assert!((1..=3).contains(&suggested), "{text}");
    // The closest name comes first.
    let first = text.find("**").unwrap();
    assert!(text[first..].starts_with("**Beautemps**"), "{text}");
    assert!(
        !text.contains("Gare Nord") && !text.contains("École"),
        "{text}"
    );
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 0);

    // Nothing close at all: no suggestion, a pointer to the list.
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "zzzzqqq"),
            s("description", "Tirer les câbles")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["zzzzqqq", "/chantiers"]);
}

async fn tache_chantier_name_is_case_insensitive(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Gare Nord").await;
    create_chantier(&t, "École Jules Ferry").await;
    for (typed, name) in [
        ("gare nord", "Gare Nord"),
        ("GARE NORD", "Gare Nord"),
        ("  gare nord  ", "Gare Nord"),
        ("école jules ferry", "École Jules Ferry"),
        ("ÉCOLE JULES FERRY", "École Jules Ferry"),
    ] {
        let r = cmd(
            &t,
            &Actor::admin(),
            "tache",
            json!([
                u("membre", PAUL),
                s("chantier", typed),
                s("description", "Tirer les câbles")
            ]),
        )
        .await;
        assert_eq!(field(&r, "Chantier"), name, "{typed:?}: {r}");
    }
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 5);
}

async fn tache_with_blank_description_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    for blank in ["", "   ", "\n\t "] {
        let r = cmd(
            &t,
            &Actor::admin(),
            "tache",
            json!([
                u("membre", PAUL),
                s("chantier", "Beautemps"),
                s("description", blank)
            ]),
        )
        .await;
        assert_ephemeral_error(&r, &["`description`", "vide"]);
    }
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 0);
}

async fn tache_on_a_chantier_of_another_guild_is_unknown(db: TestDb) {
    let t = TestApp::new(db);
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    let created = cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Chantier Secret")]),
    )
    .await;
    assert_public(&created, &["Chantier Secret"]);
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Chantier Secret"),
            s("description", "Tirer les câbles")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["Chantier inconnu", "Chantier Secret"]);
    assert!(!shown(&r).contains("**Chantier Secret**"), "{r}");
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 0);
}

async fn tache_on_an_archived_chantier_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beaulieu").await;
    t.db.execute("update chantiers set archived = true where name = 'Beaulieu'")
        .await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "beaulieu"),
            s("description", "Tirer les câbles")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["**Beaulieu**", "archivé"]);
    // Nor is it offered any more.
    let offered = t
        .command(&autocomplete(&Actor::admin(), "tache", "chantier", "beau"))
        .await;
    assert!(choices(&offered).is_empty(), "{offered}");
    assert_eq!(t.db.scalar("select count(*) from tasks").await, 0);
}

// ---------------------------------------------------------------------------------------------
// /taches

async fn taches_lists_only_open_tasks_by_default(db: TestDb) {
    let t = TestApp::new(db);
    let [a_faire, en_cours, terminee, annulee] = one_task_per_status(&t).await;
    let r = cmd(&t, &Actor::member(JEANNE), "taches", json!([])).await;
    assert_public(&r, &["ouvertes", "À faire", "En cours", &mention(PAUL)]);
    assert!(lists(&r, a_faire) && lists(&r, en_cours), "{r}");
    assert!(!lists(&r, terminee) && !lists(&r, annulee), "{r}");
    assert_eq!(listed(&r), 2);
    assert_eq!(footer(&r), "Page 1/1 · 2 tâche(s)");
    assert!(buttons(&r).is_empty(), "one page needs no buttons: {r}");
}

async fn taches_statut_filter_selects_one_status_or_all(db: TestDb) {
    let t = TestApp::new(db);
    let ids = one_task_per_status(&t).await;
    for (statut, label, expected) in [
        ("a_faire", "À faire", vec![ids[0]]),
        ("en_cours", "En cours", vec![ids[1]]),
        ("terminee", "Terminée", vec![ids[2]]),
        ("annulee", "Annulée", vec![ids[3]]),
        ("toutes", "toutes", ids.to_vec()),
    ] {
        let r = cmd(
            &t,
            &Actor::member(JEANNE),
            "taches",
            json!([s("statut", statut)]),
        )
        .await;
        assert!(title(&r).contains(label), "{statut}: {r}");
        for id in ids {
            assert_eq!(lists(&r, id), expected.contains(&id), "{statut} #{id}: {r}");
        }
        assert_eq!(listed(&r), expected.len(), "{statut}: {r}");
    }
}

async fn taches_membre_filter_shows_only_that_members_tasks(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let pauls = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let jeannes = create_task(&t, &Actor::admin(), JEANNE, "Beautemps", "Tirer les câbles").await;
    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "taches",
        json!([u("membre", JEANNE)]),
    )
    .await;
    assert!(title(&r).contains(&mention(JEANNE)), "{r}");
    assert!(lists(&r, jeannes) && !lists(&r, pauls), "{r}");
    assert!(!shown(&r).contains(&mention(PAUL)), "{r}");

    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "taches",
        json!([u("membre", MARC)]),
    )
    .await;
    assert!(shown(&r).contains("Aucune tâche."), "{r}");
}

/// 25 open tasks for Paul on Beautemps, #1 to #25.
async fn twenty_five_tasks(t: &TestApp) {
    create_chantier(t, "Beautemps").await;
    for n in 1..=25 {
        let id = create_task(t, &Actor::admin(), PAUL, "Beautemps", &format!("Point {n}")).await;
        assert_eq!(id, n);
    }
}

async fn taches_paginates_by_ten_with_buttons(db: TestDb) {
    let t = TestApp::new(db);
    twenty_five_tasks(&t).await;
    let r = cmd(&t, &Actor::member(JEANNE), "taches", json!([])).await;
    assert_public(&r, &[]);
    assert_eq!(footer(&r), "Page 1/3 · 25 tâche(s)");
    assert_eq!(listed(&r), 10);
    assert!(lists(&r, 1) && lists(&r, 10) && !lists(&r, 11), "{r}");
    let b = buttons(&r);
    assert_eq!(b.len(), 2, "{r}");
    assert!(b[0].1, "◀ is disabled on page 1: {r}");
    assert!(!b[1].1, "▶ is enabled on page 1: {r}");

    let page2 = t.command(&click(&Actor::member(JEANNE), &b[1].0)).await;
    assert_eq!(page2["type"], 7, "a click updates its message: {page2}");
    assert!(!is_ephemeral(&page2));
    assert_eq!(footer(&page2), "Page 2/3 · 25 tâche(s)");
    assert_eq!(listed(&page2), 10);
    assert!(lists(&page2, 11) && lists(&page2, 20), "{page2}");
    assert!(
        buttons(&page2).iter().all(|(_, disabled)| !disabled),
        "{page2}"
    );

    let page3 = t
        .command(&click(&Actor::member(PAUL), &next_button(&page2)))
        .await;
    assert_eq!(page3["type"], 7);
    assert_eq!(footer(&page3), "Page 3/3 · 25 tâche(s)");
    assert_eq!(listed(&page3), 5);
    let b3 = buttons(&page3);
    assert!(
        !b3[0].1 && b3[1].1,
        "▶ is disabled on the last page: {page3}"
    );

    let back = t.command(&click(&Actor::member(PAUL), &b3[0].0)).await;
    assert_eq!(back["type"], 7);
    assert_eq!(footer(&back), "Page 2/3 · 25 tâche(s)");
}

async fn taches_page_buttons_keep_working_after_a_restart(db: TestDb) {
    let t = TestApp::new(db);
    twenty_five_tasks(&t).await;
    create_task(&t, &Actor::admin(), JEANNE, "Beautemps", "Tâche de Jeanne").await;
    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "taches",
        json!([u("membre", PAUL), s("statut", "a_faire")]),
    )
    .await;
    assert_eq!(footer(&r), "Page 1/3 · 25 tâche(s)");
    let next = next_button(&r);

    // Nothing of the first process is left but the database.
    let t = t.restart();
    let page2 = t.command(&click(&Actor::member(PAUL), &next)).await;
    assert_eq!(page2["type"], 7, "{page2}");
    assert_eq!(footer(&page2), "Page 2/3 · 25 tâche(s)");
    assert!(title(&page2).contains(&mention(PAUL)), "{page2}");
    assert!(title(&page2).contains("À faire"), "{page2}");
    assert!(!shown(&page2).contains(&mention(JEANNE)), "{page2}");
}

async fn taches_page_button_past_the_end_shows_the_last_page(db: TestDb) {
    let t = TestApp::new(db);
    twenty_five_tasks(&t).await;
    let r = t
        .command(&click(
            &Actor::member(PAUL),
            "taches:4294967295:0:ouvertes:n",
        ))
        .await;
    assert_eq!(r["type"], 7, "{r}");
    assert_eq!(footer(&r), "Page 3/3 · 25 tâche(s)");
    assert_eq!(listed(&r), 5);
}

async fn tampered_page_button_is_an_ephemeral_error(db: TestDb) {
    let t = TestApp::new(db);
    twenty_five_tasks(&t).await;
    for custom_id in [
        "taches:abc",
        "taches:",
        "taches:1:paul:ouvertes:n",
        "taches:1:0:bogus:n",
        "taches:-1:0:ouvertes:n",
        "autre:1:0:ouvertes:n",
        "",
    ] {
        let (status, r) = t.interact(&click(&Actor::member(PAUL), custom_id)).await;
        assert_eq!(status, axum::http::StatusCode::OK, "{custom_id:?}: {r}");
        assert_ephemeral_error(&r, &["bouton n'est plus valide"]);
    }
    assert_eq!(
        t.db.scalar(
            "select count(*) from command_log where source = 'component' and outcome = 'invalid'"
        )
        .await,
        7
    );
}

async fn taches_never_show_another_guilds_tasks(db: TestDb) {
    let t = TestApp::new(db);
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Secret")]),
    )
    .await;
    let secret = create_task(&t, &other_admin, PAUL, "Secret", "Mission secrète").await;
    create_chantier(&t, "Beautemps").await;
    let ours = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;

    for options in [
        json!([]),
        json!([s("statut", "toutes")]),
        json!([u("membre", PAUL)]),
    ] {
        let r = cmd(&t, &Actor::admin(), "taches", options).await;
        assert!(lists(&r, ours), "{r}");
        assert!(!lists(&r, secret) && !shown(&r).contains("secrète"), "{r}");
        assert!(footer(&r).ends_with("· 1 tâche(s)"), "{r}");
    }
    let r = cmd(&t, &other_admin, "taches", json!([])).await;
    assert!(lists(&r, secret) && !lists(&r, ours), "{r}");
}

// ---------------------------------------------------------------------------------------------
// /done

async fn done_by_the_assignee_completes_the_task(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let r = cmd(&t, &Actor::member(PAUL), "done", json!([i("id", id)])).await;
    assert_public(
        &r,
        &[&format!("✅ Tâche #{id} terminée"), "Poser les prises"],
    );
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'terminee' and done_at is not null")
            .await,
        1
    );
}

async fn done_by_the_creator_completes_the_task(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(
        &t,
        &Actor::member(JEANNE),
        PAUL,
        "Beautemps",
        "Poser les prises",
    )
    .await;
    let r = cmd(&t, &Actor::member(JEANNE), "done", json!([i("id", id)])).await;
    assert_public(&r, &["✅"]);
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'terminee'")
            .await,
        1
    );
}

async fn done_by_an_uninvolved_member_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let r = cmd(&t, &Actor::member(JEANNE), "done", json!([i("id", id)])).await;
    assert_ephemeral_error(
        &r,
        &[
            "⛔",
            &format!("#{id}"),
            "créateur",
            "assignée",
            "**manager**",
        ],
    );
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'a_faire'")
            .await,
        1
    );
    assert_eq!(
        t.db.scalar(
            "select count(*) from command_log where command = 'done' and outcome = 'forbidden' \
             and user_id = 333333333333333333"
        )
        .await,
        1
    );
}

async fn done_by_a_member_with_a_manager_role_completes_the_task(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    // Before the mapping the role means nothing.
    let r = cmd(&t, &manager(JEANNE), "done", json!([i("id", id)])).await;
    assert_ephemeral_error(&r, &["⛔"]);
    map_role(&t, "manager", MANAGER_ROLE).await;
    let r = cmd(&t, &manager(JEANNE), "done", json!([i("id", id)])).await;
    assert_public(&r, &["✅"]);
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'terminee'")
            .await,
        1
    );
}

async fn done_twice_is_a_friendly_note(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    cmd(&t, &Actor::member(PAUL), "done", json!([i("id", id)])).await;
    let r = cmd(&t, &Actor::member(PAUL), "done", json!([i("id", id)])).await;
    assert_ephemeral_error(&r, &["👍", &format!("#{id}"), "déjà terminée"]);
    assert_eq!(
        t.db.scalar("select count(*) from command_log where command = 'done' and outcome = 'ok'")
            .await,
        2
    );
}

async fn done_on_an_unknown_id_names_the_id(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(&t, &Actor::admin(), "done", json!([i("id", 999)])).await;
    assert_ephemeral_error(&r, &["#999", "introuvable"]);
    assert_eq!(
        t.db.scalar("select count(*) from command_log where outcome = 'not_found'")
            .await,
        1
    );
}

async fn done_on_another_guilds_task_is_not_found(db: TestDb) {
    let t = TestApp::new(db);
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Secret")]),
    )
    .await;
    let secret = create_task(&t, &other_admin, PAUL, "Secret", "Mission secrète").await;
    // Even its assignee, even a Discord admin, from this guild.
    for actor in [Actor::member(PAUL), Actor::admin()] {
        let r = cmd(&t, &actor, "done", json!([i("id", secret)])).await;
        assert_ephemeral_error(&r, &[&format!("#{secret}"), "introuvable"]);
        assert!(!shown(&r).contains("secrète"), "{r}");
    }
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'a_faire'")
            .await,
        1
    );
}

async fn cancelled_task_cannot_be_done(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    cmd(&t, &Actor::admin(), "annuler", json!([i("id", id)])).await;
    let r = cmd(&t, &Actor::member(PAUL), "done", json!([i("id", id)])).await;
    assert_ephemeral_error(&r, &[&format!("#{id}"), "annulée"]);
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'annulee' and done_at is null")
            .await,
        1
    );
}

// ---------------------------------------------------------------------------------------------
// /reassigner, /annuler

async fn reassigner_by_the_creator_changes_the_assignee(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(
        &t,
        &Actor::member(JEANNE),
        PAUL,
        "Beautemps",
        "Poser les prises",
    )
    .await;
    let r = cmd(
        &t,
        &Actor::member(JEANNE),
        "reassigner",
        json!([i("id", id), u("membre", MARC)]),
    )
    .await;
    assert_public(&r, &[&format!("#{id}"), &mention(PAUL), &mention(MARC)]);

    let marcs = cmd(&t, &Actor::admin(), "taches", json!([u("membre", MARC)])).await;
    assert!(lists(&marcs, id), "{marcs}");
    let pauls = cmd(&t, &Actor::admin(), "taches", json!([u("membre", PAUL)])).await;
    assert!(!lists(&pauls, id), "{pauls}");
    assert!(shown(&pauls).contains("Aucune tâche."), "{pauls}");
}

async fn reassigner_by_the_assignee_who_is_not_the_creator_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    for actor in [Actor::member(PAUL), Actor::member(JEANNE)] {
        let r = cmd(
            &t,
            &actor,
            "reassigner",
            json!([i("id", id), u("membre", JEANNE)]),
        )
        .await;
        assert_ephemeral_error(&r, &["⛔", &format!("#{id}"), "créateur", "**manager**"]);
    }
    assert_eq!(
        t.db.scalar("select count(*) from tasks where assignee_id = 222222222222222222")
            .await,
        1
    );
}

async fn reassigner_by_a_manager_changes_the_assignee(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    let id = create_task(
        &t,
        &Actor::member(PAUL),
        PAUL,
        "Beautemps",
        "Poser les prises",
    )
    .await;
    let r = cmd(
        &t,
        &manager(MARC),
        "reassigner",
        json!([i("id", id), u("membre", JEANNE)]),
    )
    .await;
    assert_public(&r, &["🔁"]);
    assert_eq!(
        t.db.scalar("select count(*) from tasks where assignee_id = 333333333333333333")
            .await,
        1
    );
}

async fn reassigner_to_the_same_member_is_a_note(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", id), u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral_error(&r, &["déjà assignée", &mention(PAUL)]);
}

async fn annuler_keeps_the_task_as_cancelled(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(
        &t,
        &Actor::member(JEANNE),
        PAUL,
        "Beautemps",
        "Poser les prises",
    )
    .await;
    let r = cmd(&t, &Actor::member(JEANNE), "annuler", json!([i("id", id)])).await;
    assert_public(&r, &[&format!("#{id}"), "annulée", "historique"]);

    let open = cmd(&t, &Actor::admin(), "taches", json!([])).await;
    assert!(!lists(&open, id), "{open}");
    let cancelled = cmd(
        &t,
        &Actor::admin(),
        "taches",
        json!([s("statut", "annulee")]),
    )
    .await;
    assert!(lists(&cancelled, id), "{cancelled}");
    assert!(shown(&cancelled).contains("Annulée"), "{cancelled}");
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'annulee'")
            .await,
        1
    );

    let again = cmd(&t, &Actor::member(JEANNE), "annuler", json!([i("id", id)])).await;
    assert_ephemeral_error(&again, &["déjà annulée"]);
}

async fn annuler_is_for_the_creator_or_a_manager(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    for actor in [Actor::member(PAUL), Actor::member(JEANNE), manager(MARC)] {
        let r = cmd(&t, &actor, "annuler", json!([i("id", id)])).await;
        assert_ephemeral_error(&r, &["⛔", "créateur", "**manager**"]);
    }
    assert_eq!(
        t.db.scalar("select count(*) from tasks where status = 'a_faire'")
            .await,
        1
    );
    map_role(&t, "manager", MANAGER_ROLE).await;
    let r = cmd(&t, &manager(MARC), "annuler", json!([i("id", id)])).await;
    assert_public(&r, &["🗑️"]);
    assert_eq!(
        t.db.scalar(
            "select count(*) from command_log where command = 'annuler' and outcome = 'forbidden'"
        )
        .await,
        3
    );
}

async fn done_task_cannot_be_cancelled_or_reassigned(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    cmd(&t, &Actor::member(PAUL), "done", json!([i("id", id)])).await;
    let r = cmd(&t, &Actor::admin(), "annuler", json!([i("id", id)])).await;
    assert_ephemeral_error(&r, &[&format!("#{id}"), "déjà terminée"]);
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", id), u("membre", JEANNE)]),
    )
    .await;
    assert_ephemeral_error(&r, &[&format!("#{id}"), "déjà terminée"]);
    assert_eq!(
        t.db.scalar(
            "select count(*) from tasks where status = 'terminee' \
             and assignee_id = 222222222222222222"
        )
        .await,
        1
    );
}

async fn reassigner_and_annuler_on_unknown_ids_name_the_id(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(&t, &Actor::admin(), "annuler", json!([i("id", 42)])).await;
    assert_ephemeral_error(&r, &["#42", "introuvable"]);
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", 43), u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral_error(&r, &["#43", "introuvable"]);
}

// ---------------------------------------------------------------------------------------------
// /planifier

async fn planifier_requires_manager(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("debut", "17/12"),
            s("fin", "18/12")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["⛔", "**manager**"]);
    assert_eq!(t.db.scalar("select count(*) from planning").await, 0);
    assert_eq!(
        t.db.scalar(
            "select count(*) from command_log where command = 'planifier' and outcome = 'forbidden'"
        )
        .await,
        1
    );
}

async fn discord_administrator_permission_counts_as_admin(db: TestDb) {
    let t = TestApp::at(db, december());
    // No mapped role, only Discord's ADMINISTRATOR bit.
    let boss = Actor {
        permissions: 8,
        ..Actor::member(JEANNE)
    };
    let r = cmd(&t, &boss, "creerchantier", json!([s("nom", "Beautemps")])).await;
    assert_public(&r, &["**Beautemps**"]);
    let r = cmd(
        &t,
        &boss,
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("debut", "17/12"),
            s("fin", "17/12")
        ]),
    )
    .await;
    assert_public(&r, &["📅"]);
    let r = cmd(&t, &boss, "config", json!([sub("voir", json!([]))])).await;
    assert!(is_ephemeral(&r) && !shown(&r).contains("⛔"), "{r}");
}

async fn planifier_saves_and_replies_with_the_dates(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "beautemps"),
            s("debut", "17/12"),
            s("fin", "18/12"),
            s("notes", "Apporter la nacelle")
        ]),
    )
    .await;
    assert_public(
        &r,
        &[
            &mention(PAUL),
            "**Beautemps**",
            "du jeu. 17/12 au ven. 18/12",
        ],
    );
    assert!(!shown(&r).contains("⚠️"), "{r}");
    let one_day = plan(&t, JEANNE, "Beautemps", "21/12", "21/12").await;
    assert_public(&one_day, &["le lun. 21/12"]);
    assert_eq!(
        t.db.scalar(
            "select count(*) from planning where user_id = 222222222222222222 \
             and start_date = '2026-12-17' and end_date = '2026-12-18' \
             and notes = 'Apporter la nacelle' and created_by = 111111111111111111"
        )
        .await,
        1
    );
    assert_eq!(t.db.scalar("select count(*) from planning").await, 2);
}

async fn planifier_with_the_end_before_the_start_is_refused(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "18/12", "17/12").await;
    assert_ephemeral_error(&r, &["17/12/2026", "18/12/2026", "avant"]);
    assert_eq!(t.db.scalar("select count(*) from planning").await, 0);
}

async fn planifier_spans_the_new_year(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "28/12", "03/01").await;
    assert_public(&r, &["du lun. 28/12 au dim. 03/01"]);
    assert_eq!(
        t.db.scalar(
            "select count(*) from planning \
             where start_date = '2026-12-28' and end_date = '2027-01-03'"
        )
        .await,
        1
    );
}

async fn planifier_overlap_is_saved_and_pointed_out(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    create_chantier(&t, "Gare Nord").await;
    let first = plan(&t, PAUL, "Beautemps", "14/12", "18/12").await;
    assert!(!shown(&first).contains("⚠️"), "{first}");
    let second = plan(&t, PAUL, "Gare Nord", "17/12", "17/12").await;
    assert_public(
        &second,
        &["**Gare Nord**", "⚠️", "**Beautemps** 14/12–18/12"],
    );
    // Someone else's entries on the same days are no overlap.
    let jeanne = plan(&t, JEANNE, "Gare Nord", "14/12", "18/12").await;
    assert!(!shown(&jeanne).contains("⚠️"), "{jeanne}");
    assert_eq!(
        t.db.scalar("select count(*) from planning where user_id = 222222222222222222")
            .await,
        2
    );
}

async fn planifier_refuses_bad_dates_and_unknown_chantiers(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "lundi", "18/12").await;
    assert_ephemeral_error(&r, &["`debut`", "lundi", "JJ/MM"]);
    let r = plan(&t, PAUL, "Beautemps", "17/12", "31/02").await;
    assert_ephemeral_error(&r, &["`fin`", "31/02", "JJ/MM"]);
    let r = plan(&t, PAUL, "Beautems", "17/12", "18/12").await;
    assert_ephemeral_error(&r, &["Chantier inconnu", "**Beautemps**"]);
    assert_eq!(t.db.scalar("select count(*) from planning").await, 0);
}

// ---------------------------------------------------------------------------------------------
// /monplanning, /semaine

/// Paul: Beautemps Tue–Wed this week (with notes), Gare Nord next Tuesday, and two entries
/// outside the fortnight. Jeanne: Gare Nord Monday–Wednesday next week.
async fn december_planning(t: &TestApp) {
    for name in ["Beautemps", "Gare Nord", "Beaulieu", "École Jules Ferry"] {
        create_chantier(t, name).await;
    }
    let r = cmd(
        t,
        &Actor::admin(),
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("debut", "15/12"),
            s("fin", "16/12"),
            s("notes", "Nacelle")
        ]),
    )
    .await;
    assert_public(&r, &["📅"]);
    plan(t, PAUL, "Gare Nord", "22/12", "22/12").await;
    plan(t, PAUL, "Beaulieu", "07/12", "11/12").await;
    plan(t, PAUL, "École Jules Ferry", "28/12", "30/12").await;
    plan(t, JEANNE, "Gare Nord", "21/12", "23/12").await;
    assert_eq!(t.db.scalar("select count(*) from planning").await, 5);
}

async fn monplanning_shows_this_week_and_next_by_day(db: TestDb) {
    let t = TestApp::at(db, december());
    december_planning(&t).await;
    let r = cmd(&t, &Actor::member(PAUL), "monplanning", json!([])).await;
    assert_public(&r, &[]);
    assert!(title(&r).contains(&mention(PAUL)), "{r}");
    let text = shown(&r);
    assert!(text.contains("Du lun. 14/12 au dim. 27/12"), "{text}");
    let days: Vec<&str> = text.lines().filter(|l| l.starts_with('`')).collect();
    assert_eq!(
        days,
        [
            "`mar. 15/12` **Beautemps** (Nacelle)",
            "`mer. 16/12` **Beautemps** (Nacelle)",
            "`mar. 22/12` **Gare Nord**",
        ],
        "{text}"
    );
    assert!(
        !text.contains("Beaulieu") && !text.contains("École"),
        "{text}"
    );
}

async fn monplanning_membre_option_shows_someone_elses_planning(db: TestDb) {
    let t = TestApp::at(db, december());
    december_planning(&t).await;
    let r = cmd(
        &t,
        &Actor::member(MARC),
        "monplanning",
        json!([u("membre", JEANNE)]),
    )
    .await;
    assert!(title(&r).contains(&mention(JEANNE)), "{r}");
    for day in ["`lun. 21/12`", "`mar. 22/12`", "`mer. 23/12`"] {
        assert!(shown(&r).contains(day), "{day}: {r}");
    }
    assert!(!shown(&r).contains("Beautemps"), "{r}");

    let own = cmd(&t, &Actor::member(MARC), "monplanning", json!([])).await;
    assert!(title(&own).contains(&mention(MARC)), "{own}");
    assert!(shown(&own).contains("Rien de planifié"), "{own}");
}

/// The first embed's fields as `(name, value)`.
fn fields(r: &Value) -> Vec<(String, String)> {
    r["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {r}"))
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn semaine_shows_monday_to_sunday(db: TestDb) {
    let t = TestApp::at(db, december());
    december_planning(&t).await;
    let r = cmd(&t, &Actor::member(MARC), "semaine", json!([])).await;
    assert_public(&r, &["Semaine du 14/12 au 20/12/2026"]);
    let f = fields(&r);
    let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "lun. 14/12",
            "mar. 15/12",
            "mer. 16/12",
            "jeu. 17/12",
            "ven. 18/12",
            "sam. 19/12",
            "dim. 20/12"
        ]
    );
    let paul_beautemps = format!("{} — **Beautemps**", mention(PAUL));
    assert_eq!(f[0].1, "—");
    assert_eq!(f[1].1, paul_beautemps);
    assert_eq!(f[2].1, paul_beautemps);
    assert!(f[3..].iter().all(|(_, v)| v == "—"), "{r}");
    assert!(!shown(&r).contains(&mention(JEANNE)), "{r}");
}

async fn semaine_decalage_moves_by_weeks(db: TestDb) {
    let t = TestApp::at(db, december());
    december_planning(&t).await;
    let next = cmd(
        &t,
        &Actor::member(MARC),
        "semaine",
        json!([i("decalage", 1)]),
    )
    .await;
    assert!(title(&next).contains("21/12 au 27/12/2026"), "{next}");
    let f = fields(&next);
    assert_eq!(f[0].0, "lun. 21/12");
    assert_eq!(f[6].0, "dim. 27/12");
    assert_eq!(f[0].1, format!("{} — **Gare Nord**", mention(JEANNE)));
    assert_eq!(
        f[1].1,
        format!(
            "{} — **Gare Nord**\n{} — **Gare Nord**",
            mention(JEANNE),
            mention(PAUL)
        )
    );
    assert!(!shown(&next).contains("École"), "{next}");

    let after = cmd(
        &t,
        &Actor::member(MARC),
        "semaine",
        json!([i("decalage", 2)]),
    )
    .await;
    assert!(title(&after).contains("28/12 au 03/01/2027"), "{after}");
    assert!(shown(&after).contains("**École Jules Ferry**"), "{after}");

    let last = cmd(
        &t,
        &Actor::member(MARC),
        "semaine",
        json!([i("decalage", -1)]),
    )
    .await;
    assert!(title(&last).contains("07/12 au 13/12/2026"), "{last}");
    assert!(shown(&last).contains("**Beaulieu**"), "{last}");

    let empty = cmd(
        &t,
        &Actor::member(MARC),
        "semaine",
        json!([i("decalage", 3)]),
    )
    .await;
    assert!(shown(&empty).contains("Rien de planifié"), "{empty}");

    let far = cmd(
        &t,
        &Actor::member(MARC),
        "semaine",
        json!([i("decalage", 53)]),
    )
    .await;
    assert_ephemeral_error(&far, &["`decalage`", "53"]);
}

// ---------------------------------------------------------------------------------------------
// /creerchantier, /chantiers

async fn creerchantier_is_admin_only(db: TestDb) {
    let t = TestApp::new(db);
    map_role(&t, "manager", MANAGER_ROLE).await;
    for actor in [Actor::member(PAUL), manager(JEANNE)] {
        let r = cmd(&t, &actor, "creerchantier", json!([s("nom", "Beautemps")])).await;
        assert_ephemeral_error(&r, &["⛔", "**admin**"]);
    }
    assert_eq!(t.db.scalar("select count(*) from chantiers").await, 0);
    map_role(&t, "admin", ADMIN_ROLE).await;
    let r = cmd(
        &t,
        &Actor::member(PAUL).with_roles(&[ADMIN_ROLE]),
        "creerchantier",
        json!([s("nom", "Beautemps")]),
    )
    .await;
    assert_public(&r, &["🏗️", "**Beautemps**"]);
}

async fn creerchantier_refuses_a_duplicate_name_whatever_the_case(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(
        &t,
        &Actor::admin(),
        "creerchantier",
        json!([s("nom", "  Gare   Nord ")]),
    )
    .await;
    assert_public(&r, &["Chantier **Gare Nord** créé"]);
    create_chantier(&t, "École Jules Ferry").await;
    for duplicate in [
        "Gare Nord",
        "gare nord",
        "GARE  NORD",
        "école jules ferry",
        "ÉCOLE JULES FERRY",
    ] {
        let r = cmd(
            &t,
            &Actor::admin(),
            "creerchantier",
            json!([s("nom", duplicate)]),
        )
        .await;
        assert_ephemeral_error(&r, &["existe déjà"]);
    }
    assert_eq!(t.db.scalar("select count(*) from chantiers").await, 2);
    // Another guild may use the same name.
    let r = cmd(
        &t,
        &Actor::admin().in_guild(OTHER_GUILD),
        "creerchantier",
        json!([s("nom", "Gare Nord")]),
    )
    .await;
    assert_public(&r, &["**Gare Nord**"]);
}

async fn chantiers_are_listed_alphabetically_ignoring_accents(db: TestDb) {
    let t = TestApp::new(db);
    for name in ["Zola", "École Jules Ferry", "beautemps", "Gare Nord"] {
        create_chantier(&t, name).await;
    }
    let r = t
        .command(&slash(&Actor::member(PAUL), "chantiers", json!([])))
        .await;
    let text = shown(&r);
    let order: Vec<usize> = ["beautemps", "École", "Gare Nord", "Zola"]
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("{n} missing: {text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

async fn chantiers_lists_active_ones_with_open_task_counts(db: TestDb) {
    let t = TestApp::new(db);
    let empty = cmd(&t, &Actor::member(PAUL), "chantiers", json!([])).await;
    assert!(shown(&empty).contains("Aucun chantier actif"), "{empty}");

    for name in ["Gare Nord", "Beautemps", "École Jules Ferry", "Beaulieu"] {
        create_chantier(&t, name).await;
    }
    for description in ["A", "B", "C"] {
        create_task(&t, &Actor::admin(), PAUL, "Beautemps", description).await;
    }
    cmd(&t, &Actor::admin(), "done", json!([i("id", 3)])).await;
    create_task(&t, &Actor::admin(), PAUL, "Gare Nord", "D").await;
    create_task(&t, &Actor::admin(), PAUL, "Gare Nord", "E").await;
    cmd(&t, &Actor::admin(), "annuler", json!([i("id", 5)])).await;
    t.db.execute("update chantiers set archived = true where name = 'Beaulieu'")
        .await;
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Secret")]),
    )
    .await;

    let r = cmd(&t, &Actor::member(PAUL), "chantiers", json!([])).await;
    assert_public(&r, &["Chantiers actifs"]);
    let mut lines: Vec<&str> = r["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .lines()
        .collect();
    // Where the accented name sorts depends on the backend's collation (see the report).
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "🏗️ **Beautemps** — 2 tâches ouvertes",
            "🏗️ **Gare Nord** — 1 tâche ouverte",
            "🏗️ **École Jules Ferry** — aucune tâche ouverte",
        ],
        "{r}"
    );
}

// ---------------------------------------------------------------------------------------------
// /config

async fn config_role_manager_grants_planifier_until_removed(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let t = &t;
    let planifier = |actor: Actor| async move {
        cmd(
            t,
            &actor,
            "planifier",
            json!([
                u("membre", MARC),
                s("chantier", "Beautemps"),
                s("debut", "17/12"),
                s("fin", "17/12")
            ]),
        )
        .await
    };
    assert_ephemeral_error(&planifier(manager(PAUL)).await, &["**manager**"]);

    let r = map_role(t, "manager", MANAGER_ROLE).await;
    assert_public(&r, &[&format!("<@&{MANAGER_ROLE}>"), "niveau **manager**"]);
    assert_eq!(t.db.scalar("select count(*) from role_levels").await, 1);
    assert_public(&planifier(manager(PAUL)).await, &["📅"]);
    // The role is what counts, not the user.
    assert_ephemeral_error(&planifier(Actor::member(PAUL)).await, &["⛔"]);

    let r = map_role(t, "membre", MANAGER_ROLE).await;
    assert_public(&r, &[&format!("<@&{MANAGER_ROLE}>"), "ne donne plus"]);
    assert_eq!(t.db.scalar("select count(*) from role_levels").await, 0);
    assert_ephemeral_error(&planifier(manager(PAUL)).await, &["⛔", "**manager**"]);
    assert_eq!(t.db.scalar("select count(*) from planning").await, 1);
}

async fn config_voir_shows_the_mappings_to_the_caller_only(db: TestDb) {
    let t = TestApp::new(db);
    let voir = json!([sub("voir", json!([]))]);
    let r = cmd(&t, &Actor::admin(), "config", voir.clone()).await;
    assert_ephemeral_error(&r, &["Aucun rôle associé"]);

    map_role(&t, "manager", MANAGER_ROLE).await;
    map_role(&t, "admin", ADMIN_ROLE).await;
    let r = cmd(&t, &Actor::admin(), "config", voir).await;
    assert!(is_ephemeral(&r), "{r}");
    assert_eq!(
        field(&r, "Rôles → niveaux"),
        format!("<@&{ADMIN_ROLE}> → **admin**\n<@&{MANAGER_ROLE}> → **manager**")
    );
    assert!(footer(&r).contains("Administrateur"), "{r}");
}

async fn config_is_admin_only(db: TestDb) {
    let t = TestApp::new(db);
    map_role(&t, "manager", MANAGER_ROLE).await;
    for actor in [Actor::member(PAUL), manager(JEANNE)] {
        let voir = cmd(&t, &actor, "config", json!([sub("voir", json!([]))])).await;
        assert_ephemeral_error(&voir, &["⛔", "**admin**"]);
        // A manager cannot promote their own role.
        let promote = cmd(
            &t,
            &actor,
            "config",
            json!([sub(
                "role",
                json!([s("niveau", "admin"), r("role", MANAGER_ROLE)])
            )]),
        )
        .await;
        assert_ephemeral_error(&promote, &["⛔", "**admin**"]);
    }
    assert_eq!(
        t.db.scalar("select count(*) from role_levels where level = 'admin'")
            .await,
        0
    );
}

// ---------------------------------------------------------------------------------------------
// /aide, /info, /ping

async fn aide_lists_every_declared_command(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(&t, &Actor::member(PAUL), "aide", json!([])).await;
    assert!(is_ephemeral(&r), "{r}");
    let declared = gvbot::commands::declarations();
    assert!(declared.len() >= 14);
    let description = r["data"]["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(description.lines().count(), declared.len(), "{r}");
    for d in declared {
        assert!(
            description.contains(&format!("**/{}** — ", d.data.name)),
            "/{} missing from {r}",
            d.data.name
        );
    }
}

async fn aide_commande_shows_usage_and_options(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "aide",
        json!([s("commande", "tache")]),
    )
    .await;
    assert!(is_ephemeral(&r), "{r}");
    assert_eq!(title(&r), "/tache");
    assert_eq!(
        field(&r, "Utilisation"),
        "`/tache membre chantier description [echeance]`"
    );
    assert!(
        field(&r, "Options").contains("• **echeance** — Échéance (JJ/MM) (facultatif)"),
        "{r}"
    );

    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "aide",
        json!([s("commande", "/config")]),
    )
    .await;
    assert_eq!(
        field(&r, "Utilisation"),
        "`/config role niveau role | /config voir | /config salon type salon`"
    );
    assert!(field(&r, "Options").contains("**role › niveau**"), "{r}");
}

async fn aide_on_an_unknown_command_is_an_error(db: TestDb) {
    let t = TestApp::new(db);
    let r = cmd(
        &t,
        &Actor::member(PAUL),
        "aide",
        json!([s("commande", "recherche")]),
    )
    .await;
    assert_ephemeral_error(&r, &["`recherche`", "/aide"]);
    assert_eq!(
        t.db.scalar(
            "select count(*) from command_log where command = 'aide' and outcome = 'not_found'"
        )
        .await,
        1
    );
}

async fn info_shows_version_backend_and_counts(db: TestDb) {
    let t = TestApp::new(db);
    for name in ["Beautemps", "Gare Nord", "Beaulieu"] {
        create_chantier(&t, name).await;
    }
    t.db.execute("update chantiers set archived = true where name = 'Beaulieu'")
        .await;
    for description in ["A", "B", "C"] {
        create_task(&t, &Actor::admin(), PAUL, "Beautemps", description).await;
    }
    cmd(&t, &Actor::admin(), "done", json!([i("id", 1)])).await;
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Secret")]),
    )
    .await;
    create_task(&t, &other_admin, PAUL, "Secret", "Mission").await;

    let r = cmd(&t, &Actor::member(PAUL), "info", json!([])).await;
    assert_public(&r, &["gvbot"]);
    assert_eq!(field(&r, "Version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(field(&r, "Base de données"), t.db.backend().as_str());
    assert_eq!(field(&r, "Tâches (ouvertes / total)"), "2 / 3");
    assert_eq!(field(&r, "Chantiers actifs"), "2");
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

async fn chantier_autocomplete_ignores_case_and_accents(db: TestDb) {
    let t = TestApp::new(db);
    for name in [
        "Beautemps",
        "Beaulieu",
        "Gare Nord",
        "École Jules Ferry",
        "Résidence Les Pins",
    ] {
        create_chantier(&t, name).await;
    }
    let actor = Actor::member(PAUL);
    for (command, typed, first) in [
        ("tache", "rés", "Résidence Les Pins"),
        ("tache", "RES", "Résidence Les Pins"),
        ("tache", "ecole", "École Jules Ferry"),
        ("planifier", "pins", "Résidence Les Pins"),
        ("planifier", "gare", "Gare Nord"),
    ] {
        let r = t
            .command(&autocomplete(&actor, command, "chantier", typed))
            .await;
        let names = choices(&r);
        assert_eq!(
            names.first().map(String::as_str),
            Some(first),
            "{typed:?}: {r}"
        );
    }
    let r = t
        .command(&autocomplete(&actor, "tache", "chantier", "beau"))
        .await;
    assert_eq!(choices(&r)[..2], ["Beaulieu", "Beautemps"]);
    let r = t
        .command(&autocomplete(&actor, "tache", "chantier", ""))
        .await;
    assert_eq!(choices(&r).len(), 5);
    // Autocomplete is no command: nothing is logged.
    assert_eq!(
        t.db.scalar("select count(*) from command_log where command = 'tache'")
            .await,
        0
    );
}

async fn chantier_autocomplete_offers_at_most_25_choices(db: TestDb) {
    let t = TestApp::new(db);
    for n in 1..=30 {
        create_chantier(&t, &format!("Chantier {n:02}")).await;
    }
    for typed in ["", "chantier", "CHANT"] {
        let r = t
            .command(&autocomplete(
                &Actor::member(PAUL),
                "tache",
                "chantier",
                typed,
            ))
            .await;
        assert_eq!(choices(&r).len(), 25, "{typed:?}: {r}");
    }
    let r = t
        .command(&autocomplete(
            &Actor::member(PAUL),
            "tache",
            "chantier",
            "chantier 3",
        ))
        .await;
    assert_eq!(choices(&r)[0], "Chantier 30");
}

async fn chantier_autocomplete_ignores_other_guilds(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Résidence Les Pins").await;
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    cmd(
        &t,
        &other_admin,
        "creerchantier",
        json!([s("nom", "Résidence Secrète")]),
    )
    .await;
    let ours = t
        .command(&autocomplete(
            &Actor::member(PAUL),
            "tache",
            "chantier",
            "rés",
        ))
        .await;
    assert_eq!(choices(&ours), ["Résidence Les Pins"]);
    let theirs = t
        .command(&autocomplete(&other_admin, "tache", "chantier", "rés"))
        .await;
    assert_eq!(choices(&theirs), ["Résidence Secrète"]);
}

async fn aide_autocomplete_suggests_command_names(db: TestDb) {
    let t = TestApp::new(db);
    let actor = Actor::member(PAUL);
    let all = t
        .command(&autocomplete(&actor, "aide", "commande", ""))
        .await;
    let declared: Vec<String> = gvbot::commands::declarations()
        .into_iter()
        .map(|d| d.data.name.clone())
        .collect();
    assert_eq!(choices(&all), declared);
    let r = t
        .command(&autocomplete(&actor, "aide", "commande", "tache"))
        .await;
    assert_eq!(choices(&r), ["tache", "taches"]);
    let r = t
        .command(&autocomplete(&actor, "aide", "commande", "/pl"))
        .await;
    assert_eq!(choices(&r), ["planifier", "monplanning"]);
    let r = t
        .command(&autocomplete(&actor, "aide", "commande", "planning"))
        .await;
    assert_eq!(choices(&r), ["monplanning"]);
}

// ---------------------------------------------------------------------------------------------
// English

async fn english_locale_gets_english_replies(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let paul = Actor::member(PAUL).locale("en-US");
    let jeanne = Actor::member(JEANNE).locale("en-US");

    let r = cmd(
        &t,
        &paul,
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Fit the sockets"),
            s("echeance", "05/01")
        ]),
    )
    .await;
    assert_public(&r, &["a task was assigned to you", "New task #1"]);
    assert_eq!(field(&r, "Assigned to"), mention(PAUL));
    assert_eq!(field(&r, "Due"), "05/01/2027");
    assert!(footer(&r).contains("To do"), "{r}");

    let r = cmd(&t, &jeanne, "done", json!([i("id", 1)])).await;
    assert_ephemeral_error(&r, &["Only the creator of task #1", "**manager**"]);
    let r = cmd(&t, &jeanne, "done", json!([i("id", 77)])).await;
    assert_ephemeral_error(&r, &["Task #77 not found"]);
    let r = plan(&t, PAUL, "Beautemps", "bad", "18/12").await;
    assert!(
        shown(&r).contains("JJ/MM"),
        "French for a French actor: {r}"
    );
    let r = cmd(
        &t,
        &jeanne,
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("debut", "17/12"),
            s("fin", "18/12")
        ]),
    )
    .await;
    assert_ephemeral_error(&r, &["needs the **manager** level"]);
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
    cmd(
        &t,
        &paul,
        "planifier",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("debut", "17/12"),
            s("fin", "18/12")
        ]),
    )
    .await; // forbidden
    cmd(
        &t,
        &paul,
        "tache",
        json!([
            u("membre", PAUL),
            s("chantier", "Beautemps"),
            s("description", "Poser les prises"),
            s("echeance", "demain")
        ]),
    )
    .await; // invalid
    cmd(&t, &paul, "done", json!([i("id", 404)])).await; // not_found
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

both_backends!(
    chantiers_are_listed_alphabetically_ignoring_accents,
    tache_creates_an_open_task_and_shows_it,
    tache_without_echeance_has_no_due_date,
    tache_january_echeance_typed_in_december_is_next_year,
    tache_with_a_bad_date_names_the_expected_format,
    tache_on_unknown_chantier_suggests_at_most_three_closest_names,
    tache_chantier_name_is_case_insensitive,
    tache_with_blank_description_is_refused,
    tache_on_a_chantier_of_another_guild_is_unknown,
    tache_on_an_archived_chantier_is_refused,
    taches_lists_only_open_tasks_by_default,
    taches_statut_filter_selects_one_status_or_all,
    taches_membre_filter_shows_only_that_members_tasks,
    taches_paginates_by_ten_with_buttons,
    taches_page_buttons_keep_working_after_a_restart,
    taches_page_button_past_the_end_shows_the_last_page,
    tampered_page_button_is_an_ephemeral_error,
    taches_never_show_another_guilds_tasks,
    done_by_the_assignee_completes_the_task,
    done_by_the_creator_completes_the_task,
    done_by_an_uninvolved_member_is_refused,
    done_by_a_member_with_a_manager_role_completes_the_task,
    done_twice_is_a_friendly_note,
    done_on_an_unknown_id_names_the_id,
    done_on_another_guilds_task_is_not_found,
    cancelled_task_cannot_be_done,
    reassigner_by_the_creator_changes_the_assignee,
    reassigner_by_the_assignee_who_is_not_the_creator_is_refused,
    reassigner_by_a_manager_changes_the_assignee,
    reassigner_to_the_same_member_is_a_note,
    annuler_keeps_the_task_as_cancelled,
    annuler_is_for_the_creator_or_a_manager,
    done_task_cannot_be_cancelled_or_reassigned,
    reassigner_and_annuler_on_unknown_ids_name_the_id,
    planifier_requires_manager,
    discord_administrator_permission_counts_as_admin,
    planifier_saves_and_replies_with_the_dates,
    planifier_with_the_end_before_the_start_is_refused,
    planifier_spans_the_new_year,
    planifier_overlap_is_saved_and_pointed_out,
    planifier_refuses_bad_dates_and_unknown_chantiers,
    monplanning_shows_this_week_and_next_by_day,
    monplanning_membre_option_shows_someone_elses_planning,
    semaine_shows_monday_to_sunday,
    semaine_decalage_moves_by_weeks,
    creerchantier_is_admin_only,
    creerchantier_refuses_a_duplicate_name_whatever_the_case,
    chantiers_lists_active_ones_with_open_task_counts,
    config_role_manager_grants_planifier_until_removed,
    config_voir_shows_the_mappings_to_the_caller_only,
    config_is_admin_only,
    aide_lists_every_declared_command,
    aide_commande_shows_usage_and_options,
    aide_on_an_unknown_command_is_an_error,
    info_shows_version_backend_and_counts,
    chantier_autocomplete_ignores_case_and_accents,
    chantier_autocomplete_offers_at_most_25_choices,
    chantier_autocomplete_ignores_other_guilds,
    aide_autocomplete_suggests_command_names,
    english_locale_gets_english_replies,
    every_invocation_is_logged_with_its_outcome,
);
