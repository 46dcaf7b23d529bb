//! Step 2 of the list: the one set of apostrophes. French text writes the
//! elision `l’OIM` with the typographic `’`, the straight `'`, the
//! modifier letter `ʼ` (some keyboards and word processors), and by
//! mistake the opening quote `‘`, the acute accent `´` or the backtick.
//! Every reader of apostrophes (tokenizer, elision, snippets, question
//! words, facet values, the OpenSearch analyzer) takes them from here.

use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Every character read as an apostrophe, the canonical `’` first.
///
/// ```
/// assert!(oim_search::APOSTROPHES.contains(&'\''));
/// assert_eq!(oim_search::APOSTROPHES[0], '’');
/// ```
pub const APOSTROPHES: [char; 6] = [
    '\u{2019}', // ’ right single quotation mark: the typographic apostrophe
    '\'',       // straight apostrophe
    '\u{02bc}', // ʼ modifier letter apostrophe
    '\u{2018}', // ‘ left single quotation mark
    '\u{00b4}', // ´ acute accent
    '`',        // backtick
];

/// The apostrophe the others become.
const CANONICAL: char = APOSTROPHES[0];

/// Whether `c` is one of [`APOSTROPHES`].
pub(crate) fn is_apostrophe(c: char) -> bool {
    APOSTROPHES.contains(&c)
}

/// Whether `c` is an apostrophe other than the canonical `’`.
fn is_variant(c: char) -> bool {
    c != CANONICAL && is_apostrophe(c)
}

/// `text` with every apostrophe written `’`; borrowed when it already is.
pub(crate) fn unify_apostrophes(text: &str) -> Cow<'_, str> {
    if text.contains(is_variant) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_variant(c) { CANONICAL } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a word may hold an apostrophe other than `’`: a byte scan that
/// looks for `'`, `` ` `` and the lead bytes of `ʼ` and `´` (the analyzer
/// runs it on every word, so it must not decode characters).
fn may_hold_variant(word: &str) -> bool {
    word.bytes()
        .any(|b| matches!(b, b'\'' | b'`' | 0xCA | 0xC2 | 0xE2))
}

/// Token filter of the analyzer: step 2 on each word. The word keeps its
/// offsets (every apostrophe stays one character), so highlights still
/// cover the word as written.
#[derive(Clone)]
pub struct ApostropheFilter;

impl TokenFilter for ApostropheFilter {
    type Tokenizer<T: Tokenizer> = ApostropheTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ApostropheTokenizer<T> {
        ApostropheTokenizer(tokenizer)
    }
}

/// [`ApostropheFilter`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct ApostropheTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for ApostropheTokenizer<T> {
    type TokenStream<'a> = ApostropheStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ApostropheStream(self.0.token_stream(text))
    }
}

/// Stream of words with their apostrophes unified.
pub struct ApostropheStream<S>(S);

impl<S: TokenStream> TokenStream for ApostropheStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token: &mut Token = self.0.token_mut();
        if may_hold_variant(&token.text) {
            if let Cow::Owned(unified) = unify_apostrophes(&token.text) {
                token.text = unified;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

    #[test]
    fn every_apostrophe_becomes_the_typographic_one() {
        for (input, expected) in [
            ("aujourd’hui", "aujourd’hui"),
            ("aujourd'hui", "aujourd’hui"),
            ("aujourd\u{2bc}hui", "aujourd’hui"),
            ("aujourd\u{2018}hui", "aujourd’hui"),
            ("aujourd\u{b4}hui", "aujourd’hui"),
            ("aujourd`hui", "aujourd’hui"),
            ("l'OIM et l`Asie", "l’OIM et l’Asie"),
            // quotation marks that are not apostrophes stay
            ("«\u{a0}OIM\u{a0}» \"x\" ‚y‛", "«\u{a0}OIM\u{a0}» \"x\" ‚y‛"),
            ("", ""),
        ] {
            assert_eq!(unify_apostrophes(input), expected, "{input:?}");
        }
        assert!(matches!(unify_apostrophes("l’OIM"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_scan_sees_every_variant() {
        for c in APOSTROPHES.into_iter().filter(|&c| is_variant(c)) {
            assert!(may_hold_variant(&format!("d{c}x")), "{c:?}");
        }
        assert!(!may_hold_variant("migration"));
    }

    #[test]
    fn the_filter_unifies_words_and_keeps_offsets() {
        let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(ApostropheFilter)
            .build();
        let mut stream = analyzer.token_stream("d\u{2bc}Ivoire l’OIM");
        let mut words = Vec::new();
        while stream.advance() {
            let t = stream.token();
            words.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        assert_eq!(
            words,
            [("d’Ivoire".into(), 0, 9), ("l’OIM".to_string(), 10, 17)]
        );
    }
}
