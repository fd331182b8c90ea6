//! `/tache`, `/taches`, `/done`, `/reassigner`, `/annuler` (`src/commands/taches.rs`).

use super::*;

// ---------------------------------------------------------------------------------------------
// /tache

async fn tache_creates_an_open_task_and_shows_it(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = tache_due(
        &t,
        &Actor::admin(),
        PAUL,
        "Beautemps",
        "Vérifier le tableau électrique",
        "18/12",
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
    t.db.assert_scalar(
        "select count(*) from tasks where id = 1 and status = 'a_faire' \
             and assignee_id = 222222222222222222 and creator_id = 111111111111111111 \
             and guild_id = 900000000000000001 and due_date = '2026-12-18' and done_at is null",
        1,
    )
    .await;
}

async fn tache_without_echeance_has_no_due_date(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let id = create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let r = cmd(&t, &Actor::admin(), "taches", json!([])).await;
    assert!(lists(&r, id), "{r}");
    assert!(!shown(&r).contains("échéance"), "{r}");
    t.db.assert_scalar("select count(*) from tasks where due_date is null", 1)
        .await;
}

async fn tache_january_echeance_typed_in_december_is_next_year(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let r = tache_due(
        &t,
        &Actor::admin(),
        PAUL,
        "Beautemps",
        "Réception du chantier",
        "05/01",
    )
    .await;
    assert_eq!(field(&r, "Échéance"), "05/01/2027");
    let r = tache_due(
        &t,
        &Actor::admin(),
        PAUL,
        "Beautemps",
        "Contrôle Consuel",
        "05/01/2030",
    )
    .await;
    assert_eq!(field(&r, "Échéance"), "05/01/2030");
    t.db.assert_scalar(
        "select count(*) from tasks where due_date = '2027-01-05'",
        1,
    )
    .await;
}

async fn tache_with_a_bad_date_names_the_expected_format(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    for bad in ["32/12", "demain", "12/13", "1/2/3/4"] {
        let r = tache_due(
            &t,
            &Actor::admin(),
            PAUL,
            "Beautemps",
            "Tirer les câbles",
            bad,
        )
        .await;
        assert_ephemeral(&r, &["echeance", bad, "JJ/MM"]);
    }
    t.db.assert_scalar("select count(*) from tasks", 0).await;
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
    let r = tache(&t, &Actor::admin(), PAUL, "beautmps", "Tirer les câbles").await;
    assert_ephemeral(&r, &["beautmps", "**Beautemps**"]);
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
    t.db.assert_scalar("select count(*) from tasks", 0).await;

    // Nothing close at all: no suggestion, a pointer to the list.
    let r = tache(&t, &Actor::admin(), PAUL, "zzzzqqq", "Tirer les câbles").await;
    assert_ephemeral(&r, &["zzzzqqq", "/chantiers"]);
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
        let r = tache(&t, &Actor::admin(), PAUL, typed, "Tirer les câbles").await;
        assert_eq!(field(&r, "Chantier"), name, "{typed:?}: {r}");
    }
    t.db.assert_scalar("select count(*) from tasks", 5).await;
}

async fn tache_with_blank_description_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beautemps").await;
    for blank in ["", "   ", "\n\t "] {
        let r = tache(&t, &Actor::admin(), PAUL, "Beautemps", blank).await;
        assert_ephemeral(&r, &["`description`", "vide"]);
    }
    t.db.assert_scalar("select count(*) from tasks", 0).await;
}

async fn tache_on_a_chantier_of_another_guild_is_unknown(db: TestDb) {
    let t = TestApp::new(db);
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    let created = creerchantier(&t, &other_admin, "Chantier Secret").await;
    assert_public(&created, &["Chantier Secret"]);
    let r = tache(
        &t,
        &Actor::admin(),
        PAUL,
        "Chantier Secret",
        "Tirer les câbles",
    )
    .await;
    assert_ephemeral(&r, &["Chantier inconnu", "Chantier Secret"]);
    assert!(!shown(&r).contains("**Chantier Secret**"), "{r}");
    t.db.assert_scalar("select count(*) from tasks", 0).await;
}

