//! Dense per-segment copies of the facet columns, with values numbered once
//! for the whole index, so counting the facets of a match is a few array
//! increments and the counts of all segments add up as plain vectors: no
//! dictionary lookup, string or map until the final answer. Each document's
//! budget (in cents) and facet year sit beside its row, for the aggregates
//! that ride on the same walk. Built once per
//! segment on demand (segments never change) by processes that run many
//! searches: batch mode and the server call [`crate::Engine::warm_up`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

use super::aggregates::cents;
use crate::facet::Facet;
use crate::schema::NO_VALUE;

/// Number of facets.
pub(crate) const FACETS: usize = Facet::COUNT;

/// A row slot for a document without a value.
const INLINE_NONE: u8 = u8::MAX;
/// A row slot whose values are listed in the facet's [`Wide`] lists
/// (several values, or a value number too large for a byte).
const INLINE_MORE: u8 = u8::MAX - 1;

/// The facets of one segment, as index-wide value numbers.
#[derive(Debug)]
pub(crate) struct SegmentFacets {
    /// Per document, one byte per facet: its only value's number, or
    /// [`INLINE_NONE`], or [`INLINE_MORE`]. Eight bytes per document keep
    /// the rows of a whole index in the processor's cache, which is what
    /// counting thousands of scattered matches is bound by.
    rows: Vec<[u8; FACETS]>,
    /// Per facet, the values of the documents marked [`INLINE_MORE`].
    wide: [Option<Wide>; FACETS],
    /// Per document, its budget in cents (meaningful where `has_budget`).
    budgets: Vec<u64>,
    /// One bit per document: it has a budget.
    has_budget: Vec<u64>,
    /// Per document, its facet year, or [`NO_YEAR`].
    years: Vec<i64>,
}

/// A document without a facet year (years come from `i32` fields, so no
/// document has this one).
const NO_YEAR: i64 = i64::MIN;

