//! From a [`SearchRequest`] to [`SearchResults`]: query parsing, filters,
//! the text query, collection of top hits and facet counts (disjunctive),
//! snippets. The engine owns the index; this module only reads it.

mod collect;
mod counts;
mod facet_cache;
mod families;
mod filters;
mod forward;
mod note;
mod pass;
// loaded and tested; wired into text_query by the relevance work (issue 13)
#[allow(dead_code)]
mod question_words;
mod request;
mod rescore;
mod snippet;
mod syntax;
// loaded and tested; wired into text_query by the relevance work (issue 13)
#[allow(dead_code)]
mod synonyms;
mod text_query;

use std::time::Instant;

use rayon::prelude::*;

use serde::{Deserialize, Serialize};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};

pub use counts::FacetCounts;
pub(crate) use facet_cache::FacetCache;
#[cfg(test)]
pub(crate) use note::every_note;
pub use note::Note;
pub use request::{
    Bounds, Filters, SearchRequest, SortBy, SortOrder, MAX_DEPTH, MAX_LIMIT, REQUEST_KEYS,
};
pub use syntax::{parse_query, Clause, FilterKey, ParsedQuery};
pub use text_query::Correction;

use crate::document::Kind;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::facet::Facet;
use collect::{FacetCollector, Order, TopCollector};
use filters::{build_filters, FacetFilter};
use forward::Forward;
use pass::{Pass, PassResult};
use rescore::{rescore, RESCORE_WINDOW};
use snippet::Snippets;
use text_query::{build_text_query, TextQuery};

/// One result.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// # engine.add(oim_search::Document { id: "a".into(), title: "Réfugiés".into(), body: "Aide aux réfugiés du Soudan.".into(), ..Default::default() }).unwrap();
/// # engine.commit().unwrap();
/// let hit = &engine.search(&oim_search::SearchRequest::new("refugies")).unwrap().hits[0];
/// let snippet: Vec<char> = hit.snippet.chars().collect();
/// let [start, end] = hit.highlights[0];
/// assert_eq!(snippet[start..end].iter().collect::<String>(), "réfugiés");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Relevance score (BM25 with field weights; 0 when browsing).
    pub score: f32,
    /// Title.
    pub title: String,
    /// `project` or `news`.
    pub kind: Kind,
    /// Best fragment of the body.
    pub snippet: String,
    /// Highlighted words of `snippet`, as `[start, end)` character offsets.
    pub highlights: Vec<[usize; 2]>,
    /// Highlighted words of `title`, as character offsets.
    pub title_highlights: Vec<[usize; 2]>,
    /// IDF region.
    pub region: Option<String>,
    /// True when the region was inferred from the countries a news article names.
    pub region_inferred: bool,
    /// Project type.
    pub project_type: Option<String>,
    /// Budget in USD.
    pub budget_usd: Option<f64>,
    /// Canonical countries.
    pub countries: Vec<String>,
    /// Project ID.
    pub project_id: Option<String>,
    /// Prima ID.
    pub prima_id: Option<String>,
    /// Start year.
    pub start_year: Option<i32>,
    /// End year.
    pub end_year: Option<i32>,
    /// Facet year.
    pub year: Option<i32>,
    /// Project status.
    pub status: Option<String>,
    /// Coverage.
    pub coverage: Option<String>,
    /// One-line metadata summary.
    pub summary: String,
}

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
    /// Number of matching documents.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts per facet value over all matches; each facet's counts ignore
    /// that facet's own filter (disjunctive faceting).
    pub facets: FacetCounts,
    /// Offset of the first hit.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// Sort applied (`relevance`, `budget`, `year`).
    pub sort: SortBy,
    /// True when no document had every word and documents with any word are shown.
    pub fallback_any: bool,
    /// Words matched through typo tolerance.
    pub corrections: Vec<Correction>,
    /// Query expansions applied (`basotho → Lesotho`).
    pub expansions: Vec<String>,
    /// What was read leniently, dropped or fallen back on, for the user.
    pub notes: Vec<Note>,
    /// Time spent inside the engine, from parsing to the finished answer.
    pub took_ms: f64,
}

/// Moves `key:value` filters written in the query text into `filters`.
fn merge_query_filters(filters: &mut Filters, written: &[(FilterKey, String)]) -> Result<()> {
    for (key, value) in written {
        let number = |what: &'static str| -> Result<f64> {
            value
                .replace([' ', '\u{a0}'], "")
                .parse::<f64>()
                .map_err(|_| Error::InvalidValue {
                    what,
                    value: value.clone(),
                    hint: "give a number".to_string(),
                })
        };
        match *key {
            FilterKey::BudgetMin => filters.budget_usd.min = Some(number("budget_min")?),
            FilterKey::BudgetMax => filters.budget_usd.max = Some(number("budget_max")?),
            FilterKey::YearMin => filters.years.min = Some(number("year_min")? as i32),
            FilterKey::YearMax => filters.years.max = Some(number("year_max")? as i32),
            FilterKey::Facet(facet) => filters.values_mut(facet).push(value.clone()),
        }
    }
    Ok(())
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

