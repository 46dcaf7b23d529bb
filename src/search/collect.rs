//! Collectors: the top hits in a deterministic order (sort key, then id), the
//! total count, and facet counts read from the facet cache's dense rows (or
//! tantivy's facet columns when it is off), without loading stored documents.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::fastfield::FacetReader;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use std::sync::Arc;

use super::counts::FacetCounts;
use super::facet_cache::{FacetCache, InlineTotals, SegmentFacets};
use crate::facet::Facet;
use crate::schema::NO_VALUE;

/// How hits are ordered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Order {
    /// By score, best first.
    Score,
    /// By a fast field (`budget_usd` f64 or `year_value` i64); missing values last.
    Field {
        name: &'static str,
        is_f64: bool,
        descending: bool,
    },
}

/// One collected hit.
#[derive(Clone)]
pub(crate) struct Ranked {
    /// Sort key, larger is better (negated for ascending sorts).
    key: f64,
    /// The document lacks the sort field.
    missing: bool,
    /// Position of the id in its segment's sorted id column.
    ord: u64,
    /// The segment's id column, to read the id when it is needed.
    ids: Option<StrColumn>,
    /// Document id, read only for ties across segments.
    id: Option<String>,
    pub address: DocAddress,
    pub score: Score,
}

impl Ranked {
    /// Adds to the score of a hit ranked by score.
    pub fn boost(&mut self, by: Score) {
        self.score += by;
        self.key += f64::from(by);
    }

    fn read_id(&mut self) {
        if self.id.is_none() {
            let mut id = String::new();
            if let Some(ids) = &self.ids {
                let _ = ids.ord_to_str(self.ord, &mut id);
            }
            self.id = Some(id);
        }
    }
}

/// Puts the `places` smallest ids of a tie group first, in id order. The
/// group comes sorted by segment then ordinal, i.e. by id within each
/// segment, so a merge of the segments' runs reads one id per place plus
/// one per segment, not one per hit.
fn merge_by_id(group: &mut [Ranked], places: usize) {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, r) in group.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if group[run.start].address.segment_ord == r.address.segment_ord => {
                run.end = i + 1
            }
            _ => runs.push(i..i + 1),
        }
    }
    let mut order = Vec::with_capacity(group.len());
    while order.len() < places.min(group.len()) {
        let mut best: Option<usize> = None;
        for run in runs.iter().filter(|r| r.start < r.end) {
            group[run.start].read_id();
            if best.is_none_or(|b| group[run.start].id < group[b].id) {
                best = Some(run.start);
            }
        }
        let Some(best) = best else { break };
        order.push(best);
        if let Some(run) = runs.iter_mut().find(|r| r.start < r.end && r.start == best) {
            run.start += 1;
        }
    }
    // the rest keep their segment-and-ordinal order
    for run in runs {
        order.extend(run);
    }
    let sorted: Vec<Ranked> = order.iter().map(|&i| group[i].clone()).collect();
    group.clone_from_slice(&sorted);
}

/// Ordering of (missing, key) pairs where Greater means worse: documents
/// without the sort value come last, then smaller keys.
fn rank_cmp(a: (bool, f64), b: (bool, f64)) -> Ordering {
    a.0.cmp(&b.0).then(b.1.total_cmp(&a.1))
}

/// Top `limit` documents plus the total number of matches.
pub(crate) struct TopCollector {
    pub limit: usize,
    pub order: Order,
    /// Leading places whose ties are broken by id; the rest keep a cheaper
    /// stable order (0 when the hits are re-sorted afterwards anyway).
    pub tie_places: usize,
}

/// Per-segment state of [`TopCollector`].
pub(crate) struct TopSegment {
    segment: SegmentOrdinal,
    limit: usize,
    ids: Option<StrColumn>,
    column: Option<SortColumn>,
    descending: bool,
    by_score: bool,
    heap: BinaryHeap<Entry>,
    count: usize,
}

/// A segment's sort column, when hits are ordered by a fast field.
pub(super) enum SortColumn {
    F64(tantivy::columnar::Column<f64>),
    I64(tantivy::columnar::Column<i64>),
}

impl SortColumn {
    /// The column an order reads in a segment (none by score), and whether
    /// larger values come first.
    pub(super) fn open(
        reader: &SegmentReader,
        order: Order,
    ) -> tantivy::Result<(Option<SortColumn>, bool)> {
        Ok(match order {
            Order::Score => (None, true),
            Order::Field {
                name,
                is_f64,
                descending,
            } => {
                let fast = reader.fast_fields();
                let column = if is_f64 {
                    fast.column_opt::<f64>(name)?.map(SortColumn::F64)
                } else {
                    fast.column_opt::<i64>(name)?.map(SortColumn::I64)
                };
                (column, descending)
            }
        })
    }

