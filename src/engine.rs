//! The [`Engine`]: opens or creates an index, indexes corpus folders and
//! documents, commits, and hands searches to `search`. It owns the tantivy
//! index, one reader per process and, while writing, one writer.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::corpus::{decode_page, list_corpus, page_id, read_page_bytes, DEFAULT_MAX_FILE_SIZE};
use crate::document::{parse_page, Document};
use crate::error::{Error, Result};
use crate::schema::{build_schema, register_analyzers, to_tantivy, Fields, FORMAT_VERSION};
use crate::search::{self, FacetCounts, SearchRequest, SearchResults};

/// What the index records about the engine that wrote it (commit payload).
#[derive(Debug, Serialize, serde::Deserialize)]
struct CommitPayload {
    format: u32,
    engine: String,
}

fn engine_version() -> String {
    format!("oim-search {}", env!("CARGO_PKG_VERSION"))
}

/// Options for opening or creating an [`Engine`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let engine = oim_search::EngineBuilder::new(dir.path()).memory_mb(64).threads(1).create().unwrap();
/// assert_eq!(engine.num_docs(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    dir: PathBuf,
    memory_mb: usize,
    threads: usize,
}

impl EngineBuilder {
    /// Options for the index in `dir`, with defaults (128 MB writer memory,
    /// one indexing thread per core up to 4).
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index");
    /// # let _ = builder;
    /// ```
    pub fn new(dir: impl Into<PathBuf>) -> EngineBuilder {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        EngineBuilder {
            dir: dir.into(),
            memory_mb: 128,
            threads: cores.clamp(1, 4),
        }
    }

    /// Memory the writer may buffer before flushing a segment (at least 16 MB
    /// per thread); it also bounds the size of the segments merges join (see
    /// the README's Performance section).
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index").memory_mb(64);
    /// # let _ = builder;
    /// ```
    pub fn memory_mb(mut self, mb: usize) -> EngineBuilder {
        self.memory_mb = mb;
        self
    }

    /// Number of indexing threads.
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index").threads(1);
    /// # let _ = builder;
    /// ```
    pub fn threads(mut self, threads: usize) -> EngineBuilder {
        self.threads = threads.max(1);
        self
    }

    /// Opens the existing index.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// drop(engine);
    /// let reopened = oim_search::EngineBuilder::new(dir.path()).open().unwrap();
    /// assert_eq!(reopened.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::NoIndex`] when there is none, [`Error::IncompatibleIndex`] when
    /// it was written with another format.
    pub fn open(self) -> Result<Engine> {
        if !self.dir.join("meta.json").is_file() {
            return Err(Error::NoIndex { path: self.dir });
        }
        let index = Index::open_in_dir(&self.dir).map_err(|e| Error::index(&self.dir, e))?;
        check_compatible(&self.dir, &index)?;
        Engine::from_index(self, index)
    }

    /// Creates a new, empty index (the directory is created if needed).
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let engine = oim_search::EngineBuilder::new(dir.path()).threads(1).create().unwrap();
    /// assert_eq!(engine.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] when the directory cannot be created, [`Error::Index`]
    /// when it already holds an index.
    pub fn create(self) -> Result<Engine> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let (schema, _) = build_schema();
        let index =
            Index::create_in_dir(&self.dir, schema).map_err(|e| Error::index(&self.dir, e))?;
        let engine = Engine::from_index(self, index)?;
        // record the format right away so the empty index opens cleanly,
        // and release the write lock until something is written
        engine.finish_writing()?;
        Ok(engine)
    }

    /// Opens the index, or creates it when the directory holds none.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let first = oim_search::EngineBuilder::new(dir.path()).open_or_create().unwrap();
    /// drop(first);
    /// let again = oim_search::EngineBuilder::new(dir.path()).open_or_create().unwrap();
    /// assert_eq!(again.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// As [`EngineBuilder::open`] and [`EngineBuilder::create`].
    pub fn open_or_create(self) -> Result<Engine> {
        if self.dir.join("meta.json").is_file() {
            self.open()
        } else {
            self.create()
        }
    }

    /// Deletes whatever index files the directory holds and creates a fresh
    /// index: the way out of an incompatible or damaged index.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// oim_search::Engine::create(dir.path()).unwrap();
    /// let fresh = oim_search::EngineBuilder::new(dir.path()).recreate().unwrap();
    /// assert_eq!(fresh.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// As [`EngineBuilder::create`]; [`Error::IndexLocked`] if another process writes it.
    pub fn recreate(self) -> Result<Engine> {
        remove_index_files(&self.dir)?;
        self.create()
    }
}

