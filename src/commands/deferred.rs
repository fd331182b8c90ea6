//! Deferred work, and Discord's 3-second rule: what happens after an interaction was
//! answered "deferred" — type 5, a "thinking…" message (ephemeral when the result will be),
//! or type 6 for a click, whose message is then edited. The result replaces the original
//! message through the interaction's webhook, files included; failures edit the original into
//! an error message, so a deferral never stays "thinking…" forever.
//!
//! Work gets deferred two ways: a command returns [`Reply::later`] with a [`DeferredJob`] —
//! plain data — which the endpoint wraps in a [`Work`] and gives to the [`Handoff`] of the
//! [`App`]; or, in a container only, the interactions endpoint answers "deferred" for a
//! handler that is slow and lets it finish with [`finish_in_background`].
//!
//! The hand-off is a port: [`InProcess`] (the container: a tokio task, as the process lives
//! on after answering) or, on AWS, an adapter that sends the serialized [`Work`] to the worker
//! function, which calls [`complete`]. Lambda freezes a function once it has answered, so
//! nothing may be left running there.

use std::future::Future;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use twilight_model::{
    channel::message::MessageFlags,
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
};

use super::{
    CommandError, DeferredJob, Invocation, Outcome, Reply, Stage,
    alerts::{self, Alert, AlertKind},
    ports::InteractionToken,
    text,
};
use crate::app::{App, SharedApp};

/// How an interaction was answered when its result was deferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Deferral {
    /// Type 5: "thinking…" as the reply, replaced by the result.
    Message { ephemeral: bool },
    /// Type 6: a click; the clicked message is edited when the result comes.
    Update,
}

impl Deferral {
    /// The interaction response that defers.
    pub fn response(self) -> InteractionResponse {
        match self {
            Deferral::Message { ephemeral } => InteractionResponse {
                kind: InteractionResponseType::DeferredChannelMessageWithSource,
                data: ephemeral.then(|| InteractionResponseData {
                    flags: Some(MessageFlags::EPHEMERAL),
                    ..InteractionResponseData::default()
                }),
            },
            Deferral::Update => InteractionResponse {
                kind: InteractionResponseType::DeferredUpdateMessage,
                data: None,
            },
        }
    }
}

/// Deferred work as it is handed off: everything needed to finish it in another task or
/// process, serializable as JSON (the worker function's event).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Work {
    pub to: InteractionToken,
    pub invocation: Invocation,
    pub command: String,
    pub job: DeferredJob,
    pub answered: Deferral,
}

/// Why deferred work could not be handed off.
#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    /// This deployment cannot run work after answering.
    #[error("deferred work cannot run here: {0}")]
    Unavailable(&'static str),
    /// The receiver refused or could not be reached.
    #[error("deferred work could not be handed off: {0}")]
    Failed(String),
}

/// Where deferred work goes once the interaction is answered.
#[async_trait]
pub trait Handoff: Send + Sync + 'static {
    /// Whether work may go on in this process after the response is returned: yes in a
    /// container, no on Lambda (frozen once it has answered). Decides automatic deferral and
    /// whether alerts are sent in the background.
    fn outlives_response(&self) -> bool;

    /// Take `work` over. Once this returns `Ok`, the work runs and edits the interaction's
    /// original message without the caller; it must not depend on the caller's process living
    /// on unless [`Handoff::outlives_response`] says it does.
    async fn hand_off(&self, app: SharedApp, work: Work) -> Result<(), HandoffError>;
}

/// Container mode: the work runs in a tokio task of this process.
#[derive(Debug, Clone, Copy, Default)]
pub struct InProcess;

#[async_trait]
impl Handoff for InProcess {
    fn outlives_response(&self) -> bool {
        true
    }

    async fn hand_off(&self, app: SharedApp, work: Work) -> Result<(), HandoffError> {
        let tracker = app.background.clone();
        tracker.spawn(async move { complete(&app, work).await });
        Ok(())
    }
}

/// A deployment that cannot finish work after answering: deferred work is refused (and the
/// user told so) rather than lost.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWorker;

