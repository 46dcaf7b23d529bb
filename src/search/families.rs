//! Word families beyond Snowball: for a query stem, the other index stems of
//! its family (`soutiennent` → `souten`, `soutien`; `reçoivent` → `recevoir`).
//!
//! The table is data, `data/families.tsv`, generated from the hunspell-fr
//! lexicon by `data/gen_families.py` (inflections, conservative derivations,
//! a short curated list). It holds words; `data/family_stems.tsv` holds
//! their index stems, as the project's own French analyzer gives them, and
//! build.rs compiles that file into the binary, so a search pays no start-up
//! for it. A unit test analyses the words again and fails when the two files
//! disagree (the analyzer changed): it says how to rewrite the stems file.
//! How a family match is weighted is left to the query builder.

use std::sync::Mutex;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::compiled_table::StringTable;

// `FAMILY_STEM_TEXT`, `FAMILY_STEM_BOUNDS`, `FAMILY_LINK_BOUNDS`,
// `FAMILY_LINKS`: see build.rs
include!(concat!(env!("OUT_DIR"), "/family_table.rs"));

/// Every stem that belongs to a family, sorted.
const STEMS: StringTable = StringTable::new(FAMILY_STEM_TEXT, &FAMILY_STEM_BOUNDS);

/// The family table's words (one family a line, words separated by spaces,
/// `#` comments; words within a line have distinct stems): the source of
/// `FAMILY_STEMS_TSV`, which the tests check against it.
#[cfg(test)]
const FAMILIES_TSV: &str = include_str!("data/families.tsv");

/// The index stems of each family of `FAMILIES_TSV`, as the analyzer gives
/// them: what build.rs compiles.
#[cfg(test)]
const FAMILY_STEMS_TSV: &str = include_str!("data/family_stems.tsv");

/// The other stems of each stem looked up so far, as strings: made at a
/// stem's first lookup and kept for the process (at most the whole table,
/// as the map built at start-up used to hold).
static OTHERS: Mutex<FxHashMap<usize, &'static [String]>> =
    Mutex::new(FxHashMap::with_hasher(FxBuildHasher));

/// The other index stems of the word family (or families) of `stem`, an
/// analysed query term such as [`crate::analyze`] yields (sorted, no
/// duplicates, never the stem itself). Empty when the stem belongs to no
/// family.
///
/// The table is compiled into the binary: a lookup is a binary search over
/// the family stems, and nothing is built at start-up.
///
/// ```ignore
/// // `soutiennent` stems to itself; its family holds `soutenir` and `soutien`.
/// assert!(family_stems("soutiennent").contains(&"souten".to_string()));
/// ```
pub(crate) fn family_stems(stem: &str) -> &'static [String] {
    let Some(i) = STEMS.find(stem, 1) else {
        return &[];
    };
    let mut others = OTHERS.lock().unwrap_or_else(|p| p.into_inner());
    others.entry(i).or_insert_with(|| {
        let links =
            &FAMILY_LINKS[FAMILY_LINK_BOUNDS[i] as usize..FAMILY_LINK_BOUNDS[i + 1] as usize];
        let strings: Box<[String]> = links
            .iter()
            .map(|&other| STEMS.get(other as usize).to_string())
            .collect();
        Box::leak(strings)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::analysis::{collect_tokens, french_analyzer};

    /// Query stem → the other stems of every family it belongs to, built
    /// from the words as the loader before build.rs did.
    type FamilyMap = HashMap<String, Box<[String]>>;

    /// Analyses every family line of `table` and links each stem to the
    /// others of its line. A word that analyses to no term (a stop word) or
    /// to several is skipped; a line left with fewer than two stems adds
    /// nothing.
    fn build(table: &str) -> FamilyMap {
        let mut related: HashMap<String, Vec<String>> = HashMap::new();
        for stems in stem_lines(table) {
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

    /// The distinct stems of each family line of `table`, in word order
    /// (words that analyse to no term or to several are skipped).
    fn stem_lines(table: &str) -> Vec<Vec<String>> {
        let mut analyzer = french_analyzer();
        let mut lines = Vec::new();
        for (_, line) in crate::data_lines::data_lines(table) {
            let mut stems: Vec<String> = Vec::new();
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
            lines.push(stems);
        }
        lines
    }

    /// The text of `data/family_stems.tsv` for the words of `table`.
    fn family_stems_tsv(table: &str) -> String {
        let mut text = String::from(
            "# The index stems of each family of families.tsv, one family a line, in its\n\
             # order: what build.rs compiles into the binary. Written by the unit test\n\
             # `families::tests::compiled_table_matches_the_analysed_words`; after a change\n\
             # to families.tsv or to the analyzer, rewrite it with\n\
             #   OIM_WRITE_FAMILY_STEMS=1 cargo test --lib families::tests\n",
        );
        for stems in stem_lines(table) {
            text.push_str(&stems.join(" "));
            text.push('\n');
        }
        text
    }

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

    #[test]
    fn compiled_table_matches_the_analysed_words() {
        let expected = family_stems_tsv(FAMILIES_TSV);
        if expected != FAMILY_STEMS_TSV {
            if std::env::var_os("OIM_WRITE_FAMILY_STEMS").is_some() {
                let path = concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/src/search/data/family_stems.tsv"
                );
                std::fs::write(path, &expected).expect("write family_stems.tsv");
                panic!("rewrote {path}: build again to compile it");
            }
            panic!(
                "src/search/data/family_stems.tsv is stale (families.tsv or the analyzer changed): \
                 rewrite it with `OIM_WRITE_FAMILY_STEMS=1 cargo test --lib families::tests`"
            );
        }
        // and what build.rs made of it is the map the words give
        let map = build(FAMILIES_TSV);
        assert_eq!(STEMS.len(), map.len());
        for (stem, others) in &map {
            assert_eq!(family_stems(stem), &others[..], "{stem}");
        }
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
