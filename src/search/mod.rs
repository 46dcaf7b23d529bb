//! From a [`SearchRequest`] to [`SearchResults`], in named stages over an
//! [`IndexView`]: `plan` (query parsing, filters, the text query, the sort)
//! → `matches` (one pass for top hits, total and disjunctive facet counts,
//! with the any-word fallback) → `rescore` (proximity bonus for a window of
//! top hits) → `hits` (the page, with snippets). Aggregates ride on the
//! `matches` pass; an export reuses `plan` and `matches` and then walks
//! every match (`every_match`, `export`). The engine owns the index; this
//! module only reads it.

mod aggregates;
pub mod analysis_data;
mod applied;
mod broader;
mod collect;
mod compiled_table;
mod counts;
mod coverage;
mod described;
mod entry;
mod every_match;
mod expansion;
mod export;
mod facet_cache;
mod families;
mod filters;
mod forward;
mod highlight;
mod hits;
mod known_words;
mod live_stats;
mod matches;
mod note;
mod param_value;
mod pass;
mod plan;
pub mod plan_view;
pub(crate) use plan_view::{query_plan, QueryPlan};
mod question_words;
mod request;
mod rescore;
mod seek_union;
mod snippet;
mod spelling;
mod synonyms;
mod syntax;
mod text_query;
mod view;
mod vocabulary;

use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::query::AllQuery;

pub use aggregates::{Aggregates, YearTotal};
pub use applied::{AppliedFilters, AppliedValue, DroppedValue, UnknownValues};
pub use counts::FacetCounts;
pub(crate) use entry::EntryForm;
pub use expansion::{Expansion, ExpansionKind};
pub(crate) use export::export;
pub(crate) use facet_cache::FacetCache;
pub(crate) use highlight::document_highlights;
pub use highlight::DocumentHighlights;
pub use hits::{Hit, HitMetadata};
pub(crate) use live_stats::{LiveStats, LiveStatsCache};
pub use matches::{Counted, Tier};
pub use note::every_note;
pub use note::Note;
pub use request::{Bounds, Filters, SearchRequest, SortBy, SortOrder, MAX_DEPTH, MAX_LIMIT};
pub use synonyms::{SynonymError, Synonyms};
pub use syntax::{parse_query, Clause, ParsedQuery};
pub use text_query::{Correction, MatchMode};
pub(crate) use view::{load_document, IndexView};
pub(crate) use vocabulary::VocabularyCache;

use crate::error::Result;
use crate::facet::Facet;
use collect::FacetCollector;
use hits::page_of_hits;
use matches::{collect, Scope};
use plan::plan;
use rescore::rescore;

/// The answer to a search, serialisable as the CLI's `--json` object.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// # engine.add(oim_search::Document { id: "a".into(), title: "Migration".into(), body: "Un texte.".into(), region: Some("Afrique".into()), ..Default::default() }).unwrap();
/// # engine.commit().unwrap();
/// let results = engine.search(&oim_search::SearchRequest::new("migrasion")).unwrap();
/// assert_eq!(results.total, 1);
/// assert_eq!(results.corrections[0].corrected, ["migration"]);
/// assert_eq!(results.facets[oim_search::Facet::Region]["Afrique"], 1);
/// let json = serde_json::to_value(&results).unwrap();
/// assert!(json["took_ms"].is_number());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query text as given.
    pub query: String,
    /// Number of matches: the pages that hold every concept of the query
    /// (see [`SearchResults::counted`]). Facet counts, aggregates, exports
    /// and paging count these pages and no others.
    pub total: usize,
    /// Pages that pass the filters and hold only part of the query: not
    /// counted anywhere, they may follow the matches in `hits` (each with
    /// `tier: "partial"`). 0 under `--match all` and `--match any`.
    pub partial_total: usize,
    /// Which pages `total`, `facets` and `aggregates` count: `all` (every
    /// concept), `most` (no page holds every concept: those that hold the
    /// most of them; see `missing_concepts`) or `any` (`--match any`).
    pub counted: Counted,
    /// When `counted` is `most`: the concepts, as typed, that some counted
    /// pages do not hold.
    pub missing_concepts: Vec<String>,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts per facet value over all matches; each facet's counts ignore
    /// that facet's own filter (disjunctive faceting).
    pub facets: FacetCounts,
    /// Budget totals and per-year figures over all matches (see
    /// [`Aggregates`] for the shape); `None` when the request turned them off.
    pub aggregates: Option<Aggregates>,
    /// Offset of the first hit.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// Sort applied (`relevance`, `budget`, `year`).
    pub sort: SortBy,
    /// True when no page holds every concept of the query, so the counted
    /// pages hold only some of them (`counted` is `most`).
    pub fallback_any: bool,
    /// Words matched through typo tolerance.
    pub corrections: Vec<Correction>,
    /// Query expansions applied (countries' other names, regions,
    /// synonyms, narrower terms; word families are not listed).
    pub expansions: Vec<Expansion>,
    /// Concepts of the query that no page matches, as typed: left out of
    /// the search (coverage first), or the reason it is empty (`all`).
    pub dropped: Vec<String>,
    /// How the concepts combined.
    #[serde(rename = "match")]
    pub match_mode: MatchMode,
    /// What was read leniently, dropped or fallen back on, for the user.
    pub notes: Vec<Note>,
    /// The facet filters as applied: each value as the index spells it,
    /// and the unknown values left out under
    /// [`UnknownValues::Drop`](crate::UnknownValues::Drop). Absent from
    /// the JSON when no facet value was given.
    #[serde(default, skip_serializing_if = "AppliedFilters::is_empty")]
    pub filters_applied: AppliedFilters,
    /// Time spent inside the engine, from parsing to the finished answer
    /// (the tables a process builds at its first search left out).
    pub took_ms: f64,
}

