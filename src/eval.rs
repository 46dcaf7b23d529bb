//! Ranking quality on a judged query set: MRR, nDCG@10, top-1 accuracy and
//! recall@10, from lines `{"q", "filters", "relevant", "top1"}` with an
//! optional `category` (figures are also given per category) and `note`.
//!
//! A query judged with no relevant document (`"relevant": []`) must find
//! nothing: it scores 1 in every figure (reciprocal rank, nDCG@10, recall@10
//! and top-1, whose expected top is "nothing") when the engine returns no hit,
//! and 0 in every figure otherwise.

use serde::{Deserialize, Serialize};

use crate::backend::SearchBackend;
use crate::error::Result;
use crate::search::{Filters, MatchMode, SearchRequest};

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
    /// The kind of query (e.g. `question`, `synonym`, `empty`), for figures per category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Why these documents are relevant (for people; not used in scoring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Figures for one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryEval {
    /// Query text.
    pub q: String,
    /// The judgement's category, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// How many hits came back (at most 10).
    pub hits: usize,
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

/// Mean figures over a group of queries (a whole set or one category).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// How many queries.
    pub queries: usize,
    /// Mean reciprocal rank.
    pub mrr: f64,
    /// Mean nDCG@10.
    pub ndcg_at_10: f64,
    /// Share of judged `top1` queries whose document ranked first.
    pub top1_accuracy: f64,
    /// How many queries judge a `top1` (the denominator of `top1_accuracy`).
    pub top1_judged: usize,
    /// Mean recall@10.
    pub recall_at_10: f64,
}

impl Figures {
    /// Means over `queries` (all zero for none).
    fn of<'a>(queries: impl IntoIterator<Item = &'a QueryEval>) -> Figures {
        let queries: Vec<&QueryEval> = queries.into_iter().collect();
        let n = queries.len().max(1) as f64;
        let judged: Vec<bool> = queries.iter().filter_map(|q| q.top1_ok).collect();
        Figures {
            queries: queries.len(),
            mrr: queries.iter().map(|q| q.reciprocal_rank).sum::<f64>() / n,
            ndcg_at_10: queries.iter().map(|q| q.ndcg_at_10).sum::<f64>() / n,
            top1_accuracy: judged.iter().filter(|ok| **ok).count() as f64
                / judged.len().max(1) as f64,
            top1_judged: judged.len(),
            recall_at_10: queries.iter().map(|q| q.recall_at_10).sum::<f64>() / n,
        }
    }
}

/// Figures for the queries of one category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryEval {
    /// The category, as written in the judgements.
    pub category: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
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
    /// Figures per category, in the order categories first appear in the
    /// set; empty when no judgement has a category.
    pub categories: Vec<CategoryEval>,
    /// Per query.
    pub queries: Vec<QueryEval>,
}

impl EvalReport {
    /// The figures of one category, if the set has it.
    pub fn category(&self, name: &str) -> Option<&Figures> {
        self.categories
            .iter()
            .find(|c| c.category == name)
            .map(|c| &c.figures)
    }
}

/// Reads judged queries, one JSON object per line, from a file or any
/// reader: a line over [`MAX_LINE_BYTES`](crate::MAX_LINE_BYTES) ends the
/// input with an error naming it (an endless line cannot fill memory).
///
/// ```
/// let set = oim_search::eval::read_judgements_from(&b"{\"q\": \"diaspora\", \"relevant\": []}\n"[..]).unwrap();
/// assert_eq!(set[0].q, "diaspora");
/// let endless = oim_search::eval::read_judgements_from(std::io::BufReader::new(std::io::repeat(b'x')));
/// assert!(endless.unwrap_err().starts_with("line 1: longer than 1 MiB"));
/// ```
///
/// # Errors
/// A message naming the line that is too long, not UTF-8, or not a valid
/// judgement.
pub fn read_judgements_from(
    input: impl std::io::BufRead,
) -> std::result::Result<Vec<Judgement>, String> {
    let mut out = Vec::new();
    for line in crate::CappedLines::new(input, crate::MAX_LINE_BYTES) {
        let (n, bytes) = line.map_err(|e| format!("line {}: {e}", e.line()))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            format!(
                "line {n}: not valid UTF-8 (byte {} of the line): save the file as UTF-8",
                e.valid_up_to() + 1
            )
        })?;
        if !text.trim().is_empty() {
            out.push(serde_json::from_str(text).map_err(|e| format!("line {n}: {e}"))?);
        }
    }
    Ok(out)
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
    read_judgements_from(text.as_bytes())
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
pub fn evaluate(engine: &dyn SearchBackend, judgements: &[Judgement]) -> Result<EvalReport> {
    evaluate_with(engine, judgements, MatchMode::Auto)
}

