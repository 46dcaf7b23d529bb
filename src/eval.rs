//! Ranking quality on a judged query set: MRR, nDCG@10, top-1 accuracy and
//! recall@10, from lines `{"q", "filters", "relevant", "top1"}`.

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::error::Result;
use crate::search::{Filters, SearchRequest};

/// One judged query.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Judgement {
    /// Query text.
    pub q: String,
    /// Facet filters.
    #[serde(default)]
    pub filters: Filters,
    /// Every relevant document id.
    pub relevant: Vec<String>,
    /// The document that must rank first, if one must.
    #[serde(default)]
    pub top1: Option<String>,
}

/// Figures for one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryEval {
    /// Query text.
    pub q: String,
    /// Rank (1-based) of the first relevant hit within the top 10.
    pub first_relevant_rank: Option<usize>,
    /// 1 / that rank, 0 when none.
    pub reciprocal_rank: f64,
    /// nDCG@10 with binary relevance.
    pub ndcg_at_10: f64,
    /// Whether the `top1` document ranked first (None when not judged).
    pub top1_ok: Option<bool>,
    /// Share of relevant documents within the top 10.
    pub recall_at_10: f64,
    /// The id that ranked first.
    pub top: Option<String>,
}

/// Figures for a whole set.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Mean reciprocal rank.
    pub mrr: f64,
    /// Mean nDCG@10.
    pub ndcg_at_10: f64,
    /// Share of judged `top1` queries whose document ranked first.
    pub top1_accuracy: f64,
    /// Mean recall@10.
    pub recall_at_10: f64,
    /// Per query.
    pub queries: Vec<QueryEval>,
}

/// Reads judged queries, one JSON object per line.
///
/// ```
/// let set = oim_search::eval::read_judgements(r#"{"q": "diaspora", "relevant": ["a"], "top1": "a"}"#).unwrap();
/// assert_eq!(set[0].relevant, ["a"]);
/// ```
///
/// # Errors
/// A message naming the line that is not a valid judgement.
pub fn read_judgements(text: &str) -> std::result::Result<Vec<Judgement>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// Runs every judged query and computes the figures.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// engine.add(oim_search::Document { id: "a".into(), title: "Diaspora".into(), ..Default::default() }).unwrap();
/// engine.commit().unwrap();
/// let set = oim_search::eval::read_judgements(r#"{"q": "diaspora", "relevant": ["a"], "top1": "a"}"#).unwrap();
/// let report = oim_search::eval::evaluate(&engine, &set).unwrap();
/// assert_eq!((report.mrr, report.top1_accuracy), (1.0, 1.0));
/// ```
///
/// # Errors
/// The first search error (e.g. a filter value no document has).
pub fn evaluate(engine: &Engine, judgements: &[Judgement]) -> Result<EvalReport> {
    let mut queries = Vec::new();
    for j in judgements {
        let mut request = SearchRequest::new(j.q.clone()).limit(10);
        request.filters = j.filters.clone();
        request.facets = false;
        let results = engine.search(&request)?;
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        let is_relevant = |id: &str| j.relevant.iter().any(|r| r == id);
        let first = ids.iter().position(|id| is_relevant(id)).map(|p| p + 1);
        let dcg: f64 = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| is_relevant(id))
            .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
            .sum();
        let ideal: f64 = (0..j.relevant.len().min(10))
            .map(|i| 1.0 / ((i + 2) as f64).log2())
            .sum();
        let found = ids.iter().filter(|id| is_relevant(id)).count();
        queries.push(QueryEval {
            q: j.q.clone(),
            first_relevant_rank: first,
            reciprocal_rank: first.map(|r| 1.0 / r as f64).unwrap_or(0.0),
            ndcg_at_10: if ideal > 0.0 { dcg / ideal } else { 0.0 },
            top1_ok: j.top1.as_ref().map(|t| ids.first() == Some(&t.as_str())),
            recall_at_10: if j.relevant.is_empty() {
                0.0
            } else {
                found as f64 / j.relevant.len().min(10) as f64
            },
            top: ids.first().map(|s| s.to_string()),
        });
    }
    let n = queries.len().max(1) as f64;
    let judged: Vec<bool> = queries.iter().filter_map(|q| q.top1_ok).collect();
    Ok(EvalReport {
        mrr: queries.iter().map(|q| q.reciprocal_rank).sum::<f64>() / n,
        ndcg_at_10: queries.iter().map(|q| q.ndcg_at_10).sum::<f64>() / n,
        top1_accuracy: judged.iter().filter(|ok| **ok).count() as f64 / judged.len().max(1) as f64,
        recall_at_10: queries.iter().map(|q| q.recall_at_10).sum::<f64>() / n,
        queries,
    })
}
