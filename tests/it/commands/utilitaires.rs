//! `/aide`, `/info`, `/ping` and the `/aide` autocomplete (`src/commands/utilitaires.rs`).

use super::*;

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
    assert_ephemeral(&r, &["`recherche`", "/aide"]);
    t.db.assert_scalar(
        "select count(*) from command_log where command = 'aide' and outcome = 'not_found'",
        1,
    )
    .await;
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
    done(&t, &Actor::admin(), 1).await;
    let other_admin = Actor::admin().in_guild(OTHER_GUILD);
    creerchantier(&t, &other_admin, "Secret").await;
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

async fn aide_autocomplete_suggests_command_names(db: TestDb) {
    let t = TestApp::new(db);
    let actor = Actor::member(PAUL);
    let all = t
        .command(&autocomplete(&actor, "aide", "commande", ""))
        .await;
    let declared: Vec<String> = gvbot::commands::declarations()
        .iter()
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

both_backends!(
    aide_lists_every_declared_command,
    aide_commande_shows_usage_and_options,
    aide_on_an_unknown_command_is_an_error,
    info_shows_version_backend_and_counts,
    aide_autocomplete_suggests_command_names,
);
