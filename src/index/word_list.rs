//! The word list kept beside the index (`words.fst`): every whole folded
//! word of the indexed pages with the number of live pages holding it, the
//! vocabulary of typo tolerance and prefix completion. Pages' words are
//! tallied as they are analysed ([`WordTally`]); at each commit they are
//! added to the file, and the words of the documents it deletes (read
//! again from their stored text) taken out, just before tantivy's commit
//! ([`PendingWords::before_commit`]). The commit then records the list's
//! hash, which ties the list to it: a list the last commit does not name
//! (a crash between the two writes, a list copied from another index, one
//! of an earlier version) is refused like a damaged one and rebuilt from
//! the stored documents by the next commit. Searching the list is left to
//! `search::vocabulary`.
//!
//! A document written twice between two commits (its first version's words
//! stay counted) leaves the list a superset of the live words: searches
//! check a word against the live index before offering it.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::{DocId, DocSet, Index, ReloadPolicy, TantivyDocument, Term, TERMINATED};
use tantivy_fst::{IntoStreamer, Map, MapBuilder, Streamer};

use crate::analysis::{IndexAnalysis, WordTally};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::schema::{build_schema, to_tantivy};

mod near;

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

/// Why the list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordListError {
    /// No `words.fst` in the folder.
    Missing,
    /// The file is there but cannot be used (the reason).
    Unreadable(String),
    /// The file is sound but the index's last commit does not name it: it
    /// was left by a run killed before its commit, copied from another
    /// index, or written by an earlier version.
    NotOfThisCommit,
}

impl std::fmt::Display for WordListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WordListError::Missing => write!(f, "{WORD_LIST_FILE} is missing"),
            WordListError::Unreadable(why) => write!(f, "{WORD_LIST_FILE} is unreadable ({why})"),
            WordListError::NotOfThisCommit => write!(
                f,
                "{WORD_LIST_FILE} is not the one the index's last commit names (left by an interrupted run, copied from another index, or written by an earlier version)"
            ),
        }
    }
}

/// Most words whose near words [`Words::near_cached`] keeps; past it the
/// cache starts again empty (a server answering many distinct words
/// between two commits keeps bounded memory).
const NEAR_CACHE_WORDS: usize = 10_000;

/// Index words near one word, each with its page count, in the order the
/// searcher that found them chose.
pub(crate) type NearWords = Arc<[(String, u64)]>;

/// The word list as read from the index folder.
pub(crate) struct Words {
    map: Map<Vec<u8>>,
    /// The hash in the file's trailer, which the commit records.
    hash: blake3::Hash,
    /// Near words already found, by word: the list changes only at a
    /// commit, and a new list comes with an empty cache.
    near: Mutex<FxHashMap<String, NearWords>>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("len", &self.map.len())
            .finish()
    }
}

impl Words {
    /// Reads the list of the index in `dir`, checking its hash, and that
    /// the index's last commit names it.
    ///
    /// # Errors
    /// [`WordListError::Missing`] when there is no list,
    /// [`WordListError::Unreadable`] when it cannot be read or is damaged,
    /// [`WordListError::NotOfThisCommit`] when the last commit names
    /// another list (or none).
    pub fn read(dir: &Path) -> std::result::Result<Words, WordListError> {
        let words = Words::read_file(dir)?;
        match super::committed_word_list_hash(dir) {
            Some(named) if named == words.hash_hex() => Ok(words),
            _ => Err(WordListError::NotOfThisCommit),
        }
    }

    /// The hash the commit records, in hex.
    pub fn hash_hex(&self) -> String {
        self.hash.to_hex().to_string()
    }

