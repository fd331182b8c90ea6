//! The Discord interactions endpoint: `POST /interactions`.
//!
//! Order matters: the signature is verified over the raw bytes before any JSON parsing; then
//! the interaction id is claimed so a replayed request has no second side effect; then the
//! command core runs and its [`Reply`] is rendered as an interaction response — or, for slow
//! work, answered "deferred" and delivered later ([`deferred`]). Client mistakes are 4xx with
//! a reason, never a panic or a 500.

pub mod deferred;
pub mod payload;
pub mod verify;

use std::time::{Duration, Instant};

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;
use twilight_interactions::command::CommandInputData;
use twilight_model::{
    channel::message::{AllowedMentions, MentionType, MessageFlags},
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
};

use crate::{
    app::{App, SharedApp},
    commands::{self, Invocation, Lang, Outcome, Reply, Source},
    id::Snowflake,
};
use deferred::{Answer, Deferral, Work};
use payload::{Envelope, kind};

/// Largest interaction body accepted (Discord's are far smaller).
pub const MAX_BODY: usize = 1024 * 1024;
/// How long a processed interaction id is remembered. Longer than the signature window, so a
/// replay inside the window always finds its claim.
pub const DEDUPE_TTL: Duration = Duration::from_secs(3600);

/// JSON error body shared with the REST API: `{"error": code, "message": ...}`.
pub fn error_response(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "error": code, "message": message.into() })),
    )
        .into_response()
}

/// `POST /interactions`.
pub async fn post_interaction(
    State(app): State<SharedApp>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let received = Instant::now();
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "payload_too_large"
            } else {
                "bad_request"
            };
            rejected(code);
            return error_response(status, code, rejection.body_text());
        }
    };
    let Some(key) = app.config.discord_public_key else {
        return error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_configured",
            "DISCORD_PUBLIC_KEY is not set on this server",
        );
    };
    let now = app.now().timestamp();
    if let Err(rejection) =
        verify::verify(&key, &headers, &body, now, app.config.interaction_max_age)
    {
        tracing::info!(reason = rejection.code(), "interaction rejected");
        rejected(rejection.code());
        return error_response(
            StatusCode::UNAUTHORIZED,
            "invalid_signature",
            rejection.to_string(),
        );
    }
    let envelope: Envelope = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(err) => {
            rejected("malformed");
            return error_response(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("malformed interaction: {err}"),
            );
        }
    };
    match handle(&app, envelope, received).await {
        Ok(response) => Json(response).into_response(),
        Err(message) => {
            rejected("malformed");
            error_response(StatusCode::BAD_REQUEST, "bad_request", message)
        }
    }
}

fn rejected(reason: &'static str) {
    metrics::counter!(crate::metrics::INTERACTIONS_REJECTED, "reason" => reason).increment(1);
}

