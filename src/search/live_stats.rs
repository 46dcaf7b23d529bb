//! BM25 statistics over the live documents only, the same whatever the
//! segment layout: an index updated in place ranks exactly as the same
//! pages indexed afresh. tantivy's own statistics count documents deleted
//! or replaced since their segment was written (until a merge drops them),
//! and a merge estimates the token count of a segment with deletions, so
//! after an incremental update the scores, and the order of close hits,
//! drifted from a full rebuild. Here every figure is a sum, over live
//! documents, of something a document carries whatever segment it is in.
//! Scoring itself is left to tantivy; this module only answers its
//! questions ([`Bm25StatisticsProvider`]) and the query builder's document
//! frequencies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, InvertedIndexReader, Opstamp, Searcher, SegmentReader, Term};

/// What one segment contributes, in one state of its deletions.
#[derive(Default)]
struct SegmentStats {
    /// Ids of its deleted documents, ascending.
    deleted: Vec<DocId>,
    /// Per field, the summed length of its live documents, filled on demand.
    tokens: Mutex<HashMap<Field, u64>>,
}

/// A segment in one state of its deletions.
type SegmentKey = (SegmentId, Option<Opstamp>);

/// Per-segment statistics kept between searches: a segment never changes,
/// only its deletions do, so an entry is keyed by both and dropped once its
/// segment leaves the index.
#[derive(Default)]
pub(crate) struct LiveStatsCache {
    segments: Mutex<HashMap<SegmentKey, Arc<SegmentStats>>>,
}

impl std::fmt::Debug for LiveStatsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveStatsCache").finish_non_exhaustive()
    }
}

/// The statistics of one searcher's live documents.
pub(crate) struct LiveStats {
    searcher: Searcher,
    /// One entry per segment, in the searcher's order.
    segments: Vec<Arc<SegmentStats>>,
    live_docs: u64,
}

impl LiveStats {
    /// The statistics of `searcher`, reusing what `cache` holds for its
    /// segments.
    pub fn new(searcher: &Searcher, cache: &LiveStatsCache) -> LiveStats {
        let mut cached = cache.segments.lock().unwrap_or_else(|p| p.into_inner());
        let keys: Vec<SegmentKey> = searcher
            .segment_readers()
            .iter()
            .map(|r| (r.segment_id(), r.delete_opstamp()))
            .collect();
        // a new state of the index: forget segments (and deletion states)
        // it no longer has
        if keys.iter().any(|key| !cached.contains_key(key)) {
            cached.retain(|key, _| keys.contains(key));
        }
        let segments = searcher
            .segment_readers()
            .iter()
            .zip(&keys)
            .map(|(reader, key)| {
                Arc::clone(
                    cached
                        .entry(*key)
                        .or_insert_with(|| Arc::new(segment_stats(reader))),
                )
            })
            .collect();
        LiveStats {
            searcher: searcher.clone(),
            segments,
            live_docs: searcher.num_docs(),
        }
    }

    /// The searcher these are the statistics of.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// Live documents holding `term`.
    pub fn doc_freq(&self, term: &Term) -> u64 {
        self.searcher
            .segment_readers()
            .iter()
            .enumerate()
            .map(|(ord, reader)| {
                let Ok(inverted) = reader.inverted_index(term.field()) else {
                    return 0;
                };
                match inverted.get_term_info(term) {
                    Ok(Some(info)) => self.segment_doc_freq(ord, &inverted, &info),
                    _ => 0,
                }
            })
            .sum()
    }

