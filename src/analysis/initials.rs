//! Drops words that cannot analyse to any of a few wanted terms, judged by
//! their first letter, before the costly steps (lowercasing, folding,
//! stemming) run. Snippets only look for the query's terms, and the stemmer
//! never changes a word's first letter, so most of a body can be skipped.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Keeps the words whose first letter starts some wanted term; words that
/// start with a non-ASCII letter are always kept (their folded form is not
/// known yet).
#[derive(Clone)]
pub struct InitialsFilter {
    /// Lowercase ASCII first letters of the wanted terms.
    initials: Arc<[bool; 128]>,
}

impl InitialsFilter {
    /// A filter for these (analysed) terms.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> InitialsFilter {
        let mut initials = [false; 128];
        for term in terms {
            match term.bytes().next() {
                Some(b) if b.is_ascii() => initials[b.to_ascii_lowercase() as usize] = true,
                // a term that does not start with ASCII cannot be screened
                Some(_) => initials = [true; 128],
                None => {}
            }
        }
        InitialsFilter {
            initials: Arc::new(initials),
        }
    }

    fn keeps(&self, word: &str) -> bool {
        match word.bytes().next() {
            Some(b) if b.is_ascii() => self.initials[b.to_ascii_lowercase() as usize],
            _ => true,
        }
    }
}

impl TokenFilter for InitialsFilter {
    type Tokenizer<T: Tokenizer> = InitialsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> InitialsTokenizer<T> {
        InitialsTokenizer {
            inner: tokenizer,
            filter: self,
        }
    }
}

/// [`InitialsFilter`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct InitialsTokenizer<T> {
    inner: T,
    filter: InitialsFilter,
}

impl<T: Tokenizer> Tokenizer for InitialsTokenizer<T> {
    type TokenStream<'a> = InitialsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        InitialsStream {
            inner: self.inner.token_stream(text),
            filter: &self.filter,
        }
    }
}

/// Stream of the words that may match.
pub struct InitialsStream<'a, S> {
    inner: S,
    filter: &'a InitialsFilter,
}

impl<S: TokenStream> TokenStream for InitialsStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.inner.advance() {
            if self.filter.keeps(&self.inner.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_words_that_may_reach_a_term() {
        let filter = InitialsFilter::new(["refug", "soudan"]);
        assert!(filter.keeps("Réfugiés"));
        assert!(filter.keeps("Soudan"));
        assert!(filter.keeps("États"), "non-ASCII first letters are kept");
        assert!(!filter.keeps("migration"));
        assert!(InitialsFilter::new(["état"]).keeps("migration"));
    }
}
