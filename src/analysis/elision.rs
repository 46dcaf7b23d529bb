//! Strips French elided articles and pronouns (`l’`, `d’`, `qu’`, …) from the
//! front of a word, with either apostrophe and in any case. Runs before
//! lowercasing, so it matches case-insensitively itself.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::normalise::is_apostrophe;

/// The elided forms, without their apostrophe.
pub(crate) const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Returns the byte length of the elided prefix of `word` (apostrophe
/// included), or 0 when the word does not start with one.
pub fn elided_prefix_len(word: &str) -> usize {
    // fast path (hot in indexing): the longest elision, `quoiqu’`, ends
    // within 9 bytes; look for `'`, `` ` `` or the first byte of the
    // other apostrophes there (`’‘` E2, `ʼ` CA, `´` C2)
    let head = &word.as_bytes()[..word.len().min(9)];
    if !head
        .iter()
        .any(|&b| matches!(b, b'\'' | b'`' | 0xE2 | 0xCA | 0xC2))
    {
        return 0;
    }
    let Some((apostrophe_at, apostrophe)) =
        word.char_indices().take(8).find(|&(_, c)| is_apostrophe(c))
    else {
        return 0;
    };
    let head = &word[..apostrophe_at];
    let after = apostrophe_at + apostrophe.len_utf8();
    if after < word.len() && ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(head)) {
        after
    } else {
        0
    }
}

/// Token filter removing elisions; offsets move past the apostrophe so that
/// highlights cover `OIM`, not `l’OIM`.
#[derive(Clone)]
pub struct ElisionFilter;

impl TokenFilter for ElisionFilter {
    type Tokenizer<T: Tokenizer> = ElisionTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ElisionTokenizer<T> {
        ElisionTokenizer(tokenizer)
    }
}

/// [`ElisionFilter`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct ElisionTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for ElisionTokenizer<T> {
    type TokenStream<'a> = ElisionStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ElisionStream(self.0.token_stream(text))
    }
}

/// Stream of tokens with elisions removed.
pub struct ElisionStream<S>(S);

impl<S: TokenStream> TokenStream for ElisionStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token: &mut Token = self.0.token_mut();
        let cut = elided_prefix_len(&token.text);
        if cut > 0 {
            token.text.drain(..cut);
            token.offset_from += cut;
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

    #[test]
    fn strips_each_elision_with_both_apostrophes() {
        let table = [
            ("l’OIM", "OIM"),
            ("l'OIM", "OIM"),
            ("L’Asie", "Asie"),
            ("d’Almaty", "Almaty"),
            ("d\u{2bc}Ivoire", "Ivoire"),
            ("qu’il", "il"),
            ("Qu'elle", "elle"),
            ("jusqu’à", "à"),
            ("lorsqu’on", "on"),
            ("puisqu'il", "il"),
            ("quoiqu’il", "il"),
            ("j’ai", "ai"),
            ("n’existe", "existe"),
            ("s’élève", "élève"),
            ("c’est", "est"),
            ("m’a", "a"),
            ("t’es", "es"),
            ("aujourd’hui", "aujourd’hui"),
            ("presqu’île", "presqu’île"),
            ("OIM", "OIM"),
            ("l’", "l’"),
        ];
        for (input, expected) in table {
            let cut = elided_prefix_len(input);
            assert_eq!(&input[cut..], expected, "input {input:?}");
        }
    }
}
