//! # oim-search-opensearch
//!
//! OpenSearch as a backend for oim-search: the same pages, analysis, query
//! model and answers, on a cluster.
//!
//! - [`push_corpus`] creates an index whose analysis is built from the
//!   core's own data (elisions, stop words, Snowball French, the synonym
//!   file) and bulk-loads the core's parsed [`oim_search::Document`]s,
//!   incrementally by page hash.
//! - [`OpenSearch`] is a [`oim_search::SearchBackend`]: the core plans each
//!   query ([`oim_search::Engine::query_plan`]) on the embedded index of the
//!   same corpus, and the cluster matches, counts and ranks with the core's
//!   semantics (coverage first, counting over the matches, disjunctive
//!   facets, budget aggregates, highlighted snippets).
//!
//! The command takes it with `oim-search opensearch push` and
//! `search`/`serve --backend opensearch://HOST:PORT/INDEX` (feature
//! `opensearch` of `oim-search-cli`); the server with
//! `ServerConfig::backend`. What differs from the embedded engine is listed
//! in `docs/opensearch.md`.
//!
//! ```no_run
//! use oim_search::{Engine, SearchBackend, SearchRequest};
//! use oim_search_opensearch::OpenSearch;
//!
//! let planner = Engine::open("index")?;
//! let os = OpenSearch::new("http://127.0.0.1:9200", "oim", planner)?;
//! let report = os.push("corpus".as_ref(), Default::default())?;
//! println!("{} pages sent, {} unchanged", report.indexed, report.unchanged);
//! let results = os.search(&SearchRequest::new("diaspora Lesotho"))?;
//! println!("{} matches, first {:?}", results.total, results.hits.first().map(|h| &h.id));
//! # Ok::<(), oim_search::Error>(())
//! ```
#![warn(missing_docs)]

mod address;
mod backend;
mod client;
mod facets;
mod push;
mod query;
mod search;
pub mod settings;
mod snippet;
mod text;

pub use address::{ClusterAddress, SCHEME};
pub use backend::OpenSearch;
pub use client::Cluster;
pub use push::{
    push_corpus, push_corpus_with_progress, PushOptions, PushReport, PushStep, REPLICAS, SHARDS,
};
