//! The [`Engine`]: the library's entry point. It holds one index
//! directory's reader, its writer and the facet cache, and hands each job to
//! its module: opening and creating to `index::lifecycle`, writing to
//! `index::writer` and `index::changes`, ingestion to `index::corpus` and
//! `index::ndjson`, searches to `search`.

mod builder;
mod changes;
mod first_build;
mod index_run;
mod ingest_corpus;
mod ingest_ndjson;
mod query_plan;
mod verify;

pub use builder::EngineBuilder;
pub use first_build::{FirstBuild, FIRST_BUILD_WAIT};
pub use index_run::{IndexSource, Opened};
pub use ingest_corpus::IndexOptions;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexReader, TantivyDocument, Term};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::Writer;
use crate::schema::{build_schema, to_tantivy, Fields};
use crate::search::{self, EntryForm, FacetCounts, SearchRequest, SearchResults, Synonyms};

/// A search engine over one index directory. `Send + Sync`: share it between
/// threads (in an `Arc`) and search from all of them; searches see what was
/// committed before they started.
///
/// ```
/// use oim_search::{Document, Engine, SearchRequest};
/// let dir = tempfile::tempdir().unwrap();
/// let engine = Engine::create(dir.path()).unwrap();
/// engine.add(Document {
///     id: "p1".into(),
///     title: "Mobilisation de la diaspora".into(),
///     body: "Un projet pour la diaspora basotho au Lesotho.".into(),
///     ..Document::default()
/// }).unwrap();
/// engine.commit().unwrap();
/// let results = engine.search(&SearchRequest::new("diaspora")).unwrap();
/// assert_eq!(results.hits[0].id, "p1");
/// ```
pub struct Engine {
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    writer: Writer,
    facet_cache: search::FacetCache,
    vocabulary: search::VocabularyCache,
    live_stats: search::LiveStatsCache,
    synonyms: Arc<Synonyms>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("dir", &self.dir).finish()
    }
}

impl Engine {
    /// Opens the index in `dir` with default options.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// drop(engine);
    /// assert!(oim_search::Engine::open(dir.path()).is_ok());
    /// assert!(oim_search::Engine::open(dir.path().join("missing")).is_err());
    /// ```
    ///
    /// # Errors
    /// See [`EngineBuilder::open`].
    pub fn open(dir: impl Into<PathBuf>) -> Result<Engine> {
        EngineBuilder::new(dir).open()
    }

    /// Creates an empty index in `dir` with default options.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// assert_eq!(engine.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// See [`EngineBuilder::create`].
    pub fn create(dir: impl Into<PathBuf>) -> Result<Engine> {
        EngineBuilder::new(dir).create()
    }

    /// The engine over an index's reader and writer (see `EngineBuilder`).
    pub(crate) fn new(
        dir: PathBuf,
        reader: IndexReader,
        writer: Writer,
        synonyms: Arc<Synonyms>,
    ) -> Engine {
        let (_, fields) = build_schema();
        Engine {
            dir,
            reader,
            fields,
            writer,
            facet_cache: search::FacetCache::default(),
            vocabulary: search::VocabularyCache::default(),
            live_stats: search::LiveStatsCache::default(),
            synonyms,
        }
    }

