//! A search through OpenSearch with the core's semantics: the core plans
//! the query (on the embedded index of the same corpus), this module runs
//! the plan on the cluster. One probe finds the coverage level (the scope),
//! one search returns the top hits, the exact total, the disjunctive facet
//! counts and the aggregates, and a last one, when needed, counts and
//! ranks the pages that hold only part of the query.

use oim_search::{
    Counted, Document, Facet, FacetCounts, Hit, HitMetadata, MatchMode, Note, QueryPlan,
    SearchBackend, SearchRequest, SearchResults, SortBy, Tier,
};
use serde_json::{json, Value};

use crate::backend::OpenSearch;
use crate::facets::{aggregations, read_aggregates, read_facets};
use crate::query::{concept_points, dsl};
use crate::snippet::{highlight_request, marked_ranges};
use crate::text::Text;

/// Hits that get the closeness rescore, as in the embedded engine.
const RESCORE_WINDOW: usize = 100;

/// The pages a search counts (the core's `Scope`).
#[derive(Debug, Clone, Copy)]
struct Scope {
    mode: MatchMode,
    gating: usize,
    level: usize,
}

impl Scope {
    fn counted(&self) -> Counted {
        match self.mode {
            MatchMode::Any => Counted::Any,
            MatchMode::Auto if self.level < self.gating => Counted::Most,
            _ => Counted::All,
        }
    }

    fn tier(&self, score: f64, browsing: bool) -> Option<Tier> {
        match self.mode {
            MatchMode::Any => None,
            MatchMode::All => Some(Tier::All),
            MatchMode::Auto if browsing || self.gating == 0 => Some(Tier::All),
            MatchMode::Auto => Some(if level_of(score) < self.level {
                Tier::Partial
            } else if self.level < self.gating {
                Tier::Most
            } else {
                Tier::All
            }),
        }
    }
}

/// How many concepts a page's OpenSearch score says it holds.
fn level_of(score: f64) -> usize {
    (score / f64::from(concept_points())).floor().max(0.0) as usize
}

/// Runs a search on the cluster.
pub fn run(os: &OpenSearch, request: &SearchRequest) -> oim_search::Result<SearchResults> {
    let started = std::time::Instant::now();
    let plan = os.planner().query_plan(request)?;
    let mut results = skeleton(request, &plan);
    if !plan.nothing_to_search {
        let text = Text { plan: &plan };
        let scope = scope(os, &text, request.match_mode)?;
        let run = Run {
            os,
            text,
            plan: &plan,
            request,
            scope,
        };
        let main = main_search(&run)?;
        fill_results(&run, &main, &mut results)?;
    }
    results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// The answer before anything is matched: what the plan says.
fn skeleton(request: &SearchRequest, plan: &QueryPlan) -> SearchResults {
    SearchResults {
        query: request.query.clone(),
        total: 0,
        partial_total: 0,
        counted: Counted::default(),
        missing_concepts: Vec::new(),
        hits: Vec::new(),
        facets: FacetCounts::default(),
        aggregates: request.aggregates.then(oim_search::Aggregates::default),
        offset: request.offset,
        limit: request.limit,
        sort: plan.sort,
        fallback_any: false,
        corrections: plan.corrections.clone(),
        expansions: plan.expansions.clone(),
        filters_applied: plan.filters_applied.clone(),
        dropped: plan.dropped.clone(),
        match_mode: request.match_mode,
        notes: plan.notes.clone(),
        took_ms: 0.0,
    }
}

/// Under `auto`, the highest coverage level a page that passes the filters
/// reaches: one request, one `filters` bucket per level.
fn scope(os: &OpenSearch, text: &Text, mode: MatchMode) -> oim_search::Result<Scope> {
    let gating = text.gating();
    let mut level = gating;
    if mode == MatchMode::Auto && gating > 0 {
        let buckets: serde_json::Map<String, Value> = (1..=gating)
            .map(|l| (l.to_string(), text.counted_filter(l)))
            .collect();
        let body = json!({
            "size": 0,
            "track_total_hits": false,
            "query": { "bool": {
                "must": [text.compose(None)],
                "filter": text.filters(None),
            } },
            "aggs": { "levels": { "filters": { "filters": buckets } } },
        });
        let answer = os.search_body(&body)?;
        let counts = &answer["aggregations"]["levels"]["buckets"];
        level = (1..=gating)
            .rev()
            .find(|l| counts[l.to_string()]["doc_count"].as_u64().unwrap_or(0) > 0)
            .unwrap_or(gating);
    }
    Ok(Scope {
        mode,
        gating,
        level,
    })
}

/// The query of the counted pages under the scope.
fn counted_query(text: &Text, scope: &Scope) -> Option<Value> {
    match scope.mode {
        MatchMode::Auto => text.counted(scope.level),
        mode => text.scored(mode),
    }
}

/// One search under way: the backend, the plan and its scope.
struct Run<'a> {
    os: &'a OpenSearch,
    text: Text<'a>,
    plan: &'a QueryPlan,
    request: &'a SearchRequest,
    scope: Scope,
}

