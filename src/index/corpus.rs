//! Corpus ingestion: indexes a folder of `.txt` pages incrementally (by
//! content hash), in parallel chunks, reporting bad files instead of
//! failing. Reading and parsing a page is left to `corpus` and `document`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use tantivy::{IndexWriter, Term};

use super::report::IndexReport;
use crate::corpus::{decode_page, list_corpus, page_id, read_page_bytes, DEFAULT_MAX_FILE_SIZE};
use crate::document::parse_page;
use crate::engine::Engine;
use crate::error::{Error, Result};

/// A 64-bit hash of an identifier (collisions among a million IDs: ~3e-8).
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Pages parsed in parallel between two bookkeeping passes.
const PAGES_PER_CHUNK: usize = 4096;

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
        let listing = list_corpus(corpus_dir)?;
        let mut report = IndexReport {
            ignored: listing.ignored,
            full_rebuild: options.full,
            ..IndexReport::default()
        };
        let mut writer = self.writer().lock()?;
        let documents_before = self.num_docs();
        if !options.full {
            // damaged segment files would hide ids and make duplicates
            self.verify_checksums()?;
        }
        let previous = if options.full {
            writer
                .delete_all_documents()
                .map_err(|e| Error::index(self.dir(), e))?;
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
                    let outcome = self.index_page(
                        &writer,
                        path,
                        &previous,
                        options.max_file_size,
                        !options.full,
                    );
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
                                    // the path quoted, so these group as one kind
                                    let message = format!(
                                        "project ID `{pid}` is also in `{}`; both are indexed",
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
            writer.delete_term(Term::from_field_text(self.fields().id, id));
            report.removed += 1;
        }
        let found = report.indexed + report.unchanged;
        if options.full {
            report.removed = (documents_before as usize).saturating_sub(found);
        }
        let refusal = if found == 0 && documents_before > 0 {
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
        };
        if let Some(refusal) = refusal {
            // back to the last commit: nothing this run wrote survives
            writer.rollback().map_err(|e| Error::index(self.dir(), e))?;
            drop(writer);
            self.writer().release()?;
            return Err(refusal);
        }
        drop(writer);
        if let Err(e) = self.finish_writing() {
            return Err(self.clean_up_failed_run(e, &listing.pages));
        }
        self.verify_unique_ids()?;
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
        replace: bool,
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
        // on an update, replace by id even when the hashes did not list it
        // (damaged columns): an id is never written twice
        if replace || existed.is_some() {
            writer.delete_term(Term::from_field_text(self.fields().id, &id));
        }
        if let Err(e) = writer.add_document(self.tantivy_document(&parsed.document, page.hash)) {
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
    Skipped(String),
    Unchanged,
    Indexed {
        warnings: Vec<String>,
        project_id: Option<String>,
        existed: bool,
    },
}

impl Engine {
    /// After a failed commit: drops what the run wrote (back to the last
    /// commit, its files deleted) and releases the lock, so the next run
    /// does not meet this run's orphan segments. A full disk is reported
    /// as such, with the space a run needs.
    fn clean_up_failed_run(&self, error: Error, pages: &[std::path::PathBuf]) -> Error {
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
            free_mb: fs2::available_space(self.dir()).unwrap_or(0) / (1024 * 1024),
        }
    }
}

/// ENOSPC, as tantivy reports it (an I/O error, or its text when the
/// error crossed an indexing thread).
fn is_disk_full(error: &Error) -> bool {
    const ENOSPC: i32 = 28;
    match error {
        Error::Io { source, .. } => source.raw_os_error() == Some(ENOSPC),
        Error::Index { message, .. } => {
            message.contains("os error 28") || message.contains("No space left on device")
        }
        _ => false,
    }
}
