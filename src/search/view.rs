//! [`IndexView`]: what a search reads from an open index (a searcher, the
//! schema's fields, the facet cache), so that `search` depends on no engine
//! type. The engine builds one per search.

use std::path::Path;
use std::sync::Arc;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::live_stats::LiveStats;
use super::synonyms::Synonyms;
use super::syntax::Clause;
use super::text_query::{build_text_query, TextQuery};
use super::vocabulary::VocabularyCache;
use super::FacetCache;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::{WordListError, Words};
use crate::schema::Fields;

/// A read-only view of an index for one search.
pub(crate) struct IndexView<'a> {
    /// A searcher on the last commit.
    pub searcher: Searcher,
    /// The schema's field handles.
    pub fields: &'a Fields,
    /// Dense facet columns, when the engine was warmed up.
    pub facet_cache: &'a FacetCache,
    /// The word list, read once per set of segments.
    pub vocabulary: &'a VocabularyCache,
    /// The index directory, named in errors.
    pub dir: &'a Path,
    /// Synonym rules: the shipped ones plus the user's.
    pub synonyms: &'a Synonyms,
    /// BM25 statistics of the live documents, which every score and
    /// document frequency of the search uses (see `live_stats`).
    pub stats: LiveStats,
}

impl IndexView<'_> {
    /// An [`Error::Index`] naming this index.
    pub fn error(&self, err: impl std::fmt::Display + 'static) -> Error {
        Error::index(self.dir, err)
    }

    /// The word list of the index (see `vocabulary`).
    ///
    /// # Errors
    /// Why it cannot be used.
    pub fn words(&self) -> std::result::Result<Arc<Words>, WordListError> {
        self.vocabulary.words(&self.searcher, self.dir)
    }

    /// The text query of parsed clauses, built against this index (its
    /// statistics, word list and synonyms). Without a usable word list the
    /// query has no typo corrections and no completions.
    pub fn text_query(&self, clauses: &[Clause], typo: bool, prefix: bool) -> TextQuery {
        let words = self.words().ok();
        build_text_query(
            &self.stats,
            self.fields,
            words.as_deref(),
            self.synonyms,
            clauses,
            typo,
            prefix,
        )
    }

    /// The stored [`Document`] at an address.
    ///
    /// # Errors
    /// [`Error::Index`] if it cannot be read.
    pub fn load_document(&self, address: DocAddress) -> Result<Document> {
        load_document(&self.searcher, self.fields, self.dir, address)
    }
}

/// The stored [`Document`] at an address of `searcher`.
///
/// # Errors
/// [`Error::Index`] naming `dir` if it cannot be read.
pub(crate) fn load_document(
    searcher: &Searcher,
    fields: &Fields,
    dir: &Path,
    address: DocAddress,
) -> Result<Document> {
    let stored: TantivyDocument = searcher.doc(address).map_err(|e| Error::index(dir, e))?;
    let json = stored
        .get_first(fields.doc)
        .and_then(|v| v.as_str())
        .unwrap_or("{}");
    serde_json::from_str(json)
        .map_err(|e| Error::index(dir, format!("stored document unreadable: {e}")))
}
