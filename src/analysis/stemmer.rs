//! Snowball French stemming through rust-stemmers. It runs last, on folded
//! lowercase words, so accented and accentless spellings share a stem.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter replacing each word by its Snowball French stem.
#[derive(Clone, Copy, Default)]
pub struct FrenchStemmer;

impl TokenFilter for FrenchStemmer {
    type Tokenizer<T: Tokenizer> = FrenchStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FrenchStemmerTokenizer<T> {
        FrenchStemmerTokenizer {
            inner: tokenizer,
            stemmer: Arc::new(Stemmer::create(Algorithm::French)),
        }
    }
}

/// [`FrenchStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct FrenchStemmerTokenizer<T> {
    inner: T,
    stemmer: Arc<Stemmer>,
}

thread_local! {
    /// word -> stem. Snowball is the costliest step of analysis and a corpus
    /// reuses few words many times (Zipf), so each thread (indexing worker,
    /// query thread re-analysing snippets) remembers what it stemmed.
    static STEM_CACHE: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// Entries kept before the cache starts over (bounds memory on huge vocabularies).
const STEM_CACHE_MAX: usize = 200_000;

impl<T: Tokenizer> Tokenizer for FrenchStemmerTokenizer<T> {
    type TokenStream<'a> = FrenchStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FrenchStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &self.stemmer,
            scratch: String::new(),
        }
    }
}

/// Stream of stemmed tokens.
pub struct FrenchStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a Stemmer,
    scratch: String,
}

impl<S: TokenStream> TokenStream for FrenchStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token: &mut Token = self.tail.token_mut();
        stem_into(self.stemmer, &token.text, &mut self.scratch);
        // the old text's buffer becomes the next scratch: no allocation
        std::mem::swap(&mut token.text, &mut self.scratch);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Writes the stem of a folded word into `out` (cleared first), through this
/// thread's cache.
pub(crate) fn stem_into(stemmer: &Stemmer, word: &str, out: &mut String) {
    out.clear();
    STEM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(word) {
            out.push_str(stem);
            return;
        }
        if cache.len() > STEM_CACHE_MAX {
            cache.clear();
        }
        let stem = stem_uncached(stemmer, word);
        out.push_str(&stem);
        cache.insert(word.to_string(), stem);
    });
}

/// The stem of a folded word, computed: the one stemming rule, behind the
/// query side's cache ([`stem_into`]) and the indexing side's own word map.
pub(crate) fn stem_uncached(stemmer: &Stemmer, word: &str) -> String {
    stemmer.stem(&feminine_participle(word)).into_owned()
}

/// Folding turns `réfugiée` into `refugiee`, an ending Snowball (written for
/// accented text) no longer recognises; `ee`/`ees` become `e`/`es` so the
/// feminine participle shares the masculine's stem.
fn feminine_participle(word: &str) -> Cow<'_, str> {
    if word.len() > 4 && (word.ends_with("ee") || word.ends_with("ees")) {
        let cut = if word.ends_with('s') {
            word.len() - 2
        } else {
            word.len() - 1
        };
        let mut out = word[..cut].to_string();
        if word.ends_with('s') {
            out.push('s');
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_french_word_families_together() {
        for group in [
            &["migration", "migrations"][..],
            &["frontiere", "frontieres"],
            &["refugie", "refugies", "refugiee", "refugiees"],
            &["engage", "engagee", "engages", "engagees"],
            &["developpement", "developpements"],
            &["capacite", "capacites"],
        ] {
            let stemmer = Stemmer::create(Algorithm::French);
            let stems: Vec<String> = group.iter().map(|w| stem_uncached(&stemmer, w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{group:?} -> {stems:?}"
            );
        }
    }
}
