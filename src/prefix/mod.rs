//! The legacy `!` text commands.
//!
//! Turns the text after `!name` into the very options a slash command carries
//! (`Vec<CommandDataOption>`), driven by the command's declaration
//! (`T::create_command()`), so that one `CommandModel::from_interaction` parses both entry points.
//! Called by the gateway sidecar for `!` messages and by `gvbot call`, which passes one shell
//! argument per token. Pure functions: no I/O, nothing but the declaration and the text.
//!
//! Rules, in order of precedence:
//! - a token `name=value` (or `name:value`) whose name is an option of the current level not
//!   yet given is assigned by name;
//! - other tokens fill the remaining options in declaration order, required ones first; an
//!   optional option that cannot take the token is skipped if a later optional one can
//!   (`!taches en_cours` sets the status, not the member);
//! - the `rest` option takes the rest of the line verbatim, except `name=value` tokens naming an
//!   option declared after it (`… Vérifier le tableau echeance:12/05`);
//! - with subcommands, the first token names the subcommand and the rest is parsed against it.

mod messages;
mod tokens;

use twilight_interactions::command::ApplicationCommandData;

use crate::{commands::Lang, id::Snowflake};
use twilight_model::{
    application::{
        command::{
            CommandOption, CommandOptionChoice, CommandOptionChoiceValue, CommandOptionType,
            CommandOptionValue as Bound,
        },
        interaction::application_command::{CommandDataOption, CommandOptionValue},
    },
    id::Id,
};

pub use tokens::{Token, tokenize};

/// A parse failure, rendered by the caller; carries the usage line.
///
/// [`PrefixError::message`] renders it in the user's language (the strings live in
/// `commands::text`); `Display` is the French text. Both end with the usage line when known.
#[derive(Debug, Clone, PartialEq)]
pub enum PrefixError {
    /// A required option was not given.
    MissingArgument { usage: String, option: String },
    /// A value does not have the option's form; `expected` says what to give instead.
    BadValue {
        usage: String,
        option: String,
        expected: Expected,
        got: String,
    },
    /// A number outside the option's `min_value`/`max_value`.
    OutOfRange {
        usage: String,
        option: String,
        got: String,
        bounds: String,
    },
    /// A text outside the option's `min_length`/`max_length`, counted in characters.
    BadLength {
        usage: String,
        option: String,
        len: usize,
        bounds: String,
    },
    /// A value that is none of the option's choices.
    UnknownChoice {
        usage: String,
        option: String,
        got: String,
        choices: Vec<String>,
    },
    /// Tokens left over once every option is filled.
    TooManyArguments { usage: String, extra: String },
    /// A command with subcommands was given none.
    MissingSubcommand { usage: String },
    /// The first token names no subcommand.
    UnknownSubcommand { usage: String, got: String },
    /// A quote opened and never closed.
    UnclosedQuote { usage: String, quote: char },
}

/// What a value should have looked like, for [`PrefixError::BadValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Value,
    User,
    Role,
    Channel,
    Mentionable,
    Integer,
    Number,
    Boolean,
    /// Files can only come with the slash command.
    Attachment,
    /// An option type the text form cannot carry.
    Unsupported,
}

impl std::fmt::Display for PrefixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

impl std::error::Error for PrefixError {}

impl PrefixError {
    /// The message to send, in `lang`, ending with the usage line when known.
    pub fn message(&self, lang: Lang) -> String {
        messages::prefix_error(lang, self)
    }

    /// The usage line of the command (or subcommand) that failed, `""` when unknown.
    pub fn usage(&self) -> &str {
        match self {
            Self::MissingArgument { usage, .. }
            | Self::BadValue { usage, .. }
            | Self::OutOfRange { usage, .. }
            | Self::BadLength { usage, .. }
            | Self::UnknownChoice { usage, .. }
            | Self::TooManyArguments { usage, .. }
            | Self::MissingSubcommand { usage }
            | Self::UnknownSubcommand { usage, .. }
            | Self::UnclosedQuote { usage, .. } => usage,
        }
    }

    /// The same error with `usage` as its usage line if it had none.
    fn with_usage(mut self, line: String) -> Self {
        let (Self::MissingArgument { usage, .. }
        | Self::BadValue { usage, .. }
        | Self::OutOfRange { usage, .. }
        | Self::BadLength { usage, .. }
        | Self::UnknownChoice { usage, .. }
        | Self::TooManyArguments { usage, .. }
        | Self::MissingSubcommand { usage }
        | Self::UnknownSubcommand { usage, .. }
        | Self::UnclosedQuote { usage, .. }) = &mut self;
        if usage.is_empty() {
            *usage = line;
        }
        self
    }
}

/// `!tache @Paul beautemps Vérifier le tableau` -> ("tache", "@Paul beautemps Vérifier le tableau").
/// None when the text does not start with `prefix` followed by a word.
///
/// The word is letters, digits, `-` and `_` (Discord's command-name alphabet), as typed: the
/// caller lowercases it before looking the command up. The arguments are trimmed.
pub fn split_command(text: &str, prefix: char) -> Option<(&str, &str)> {
    let after = text.strip_prefix(prefix)?;
    let end = after.find(char::is_whitespace).unwrap_or(after.len());
    let name = after.get(..end)?;
    let args = after.get(end..)?;
    let is_word = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    is_word.then_some((name, args.trim()))
}

/// Parse argument text against a declaration. `rest` names the option that takes the rest of
/// the line (e.g. Some("description") for /tache); options declared after it can then only be
/// given by name.
///
/// The rest keeps its original spacing and line breaks; its surrounding quotes are removed only
/// if the whole rest is one quoted token. With subcommands, `rest` applies to the option of that
/// name in whichever subcommand is chosen.
pub fn parse_text(
    decl: &ApplicationCommandData,
    rest: Option<&str>,
    args: &str,
) -> Result<Vec<CommandDataOption>, PrefixError> {
    let tokens = tokenize(args).map_err(|error| error.with_usage(usage(decl)))?;
    let input = Input {
        text: args,
        tokens: &tokens,
        split: false,
    };
    parse_level(&command_path(decl), &decl.options, rest, input)
}

/// Same, from pre-split arguments (one per shell argument, as `gvbot call tache membre=@42
/// chantier=beautemps "description=Vérifier tableau"` gives them). No rest-of-line joining is
/// needed but still allowed: extra positional args after the `rest` option are joined with
/// spaces into it.
///
/// Arguments are taken as they are: no quote removal, and any argument may be `name=value`.
pub fn parse_args(
    decl: &ApplicationCommandData,
    rest: Option<&str>,
    args: &[String],
) -> Result<Vec<CommandDataOption>, PrefixError> {
    // Lay the arguments out as one line so the rest option can be sliced out of it like text.
    let mut line = String::new();
    let mut tokens = Vec::with_capacity(args.len());
    for (at, arg) in args.iter().enumerate() {
        if at > 0 {
            line.push(' ');
        }
        let start = line.len();
        line.push_str(arg);
        tokens.push(Token {
            text: arg.clone(),
            span: start..line.len(),
            quoted: false,
        });
    }
    let input = Input {
        text: &line,
        tokens: &tokens,
        split: true,
    };
    parse_level(&command_path(decl), &decl.options, rest, input)
}

