//! Analysis at indexing time, done once per text and handed to tantivy
//! already analysed. A document needs two analyses of the same words: the
//! French terms (stemmed, no stop words, with positions) for its text fields,
//! and its distinct whole folded words for the typo/prefix vocabulary. They
//! share every step up to folding, so one pass folds each word once and
//! branches: one lookup of the folded word gives its term and counts the
//! page for the word list.
//!
//! The result travels as text: terms separated by single spaces, one slot per
//! word position, an empty slot for a dropped word (stop word, overlong
//! word) so phrase positions stay exact. [`PreAnalyzedTokenizer`], the
//! tokenizer the schema names for these fields, reads it back. This keeps
//! documents waiting in the writer's queue small (a token list would weigh
//! several times the text).

use std::cell::RefCell;
use std::rc::Rc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::folded_analyzer;
use super::stemmer::stem_uncached;
use super::stop_words::is_stop_word;
use super::WordTally;

/// Name under which [`PreAnalyzedTokenizer`] is registered.
pub const PRE_ANALYZED: &str = "oim_pre_analyzed";

/// Analyses the texts of documents, one page after another, and counts the
/// pages holding each folded word until [`IndexAnalysis::take_words`].
pub struct IndexAnalysis {
    folder: TextAnalyzer,
    stemmer: Stemmer,
    /// folded word -> its place in `known`: one lookup per word gives its
    /// term and its count, instead of one in the page's word set, one in
    /// the stem cache and one in the tally (the text is shared with the
    /// word's `known` entry)
    places: FxHashMap<Rc<str>, u32>,
    known: Vec<KnownWord>,
    /// The page being analysed (pages are numbered from 1).
    page: u32,
    /// Places of the words counted since the last take, each once.
    counted: Vec<u32>,
}

/// A folded word this thread has met.
struct KnownWord {
    word: Rc<str>,
    /// Its term, `None` for a stop word.
    term: Option<String>,
    /// The last page it was counted for.
    last_page: u32,
    /// Pages holding it since the last take.
    pages: u32,
}

/// Words remembered by one thread's [`IndexAnalysis`] before it starts over.
const MAX_REMEMBERED: usize = 200_000;

impl Default for IndexAnalysis {
    fn default() -> Self {
        IndexAnalysis {
            folder: folded_analyzer(),
            stemmer: Stemmer::create(Algorithm::French),
            places: FxHashMap::default(),
            known: Vec::new(),
            page: 1,
            counted: Vec::new(),
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

    /// The words this thread's analysis counted since the last take (see
    /// [`IndexAnalysis::take_words`]).
    pub fn take_thread_words() -> WordTally {
        IndexAnalysis::with(IndexAnalysis::take_words)
    }
}

impl IndexAnalysis {
    /// The French terms of `text`, encoded for [`PreAnalyzedTokenizer`];
    /// its folded words are counted for the current page (once each,
    /// whatever the number of texts and occurrences).
    pub fn terms(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() / 2);
        let mut next_position = 0;
        let mut stream = self.folder.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let word = token.text.as_str();
            let place = match self.places.get(word) {
                Some(&place) => place as usize,
                None => {
                    let term = (!is_stop_word(word)).then(|| {
                        // remembered in `known`: no second cache behind it
                        stem_uncached(&self.stemmer, word)
                    });
                    let shared: Rc<str> = Rc::from(word);
                    self.places
                        .insert(Rc::clone(&shared), self.known.len() as u32);
                    self.known.push(KnownWord {
                        word: shared,
                        term,
                        last_page: 0,
                        pages: 0,
                    });
                    self.known.len() - 1
                }
            };
            let known = &mut self.known[place];
            if known.last_page != self.page {
                known.last_page = self.page;
                if known.pages == 0 {
                    self.counted.push(place as u32);
                }
                known.pages += 1;
            }
            let Some(term) = &known.term else {
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

    /// Ends the current page: the texts analysed next belong to another.
    pub fn end_page(&mut self) {
        self.page = self.page.wrapping_add(1).max(1);
        if self.page == 1 {
            // the numbers wrapped: no word may look counted for a new page
            for known in &mut self.known {
                known.last_page = 0;
            }
        }
    }

    /// Each folded word of the pages analysed since the last take, with the
    /// number of those pages holding it; counting starts over.
    pub fn take_words(&mut self) -> WordTally {
        let mut tally = WordTally::default();
        for place in self.counted.drain(..) {
            let known = &mut self.known[place as usize];
            tally.count(&known.word, u64::from(known.pages));
            known.pages = 0;
        }
        // forgotten only here, where nothing is counted and not taken
        if self.known.len() > MAX_REMEMBERED {
            self.places.clear();
            self.known.clear();
        }
        tally
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
            analysis.end_page();
            let mut taken: Vec<(String, u64)> = analysis.take_words().into_sorted();
            taken.sort();
            let words: Vec<(String, u64)> = words.into_iter().map(|w| (w, 1)).collect();
            assert_eq!(taken, words, "{text:?}");
        }
    }

    #[test]
    fn a_page_counts_each_word_once_and_a_take_starts_over() {
        let mut analysis = IndexAnalysis::default();
        analysis.terms("Migration");
        analysis.terms("migration et santé");
        analysis.end_page();
        analysis.terms("santé des migrants");
        analysis.end_page();
        assert_eq!(
            analysis.take_words().into_sorted(),
            [
                ("des".to_string(), 1),
                ("et".to_string(), 1),
                ("migrants".to_string(), 1),
                ("migration".to_string(), 1),
                ("sante".to_string(), 2),
            ]
        );
        assert!(analysis.take_words().is_empty());
        // a word met before is counted again after the take
        analysis.terms("santé");
        analysis.end_page();
        assert_eq!(
            analysis.take_words().into_sorted(),
            [("sante".to_string(), 1)]
        );
    }

    #[test]
    fn forgetting_words_keeps_their_terms_and_counts_right() {
        let mut analysis = IndexAnalysis::default();
        let text: String = (0..MAX_REMEMBERED + 10).map(|n| format!("w{n} ")).collect();
        let terms = analysis.terms(&text);
        analysis.end_page();
        assert_eq!(
            analysis.take_words().into_sorted().len(),
            MAX_REMEMBERED + 10
        );
        assert!(
            analysis.known.is_empty(),
            "over the limit: forgotten at the take"
        );
        assert_eq!(analysis.terms(&text), terms);
        analysis.end_page();
        assert_eq!(analysis.take_words().pages_holding("w7"), 1);
    }
}
