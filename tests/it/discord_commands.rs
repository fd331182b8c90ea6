//! The commands that act on Discord, end to end: a signed interaction (or REST request) in,
//! the response out, and the requests gvbot sent to the fake Discord (paths, JSON bodies,
//! how many: no N+1). `/config salon`, `/creerchantier` and its channel, `/archiverchantier`,
//! `/chantiers statut`, `/avertir`, `/sanctions`, `/purge`, `POST /api/discord/message` and
//! `POST /api/discord/chantiers` with `create_channel`. Each case runs on SQLite and PostgreSQL.

use std::time::Duration;

use axum::http::StatusCode;
use gvbot::id::Snowflake;
use gvbot::store::{ChannelKind, NewWarning};
use serde_json::{Value, json};

use crate::{
    db::TestDb,
    fake_discord::{Failure, FakeDiscord},
    support::*,
};

const MARC: u64 = 555_555_555_555_555_555;
const DAY: Duration = Duration::from_secs(24 * 3600);

/// gvbot on `db`, its Discord client pointed at a fresh fake.
async fn env(db: TestDb) -> (TestApp, FakeDiscord) {
    let fake = FakeDiscord::start().await;
    (TestApp::new(db).with_discord(&fake), fake)
}

/// `METHOD /route` of every request the fake received since `from`.
fn sent(fake: &FakeDiscord, from: usize) -> Vec<String> {
    fake.requests()[from..]
        .iter()
        .map(|r| format!("{} {}", r.method, r.route()))
        .collect()
}

fn id_of(channel: &Value) -> u64 {
    channel["id"].as_str().unwrap().parse().unwrap()
}

/// A seeded channel of the test guild: `général`, `moderation` (text), `Chantiers`,
/// `Archives` (categories).
fn channel(fake: &FakeDiscord, name: &str) -> u64 {
    id_of(&fake.channel_named(GUILD, name).expect(name))
}

/// `/config salon type:<kind> salon:<channel>`, with the resolved channel Discord sends.
async fn config_salon(
    t: &TestApp,
    actor: &Actor,
    kind: &str,
    id: u64,
    name: &str,
    kind_no: u8,
) -> Value {
    let mut body = slash(
        actor,
        "config",
        json!([sub(
            "salon",
            json!([
                s("type", kind),
                json!({ "name": "salon", "type": 7, "value": id.to_string() })
            ])
        )]),
    );
    body["data"]["resolved"] = json!({ "channels": { id.to_string(): {
        "id": id.to_string(), "name": name, "type": kind_no, "permissions": "2248473465835073"
    }}});
    t.command(&body).await
}

// ---- /config salon --------------------------------------------------------------------------

async fn config_salon_checks_the_channel_type_and_voir_lists_them(db: TestDb) {
    let (t, fake) = env(db).await;
    let (general, category) = (channel(&fake, "général"), channel(&fake, "Chantiers"));
    let admin = Actor::admin();

    let r = config_salon(&t, &admin, "chantiers", category, "Chantiers", 4).await;
    assert_public(&r, &[&format!("<#{category}>"), "Chantiers (catégorie)"]);
    let r = config_salon(&t, &admin, "planning", general, "général", 0).await;
    assert_public(&r, &[&format!("<#{general}>"), "Planning"]);
    // One option cannot restrict the type per choice: the core does.
    let r = config_salon(&t, &admin, "archives", general, "général", 0).await;
    assert_ephemeral(&r, &["`archives`", "**catégorie**", "général"]);
    let r = config_salon(&t, &admin, "moderation", category, "Chantiers", 4).await;
    assert_ephemeral(&r, &["`moderation`", "**salon textuel**"]);
    let r = config_salon(&t, &Actor::member(PAUL), "planning", general, "général", 0).await;
    assert_ephemeral(&r, &["⛔", "**admin**"]);
    t.db.assert_scalar("select count(*) from guild_channels", 2)
        .await;

    let voir = cmd(&t, &admin, "config", json!([sub("voir", json!([]))])).await;
    let text = shown(&voir);
    for line in [
        format!("Planning : <#{general}>"),
        "Modération : non défini".to_owned(),
        format!("Chantiers (catégorie) : <#{category}>"),
        "Archives (catégorie) : non défini".to_owned(),
        "Alertes : non défini".to_owned(),
    ] {
        assert!(text.contains(&line), "{line:?} missing from {text}");
    }
    // The calendar line of /config voir is still there.
    assert!(
        text.contains("calendrier") || text.contains("PUBLIC_URL"),
        "{text}"
    );
    assert!(fake.requests().is_empty(), "{:?}", sent(&fake, 0));
}

