//! Step 4 of the list: case and folding, the last step, after which
//! `Œuvre`, `oeuvre` and `ŒUVRE` are one string. It is tantivy's lowercaser
//! then its ASCII folding (accents off, ligatures spelt out, `’` as `'`),
//! one filter here so that the analyzer and whole-text callers run the same
//! two in the same order, in one pass per word.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Token filter of the analyzer: lowercase, then fold, in one pass over
/// each word (tantivy's two filters each copy every non-ASCII word).
#[derive(Clone)]
pub struct CaseAndFolding;

impl TokenFilter for CaseAndFolding {
    type Tokenizer<T: Tokenizer> = CaseAndFoldingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CaseAndFoldingTokenizer<T> {
        CaseAndFoldingTokenizer {
            tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`CaseAndFolding`] over a tokenizer.
#[derive(Clone)]
pub struct CaseAndFoldingTokenizer<T> {
    tokenizer: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for CaseAndFoldingTokenizer<T> {
    type TokenStream<'a> = CaseAndFoldingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CaseAndFoldingStream {
            tail: self.tokenizer.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// Stream of [`CaseAndFoldingTokenizer`].
pub struct CaseAndFoldingStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for CaseAndFoldingStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        fold_word(&mut self.tail.token_mut().text, self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Characters below this are lowercased and folded from a table (Latin-1,
/// Latin Extended-A and -B: every accented letter of French and its
/// neighbours).
const TABLE_END: u32 = 0x250;

/// `text` lowercased then folded, as tantivy's lowercaser then its ASCII
/// folding would leave it. Both map each character on its own, so a table
/// of their output per character gives the same text; characters past the
/// table (other scripts, rare) send the word through tantivy's filters.
fn fold_word(text: &mut String, buffer: &mut String) {
    if text.is_ascii() {
        text.make_ascii_lowercase();
        return;
    }
    let table = folded_table();
    buffer.clear();
    for c in text.chars() {
        if c.is_ascii() {
            buffer.push(c.to_ascii_lowercase());
        } else if let Some(folded) = table.get(c as usize - 0x80) {
            buffer.push_str(folded);
        } else {
            *text = tantivy_filters(text);
            return;
        }
    }
    std::mem::swap(text, buffer);
}

/// What tantivy's filters make of each character from U+0080 to the end
/// of the table.
fn folded_table() -> &'static [Box<str>] {
    static TABLE: OnceLock<Vec<Box<str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..TABLE_END)
            .filter_map(char::from_u32)
            .map(|c| tantivy_filters(c.encode_utf8(&mut [0; 4])).into_boxed_str())
            .collect()
    })
}

/// `text` through tantivy's lowercaser then its ASCII folding: the
/// definition of this step.
fn tantivy_filters(text: &str) -> String {
    thread_local! {
        static FILTERS: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    FILTERS.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut out = String::with_capacity(text.len());
        while stream.advance() {
            out.push_str(&stream.token().text);
        }
        out
    })
}

/// `text` lowercased and folded whole; borrowed when nothing changes
/// (ASCII without capitals).
pub(crate) fn case_and_folding(text: &str) -> Cow<'_, str> {
    if !text
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    fold_word(&mut out, &mut String::with_capacity(text.len()));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_and_ligatures_fold() {
        for (input, expected) in [
            ("Œuvre ŒUVRE oeuvre", "oeuvre oeuvre oeuvre"),
            ("État Frontières", "etat frontieres"),
            ("l’OIM", "l'oim"),
            ("Душанбе", "душанбе"),
            ("already folded", "already folded"),
            ("", ""),
        ] {
            assert_eq!(case_and_folding(input), expected, "{input:?}");
        }
        assert!(matches!(case_and_folding("l'oim 2019"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_pass_equals_tantivys_two_filters_for_every_character() {
        let mut buffer = String::new();
        let mut check = |text: &str| {
            let mut folded = text.to_string();
            fold_word(&mut folded, &mut buffer);
            assert_eq!(folded, tantivy_filters(text), "{text:?}");
        };
        // the table and past it (where the filters themselves run)
        for c in (0..0x800).filter_map(char::from_u32) {
            check(c.encode_utf8(&mut [0; 4]));
        }
        // mixed words: table, ASCII and characters past the table together
        for text in [
            "ÉTATS-Unis",
            "Œuvre ǅemal",
            "ǄŽǅ",
            "straße ΣΊΣΥΦΟΣ",
            "Ærø ĲSSEL",
            "ÀÉÎÕÜ Ÿ ǸǹȀȁ ɏ ɐ",
        ] {
            check(text);
        }
    }
}
