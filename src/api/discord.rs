//! Discord routes: `POST /api/discord/message` sends a message as the bot (n8n notifications).
//! Creating a chantier with its channel is `POST /api/discord/chantiers` with
//! `"create_channel": true` ([`super::chantiers`]).
//!
//! Discord's refusals become the JSON errors of [`ApiError::Discord`]: 403 → 502
//! `discord_forbidden` naming the permission, 404 → 404 `discord_not_found`, no bot token →
//! 503 `discord_unconfigured`, Discord failing → 502 `discord_unavailable`.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use twilight_model::{guild::Permissions, id::Id};
use utoipa::ToSchema;

use super::{ApiError, ErrorBody, Snowflake, auth::Authorized, idempotency::Idempotent};
use crate::app::{App, SharedApp};

/// Discord's limits on a message.
const CONTENT_MAX: usize = 2000;
const EMBEDS_MAX: usize = 10;

/// `POST /api/discord/message`: at least one of `content` and `embeds`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SendMessageRequest {
    /// The channel to post in (the bot must be able to send messages there).
    #[schema(value_type = String, example = "1400000000000000001")]
    pub channel_id: Snowflake,
    /// Up to 2000 characters. User mentions (`<@id>`) ping; `@everyone` and role mentions
    /// do not.
    #[schema(example = "📦 Livraison du tableau électrique prévue demain 8 h")]
    pub content: Option<String>,
    /// Up to 10 embeds, as Discord's embed objects (`title`, `description`, `color`,
    /// `fields`, `footer`…), passed on unchanged.
    #[schema(value_type = Option<Vec<Object>>)]
    pub embeds: Option<Vec<Value>>,
}

/// The message sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentMessage {
    /// The new message's id.
    #[schema(value_type = String)]
    pub id: Snowflake,
    #[schema(value_type = String)]
    pub channel_id: Snowflake,
}

/// Send a message as the bot.
#[utoipa::path(
    post,
    path = "/api/discord/message",
    tag = "discord",
    request_body = SendMessageRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h: an n8n retry does not post twice")),
    responses(
        (status = 201, description = "Sent", body = SentMessage),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "Discord does not know the channel, or the bot cannot see it (`discord_not_found`)", body = ErrorBody),
        (status = 422, description = "Neither content nor embeds, or over Discord's limits", body = ErrorBody),
        (status = 502, description = "Discord refused — the bot lacks Send Messages or Embed Links in that channel (`discord_forbidden`) — or failed (`discord_unavailable`, `discord_error`)", body = ErrorBody),
        (status = 503, description = "gvbot has no bot token (`discord_unconfigured`)", body = ErrorBody),
    )
)]
pub async fn send_message(
    State(app): State<SharedApp>,
    _: Authorized,
    request: Idempotent,
) -> Response {
    let response = send(&app, &request).await.into_response();
    request.finish(&app, response).await
}

async fn send(
    app: &App,
    request: &Idempotent,
) -> Result<(StatusCode, Json<SentMessage>), ApiError> {
    let input: SendMessageRequest = request.json()?;
    let content = input.content.filter(|c| !c.trim().is_empty());
    let embeds = input.embeds.unwrap_or_default();
    if content.is_none() && embeds.is_empty() {
        return Err(ApiError::field(
            "content",
            "give content or embeds (a message cannot be empty)",
        ));
    }
    if content
        .as_ref()
        .is_some_and(|c| c.chars().count() > CONTENT_MAX)
    {
        return Err(ApiError::field(
            "content",
            format!("at most {CONTENT_MAX} characters"),
        ));
    }
    if embeds.len() > EMBEDS_MAX {
        return Err(ApiError::field(
            "embeds",
            format!("at most {EMBEDS_MAX} embeds"),
        ));
    }
    if let Some(at) = embeds.iter().position(|e| !e.is_object()) {
        return Err(ApiError::field(
            &format!("embeds[{at}]"),
            "expected an embed object",
        ));
    }
    let channel = Id::try_from(input.channel_id)
        .map_err(|_| ApiError::field("channel_id", "expected a Discord id"))?;
    let discord = app.discord()?;
    discord.require_token()?;
    let mut needs = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
    if !embeds.is_empty() {
        needs |= Permissions::EMBED_LINKS;
    }
    let sent = discord
        .post_message(channel, content.as_deref(), &embeds)
        .await
        .map_err(|e| e.needing(needs))?;
    Ok((
        StatusCode::CREATED,
        Json(SentMessage {
            id: sent.id,
            channel_id: input.channel_id,
        }),
    ))
}
