//! Second stage of a search: the matches of a [`Plan`]. One pass collects
//! the top hits, the total, the facet counts and the aggregates, under the
//! request's match mode (coverage first, all concepts, any concept).

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};

use super::aggregates::Tally;
use super::collect::{FacetSums, Order, Ranked, TopCollector};
use super::counts::FacetCounts;
use super::coverage::split_score;
use super::filters::FacetFilter;
use super::forward::Forward;
use super::note::Note;
use super::pass::{Pass, PassResult};
use super::plan::Plan;
use super::request::SearchRequest;
use super::rescore::RESCORE_WINDOW;
use super::text_query::{MatchMode, TextQuery};
use super::view::IndexView;
use crate::error::Result;
use crate::facet::Facet;

/// What the passes found.
pub(super) struct Matches {
    /// Top hits, best first (a rescore window of them when rescoring).
    pub ranked: Vec<Ranked>,
    /// Number of matching documents.
    pub total: usize,
    /// Facet counts (disjunctive for filtered facets).
    pub counts: FacetCounts,
    /// Totals and per-year figures, and budget sums in cents per facet
    /// value, when the request asks for aggregates.
    pub aggregates: Option<(Tally, FacetSums)>,
    /// True when no hit matches every concept.
    pub fallback_any: bool,
    /// What the passes have to say (unmatched words, fallback).
    pub notes: Vec<Note>,
}

/// Runs the plan in one pass and says what the answer left out.
///
/// # Errors
/// [`crate::Error::Index`] if the index cannot be read.
pub(super) fn collect(view: &IndexView, plan: &Plan, request: &SearchRequest) -> Result<Matches> {
    let found = pass(view, plan, request)?;
    let mut notes = Vec::new();
    let dropped = plan.text.dropped();
    let mut partial = false;
    if !dropped.is_empty() {
        let empty = found.total == 0 || request.match_mode == MatchMode::All;
        notes.push(if empty {
            Note::NoDocumentContains { words: dropped }
        } else {
            Note::DroppedWords { words: dropped }
        });
    }
    // coverage first: the best hit tells whether any page has every concept
    if request.match_mode == MatchMode::Auto && matches!(plan.order, Order::Score) {
        if let Some(best) = found.ranked.first() {
            partial = split_score(best.score).0 < plan.text.gating();
        }
        if partial {
            notes.push(Note::AnyWordFallback);
        }
    }
    Ok(Matches {
        ranked: found.ranked,
        total: found.total,
        counts: found.counts,
        aggregates: found.aggregates,
        fallback_any: partial,
        notes,
    })
}

/// One pass over the documents matching the text under the request's
/// match mode.
fn pass(view: &IndexView, plan: &Plan, request: &SearchRequest) -> Result<PassResult> {
    let wanted = request.offset + request.limit;
    let unfiltered_facets: Vec<Facet> = if request.facets {
        Facet::ALL
            .into_iter()
            .filter(|f| !plan.filters.iter().any(|ff| ff.facet == *f))
            .collect()
    } else {
        Vec::new()
    };
    // with facet counts, filters are walked beside the text matches (one
    // pass yields hits and disjunctive counts); without, they narrow the query
    let walk_filters = request.facets && !plan.filters.is_empty();
    let (in_query, walked): (&[FacetFilter], &[FacetFilter]) = if walk_filters {
        (&[], &plan.filters)
    } else {
        (&plan.filters, &[])
    };
    // ranked by score, a window of hits gets the proximity bonus afterwards;
    // with a rescore to come, only the rescore's order needs ids
    let top = match plan.proximity(wanted) {
        Some(_) => TopCollector {
            limit: wanted.max(RESCORE_WINDOW),
            order: plan.order,
            tie_places: 0,
        },
        None => TopCollector {
            limit: wanted,
            order: plan.order,
            tie_places: wanted,
        },
    };
    let pass = Pass::new(
        &view.searcher,
        top,
        unfiltered_facets,
        walked,
        view.facet_cache,
        request.aggregates,
    )
    .map_err(|e| view.error(e))?;
    let query = compose(&plan.text, in_query, request.match_mode);
    pass.run(&view.searcher, &view.stats, &*query)
        .map_err(|e| view.error(e))
}

/// Combines the text query and the filters into one query.
pub(super) fn compose(
    text: &TextQuery,
    filters: &[FacetFilter],
    mode: MatchMode,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let matched = text.query(mode).unwrap_or_else(|| Box::new(AllQuery));
    clauses.push((Occur::Must, matched));
    clauses.extend(text.excluded.iter().map(|q| {
        (
            Occur::MustNot,
            Box::new(Forward(q.box_clone())) as Box<dyn Query>,
        )
    }));
    for f in filters {
        // filters select, they do not score
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(f.query.box_clone(), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}
