//! Proximity as a second look at the best hits: checking where the query's
//! words stand needs their positions, too costly to read for every match of
//! a broad query, so only the top of the BM25 ranking (a window well past
//! any page shown) gets the bonus and is re-sorted, as Elasticsearch's
//! rescore does.

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocSet, Searcher};

use super::collect::{sort_ranked, Ranked};
use super::live_stats::LiveStats;

/// Hits that get a second look.
pub(crate) const RESCORE_WINDOW: usize = 100;

/// Adds the score of `query` to each hit it matches, then re-sorts the
/// first `keep` places.
pub(crate) fn rescore(
    searcher: &Searcher,
    stats: &LiveStats,
    query: &dyn Query,
    ranked: &mut [Ranked],
    keep: usize,
) -> tantivy::Result<()> {
    let weight = query.weight(EnableScoring::enabled_from_statistics_provider(
        stats, searcher,
    ))?;
    // per segment, in document order, so each scorer only moves forward
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| (ranked[i].address.segment_ord, ranked[i].address.doc_id));
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for i in order {
        let address = ranked[i].address;
        if current.as_ref().map(|(s, _)| *s) != Some(address.segment_ord) {
            let reader = searcher.segment_reader(address.segment_ord);
            current = Some((address.segment_ord, weight.scorer(reader, 1.0)?));
        }
        let Some((_, scorer)) = current.as_mut() else {
            continue;
        };
        if scorer.doc() < address.doc_id {
            scorer.seek(address.doc_id);
        }
        if scorer.doc() == address.doc_id {
            let bonus = scorer.score();
            ranked[i].boost(bonus);
        }
    }
    sort_ranked(ranked, keep, keep);
    Ok(())
}