/// "usage: !tache @membre chantier description [echeance]": required options plain, optional
/// ones in brackets, user, role and mentionable options as `@name`, channel options as `#name`.
/// A command with subcommands lists each one: "usage: !config role niveau @role | !config voir".
pub fn usage(decl: &ApplicationCommandData) -> String {
    format!(
        "usage: {}",
        usage_forms(&command_path(decl), &decl.options).join(" | ")
    )
}

fn command_path(decl: &ApplicationCommandData) -> String {
    format!("!{}", decl.name)
}

fn is_subcommand(option: &CommandOption) -> bool {
    matches!(
        option.kind,
        CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
    )
}

fn is_required(option: &CommandOption) -> bool {
    option.required == Some(true)
}

fn nested(option: &CommandOption) -> &[CommandOption] {
    option.options.as_deref().unwrap_or_default()
}

/// One usage form per reachable subcommand, or the single form of a plain command.
fn usage_forms(path: &str, options: &[CommandOption]) -> Vec<String> {
    if !options.iter().any(is_subcommand) {
        return vec![leaf_usage(path, options)];
    }
    let forms: Vec<String> = options
        .iter()
        .filter(|option| is_subcommand(option))
        .flat_map(|sub| usage_forms(&format!("{path} {}", sub.name), nested(sub)))
        .collect();
    if forms.is_empty() {
        vec![path.to_owned()]
    } else {
        forms
    }
}

fn leaf_usage(path: &str, options: &[CommandOption]) -> String {
    let mut line = path.to_owned();
    for (_, option) in positional_order(options) {
        let name = match option.kind {
            CommandOptionType::User | CommandOptionType::Role | CommandOptionType::Mentionable => {
                format!("@{}", option.name)
            }
            CommandOptionType::Channel => format!("#{}", option.name),
            _ => option.name.clone(),
        };
        line.push(' ');
        if is_required(option) {
            line.push_str(&name);
        } else {
            line.push_str(&format!("[{name}]"));
        }
    }
    line
}

/// Options in the order positional tokens fill them: required first, then optional, each in
/// declaration order (Discord requires that order anyway).
fn positional_order(options: &[CommandOption]) -> Vec<(usize, &CommandOption)> {
    let required = options
        .iter()
        .enumerate()
        .filter(|(_, option)| is_required(option));
    let optional = options
        .iter()
        .enumerate()
        .filter(|(_, option)| !is_required(option));
    required
        .chain(optional)
        .filter(|(_, option)| !is_subcommand(option))
        .collect()
}

/// The arguments being parsed.
#[derive(Clone, Copy)]
struct Input<'a> {
    /// The whole argument line; token spans index into it.
    text: &'a str,
    /// The tokens still to parse at this level.
    tokens: &'a [Token],
    /// Pre-split arguments (`gvbot call`): a `name=value` argument is always read by name, even
    /// after the rest option, since the shell already told words apart.
    split: bool,
}

/// Parse the input against one level of options: a subcommand choice or a plain option list.
fn parse_level(
    path: &str,
    options: &[CommandOption],
    rest: Option<&str>,
    input: Input<'_>,
) -> Result<Vec<CommandDataOption>, PrefixError> {
    if !options.iter().any(is_subcommand) {
        let usage = format!("usage: {}", leaf_usage(path, options));
        return Leaf::new(options, rest, input, usage).parse();
    }
    let usage = format!("usage: {}", usage_forms(path, options).join(" | "));
    let Some((first, remaining)) = input.tokens.split_first() else {
        return Err(PrefixError::MissingSubcommand { usage });
    };
    let wanted = normalize(&first.text);
    let Some(sub) = options
        .iter()
        .filter(|option| is_subcommand(option))
        .find(|option| normalize(&option.name) == wanted)
    else {
        return Err(PrefixError::UnknownSubcommand {
            usage,
            got: first.text.clone(),
        });
    };
    let inner = parse_level(
        &format!("{path} {}", sub.name),
        nested(sub),
        rest,
        Input {
            tokens: remaining,
            ..input
        },
    )?;
    let value = if sub.kind == CommandOptionType::SubCommandGroup {
        CommandOptionValue::SubCommandGroup(inner)
    } else {
        CommandOptionValue::SubCommand(inner)
    };
    Ok(vec![CommandDataOption {
        name: sub.name.clone(),
        value,
    }])
}

/// The parse of one plain option list.
struct Leaf<'a> {
    options: &'a [CommandOption],
    /// Declaration index of the rest-of-line option.
    rest: Option<usize>,
    /// The whole argument line; token spans index into it.
    text: &'a str,
    tokens: &'a [Token],
    split: bool,
    usage: String,
    values: Vec<Option<CommandOptionValue>>,
}

impl<'a> Leaf<'a> {
    fn new(
        options: &'a [CommandOption],
        rest: Option<&str>,
        input: Input<'a>,
        usage: String,
    ) -> Self {
        Self {
            options,
            rest: rest.and_then(|name| options.iter().position(|option| option.name == name)),
            text: input.text,
            tokens: input.tokens,
            split: input.split,
            usage,
            values: vec![None; options.len()],
        }
    }

    fn parse(mut self) -> Result<Vec<CommandDataOption>, PrefixError> {
        let order = positional_order(self.options);
        let tokens = self.tokens;
        for (at, token) in tokens.iter().enumerate() {
            if let Some((index, value)) = self.named(token, |_| true) {
                if Some(index) == self.rest {
                    self.take_rest(index, at, Some(value))?;
                    break;
                }
                self.assign(index, value)?;
                continue;
            }
            let Some(&(target, option)) = order.iter().find(|(index, _)| self.is_free(*index))
            else {
                return Err(PrefixError::TooManyArguments {
                    usage: self.usage.clone(),
                    extra: self.verbatim(at, tokens.len()),
                });
            };
            if Some(target) == self.rest {
                self.take_rest(target, at, None)?;
                break;
            }
            match self.value(option, &token.text) {
                Ok(value) => self.set(target, value),
                Err(error) if is_required(option) => return Err(error),
                Err(error) => {
                    // An optional option that cannot take this token lets a later optional one
                    // try: `!taches en_cours` means the status, not a member named en_cours.
                    let later = order
                        .iter()
                        .skip_while(|(index, _)| *index != target)
                        .skip(1)
                        .filter(|(index, option)| {
                            !is_required(option)
                                && Some(*index) != self.rest
                                && self.is_free(*index)
                        })
                        .find_map(|(index, option)| {
                            self.value(option, &token.text)
                                .ok()
                                .map(|value| (*index, value))
                        });
                    let Some((index, value)) = later else {
                        return Err(error);
                    };
                    self.set(index, value);
                }
            }
        }
        if let Some(missing) = self
            .options
            .iter()
            .zip(&self.values)
            .find(|(option, value)| {
                is_required(option) && !is_subcommand(option) && value.is_none()
            })
        {
            return Err(PrefixError::MissingArgument {
                usage: self.usage.clone(),
                option: missing.0.name.clone(),
            });
        }
        Ok(self
            .options
            .iter()
            .zip(self.values)
            .filter_map(|(option, value)| {
                value.map(|value| CommandDataOption {
                    name: option.name.clone(),
                    value,
                })
            })
            .collect())
    }

