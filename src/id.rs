//! [`Snowflake`], the one type of a Discord id (guild, channel, user, role, message) in every
//! layer: the store's domain types and backends, the command core, and each adapter's wire
//! types. Discord ids are unsigned 64-bit integers above zero, sent in JSON as strings of
//! digits because they exceed JavaScript's integers.
//!
//! Parsing is [`Snowflake::parse`] (also [`FromStr`]): ASCII digits only, not zero, at most
//! `u64::MAX`. Serde reads a string of digits or a JSON number and writes a string. The
//! database encoding (`bigint`/`integer`, the same 64 bits read as signed) lives with the
//! store, in `store::ids`.
//!
//! The value 0 is not a Discord id, and nothing parses to it; it exists for
//! [`Snowflake::NOBODY`], the author the store records for rows written through the REST API
//! without a user. Converting to a twilight-model `Id` is therefore fallible ([`TryFrom`]).

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use twilight_model::id::Id;

/// A Discord id: a `u64` above zero (or [`Snowflake::NOBODY`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Snowflake(u64);

/// Why a text is not a Discord id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ParseSnowflakeError {
    #[error("a Discord id is not empty")]
    Empty,
    #[error("a Discord id has only digits")]
    NotDigits,
    #[error("a Discord id is not 0")]
    Zero,
    #[error("a Discord id is at most {}", u64::MAX)]
    TooLarge,
}

/// A [`Snowflake`] of 0 has no twilight-model `Id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("0 is not a Discord id")]
pub struct ZeroId;

impl Snowflake {
    /// Not a Discord id: the author of rows written through the REST API when the request
    /// names no user (stored, and shown by the API, as 0).
    pub const NOBODY: Snowflake = Snowflake(0);

    /// The id `n`, for numbers that already are ids (constants, tests). Text goes through
    /// [`Snowflake::parse`], other numbers from outside through [`Snowflake::new_checked`].
    #[must_use]
    pub const fn new(n: u64) -> Snowflake {
        Snowflake(n)
    }

    /// The id `n`, or `None` for 0.
    #[must_use]
    pub const fn new_checked(n: u64) -> Option<Snowflake> {
        match n {
            0 => None,
            n => Some(Snowflake(n)),
        }
    }

    /// The number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }

    /// Read an id written as decimal digits: no sign, no spaces, not 0, at most `u64::MAX`.
    pub fn parse(text: &str) -> Result<Snowflake, ParseSnowflakeError> {
        if text.is_empty() {
            return Err(ParseSnowflakeError::Empty);
        }
        if !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(ParseSnowflakeError::NotDigits);
        }
        // Only digits: the one way `parse` can still fail is overflow.
        let n: u64 = text.parse().map_err(|_| ParseSnowflakeError::TooLarge)?;
        Snowflake::new_checked(n).ok_or(ParseSnowflakeError::Zero)
    }
}

impl FromStr for Snowflake {
    type Err = ParseSnowflakeError;

    fn from_str(text: &str) -> Result<Snowflake, ParseSnowflakeError> {
        Snowflake::parse(text)
    }
}

impl fmt::Display for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Snowflake> for u64 {
    fn from(id: Snowflake) -> u64 {
        id.get()
    }
}

impl<T> From<Id<T>> for Snowflake {
    fn from(id: Id<T>) -> Snowflake {
        Snowflake(id.get())
    }
}

impl<T> TryFrom<Snowflake> for Id<T> {
    type Error = ZeroId;

    fn try_from(id: Snowflake) -> Result<Id<T>, ZeroId> {
        Id::new_checked(id.0).ok_or(ZeroId)
    }
}

impl Serialize for Snowflake {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Snowflake, D::Error> {
        struct Visitor;

