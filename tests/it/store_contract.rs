//! The `Store` contract: the same behaviour tests run on SQLite and, when
//! `TEST_DATABASE_URL` is set, on Postgres. Times are fixed values, never the clock, except
//! where the database's own clock is the point.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gvbot::id::Snowflake;
use gvbot::store::{
    self, Backend, Chantier, CommandLogEntry, Counts, Level, NewChantier, NewPlanningEntry,
    NewTask, Page, RoleLevel, StoreError, Task, TaskChanges, TaskFilter, TaskStatus, Transition,
};

use crate::db::TestDb;

const G1: Snowflake = Snowflake::new(111_111_111_111_111_111);
const G2: Snowflake = Snowflake::new(222_222_222_222_222_222);
const ALICE: Snowflake = Snowflake::new(300_000_000_000_000_001);
const BOB: Snowflake = Snowflake::new(300_000_000_000_000_002);
const BOSS: Snowflake = Snowflake::new(300_000_000_000_000_009);

/// 2024-03-04 (a Monday) at `h:m:s` UTC.
fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 4, h, m, s)
        .single()
        .expect("valid time")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, d).expect("valid date")
}

async fn chantier(db: &TestDb, guild_id: Snowflake, name: &str) -> Chantier {
    db.store
        .create_chantier(
            &NewChantier {
                guild_id,
                name: name.into(),
                address: None,
                created_by: BOSS,
            },
            at(8, 0, 0),
        )
        .await
        .expect("create chantier")
}

async fn task(db: &TestDb, c: &Chantier, assignee_id: Snowflake, description: &str) -> Task {
    db.store
        .create_task(
            &NewTask {
                guild_id: c.guild_id,
                chantier_id: c.id,
                assignee_id,
                creator_id: BOSS,
                description: description.into(),
                due_date: None,
            },
            at(9, 0, 0),
        )
        .await
        .expect("create task")
}

fn filter(guild_id: Snowflake) -> TaskFilter {
    TaskFilter {
        guild_id,
        assignee_id: None,
        chantier_id: None,
        statuses: Vec::new(),
    }
}

const ALL: Page = Page {
    limit: 100,
    offset: 0,
};

fn ids(tasks: &[Task]) -> Vec<i64> {
    tasks.iter().map(|t| t.id).collect()
}

crate::both_backends!(
    ping_reports_backend_and_open_connections,
    migrate_is_idempotent,
    claimed_interaction_cannot_be_claimed_again_until_expired,
    purge_deletes_only_expired_claims,
    concurrent_claims_of_one_id_have_exactly_one_winner,
    command_log_keeps_entries_with_and_without_guild,
    role_level_member_removes_mapping,
    chantier_names_are_unique_per_guild_case_insensitively,
    chantier_lookup_folds_accented_capitals,
    created_chantier_is_returned_as_stored,
    list_chantiers_orders_by_name_with_open_task_counts,
    chantier_names_lists_active_chantiers_in_order,
    create_task_returns_open_task_with_chantier_name,
    task_on_chantier_of_another_guild_is_not_found,
    tasks_of_another_guild_are_invisible,
    list_tasks_pages_and_counts,
    list_tasks_filters_by_assignee_chantier_and_status,
    done_sets_done_at_and_closes_the_task,
    reassign_changes_assignee_and_updated_at,
    updated_at_changes_on_update,
    updated_at_is_maintained_by_the_database_for_other_updates,
    planning_between_returns_overlapping_entries,
    planning_on_unknown_chantier_is_not_found,
    planning_ending_before_it_starts_is_rejected,
    counts_reflect_rows,
    snowflakes_above_i64_max_round_trip,
    chantier_names_are_unique_ignoring_accents,
    concurrent_creations_of_one_name_have_exactly_one_winner,
    migrate_gives_older_chantiers_their_folded_name,
    concurrent_done_and_cancel_have_exactly_one_winner,
    closed_task_refuses_every_write_that_would_change_it,
);

/// The task a write returned; the write must have been applied.
fn changed(written: Result<Transition, StoreError>) -> Task {
    match written {
        Ok(Transition::Changed(task)) => task,
        other => panic!("not written: {other:?}"),
    }
}

async fn ping_reports_backend_and_open_connections(db: TestDb) {
    db.store.ping().await.expect("ping");
    assert!(db.store.connections() >= 1);
    let expected = if db.url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    assert_eq!(db.store.backend(), expected);
}

async fn migrate_is_idempotent(db: TestDb) {
    let c = chantier(&db, G1, "Mairie").await;
    db.store.migrate().await.expect("second migrate");
    db.store.migrate().await.expect("third migrate");
    let found = db
        .store
        .chantier_by_name(G1, "Mairie")
        .await
        .expect("lookup");
    assert_eq!(found, Some(c));
    // One row per migration file of the backend.
    let files = std::fs::read_dir(format!(
        "{}/migrations/{}",
        env!("CARGO_MANIFEST_DIR"),
        db.backend()
    ))
    .expect("migrations folder")
    .count();
    assert_eq!(
        db.scalar("select count(*) from _sqlx_migrations").await,
        i64::try_from(files).expect("few files")
    );
}

