//! Second stage of a search: the matches of a [`Plan`], and the pages that
//! hold only part of the query.
//!
//! Under `auto`, *the matches* are the pages that hold every gating concept
//! (a concept some page holds and not more than half of them do); when no
//! page does, those at the highest coverage any page reaches. Everything
//! that counts (the total, the facet counts, the aggregates, an export) is
//! over the matches alone, in one pass over an intersection. The pages that
//! hold only some of the concepts are counted apart (`partial_total`) and,
//! when ranked by relevance, may follow the matches in the list to fill a
//! page. `all` counts the pages that hold every concept, `any` every page
//! that holds one.

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
use super::text_query::{matches_any, MatchMode, TextQuery};
use super::view::IndexView;
use crate::error::Result;
use crate::facet::Facet;

/// Which pages a search counts: the total, the facet counts, the aggregates
/// and the exports cover these pages, and no others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Counted {
    /// The pages that hold every concept of the query (every page when
    /// browsing).
    #[default]
    All,
    /// No page holds every concept: the pages that hold the most of them
    /// (see [`crate::SearchResults::missing_concepts`]).
    Most,
    /// `--match any`: every page that holds any concept.
    Any,
}

/// Where a hit stands against the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Counted: it holds every concept of the query.
    All,
    /// Counted in an answer where no page holds every concept: it holds as
    /// many as the best pages.
    Most,
    /// Not counted: it holds only part of the query and follows the matches.
    Partial,
}

/// The set of pages a search counts under its match mode.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    /// The request's match mode.
    pub mode: MatchMode,
    /// Concepts that count for coverage.
    pub gating: usize,
    /// Under `auto`, how many of them a page holds to be counted.
    pub level: usize,
}

impl Scope {
    /// The scope of a plan: under `auto`, the highest coverage a page that
    /// passes the filters reaches (every gating concept, when one page
    /// holds them all).
    pub fn of(view: &IndexView, plan: &Plan, mode: MatchMode) -> Scope {
        let gating = plan.text.gating();
        let level = if mode == MatchMode::Auto {
            (1..=gating)
                .rev()
                .find(|&level| {
                    let counted = counted_pages(&plan.text, level);
                    matches_any(
                        &view.searcher,
                        &*compose(counted, &plan.text, &plan.filters),
                    )
                })
                .unwrap_or(gating)
        } else {
            gating
        };
        Scope {
            mode,
            gating,
            level,
        }
    }

    /// What the counts cover.
    pub fn counted(&self) -> Counted {
        match self.mode {
            MatchMode::Any => Counted::Any,
            MatchMode::Auto if self.level < self.gating => Counted::Most,
            _ => Counted::All,
        }
    }

    /// The query of the counted pages, without filters or exclusions.
    pub fn query(&self, text: &TextQuery) -> Option<Box<dyn Query>> {
        match self.mode {
            MatchMode::Auto => text.counted_query(self.level),
            mode => text.query(mode),
        }
    }

    /// The counted pages without their scores, for checks that only ask
    /// which pages they are.
    fn pages(&self, text: &TextQuery) -> Option<Box<dyn Query>> {
        match self.mode {
            MatchMode::Auto => counted_pages(text, self.level),
            mode => text.query(mode),
        }
    }

    /// Whether pages beyond the counted ones may hold part of the query.
    fn has_partial_pages(&self, text: &TextQuery) -> bool {
        self.mode == MatchMode::Auto
            && self.gating > 0
            && (self.level > 1 || text.concepts.iter().any(|c| c.matched && c.common))
    }

    /// The tier of a hit from its score.
    pub fn tier(&self, score: tantivy::Score, browsing: bool) -> Option<Tier> {
        match self.mode {
            MatchMode::Any => None,
            MatchMode::All => Some(Tier::All),
            MatchMode::Auto if browsing || self.gating == 0 => Some(Tier::All),
            MatchMode::Auto => Some(if split_score(score).0 < self.level {
                Tier::Partial
            } else if self.level < self.gating {
                Tier::Most
            } else {
                Tier::All
            }),
        }
    }
}

/// What the passes found.
pub(super) struct Matches {
    /// Top hits, best first (a rescore window of them when rescoring): the
    /// matches, then pages holding part of the query.
    pub ranked: Vec<Ranked>,
    /// Number of matches.
    pub total: usize,
    /// Pages that pass the filters and hold part of the query, not counted.
    pub partial_total: usize,
    /// Facet counts over the matches (disjunctive for filtered facets).
    pub counts: FacetCounts,
    /// Totals and per-year figures, and budget sums in cents per facet
    /// value, over the matches, when the request asks for aggregates.
    pub aggregates: Option<(Tally, FacetSums)>,
    /// Concepts that some matches do not hold, when no page holds them all.
    pub missing_concepts: Vec<String>,
    /// What the passes have to say (unmatched words, relaxed counting).
    pub notes: Vec<Note>,
}