    /// The index directory.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// assert_eq!(engine.dir(), dir.path());
    /// ```
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Prepares for many searches: builds the query-time tables not
    /// compiled into the binary (gazetteer, regions, broader terms,
    /// question words), loads compact copies of the facet columns so
    /// facet counts cost an array lookup per match, and reads the word
    /// list that typo tolerance and completions search (a first search
    /// would read it anyway). Worth it in long-running processes (batch
    /// mode, the server); a one-shot search skips it and reads the columns
    /// directly.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// engine.warm_up().unwrap();
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] if the facet columns cannot be read.
    pub fn warm_up(&self) -> Result<()> {
        search::load_query_tables();
        self.facet_cache.enable();
        let searcher = self.searcher();
        // a list that cannot be read is not fatal: see `word_list_problem`
        let _ = self.vocabulary.words(&searcher, &self.dir);
        for segment in searcher.segment_readers() {
            self.facet_cache
                .segment(segment)
                .map_err(|e| Error::index(&self.dir, e))?;
        }
        Ok(())
    }

    /// Why searches go without typo corrections and completions, if they
    /// do: the word list kept beside the index (`words.fst`) is missing or
    /// damaged. Searches still answer; the next commit (any
    /// `oim-search index` run) rebuilds the list from the stored documents.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// assert_eq!(engine.word_list_problem(), None);
    /// std::fs::remove_file(dir.path().join("words.fst")).unwrap();
    /// let engine = oim_search::Engine::open(dir.path()).unwrap();
    /// assert!(engine.word_list_problem().unwrap().contains("words.fst is missing"));
    /// ```
    pub fn word_list_problem(&self) -> Option<String> {
        let problem = self.vocabulary.words(&self.searcher(), &self.dir).err()?;
        Some(format!(
            "the word list of {}: {problem}: searches go without typo corrections and completions until `oim-search index` rebuilds it",
            self.dir.display()
        ))
    }

    /// Number of documents searchable now.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// assert_eq!(engine.num_docs(), 0, "not committed yet");
    /// engine.commit().unwrap();
    /// assert_eq!(engine.num_docs(), 1);
    /// ```
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes used by the index files.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// assert!(engine.size_bytes() > 0);
    /// ```
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// Picks up commits made by other processes since this engine opened.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// let other = oim_search::Engine::open(dir.path()).unwrap();
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.commit().unwrap();
    /// other.refresh().unwrap();
    /// assert_eq!(other.num_docs(), 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] if the index files cannot be read.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload().map_err(|e| Error::index(&self.dir, e))
    }

    /// The writer, for the ingestion modules.
    pub(crate) fn writer(&self) -> &Writer {
        &self.writer
    }

    /// The tantivy document for `document`, its words counted by this
    /// thread's analysis until taken (see `schema::to_tantivy`).
    pub(crate) fn tantivy_document(
        &self,
        document: &Document,
        source_hash: u64,
    ) -> TantivyDocument {
        to_tantivy(&self.fields, document, source_hash)
    }

    /// Fetches a document by id.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Santé des migrants")).unwrap();
    /// engine.commit().unwrap();
    /// assert_eq!(engine.get("a").unwrap().unwrap().title, "Santé des migrants");
    /// assert!(engine.get("b").unwrap().is_none());
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] if the stored document cannot be read.
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| Error::index(&self.dir, e))?;
        match top.first() {
            Some((_, address)) => self.load_document(&searcher, *address).map(Some),
            // an id typed decomposed finds the page stored composed (ids
            // from file names are kept as they are, so the exact form first)
            None => match id.entry_form() {
                std::borrow::Cow::Owned(composed) => self.get(&composed),
                std::borrow::Cow::Borrowed(_) => Ok(None),
            },
        }
    }

    pub(crate) fn load_document(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> Result<Document> {
        search::load_document(searcher, &self.fields, &self.dir, address)
    }

    /// What a search reads: a searcher on the last commit, the fields and
    /// the facet cache.
    pub(crate) fn view(&self) -> search::IndexView<'_> {
        let searcher = self.searcher();
        search::IndexView {
            stats: search::LiveStats::new(&searcher, &self.live_stats),
            searcher,
            fields: &self.fields,
            facet_cache: &self.facet_cache,
            vocabulary: &self.vocabulary,
            dir: &self.dir,
            synonyms: &self.synonyms,
        }
    }

    /// Runs a search.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Gestion des frontières")).unwrap();
    /// engine.commit().unwrap();
    /// let results = engine.search(&oim_search::SearchRequest::new("FRONTIERES")).unwrap();
    /// assert_eq!(results.hits[0].id, "a");
    /// ```
    ///
    /// # Errors
    /// [`Error::UnknownFacetValue`] for a filter value no document has,
    /// [`Error::InvalidValue`] for out-of-range parameters.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        // pages are stored in normal form: a decomposed query must not miss them
        search::run(&self.view(), &request.entry_form())
    }

    /// Writes every match of a search to `writer`, one row per document in
    /// the search's order (paging ignored), loading the documents a small
    /// batch at a time; returns the number of rows. Call
    /// [`RowWriter::finish`](crate::RowWriter::finish) afterwards.
    ///
    /// ```
    /// use oim_search::{CsvDialect, CsvWriter, RowWriter, SearchRequest};
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Gestion des frontières"))?;
    /// engine.add(doc("b", "Frontières et migration"))?;
    /// engine.commit()?;
    /// let mut csv = Vec::new();
    /// let mut writer = CsvWriter::new(&mut csv, CsvDialect::Rfc4180)?;
    /// let rows = engine.export(&SearchRequest::new("frontières").limit(1), &mut writer)?;
    /// writer.finish()?;
    /// drop(writer);
    /// assert_eq!(rows, 2, "every match, not only the page");
    /// assert_eq!(String::from_utf8(csv)?.lines().count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Engine::search`], and [`Error::Export`] when the writer fails.
    pub fn export(
        &self,
        request: &SearchRequest,
        writer: &mut dyn crate::export::RowWriter,
    ) -> Result<u64> {
        // as in `search`: a decomposed query exports what it finds
        search::export(&self.view(), &request.entry_form(), writer)
    }

    /// Where the words of `query` fall in a document's title and whole
    /// text, to highlight them on a page showing the full document.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let doc = oim_search::Document { id: "a".into(), title: "Frontières".into(), body: "Gestion des frontières. Les frontières du Sud.".into(), ..Default::default() };
    /// engine.add(doc.clone()).unwrap();
    /// engine.commit().unwrap();
    /// let marks = engine.highlights("frontiere", &doc);
    /// assert_eq!(marks.title, [[0, 10]]);
    /// assert_eq!(marks.body, [[12, 22], [28, 38]]);
    /// ```
    pub fn highlights(&self, query: &str, doc: &Document) -> crate::DocumentHighlights {
        search::document_highlights(&self.view(), &query.entry_form(), doc)
    }

    /// Every facet value in the index with its document count.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// engine.add(oim_search::Document { id: "a".into(), title: "t".into(), region: Some("Afrique".into()), ..Default::default() }).unwrap();
    /// engine.commit().unwrap();
    /// assert_eq!(engine.facets().unwrap()[oim_search::Facet::Region]["Afrique"], 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] if the index cannot be read.
    pub fn facets(&self) -> Result<FacetCounts> {
        search::all_facet_counts(&self.view())
    }
}
