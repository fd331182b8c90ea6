//! Domain values with rules, parsed once at the edge (parse, don't validate): a value of one
//! of these types is valid by construction, whatever the entry point (slash option, `!` text,
//! REST body). Each rule is stated here and nowhere else; the slash declarations repeat the
//! limits as literals (derive attributes take no constants), and a test ties them together.

use std::fmt;

use super::{CommandError, Reason};

/// The one rule for free text typed by a user: trimmed, not empty, at most `max` characters,
/// and no NUL or other control character (PostgreSQL refuses NUL in text, and control
/// characters have no business in a task or a reason). Newlines and tabs pass when the text
/// may span lines.
pub fn text(
    field: &'static str,
    raw: &str,
    max: usize,
    lines: Lines,
) -> Result<String, CommandError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(CommandError::invalid(field, Reason::Empty));
    }
    if value.chars().count() > max {
        return Err(CommandError::invalid(field, Reason::TooLong { max }));
    }
    check_characters(field, value, lines)?;
    Ok(value.to_owned())
}

/// Whether a text may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Newlines and tabs allowed (descriptions, notes, reasons).
    Many,
    /// One line: names, search words, identifiers.
    One,
}

/// Refuse NUL and other control characters (see [`text`]); for values that are not trimmed
/// or length-checked here (names looked up, search text).
pub fn check_characters(
    field: &'static str,
    value: &str,
    lines: Lines,
) -> Result<(), CommandError> {
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\t' | '\r');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(CommandError::invalid(field, Reason::ControlCharacter));
    }
    Ok(())
}

macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident, field = $field:literal, max = $max:literal, lines = $lines:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Longest value accepted, in characters.
            pub const MAX: usize = $max;
            /// The option (and REST field) it comes from.
            pub const FIELD: &'static str = $field;

            pub fn parse(raw: &str) -> Result<$name, CommandError> {
                text($field, raw, $max, Lines::$lines).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_value!(
    /// What a task is about: `/tache description`, REST `description`.
    TaskDescription, field = "description", max = 1000, lines = Many
);
text_value!(
    /// Planning notes: `/planifier notes`, REST `notes`.
    PlanningNotes, field = "notes", max = 500, lines = Many
);
text_value!(
    /// Why a member is warned: `/avertir raison`.
    WarningReason, field = "raison", max = 500, lines = Many
);

/// A chantier's name: runs of blanks made one space, 1 to 100 characters (Discord's channel
/// name limit), one line.
/// Two names are the same chantier when their [`folded`](ChantierName::folded) forms are
/// equal; the database enforces that with a unique index on the folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChantierName(String);

impl ChantierName {
    pub const MAX: usize = 100;

    pub fn parse(field: &'static str, raw: &str) -> Result<ChantierName, CommandError> {
        check_characters(field, raw, Lines::One)?;
        let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() || value.chars().count() > Self::MAX {
            return Err(CommandError::invalid(field, Reason::ChantierName));
        }
        Ok(ChantierName(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Lower case, accents removed: what uniqueness and look-ups compare.
    pub fn folded(&self) -> String {
        crate::store::fold_name(&self.0)
    }
}

impl fmt::Display for ChantierName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The state a button carries after its prefix (`<page>:<member>:…`), read field by field:
/// the whole paging state travels in the `custom_id` (no server-side session). Anything
/// unexpected means a stale or forged button, answered "relancez la commande".
pub struct ButtonState<'a>(std::str::Split<'a, char>);

impl<'a> ButtonState<'a> {
    pub fn new(state: &'a str) -> ButtonState<'a> {
        ButtonState(state.split(':'))
    }

    /// The next field, parsed with `FromStr`.
    pub fn field<T: std::str::FromStr>(&mut self) -> Result<T, CommandError> {
        self.field_with(|field| field.parse().ok())
    }

    /// The next field, parsed with `parse`.
    pub fn field_with<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, CommandError> {
        self.0
            .next()
            .and_then(parse)
            .ok_or(CommandError::invalid("custom_id", Reason::ExpiredButton))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(err: CommandError) -> Reason {
        match err {
            CommandError::Invalid { reason, .. } => reason,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            TaskDescription::parse("  Vérifier  ").unwrap().as_str(),
            "Vérifier"
        );
        assert_eq!(
            reason(TaskDescription::parse("   ").unwrap_err()),
            Reason::Empty
        );
        let long = "é".repeat(TaskDescription::MAX + 1);
        assert_eq!(
            reason(TaskDescription::parse(&long).unwrap_err()),
            Reason::TooLong { max: 1000 }
        );
        assert!(TaskDescription::parse(&"é".repeat(TaskDescription::MAX)).is_ok());
    }

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_multiline_text() {
        for bad in ["a\u{0}b", "a\u{7}b", "\u{1b}[31mrouge"] {
            assert_eq!(
                reason(TaskDescription::parse(bad).unwrap_err()),
                Reason::ControlCharacter,
                "{bad:?}"
            );
        }
        assert!(TaskDescription::parse("ligne 1\nligne 2\tfin").is_ok());
        assert_eq!(
            reason(ChantierName::parse("nom", "Beau\ntemps").unwrap_err()),
            Reason::ControlCharacter
        );
    }

    #[test]
    fn button_state_reads_fields_or_calls_the_button_stale() {
        let mut state = ButtonState::new("2:42:ouvertes");
        assert_eq!(state.field::<u32>().unwrap(), 2);
        assert_eq!(state.field::<u64>().unwrap(), 42);
        assert_eq!(
            state
                .field_with(|f| (f == "ouvertes").then_some(1))
                .unwrap(),
            1
        );
        assert_eq!(
            reason(state.field::<u32>().unwrap_err()),
            Reason::ExpiredButton
        );
        assert_eq!(
            reason(ButtonState::new("x").field::<u32>().unwrap_err()),
            Reason::ExpiredButton
        );
    }

    #[test]
    fn chantier_names_fold_case_and_accents() {
        let a = ChantierName::parse("nom", " Béautemps ").unwrap();
        assert_eq!(a.as_str(), "Béautemps");
        assert_eq!(a.folded(), "beautemps");
        assert_eq!(
            ChantierName::parse("nom", "  École   Jules-Ferry ")
                .unwrap()
                .as_str(),
            "École Jules-Ferry"
        );
        assert_eq!(
            reason(ChantierName::parse("nom", &"x".repeat(101)).unwrap_err()),
            Reason::ChantierName
        );
    }
}
