//! Developer tools that need no Discord account: a local Ed25519 key pair for
//! `gvbot serve --dev`, and `gvbot call`, which signs a real interaction for a running server
//! and prints the reply as Discord would show it.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use serde_json::{Value, json};
use twilight_model::application::{
    command::CommandOptionType,
    interaction::application_command::{CommandDataOption, CommandOptionValue},
};

use crate::{commands, id::Snowflake, prefix};

/// Where `serve --dev` keeps its key pair (hex secret key; never used in production).
pub const DEV_KEY_PATH: &str = "data/dev-key";

/// Load the development signing key at `path`, creating it (mode 0600) if missing.
pub fn load_or_create_dev_key(path: &Path) -> anyhow::Result<SigningKey> {
    if path.exists() {
        return load_key(path);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{}", hex::encode(secret))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Read a hex-encoded 32-byte Ed25519 secret key.
pub fn load_key(path: &Path) -> anyhow::Result<SigningKey> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "reading {} (start `gvbot serve --dev` once to create it)",
            path.display()
        )
    })?;
    parse_secret(text.trim())
        .with_context(|| format!("{} is not a hex Ed25519 secret key", path.display()))
}

fn parse_secret(hex_key: &str) -> anyhow::Result<SigningKey> {
    let mut secret = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut secret)?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Who `gvbot call` pretends to be.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: Snowflake,
    pub guild_id: Snowflake,
    pub channel_id: Snowflake,
    pub roles: Vec<Snowflake>,
    /// Discord permission bits of the member (8 = ADMINISTRATOR).
    pub permissions: u64,
    pub locale: String,
}

/// What to send.
#[derive(Debug, Clone)]
pub enum CallKind {
    /// A slash command with `name=value` arguments (or positional ones, as after `!name`).
    Command { name: String, args: Vec<String> },
    /// Autocomplete of `option` with what was typed so far.
    Autocomplete {
        name: String,
        args: Vec<String>,
        option: String,
    },
    /// A click on a button.
    Click { custom_id: String },
}

/// Build the interaction JSON Discord would send.
pub fn interaction_body(call: &CallKind, caller: &Caller) -> anyhow::Result<Value> {
    let (kind, data) = match call {
        CallKind::Command { name, args } => (2, command_data(name, args, None)?),
        CallKind::Autocomplete { name, args, option } => {
            (4, command_data(name, args, Some(option))?)
        }
        CallKind::Click { custom_id } => {
            (3, json!({ "custom_id": custom_id, "component_type": 2 }))
        }
    };
    Ok(json!({
        "type": kind,
        "id": new_id(),
        "application_id": "1",
        "token": "dev-token",
        "version": 1,
        "guild_id": caller.guild_id.to_string(),
        "channel_id": caller.channel_id.to_string(),
        "locale": caller.locale,
        "guild_locale": "fr",
        "member": {
            "user": { "id": caller.user_id.to_string(), "username": "dev", "discriminator": "0", "global_name": "Dev" },
            "roles": caller.roles,
            "permissions": caller.permissions.to_string(),
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "deaf": false,
            "mute": false,
            "flags": 0
        },
        "data": data,
    }))
}

