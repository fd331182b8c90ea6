//! Benchmark of the interactions endpoint through the real router (in-process, one core):
//! signed PING, signed `/ping`, and `/taches` over 200 tasks, on SQLite and, when
//! `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) points at a PostgreSQL server, on a fresh
//! database there. Prints requests per second, p50/p99 latency and CPU time per request.
//!
//! Run: `cargo bench --bench interactions` (release build). `BENCH_ITERATIONS` sets the
//! number of requests per scenario (default 20000 for PING, a fifth of it for commands).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{Router, body::Body, http::Request};
use chrono::Utc;
use ed25519_dalek::{Signer, SigningKey};
use gvbot::{
    app::App,
    config::Config,
    http,
    id::Snowflake,
    store::{self, NewChantier, NewTask, Store},
};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const GUILD: u64 = 900_000_000_000_000_001;
const USER: u64 = 222_222_222_222_222_222;

fn main() {
    gvbot::compose::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let key = SigningKey::from_bytes(&[42u8; 32]);

    verify_only(&key, iterations);

    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let sqlite = store::connect(&sqlite_url).await.expect("sqlite");
    scenarios("sqlite", sqlite, &key, iterations).await;

    let pg_url = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok();
    if let Some(url) = pg_url {
        let name = format!("gvbot_bench_{}", std::process::id());
        let admin = sqlx::PgPool::connect(&url).await.expect("postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
            .execute(&admin)
            .await
            .expect("create database");
        let bench_url = match url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => url.clone(),
        };
        let pg = store::connect(&bench_url).await.expect("postgres store");
        scenarios("postgres", pg.clone(), &key, iterations).await;
        drop(pg);
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "drop database {name} with (force)"
        )))
        .execute(&admin)
        .await
        .expect("drop database");
    } else {
        println!("(set BENCH_DATABASE_URL or TEST_DATABASE_URL for the PostgreSQL figures)");
    }
}

/// The floor: Ed25519 `verify_strict` of a PING-sized message alone.
fn verify_only(key: &SigningKey, iterations: usize) {
    let public = key.verifying_key();
    let message = b"1790000000{\"type\":1}";
    let signature = key.sign(message);
    let mut samples = Vec::with_capacity(iterations);
    let cpu = cpu_time();
    for _ in 0..iterations {
        let start = Instant::now();
        public.verify_strict(message, &signature).expect("valid");
        samples.push(start.elapsed());
    }
    report("verify_strict alone", &mut samples, cpu_time() - cpu);
}

async fn scenarios(backend: &str, store: Arc<dyn Store>, key: &SigningKey, iterations: usize) {
    store.migrate().await.expect("migrate");
    let config = Config {
        discord_public_key: Some(key.verifying_key()),
        ..Config::default()
    };
    let app = Arc::new(App::new(config, store.clone()));
    let router = http::router(app);
    seed(&*store).await;

    let ping = vec![br#"{"type":1}"#.to_vec(); iterations];
    measure(&format!("{backend}: signed PING"), &router, key, ping).await;

    let commands = (iterations / 5).max(100);
    let bodies = (0..commands)
        .map(|n| command(n, "ping", json!([])))
        .collect();
    measure(&format!("{backend}: signed /ping"), &router, key, bodies).await;

    let bodies = (0..commands)
        .map(|n| {
            command(
                n + commands,
                "taches",
                json!([{"name": "statut", "type": 3, "value": "toutes"}]),
            )
        })
        .collect();
    measure(
        &format!("{backend}: /taches (200 tasks)"),
        &router,
        key,
        bodies,
    )
    .await;
}

/// One chantier and 200 tasks.
async fn seed(store: &dyn Store) {
    let now = Utc::now();
    let chantier = store
        .create_chantier(
            &NewChantier {
                guild_id: Snowflake::new(GUILD),
                name: "Beautemps".into(),
                address: None,
                created_by: Snowflake::new(USER),
            },
            now,
        )
        .await
        .expect("chantier");
    for n in 0..200 {
        store
            .create_task(
                &NewTask {
                    guild_id: Snowflake::new(GUILD),
                    chantier_id: chantier.id,
                    assignee_id: Snowflake::new(USER + n % 7),
                    creator_id: Snowflake::new(USER),
                    description: format!("Tâche de test numéro {n}: vérifier le tableau"),
                    due_date: None,
                },
                now,
            )
            .await
            .expect("task");
    }
}

/// A slash command as Discord sends it, with a unique interaction id.
fn command(n: usize, name: &str, options: serde_json::Value) -> Vec<u8> {
    let body = json!({
        "type": 2,
        "id": (1_400_000_000_000_000_000u64 + n as u64 + u64::from(std::process::id()) * 10_000_000).to_string(),
        "application_id": "1100000000000000000",
        "token": "bench",
        "version": 1,
        "guild_id": GUILD.to_string(),
        "channel_id": "900000000000000010",
        "locale": "fr",
        "member": {
            "user": { "id": USER.to_string(), "username": "bench", "discriminator": "0" },
            "roles": [],
            "permissions": "2048",
            "flags": 0
        },
        "data": { "id": "1", "name": name, "type": 1, "options": options },
    });
    serde_json::to_vec(&body).expect("json")
}

/// Send every body once, signed beforehand (signing is the caller's cost, not gvbot's).
async fn measure(label: &str, router: &Router, key: &SigningKey, bodies: Vec<Vec<u8>>) {
    let timestamp = Utc::now().timestamp().to_string();
    let requests: Vec<(Vec<u8>, String)> = bodies
        .into_iter()
        .map(|body| {
            let mut message = timestamp.as_bytes().to_vec();
            message.extend_from_slice(&body);
            (body, hex::encode(key.sign(&message).to_bytes()))
        })
        .collect();
    // Warm-up: the first requests pay for lazy initialisation.
    for (body, signature) in requests.iter().take(20) {
        let _ = send(router, body, signature, &timestamp).await;
    }
    let mut samples = Vec::with_capacity(requests.len());
    let cpu = cpu_time();
    for (body, signature) in requests.iter().skip(20) {
        let start = Instant::now();
        let status = send(router, body, signature, &timestamp).await;
        samples.push(start.elapsed());
        assert_eq!(status, 200, "{label}");
    }
    report(label, &mut samples, cpu_time() - cpu);
}

async fn send(router: &Router, body: &[u8], signature: &str, timestamp: &str) -> u16 {
    let request = Request::post("/interactions")
        .header("content-type", "application/json")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(Body::from(body.to_vec()))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    let _ = response.into_body().collect().await;
    status
}

fn report(label: &str, samples: &mut [Duration], cpu: Duration) {
    samples.sort_unstable();
    let n = samples.len().max(1);
    let pick = |q: f64| samples[((n as f64 * q) as usize).min(n - 1)];
    let total: Duration = samples.iter().sum();
    println!(
        "{label:<34} n={n:>6}  req/s={:>8.0}  p50={:>8.1}µs  p99={:>8.1}µs  cpu/req={:>7.1}µs",
        n as f64 / total.as_secs_f64(),
        pick(0.50).as_secs_f64() * 1e6,
        pick(0.99).as_secs_f64() * 1e6,
        cpu.as_secs_f64() * 1e6 / n as f64,
    );
}

/// User + system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