    fn is_free(&self, index: usize) -> bool {
        matches!(self.values.get(index), Some(None))
    }

    fn set(&mut self, index: usize, value: CommandOptionValue) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value);
        }
    }

    fn assign(&mut self, index: usize, raw: &str) -> Result<(), PrefixError> {
        let Some(option) = self.options.get(index) else {
            return Ok(());
        };
        let value = self.value(option, raw)?;
        self.set(index, value);
        Ok(())
    }

    fn value(&self, option: &CommandOption, raw: &str) -> Result<CommandOptionValue, PrefixError> {
        parse_value(option, raw, &self.usage)
    }

    /// `name=value` or `name:value` naming a free option for which `eligible(index)` holds.
    /// Quoted tokens are never named, so quoting is how a value that looks named is written.
    fn named<'t>(
        &self,
        token: &'t Token,
        eligible: impl Fn(usize) -> bool,
    ) -> Option<(usize, &'t str)> {
        if token.quoted {
            return None;
        }
        let separator = token.text.find(['=', ':'])?;
        let name = token.text.get(..separator)?;
        let value = token.text.get(separator + 1..)?;
        let index = self
            .options
            .iter()
            .position(|option| option.name.to_lowercase() == name.to_lowercase())?;
        let option = self.options.get(index)?;
        (eligible(index) && self.is_free(index) && !is_subcommand(option)).then_some((index, value))
    }

    /// Fill the rest option from token `from` to the end of the line. Named tokens for options
    /// declared after it (any option, for pre-split arguments) are taken out; everything else
    /// belongs to the rest. `head` is the value when the rest option itself was given by name.
    fn take_rest(
        &mut self,
        index: usize,
        from: usize,
        head: Option<&str>,
    ) -> Result<(), PrefixError> {
        let mut members = vec![from];
        let tokens = self.tokens;
        for (at, token) in tokens.iter().enumerate().skip(from + 1) {
            match self.named(token, |named| self.split || named > index) {
                Some((named, value)) => self.assign(named, value)?,
                None => members.push(at),
            }
        }
        let raw = self.rest_text(&members, head);
        self.assign(index, &raw)
    }

    /// The text of the rest tokens `members` (ascending, first one is the start of the rest):
    /// each run of adjacent tokens verbatim, runs joined by a space.
    fn rest_text(&self, members: &[usize], head: Option<&str>) -> String {
        if let ([only], None) = (members, head)
            && let Some(token) = self.tokens.get(*only)
            && token.quoted
        {
            return token.text.clone();
        }
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &at in members {
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == at => *last = at,
                _ => runs.push((at, at)),
            }
        }
        let parts: Vec<String> = runs
            .iter()
            .enumerate()
            .map(|(run, &(first, last))| match head {
                Some(head) if run == 0 => {
                    let after = match (self.tokens.get(first), self.tokens.get(last)) {
                        (Some(first), Some(last)) => self
                            .text
                            .get(first.span.end..last.span.end)
                            .unwrap_or_default(),
                        _ => "",
                    };
                    format!("{head}{after}")
                }
                _ => self.verbatim(first, last + 1),
            })
            .collect();
        parts.join(" ").trim().to_owned()
    }

    /// The input text covered by tokens `from..to`.
    fn verbatim(&self, from: usize, to: usize) -> String {
        let start = self.tokens.get(from).map(|token| token.span.start);
        let end = to
            .checked_sub(1)
            .and_then(|last| self.tokens.get(last))
            .map(|token| token.span.end);
        match (start, end) {
            (Some(start), Some(end)) => self.text.get(start..end).unwrap_or_default().to_owned(),
            _ => String::new(),
        }
    }
}

/// What a user is told to give, per option type.
const EXPECT_VALUE: Expected = Expected::Value;
const EXPECT_USER: Expected = Expected::User;
const EXPECT_ROLE: Expected = Expected::Role;
const EXPECT_CHANNEL: Expected = Expected::Channel;
const EXPECT_MENTIONABLE: Expected = Expected::Mentionable;
const EXPECT_INTEGER: Expected = Expected::Integer;
const EXPECT_NUMBER: Expected = Expected::Number;
const EXPECT_BOOLEAN: Expected = Expected::Boolean;
const EXPECT_ATTACHMENT: Expected = Expected::Attachment;
const EXPECT_UNSUPPORTED: Expected = Expected::Unsupported;

/// Discord's default and largest `max_length` for a string option.
const MAX_STRING_CHARS: usize = 6000;

