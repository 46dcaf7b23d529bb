//! The index writer: taken lazily (it holds the index's write lock),
//! sized by `--memory`, with the merge policy that bounds merge memory, and
//! the commits that record the format and write the word list first. What
//! is written is left to the ingestion modules and to [`crate::Engine::add`].

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyError};

use super::budget::writer_budget;
use super::commit_payload;
use super::word_list::PendingWords;
use crate::error::{Error, Result};

/// Smallest writer memory per thread tantivy accepts (its
/// `MEMORY_BUDGET_NUM_BYTES_MIN`, 15 MB); smaller budgets are raised to it.
const MIN_BYTES_PER_THREAD: usize = 15_000_000;

/// Writer memory per thread tantivy refuses (its private
/// `MEMORY_BUDGET_NUM_BYTES_MAX`: the arena addresses with 32 bits, less a
/// 1 MB margin); budgets must stay below it.
const MAX_BYTES_PER_THREAD: usize = u32::MAX as usize - 1_000_000;

const BYTES_PER_MB: usize = 1024 * 1024;

/// Bytes of stored pages compressed as one block (tantivy's default is
/// 16 KiB). Each hit decompresses its whole block to read one page, and
/// pages are 2–6 KB: a 4 KiB block holds one page or two, for a few per
/// cent more index.
const DOCSTORE_BLOCK_BYTES: usize = 4 * 1024;

/// The settings a new index is created with (an existing index keeps the
/// ones its `meta.json` records).
pub(crate) fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// The writer memory of each indexing thread, in bytes.
///
/// # Errors
/// [`Error::InvalidValue`] when `memory_mb` does not fit the writer (or
/// overflows the arithmetic), naming the largest value that does.
pub(crate) fn check_memory(memory_mb: usize, threads: usize) -> Result<usize> {
    let threads = threads.max(1);
    match memory_mb.checked_mul(BYTES_PER_MB) {
        Some(bytes) if bytes / threads < MAX_BYTES_PER_THREAD => {
            Ok((bytes / threads).max(MIN_BYTES_PER_THREAD))
        }
        _ => {
            let max_per_thread = (MAX_BYTES_PER_THREAD - 1) / BYTES_PER_MB;
            Err(Error::InvalidValue {
                what: "memory",
                value: memory_mb.to_string(),
                hint: format!(
                    "the indexer takes at most {} MB with {threads} indexing thread{} ({max_per_thread} MB per thread)",
                    max_per_thread.saturating_mul(threads),
                    if threads == 1 { "" } else { "s" },
                ),
            })
        }
    }
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
    policy.set_max_docs_before_merge(memory_mb.max(1).saturating_mul(MERGEABLE_DOCS_PER_MB));
    policy
}

/// The index writer, created on first use and released by
/// [`Writer::release`] so other processes may write in between.
pub(crate) struct Writer {
    index: Index,
    dir: PathBuf,
    memory_mb: usize,
    threads: usize,
    slot: Mutex<Option<IndexWriter>>,
    /// Words of the documents written since the last commit.
    words: PendingWords,
}

/// The writer, locked for this thread's use (it is `Sync`: indexing threads
/// share it through `&`).
pub(crate) struct WriterGuard<'a>(MutexGuard<'a, Option<IndexWriter>>);

impl Deref for WriterGuard<'_> {
    type Target = IndexWriter;

    fn deref(&self) -> &IndexWriter {
        self.0.as_ref().expect("Writer::lock fills the slot")
    }
}

impl DerefMut for WriterGuard<'_> {
    fn deref_mut(&mut self) -> &mut IndexWriter {
        self.0.as_mut().expect("Writer::lock fills the slot")
    }
}

impl Writer {
    /// A writer for `index` (not created until [`Writer::lock`]).
    pub(crate) fn new(index: Index, dir: PathBuf, memory_mb: usize, threads: usize) -> Writer {
        Writer {
            index,
            dir,
            memory_mb,
            threads,
            slot: Mutex::new(None),
            words: PendingWords::default(),
        }
    }

    /// The words of the documents written since the last commit, which
    /// the ingestion modules add to.
    pub(crate) fn words(&self) -> &PendingWords {
        &self.words
    }

