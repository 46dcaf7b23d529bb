//! First stage of a search: the request read into a [`Plan`]. The query is
//! parsed, filters (typed and written in the query) are resolved against the
//! index, the text query is built and the sort chosen; nothing is collected.

use tantivy::query::Query;

use super::applied::AppliedFilters;
use super::collect::Order;
use super::filters::{build_filters, FacetFilter};
use super::note::Note;
use super::param_value::check_paging;
use super::request::{Filters, SearchRequest, SortBy, SortOrder};
use super::syntax::parse_query;
use super::text_query::TextQuery;
use super::view::IndexView;
use crate::error::Result;
use crate::param::FilterKey;

/// A search ready to run.
pub(super) struct Plan {
    /// The text part of the query.
    pub text: TextQuery,
    /// One filter per restricted facet.
    pub filters: Vec<FacetFilter>,
    /// The facet values those filters applied, and those left out.
    pub applied: AppliedFilters,
    /// The sort applied.
    pub sort: SortBy,
    /// How the collector orders hits.
    pub order: Order,
    /// Notes so far (query syntax, dropped words).
    pub notes: Vec<Note>,
    /// No text to match: documents are listed, not scored.
    pub browsing: bool,
    /// Words were typed but none can be searched: the answer is empty.
    pub nothing_to_search: bool,
}

impl Plan {
    /// The closeness query (words near each other, the exact phrase) that
    /// rescores the first `wanted` hits, when hits are ranked by score.
    pub fn proximity(&self, wanted: usize) -> Option<&dyn Query> {
        self.text
            .closeness
            .as_deref()
            .filter(|_| matches!(self.order, Order::Score) && wanted > 0)
    }
}

/// Reads a request into a plan.
///
/// # Errors
/// [`Error::InvalidValue`] for out-of-range paging or a malformed value,
/// [`Error::UnknownFacetValue`] for a filter value no document has.
pub(super) fn plan(view: &IndexView, request: &SearchRequest) -> Result<Plan> {
    validate(request)?;
    let parsed = parse_query(&request.query);
    let mut filters = request.filters.clone();
    merge_query_filters(&mut filters, &parsed.filters)?;
    let (facet_filters, applied) = build_filters(
        &view.searcher,
        view.dir,
        view.fields,
        &filters,
        request.unknown_values,
    )?;
    let text = view.text_query(&parsed.clauses, request.typo, request.prefix);
    let mut notes = parsed.notes;
    if !text.question_words.is_empty() {
        notes.push(Note::QuestionWords {
            words: text.question_words.clone(),
        });
    }
    for (phrase, words) in &text.split_phrases {
        notes.push(Note::PhraseSplit {
            phrase: phrase.clone(),
            words: words.clone(),
        });
    }
    if !text.ignored.is_empty() {
        notes.push(Note::IgnoredWords {
            words: text.ignored.clone(),
        });
    }
    if !text.too_long.is_empty() {
        notes.push(Note::TooLongWords {
            words: text.too_long.clone(),
        });
    }
    let browsing = text.is_empty();
    // words were typed but none can be searched: say so rather than list everything
    let nothing_to_search = browsing && !parsed.clauses.is_empty();
    if nothing_to_search {
        notes.push(Note::NothingToSearch);
    }
    let default_sort = if browsing {
        SortBy::Year
    } else {
        SortBy::Relevance
    };
    let sort = request.sort.unwrap_or(default_sort);
    Ok(Plan {
        text,
        filters: facet_filters,
        applied,
        sort,
        order: collector_order(sort, request.order),
        notes,
        browsing,
        nothing_to_search,
    })
}

/// The collector order of a sort (descending unless asked otherwise).
fn collector_order(sort: SortBy, order: Option<SortOrder>) -> Order {
    let descending = order != Some(SortOrder::Asc);
    match sort {
        SortBy::Relevance => Order::Score,
        SortBy::Budget => Order::Field {
            name: "budget_usd",
            is_f64: true,
            descending,
        },
        SortBy::Year => Order::Field {
            name: "year_value",
            is_f64: false,
            descending,
        },
    }
}

fn validate(request: &SearchRequest) -> Result<()> {
    check_paging(request.limit, request.offset)
}

/// Moves `key:value` filters written in the query text into `filters`,
/// each value read by its parameter.
fn merge_query_filters(filters: &mut Filters, written: &[(FilterKey, String)]) -> Result<()> {
    for (key, value) in written {
        key.read(value, filters)?;
    }
    Ok(())
}