async fn claimed_interaction_cannot_be_claimed_again_until_expired(db: TestDb) {
    let ttl = Duration::from_secs(60);
    let s = &db.store;
    assert!(
        s.claim_interaction(Snowflake::new(42), at(10, 0, 0), ttl)
            .await
            .expect("claim")
    );
    assert!(
        !s.claim_interaction(Snowflake::new(42), at(10, 0, 0), ttl)
            .await
            .expect("claim")
    );
    assert!(
        !s.claim_interaction(Snowflake::new(42), at(10, 0, 59), ttl)
            .await
            .expect("claim")
    );
    // Another id is independent.
    assert!(
        s.claim_interaction(Snowflake::new(43), at(10, 0, 30), ttl)
            .await
            .expect("claim")
    );
    // Expired at 10:01:00: the claim is replaced and lasts until 10:02:00.
    assert!(
        s.claim_interaction(Snowflake::new(42), at(10, 1, 0), ttl)
            .await
            .expect("claim")
    );
    assert!(
        !s.claim_interaction(Snowflake::new(42), at(10, 1, 59), ttl)
            .await
            .expect("claim")
    );
    assert!(
        s.claim_interaction(Snowflake::new(42), at(10, 2, 5), ttl)
            .await
            .expect("claim")
    );
}

async fn purge_deletes_only_expired_claims(db: TestDb) {
    let s = &db.store;
    assert!(
        s.claim_interaction(Snowflake::new(1), at(10, 0, 0), Duration::from_secs(10))
            .await
            .expect("claim")
    );
    assert!(
        s.claim_interaction(Snowflake::new(2), at(10, 0, 0), Duration::from_secs(100))
            .await
            .expect("claim")
    );
    assert!(
        s.claim_interaction(Snowflake::new(3), at(10, 0, 0), Duration::from_secs(30))
            .await
            .expect("claim")
    );
    assert_eq!(s.purge_interactions(at(10, 0, 5)).await.expect("purge"), 0);
    assert_eq!(s.purge_interactions(at(10, 0, 30)).await.expect("purge"), 2);
    assert_eq!(s.purge_interactions(at(10, 0, 30)).await.expect("purge"), 0);
    assert_eq!(
        db.scalar("select count(*) from processed_interactions")
            .await,
        1
    );
    // The survivor is still claimed.
    assert!(
        !s.claim_interaction(Snowflake::new(2), at(10, 0, 30), Duration::from_secs(100))
            .await
            .expect("claim")
    );
}

async fn concurrent_claims_of_one_id_have_exactly_one_winner(db: TestDb) {
    let ttl = Duration::from_secs(900);
    for id in [7, 8, 9].map(Snowflake::new) {
        let claims = (0..8).map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move { store.claim_interaction(id, at(12, 0, 0), ttl).await })
        });
        let mut winners = 0;
        for claim in claims.collect::<Vec<_>>() {
            if claim.await.expect("join").expect("claim") {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "id {id}");
    }
}

async fn command_log_keeps_entries_with_and_without_guild(db: TestDb) {
    let entry = CommandLogEntry {
        guild_id: Some(G1),
        channel_id: Some(Snowflake::new(5)),
        user_id: ALICE,
        command: "taches".into(),
        source: "slash",
        duration_us: 1234,
        outcome: "ok",
        at: at(10, 0, 0),
    };
    db.store.log_command(&entry).await.expect("log");
    let dm = CommandLogEntry {
        guild_id: None,
        channel_id: None,
        command: "aide".into(),
        source: "prefix",
        outcome: "invalid",
        ..entry
    };
    db.store.log_command(&dm).await.expect("log without guild");
    assert_eq!(db.scalar("select count(*) from command_log").await, 2);
    assert_eq!(
        db.scalar(
            "select count(*) from command_log where guild_id is null and outcome = 'invalid'"
        )
        .await,
        1
    );
    assert_eq!(
        db.scalar("select cast(sum(duration_us) as bigint) from command_log")
            .await,
        2468
    );
}

async fn role_level_member_removes_mapping(db: TestDb) {
    let s = &db.store;
    assert_eq!(s.role_levels(G1).await.expect("levels"), vec![]);
    s.set_role_level(G1, Snowflake::new(20), Level::Manager)
        .await
        .expect("set");
    s.set_role_level(G1, Snowflake::new(10), Level::Admin)
        .await
        .expect("set");
    s.set_role_level(G2, Snowflake::new(30), Level::Admin)
        .await
        .expect("set");
    assert_eq!(
        s.role_levels(G1).await.expect("levels"),
        vec![
            RoleLevel {
                role_id: Snowflake::new(10),
                level: Level::Admin
            },
            RoleLevel {
                role_id: Snowflake::new(20),
                level: Level::Manager
            },
        ]
    );
    // Changing a level replaces it.
    s.set_role_level(G1, Snowflake::new(20), Level::Admin)
        .await
        .expect("set");
    s.set_role_level(G1, Snowflake::new(10), Level::Member)
        .await
        .expect("remove");
    assert_eq!(
        s.role_levels(G1).await.expect("levels"),
        vec![RoleLevel {
            role_id: Snowflake::new(20),
            level: Level::Admin
        }]
    );
    // Removing an unmapped role is a no-op; the other guild is untouched.
    s.set_role_level(G1, Snowflake::new(99), Level::Member)
        .await
        .expect("remove");
    assert_eq!(
        s.role_levels(G2).await.expect("levels"),
        vec![RoleLevel {
            role_id: Snowflake::new(30),
            level: Level::Admin
        }]
    );
}