/// Values of the documents whose facet values do not fit in their row.
#[derive(Debug)]
struct Wide {
    /// `values[starts[doc]..starts[doc + 1]]` are the values of `doc`.
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl SegmentFacets {
    /// A document's budget in cents, as [`cents`] reads the budget column.
    #[inline]
    pub fn budget_cents(&self, doc: DocId) -> Option<u64> {
        let doc = doc as usize;
        let bits = *self.has_budget.get(doc / 64)?;
        (bits & (1 << (doc % 64)) != 0)
            .then(|| self.budgets.get(doc).copied())
            .flatten()
    }

    /// A document's facet year.
    #[inline]
    pub fn year(&self, doc: DocId) -> Option<i64> {
        self.years
            .get(doc as usize)
            .copied()
            .filter(|y| *y != NO_YEAR)
    }

    /// Counts `doc` under each of its values and, with `cents`, adds its
    /// budget to each value's sum: values held in the row go to `inline`
    /// (every facet: fixed arrays indexed by a byte, so no bounds checks and
    /// no loop over the wanted facets), values listed apart go to
    /// `wide_counts[slot]` / `wide_sums[slot]` for each `(slot, facet index)`
    /// of `wanted` only.
    #[inline]
    pub fn tally(
        &self,
        doc: DocId,
        cents: Option<u64>,
        inline: &mut InlineTotals,
        wanted: &[(usize, usize)],
        wide_counts: &mut [Vec<u32>],
        wide_sums: &mut [Vec<u64>],
    ) {
        let Some(row) = self.rows.get(doc as usize) else {
            return;
        };
        match cents {
            Some(cents) => {
                for (facet, &value) in row.iter().enumerate() {
                    if value < INLINE_MORE {
                        inline.counts[facet][value as usize] += 1;
                        inline.sums[facet][value as usize] += cents;
                    }
                }
            }
            None => {
                for (facet, &value) in row.iter().enumerate() {
                    if value < INLINE_MORE {
                        inline.counts[facet][value as usize] += 1;
                    }
                }
            }
        }
        if !row.contains(&INLINE_MORE) {
            return;
        }
        for &(slot, facet) in wanted {
            if row[facet] != INLINE_MORE {
                continue;
            }
            for &value in self.wide_values(doc, facet) {
                if let Some(t) = wide_counts[slot].get_mut(value as usize) {
                    *t += 1;
                }
                if let (Some(cents), Some(sums)) = (cents, wide_sums.get_mut(slot)) {
                    if let Some(t) = sums.get_mut(value as usize) {
                        *t += cents;
                    }
                }
            }
        }
    }

    /// The values of `doc` listed apart for a facet (empty when its row
    /// holds them).
    fn wide_values(&self, doc: DocId, facet: usize) -> &[u32] {
        let Some(wide) = &self.wide[facet] else {
            return &[];
        };
        let doc = doc as usize;
        match (wide.starts.get(doc), wide.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => wide.values.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Counts and budget sums (cents) per facet of the value numbers a row
/// holds itself (below [`INLINE_MORE`]); the totals of the other values
/// are kept in vectors beside them.
pub(crate) struct InlineTotals {
    counts: Box<[[u32; 256]; FACETS]>,
    sums: Box<[[u64; 256]; FACETS]>,
}

impl InlineTotals {
    /// All zero (24 KiB on the heap, never on the stack).
    pub fn new() -> InlineTotals {
        InlineTotals {
            counts: zeroed_rows(),
            sums: zeroed_rows(),
        }
    }

    /// Adds the inline counts and sums of a facet to vectors indexed by
    /// value number (sums only when `sums` is not empty).
    pub fn add_to(&self, facet: usize, counts: &mut [u32], sums: &mut [u64]) {
        for (t, n) in counts.iter_mut().zip(&self.counts[facet]) {
            *t += n;
        }
        for (t, c) in sums.iter_mut().zip(&self.sums[facet]) {
            *t = t.saturating_add(*c);
        }
    }
}

/// One zeroed array of 256 per facet, allocated directly on the heap.
fn zeroed_rows<T: Copy + Default>() -> Box<[[T; 256]; FACETS]> {
    match vec![[T::default(); 256]; FACETS]
        .into_boxed_slice()
        .try_into()
    {
        Ok(rows) => rows,
        Err(_) => unreachable!("the vector has FACETS rows"),
    }
}

/// Index-wide numbering of the values of each facet.
#[derive(Debug, Default)]
struct Values {
    names: [Vec<String>; FACETS],
    numbers: [HashMap<String, u32>; FACETS],
}

impl Values {
    fn number(&mut self, facet: usize, value: &str) -> u32 {
        if let Some(&n) = self.numbers[facet].get(value) {
            return n;
        }
        let n = self.names[facet].len() as u32;
        self.names[facet].push(value.to_string());
        self.numbers[facet].insert(value.to_string(), n);
        n
    }
}

#[derive(Debug, Default)]
struct State {
    segments: HashMap<SegmentId, Arc<SegmentFacets>>,
    values: Values,
}

/// Cache of dense facets, keyed by segment.
#[derive(Debug, Default)]
pub(crate) struct FacetCache {
    state: Mutex<State>,
    enabled: AtomicBool,
}

impl FacetCache {
    /// From now on, searches build and use dense facets.
    pub fn enable(&self) {
        self.enabled.store(true, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The dense facets of a segment, building them the first time; `None`
    /// when the cache is not enabled.
    pub fn segment(&self, reader: &SegmentReader) -> tantivy::Result<Option<Arc<SegmentFacets>>> {
        if !self.enabled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mut state = self.lock();
        let id = reader.segment_id();
        if let Some(found) = state.segments.get(&id) {
            return Ok(Some(Arc::clone(found)));
        }
        // merged-away segments are dropped as the cache grows (their value
        // numbers stay: a few strings per value ever seen)
        if state.segments.len() > 256 {
            state.segments.clear();
        }
        let built = Arc::new(build(reader, &mut state.values)?);
        state.segments.insert(id, Arc::clone(&built));
        Ok(Some(built))
    }

    /// Number of values of a facet known so far (count vectors' length).
    pub fn value_count(&self, facet: usize) -> usize {
        self.lock().values.names[facet].len()
    }

    /// Calls `f(value, count)` for each non-zero count of a facet.
    pub fn for_each_value(&self, facet: usize, counts: &[u64], mut f: impl FnMut(&str, u64)) {
        let state = self.lock();
        for (number, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            if let Some(name) = state.values.names[facet].get(number) {
                f(name, n);
            }
        }
    }
}

fn build(reader: &SegmentReader, values: &mut Values) -> tantivy::Result<SegmentFacets> {
    let max_doc = reader.max_doc() as usize;
    let mut rows = vec![[INLINE_NONE; FACETS]; max_doc];
    let mut wide: [Option<Wide>; FACETS] = Default::default();
    let mut path = tantivy::schema::Facet::root();
    let mut found: Vec<u32> = Vec::new();
    for facet in Facet::ALL {
        let index = facet.index();
        let column = reader.facet_reader(facet.key())?;
        // segment ordinal -> index-wide number
        let numbers = (0..column.num_facets() as u64)
            .map(|ord| {
                column.facet_from_ord(ord, &mut path)?;
                Ok(match path.to_path().last() {
                    Some(v) if *v != NO_VALUE => Some(values.number(index, v)),
                    _ => None,
                })
            })
            .collect::<tantivy::Result<Vec<Option<u32>>>>()?;
        let mut lists = Wide {
            starts: Vec::new(),
            values: Vec::new(),
        };
        for (doc, row) in rows.iter_mut().enumerate() {
            found.clear();
            found.extend(
                column
                    .facet_ords(doc as DocId)
                    .filter_map(|ord| numbers.get(ord as usize).copied().flatten()),
            );
            row[index] = match found.as_slice() {
                [] => INLINE_NONE,
                [only] if *only < u32::from(INLINE_MORE) => *only as u8,
                _ => {
                    // the first wide document: earlier ones have no entries
                    lists.starts.resize(doc + 1, lists.values.len() as u32);
                    lists.values.extend_from_slice(&found);
                    lists.starts.push(lists.values.len() as u32);
                    INLINE_MORE
                }
            };
        }
        if !lists.starts.is_empty() {
            lists.starts.resize(max_doc + 1, lists.values.len() as u32);
            wide[index] = Some(lists);
        }
    }
    let fast = reader.fast_fields();
    let budget = fast.column_opt::<f64>("budget_usd")?;
    let year = fast.column_opt::<i64>("year_value")?;
    let mut budgets = vec![0u64; max_doc];
    let mut has_budget = vec![0u64; max_doc.div_ceil(64)];
    let mut years = vec![NO_YEAR; max_doc];
    for doc in 0..max_doc {
        if let Some(c) = budget
            .as_ref()
            .and_then(|b| b.first(doc as DocId))
            .and_then(cents)
        {
            budgets[doc] = c;
            has_budget[doc / 64] |= 1 << (doc % 64);
        }
        if let Some(y) = year.as_ref().and_then(|y| y.first(doc as DocId)) {
            years[doc] = y;
        }
    }
    Ok(SegmentFacets {
        rows,
        wide,
        budgets,
        has_budget,
        years,
    })
}
