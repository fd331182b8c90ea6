//! The messages that finish a deferred interaction: the edit of the original response
//! (`PATCH /webhooks/{application_id}/{token}/messages/@original`), follow-ups
//! (`POST /webhooks/{application_id}/{token}`) and the removal of the original.
//!
//! They are authorized by the interaction token in the URL, not by the bot token, and stay
//! usable for 15 minutes after the interaction. A [`Reply`]'s files go as a multipart body
//! (`payload_json` + `files[n]`), which twilight builds from its attachments. Called through
//! [`DiscordApi`](crate::commands::ports::DiscordApi) by `interactions::deferred` once deferred
//! work is done.

use twilight_model::{
    channel::message::MessageFlags,
    http::attachment::Attachment,
    id::{Id, marker::ApplicationMarker},
};

use super::{Discord, DiscordError};
use crate::commands::Reply;
pub use crate::commands::ports::InteractionToken;

impl InteractionToken {
    fn application(&self) -> Result<Id<ApplicationMarker>, DiscordError> {
        Id::try_from(self.application_id)
            .map_err(|_| DiscordError::Other("interaction payload has application_id 0".to_owned()))
    }
}

/// A reply's files as twilight attachments (`files[0]`, `files[1]`, …).
fn attachments(reply: &Reply) -> Vec<Attachment> {
    reply
        .files
        .iter()
        .zip(0u64..)
        .map(|(file, id)| Attachment::from_bytes(file.name.clone(), file.content.clone(), id))
        .collect()
}

impl Discord {
    /// Replace the original response (the "thinking…" message of a deferred command, or the
    /// message whose button was clicked) with `reply`: content, embeds, components and files.
    /// Fields the reply leaves empty are cleared. Whether it is ephemeral was decided when the
    /// interaction was answered and cannot change here.
    pub(super) async fn patch_original(
        &self,
        to: &InteractionToken,
        reply: &Reply,
    ) -> Result<(), DiscordError> {
        let interaction = self.client().interaction(to.application()?);
        let interaction = &interaction;
        let files = attachments(reply);
        let files = files.as_slice();
        self.send_retrying(true, move || {
            let request = interaction
                .update_response(&to.token)
                .content(reply.content.as_deref())
                .embeds(Some(&reply.embeds))
                .components(Some(&reply.components));
            if files.is_empty() {
                request
            } else {
                request.attachments(files)
            }
        })
        .await?;
        Ok(())
    }

    /// Post `reply` as a new message of the interaction (ephemeral when the reply is).
    pub(super) async fn post_follow_up(
        &self,
        to: &InteractionToken,
        reply: &Reply,
    ) -> Result<(), DiscordError> {
        let interaction = self.client().interaction(to.application()?);
        let interaction = &interaction;
        let files = attachments(reply);
        let files = files.as_slice();
        // A follow-up is not idempotent: sent again after a lost answer it would show twice.
        // Only a 404 (Discord has not yet recorded the deferral) is safe to repeat.
        let mut pauses = super::RETRY_PAUSES.iter();
        loop {
            let mut request = interaction
                .create_followup(&to.token)
                .embeds(&reply.embeds)
                .components(&reply.components);
            if let Some(content) = reply.content.as_deref() {
                request = request.content(content);
            }
            if reply.ephemeral {
                request = request.flags(MessageFlags::EPHEMERAL);
            }
            if !files.is_empty() {
                request = request.attachments(files);
            }
            match self.send(request).await {
                Ok(_) => return Ok(()),
                Err(DiscordError::NotFound(what)) => match pauses.next() {
                    Some(pause) => tokio::time::sleep(*pause).await,
                    None => return Err(DiscordError::NotFound(what)),
                },
                Err(err) => return Err(err),
            }
        }
    }

    /// Delete the original response (a public "thinking…" message whose result turned out to
    /// be for the user's eyes only: it then comes as an ephemeral follow-up).
    pub(super) async fn remove_original(&self, to: &InteractionToken) -> Result<(), DiscordError> {
        let interaction = self.client().interaction(to.application()?);
        let interaction = &interaction;
        self.send_retrying(true, move || interaction.delete_response(&to.token))
            .await?;
        Ok(())
    }
}
