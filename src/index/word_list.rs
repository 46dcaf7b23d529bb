//! The word list kept beside the index (`words.fst`): every whole folded
//! word of the indexed pages with the number of pages holding it, the
//! vocabulary of typo tolerance and prefix completion. Pages' words are
//! tallied as they are analysed ([`WordTally`]) and merged into the file at
//! each commit, before tantivy's own commit ([`PendingWords::write`]).
//! Searching the list is left to `search::vocabulary`.
//!
//! Counts only grow: a page deleted or replaced leaves its words counted
//! (as tantivy's own statistics do until a merge), and a crash between
//! this file and tantivy's commit leaves words of uncommitted pages. The
//! list is thus a superset of the live words; searches check a word
//! against the live index before offering it.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::schema::Value;
use tantivy::{Index, ReloadPolicy, TantivyDocument};
use tantivy_fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::schema::{build_schema, to_tantivy};

/// The list's file, in the index folder.
pub(crate) const WORD_LIST_FILE: &str = "words.fst";

/// Where the list is written before it is renamed into place; a leftover
/// (a crash mid-write) is never read and is overwritten by the next write.
pub(crate) const WORD_LIST_TEMP_FILE: &str = "words.fst.tmp";

/// Closes the file: the list's bytes end with their BLAKE3 hash, then this
/// tag, so a truncated or damaged file is refused instead of being walked
/// (an FST walk trusts its bytes and would panic).
const MAGIC: &[u8; 8] = b"oimwrd01";
const HASH_LEN: usize = 32;

/// Words of some pages, each with the number of pages holding it.
#[derive(Default, Debug)]
pub(crate) struct WordTally {
    pages: FxHashMap<String, u64>,
}

impl WordTally {
    /// Counts one page holding each of `words` (distinct words).
    pub fn add_page(&mut self, words: impl Iterator<Item = String>) {
        for word in words {
            *self.pages.entry(word).or_insert(0) += 1;
        }
    }

    /// Both tallies in one (the smaller is poured into the larger).
    pub fn merge(mut self, mut other: WordTally) -> WordTally {
        if self.pages.len() < other.pages.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (word, pages) in other.pages {
            *self.pages.entry(word).or_insert(0) += pages;
        }
        self
    }

    fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    fn into_sorted(self) -> Vec<(String, u64)> {
        let mut words: Vec<(String, u64)> = self.pages.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        words
    }
}

/// Why the list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordListError {
    /// No `words.fst` in the folder.
    Missing,
    /// The file is there but cannot be used (the reason).
    Unreadable(String),
}

impl std::fmt::Display for WordListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WordListError::Missing => write!(f, "{WORD_LIST_FILE} is missing"),
            WordListError::Unreadable(why) => write!(f, "{WORD_LIST_FILE} is unreadable ({why})"),
        }
    }
}

/// The word list as read from the index folder.
pub(crate) struct Words {
    map: Map<Vec<u8>>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("len", &self.map.len())
            .finish()
    }
}

