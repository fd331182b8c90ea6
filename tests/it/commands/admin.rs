//! `/config` (`src/commands/admin.rs`).

use super::*;

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

both_backends!(
    config_role_manager_grants_planifier_until_removed,
    config_voir_shows_the_mappings_to_the_caller_only,
    config_is_admin_only,
);