fn command_data(name: &str, args: &[String], focus: Option<&str>) -> anyhow::Result<Value> {
    let name = name.trim_start_matches(['/', '!']);
    let Some(decl) = commands::declaration(name) else {
        bail!(
            "unknown command {name:?}; commands: {}",
            commands::declarations()
                .iter()
                .map(|d| d.data.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let mut options = match focus {
        // A partial value may not satisfy the option's type yet: send it as typed.
        Some(_) => Vec::new(),
        None => {
            prefix::parse_args(&decl.data, decl.rest, args).map_err(|e| anyhow::anyhow!("{e}"))?
        }
    };
    if let Some(option) = focus {
        let typed = args
            .iter()
            .find_map(|a| a.strip_prefix(&format!("{option}=")))
            .unwrap_or_default();
        options.push(CommandDataOption {
            name: option.to_owned(),
            value: CommandOptionValue::Focused(typed.to_owned(), CommandOptionType::String),
        });
    }
    Ok(json!({ "id": "1", "name": decl.data.name, "type": 1, "options": options }))
}

/// A plausible, unique interaction id (time-based, with random low bits).
fn new_id() -> Snowflake {
    let millis = chrono::Utc::now()
        .timestamp_millis()
        .saturating_sub(1_420_070_400_000);
    let mut low = [0u8; 2];
    let _ = getrandom::fill(&mut low);
    let n =
        (u64::try_from(millis).unwrap_or(0) << 22) | u64::from(u16::from_le_bytes(low) & 0x3f_ff);
    // 0 only with a clock before Discord's epoch and no random bits.
    Snowflake::new_checked(n).unwrap_or(Snowflake::new(1))
}

/// Sign `body` as Discord does: Ed25519 over `timestamp ‖ body`. Returns (signature hex,
/// timestamp).
pub fn sign(key: &SigningKey, body: &[u8], timestamp: i64) -> (String, String) {
    let timestamp = timestamp.to_string();
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    (hex::encode(key.sign(&message).to_bytes()), timestamp)
}

/// Send a signed interaction to `url` and return (HTTP status, JSON body or text).
pub async fn send(url: &str, key: &SigningKey, body: &Value) -> anyhow::Result<(u16, Value)> {
    let raw = serde_json::to_vec(body)?;
    let (signature, timestamp) = sign(key, &raw, chrono::Utc::now().timestamp());
    let request = hyper::Request::post(url)
        .header("content-type", "application/json")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(Full::new(Bytes::from(raw)))?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let response = client
        .request(request)
        .await
        .with_context(|| format!("sending to {url} (is `gvbot serve --dev` running?)"))?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await?.to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Ok((status, value))
}

/// Render an interaction response for a terminal.
pub fn render(status: u16, response: &Value) -> String {
    let mut out = String::new();
    if status != 200 {
        out.push_str(&format!("HTTP {status}: {}\n", response));
        return out;
    }
    let data = &response["data"];
    let kind = match response["type"].as_u64() {
        Some(1) => "pong",
        Some(4) => "message",
        Some(5) => "deferred",
        Some(7) => "message update",
        Some(8) => "autocomplete choices",
        _ => "response",
    };
    let ephemeral = data["flags"].as_u64().is_some_and(|f| f & 64 != 0);
    out.push_str(&format!(
        "[{kind}{}]\n",
        if ephemeral {
            ", only you can see this"
        } else {
            ""
        }
    ));
    if let Some(content) = data["content"].as_str() {
        out.push_str(content);
        out.push('\n');
    }
    for embed in data["embeds"].as_array().into_iter().flatten() {
        out.push_str("┃\n");
        if let Some(title) = embed["title"].as_str() {
            out.push_str(&format!("┃ {title}\n"));
        }
        if let Some(description) = embed["description"].as_str() {
            for line in description.lines() {
                out.push_str(&format!("┃ {line}\n"));
            }
        }
        for field in embed["fields"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "┃ {}:",
                field["name"].as_str().unwrap_or_default()
            ));
            let value = field["value"].as_str().unwrap_or_default();
            if value.contains('\n') {
                for line in value.lines() {
                    out.push_str(&format!("\n┃   {line}"));
                }
                out.push('\n');
            } else {
                out.push_str(&format!(" {value}\n"));
            }
        }
        if let Some(footer) = embed["footer"]["text"].as_str() {
            out.push_str(&format!("┃ — {footer}\n"));
        }
    }
    for row in data["components"].as_array().into_iter().flatten() {
        let buttons: Vec<String> = row["components"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| {
                let label = b["label"].as_str().unwrap_or_default();
                let disabled = if b["disabled"].as_bool() == Some(true) {
                    ", disabled"
                } else {
                    ""
                };
                format!(
                    "[{label}] (--click {}{disabled})",
                    b["custom_id"].as_str().unwrap_or_default()
                )
            })
            .collect();
        out.push_str(&format!("buttons: {}\n", buttons.join("  ")));
    }
    for choice in data["choices"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "• {}\n",
            choice["name"].as_str().unwrap_or_default()
        ));
    }
    out
}

/// Default key file, relative to the working directory.
pub fn dev_key_path() -> PathBuf {
    PathBuf::from(DEV_KEY_PATH)
}
