//! The facet collector: counts (and budget sums) per facet value, read
//! from the facet cache's dense rows, or tantivy's facet columns when the
//! cache is off.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::super::counts::FacetCounts;
use super::super::facet_cache::{FacetCache, InlineTotals, SegmentFacets};
use crate::facet::Facet;
use crate::schema::NO_VALUE;

/// Budget sums in cents per value, per facet (the shape of the counts).
pub(crate) type FacetSums = FacetCounts;

/// Counts the values of some facet fields over all matching documents and,
/// when asked, sums the budgets of the documents under each value.
pub(crate) struct FacetCollector<'a> {
    pub facets: Vec<Facet>,
    pub cache: &'a FacetCache,
    /// Sum budgets per value too (the budget comes with each document, see
    /// [`FacetSegment::collect_budget`]).
    pub sums: bool,
}

/// Per-segment state of [`FacetCollector`]: dense rows when the cache is
/// enabled, tantivy's facet columns otherwise.
pub(crate) enum FacetSegment {
    Dense {
        facets: Arc<SegmentFacets>,
        /// (position in the collector's list, facet index) of each facet.
        wanted: Vec<(usize, usize)>,
        /// Counts per index-wide value number, per wanted facet.
        counts: Vec<Vec<u32>>,
        /// Budget sums in cents, like `counts` (empty without sums).
        sums: Vec<Vec<u64>>,
        /// Counts and sums of the values rows hold inline (all facets),
        /// added to `counts` and `sums` at harvest.
        inline: InlineTotals,
    },
    Column(Vec<ColumnFacet>),
}

/// One facet read from its tantivy column: counts and sums by ordinal.
pub(crate) struct ColumnFacet {
    facet: Facet,
    reader: FacetReader,
    counts: Vec<u64>,
    /// Empty without sums.
    sums: Vec<u64>,
}

/// What one segment counted.
pub(crate) struct FacetTally {
    /// Per wanted facet, counts by index-wide value number (dense segments).
    dense: Vec<Vec<u32>>,
    /// Per wanted facet, budget sums by value number (dense segments).
    dense_sums: Vec<Vec<u64>>,
    /// Counts by value (column segments).
    named: FacetCounts,
    /// Budget sums by value (column segments).
    named_sums: FacetSums,
}

