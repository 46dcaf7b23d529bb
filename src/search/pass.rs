//! One pass over the documents matching the text gathers a whole answer:
//! the top hits, the total and the facet counts, including disjunctive
//! counts. Filters are not part of the query; each is a document set walked
//! alongside the matches. A match that passes every filter is a hit and
//! counts in every facet; a match that fails exactly one filter still counts
//! in that filter's facet (what the facet would show without its own
//! filter): the hits' counts of that facet plus the counts of the matches
//! failing only its filter. Scores are computed only for hits. Aggregates (budget totals,
//! per-year figures, budget sums per facet value) ride on the same walk:
//! each match's budget is read once and goes wherever the match counts.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use super::aggregates::{SegmentAmounts, Tally};
use super::collect::{
    FacetCollector, FacetSegment, FacetSums, FacetTally, Ranked, TopCollector, TopSegment,
};
use super::counts::FacetCounts;
use super::facet_cache::FacetCache;
use super::filters::FacetFilter;
use super::live_stats::LiveStats;
use crate::facet::Facet;

/// What a pass found.
pub(crate) struct PassResult {
    /// Top hits, best first.
    pub ranked: Vec<Ranked>,
    /// Number of hits.
    pub total: usize,
    /// Counts per facet (only the facets asked for).
    pub counts: FacetCounts,
    /// Totals and per-year figures of the hits, and budget sums in cents
    /// per facet value (disjunctive like the counts), when asked for.
    pub aggregates: Option<(Tally, FacetSums)>,
}

/// A filter ready to walk in every segment.
struct FilterWeight {
    facet: Facet,
    weight: Box<dyn Weight>,
}

/// The collector of one pass.
pub(crate) struct Pass<'a> {
    top: TopCollector,
    /// Facets counted over hits (the filtered facets too).
    facets: FacetCollector<'a>,
    /// Filters, each with the collector of the matches failing only it.
    filters: Vec<(FilterWeight, FacetCollector<'a>)>,
    /// Gather aggregates.
    aggregates: bool,
}

impl<'a> Pass<'a> {
    /// A pass collecting `top`, counting `facets` over the hits, and
    /// applying `filters` with disjunctive counts of their facets (counted
    /// whether or not `facets` names them); with
    /// `aggregates`, budgets and years are gathered beside the counts.
    pub fn new(
        searcher: &Searcher,
        top: TopCollector,
        facets: Vec<Facet>,
        filters: &[FacetFilter],
        cache: &'a FacetCache,
        aggregates: bool,
    ) -> tantivy::Result<Pass<'a>> {
        let mut facets = facets;
        for f in filters {
            if !facets.contains(&f.facet) {
                facets.push(f.facet);
            }
        }
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
                        sums: aggregates,
                    },
                ))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Pass {
            top,
            facets: FacetCollector {
                facets,
                cache,
                sums: aggregates,
            },
            filters,
            aggregates,
        })
    }

    /// Runs the pass for a text query, scored with the live documents'
    /// statistics.
    pub fn run(
        &self,
        searcher: &Searcher,
        stats: &LiveStats,
        query: &dyn Query,
    ) -> tantivy::Result<PassResult> {
        searcher.search_with_statistics_provider(query, self, stats)
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
    /// Budget and year columns, and the hits' totals, with aggregates.
    aggregates: Option<(SegmentAmounts, Tally)>,
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
        let budget = self
            .aggregates
            .as_ref()
            .and_then(|(amounts, _)| amounts.budget_cents(doc));
        match failed {
            None => {
                self.top.collect(doc, score());
                self.facets.collect_budget(doc, budget);
                if let Some((amounts, tally)) = &mut self.aggregates {
                    tally.add(budget, amounts.year(doc));
                }
            }
            // counted in its filter's facet only, added to the hits' counts
            Some(i) => self.filters[i].counts.collect_budget(doc, budget),
        }
    }
}

impl SegmentCollector for PassSegment {
    type Fruit = (
        (Vec<Ranked>, usize),
        FacetTally,
        Vec<FacetTally>,
        Option<Tally>,
    );

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
            self.aggregates.map(|(_, tally)| tally),
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
        let aggregates = if self.aggregates {
            let dense = self.facets.cache.segment(reader)?;
            Some((SegmentAmounts::open(reader, dense)?, Tally::default()))
        } else {
            None
        };
        Ok(PassSegment {
            top: self.top.for_segment(segment, reader)?,
            facets: self.facets.for_segment(segment, reader)?,
            filters,
            aggregates,
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
        let mut tally = self.aggregates.then(Tally::default);
        for (top, facets, filters, segment_tally) in fruits {
            if let (Some(total), Some(segment)) = (&mut tally, segment_tally) {
                total.merge(segment);
            }
            tops.push(top);
            facet_tallies.push(facets);
            for (all, tally) in filter_tallies.iter_mut().zip(filters) {
                all.push(tally);
            }
        }
        let (ranked, total) = self.top.merge_fruits(tops)?;
        let (mut counts, mut sums) = self.facets.merge_fruits(facet_tallies)?;
        for ((filter, collector), tallies) in self.filters.iter().zip(filter_tallies) {
            let (mut own, mut own_sums) = collector.merge_fruits(tallies)?;
            for (value, n) in std::mem::take(&mut own[filter.facet]) {
                *counts[filter.facet].entry(value).or_default() += n;
            }
            for (value, cents) in std::mem::take(&mut own_sums[filter.facet]) {
                let sum = sums[filter.facet].entry(value).or_default();
                *sum = sum.saturating_add(cents);
            }
        }
        Ok(PassResult {
            ranked,
            total,
            counts,
            aggregates: tally.map(|t| (t, sums)),
        })
    }
}
