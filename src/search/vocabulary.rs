//! The word list of the index (`words.fst`, written by `index::word_list`
//! at each commit) as searches read it: loaded once per set of segments and
//! shared by the searches on them, so typo tolerance and prefix completion
//! walk one automaton over one map. A one-shot search reads the file once.
//! A missing or damaged list is remembered, not fatal: searches then go
//! without corrections and completions.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::index::SegmentId;
use tantivy::Searcher;

use crate::index::{WordListError, Words};

#[derive(Default)]
struct State {
    /// The segments of the searcher the list was read for, in order.
    segments: Vec<SegmentId>,
    words: Option<Result<Arc<Words>, WordListError>>,
}

/// The word list read for the last searcher seen, read again when its
/// segments change (a commit, a merge: the list was rewritten before the
/// commit that made them).
#[derive(Default)]
pub(crate) struct VocabularyCache {
    state: Mutex<State>,
}

impl std::fmt::Debug for VocabularyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VocabularyCache").finish_non_exhaustive()
    }
}

impl VocabularyCache {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The word list of the index in `dir` for the searcher's segments,
    /// read the first time this set of segments is seen.
    ///
    /// # Errors
    /// Why the list cannot be used (the same answer until the segments
    /// change).
    pub fn words(&self, searcher: &Searcher, dir: &Path) -> Result<Arc<Words>, WordListError> {
        let segments: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let mut state = self.lock();
        if state.segments == segments {
            if let Some(words) = &state.words {
                return words.clone();
            }
        }
        let words = Words::read(dir).map(Arc::new);
        *state = State {
            segments,
            words: Some(words.clone()),
        };
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Engine};

    fn doc(id: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            title: id.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_list_is_read_once_per_set_of_segments_and_follows_commits() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::create(dir.path()).unwrap();
        engine.add(doc("a", "migration frontière")).unwrap();
        engine.commit().unwrap();
        engine.add(doc("b", "migration retour")).unwrap();
        engine.commit().unwrap();
        let cache = VocabularyCache::default();
        let words = cache.words(&engine.searcher(), dir.path()).unwrap();
        assert_eq!(words.pages("migration"), 2);
        assert_eq!(words.pages("frontiere"), 1);
        // the same segments: the same map; a commit: a new one
        let again = cache.words(&engine.searcher(), dir.path()).unwrap();
        assert!(Arc::ptr_eq(&words, &again));
        engine.add(doc("c", "quokka")).unwrap();
        engine.commit().unwrap();
        let newer = cache.words(&engine.searcher(), dir.path()).unwrap();
        assert!(!Arc::ptr_eq(&words, &newer));
        assert_eq!(newer.pages("quokka"), 1);
        assert_eq!(newer.pages("migration"), 2);
    }

    #[test]
    fn a_missing_list_is_reported_until_the_segments_change() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::create(dir.path()).unwrap();
        engine.add(doc("a", "migration")).unwrap();
        engine.commit().unwrap();
        std::fs::remove_file(dir.path().join("words.fst")).unwrap();
        let cache = VocabularyCache::default();
        assert_eq!(
            cache.words(&engine.searcher(), dir.path()).unwrap_err(),
            WordListError::Missing
        );
        // the next commit rebuilds it from the stored documents
        engine.add(doc("b", "retour")).unwrap();
        engine.commit().unwrap();
        let words = cache.words(&engine.searcher(), dir.path()).unwrap();
        assert_eq!(words.pages("migration"), 1);
        assert_eq!(words.pages("retour"), 1);
    }
}