/// Refuses indexes written by another format or schema.
fn check_compatible(dir: &Path, index: &Index) -> Result<()> {
    let expected = format!("format {FORMAT_VERSION}");
    let meta = index.load_metas().map_err(|e| Error::index(dir, e))?;
    let found = match meta
        .payload
        .as_deref()
        .map(serde_json::from_str::<CommitPayload>)
    {
        Some(Ok(p)) if p.format == FORMAT_VERSION => None,
        Some(Ok(p)) => Some(format!("format {} by {}", p.format, p.engine)),
        _ => Some("no format version".to_string()),
    };
    let (schema, _) = build_schema();
    let same_schema =
        serde_json::to_string(&schema).ok() == serde_json::to_string(&index.schema()).ok();
    match (found, same_schema) {
        (None, true) => Ok(()),
        (found, _) => Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found: found.unwrap_or_else(|| "another schema".to_string()),
            expected,
        }),
    }
}

/// Removes tantivy's files from an index directory, leaving anything else
/// (such as a README) alone. Does nothing to a directory that holds no index.
fn remove_index_files(dir: &Path) -> Result<()> {
    if !dir.join("meta.json").is_file() {
        return Ok(());
    }
    // refuse while another process writes
    let lock_path = dir.join(".tantivy-writer.lock");
    if lock_path.exists() {
        let file = std::fs::File::open(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        if fs2::FileExt::try_lock_exclusive(&file).is_err() {
            return Err(Error::IndexLocked {
                path: dir.to_path_buf(),
            });
        }
    }
    const EXTENSIONS: [&str; 9] = [
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "json",
        "lock",
    ];
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
            || (EXTENSIONS.contains(&ext) && name.len() > 32);
        if ours && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Pages a segment may hold and still be merged, per MB of `--memory`.
///
/// A merge joins 8 segments and reads them whole through memory maps, which
/// count in the process's resident memory; bounding the size of the
/// segments it may join bounds that. With the default 128 MB, fresh
/// segments (a few thousand pages) merge once into ~20 000-page segments:
/// a million pages index within 400 MB and end in ~45 segments. With
/// `--memory 1024`, those merge again into ~180 000-page segments: a
/// million pages end in ~11 segments (faster searches, each paying its
/// per-segment costs fewer times) but the merges map ~600 MB.
const MERGEABLE_DOCS_PER_MB: usize = 100;

fn merge_policy(memory_mb: usize) -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(memory_mb.max(1) * MERGEABLE_DOCS_PER_MB);
    policy
}

/// A file that was skipped or indexed with a warning (see [`IndexReport`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileIssue {
    /// The file (or `line N` of an NDJSON input).
    pub path: PathBuf,
    /// What happened, in one line.
    pub message: String,
}

/// Most threads one search uses (one per segment at most).
const SEARCH_THREADS: usize = 4;

/// A 64-bit hash of an identifier (collisions among a million IDs: ~3e-8).
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Pages parsed in parallel between two bookkeeping passes.
const PAGES_PER_CHUNK: usize = 4096;