/// The main search: top hits, exact total, facets, aggregates.
fn main_search(run: &Run) -> oim_search::Result<Value> {
    let (os, text, plan, request, scope) = (run.os, &run.text, run.plan, run.request, &run.scope);
    let wanted = request.offset + request.limit;
    let filters = text.filters(None);
    let mut body = json!({
        "size": wanted,
        "track_total_hits": true,
        "track_scores": true,
        "_source": ["doc"],
        "query": text.compose(counted_query(text, scope)),
        "aggs": aggregations(text, request),
    });
    if !filters.is_empty() {
        body["post_filter"] = json!({ "bool": { "filter": filters } });
    }
    apply_order(&mut body, plan, wanted);
    if let Some(highlight) = highlight_request(text, request) {
        body["highlight"] = highlight;
    }
    os.search_body(&body)
}

/// Sort or rescore: by relevance with the closeness bonus over a window
/// (OpenSearch's rescore, as the embedded engine's), or by a field.
fn apply_order(body: &mut Value, plan: &QueryPlan, wanted: usize) {
    let direction = if plan.descending { "desc" } else { "asc" };
    match plan.sort {
        SortBy::Relevance => match &plan.closeness {
            Some(closeness) if wanted > 0 && !plan.browsing => {
                body["rescore"] = json!({
                    "window_size": wanted.max(RESCORE_WINDOW),
                    "query": {
                        "rescore_query": dsl(closeness),
                        "query_weight": 1.0,
                        "rescore_query_weight": 1.0,
                        "score_mode": "total",
                    }
                });
            }
            _ => body["sort"] = json!(["_score", { "id": "asc" }]),
        },
        SortBy::Budget => {
            body["sort"] = json!([{ "budget_usd": { "order": direction, "missing": "_last" } }, { "id": "asc" }]);
        }
        SortBy::Year => {
            body["sort"] = json!([{ "year_value": { "order": direction, "missing": "_last" } }, { "id": "asc" }]);
        }
    }
}

