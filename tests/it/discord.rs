//! Outgoing Discord REST against the fake: slash-command registration (library and
//! `gvbot register`), how failures surface, the client's settings, and that every answer of
//! the fake parses with twilight-model.

use std::{
    net::TcpListener,
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};

use gvbot::discord::{
    Discord, DiscordError, Settings,
    register::{self, Scope},
};
use serde_json::{Value, json};
use twilight_model::{
    application::command::Command,
    channel::{
        Channel, ChannelType, Message,
        permission_overwrite::{PermissionOverwrite, PermissionOverwriteType},
    },
    guild::{Guild, Member, Permissions, Role},
    http::{attachment::Attachment, permission_overwrite as request},
    id::Id,
    user::User,
};

use crate::{
    fake_discord::{APPLICATION_ID, Failure, FakeDiscord, TOKEN},
    support::{GUILD, PAUL},
};

const GUILD_COMMANDS: &str = "/applications/*/guilds/*/commands";
const INTERACTION_TOKEN: &str = "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMDpUZXN0VG9rZW4";

fn guild() -> Scope {
    Scope::Guild(Id::new(GUILD))
}

fn declared_names() -> Vec<String> {
    gvbot::commands::registrations()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn methods(fake: &FakeDiscord) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.route()))
        .collect()
}

/// A client pointed at the fake with adjusted settings.
fn client_with(fake: &FakeDiscord, adjust: impl FnOnce(&mut Settings)) -> Discord {
    gvbot::compose::install_crypto_provider();
    let mut settings = Settings::from_config(&fake.config(GUILD));
    adjust(&mut settings);
    Discord::new(settings).expect("client")
}

// ---- registration ---------------------------------------------------------------------------

#[tokio::test]
async fn first_register_uploads_exactly_the_declarations() {
    let fake = FakeDiscord::start().await;
    let diff = register::sync(&fake.discord(), guild(), false)
        .await
        .unwrap();
    assert_eq!(diff.added, declared_names());
    assert!(diff.changed.is_empty() && diff.removed.is_empty());

    let requests = fake.requests();
    assert_eq!(
        methods(&fake),
        [
            format!("GET /applications/{APPLICATION_ID}/guilds/{GUILD}/commands"),
            format!("PUT /applications/{APPLICATION_ID}/guilds/{GUILD}/commands"),
        ]
    );
    assert_eq!(
        requests[0].query.as_deref(),
        Some("with_localizations=true")
    );
    let put = &requests[1];
    assert_eq!(
        put.json.as_ref().unwrap(),
        &serde_json::to_value(gvbot::commands::registrations()).unwrap()
    );
    assert_eq!(put.header("authorization"), Some(&*format!("Bot {TOKEN}")));
    assert!(put.path.starts_with("/api/v10/"), "{}", put.path);
    assert_eq!(fake.commands(Some(GUILD)).len(), declared_names().len());
}

#[tokio::test]
async fn second_register_uploads_nothing() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    register::sync(&discord, guild(), false).await.unwrap();
    let again = register::sync(&discord, guild(), false).await.unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(register::render(&again), "up to date\n");
    assert_eq!(fake.requests_to(&format!("PUT {GUILD_COMMANDS}")).len(), 1);
    assert_eq!(fake.requests_to(&format!("GET {GUILD_COMMANDS}")).len(), 2);
}

