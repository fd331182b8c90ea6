//! Tells the integration tests which external services they run against. libtest cannot skip
//! a test at run time, so the choice is made when they are built: with `TEST_DATABASE_URL`
//! set, the `gvbot_test_postgres` cfg is on; with `TEST_REDIS_URL` set, `gvbot_test_redis`.
//! Without it, the tests that need the service are `#[ignore]`d, so the runner reports them
//! as skipped instead of passed (`tests/it/services.rs`). Nothing else reads these cfgs.

/// Each variable and the cfg it turns on.
const SERVICES: [(&str, &str); 2] = [
    ("TEST_DATABASE_URL", "gvbot_test_postgres"),
    ("TEST_REDIS_URL", "gvbot_test_redis"),
];

fn main() {
    for (var, cfg) in SERVICES {
        println!("cargo::rerun-if-env-changed={var}");
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if std::env::var_os(var).is_some_and(|value| !value.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
