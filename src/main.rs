//! The `gvbot` command line: serve, migrate, register, call.

use std::{path::PathBuf, process::ExitCode, sync::Arc, time::Duration};

use anyhow::Context;
use clap::{Parser, Subcommand};
use gvbot::{
    app::SharedApp,
    commands, compose,
    config::{Config, ConfigError},
    devtools::{self, CallKind, Caller},
    discord::{
        Discord,
        register::{self, Scope},
    },
    http,
    id::Snowflake,
    telemetry,
};
use twilight_model::id::Id;

const ENV_HELP: &str = "\
Environment (also read from ./.env):
  DISCORD_PUBLIC_KEY        application public key, 64 hex chars (required by `serve`)
  DISCORD_APPLICATION_ID    application id (Discord REST calls)
  DISCORD_TOKEN             bot token (Discord REST calls, gateway)
  GUILD_ID                  default guild (REST calls, guild command registration)
  API_KEY                   REST API bearer key(s)
  PUBLIC_URL                base URL gvbot is reached at, for the links it hands out
                            (calendar feed) [default: from the request's Host header]
  DATABASE_URL              postgres://… or sqlite://… [default: sqlite://data/gvbot.db]
  REDIS_URL                 shared cache and limits [default: in-process]
  BIND_ADDR                 listen address of `serve` [default: 127.0.0.1:5000]
  DISCORD_API_URL           Discord REST base URL (tests point it at a fake)
  GVBOT_TIMEZONE            time zone for dates and jobs [default: Europe/Paris]
  LOG_FORMAT                json | pretty [default: pretty on a terminal, else json]
  RUST_LOG                  log filter [default: info]
  INTERACTION_MAX_AGE_SECS  accepted signature age, seconds [default: 300]
  COMMAND_RATE_LIMIT        commands per user, as count/seconds [default: 5/10]
  METRICS_TOKEN             bearer token required by GET /metrics [default: open]
  API_RATE_LIMIT            REST requests per second and burst, per key [default: 20,40]
  CORS_ORIGINS              browser origins allowed on the REST API, comma-separated [default: none]
  ALERT_WEBHOOK_URL         Discord webhook for alerts";

#[derive(Parser)]
#[command(name = "gvbot", version, about = "Team-operations Discord bot of GVB-Électricité", after_long_help = ENV_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Discord interactions endpoint (POST /interactions) and /health over HTTP.
    Serve {
        /// Development mode: serve with a local key pair (created under data/ if missing)
        /// instead of DISCORD_PUBLIC_KEY, so `gvbot call` works with no Discord application.
        #[arg(long)]
        dev: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Register the slash commands with Discord, only if they changed: fetch what Discord
    /// has, print the difference (+ added, ~ changed, - removed) and upload (bulk overwrite)
    /// when there is one. Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID. Discord allows
    /// ~200 command creations a day per guild: gvbot never registers on its own.
    Register {
        /// Print the exact registration JSON of every command (Discord's bulk-overwrite body)
        /// and exit, without calling Discord.
        #[arg(long, conflicts_with_all = ["guild", "global", "dry_run"])]
        print: bool,
        /// Guild to register in [default: GUILD_ID].
        #[arg(long, value_name = "ID", conflicts_with = "global")]
        guild: Option<Snowflake>,
        /// Register global commands (every guild and DMs; can take a while to show).
        #[arg(long)]
        global: bool,
        /// Show the difference without uploading.
        #[arg(long)]
        dry_run: bool,
    },
    /// Send a correctly signed interaction to a running `gvbot serve --dev` and print the
    /// reply. Example: gvbot call tache membre=@42 chantier=beautemps "description=Vérifier tableau"
    Call(Box<CallArgs>),
}

#[derive(clap::Args)]
struct CallArgs {
    /// Command name (without /), e.g. `tache`. Omit with --click.
    #[arg(required_unless_present = "click")]
    command: Option<String>,
    /// Options as name=value (or positional, in declaration order).
    args: Vec<String>,
    /// Interactions URL [default: http://BIND_ADDR/interactions].
    #[arg(long)]
    url: Option<String>,
    /// Hex secret key file used to sign.
    #[arg(long, default_value = devtools::DEV_KEY_PATH)]
    key_file: PathBuf,
    /// Discord user id of the caller.
    #[arg(long, default_value_t = Snowflake::new(100_000_000_000_000_001))]
    user: Snowflake,
    /// Guild id [default: GUILD_ID or 100000000000000000].
    #[arg(long)]
    guild: Option<Snowflake>,
    /// Channel id.
    #[arg(long, default_value_t = Snowflake::new(100_000_000_000_000_002))]
    channel: Snowflake,
    /// Role ids of the caller, comma-separated.
    #[arg(long, value_delimiter = ',')]
    roles: Vec<Snowflake>,
    /// Call as a plain member instead of a Discord administrator.
    #[arg(long)]
    member: bool,
    /// Discord locale of the caller (fr, en-US, …).
    #[arg(long, default_value = "fr")]
    locale: String,
    /// Press a button: its custom_id, as printed after a reply.
    #[arg(long, conflicts_with = "complete")]
    click: Option<String>,
    /// Ask for autocomplete of this option (give what was typed as option=partial).
    #[arg(long)]
    complete: Option<String>,
}

fn main() -> ExitCode {
    compose::install_crypto_provider();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve { dev } => serve(config, dev).await,
        Command::Migrate => {
            telemetry::init(config.log_format);
            let url = config.database_url.clone();
            compose::init(config)
                .await
                .with_context(|| format!("migrating {url}"))?;
            tracing::info!(database = %url, "migrations applied");
            Ok(())
        }
        Command::Register { print: true, .. } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&commands::registrations())?
            );
            Ok(())
        }
        Command::Register {
            print: false,
            guild,
            global,
            dry_run,
        } => register(config, guild, global, dry_run).await,
        Command::Call(args) => call(config, *args).await,
    }
}

