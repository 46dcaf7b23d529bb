//! Finds a few known terms in a text (snippets, a document's highlights):
//! the French analyzer's term for each word that may be one of them, and no
//! analysis for the others. `initials.rs` screens the words as the
//! tokenizer splits them, before elision's string work, apostrophes,
//! folding or stemming; a word the screen keeps is analysed by the French
//! analyzer itself, once per distinct word of the text.

use std::cell::RefCell;
use std::ops::ControlFlow;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

use super::chain::MAX_WORD_BYTES;
use super::elision::{elided_prefix_len, ELISIONS};
use super::french_analyzer;
use super::initials::{Initials, Verdict};
use super::tokenizer::FrenchWordTokenizer;

/// Finds the words of a text that may be one of a few analysed terms.
pub(crate) struct TermFinder {
    initials: Initials,
    /// Per lowercase ASCII letter, whether an elision starts with it: a
    /// word starting otherwise has none, and its apostrophes need no look.
    may_elide: [bool; 128],
}

impl TermFinder {
    /// A finder for these (analysed) terms.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> TermFinder {
        let mut may_elide = [false; 128];
        for elision in ELISIONS {
            may_elide[usize::from(elision.as_bytes()[0].to_ascii_lowercase())] = true;
        }
        TermFinder {
            initials: Initials::new(terms),
            may_elide,
        }
    }

    /// Walks the words of `text` in order, calling `each(from, to, value)`
    /// for each word the French analyzer indexes whose first letter (after
    /// its elision) starts a wanted term or is not ASCII, until `each`
    /// breaks. `from..to` is the word's byte range without its elision
    /// (the analyzer's token offsets); `value` is `value_of` its analysed
    /// term, or `value_of("")` for a word the screen finds can be no wanted
    /// term and no stop word.
    pub fn find<V: Copy>(
        &self,
        text: &str,
        mut value_of: impl FnMut(&str) -> V,
        mut each: impl FnMut(usize, usize, V) -> ControlFlow<()>,
    ) {
        let blank = value_of("");
        // a word's analysis does not depend on the words around it
        let mut analysed: FxHashMap<&str, Option<V>> = FxHashMap::default();
        let mut words = FrenchWordTokenizer::default();
        let mut stream = words.token_stream(text);
        while stream.advance() {
            let (from, to) = (stream.token().offset_from, stream.token().offset_to);
            let word = &text[from..to];
            // what the chain's `RemoveLongFilter` drops
            if word.len() > MAX_WORD_BYTES {
                continue;
            }
            let cut = match word.as_bytes().first() {
                Some(&b) if b.is_ascii() && self.may_elide[usize::from(b.to_ascii_lowercase())] => {
                    elided_prefix_len(word)
                }
                _ => 0,
            };
            let value = match self.initials.judge(&word[cut..]) {
                Verdict::Drop => None,
                Verdict::Blank => Some(blank),
                Verdict::Keep => *analysed
                    .entry(word)
                    .or_insert_with(|| analyse_word(word, &mut value_of)),
            };
            if let Some(value) = value {
                if each(from + cut, to, value).is_break() {
                    return;
                }
            }
        }
    }
}

/// Distinct words whose terms a thread remembers before it starts over
/// (bounds memory on huge vocabularies).
const KNOWN_WORDS_MAX: usize = 100_000;