impl Words {
    /// Reads the list of the index in `dir`, checking its hash.
    ///
    /// # Errors
    /// [`WordListError::Missing`] when there is no list,
    /// [`WordListError::Unreadable`] when it cannot be read or is damaged.
    pub fn read(dir: &Path) -> std::result::Result<Words, WordListError> {
        let path = dir.join(WORD_LIST_FILE);
        let mut bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(WordListError::Missing)
            }
            Err(e) => return Err(WordListError::Unreadable(e.to_string())),
        };
        let damaged = || WordListError::Unreadable("damaged or truncated".into());
        let body_len = bytes
            .len()
            .checked_sub(HASH_LEN + MAGIC.len())
            .ok_or_else(damaged)?;
        if &bytes[body_len + HASH_LEN..] != MAGIC
            || bytes[body_len..body_len + HASH_LEN] != *blake3::hash(&bytes[..body_len]).as_bytes()
        {
            return Err(damaged());
        }
        bytes.truncate(body_len);
        let map = Map::from_bytes(bytes).map_err(|e| WordListError::Unreadable(e.to_string()))?;
        Ok(Words { map })
    }

    /// Pages holding `word` (deleted pages included), 0 when absent.
    pub fn pages(&self, word: &str) -> u64 {
        self.map.get(word).unwrap_or(0)
    }

    /// Calls `f(word, pages)` for each word the automaton accepts, in byte
    /// order.
    pub fn search<A: Automaton>(&self, automaton: A, mut f: impl FnMut(&[u8], u64)) {
        let mut stream = self.map.search(automaton).into_stream();
        while let Some((word, pages)) = stream.next() {
            f(word, pages);
        }
    }

    /// Calls `f(word, pages)` for each word starting with `prefix`, in
    /// byte order, while `f` returns true.
    pub fn with_prefix(&self, prefix: &str, mut f: impl FnMut(&[u8], u64) -> bool) {
        let mut stream = self.map.range().ge(prefix).into_stream();
        while let Some((word, pages)) = stream.next() {
            if !word.starts_with(prefix.as_bytes()) || !f(word, pages) {
                break;
            }
        }
    }

    /// Number of words.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The list with `tally` added, as the file's bytes (FST, hash, tag).
    fn merged_bytes(old: Option<&Words>, tally: WordTally) -> std::io::Result<Vec<u8>> {
        let fst_error = |e: tantivy_fst::Error| std::io::Error::other(e.to_string());
        let mut builder = MapBuilder::memory();
        let mut new = tally.into_sorted().into_iter().peekable();
        if let Some(old) = old {
            let mut stream = old.map.stream();
            while let Some((word, pages)) = stream.next() {
                // new words before this old one, then this one with its new pages
                while let Some((next, _)) = new.peek() {
                    if next.as_bytes() >= word {
                        break;
                    }
                    let Some((next, added)) = new.next() else {
                        break;
                    };
                    builder.insert(next, added).map_err(fst_error)?;
                }
                let added = match new.peek() {
                    Some((next, added)) if next.as_bytes() == word => {
                        let added = *added;
                        new.next();
                        added
                    }
                    _ => 0,
                };
                builder.insert(word, pages + added).map_err(fst_error)?;
            }
        }
        for (word, pages) in new {
            builder.insert(word, pages).map_err(fst_error)?;
        }
        let mut bytes = builder.into_inner().map_err(fst_error)?;
        let hash = blake3::hash(&bytes);
        bytes.extend_from_slice(hash.as_bytes());
        bytes.extend_from_slice(MAGIC);
        Ok(bytes)
    }
}

/// Writes `bytes` as the list of `dir`, crash-safe: a temporary file,
/// synced, renamed over the list, and the folder synced so the rename
/// itself survives a power cut.
fn replace_file(dir: &Path, bytes: &[u8]) -> Result<()> {
    let temp = dir.join(WORD_LIST_TEMP_FILE);
    let path = dir.join(WORD_LIST_FILE);
    let mut file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
    file.write_all(bytes).map_err(|e| Error::io(&temp, e))?;
    file.sync_all().map_err(|e| Error::io(&temp, e))?;
    drop(file);
    std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))?;
    // some systems cannot open a folder to sync it; the rename is done
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The words of the pages written since the last commit, held by the
/// writer until [`PendingWords::write`] merges them into the list.
#[derive(Default)]
pub(crate) struct PendingWords {
    tally: Mutex<WordTally>,
    /// The next write starts a new list instead of adding to the old one
    /// (a new index, or every document deleted by `--full`).
    fresh: AtomicBool,
}

impl PendingWords {
    fn lock(&self) -> MutexGuard<'_, WordTally> {
        self.tally.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds the words of pages just given to the writer.
    pub fn add(&self, tally: WordTally) {
        if tally.is_empty() {
            return;
        }
        let mut pending = self.lock();
        let mine = std::mem::take(&mut *pending);
        *pending = mine.merge(tally);
    }

    /// The next write drops the old list (every document was deleted).
    pub fn start_fresh(&self) {
        self.fresh.store(true, Ordering::Relaxed);
    }

    /// Forgets the pending words (the writer rolled back or was dropped
    /// without a commit).
    pub fn discard(&self) {
        *self.lock() = WordTally::default();
        self.fresh.store(false, Ordering::Relaxed);
    }

    /// Merges the pending words into the list of `dir`. When the list is
    /// missing or damaged, it is first rebuilt from the documents the last
    /// commit of `index` stores.
    ///
    /// # Errors
    /// [`Error::Io`] when the list cannot be written, [`Error::Index`] when
    /// a rebuild cannot read the stored documents.
    pub fn write(&self, dir: &Path, index: &Index) -> Result<()> {
        let tally = std::mem::take(&mut *self.lock());
        let fresh = self.fresh.swap(false, Ordering::Relaxed);
        let (old, tally) = if fresh {
            (None, tally)
        } else {
            match Words::read(dir) {
                // nothing to add: the list stays as it is
                Ok(_) if tally.is_empty() => return Ok(()),
                Ok(old) => (Some(old), tally),
                Err(_) => (None, tally.merge(stored_words(dir, index)?)),
            }
        };
        let bytes = Words::merged_bytes(old.as_ref(), tally)
            .map_err(|e| Error::io(dir.join(WORD_LIST_FILE), e))?;
        replace_file(dir, &bytes)
    }
}

