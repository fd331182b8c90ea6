//! The `Store` contract for activity data (messages and their search, members and presence,
//! statistics), the REST API's planning and task operations, and calendar feed tokens: the
//! same tests on SQLite and, when `TEST_DATABASE_URL` is set, on Postgres. Times are fixed
//! values, never the clock.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gvbot::id::Snowflake;
use gvbot::store::{
    Backend, Chantier, CommandLogEntry, MemberUpdate, Message, NewChantier, NewMessage,
    NewPlanningEntry, NewTask, PresenceStatus, StoreError, Task, TaskChanges, TaskStatus,
    Transition,
};

use crate::db::TestDb;

const G1: Snowflake = Snowflake::new(111_111_111_111_111_111);
const G2: Snowflake = Snowflake::new(222_222_222_222_222_222);
const CHANNEL: Snowflake = Snowflake::new(400_000_000_000_000_001);
const ALICE: Snowflake = Snowflake::new(300_000_000_000_000_001);
const BOB: Snowflake = Snowflake::new(300_000_000_000_000_002);
const CAROL: Snowflake = Snowflake::new(300_000_000_000_000_003);
const DAVE: Snowflake = Snowflake::new(300_000_000_000_000_004);
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

fn msg(
    guild_id: Snowflake,
    message_id: Snowflake,
    author_id: Snowflake,
    content: &str,
    h: u32,
) -> NewMessage {
    NewMessage {
        guild_id,
        channel_id: CHANNEL,
        message_id,
        author_id,
        content: content.into(),
        created_at: at(h, 0, 0),
        edited_at: None,
    }
}

/// `msg` as edited at `h:30`.
fn edit(message: &NewMessage, content: &str, h: u32) -> NewMessage {
    NewMessage {
        content: content.into(),
        edited_at: Some(at(h, 30, 0)),
        ..message.clone()
    }
}

async fn search(db: &TestDb, guild_id: Snowflake, query: &str) -> Vec<Message> {
    db.store
        .search_messages(guild_id, query, 50)
        .await
        .unwrap_or_else(|err| panic!("search {query:?}: {err}"))
}