/// `value_of` the French analyzer's term for one word as the tokenizer
/// split it (elision included), `None` when the analyzer drops the word (a
/// stop word).
fn analyse_word<V>(word: &str, value_of: impl FnOnce(&str) -> V) -> Option<V> {
    thread_local! {
        static FRENCH: RefCell<TextAnalyzer> = RefCell::new(french_analyzer());
        /// word -> term. Pages repeat few words many times (Zipf), so
        /// each thread remembers the words of the hits it has seen, across
        /// hits and queries.
        static KNOWN: RefCell<FxHashMap<Box<str>, Option<Box<str>>>> =
            RefCell::new(FxHashMap::default());
    }
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if let Some(term) = known.get(word) {
            return term.as_deref().map(value_of);
        }
        let term: Option<Box<str>> = FRENCH.with(|french| {
            let mut french = french.borrow_mut();
            let mut stream = french.token_stream(word);
            stream
                .advance()
                .then(|| stream.token().text.as_str().into())
        });
        if known.len() >= KNOWN_WORDS_MAX {
            known.clear();
        }
        let value = term.as_deref().map(value_of);
        known.insert(word.into(), term);
        value
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::{analyze, Token};

    /// A word as the finder reports it: its offsets, and the wanted term
    /// it is (`None` for the other words the finder yields).
    type Found = (usize, usize, Option<String>);

    fn found(wanted: &[String], text: &str) -> Vec<Found> {
        let finder = TermFinder::new(wanted.iter().map(String::as_str));
        let mut out = Vec::new();
        finder.find(
            text,
            |term| wanted.iter().position(|w| w == term),
            |from, to, at| {
                out.push((from, to, at.map(|i| wanted[i].clone())));
                ControlFlow::Continue(())
            },
        );
        out
    }

    /// What the finder must yield: every token of the whole French
    /// analyzer whose word (elision removed) starts with a non-ASCII
    /// letter or with the first letter of a wanted term, so the snippet
    /// fragments are cut where the first-letter screen cuts them, and every
    /// wanted term where the analyzer finds it.
    fn expected(wanted: &[String], text: &str) -> Vec<Found> {
        let initials: Vec<u8> = wanted
            .iter()
            .filter_map(|t| t.bytes().next())
            .map(|b| b.to_ascii_lowercase())
            .collect();
        let first_letter_passes = |t: &Token| {
            let first = text.as_bytes()[t.offset_from];
            !first.is_ascii()
                || initials.contains(&first.to_ascii_lowercase())
                || initials.iter().any(|b| !b.is_ascii())
        };
        analyze(text)
            .into_iter()
            .filter(first_letter_passes)
            .map(|t| {
                let term = wanted.contains(&t.text).then(|| t.text.clone());
                (t.offset_from, t.offset_to, term)
            })
            .collect()
    }

    /// Over real pages, a few distinct terms at a time, as a query's terms.
    #[test]
    fn finds_every_wanted_term_and_keeps_the_fragment_cuts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for dir in ["corpus", "tests/fixtures/relevance"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            for path in paths {
                text.push_str(&std::fs::read_to_string(path).unwrap());
                text.push('\n');
            }
        }
        let all = analyze(&text);
        assert!(all.len() > 1000, "fixtures hold text");
        let mut terms: Vec<String> = all.into_iter().map(|t| t.text).collect();
        terms.sort_unstable();
        terms.dedup();
        for chunk in terms.chunks(9).step_by(5) {
            let found = found(chunk, &text);
            assert!(found.iter().any(|(_, _, t)| t.is_some()), "{chunk:?}");
            assert_eq!(found, expected(chunk, &text), "terms {chunk:?}");
        }
    }

    #[test]
    fn stops_when_told() {
        let wanted = ["refug".to_string()];
        let finder = TermFinder::new(wanted.iter().map(String::as_str));
        let mut seen = 0;
        finder.find(
            "réfugiés, réfugiées et réfugié",
            |term| term == "refug",
            |_, _, _| {
                seen += 1;
                ControlFlow::Break(())
            },
        );
        assert_eq!(seen, 1);
    }

    /// Words of French pages, and the odd ones: elisions with each
    /// apostrophe, stop words, capitals, accents at the start and second,
    /// ligatures, decomposed accents, other scripts, digits, overlong words.
    const WORDS: &[&str] = &[
        "les",
        "des",
        "de",
        "la",
        "à",
        "A",
        "aux",
        "avec",
        "ainsi",
        "sont",
        "ses",
        "sa",
        "se",
        "été",
        "Été",
        "être",
        "avait",
        "réfugiés",
        "Réfugiés",
        "REFUGIES",
        "refugies",
        "rapportées",
        "migration",
        "migrations",
        "Migrants",
        "sécurité",
        "Sécurité",
        "soudan",
        "Soudan",
        "frontières",
        "État",
        "États",
        "Etat",
        "œuvre",
        "ŒUVRE",
        "oeuvre",
        "aujourd’hui",
        "aujourd'hui",
        "presqu’île",
        "qu’il",
        "jusqu’à",
        "lorsqu'on",
        "l’OIM",
        "l'OIM",
        "L`Asie",
        "d\u{2bc}Ivoire",
        "d´Almaty",
        "d‘Almaty",
        "s'occuper",
        "s`occuper",
        "l’l’OIM",
        "e\u{301}tat",
        "Душанбе",
        "東京",
        "2019",
        "37",
        "x",
        "l",
        "ᴀbc",
        "İstanbul",
        "développement",
        "DÉVELOPPEMENT",
        "anticonstitutionnellement",
    ];

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(WORDS).prop_map(str::to_string),
            2 => "[a-zA-Zéèêàçœ]{1,12}",
            1 => "(l|d|qu|jusqu|L|D|s)['’ʼ`´‘][a-zA-Zéèàœ]{1,10}",
            1 => "[a-z]{60,68}",
            1 => "[a-z]{1,3}[’'][a-z]{1,4}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        let gap = prop::sample::select(
            &[
                " ", " ", " ", ", ", "-", "’", "' ", ". ", "\n", "\u{a0}", "« ", "",
            ][..],
        );
        prop::collection::vec((word(), gap), 0..60)
            .prop_map(|parts| parts.into_iter().map(|(w, g)| w + g).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// French-like text, and as wanted terms some of its own terms
        /// and a few others (one letter, non-ASCII, with an apostrophe).
        #[test]
        fn the_finder_meets_its_specification(
            text in text(),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 1..6),
            extra in prop::sample::subsequence(vec!["a", "s", "é", "etat", "s'occup", "l'oim", "abc"], 0..3),
        ) {
            let terms: Vec<String> = analyze(&text).into_iter().map(|t| t.text).collect();
            let mut wanted: Vec<String> = extra.into_iter().map(str::to_string).collect();
            if !terms.is_empty() {
                wanted.extend(picks.iter().map(|i| terms[i.index(terms.len())].clone()));
            }
            wanted.sort();
            wanted.dedup();
            prop_assert_eq!(found(&wanted, &text), expected(&wanted, &text));
        }
    }
}
