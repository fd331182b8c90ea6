//! What a `!` command that does not parse answers, in French and English. These strings
//! belong to the `!` adapter (the core's strings are in `commands::text`); each message ends
//! with the command's usage line.

use crate::commands::{Lang, text::tr};

/// The message for a `!` command that could not be parsed.
pub fn prefix_error(lang: Lang, err: &super::PrefixError) -> String {
    use super::PrefixError as E;
    let message = match err {
        E::MissingArgument { option, .. } => {
            tr!(
                lang,
                "argument manquant : {option}",
                "missing argument: {option}"
            )
        }
        E::BadValue {
            option,
            expected,
            got,
            ..
        } => tr!(
            lang,
            "{option} : {} n'est pas valide, {}",
            "{option}: {} is not valid, {}",
            quoted(lang, got),
            expected_value(lang, *expected)
        ),
        E::OutOfRange {
            option,
            got,
            bounds,
            ..
        } => tr!(
            lang,
            "{option} : {got} est hors limites (attendu : {bounds})",
            "{option}: {got} is out of range (expected: {bounds})"
        ),
        E::BadLength {
            option,
            len,
            bounds,
            ..
        } => tr!(
            lang,
            "{option} : {len} caractères, il en faut {bounds}",
            "{option}: {len} characters, {bounds} needed"
        ),
        E::UnknownChoice {
            option,
            got,
            choices,
            ..
        } => tr!(
            lang,
            "{option} : {} n'est pas un choix possible (choix : {})",
            "{option}: {} is not one of the choices ({})",
            quoted(lang, got),
            choices.join(", ")
        ),
        E::TooManyArguments { extra, .. } => tr!(
            lang,
            "trop d'arguments : {}",
            "too many arguments: {}",
            quoted(lang, extra)
        ),
        E::MissingSubcommand { .. } => tr!(lang, "sous-commande manquante", "missing subcommand"),
        E::UnknownSubcommand { got, .. } => tr!(
            lang,
            "sous-commande inconnue : {}",
            "unknown subcommand: {}",
            quoted(lang, got)
        ),
        E::UnclosedQuote { quote, .. } => tr!(
            lang,
            "guillemet {quote} ouvert mais jamais fermé",
            "quote {quote} opened but never closed"
        ),
    };
    match err.usage() {
        "" => message,
        usage => format!("{message}\n{usage}"),
    }
}

fn expected_value(lang: Lang, expected: super::Expected) -> &'static str {
    use super::Expected as X;
    match expected {
        X::Value => lang.pick("donnez une valeur", "give a value"),
        X::User => lang.pick(
            "mentionnez le membre (@membre) ou donnez son identifiant",
            "mention the member (@member) or give their id",
        ),
        X::Role => lang.pick(
            "mentionnez le rôle (@rôle) ou donnez son identifiant",
            "mention the role (@role) or give its id",
        ),
        X::Channel => lang.pick(
            "mentionnez le salon (#salon) ou donnez son identifiant",
            "mention the channel (#channel) or give its id",
        ),
        X::Mentionable => lang.pick(
            "mentionnez un membre ou un rôle, ou donnez son identifiant",
            "mention a member or a role, or give its id",
        ),
        X::Integer => lang.pick(
            "donnez un nombre entier (ex. 12)",
            "give a whole number (e.g. 12)",
        ),
        X::Number => lang.pick("donnez un nombre (ex. 2,5)", "give a number (e.g. 2.5)"),
        X::Boolean => lang.pick("répondez oui ou non", "answer yes or no"),
        X::Attachment => lang.pick(
            "joignez le fichier avec la commande slash",
            "attach the file with the slash command",
        ),
        X::Unsupported => lang.pick("utilisez la commande slash", "use the slash command"),
    }
}

/// A user's value as quoted in a message: `« … »` / `“…”`, shortened when long.
fn quoted(lang: Lang, got: &str) -> String {
    const MAX_CHARS: usize = 60;
    if got.trim().is_empty() {
        return lang.pick("la valeur vide", "the empty value").to_owned();
    }
    let shown: String = if got.chars().count() > MAX_CHARS {
        let head: String = got.chars().take(MAX_CHARS).collect();
        format!("{head}…")
    } else {
        got.to_owned()
    };
    match lang {
        Lang::Fr => format!("« {shown} »"),
        Lang::En => format!("“{shown}”"),
    }
}