    /// A document's value, as f64.
    pub(super) fn value(column: Option<&SortColumn>, doc: DocId) -> Option<f64> {
        match column {
            Some(SortColumn::F64(c)) => c.first(doc),
            Some(SortColumn::I64(c)) => c.first(doc).map(|v| v as f64),
            None => None,
        }
    }
}

/// Heap entry ordered so the worst hit is on top.
struct Entry {
    key: f64,
    missing: bool,
    ord: u64,
    doc: DocId,
    score: Score,
}

impl Entry {
    /// Ordering where Greater means "worse".
    fn worse(&self, other: &Entry) -> Ordering {
        rank_cmp((self.missing, self.key), (other.missing, other.key))
            .then_with(|| self.ord.cmp(&other.ord))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.worse(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.worse(other)
    }
}

impl Collector for TopCollector {
    type Fruit = (Vec<Ranked>, usize);
    type Child = TopSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopSegment> {
        let fast = reader.fast_fields();
        let (column, descending) = SortColumn::open(reader, self.order)?;
        Ok(TopSegment {
            segment,
            limit: self.limit,
            ids: fast.str("id")?,
            column,
            descending,
            by_score: matches!(self.order, Order::Score),
            heap: BinaryHeap::with_capacity(self.limit + 1),
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Vec<Ranked>, usize)>,
    ) -> tantivy::Result<(Vec<Ranked>, usize)> {
        let total = fruits.iter().map(|(_, n)| n).sum();
        let mut all: Vec<Ranked> = fruits.into_iter().flat_map(|(hits, _)| hits).collect();
        sort_ranked(&mut all, self.tie_places, self.limit);
        all.truncate(self.limit);
        Ok((all, total))
    }
}

/// Sorts hits best first, ties by id for the first `keep` places and for
/// the group of ties that straddles place `cut` (where the list will be
/// truncated, so that the kept ones are the right ones). Ids are read only
/// where equal keys meet across segments (within a segment, id ordinals
/// order them); other ties are ordered by segment and ordinal, just as
/// stable.
pub(crate) fn sort_ranked(all: &mut [Ranked], keep: usize, cut: usize) {
    let by_key = |a: &Ranked, b: &Ranked| rank_cmp((a.missing, a.key), (b.missing, b.key));
    all.sort_by(by_key);
    let mut start = 0;
    while start < all.len() {
        let end = start
            + all[start..]
                .iter()
                .take_while(|r| by_key(r, &all[start]) == Ordering::Equal)
                .count();
        let group = &mut all[start..end];
        group.sort_by_key(|r| (r.address.segment_ord, r.ord));
        let spans_segments = group
            .iter()
            .any(|r| r.address.segment_ord != group[group.len() - 1].address.segment_ord);
        // places of this group whose order matters
        let places = if start < cut && end > cut {
            cut.max(keep) - start
        } else {
            keep.saturating_sub(start)
        };
        if spans_segments && places > 0 {
            merge_by_id(group, places);
        }
        start = end;
    }
}

impl SegmentCollector for TopSegment {
    type Fruit = (Vec<Ranked>, usize);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        if self.limit == 0 {
            return;
        }
        let value = match &self.column {
            None if self.by_score => Some(score as f64),
            column => SortColumn::value(column.as_ref(), doc),
        };
        let (missing, key) = match value {
            Some(v) if self.descending => (false, v),
            Some(v) => (false, -v),
            None => (true, 0.0),
        };
        if self.heap.len() >= self.limit {
            // most documents lose on the key alone: skip the id lookup for them
            if let Some(worst) = self.heap.peek() {
                if rank_cmp((missing, key), (worst.missing, worst.key)) == Ordering::Greater {
                    return;
                }
            }
        }
        let ord = self
            .ids
            .as_ref()
            .and_then(|ids| ids.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let entry = Entry {
            key,
            missing,
            ord,
            doc,
            score,
        };
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if let Some(worst) = self.heap.peek() {
            if entry.worse(worst) == Ordering::Less {
                self.heap.pop();
                self.heap.push(entry);
            }
        }
    }

    fn harvest(self) -> (Vec<Ranked>, usize) {
        let hits = self
            .heap
            .into_iter()
            .map(|e| Ranked {
                key: e.key,
                missing: e.missing,
                ord: e.ord,
                ids: self.ids.clone(),
                id: None,
                address: DocAddress::new(self.segment, e.doc),
                score: e.score,
            })
            .collect();
        (hits, self.count)
    }
}

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