async fn chantier_names_are_unique_per_guild_case_insensitively(db: TestDb) {
    let first = chantier(&db, G1, "Mairie Lyon").await;
    let again = db
        .store
        .create_chantier(
            &NewChantier {
                guild_id: G1,
                name: "mairie LYON".into(),
                address: Some("ailleurs".into()),
                created_by: ALICE,
            },
            at(9, 0, 0),
        )
        .await;
    match again {
        Err(StoreError::Conflict(constraint)) => assert_eq!(constraint, "chantiers_guild_name"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Another guild may use the same name.
    let other = chantier(&db, G2, "MAIRIE LYON").await;
    assert_ne!(other.id, first.id);

    let found = db
        .store
        .chantier_by_name(G1, "MAIRIE lyon")
        .await
        .expect("lookup");
    assert_eq!(found, Some(first));
    let found = db
        .store
        .chantier_by_name(G2, "mairie lyon")
        .await
        .expect("lookup");
    assert_eq!(found, Some(other));
    assert_eq!(
        db.store
            .chantier_by_name(G1, "Mairie")
            .await
            .expect("lookup"),
        None
    );
    assert_eq!(
        db.store
            .chantier_by_name(Snowflake::new(999), "Mairie Lyon")
            .await
            .expect("lookup"),
        None
    );
}

async fn chantier_lookup_folds_accented_capitals(db: TestDb) {
    let ecole = chantier(&db, G1, "École Jaurès").await;
    assert_eq!(
        db.store
            .chantier_by_name(G1, "école jaurès")
            .await
            .expect("lookup"),
        Some(ecole.clone())
    );
    assert_eq!(
        db.store
            .chantier_by_name(G1, "ÉCOLE JAURÈS")
            .await
            .expect("lookup"),
        Some(ecole)
    );
    assert_eq!(
        db.store
            .chantier_by_name(G2, "école jaurès")
            .await
            .expect("lookup"),
        None
    );
}

async fn created_chantier_is_returned_as_stored(db: TestDb) {
    let created = db
        .store
        .create_chantier(
            &NewChantier {
                guild_id: G1,
                name: "Gymnase".into(),
                address: Some("12 rue des Lilas, Villeurbanne".into()),
                created_by: ALICE,
            },
            at(7, 30, 15),
        )
        .await
        .expect("create");
    assert!(created.id > 0);
    assert_eq!(created.guild_id, G1);
    assert_eq!(created.name, "Gymnase");
    assert_eq!(
        created.address.as_deref(),
        Some("12 rue des Lilas, Villeurbanne")
    );
    assert_eq!(created.channel_id, None);
    assert!(!created.archived);
    assert_eq!(created.created_by, ALICE);
    assert_eq!(created.created_at, at(7, 30, 15));
    assert_eq!(
        db.store
            .chantier_by_name(G1, "gymnase")
            .await
            .expect("lookup"),
        Some(created)
    );
}

async fn list_chantiers_orders_by_name_with_open_task_counts(db: TestDb) {
    let zinc = chantier(&db, G1, "zinc").await;
    let alpha = chantier(&db, G1, "Alpha").await;
    let beta = chantier(&db, G1, "beta").await;
    let old = chantier(&db, G1, "Ancien").await;
    chantier(&db, G2, "Autre guilde").await;

    task(&db, &alpha, ALICE, "a1").await;
    let a2 = task(&db, &alpha, ALICE, "a2").await;
    let a3 = task(&db, &alpha, BOB, "a3").await;
    let a4 = task(&db, &alpha, BOB, "a4").await;
    task(&db, &zinc, BOB, "z1").await;
    task(&db, &old, BOB, "o1").await;
    let s = &db.store;
    s.update_task(
        G1,
        a2.id,
        &TaskChanges::status(TaskStatus::EnCours),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    s.update_task(
        G1,
        a3.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    s.update_task(
        G1,
        a4.id,
        &TaskChanges::status(TaskStatus::Annulee),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    db.execute("update chantiers set archived = true where name = 'Ancien'")
        .await;

    let active = s.list_chantiers(G1, false).await.expect("list");
    let names: Vec<(&str, i64)> = active
        .iter()
        .map(|c| (c.chantier.name.as_str(), c.open_tasks))
        .collect();
    assert_eq!(names, vec![("Alpha", 2), ("beta", 0), ("zinc", 1)]);
    assert_eq!(active[0].chantier, alpha);
    assert_eq!(active[1].chantier, beta);

    let archived = s.list_chantiers(G1, true).await.expect("list");
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].chantier.id, old.id);
    assert!(archived[0].chantier.archived);
    assert_eq!(archived[0].open_tasks, 1);

    assert!(
        s.list_chantiers(Snowflake::new(999), false)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn chantier_names_lists_active_chantiers_in_order(db: TestDb) {
    chantier(&db, G1, "Piscine").await;
    chantier(&db, G1, "crèche").await;
    chantier(&db, G1, "Archivé").await;
    chantier(&db, G2, "Bureaux").await;
    db.execute("update chantiers set archived = true where name = 'Archivé'")
        .await;
    assert_eq!(
        db.store.chantier_names(G1).await.expect("names"),
        vec!["crèche".to_string(), "Piscine".to_string()]
    );
    assert_eq!(
        db.store.chantier_names(G2).await.expect("names"),
        vec!["Bureaux".to_string()]
    );
}

async fn create_task_returns_open_task_with_chantier_name(db: TestDb) {
    let c = chantier(&db, G1, "Hôpital Nord").await;
    let created = db
        .store
        .create_task(
            &NewTask {
                guild_id: G1,
                chantier_id: c.id,
                assignee_id: ALICE,
                creator_id: BOSS,
                description: "Tirer les câbles du TGBT".into(),
                due_date: Some(day(15)),
            },
            at(9, 15, 0),
        )
        .await
        .expect("create task");
    assert!(created.id > 0);
    assert_eq!(created.guild_id, G1);
    assert_eq!(created.chantier_id, c.id);
    assert_eq!(created.chantier, "Hôpital Nord");
    assert_eq!(created.assignee_id, ALICE);
    assert_eq!(created.creator_id, BOSS);
    assert_eq!(created.description, "Tirer les câbles du TGBT");
    assert_eq!(created.status, TaskStatus::AFaire);
    assert_eq!(created.due_date, Some(day(15)));
    assert_eq!(created.created_at, at(9, 15, 0));
    assert_eq!(created.updated_at, at(9, 15, 0));
    assert_eq!(created.done_at, None);
    assert_eq!(
        db.store.task(G1, created.id).await.expect("task"),
        Some(created)
    );
}

async fn task_on_chantier_of_another_guild_is_not_found(db: TestDb) {
    let theirs = chantier(&db, G2, "Leur chantier").await;
    let attempt = db
        .store
        .create_task(
            &NewTask {
                guild_id: G1,
                chantier_id: theirs.id,
                assignee_id: ALICE,
                creator_id: BOSS,
                description: "intrusion".into(),
                due_date: None,
            },
            at(9, 0, 0),
        )
        .await;
    assert!(matches!(attempt, Err(StoreError::NotFound)), "{attempt:?}");
    let unknown = db
        .store
        .create_task(
            &NewTask {
                guild_id: G1,
                chantier_id: theirs.id + 1000,
                assignee_id: ALICE,
                creator_id: BOSS,
                description: "nowhere".into(),
                due_date: None,
            },
            at(9, 0, 0),
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert_eq!(db.scalar("select count(*) from tasks").await, 0);
}

async fn tasks_of_another_guild_are_invisible(db: TestDb) {
    let c = chantier(&db, G1, "Usine").await;
    let t = task(&db, &c, ALICE, "Éclairage").await;
    let s = &db.store;

    assert_eq!(s.task(G2, t.id).await.expect("task"), None);
    assert!(matches!(
        s.update_task(
            G2,
            t.id,
            &TaskChanges::status(TaskStatus::Terminee),
            at(10, 0, 0)
        )
        .await,
        Ok(Transition::NotFound)
    ));
    assert!(matches!(
        s.update_task(G2, t.id, &TaskChanges::assignee(BOB), at(10, 0, 0))
            .await,
        Ok(Transition::NotFound)
    ));
    let page = s.list_tasks(&filter(G2), ALL).await.expect("list");
    assert_eq!(page.tasks, vec![]);
    assert_eq!(page.total, 0);
    assert_eq!(s.counts(G2).await.expect("counts"), Counts::default());

    // Unknown ids are NotFound too.
    assert!(matches!(
        s.update_task(
            G1,
            t.id + 1000,
            &TaskChanges::status(TaskStatus::EnCours),
            at(10, 0, 0)
        )
        .await,
        Ok(Transition::NotFound)
    ));
    assert!(matches!(
        s.update_task(G1, t.id + 1000, &TaskChanges::assignee(BOB), at(10, 0, 0))
            .await,
        Ok(Transition::NotFound)
    ));

    // The failed writes changed nothing.
    assert_eq!(s.task(G1, t.id).await.expect("task"), Some(t));
}

async fn list_tasks_pages_and_counts(db: TestDb) {
    let c = chantier(&db, G1, "Lycée").await;
    let mut created = Vec::new();
    for n in 0..5 {
        created.push(task(&db, &c, ALICE, &format!("tâche {n}")).await.id);
    }
    let other = chantier(&db, G2, "Lycée").await;
    task(&db, &other, ALICE, "ailleurs").await;
    let s = &db.store;

    let first = s
        .list_tasks(
            &filter(G1),
            Page {
                limit: 2,
                offset: 0,
            },
        )
        .await
        .expect("page 1");
    assert_eq!(ids(&first.tasks), created[0..2].to_vec());
    assert_eq!(first.total, 5);
    assert_eq!(first.tasks[0].description, "tâche 0");
    assert_eq!(first.tasks[0].chantier, "Lycée");

    let second = s
        .list_tasks(
            &filter(G1),
            Page {
                limit: 2,
                offset: 2,
            },
        )
        .await
        .expect("page 2");
    assert_eq!(ids(&second.tasks), created[2..4].to_vec());
    assert_eq!(second.total, 5);

    let last = s
        .list_tasks(
            &filter(G1),
            Page {
                limit: 2,
                offset: 4,
            },
        )
        .await
        .expect("page 3");
    assert_eq!(ids(&last.tasks), created[4..5].to_vec());
    assert_eq!(last.total, 5);

    // Past the end, the total is still right.
    let beyond = s
        .list_tasks(
            &filter(G1),
            Page {
                limit: 2,
                offset: 10,
            },
        )
        .await
        .expect("page 6");
    assert_eq!(beyond.tasks, vec![]);
    assert_eq!(beyond.total, 5);

    let none = s
        .list_tasks(
            &filter(G1),
            Page {
                limit: 0,
                offset: 0,
            },
        )
        .await
        .expect("empty page");
    assert_eq!(none.tasks, vec![]);
    assert_eq!(none.total, 5);

    let everything = s.list_tasks(&filter(G1), ALL).await.expect("all");
    assert_eq!(ids(&everything.tasks), created);
    assert_eq!(everything.total, 5);
}

async fn list_tasks_filters_by_assignee_chantier_and_status(db: TestDb) {
    let a = chantier(&db, G1, "A").await;
    let b = chantier(&db, G1, "B").await;
    let t1 = task(&db, &a, ALICE, "1").await;
    let t2 = task(&db, &a, BOB, "2").await;
    let t3 = task(&db, &b, ALICE, "3").await;
    let t4 = task(&db, &b, BOB, "4").await;
    let t5 = task(&db, &a, ALICE, "5").await;
    let s = &db.store;
    s.update_task(
        G1,
        t2.id,
        &TaskChanges::status(TaskStatus::EnCours),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    s.update_task(
        G1,
        t3.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    s.update_task(
        G1,
        t4.id,
        &TaskChanges::status(TaskStatus::Annulee),
        at(10, 0, 0),
    )
    .await
    .expect("status");

    let list = |f: TaskFilter| async move { s.list_tasks(&f, ALL).await.expect("list") };

    let alice = list(TaskFilter {
        assignee_id: Some(ALICE),
        ..filter(G1)
    })
    .await;
    assert_eq!(ids(&alice.tasks), vec![t1.id, t3.id, t5.id]);
    assert_eq!(alice.total, 3);

    let on_b = list(TaskFilter {
        chantier_id: Some(b.id),
        ..filter(G1)
    })
    .await;
    assert_eq!(ids(&on_b.tasks), vec![t3.id, t4.id]);
    assert!(on_b.tasks.iter().all(|t| t.chantier == "B"));

    let open = list(TaskFilter {
        statuses: TaskStatus::OPEN.to_vec(),
        ..filter(G1)
    })
    .await;
    assert_eq!(ids(&open.tasks), vec![t1.id, t2.id, t5.id]);
    assert_eq!(open.total, 3);

    let closed = list(TaskFilter {
        statuses: vec![TaskStatus::Terminee, TaskStatus::Annulee],
        ..filter(G1)
    })
    .await;
    assert_eq!(ids(&closed.tasks), vec![t3.id, t4.id]);
    assert_eq!(closed.tasks[0].status, TaskStatus::Terminee);
    assert_eq!(closed.tasks[1].status, TaskStatus::Annulee);

    let alice_open_on_a = list(TaskFilter {
        assignee_id: Some(ALICE),
        chantier_id: Some(a.id),
        statuses: TaskStatus::OPEN.to_vec(),
        ..filter(G1)
    })
    .await;
    assert_eq!(ids(&alice_open_on_a.tasks), vec![t1.id, t5.id]);
    assert_eq!(alice_open_on_a.total, 2);

    let bob_done = list(TaskFilter {
        assignee_id: Some(BOB),
        statuses: vec![TaskStatus::Terminee],
        ..filter(G1)
    })
    .await;
    assert_eq!(bob_done.tasks, vec![]);
    assert_eq!(bob_done.total, 0);
}

async fn done_sets_done_at_and_closes_the_task(db: TestDb) {
    let c = chantier(&db, G1, "Parking").await;
    let t = task(&db, &c, ALICE, "Bornes de recharge").await;
    let s = &db.store;

    let done = changed(
        s.update_task(
            G1,
            t.id,
            &TaskChanges::status(TaskStatus::Terminee),
            at(16, 45, 0),
        )
        .await,
    );
    assert_eq!(done.status, TaskStatus::Terminee);
    assert_eq!(done.done_at, Some(at(16, 45, 0)));
    assert_eq!(done.updated_at, at(16, 45, 0));
    assert_eq!(done.description, "Bornes de recharge");
    assert_eq!(done.created_at, t.created_at);
    assert_eq!(s.task(G1, t.id).await.expect("task"), Some(done.clone()));

    // Neither reopened nor cancelled afterwards: the task comes back as it is.
    for status in [TaskStatus::EnCours, TaskStatus::Annulee] {
        let refused = s
            .update_task(G1, t.id, &TaskChanges::status(status), at(17, 0, 0))
            .await;
        assert_eq!(
            refused.expect("update"),
            Transition::Unchanged(done.clone())
        );
    }
    assert_eq!(s.task(G1, t.id).await.expect("task"), Some(done));
}

async fn reassign_changes_assignee_and_updated_at(db: TestDb) {
    let c = chantier(&db, G1, "Cinéma").await;
    let t = task(&db, &c, ALICE, "Projecteurs").await;
    let moved = changed(
        db.store
            .update_task(G1, t.id, &TaskChanges::assignee(BOB), at(11, 0, 0))
            .await,
    );
    assert_eq!(
        moved,
        Task {
            assignee_id: BOB,
            updated_at: at(11, 0, 0),
            ..t.clone()
        }
    );
    assert_eq!(
        db.store.task(G1, t.id).await.expect("task"),
        Some(moved.clone())
    );
    // To the same member again: nothing to write.
    let again = db
        .store
        .update_task(G1, t.id, &TaskChanges::assignee(BOB), at(12, 0, 0))
        .await;
    assert_eq!(again.expect("update"), Transition::Unchanged(moved));
}

async fn updated_at_changes_on_update(db: TestDb) {
    let c = chantier(&db, G1, "Stade").await;
    let t = task(&db, &c, ALICE, "Projecteurs").await;
    assert_eq!(t.updated_at, at(9, 0, 0));
    let s = &db.store;
    let changed_at = |written| {
        let task = changed(written);
        (task.created_at, task.updated_at)
    };
    assert_eq!(
        changed_at(
            s.update_task(
                G1,
                t.id,
                &TaskChanges::status(TaskStatus::EnCours),
                at(13, 0, 0)
            )
            .await
        ),
        (at(9, 0, 0), at(13, 0, 0))
    );
    assert_eq!(
        changed_at(
            s.update_task(G1, t.id, &TaskChanges::assignee(BOB), at(14, 30, 0))
                .await
        ),
        (at(9, 0, 0), at(14, 30, 0))
    );
}

async fn updated_at_is_maintained_by_the_database_for_other_updates(db: TestDb) {
    let c = chantier(&db, G1, "Gare").await;
    let t = task(&db, &c, ALICE, "Quais").await;
    // An update that does not set updated_at (a manual fix, a later migration) gets the
    // database clock, which is well after the fixed 2024 times of the test.
    db.execute("update tasks set description = 'Quais 1 et 2'")
        .await;
    let after = db
        .store
        .task(G1, t.id)
        .await
        .expect("task")
        .expect("exists");
    assert_eq!(after.description, "Quais 1 et 2");
    assert!(after.updated_at > t.updated_at, "{after:?}");
    assert!(after.updated_at <= Utc::now());
    assert_eq!(after.created_at, t.created_at);
}

async fn planning_between_returns_overlapping_entries(db: TestDb) {
    let c = chantier(&db, G1, "Collège").await;
    let other = chantier(&db, G2, "Collège").await;
    let s = &db.store;
    let plan = |guild_id: Snowflake, chantier_id: i64, user_id: Snowflake, start: u32, end: u32| {
        let entry = NewPlanningEntry {
            guild_id,
            user_id,
            chantier_id,
            start_date: day(start),
            end_date: day(end),
            notes: Some(format!("{start}-{end}")),
            created_by: BOSS,
        };
        async move { s.add_planning(&entry, at(8, 0, 0)).await }
    };
    let before = plan(G1, c.id, ALICE, 1, 3).await.expect("plan");
    let ends_on_from = plan(G1, c.id, BOB, 1, 4).await.expect("plan");
    let inside = plan(G1, c.id, ALICE, 5, 6).await.expect("plan");
    let across = plan(G1, c.id, BOB, 2, 20).await.expect("plan");
    let starts_on_to = plan(G1, c.id, ALICE, 8, 9).await.expect("plan");
    let after = plan(G1, c.id, BOB, 9, 12).await.expect("plan");
    let same_start_alice = plan(G1, c.id, ALICE, 2, 4).await.expect("plan");
    plan(G2, other.id, ALICE, 4, 8).await.expect("plan");

    assert_eq!(inside.chantier, "Collège");
    assert_eq!(inside.notes.as_deref(), Some("5-6"));
    assert_eq!(inside.start_date, day(5));
    assert_eq!(inside.end_date, day(6));
    assert_eq!(inside.user_id, ALICE);
    assert_eq!(inside.created_by, BOSS);
    assert_eq!(inside.created_at, at(8, 0, 0));
    assert_eq!(inside.guild_id, G1);
    assert_eq!(inside.chantier_id, c.id);

    // Week of 4 to 8 March, both ends inclusive.
    let week = s
        .planning_between(G1, day(4), day(8), None)
        .await
        .expect("between");
    let got: Vec<i64> = week.iter().map(|p| p.id).collect();
    // Ordered by start date, then user, then id.
    assert_eq!(
        got,
        vec![
            ends_on_from.id,
            same_start_alice.id,
            across.id,
            inside.id,
            starts_on_to.id
        ]
    );
    assert_eq!(week[3], inside);
    assert!(!got.contains(&before.id));
    assert!(!got.contains(&after.id));

    let alice = s
        .planning_between(G1, day(4), day(8), Some(ALICE))
        .await
        .expect("between");
    let got: Vec<i64> = alice.iter().map(|p| p.id).collect();
    assert_eq!(got, vec![same_start_alice.id, inside.id, starts_on_to.id]);

    let one_day = s
        .planning_between(G1, day(12), day(12), None)
        .await
        .expect("between");
    let got: Vec<i64> = one_day.iter().map(|p| p.id).collect();
    assert_eq!(got, vec![across.id, after.id]);

    let theirs = s
        .planning_between(G2, day(1), day(31), None)
        .await
        .expect("between");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].chantier_id, other.id);
    assert!(
        s.planning_between(G1, day(21), day(31), None)
            .await
            .expect("between")
            .is_empty()
    );
}

async fn planning_on_unknown_chantier_is_not_found(db: TestDb) {
    let theirs = chantier(&db, G2, "Leur chantier").await;
    for chantier_id in [theirs.id, theirs.id + 1000] {
        let attempt = db
            .store
            .add_planning(
                &NewPlanningEntry {
                    guild_id: G1,
                    user_id: ALICE,
                    chantier_id,
                    start_date: day(4),
                    end_date: day(5),
                    notes: None,
                    created_by: BOSS,
                },
                at(8, 0, 0),
            )
            .await;
        assert!(matches!(attempt, Err(StoreError::NotFound)), "{attempt:?}");
    }
    assert_eq!(db.scalar("select count(*) from planning").await, 0);
}

async fn planning_ending_before_it_starts_is_rejected(db: TestDb) {
    let c = chantier(&db, G1, "Crèche").await;
    let attempt = db
        .store
        .add_planning(
            &NewPlanningEntry {
                guild_id: G1,
                user_id: ALICE,
                chantier_id: c.id,
                start_date: day(6),
                end_date: day(5),
                notes: None,
                created_by: BOSS,
            },
            at(8, 0, 0),
        )
        .await;
    assert!(matches!(attempt, Err(StoreError::Other(_))), "{attempt:?}");
    assert_eq!(db.scalar("select count(*) from planning").await, 0);
}

async fn counts_reflect_rows(db: TestDb) {
    let s = &db.store;
    assert_eq!(s.counts(G1).await.expect("counts"), Counts::default());
    let a = chantier(&db, G1, "A").await;
    let b = chantier(&db, G1, "B").await;
    chantier(&db, G1, "C").await;
    let theirs = chantier(&db, G2, "A").await;
    task(&db, &a, ALICE, "1").await;
    let t2 = task(&db, &a, ALICE, "2").await;
    let t3 = task(&db, &b, BOB, "3").await;
    task(&db, &b, BOB, "4").await;
    task(&db, &theirs, BOB, "ailleurs").await;
    s.update_task(
        G1,
        t2.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    s.update_task(
        G1,
        t3.id,
        &TaskChanges::status(TaskStatus::EnCours),
        at(10, 0, 0),
    )
    .await
    .expect("status");
    db.execute("update chantiers set archived = true where name = 'C'")
        .await;
    assert_eq!(
        s.counts(G1).await.expect("counts"),
        Counts {
            tasks: 4,
            open_tasks: 3,
            chantiers: 2
        }
    );
    assert_eq!(
        s.counts(G2).await.expect("counts"),
        Counts {
            tasks: 1,
            open_tasks: 1,
            chantiers: 1
        }
    );
}

async fn snowflakes_above_i64_max_round_trip(db: TestDb) {
    // Discord snowflakes fit in 63 bits today; the u64 <-> bigint cast must not lose the top
    // bit anyway.
    let guild = Snowflake::new(u64::MAX - 1);
    let user = Snowflake::new(u64::MAX - 2);
    let c = db
        .store
        .create_chantier(
            &NewChantier {
                guild_id: guild,
                name: "Grand".into(),
                address: None,
                created_by: user,
            },
            at(8, 0, 0),
        )
        .await
        .expect("create");
    assert_eq!(c.guild_id, guild);
    assert_eq!(c.created_by, user);
    let t = task(&db, &c, user, "x").await;
    assert_eq!(t.assignee_id, user);
    let page = db
        .store
        .list_tasks(
            &TaskFilter {
                assignee_id: Some(user),
                ..filter(guild)
            },
            ALL,
        )
        .await
        .expect("list");
    assert_eq!(page.tasks, vec![t]);
    assert!(
        db.store
            .claim_interaction(
                Snowflake::new(u64::MAX),
                at(8, 0, 0),
                Duration::from_secs(1)
            )
            .await
            .expect("claim")
    );
    db.store
        .set_role_level(guild, Snowflake::new(u64::MAX), Level::Manager)
        .await
        .expect("set");
    assert_eq!(
        db.store.role_levels(guild).await.expect("levels"),
        vec![RoleLevel {
            role_id: Snowflake::new(u64::MAX),
            level: Level::Manager
        }]
    );
}

// Backend-specific behaviour.

async fn create(db: &TestDb, guild_id: Snowflake, name: &str) -> Result<Chantier, StoreError> {
    db.store
        .create_chantier(
            &NewChantier {
                guild_id,
                name: name.into(),
                address: None,
                created_by: BOSS,
            },
            at(8, 0, 0),
        )
        .await
}

async fn chantier_names_are_unique_ignoring_accents(db: TestDb) {
    let first = chantier(&db, G1, "Beautemps").await;
    for taken in [
        "Béautemps",
        "BEAUTEMPS",
        "béaûtemps",
        "Beautemps ",
        "Bëautèmps",
    ] {
        match create(&db, G1, taken).await {
            Err(StoreError::Conflict(index)) => assert_eq!(index, "chantiers_guild_name"),
            other => panic!("{taken}: expected a conflict, got {other:?}"),
        }
        assert_eq!(
            db.store.chantier_by_name(G1, taken).await.expect("lookup"),
            Some(first.clone()),
            "{taken}"
        );
    }
    // Other names, and the same name in another guild, are free.
    chantier(&db, G1, "Beau temps").await;
    chantier(&db, G2, "Béautemps").await;
    assert_eq!(db.scalar("select count(*) from chantiers").await, 3);
}

async fn concurrent_creations_of_one_name_have_exactly_one_winner(db: TestDb) {
    for n in 0..10 {
        let (accented, plain) = (format!("Béautemps {n}"), format!("beautemps {n}"));
        let (a, b) = tokio::join!(create(&db, G1, &accented), create(&db, G1, &plain));
        let winners = [&a, &b].into_iter().filter(|r| r.is_ok()).count();
        assert_eq!(winners, 1, "{a:?} / {b:?}");
        for lost in [&a, &b].into_iter().filter_map(|r| r.as_ref().err()) {
            assert!(matches!(lost, StoreError::Conflict(_)), "{lost:?}");
        }
    }
    assert_eq!(db.scalar("select count(*) from chantiers").await, 10);
}

async fn migrate_gives_older_chantiers_their_folded_name(db: TestDb) {
    // Rows as they were before migration 0004: no folded name; the last one's folded name is
    // the first one's.
    db.execute("insert into guilds (guild_id, created_at) values (7, '2024-03-04T08:00:00Z')")
        .await;
    db.execute(
        "insert into chantiers (guild_id, name, created_by, created_at, updated_at) values \
         (7, 'École Jaurès', 1, '2024-03-04T08:00:00Z', '2024-03-04T08:00:00Z'), \
         (7, 'Gare', 1, '2024-03-04T08:00:00Z', '2024-03-04T08:00:00Z'), \
         (7, 'ecole jaures', 1, '2024-03-04T08:00:00Z', '2024-03-04T08:00:00Z')",
    )
    .await;
    db.store.migrate().await.expect("migrate");

    let ecole = db
        .store
        .chantier_by_name(Snowflake::new(7), "ECOLE JAURES")
        .await
        .expect("lookup")
        .expect("found by its folded name");
    assert_eq!(ecole.name, "École Jaurès");
    assert!(
        db.store
            .chantier_by_name(Snowflake::new(7), "gare")
            .await
            .expect("lookup")
            .is_some()
    );
    assert_eq!(
        db.scalar("select count(*) from chantiers where name_key is null")
            .await,
        1
    );
    // The index holds from now on.
    assert!(matches!(
        create(&db, Snowflake::new(7), "Gare").await,
        Err(StoreError::Conflict(_))
    ));
}

async fn concurrent_done_and_cancel_have_exactly_one_winner(db: TestDb) {
    let c = chantier(&db, G1, "Usine").await;
    let mut pairs = tokio::task::JoinSet::new();
    for n in 0..20 {
        let t = task(&db, &c, ALICE, &format!("tâche {n}")).await;
        let store = db.store.clone();
        pairs.spawn(async move {
            let write = |status| {
                let store = store.clone();
                async move {
                    store
                        .update_task(G1, t.id, &TaskChanges::status(status), at(10, 0, 0))
                        .await
                        .expect("update")
                }
            };
            let (done, cancel) =
                tokio::join!(write(TaskStatus::Terminee), write(TaskStatus::Annulee));
            (t.id, done, cancel)
        });
    }
    let mut done_won = 0;
    while let Some(pair) = pairs.join_next().await {
        let (id, done, cancel) = pair.expect("pair");
        let (winner, loser) = match (done, cancel) {
            (Transition::Changed(w), Transition::Unchanged(l))
            | (Transition::Unchanged(l), Transition::Changed(w)) => (w, l),
            other => panic!("task {id}: not exactly one winner: {other:?}"),
        };
        // The loser saw the winner's result, and that is what is stored.
        assert_eq!(loser, winner, "task {id}");
        assert_eq!(
            db.store.task(G1, id).await.expect("read"),
            Some(winner.clone())
        );
        assert_eq!(
            winner.done_at.is_some(),
            winner.status == TaskStatus::Terminee
        );
        done_won += usize::from(winner.status == TaskStatus::Terminee);
    }
    let closed = db
        .scalar("select count(*) from tasks where status in ('terminee', 'annulee')")
        .await;
    assert_eq!(closed, 20);
    eprintln!("done won {done_won} of 20");
}

async fn closed_task_refuses_every_write_that_would_change_it(db: TestDb) {
    let c = chantier(&db, G1, "Usine").await;
    let t = task(&db, &c, ALICE, "Éclairage").await;
    let s = &db.store;
    let cancelled = changed(
        s.update_task(
            G1,
            t.id,
            &TaskChanges::status(TaskStatus::Annulee),
            at(10, 0, 0),
        )
        .await,
    );
    for changes in [
        TaskChanges::status(TaskStatus::Terminee),
        TaskChanges::status(TaskStatus::AFaire),
        TaskChanges::assignee(BOB),
        TaskChanges {
            description: Some("Autre".into()),
            due_date: Some(Some(day(9))),
            ..TaskChanges::default()
        },
    ] {
        assert_eq!(
            s.update_task(G1, t.id, &changes, at(11, 0, 0))
                .await
                .expect("update"),
            Transition::Unchanged(cancelled.clone()),
            "{changes:?}"
        );
    }
    assert_eq!(s.task(G1, t.id).await.expect("read"), Some(cancelled));
}

#[tokio::test]
async fn sqlite_file_and_folder_are_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("data").join("nested").join("gvbot.db");
    assert!(!file.parent().expect("parent").exists());
    let url = format!("sqlite://{}", file.display());
    let s = store::connect(&url).await.expect("connect");
    assert_eq!(s.backend(), Backend::Sqlite);
    s.migrate().await.expect("migrate");
    assert!(file.is_file());
    s.set_role_level(G1, Snowflake::new(1), Level::Admin)
        .await
        .expect("write");
    drop(s);

    // Reopening finds the data and the schema already there.
    let s = store::connect(&url).await.expect("reconnect");
    s.migrate().await.expect("migrate again");
    assert_eq!(
        s.role_levels(G1).await.expect("levels"),
        vec![RoleLevel {
            role_id: Snowflake::new(1),
            level: Level::Admin
        }]
    );
}

#[tokio::test]
async fn sqlite_memory_database_lives_as_long_as_the_store() {
    let s = store::connect("sqlite::memory:").await.expect("connect");
    s.migrate().await.expect("migrate");
    assert_eq!(s.connections(), 1);
    s.set_role_level(G1, Snowflake::new(1), Level::Manager)
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        s.role_levels(G1).await.expect("levels"),
        vec![RoleLevel {
            role_id: Snowflake::new(1),
            level: Level::Manager
        }]
    );
    // A second in-memory store is a separate database.
    let other = store::connect("sqlite::memory:").await.expect("connect");
    other.migrate().await.expect("migrate");
    assert_eq!(other.role_levels(G1).await.expect("levels"), vec![]);
}

#[tokio::test]
async fn unsupported_url_is_rejected() {
    let result = store::connect("mysql://root@localhost/gvbot").await;
    assert!(matches!(result, Err(StoreError::UnsupportedUrl)));
}

#[tokio::test]
async fn dead_postgres_fails_fast_without_leaking_the_password() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let started = std::time::Instant::now();
    // Port 1 on loopback: nothing listens, the connection is refused.
    let result = store::connect("postgres://gvbot:s3cr3t-pw@127.0.0.1:1/gvbot").await;
    let err = match result {
        Err(err) => err,
        Ok(_) => panic!("connected to a dead server"),
    };
    assert!(started.elapsed() < Duration::from_secs(10));
    let shown = format!("{err} / {err:?}");
    assert!(!shown.contains("s3cr3t-pw"), "{shown}");
}

#[test]
fn test_database_url_gets_the_database_name_replaced() {
    use crate::db::with_database;
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "gvbot_t_ab"),
        "postgres://postgres@127.0.0.1:5432/gvbot_t_ab"
    );
    assert_eq!(
        with_database("postgres://u:p@db/x?sslmode=disable", "gvbot_t_ab"),
        "postgres://u:p@db/gvbot_t_ab?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u@db:5432", "gvbot_t_ab"),
        "postgres://u@db:5432/gvbot_t_ab"
    );
}