        impl de::Visitor<'_> for Visitor {
            type Value = Snowflake;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Discord id (digits, as a number or a string)")
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Snowflake, E> {
                Snowflake::new_checked(n)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(n), &self))
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Snowflake, E> {
                u64::try_from(n)
                    .ok()
                    .and_then(Snowflake::new_checked)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(n), &self))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Snowflake, E> {
                // Tools building JSON by hand (n8n expressions) may pad the digits.
                Snowflake::parse(text.trim())
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// Serde `with` modules writing ids as JSON numbers, for the one wire that carried numbers
/// before ids had their own type: the deferred-work event handed to the worker function
/// (`commands::deferred::Work`), so that a worker of the previous release still reads it.
/// Reading accepts a string as well, like [`Snowflake`]'s own `Deserialize`.
pub mod as_number {
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};

    use super::Snowflake;

    pub fn serialize<S: Serializer>(id: &Snowflake, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(id.get())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Snowflake, D::Error> {
        Snowflake::deserialize(deserializer)
    }

    /// `Option<Snowflake>` as a number or `null`.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            id: &Option<Snowflake>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match id {
                Some(id) => serializer.serialize_some(&id.get()),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Snowflake>, D::Error> {
            Option::<Snowflake>::deserialize(deserializer)
        }
    }

    /// `Vec<Snowflake>` as an array of numbers.
    pub mod vec {
        use super::*;

        pub fn serialize<S: Serializer>(
            ids: &[Snowflake],
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(ids.len()))?;
            for id in ids {
                seq.serialize_element(&id.get())?;
            }
            seq.end()
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Vec<Snowflake>, D::Error> {
            Vec::<Snowflake>::deserialize(deserializer)
        }
    }
}

#[cfg(test)]
mod tests {
    use twilight_model::id::marker::GuildMarker;

    use super::*;

    #[test]
    fn digits_parse_and_print_back() {
        for text in ["1", "81384788765712384", "18446744073709551615"] {
            assert_eq!(Snowflake::parse(text).expect(text).to_string(), text);
        }
        assert_eq!(
            "9223372036854775808".parse::<Snowflake>(),
            Ok(Snowflake::new(1 << 63))
        );
    }

    #[test]
    fn zero_overflow_and_garbage_are_refused() {
        use ParseSnowflakeError::*;
        for (text, why) in [
            ("", Empty),
            ("0", Zero),
            ("000", Zero),
            ("18446744073709551616", TooLarge),
            ("99999999999999999999999", TooLarge),
            ("-1", NotDigits),
            ("+1", NotDigits),
            (" 12", NotDigits),
            ("12\t", NotDigits),
            ("1.5", NotDigits),
            ("abc", NotDigits),
            ("１２", NotDigits),
        ] {
            assert_eq!(Snowflake::parse(text), Err(why), "{text:?}");
        }
        assert_eq!(Snowflake::new_checked(0), None);
        assert!(
            ParseSnowflakeError::TooLarge
                .to_string()
                .contains("18446744073709551615")
        );
    }

    #[test]
    fn json_reads_a_string_or_a_number_and_writes_a_string() {
        for json in ["42", r#""42""#, r#"" 42 ""#] {
            let id: Snowflake = serde_json::from_str(json).expect(json);
            assert_eq!(id, Snowflake::new(42), "{json}");
        }
        let big: Snowflake = serde_json::from_str("18446744073709551615").expect("u64::MAX");
        assert_eq!(big.get(), u64::MAX);
        assert_eq!(
            serde_json::to_string(&Snowflake::new(u64::MAX)).expect("serialize"),
            r#""18446744073709551615""#
        );
        for json in [
            "0",
            r#""0""#,
            "-5",
            "1.5",
            "null",
            r#""abc""#,
            r#""""#,
            "true",
            "[1]",
            r#""18446744073709551616""#,
        ] {
            assert!(serde_json::from_str::<Snowflake>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn twilight_ids_convert_both_ways() {
        let id: Id<GuildMarker> = Id::new(u64::MAX);
        let snowflake = Snowflake::from(id);
        assert_eq!(snowflake.get(), u64::MAX);
        assert_eq!(Id::<GuildMarker>::try_from(snowflake), Ok(id));
        assert_eq!(Id::<GuildMarker>::try_from(Snowflake::NOBODY), Err(ZeroId));
    }
}