    /// Live documents of segment `ord` holding the term of `info` (as
    /// found walking a term dictionary).
    pub fn segment_doc_freq(
        &self,
        ord: usize,
        inverted: &InvertedIndexReader,
        info: &TermInfo,
    ) -> u64 {
        let all = u64::from(info.doc_freq);
        let deleted = match self.segments.get(ord) {
            Some(stats) if !stats.deleted.is_empty() => &stats.deleted,
            _ => return all,
        };
        let Ok(mut postings) = inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)
        else {
            return all;
        };
        // walk whichever list is shorter: the term's documents, or the
        // segment's deleted ones (each a forward seek in the postings)
        let mut dead = 0u64;
        if all as usize <= deleted.len() {
            let reader = &self.searcher.segment_readers()[ord];
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                dead += u64::from(reader.is_deleted(doc));
                doc = postings.advance();
            }
        } else {
            for &doc in deleted {
                if postings.doc() > doc {
                    continue;
                }
                if postings.seek(doc) == tantivy::TERMINATED {
                    break;
                }
                dead += u64::from(postings.doc() == doc);
            }
        }
        all - dead
    }

    /// The summed length of `field` over the live documents of a segment.
    fn segment_tokens(&self, ord: usize, reader: &SegmentReader, field: Field) -> u64 {
        let stats = &self.segments[ord];
        let mut tokens = stats.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *tokens
            .entry(field)
            .or_insert_with(|| live_length(reader, field))
    }
}

/// The deleted documents of a segment.
fn segment_stats(reader: &SegmentReader) -> SegmentStats {
    let deleted = match reader.alive_bitset() {
        Some(alive) if reader.has_deletes() => (0..reader.max_doc())
            .filter(|&doc| alive.is_deleted(doc))
            .collect(),
        _ => Vec::new(),
    };
    SegmentStats {
        deleted,
        tokens: Mutex::default(),
    }
}

/// The summed length of `field` over the live documents of a segment, from
/// their field norms: the only length a document keeps whatever segment
/// holds it (the exact token count is kept per segment, not per document),
/// and the length its score uses (the norm's lower bound, exact below 40
/// words). A field without norms is scored as if every document had length
/// 1 (tantivy's constant norm), so its documents count 1 each.
fn live_length(reader: &SegmentReader, field: Field) -> u64 {
    let norms = match reader.fieldnorms_readers().get_field(field) {
        Ok(Some(norms)) => norms,
        _ => return u64::from(reader.num_docs()),
    };
    let mut per_norm = [0u64; 256];
    match reader.alive_bitset() {
        Some(alive) => {
            for doc in alive.iter_alive() {
                per_norm[usize::from(norms.fieldnorm_id(doc))] += 1;
            }
        }
        None => {
            for doc in 0..reader.max_doc() {
                per_norm[usize::from(norms.fieldnorm_id(doc))] += 1;
            }
        }
    }
    per_norm
        .iter()
        .zip(0..=u8::MAX)
        .map(|(&n, id)| n * u64::from(FieldNormReader::id_to_fieldnorm(id)))
        .sum()
}

impl Bm25StatisticsProvider for LiveStats {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self
            .searcher
            .segment_readers()
            .iter()
            .enumerate()
            .map(|(ord, reader)| self.segment_tokens(ord, reader, field))
            .sum())
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.live_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(LiveStats::doc_freq(self, term))
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    /// Ten documents holding `a`, two of them `b`; documents 0 and 5
    /// deleted. `a` (10 documents, 2 deleted) is counted by seeking the
    /// deleted ones, `b` (2 documents) by walking its own.
    #[test]
    fn document_frequencies_count_live_documents_only() {
        let mut builder = Schema::builder();
        let word = builder.add_text_field("word", STRING);
        let id = builder.add_text_field("id", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..10 {
            let mut document = doc!(word => "a", id => n.to_string());
            if n < 2 {
                document.add_text(word, "b");
            }
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        for n in ["0", "5"] {
            writer.delete_term(Term::from_field_text(id, n));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let stats = LiveStats::new(&searcher, &LiveStatsCache::default());
        let df = |w: &str| stats.doc_freq(&Term::from_field_text(word, w));
        assert_eq!((df("a"), df("b"), df("c")), (8, 1, 0));
        assert_eq!(
            searcher
                .doc_freq(&Term::from_field_text(word, "a"))
                .unwrap(),
            10
        );
        assert_eq!(stats.total_num_docs().unwrap(), 8);
        // `word` has norms: one word per value, two for documents 0 and 1
        assert_eq!(stats.total_num_tokens(word).unwrap(), 8 + 1);
    }
}
