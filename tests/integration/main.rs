//! Integration tests: one binary, modules by topic, shared helpers.

mod cli;
mod concepts;
mod corpus_search;
mod facets;
mod fuzz;
mod library;
mod output;
mod ranking;
// runs the examples in `sh`, with a symbolic link to tests/
#[cfg(unix)]
mod readme;
mod relevance;
mod reliability;
mod reporting;
mod robustness;
mod server;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use oim_search::{Engine, SearchRequest, SearchResults};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// An index built from a corpus folder into a temporary directory.
pub struct TempIndex {
    pub dir: tempfile::TempDir,
    pub engine: Engine,
}

impl TempIndex {
    pub fn build(corpus: &Path) -> TempIndex {
        let dir = tempfile::tempdir().unwrap();
        let engine = oim_search::EngineBuilder::new(dir.path())
            .memory_mb(64)
            .create()
            .unwrap();
        engine.index_corpus(corpus).unwrap();
        TempIndex { dir, engine }
    }
}

/// The index of the five real pages, built once for the whole test binary.
pub fn corpus_engine() -> &'static Engine {
    static INDEX: OnceLock<TempIndex> = OnceLock::new();
    &INDEX
        .get_or_init(|| TempIndex::build(&root().join("corpus")))
        .engine
}

/// Runs a query on the real corpus.
pub fn search(query: &str) -> SearchResults {
    corpus_engine().search(&SearchRequest::new(query)).unwrap()
}

/// Ids of the hits, in order.
pub fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

/// Short ids (`003`) of the hits, in order.
pub fn short_ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id[..3].to_string()).collect()
}

/// The binary with no color and its index in `index_dir`.
pub fn oim(index_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("oim-search").unwrap();
    cmd.env("NO_COLOR", "1").arg("--index").arg(index_dir);
    cmd
}

/// Runs a command that must succeed and returns its stdout.
pub fn stdout_ok(cmd: &mut assert_cmd::Command) -> Vec<u8> {
    cmd.assert().success().get_output().stdout.clone()
}

/// The highlighted words of a hit's snippet.
pub fn highlighted_words(hit: &oim_search::Hit) -> Vec<String> {
    let chars: Vec<char> = hit.snippet.chars().collect();
    hit.highlights
        .iter()
        .map(|[a, b]| chars[*a..*b].iter().collect())
        .collect()
}
