//! Splitting the argument text of a `!` command into tokens.
//!
//! Words are separated by whitespace; `"double quotes"`, `«guillemets»` and `“curly quotes”`
//! (what phone keyboards type) group words into one token. An apostrophe is an ordinary
//! character, because French needs it inside words (`l'armoire`). Each token keeps its byte
//! span so that the parser can take the rest of the line verbatim.

use std::ops::Range;

use super::PrefixError;

/// One argument of a `!` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The argument, quotes removed and `\"` unescaped.
    pub text: String,
    /// Byte range of the raw token (quotes included) in the argument text.
    pub span: Range<usize>,
    /// Whether the token starts with a quote. A quoted token is never read as `name=value`,
    /// which is how a user writes a value that happens to look like one.
    pub quoted: bool,
}

/// The closing quote of `open`, when `open` opens a quoted section.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

/// Split the argument text into tokens: whitespace-separated words; "double quoted strings"
/// (also «guillemets») are one token without the quotes; a `\"` inside quotes is a literal
/// quote; an apostrophe is an ordinary character (French: l'armoire). Each token keeps its byte
/// span in the input so the rest of the line can be taken verbatim.
///
/// A quoted section may also sit inside a word (`description="Vérifier tableau"`), as in a
/// shell. Inside quotes, a backslash escapes the closing quote, `"` and itself; any other
/// backslash is kept. The spaces French typography puts inside « » are dropped.
///
/// The only error is [`PrefixError::UnclosedQuote`], with an empty usage line (the caller,
/// which knows the command, fills it in).
pub fn tokenize(args: &str) -> Result<Vec<Token>, PrefixError> {
    let mut tokens = Vec::new();
    let mut chars = args.char_indices().peekable();
    loop {
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, first)) = chars.peek() else {
            break;
        };
        let mut text = String::new();
        let mut end = start;
        while let Some((at, c)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
            end = at + c.len_utf8();
            let Some(close) = closing_quote(c) else {
                text.push(c);
                continue;
            };
            let mut section = String::new();
            let mut closed = false;
            while let Some((at, inner)) = chars.next() {
                end = at + inner.len_utf8();
                if inner == close {
                    closed = true;
                    break;
                }
                if inner == '\\'
                    && let Some((at, escaped)) =
                        chars.next_if(|&(_, next)| next == close || next == '"' || next == '\\')
                {
                    end = at + escaped.len_utf8();
                    section.push(escaped);
                    continue;
                }
                section.push(inner);
            }
            if !closed {
                return Err(PrefixError::UnclosedQuote {
                    usage: String::new(),
                    quote: c,
                });
            }
            if c == '«' {
                text.push_str(section.trim());
            } else {
                text.push_str(&section);
            }
        }
        tokens.push(Token {
            text,
            span: start..end,
            quoted: closing_quote(first).is_some(),
        });
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(args: &str) -> Vec<String> {
        tokenize(args)
            .expect("tokenizes")
            .into_iter()
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn words_are_split_on_any_whitespace() {
        assert_eq!(texts("  a\tb\n c  "), ["a", "b", "c"]);
    }

    #[test]
    fn empty_and_blank_input_give_no_tokens() {
        assert!(texts("").is_empty());
        assert!(texts(" \n\t ").is_empty());
    }

    #[test]
    fn double_quotes_group_words_and_keep_their_span() {
        let tokens = tokenize(r#"x "Résidence Les Pins" y"#).expect("tokenizes");
        assert_eq!(tokens.len(), 3);
        assert_eq!(tokens[1].text, "Résidence Les Pins");
        assert_eq!(tokens[1].span, 2..23);
        assert!(tokens[1].quoted);
        assert!(!tokens[0].quoted);
    }

    #[test]
    fn guillemets_group_words_and_drop_inner_spaces() {
        assert_eq!(texts("« Les Pins » «Beautemps»"), ["Les Pins", "Beautemps"]);
    }

    #[test]
    fn curly_quotes_from_phones_group_words() {
        assert_eq!(texts("“Les Pins” x"), ["Les Pins", "x"]);
    }

    #[test]
    fn escaped_quote_inside_quotes_is_literal() {
        assert_eq!(texts(r#""dire \"oui\"" \x"#), [r#"dire "oui""#, r"\x"]);
        assert_eq!(texts(r#""C:\\" "a\b""#), [r"C:\", r"a\b"]);
    }

    #[test]
    fn apostrophe_is_an_ordinary_character() {
        assert_eq!(
            texts("ranger l'armoire d’Élise"),
            ["ranger", "l'armoire", "d’Élise"]
        );
    }

    #[test]
    fn quotes_inside_a_word_join_like_a_shell() {
        let tokens = tokenize(r#"description="Vérifier tableau" fin"#).expect("tokenizes");
        assert_eq!(tokens[0].text, "description=Vérifier tableau");
        assert!(!tokens[0].quoted);
        assert_eq!(tokens[1].text, "fin");
    }

    #[test]
    fn empty_quotes_are_an_empty_token() {
        assert_eq!(texts(r#"a "" b"#), ["a", "", "b"]);
    }

    #[test]
    fn unclosed_quote_is_an_error() {
        assert_eq!(
            tokenize(r#"a "b c"#),
            Err(PrefixError::UnclosedQuote {
                usage: String::new(),
                quote: '"'
            })
        );
        assert!(matches!(
            tokenize("« ouvert"),
            Err(PrefixError::UnclosedQuote { quote: '«', .. })
        ));
        assert!(tokenize(r#""fin\""#).is_err());
    }

    #[test]
    fn spans_slice_the_input_on_char_boundaries() {
        let input = "é «ü» \"😀 x\" ß";
        for token in tokenize(input).expect("tokenizes") {
            assert!(input.get(token.span.clone()).is_some(), "{token:?}");
        }
    }
}