    /// The writer, created (taking the index's write lock) if needed.
    ///
    /// # Errors
    /// [`Error::IndexLocked`] when another process writes the index,
    /// [`Error::InvalidValue`] for an out-of-range memory budget.
    pub(crate) fn lock(&self) -> Result<WriterGuard<'_>> {
        let mut guard = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            check_memory(self.memory_mb, self.threads)?;
            // the budget is a total: more threads get smaller shares, and
            // no more threads run than can get tantivy's minimum each
            let budget = writer_budget(self.memory_mb, self.threads);
            let options = tantivy::indexer::IndexWriterOptions::builder()
                .num_worker_threads(budget.threads)
                .memory_budget_per_thread(budget.bytes_per_thread)
                .num_merge_threads(1)
                .build();
            let writer = open_writer(&self.index, &options).map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                    path: self.dir.clone(),
                },
                // a read-only folder: one plain sentence, not tantivy's dump
                TantivyError::LockFailure(LockError::IoError(io), _) => Error::ReadOnlyIndex {
                    path: self.dir.clone(),
                    reason: io.to_string(),
                },
                e => Error::index(&self.dir, e),
            })?;
            writer.set_merge_policy(Box::new(merge_policy(self.memory_mb)));
            *guard = Some(writer);
        }
        Ok(WriterGuard(guard))
    }

    /// Commits what was written, recording the format, the engine version
    /// and the hash of the word list written just before for this commit
    /// (the new words in, the deleted documents' words out).
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be written, [`Error::Io`]
    /// when the word list cannot.
    pub(crate) fn commit(&self) -> Result<()> {
        let mut writer = self.lock()?;
        let word_list = self.words.before_commit(&self.dir, &self.index)?;
        let mut prepared = writer
            .prepare_commit()
            .map_err(|e| Error::index(&self.dir, e))?;
        // the commit names its word list: a crash before this point leaves
        // a list the last commit does not name, which is rebuilt
        prepared.set_payload(&commit_payload(&word_list));
        prepared.commit().map_err(|e| Error::index(&self.dir, e))?;
        Ok(())
    }

    /// Drops the writer after its background merges end, releasing the
    /// write lock. Does nothing when no writer is open.
    ///
    /// # Errors
    /// [`Error::Index`] when a merge failed.
    pub(crate) fn release(&self) -> Result<()> {
        let writer = self.slot.lock().unwrap_or_else(|p| p.into_inner()).take();
        // documents not committed go with the writer, and so do their words
        self.words.discard();
        if let Some(writer) = writer {
            writer
                .wait_merging_threads()
                .map_err(|e| Error::index(&self.dir, e))?;
        }
        Ok(())
    }
}

/// Tries to take the write lock this many times before calling it busy.
const LOCK_ATTEMPTS: u32 = 20;
/// Pause between two attempts (a second in all).
const LOCK_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// Opens tantivy's writer, retrying for a moment while the lock is busy.
///
/// The write lock is an `flock` on a file. A process that forks (any
/// program of the embedder starting a child, or this one's tests) hands
/// the child a copy of every open descriptor until the child's `exec`
/// closes it, so a lock released a moment ago can still read as held
/// during that window; a real writer in another process holds it for the
/// whole second and is reported as before.
fn open_writer(
    index: &tantivy::Index,
    options: &tantivy::indexer::IndexWriterOptions,
) -> tantivy::Result<IndexWriter> {
    let mut attempt = 1;
    loop {
        match index.writer_with_options(options.clone()) {
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) if attempt < LOCK_ATTEMPTS => {
                attempt += 1;
                std::thread::sleep(LOCK_RETRY_PAUSE);
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_out_of_range_is_refused_not_overflowed() {
        assert_eq!(check_memory(0, 4).unwrap(), MIN_BYTES_PER_THREAD);
        assert_eq!(check_memory(128, 2).unwrap(), 64 * BYTES_PER_MB);
        assert_eq!(check_memory(16_380, 4).unwrap(), 4095 * BYTES_PER_MB);
        for (mb, threads) in [(16_381, 4), (4096, 1), (usize::MAX, 1), (usize::MAX / 2, 3)] {
            let err = check_memory(mb, threads).unwrap_err();
            assert!(err.is_usage(), "{err}");
            assert!(err.to_string().contains(&mb.to_string()), "{err}");
        }
        assert_eq!(
            check_memory(5000, 1).unwrap_err().to_string(),
            "invalid memory `5000`: the indexer takes at most 4095 MB with 1 indexing thread (4095 MB per thread)"
        );
        // in debug builds an overflow would panic here
        let _ = merge_policy(usize::MAX);
    }
}
