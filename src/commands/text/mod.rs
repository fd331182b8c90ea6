//! Every string a user reads: replies, errors, command and option descriptions, in French
//! (default) and English (for `en-*` locales). Handlers never spell a sentence themselves.

use chrono::{Datelike, NaiveDate, Weekday};
use twilight_interactions::command::{DescLocalizations, NameLocalizations};
use twilight_model::guild::Permissions;

use crate::{
    id::Snowflake,
    store::{Level, TaskStatus},
};

/// Language of a reply, from the interaction's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// English for `en-US`, `en-GB`, …; French otherwise.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// `fr` or `en`.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// French text (`$fr`) or English text (`$en`), both `format!` strings.
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            Lang::Fr => format!($fr $(, $arg)*),
            Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

mod alerts;
mod audit;
mod chantiers;
mod common;
mod config;
mod declarations;
mod discord;
mod errors;
mod moderation;
mod planning;
mod taches;
mod utilitaires;

pub use alerts::*;
pub use audit::*;
pub use chantiers::*;
pub use common::*;
pub use config::*;
pub use declarations::*;
pub use discord::*;
pub use errors::*;
pub use moderation::*;
pub use planning::*;
pub use taches::*;
pub use utilitaires::*;
