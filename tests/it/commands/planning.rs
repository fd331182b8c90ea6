//! `/planifier`, `/monplanning`, `/semaine` (`src/commands/planning.rs`).

use super::*;

// ---------------------------------------------------------------------------------------------
// /planifier

async fn planifier_requires_manager(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = planifier(
        &t,
        &Actor::member(PAUL),
        PAUL,
        "Beautemps",
        "17/12",
        "18/12",
    )
    .await;
    assert_ephemeral(&r, &["⛔", "**manager**"]);
    t.db.assert_scalar("select count(*) from planning", 0).await;
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'planifier' and outcome = 'forbidden'",
        1,
    )
    .await;
}

async fn discord_administrator_permission_counts_as_admin(db: TestDb) {
    let t = TestApp::at(db, december());
    // No mapped role, only Discord's ADMINISTRATOR bit.
    let boss = Actor {
        permissions: 8,
        ..Actor::member(JEANNE)
    };
    let r = creerchantier(&t, &boss, "Beautemps").await;
    assert_public(&r, &["**Beautemps**"]);
    let r = planifier(&t, &boss, PAUL, "Beautemps", "17/12", "17/12").await;
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
    t.db.assert_scalar(
        "select count(*) from planning where user_id = 222222222222222222 \
             and start_date = '2026-12-17' and end_date = '2026-12-18' \
             and notes = 'Apporter la nacelle' and created_by = 111111111111111111",
        1,
    )
    .await;
    t.db.assert_scalar("select count(*) from planning", 2).await;
}

async fn planifier_with_the_end_before_the_start_is_refused(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "18/12", "17/12").await;
    assert_ephemeral(&r, &["17/12/2026", "18/12/2026", "avant"]);
    t.db.assert_scalar("select count(*) from planning", 0).await;
}

async fn planifier_spans_the_new_year(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "28/12", "03/01").await;
    assert_public(&r, &["du lun. 28/12 au dim. 03/01"]);
    t.db.assert_scalar(
        "select count(*) from planning \
             where start_date = '2026-12-28' and end_date = '2027-01-03'",
        1,
    )
    .await;
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
    t.db.assert_scalar(
        "select count(*) from planning where user_id = 222222222222222222",
        2,
    )
    .await;
}

async fn planifier_refuses_bad_dates_and_unknown_chantiers(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = plan(&t, PAUL, "Beautemps", "lundi", "18/12").await;
    assert_ephemeral(&r, &["`debut`", "lundi", "JJ/MM"]);
    let r = plan(&t, PAUL, "Beautemps", "17/12", "31/02").await;
    assert_ephemeral(&r, &["`fin`", "31/02", "JJ/MM"]);
    let r = plan(&t, PAUL, "Beautems", "17/12", "18/12").await;
    assert_ephemeral(&r, &["Chantier inconnu", "**Beautemps**"]);
    t.db.assert_scalar("select count(*) from planning", 0).await;
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
    t.db.assert_scalar("select count(*) from planning", 5).await;
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
    assert_ephemeral(&far, &["`decalage`", "53"]);
}

both_backends!(
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
);
