//! One node of the two stopped in the middle of a query run: the index has
//! a replica of each shard on each node, so queries keep answering from the
//! node left. The test says how many queries failed while the cluster
//! noticed, and requires every query after that to answer as before. It
//! runs after `cluster.rs` (test binaries run in name order): the cluster
//! has one node left afterwards.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use oim_search::eval::read_judgements;
use oim_search::{SearchBackend, SearchRequest};

use common::{cluster_url, fixture, push_fixture};

/// Queries answered after the stop was asked for, at most.
const AFTER_STOP: usize = 400;
/// Queries that must all answer, once the node is known to be gone.
const AFTER_RECOVERY: usize = 60;
/// The whole run stops by itself after this long.
const TIME_LIMIT: Duration = Duration::from_secs(120);

#[test]
fn queries_keep_answering_when_one_node_stops() {
    let Some(url) = cluster_url("queries_keep_answering_when_one_node_stops") else {
        return;
    };
    let Some(control) = std::env::var_os("OIM_SEARCH_OPENSEARCH_CONTROL").map(PathBuf::from) else {
        eprintln!("SKIPPED queries_keep_answering_when_one_node_stops: OIM_SEARCH_OPENSEARCH_CONTROL is not set (tests/opensearch/run.sh sets it)");
        return;
    };
    let p = push_fixture(&url, "relevance", "oim-test-failover");
    let text = std::fs::read_to_string(fixture("relevance").join("queries.jsonl")).unwrap();
    let queries: Vec<SearchRequest> = read_judgements(&text)
        .unwrap()
        .into_iter()
        .map(|j| {
            let mut r = SearchRequest::new(j.q).limit(10);
            r.filters = j.filters;
            r
        })
        .collect();
    // the answers before anything stops: totals and first hits
    let expected: Vec<(usize, Vec<String>)> = queries
        .iter()
        .map(|r| summary(&p.os.search(r).unwrap()))
        .collect();
    let started = Instant::now();
    std::fs::write(control.join("stop-node"), "").unwrap();
    let run = run_while_stopping(&p.os, &queries, &expected, &control, started);
    let (failed, wrong, asked, since_gone) = (run.failed, run.wrong, run.asked, run.gone_at);
    let gone_at = since_gone.expect("the launcher never said it stopped a node");
    eprintln!(
        "one node stopped: {failed} of {asked} queries failed and {wrong} answered otherwise \
         while the cluster recovered (node gone after query {gone_at}, {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    // once the node is gone, every query answers, and answers as before
    let mut after = 0;
    for (i, request) in queries.iter().enumerate().cycle().take(AFTER_RECOVERY) {
        let results =
            p.os.search(request)
                .unwrap_or_else(|e| panic!("after recovery: {e}"));
        assert_eq!(
            summary(&results),
            expected[i],
            "{:?} after recovery",
            request.query
        );
        after += 1;
    }
    assert_eq!(after, AFTER_RECOVERY);
    assert_eq!(
        wrong, 0,
        "no query may answer otherwise: a failure must be an error"
    );
    let health =
        p.os.cluster()
            .call("GET", "/_cluster/health?timeout=1s", None);
    eprintln!(
        "cluster after the stop: {:?}",
        health.map(|h| (h["number_of_nodes"].clone(), h["status"].clone()))
    );
}

/// What happened to the queries asked while the node stopped.
struct Recovery {
    failed: usize,
    wrong: usize,
    asked: usize,
    /// How many queries had been asked when the launcher said the node was gone.
    gone_at: Option<usize>,
}

/// Asks the queries in turn from the moment the stop is asked for, until
/// [`AFTER_RECOVERY`] queries have been asked after the node is gone (or
/// the time limit).
fn run_while_stopping(
    os: &oim_search_opensearch::OpenSearch,
    queries: &[SearchRequest],
    expected: &[(usize, Vec<String>)],
    control: &std::path::Path,
    started: Instant,
) -> Recovery {
    let mut r = Recovery {
        failed: 0,
        wrong: 0,
        asked: 0,
        gone_at: None,
    };
    for (i, request) in queries
        .iter()
        .enumerate()
        .cycle()
        .take(AFTER_STOP + AFTER_RECOVERY)
    {
        if started.elapsed() > TIME_LIMIT {
            break;
        }
        if r.gone_at.is_none() && control.join("node-stopped").exists() {
            r.gone_at = Some(r.asked);
        }
        r.asked += 1;
        match os.search(request) {
            Ok(results) if summary(&results) == expected[i] => {}
            Ok(_) => r.wrong += 1,
            Err(e) => {
                r.failed += 1;
                if r.failed <= 3 {
                    eprintln!("  failed during recovery: {e}");
                }
            }
        }
        if r.gone_at
            .is_some_and(|gone| r.asked - gone >= AFTER_RECOVERY)
        {
            break;
        }
    }
    r
}

fn summary(results: &oim_search::SearchResults) -> (usize, Vec<String>) {
    (
        results.total,
        results.hits.iter().map(|h| h.id.clone()).collect(),
    )
}
