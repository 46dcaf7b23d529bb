//! Proximity as a second look at the best hits: checking where the query's
//! words stand needs their positions, too costly to read for every match of
//! a broad query, so only the top of the BM25 ranking (a window well past
//! any page shown) gets the bonus and is re-sorted, as Elasticsearch's
//! rescore does.

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader};

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
    let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
    let bonus = Bonus::new(query, scoring)?;
    // per segment, in document order, so each scorer only moves forward
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| (ranked[i].address.segment_ord, ranked[i].address.doc_id));
    let mut current: Option<(u32, SegmentBonus)> = None;
    for i in order {
        let address = ranked[i].address;
        if current.as_ref().map(|(s, _)| *s) != Some(address.segment_ord) {
            let reader = searcher.segment_reader(address.segment_ord);
            current = Some((address.segment_ord, bonus.segment(reader)));
        }
        let Some((_, segment)) = current.as_mut() else {
            continue;
        };
        if let Some(bonus) = segment.at(address.doc_id)? {
            ranked[i].boost(bonus);
        }
    }
    sort_ranked(ranked, keep, keep);
    Ok(())
}

/// The weights of a rescore query. A union of clauses (the closeness
/// query is one: phrases with and without slop, per field) is checked
/// clause by clause at each hit: tantivy's union scorer would fill a
/// window of 4 096 documents ahead of each hit, matching the phrases of
/// every page in it, where the hits need a check at a hundred documents.
enum Bonus {
    Clauses(Vec<Box<dyn Weight>>),
    Whole(Box<dyn Weight>),
}

impl Bonus {
    fn new(query: &dyn Query, scoring: EnableScoring<'_>) -> tantivy::Result<Bonus> {
        let union = query.downcast_ref::<BooleanQuery>().filter(|q| {
            q.get_minimum_number_should_match() <= 1
                && q.clauses().len() > 1
                && q.clauses().iter().all(|(occur, _)| *occur == Occur::Should)
        });
        Ok(match union {
            Some(union) => Bonus::Clauses(
                union
                    .clauses()
                    .iter()
                    .map(|(_, clause)| clause.weight(scoring))
                    .collect::<tantivy::Result<_>>()?,
            ),
            None => Bonus::Whole(query.weight(scoring)?),
        })
    }

    fn segment<'a>(&'a self, reader: &'a SegmentReader) -> SegmentBonus<'a> {
        let weights: Vec<&dyn Weight> = match self {
            Bonus::Clauses(weights) => weights.iter().map(|w| &**w).collect(),
            Bonus::Whole(weight) => vec![&**weight],
        };
        SegmentBonus {
            reader,
            scorers: weights.into_iter().map(|w| (w, None)).collect(),
        }
    }
}

/// A rescore query's clauses in one segment: each scorer is made at the
/// first hit it is asked about (made at the segment's start, a phrase
/// scorer would look for its first match), with a lower bound of the next
/// document it may match.
struct SegmentBonus<'a> {
    reader: &'a SegmentReader,
    scorers: Vec<(&'a dyn Weight, Option<Placed>)>,
}

/// A clause's scorer, with a lower bound of the next document it may match.
type Placed = (DocId, Box<dyn Scorer>);

impl SegmentBonus<'_> {
    /// The query's score at `doc` (documents asked in increasing order), as
    /// tantivy's union sums it: the matching clauses in clause order, from
    /// zero.
    fn at(&mut self, doc: DocId) -> tantivy::Result<Option<Score>> {
        let mut sum: Option<Score> = None;
        for (weight, state) in &mut self.scorers {
            // a check at `doc` alone; a miss may leave the scorer past it,
            // so only later documents are asked from then on
            let found = match state {
                Some((bound, _)) if doc < *bound => continue,
                Some((_, scorer)) => scorer.seek_danger(doc),
                None => {
                    let (found, scorer) = weight.scorer_danger(self.reader, doc, 1.0)?;
                    *state = Some((doc, scorer));
                    found
                }
            };
            let Some((bound, scorer)) = state else {
                continue;
            };
            match found {
                SeekDangerResult::Found => {
                    *bound = doc + 1;
                    *sum.get_or_insert(0.0) += scorer.score();
                }
                SeekDangerResult::SeekLowerBound(next) => *bound = next,
            }
        }
        Ok(sum)
    }
}
