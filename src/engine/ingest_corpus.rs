//! Corpus ingestion: indexes a folder of `.txt` pages incrementally (by
//! content hash), in parallel chunks, reporting bad files instead of
//! failing. Reading and parsing a page is left to `corpus` and `document`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use tantivy::{IndexWriter, Searcher, Term};

use super::Engine;
use crate::analysis::IndexAnalysis;
use crate::corpus::{decode_page, list_corpus, page_id, read_page_bytes, DEFAULT_MAX_FILE_SIZE};
use crate::document::{parse_page, PageWarning, SkipReason};
use crate::error::{Error, Result};
use crate::index::WriterGuard;
use crate::index::{IndexReport, IssueLocation};

/// A 64-bit hash of an identifier (collisions among a million IDs: ~3e-8).
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Pages parsed in parallel between two bookkeeping passes.
const PAGES_PER_CHUNK: usize = 4096;

/// Pages one parallel task parses, counting their words in one tally.
const PAGES_PER_TALLY: usize = 128;

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
    /// Let a run remove more than half of the index's documents (their
    /// pages are gone from the folder); without it such a run changes
    /// nothing and fails with [`Error::RemovalRefused`].
    pub allow_removal: bool,
}

impl Default for IndexOptions<'_> {
    fn default() -> Self {
        IndexOptions {
            full: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            progress: None,
            allow_removal: false,
        }
    }
}

impl Engine {
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
    /// A run that finds no indexable page changes nothing; one that would
    /// remove more than half of the documents changes nothing unless
    /// [`IndexOptions::allow_removal`] is set. Before an incremental run the
    /// index files are checked against their checksums, and after any run
    /// the index must hold each id once.
    ///
    /// # Errors
    /// [`Error::NoCorpus`] when the folder does not exist, [`Error::IndexLocked`]
    /// when another process writes the index, [`Error::NothingToIndex`] and
    /// [`Error::RemovalRefused`] (nothing changed), [`Error::DamagedIndex`],
    /// [`Error::Index`] on write failure.
    pub fn index_corpus_with(
        &self,
        corpus_dir: &Path,
        options: &IndexOptions<'_>,
    ) -> Result<IndexReport> {
        self.index_corpus_until(corpus_dir, options, None)
    }

    /// As [`Engine::index_corpus_with`], but stops early when `cancel`
    /// turns true (set from another thread, a signal handler or the
    /// progress callback): the pages not yet read are left, what the run
    /// wrote is dropped, the write lock is released and the index stays as
    /// it was at its last commit. Once the run's commit has begun it
    /// completes; the flag is then ignored.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let corpus = tempfile::tempdir().unwrap();
    /// std::fs::write(corpus.path().join("p.txt"), "Titre\nCorps du texte.").unwrap();
    /// let cancel = AtomicBool::new(false);
    /// let stop = |_done: usize, _total: usize| cancel.store(true, Ordering::Relaxed);
    /// let options = oim_search::IndexOptions { progress: Some(&stop), ..Default::default() };
    /// let err = engine.index_corpus_cancellable(corpus.path(), &options, &cancel).unwrap_err();
    /// assert!(matches!(err, oim_search::Error::Cancelled { .. }));
    /// assert_eq!(engine.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the flag stopped the run; otherwise as
    /// [`Engine::index_corpus_with`].
    pub fn index_corpus_cancellable(
        &self,
        corpus_dir: &Path,
        options: &IndexOptions<'_>,
        cancel: &AtomicBool,
    ) -> Result<IndexReport> {
        self.index_corpus_until(corpus_dir, options, Some(cancel))
    }

