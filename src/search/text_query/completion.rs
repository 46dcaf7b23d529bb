//! Prefix completions of the query's last word (`agri` → `agriculture`):
//! the most frequent index words starting with it.

use tantivy::query::Query;

use super::{Builder, Word};

/// Prefix completions weigh less than the exact word.
const PREFIX_BOOST: f32 = 0.7;
/// Completions kept for a prefix.
const MAX_COMPLETIONS: usize = 20;
/// Words starting with a prefix read from the word list, at most (the most
/// frequent of them become completions).
const MAX_PREFIX_WORDS: usize = 20_000;

impl Builder<'_> {
    /// Index words starting with `prefix`, most frequent first, each held
    /// by some live page (see `word_freq`).
    pub(super) fn completions(&mut self, prefix: &str) -> Vec<String> {
        let Some(words) = self.words else {
            return Vec::new();
        };
        let mut found: Vec<(u64, String)> = Vec::new();
        words.with_prefix(prefix, |word, pages| {
            if let Ok(word) = std::str::from_utf8(word) {
                found.push((pages, word.to_string()));
            }
            found.len() < MAX_PREFIX_WORDS
        });
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut completed = Vec::new();
        for (_, word) in found {
            if completed.len() == MAX_COMPLETIONS {
                break;
            }
            let tokens = self.analyze(&word);
            if self.all_live(&tokens) {
                completed.push(word);
            }
        }
        completed
    }

    /// The completions of a one-word prefix, at their weight.
    pub(super) fn completion_query(&mut self, word: &Word) -> Option<Box<dyn Query>> {
        let [folded] = word.folded.as_slice() else {
            return None;
        };
        let completed = self.completions(folded);
        self.alternatives_query(&completed, PREFIX_BOOST)
    }
}
