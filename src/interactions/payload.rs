//! The parts of an interaction payload gvbot reads, parsed leniently: Discord adds fields over
//! time and some payloads omit ones twilight-model's full `Interaction` requires
//! (`application_id`, `attachment_size_limit`, `authorizing_integration_owners`,
//! `member.flags`), and a missing optional field must never turn a valid request into a 400.
//! The command data itself is parsed with twilight-model's `CommandData`.

use serde::Deserialize;
use serde_json::Value;
use twilight_model::{
    application::interaction::application_command::CommandData, guild::Permissions,
};

use crate::{discord::InteractionToken, id::Snowflake};

/// Interaction types (Discord's `type` field).
pub mod kind {
    pub const PING: u8 = 1;
    pub const APPLICATION_COMMAND: u8 = 2;
    pub const MESSAGE_COMPONENT: u8 = 3;
    pub const AUTOCOMPLETE: u8 = 4;
    pub const MODAL_SUBMIT: u8 = 5;
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub id: Snowflake,
}

#[derive(Debug, Deserialize)]
pub struct Member {
    pub user: Option<User>,
    #[serde(default)]
    pub roles: Vec<Snowflake>,
    /// Permissions of the member in the channel, a decimal bit set as a string.
    pub permissions: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Channel {
    pub id: Snowflake,
}

/// The envelope of every interaction.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    #[serde(rename = "type")]
    pub kind: u8,
    pub id: Option<Snowflake>,
    pub token: Option<String>,
    pub application_id: Option<Snowflake>,
    pub guild_id: Option<Snowflake>,
    pub channel_id: Option<Snowflake>,
    pub channel: Option<Channel>,
    pub member: Option<Member>,
    pub user: Option<User>,
    pub locale: Option<String>,
    pub guild_locale: Option<String>,
    #[serde(default)]
    pub data: Option<Value>,
}

/// Data of a button or select click.
#[derive(Debug, Deserialize)]
pub struct ComponentData {
    pub custom_id: String,
}

impl Envelope {
    /// The user who interacted: `member.user` in a guild, `user` in DMs.
    pub fn user_id(&self) -> Option<Snowflake> {
        self.member
            .as_ref()
            .and_then(|m| m.user.as_ref())
            .or(self.user.as_ref())
            .map(|u| u.id)
    }

    /// Where the interaction's later messages go (a deferred reply, follow-ups): its
    /// `application_id` and `token`.
    pub fn interaction_token(&self) -> Option<InteractionToken> {
        Some(InteractionToken {
            application_id: self.application_id?,
            token: self.token.clone()?,
        })
    }

    pub fn channel_id(&self) -> Option<Snowflake> {
        self.channel_id
            .or_else(|| self.channel.as_ref().map(|c| c.id))
    }

    pub fn roles(&self) -> Vec<Snowflake> {
        self.member
            .as_ref()
            .map(|m| m.roles.clone())
            .unwrap_or_default()
    }

    /// `member.permissions`; an unparsable value counts as no permission at all.
    pub fn permissions(&self) -> Option<Permissions> {
        let raw = self.member.as_ref()?.permissions.as_deref()?;
        Some(Permissions::from_bits_truncate(raw.parse().unwrap_or(0)))
    }

    /// The command data of types 2 and 4. `resolved` (members, users, roles of the options)
    /// is not needed by any command, so a shape change there must not cost the request.
    pub fn command_data(&self) -> Result<CommandData, serde_json::Error> {
        let data = self.data.clone().unwrap_or(Value::Null);
        match serde_json::from_value::<CommandData>(data.clone()) {
            Ok(parsed) => Ok(parsed),
            Err(err) => {
                let Value::Object(mut map) = data else {
                    return Err(err);
                };
                if map.remove("resolved").is_none() {
                    return Err(err);
                }
                tracing::debug!(error = %err, "command data resolved map ignored");
                serde_json::from_value(Value::Object(map))
            }
        }
    }

    pub fn component_data(&self) -> Result<ComponentData, serde_json::Error> {
        serde_json::from_value(self.data.clone().unwrap_or(Value::Null))
    }
}
