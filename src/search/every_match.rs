//! Every match of a query in the search's order, as document addresses only
//! (32 bytes a match, a million matches in 32 MB), so an export can load the
//! documents afterwards in small batches instead of holding them all.
//! Composing the query is left to the `matches` stage; loading to the export.

use std::cmp::Ordering;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::collect::{Order, SortColumn};

/// One match and its sort key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    /// Larger is earlier (negated for ascending sorts).
    key: f64,
    /// The document lacks the sort value: it goes last.
    missing: bool,
    /// The document was read from a corpus file (it has a source hash).
    pub from_file: bool,
    /// Position of the id in its segment's sorted id column: ties are
    /// ordered by id, as the search orders them.
    ord: u64,
    /// Where the document is.
    pub address: DocAddress,
}

impl Match {
    /// Best first; ties by segment, then by id within a segment (the id
    /// column is sorted), before [`order_ties_by_id`] merges the segments.
    fn cmp_rank(&self, other: &Match) -> Ordering {
        self.cmp_key(other)
            .then(self.address.segment_ord.cmp(&other.address.segment_ord))
            .then(self.ord.cmp(&other.ord))
            .then(self.address.cmp(&other.address))
    }

    fn cmp_key(&self, other: &Match) -> Ordering {
        self.missing
            .cmp(&other.missing)
            .then(other.key.total_cmp(&self.key))
    }
}

/// Orders each group of equal keys that spans segments by id, reading the
/// ids of those groups only, so that an export lists tied pages in the
/// order the search shows them.
fn order_ties_by_id(all: &mut [Match], ids: &[Option<StrColumn>]) {
    let mut start = 0;
    while start < all.len() {
        let end = start
            + all[start..]
                .iter()
                .take_while(|m| m.cmp_key(&all[start]) == Ordering::Equal)
                .count();
        let group = &mut all[start..end];
        let one_segment = group
            .iter()
            .all(|m| m.address.segment_ord == group[0].address.segment_ord);
        if !one_segment {
            let id = |m: &Match| {
                let mut text = String::new();
                if let Some(Some(column)) = ids.get(m.address.segment_ord as usize) {
                    let _ = column.ord_to_str(m.ord, &mut text);
                }
                text
            };
            group.sort_by_cached_key(|m| (id(m), m.address));
        }
        start = end;
    }
}

/// Collects every match with its sort key.
pub(crate) struct MatchCollector {
    pub order: Order,
}

/// Per-segment state of [`MatchCollector`].
pub(crate) struct MatchSegment {
    segment: SegmentOrdinal,
    column: Option<SortColumn>,
    /// Hash of the source file; 0 or absent for documents given as JSON.
    source: Option<Column<u64>>,
    ids: Option<StrColumn>,
    by_score: bool,
    descending: bool,
    found: Vec<Match>,
}

impl Collector for MatchCollector {
    type Fruit = Vec<Match>;
    type Child = MatchSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchSegment> {
        let (column, descending) = SortColumn::open(reader, self.order)?;
        Ok(MatchSegment {
            segment,
            column,
            source: reader.fast_fields().column_opt::<u64>("source_hash")?,
            ids: reader.fast_fields().str("id")?,
            by_score: matches!(self.order, Order::Score),
            descending,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.order, Order::Score)
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Vec<Match>, Option<StrColumn>)>,
    ) -> tantivy::Result<Vec<Match>> {
        let mut ids: Vec<Option<StrColumn>> = Vec::new();
        let mut all: Vec<Match> = Vec::new();
        for (found, column) in fruits {
            if let Some(segment) = found.first().map(|m| m.address.segment_ord as usize) {
                if ids.len() <= segment {
                    ids.resize(segment + 1, None);
                }
                ids[segment] = column;
            }
            all.extend(found);
        }
        all.sort_unstable_by(Match::cmp_rank);
        order_ties_by_id(&mut all, &ids);
        Ok(all)
    }
}

impl SegmentCollector for MatchSegment {
    type Fruit = (Vec<Match>, Option<StrColumn>);

    fn collect(&mut self, doc: DocId, score: Score) {
        let value = match &self.column {
            None if self.by_score => Some(f64::from(score)),
            column => SortColumn::value(column.as_ref(), doc),
        };
        let (missing, key) = match value {
            Some(v) if self.descending => (false, v),
            Some(v) => (false, -v),
            None => (true, 0.0),
        };
        let from_file = self
            .source
            .as_ref()
            .and_then(|c| c.first(doc))
            .is_some_and(|hash| hash != 0);
        let ord = self
            .ids
            .as_ref()
            .and_then(|ids| ids.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        self.found.push(Match {
            key,
            missing,
            from_file,
            ord,
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> (Vec<Match>, Option<StrColumn>) {
        (self.found, self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(key: f64, missing: bool, doc: DocId) -> Match {
        Match {
            key,
            missing,
            from_file: false,
            ord: u64::from(doc),
            address: DocAddress::new(0, doc),
        }
    }

    #[test]
    fn best_first_missing_last_ties_in_index_order() {
        let mut all = [
            m(0.0, true, 1),
            m(2.0, false, 5),
            m(3.0, false, 9),
            m(2.0, false, 2),
        ];
        all.sort_unstable_by(Match::cmp_rank);
        let docs: Vec<DocId> = all.iter().map(|m| m.address.doc_id).collect();
        assert_eq!(docs, [9, 2, 5, 1]);
    }
}