#[async_trait]
impl Handoff for NoWorker {
    fn outlives_response(&self) -> bool {
        false
    }

    async fn hand_off(&self, _app: SharedApp, _work: Work) -> Result<(), HandoffError> {
        Err(HandoffError::Unavailable(
            "this deployment has no worker to finish deferred work",
        ))
    }
}

/// Let `handler` (already polled, or ready) finish in a task of its own, then deliver its
/// reply for an interaction answered with `answered`. Container mode only.
pub fn finish_in_background<F>(
    app: SharedApp,
    to: InteractionToken,
    answered: Deferral,
    inv: Invocation,
    command: String,
    handler: F,
) where
    F: Future<Output = Outcome> + Send + 'static,
{
    let tracker = app.background.clone();
    tracker.spawn(async move {
        let mut outcome = joined(&app, &inv, &command, tokio::spawn(handler)).await;
        // A command that asked for deferred work after all: we are in the background
        // already, so run it here.
        if let Some(job) = outcome.reply.deferred.take() {
            outcome = joined(&app, &inv, &command, spawn_job(&app, &inv, &command, job)).await;
        }
        deliver(&app, &to, answered, &inv, &command, &outcome).await;
    });
}

/// Finish handed-off work: run its job, then post the result over the original message. What
/// [`InProcess`]'s task runs and what the worker function will run. Never fails: problems are
/// logged, alerted, and shown to the user while Discord can still be reached.
pub async fn complete(app: &SharedApp, work: Work) {
    let Work {
        to,
        invocation,
        command,
        job,
        answered,
    } = work;
    let task = spawn_job(app, &invocation, &command, job);
    let outcome = joined(app, &invocation, &command, task).await;
    deliver(app, &to, answered, &invocation, &command, &outcome).await;
}

fn spawn_job(
    app: &SharedApp,
    inv: &Invocation,
    command: &str,
    job: DeferredJob,
) -> JoinHandle<Outcome> {
    let (app, inv, command) = (app.clone(), inv.clone(), command.to_owned());
    tokio::spawn(async move { super::finish(&app, &inv, &command, job).await })
}

/// The outcome of a task; if it panicked, an internal error the user is told about.
async fn joined(app: &App, inv: &Invocation, command: &str, task: JoinHandle<Outcome>) -> Outcome {
    match task.await {
        Ok(outcome) => outcome,
        Err(err) => {
            let err = anyhow::anyhow!("deferred work stopped: {err}");
            super::settle(
                app,
                inv,
                command,
                Err(CommandError::Internal(err)),
                Stage::Deferred,
            )
            .await
        }
    }
}