    /// Reads the list file of `dir`, checking its hash but not its commit.
    fn read_file(dir: &Path) -> std::result::Result<Words, WordListError> {
        let path = dir.join(WORD_LIST_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(WordListError::Missing)
            }
            Err(e) => return Err(WordListError::Unreadable(e.to_string())),
        };
        Words::from_file_bytes(bytes)
    }

    /// The list in the bytes of its file, once their hash is checked.
    fn from_file_bytes(mut bytes: Vec<u8>) -> std::result::Result<Words, WordListError> {
        let damaged = || WordListError::Unreadable("damaged or truncated".into());
        let body_len = bytes
            .len()
            .checked_sub(HASH_LEN + MAGIC.len())
            .ok_or_else(damaged)?;
        let hash = blake3::hash(&bytes[..body_len]);
        if &bytes[body_len + HASH_LEN..] != MAGIC
            || bytes[body_len..body_len + HASH_LEN] != *hash.as_bytes()
        {
            return Err(damaged());
        }
        bytes.truncate(body_len);
        let map = Map::from_bytes(bytes).map_err(|e| WordListError::Unreadable(e.to_string()))?;
        Ok(Words {
            map,
            hash,
            near: Mutex::default(),
        })
    }

    /// Pages holding `word`, 0 when absent.
    pub fn pages(&self, word: &str) -> u64 {
        self.map.get(word).unwrap_or(0)
    }

    /// Calls `f(word, pages)` once for each word within `distance` edits
    /// of `word` (in characters, a swap of two neighbours counting one, as
    /// tantivy's `FuzzyTermQuery` with transpositions; the word itself
    /// included when listed), in byte order.
    pub fn near(&self, word: &str, distance: u8, mut f: impl FnMut(&[u8], u64)) {
        let mut found: Vec<(Vec<u8>, u64)> = Vec::new();
        near::within_edits(self.map.as_fst(), word, distance, |word, pages| {
            found.push((word.to_vec(), pages))
        });
        found.sort_unstable();
        found.dedup();
        for (word, pages) in found {
            f(&word, pages);
        }
    }

    /// The near words of `word` as `find` computes them from this list,
    /// computed once per word: a search walks the list for every word of 5
    /// letters or more, and the server and batch mode see the same words
    /// again and again.
    pub fn near_cached(
        &self,
        word: &str,
        find: impl FnOnce(&Words) -> Vec<(String, u64)>,
    ) -> NearWords {
        let lock = || self.near.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = lock().get(word) {
            return found.clone();
        }
        // found without the lock: two searches may find the same word at
        // once, and both get the same answer
        let found: NearWords = find(self).into();
        let mut cache = lock();
        if cache.len() >= NEAR_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_string(), found.clone());
        found
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

    /// The list with the pages of `added` counted and those of `removed`
    /// not, as the file's bytes (FST, hash, tag); a word no page holds any
    /// more leaves the list.
    fn merged_bytes(
        old: Option<&Words>,
        added: WordTally,
        removed: &WordTally,
    ) -> std::io::Result<Vec<u8>> {
        let fst_error = |e: tantivy_fst::Error| std::io::Error::other(e.to_string());
        let mut builder = MapBuilder::memory();
        let mut emit = |word: &[u8], pages: u64| -> std::io::Result<()> {
            let gone = match std::str::from_utf8(word) {
                Ok(word) if !removed.is_empty() => removed.pages_holding(word),
                _ => 0,
            };
            match pages.saturating_sub(gone) {
                0 => Ok(()),
                left => builder.insert(word, left).map_err(fst_error),
            }
        };
        let mut new = added.into_sorted().into_iter().peekable();
        if let Some(old) = old {
            let mut stream = old.map.stream();
            while let Some((word, pages)) = stream.next() {
                // new words before this old one, then this one with its new pages
                while let Some((next, added)) = new.next_if(|(next, _)| next.as_bytes() < word) {
                    emit(next.as_bytes(), added)?;
                }
                let added = new
                    .next_if(|(next, _)| next.as_bytes() == word)
                    .map_or(0, |(_, added)| added);
                emit(word, pages + added)?;
            }
        }
        for (word, pages) in new {
            emit(word.as_bytes(), pages)?;
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
    // something else in the list's place is not ours to delete: say so
    // before anything is written (the run then commits nothing)
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(Error::io(
            &path,
            std::io::Error::other(
                "not a file, and the index keeps its word list there: move it out of the index folder, then run the index again (nothing was changed)",
            ),
        ));
    }
    let written = File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written {
        // a full disk must not keep a half-written file
        let _ = std::fs::remove_file(&temp);
        return Err(Error::io(&temp, e));
    }
    std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))?;
    // some systems cannot open a folder to sync it; the rename is done
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Writes the list of `dir` with `added` and without `removed`, and
/// returns it as written.
fn write_list(
    dir: &Path,
    old: Option<&Words>,
    added: WordTally,
    removed: &WordTally,
) -> Result<Words> {
    let path = dir.join(WORD_LIST_FILE);
    let bytes = Words::merged_bytes(old, added, removed).map_err(|e| Error::io(&path, e))?;
    replace_file(dir, &bytes)?;
    Words::from_file_bytes(bytes).map_err(|e| Error::index(dir, e))
}

/// What the writer did since the last commit that the list must follow.
#[derive(Default)]
struct Pending {
    /// Words of the documents written.
    added: WordTally,
    /// Ids deleted (a replaced document's id too): the documents of the
    /// last commit holding them lose their words.
    deleted: FxHashSet<String>,
    /// The next write starts a new list instead of adding to the old one
    /// (a new index, or every document deleted by `--full`).
    fresh: bool,
}

