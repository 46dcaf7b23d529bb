//! The French analyzer: the one chain of steps that turns text into indexed
//! terms, used for every text field at index time and at query time.
//!
//! The normalisation list (NFC → apostrophes → spaces and hyphens → case
//! and folding) is written once, in `normalise/`: every text gets its first
//! step where it enters the engine, the analyzer the others word by word.
//!
//! The order of the analyzer is written once, in `chain.rs`:
//! words → drop overlong words → elision → apostrophes → lowercase and
//! accent/ligature folding → stop words → stem. Folding runs before stemming so that
//! `frontières` and `frontieres` reach the stemmer as the same string and
//! share a stem. The other analyzers here (folded words, comparison keys)
//! are the same chain with steps left out; the snippets' term finder
//! (`term_finder.rs`) runs the whole chain on the words it cannot screen out.

mod chain;
mod elision;
mod index_text;
mod initials;
mod normalise;
mod stemmer;
mod stop_words;
mod term_finder;
mod tokenizer;
mod word_tally;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

pub(crate) use chain::has_overlong_word;
pub use chain::MAX_WORD_BYTES;
use chain::{chain, Steps};
pub(crate) use index_text::{IndexAnalysis, PreAnalyzedTokenizer, PRE_ANALYZED};
pub use normalise::APOSTROPHES;
pub(crate) use normalise::{is_apostrophe, normal_form, normalise_through, to_normal_form, Step};
pub(crate) use term_finder::TermFinder;
pub(crate) use {elision::ELISIONS, stop_words::folded_stop_words};

pub(crate) use tokenizer::is_word_char;
use tokenizer::FrenchWordTokenizer;
pub(crate) use word_tally::WordTally;

/// Builds the full French analyzer chain: what [`analyze`] runs, and what
/// the indexed terms of every text field are (see `index_text`).
pub(crate) fn french_analyzer() -> TextAnalyzer {
    chain(Steps::french())
}

/// The same chain without stop-word removal and stemming: whole folded words.
pub(crate) fn folded_analyzer() -> TextAnalyzer {
    chain(Steps::folded())
}

/// One analysed term, with where it came from in the original text.
///
/// ```
/// let t = &oim_search::analyze("l’OIM")[0];
/// assert_eq!((t.text.as_str(), t.offset_from, t.offset_to, t.position), ("oim", 4, 7, 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The indexed term (folded, stemmed).
    pub text: String,
    /// Byte offset of the first byte of the word in the analysed text.
    pub offset_from: usize,
    /// Byte offset just past the word.
    pub offset_to: usize,
    /// Word position (stop words keep their position, so phrases stay exact).
    pub position: usize,
}

/// Runs the French analyzer over `text` and returns what would be indexed.
///
/// ```
/// let tokens = oim_search::analyze("l’État et les Frontières");
/// let terms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(terms, ["etat", "frontier"]);
/// assert_eq!(&"l’État et les Frontières"[tokens[0].offset_from..tokens[0].offset_to], "État");
/// ```
pub fn analyze(text: &str) -> Vec<Token> {
    collect_tokens(&mut french_analyzer(), text)
}

/// Runs any analyzer and collects its tokens.
pub(crate) fn collect_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let t = stream.token();
        tokens.push(Token {
            text: t.text.clone(),
            offset_from: t.offset_from,
            offset_to: t.offset_to,
            position: t.position,
        });
    }
    tokens
}

/// A comparison key for names and facet values: lowercase, no accents or
/// ligatures, words joined by single spaces (`Asie et Océanie` →
/// `asie et oceanie`, `Côte d’Ivoire` → `cote d ivoire`). Decomposed (NFD)
/// accents fold like composed ones: words are split by the analyzer's own
/// tokenizer, which keeps combining marks inside words, and the marks left
/// after folding are dropped.
pub fn fold_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut tokenizer = FrenchWordTokenizer::default();
    let mut words = tokenizer.token_stream(text);
    while words.advance() {
        let word = words.token().text.as_str();
        // most words: ASCII letters and digits, which the steps below only
        // lowercase (news pages are folded whole to find country names)
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            continue;
        }
        // the folding chain's steps after the tokenizer, in its order
        let unified = normalise::unify_apostrophes(word);
        let folded = normalise::case_and_folding(&unified);
        push_key_parts(&mut key, &folded);
    }
    key
}

