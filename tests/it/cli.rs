//! The `gvbot` binary as a user runs it: start-up checks, `register --print`, `migrate`, and
//! the development loop (`serve --dev` + `gvbot call`) over a real socket.

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

const GVBOT: &str = env!("CARGO_BIN_EXE_gvbot");

/// `gvbot` in `dir` with a clean environment (no `.env` from the repository, no inherited
/// gvbot variables).
fn gvbot(dir: &Path) -> Command {
    let mut cmd = Command::new(GVBOT);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gvbot runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn serve_without_public_key_exits_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(gvbot(dir.path()).arg("serve"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("DISCORD_PUBLIC_KEY"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !dir.path().join("data").exists(),
        "no key invented, no database created"
    );
}

#[test]
fn serve_with_malformed_public_key_exits_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["abcd", &"zz".repeat(32), &"ab".repeat(33)] {
        let out = run(gvbot(dir.path())
            .arg("serve")
            .env("DISCORD_PUBLIC_KEY", bad));
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(
            err.contains("DISCORD_PUBLIC_KEY") && err.contains("64 hex"),
            "{err}"
        );
    }
}

#[test]
fn bad_variables_stop_start_up_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(gvbot(dir.path())
        .args(["migrate"])
        .env("DATABASE_URL", "mysql://x/y"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("DATABASE_URL"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_documents_subcommands_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(gvbot(dir.path()).arg("--help"));
    let help = text(&out.stdout);
    for word in [
        "serve",
        "migrate",
        "register",
        "call",
        "DISCORD_PUBLIC_KEY",
        "DATABASE_URL",
        "BIND_ADDR",
        "INTERACTION_MAX_AGE_SECS",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}

#[test]
fn register_print_gives_every_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(gvbot(dir.path()).args(["register", "--print"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let commands: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let declared: Vec<String> = gvbot::commands::declarations()
        .iter()
        .map(|d| d.data.name.clone())
        .collect();
    assert_eq!(names, declared);
    let tache = commands.iter().find(|c| c["name"] == "tache").unwrap();
    assert_eq!(
        tache["description_localizations"]["en-US"],
        "Create a task for a member on a job site"
    );
    assert_eq!(tache["options"][0]["name"], "membre");
    assert_eq!(tache["options"][0]["type"], 6);
    assert_eq!(tache["options"][1]["autocomplete"], true);
    // Guild-only commands are not offered in DMs; the utilities are.
    assert_eq!(tache["contexts"], serde_json::json!([0]));
    let ping = commands.iter().find(|c| c["name"] == "ping").unwrap();
    assert!(ping.get("contexts").is_none_or(Value::is_null), "{ping}");
    let config = commands.iter().find(|c| c["name"] == "config").unwrap();
    assert_eq!(config["default_member_permissions"], "32", "MANAGE_GUILD");
    let taches = commands.iter().find(|c| c["name"] == "taches").unwrap();
    let choices: Vec<&str> = taches["options"][1]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        choices,
        ["a_faire", "en_cours", "terminee", "annulee", "toutes"]
    );
}

#[test]
fn migrate_creates_the_sqlite_file_and_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(gvbot(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "sqlite://nested/deeper/gv.db"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("nested/deeper/gv.db").exists());
    // Twice is fine.
    assert!(
        run(gvbot(dir.path())
            .arg("migrate")
            .env("DATABASE_URL", "sqlite://nested/deeper/gv.db"))
        .status
        .success()
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `gvbot serve --dev` child, killed on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_dev_server(dir: &Path) -> Server {
    start_dev_server_with(dir, &[])
}

/// `gvbot serve --dev` in `dir` with extra environment variables.
fn start_dev_server_with(dir: &Path, env: &[(&str, &str)]) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = gvbot(dir)
        .args(["serve", "--dev"])
        .envs(env.iter().copied())
        .env("BIND_ADDR", &addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&server.addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "serve --dev did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn call(dir: &Path, server: &Server, args: &[&str]) -> String {
    let out = run(gvbot(dir)
        .arg("call")
        .args(args)
        .env("BIND_ADDR", &server.addr));
    assert!(
        out.status.success(),
        "call {args:?} failed: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn dev_server_and_call_work_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_dev_server(dir.path());
    assert!(dir.path().join("data/dev-key").exists());
    assert!(dir.path().join("data/gvbot.db").exists());

    assert!(call(dir.path(), &server, &["ping"]).contains("Pong"));
    assert!(call(dir.path(), &server, &["creerchantier", "nom=Beautemps"]).contains("Beautemps"));
    let created = call(
        dir.path(),
        &server,
        &[
            "tache",
            "membre=@42",
            "chantier=beautemps",
            "description=Vérifier tableau",
        ],
    );
    assert!(
        created.contains("Nouvelle tâche #1")
            && created.contains("<@42>")
            && created.contains("Vérifier tableau"),
        "{created}"
    );
    let listed = call(dir.path(), &server, &["taches"]);
    assert!(
        listed.contains("#1") && listed.contains("Vérifier tableau"),
        "{listed}"
    );
    let refused = call(
        dir.path(),
        &server,
        &["done", "1", "--member", "--user", "7"],
    );
    assert!(
        refused.contains("only you can see this") && refused.contains("⛔"),
        "{refused}"
    );
    let done = call(
        dir.path(),
        &server,
        &["done", "id=1", "--user", "42", "--locale", "en-US"],
    );
    assert!(done.contains("Task #1 done"), "{done}");
    let choices = call(
        dir.path(),
        &server,
        &["tache", "--complete", "chantier", "chantier=bea"],
    );
    assert!(choices.contains("• Beautemps"), "{choices}");
}

#[test]
fn dev_key_is_reused_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let first = {
        let _server = start_dev_server(dir.path());
        std::fs::read_to_string(dir.path().join("data/dev-key")).unwrap()
    };
    let server = start_dev_server(dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("data/dev-key")).unwrap(),
        first
    );
    assert!(call(dir.path(), &server, &["ping"]).contains("Pong"));
}

#[test]
fn call_with_a_bad_argument_explains_the_usage() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_dev_server(dir.path());
    let out = run(gvbot(dir.path())
        .args(["call", "tache", "membre=@42"])
        .env("BIND_ADDR", &server.addr));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("usage: !tache @membre chantier description [echeance]"),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_dev_server(dir.path());
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

/// Status and headers of `GET path` with a bearer key, over a plain TCP socket.
fn get_with_key(addr: &str, path: &str, key: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Two `gvbot serve` processes (two replicas) on one Redis share one per-key REST limit.
#[test]
#[cfg_attr(not(gvbot_test_redis), ignore = "TEST_REDIS_URL unset")]
fn two_serve_processes_sharing_redis_enforce_one_limit() {
    let redis = crate::services::redis_url();
    let dir = tempfile::tempdir().unwrap();
    let key = format!("replicas-{}-{}", std::process::id(), free_port());
    // A burst of 4, then one request per 100 s: the test never waits for a refill.
    let env = [
        ("REDIS_URL", redis.as_str()),
        ("API_KEY", key.as_str()),
        ("API_RATE_LIMIT", "0.01,4"),
        ("GUILD_ID", "900000000000000001"),
    ];
    let one = start_dev_server_with(dir.path(), &env);
    let two = start_dev_server_with(dir.path(), &env);
    let mut statuses = Vec::new();
    for n in 0..6 {
        let server = if n % 2 == 0 { &one } else { &two };
        let (status, response) = get_with_key(&server.addr, "/api/discord/tasks", &key);
        if status == 429 {
            assert!(
                response.to_lowercase().contains("retry-after:"),
                "{response}"
            );
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
}