    /// The indexing run, stopped early (everything dropped) when `cancel`
    /// turns true before the commit.
    fn index_corpus_until(
        &self,
        corpus_dir: &Path,
        options: &IndexOptions<'_>,
        cancel: Option<&AtomicBool>,
    ) -> Result<IndexReport> {
        let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        let listing = list_corpus(corpus_dir)?;
        let mut writer = self.writer().lock()?;
        let documents_before = self.num_docs();
        let previous = self.previous_hashes(&mut writer, options.full)?;
        let mut tally = OutcomeTally::new(&listing.pages, !previous.is_empty());
        tally.report.ignored = listing.ignored;
        tally.report.full_rebuild = options.full;
        // replacing by id means one delete operation per page, each holding
        // a term weight (~1.3 KB) in tantivy's delete queue until the commit:
        // 1.3 GB for a million pages. An index that held nothing (a first
        // build) or was emptied (--full) has nothing to replace; otherwise
        // only the ids the committed index holds are replaced, so adding
        // new pages to an index queues no deletes either.
        let committed = (!options.full && documents_before > 0).then(|| self.searcher());
        self.index_pages(
            &writer,
            &listing.pages,
            &previous,
            options,
            committed.as_ref(),
            &mut tally,
            cancel,
        );
        let OutcomeTally {
            mut report,
            seen_ids,
            ..
        } = tally;
        report.removed = if options.full {
            let found = report.indexed + report.unchanged;
            (documents_before as usize).saturating_sub(found)
        } else {
            self.delete_removed(&writer, &previous, &seen_ids)
        };
        if let Some(refusal) = refusal(corpus_dir, &report, documents_before, options) {
            self.roll_back(writer)?;
            return Err(refusal);
        }
        // the last point where nothing is committed yet
        if cancelled() {
            self.roll_back(writer)?;
            return Err(Error::Cancelled {
                path: self.dir().to_path_buf(),
            });
        }
        drop(writer);
        if let Err(e) = self.finish_writing() {
            return Err(self.clean_up_failed_run(e, &listing.pages));
        }
        self.verify_unique_ids()?;
        report.documents = self.num_docs();
        Ok(report)
    }

    /// id → content hash of the documents a run may keep: none on a full
    /// rebuild (everything is deleted first), else those already indexed,
    /// once the index files passed their checksums.
    fn previous_hashes(
        &self,
        writer: &mut IndexWriter,
        full: bool,
    ) -> Result<HashMap<String, u64>> {
        if full {
            writer
                .delete_all_documents()
                .map_err(|e| Error::index(self.dir(), e))?;
            // the words of the deleted documents go too
            self.writer().words().start_fresh();
            return Ok(HashMap::new());
        }
        // damaged segment files would hide ids and make duplicates
        self.verify_checksums()?;
        self.corpus_hashes()
    }

    /// Reads, parses and writes every page, reporting each outcome in
    /// corpus order. Pages go through in chunks so memory stays bounded
    /// whatever the corpus size; each chunk is parsed in parallel. A page
    /// whose id the `committed` index holds replaces that document. Once
    /// `cancel` turns true the remaining pages are passed over (the caller
    /// then drops the run).
    #[allow(clippy::too_many_arguments)]
    fn index_pages(
        &self,
        writer: &IndexWriter,
        pages: &[PathBuf],
        previous: &HashMap<String, u64>,
        options: &IndexOptions<'_>,
        committed: Option<&Searcher>,
        tally: &mut OutcomeTally<'_>,
        cancel: Option<&AtomicBool>,
    ) {
        let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        let progress = Progress::new(pages.len(), options.progress);
        for (chunk_no, chunk) in pages.chunks(PAGES_PER_CHUNK).enumerate() {
            if cancelled() {
                return;
            }
            // each task's pages are counted by its thread's analysis and
            // taken when the task ends (a task runs whole on one thread):
            // one tally and one lock per task, not per page or word
            let outcomes: Vec<Vec<PageOutcome>> = chunk
                .par_chunks(PAGES_PER_TALLY)
                .map(|paths| {
                    let outcomes = paths
                        .iter()
                        .map(|path| {
                            if cancelled() {
                                // never recorded: the run is dropped
                                return PageOutcome::Skipped(SkipReason::Cancelled);
                            }
                            let outcome = self.index_page(
                                writer,
                                path,
                                previous,
                                options.max_file_size,
                                committed,
                            );
                            progress.page_done();
                            outcome
                        })
                        .collect();
                    self.writer()
                        .words()
                        .add(IndexAnalysis::take_thread_words());
                    outcomes
                })
                .collect();
            for (offset, outcome) in outcomes.into_iter().flatten().enumerate() {
                tally.record(chunk_no * PAGES_PER_CHUNK + offset, outcome);
            }
        }
    }

    /// Deletes the documents whose file is gone (in `previous`, not seen by
    /// this run); returns how many.
    fn delete_removed(
        &self,
        writer: &IndexWriter,
        previous: &HashMap<String, u64>,
        seen_ids: &HashSet<String>,
    ) -> usize {
        let mut removed = 0;
        for id in previous.keys().filter(|id| !seen_ids.contains(*id)) {
            writer.delete_term(Term::from_field_text(self.fields().id, id));
            self.writer().words().delete(id);
            removed += 1;
        }
        removed
    }

