//! The stems of the French dictionary's words (`data/known_stems.txt`,
//! generated from hunspell-fr by `data/gen_known_stems.py`): a word that no
//! page holds but French knows (`quantique`, `alimentaire`) is corrected
//! only into the pages' misspellings of it (`ouragans` → `ouragnas`), never
//! into another French word the pages hold (`quantité`, `élémentaire`).
//! Misspelt query words (`migratoin`) are no stem of the dictionary, and
//! are corrected into any close word, as before.

use std::sync::OnceLock;

use crate::data_lines::data_lines;

/// One stem a line, sorted by bytes, `#` comments first.
const KNOWN_STEMS: &str = include_str!("data/known_stems.txt");

/// The stems, read on the first question only (a query that needs no
/// correction never pays for it).
fn known_stems() -> &'static [&'static str] {
    static STEMS: OnceLock<Vec<&'static str>> = OnceLock::new();
    STEMS.get_or_init(|| {
        data_lines(KNOWN_STEMS)
            .map(|(_, line)| line.trim())
            .collect()
    })
}

/// Whether `stem` (an index term: folded and stemmed) is the stem of a
/// French word.
pub(crate) fn is_french_stem(stem: &str) -> bool {
    known_stems().binary_search(&stem).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn stem(word: &str) -> String {
        let tokens = analyze(word);
        assert_eq!(tokens.len(), 1, "{word}");
        tokens[0].text.clone()
    }

    #[test]
    fn the_list_is_sorted_as_the_search_reads_it() {
        let stems = known_stems();
        assert!(stems.len() > 60_000, "{}", stems.len());
        assert!(stems.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn french_words_are_known_and_misspellings_are_not() {
        for word in [
            "quantique",
            "alimentaire",
            "migration",
            "frontières",
            "élémentaire",
        ] {
            assert!(is_french_stem(&stem(word)), "{word}");
        }
        for typo in ["migratoin", "dispora", "politque", "bangaldesh", "diasproa"] {
            assert!(!is_french_stem(&stem(typo)), "{typo}");
        }
    }
}
