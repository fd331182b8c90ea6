//! [`DiscordApi`], the core's view of Discord, on the twilight client: each action as the
//! request(s) it takes. Reads, edits and deletes go through [`Discord::json_retrying`] /
//! [`Discord::send_retrying`]; creations and posts are sent once (sent again after a lost
//! answer they would happen twice). What an action needs of the bot is named by its caller
//! ([`DiscordError::needing`]).

use async_trait::async_trait;
use serde_json::{Value, json};
use twilight_model::{
    channel::{ChannelType, message::Embed},
    http::permission_overwrite::PermissionOverwrite,
    id::{
        Id,
        marker::{
            ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, UserMarker, WebhookMarker,
        },
    },
};

use super::{Discord, DiscordError, InteractionToken};
use crate::commands::{
    Reply,
    ports::{ChannelInfo, DiscordApi, GuildInfo, MemberInfo, MessageInfo, UserInfo},
};

#[async_trait]
impl DiscordApi for Discord {
    fn application_id(&self) -> Result<Id<ApplicationMarker>, DiscordError> {
        Discord::application_id(self)
    }

    fn require_token(&self) -> Result<(), DiscordError> {
        Discord::require_token(self)
    }

    async fn guild(&self, guild: Id<GuildMarker>) -> Result<GuildInfo, DiscordError> {
        let http = self.client();
        self.json_retrying(|| http.guild(guild).with_counts(true))
            .await
    }

    async fn guild_channels(
        &self,
        guild: Id<GuildMarker>,
    ) -> Result<Vec<ChannelInfo>, DiscordError> {
        let http = self.client();
        self.json_retrying(|| http.guild_channels(guild)).await
    }

    /// The bot's user id is the application id for every application created since 2019;
    /// older ones look it up once (`GET /users/@me`).
    async fn bot_member(&self, guild: Id<GuildMarker>) -> Result<MemberInfo, DiscordError> {
        let http = self.client();
        let fetch = |user: Id<UserMarker>| async move {
            self.json_retrying::<_, _, MemberInfo>(|| http.guild_member(guild, user))
                .await
        };
        if let Ok(application) = Discord::application_id(self) {
            match fetch(application.cast()).await {
                Err(DiscordError::NotFound(_)) => {}
                other => return other,
            }
        }
        let me: UserInfo = self.json_retrying(|| http.current_user()).await?;
        fetch(
            Id::try_from(me.id)
                .map_err(|_| DiscordError::Other(format!("unexpected bot user id {:?}", me.id)))?,
        )
        .await
    }

    async fn create_text_channel(
        &self,
        guild: Id<GuildMarker>,
        name: &str,
        parent: Option<Id<ChannelMarker>>,
        topic: Option<&str>,
    ) -> Result<ChannelInfo, DiscordError> {
        let mut request = self
            .client()
            .create_guild_channel(guild, name)
            .kind(ChannelType::GuildText);
        if let Some(parent) = parent {
            request = request.parent_id(parent);
        }
        if let Some(topic) = topic {
            request = request.topic(topic);
        }
        self.json(request).await
    }

    async fn move_channel(
        &self,
        channel: Id<ChannelMarker>,
        parent: Id<ChannelMarker>,
    ) -> Result<ChannelInfo, DiscordError> {
        self.json(
            self.client()
                .update_channel(channel)
                .parent_id(Some(parent)),
        )
        .await
    }

    async fn channel(&self, channel: Id<ChannelMarker>) -> Result<ChannelInfo, DiscordError> {
        let http = self.client();
        self.json_retrying(|| http.channel(channel)).await
    }

    async fn set_permission_overwrite(
        &self,
        channel: Id<ChannelMarker>,
        overwrite: &PermissionOverwrite,
    ) -> Result<(), DiscordError> {
        self.send(self.client().update_channel_permission(channel, overwrite))
            .await?;
        Ok(())
    }

    /// Opens (or finds) the DM channel with `user`, then posts in it.
    async fn send_dm(&self, user: Id<UserMarker>, embeds: &[Embed]) -> Result<(), DiscordError> {
        let dm: ChannelInfo = self
            .json(self.client().create_private_channel(user))
            .await?;
        let channel = Id::try_from(dm.id)?;
        self.post_embeds(channel, embeds).await
    }

    async fn post_embeds(
        &self,
        channel: Id<ChannelMarker>,
        embeds: &[Embed],
    ) -> Result<(), DiscordError> {
        self.send(self.client().create_message(channel).embeds(embeds))
            .await?;
        Ok(())
    }

    async fn post_message(
        &self,
        channel: Id<ChannelMarker>,
        content: Option<&str>,
        embeds: &[Value],
    ) -> Result<MessageInfo, DiscordError> {
        // The payload goes as is, so embeds keep every field they have; it replaces the
        // client's default allowed mentions, hence users only here too.
        let mut payload = json!({ "allowed_mentions": { "parse": ["users"] } });
        if let Some(content) = content {
            payload["content"] = json!(content);
        }
        if !embeds.is_empty() {
            payload["embeds"] = Value::from(embeds);
        }
        let payload = serde_json::to_vec(&payload)
            .map_err(|err| DiscordError::Other(format!("message not serializable: {err}")))?;
        self.json(self.client().create_message(channel).payload_json(&payload))
            .await
    }

    async fn recent_messages(
        &self,
        channel: Id<ChannelMarker>,
        limit: u16,
    ) -> Result<Vec<MessageInfo>, DiscordError> {
        let http = self.client();
        self.json_retrying(|| http.channel_messages(channel).limit(limit))
            .await
    }

    /// One message: a single delete; more: one bulk delete (Discord's bulk route takes 2 to
    /// 100).
    async fn delete_messages(
        &self,
        channel: Id<ChannelMarker>,
        messages: &[Id<MessageMarker>],
    ) -> Result<(), DiscordError> {
        let http = self.client();
        match messages {
            [] => {}
            [one] => {
                self.send(http.delete_message(channel, *one)).await?;
            }
            many => {
                self.send(http.delete_messages(channel, many)).await?;
            }
        }
        Ok(())
    }

    async fn edit_original(
        &self,
        to: &InteractionToken,
        reply: &Reply,
    ) -> Result<(), DiscordError> {
        Discord::patch_original(self, to, reply).await
    }

    async fn follow_up(&self, to: &InteractionToken, reply: &Reply) -> Result<(), DiscordError> {
        Discord::post_follow_up(self, to, reply).await
    }

    async fn delete_original(&self, to: &InteractionToken) -> Result<(), DiscordError> {
        Discord::remove_original(self, to).await
    }

    async fn execute_webhook(
        &self,
        webhook: Id<WebhookMarker>,
        token: &str,
        username: &str,
        embeds: &[Embed],
    ) -> Result<(), DiscordError> {
        let request = self
            .client()
            .execute_webhook(webhook, token)
            .username(username)
            .embeds(embeds);
        self.send(request).await?;
        Ok(())
    }
}
