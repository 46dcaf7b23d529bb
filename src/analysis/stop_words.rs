//! The French stop list, folded exactly like indexed words so that `à`, `même`
//! and `été` are removed whatever accents the text gives them.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use tantivy::tokenizer::StopWordFilter;

use super::chain::{chain, Steps};

const STOP_WORDS_FR: &str = include_str!("stop_words_fr.txt");

/// The folded stop words, computed once.
pub fn folded_stop_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        // fold with the chain's own splitting, lowercasing and folding
        let mut folder = chain(Steps::folding());
        let mut words: Vec<String> = crate::data_lines::data_lines(STOP_WORDS_FR)
            .map(|(_, line)| line.trim())
            .flat_map(|line| {
                let mut stream = folder.token_stream(line);
                let mut out = Vec::new();
                while let Some(token) = stream.next() {
                    out.push(token.text.clone());
                }
                out
            })
            .collect();
        words.sort();
        words.dedup();
        words
    })
}

/// The stop-word token filter for the French analyzer: its set built
/// once, each analyzer sharing it (a search builds several analyzers, and
/// the set's 150 strings and hash table cost more than the search's words).
pub fn french_stop_word_filter() -> StopWordFilter {
    static FILTER: OnceLock<StopWordFilter> = OnceLock::new();
    FILTER
        .get_or_init(|| StopWordFilter::remove(folded_stop_words().iter().cloned()))
        .clone()
}

/// Whether an already folded word is a stop word (one hash lookup: the
/// indexing pass asks for every new word).
pub fn is_stop_word(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| folded_stop_words().iter().map(String::as_str).collect())
        .contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_folded() {
        for (word, stop) in [
            ("a", true),
            ("meme", true),
            ("ete", true),
            ("etaient", true),
            ("de", true),
            ("migration", false),
            ("etat", false),
            ("à", false), // only folded forms are in the list
        ] {
            assert_eq!(is_stop_word(word), stop, "{word}");
        }
    }
}
