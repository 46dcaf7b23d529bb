//! The index-wide vocabulary of whole folded words (the `words` field of
//! every segment merged into one map, each word with its page count), so
//! that typo tolerance walks one automaton over one map instead of one per
//! segment. Built once per set of segments by processes that run many
//! searches (batch mode and the server call [`crate::Engine::warm_up`]);
//! one-shot searches keep walking the segments' own dictionaries.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::termdict::TermMerger;
use tantivy::Searcher;
use tantivy_fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

/// Every word of the index with the number of pages holding it (summed over
/// segments, deleted pages included, as `Searcher::doc_freq` counts them).
pub(crate) struct Words {
    map: Map<Vec<u8>>,
}

impl Words {
    /// Merges the dictionaries of `field` over the searcher's segments.
    fn build(searcher: &Searcher, field: Field) -> tantivy::Result<Words> {
        let inverted = searcher
            .segment_readers()
            .iter()
            .map(|reader| reader.inverted_index(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let streams = inverted
            .iter()
            .map(|index| index.terms().stream())
            .collect::<std::io::Result<Vec<_>>>()?;
        let mut merger = TermMerger::new(streams);
        let mut builder = MapBuilder::memory();
        while merger.advance() {
            let pages: u64 = merger
                .current_segment_ords_and_term_infos()
                .map(|(_, info)| u64::from(info.doc_freq))
                .sum();
            builder
                .insert(merger.key(), pages)
                .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        let map = Map::from_bytes(bytes)
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        Ok(Words { map })
    }

    /// Calls `f(word, pages)` for each word the automaton accepts, in byte
    /// order.
    pub fn search<A: Automaton>(&self, automaton: A, mut f: impl FnMut(&[u8], u64)) {
        let mut stream = self.map.search(automaton).into_stream();
        while let Some((word, pages)) = stream.next() {
            f(word, pages);
        }
    }

    /// Number of words.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

#[derive(Default)]
struct State {
    /// The segments the words were merged from, in searcher order.
    segments: Vec<SegmentId>,
    words: Option<Arc<Words>>,
}

/// The vocabulary of the last searcher seen, rebuilt when its segments
/// change (a commit, a merge).
#[derive(Default)]
pub(crate) struct VocabularyCache {
    state: Mutex<State>,
    enabled: AtomicBool,
}

impl std::fmt::Debug for VocabularyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VocabularyCache")
            .field("enabled", &self.enabled.load(Ordering::Relaxed))
            .finish()
    }
}

impl VocabularyCache {
    /// From now on, searches build and use the merged vocabulary.
    pub fn enable(&self) {
        self.enabled.store(true, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The words of `field` over the searcher's segments, merging them the
    /// first time this set of segments is seen; `None` when the cache is
    /// not enabled (the caller walks the segments itself).
    pub fn words(&self, searcher: &Searcher, field: Field) -> tantivy::Result<Option<Arc<Words>>> {
        if !self.enabled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let segments: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let mut state = self.lock();
        if state.segments == segments {
            if let Some(words) = &state.words {
                return Ok(Some(Arc::clone(words)));
            }
        }
        let words = Arc::new(Words::build(searcher, field)?);
        *state = State {
            segments,
            words: Some(Arc::clone(&words)),
        };
        Ok(Some(words))
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
    fn merged_words_count_pages_over_segments_and_follow_commits() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::create(dir.path()).unwrap();
        engine.add(doc("a", "migration frontière")).unwrap();
        engine.commit().unwrap();
        engine.add(doc("b", "migration retour")).unwrap();
        engine.commit().unwrap();
        let searcher = engine.searcher();
        let field = engine.fields().words;
        let cache = VocabularyCache::default();
        assert!(
            cache.words(&searcher, field).unwrap().is_none(),
            "off until enabled"
        );
        cache.enable();
        let words = cache.words(&searcher, field).unwrap().unwrap();
        let mut seen = Vec::new();
        words.search(tantivy_fst::automaton::AlwaysMatch, |w, n| {
            seen.push((String::from_utf8_lossy(w).into_owned(), n))
        });
        let pages = |word: &str| seen.iter().find(|(w, _)| w == word).map(|(_, n)| *n);
        assert_eq!(pages("migration"), Some(2), "{seen:?}");
        assert_eq!(pages("frontiere"), Some(1), "{seen:?}");
        assert_eq!(words.len(), seen.len());
        // the same segments: the same map; a commit: a new one
        let again = cache.words(&searcher, field).unwrap().unwrap();
        assert!(Arc::ptr_eq(&words, &again));
        engine.add(doc("c", "quokka")).unwrap();
        engine.commit().unwrap();
        let newer = cache.words(&engine.searcher(), field).unwrap().unwrap();
        assert!(!Arc::ptr_eq(&words, &newer));
        let mut quokka = 0;
        newer.search(tantivy_fst::automaton::AlwaysMatch, |w, n| {
            if w == b"quokka" {
                quokka = n;
            }
        });
        assert_eq!(quokka, 1);
    }
}