fn message_ids(messages: &[Message]) -> Vec<u64> {
    messages.iter().map(|m| m.message_id.get()).collect()
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

async fn task(
    db: &TestDb,
    c: &Chantier,
    assignee_id: Snowflake,
    due_date: Option<NaiveDate>,
) -> Task {
    db.store
        .create_task(
            &NewTask {
                guild_id: c.guild_id,
                chantier_id: c.id,
                assignee_id,
                creator_id: BOSS,
                description: "Poser le tableau".into(),
                due_date,
            },
            at(9, 0, 0),
        )
        .await
        .expect("create task")
}

async fn command(db: &TestDb, guild_id: Snowflake, user_id: Snowflake, h: u32) {
    db.store
        .log_command(&CommandLogEntry {
            guild_id: Some(guild_id),
            channel_id: Some(CHANNEL),
            user_id,
            command: "taches".into(),
            source: "slash",
            duration_us: 100,
            outcome: "ok",
            at: at(h, 0, 0),
        })
        .await
        .expect("log command");
}

/// On SQLite, FTS5's own check that the external-content index matches `messages`.
async fn assert_fts_consistent(db: &TestDb) {
    if db.backend() == Backend::Sqlite {
        db.execute("insert into messages_fts (messages_fts) values ('integrity-check')")
            .await;
    }
}

crate::both_backends!(
    logged_message_is_stored_once_and_later_versions_replace_it,
    deleted_message_is_hidden_from_search_and_stays_deleted,
    search_ignores_case_and_accents_and_is_scoped_to_the_guild,
    search_requires_every_word_and_respects_the_limit,
    search_matches_word_starts,
    hostile_queries_never_error,
    empty_query_finds_nothing,
    better_match_ranks_first,
    presence_lists_members_not_offline_first_then_by_name,
    presence_tracks_last_seen_and_member_updates_keep_presence,
    user_stats_counts_messages_commands_and_tasks_done,
    guild_stats_reports_tasks_chantiers_week_messages_and_active_users,
    delete_planning_is_scoped_to_the_guild,
    update_task_changes_only_the_given_fields,
    update_task_writes_open_tasks_only,
    update_task_of_unknown_or_foreign_task_is_not_found,
    calendar_token_is_stable_until_rotated,
    calendar_token_lookup_rejects_anything_else,
    concurrent_first_calendar_token_requests_agree,
);

async fn logged_message_is_stored_once_and_later_versions_replace_it(db: TestDb) {
    let s = &db.store;
    let first = msg(
        G1,
        Snowflake::new(1),
        ALICE,
        "Câbles livrés au chantier",
        10,
    );
    assert_eq!(
        s.log_messages(&[first.clone(), first.clone()])
            .await
            .expect("log"),
        1
    );
    assert_eq!(
        s.log_messages(std::slice::from_ref(&first))
            .await
            .expect("replay"),
        0
    );
    assert_eq!(db.scalar("select count(*) from messages").await, 1);

    let edited = edit(&first, "Gaines livrées au chantier", 10);
    assert_eq!(s.log_messages(&[edited]).await.expect("edit"), 1);
    assert_eq!(message_ids(&search(&db, G1, "gaines").await), [1]);
    assert!(search(&db, G1, "câbles").await.is_empty());
    let found = search(&db, G1, "gaines").await.remove(0);
    assert_eq!(found.content, "Gaines livrées au chantier");
    assert_eq!(found.edited_at, Some(at(10, 30, 0)));
    assert_eq!(found.created_at, at(10, 0, 0));
    assert_eq!((found.author_id, found.channel_id), (ALICE, CHANNEL));

    // A replayed older version changes nothing.
    assert_eq!(s.log_messages(&[first]).await.expect("old replay"), 0);
    assert_eq!(message_ids(&search(&db, G1, "gaines").await), [1]);

    // A create and its edit in one batch: one message, the edited content.
    let second = msg(G1, Snowflake::new(2), BOB, "Premier jet", 11);
    let batch = [
        edit(&second, "Version corrigée", 11),
        second.clone(),
        msg(G2, Snowflake::new(2), BOB, "Même id, autre serveur", 11),
    ];
    assert_eq!(s.log_messages(&batch).await.expect("batch"), 2);
    assert_eq!(message_ids(&search(&db, G1, "corrigée").await), [2]);
    assert!(search(&db, G1, "premier").await.is_empty());
    assert_eq!(db.scalar("select count(*) from messages").await, 3);
    assert_eq!(s.log_messages(&[]).await.expect("empty batch"), 0);
    assert_fts_consistent(&db).await;
}

async fn deleted_message_is_hidden_from_search_and_stays_deleted(db: TestDb) {
    let s = &db.store;
    let kept = msg(G1, Snowflake::new(1), ALICE, "Disjoncteur remplacé", 10);
    let gone = msg(G1, Snowflake::new(2), ALICE, "Disjoncteur à commander", 10);
    s.log_messages(&[kept, gone.clone()]).await.expect("log");
    assert_eq!(search(&db, G1, "disjoncteur").await.len(), 2);

    assert!(
        s.delete_message(G1, Snowflake::new(2), at(12, 0, 0))
            .await
            .expect("delete")
    );
    assert!(
        !s.delete_message(G1, Snowflake::new(2), at(13, 0, 0))
            .await
            .expect("again")
    );
    assert!(
        !s.delete_message(G1, Snowflake::new(99), at(13, 0, 0))
            .await
            .expect("unknown")
    );
    assert!(
        !s.delete_message(G2, Snowflake::new(1), at(13, 0, 0))
            .await
            .expect("foreign")
    );
    assert_eq!(message_ids(&search(&db, G1, "disjoncteur").await), [1]);

    // Replaying the create or an edit does not bring it back; the row is kept (soft delete).
    s.log_messages(&[gone.clone(), edit(&gone, "Disjoncteur commandé", 14)])
        .await
        .expect("replay");
    assert_eq!(message_ids(&search(&db, G1, "disjoncteur").await), [1]);
    assert_eq!(
        db.scalar("select count(*) from messages where deleted_at is not null")
            .await,
        1
    );
    assert_fts_consistent(&db).await;
}

async fn search_ignores_case_and_accents_and_is_scoped_to_the_guild(db: TestDb) {
    let s = &db.store;
    s.log_messages(&[
        msg(
            G1,
            Snowflake::new(1),
            ALICE,
            "Le tableau électrique est posé",
            10,
        ),
        msg(G1, Snowflake::new(2), BOB, "Réunion de chantier à 14h", 10),
        msg(
            G2,
            Snowflake::new(3),
            BOB,
            "Le tableau électrique du voisin",
            10,
        ),
    ])
    .await
    .expect("log");
    for query in [
        "electrique",
        "électrique",
        "ÉLECTRIQUE",
        "Electrique",
        "tableau ELECTRIQUE",
        "  électrique  ",
    ] {
        assert_eq!(message_ids(&search(&db, G1, query).await), [1], "{query:?}");
    }
    for query in ["reunion", "RÉUNION", "Réunion"] {
        assert_eq!(message_ids(&search(&db, G1, query).await), [2], "{query:?}");
    }
    assert_eq!(message_ids(&search(&db, G2, "electrique").await), [3]);
    assert!(
        search(&db, Snowflake::new(333), "electrique")
            .await
            .is_empty()
    );
}

async fn search_requires_every_word_and_respects_the_limit(db: TestDb) {
    let s = &db.store;
    let batch: Vec<NewMessage> = (1..=5)
        .map(|i| {
            msg(
                G1,
                Snowflake::new(i),
                ALICE,
                &format!("Gaine numéro {i} posée"),
                10 + i as u32,
            )
        })
        .chain([msg(G1, Snowflake::new(6), BOB, "Tableau livré", 9)])
        .collect();
    s.log_messages(&batch).await.expect("log");
    // Equal relevance: newest first.
    assert_eq!(
        message_ids(&s.search_messages(G1, "gaine", 3).await.expect("search")),
        [5, 4, 3]
    );
    assert!(search(&db, G1, "gaine tableau").await.is_empty());
    assert_eq!(message_ids(&search(&db, G1, "tableau livré").await), [6]);
    assert!(
        s.search_messages(G1, "gaine", 0)
            .await
            .expect("limit 0")
            .is_empty()
    );
}

async fn search_matches_word_starts(db: TestDb) {
    let s = &db.store;
    s.log_messages(&[
        msg(
            G1,
            Snowflake::new(1),
            ALICE,
            "L'électricien pose le tableau",
            10,
        ),
        msg(G1, Snowflake::new(2), BOB, "Gaines et câbles livrés", 11),
    ])
    .await
    .expect("log");
    assert_eq!(message_ids(&search(&db, G1, "electricien").await), [1]);
    assert_eq!(message_ids(&search(&db, G1, "l'électricien").await), [1]);
    assert_eq!(message_ids(&search(&db, G1, "électri").await), [1]);
    assert_eq!(message_ids(&search(&db, G1, "cable").await), [2]);
    assert_eq!(message_ids(&search(&db, G1, "câbles livrés").await), [2]);
    if db.backend() == Backend::Postgres {
        // Trigram fallback when full text finds nothing: a typo, a stop word, a word's middle.
        assert_eq!(message_ids(&search(&db, G1, "electricein").await), [1]);
        assert_eq!(message_ids(&search(&db, G1, "tableu").await), [1]);
        assert_eq!(message_ids(&search(&db, G1, "ivr").await), [2]);
        assert_eq!(message_ids(&search(&db, G1, "le").await), [1, 2]);
    }
}

async fn hostile_queries_never_error(db: TestDb) {
    let s = &db.store;
    s.log_messages(&[
        msg(
            G1,
            Snowflake::new(1),
            ALICE,
            "Prise 16A (cuisine) \"OK\" - voir NEAR le tableau*",
            10,
        ),
        msg(
            G1,
            Snowflake::new(2),
            ALICE,
            "l'électricien passe à 8h; drop le matériel",
            10,
        ),
    ])
    .await
    .expect("log");
    let long = "électrique ".repeat(1000);
    let hostile = [
        "\"",
        "\"\"",
        "*",
        "**",
        "NEAR(",
        "NEAR(a b, 2)",
        "OR",
        "a OR",
        "AND NOT",
        "NOT",
        "'; drop table messages; --",
        "(",
        ")",
        "a)",
        "^tableau",
        "tableau:",
        "content: tableau",
        "messages_fts",
        "-tableau",
        "!tableau",
        "<->",
        "a & b | !c",
        "%",
        "_",
        "\\",
        "\\%",
        "'",
        "''",
        "{col1 col2}: x",
        "\0",
        "a\0b",
        "électricien 🔌⚡",
        "🔌",
        "电工",
        "عامل كهرباء",
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͈",
        "\u{200b}",
        "\u{feff}tableau",
        &long,
    ];
    for query in hostile {
        let shown: String = query.chars().take(30).collect();
        let found = s
            .search_messages(G1, query, 10)
            .await
            .unwrap_or_else(|err| panic!("query {shown:?} failed: {err}"));
        assert!(found.len() <= 10, "{shown:?}");
    }
    // Words inside hostile text are still searched as words.
    assert_eq!(message_ids(&search(&db, G1, "\"cuisine\"").await), [1]);
    assert_eq!(message_ids(&search(&db, G1, "(cuisine").await), [1]);
    assert_eq!(message_ids(&search(&db, G1, "électricien*").await), [2]);
    // Nothing was dropped.
    assert_eq!(db.scalar("select count(*) from messages").await, 2);
    assert_fts_consistent(&db).await;
}

async fn empty_query_finds_nothing(db: TestDb) {
    db.store
        .log_messages(&[msg(G1, Snowflake::new(1), ALICE, "Tableau posé", 10)])
        .await
        .expect("log");
    for query in ["", " ", "\t\n", "   \u{3000} ", "\"\" *", "()"] {
        assert!(search(&db, G1, query).await.is_empty(), "{query:?}");
    }
}

async fn better_match_ranks_first(db: TestDb) {
    let s = &db.store;
    // The weaker match is the newer one, so only relevance can put the other first.
    s.log_messages(&[
        msg(
            G1,
            Snowflake::new(1),
            ALICE,
            "Disjoncteur différentiel : vérifier le disjoncteur",
            9,
        ),
        msg(
            G1,
            Snowflake::new(2),
            BOB,
            "Compte rendu de la visite : la cuisine est finie, les prises sont posées, il reste \
             le disjoncteur et la pose des luminaires dans le couloir et les chambres",
            15,
        ),
        msg(G1, Snowflake::new(3), CAROL, "Rien à voir", 16),
    ])
    .await
    .expect("log");
    assert_eq!(message_ids(&search(&db, G1, "disjoncteur").await), [1, 2]);
}

fn member(guild_id: Snowflake, user_id: Snowflake, name: &str, h: u32) -> MemberUpdate {
    MemberUpdate {
        guild_id,
        user_id,
        display_name: name.into(),
        joined_at: Some(at(h, 0, 0)),
        at: at(h, 0, 0),
    }
}

async fn presence_lists_members_not_offline_first_then_by_name(db: TestDb) {
    let s = &db.store;
    s.upsert_member(&member(G1, ALICE, "Zoé", 8))
        .await
        .expect("member");
    s.upsert_member(&member(G1, BOB, "alain", 8))
        .await
        .expect("member");
    s.upsert_member(&member(G1, CAROL, "Bernard", 8))
        .await
        .expect("member");
    s.upsert_member(&member(G2, DAVE, "Autre serveur", 8))
        .await
        .expect("member");
    s.set_presence(G1, ALICE, PresenceStatus::Online, at(9, 0, 0))
        .await
        .expect("presence");
    s.set_presence(G1, CAROL, PresenceStatus::Dnd, at(9, 0, 0))
        .await
        .expect("presence");
    s.set_presence(G1, BOB, PresenceStatus::Offline, at(9, 0, 0))
        .await
        .expect("presence");
    // Seen through a presence update only: no name yet.
    s.set_presence(G1, DAVE, PresenceStatus::Idle, at(9, 0, 0))
        .await
        .expect("presence");

    let members = s.presence(G1).await.expect("presence");
    let listed: Vec<(Snowflake, Option<&str>, PresenceStatus)> = members
        .iter()
        .map(|m| (m.user_id, m.display_name.as_deref(), m.status))
        .collect();
    assert_eq!(
        listed,
        [
            (CAROL, Some("Bernard"), PresenceStatus::Dnd),
            (ALICE, Some("Zoé"), PresenceStatus::Online),
            (DAVE, None, PresenceStatus::Idle),
            (BOB, Some("alain"), PresenceStatus::Offline),
        ]
    );
    assert!(members.iter().all(|m| m.guild_id == G1));
    let other = s.presence(G2).await.expect("presence");
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].status, PresenceStatus::Offline);
    assert!(
        s.presence(Snowflake::new(333))
            .await
            .expect("presence")
            .is_empty()
    );
}