#[tokio::test]
async fn changes_on_discord_are_shown_then_overwritten() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    register::sync(&discord, guild(), false).await.unwrap();
    fake.edit_commands(Some(GUILD), |commands| {
        let ping = commands.iter_mut().find(|c| c["name"] == "ping").unwrap();
        ping["description"] = json!("Ancienne description");
        commands.retain(|c| c["name"] != "info");
        commands.push(json!({
            "id": "1400000000000009999", "application_id": APPLICATION_ID.to_string(),
            "version": "1400000000000009999", "type": 1, "name": "oldcmd",
            "description": "Retirée", "guild_id": GUILD.to_string(),
            "default_member_permissions": null, "nsfw": false
        }));
    });

    let diff = register::sync(&discord, guild(), false).await.unwrap();
    assert_eq!(diff.added, ["info"]);
    assert_eq!(
        diff.changed,
        [("ping".to_owned(), vec!["description".to_owned()])]
    );
    assert_eq!(diff.removed, ["oldcmd"]);
    assert_eq!(
        register::render(&diff),
        "+ info\n~ ping: description\n- oldcmd\n"
    );
    assert_eq!(fake.requests_to(&format!("PUT {GUILD_COMMANDS}")).len(), 2);
    let names: Vec<Value> = fake
        .commands(Some(GUILD))
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, json!(declared_names()).as_array().unwrap().clone());
    assert!(
        register::sync(&discord, guild(), false)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn dry_run_never_uploads() {
    let fake = FakeDiscord::start().await;
    let diff = register::sync(&fake.discord(), guild(), true)
        .await
        .unwrap();
    assert_eq!(diff.added.len(), declared_names().len());
    assert!(!fake.requests().is_empty());
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.is(&format!("GET {GUILD_COMMANDS}")))
    );
}

#[tokio::test]
async fn global_scope_uses_the_global_route() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    let diff = register::sync(&discord, Scope::Global, false)
        .await
        .unwrap();
    assert_eq!(diff.added, declared_names());
    // Discord fills contexts, integration_types and dm_permission for global commands;
    // the declarations leave them to it, so the second run sees no change.
    assert!(
        register::sync(&discord, Scope::Global, false)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        methods(&fake),
        [
            format!("GET /applications/{APPLICATION_ID}/commands"),
            format!("PUT /applications/{APPLICATION_ID}/commands"),
            format!("GET /applications/{APPLICATION_ID}/commands"),
        ]
    );
    assert!(fake.commands(Some(GUILD)).is_empty());
}

#[tokio::test]
async fn registering_without_token_or_application_id_names_the_variable() {
    let fake = FakeDiscord::start().await;
    let no_token = client_with(&fake, |s| s.token = None);
    match register::sync(&no_token, guild(), false).await {
        Err(DiscordError::Config(err)) => assert_eq!(err.var, "DISCORD_TOKEN"),
        other => panic!("{other:?}"),
    }
    let no_app = client_with(&fake, |s| s.application_id = None);
    let err = register::sync(&no_app, guild(), false).await.unwrap_err();
    assert!(err.to_string().contains("DISCORD_APPLICATION_ID"), "{err}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn missing_permissions_is_a_clear_error_with_a_hint() {
    let fake = FakeDiscord::start().await;
    fake.fail_next(
        &format!("PUT {GUILD_COMMANDS}"),
        Failure::MissingPermissions,
    );
    let err = register::sync(&fake.discord(), guild(), false)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DiscordError::MissingPermissions { code: 50013, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("Missing Permissions"), "{err}");
    let hint = register::hint(&err, guild()).unwrap();
    assert!(hint.contains("applications.commands"), "{hint}");
}

#[tokio::test]
async fn server_errors_say_to_try_later() {
    let fake = FakeDiscord::start().await;
    fake.fail_next(&format!("GET {GUILD_COMMANDS}"), Failure::Server);
    let err = register::sync(&fake.discord(), guild(), false)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DiscordError::Server { status: 500, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("try again later"), "{err}");
    assert!(
        fake.requests_to("PUT /applications/*/guilds/*/commands")
            .is_empty()
    );
}

#[tokio::test]
async fn declarations_pass_discords_validation() {
    // The fake checks names, lengths, option order and counts like Discord does; a
    // declaration it rejects would fail `gvbot register` in production.
    let fake = FakeDiscord::start().await;
    register::sync(&fake.discord(), guild(), false)
        .await
        .unwrap();
    let mut bad = gvbot::commands::registrations();
    bad[0].name = "Tâche Majuscule".into();
    let err = register::sync_commands(&fake.discord(), guild(), &bad, false)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Invalid Form Body") && text.contains("APPLICATION_COMMAND_INVALID_NAME"),
        "{text}"
    );
}

