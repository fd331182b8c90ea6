//! Test databases: a fresh, migrated store per test. SQLite always (a file in a temporary
//! folder); Postgres when the tests were built with `TEST_DATABASE_URL` (a `gvbot_t_<hex>`
//! database created on that server and dropped when the [`TestDb`] is; see `services.rs`).
//! [`both_backends!`] runs one test function on each.

use std::sync::Arc;

use gvbot::store::{self, Backend, Store};
use sqlx::{Connection, PgConnection, SqliteConnection};
use tempfile::TempDir;

/// Run `async fn case(db: TestDb)` functions of the calling module on both backends:
/// `both_backends!(my_case, other_case);` makes `sqlite::my_case` and `postgres::my_case`
/// tests. The Postgres ones are ignored (reported as skipped) when the tests were built without
/// `TEST_DATABASE_URL`.
#[macro_export]
macro_rules! both_backends {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case($crate::db::sqlite().await).await
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test]
                #[cfg_attr(not(gvbot_test_postgres), ignore = "TEST_DATABASE_URL unset")]
                async fn $case() {
                    super::$case($crate::db::postgres().await).await
                }
            )+
        }
    };
}

/// A migrated store on a database of its own, removed on drop.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    /// URL of this test's database (may carry the server's credentials: do not print it).
    pub url: String,
    /// Keeps the SQLite file's folder alive.
    _dir: Option<TempDir>,
    /// Drops the Postgres database; declared after `store` so it is dropped after it.
    _pg: Option<PgDatabase>,
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Run one statement on this test's database through a connection of its own, behind the
    /// store's back (e.g. to set up a state the `Store` API cannot reach).
    pub async fn execute(&self, sql: &'static str) {
        match self.backend() {
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await.expect("connect");
                sqlx::query(sql).execute(&mut conn).await.expect("execute");
                conn.close().await.expect("close");
            }
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url).await.expect("connect");
                sqlx::query(sql).execute(&mut conn).await.expect("execute");
                conn.close().await.expect("close");
            }
        }
    }

    /// First column of the single row returned by `sql`.
    pub async fn scalar(&self, sql: &'static str) -> i64 {
        match self.backend() {
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await.expect("connect");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("query")
            }
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url).await.expect("connect");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("query")
            }
        }
    }
}

impl TestDb {
    /// Assert that [`TestDb::scalar`] of `sql` is `expected`.
    pub async fn assert_scalar(&self, sql: &'static str, expected: i64) {
        assert_eq!(self.scalar(sql).await, expected, "{sql}");
    }
}

/// A database created on the `TEST_DATABASE_URL` server, dropped with this value.
struct PgDatabase {
    server_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let server_url = std::mem::take(&mut self.server_url);
        let name = std::mem::take(&mut self.name);
        // `with (force)` ends the store's pooled connections still open.
        let sql = format!("drop database if exists {name} with (force)");
        // Drop is sync and may run inside the test's runtime: use a thread with its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let mut conn = PgConnection::connect(&server_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {name}");
        }
    }
}

/// rustls needs its process-wide crypto provider before the first TLS handshake (PITFALLS.md).
fn install_crypto() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// `len` random bytes as lowercase hex.
fn random_hex(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("getrandom");
    hex::encode(bytes)
}

/// `url` with its database name (the path) replaced by `database`; the query string is kept.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// A migrated SQLite store on a fresh file in a temporary folder.
pub async fn sqlite() -> TestDb {
    install_crypto();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/gvbot.db", dir.path().display());
    let store = store::connect(&url).await.expect("connect sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestDb {
        store,
        url,
        _dir: Some(dir),
        _pg: None,
    }
}

/// A migrated Postgres store on a new database of the `TEST_DATABASE_URL` server. Panics when
/// that variable is unset: only tests built with it (`gvbot_test_postgres`) call this.
pub async fn postgres() -> TestDb {
    let server_url = crate::services::postgres_url();
    install_crypto();
    let name = format!("gvbot_t_{}", random_hex(8));
    let mut conn = PgConnection::connect(&server_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.expect("close");

    let url = with_database(&server_url, &name);
    // Made before connecting so a failed connect or migration still drops the database.
    let database = PgDatabase { server_url, name };
    let store = store::connect(&url).await.expect("connect postgres");
    store.migrate().await.expect("migrate postgres");
    TestDb {
        store,
        url,
        _dir: None,
        _pg: Some(database),
    }
}