/// What [`Engine::index_corpus`] did.
///
/// ```
/// let corpus = tempfile::tempdir().unwrap();
/// std::fs::write(corpus.path().join("p.txt"), "Titre\n\n  • IDF Region\n    Afrique\nCorps.").unwrap();
/// std::fs::write(corpus.path().join("empty.txt"), "").unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// let engine = oim_search::Engine::create(dir.path()).unwrap();
/// let report = engine.index_corpus(corpus.path()).unwrap();
/// assert_eq!((report.indexed, report.documents), (1, 1));
/// assert_eq!(report.skipped[0].message, "empty file");
/// // a second run re-reads nothing
/// assert_eq!(engine.index_corpus(corpus.path()).unwrap().unchanged, 1);
/// ```
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Pages parsed and written (new or changed).
    pub indexed: usize,
    /// Pages new to the index.
    pub added: usize,
    /// Pages whose content changed since the last run.
    pub updated: usize,
    /// Pages unchanged since the last run (not re-read into the index).
    pub unchanged: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<FileIssue>,
    /// Files indexed despite a problem.
    pub warnings: Vec<FileIssue>,
    /// Hidden and non-`.txt` files in the folder, not read.
    pub ignored: usize,
    /// Documents in the index after the run.
    pub documents: u64,
    /// True when the whole index was rebuilt.
    pub full_rebuild: bool,
    /// Skipped files beyond the first [`MAX_REPORTED_ISSUES`], counted only.
    pub skipped_omitted: usize,
    /// Warnings beyond the first [`MAX_REPORTED_ISSUES`], counted only.
    pub warnings_omitted: usize,
}

/// Skipped files and warnings an [`IndexReport`] lists one by one (each);
/// the rest are counted, so a huge messy corpus cannot exhaust memory.
pub const MAX_REPORTED_ISSUES: usize = 10_000;

impl IndexReport {
    fn skip(&mut self, path: &Path, message: String) {
        push_capped(&mut self.skipped, &mut self.skipped_omitted, path, message);
    }

    fn warn(&mut self, path: &Path, message: String) {
        push_capped(
            &mut self.warnings,
            &mut self.warnings_omitted,
            path,
            message,
        );
    }
}

/// Lists an issue while under [`MAX_REPORTED_ISSUES`], else only counts it.
fn push_capped(list: &mut Vec<FileIssue>, omitted: &mut usize, path: &Path, message: String) {
    if list.len() < MAX_REPORTED_ISSUES {
        list.push(FileIssue {
            path: path.to_path_buf(),
            message,
        });
    } else {
        *omitted += 1;
    }
}

/// Options of one indexing run.
///
/// ```
/// let progress = |done: usize, total: usize| assert!(done <= total);
/// let options = oim_search::IndexOptions { full: true, progress: Some(&progress), ..Default::default() };
/// # let corpus = tempfile::tempdir().unwrap();
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// engine.index_corpus_with(corpus.path(), &options).unwrap();
/// ```
pub struct IndexOptions<'a> {
    /// Rebuild everything instead of updating what changed.
    pub full: bool,
    /// Larger files are skipped.
    pub max_file_size: u64,
    /// Called as pages are processed: (done, total).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