async fn tache_on_an_archived_chantier_is_refused(db: TestDb) {
    let t = TestApp::new(db);
    create_chantier(&t, "Beaulieu").await;
    t.db.execute("update chantiers set archived = true where name = 'Beaulieu'")
        .await;
    let r = tache(&t, &Actor::admin(), PAUL, "beaulieu", "Tirer les câbles").await;
    assert_ephemeral(&r, &["**Beaulieu**", "archivé"]);
    // Nor is it offered any more.
    let offered = t
        .command(&autocomplete(&Actor::admin(), "tache", "chantier", "beau"))
        .await;
    assert!(choices(&offered).is_empty(), "{offered}");
    t.db.assert_scalar("select count(*) from tasks", 0).await;
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
        assert_ephemeral(&r, &["bouton n'est plus valide"]);
    }
    t.db.assert_scalar(
        "select count(*) from command_log where source = 'component' and outcome = 'invalid'",
        7,
    )
    .await;
}

async fn taches_never_show_another_guilds_tasks(db: TestDb) {
    let t = TestApp::new(db);
    let (other_admin, secret) = secret_task(&t).await;
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
    let (t, id) = one_task_by(db, Actor::admin()).await;
    let r = done(&t, &Actor::member(PAUL), id).await;
    assert_public(
        &r,
        &[&format!("✅ Tâche #{id} terminée"), "Poser les prises"],
    );
    t.db.assert_scalar(
        "select count(*) from tasks where status = 'terminee' and done_at is not null",
        1,
    )
    .await;
}

async fn done_by_the_creator_completes_the_task(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::member(JEANNE)).await;
    let r = done(&t, &Actor::member(JEANNE), id).await;
    assert_public(&r, &["✅"]);
    t.db.assert_scalar("select count(*) from tasks where status = 'terminee'", 1)
        .await;
}

async fn done_by_an_uninvolved_member_is_refused(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    let r = done(&t, &Actor::member(JEANNE), id).await;
    assert_ephemeral(
        &r,
        &[
            "⛔",
            &format!("#{id}"),
            "créateur",
            "assignée",
            "**manager**",
        ],
    );
    t.db.assert_scalar("select count(*) from tasks where status = 'a_faire'", 1)
        .await;
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'done' and outcome = 'forbidden' \
             and user_id = 333333333333333333",
        1,
    )
    .await;
}

async fn done_by_a_member_with_a_manager_role_completes_the_task(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    // Before the mapping the role means nothing.
    let r = done(&t, &manager(JEANNE), id).await;
    assert_ephemeral(&r, &["⛔"]);
    map_role(&t, "manager", MANAGER_ROLE).await;
    let r = done(&t, &manager(JEANNE), id).await;
    assert_public(&r, &["✅"]);
    t.db.assert_scalar("select count(*) from tasks where status = 'terminee'", 1)
        .await;
}

async fn done_twice_is_a_friendly_note(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    done(&t, &Actor::member(PAUL), id).await;
    let r = done(&t, &Actor::member(PAUL), id).await;
    assert_ephemeral(&r, &["👍", &format!("#{id}"), "déjà terminée"]);
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'done' and outcome = 'ok'",
        2,
    )
    .await;
}

async fn done_on_an_unknown_id_names_the_id(db: TestDb) {
    let t = TestApp::new(db);
    let r = done(&t, &Actor::admin(), 999).await;
    assert_ephemeral(&r, &["#999", "introuvable"]);
    t.db.assert_scalar(
        "select count(*) from command_log where outcome = 'not_found'",
        1,
    )
    .await;
}

