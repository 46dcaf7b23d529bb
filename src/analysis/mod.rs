//! The French analyzer: the one chain of steps that turns text into indexed
//! terms, used for every text field at index time and at query time.
//!
//! The order is written once, in [`french_analyzer`]:
//! words → elision → lowercase → accent/ligature folding → stop words → stem.
//! Folding runs before stemming so that `frontières` and `frontieres` reach
//! the stemmer as the same string and share a stem.

mod elision;
mod index_text;
mod initials;
mod stemmer;
mod stop_words;
mod tokenizer;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, TokenStream,
};

pub use elision::ElisionFilter;
pub(crate) use index_text::{IndexAnalysis, PreAnalyzedTokenizer, PRE_ANALYZED};
pub(crate) use initials::InitialsFilter;
pub use stemmer::FrenchStemmer;
pub use tokenizer::FrenchWordTokenizer;

pub(crate) use tokenizer::is_word_char;

/// Name under which the analyzer is registered with tantivy.
pub const FRENCH_ANALYZER: &str = "fr";

/// Name of the analyzer that folds without stemming or stop words (used for
/// typo-tolerant and prefix matching against whole words).
pub const FOLDED_ANALYZER: &str = "fr_folded";

/// Words longer than this many bytes are dropped (base64, URLs, garbage).
const MAX_WORD_BYTES: usize = 64;

/// Builds the full French analyzer chain, as registered with tantivy under
/// [`FRENCH_ANALYZER`].
///
/// ```
/// use tantivy::tokenizer::TokenStream;
/// let mut analyzer = oim_search::french_analyzer();
/// let mut stream = analyzer.token_stream("Les réfugiés");
/// assert!(stream.advance());
/// assert_eq!(stream.token().text, "refug");
/// ```
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(ElisionFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words::french_stop_word_filter())
        .filter(FrenchStemmer)
        .build()
}

/// The French analyzer for finding a few known terms in a text (snippets):
/// words that cannot reach one of `terms` are dropped before lowercasing,
/// folding and stemming. Yields the same tokens as [`french_analyzer`] for
/// every word that may match.
pub(crate) fn term_finder<'a>(terms: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(ElisionFilter)
        .filter(InitialsFilter::new(terms))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words::french_stop_word_filter())
        .filter(FrenchStemmer)
        .build()
}

/// The same chain without stop-word removal and stemming: whole folded words.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(ElisionFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
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
/// `asie et oceanie`, `Côte d’Ivoire` → `cote d ivoire`).
///
/// ```
/// assert_eq!(oim_search::fold_key("  Asie et OCÉANIE "), "asie et oceanie");
/// assert_eq!(oim_search::fold_key("Iran (République islamique d’)"), "iran republique islamique d");
/// ```
pub fn fold_key(text: &str) -> String {
    use tantivy::tokenizer::SimpleTokenizer;
    thread_local! {
        static FOLDER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    FOLDER.with(|folder| {
        let mut folder = folder.borrow_mut();
        let mut stream = folder.token_stream(text);
        let mut key = String::with_capacity(text.len());
        while stream.advance() {
            // ascii folding can leave punctuation such as the apostrophe
            for part in stream.token().text.split(|c: char| !c.is_alphanumeric()) {
                if !part.is_empty() {
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    key.push_str(part);
                }
            }
        }
        key
    })
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

    #[test]
    fn fold_key_table() {
        for (input, key) in [
            ("Asie et Océanie", "asie et oceanie"),
            ("Côte d’Ivoire", "cote d ivoire"),
            ("ŒUVRE", "oeuvre"),
            ("", ""),
        ] {
            assert_eq!(fold_key(input), key);
        }
    }
}
