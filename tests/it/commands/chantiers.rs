//! `/creerchantier`, `/chantiers` and the chantier autocomplete (`src/commands/chantiers.rs`).

use super::*;

// ---------------------------------------------------------------------------------------------
// /creerchantier, /chantiers

async fn creerchantier_is_admin_only(db: TestDb) {
    let t = TestApp::new(db);
    map_role(&t, "manager", MANAGER_ROLE).await;
    for actor in [Actor::member(PAUL), manager(JEANNE)] {
        let r = creerchantier(&t, &actor, "Beautemps").await;
        assert_ephemeral(&r, &["⛔", "**admin**"]);
    }
    t.db.assert_scalar("select count(*) from chantiers", 0)
        .await;
    map_role(&t, "admin", ADMIN_ROLE).await;
    let r = creerchantier(
        &t,
        &Actor::member(PAUL).with_roles(&[ADMIN_ROLE]),
        "Beautemps",
    )
    .await;
    assert_public(&r, &["🏗️", "**Beautemps**"]);
}

async fn creerchantier_refuses_a_duplicate_name_whatever_the_case(db: TestDb) {
    let t = TestApp::new(db);
    let r = creerchantier(&t, &Actor::admin(), "  Gare   Nord ").await;
    assert_public(&r, &["Chantier **Gare Nord** créé"]);
    create_chantier(&t, "École Jules Ferry").await;
    for duplicate in [
        "Gare Nord",
        "gare nord",
        "GARE  NORD",
        "école jules ferry",
        "ÉCOLE JULES FERRY",
    ] {
        let r = creerchantier(&t, &Actor::admin(), duplicate).await;
        assert_ephemeral(&r, &["existe déjà"]);
    }
    t.db.assert_scalar("select count(*) from chantiers", 2)
        .await;
    // Another guild may use the same name.
    let r = creerchantier(&t, &Actor::admin().in_guild(OTHER_GUILD), "Gare Nord").await;
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
    done(&t, &Actor::admin(), 3).await;
    create_task(&t, &Actor::admin(), PAUL, "Gare Nord", "D").await;
    create_task(&t, &Actor::admin(), PAUL, "Gare Nord", "E").await;
    annuler(&t, &Actor::admin(), 5).await;
    t.db.execute("update chantiers set archived = true where name = 'Beaulieu'")
        .await;
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    creerchantier(&t, &other_admin, "Secret").await;

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
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'tache'",
        0,
    )
    .await;
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
    creerchantier(&t, &other_admin, "Résidence Secrète").await;
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

both_backends!(
    chantiers_are_listed_alphabetically_ignoring_accents,
    creerchantier_is_admin_only,
    creerchantier_refuses_a_duplicate_name_whatever_the_case,
    chantiers_lists_active_ones_with_open_task_counts,
    chantier_autocomplete_ignores_case_and_accents,
    chantier_autocomplete_offers_at_most_25_choices,
    chantier_autocomplete_ignores_other_guilds,
);