async fn done_on_another_guilds_task_is_not_found(db: TestDb) {
    let t = TestApp::new(db);
    let (_, secret) = secret_task(&t).await;
    // Even its assignee, even a Discord admin, from this guild.
    for actor in [Actor::member(PAUL), Actor::admin()] {
        let r = done(&t, &actor, secret).await;
        assert_ephemeral(&r, &[&format!("#{secret}"), "introuvable"]);
        assert!(!shown(&r).contains("secrète"), "{r}");
    }
    t.db.assert_scalar("select count(*) from tasks where status = 'a_faire'", 1)
        .await;
}

async fn cancelled_task_cannot_be_done(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    annuler(&t, &Actor::admin(), id).await;
    let r = done(&t, &Actor::member(PAUL), id).await;
    assert_ephemeral(&r, &[&format!("#{id}"), "annulée"]);
    t.db.assert_scalar(
        "select count(*) from tasks where status = 'annulee' and done_at is null",
        1,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// /reassigner, /annuler

async fn reassigner_by_the_creator_changes_the_assignee(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::member(JEANNE)).await;
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
    let (t, id) = one_task_by(db, Actor::admin()).await;
    for actor in [Actor::member(PAUL), Actor::member(JEANNE)] {
        let r = cmd(
            &t,
            &actor,
            "reassigner",
            json!([i("id", id), u("membre", JEANNE)]),
        )
        .await;
        assert_ephemeral(&r, &["⛔", &format!("#{id}"), "créateur", "**manager**"]);
    }
    t.db.assert_scalar(
        "select count(*) from tasks where assignee_id = 222222222222222222",
        1,
    )
    .await;
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
    t.db.assert_scalar(
        "select count(*) from tasks where assignee_id = 333333333333333333",
        1,
    )
    .await;
}

async fn reassigner_to_the_same_member_is_a_note(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", id), u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral(&r, &["déjà assignée", &mention(PAUL)]);
}

async fn annuler_keeps_the_task_as_cancelled(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::member(JEANNE)).await;
    let r = annuler(&t, &Actor::member(JEANNE), id).await;
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
    t.db.assert_scalar("select count(*) from tasks where status = 'annulee'", 1)
        .await;

    let again = annuler(&t, &Actor::member(JEANNE), id).await;
    assert_ephemeral(&again, &["déjà annulée"]);
}

async fn annuler_is_for_the_creator_or_a_manager(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    for actor in [Actor::member(PAUL), Actor::member(JEANNE), manager(MARC)] {
        let r = annuler(&t, &actor, id).await;
        assert_ephemeral(&r, &["⛔", "créateur", "**manager**"]);
    }
    t.db.assert_scalar("select count(*) from tasks where status = 'a_faire'", 1)
        .await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    let r = annuler(&t, &manager(MARC), id).await;
    assert_public(&r, &["🗑️"]);
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'annuler' and outcome = 'forbidden'",
        3,
    )
    .await;
}

async fn done_task_cannot_be_cancelled_or_reassigned(db: TestDb) {
    let (t, id) = one_task_by(db, Actor::admin()).await;
    done(&t, &Actor::member(PAUL), id).await;
    let r = annuler(&t, &Actor::admin(), id).await;
    assert_ephemeral(&r, &[&format!("#{id}"), "déjà terminée"]);
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", id), u("membre", JEANNE)]),
    )
    .await;
    assert_ephemeral(&r, &[&format!("#{id}"), "déjà terminée"]);
    t.db.assert_scalar(
        "select count(*) from tasks where status = 'terminee' \
             and assignee_id = 222222222222222222",
        1,
    )
    .await;
}

async fn reassigner_and_annuler_on_unknown_ids_name_the_id(db: TestDb) {
    let t = TestApp::new(db);
    let r = annuler(&t, &Actor::admin(), 42).await;
    assert_ephemeral(&r, &["#42", "introuvable"]);
    let r = cmd(
        &t,
        &Actor::admin(),
        "reassigner",
        json!([i("id", 43), u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral(&r, &["#43", "introuvable"]);
}

both_backends!(
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
);