/// The changes written since the last commit, held by the writer until
/// [`PendingWords::before_commit`] and [`AfterCommit::write`] apply them
/// to the list.
#[derive(Default)]
pub(crate) struct PendingWords {
    state: Mutex<Pending>,
}

impl PendingWords {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds the words of pages just given to the writer.
    pub fn add(&self, tally: WordTally) {
        if tally.is_empty() {
            return;
        }
        let mut pending = self.lock();
        let mine = std::mem::take(&mut pending.added);
        pending.added = mine.merge(tally);
    }

    /// Notes that the documents holding `id` were deleted (or replaced).
    pub fn delete(&self, id: &str) {
        let mut pending = self.lock();
        if !pending.fresh {
            pending.deleted.insert(id.to_string());
        }
    }

    /// The next write drops the old list (every document was deleted).
    pub fn start_fresh(&self) {
        let mut pending = self.lock();
        pending.fresh = true;
        pending.deleted.clear();
    }

    /// Forgets the pending changes (the writer rolled back or was dropped
    /// without a commit).
    pub fn discard(&self) {
        *self.lock() = Pending::default();
    }

    /// Writes the list of `dir` for the commit about to be made: the
    /// words of the documents written added, those of the documents deleted
    /// (read now, while the last commit still holds them) taken out. A
    /// missing or damaged list, or one the last commit does not name, is
    /// first rebuilt from the documents the last commit stores. Returns the
    /// hash the commit records.
    ///
    /// # Errors
    /// [`Error::Io`] when the list cannot be written, [`Error::Index`] when
    /// the stored documents cannot be read.
    pub fn before_commit(&self, dir: &Path, index: &Index) -> Result<String> {
        let Pending {
            mut added,
            deleted,
            fresh,
        } = std::mem::take(&mut *self.lock());
        let old = match fresh {
            true => None,
            false => Words::read(dir).ok(),
        };
        let rebuild = !fresh && old.is_none();
        let mut removed = WordTally::default();
        if rebuild || !deleted.is_empty() {
            let last_commit = last_commit(dir, index)?;
            if rebuild {
                added = added.merge(stored_words(dir, &last_commit, None)?);
            }
            if !deleted.is_empty() {
                removed = stored_words(dir, &last_commit, Some(&deleted))?;
            }
        }
        let list = match old {
            // nothing changes: the list stays as it is
            Some(old) if added.is_empty() && removed.is_empty() => old,
            old => write_list(dir, old.as_ref(), added, &removed)?,
        };
        Ok(list.hash_hex())
    }
}

/// A searcher on the last commit of `index` (the engine's own reader may
/// not have seen another process's commit).
fn last_commit(dir: &Path, index: &Index) -> Result<tantivy::Searcher> {
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| Error::index(dir, e))?;
    Ok(reader.searcher())
}