impl Collector for FacetCollector<'_> {
    type Fruit = (FacetCounts, FacetSums);
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let indexes: Vec<usize> = self.facets.iter().map(|f| f.index()).collect();
        let dense = if indexes.is_empty() {
            None
        } else {
            self.cache.segment(reader)?
        };
        if let Some(facets) = dense {
            let sized = |f: usize| self.cache.value_count(f);
            let counts = indexes.iter().map(|&f| vec![0u32; sized(f)]).collect();
            let sums = if self.sums {
                indexes.iter().map(|&f| vec![0u64; sized(f)]).collect()
            } else {
                Vec::new()
            };
            return Ok(FacetSegment::Dense {
                facets,
                wanted: indexes.into_iter().enumerate().collect(),
                counts,
                sums,
                inline: InlineTotals::new(),
            });
        }
        let readers = self
            .facets
            .iter()
            .map(|&facet| {
                let reader = reader.facet_reader(facet.key())?;
                let n = reader.num_facets();
                Ok(ColumnFacet {
                    facet,
                    reader,
                    counts: vec![0u64; n],
                    sums: if self.sums { vec![0u64; n] } else { Vec::new() },
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(FacetSegment::Column(readers))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetTally>) -> tantivy::Result<(FacetCounts, FacetSums)> {
        let mut out = FacetCounts::default();
        let mut out_sums = FacetSums::default();
        let mut dense: Vec<Vec<u64>> = vec![Vec::new(); self.facets.len()];
        let mut dense_sums: Vec<Vec<u64>> = vec![Vec::new(); self.facets.len()];
        for fruit in fruits {
            add_dense(&mut dense, fruit.dense);
            add_dense(&mut dense_sums, fruit.dense_sums);
            out.add(fruit.named);
            out_sums.add(fruit.named_sums);
        }
        for (slot, &facet) in self.facets.iter().enumerate() {
            let target = &mut out[facet];
            self.cache
                .for_each_value(facet.index(), &dense[slot], |value, n| {
                    *target.entry(value.to_string()).or_default() += n;
                });
            if self.sums {
                let target = &mut out_sums[facet];
                self.cache
                    .for_each_value(facet.index(), &dense_sums[slot], |value, cents| {
                        let t = target.entry(value.to_string()).or_default();
                        *t = t.saturating_add(cents);
                    });
            }
        }
        Ok((out, out_sums))
    }
}

/// Adds one segment's dense vectors (per facet slot) to the running totals.
fn add_dense<T: Copy + Into<u64>>(totals: &mut [Vec<u64>], segment: Vec<Vec<T>>) {
    for (total, values) in totals.iter_mut().zip(segment) {
        if total.len() < values.len() {
            total.resize(values.len(), 0);
        }
        for (t, n) in total.iter_mut().zip(values) {
            *t = t.saturating_add(n.into());
        }
    }
}

impl FacetSegment {
    /// Counts a document and, when sums are on, adds its budget in cents
    /// under each of its values (documents without a budget add nothing).
    #[inline]
    pub fn collect_budget(&mut self, doc: DocId, budget_cents: Option<u64>) {
        match self {
            FacetSegment::Dense {
                facets,
                wanted,
                counts,
                sums,
                inline,
            } => {
                let cents = budget_cents.filter(|_| !sums.is_empty());
                facets.tally(doc, cents, inline, wanted, counts, sums);
            }
            FacetSegment::Column(readers) => {
                for column in readers {
                    for ord in column.reader.facet_ords(doc) {
                        if let Some(c) = column.counts.get_mut(ord as usize) {
                            *c += 1;
                        }
                        if let (Some(cents), Some(s)) =
                            (budget_cents, column.sums.get_mut(ord as usize))
                        {
                            *s = s.saturating_add(cents);
                        }
                    }
                }
            }
        }
    }
}

/// The value of a facet ordinal in a segment, unless it is the "no value"
/// placeholder.
fn column_value(
    reader: &FacetReader,
    ord: usize,
    path: &mut tantivy::schema::Facet,
) -> Option<String> {
    reader.facet_from_ord(ord as u64, path).ok()?;
    path.to_path()
        .last()
        .filter(|v| **v != NO_VALUE)
        .map(|v| v.to_string())
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetTally;

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        self.collect_budget(doc, None);
    }

    fn harvest(self) -> FacetTally {
        let readers = match self {
            FacetSegment::Dense {
                wanted,
                mut counts,
                mut sums,
                inline,
                ..
            } => {
                for &(slot, facet) in &wanted {
                    let sums = sums.get_mut(slot).map(Vec::as_mut_slice).unwrap_or(&mut []);
                    inline.add_to(facet, &mut counts[slot], sums);
                }
                return FacetTally {
                    dense: counts,
                    dense_sums: sums,
                    named: FacetCounts::default(),
                    named_sums: FacetSums::default(),
                };
            }
            FacetSegment::Column(readers) => readers,
        };
        let mut named = FacetCounts::default();
        let mut named_sums = FacetSums::default();
        let mut path = tantivy::schema::Facet::root();
        for column in readers {
            let values = &mut named[column.facet];
            for (ord, n) in column.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                if let Some(value) = column_value(&column.reader, ord, &mut path) {
                    *values.entry(value).or_default() += n;
                }
            }
            let sums = &mut named_sums[column.facet];
            for (ord, cents) in column.sums.iter().enumerate().filter(|(_, c)| **c > 0) {
                if let Some(value) = column_value(&column.reader, ord, &mut path) {
                    let t = sums.entry(value).or_default();
                    *t = t.saturating_add(*cents);
                }
            }
        }
        FacetTally {
            dense: Vec::new(),
            dense_sums: Vec::new(),
            named,
            named_sums,
        }
    }
}
