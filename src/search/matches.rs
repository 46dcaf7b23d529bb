//! Second stage of a search: the matches of a [`Plan`]. One pass collects
//! the top hits, the total and the facet counts; when no document has every
//! word, a second pass takes documents with any of them.

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};

use super::collect::{Ranked, TopCollector};
use super::counts::FacetCounts;
use super::filters::FacetFilter;
use super::forward::Forward;
use super::note::Note;
use super::pass::{Pass, PassResult};
use super::plan::Plan;
use super::request::SearchRequest;
use super::rescore::RESCORE_WINDOW;
use super::text_query::TextQuery;
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
    /// True when the any-word fallback found documents.
    pub fallback_any: bool,
    /// What the passes have to say (unmatched words, fallback).
    pub notes: Vec<Note>,
}

/// Runs the plan, with the any-word fallback.
///
/// # Errors
/// [`crate::Error::Index`] if the index cannot be read.
pub(super) fn collect(view: &IndexView, plan: &Plan, request: &SearchRequest) -> Result<Matches> {
    let mut notes = Vec::new();
    let mut any_word = false;
    let mut found = pass(view, plan, request, false)?;
    if found.total == 0 && !plan.text.unmatched.is_empty() {
        notes.push(Note::NoDocumentContains {
            words: plan.text.unmatched.clone(),
        });
    } else if found.total == 0 && plan.text.required.len() >= 2 {
        any_word = true;
        found = pass(view, plan, request, true)?;
        if found.total > 0 {
            notes.push(Note::AnyWordFallback);
        }
    }
    Ok(Matches {
        ranked: found.ranked,
        total: found.total,
        counts: found.counts,
        fallback_any: any_word && found.total > 0,
        notes,
    })
}

/// One pass over the documents matching every word, or any word.
fn pass(
    view: &IndexView,
    plan: &Plan,
    request: &SearchRequest,
    any_word: bool,
) -> Result<PassResult> {
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
    )
    .map_err(|e| view.error(e))?;
    let query = compose(&plan.text, in_query, any_word);
    pass.run(&view.searcher, &*query).map_err(|e| view.error(e))
}

/// Combines the text query and the filters into one query.
fn compose(text: &TextQuery, filters: &[FacetFilter], any_word: bool) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if text.required.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else if any_word {
        let any: Vec<Box<dyn Query>> = text.required.iter().map(|q| q.box_clone()).collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::union(any))));
    } else {
        clauses.extend(text.required.iter().map(|q| (Occur::Must, q.box_clone())));
    }
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