// ---- client behaviour -------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_calls_are_retried() {
    // Without the in-process rate limiter (DISCORD_API_URL set) the 429 is waited out, then
    // the second answer is used.
    let fake = FakeDiscord::start().await;
    fake.fail_next(
        &format!("GET {GUILD_COMMANDS}"),
        Failure::RateLimited { retry_after: 0.2 },
    );
    let diff = register::sync(&fake.discord(), guild(), true)
        .await
        .unwrap();
    assert_eq!(diff.added.len(), declared_names().len());
    assert_eq!(fake.requests_to(&format!("GET {GUILD_COMMANDS}")).len(), 2);
}

#[tokio::test]
async fn with_the_rate_limiter_a_429_waits_retry_after() {
    // The production setting (talking to discord.com): the limiter reads Discord's headers
    // and waits before retrying.
    let fake = FakeDiscord::start().await;
    let discord = client_with(&fake, |s| s.ratelimiter = true);
    fake.fail_next("GET /channels/*", Failure::RateLimited { retry_after: 0.4 });
    let general = channel_id(&fake, "général");
    let started = Instant::now();
    let channel: Channel = discord
        .json(discord.client().channel(Id::new(general)))
        .await
        .unwrap();
    assert_eq!(channel.name.as_deref(), Some("général"));
    assert!(
        started.elapsed() >= Duration::from_millis(350),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(fake.requests_to("GET /channels/*").len(), 2);
}

#[tokio::test]
async fn a_429_asking_more_than_the_deadline_leaves_gives_up_at_once() {
    let fake = FakeDiscord::start().await;
    let discord = client_with(&fake, |s| s.deadline = Duration::from_millis(300));
    fake.fail_times(
        "GET /channels/*",
        Failure::RateLimited { retry_after: 1.0 },
        usize::MAX,
    );
    let err = discord
        .send(discord.client().channel(Id::new(1)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscordError::RateLimited { retry_after } if retry_after == Duration::from_secs(1)),
        "{err:?}"
    );
    assert_eq!(fake.requests_to("GET /channels/*").len(), 1);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let fake = FakeDiscord::start().await;
    let discord = client_with(&fake, |s| s.timeout = Duration::from_millis(200));
    fake.delay("GET /users/@me", Duration::from_secs(3));
    let started = Instant::now();
    let err = discord
        .send(discord.client().current_user())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscordError::Timeout(d) if d == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn unknown_channel_is_not_found() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    let err = discord
        .send(discord.client().channel(Id::new(42)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DiscordError::NotFound(what) if what == "Unknown Channel"),
        "{err:?}"
    );
    fake.fail_next("PATCH /channels/*", Failure::UnknownChannel);
    let general = channel_id(&fake, "général");
    let err = discord
        .send(discord.client().update_channel(Id::new(general)).name("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, DiscordError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn a_rejected_token_is_not_remembered() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    fake.fail_next("GET /users/@me", Failure::Unauthorized);
    let err = discord
        .send(discord.client().current_user())
        .await
        .unwrap_err();
    assert!(matches!(err, DiscordError::Unauthorized), "{err:?}");
    assert!(err.to_string().contains("DISCORD_TOKEN"));
    // twilight would otherwise refuse every later call locally.
    let me: User = discord.json(discord.client().current_user()).await.unwrap();
    assert!(me.bot);
}

#[tokio::test]
async fn unreachable_discord_is_reported() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    gvbot::compose::install_crypto_provider();
    let discord = Discord::new(Settings {
        api_url: Some(format!("http://127.0.0.1:{port}")),
        ..Settings::from_config(&gvbot::config::Config::default())
    })
    .unwrap();
    let err = discord
        .send(discord.client().current_user())
        .await
        .unwrap_err();
    assert!(matches!(err, DiscordError::Unreachable(_)), "{err:?}");
}

#[tokio::test]
async fn interaction_follow_ups_need_no_bot_token() {
    let fake = FakeDiscord::start().await;
    let discord = client_with(&fake, |s| s.token = None);
    let interaction = discord.interaction().unwrap();
    let original: Message = discord
        .json(
            interaction
                .update_response(INTERACTION_TOKEN)
                .content(Some("Export prêt")),
        )
        .await
        .unwrap();
    assert_eq!(original.content, "Export prêt");
    let followup: Message = discord
        .json(
            interaction
                .create_followup(INTERACTION_TOKEN)
                .content("<@222222222222222222> suite"),
        )
        .await
        .unwrap();
    assert_eq!(followup.mentions.len(), 1);
    for request in fake.requests() {
        assert!(
            request.route().starts_with("/webhooks/"),
            "{}",
            request.path
        );
        assert_eq!(request.header("authorization"), None);
    }
    assert_eq!(fake.interaction_messages(INTERACTION_TOKEN).len(), 2);
}

fn channel_id(fake: &FakeDiscord, name: &str) -> u64 {
    fake.channel_named(GUILD, name).unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Every route of the fake, through twilight's own request builders and models: the JSON the
/// fake answers is what twilight-model 0.18 parses.
#[tokio::test]
async fn fake_answers_parse_with_twilight() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    let http = discord.client();
    let guild_id = Id::new(GUILD);

    let guild: Guild = discord
        .json(http.guild(guild_id).with_counts(true))
        .await
        .unwrap();
    assert_eq!(guild.name, "GVB-Électricité");
    assert!(guild.approximate_member_count.unwrap() >= 4);
    let roles: Vec<Role> = discord.json(http.roles(guild_id)).await.unwrap();
    assert!(roles.iter().any(|r| r.name == "Manager"));
    let channels: Vec<Channel> = discord.json(http.guild_channels(guild_id)).await.unwrap();
    let category = channels
        .iter()
        .find(|c| c.name.as_deref() == Some("Chantiers"))
        .unwrap();
    assert_eq!(category.kind, ChannelType::GuildCategory);
    let member: Member = discord
        .json(http.guild_member(guild_id, Id::new(PAUL)))
        .await
        .unwrap();
    assert_eq!(member.user.id, Id::new(PAUL));
    fake.add_member(GUILD, 555_555_555_555_555_555, &[]);
    let members: Vec<Member> = discord
        .json(http.guild_members(guild_id).limit(100))
        .await
        .unwrap();
    assert_eq!(members.len(), 5);
    let err = discord
        .send(http.guild_member(guild_id, Id::new(5)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DiscordError::NotFound(w) if w == "Unknown Member"),
        "{err:?}"
    );

    // A chantier channel: create under the category, restrict, rename, archive.
    let manager = fake.role_named(GUILD, "Manager").unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let manager_may_write = PermissionOverwrite {
        allow: Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES,
        deny: Permissions::empty(),
        id: Id::new(manager),
        kind: PermissionOverwriteType::Role,
    };
    let created: Channel = discord
        .json(
            http.create_guild_channel(guild_id, "chantier-beautemps")
                .kind(ChannelType::GuildText)
                .parent_id(category.id)
                .topic("Chantier Beautemps")
                .permission_overwrites(std::slice::from_ref(&manager_may_write)),
        )
        .await
        .unwrap();
    assert_eq!(created.parent_id, Some(category.id));
    assert_eq!(
        fake.channel(created.id.get()).unwrap()["topic"],
        "Chantier Beautemps"
    );
    assert_eq!(
        created.permission_overwrites.as_ref().unwrap(),
        &[manager_may_write]
    );
    let everyone_read_only = request::PermissionOverwrite {
        allow: None,
        deny: Some(Permissions::SEND_MESSAGES),
        id: Id::new(GUILD),
        kind: request::PermissionOverwriteType::Role,
    };
    discord
        .send(http.update_channel_permission(created.id, &everyone_read_only))
        .await
        .unwrap();
    discord
        .send(
            http.delete_channel_permission(created.id)
                .role(Id::new(manager)),
        )
        .await
        .unwrap();
    let renamed: Channel = discord
        .json(http.update_channel(created.id).name("archive-beautemps"))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("archive-beautemps"));
    assert_eq!(
        renamed.permission_overwrites.unwrap(),
        [PermissionOverwrite {
            allow: Permissions::empty(),
            deny: Permissions::SEND_MESSAGES,
            id: Id::new(GUILD),
            kind: PermissionOverwriteType::Role,
        }]
    );
    let fetched: Channel = discord.json(http.channel(created.id)).await.unwrap();
    assert_eq!(fetched.id, created.id);

    // Messages: JSON, with a file (multipart), listed, bulk-deleted.
    let sent: Message = discord
        .json(
            http.create_message(created.id)
                .content("Bonjour <@222222222222222222>"),
        )
        .await
        .unwrap();
    assert_eq!(sent.mentions[0].id, Id::new(PAUL));
    let file = Attachment::from_bytes("audit.json".into(), b"{\"ok\":true}".to_vec(), 0);
    let with_file: Message = discord
        .json(
            http.create_message(created.id)
                .content("Audit du serveur")
                .attachments(std::slice::from_ref(&file)),
        )
        .await
        .unwrap();
    assert_eq!(with_file.attachments[0].filename, "audit.json");
    assert_eq!(with_file.attachments[0].size, 11);
    let multipart = fake.requests().last().unwrap().clone();
    assert!(multipart.json.is_none());
    let names: Vec<&str> = multipart
        .multipart
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["payload_json", "files[0]"]);
    let part = &multipart.multipart[1];
    assert_eq!(part.filename.as_deref(), Some("audit.json"));
    assert_eq!(part.body, b"{\"ok\":true}");
    assert_eq!(
        multipart.payload().unwrap()["attachments"][0]["filename"],
        "audit.json"
    );
    assert_eq!(multipart.payload().unwrap()["content"], "Audit du serveur");
    let listed: Vec<Message> = discord
        .json(http.channel_messages(created.id).limit(10))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].id, with_file.id, "newest first");
    discord
        .send(http.delete_messages(created.id, &[sent.id, with_file.id]))
        .await
        .unwrap();
    assert!(fake.messages(created.id.get()).is_empty());

    // A DM, and an alert webhook.
    let dm: Channel = discord
        .json(http.create_private_channel(Id::new(PAUL)))
        .await
        .unwrap();
    assert_eq!(dm.kind, ChannelType::Private);
    assert_eq!(dm.recipients.unwrap()[0].id, Id::new(PAUL));
    discord
        .send(
            http.execute_webhook(Id::new(1_500_000_000_000_000_001), "alert-token")
                .content("job backup en échec"),
        )
        .await
        .unwrap();
    let alert = fake.requests().last().unwrap().clone();
    assert_eq!(alert.header("authorization"), None);
    assert_eq!(alert.payload().unwrap()["content"], "job backup en échec");

    // Commands, as twilight models.
    let interaction = discord.interaction().unwrap();
    let uploaded: Vec<Command> = discord
        .json(interaction.set_guild_commands(guild_id, &gvbot::commands::registrations()))
        .await
        .unwrap();
    assert!(
        uploaded
            .iter()
            .all(|c| c.id.is_some() && c.guild_id == Some(guild_id))
    );
    let listed: Vec<Command> = discord
        .json(
            interaction
                .guild_commands(guild_id)
                .with_localizations(true),
        )
        .await
        .unwrap();
    assert_eq!(listed, uploaded);
    let global: Vec<Command> = discord
        .json(interaction.set_global_commands(&gvbot::commands::registrations()))
        .await
        .unwrap();
    assert_eq!(global.len(), uploaded.len());
    let _: User = discord.json(http.current_user()).await.unwrap();
}