// ---- /creerchantier -------------------------------------------------------------------------

async fn creerchantier_creates_a_slugged_channel_under_the_category(db: TestDb) {
    let (t, fake) = env(db).await;
    let category = channel(&fake, "Chantiers");
    config_salon(&t, &Actor::admin(), "chantiers", category, "Chantiers", 4).await;
    let before = fake.requests().len();

    let r = cmd(
        &t,
        &Actor::admin(),
        "creerchantier",
        json!([
            s("nom", "  École Jules-Ferry  (Bât. 2) "),
            s("adresse", "12 rue de la Paix, Lyon")
        ]),
    )
    .await;
    // Two requests: list the channels (reuse, category check), create.
    assert_eq!(
        sent(&fake, before),
        [
            format!("GET /guilds/{GUILD}/channels"),
            format!("POST /guilds/{GUILD}/channels")
        ]
    );
    let post = &fake.requests_to("POST /guilds/*/channels")[0];
    let body = post.json.as_ref().unwrap();
    assert_eq!(body["name"], "ecole-jules-ferry-bat-2");
    assert_eq!(body["type"], 0);
    assert_eq!(body["parent_id"], category.to_string());
    assert_eq!(body["topic"], "12 rue de la Paix, Lyon");
    let created = id_of(
        &fake
            .channel_named(GUILD, "ecole-jules-ferry-bat-2")
            .unwrap(),
    );
    assert_public(
        &r,
        &[
            "Chantier **École Jules-Ferry (Bât. 2)** créé",
            &format!("<#{created}>"),
        ],
    );
    let stored = t
        .app
        .store
        .chantier_by_name(Snowflake::new(GUILD), "école jules-ferry (bât. 2)")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.channel_id, Some(Snowflake::new(created)));
    assert_eq!(stored.address.as_deref(), Some("12 rue de la Paix, Lyon"));
}

async fn creerchantier_without_a_category_creates_at_the_top_level_with_a_note(db: TestDb) {
    let (t, fake) = env(db).await;
    let r = creerchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["**Gare Nord** créé", "Aucune catégorie de chantiers"]);
    let post = &fake.requests_to("POST /guilds/*/channels")[0];
    let body = post.json.as_ref().unwrap();
    assert_eq!(body["name"], "gare-nord");
    assert!(body.get("parent_id").is_none_or(Value::is_null), "{body}");
    assert!(body.get("topic").is_none_or(Value::is_null), "{body}");

    // A configured category that was deleted since: top level too, said so.
    config_salon(&t, &Actor::admin(), "chantiers", 42, "disparue", 4).await;
    let r = creerchantier(&t, &Actor::admin(), "Beautemps").await;
    assert_public(&r, &["n'existe plus"]);
    let body = fake.requests_to("POST /guilds/*/channels")[1]
        .json
        .clone()
        .unwrap();
    assert!(body.get("parent_id").is_none_or(Value::is_null), "{body}");
}

async fn creerchantier_reuses_a_channel_of_the_same_name(db: TestDb) {
    let (t, fake) = env(db).await;
    let existing = channel(&fake, "moderation");
    let before = fake.requests().len();
    let r = creerchantier(&t, &Actor::admin(), "Modération").await;
    assert_public(
        &r,
        &["**Modération** créé", &format!("<#{existing}>"), "existant"],
    );
    // One request: the list; nothing created.
    assert_eq!(
        sent(&fake, before),
        [format!("GET /guilds/{GUILD}/channels")]
    );
    let stored = t
        .app
        .store
        .chantier_by_name(Snowflake::new(GUILD), "Modération")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.channel_id, Some(Snowflake::new(existing)));
}