async fn presence_tracks_last_seen_and_member_updates_keep_presence(db: TestDb) {
    let s = &db.store;
    s.upsert_member(&member(G1, ALICE, "Alice", 8))
        .await
        .expect("member");
    let alice = |members: Vec<gvbot::store::Member>| {
        members
            .into_iter()
            .find(|m| m.user_id == ALICE)
            .expect("alice listed")
    };
    let new = alice(s.presence(G1).await.expect("presence"));
    assert_eq!(new.status, PresenceStatus::Offline);
    assert_eq!(new.last_seen_at, None);
    assert_eq!(new.joined_at, Some(at(8, 0, 0)));
    assert_eq!(new.updated_at, at(8, 0, 0));

    s.set_presence(G1, ALICE, PresenceStatus::Online, at(9, 0, 0))
        .await
        .expect("online");
    s.set_presence(G1, ALICE, PresenceStatus::Idle, at(9, 10, 0))
        .await
        .expect("idle");
    let idle = alice(s.presence(G1).await.expect("presence"));
    assert_eq!(idle.status, PresenceStatus::Idle);
    assert_eq!(idle.last_seen_at, Some(at(9, 10, 0)));

    s.set_presence(G1, ALICE, PresenceStatus::Offline, at(9, 20, 0))
        .await
        .expect("offline");
    s.set_presence(G1, ALICE, PresenceStatus::Offline, at(9, 30, 0))
        .await
        .expect("still offline");
    let gone = alice(s.presence(G1).await.expect("presence"));
    assert_eq!(gone.status, PresenceStatus::Offline);
    assert_eq!(gone.last_seen_at, Some(at(9, 20, 0)));
    assert_eq!(gone.updated_at, at(9, 30, 0));

    // A rename keeps presence and, when the update has none, the join date.
    s.set_presence(G1, ALICE, PresenceStatus::Online, at(10, 0, 0))
        .await
        .expect("online");
    s.upsert_member(&MemberUpdate {
        joined_at: None,
        ..member(G1, ALICE, "Alice (chef)", 10)
    })
    .await
    .expect("rename");
    let renamed = alice(s.presence(G1).await.expect("presence"));
    assert_eq!(renamed.display_name.as_deref(), Some("Alice (chef)"));
    assert_eq!(renamed.status, PresenceStatus::Online);
    assert_eq!(renamed.joined_at, Some(at(8, 0, 0)));
    assert_eq!(renamed.last_seen_at, Some(at(10, 0, 0)));

    // Someone first seen offline has never been seen.
    s.set_presence(G1, BOB, PresenceStatus::Offline, at(11, 0, 0))
        .await
        .expect("offline");
    let bob = s
        .presence(G1)
        .await
        .expect("presence")
        .into_iter()
        .find(|m| m.user_id == BOB)
        .expect("bob listed");
    assert_eq!(bob.last_seen_at, None);
    assert_eq!(bob.display_name, None);
}

