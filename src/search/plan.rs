//! First stage of a search: the request read into a [`Plan`]. The query is
//! parsed, filters (typed and written in the query) are resolved against the
//! index, the text query is built and the sort chosen; nothing is collected.

use tantivy::query::Query;

use super::applied::AppliedFilters;
use super::collect::Order;
use super::filters::{build_filters, FacetFilter};
use super::note::Note;
use super::request::{Filters, SearchRequest, SortBy, SortOrder, MAX_DEPTH, MAX_LIMIT};
use super::syntax::{parse_query, FilterKey};
use super::text_query::TextQuery;
use super::view::IndexView;
use crate::error::{Error, Result};

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
    if request.limit > MAX_LIMIT {
        return Err(Error::InvalidValue {
            what: "limit",
            value: request.limit.to_string(),
            hint: format!("give at most {MAX_LIMIT} hits per page and page with offset"),
        });
    }
    if request.offset.saturating_add(request.limit) > MAX_DEPTH {
        return Err(Error::InvalidValue {
            what: "offset",
            value: request.offset.to_string(),
            hint: format!(
                "offset + limit may not exceed {MAX_DEPTH}; narrow the search with filters"
            ),
        });
    }
    Ok(())
}

/// Moves `key:value` filters written in the query text into `filters`.
fn merge_query_filters(filters: &mut Filters, written: &[(FilterKey, String)]) -> Result<()> {
    for (key, value) in written {
        let plain = value.replace([' ', '\u{a0}'], "");
        let amount = |what: &'static str| -> Result<f64> {
            match plain.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
                Ok(_) => Err(Error::InvalidValue {
                    what,
                    value: value.clone(),
                    hint: "out of range: give an amount in USD, 0 or more".to_string(),
                }),
                Err(_) => Err(Error::InvalidValue {
                    what,
                    value: value.clone(),
                    hint: "give a number".to_string(),
                }),
            }
        };
        // a year far outside the pages' years is told so, not clamped
        let year = |what: &'static str| -> Result<i32> {
            let range = crate::document::YEAR_RANGE;
            match plain.parse::<i64>() {
                Ok(y) if (i64::from(*range.start())..=i64::from(*range.end())).contains(&y) => {
                    Ok(y as i32)
                }
                Ok(_) => Err(Error::InvalidValue {
                    what,
                    value: value.clone(),
                    hint: format!(
                        "out of range: give a year from {} to {}",
                        range.start(),
                        range.end()
                    ),
                }),
                Err(_) => Err(Error::InvalidValue {
                    what,
                    value: value.clone(),
                    hint: "give a year such as 2019".to_string(),
                }),
            }
        };
        match *key {
            FilterKey::BudgetMin => filters.budget_usd.min = Some(amount("budget_min")?),
            FilterKey::BudgetMax => filters.budget_usd.max = Some(amount("budget_max")?),
            FilterKey::YearMin => filters.years.min = Some(year("year_min")?),
            FilterKey::YearMax => filters.years.max = Some(year("year_max")?),
            FilterKey::Facet(facet) => filters.values_mut(facet).push(value.clone()),
        }
    }
    Ok(())
}