async fn creerchantier_refused_by_discord_creates_nothing(db: TestDb) {
    let (t, fake) = env(db).await;
    fake.fail_next("POST /guilds/*/channels", Failure::MissingPermissions);
    let r = creerchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_ephemeral(&r, &["🔒", "**Gérer les salons**"]);
    t.db.assert_scalar("select count(*) from chantiers", 0)
        .await;
    // Once the permission is granted, the same command works.
    let r = creerchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["**Gare Nord** créé"]);
    t.db.assert_scalar("select count(*) from chantiers", 1)
        .await;
    t.db.assert_scalar(
        "select count(*) from chantiers where channel_id is not null",
        1,
    )
    .await;
    // A duplicate is refused before any call to Discord.
    let before = fake.requests().len();
    let r = creerchantier(&t, &Actor::admin(), "gare nord").await;
    assert_ephemeral(&r, &["existe déjà"]);
    assert_eq!(fake.requests().len(), before);
}

// ---- /archiverchantier, /chantiers statut ---------------------------------------------------

async fn archiverchantier_moves_the_channel_and_makes_it_read_only(db: TestDb) {
    let (t, fake) = env(db).await;
    let (chantiers, archives) = (channel(&fake, "Chantiers"), channel(&fake, "Archives"));
    config_salon(&t, &Actor::admin(), "chantiers", chantiers, "Chantiers", 4).await;
    config_salon(&t, &Actor::admin(), "archives", archives, "Archives", 4).await;
    create_chantier(&t, "Beautemps").await;
    create_task(&t, &Actor::admin(), PAUL, "Beautemps", "Poser les prises").await;
    let id = id_of(&fake.channel_named(GUILD, "beautemps").unwrap());

    let r = archiverchantier(&t, &Actor::member(PAUL), "Beautemps").await;
    assert_ephemeral(&r, &["⛔", "**admin**"]);

    let before = fake.requests().len();
    let r = archiverchantier(&t, &Actor::admin(), "beautemps").await;
    assert_public(
        &r,
        &[
            "**Beautemps** archivé",
            &format!("<#{id}>"),
            "lecture seule",
        ],
    );
    assert_eq!(
        sent(&fake, before),
        [
            format!("PATCH /channels/{id}"),
            format!("PUT /channels/{id}/permissions/{GUILD}")
        ]
    );
    let patch = fake.requests_to("PATCH /channels/*")[0]
        .json
        .clone()
        .unwrap();
    assert_eq!(patch, json!({ "parent_id": archives.to_string() }));
    let put = fake.requests_to("PUT /channels/*/permissions/*")[0]
        .json
        .clone()
        .unwrap();
    assert_eq!(put["type"], 0);
    assert_eq!(put["deny"], "2048");
    assert_eq!(put["allow"].as_str().unwrap_or("0"), "0");
    let moved = fake.channel(id).unwrap();
    assert_eq!(moved["parent_id"], archives.to_string());
    assert!(
        moved["permission_overwrites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"].as_str() == Some(&*GUILD.to_string()) && o["deny"] == "2048"),
        "{moved}"
    );
    assert!(
        t.app
            .store
            .chantier_by_name(Snowflake::new(GUILD), "Beautemps")
            .await
            .unwrap()
            .unwrap()
            .archived
    );

    // Listed with the archived ones, its open task still counted and listed.
    let active = cmd(&t, &Actor::member(PAUL), "chantiers", json!([])).await;
    assert!(!shown(&active).contains("Beautemps"), "{active}");
    let archived = cmd(
        &t,
        &Actor::member(PAUL),
        "chantiers",
        json!([s("statut", "archives")]),
    )
    .await;
    assert_public(
        &archived,
        &["Chantiers archivés", "🗄️ **Beautemps** — 1 tâche ouverte"],
    );
    let actifs = cmd(
        &t,
        &Actor::member(PAUL),
        "chantiers",
        json!([s("statut", "actifs")]),
    )
    .await;
    assert!(shown(&actifs).contains("Aucun chantier actif"), "{actifs}");
    let tasks = cmd(&t, &Actor::member(PAUL), "taches", json!([])).await;
    assert!(shown(&tasks).contains("Poser les prises"), "{tasks}");

    // Twice: refused, nothing sent.
    let before = fake.requests().len();
    let r = archiverchantier(&t, &Actor::admin(), "Beautemps").await;
    assert_ephemeral(&r, &["est archivé"]);
    assert_eq!(fake.requests().len(), before);
}

