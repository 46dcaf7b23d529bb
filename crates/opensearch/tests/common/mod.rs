//! Shared by the cluster tests: the cluster from the environment (set by
//! tests/opensearch/run.sh), the fixtures, and a fixture set pushed into
//! its own index beside an embedded index of the same pages.

use std::path::{Path, PathBuf};

use oim_search::{Engine, EngineBuilder};
use oim_search_opensearch::{Cluster, OpenSearch};

/// The cluster's URL, or `None` (and a line saying the test is skipped).
pub fn cluster_url(test: &str) -> Option<String> {
    match std::env::var("OIM_SEARCH_OPENSEARCH_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "SKIPPED {test}: OIM_SEARCH_OPENSEARCH_URL is not set; \
                 tests/opensearch/run.sh starts a cluster and sets it"
            );
            None
        }
    }
}

/// A fixture folder of the core's tests.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A fixture set in an embedded index and in a fresh cluster index.
pub struct Pushed {
    /// Keeps the embedded index's folder alive.
    #[allow(dead_code)]
    pub dir: tempfile::TempDir,
    /// The embedded index (not every test binary compares with it).
    #[allow(dead_code)]
    pub engine: Engine,
    /// The same pages on the cluster, planned by another handle on the
    /// embedded index.
    pub os: OpenSearch,
}

/// Builds both sides for a fixture folder; the cluster index is deleted
/// first, so each run starts from nothing.
pub fn push_fixture(url: &str, folder: &str, index: &str) -> Pushed {
    let corpus = fixture(folder);
    let dir = tempfile::tempdir().unwrap();
    let engine = EngineBuilder::new(dir.path())
        .memory_mb(64)
        .create()
        .unwrap();
    engine.index_corpus(&corpus).unwrap();
    let cluster = Cluster::new(url).unwrap();
    if cluster.exists(&format!("/{index}")).unwrap() {
        cluster.call("DELETE", &format!("/{index}"), None).unwrap();
    }
    let os = OpenSearch::new(url, index, Engine::open(dir.path()).unwrap()).unwrap();
    let report = os.push(&corpus, Default::default()).unwrap();
    assert!(report.created_index);
    assert!(report.refused.is_empty(), "refused: {:?}", report.refused);
    assert_eq!(
        report.indexed as u64,
        engine.num_docs(),
        "every page pushed"
    );
    Pushed { dir, engine, os }
}