/// Counts the matches in one pass, finds the partial pages that follow
/// them, and says what the answer left out.
///
/// # Errors
/// [`crate::Error::Index`] if the index cannot be read.
pub(super) fn collect(
    view: &IndexView,
    plan: &Plan,
    request: &SearchRequest,
    scope: &Scope,
) -> Result<Matches> {
    let wanted = request.offset + request.limit;
    let top_limit = match plan.proximity(wanted) {
        Some(_) => wanted.max(RESCORE_WINDOW),
        None => wanted,
    };
    let found = pass(view, plan, request, scope, top_limit)?;
    let (tail, partial_total) = partial_pages(view, plan, scope, &found, top_limit)?;
    let mut notes = Vec::new();
    let dropped = plan.text.dropped();
    if !dropped.is_empty() {
        let empty = found.total == 0 || request.match_mode == MatchMode::All;
        notes.push(if empty {
            Note::NoDocumentContains { words: dropped }
        } else {
            Note::DroppedWords { words: dropped }
        });
    }
    let mut missing_concepts = Vec::new();
    if scope.counted() == Counted::Most && found.total > 0 {
        notes.push(Note::AnyWordFallback);
        missing_concepts = unheld_concepts(view, plan, scope);
    }
    if scope.mode == MatchMode::Any && plan.text.concepts.iter().filter(|c| c.matched).count() > 1 {
        notes.push(Note::AnyMatchCounted);
    }
    let mut ranked = found.ranked;
    ranked.extend(tail);
    Ok(Matches {
        ranked,
        total: found.total,
        partial_total,
        counts: found.counts,
        aggregates: found.aggregates,
        missing_concepts,
        notes,
    })
}

/// One pass over the matches: top hits, total, facet counts, aggregates.
fn pass(
    view: &IndexView,
    plan: &Plan,
    request: &SearchRequest,
    scope: &Scope,
    top_limit: usize,
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
    // with a rescore to come, only the rescore's order needs ids
    let tie_places = if plan.proximity(wanted).is_some() {
        0
    } else {
        wanted
    };
    let top = TopCollector {
        limit: top_limit,
        order: plan.order,
        tie_places,
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
    let query = compose(scope.query(&plan.text), &plan.text, in_query);
    pass.run(&view.searcher, &view.stats, &*query)
        .map_err(|e| view.error(e))
}

/// The pages that pass the filters and hold part of the query without
/// being counted: the best of them to follow the matches when the matches
/// do not fill the ranked list (ranked by relevance only: a sort by budget
/// or year orders the matches alone), and how many they are.
fn partial_pages(
    view: &IndexView,
    plan: &Plan,
    scope: &Scope,
    found: &PassResult,
    top_limit: usize,
) -> Result<(Vec<Ranked>, usize)> {
    if !scope.has_partial_pages(&plan.text) {
        return Ok((Vec::new(), 0));
    }
    // every page holding any concept, common ones included
    let fill = matches!(plan.order, Order::Score) && found.ranked.len() < top_limit;
    if !fill {
        // counted without the coverage wrappers, which only score
        let pages = compose(plan.text.any_pages(), &plan.text, &plan.filters);
        let reached = pages.count(&view.searcher).map_err(|e| view.error(e))?;
        return Ok((Vec::new(), reached.saturating_sub(found.total)));
    }
    // ranked as before
    let reach = compose(plan.text.query(MatchMode::Auto), &plan.text, &plan.filters);
    let top = TopCollector {
        limit: top_limit,
        order: plan.order,
        tie_places: top_limit,
    };
    let (ranked, reached) = view
        .searcher
        .search_with_statistics_provider(&*reach, &top, &view.stats)
        .map_err(|e| view.error(e))?;
    let room = top_limit - found.ranked.len();
    let tail = ranked
        .into_iter()
        .filter(|r| split_score(r.score).0 < scope.level)
        .take(room)
        .collect();
    Ok((tail, reached.saturating_sub(found.total)))
}

/// The gating concepts that some counted page does not hold, as typed.
fn unheld_concepts(view: &IndexView, plan: &Plan, scope: &Scope) -> Vec<String> {
    plan.text
        .gating_concepts()
        .filter(|concept| {
            let counted = compose(scope.pages(&plan.text), &plan.text, &plan.filters);
            let lacking = BooleanQuery::new(vec![
                (Occur::Must, counted),
                (Occur::MustNot, Box::new(Forward(concept.query.box_clone()))),
            ]);
            matches_any(&view.searcher, &lacking)
        })
        .map(|c| c.label.clone())
        .collect()
}

/// The pages [`TextQuery::counted_query`] selects at `level`, without its
/// scoring union: an existence check needs no scores, and the scorers of
/// that union each fill a window of 4 096 documents as they are built.
/// Same cases as `counted_query`, which must change with it.
fn counted_pages(text: &TextQuery, level: usize) -> Option<Box<dyn Query>> {
    let gating: Vec<Box<dyn Query>> = text
        .gating_concepts()
        .map(|c| c.query.box_clone())
        .collect();
    let common = text.concepts.iter().any(|c| c.matched && c.common);
    if gating.is_empty() || (level <= 1 && !common) {
        // the scoring union is the matches: the same pages, unscored
        return text.query(MatchMode::Any);
    }
    Some(if level >= gating.len() {
        Box::new(BooleanQuery::intersection(gating))
    } else {
        Box::new(BooleanQuery::union_with_minimum_required_clauses(
            gating,
            level.max(1),
        ))
    })
}

/// Combines the pages a text query selects (every page for `None`), its
/// exclusions and the filters into one query.
pub(super) fn compose(
    matched: Option<Box<dyn Query>>,
    text: &TextQuery,
    filters: &[FacetFilter],
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    clauses.push((Occur::Must, matched.unwrap_or_else(|| Box::new(AllQuery))));
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
