//! `push`: a corpus folder into an index, incrementally. Pages are read and
//! parsed by the core (the same `Document`s the embedded index stores),
//! each keyed by its file's content hash: a page whose hash the index
//! already holds is skipped, a page no longer in the folder is deleted. A
//! bulk item that fails is reported by page and the rest goes on.

use std::path::{Path, PathBuf};
use std::time::Instant;

use oim_search::{
    analyze, decode_page, list_corpus, page_id, parse_page, read_page_bytes, Document, Error,
    Facet, DEFAULT_MAX_FILE_SIZE,
};
use serde_json::{json, Value};

use crate::client::Cluster;
use crate::settings::index_body;

/// Shards and replicas of a new index (the two-node layout).
pub const SHARDS: u32 = 2;
/// Replicas of a new index.
pub const REPLICAS: u32 = 1;
/// Documents per `_bulk` request.
const BULK_DOCS: usize = 500;
/// Ids read per page of the index's hash listing.
const LIST_PAGE: usize = 1000;

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushReport {
    /// The index was created by this run.
    pub created_index: bool,
    /// Pages sent (new or changed) and accepted.
    pub indexed: usize,
    /// Pages whose hash the index already held.
    pub unchanged: usize,
    /// Pages deleted because their file is gone.
    pub deleted: usize,
    /// Files that could not be read or parsed: (file, reason).
    pub unreadable: Vec<(PathBuf, String)>,
    /// Pages the cluster refused: (page id, OpenSearch's reason).
    pub refused: Vec<(String, String)>,
    /// Seconds the run took.
    pub seconds: f64,
}

/// One page read from the corpus.
struct Page {
    document: Document,
    hash: u64,
}

/// How a push may change the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushOptions {
    /// Let the run delete more than half of the index's pages (their files
    /// are gone); without it such a run changes nothing, as `index` does.
    pub allow_removal: bool,
}

/// How far a push is, for a progress display ([`push_corpus_with_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushStep {
    /// `done` of the folder's `total` pages read and parsed.
    Reading {
        /// Pages read so far.
        done: usize,
        /// Pages in the folder.
        total: usize,
    },
    /// `done` of the `total` new or changed pages sent to the cluster
    /// (deletions follow, then the refresh).
    Sending {
        /// Pages sent so far (accepted or refused).
        done: usize,
        /// Pages to send.
        total: usize,
    },
}

/// Pushes a corpus folder into `index`, creating it when it is missing
/// (as [`push_corpus_with_progress`], without a progress display).
///
/// # Errors
/// As [`push_corpus_with_progress`].
pub fn push_corpus(
    cluster: &Cluster,
    index: &str,
    corpus: &Path,
    options: PushOptions,
) -> oim_search::Result<PushReport> {
    push_corpus_with_progress(cluster, index, corpus, options, &|_| {})
}