async fn archiverchantier_without_archive_category_only_locks_the_channel(db: TestDb) {
    let (t, fake) = env(db).await;
    create_chantier(&t, "Gare Nord").await;
    let id = id_of(&fake.channel_named(GUILD, "gare-nord").unwrap());
    let before = fake.requests().len();
    let r = archiverchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["archivé", "n'a pas été déplacé"]);
    assert_eq!(
        sent(&fake, before),
        [
            format!("GET /channels/{id}"),
            format!("PUT /channels/{id}/permissions/{GUILD}")
        ]
    );
}

async fn archiverchantier_refused_by_discord_keeps_it_active(db: TestDb) {
    let (t, fake) = env(db).await;
    create_chantier(&t, "Gare Nord").await;
    fake.fail_next("PUT /channels/*/permissions/*", Failure::MissingPermissions);
    let r = archiverchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_ephemeral(&r, &["🔒", "**Gérer les rôles**"]);
    assert!(
        !t.app
            .store
            .chantier_by_name(Snowflake::new(GUILD), "Gare Nord")
            .await
            .unwrap()
            .unwrap()
            .archived
    );
    // A channel deleted by hand: archived anyway, said so.
    let id = id_of(&fake.channel_named(GUILD, "gare-nord").unwrap());
    fake.discord()
        .send(
            fake.discord()
                .client()
                .delete_channel(twilight_model::id::Id::new(id)),
        )
        .await
        .unwrap();
    let r = archiverchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["archivé", "n'existe plus"]);
    assert!(
        t.app
            .store
            .chantier_by_name(Snowflake::new(GUILD), "Gare Nord")
            .await
            .unwrap()
            .unwrap()
            .archived
    );
}

// ---- /avertir, /sanctions -------------------------------------------------------------------

async fn avertir_records_dms_and_logs_the_warning(db: TestDb) {
    let (t, fake) = env(db).await;
    let log = channel(&fake, "moderation");
    config_salon(&t, &Actor::admin(), "moderation", log, "moderation", 0).await;
    map_role(&t, "manager", MANAGER_ROLE).await;

    let r = cmd(
        &t,
        &Actor::member(JEANNE),
        "avertir",
        json!([u("membre", PAUL), s("raison", "Retard")]),
    )
    .await;
    assert_ephemeral(&r, &["⛔", "**manager**"]);

    let before = fake.requests().len();
    let r = cmd(
        &t,
        &manager(JEANNE),
        "avertir",
        json!([
            u("membre", PAUL),
            s("raison", "  Casque non porté sur le chantier ")
        ]),
    )
    .await;
    assert_ephemeral(
        &r,
        &[
            "#1",
            &format!("<@{PAUL}>"),
            "(1 au total)",
            "prévenu",
            &format!("<#{log}>"),
        ],
    );
    // Three requests: open the DM channel, the DM, the log.
    let mut requests = sent(&fake, before);
    requests.sort();
    let dm = fake.requests_to("POST /users/@me/channels");
    assert_eq!(dm.len(), 1);
    assert_eq!(
        dm[0].json.as_ref().unwrap()["recipient_id"],
        PAUL.to_string()
    );
    let dm_messages: Vec<Value> = fake
        .requests_to("POST /channels/*/messages")
        .iter()
        .filter(|m| m.route() != format!("/channels/{log}/messages"))
        .map(|m| m.json.clone().unwrap())
        .collect();
    assert_eq!(dm_messages.len(), 1);
    assert_eq!(
        dm_messages[0]["embeds"][0]["fields"][0]["value"],
        "Casque non porté sur le chantier"
    );
    let logged = fake.messages(log);
    assert_eq!(logged.len(), 1);
    let embed = &logged[0]["embeds"][0];
    assert_eq!(embed["title"], "⚠️ Avertissement #1");
    let fields = embed["fields"].to_string();
    assert!(
        fields.contains(&format!("<@{PAUL}>")) && fields.contains(&format!("<@{JEANNE}>")),
        "{fields}"
    );
    assert_eq!(requests.len(), 3, "{requests:?}");
    t.db.assert_scalar("select count(*) from warnings", 1).await;
}