impl Default for IndexOptions<'_> {
    fn default() -> Self {
        IndexOptions {
            full: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            progress: None,
        }
    }
}

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
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Option<IndexWriter>>,
    options: EngineBuilder,
    facet_cache: search::FacetCache,
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

    fn from_index(options: EngineBuilder, mut index: Index) -> Result<Engine> {
        register_analyzers(&index);
        let dir = options.dir.clone();
        // a search walks its segments on all cores: lower latency per query
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            index
                .set_multithread_executor(cores.min(SEARCH_THREADS))
                .map_err(|e| Error::index(&dir, e))?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&dir, e))?;
        let (_, fields) = build_schema();
        Ok(Engine {
            dir,
            index,
            reader,
            fields,
            writer: Mutex::new(None),
            options,
            facet_cache: search::FacetCache::default(),
        })
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

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Prepares for many searches: loads compact copies of the facet
    /// columns so facet counts cost an array lookup per match. Worth it in
    /// long-running processes (batch mode, the server); a one-shot search
    /// skips it and reads the columns directly.
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
        self.facet_cache.enable();
        for segment in self.searcher().segment_readers() {
            self.facet_cache
                .segment(segment)
                .map_err(|e| Error::index(&self.dir, e))?;
        }
        Ok(())
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

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            let threads = self.options.threads;
            let per_thread = (self.options.memory_mb * 1024 * 1024 / threads).max(15_000_000);
            let options = tantivy::indexer::IndexWriterOptions::builder()
                .num_worker_threads(threads)
                .memory_budget_per_thread(per_thread)
                .num_merge_threads(1)
                .build();
            let writer = self
                .index
                .writer_with_options(options)
                .map_err(|e| match e {
                    TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                        path: self.dir.clone(),
                    },
                    e => Error::index(&self.dir, e),
                })?;
            writer.set_merge_policy(Box::new(merge_policy(self.options.memory_mb)));
            *guard = Some(writer);
        }
        Ok(guard)
    }

    /// Takes the write lock on the index now, so that a second writer fails
    /// at once instead of after reading a whole corpus.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// engine.lock_for_writing().unwrap();
    /// engine.finish_writing().unwrap(); // releases the lock
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexLocked`] when another process writes the index.
    pub fn lock_for_writing(&self) -> Result<()> {
        self.writer().map(|_| ())
    }

    /// Adds (or replaces, by id) one document. Visible after [`Engine::commit`].
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration de main-d’œuvre")).unwrap();
    /// engine.commit().unwrap();
    /// assert!(engine.get("a").unwrap().is_some());
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidDocument`] for an empty id; [`Error::IndexLocked`].
    pub fn add(&self, document: Document) -> Result<()> {
        let document = normalise_document(document)?;
        let guard = self.writer()?;
        let writer = guard.as_ref().expect("writer was just created");
        writer.delete_term(Term::from_field_text(self.fields.id, &document.id));
        writer
            .add_document(to_tantivy(&self.fields, &document, 0))
            .map_err(|e| Error::index(&self.dir, e))?;
        Ok(())
    }

    /// Deletes the document with this id (if any). Visible after [`Engine::commit`].
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.commit().unwrap();
    /// engine.delete("a").unwrap();
    /// engine.commit().unwrap();
    /// assert!(engine.get("a").unwrap().is_none());
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexLocked`] when another process writes the index.
    pub fn delete(&self, id: &str) -> Result<()> {
        let guard = self.writer()?;
        if let Some(writer) = guard.as_ref() {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        Ok(())
    }

    /// Makes every change since the last commit durable and searchable,
    /// atomically: a crash before it returns leaves the previous commit intact.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.commit().unwrap();
    /// assert_eq!(engine.search(&oim_search::SearchRequest::new("migration")).unwrap().total, 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be written.
    pub fn commit(&self) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer was just created");
        let payload = serde_json::to_string(&CommitPayload {
            format: FORMAT_VERSION,
            engine: engine_version(),
        })
        .unwrap_or_default();
        let mut prepared = writer
            .prepare_commit()
            .map_err(|e| Error::index(&self.dir, e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| Error::index(&self.dir, e))?;
        drop(guard);
        self.refresh()
    }

    /// Commits, waits for background segment merges and releases the write
    /// lock (so another process may write the index).
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.finish_writing().unwrap();
    /// assert_eq!(engine.num_docs(), 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be written.
    pub fn finish_writing(&self) -> Result<()> {
        self.commit()?;
        let writer = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(writer) = writer {
            writer
                .wait_merging_threads()
                .map_err(|e| Error::index(&self.dir, e))?;
        }
        self.refresh()
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
            None => Ok(None),
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
    fn view(&self) -> search::IndexView<'_> {
        search::IndexView {
            searcher: self.searcher(),
            fields: &self.fields,
            facet_cache: &self.facet_cache,
            dir: &self.dir,
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
        search::run(&self.view(), request)
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

    /// Indexes the `.txt` pages of a folder with default options: only what
    /// changed since the last run is re-read.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let corpus = tempfile::tempdir().unwrap();
    /// std::fs::write(corpus.path().join("p.txt"), "Titre\nCorps du texte.").unwrap();
    /// let report = engine.index_corpus(corpus.path()).unwrap();
    /// assert_eq!(report.documents, 1);
    /// ```
    ///
    /// # Errors
    /// See [`Engine::index_corpus_with`].
    pub fn index_corpus(&self, corpus_dir: &Path) -> Result<IndexReport> {
        self.index_corpus_with(corpus_dir, &IndexOptions::default())
    }

    /// Indexes the `.txt` pages of a folder: new and changed files (by
    /// content hash) are parsed and written, documents whose file is gone are
    /// removed, and everything is committed at once. Bad files are reported
    /// in the returned report, never fatal.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let corpus = tempfile::tempdir().unwrap();
    /// std::fs::write(corpus.path().join("p.txt"), "Titre\nCorps du texte.").unwrap();
    /// let options = oim_search::IndexOptions { full: true, ..Default::default() };
    /// assert_eq!(engine.index_corpus_with(corpus.path(), &options).unwrap().indexed, 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::NoCorpus`] when the folder does not exist, [`Error::IndexLocked`]
    /// when another process writes the index, [`Error::Index`] on write failure.
    pub fn index_corpus_with(
        &self,
        corpus_dir: &Path,
        options: &IndexOptions<'_>,
    ) -> Result<IndexReport> {
        let listing = list_corpus(corpus_dir)?;
        let mut report = IndexReport {
            ignored: listing.ignored,
            full_rebuild: options.full,
            ..IndexReport::default()
        };
        let guard = self.writer()?;
        let writer = guard.as_ref().expect("writer was just created");
        let previous = if options.full {
            writer
                .delete_all_documents()
                .map_err(|e| Error::index(&self.dir, e))?;
            HashMap::new()
        } else {
            self.corpus_hashes()?
        };

        let total = listing.pages.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        // ids still backed by a file, only needed to find removed files
        let mut seen_ids: HashSet<String> = HashSet::new();
        // project ID -> index of the first page naming it
        // hash of a project ID -> index of the first page naming it (hashes,
        // not strings: a million pages stay a few megabytes)
        let mut project_ids: HashMap<u64, usize> = HashMap::new();
        // pages go through in chunks so memory stays bounded whatever the
        // corpus size; each chunk is parsed in parallel, reported in order
        for (chunk_no, chunk) in listing.pages.chunks(PAGES_PER_CHUNK).enumerate() {
            let outcomes: Vec<PageOutcome> = chunk
                .par_iter()
                .map(|path| {
                    let outcome = self.index_page(writer, path, &previous, options.max_file_size);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if let Some(progress) = options.progress {
                        progress(n, total);
                    }
                    outcome
                })
                .collect();
            for (offset, outcome) in outcomes.into_iter().enumerate() {
                let at = chunk_no * PAGES_PER_CHUNK + offset;
                let path = &listing.pages[at];
                if !previous.is_empty() && !matches!(outcome, PageOutcome::Skipped(_)) {
                    seen_ids.insert(page_id(path));
                }
                match outcome {
                    PageOutcome::Skipped(message) => report.skip(path, message),
                    PageOutcome::Unchanged => report.unchanged += 1,
                    PageOutcome::Indexed {
                        warnings,
                        project_id,
                        existed,
                    } => {
                        report.indexed += 1;
                        if existed {
                            report.updated += 1;
                        } else {
                            report.added += 1;
                        }
                        for message in warnings {
                            report.warn(path, message);
                        }
                        if let Some(pid) = project_id {
                            let key = id_hash(&pid);
                            match project_ids.get(&key) {
                                Some(&first) => {
                                    let message = format!(
                                        "project ID `{pid}` is also in {}; both are indexed",
                                        listing.pages[first].display()
                                    );
                                    report.warn(path, message);
                                }
                                None => {
                                    project_ids.insert(key, at);
                                }
                            }
                        }
                    }
                }
            }
        }
        for id in previous.keys().filter(|id| !seen_ids.contains(*id)) {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
            report.removed += 1;
        }
        drop(guard);
        self.finish_writing()?;
        report.documents = self.num_docs();
        Ok(report)
    }

    /// Reads, parses and writes one page.
    fn index_page(
        &self,
        writer: &IndexWriter,
        path: &Path,
        previous: &HashMap<String, u64>,
        max_size: u64,
    ) -> PageOutcome {
        let id = page_id(path);
        let page = match read_page_bytes(path, max_size) {
            Ok(p) => p,
            Err(e) => return PageOutcome::Skipped(e.to_string()),
        };
        let existed = previous.get(&id);
        if existed == Some(&page.hash) {
            return PageOutcome::Unchanged;
        }
        let (text, decode_warning) = match decode_page(&page.bytes) {
            Ok(t) => t,
            Err(e) => return PageOutcome::Skipped(e.to_string()),
        };
        let parsed = match parse_page(&id, &text) {
            Ok(p) => p,
            Err(e) => return PageOutcome::Skipped(e.to_string()),
        };
        let mut warnings: Vec<String> = decode_warning.into_iter().collect();
        warnings.extend(parsed.warnings);
        if existed.is_some() {
            writer.delete_term(Term::from_field_text(self.fields.id, &id));
        }
        if let Err(e) = writer.add_document(to_tantivy(&self.fields, &parsed.document, page.hash)) {
            return PageOutcome::Skipped(format!("could not be written to the index: {e}"));
        }
        PageOutcome::Indexed {
            warnings,
            project_id: parsed.document.project_id,
            existed: existed.is_some(),
        }
    }

    /// id → content hash of every document that came from a corpus file.
    fn corpus_hashes(&self) -> Result<HashMap<String, u64>> {
        let searcher = self.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let hashes = fast
                .u64("source_hash")
                .map_err(|e| Error::index(&self.dir, e))?;
            let Some(ids) = fast.str("id").map_err(|e| Error::index(&self.dir, e))? else {
                continue;
            };
            let mut id = String::new();
            for doc in segment.doc_ids_alive() {
                let Some(hash) = hashes.first(doc).filter(|h| *h != 0) else {
                    continue;
                };
                let Some(ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                if ids.ord_to_str(ord, &mut id).unwrap_or(false) {
                    out.insert(id.clone(), hash);
                }
            }
        }
        Ok(out)
    }

    /// Adds documents given as JSON lines; bad lines are reported in the
    /// report (as `line N`) and skipped. Commits at the end.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let input = "{\"id\": \"a\", \"title\": \"Migration\"}\nnot json\n";
    /// let report = engine.index_ndjson(input.as_bytes(), "input").unwrap();
    /// assert_eq!((report.indexed, report.skipped.len()), (1, 1));
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexLocked`], [`Error::Index`].
    pub fn index_ndjson(&self, input: impl std::io::BufRead, source: &str) -> Result<IndexReport> {
        let mut report = IndexReport::default();
        for (n, line) in input.lines().enumerate() {
            let where_ = PathBuf::from(format!("{source}: line {}", n + 1));
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    report.skipped.push(FileIssue {
                        path: where_,
                        message: format!("unreadable: {e}"),
                    });
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let result = serde_json::from_str::<Document>(&line)
                .map_err(|e| format!("invalid JSON ({e}); each line must be one document object"))
                .and_then(|d| self.add(d).map_err(|e| e.to_string()));
            match result {
                Ok(()) => {
                    report.indexed += 1;
                    report.added += 1;
                }
                Err(message) => report.skipped.push(FileIssue {
                    path: where_,
                    message,
                }),
            }
        }
        self.finish_writing()?;
        report.documents = self.num_docs();
        Ok(report)
    }
}

enum PageOutcome {
    Skipped(String),
    Unchanged,
    Indexed {
        warnings: Vec<String>,
        project_id: Option<String>,
        existed: bool,
    },
}

/// Checks and normalises a document given through the API, so it is
/// analysed exactly like a parsed page.
fn normalise_document(mut doc: Document) -> Result<Document> {
    use unicode_normalization::UnicodeNormalization;
    doc.id = doc.id.trim().to_string();
    if doc.id.is_empty() {
        return Err(Error::InvalidDocument {
            id: None,
            reason: "missing `id`: every document needs a non-empty id".to_string(),
        });
    }
    let nfc = |s: &mut String| {
        if unicode_normalization::is_nfc_quick(s.chars())
            != unicode_normalization::IsNormalized::Yes
        {
            *s = s.nfc().collect();
        }
    };
    nfc(&mut doc.title);
    nfc(&mut doc.body);
    // countries given in any spelling become canonical names
    let gazetteer = crate::document::gazetteer();
    doc.countries = doc
        .countries
        .iter()
        .map(|c| {
            gazetteer
                .country(c)
                .map(|k| k.name.clone())
                .unwrap_or_else(|| c.trim().to_string())
        })
        .collect();
    if doc.region.is_none() {
        if let Some(region) = doc
            .countries
            .iter()
            .find_map(|c| gazetteer.country(c))
            .map(|c| c.region.clone())
        {
            doc.region = Some(region);
            doc.region_inferred = true;
        }
    }
    Ok(doc)
}