/// Post a deferred result where the user expects it:
/// - a message deferral: the result replaces "thinking…" (`PATCH …/@original`); if the result
///   is for the user only but "thinking…" was public (an automatic deferral), "thinking…" is
///   deleted and the result sent as an ephemeral follow-up;
/// - a click deferral: a successful result redraws the clicked message, an error comes as an
///   ephemeral follow-up so the message stays intact.
///
/// If Discord refuses the result, the original is edited into a short error with an id, and
/// an alert goes out.
pub async fn deliver(
    app: &App,
    to: &InteractionToken,
    answered: Deferral,
    inv: &Invocation,
    command: &str,
    outcome: &Outcome,
) {
    let discord = match app.discord() {
        Ok(discord) => discord,
        Err(err) => {
            tracing::error!(command, error = %err, "deferred reply lost: no Discord client");
            return;
        }
    };
    let reply = &outcome.reply;
    let sent = match answered {
        Deferral::Update if outcome.outcome == "ok" => discord.edit_original(to, reply).await,
        Deferral::Update => {
            let private = Reply {
                ephemeral: true,
                ..reply.clone()
            };
            discord.follow_up(to, &private).await
        }
        Deferral::Message { ephemeral: false } if reply.ephemeral => {
            match discord.delete_original(to).await {
                Ok(()) => discord.follow_up(to, reply).await,
                Err(err) => {
                    tracing::warn!(command, error = %err, "public deferral not deleted; editing it");
                    discord.edit_original(to, reply).await
                }
            }
        }
        Deferral::Message { .. } => discord.edit_original(to, reply).await,
    };
    let err = match sent {
        Ok(()) => {
            tracing::info!(
                command,
                outcome = outcome.outcome,
                error_id = outcome.error_id.as_deref(),
                files = reply.files.len(),
                duration_us = u64::try_from(inv.received.elapsed().as_micros()).unwrap_or(u64::MAX),
                "deferred reply delivered"
            );
            return;
        }
        Err(err) => err,
    };
    let id = super::error_id();
    tracing::error!(error_id = %id, command, error = %err, "deferred reply could not be delivered");
    // Never leave "thinking…" behind: a short error without the files or embeds Discord may
    // have refused.
    let fallback = Reply::ephemeral(text::delivery_failed(inv.lang, &id));
    let shown = match answered {
        Deferral::Update => discord.follow_up(to, &fallback).await,
        Deferral::Message { .. } => discord.edit_original(to, &fallback).await,
    };
    if let Err(again) = shown {
        tracing::error!(error_id = %id, command, error = %again, "error message not delivered either");
    }
    alerts::discord_failure(app, command, inv.guild_id, &err).await;
    let alert = Alert {
        kind: AlertKind::Deferred,
        command: command.to_owned(),
        error_id: Some(id),
        guild_id: inv.guild_id,
        detail: Some(err.to_string()),
        at: app.now(),
    };
    alerts::raise(app, alert).await;
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use twilight_model::guild::Permissions;

    use super::*;
    use crate::commands::{Lang, Source};
    use crate::id::Snowflake;

    /// The worker function will receive this JSON: it must carry everything, and hide
    /// nothing it needs.
    #[test]
    fn work_round_trips_as_json() {
        let work = Work {
            to: InteractionToken {
                application_id: Snowflake::new(1_100_000_000_000_000_000),
                token: "aW50ZXJhY3Rpb246MTox".into(),
            },
            invocation: Invocation {
                guild_id: Some(Snowflake::new(900_000_000_000_000_001)),
                channel_id: Some(Snowflake::new(900_000_000_000_000_010)),
                user_id: Snowflake::new(111_111_111_111_111_111),
                roles: vec![Snowflake::new(444_444_444_444_444_444)],
                permissions: Some(Permissions::ADMINISTRATOR | Permissions::VIEW_CHANNEL),
                lang: Lang::En,
                source: Source::Slash,
                received: Instant::now(),
            },
            command: "auditserveur".into(),
            job: DeferredJob::Audit {
                guild_id: Snowflake::new(900_000_000_000_000_001),
            },
            answered: Deferral::Message { ephemeral: true },
        };
        let json = serde_json::to_value(&work).unwrap();
        assert_eq!(
            json["job"],
            serde_json::json!({ "job": "audit", "guild_id": 900_000_000_000_000_001_u64 })
        );
        assert_eq!(
            json["answered"],
            serde_json::json!({ "type": "message", "ephemeral": true })
        );
        assert_eq!(json["invocation"]["lang"], "en");
        let back: Work = serde_json::from_value(json).unwrap();
        assert_eq!(back.to, work.to);
        assert_eq!(back.job, work.job);
        assert_eq!(back.answered, work.answered);
        assert_eq!(back.invocation.permissions, work.invocation.permissions);
        assert_eq!(back.invocation.roles, work.invocation.roles);
        assert_eq!(back.invocation.lang, Lang::En);
        assert!(
            !format!("{work:?}").contains("aW50ZXJhY3Rpb246MTox"),
            "token hidden"
        );
    }

    #[test]
    fn deferral_responses() {
        let json = |d: Deferral| serde_json::to_value(d.response()).unwrap();
        assert_eq!(
            json(Deferral::Message { ephemeral: false }),
            serde_json::json!({ "type": 5 })
        );
        assert_eq!(
            json(Deferral::Message { ephemeral: true }),
            serde_json::json!({ "type": 5, "data": { "flags": 64 } })
        );
        assert_eq!(json(Deferral::Update), serde_json::json!({ "type": 6 }));
    }
}
