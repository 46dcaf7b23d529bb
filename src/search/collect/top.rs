//! The top-hits collector: the best hits in a deterministic order (sort
//! key, then id) and the total count, without loading stored documents.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

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
pub(in crate::search) enum SortColumn {
    F64(tantivy::columnar::Column<f64>),
    I64(tantivy::columnar::Column<i64>),
}

impl SortColumn {
    /// The column an order reads in a segment (none by score), and whether
    /// larger values come first.
    pub(in crate::search) fn open(
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
    pub(in crate::search) fn value(column: Option<&SortColumn>, doc: DocId) -> Option<f64> {
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
