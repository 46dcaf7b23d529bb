//! The command line through a real OpenSearch cluster: `opensearch push`,
//! then `search --backend` (and `OIM_SEARCH_BACKEND`), counted as the
//! embedded index counts. Needs a cluster: tests/opensearch/run.sh starts
//! two nodes, sets OIM_SEARCH_OPENSEARCH_URL and runs these with
//! `--features opensearch -- --ignored`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::fixture;

/// The cluster's address as `--backend` names it, for a fresh index.
fn backend(index: &str) -> String {
    let url = std::env::var("OIM_SEARCH_OPENSEARCH_URL")
        .expect("OIM_SEARCH_OPENSEARCH_URL: run tests/opensearch/run.sh");
    let host = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/');
    format!("opensearch://{host}/{index}-{}", std::process::id())
}

fn oim(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("oim-search").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove("OIM_SEARCH_BACKEND")
        .arg("--index")
        .arg(index);
    cmd
}

/// `search --json` with the counts and figures only (snippets and scores
/// are the backend's own).
fn counted(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keep = ["total", "partial_total", "facets", "aggregates"];
    keep.iter()
        .map(|k| (k.to_string(), answer[*k].clone()))
        .collect()
}

/// The relevance pages in an embedded index (which plans the cluster's
/// queries): (its folder's guard, the index, the pages).
fn embedded_index() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = fixture("relevance");
    oim(&index)
        .args(["--quiet", "index", "--corpus"])
        .arg(&corpus)
        .assert()
        .success();
    (dir, index, corpus)
}

#[test]
#[ignore = "needs an OpenSearch cluster: tests/opensearch/run.sh"]
fn push_then_search_through_the_cluster_as_the_embedded_index_counts() {
    let (_dir, index, corpus) = embedded_index();
    let at = backend("cli");
    let pushed = oim(&index)
        .args(["opensearch", "push", "--json", "--backend", &at, "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        pushed.status.success(),
        "{}",
        String::from_utf8_lossy(&pushed.stderr)
    );
    let report: Value = serde_json::from_slice(&pushed.stdout).unwrap();
    assert!(report["indexed"].as_u64().unwrap() > 10, "{report}");
    // a second push sends nothing: every page's hash is held
    let again = oim(&index)
        .args(["opensearch", "push", "--json", "--backend", &at, "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["indexed"], 0, "{again}");
    assert_eq!(again["unchanged"], report["indexed"], "{again}");

    for query in [
        "diaspora Lesotho",
        "\"gestion des frontières\"",
        "frontiere -russie",
        "migratoin",
    ] {
        let embedded = counted(oim(&index).args(["search", "--json", query]));
        let flag = counted(oim(&index).args(["search", "--json", "--backend", &at, query]));
        let variable = counted(
            oim(&index)
                .env("OIM_SEARCH_BACKEND", &at)
                .args(["search", "--json", query]),
        );
        assert_eq!(flag, embedded, "{query}");
        assert_eq!(variable, embedded, "{query}");
    }
    // the answer says where it ran and what differs
    let out = oim(&index)
        .args(["search", "--backend", &at, "diaspora"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("note: answered by OpenSearch at http://"),
        "{stdout}"
    );
}

#[test]
#[ignore = "needs an OpenSearch cluster: tests/opensearch/run.sh"]
fn a_push_shows_its_progress_on_stderr_and_a_refused_export_says_why() {
    let (_dir, index, corpus) = embedded_index();
    let at = backend("progress");
    let out = oim(&index)
        .args([
            "opensearch",
            "push",
            "--progress-every",
            "0.01",
            "--backend",
            &at,
        ])
        .arg("--corpus")
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("pages pushed to"), "{stdout}");
    // stderr is a pipe here: plain lines, the sending step's among them
    // (the bulk requests and the refresh take far longer than 10 ms)
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("oim-search: pushing: "), "{stderr}");
    // and nothing under --quiet
    let quiet = oim(&index)
        .args(["--quiet", "opensearch", "push", "--progress-every", "0.01"])
        .args(["--backend", &at, "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("pushing"));
    // exports read the embedded index: with --backend they are refused
    let refused = oim(&index)
        .args(["search", "--backend", &at, "--format", "csv", "diaspora"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("exports read the embedded index"),
        "{stderr}"
    );
}
