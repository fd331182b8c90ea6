//! `gvbot-http`: the Lambda function serving gvbot's HTTP router (`POST /interactions`,
//! `GET /health`) behind a Function URL or an API Gateway HTTP API. A thin shell: the routes
//! are [`gvbot::http::router`], the cold start is [`gvbot::cloud::cold_start`].

use std::process::ExitCode;

use gvbot::config::Config;

fn main() -> ExitCode {
    gvbot::compose::install_crypto_provider();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    config.require_public_key()?;
    // Built once per cold start; warm invocations reuse the connections.
    let app = gvbot::cloud::cold_start(config).await?;
    lambda_http::run(gvbot::http::router(app))
        .await
        .map_err(|err| anyhow::anyhow!("lambda runtime: {err}"))
}
