//! The data the French analyzer and the query planner are built from, for
//! another engine to rebuild the same analysis (the OpenSearch crate's
//! index settings): the elided articles, the stop words, the synonym file.
//! The chain's order is documented in `analysis`: elision, lowercase,
//! folding, stop words, Snowball French stemming.

use super::synonyms::BUILTIN_SYNONYMS;
use crate::analysis::{folded_stop_words, ELISIONS, MAX_WORD_BYTES};

/// What the French analyzer is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisData {
    /// Elided forms stripped from the front of a word, without apostrophe
    /// (`l`, `d`, `qu`, …), matched in any case.
    pub elision_articles: Vec<&'static str>,
    /// The stop words, folded (lowercase, no accents) as they are removed
    /// after folding.
    pub stop_words: Vec<String>,
    /// The shipped synonym file, in Solr format (`a, b` and `a => b`).
    pub synonyms_solr: &'static str,
    /// Longest word indexed, in bytes (longer words are dropped).
    pub max_word_bytes: usize,
}

/// The analysis data of this build.
///
/// ```
/// let data = oim_search::analysis_data();
/// assert!(data.elision_articles.contains(&"qu"));
/// assert!(data.stop_words.iter().any(|w| w == "les"));
/// assert!(data.synonyms_solr.contains("OIM, Organisation internationale pour les migrations"));
/// ```
pub fn analysis_data() -> AnalysisData {
    AnalysisData {
        elision_articles: ELISIONS.to_vec(),
        stop_words: folded_stop_words().to_vec(),
        synonyms_solr: BUILTIN_SYNONYMS,
        max_word_bytes: MAX_WORD_BYTES,
    }
}