// ---- `gvbot register` --------------------------------------------------------------------

/// `gvbot` in `dir` with a clean environment pointed at the fake.
fn gvbot(dir: &Path, fake: &FakeDiscord) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_gvbot"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DISCORD_API_URL", fake.url())
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_APPLICATION_ID", APPLICATION_ID.to_string())
        .env("GUILD_ID", GUILD.to_string())
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "warn")
        .kill_on_drop(true);
    cmd
}

async fn run(cmd: &mut tokio::process::Command) -> (bool, String, String) {
    let out = cmd.output().await.expect("gvbot runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn cli_register_uploads_once() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(gvbot(dir.path(), &fake).arg("register")).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.starts_with(&format!("guild {GUILD}:\n+ tache\n+ taches\n")),
        "{out}"
    );
    let count = declared_names().len();
    assert!(
        out.ends_with(&format!("uploaded {count} commands\n")),
        "{out}"
    );

    let (ok, out, err) = run(gvbot(dir.path(), &fake).arg("register")).await;
    assert!(ok, "{out}{err}");
    assert_eq!(
        out,
        format!("guild {GUILD}: up to date, nothing uploaded\n")
    );
    assert_eq!(fake.requests_to(&format!("PUT {GUILD_COMMANDS}")).len(), 1);
    let put = &fake.requests_to(&format!("PUT {GUILD_COMMANDS}"))[0];
    assert_eq!(
        put.json.as_ref().unwrap(),
        &serde_json::to_value(gvbot::commands::registrations()).unwrap()
    );

    fake.edit_commands(Some(GUILD), |commands| {
        let taches = commands.iter_mut().find(|c| c["name"] == "taches").unwrap();
        taches["options"][0]["required"] = json!(true);
    });
    let (ok, out, err) = run(gvbot(dir.path(), &fake).args(["register", "--dry-run"])).await;
    assert!(ok, "{out}{err}");
    assert_eq!(
        out,
        format!(
            "guild {GUILD}:\n~ taches: options\n\
             dry run, nothing uploaded ({count} commands would be uploaded)\n"
        )
    );
    assert_eq!(fake.requests_to(&format!("PUT {GUILD_COMMANDS}")).len(), 1);
}