/// Answer a verified interaction, or say why it is malformed (→ 400).
pub async fn handle(
    app: &SharedApp,
    envelope: Envelope,
    received: Instant,
) -> Result<InteractionResponse, String> {
    if envelope.kind == kind::PING {
        return Ok(InteractionResponse {
            kind: InteractionResponseType::Pong,
            data: None,
        });
    }
    if !matches!(
        envelope.kind,
        kind::APPLICATION_COMMAND
            | kind::MESSAGE_COMPONENT
            | kind::AUTOCOMPLETE
            | kind::MODAL_SUBMIT
    ) {
        return Err(format!("unknown interaction type {}", envelope.kind));
    }
    let user_id = envelope
        .user_id()
        .ok_or("interaction has neither member.user nor user")?;
    let inv = Invocation {
        guild_id: envelope.guild_id,
        channel_id: envelope.channel_id(),
        user_id,
        roles: envelope.roles(),
        permissions: envelope.permissions(),
        lang: Lang::from_locale(
            envelope
                .locale
                .as_deref()
                .or(envelope.guild_locale.as_deref()),
        ),
        source: Source::Slash,
        received,
    };

    if envelope.kind == kind::AUTOCOMPLETE {
        let data = envelope
            .command_data()
            .map_err(|e| format!("malformed command data: {e}"))?;
        let choices = match commands::autocomplete(app, &inv, &data.name, &data.options).await {
            Ok(choices) => choices,
            Err(err) => {
                tracing::warn!(command = %data.name, error = ?err, "autocomplete failed");
                Vec::new()
            }
        };
        return Ok(InteractionResponse {
            kind: InteractionResponseType::ApplicationCommandAutocompleteResult,
            data: Some(InteractionResponseData {
                choices: Some(choices),
                ..InteractionResponseData::default()
            }),
        });
    }

    // Side effects happen at most once per interaction id, whatever Discord or an attacker
    // replays within the signature window.
    let id = envelope.id.ok_or("interaction has no id")?;
    let first = match claim(app, id).await {
        Ok(first) => first,
        Err(err) => {
            let outcome = commands::render(&inv, "interaction", Err(err));
            return Ok(message(&outcome.reply, false));
        }
    };
    if !first {
        tracing::info!(interaction = id.get(), "replayed interaction ignored");
        return Ok(message(
            &Reply::ephemeral(commands::text::already_processed(inv.lang)),
            false,
        ));
    }

    let inv = if envelope.kind == kind::MESSAGE_COMPONENT {
        Invocation {
            source: Source::Component,
            ..inv
        }
    } else {
        inv
    };
    // Where a deferred reply will be posted.
    let to = envelope.interaction_token();
    // Handlers run on owned copies so that, in a container, a slow one can move to a task of
    // its own when Discord's 3 seconds are running out (see `deferred::within_deadline`).
    let (name, answer) = match envelope.kind {
        kind::APPLICATION_COMMAND => {
            let data = envelope
                .command_data()
                .map_err(|e| format!("malformed command data: {e}"))?;
            let name = data.name.clone();
            let handler = {
                let (app, inv, name) = (app.clone(), inv.clone(), name.clone());
                let input = CommandInputData::from(data);
                async move { commands::invoke(&app, &inv, &name, input).await }
            };
            let deferral = Deferral::Message { ephemeral: false };
            let answer =
                deferred::within_deadline(app, to.as_ref(), deferral, &inv, &name, handler).await;
            (name, answer)
        }
        kind::MESSAGE_COMPONENT => {
            let data = envelope
                .component_data()
                .map_err(|e| format!("malformed component data: {e}"))?;
            let name = data
                .custom_id
                .split(':')
                .next()
                .unwrap_or_default()
                .to_owned();
            let handler = {
                let (app, inv) = (app.clone(), inv.clone());
                async move { commands::click(&app, &inv, &data.custom_id).await }
            };
            let answer =
                deferred::within_deadline(app, to.as_ref(), Deferral::Update, &inv, &name, handler)
                    .await;
            (name, answer)
        }
        _ => {
            // No command opens a modal; a submit can only come from an outdated message.
            let outcome = Outcome {
                reply: Reply::ephemeral(commands::text::expired_button(inv.lang)),
                outcome: "invalid",
                error_id: None,
            };
            ("modal".to_owned(), Answer::Ready(outcome))
        }
    };
    let outcome = match answer {
        Answer::Ready(outcome) => outcome,
        Answer::Deferred(deferral) => {
            log(&inv, &name, received, "deferred", None);
            return Ok(deferral.response());
        }
    };
    // A successful click redraws the message it belongs to; an error is a new ephemeral
    // message so the list stays intact.
    let update = envelope.kind == kind::MESSAGE_COMPONENT && outcome.outcome == "ok";

    // The command asked for deferred work: answer "deferred" now, the job posts the result.
    if let Some(job) = outcome.reply.deferred.clone() {
        let Some(to) = to else {
            log(&inv, &name, received, "invalid", None);
            let unavailable = commands::text::deferred_unavailable(inv.lang);
            return Ok(message(&Reply::ephemeral(unavailable), false));
        };
        let answered = if envelope.kind == kind::MESSAGE_COMPONENT {
            Deferral::Update
        } else {
            Deferral::Message {
                ephemeral: outcome.reply.ephemeral,
            }
        };
        let work = Work {
            to,
            invocation: inv.clone(),
            command: name.clone(),
            job,
            answered,
        };
        let response = deferred::hand_off(app, work).await;
        log(&inv, &name, received, "deferred", None);
        return Ok(response);
    }
    // Files cannot ride on the first answer: defer and post them with the reply.
    if !outcome.reply.files.is_empty() {
        match to {
            Some(to) if app.handoff.outlives_response() && app.discord.is_some() => {
                let answered = if update {
                    Deferral::Update
                } else {
                    Deferral::Message {
                        ephemeral: outcome.reply.ephemeral,
                    }
                };
                log(&inv, &name, received, outcome.outcome, None);
                let ready = std::future::ready(outcome);
                deferred::finish_in_background(app.clone(), to, answered, inv, name, ready);
                return Ok(answered.response());
            }
            _ => tracing::warn!(command = %name, "reply files dropped: no deferred delivery here"),
        }
    }
    log(
        &inv,
        &name,
        received,
        outcome.outcome,
        outcome.error_id.as_deref(),
    );
    Ok(message(&outcome.reply, update))
}

/// The one log line of an answered interaction.
fn log(inv: &Invocation, name: &str, received: Instant, outcome: &str, error_id: Option<&str>) {
    tracing::info!(
        command = %name,
        guild = inv.guild_id.map(Snowflake::get),
        user = inv.user_id.get(),
        duration_us = u64::try_from(received.elapsed().as_micros()).unwrap_or(u64::MAX),
        outcome,
        error_id,
        "interaction"
    );
}

/// Claim an interaction id: in Redis when it is configured (shared by every replica, expires
/// on its own), in the database otherwise (shared by every process using it).
async fn claim(app: &App, id: Snowflake) -> Result<bool, commands::CommandError> {
    if app.cache.backend() == "memory" {
        return Ok(app
            .store
            .claim_interaction(id, app.now(), DEDUPE_TTL)
            .await?);
    }
    app.cache
        .claim(&format!("interaction:{id}"), DEDUPE_TTL)
        .await
        .map_err(|err| commands::CommandError::Internal(err.into()))
}

/// Render a reply: a new message (type 4) or, for a click, an update of its message (type 7).
pub fn message(reply: &Reply, update: bool) -> InteractionResponse {
    InteractionResponse {
        kind: if update {
            InteractionResponseType::UpdateMessage
        } else {
            InteractionResponseType::ChannelMessageWithSource
        },
        data: Some(response_data(reply, update)),
    }
}

/// The message part of a response. Mentions may notify users, never roles or @everyone
/// (descriptions are free text).
pub fn response_data(reply: &Reply, update: bool) -> InteractionResponseData {
    InteractionResponseData {
        allowed_mentions: Some(AllowedMentions {
            parse: vec![MentionType::Users],
            replied_user: false,
            roles: Vec::new(),
            users: Vec::new(),
        }),
        content: reply.content.clone(),
        embeds: (update || !reply.embeds.is_empty()).then(|| reply.embeds.clone()),
        // An update always sends the components so stale buttons disappear.
        components: (update || !reply.components.is_empty()).then(|| reply.components.clone()),
        flags: (reply.ephemeral && !update).then_some(MessageFlags::EPHEMERAL),
        ..InteractionResponseData::default()
    }
}