/// `gvbot register`: compare, print the difference, upload only when it is not empty.
async fn register(
    config: Config,
    guild: Option<Snowflake>,
    global: bool,
    dry_run: bool,
) -> anyhow::Result<()> {
    let scope = if global {
        Scope::Global
    } else {
        let id = guild.or(config.guild_id).ok_or_else(|| {
            anyhow::anyhow!(
                "GUILD_ID: no guild to register the commands in; set GUILD_ID, pass --guild ID, \
                 or use --global"
            )
        })?;
        Scope::Guild(Id::try_from(id).context("--guild / GUILD_ID: must not be 0")?)
    };
    let discord = Discord::from_config(&config)?;
    let diff = match register::sync(&discord, scope, dry_run).await {
        Ok(diff) => diff,
        Err(err) => match register::hint(&err, scope) {
            Some(hint) => {
                anyhow::bail!("registering the commands ({scope}): {err}\n  hint: {hint}")
            }
            None => anyhow::bail!("registering the commands ({scope}): {err}"),
        },
    };
    let count = commands::registrations().len();
    if diff.is_empty() {
        println!("{scope}: up to date, nothing uploaded");
        return Ok(());
    }
    println!("{scope}:");
    print!("{}", register::render(&diff));
    if dry_run {
        println!("dry run, nothing uploaded ({count} commands would be uploaded)");
    } else {
        println!("uploaded {count} commands");
    }
    Ok(())
}

async fn serve(mut config: Config, dev: bool) -> anyhow::Result<()> {
    telemetry::init(config.log_format);
    if dev {
        let path = devtools::dev_key_path();
        let key = devtools::load_or_create_dev_key(&path)?;
        let public = key.verifying_key();
        if config.discord_public_key.is_some() {
            tracing::warn!(
                "--dev: DISCORD_PUBLIC_KEY ignored, serving with the local development key"
            );
        }
        config.discord_public_key = Some(public);
        tracing::info!(
            key_file = %path.display(),
            public_key = %hex::encode(public.as_bytes()),
            "development mode: only requests signed with the local key (gvbot call) are accepted"
        );
    } else {
        config
            .require_public_key()
            .map_err(|e: ConfigError| anyhow::anyhow!(e))?;
    }
    let bind = config.bind_addr;
    let url = config.database_url.clone();
    let app: SharedApp = Arc::new(
        compose::init(config)
            .await
            .with_context(|| format!("opening {url}"))?,
    );
    tracing::info!(database = %url, backend = %app.store.backend(), "database ready");

    tokio::spawn(purge_interactions(app.clone()));

    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("BIND_ADDR: cannot listen on {bind}"))?;
    tracing::info!(addr = %bind, "serving POST /interactions and GET /health");
    axum::serve(listener, http::router(app.clone()))
        .with_graceful_shutdown(shutdown)
        .await?;
    // Deferred replies still running finish (and reach Discord) before the process exits.
    app.background.close();
    if !app.background.is_empty() {
        tracing::info!(tasks = app.background.len(), "waiting for background work");
    }
    if tokio::time::timeout(SHUTDOWN_GRACE, app.background.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            tasks = app.background.len(),
            "background work abandoned at shutdown"
        );
    }
    tracing::info!("stopped");
    Ok(())
}

/// How long `serve` waits for deferred replies after SIGTERM (Docker's default stop timeout is
/// 10 s; compose gives more, see docker-compose.yml).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(25);

/// Forget expired interaction ids every hour (container mode).
async fn purge_interactions(app: SharedApp) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match app.store.purge_interactions(app.now()).await {
            Ok(n) if n > 0 => tracing::debug!(purged = n, "expired interaction ids purged"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "purging interaction ids failed"),
        }
    }
}

/// Ctrl-C or SIGTERM (docker stop, systemd): finish in-flight requests, then stop. The
/// SIGTERM handler is installed when this is called, not when the future is first polled: call
/// it before listening, so a stop sent as soon as the port answers is never the default
/// (fatal) action.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async {
            match term {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = term => {},
        }
        tracing::info!("shutdown requested");
    }
}

async fn call(config: Config, args: CallArgs) -> anyhow::Result<()> {
    let key = devtools::load_key(&args.key_file)?;
    let url = args
        .url
        .unwrap_or_else(|| format!("http://{}/interactions", config.bind_addr));
    let caller = Caller {
        user_id: args.user,
        guild_id: args
            .guild
            .or(config.guild_id)
            .unwrap_or(Snowflake::new(100_000_000_000_000_000)),
        channel_id: args.channel,
        roles: args.roles,
        permissions: if args.member { 0 } else { 8 },
        locale: args.locale,
    };
    let kind = match (args.click, args.complete, args.command) {
        (Some(custom_id), _, _) => CallKind::Click { custom_id },
        (None, Some(option), Some(name)) => CallKind::Autocomplete {
            name,
            args: args.args,
            option,
        },
        (None, None, Some(name)) => CallKind::Command {
            name,
            args: args.args,
        },
        (None, _, None) => anyhow::bail!("give a command name, or --click CUSTOM_ID"),
    };
    let body = devtools::interaction_body(&kind, &caller)?;
    let (status, response) = devtools::send(&url, &key, &body).await?;
    print!("{}", devtools::render(status, &response));
    if status == 200 {
        Ok(())
    } else {
        anyhow::bail!("the server answered HTTP {status}")
    }
}
