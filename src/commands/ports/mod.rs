//! What the core needs from the outside, as traits adapters implement: the core names each
//! operation in its own terms, an adapter (the Discord REST client, …) does the I/O.

pub mod discord;

pub use discord::{
    ChannelInfo, DiscordApi, DiscordError, GuildInfo, InteractionToken, MemberInfo, MessageInfo,
    OverwriteInfo, RoleInfo, UserInfo,
};
