//! The stems of the French dictionary's words (`data/known_stems.txt`,
//! generated from hunspell-fr by `data/gen_known_stems.py`): a word that no
//! page holds but French knows (`quantique`, `alimentaire`) is corrected
//! only into the pages' misspellings of it (`ouragans` → `ouragnas`), never
//! into another French word the pages hold (`quantité`, `élémentaire`).
//! Misspelt query words (`migratoin`) are no stem of the dictionary, and
//! are corrected into any close word, as before.

/// One stem a line, sorted by bytes, after `#` comment lines.
const KNOWN_STEMS: &str = include_str!("data/known_stems.txt");

/// The stems' lines: the file without its header comments. A lookup
/// searches them where they are, with nothing read beforehand (splitting
/// the 68 000 lines once cost a process more than many queries do).
fn stem_lines() -> &'static [u8] {
    let mut text = KNOWN_STEMS.as_bytes();
    while text.first() == Some(&b'#') {
        text = match text.iter().position(|&b| b == b'\n') {
            Some(end) => &text[end + 1..],
            None => &[],
        };
    }
    text
}

/// Whether `stem` (an index term: folded and stemmed) is the stem of a
/// French word: a binary search over the lines, each step the line around
/// the middle byte of those left.
pub(crate) fn is_french_stem(stem: &str) -> bool {
    let stem = stem.as_bytes();
    let mut lines = stem_lines();
    while !lines.is_empty() {
        let middle = lines.len() / 2;
        let start = lines[..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let end = lines[middle..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(lines.len(), |at| middle + at);
        match lines[start..end].cmp(stem) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lines = &lines[(end + 1).min(lines.len())..],
            std::cmp::Ordering::Greater => lines = &lines[..start],
        }
    }
    false
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

    /// The lines as the search reads them: bare stems, sorted by bytes.
    fn stems() -> Vec<&'static str> {
        std::str::from_utf8(stem_lines()).unwrap().lines().collect()
    }

    #[test]
    fn the_list_is_sorted_as_the_search_reads_it() {
        let stems = stems();
        assert!(stems.len() > 60_000, "{}", stems.len());
        assert!(stems.windows(2).all(|w| w[0] < w[1]));
        assert!(stems
            .iter()
            .all(|s| !s.is_empty() && *s == s.trim() && !s.contains(['#', '\r'])));
    }

    /// The search answers as a binary search over the file's data lines
    /// (how the stems were read before), for every stem and strings just
    /// beside it.
    #[test]
    fn the_search_answers_as_the_lines_read_one_by_one() {
        let read: Vec<&str> = crate::data_lines::data_lines(KNOWN_STEMS)
            .map(|(_, line)| line.trim())
            .collect();
        assert_eq!(read, stems());
        for stem in &read {
            let shorter: String = stem.chars().take(stem.chars().count() - 1).collect();
            for probe in [
                stem.to_string(),
                shorter,
                format!("{stem}s"),
                format!("{stem}\u{1}"),
            ] {
                assert_eq!(
                    is_french_stem(&probe),
                    read.binary_search(&probe.as_str()).is_ok(),
                    "{probe:?}"
                );
            }
        }
        for outside in ["", "\u{1}", "zzzzzzzz", "# Index stems"] {
            assert!(!is_french_stem(outside), "{outside:?}");
        }
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