async fn avertir_with_closed_dms_keeps_the_warning(db: TestDb) {
    let (t, fake) = env(db).await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    fake.fail_next("POST /channels/*/messages", Failure::CannotMessageUser);
    let before = fake.requests().len();
    let r = cmd(
        &t,
        &manager(JEANNE),
        "avertir",
        json!([u("membre", PAUL), s("raison", "Retard")]),
    )
    .await;
    assert_ephemeral(
        &r,
        &[
            "#1",
            "n'accepte pas les messages privés",
            "Aucun salon de modération",
        ],
    );
    // No moderation channel: the DM channel and the (refused) DM only.
    assert_eq!(sent(&fake, before).len(), 2, "{:?}", sent(&fake, before));
    t.db.assert_scalar("select count(*) from warnings", 1).await;
}

async fn sanctions_pages_by_ten_with_buttons(db: TestDb) {
    let (t, fake) = env(db).await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    for n in 0..12 {
        t.app
            .store
            .add_warning(
                &NewWarning {
                    guild_id: Snowflake::new(GUILD),
                    user_id: Snowflake::new(PAUL),
                    moderator_id: Snowflake::new(JEANNE),
                    reason: format!("raison {n}"),
                },
                chrono::Utc::now() + chrono::Duration::seconds(n),
            )
            .await
            .unwrap();
    }
    let r = cmd(
        &t,
        &Actor::member(MARC),
        "sanctions",
        json!([u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral(&r, &["⛔"]);

    let r = cmd(
        &t,
        &manager(JEANNE),
        "sanctions",
        json!([u("membre", PAUL)]),
    )
    .await;
    assert_ephemeral(
        &r,
        &["Page 1/2 · 12 avertissement(s)", "raison 11", "raison 2"],
    );
    assert!(
        !shown(&r).contains("raison 1\n") && !shown(&r).contains("raison 0"),
        "{r}"
    );
    let buttons: Vec<(String, bool)> = r["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["custom_id"].as_str().unwrap().to_owned(),
                b["disabled"] == true,
            )
        })
        .collect();
    assert_eq!(
        buttons,
        [
            (format!("sanctions:0:{PAUL}:p"), true),
            (format!("sanctions:1:{PAUL}:n"), false)
        ]
    );
    let page2 = t.command(&click(&manager(JEANNE), &buttons[1].0)).await;
    assert!(shown(&page2).contains("Page 2/2"), "{page2}");
    assert!(
        shown(&page2).contains("raison 0") && !shown(&page2).contains("raison 2"),
        "{page2}"
    );
    // The state is in the button, the check in the core: a member cannot page through.
    let denied = t.command(&click(&Actor::member(MARC), &buttons[1].0)).await;
    assert!(shown(&denied).contains("⛔"), "{denied}");
    let empty = cmd(
        &t,
        &manager(JEANNE),
        "sanctions",
        json!([u("membre", MARC)]),
    )
    .await;
    assert_ephemeral(&empty, &["Aucun avertissement", "Page 1/1"]);
    assert!(
        empty["data"]["components"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{empty}"
    );
    assert!(fake.requests().is_empty(), "{:?}", sent(&fake, 0));
}

// ---- /purge ---------------------------------------------------------------------------------

/// `/purge nombre:n` run in channel `channel`.
async fn purge(t: &TestApp, actor: &Actor, channel: u64, n: i64) -> Value {
    let mut body = slash(actor, "purge", json!([i("nombre", n)]));
    body["channel_id"] = json!(channel.to_string());
    body["channel"]["id"] = json!(channel.to_string());
    t.command(&body).await
}

async fn purge_bulk_deletes_recent_messages_and_skips_old_ones(db: TestDb) {
    let (t, fake) = env(db).await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    let general = channel(&fake, "général");
    let mut old = Vec::new();
    for n in 0..3 {
        old.push(fake.seed_message(general, PAUL, &format!("vieux {n}"), 20 * DAY));
    }
    let mut recent = Vec::new();
    for n in 0..5 {
        recent.push(fake.seed_message(
            general,
            PAUL,
            &format!("récent {n}"),
            Duration::from_secs(600 - n * 60),
        ));
    }
    let r = purge(&t, &Actor::member(PAUL), general, 10).await;
    assert_ephemeral(&r, &["⛔"]);

    let before = fake.requests().len();
    let r = purge(&t, &manager(JEANNE), general, 10).await;
    assert_ephemeral(
        &r,
        &[
            "5 message(s) supprimé(s)",
            "3 message(s) de plus de 14 jours ignoré(s)",
        ],
    );
    assert_eq!(
        sent(&fake, before),
        [
            format!("GET /channels/{general}/messages"),
            format!("POST /channels/{general}/messages/bulk-delete")
        ]
    );
    assert_eq!(fake.requests()[before].query.as_deref(), Some("limit=10"));
    let mut ids: Vec<String> = fake.requests()[before + 1].json.as_ref().unwrap()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    let mut expected: Vec<String> = recent.iter().map(u64::to_string).collect();
    expected.sort();
    assert_eq!(ids, expected);
    let left: Vec<String> = fake
        .messages(general)
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(left, old.iter().map(u64::to_string).collect::<Vec<_>>());
}

async fn purge_of_one_recent_message_deletes_it_singly(db: TestDb) {
    let (t, fake) = env(db).await;
    map_role(&t, "manager", MANAGER_ROLE).await;
    let general = channel(&fake, "général");
    fake.seed_message(general, PAUL, "vieux", 15 * DAY);
    let recent = fake.seed_message(general, PAUL, "récent", Duration::from_secs(5));
    let before = fake.requests().len();
    let r = purge(&t, &manager(JEANNE), general, 2).await;
    assert_ephemeral(
        &r,
        &[
            "1 message(s) supprimé(s)",
            "1 message(s) de plus de 14 jours",
        ],
    );
    // Bulk delete takes 2 to 100 ids: one message is a single DELETE.
    assert_eq!(
        sent(&fake, before),
        [
            format!("GET /channels/{general}/messages"),
            format!("DELETE /channels/{general}/messages/{recent}")
        ]
    );

    // Only old messages left: listed, nothing deleted.
    let before = fake.requests().len();
    let r = purge(&t, &manager(JEANNE), general, 100).await;
    assert_ephemeral(
        &r,
        &[
            "0 message(s) supprimé(s)",
            "1 message(s) de plus de 14 jours",
        ],
    );
    assert_eq!(sent(&fake, before).len(), 1);

    // Out of range: refused before Discord.
    let before = fake.requests().len();
    let r = purge(&t, &manager(JEANNE), general, 101).await;
    assert_ephemeral(&r, &[]);
    assert_eq!(fake.requests().len(), before);

    // The bot lacks Manage Messages: the reply names it.
    fake.seed_message(general, PAUL, "un", Duration::from_secs(5));
    fake.seed_message(general, PAUL, "deux", Duration::from_secs(4));
    fake.fail_next(
        "POST /channels/*/messages/bulk-delete",
        Failure::MissingPermissions,
    );
    let r = purge(&t, &manager(JEANNE), general, 2).await;
    assert_ephemeral(&r, &["🔒", "**Gérer les messages**"]);
}

// ---- REST -----------------------------------------------------------------------------------

async fn api_message_is_sent_as_the_bot(db: TestDb) {
    let (t, fake) = env(db).await;
    let general = channel(&fake, "général");
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/message",
            Some(&json!({
                "channel_id": general.to_string(),
                "content": format!("Livraison demain <@{PAUL}>"),
                "embeds": [{ "title": "Livraison", "description": "Tableau TGBT", "color": 16103168 }]
            })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let posted = fake.messages(general);
    assert_eq!(posted.len(), 1);
    assert_eq!(body["id"], posted[0]["id"]);
    assert_eq!(body["channel_id"], general.to_string());
    let sent_json = fake.requests_to("POST /channels/*/messages")[0]
        .json
        .clone()
        .unwrap();
    assert_eq!(sent_json["content"], format!("Livraison demain <@{PAUL}>"));
    // Embeds pass unchanged (no "type" needed); only user mentions ping.
    assert_eq!(
        sent_json["embeds"],
        json!([{ "title": "Livraison", "description": "Tableau TGBT", "color": 16103168 }])
    );
    assert_eq!(sent_json["allowed_mentions"], json!({ "parse": ["users"] }));
    assert_eq!(fake.requests().len(), 1);

    for bad in [
        json!({ "channel_id": general }),
        json!({ "channel_id": general, "content": "  ", "embeds": [] }),
        json!({ "channel_id": general, "content": "x".repeat(2001) }),
        json!({ "channel_id": general, "embeds": ["pas un objet"] }),
        json!({ "content": "sans salon" }),
    ] {
        let (status, body) = t
            .send(api("POST", "/api/discord/message", Some(&bad)))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["error"], "validation");
    }
    assert_eq!(fake.requests().len(), 1);

    fake.fail_next("POST /channels/*/messages", Failure::MissingPermissions);
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/message",
            Some(&json!({ "channel_id": general, "content": "x" })),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"], "discord_forbidden");
    assert!(
        body["message"].as_str().unwrap().contains("Send Messages"),
        "{body}"
    );

    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/message",
            Some(&json!({ "channel_id": "12345", "content": "x" })),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"], "discord_not_found");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Discord does not know the target"),
        "{body}"
    );
}

