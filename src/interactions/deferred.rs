//! The interactions endpoint's side of deferred work ([`crate::commands::deferred`] owns the
//! rest): answering "deferred" when a command hands its job off, and for a handler that has
//! not replied after [`App::defer_after`](crate::app::App::defer_after) — Discord shows "The application did not respond"
//! after 3 seconds — letting it finish in the background (container mode only).

use std::future::Future;

use twilight_model::http::interaction::InteractionResponse;

pub use crate::commands::deferred::{
    Deferral, Handoff, HandoffError, InProcess, NoWorker, Work, complete, deliver,
    finish_in_background,
};
use crate::{
    app::SharedApp,
    commands::{
        self, CommandError, Invocation, Outcome, Reply, Stage, ports::InteractionToken, text,
    },
};

/// Hand a command's deferred job off and answer "deferred"; if it cannot be handed off, the
/// answer is an ephemeral message saying so (logged, alerted).
pub async fn hand_off(app: &SharedApp, work: Work) -> InteractionResponse {
    let answered = work.answered;
    let (inv, command) = (work.invocation.clone(), work.command.clone());
    match app.handoff.hand_off(app.clone(), work).await {
        Ok(()) => answered.response(),
        Err(err) => {
            let outcome = commands::settle(
                app,
                &inv,
                &command,
                Err(CommandError::Internal(err.into())),
                Stage::Deferred,
            )
            .await;
            tracing::warn!(command = %command, error_id = outcome.error_id.as_deref(), "deferred work refused");
            super::message(
                &Reply::ephemeral(text::deferred_unavailable(inv.lang)),
                false,
            )
        }
    }
}

/// What the endpoint answers: the handler's outcome, or "deferred" with the result to come.
pub enum Answer {
    Ready(Outcome),
    Deferred(Deferral),
}

/// Run `handler`, but if it has not replied after [`App::defer_after`](crate::app::App::defer_after), answer with
/// `deferral` at once and let it finish in a task of its own, which then posts its reply over
/// the original message (Discord's 3-second rule). Only where work may outlive the response
/// (a container), with a Discord client to post with, and for an interaction that carries
/// its token; elsewhere the handler simply runs to the end.
pub async fn within_deadline<F>(
    app: &SharedApp,
    to: Option<&InteractionToken>,
    deferral: Deferral,
    inv: &Invocation,
    command: &str,
    handler: F,
) -> Answer
where
    F: Future<Output = Outcome> + Send + 'static,
{
    let to = match to {
        Some(to) if app.handoff.outlives_response() && app.discord.is_some() => to,
        _ => return Answer::Ready(handler.await),
    };
    let mut handler = Box::pin(handler);
    tokio::select! {
        biased;
        outcome = &mut handler => Answer::Ready(outcome),
        () = tokio::time::sleep(app.defer_after) => {
            tracing::info!(command, after_ms = u64::try_from(app.defer_after.as_millis()).unwrap_or(u64::MAX), "slow handler: answering deferred");
            finish_in_background(app.clone(), to.clone(), deferral, inv.clone(), command.to_owned(), handler);
            Answer::Deferred(deferral)
        }
    }
}