async fn user_stats_counts_messages_commands_and_tasks_done(db: TestDb) {
    let s = &db.store;
    let since = at(10, 0, 0);
    s.upsert_member(&member(G1, ALICE, "Alice", 8))
        .await
        .expect("member");
    s.log_messages(&[
        msg(G1, Snowflake::new(1), ALICE, "avant", 9),
        msg(G1, Snowflake::new(2), ALICE, "un", 10),
        msg(G1, Snowflake::new(3), ALICE, "deux", 11),
        msg(G1, Snowflake::new(4), ALICE, "supprimé", 12),
        msg(G1, Snowflake::new(5), BOB, "bonjour", 12),
        msg(G2, Snowflake::new(6), CAROL, "ailleurs", 12),
    ])
    .await
    .expect("log");
    s.delete_message(G1, Snowflake::new(4), at(13, 0, 0))
        .await
        .expect("delete");
    command(&db, G1, ALICE, 11).await;
    command(&db, G1, BOB, 9).await;
    for h in [10, 11, 12] {
        command(&db, G1, BOB, h).await;
    }
    command(&db, G2, BOB, 12).await;

    let c = chantier(&db, G1, "Mairie").await;
    let done = task(&db, &c, CAROL, None).await;
    s.update_task(
        G1,
        done.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(11, 0, 0),
    )
    .await
    .expect("done");
    let early = task(&db, &c, CAROL, None).await;
    s.update_task(
        G1,
        early.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(9, 30, 0),
    )
    .await
    .expect("done before");
    let open = task(&db, &c, BOB, None).await;
    s.update_task(
        G1,
        open.id,
        &TaskChanges::status(TaskStatus::EnCours),
        at(11, 0, 0),
    )
    .await
    .expect("started");

    let stats = s.user_stats(G1, since, 10).await.expect("stats");
    let rows: Vec<(Snowflake, i64, i64, i64)> = stats
        .iter()
        .map(|u| (u.user_id, u.messages, u.commands, u.tasks_done))
        .collect();
    assert_eq!(
        rows,
        [(BOB, 1, 3, 0), (ALICE, 2, 1, 0), (CAROL, 0, 0, 1)],
        "{stats:?}"
    );
    assert_eq!(stats[1].display_name.as_deref(), Some("Alice"));
    assert_eq!(stats[0].display_name, None);

    let top = s.user_stats(G1, since, 2).await.expect("stats");
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].user_id, BOB);
    assert!(
        s.user_stats(G1, at(23, 0, 0), 10)
            .await
            .expect("stats")
            .is_empty()
    );
    let other = s.user_stats(G2, since, 10).await.expect("stats");
    let other: Vec<(Snowflake, i64, i64)> = other
        .iter()
        .map(|u| (u.user_id, u.messages, u.commands))
        .collect();
    assert_eq!(other, [(BOB, 0, 1), (CAROL, 1, 0)]);
}

