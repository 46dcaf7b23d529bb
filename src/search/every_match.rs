//! Every match of a query in the search's order, as document addresses only
//! (24 bytes a match, a million matches in 24 MB), so an export can load the
//! documents afterwards in small batches instead of holding them all.
//! Composing the query is left to the `matches` stage; loading to the export.

use std::cmp::Ordering;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
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
    /// Where the document is.
    pub address: DocAddress,
}

impl Match {
    /// Best first; ties in index order, which is stable for one index state.
    fn cmp_rank(&self, other: &Match) -> Ordering {
        self.missing
            .cmp(&other.missing)
            .then(other.key.total_cmp(&self.key))
            .then(self.address.cmp(&other.address))
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
            by_score: matches!(self.order, Order::Score),
            descending,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.order, Order::Score)
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        let mut all: Vec<Match> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(Match::cmp_rank);
        Ok(all)
    }
}

impl SegmentCollector for MatchSegment {
    type Fruit = Vec<Match>;

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
        self.found.push(Match {
            key,
            missing,
            from_file,
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.found
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
