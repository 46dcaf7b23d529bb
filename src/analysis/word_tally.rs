//! The tally of the words of the pages being indexed: each analysed word
//! with the number of pages holding it, merged across indexing threads and
//! written into the index's word list at commit.

use rustc_hash::FxHashMap;

/// Words of some pages, each with the number of pages holding it.
#[derive(Default, Debug)]
pub(crate) struct WordTally {
    pages: FxHashMap<String, u64>,
}

impl WordTally {
    /// Counts `pages` more pages holding `word`.
    pub fn count(&mut self, word: &str, pages: u64) {
        match self.pages.get_mut(word) {
            Some(count) => *count += pages,
            None => {
                self.pages.insert(word.to_string(), pages);
            }
        }
    }

    /// Both tallies in one (the smaller is poured into the larger).
    pub fn merge(mut self, mut other: WordTally) -> WordTally {
        if self.pages.len() < other.pages.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (word, pages) in other.pages {
            *self.pages.entry(word).or_insert(0) += pages;
        }
        self
    }

    /// The number of tallied pages holding `word`.
    pub(crate) fn pages_holding(&self, word: &str) -> u64 {
        self.pages.get(word).copied().unwrap_or(0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    pub(crate) fn into_sorted(self) -> Vec<(String, u64)> {
        let mut words: Vec<(String, u64)> = self.pages.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        words
    }
}