async fn guild_stats_reports_tasks_chantiers_week_messages_and_active_users(db: TestDb) {
    let s = &db.store;
    let empty = s
        .guild_stats(G1, day(4), day(10), at(0, 0, 0))
        .await
        .expect("empty stats");
    assert_eq!(
        empty.tasks_by_status,
        TaskStatus::ALL.map(|status| (status, 0))
    );
    assert_eq!(
        (
            empty.active_chantiers,
            empty.planning_entries,
            empty.messages,
            empty.active_users
        ),
        (0, 0, 0, 0)
    );

    let c = chantier(&db, G1, "Mairie").await;
    chantier(&db, G1, "École").await;
    chantier(&db, G1, "Ancien").await;
    chantier(&db, G2, "Ailleurs").await;
    db.execute("update chantiers set archived = true where name = 'Ancien'")
        .await;
    task(&db, &c, ALICE, None).await;
    task(&db, &c, ALICE, None).await;
    let done = task(&db, &c, BOB, None).await;
    s.update_task(
        G1,
        done.id,
        &TaskChanges::status(TaskStatus::Terminee),
        at(11, 0, 0),
    )
    .await
    .expect("done");
    for (user_id, start, end) in [
        (ALICE, day(1), day(4)),   // ends on the Monday: overlaps
        (BOB, day(6), day(7)),     // inside
        (CAROL, day(10), day(12)), // starts on the Sunday: overlaps
        (DAVE, day(11), day(15)),  // next week
        (DAVE, day(1), day(3)),    // previous week
    ] {
        s.add_planning(
            &NewPlanningEntry {
                guild_id: G1,
                user_id,
                chantier_id: c.id,
                start_date: start,
                end_date: end,
                notes: None,
                created_by: BOSS,
            },
            at(8, 0, 0),
        )
        .await
        .expect("planning");
    }
    s.log_messages(&[
        msg(G1, Snowflake::new(1), ALICE, "ancien", 8),
        msg(G1, Snowflake::new(2), ALICE, "un", 11),
        msg(G1, Snowflake::new(3), ALICE, "deux", 12),
        msg(G1, Snowflake::new(4), CAROL, "supprimé", 12),
        msg(G2, Snowflake::new(5), DAVE, "ailleurs", 12),
    ])
    .await
    .expect("log");
    s.delete_message(G1, Snowflake::new(4), at(13, 0, 0))
        .await
        .expect("delete");
    command(&db, G1, ALICE, 11).await;
    command(&db, G1, BOB, 12).await;
    command(&db, G1, DAVE, 8).await;
    command(&db, G2, CAROL, 12).await;

    let stats = s
        .guild_stats(G1, day(4), day(10), at(10, 0, 0))
        .await
        .expect("stats");
    assert_eq!(
        stats.tasks_by_status,
        [
            (TaskStatus::AFaire, 2),
            (TaskStatus::EnCours, 0),
            (TaskStatus::Terminee, 1),
            (TaskStatus::Annulee, 0),
        ]
    );
    assert_eq!(stats.active_chantiers, 2);
    assert_eq!(stats.planning_entries, 3);
    // All time, deleted excluded.
    assert_eq!(stats.messages, 3);
    // Alice (messages and a command), Bob (a command); Carol's only message is deleted, Dave
    // was active before.
    assert_eq!(stats.active_users, 2);
}

