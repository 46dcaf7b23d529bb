//! One pass over the documents matching the text gathers a whole answer:
//! the top hits, the total and the facet counts, including disjunctive
//! counts. Filters are not part of the query; each is a document set walked
//! alongside the matches. A match that passes every filter is a hit and
//! counts in every facet; a match that fails exactly one filter still counts
//! in that filter's facet (what the facet would show without its own
//! filter). Scores are computed only for hits.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use super::collect::{FacetCollector, FacetSegment, FacetTally, Ranked, TopCollector, TopSegment};
use super::counts::FacetCounts;
use super::facet_cache::FacetCache;
use super::filters::FacetFilter;
use crate::facet::Facet;

/// What a pass found.
pub(crate) struct PassResult {
    /// Top hits, best first.
    pub ranked: Vec<Ranked>,
    /// Number of hits.
    pub total: usize,
    /// Counts per facet (only the facets asked for).
    pub counts: FacetCounts,
}

/// A filter ready to walk in every segment.
struct FilterWeight {
    facet: Facet,
    weight: Box<dyn Weight>,
}

/// The collector of one pass.
pub(crate) struct Pass<'a> {
    top: TopCollector,
    /// Facets counted over hits.
    facets: FacetCollector<'a>,
    /// Filters, each with the collector of its facet's disjunctive counts.
    filters: Vec<(FilterWeight, FacetCollector<'a>)>,
}

impl<'a> Pass<'a> {
    /// A pass collecting `top`, counting `facets` over the hits, and
    /// applying `filters` with disjunctive counts of their facets.
    pub fn new(
        searcher: &Searcher,
        top: TopCollector,
        facets: Vec<Facet>,
        filters: &[FacetFilter],
        cache: &'a FacetCache,
    ) -> tantivy::Result<Pass<'a>> {
        let filters = filters
            .iter()
            .map(|f| {
                let weight = f
                    .query
                    .weight(EnableScoring::disabled_from_searcher(searcher))?;
                Ok((
                    FilterWeight {
                        facet: f.facet,
                        weight,
                    },
                    FacetCollector {
                        facets: vec![f.facet],
                        cache,
                    },
                ))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Pass {
            top,
            facets: FacetCollector { facets, cache },
            filters,
        })
    }

    /// Runs the pass for a text query.
    pub fn run(&self, searcher: &Searcher, query: &dyn Query) -> tantivy::Result<PassResult> {
        searcher.search(query, self)
    }
}

/// A filter's documents in one segment, and its facet's counts.
struct SegmentFilter {
    docs: Box<dyn tantivy::query::Scorer>,
    counts: FacetSegment,
}

/// Per-segment state of [`Pass`].
pub(crate) struct PassSegment {
    top: TopSegment,
    facets: FacetSegment,
    filters: Vec<SegmentFilter>,
}

impl PassSegment {
    /// Takes one matching document; `score` is called only for a hit.
    #[inline]
    fn visit(&mut self, doc: DocId, score: impl FnOnce() -> Score) {
        let mut failed = None;
        let mut failures = 0;
        for (i, filter) in self.filters.iter_mut().enumerate() {
            if filter.docs.doc() < doc {
                filter.docs.seek(doc);
            }
            if filter.docs.doc() != doc {
                failures += 1;
                failed = Some(i);
                if failures > 1 {
                    return;
                }
            }
        }
        match failed {
            None => {
                self.top.collect(doc, score());
                self.facets.collect(doc, 0.0);
                for filter in &mut self.filters {
                    filter.counts.collect(doc, 0.0);
                }
            }
            Some(i) => self.filters[i].counts.collect(doc, 0.0),
        }
    }
}

impl SegmentCollector for PassSegment {
    type Fruit = ((Vec<Ranked>, usize), FacetTally, Vec<FacetTally>);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.visit(doc, || score);
    }

    fn harvest(self) -> Self::Fruit {
        (
            self.top.harvest(),
            self.facets.harvest(),
            self.filters
                .into_iter()
                .map(|f| f.counts.harvest())
                .collect(),
        )
    }
}

impl Collector for Pass<'_> {
    type Fruit = PassResult;
    type Child = PassSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PassSegment> {
        let filters = self
            .filters
            .iter()
            .map(|(f, counts)| {
                Ok(SegmentFilter {
                    docs: f.weight.scorer(reader, 1.0)?,
                    counts: counts.for_segment(segment, reader)?,
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(PassSegment {
            top: self.top.for_segment(segment, reader)?,
            facets: self.facets.for_segment(segment, reader)?,
            filters,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Walks the matches itself so that only hits are scored.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<<PassSegment as SegmentCollector>::Fruit> {
        let mut child = self.for_segment(segment, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                child.visit(doc, || scorer.score());
            }
            doc = scorer.advance();
        }
        Ok(child.harvest())
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<PassSegment as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<PassResult> {
        let mut tops = Vec::with_capacity(fruits.len());
        let mut facet_tallies = Vec::with_capacity(fruits.len());
        let mut filter_tallies: Vec<Vec<FacetTally>> =
            self.filters.iter().map(|_| Vec::new()).collect();
        for (top, facets, filters) in fruits {
            tops.push(top);
            facet_tallies.push(facets);
            for (all, tally) in filter_tallies.iter_mut().zip(filters) {
                all.push(tally);
            }
        }
        let (ranked, total) = self.top.merge_fruits(tops)?;
        let mut counts = self.facets.merge_fruits(facet_tallies)?;
        for ((filter, collector), tallies) in self.filters.iter().zip(filter_tallies) {
            let mut own = collector.merge_fruits(tallies)?;
            counts[filter.facet] = std::mem::take(&mut own[filter.facet]);
        }
        Ok(PassResult {
            ranked,
            total,
            counts,
        })
    }
}
