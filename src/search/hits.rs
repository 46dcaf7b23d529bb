//! Last stage of a search: the page of [`Hit`]s. Each hit's stored
//! document is loaded and its snippet and highlights computed, in parallel.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::collect::Ranked;
use super::coverage::split_score;
use super::matches::{Scope, Tier};
use super::plan::Plan;
use super::snippet::Snippets;
use super::view::IndexView;
use crate::document::{Document, Kind};
use crate::error::Result;

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
    /// Whether the hit is counted (`all`, or `most` when no page holds every
    /// concept) or holds only part of the query and follows the matches
    /// (`partial`); absent under `--match any`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
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
    /// The document's metadata (flattened into the hit's JSON object).
    #[serde(flatten)]
    pub metadata: HitMetadata,
}

/// The metadata of a hit's document, as its JSON lists them.
///
/// A type of its own rather than [`Document`]'s fields: `year` here is the
/// year the hit is filed under ([`Document::facet_year`]), not the page's
/// `Année`; the hit's JSON keys keep this order (pinned by a test and the
/// README samples); and the body, dateline, contact and extra stay out.
///
/// ```
/// let doc = oim_search::Document { budget_usd: Some(5.0), end_year: Some(2020), ..Default::default() };
/// let meta = oim_search::HitMetadata::from(doc);
/// assert_eq!((meta.budget_usd, meta.year), (Some(5.0), Some(2020)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HitMetadata {
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
    /// Facet year (start year, else Année, else end year).
    pub year: Option<i32>,
    /// Project status.
    pub status: Option<String>,
    /// Coverage.
    pub coverage: Option<String>,
}

impl From<Document> for HitMetadata {
    fn from(doc: Document) -> HitMetadata {
        let year = doc.facet_year();
        let Document {
            region,
            region_inferred,
            project_type,
            budget_usd,
            countries,
            project_id,
            prima_id,
            start_year,
            end_year,
            status,
            coverage,
            ..
        } = doc;
        HitMetadata {
            region,
            region_inferred,
            project_type,
            budget_usd,
            countries,
            project_id,
            prima_id,
            start_year,
            end_year,
            year,
            status,
            coverage,
        }
    }
}

/// The hits of a page of ranked documents, with snippets for the plan's
/// words.
///
/// # Errors
/// [`crate::Error::Index`] if a stored document cannot be read.
pub(super) fn page_of_hits(
    view: &IndexView,
    plan: &Plan,
    scope: &Scope,
    page: Vec<Ranked>,
    snippet_chars: usize,
) -> Result<Vec<Hit>> {
    if page.is_empty() {
        return Ok(Vec::new());
    }
    let snippet_query = plan.text.highlight_query();
    let snippets = Snippets::new(
        &view.stats,
        view.fields,
        snippet_query.as_deref(),
        snippet_chars,
    );
    // each hit loads and analyses its own body: spread them over the cores
    page.into_par_iter()
        .map(|r| {
            let mut doc = view.load_document(r.address)?;
            let (snippet, highlights) = snippets.body(&doc.body);
            let title_highlights = snippets.title(&doc.title);
            Ok(Hit {
                id: std::mem::take(&mut doc.id),
                // the coverage level orders hits; the score shown is relevance within it
                score: if plan.browsing {
                    0.0
                } else {
                    split_score(r.score).1
                },
                tier: scope.tier(r.score, plan.browsing),
                title: std::mem::take(&mut doc.title),
                kind: doc.kind,
                snippet,
                highlights,
                title_highlights,
                metadata: HitMetadata::from(doc),
            })
        })
        .collect()
}
