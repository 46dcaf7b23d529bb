//! Typo alternatives of a word: the close index words when the word is
//! absent (a correction, reported), the pages' own rarer misspellings when
//! it is present.

use tantivy::query::Query;

use super::{Builder, Correction, Word};
use crate::index::{NearWords, Words};
use crate::search::known_words::is_french_stem;

/// Typo corrections weigh less than exact words.
const TYPO_BOOST: f32 = 0.5;
/// Corrections kept per misspelt word.
const MAX_CORRECTIONS: usize = 3;
/// A correctly spelt word also matches index words within a typo that are
/// rarer than it and on at most a tenth as many pages (at least one): the
/// pages' own misspellings.
const MISSPELLING_SHARE: u64 = 10;

impl Builder<'_> {
    /// Index words within the allowed number of typos of `folded` (none
    /// below 5 characters, 1 up to 8, 2 from 9, as Meilisearch), each with
    /// its page count, closest then most frequent first; found once per
    /// word list (see `Words::near_cached`).
    pub(super) fn near_words(&self, folded: &str) -> NearWords {
        let distance = match folded.chars().count() {
            0..=4 => return NearWords::default(),
            5..=8 => 1,
            _ => 2,
        };
        let Some(words) = self.words else {
            return NearWords::default();
        };
        words.near_cached(folded, |words| {
            Self::walk_near_words(words, folded, distance)
        })
    }

    /// [`Builder::near_words`] read from the list.
    fn walk_near_words(words: &Words, folded: &str, distance: u8) -> Vec<(String, u64)> {
        let mut found: Vec<(usize, u64, String)> = Vec::new();
        // the caller checks the words it keeps against the live index
        // (see `word_freq`)
        words.near(folded, distance, |word, pages| {
            match std::str::from_utf8(word) {
                Ok(word) if word != folded => {
                    found.push((strsim::osa_distance(word, folded), pages, word.to_string()))
                }
                _ => {}
            }
        });
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        found.into_iter().map(|(_, n, w)| (w, n)).collect()
    }

    /// The typo alternatives of a word: close index words when the word is
    /// absent, and rare close words (the pages' own misspellings) when it is
    /// present. Variants that analyse like the word add nothing.
    pub(super) fn typo_query(&mut self, word: &Word) -> Option<Box<dyn Query>> {
        let [folded] = word.folded.as_slice() else {
            return None;
        };
        let freq = self.word_freq(folded);
        let absent = freq == 0 && word.tokens.iter().all(|t| self.doc_freq(&t.text) == 0);
        // a stop word the pages contain is no typo
        if !absent && word.tokens.is_empty() {
            return None;
        }
        // a French word no page holds is corrected only into the pages'
        // misspellings of it (`ouragans` → `ouragnas`), never into another
        // French word (`quantique` → `quantité`): left alone, it is
        // reported absent
        let french = absent && is_french_word(word);
        let stems: Vec<&str> = word.tokens.iter().map(|t| t.text.as_str()).collect();
        let mut corrected = Vec::new();
        for (candidate, n) in self.near_words(folded).iter() {
            if corrected.len() == MAX_CORRECTIONS {
                break;
            }
            let rare = *n < freq && *n <= (freq / MISSPELLING_SHARE).max(1);
            if !(absent || rare) {
                continue;
            }
            let tokens = self.analyze(candidate);
            let same_stem = tokens
                .iter()
                .map(|t| t.text.as_str())
                .eq(stems.iter().copied());
            let other_word = french && matches!(tokens.as_slice(), [t] if is_french_stem(&t.text));
            // a word the list keeps from deleted pages is no correction
            if !same_stem && !other_word && self.all_live(&tokens) {
                corrected.push(candidate.clone());
            }
        }
        if corrected.is_empty() {
            return None;
        }
        let query = self.alternatives_query(&corrected, TYPO_BOOST);
        // only a word that had to be replaced is reported as corrected
        if absent {
            self.out.corrections.push(Correction {
                word: word.text.clone(),
                written: corrected.clone(),
                corrected,
            });
        }
        query
    }
}

/// Letters stemming may strip from a word still taken for the French word
/// of its stem: plurals and feminines (`ouragans`, `alimentaire`), not the
/// long verb endings that turn a foreign word into a French stem
/// (`fronteras` → `front`).
const MAX_STRIPPED: usize = 3;

/// Whether a word is one French word the dictionary knows (one stem, close
/// to the word as typed).
fn is_french_word(word: &Word) -> bool {
    let [folded] = word.folded.as_slice() else {
        return false;
    };
    matches!(word.tokens.as_slice(), [token]
        if folded.chars().count() <= token.text.chars().count() + MAX_STRIPPED
            && is_french_stem(&token.text))
}