async fn api_create_chantier_can_create_its_channel(db: TestDb) {
    let (t, fake) = env(db).await;
    let category = channel(&fake, "Chantiers");
    t.app
        .store
        .set_guild_channel(
            Snowflake::new(GUILD),
            ChannelKind::Chantiers,
            Snowflake::new(category),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "Résidence Les Pins", "address": "8 allée des Pins", "guild_id": GUILD.to_string(), "create_channel": true })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created = fake
        .channel_named(GUILD, "residence-les-pins")
        .expect("channel");
    assert_eq!(body["channel_id"], created["id"]);
    assert_eq!(created["parent_id"], category.to_string());
    assert_eq!(created["topic"], "8 allée des Pins");
    assert_eq!(sent(&fake, 0).len(), 2, "{:?}", sent(&fake, 0));

    // Without the flag, Discord is not called.
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "Gare Nord", "guild_id": GUILD })),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["channel_id"].is_null(), "{body}");
    assert_eq!(fake.requests().len(), 2);

    // Refused by Discord: 502 naming the permission, no chantier.
    fake.fail_next("POST /guilds/*/channels", Failure::MissingPermissions);
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "Beautemps", "guild_id": GUILD, "create_channel": true })),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"], "discord_forbidden");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Manage Channels"),
        "{body}"
    );
    t.db.assert_scalar("select count(*) from chantiers", 2)
        .await;

    // Duplicates are still a 409.
    let (status, _) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "gare nord", "guild_id": GUILD, "create_channel": true })),
        ))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn without_a_bot_token_commands_say_what_is_missing(db: TestDb) {
    let t = TestApp::new(db);
    let r = creerchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["**Gare Nord** créé", "`DISCORD_TOKEN`"]);
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/chantiers",
            Some(&json!({ "name": "Beautemps", "guild_id": GUILD, "create_channel": true })),
        ))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"], "discord_unconfigured");
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/message",
            Some(&json!({ "channel_id": 1, "content": "x" })),
        ))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let r = archiverchantier(&t, &Actor::admin(), "Gare Nord").await;
    assert_public(&r, &["archivé", "n'a pas de salon"]);
}

both_backends!(
    config_salon_checks_the_channel_type_and_voir_lists_them,
    creerchantier_creates_a_slugged_channel_under_the_category,
    creerchantier_without_a_category_creates_at_the_top_level_with_a_note,
    creerchantier_reuses_a_channel_of_the_same_name,
    creerchantier_refused_by_discord_creates_nothing,
    archiverchantier_moves_the_channel_and_makes_it_read_only,
    archiverchantier_without_archive_category_only_locks_the_channel,
    archiverchantier_refused_by_discord_keeps_it_active,
    avertir_records_dms_and_logs_the_warning,
    avertir_with_closed_dms_keeps_the_warning,
    sanctions_pages_by_ten_with_buttons,
    purge_bulk_deletes_recent_messages_and_skips_old_ones,
    purge_of_one_recent_message_deletes_it_singly,
    api_message_is_sent_as_the_bot,
    api_create_chantier_can_create_its_channel,
    without_a_bot_token_commands_say_what_is_missing,
);