    /// Drops everything the run wrote (back to the last commit) and
    /// releases the write lock.
    fn roll_back(&self, mut writer: WriterGuard<'_>) -> Result<()> {
        writer.rollback().map_err(|e| Error::index(self.dir(), e))?;
        self.writer().words().discard();
        drop(writer);
        self.writer().release()
    }

    /// Reads, parses and writes one page, its words counted by this
    /// thread's analysis.
    fn index_page(
        &self,
        writer: &IndexWriter,
        path: &Path,
        previous: &HashMap<String, u64>,
        max_size: u64,
        committed: Option<&Searcher>,
    ) -> PageOutcome {
        let id = page_id(path);
        let page = match read_page_bytes(path, max_size) {
            Ok(p) => p,
            Err(e) => return PageOutcome::Skipped(e.into()),
        };
        let existed = previous.get(&id);
        if existed == Some(&page.hash) {
            return PageOutcome::Unchanged;
        }
        let (text, decode_warning) = match decode_page(&page.bytes) {
            Ok(t) => t,
            Err(e) => return PageOutcome::Skipped(e.into()),
        };
        let parsed = match parse_page(&id, &text) {
            Ok(p) => p,
            Err(e) => return PageOutcome::Skipped(e.into()),
        };
        let mut warnings: Vec<PageWarning> = decode_warning.into_iter().collect();
        warnings.extend(parsed.warnings);
        // on an update, replace by id even when the hashes did not list it
        // (damaged columns): an id is never written twice
        let id_term = Term::from_field_text(self.fields().id, &id);
        if existed.is_some() || committed.is_some_and(|s| holds_term(s, &id_term)) {
            writer.delete_term(id_term);
            self.writer().words().delete(&id);
        }
        // a page the writer then refuses leaves its words counted: the
        // list may hold more words than the index, never fewer
        let document = self.tantivy_document(&parsed.document, page.hash);
        if let Err(e) = writer.add_document(document) {
            return PageOutcome::Skipped(SkipReason::NotWritten(e.to_string()));
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
                .map_err(|e| Error::index(self.dir(), e))?;
            let Some(ids) = fast.str("id").map_err(|e| Error::index(self.dir(), e))? else {
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
}

/// What became of one page.
enum PageOutcome {
    Skipped(SkipReason),
    Unchanged,
    Indexed {
        warnings: Vec<PageWarning>,
        project_id: Option<String>,
        existed: bool,
    },
}

/// Counts processed pages for [`IndexOptions::progress`] (pages finish in
/// any order across the indexing threads).
struct Progress<'a> {
    done: AtomicUsize,
    total: usize,
    callback: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

impl<'a> Progress<'a> {
    fn new(total: usize, callback: Option<&'a (dyn Fn(usize, usize) + Sync)>) -> Self {
        Progress {
            done: AtomicUsize::new(0),
            total,
            callback,
        }
    }

    /// One more page processed.
    fn page_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(callback) = self.callback {
            callback(done, self.total);
        }
    }
}

/// Folds the page outcomes, in corpus order, into the run's report, and
/// keeps what later steps need: the ids still backed by a file and the
/// first page naming each project ID.
struct OutcomeTally<'a> {
    pages: &'a [PathBuf],
    report: IndexReport,
    /// Whether to keep `seen_ids`: only needed to find removed files, so
    /// not kept when nothing was indexed before.
    track_seen: bool,
    /// ids still backed by a file.
    seen_ids: HashSet<String>,
    /// hash of a project ID -> index of the first page naming it (hashes,
    /// not strings: a million pages stay a few megabytes).
    project_ids: HashMap<u64, usize>,
}

impl<'a> OutcomeTally<'a> {
    fn new(pages: &'a [PathBuf], track_seen: bool) -> Self {
        OutcomeTally {
            pages,
            report: IndexReport::default(),
            track_seen,
            seen_ids: HashSet::new(),
            project_ids: HashMap::new(),
        }
    }