/// Fills the answer from the main search, then the partial pages and the
/// notes.
fn fill_results(run: &Run, main: &Value, results: &mut SearchResults) -> oim_search::Result<()> {
    let (os, plan, request, scope) = (run.os, run.plan, run.request, &run.scope);
    let total = main["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
    let mut ranked: Vec<Value> = main["hits"]["hits"].as_array().cloned().unwrap_or_default();
    if plan.sort == SortBy::Relevance {
        // equal scores in the core's order (by id): a rescored search cannot
        // carry a sort of its own
        ranked.sort_by(|a, b| {
            let score = |h: &Value| h["_score"].as_f64().unwrap_or(0.0);
            score(b)
                .total_cmp(&score(a))
                .then_with(|| a["_id"].as_str().cmp(&b["_id"].as_str()))
        });
    }
    let (tail, partial_total) = partial_pages(run, total, ranked.len())?;
    ranked.extend(tail);
    results.total = total;
    results.partial_total = partial_total;
    results.counted = scope.counted();
    results.fallback_any = results.counted == Counted::Most;
    if request.facets {
        results.facets = read_facets(&main["aggregations"]);
    }
    if request.aggregates {
        results.aggregates = Some(read_aggregates(&main["aggregations"], request.facets));
    }
    notes(run, results)?;
    results.hits = ranked
        .iter()
        .skip(request.offset)
        .map(|h| hit(h, plan.browsing, scope))
        .collect::<Result<_, _>>()
        .map_err(|e| os.cluster().error(e.to_string()))?;
    results.spell_corrections();
    Ok(())
}

/// The pages that pass the filters and hold part of the query, not counted:
/// how many, and the best of them to follow the matches when these do
/// not fill the page (relevance order only).
fn partial_pages(run: &Run, total: usize, found: usize) -> oim_search::Result<(Vec<Value>, usize)> {
    let (os, text, plan, scope) = (run.os, &run.text, run.plan, &run.scope);
    let wanted = run.request.offset + run.request.limit;
    let has_partial = scope.mode == MatchMode::Auto
        && scope.gating > 0
        && (scope.level > 1 || plan.concepts.iter().any(|c| c.matched && c.common));
    if !has_partial {
        return Ok((Vec::new(), 0));
    }
    let fill = plan.sort == SortBy::Relevance && found < wanted;
    let body = json!({
        "size": if fill { wanted } else { 0 },
        "track_total_hits": true,
        "track_scores": true,
        "_source": ["doc"],
        "sort": ["_score", { "id": "asc" }],
        "query": { "bool": {
            "must": [text.compose(text.scored(MatchMode::Auto))],
            "filter": text.filters(None),
        } },
    });
    let answer = os.search_body(&body)?;
    let reached = answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
    let tail = answer["hits"]["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| level_of(h["_score"].as_f64().unwrap_or(0.0)) < scope.level)
        .take(wanted.saturating_sub(found))
        .cloned()
        .collect();
    Ok((tail, reached.saturating_sub(total)))
}

/// The notes the core's matching stage adds, and the concepts some counted
/// pages lack.
fn notes(run: &Run, results: &mut SearchResults) -> oim_search::Result<()> {
    let (os, text, plan, request, scope) = (run.os, &run.text, run.plan, run.request, &run.scope);
    if !plan.dropped.is_empty() {
        let words = plan.dropped.clone();
        results.notes.push(
            if results.total == 0 || request.match_mode == MatchMode::All {
                Note::NoDocumentContains { words }
            } else {
                Note::DroppedWords { words }
            },
        );
    }
    if scope.counted() == Counted::Most && results.total > 0 {
        results.notes.push(Note::AnyWordFallback);
        for concept in plan.gating() {
            let body = json!({
                "size": 0,
                "track_total_hits": 1,
                "query": { "bool": {
                    "must": [text.compose(counted_query(text, scope))],
                    "must_not": [dsl(&concept.node)],
                    "filter": text.filters(None),
                } },
            });
            if os.search_body(&body)?["hits"]["total"]["value"]
                .as_u64()
                .unwrap_or(0)
                > 0
            {
                results.missing_concepts.push(concept.label.clone());
            }
        }
    }
    if scope.mode == MatchMode::Any && plan.concepts.iter().filter(|c| c.matched).count() > 1 {
        results.notes.push(Note::AnyMatchCounted);
    }
    // what differs from the embedded engine's answer (docs/opensearch.md)
    results.notes.push(Note::OtherBackend {
        backend: os.describe(),
    });
    Ok(())
}

/// One hit of the answer from a hit of OpenSearch's.
fn hit(h: &Value, browsing: bool, scope: &Scope) -> Result<Hit, serde_json::Error> {
    let mut doc: Document = serde_json::from_value(h["_source"]["doc"].clone())?;
    let score = h["_score"].as_f64().unwrap_or(0.0);
    let within = score - level_of(score) as f64 * f64::from(concept_points());
    let (snippet, highlights) = match h["highlight"]["text.body"].get(0).and_then(Value::as_str) {
        Some(marked) => marked_ranges(marked),
        None => (String::new(), Vec::new()),
    };
    let title_highlights = h["highlight"]["text.title"]
        .get(0)
        .and_then(Value::as_str)
        .map(|t| marked_ranges(t).1)
        .unwrap_or_default();
    Ok(Hit {
        id: std::mem::take(&mut doc.id),
        score: if browsing { 0.0 } else { within as f32 },
        tier: scope.tier(score, browsing),
        title: std::mem::take(&mut doc.title),
        kind: doc.kind,
        snippet,
        highlights,
        title_highlights,
        metadata: HitMetadata::from(doc),
    })
}

/// The facet counts of the whole index.
pub fn all_facets(os: &OpenSearch) -> oim_search::Result<FacetCounts> {
    let aggs: serde_json::Map<String, Value> = Facet::ALL
        .iter()
        .map(|f| {
            let agg = json!({ "terms": { "field": crate::settings::facet_field(*f), "size": crate::facets::MAX_VALUES } });
            (format!("facet_{}", f.key()), json!({ "filter": { "match_all": {} }, "aggs": { "values": agg } }))
        })
        .collect();
    let body = json!({ "size": 0, "track_total_hits": false, "aggs": aggs });
    Ok(read_facets(&os.search_body(&body)?["aggregations"]))
}
