//! Broader and narrower terms, SKOS-style (data file `data/broader.txt`):
//! a general word a user types (`bétail`, `fièvres hémorragiques`) and the
//! specific terms a page may use instead (`cheptel`, `Ebola`). The file uses
//! the synonyms' one-way format and is read by the same loader; a line
//! `general => specific1, specific2` says the specific terms are
//! `skos:narrower` than the general one. `text_query` matches them at a
//! lower weight than a synonym and names them in the expansions.

use std::sync::OnceLock;

use super::synonyms::Synonyms;

/// The shipped broader-to-narrower links.
pub(super) const BUILTIN_BROADER: &str = include_str!("data/broader.txt");

/// Name under which errors in the shipped file are reported.
pub(super) const BUILTIN_NAME: &str = "src/search/data/broader.txt";

/// The general words of the shipped file, each with its narrower terms,
/// parsed once. A unit test proves the file parses; a search never fails on it.
pub(crate) fn narrower_terms() -> &'static Synonyms {
    static NARROWER: OnceLock<Synonyms> = OnceLock::new();
    NARROWER
        .get_or_init(|| Synonyms::parse_shipped(BUILTIN_BROADER, BUILTIN_NAME).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::super::synonyms::match_key;
    use super::*;

    /// The narrower terms of `query` when one entry covers all of it
    /// (stop words before it allowed).
    fn narrower(query: &str) -> Vec<&'static str> {
        let words: Vec<&str> = query.split_whitespace().collect();
        narrower_terms()
            .find_all(&words)
            .into_iter()
            .find(|m| {
                m.start + m.len == words.len()
                    && words[..m.start].iter().all(|w| match_key(w).is_empty())
            })
            .map(|m| m.expansions)
            .unwrap_or_default()
    }

    #[test]
    fn the_file_parses_and_every_line_goes_one_way_with_a_source() {
        let terms = Synonyms::parse(BUILTIN_BROADER, BUILTIN_NAME).unwrap();
        assert!(terms.rule_count() >= 30, "{} rules", terms.rule_count());
        let mut source = false;
        for (n, line) in BUILTIN_BROADER.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') {
                source = ["[OMS]", "[UNDRR]", "[AGROVOC]", "[OIM]", "[main]"]
                    .iter()
                    .any(|s| line.starts_with(&format!("# {s}")))
                    || source;
            } else if line.is_empty() {
                source = false;
            } else {
                assert!(source, "line {}: no source comment above it", n + 1);
                assert_eq!(line.matches("=>").count(), 1, "line {}: not one way", n + 1);
            }
        }
    }

    #[test]
    fn general_words_find_their_narrower_terms() {
        for (query, expected) in [
            ("bétail", "cheptel"),
            ("bétail", "alpagas"),
            ("fièvres hémorragiques", "Ebola"),
            ("maladies transmises par les moustiques", "paludisme"),
            ("maladies d'origine hydrique", "choléra"),
            ("maladies des poumons", "silicose"),
            ("catastrophes naturelles", "séisme"),
            ("vague de froid", "dzud"),
            ("arnaques", "fausses offres d’emploi"),
            ("fraude documentaire", "documents contrefaits"),
            ("livestock", "cheptel"),
            ("compter les déplacés", "matrice de suivi des déplacements"),
        ] {
            let found = narrower(query);
            assert!(found.contains(&expected), "{query:?} → {found:?}");
        }
    }

    #[test]
    fn narrower_terms_never_widen_and_plain_words_stay_plain() {
        // the links go down only: a specific term finds no general one
        for word in [
            "paludisme",
            "cheptel",
            "Ebola",
            "choléra",
            "pirogues",
            "dzud",
        ] {
            assert!(narrower(word).is_empty(), "{word} widens");
        }
        for word in [
            "migration",
            "projet",
            "pays",
            "retour",
            "santé",
            "personnes",
        ] {
            assert!(narrower(word).is_empty(), "{word} expands");
        }
        // `mineurs` is miners and minors: never a narrower term
        let minors = match_key("mineurs");
        for line in BUILTIN_BROADER.lines().filter(|l| !l.starts_with('#')) {
            let right = line.split("=>").nth(1).unwrap_or_default();
            for entry in right.split(',') {
                assert_ne!(match_key(entry), minors, "{line}");
            }
        }
    }

    /// Every general word of the file is found and adds something.
    #[test]
    fn every_general_word_expands() {
        let mut silent = Vec::new();
        for line in BUILTIN_BROADER.lines().filter(|l| !l.starts_with('#')) {
            let left = line.split("=>").next().unwrap_or_default();
            for entry in left.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                if narrower(entry).is_empty() {
                    silent.push(entry.to_string());
                }
            }
        }
        assert!(
            silent.is_empty(),
            "general words that find nothing: {silent:#?}"
        );
    }
}