/// Convert one user-typed value to the option's typed value, checking the declared limits.
fn parse_value(
    option: &CommandOption,
    raw: &str,
    usage: &str,
) -> Result<CommandOptionValue, PrefixError> {
    let bad = |expected: Expected| PrefixError::BadValue {
        usage: usage.to_owned(),
        option: option.name.clone(),
        expected,
        got: raw.to_owned(),
    };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(bad(EXPECT_VALUE));
    }
    if let Some(choices) = option
        .choices
        .as_deref()
        .filter(|choices| !choices.is_empty())
    {
        return parse_choice(option, choices, trimmed, usage);
    }
    let out_of_range = |got: String| PrefixError::OutOfRange {
        usage: usage.to_owned(),
        option: option.name.clone(),
        got,
        bounds: bounds_text(
            option.min_value.map(bound_text),
            option.max_value.map(bound_text),
        ),
    };
    match option.kind {
        CommandOptionType::String => {
            let len = raw.chars().count();
            let min = option.min_length.map_or(0, usize::from);
            let max = option.max_length.map_or(MAX_STRING_CHARS, usize::from);
            if len < min || len > max {
                return Err(PrefixError::BadLength {
                    usage: usage.to_owned(),
                    option: option.name.clone(),
                    len,
                    bounds: bounds_text(
                        option.min_length.map(|min| min.to_string()),
                        Some(max.to_string()),
                    ),
                });
            }
            Ok(CommandOptionValue::String(raw.to_owned()))
        }
        CommandOptionType::Integer => {
            let value = parse_integer(trimmed).ok_or_else(|| bad(EXPECT_INTEGER))?;
            if !within(value as f64, option) {
                return Err(out_of_range(value.to_string()));
            }
            Ok(CommandOptionValue::Integer(value))
        }
        CommandOptionType::Number => {
            let value = parse_number(trimmed).ok_or_else(|| bad(EXPECT_NUMBER))?;
            if !within(value, option) {
                return Err(out_of_range(number_text(value)));
            }
            Ok(CommandOptionValue::Number(value))
        }
        CommandOptionType::Boolean => parse_boolean(trimmed)
            .map(CommandOptionValue::Boolean)
            .ok_or_else(|| bad(EXPECT_BOOLEAN)),
        CommandOptionType::User => user_id(trimmed)
            .and_then(|id| Id::try_from(id).ok())
            .map(CommandOptionValue::User)
            .ok_or_else(|| bad(EXPECT_USER)),
        CommandOptionType::Role => role_id(trimmed)
            .and_then(|id| Id::try_from(id).ok())
            .map(CommandOptionValue::Role)
            .ok_or_else(|| bad(EXPECT_ROLE)),
        CommandOptionType::Channel => channel_id(trimmed)
            .and_then(|id| Id::try_from(id).ok())
            .map(CommandOptionValue::Channel)
            .ok_or_else(|| bad(EXPECT_CHANNEL)),
        CommandOptionType::Mentionable => user_id(trimmed)
            .or_else(|| role_id(trimmed))
            .and_then(|id| Id::try_from(id).ok())
            .map(CommandOptionValue::Mentionable)
            .ok_or_else(|| bad(EXPECT_MENTIONABLE)),
        CommandOptionType::Attachment => Err(bad(EXPECT_ATTACHMENT)),
        _ => Err(bad(EXPECT_UNSUPPORTED)),
    }
}

/// A choice by its value (exactly) or by its name or value, ignoring case, accents and the
/// difference between space, `-` and `_` ("a faire", "À faire" and "a_faire" all match).
fn parse_choice(
    option: &CommandOption,
    choices: &[CommandOptionChoice],
    wanted: &str,
    usage: &str,
) -> Result<CommandOptionValue, PrefixError> {
    let exact = choices.iter().find(|choice| match &choice.value {
        CommandOptionChoiceValue::String(value) => value == wanted,
        CommandOptionChoiceValue::Integer(value) => parse_integer(wanted) == Some(*value),
        CommandOptionChoiceValue::Number(value) => parse_number(wanted) == Some(*value),
    });
    let key = normalize(wanted);
    let loose = || {
        choices.iter().find(|choice| {
            let value_matches = match &choice.value {
                CommandOptionChoiceValue::String(value) => normalize(value) == key,
                _ => false,
            };
            let localized = choice
                .name_localizations
                .iter()
                .flat_map(|names| names.values());
            value_matches
                || normalize(&choice.name) == key
                || localized.into_iter().any(|name| normalize(name) == key)
        })
    };
    match exact.or_else(loose) {
        Some(choice) => Ok(match &choice.value {
            CommandOptionChoiceValue::String(value) => CommandOptionValue::String(value.clone()),
            CommandOptionChoiceValue::Integer(value) => CommandOptionValue::Integer(*value),
            CommandOptionChoiceValue::Number(value) => CommandOptionValue::Number(*value),
        }),
        None => Err(PrefixError::UnknownChoice {
            usage: usage.to_owned(),
            option: option.name.clone(),
            got: wanted.to_owned(),
            // String values are what one types; numeric ones mean nothing, their names do.
            choices: choices
                .iter()
                .map(|choice| match &choice.value {
                    CommandOptionChoiceValue::String(value) => value.clone(),
                    _ => choice.name.clone(),
                })
                .collect(),
        }),
    }
}

/// Lowercase, accents removed, spaces and dashes as underscores: the key names are matched on.
fn normalize(text: &str) -> String {
    deunicode::deunicode(text.trim())
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// An integer within Discord's range; a leading `#` is allowed (`!done #12`, as ids are shown).
fn parse_integer(text: &str) -> Option<i64> {
    let text = text.strip_prefix('#').unwrap_or(text);
    text.parse()
        .ok()
        .filter(|value| Bound::INTEGER_RANGE.contains(value))
}

/// A finite number within Discord's range; a single comma is a decimal separator ("2,5").
fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".").parse().ok()?
    } else {
        text.parse().ok()?
    };
    (value.is_finite() && Bound::NUMBER_RANGE.contains(&value)).then_some(value)
}

fn parse_boolean(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "oui" | "o" | "vrai" | "true" | "yes" | "y" | "1" => Some(true),
        "non" | "n" | "faux" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// Whether `value` lies within the option's `min_value` and `max_value`.
fn within(value: f64, option: &CommandOption) -> bool {
    let above = option.min_value.is_none_or(|min| value >= bound_value(min));
    let below = option.max_value.is_none_or(|max| value <= bound_value(max));
    above && below
}

fn bound_value(bound: Bound) -> f64 {
    match bound {
        // Declared bounds fit in f64's exact integer range (Discord's own limit).
        Bound::Integer(value) => value as f64,
        Bound::Number(value) => value,
    }
}

fn bound_text(bound: Bound) -> String {
    match bound {
        Bound::Integer(value) => value.to_string(),
        Bound::Number(value) => number_text(value),
    }
}

/// A number the French way: `2,5`.
fn number_text(value: f64) -> String {
    value.to_string().replace('.', ",")
}

fn bounds_text(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("entre {min} et {max}"),
        (Some(min), None) => format!("au moins {min}"),
        (None, Some(max)) => format!("au plus {max}"),
        (None, None) => String::new(),
    }
}

/// `<@123>`, `<@!123>`, `@123` or `123`.
fn user_id(text: &str) -> Option<Snowflake> {
    let inner = match text
        .strip_prefix("<@")
        .and_then(|inner| inner.strip_suffix('>'))
    {
        Some(inner) => inner.strip_prefix('!').unwrap_or(inner),
        None => text.strip_prefix('@').unwrap_or(text),
    };
    Snowflake::parse(inner).ok()
}

/// `<@&123>`, `@&123` or `123`.
fn role_id(text: &str) -> Option<Snowflake> {
    let inner = text
        .strip_prefix("<@&")
        .and_then(|inner| inner.strip_suffix('>'))
        .or_else(|| text.strip_prefix("@&"))
        .unwrap_or(text);
    Snowflake::parse(inner).ok()
}