#[tokio::test]
async fn cli_register_global_and_explicit_guild() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(gvbot(dir.path(), &fake).args(["register", "--global"])).await;
    assert!(ok, "{out}{err}");
    assert!(out.starts_with("global commands:\n+ tache\n"), "{out}");
    assert_eq!(
        fake.requests_to("PUT /applications/*/commands")[0].route(),
        format!("/applications/{APPLICATION_ID}/commands")
    );
    let (ok, out, err) =
        run(gvbot(dir.path(), &fake).args(["register", "--guild", "900000000000000099"])).await;
    assert!(ok, "{out}{err}");
    assert!(out.starts_with("guild 900000000000000099:\n"), "{out}");
    assert_eq!(
        fake.commands(Some(900_000_000_000_000_099)).len(),
        declared_names().len()
    );
    assert!(fake.commands(Some(GUILD)).is_empty());
}

#[tokio::test]
async fn cli_register_names_missing_variables() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    for var in ["DISCORD_TOKEN", "DISCORD_APPLICATION_ID", "GUILD_ID"] {
        let (ok, out, err) = run(gvbot(dir.path(), &fake).arg("register").env_remove(var)).await;
        assert!(!ok, "{out}");
        assert!(err.contains(var), "without {var}: {err}");
    }
    assert!(fake.requests().is_empty(), "{:?}", methods(&fake));
}