/// The words of the live documents of `searcher` (those whose id is in
/// `only`, when given), analysed again from their stored text: how the
/// words of deleted documents are found, and a missing list rebuilt.
fn stored_words(
    dir: &Path,
    searcher: &tantivy::Searcher,
    only: Option<&FxHashSet<String>>,
) -> Result<WordTally> {
    let (_, fields) = build_schema();
    let tallies = searcher
        .segment_readers()
        .par_iter()
        .map(|segment| -> Result<WordTally> {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| Error::index(dir, e))?;
            for doc in live_docs(dir, segment, fields.id, only)? {
                let stored: TantivyDocument = store.get(doc).map_err(|e| Error::index(dir, e))?;
                let json = stored
                    .get_first(fields.doc)
                    .and_then(|v| v.as_str())
                    .unwrap_or("{}");
                // an unreadable stored document has no words to give
                if let Ok(document) = serde_json::from_str::<Document>(json) {
                    to_tantivy(&fields, &document, 0);
                }
            }
            // the closure runs whole on one thread: its pages are all counted there
            Ok(IndexAnalysis::take_thread_words())
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(tallies
        .into_iter()
        .fold(WordTally::default(), WordTally::merge))
}

/// The live documents of `segment`, or only those holding one of the ids
/// in `only`: looked up in the id field's postings, so a commit that
/// replaces a few pages reads those pages, not every id of the index.
fn live_docs(
    dir: &Path,
    segment: &tantivy::SegmentReader,
    id_field: tantivy::schema::Field,
    only: Option<&FxHashSet<String>>,
) -> Result<Vec<DocId>> {
    let Some(only) = only else {
        return Ok(segment.doc_ids_alive().collect());
    };
    let ids = segment
        .inverted_index(id_field)
        .map_err(|e| Error::index(dir, e))?;
    let mut docs = Vec::new();
    for id in only {
        let term = Term::from_field_text(id_field, id);
        let Some(mut postings) = ids
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(|e| Error::index(dir, e))?
        else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                docs.push(doc);
            }
            doc = postings.advance();
        }
    }
    // the store reads blocks in order
    docs.sort_unstable();
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(pages: &[&[&str]]) -> WordTally {
        let mut tally = WordTally::default();
        for words in pages {
            for word in *words {
                tally.count(word, 1);
            }
        }
        tally
    }

    fn all(words: &Words) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stream = words.map.stream();
        while let Some((w, n)) = stream.next() {
            out.push((String::from_utf8_lossy(w).into_owned(), n));
        }
        out
    }

    fn write(dir: &Path, old: Option<&Words>, tally: WordTally) {
        write_list(dir, old, tally, &WordTally::default()).unwrap();
    }

    /// Writes a `meta.json` whose commit names the list of hash `hash`.
    fn name_in_commit(dir: &Path, hash: &str) {
        let meta = serde_json::json!({ "payload": super::super::commit_payload(hash) });
        std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
    }

    #[test]
    fn only_the_list_the_last_commit_names_is_read() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), None, tally(&[&["migration"]]));
        let hash = Words::read_file(dir.path()).unwrap().hash_hex();
        // no commit, or one of an earlier version, names no list
        assert_eq!(
            Words::read(dir.path()).unwrap_err(),
            WordListError::NotOfThisCommit
        );
        name_in_commit(dir.path(), &hash);
        assert_eq!(Words::read(dir.path()).unwrap().pages("migration"), 1);
        // a list written after it (a run killed before its commit), or
        // copied from another index, is not the one named
        write(dir.path(), None, tally(&[&["migration"], &["migration"]]));
        assert_eq!(
            Words::read(dir.path()).unwrap_err(),
            WordListError::NotOfThisCommit
        );
    }

    #[test]
    fn a_commit_adds_its_pages_to_the_old_counts() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            None,
            tally(&[&["migration", "frontiere"], &["migration"]]),
        );
        let old = Words::read_file(dir.path()).unwrap();
        write(
            dir.path(),
            Some(&old),
            tally(&[&["retour", "migration"], &["aaa"], &["zzz"]]),
        );
        let words = Words::read_file(dir.path()).unwrap();
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
        assert_eq!(
            Words::read_file(dir.path()).unwrap_err(),
            WordListError::Missing
        );
        write(dir.path(), None, tally(&[&["migration", "sante"]]));
        let path = dir.path().join(WORD_LIST_FILE);
        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        flipped[3] ^= 0x40;
        for bad in [&good[..good.len() - 1], &good[..5], &flipped[..], &[][..]] {
            std::fs::write(&path, bad).unwrap();
            assert!(
                matches!(
                    Words::read_file(dir.path()),
                    Err(WordListError::Unreadable(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn removed_pages_take_their_words_out() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            None,
            tally(&[&["migration", "frontiere"], &["migration", "retour"]]),
        );
        let old = Words::read_file(dir.path()).unwrap();
        let removed = tally(&[&["migration", "frontiere"]]);
        write_list(dir.path(), Some(&old), tally(&[&["sante"]]), &removed).unwrap();
        assert_eq!(
            all(&Words::read_file(dir.path()).unwrap()),
            [("migration", 1), ("retour", 1), ("sante", 1)].map(|(w, n)| (w.to_string(), n))
        );
    }

    #[test]
    fn pending_words_are_merged_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_ram(build_schema().0);
        let pending = PendingWords::default();
        // a commit records the list's hash in meta.json
        let commit = |pending: &PendingWords| {
            let hash = pending.before_commit(dir.path(), &index).unwrap();
            name_in_commit(dir.path(), &hash);
        };
        pending.start_fresh();
        pending.add(tally(&[&["migration"]]));
        commit(&pending);
        pending.add(tally(&[&["migration", "sante"]]));
        commit(&pending);
        // nothing pending: the list is left as it is
        commit(&pending);
        pending.add(tally(&[&["rollback"]]));
        pending.discard();
        commit(&pending);
        let words = Words::read_file(dir.path()).unwrap();
        assert_eq!(
            all(&words),
            [("migration".to_string(), 2), ("sante".to_string(), 1)]
        );
        // a fresh start drops the old words
        pending.start_fresh();
        pending.add(tally(&[&["retour"]]));
        commit(&pending);
        assert_eq!(
            all(&Words::read_file(dir.path()).unwrap()),
            [("retour".to_string(), 1)]
        );
    }
}
