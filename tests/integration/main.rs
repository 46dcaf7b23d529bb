//! Integration tests: one binary, modules by topic, shared helpers.

mod architecture;
#[cfg(feature = "opensearch")]
mod backend_cluster;
mod cli;
mod cli_ux;
mod concepts;
mod corpus_search;
mod counting;
mod facets;
mod fuzz;
mod input_reliability;
mod library;
mod normalisation;
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
mod server_reliability;
mod word_list;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use oim_search::{Document, Engine, SearchRequest, SearchResults};

/// The repository root (these tests belong to the `crates/cli` package).
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .expect("the repository root")
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

/// A document with only an id, a title and a body.
pub fn doc(id: &str, title: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Document::default()
    }
}

/// An index of `documents` (added through the library, then committed) in
/// a temporary directory.
pub fn engine_with(documents: impl IntoIterator<Item = Document>) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    add_and_commit(&engine, documents);
    (dir, engine)
}

/// Adds `documents` to `engine` and commits them.
pub fn add_and_commit(engine: &Engine, documents: impl IntoIterator<Item = Document>) {
    for document in documents {
        engine.add(document).unwrap();
    }
    engine.commit().unwrap();
}

/// Ids of the hits of `request` on `engine`, in order.
pub fn search_ids(engine: &Engine, request: SearchRequest) -> Vec<String> {
    engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Copies the `.txt` pages of folder `from` into folder `to` (created if
/// needed).
pub fn copy_pages(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
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

/// An index of the pages of `corpus`, built by the binary in a fresh
/// temporary folder: (that folder, the index inside it).
pub fn cli_index(corpus: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(corpus)
        .assert()
        .success();
    (dir, index)
}

/// [`cli_index`] of the five real pages.
pub fn cli_corpus_index() -> (tempfile::TempDir, PathBuf) {
    cli_index(&root().join("corpus"))
}

/// Runs a command that must succeed and parses its stdout as JSON.
pub fn json_stdout<T: serde::de::DeserializeOwned>(cmd: &mut assert_cmd::Command) -> T {
    serde_json::from_slice(&stdout_ok(cmd)).expect("one JSON object")
}

/// stdout and stderr of a run that must end with `code`.
pub fn outputs(cmd: &mut assert_cmd::Command, code: i32) -> (String, String) {
    let out = cmd.assert().code(code).get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// stderr of a run that must end with `code` (stdout left unread).
pub fn stderr_of(cmd: &mut assert_cmd::Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stderr.clone()).unwrap()
}

/// The highlighted words of a hit's snippet.
pub fn highlighted_words(hit: &oim_search::Hit) -> Vec<String> {
    let chars: Vec<char> = hit.snippet.chars().collect();
    hit.highlights
        .iter()
        .map(|[a, b]| chars[*a..*b].iter().collect())
        .collect()
}