#[tokio::test]
async fn cli_register_explains_refusals() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    fake.fail_next(
        &format!("PUT {GUILD_COMMANDS}"),
        Failure::MissingPermissions,
    );
    let (ok, out, err) = run(gvbot(dir.path(), &fake).arg("register")).await;
    assert!(!ok, "{out}");
    assert!(
        err.contains("Missing Permissions")
            && err.contains("applications.commands")
            && err.contains(&GUILD.to_string()),
        "{err}"
    );
    fake.fail_next(&format!("GET {GUILD_COMMANDS}"), Failure::Server);
    let (ok, _, err) = run(gvbot(dir.path(), &fake).arg("register")).await;
    assert!(!ok);
    assert!(
        err.contains("HTTP 500") && err.contains("try again later"),
        "{err}"
    );
}

#[tokio::test]
async fn cli_register_print_needs_no_discord() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(gvbot(dir.path(), &fake)
        .args(["register", "--print"])
        .env_remove("DISCORD_TOKEN"))
    .await;
    assert!(ok, "{err}");
    assert!(serde_json::from_str::<Vec<Value>>(&out).is_ok());
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn serve_never_registers_commands() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let addr = format!(
        "127.0.0.1:{}",
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    );
    let mut child = gvbot(dir.path(), &fake)
        .args(["serve", "--dev"])
        .env("BIND_ADDR", &addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(&addr).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "serve did not listen within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = child.kill().await;
    let registrations: Vec<String> = methods(&fake)
        .into_iter()
        .filter(|m| m.contains("/commands"))
        .collect();
    assert!(registrations.is_empty(), "{registrations:?}");
}
