//! The external services the suite runs against: PostgreSQL (`TEST_DATABASE_URL`) and Redis
//! (`TEST_REDIS_URL`). `build.rs` turns on the `gvbot_test_postgres` / `gvbot_test_redis` cfg
//! when the variable is set at build time; a test that needs a service carries
//! `#[cfg_attr(not(gvbot_test_postgres), ignore = "TEST_DATABASE_URL unset")]` (or the Redis
//! one), so without the variable the runner reports it as skipped, never as passed. Built with
//! the variable, the test reads it here at run time and fails if it has gone.
//!
//! Where every test must run (`CI=true`), [`ci_provides_database_and_redis`] fails when a
//! service is missing, so a CI run cannot turn green by skipping.

/// `TEST_DATABASE_URL` (a PostgreSQL server on which tests create databases of their own).
pub fn postgres_url() -> String {
    required("TEST_DATABASE_URL")
}

/// `TEST_REDIS_URL` (a Redis server; each test uses a key prefix of its own).
pub fn redis_url() -> String {
    required("TEST_REDIS_URL")
}

/// `var`'s value, when set and not empty.
fn value(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|value| !value.is_empty())
}

fn required(var: &str) -> String {
    value(var).unwrap_or_else(|| {
        panic!(
            "{var} is unset, and this test needs it: it was set when the tests were built (or \
             ignored tests were asked for). Set it again, or rebuild without it so that the \
             tests that need it are skipped"
        )
    })
}

/// On CI (`CI=true`), both services were compiled in and are reachable through their variable.
#[test]
fn ci_provides_database_and_redis() {
    let on_ci = value("CI").is_some_and(|ci| ci.eq_ignore_ascii_case("true") || ci == "1");
    if !on_ci {
        return;
    }
    let mut missing = Vec::new();
    for (var, built_with_it) in [
        ("TEST_DATABASE_URL", cfg!(gvbot_test_postgres)),
        ("TEST_REDIS_URL", cfg!(gvbot_test_redis)),
    ] {
        if !built_with_it {
            missing.push(format!("{var} (unset when the tests were built)"));
        } else if value(var).is_none() {
            missing.push(format!("{var} (unset now)"));
        }
    }
    assert!(
        missing.is_empty(),
        "CI=true, so every test must run, but their tests would be skipped: {}",
        missing.join(", ")
    );
}
