//! Collectors, one file each: the top hits ([`top`]) and the facet counts
//! ([`facets`]). Neither loads stored documents.

mod facets;
mod top;

pub(crate) use facets::{FacetCollector, FacetSegment, FacetSums, FacetTally};
pub(super) use top::SortColumn;
pub(crate) use top::{sort_ranked, Order, Ranked, TopCollector, TopSegment};