/// Pushes a corpus folder into `index`, creating it when it is missing,
/// and calls `progress` as pages are read and sent.
///
/// # Errors
/// [`Error::NoCorpus`] for a missing folder, [`Error::InvalidValue`] when
/// no page of the folder can be read (deleting every page of the index is
/// never what was meant), [`Error::RemovalRefused`] when the run would
/// delete more than half of the index's pages without
/// [`PushOptions::allow_removal`], and [`Error::Backend`] when the cluster
/// fails as a whole.
pub fn push_corpus_with_progress(
    cluster: &Cluster,
    index: &str,
    corpus: &Path,
    options: PushOptions,
    progress: &dyn Fn(PushStep),
) -> oim_search::Result<PushReport> {
    let started = Instant::now();
    let mut report = PushReport::default();
    let pages = read_corpus(corpus, &mut report, progress)?;
    if pages.is_empty() {
        return Err(Error::InvalidValue {
            what: "corpus",
            value: corpus.display().to_string(),
            hint: "no page of it could be read: nothing pushed, nothing deleted".to_string(),
        });
    }
    report.created_index = ensure_index(cluster, index)?;
    let held = held_hashes(cluster, index)?;
    let present: std::collections::HashSet<&str> =
        pages.iter().map(|p| p.document.id.as_str()).collect();
    let gone: Vec<&String> = held
        .keys()
        .filter(|id| !present.contains(id.as_str()))
        .collect();
    if gone.len() * 2 > held.len() && !options.allow_removal {
        return Err(Error::RemovalRefused {
            corpus: corpus.to_path_buf(),
            removed: gone.len(),
            documents: held.len() as u64,
        });
    }
    let mut changed = Vec::new();
    for page in &pages {
        match held.get(&page.document.id) {
            Some(h) if *h == page.hash.to_string() => report.unchanged += 1,
            _ => changed.push(page),
        }
    }
    let mut sent = 0;
    progress(PushStep::Sending {
        done: 0,
        total: changed.len(),
    });
    for batch in changed.chunks(BULK_DOCS) {
        let body: String = batch.iter().map(|p| bulk_index_lines(index, p)).collect();
        let answer = cluster.call_ndjson("/_bulk", &body)?;
        tally_bulk(&answer, &mut report, false);
        sent += batch.len();
        progress(PushStep::Sending {
            done: sent,
            total: changed.len(),
        });
    }
    for batch in gone.chunks(BULK_DOCS) {
        let body: String = batch
            .iter()
            .map(|id| format!("{}\n", json!({ "delete": { "_index": index, "_id": id } })))
            .collect();
        let answer = cluster.call_ndjson("/_bulk", &body)?;
        tally_bulk(&answer, &mut report, true);
    }
    cluster.call("POST", &format!("/{index}/_refresh"), None)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Reads and parses every page of the folder as the core does.
fn read_corpus(
    corpus: &Path,
    report: &mut PushReport,
    progress: &dyn Fn(PushStep),
) -> oim_search::Result<Vec<Page>> {
    let listing = list_corpus(corpus)?;
    let total = listing.pages.len();
    let mut pages = Vec::with_capacity(total);
    for (done, path) in listing.pages.into_iter().enumerate() {
        if done % 64 == 0 {
            progress(PushStep::Reading { done, total });
        }
        let read = read_page_bytes(&path, DEFAULT_MAX_FILE_SIZE)
            .and_then(|bytes| Ok((decode_page(&bytes.bytes)?.0, bytes.hash)))
            .and_then(|(text, hash)| Ok((parse_page(&page_id(&path), &text)?, hash)));
        match read {
            Ok((parsed, hash)) => pages.push(Page {
                document: parsed.document,
                hash,
            }),
            Err(e) => report.unreadable.push((path, e.to_string())),
        }
    }
    progress(PushStep::Reading { done: total, total });
    Ok(pages)
}

/// Creates the index when it is missing; returns whether it did.
fn ensure_index(cluster: &Cluster, index: &str) -> oim_search::Result<bool> {
    if cluster.exists(&format!("/{index}"))? {
        return Ok(false);
    }
    cluster.call(
        "PUT",
        &format!("/{index}"),
        Some(&index_body(SHARDS, REPLICAS)),
    )?;
    // yellow: every primary shard assigned, so the pages can arrive; the
    // replicas follow on a cluster with a node for them (a one-node
    // cluster, or one that lost a node, never turns green)
    cluster.call(
        "GET",
        &format!("/_cluster/health/{index}?wait_for_status=yellow&timeout=60s"),
        None,
    )?;
    Ok(true)
}

/// The page hashes the index holds, by id (`search_after` over the ids).
fn held_hashes(
    cluster: &Cluster,
    index: &str,
) -> oim_search::Result<std::collections::HashMap<String, String>> {
    let mut held = std::collections::HashMap::new();
    let mut after: Option<Value> = None;
    loop {
        let mut body = json!({
            "size": LIST_PAGE,
            "_source": ["page_hash"],
            "sort": [{ "id": "asc" }],
            "query": { "match_all": {} },
        });
        if let Some(after) = &after {
            body["search_after"] = after.clone();
        }
        let answer = cluster.call("POST", &format!("/{index}/_search"), Some(&body))?;
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for hit in &hits {
            if let Some(id) = hit["_id"].as_str() {
                let hash = hit["_source"]["page_hash"].as_str().unwrap_or_default();
                held.insert(id.to_string(), hash.to_string());
            }
        }
        match hits.last() {
            Some(last) if hits.len() == LIST_PAGE => after = Some(last["sort"].clone()),
            _ => return Ok(held),
        }
    }
}

/// The two NDJSON lines that index one page.
fn bulk_index_lines(index: &str, page: &Page) -> String {
    let action = json!({ "index": { "_index": index, "_id": page.document.id } });
    format!("{action}\n{}\n", source(&page.document, page.hash))
}

/// The indexed form of a document: the fields the embedded index has.
pub(crate) fn source(doc: &Document, hash: u64) -> Value {
    let facets: serde_json::Map<String, Value> = Facet::ALL
        .iter()
        .map(|f| (f.key().to_string(), json!(doc.facet_values(*f))))
        .collect();
    // only beneficiaries weigh as countries; the countries a news article
    // names are already in its body (as the embedded index does)
    let countries = if doc.kind == oim_search::Kind::Project {
        doc.countries.join("\n")
    } else {
        String::new()
    };
    let ids: Vec<&str> = [&doc.project_id, &doc.prima_id]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .collect();
    json!({
        "id": doc.id,
        "ids": ids,
        "title": core_terms(&doc.title),
        "countries": countries_terms(&countries),
        "meta": core_terms(&doc.metadata_text()),
        "body": core_terms(&doc.body),
        "text": { "title": doc.title, "body": doc.body },
        "facets": facets,
        "budget_usd": doc.budget_usd,
        "year_value": doc.facet_year(),
        "start_year": doc.start_year,
        "end_year": doc.end_year,
        "page_hash": hash.to_string(),
        "doc": doc,
    })
}

/// A text as the core's analyzer indexes it: its terms, one slot per word
/// position, `_` where a stop word stood (see [`crate::settings::GAP_ANALYZER`]).
/// The fields the plan's queries read hold these, so that they hold the
/// core's terms exactly: OpenSearch's Snowball French is another version
/// of the algorithm and stems some folded words differently (`ordonnee`:
/// `ordonne` there, `ordon` in the core).
pub(crate) fn core_terms(text: &str) -> String {
    let mut slots: Vec<String> = Vec::new();
    for token in analyze(text) {
        while slots.len() < token.position {
            slots.push("_".to_string());
        }
        if slots.len() == token.position {
            slots.push(token.text);
        }
    }
    slots.join(" ")
}

/// Stands in the countries field of a page that names none: Lucene's IDF
/// counts the pages that have a field, tantivy's every page, so every page
/// gets one term there (the field has no length norm: nothing else moves).
/// No query term can be it: the core's terms never hold `#`.
const NO_COUNTRY: &str = "#none";

fn countries_terms(countries: &str) -> String {
    let terms = core_terms(countries);
    if terms.split(' ').all(|t| t.is_empty() || t == "_") {
        NO_COUNTRY.to_string()
    } else {
        terms
    }
}

/// Counts a bulk answer's items: each item's own status, never only the
/// top-level `errors` flag.
fn tally_bulk(answer: &Value, report: &mut PushReport, deleting: bool) {
    for item in answer["items"].as_array().into_iter().flatten() {
        let Some((_, result)) = item.as_object().and_then(|o| o.iter().next()) else {
            continue;
        };
        let id = result["_id"].as_str().unwrap_or("?").to_string();
        let status = result["status"].as_u64().unwrap_or(0);
        if (200..300).contains(&status) || (deleting && status == 404) {
            if deleting {
                report.deleted += 1;
            } else {
                report.indexed += 1;
            }
        } else {
            let error = &result["error"];
            let reason = format!(
                "{}: {}",
                error["type"].as_str().unwrap_or("error"),
                error["reason"].as_str().unwrap_or("no reason given")
            );
            report.refused.push((id, reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_item_is_reported_by_page_and_the_others_count() {
        let answer = json!({"errors": true, "items": [
            {"index": {"_id": "a", "status": 201}},
            {"index": {"_id": "b", "status": 400, "error": {"type": "mapper_parsing_exception", "reason": "failed to parse field [budget_usd]"}}},
            {"index": {"_id": "c", "status": 200}},
        ]});
        let mut report = PushReport::default();
        tally_bulk(&answer, &mut report, false);
        assert_eq!(report.indexed, 2);
        assert_eq!(
            report.refused,
            [(
                "b".to_string(),
                "mapper_parsing_exception: failed to parse field [budget_usd]".to_string()
            )]
        );
    }

    #[test]
    fn the_source_files_a_page_as_the_embedded_index_does() {
        let doc = Document {
            id: "p".into(),
            title: "Titre".into(),
            countries: vec!["Lesotho".into()],
            budget_usd: Some(150_000.0),
            project_id: Some(" CD.0003 ".into()),
            ..Document::default()
        };
        let s = source(&doc, 42);
        assert_eq!(s["facets"]["country"], json!(["Lesotho"]));
        assert_eq!(s["ids"], json!(["CD.0003"]));
        assert_eq!(s["page_hash"], "42");
        assert_eq!(s["title"], "titr");
        assert_eq!(core_terms("la diaspora du Lesotho"), "_ diaspor _ lesotho");
        assert_eq!(countries_terms(""), NO_COUNTRY);
        assert_eq!(countries_terms("Lesotho"), "lesotho");
        assert_eq!(
            serde_json::from_value::<Document>(s["doc"].clone()).unwrap(),
            doc
        );
    }
}
