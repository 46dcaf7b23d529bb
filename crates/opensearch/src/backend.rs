//! [`OpenSearch`]: a cluster's index as a [`SearchBackend`], with the
//! embedded index of the same corpus as its planner.

use std::path::Path;

use oim_search::{Document, Engine, FacetCounts, SearchBackend, SearchRequest, SearchResults};
use serde_json::Value;

use crate::client::Cluster;
use crate::push::{push_corpus, PushOptions, PushReport};

/// Searches an OpenSearch index with the core's plan.
///
/// The core plans each query on `planner`, the embedded index of the same
/// corpus (its word list gives the typo candidates, its pages say which
/// concepts some page holds); the cluster matches, counts and ranks.
pub struct OpenSearch {
    cluster: Cluster,
    index: String,
    planner: Engine,
}

impl OpenSearch {
    /// A backend on `index` of the cluster at `url`, planning with `planner`.
    ///
    /// # Errors
    /// [`oim_search::Error::InvalidValue`] for a bad URL or index name.
    pub fn new(url: &str, index: &str, planner: Engine) -> oim_search::Result<OpenSearch> {
        let valid = !index.is_empty()
            && index.len() <= 255
            && !index.starts_with(['_', '-', '+'])
            && index
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
        if !valid {
            return Err(oim_search::Error::InvalidValue {
                what: "OpenSearch index",
                value: index.to_string(),
                hint: "use lowercase letters, digits, `-`, `_` and `.`, such as oim".to_string(),
            });
        }
        Ok(OpenSearch {
            cluster: Cluster::new(url)?,
            index: index.to_string(),
            planner,
        })
    }

    /// The cluster.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The index name.
    pub fn index(&self) -> &str {
        &self.index
    }

    /// The embedded index that plans the queries.
    pub fn planner(&self) -> &Engine {
        &self.planner
    }

    /// Pushes a corpus folder into the index (see [`push_corpus`]).
    ///
    /// # Errors
    /// As [`push_corpus`].
    pub fn push(&self, corpus: &Path, options: PushOptions) -> oim_search::Result<PushReport> {
        push_corpus(&self.cluster, &self.index, corpus, options)
    }

    /// Runs a search body on the index, with global term statistics
    /// (`dfs_query_then_fetch`: BM25 over the whole index, as the embedded
    /// engine, not per shard).
    pub(crate) fn search_body(&self, body: &Value) -> oim_search::Result<Value> {
        let path = format!(
            "/{}/_search?search_type=dfs_query_then_fetch&allow_partial_search_results=false",
            self.index
        );
        let answer = self.cluster.call("POST", &path, Some(body))?;
        let failed = answer["_shards"]["failed"].as_u64().unwrap_or(0);
        if failed > 0 && answer["hits"]["hits"].is_null() {
            return Err(self
                .cluster
                .error(format!("{failed} shards failed the search")));
        }
        Ok(answer)
    }
}

impl SearchBackend for OpenSearch {
    fn search(&self, request: &SearchRequest) -> oim_search::Result<SearchResults> {
        crate::search::run(self, request)
    }

    fn get(&self, id: &str) -> oim_search::Result<Option<Document>> {
        let path = format!("/{}/_doc/{}", self.index, encode_id(id));
        match self.cluster.get_optional(&path)? {
            None => Ok(None),
            Some(answer) if answer["found"] == Value::Bool(false) => Ok(None),
            Some(answer) => serde_json::from_value(answer["_source"]["doc"].clone())
                .map(Some)
                .map_err(|e| {
                    self.cluster
                        .error(format!("page {id}: stored document unreadable ({e})"))
                }),
        }
    }

    fn facets(&self) -> oim_search::Result<FacetCounts> {
        crate::search::all_facets(self)
    }

    fn describe(&self) -> String {
        format!("OpenSearch at {}/{}", self.cluster.url(), self.index)
    }
}

/// A page id in a URL path (ids are file names: encode all but the safe).
fn encode_id(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
