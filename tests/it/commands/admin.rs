//! `/config` (`src/commands/admin.rs`).

use super::*;

// ---------------------------------------------------------------------------------------------
// /config

async fn config_role_manager_grants_planifier_until_removed(db: TestDb) {
    let t = TestApp::at(db, december());
    create_chantier(&t, "Beautemps").await;
    let t = &t;
    let plan_as = |actor: Actor| async move {
        planifier(t, &actor, MARC, "Beautemps", "17/12", "17/12").await
    };
    assert_ephemeral(&plan_as(manager(PAUL)).await, &["**manager**"]);

    let r = map_role(t, "manager", MANAGER_ROLE).await;
    assert_public(&r, &[&format!("<@&{MANAGER_ROLE}>"), "niveau **manager**"]);
    t.db.assert_scalar("select count(*) from role_levels", 1)
        .await;
    assert_public(&plan_as(manager(PAUL)).await, &["📅"]);
    // The role is what counts, not the user.
    assert_ephemeral(&plan_as(Actor::member(PAUL)).await, &["⛔"]);

    let r = map_role(t, "membre", MANAGER_ROLE).await;
    assert_public(&r, &[&format!("<@&{MANAGER_ROLE}>"), "ne donne plus"]);
    t.db.assert_scalar("select count(*) from role_levels", 0)
        .await;
    assert_ephemeral(&plan_as(manager(PAUL)).await, &["⛔", "**manager**"]);
    t.db.assert_scalar("select count(*) from planning", 1).await;
}

async fn config_voir_shows_the_mappings_to_the_caller_only(db: TestDb) {
    let t = TestApp::new(db);
    let voir = json!([sub("voir", json!([]))]);
    let r = cmd(&t, &Actor::admin(), "config", voir.clone()).await;
    assert_ephemeral(&r, &["Aucun rôle associé"]);

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
        assert_ephemeral(&voir, &["⛔", "**admin**"]);
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
        assert_ephemeral(&promote, &["⛔", "**admin**"]);
    }
    t.db.assert_scalar("select count(*) from role_levels where level = 'admin'", 0)
        .await;
}

both_backends!(
    config_role_manager_grants_planifier_until_removed,
    config_voir_shows_the_mappings_to_the_caller_only,
    config_is_admin_only,
);
