//! Analysis at indexing time, done once per text and handed to tantivy
//! already analysed. A document needs two analyses of the same words: the
//! French terms (stemmed, no stop words, with positions) for its text fields,
//! and its distinct whole folded words for the typo/prefix vocabulary. They
//! share every step up to folding, so one pass folds each word once and
//! branches; the vocabulary keeps each word once per document.
//!
//! The result travels as text: terms separated by single spaces, one slot per
//! word position, an empty slot for a dropped word (stop word, overlong
//! word) so phrase positions stay exact. [`PreAnalyzedTokenizer`], the
//! tokenizer the schema names for these fields, reads it back. This keeps
//! documents waiting in the writer's queue small (a token list would weigh
//! several times the text).

use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::folded_analyzer;
use super::stemmer::stem_uncached;
use super::stop_words::is_stop_word;

/// Name under which [`PreAnalyzedTokenizer`] is registered.
pub const PRE_ANALYZED: &str = "oim_pre_analyzed";

/// Distinct words a page usually has (the vocabulary set is sized once).
const TYPICAL_WORDS: usize = 1024;

/// Analyses the texts of one document.
pub struct IndexAnalysis {
    folder: TextAnalyzer,
    stemmer: Stemmer,
    /// folded word -> its term, `None` for a stop word: one lookup per
    /// word instead of one in the stop list and one in the stem cache
    terms: FxHashMap<String, Option<String>>,
    words: FxHashSet<String>,
}

/// Words remembered by one thread's [`IndexAnalysis`] before it starts over.
const MAX_REMEMBERED: usize = 200_000;

impl Default for IndexAnalysis {
    fn default() -> Self {
        IndexAnalysis {
            folder: folded_analyzer(),
            stemmer: Stemmer::create(Algorithm::French),
            terms: FxHashMap::default(),
            words: FxHashSet::with_capacity_and_hasher(TYPICAL_WORDS, Default::default()),
        }
    }
}

impl IndexAnalysis {
    /// Runs `f` with this thread's analysis (kept across documents, so its
    /// word memory and buffers are reused).
    pub fn with<R>(f: impl FnOnce(&mut IndexAnalysis) -> R) -> R {
        thread_local! {
            static ANALYSIS: RefCell<IndexAnalysis> = RefCell::new(IndexAnalysis::default());
        }
        ANALYSIS.with(|a| f(&mut a.borrow_mut()))
    }
}

impl IndexAnalysis {
    /// The French terms of `text`, encoded for [`PreAnalyzedTokenizer`];
    /// its folded words join the document's vocabulary.
    pub fn terms(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() / 2);
        let mut next_position = 0;
        let mut stream = self.folder.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let word = token.text.as_str();
            if !self.words.contains(word) {
                self.words.insert(word.to_string());
            }
            let term = match self.terms.get(word) {
                Some(term) => term,
                None => {
                    if self.terms.len() > MAX_REMEMBERED {
                        self.terms.clear();
                    }
                    let term = (!is_stop_word(word)).then(|| {
                        // remembered in `terms`: no second cache behind it
                        stem_uncached(&self.stemmer, word)
                    });
                    self.terms.entry(word.to_string()).or_insert(term)
                }
            };
            let Some(term) = term else {
                continue;
            };
            // one space closes each slot; empty slots stand for dropped words
            for _ in next_position..token.position {
                out.push(' ');
            }
            out.push_str(term);
            out.push(' ');
            next_position = token.position + 1;
        }
        out
    }

    /// The distinct folded words of every text given to [`IndexAnalysis::terms`]
    /// so far, each once; starts a new vocabulary.
    pub fn drain_words(&mut self) -> impl Iterator<Item = String> + '_ {
        self.words.drain()
    }
}

/// Reads text written by [`IndexAnalysis::terms`]: each space-closed slot is
/// one word position, empty slots are skipped.
#[derive(Clone, Default)]
pub struct PreAnalyzedTokenizer {
    token: Token,
}

/// Stream of [`PreAnalyzedTokenizer`].
pub struct PreAnalyzedStream<'a> {
    text: &'a str,
    at: usize,
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for PreAnalyzedTokenizer {
    type TokenStream<'a> = PreAnalyzedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreAnalyzedStream<'a> {
        self.token.reset();
        PreAnalyzedStream {
            text,
            at: 0,
            position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for PreAnalyzedStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() {
            let from = self.at;
            // slots are a few bytes long: a plain scan beats a memchr call
            let len = bytes[from..]
                .iter()
                .position(|&b| b == b' ')
                .unwrap_or(bytes.len() - from);
            self.at += len + 1;
            let position = self.position;
            self.position += 1;
            if len > 0 {
                self.token.text.clear();
                self.token.text.push_str(&self.text[from..from + len]);
                self.token.offset_from = from;
                self.token.offset_to = from + len;
                self.token.position = position;
                self.token.position_length = 1;
                return true;
            }
        }
        false
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
    use super::*;
    use crate::analysis::{analyze, collect_tokens};

    fn read_back(encoded: &str) -> Vec<(String, usize)> {
        let mut tokenizer = PreAnalyzedTokenizer::default();
        let mut stream = tokenizer.token_stream(encoded);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn one_pass_equals_the_two_analyzers() {
        for text in [
            "Les réfugiés de l’État et les Frontières",
            "gestion des migrations",
            "  à même été  ",
            "",
            "mise en œuvre d’un projet — Guinée‑Bissau, 2023 ; l'OIM",
            &format!("un {} mot", "x".repeat(80)),
        ] {
            let mut analysis = IndexAnalysis::default();
            let terms: Vec<(String, usize)> = analyze(text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert_eq!(read_back(&analysis.terms(text)), terms, "{text:?}");
            let mut words: Vec<String> = collect_tokens(&mut folded_analyzer(), text)
                .into_iter()
                .map(|t| t.text)
                .collect();
            words.sort();
            words.dedup();
            let mut taken: Vec<String> = analysis.drain_words().collect();
            taken.sort();
            assert_eq!(taken, words, "{text:?}");
        }
    }

    #[test]
    fn vocabulary_spans_texts_and_starts_over() {
        let mut analysis = IndexAnalysis::default();
        analysis.terms("Migration");
        analysis.terms("migration et santé");
        let mut words: Vec<String> = analysis.drain_words().collect();
        words.sort();
        assert_eq!(words, ["et", "migration", "sante"]);
        assert_eq!(analysis.drain_words().count(), 0);
    }
}
