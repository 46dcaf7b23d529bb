//! The HTTP API and the search page answering through the OpenSearch
//! backend (`ServerConfig::backend`), against the same answers from the
//! embedded engine. Runs after `failover.rs` (test binaries run in name
//! order): the cluster has one node left, which holds every shard.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use oim_search::{Engine, FacetCounts, SearchResults};
use oim_search_server::{router_with, ServerConfig};
use tower::ServiceExt;

use common::{cluster_url, push_fixture};

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Vec<u8>) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, body)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_and_the_page_answer_through_the_cluster() {
    let Some(url) = cluster_url("the_api_and_the_page_answer_through_the_cluster") else {
        return;
    };
    let p = tokio::task::spawn_blocking(move || push_fixture(&url, "relevance", "oim-test-server"))
        .await
        .unwrap();
    let embedded = router_with(
        Arc::new(Engine::open(p.dir.path()).unwrap()),
        &ServerConfig::default(),
    );
    let os = Arc::new(p.os);
    let config = ServerConfig::default().backend(os.clone());
    let cluster = router_with(Arc::new(Engine::open(p.dir.path()).unwrap()), &config);
    for uri in [
        "/api/search?q=diaspora+Lesotho",
        "/api/search?q=migrasion&region=Afrique",
        "/api/search?q=",
    ] {
        let (s1, a) = get(&embedded, uri).await;
        let (s2, b) = get(&cluster, uri).await;
        assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK), "{uri}");
        let a: SearchResults = serde_json::from_slice(&a).unwrap();
        let b: SearchResults = serde_json::from_slice(&b).unwrap();
        assert_eq!(
            (a.total, &a.facets, &a.aggregates),
            (b.total, &b.facets, &b.aggregates),
            "{uri}"
        );
        assert_eq!(
            a.hits.first().map(|h| &h.id),
            b.hits.first().map(|h| &h.id),
            "{uri}"
        );
    }
    let (status, facets) = get(&cluster, "/api/facets").await;
    assert_eq!(status, StatusCode::OK);
    let facets: FacetCounts = serde_json::from_slice(&facets).unwrap();
    assert_eq!(facets, p.engine.facets().unwrap());
    let (status, page) = get(&cluster, "/?q=diaspora+Lesotho").await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("r001_lesotho_diaspora"),
        "the page lists the first hit"
    );
    let (status, _) = get(&cluster, "/api/documents/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