/// The words of every document the last commit of `index` stores, analysed
/// again from the stored text: how a missing or damaged list is rebuilt.
fn stored_words(dir: &Path, index: &Index) -> Result<WordTally> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| Error::index(dir, e))?;
    let searcher = reader.searcher();
    let (_, fields) = build_schema();
    let tallies = searcher
        .segment_readers()
        .par_iter()
        .map(|segment| -> Result<WordTally> {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| Error::index(dir, e))?;
            let mut tally = WordTally::default();
            for doc in segment.doc_ids_alive() {
                let stored: TantivyDocument = store.get(doc).map_err(|e| Error::index(dir, e))?;
                let json = stored
                    .get_first(fields.doc)
                    .and_then(|v| v.as_str())
                    .unwrap_or("{}");
                // an unreadable stored document has no words to give
                if let Ok(document) = serde_json::from_str::<Document>(json) {
                    to_tantivy(&fields, &document, 0, &mut tally);
                }
            }
            Ok(tally)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(tallies
        .into_iter()
        .fold(WordTally::default(), WordTally::merge))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(pages: &[&[&str]]) -> WordTally {
        let mut tally = WordTally::default();
        for words in pages {
            tally.add_page(words.iter().map(|w| w.to_string()));
        }
        tally
    }

    fn all(words: &Words) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        words.search(tantivy_fst::automaton::AlwaysMatch, |w, n| {
            out.push((String::from_utf8_lossy(w).into_owned(), n))
        });
        out
    }

    fn write(dir: &Path, old: Option<&Words>, tally: WordTally) {
        replace_file(dir, &Words::merged_bytes(old, tally).unwrap()).unwrap();
    }

    #[test]
    fn a_commit_adds_its_pages_to_the_old_counts() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            None,
            tally(&[&["migration", "frontiere"], &["migration"]]),
        );
        let old = Words::read(dir.path()).unwrap();
        write(
            dir.path(),
            Some(&old),
            tally(&[&["retour", "migration"], &["aaa"], &["zzz"]]),
        );
        let words = Words::read(dir.path()).unwrap();
        let expected = [
            ("aaa", 1),
            ("frontiere", 1),
            ("migration", 3),
            ("retour", 1),
            ("zzz", 1),
        ]
        .map(|(w, n)| (w.to_string(), n));
        assert_eq!(all(&words), expected);
        assert_eq!(words.pages("migration"), 3);
        assert_eq!(words.pages("absent"), 0);
        assert_eq!(words.len(), 5);
        let mut started = Vec::new();
        words.with_prefix("fr", |w, n| {
            started.push((w.to_vec(), n));
            true
        });
        assert_eq!(started, [(b"frontiere".to_vec(), 1)]);
    }

    #[test]
    fn a_damaged_or_missing_list_is_refused_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Words::read(dir.path()).unwrap_err(), WordListError::Missing);
        write(dir.path(), None, tally(&[&["migration", "sante"]]));
        let path = dir.path().join(WORD_LIST_FILE);
        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        flipped[3] ^= 0x40;
        for bad in [&good[..good.len() - 1], &good[..5], &flipped[..], &[][..]] {
            std::fs::write(&path, bad).unwrap();
            assert!(
                matches!(Words::read(dir.path()), Err(WordListError::Unreadable(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn pending_words_are_merged_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_ram(build_schema().0);
        let pending = PendingWords::default();
        pending.start_fresh();
        pending.add(tally(&[&["migration"]]));
        pending.write(dir.path(), &index).unwrap();
        pending.add(tally(&[&["migration", "sante"]]));
        pending.write(dir.path(), &index).unwrap();
        // nothing pending: the list is left as it is
        pending.write(dir.path(), &index).unwrap();
        pending.add(tally(&[&["rollback"]]));
        pending.discard();
        pending.write(dir.path(), &index).unwrap();
        let words = Words::read(dir.path()).unwrap();
        assert_eq!(
            all(&words),
            [("migration".to_string(), 2), ("sante".to_string(), 1)]
        );
        // a fresh start drops the old words
        pending.start_fresh();
        pending.add(tally(&[&["retour"]]));
        pending.write(dir.path(), &index).unwrap();
        assert_eq!(
            all(&Words::read(dir.path()).unwrap()),
            [("retour".to_string(), 1)]
        );
    }
}
