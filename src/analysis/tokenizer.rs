//! Splits text into words: runs of letters, digits and combining marks of any
//! script. Apostrophes (the one set, `normalise::APOSTROPHES`) between two
//! word characters stay inside the word so the elision filter can see
//! `l’OIM`; spaces, hyphens and every other character end a word.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalise::is_apostrophe;

/// The word tokenizer at the head of the French analyzer.
#[derive(Clone, Default)]
pub struct FrenchWordTokenizer {
    token: Token,
}

/// Stream of words produced by [`FrenchWordTokenizer`].
pub struct FrenchWordStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for FrenchWordTokenizer {
    type TokenStream<'a> = FrenchWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchWordStream<'a> {
        self.token.reset();
        self.token.position = usize::MAX;
        FrenchWordStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

/// Letters and digits of any script, plus combining marks so that decomposed
/// accents never split a word. The modifier-letter apostrophe U+02BC is a
/// letter to Unicode but an apostrophe to French text (see [`is_apostrophe`]).
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        // fast path: most French text is ASCII
        c.is_ascii_alphanumeric()
    } else if ('\u{00C0}'..'\u{0250}').contains(&c) {
        // the rest of French text, without Unicode's tables (slow): the
        // accented Latin letters (`é`, `Ç`, `œ`) are all letters but `×`
        // and `÷`
        c != '\u{00D7}' && c != '\u{00F7}'
    } else if ('\u{2000}'..='\u{206f}').contains(&c) || matches!(c, '\u{a0}' | '«' | '»') {
        // general punctuation (`’`, `–`, `…`, spaces) and French quotes
        false
    } else {
        (c.is_alphanumeric() && c != '\u{02bc}') || ('\u{0300}'..='\u{036F}').contains(&c)
    }
}

/// The char starting at byte `i` of `text`, an ASCII byte without
/// decoding; `None` at the end.
fn char_at(text: &str, i: usize) -> Option<char> {
    let byte = *text.as_bytes().get(i)?;
    if byte.is_ascii() {
        Some(char::from(byte))
    } else {
        text[i..].chars().next()
    }
}

impl FrenchWordStream<'_> {
    /// Finds the next word as a byte range, starting at `self.cursor`.
    /// Runs of ASCII bytes are read byte by byte (most French text is
    /// ASCII; snippets split every hit's whole body); other characters are
    /// decoded.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.cursor;
        let start = loop {
            let c = char_at(text, i)?;
            if is_word_char(c) {
                break i;
            }
            i += c.len_utf8();
        };
        let mut end = start;
        while let Some(c) = char_at(text, i) {
            if is_word_char(c) {
                i += c.len_utf8();
                // the rest of a run of ASCII letters and digits
                while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                end = i;
            } else if is_apostrophe(c) && char_at(text, i + c.len_utf8()).is_some_and(is_word_char)
            {
                // keep `l’oim` and `aujourd’hui` whole; the elision filter splits them
                i += c.len_utf8();
            } else {
                break;
            }
        }
        self.cursor = end;
        Some((start, end))
    }
}

impl TokenStream for FrenchWordStream<'_> {
    fn advance(&mut self) -> bool {
        match self.next_word() {
            Some((from, to)) => {
                self.token.text.clear();
                self.token.text.push_str(&self.text[from..to]);
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.position = self.token.position.wrapping_add(1);
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The word splitter before its ASCII fast path (`str::find` and
    /// `char_indices` over every character): the reference the fast one
    /// must agree with, byte range for byte range.
    fn reference_words(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut cursor = 0;
        loop {
            let rest = &text[cursor..];
            let Some(start_rel) = rest.find(is_word_char) else {
                return out;
            };
            let start = cursor + start_rel;
            let mut end = start;
            let mut chars = text[start..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if is_word_char(c) {
                    end = start + i + c.len_utf8();
                } else if is_apostrophe(c) && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                    continue;
                } else {
                    break;
                }
            }
            cursor = end;
            out.push((start, end));
        }
    }

    /// The fast paths for French letters and punctuation agree with
    /// Unicode's tables on every character.
    #[test]
    fn word_chars_are_unicode_letters_digits_and_marks() {
        let unicode = |c: char| {
            (c.is_alphanumeric() && c != '\u{02bc}') || ('\u{0300}'..='\u{036F}').contains(&c)
        };
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), unicode(c), "{c:?} U+{:04X}", u32::from(c));
        }
    }

    fn ranges(text: &str) -> Vec<(usize, usize)> {
        words(text).into_iter().map(|(_, a, b, _)| (a, b)).collect()
    }

    #[test]
    fn the_latin_fast_path_agrees_with_unicode() {
        for c in ('\u{00C0}'..'\u{0250}').chain(['a', 'Z', '0', ' ', '\u{02bc}', '\u{0301}', 'Ω'])
        {
            let unicode =
                (c.is_alphanumeric() && c != '\u{02bc}') || ('\u{0300}'..='\u{036F}').contains(&c);
            assert_eq!(is_word_char(c), unicode, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any text: French letters, apostrophes, hyphens, spaces, digits,
        /// combining accents, other scripts and punctuation, mixed.
        #[test]
        fn the_fast_splitter_finds_the_reference_words(
            text in "[a-zA-Z0-9éèàçœÉ'’ʼ\\-‑ \u{a0}\u{301}.,;«»Дд東\n\t_]{0,40}"
        ) {
            prop_assert_eq!(ranges(&text), reference_words(&text));
        }

        /// Any string at all (whatever Unicode proptest draws).
        #[test]
        fn the_fast_splitter_agrees_on_any_string(text in any::<String>()) {
            prop_assert_eq!(ranges(&text), reference_words(&text));
        }
    }

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = FrenchWordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    /// (text, offset_from, offset_to, position)
    type Expected<'a> = &'a [(&'a str, usize, usize, usize)];

    #[test]
    fn splits_words_keeping_offsets_and_positions() {
        let table: &[(&str, Expected)] = &[
            ("", &[]),
            ("  ;; ", &[]),
            ("l’OIM agit", &[("l’OIM", 0, 7, 0), ("agit", 8, 12, 1)]),
            ("d'Almaty.", &[("d'Almaty", 0, 8, 0)]),
            ("d\u{2bc}Ivoire", &[("d\u{2bc}Ivoire", 0, 9, 0)]),
            ("\u{2bc}OIM\u{2bc}", &[("OIM", 2, 5, 0)]),
            (
                "Guinée-Bissau",
                &[("Guinée", 0, 7, 0), ("Bissau", 8, 14, 1)],
            ),
            (
                "Guinée\u{2011}Bissau",
                &[("Guinée", 0, 7, 0), ("Bissau", 10, 16, 1)],
            ),
            ("2018-2040", &[("2018", 0, 4, 0), ("2040", 5, 9, 1)]),
            ("l’ OIM", &[("l", 0, 1, 0), ("OIM", 5, 8, 1)]),
            (
                "Душанбе 東京",
                &[("Душанбе", 0, 14, 0), ("東京", 15, 21, 1)],
            ),
            ("e\u{0301}tat", &[("e\u{0301}tat", 0, 6, 0)]),
            ("37\u{a0}887", &[("37", 0, 2, 0), ("887", 4, 7, 1)]),
        ];
        for (input, expected) in table {
            let expected: Vec<_> = expected
                .iter()
                .map(|(t, a, b, p)| (t.to_string(), *a, *b, *p))
                .collect();
            assert_eq!(words(input), expected, "input {input:?}");
        }
    }
}
