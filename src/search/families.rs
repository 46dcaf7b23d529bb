//! Word families beyond Snowball: for a query stem, the other index stems of
//! its family (`soutiennent` → `souten`, `soutien`; `reçoivent` → `recevoir`).
//!
//! The table is data, `data/families.tsv`, generated from the hunspell-fr
//! lexicon by `data/gen_families.py` (inflections, conservative derivations,
//! a short curated list). It holds words, not stems: they are analysed here,
//! at first use, with the project's own French analyzer, so the stems always
//! match what the index holds even if the analyzer changes. How a family
//! match is weighted is left to the query builder.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::{collect_tokens, french_analyzer};

/// The family table: one family a line, words separated by spaces, `#`
/// comments. Words within a line have distinct stems.
const FAMILIES_TSV: &str = include_str!("data/families.tsv");

/// Query stem → the other stems of every family it belongs to (sorted, no
/// duplicates, never the stem itself).
type FamilyMap = HashMap<String, Box<[String]>>;

/// The other index stems of the word family (or families) of `stem`, an
/// analysed query term such as [`crate::analyze`] yields. Empty when the
/// stem belongs to no family or its family has no other stem.
///
/// The first call builds the map (the whole table analysed once, a few tens
/// of milliseconds in a release build); later calls are a hash lookup.
///
/// ```ignore
/// // `soutiennent` stems to itself; its family holds `soutenir` and `soutien`.
/// assert!(family_stems("soutiennent").contains(&"souten".to_string()));
/// ```
pub(crate) fn family_stems(stem: &str) -> &'static [String] {
    static MAP: OnceLock<FamilyMap> = OnceLock::new();
    MAP.get_or_init(|| build(FAMILIES_TSV))
        .get(stem)
        .map_or(&[], |others| others)
}

/// Analyses every family line of `table` and links each stem to the others
/// of its line. A word that analyses to no term (a stop word) or to several
/// is skipped; a line left with fewer than two stems adds nothing.
fn build(table: &str) -> FamilyMap {
    let mut analyzer = french_analyzer();
    let mut related: HashMap<String, Vec<String>> = HashMap::new();
    let mut stems: Vec<String> = Vec::new();
    for line in table.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        stems.clear();
        for word in line.split_whitespace() {
            let mut tokens = collect_tokens(&mut analyzer, word);
            if tokens.len() == 1 {
                if let Some(token) = tokens.pop() {
                    if !stems.contains(&token.text) {
                        stems.push(token.text);
                    }
                }
            }
        }
        if stems.len() < 2 {
            continue;
        }
        for stem in &stems {
            let others = related.entry(stem.clone()).or_default();
            others.extend(stems.iter().filter(|s| *s != stem).cloned());
        }
    }
    related
        .into_iter()
        .map(|(stem, mut others)| {
            others.sort_unstable();
            others.dedup();
            (stem, others.into_boxed_slice())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The single index term of `word`.
    fn stem(word: &str) -> String {
        let tokens = crate::analyze(word);
        assert_eq!(tokens.len(), 1, "{word:?} should analyse to one term");
        tokens[0].text.clone()
    }

    /// Whether a query for `a` reaches the index stem of `b`: the same stem
    /// (Snowball already joins them) or a family stem.
    fn reaches(a: &str, b: &str) -> bool {
        let (sa, sb) = (stem(a), stem(b));
        sa == sb || family_stems(&sa).contains(&sb)
    }

    #[test]
    fn families_that_snowball_leaves_apart() {
        for (a, b) in [
            ("accueillent", "accueil"),
            ("accueil", "accueillir"),
            ("accueillent", "accueillir"),
            ("soutiennent", "soutien"),
            ("soutiennent", "soutenir"),
            ("soutien", "soutenir"),
            ("scolarisation", "scolaire"),
            ("réinsertion", "réinsérer"),
            ("apatridie", "apatride"),
            ("financement", "financer"),
            ("emplois", "emploi"),
            ("emploi", "employer"),
            ("reçoivent", "recevoir"),
            ("deviennent", "devenir"),
            ("prennent", "prendre"),
            ("font", "faire"),
            ("organisent", "organisation"),
            ("intervention", "intervenir"),
            ("vulnérabilité", "vulnérable"),
        ] {
            assert!(reaches(a, b), "{a} should reach {b}");
            assert!(reaches(b, a), "{b} should reach {a}");
        }
    }

    #[test]
    fn snowball_splits_the_pairs_tested_above() {
        // the table is only needed where the stems differ; keep the tests honest
        for (a, b) in [
            ("accueillent", "accueil"),
            ("soutiennent", "soutenir"),
            ("scolarisation", "scolaire"),
            ("réinsertion", "réinsérer"),
            ("emplois", "emploi"),
            ("reçoivent", "recevoir"),
        ] {
            assert_ne!(stem(a), stem(b), "{a}/{b}");
        }
    }

    #[test]
    fn false_families_stay_apart() {
        for (a, b) in [
            ("pays", "payer"),
            ("fin", "financer"),
            ("fin", "finance"),
            ("parent", "parer"),
            ("président", "présider"),
            ("évident", "évider"),
            ("portion", "porter"),
            ("partir", "partition"),
        ] {
            assert!(!reaches(a, b), "{a} should not reach {b}");
            assert!(!reaches(b, a), "{b} should not reach {a}");
        }
    }

    #[test]
    fn lookups_never_return_the_stem_itself_and_unknown_stems_are_empty() {
        let s = stem("soutiennent");
        assert!(!family_stems(&s).contains(&s));
        assert!(family_stems("zzzz").is_empty());
        assert!(family_stems("").is_empty());
    }

    #[test]
    fn build_skips_comments_stop_words_and_single_stem_lines() {
        let map = build("# comment\n\nles soutien soutiennent\nmigration migrations\n");
        let soutien = stem("soutien");
        let soutiennent = stem("soutiennent");
        assert_eq!(&*map[&soutien], std::slice::from_ref(&soutiennent));
        assert_eq!(&*map[&soutiennent], [soutien]);
        // `migration`/`migrations` share a stem: nothing to add
        assert_eq!(map.len(), 2);
    }

    /// The cost of the first lookup. Run with
    /// `cargo test --lib families::tests::load_time -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn load_time() {
        let start = std::time::Instant::now();
        let map = build(FAMILIES_TSV);
        let entries: usize = map.values().map(|others| others.len()).sum();
        eprintln!(
            "families: {} bytes of table, {} stems, {entries} links, built in {:?}",
            FAMILIES_TSV.len(),
            map.len(),
            start.elapsed()
        );
        assert!(!map.is_empty());
    }

    #[test]
    fn every_table_line_has_two_stems() {
        // the generator keeps one word per distinct stem; a line that no
        // longer does means the analyzer changed: rerun gen_families.py
        let mut analyzer = french_analyzer();
        let mut stale = Vec::new();
        for line in FAMILIES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let mut stems: Vec<String> = line
                .split_whitespace()
                .flat_map(|w| collect_tokens(&mut analyzer, w))
                .map(|t| t.text)
                .collect();
            stems.sort_unstable();
            stems.dedup();
            if stems.len() < 2 {
                stale.push(line.to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "lines with fewer than two stems: {stale:?}"
        );
    }
}