/// `<#123>`, `#123` or `123`.
fn channel_id(text: &str) -> Option<Snowflake> {
    let inner = text
        .strip_prefix("<#")
        .and_then(|inner| inner.strip_suffix('>'))
        .or_else(|| text.strip_prefix('#'))
        .unwrap_or(text);
    Snowflake::parse(inner).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use twilight_interactions::command::{
        CommandInputData, CommandModel, CreateCommand, CreateOption,
    };
    use twilight_model::id::marker::{ChannelMarker, GenericMarker, RoleMarker, UserMarker};

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "tache", desc = "Créer une tâche")]
    struct Tache {
        /// Membre à qui confier la tâche
        membre: Id<UserMarker>,
        /// Chantier
        #[command(autocomplete = true)]
        chantier: String,
        /// Ce qu'il faut faire
        description: String,
        /// Échéance (JJ/MM)
        echeance: Option<String>,
    }

    #[derive(
        twilight_interactions::command::CommandOption, CreateOption, Debug, Clone, Copy, PartialEq,
    )]
    enum Statut {
        #[option(name = "À faire", value = "a_faire")]
        AFaire,
        #[option(name = "En cours", value = "en_cours")]
        EnCours,
        #[option(name = "Terminée", value = "terminee")]
        Terminee,
        #[option(name = "Annulée", value = "annulee")]
        Annulee,
        #[option(name = "Toutes", value = "toutes")]
        Toutes,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "taches", desc = "Lister les tâches")]
    struct Taches {
        /// Membre
        membre: Option<Id<UserMarker>>,
        /// Statut
        statut: Option<Statut>,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "done", desc = "Terminer une tâche")]
    struct Done {
        /// Numéro de la tâche
        #[command(min_value = 1)]
        id: i64,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "planifier", desc = "Planifier un membre sur un chantier")]
    struct Planifier {
        /// Membre
        membre: Id<UserMarker>,
        /// Chantier
        chantier: String,
        /// Début (JJ/MM)
        debut: String,
        /// Fin (JJ/MM)
        fin: String,
        /// Notes
        notes: Option<String>,
    }

    #[derive(
        twilight_interactions::command::CommandOption, CreateOption, Debug, Clone, Copy, PartialEq,
    )]
    enum Niveau {
        #[option(name = "Administrateur", value = "admin")]
        Admin,
        #[option(name = "Responsable", value = "manager")]
        Manager,
        #[option(name = "Membre", value = "membre")]
        Membre,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "config", desc = "Configurer le bot")]
    enum Config {
        #[command(name = "role")]
        Role(ConfigRole),
        #[command(name = "voir")]
        Voir(ConfigVoir),
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "role", desc = "Associer un rôle à un niveau")]
    struct ConfigRole {
        /// Niveau
        niveau: Niveau,
        /// Rôle Discord
        role: Id<RoleMarker>,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "voir", desc = "Voir la configuration")]
    struct ConfigVoir;

    /// A subcommand group, with the option types the real commands above do not use.
    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "admin", desc = "Administration")]
    enum Admin {
        #[command(name = "salons")]
        Salons(AdminSalons),
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "salons", desc = "Salons")]
    enum AdminSalons {
        #[command(name = "lier")]
        Lier(AdminSalonsLier),
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "lier", desc = "Lier un salon")]
    struct AdminSalonsLier {
        /// Salon
        salon: Id<ChannelMarker>,
        /// Notifier
        ping: Option<bool>,
        /// Qui notifier
        cible: Option<Id<GenericMarker>>,
        /// Ratio
        #[command(min_value = 0.0, max_value = 10.0)]
        ratio: Option<f64>,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "creerchantier", desc = "Créer un chantier")]
    struct CreerChantier {
        /// Nom du chantier
        #[command(min_length = 3, max_length = 20)]
        nom: String,
    }

    #[derive(
        twilight_interactions::command::CommandOption, CreateOption, Debug, Clone, Copy, PartialEq,
    )]
    enum Periode {
        #[option(name = "semaine", value = 7)]
        Semaine,
        #[option(name = "mois", value = 30)]
        Mois,
    }

    #[derive(CommandModel, CreateCommand, Debug, PartialEq)]
    #[command(name = "stats", desc = "Statistiques")]
    struct Stats {
        /// Période
        jours: Option<Periode>,
    }

    /// `!` text through the parser and then through the model, as the sidecar will do.
    fn text<T: CommandModel + CreateCommand>(
        rest: Option<&str>,
        args: &str,
    ) -> Result<T, PrefixError> {
        let options = parse_text(&T::create_command(), rest, args)?;
        Ok(from_options(options))
    }

    /// Pre-split arguments through the parser and the model, as `gvbot call` will do.
    fn split<T: CommandModel + CreateCommand>(
        rest: Option<&str>,
        args: &[&str],
    ) -> Result<T, PrefixError> {
        let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        let options = parse_args(&T::create_command(), rest, &args)?;
        Ok(from_options(options))
    }

    fn from_options<T: CommandModel>(options: Vec<CommandDataOption>) -> T {
        T::from_interaction(CommandInputData {
            options,
            resolved: None,
        })
        .expect("parsed options fit the model")
    }

    fn tache(args: &str) -> Result<Tache, PrefixError> {
        text(Some("description"), args)
    }

    fn expected_tache(description: &str, echeance: Option<&str>) -> Tache {
        Tache {
            membre: Id::new(123),
            chantier: "beautemps".to_owned(),
            description: description.to_owned(),
            echeance: echeance.map(str::to_owned),
        }
    }

    const TACHE_USAGE: &str = "usage: !tache @membre chantier description [echeance]";

    #[test]
    fn split_command_separates_name_and_arguments() {
        assert_eq!(
            split_command("!tache @Paul beautemps Vérifier le tableau", '!'),
            Some(("tache", "@Paul beautemps Vérifier le tableau"))
        );
        assert_eq!(split_command("!ping", '!'), Some(("ping", "")));
        assert_eq!(
            split_command("!tache\n<@1> x  ", '!'),
            Some(("tache", "<@1> x"))
        );
        assert_eq!(split_command("§aide x", '§'), Some(("aide", "x")));
    }

    #[test]
    fn split_command_ignores_text_without_prefix_and_word() {
        for text in [
            "", "!", "! tache", "tache !x", "!!", "?tache", "!?", " !tache", "!😀 x",
        ] {
            assert_eq!(split_command(text, '!'), None, "{text:?}");
        }
    }

    #[test]
    fn member_named_without_id_is_rejected_with_a_hint() {
        let error = tache("@Paul beautemps Vérifier le tableau").unwrap_err();
        assert_eq!(
            error,
            PrefixError::BadValue {
                usage: TACHE_USAGE.to_owned(),
                option: "membre".to_owned(),
                expected: EXPECT_USER,
                got: "@Paul".to_owned(),
            }
        );
        assert_eq!(
            error.to_string(),
            "membre : « @Paul » n'est pas valide, mentionnez le membre (@membre) ou donnez son \
             identifiant\nusage: !tache @membre chantier description [echeance]"
        );
    }

    #[test]
    fn description_takes_the_rest_of_the_line() {
        assert_eq!(
            tache("<@123> beautemps Vérifier le tableau"),
            Ok(expected_tache("Vérifier le tableau", None))
        );
    }

    #[test]
    fn rest_of_the_line_keeps_its_spacing_and_line_breaks() {
        assert_eq!(
            tache("<@123> beautemps Vérifier  le\ntableau, l'armoire !  "),
            Ok(expected_tache("Vérifier  le\ntableau, l'armoire !", None))
        );
    }

    #[test]
    fn nickname_mention_and_bare_ids_are_members() {
        for membre in ["<@!123>", "@123", "123", "membre=<@123>", "membre:123"] {
            assert_eq!(
                tache(&format!("{membre} beautemps Vérifier le tableau")),
                Ok(expected_tache("Vérifier le tableau", None)),
                "{membre}"
            );
        }
    }

    #[test]
    fn malformed_member_mentions_are_rejected() {
        for membre in [
            "<@123",
            "<@&123>",
            "@0",
            "0",
            "<@12a>",
            "@",
            "<@>",
            "99999999999999999999",
        ] {
            let error = tache(&format!("{membre} beautemps x")).unwrap_err();
            assert!(
                matches!(&error, PrefixError::BadValue { option, .. } if option == "membre"),
                "{membre}: {error:?}"
            );
        }
    }

    #[test]
    fn quoted_chantier_is_one_argument() {
        let parsed = tache(r#"<@123> "Résidence Les Pins" Vérifier le tableau"#).unwrap();
        assert_eq!(parsed.chantier, "Résidence Les Pins");
        assert_eq!(parsed.description, "Vérifier le tableau");
        let parsed = tache("<@123> « Résidence Les Pins » Vérifier").unwrap();
        assert_eq!(parsed.chantier, "Résidence Les Pins");
    }

    #[test]
    fn echeance_named_after_the_rest_is_taken_out_of_it() {
        for args in [
            "<@123> beautemps Vérifier le tableau echeance:12/05",
            "<@123> beautemps Vérifier le tableau echeance=12/05",
            "<@123> beautemps Vérifier le tableau Echeance:12/05",
            "<@123> beautemps Vérifier echeance:12/05 le tableau",
            "echeance=12/05 <@123> beautemps Vérifier le tableau",
        ] {
            assert_eq!(
                tache(args),
                Ok(expected_tache("Vérifier le tableau", Some("12/05"))),
                "{args}"
            );
        }
    }

    #[test]
    fn rest_keeps_names_of_options_declared_before_it_and_quoted_names() {
        assert_eq!(
            tache("<@123> beautemps Note chantier:autre"),
            Ok(expected_tache("Note chantier:autre", None))
        );
        assert_eq!(
            tache(r#"<@123> beautemps Voir "echeance:12/05" ici"#),
            Ok(expected_tache(r#"Voir "echeance:12/05" ici"#, None))
        );
        assert_eq!(
            tache("<@123> beautemps Réunion à 14:30 https://exemple.fr"),
            Ok(expected_tache("Réunion à 14:30 https://exemple.fr", None))
        );
    }

    #[test]
    fn a_fully_quoted_rest_loses_its_quotes_only() {
        assert_eq!(
            tache(r#"<@123> beautemps "Vérifier le tableau""#),
            Ok(expected_tache("Vérifier le tableau", None))
        );
        assert_eq!(
            tache(r#"<@123> beautemps "Vérifier" le tableau"#),
            Ok(expected_tache(r#""Vérifier" le tableau"#, None))
        );
    }

    #[test]
    fn every_option_can_be_named_in_any_order() {
        assert_eq!(
            tache("chantier=beautemps membre=<@123> description=Vérifier le tableau"),
            Ok(expected_tache("Vérifier le tableau", None))
        );
        // In text, a name after the rest is part of it unless declared after the rest option.
        assert_eq!(
            tache(r#"description="Vérifier le tableau" membre=<@123> chantier=beautemps"#),
            Err(PrefixError::MissingArgument {
                usage: TACHE_USAGE.to_owned(),
                option: "membre".to_owned()
            })
        );
    }

    #[test]
    fn missing_description_names_it_with_the_usage() {
        let error = tache("<@123> beautemps").unwrap_err();
        assert_eq!(
            error.to_string(),
            "argument manquant : description\nusage: !tache @membre chantier description [echeance]"
        );
        assert!(error.to_string().contains(TACHE_USAGE));
        assert_eq!(error.usage(), TACHE_USAGE);
    }

    #[test]
    fn errors_speak_english_to_english_clients() {
        let error = tache("<@123> beautemps").unwrap_err();
        assert_eq!(
            error.message(Lang::En),
            format!("missing argument: description\n{TACHE_USAGE}")
        );
        let error = tache("@Paul beautemps Vérifier").unwrap_err();
        let english = error.message(Lang::En);
        assert!(
            english.starts_with("membre: “@Paul” is not valid, mention the member"),
            "{english}"
        );
        assert_eq!(error.message(Lang::Fr), error.to_string());
    }

    #[test]
    fn empty_input_is_missing_the_first_required_option() {
        assert_eq!(
            tache(""),
            Err(PrefixError::MissingArgument {
                usage: TACHE_USAGE.to_owned(),
                option: "membre".to_owned()
            })
        );
        assert_eq!(
            text::<Taches>(None, "   "),
            Ok(Taches {
                membre: None,
                statut: None
            })
        );
    }

    #[test]
    fn empty_named_value_is_rejected() {
        let error = tache("<@123> beautemps Vérifier echeance=").unwrap_err();
        assert!(
            matches!(&error, PrefixError::BadValue { option, got, .. } if option == "echeance" && got.is_empty()),
            "{error:?}"
        );
        assert!(error.to_string().starts_with("echeance : la valeur vide"));
    }

    #[test]
    fn unclosed_quote_is_reported_with_the_usage() {
        let error = tache(r#"<@123> "Résidence Les Pins Vérifier"#).unwrap_err();
        assert_eq!(
            error,
            PrefixError::UnclosedQuote {
                usage: TACHE_USAGE.to_owned(),
                quote: '"'
            }
        );
        assert_eq!(
            error.to_string(),
            format!("guillemet \" ouvert mais jamais fermé\n{TACHE_USAGE}")
        );
    }

    #[test]
    fn done_reads_an_integer_id() {
        for args in ["42", "#42", " +42 ", "id=42", "id:#42"] {
            assert_eq!(text::<Done>(None, args), Ok(Done { id: 42 }), "{args}");
        }
    }

    #[test]
    fn done_rejects_ids_below_its_minimum_and_non_integers() {
        assert_eq!(
            text::<Done>(None, "0"),
            Err(PrefixError::OutOfRange {
                usage: "usage: !done id".to_owned(),
                option: "id".to_owned(),
                got: "0".to_owned(),
                bounds: "au moins 1".to_owned(),
            })
        );
        for args in ["abc", "4,2", "1e3", "9007199254740993", "#", "--1"] {
            assert!(
                matches!(
                    text::<Done>(None, args),
                    Err(PrefixError::BadValue {
                        expected: EXPECT_INTEGER,
                        ..
                    })
                ),
                "{args}"
            );
        }
    }

    #[test]
    fn done_with_two_ids_has_too_many_arguments() {
        let error = text::<Done>(None, "42 43  44").unwrap_err();
        assert_eq!(
            error,
            PrefixError::TooManyArguments {
                usage: "usage: !done id".to_owned(),
                extra: "43  44".to_owned(),
            }
        );
        assert_eq!(
            error.to_string(),
            "trop d'arguments : « 43  44 »\nusage: !done id"
        );
    }

    #[test]
    fn status_choice_is_found_by_value_or_by_name() {
        for args in [
            "en_cours",
            "statut=en_cours",
            "EN_COURS",
            r#""En cours""#,
            "«en cours»",
            "en-cours",
        ] {
            assert_eq!(
                text::<Taches>(None, args),
                Ok(Taches {
                    membre: None,
                    statut: Some(Statut::EnCours)
                }),
                "{args}"
            );
        }
        assert_eq!(
            text::<Taches>(None, "<@7> Annulée"),
            Ok(Taches {
                membre: Some(Id::new(7)),
                statut: Some(Statut::Annulee)
            })
        );
        assert_eq!(
            text::<Taches>(None, r#""à faire""#).map(|taches| taches.statut),
            Ok(Some(Statut::AFaire))
        );
    }

    #[test]
    fn status_before_member_fills_both() {
        assert_eq!(
            text::<Taches>(None, "terminee <@7>"),
            Ok(Taches {
                membre: Some(Id::new(7)),
                statut: Some(Statut::Terminee)
            })
        );
        assert_eq!(
            text::<Taches>(None, "toutes").map(|taches| taches.statut),
            Ok(Some(Statut::Toutes))
        );
    }

    #[test]
    fn unknown_status_lists_the_choices() {
        let error = text::<Taches>(None, "statut=fini").unwrap_err();
        assert_eq!(
            error.to_string(),
            "statut : « fini » n'est pas un choix possible (choix : a_faire, en_cours, terminee, \
             annulee, toutes)\nusage: !taches [@membre] [statut]"
        );
        // Neither a member nor a status: the first option's error is the one reported.
        assert!(matches!(
            text::<Taches>(None, "@Paul"),
            Err(PrefixError::BadValue {
                expected: EXPECT_USER,
                ..
            })
        ));
    }

    #[test]
    fn integer_choices_match_by_value_or_name() {
        for (args, jours) in [
            ("semaine", Periode::Semaine),
            ("30", Periode::Mois),
            ("Mois", Periode::Mois),
        ] {
            assert_eq!(
                text::<Stats>(None, args),
                Ok(Stats { jours: Some(jours) }),
                "{args}"
            );
        }
        assert!(matches!(
            text::<Stats>(None, "12"),
            Err(PrefixError::UnknownChoice { choices, .. }) if choices == ["semaine", "mois"]
        ));
    }

    #[test]
    fn string_length_limits_count_characters() {
        assert_eq!(
            text::<CreerChantier>(None, "Pins"),
            Ok(CreerChantier {
                nom: "Pins".to_owned()
            })
        );
        assert_eq!(
            text::<CreerChantier>(None, "Été").map(|c| c.nom),
            Ok("Été".to_owned())
        );
        let error = text::<CreerChantier>(None, "ab").unwrap_err();
        assert_eq!(
            error.to_string(),
            "nom : 2 caractères, il en faut entre 3 et 20\nusage: !creerchantier nom"
        );
        assert!(matches!(
            text::<CreerChantier>(None, r#""Résidence Les Pins du Lac""#),
            Err(PrefixError::BadLength { len: 25, .. })
        ));
    }

    #[test]
    fn planifier_takes_notes_as_rest_when_asked() {
        let parsed = text::<Planifier>(
            Some("notes"),
            "<@1> beautemps 12/05 16/05 prévoir la nacelle",
        );
        assert_eq!(
            parsed,
            Ok(Planifier {
                membre: Id::new(1),
                chantier: "beautemps".to_owned(),
                debut: "12/05".to_owned(),
                fin: "16/05".to_owned(),
                notes: Some("prévoir la nacelle".to_owned()),
            })
        );
        assert!(matches!(
            text::<Planifier>(None, "<@1> beautemps 12/05 16/05 prévoir la nacelle"),
            Err(PrefixError::TooManyArguments { extra, .. }) if extra == "la nacelle"
        ));
        assert!(matches!(
            text::<Planifier>(Some("notes"), "<@1> beautemps 12/05"),
            Err(PrefixError::MissingArgument { option, .. }) if option == "fin"
        ));
    }

    #[test]
    fn config_subcommands_parse_into_the_enum() {
        for args in [
            "role admin <@&99>",
            "role Administrateur @&99",
            "ROLE admin 99",
            "role role=99 niveau=admin",
        ] {
            assert_eq!(
                text::<Config>(None, args),
                Ok(Config::Role(ConfigRole {
                    niveau: Niveau::Admin,
                    role: Id::new(99)
                })),
                "{args}"
            );
        }
        assert_eq!(
            text::<Config>(None, "role responsable <@&5>"),
            Ok(Config::Role(ConfigRole {
                niveau: Niveau::Manager,
                role: Id::new(5)
            }))
        );
        assert_eq!(text::<Config>(None, "voir"), Ok(Config::Voir(ConfigVoir)));
    }

    #[test]
    fn config_errors_name_the_subcommand_usage() {
        let all = "usage: !config role niveau @role | !config voir";
        assert_eq!(
            text::<Config>(None, ""),
            Err(PrefixError::MissingSubcommand {
                usage: all.to_owned()
            })
        );
        assert_eq!(
            text::<Config>(None, "supprimer x"),
            Err(PrefixError::UnknownSubcommand {
                usage: all.to_owned(),
                got: "supprimer".to_owned()
            })
        );
        assert_eq!(
            text::<Config>(None, "role admin").unwrap_err().to_string(),
            "argument manquant : role\nusage: !config role niveau @role"
        );
        assert!(matches!(
            text::<Config>(None, "voir tout"),
            Err(PrefixError::TooManyArguments { usage, .. }) if usage == "usage: !config voir"
        ));
        assert!(matches!(
            text::<Config>(None, "role <@99> admin"),
            Err(PrefixError::UnknownChoice { option, .. }) if option == "niveau"
        ));
    }

    #[test]
    fn subcommand_groups_parse_channels_booleans_mentionables_and_numbers() {
        assert_eq!(
            text::<Admin>(None, "salons lier <#5> oui <@&6> 2,5"),
            Ok(Admin::Salons(AdminSalons::Lier(AdminSalonsLier {
                salon: Id::new(5),
                ping: Some(true),
                cible: Some(Id::new(6)),
                ratio: Some(2.5),
            })))
        );
        assert_eq!(
            text::<Admin>(None, "salons lier #5 ping=non cible=<@!7> ratio=0.5"),
            Ok(Admin::Salons(AdminSalons::Lier(AdminSalonsLier {
                salon: Id::new(5),
                ping: Some(false),
                cible: Some(Id::new(7)),
                ratio: Some(0.5),
            })))
        );
        assert!(matches!(
            text::<Admin>(None, "salons lier #5 ratio=12"),
            Err(PrefixError::OutOfRange { bounds, .. }) if bounds == "entre 0 et 10"
        ));
        for ratio in ["nan", "inf", "1,2,3", "deux"] {
            assert!(
                matches!(
                    text::<Admin>(None, &format!("salons lier #5 ratio={ratio}")),
                    Err(PrefixError::BadValue {
                        expected: EXPECT_NUMBER,
                        ..
                    })
                ),
                "{ratio}"
            );
        }
        assert!(matches!(
            text::<Admin>(None, "salons lier général"),
            Err(PrefixError::BadValue {
                expected: EXPECT_CHANNEL,
                ..
            })
        ));
    }

    #[test]
    fn usage_lists_options_the_way_they_are_typed() {
        assert_eq!(usage(&Tache::create_command()), TACHE_USAGE);
        assert_eq!(
            usage(&Taches::create_command()),
            "usage: !taches [@membre] [statut]"
        );
        assert_eq!(usage(&Done::create_command()), "usage: !done id");
        assert_eq!(
            usage(&Planifier::create_command()),
            "usage: !planifier @membre chantier debut fin [notes]"
        );
        assert_eq!(
            usage(&Config::create_command()),
            "usage: !config role niveau @role | !config voir"
        );
        assert_eq!(
            usage(&Admin::create_command()),
            "usage: !admin salons lier #salon [ping] [@cible] [ratio]"
        );
    }

    #[test]
    fn call_arguments_may_be_named_or_positional() {
        assert_eq!(
            split::<Tache>(
                Some("description"),
                &[
                    "membre=@123",
                    "chantier=beautemps",
                    "description=Vérifier le tableau"
                ]
            ),
            Ok(expected_tache("Vérifier le tableau", None))
        );
        assert_eq!(
            split::<Tache>(
                Some("description"),
                &[
                    "<@123>",
                    "beautemps",
                    "Vérifier",
                    "le",
                    "tableau",
                    "echeance=12/05"
                ]
            ),
            Ok(expected_tache("Vérifier le tableau", Some("12/05")))
        );
        assert_eq!(
            split::<Tache>(Some("description"), &["123", "beautemps", "\"Vérifier\""]),
            Ok(expected_tache("\"Vérifier\"", None))
        );
        assert!(matches!(
            split::<Tache>(None, &["123", "beautemps", "Vérifier", "le", "tableau"]),
            Err(PrefixError::TooManyArguments { extra, .. }) if extra == "tableau"
        ));
        assert_eq!(
            split::<Tache>(
                Some("description"),
                &[
                    "description=Vérifier le tableau",
                    "membre=@123",
                    "chantier=beautemps"
                ]
            ),
            Ok(expected_tache("Vérifier le tableau", None))
        );
        assert_eq!(
            split::<Config>(None, &["role", "manager", "@&8"]),
            Ok(Config::Role(ConfigRole {
                niveau: Niveau::Manager,
                role: Id::new(8)
            }))
        );
        assert!(matches!(
            split::<Tache>(Some("description"), &["", "beautemps", "x"]),
            Err(PrefixError::BadValue {
                expected: EXPECT_VALUE,
                ..
            })
        ));
    }

    /// Anything the parser accepts must also be accepted by the model.
    fn check_all(args: &str) {
        fn one<T: CommandModel + CreateCommand>(rest: Option<&str>, args: &str) {
            let decl = T::create_command();
            let _ = usage(&decl);
            if let Ok(options) = parse_text(&decl, rest, args) {
                let _: T = from_options(options);
            }
            let words: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
            if let Ok(options) = parse_args(&decl, rest, &words) {
                let _: T = from_options(options);
            }
            if let Err(error) = parse_text(&decl, rest, args) {
                let _ = error.to_string();
            }
        }
        one::<Tache>(Some("description"), args);
        one::<Tache>(None, args);
        one::<Taches>(None, args);
        one::<Done>(None, args);
        one::<Planifier>(Some("notes"), args);
        one::<Planifier>(Some("chantier"), args);
        one::<Config>(None, args);
        one::<Admin>(None, args);
        one::<CreerChantier>(Some("nom"), args);
        one::<Stats>(None, args);
        let _ = tokenize(args);
        let _ = split_command(args, '!');
        let _ = split_command(args, 'é');
    }

    #[test]
    fn tricky_input_never_panics() {
        let pieces = [
            "",
            " ",
            "é",
            "😀",
            "👩‍🔧",
            "\u{0301}",
            "\u{a0}",
            "\u{3000}",
            "\"",
            "\\",
            "\\\"",
            "«",
            "»",
            "“",
            "”",
            "'",
            "’",
            "=",
            ":",
            "@",
            "@&",
            "#",
            "<@",
            "<@!",
            "<@&",
            "<#",
            ">",
            "123",
            "0",
            "-1",
            "18446744073709551616",
            "2,5",
            "nan",
            "oui",
            "echeance=",
            "description:",
            "membre=",
            "=x",
            ":x",
            "role",
            "voir",
            "salons",
            "lier",
            "en_cours",
            "!",
            "\n",
            "\t",
            "ß",
            "ﬁ",
            "İ",
        ];
        for a in pieces {
            for b in pieces {
                check_all(&format!("{a}{b}"));
                check_all(&format!("{a} {b}"));
                check_all(&format!("!{a}{b} {a}"));
                check_all(&format!("<@123> {a}é{b} \"{b}\" echeance={a}"));
                check_all(&format!("role {a} {b}"));
                check_all(&format!("salons lier {a} {b} {a}"));
            }
        }
        check_all(&"é".repeat(7000));
        check_all(&format!("<@1> x {}", "😀".repeat(3000)));
    }
}