async fn delete_planning_is_scoped_to_the_guild(db: TestDb) {
    let s = &db.store;
    let c = chantier(&db, G1, "Mairie").await;
    let entry = s
        .add_planning(
            &NewPlanningEntry {
                guild_id: G1,
                user_id: ALICE,
                chantier_id: c.id,
                start_date: day(4),
                end_date: day(6),
                notes: Some("Tableau".into()),
                created_by: BOSS,
            },
            at(8, 0, 0),
        )
        .await
        .expect("planning");
    let listed = |guild_id| async move {
        s.planning_between(guild_id, day(1), day(31), None)
            .await
            .expect("read")
    };
    assert_eq!(listed(G1).await, vec![entry.clone()]);

    assert!(matches!(
        s.delete_planning(G2, entry.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_planning(G1, entry.id + 1).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(listed(G1).await, vec![entry.clone()]);

    s.delete_planning(G1, entry.id).await.expect("delete");
    assert_eq!(listed(G1).await, vec![]);
    assert!(matches!(
        s.delete_planning(G1, entry.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(db.scalar("select count(*) from planning").await, 0);
}

/// The task a write returned; the write must have been applied.
fn changed(written: Result<Transition, StoreError>) -> Task {
    match written {
        Ok(Transition::Changed(task)) => task,
        other => panic!("not written: {other:?}"),
    }
}

/// The task a write left alone; it must have been refused.
fn unchanged(written: Result<Transition, StoreError>) -> Task {
    match written {
        Ok(Transition::Unchanged(task)) => task,
        other => panic!("written: {other:?}"),
    }
}

async fn update_task_changes_only_the_given_fields(db: TestDb) {
    let s = &db.store;
    let c = chantier(&db, G1, "Mairie").await;
    let original = task(&db, &c, ALICE, Some(day(8))).await;

    let described = changed(
        s.update_task(
            G1,
            original.id,
            &TaskChanges {
                description: Some("Poser deux tableaux".into()),
                ..TaskChanges::default()
            },
            at(10, 0, 0),
        )
        .await,
    );
    assert_eq!(
        described,
        Task {
            description: "Poser deux tableaux".into(),
            updated_at: at(10, 0, 0),
            ..original.clone()
        }
    );

    let moved = changed(
        s.update_task(
            G1,
            original.id,
            &TaskChanges {
                assignee_id: Some(BOB),
                due_date: Some(Some(day(12))),
                ..TaskChanges::default()
            },
            at(11, 0, 0),
        )
        .await,
    );
    assert_eq!(moved.assignee_id, BOB);
    assert_eq!(moved.due_date, Some(day(12)));
    assert_eq!(moved.description, "Poser deux tableaux");
    assert_eq!(moved.status, TaskStatus::AFaire);

    let cleared = changed(
        s.update_task(
            G1,
            original.id,
            &TaskChanges {
                due_date: Some(None),
                ..TaskChanges::default()
            },
            at(12, 0, 0),
        )
        .await,
    );
    assert_eq!(cleared.due_date, None);
    assert_eq!(cleared.assignee_id, BOB);
    assert_eq!(cleared.updated_at, at(12, 0, 0));

    // No change, or changes to what already is: nothing is written.
    let same = unchanged(
        s.update_task(G1, original.id, &TaskChanges::default(), at(13, 0, 0))
            .await,
    );
    assert_eq!(same, cleared);
    let same = unchanged(
        s.update_task(
            G1,
            original.id,
            &TaskChanges {
                assignee_id: Some(BOB),
                status: Some(TaskStatus::AFaire),
                due_date: Some(None),
                ..TaskChanges::default()
            },
            at(13, 0, 0),
        )
        .await,
    );
    assert_eq!(same, cleared);
    assert_eq!(s.task(G1, original.id).await.expect("read"), Some(cleared));
}

async fn update_task_writes_open_tasks_only(db: TestDb) {
    let s = &db.store;
    let c = chantier(&db, G1, "Mairie").await;
    let t = task(&db, &c, ALICE, None).await;
    let status = TaskChanges::status;

    let started = changed(
        s.update_task(G1, t.id, &status(TaskStatus::EnCours), at(9, 30, 0))
            .await,
    );
    assert_eq!(started.status, TaskStatus::EnCours);
    assert_eq!(started.done_at, None);
    let done = changed(
        s.update_task(G1, t.id, &status(TaskStatus::Terminee), at(10, 0, 0))
            .await,
    );
    assert_eq!(done.status, TaskStatus::Terminee);
    assert_eq!(done.done_at, Some(at(10, 0, 0)));
    assert_eq!(done.updated_at, at(10, 0, 0));

    // Done is final: done again (an n8n retry), cancelled, reopened, edited — nothing is
    // written, and the task as it is comes back.
    for changes in [
        status(TaskStatus::Terminee),
        status(TaskStatus::Annulee),
        status(TaskStatus::EnCours),
        TaskChanges {
            description: Some("Fini".into()),
            ..TaskChanges::default()
        },
        TaskChanges::assignee(BOB),
    ] {
        assert_eq!(
            unchanged(s.update_task(G1, t.id, &changes, at(11, 0, 0)).await),
            done,
            "{changes:?}"
        );
    }

    // Cancelled is final too, and has no done_at.
    let other = task(&db, &c, ALICE, None).await;
    let cancelled = changed(
        s.update_task(G1, other.id, &status(TaskStatus::Annulee), at(12, 0, 0))
            .await,
    );
    assert_eq!(cancelled.done_at, None);
    assert_eq!(
        unchanged(
            s.update_task(G1, other.id, &status(TaskStatus::Terminee), at(13, 0, 0))
                .await
        ),
        cancelled
    );
    assert_eq!(s.task(G1, t.id).await.expect("read"), Some(done));
    assert_eq!(s.task(G1, other.id).await.expect("read"), Some(cancelled));
}

async fn update_task_of_unknown_or_foreign_task_is_not_found(db: TestDb) {
    let s = &db.store;
    let c = chantier(&db, G1, "Mairie").await;
    let t = task(&db, &c, ALICE, None).await;
    let changes = TaskChanges {
        description: Some("Piratée".into()),
        ..TaskChanges::default()
    };
    for (guild_id, id, changes) in [
        (G2, t.id, changes.clone()),
        (G1, t.id + 1, changes.clone()),
        (G2, t.id, TaskChanges::default()),
        (G1, t.id + 1, TaskChanges::default()),
    ] {
        assert!(
            matches!(
                s.update_task(guild_id, id, &changes, at(10, 0, 0)).await,
                Ok(Transition::NotFound)
            ),
            "{guild_id} {id} {changes:?}"
        );
    }
    assert_eq!(s.task(G1, t.id).await.expect("read"), Some(t));
}

async fn calendar_token_is_stable_until_rotated(db: TestDb) {
    let s = &db.store;
    let first = s.calendar_token(G1, at(8, 0, 0)).await.expect("token");
    assert_eq!(first.len(), 64);
    assert!(
        first
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(
        s.calendar_token(G1, at(9, 0, 0)).await.expect("token"),
        first
    );
    let other = s.calendar_token(G2, at(8, 0, 0)).await.expect("token");
    assert_ne!(other, first);
    assert_eq!(
        s.guild_for_calendar_token(&first).await.expect("lookup"),
        Some(G1)
    );
    assert_eq!(
        s.guild_for_calendar_token(&other).await.expect("lookup"),
        Some(G2)
    );

    let rotated = s
        .rotate_calendar_token(G1, at(10, 0, 0))
        .await
        .expect("rotate");
    assert_ne!(rotated, first);
    assert_eq!(rotated.len(), 64);
    assert_eq!(
        s.guild_for_calendar_token(&first).await.expect("lookup"),
        None
    );
    assert_eq!(
        s.guild_for_calendar_token(&rotated).await.expect("lookup"),
        Some(G1)
    );
    assert_eq!(
        s.calendar_token(G1, at(11, 0, 0)).await.expect("token"),
        rotated
    );
    assert_eq!(
        s.guild_for_calendar_token(&other).await.expect("lookup"),
        Some(G2)
    );

    // Rotating a guild that had no token yet creates one.
    let fresh = s
        .rotate_calendar_token(Snowflake::new(333), at(10, 0, 0))
        .await
        .expect("rotate new");
    assert_eq!(
        s.guild_for_calendar_token(&fresh).await.expect("lookup"),
        Some(Snowflake::new(333))
    );
    assert_eq!(db.scalar("select count(*) from calendar_tokens").await, 3);
}

async fn calendar_token_lookup_rejects_anything_else(db: TestDb) {
    let s = &db.store;
    let token = s.calendar_token(G1, at(8, 0, 0)).await.expect("token");
    let upper = token.to_uppercase();
    let prefix = &token[..63];
    let longer = format!("{token}0");
    let with_nul = format!("{}\0", &token[..63]);
    for candidate in [
        "",
        "x",
        "'; drop table calendar_tokens; --",
        "%",
        &upper,
        prefix,
        &longer,
        &with_nul,
        &"g".repeat(64),
        &"é".repeat(32),
    ] {
        assert_eq!(
            s.guild_for_calendar_token(candidate).await.expect("lookup"),
            None,
            "{candidate:?}"
        );
    }
    assert_eq!(
        s.guild_for_calendar_token(&token).await.expect("lookup"),
        Some(G1)
    );
}

async fn concurrent_first_calendar_token_requests_agree(db: TestDb) {
    let requests = (0..6).map(|_| {
        let store = db.store.clone();
        tokio::spawn(async move { store.calendar_token(G1, at(8, 0, 0)).await })
    });
    let mut tokens = Vec::new();
    for request in requests.collect::<Vec<_>>() {
        tokens.push(request.await.expect("join").expect("token"));
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    assert_eq!(
        db.store
            .guild_for_calendar_token(&tokens[0])
            .await
            .expect("lookup"),
        Some(G1)
    );
}