/// Runs a search: plan → matches → rescore → page of hits.
///
/// # Errors
/// Those of [`crate::Engine::search`].
pub(crate) fn run(view: &IndexView, request: &SearchRequest) -> Result<SearchResults> {
    // a process builds the tables a query reads at its first search with
    // words: start-up, left out of `took_ms` (OIM_SEARCH_TIMINGS shows it)
    if !request.query.trim().is_empty() {
        load_query_tables();
    }
    let started = Instant::now();
    let plan = plan(view, request)?;
    let mut results = SearchResults {
        query: request.query.clone(),
        total: 0,
        partial_total: 0,
        counted: Counted::default(),
        missing_concepts: Vec::new(),
        hits: Vec::new(),
        facets: FacetCounts::default(),
        aggregates: request.aggregates.then(Aggregates::default),
        offset: request.offset,
        limit: request.limit,
        sort: plan.sort,
        fallback_any: false,
        corrections: plan.text.corrections.clone(),
        expansions: plan.text.expansions.clone(),
        dropped: plan.text.dropped(),
        match_mode: request.match_mode,
        notes: plan.notes.clone(),
        filters_applied: plan.applied.clone(),
        took_ms: 0.0,
    };
    if !plan.nothing_to_search {
        let scope = Scope::of(view, &plan, request.match_mode);
        let found = collect(view, &plan, request, &scope)?;
        let mut ranked = found.ranked;
        let wanted = request.offset + request.limit;
        if let Some(proximity) = plan.proximity(wanted) {
            rescore(&view.searcher, &view.stats, proximity, &mut ranked, wanted)
                .map_err(|e| view.error(e))?;
            ranked.truncate(wanted);
        }
        results.total = found.total;
        results.partial_total = found.partial_total;
        results.counted = scope.counted();
        results.fallback_any = results.counted == Counted::Most;
        results.missing_concepts = found.missing_concepts;
        results.notes.extend(found.notes);
        if request.facets {
            results.facets = found.counts;
        }
        if let Some((tally, sums)) = found.aggregates {
            results.aggregates = Some(tally.finish(&sums));
        }
        let page = ranked.into_iter().skip(request.offset).collect();
        results.hits = page_of_hits(view, &plan, &scope, page, request.snippet_chars)?;
        results.spell_corrections();
    }
    results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// Builds the query-time tables that are not compiled into the binary (the
/// gazetteer and regions, the broader terms, the question words), so that
/// a search's own time leaves them out. Cheap once built.
pub(crate) fn load_query_tables() {
    let _ = crate::document::region_concepts();
    let _ = broader::narrower_terms();
    let _ = question_words::strip_question_words(&[]);
}

/// Counts of every facet value over the whole index.
///
/// # Errors
/// [`crate::Error::Index`] if the facet columns cannot be read.
pub(crate) fn all_facet_counts(view: &IndexView) -> Result<FacetCounts> {
    view.searcher
        .search(
            &AllQuery,
            &FacetCollector {
                facets: Facet::ALL.to_vec(),
                cache: view.facet_cache,
                sums: false,
            },
        )
        .map(|(counts, _)| counts)
        .map_err(|e| view.error(e))
}