/// [`evaluate`] under a match mode (`any` gives a plain OR-of-words BM25
/// baseline on the same index).
///
/// # Errors
/// Those of [`SearchBackend::search`].
pub fn evaluate_with(
    engine: &dyn SearchBackend,
    judgements: &[Judgement],
    mode: MatchMode,
) -> Result<EvalReport> {
    let mut queries = Vec::new();
    for j in judgements {
        let mut request = SearchRequest::new(j.q.clone()).limit(10).match_mode(mode);
        request.filters = j.filters.clone();
        request.facets = false;
        let results = engine.search(&request)?;
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        queries.push(score(j, &ids));
    }
    let all = Figures::of(&queries);
    let mut names: Vec<&str> = Vec::new();
    for name in queries.iter().filter_map(|q| q.category.as_deref()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let categories = names
        .iter()
        .map(|name| CategoryEval {
            category: name.to_string(),
            figures: Figures::of(
                queries
                    .iter()
                    .filter(|q| q.category.as_deref() == Some(*name)),
            ),
        })
        .collect();
    Ok(EvalReport {
        mrr: all.mrr,
        ndcg_at_10: all.ndcg_at_10,
        top1_accuracy: all.top1_accuracy,
        recall_at_10: all.recall_at_10,
        categories,
        queries,
    })
}

/// Scores one judged query against the ids the engine returned, best first.
fn score(j: &Judgement, ids: &[&str]) -> QueryEval {
    let base = |rr: f64, ndcg: f64, top1_ok: Option<bool>, recall: f64, first| QueryEval {
        q: j.q.clone(),
        category: j.category.clone(),
        hits: ids.len(),
        first_relevant_rank: first,
        reciprocal_rank: rr,
        ndcg_at_10: ndcg,
        top1_ok,
        recall_at_10: recall,
        top: ids.first().map(|s| s.to_string()),
    };
    if j.relevant.is_empty() {
        // Nothing is relevant: the right answer is no answer at all.
        let ok = if ids.is_empty() { 1.0 } else { 0.0 };
        return base(ok, ok, Some(ids.is_empty()), ok, None);
    }
    let is_relevant = |id: &str| j.relevant.iter().any(|r| r == id);
    let first = ids.iter().position(|id| is_relevant(id)).map(|p| p + 1);
    // `0.0 +` because an empty f64 sum is -0.0, which would print as "-0.000"
    let dcg: f64 = 0.0
        + ids
            .iter()
            .enumerate()
            .filter(|(_, id)| is_relevant(id))
            .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
            .sum::<f64>();
    let ideal: f64 = (0..j.relevant.len().min(10))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let found = ids.iter().filter(|id| is_relevant(id)).count();
    base(
        first.map(|r| 1.0 / r as f64).unwrap_or(0.0),
        dcg / ideal,
        j.top1.as_ref().map(|t| ids.first() == Some(&t.as_str())),
        found as f64 / j.relevant.len().min(10) as f64,
        first,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judgement(relevant: &[&str], top1: Option<&str>) -> Judgement {
        Judgement {
            q: "q".into(),
            filters: Filters::default(),
            relevant: relevant.iter().map(|s| s.to_string()).collect(),
            top1: top1.map(str::to_string),
            category: Some("c".into()),
            note: None,
        }
    }

    #[test]
    fn ranks_and_gains() {
        let q = score(&judgement(&["a", "b"], Some("a")), &["x", "a", "b"]);
        assert_eq!(q.first_relevant_rank, Some(2));
        assert_eq!(q.reciprocal_rank, 0.5);
        assert_eq!(q.top1_ok, Some(false));
        assert_eq!(q.recall_at_10, 1.0);
        let ideal = 1.0 + 1.0 / 3f64.log2();
        let dcg = 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!((q.ndcg_at_10 - dcg / ideal).abs() < 1e-12);
        assert_eq!(q.category.as_deref(), Some("c"));
    }

    #[test]
    fn an_expected_empty_answer_scores_one_only_when_nothing_comes_back() {
        let empty = judgement(&[], None);
        let q = score(&empty, &[]);
        assert_eq!(
            (q.reciprocal_rank, q.ndcg_at_10, q.recall_at_10, q.top1_ok),
            (1.0, 1.0, 1.0, Some(true))
        );
        let q = score(&empty, &["a"]);
        assert_eq!(
            (q.reciprocal_rank, q.ndcg_at_10, q.recall_at_10, q.top1_ok),
            (0.0, 0.0, 0.0, Some(false))
        );
    }

    #[test]
    fn figures_are_means_and_top1_counts_only_judged_queries() {
        let a = score(&judgement(&["a"], Some("a")), &["a"]);
        let b = score(&judgement(&["a"], None), &["x"]);
        let f = Figures::of([&a, &b]);
        assert_eq!((f.queries, f.top1_judged), (2, 1));
        assert_eq!((f.mrr, f.top1_accuracy, f.recall_at_10), (0.5, 1.0, 0.5));
    }

    #[test]
    fn category_and_note_are_optional() {
        let set = read_judgements(
            r#"{"q": "a", "relevant": ["x"]}
{"q": "b", "relevant": [], "category": "empty", "note": "menu only"}"#,
        )
        .unwrap();
        assert_eq!(set[0].category, None);
        assert_eq!(set[1].category.as_deref(), Some("empty"));
        assert_eq!(set[1].note.as_deref(), Some("menu only"));
    }
}