    /// Reports what became of the page at `at` in the listing.
    fn record(&mut self, at: usize, outcome: PageOutcome) {
        let path = &self.pages[at];
        if self.track_seen && !matches!(outcome, PageOutcome::Skipped(_)) {
            self.seen_ids.insert(page_id(path));
        }
        match outcome {
            PageOutcome::Skipped(reason) => {
                self.report.skip(IssueLocation::File(path.clone()), reason)
            }
            PageOutcome::Unchanged => self.report.unchanged += 1,
            PageOutcome::Indexed {
                warnings,
                project_id,
                existed,
            } => {
                self.report.indexed += 1;
                if existed {
                    self.report.updated += 1;
                } else {
                    self.report.added += 1;
                }
                for warning in warnings {
                    self.report.warn(IssueLocation::File(path.clone()), warning);
                }
                if let Some(pid) = project_id {
                    self.check_project_id(at, &pid);
                }
            }
        }
    }

    /// Warns when another page already named this project ID (both pages
    /// stay indexed).
    fn check_project_id(&mut self, at: usize, pid: &str) {
        let key = id_hash(pid);
        match self.project_ids.get(&key) {
            Some(&first) => {
                let warning = PageWarning::SharedProjectId {
                    project_id: pid.to_string(),
                    first: self.pages[first].clone(),
                };
                self.report
                    .warn(IssueLocation::File(self.pages[at].clone()), warning);
            }
            None => {
                self.project_ids.insert(key, at);
            }
        }
    }
}

/// Why a run must change nothing, if it must: it found no page while the
/// index holds documents (a wrong or emptied folder), or it would remove
/// more than half of them without [`IndexOptions::allow_removal`].
fn refusal(
    corpus_dir: &Path,
    report: &IndexReport,
    documents_before: u64,
    options: &IndexOptions<'_>,
) -> Option<Error> {
    let found = report.indexed + report.unchanged;
    if found == 0 && documents_before > 0 {
        Some(Error::NothingToIndex {
            corpus: corpus_dir.to_path_buf(),
            documents: documents_before,
        })
    } else if report.removed * 2 > documents_before as usize && !options.allow_removal {
        Some(Error::RemovalRefused {
            corpus: corpus_dir.to_path_buf(),
            removed: report.removed,
            documents: documents_before,
        })
    } else {
        None
    }
}

impl Engine {
    /// After a failed commit: drops what the run wrote (back to the last
    /// commit, its files deleted) and releases the lock, so the next run
    /// does not meet this run's orphan segments. A full disk is reported
    /// as such, with the space a run needs.
    fn clean_up_failed_run(&self, error: Error, pages: &[PathBuf]) -> Error {
        self.writer().words().discard();
        if let Ok(mut writer) = self.writer().lock() {
            if writer.rollback().is_ok() {
                let _ = writer.garbage_collect_files().wait();
            }
        }
        let _ = self.writer().release();
        if !is_disk_full(&error) {
            return error;
        }
        let pages_bytes: u64 = pages
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        Error::DiskFull {
            path: self.dir().to_path_buf(),
            needed_mb: (pages_bytes + self.size_bytes()).div_ceil(1024 * 1024),
            free_mb: available_bytes(self.dir()).unwrap_or(0) / (1024 * 1024),
        }
    }
}

/// The space left for an unprivileged user on the file system of `dir`
/// (statvfs's available blocks), for the disk-full message.
#[cfg(unix)]
fn available_bytes(dir: &std::path::Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a valid C string and `stats` is written by the call
    // before it is read, only when the call succeeds
    if unsafe { libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) } != 0 {
        return None;
    }
    let stats = unsafe { stats.assume_init() };
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    Some(stats.f_bavail as u64 * stats.f_frsize as u64)
}

/// Elsewhere the message gives no free space.
#[cfg(not(unix))]
fn available_bytes(_dir: &std::path::Path) -> Option<u64> {
    None
}

/// A full disk, as tantivy reports it: an I/O error of kind `StorageFull`,
/// or, when the error crossed an indexing thread (tantivy passes it on as
/// text only, `ErrorInThread`), the system's words for it.
fn is_disk_full(error: &Error) -> bool {
    use std::io::ErrorKind::StorageFull;
    match error {
        Error::Io { source, .. } => source.kind() == StorageFull,
        Error::Index {
            io_kind: Some(kind),
            ..
        } => *kind == StorageFull,
        Error::Index { message, .. } => {
            message.contains("os error 28") || message.contains("No space left on device")
        }
        _ => false,
    }
}

/// Whether any document of `searcher` (deleted ones included) holds `term`;
/// true when the dictionary cannot be read, so a page is then replaced
/// rather than risk a second copy of its id.
fn holds_term(searcher: &Searcher, term: &Term) -> bool {
    searcher.doc_freq(term).map_or(true, |pages| pages > 0)
}