/// Runs a search on an engine.
pub(crate) fn run(engine: &Engine, request: &SearchRequest) -> Result<SearchResults> {
    let started = Instant::now();
    validate(request)?;
    let ix = |e: tantivy::TantivyError| Error::index(engine.dir(), e);
    let parsed = parse_query(&request.query);
    let mut filters = request.filters.clone();
    merge_query_filters(&mut filters, &parsed.filters)?;
    let searcher = engine.searcher();
    let fields = engine.fields();
    let facet_filters = build_filters(&searcher, fields, &filters)?;
    let text = build_text_query(
        &searcher,
        fields,
        &parsed.clauses,
        request.typo,
        request.prefix,
    );
    let mut notes = parsed.notes.clone();
    if !text.dropped.is_empty() {
        notes.push(Note::IgnoredWords {
            words: text.dropped.clone(),
        });
    }
    let browsing = text.is_empty();
    let sort = request.sort.unwrap_or(if browsing {
        SortBy::Year
    } else {
        SortBy::Relevance
    });
    let descending = request.order != Some(SortOrder::Asc);
    let order = match sort {
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
    };
    let mut results = SearchResults {
        query: request.query.clone(),
        total: 0,
        hits: Vec::new(),
        facets: FacetCounts::default(),
        offset: request.offset,
        limit: request.limit,
        sort,
        fallback_any: false,
        corrections: text.corrections.clone(),
        expansions: text.expansions.clone(),
        notes,
        took_ms: 0.0,
    };
    // words were typed but none can be searched: say so rather than list everything
    if browsing && !parsed.clauses.is_empty() {
        results.notes.push(Note::NothingToSearch);
        results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
        return Ok(results);
    }

    let unfiltered_facets: Vec<Facet> = if request.facets {
        Facet::ALL
            .into_iter()
            .filter(|f| !facet_filters.iter().any(|ff| ff.facet == *f))
            .collect()
    } else {
        Vec::new()
    };
    // with facet counts, filters are walked beside the text matches (one
    // pass yields hits and disjunctive counts); without, they narrow the query
    let walk_filters = request.facets && !facet_filters.is_empty();
    let in_query: &[FacetFilter] = if walk_filters { &[] } else { &facet_filters };
    let walked: &[FacetFilter] = if walk_filters { &facet_filters } else { &[] };
    let wanted = request.offset + request.limit;
    // ranked by score, a window of hits gets the proximity bonus afterwards
    let proximity = text
        .proximity
        .as_ref()
        .filter(|_| matches!(order, Order::Score) && wanted > 0);
    let pass = |any_word: bool| -> Result<PassResult> {
        // with a rescore to come, only the rescore's order needs ids
        let top = match proximity {
            Some(_) => TopCollector {
                limit: wanted.max(RESCORE_WINDOW),
                order,
                tie_places: 0,
            },
            None => TopCollector {
                limit: wanted,
                order,
                tie_places: wanted,
            },
        };
        let pass = Pass::new(
            &searcher,
            top,
            unfiltered_facets.clone(),
            walked,
            engine.facet_cache(),
        )
        .map_err(ix)?;
        let query = compose(&text, in_query, any_word);
        pass.run(&searcher, &*query).map_err(ix)
    };
    let mut any_word = false;
    let mut found = pass(false)?;
    if found.total == 0 && !text.unmatched.is_empty() {
        results.notes.push(Note::NoDocumentContains {
            words: text.unmatched.clone(),
        });
    } else if found.total == 0 && text.required.len() >= 2 {
        any_word = true;
        found = pass(true)?;
        if found.total > 0 {
            results.notes.push(Note::AnyWordFallback);
        }
    }
    results.fallback_any = any_word && found.total > 0;
    results.total = found.total;
    if request.facets {
        results.facets = found.counts;
    }
    let mut ranked = found.ranked;
    if let Some(proximity) = proximity {
        rescore(&searcher, &**proximity, &mut ranked, wanted).map_err(ix)?;
        ranked.truncate(wanted);
    }

    let page: Vec<_> = ranked.drain(..).skip(request.offset).collect();
    if !page.is_empty() {
        let snippet_query: Option<Box<dyn Query>> = (!text.required.is_empty()).then(|| {
            Box::new(BooleanQuery::union(
                text.required.iter().map(|q| q.box_clone()).collect(),
            )) as Box<dyn Query>
        });
        let snippets = Snippets::new(
            &searcher,
            fields,
            snippet_query.as_deref(),
            request.snippet_chars,
        );
        // each hit loads and analyses its own body: spread them over the cores
        let hits = page
            .into_par_iter()
            .map(|r| -> Result<Hit> {
                let doc = engine.load_document(&searcher, r.address)?;
                let (snippet, highlights) = snippets.body(&doc.body);
                let title_highlights = snippets.title(&doc.title);
                Ok(Hit {
                    id: doc.id.clone(),
                    score: if browsing { 0.0 } else { r.score },
                    summary: doc.summary_line(),
                    year: doc.facet_year(),
                    title: doc.title,
                    kind: doc.kind,
                    snippet,
                    highlights,
                    title_highlights,
                    region: doc.region,
                    region_inferred: doc.region_inferred,
                    project_type: doc.project_type,
                    budget_usd: doc.budget_usd,
                    countries: doc.countries,
                    project_id: doc.project_id,
                    prima_id: doc.prima_id,
                    start_year: doc.start_year,
                    end_year: doc.end_year,
                    status: doc.status,
                    coverage: doc.coverage,
                })
            })
            .collect::<Result<Vec<Hit>>>()?;
        results.hits = hits;
    }
    results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// Counts of every facet value over the whole index.
pub(crate) fn all_facet_counts(engine: &Engine) -> Result<FacetCounts> {
    let searcher = engine.searcher();
    searcher
        .search(
            &AllQuery,
            &FacetCollector {
                facets: Facet::ALL.to_vec(),
                cache: engine.facet_cache(),
            },
        )
        .map_err(|e| Error::index(engine.dir(), e))
}