/// Adds a folded word to a [`fold_key`] key: a word may hold an apostrophe
/// (`d’Ivoire`) or, after folding, other punctuation, and each part is a
/// word of the key (its letters and digits, the marks left dropped).
fn push_key_parts(key: &mut String, folded: &str) {
    for part in folded.split(|c: char| !is_word_char(c)) {
        let mut letters = part.chars().filter(|c| c.is_alphanumeric()).peekable();
        if letters.peek().is_none() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(letters);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn whole_chain_table() {
        let table: &[(&str, &[&str])] = &[
            ("l’OIM", &["oim"]),
            ("l'OIM", &["oim"]),
            (
                "DÉVELOPPEMENT développement developpement",
                &["developp", "developp", "developp"],
            ),
            ("État Etat ETAT état", &["etat", "etat", "etat", "etat"]),
            ("frontière frontieres", &["frontier", "frontier"]),
            ("réfugiés refugies réfugiée", &["refug", "refug", "refug"]),
            ("capacités capacites", &["capacit", "capacit"]),
            ("mise en œuvre", &["mis", "oeuvr"]),
            ("à même été", &[]),
            ("Guinée‑Bissau", &["guin", "bissau"]),
            ("processus d’Almaty", &["processus", "almaty"]),
            ("", &[]),
            ("!!! ??", &[]),
        ];
        for (input, expected) in table {
            assert_eq!(terms(input), *expected, "input {input:?}");
        }
    }

    /// Every apostrophe of the one set reads like `’`, in the page and in
    /// the query: elided or inside a word.
    #[test]
    fn every_apostrophe_analyses_alike() {
        let typographic = analyze("l’OIM d’aujourd’hui");
        for apostrophe in APOSTROPHES {
            let text = format!("l{apostrophe}OIM d{apostrophe}aujourd{apostrophe}hui");
            let tokens = analyze(&text);
            let terms = |t: &[Token]| t.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
            assert_eq!(terms(&tokens), terms(&typographic), "{text:?}");
            // offsets are the text's own: the word as written is highlighted
            assert_eq!(&text[tokens[0].offset_from..tokens[0].offset_to], "OIM");
        }
    }

    #[test]
    fn french_analyzer_streams_terms() {
        let mut analyzer = french_analyzer();
        let mut stream = analyzer.token_stream("Les réfugiés");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "refug");
        assert!(!stream.advance());
    }

    #[test]
    fn positions_keep_gaps_for_stop_words() {
        let tokens = analyze("gestion des migrations");
        assert_eq!(
            tokens.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 2]
        );
    }

    #[test]
    fn offsets_point_into_original_text() {
        let text = "Le Gouvernement du Kirghizistan a chargé l’OIM";
        for t in analyze(text) {
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        }
        let last = analyze(text).pop().unwrap();
        assert_eq!(&text[last.offset_from..last.offset_to], "OIM");
    }

    /// `fold_key` as it was written before its fast path: the folding
    /// chain, then the key built from each word's parts.
    fn fold_key_through_the_chain(text: &str) -> String {
        let mut folder = chain(Steps::folding());
        let mut stream = folder.token_stream(text);
        let mut key = String::new();
        while stream.advance() {
            push_key_parts(&mut key, &stream.token().text);
        }
        key
    }

    proptest::proptest! {
        #[test]
        fn fold_key_equals_the_folding_chain(
            text in r"([a-zA-Z0-9]{1,6}|[ÉéÀœŒçÇ’'`ʼ´ -]|e\u{301}|ß|ǅ|ΣΊ|½|²|\u{ad}|Ⅻ|\.){0,12}"
        ) {
            proptest::prop_assert_eq!(fold_key(&text), fold_key_through_the_chain(&text));
        }
    }

    #[test]
    fn fold_key_table() {
        for (input, key) in [
            ("Asie et Océanie", "asie et oceanie"),
            ("Côte d’Ivoire", "cote d ivoire"),
            ("ŒUVRE", "oeuvre"),
            ("  Asie et OCÉANIE ", "asie et oceanie"),
            (
                "Iran (République islamique d’)",
                "iran republique islamique d",
            ),
            // NFD: the accents are combining marks after their letter
            ("Co\u{302}te d\u{2019}Ivoire", "cote d ivoire"),
            ("Re\u{301}publique du Conge\u{301}", "republique du conge"),
            ("Guinée\u{2011}Bissau", "guinee bissau"),
            ("", ""),
        ] {
            assert_eq!(fold_key(input), key, "{input:?}");
        }
    }
}
