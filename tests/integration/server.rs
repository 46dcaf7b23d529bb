//! The HTTP API and the search page, called in-process through the router
//! (no socket): status codes, JSON read back into the library's types,
//! filters, bounds, errors, and HTML escaping of the XSS fixture.
#![cfg(feature = "server")]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use oim_search::{Document, Engine, Facet, FacetCounts, SearchRequest, SearchResults};
use tower::ServiceExt;

use crate::{fixture, ids, root, TempIndex};

const LESOTHO: &str = "003_30687b3d87caff90";
const XSS: &str = "900_xss_script_title";
const ASIA: &str = "Asie%20et%20Oc%C3%A9anie";

/// The five corpus pages plus the XSS page, indexed once.
fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<(tempfile::TempDir, Arc<Engine>)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let pages = tempfile::tempdir().unwrap();
        for folder in [root().join("corpus"), fixture("xss")] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    std::fs::copy(&path, pages.path().join(path.file_name().unwrap())).unwrap();
                }
            }
        }
        let TempIndex { dir, engine } = TempIndex::build(pages.path());
        (dir, Arc::new(engine))
    });
    Arc::clone(engine)
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not the expected JSON ({e}): {}", self.body))
    }

    fn error(&self) -> String {
        let v: serde_json::Value = self.json();
        v["error"].as_str().expect("an error message").to_string()
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }
}

async fn send(request: Request<Body>) -> Answer {
    let response = oim_search::server::router(engine())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(uri: &str) -> Answer {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn search(query: &str) -> SearchResults {
    let answer = get(&format!("/api/search?{query}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.body);
    answer.json()
}

#[tokio::test]
async fn health_says_how_many_documents() {
    let answer = get("/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    let v: serde_json::Value = answer.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["documents"], 6);
}

#[tokio::test]
async fn search_returns_the_library_results_unchanged() {
    let answer = get("/api/search?q=diaspora+Lesotho").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer
        .header(header::CONTENT_TYPE)
        .starts_with("application/json"));
    let mut api: SearchResults = answer.json();
    let mut library = engine()
        .search(&SearchRequest::new("diaspora Lesotho"))
        .unwrap();
    (api.took_ms, library.took_ms) = (0.0, 0.0);
    assert_eq!(api, library);
    assert_eq!(ids(&api)[0], LESOTHO);
    // highlights are character offsets into the snippet
    let hit = &api.hits[0];
    let words: Vec<String> = hit
        .highlights
        .iter()
        .map(|[s, e]| hit.snippet.chars().skip(*s).take(e - s).collect())
        .collect();
    assert!(words.iter().any(|w| w == "diaspora"), "{words:?}");
}

#[tokio::test]
async fn repeated_parameters_are_alternatives() {
    let africa = search("region=Afrique").await;
    assert_eq!(ids(&africa), [LESOTHO]);
    let asia = search(&format!("region={ASIA}")).await;
    assert_eq!(asia.total, 5);
    let both = search(&format!("region=Afrique&region={ASIA}")).await;
    assert_eq!(both.total, 6);
    // facets combine with AND
    let news_in_asia = search(&format!("region={ASIA}&kind=news")).await;
    assert_eq!(news_in_asia.total, 2);
    assert!(news_in_asia.hits.iter().all(|h| h.kind.as_str() == "news"));
}

#[tokio::test]
async fn counts_are_disjunctive() {
    let all = search("q=migrations").await;
    let asia = search(&format!("q=migrations&region={ASIA}")).await;
    assert!(asia.total < all.total);
    assert_eq!(
        asia.total as u64,
        asia.facets[Facet::Region]["Asie et Océanie"]
    );
    // the region's own counts ignore the region filter, other facets do not
    assert_eq!(asia.facets[Facet::Region], all.facets[Facet::Region]);
    assert_ne!(asia.facets[Facet::Kind], all.facets[Facet::Kind]);
}

#[tokio::test]
async fn sorting_and_paging_parameters() {
    let by_budget = search("sort=budget&order=asc&limit=3").await;
    let budgets: Vec<f64> = by_budget
        .hits
        .iter()
        .filter_map(|h| h.metadata.budget_usd)
        .collect();
    assert!(budgets.windows(2).all(|w| w[0] <= w[1]), "{budgets:?}");
    assert_eq!(by_budget.hits.len(), 3);
    let second = search("sort=budget&order=asc&limit=3&offset=3").await;
    assert_eq!(second.offset, 3);
    assert!(ids(&second).iter().all(|id| !ids(&by_budget).contains(id)));
    let strict = search("q=diaspra&typo=false").await;
    assert_eq!(strict.total, 0);
    let tolerant = search("q=diaspra").await;
    assert_eq!(ids(&tolerant), [LESOTHO]);
    assert_eq!(tolerant.corrections[0].corrected, ["diaspora"]);
}

#[tokio::test]
async fn unknown_region_is_a_400_listing_valid_values() {
    let answer = get("/api/search?q=diaspora&region=Europe").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error();
    assert!(
        error.contains("unknown region `Europe`") && error.contains("Afrique, Asie et Océanie"),
        "{error}"
    );
}

#[tokio::test]
async fn bad_parameters_are_400s() {
    for query in [
        "limit=101",
        "limit=-1",
        "offset=abc",
        "sort=size",
        "order=up",
        "budget_min=beaucoup",
        "typo=maybe",
        "colour=red",
        "snippet_chars=100000",
    ] {
        let answer = get(&format!("/api/search?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(!answer.error().is_empty());
    }
    assert_eq!(search("limit=100").await.limit, 100);
    let error = get("/api/search?limit=101").await.error();
    assert!(error.contains("at most 100"), "{error}");
}

#[tokio::test]
async fn query_length_and_request_size_are_bounded() {
    let longest = "a".repeat(oim_search::server::MAX_QUERY_CHARS);
    assert_eq!(
        get(&format!("/api/search?q={longest}")).await.status,
        StatusCode::OK
    );
    let too_long = get(&format!("/api/search?q={longest}a")).await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    assert!(too_long.error().contains("at most 1000 characters"));
    let huge = get(&format!("/api/search?region={}", "x".repeat(10_000))).await;
    assert_eq!(huge.status, StatusCode::URI_TOO_LONG);
    let many = (0..150).map(|_| "kind=news").collect::<Vec<_>>().join("&");
    assert_eq!(
        get(&format!("/api/search?{many}")).await.status,
        StatusCode::BAD_REQUEST
    );
    let big_body = Request::get("/api/search?q=x")
        .header(header::CONTENT_LENGTH, 1_000_000)
        .body(Body::from(vec![b'x'; 1_000_000]))
        .unwrap();
    let answer = send(big_body).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        answer.error().contains("request body over"),
        "errors under /api/ are JSON"
    );
    let post = send(
        Request::post("/api/search?q=x")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(!post.error().is_empty());
}

#[tokio::test]
async fn documents_by_id() {
    let answer = get(&format!("/api/documents/{LESOTHO}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc: Document = answer.json();
    assert_eq!(doc, engine().get(LESOTHO).unwrap().unwrap());
    assert_eq!(doc.countries, ["Lesotho"]);

    let missing = get("/api/documents/no_such_page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.error().contains("no_such_page"));
    let unknown_route = get("/api/nothing").await;
    assert_eq!(unknown_route.status, StatusCode::NOT_FOUND);
    assert!(!unknown_route.error().is_empty());
}

#[tokio::test]
async fn facets_of_the_whole_index() {
    let answer = get("/api/facets").await;
    assert_eq!(answer.status, StatusCode::OK);
    let facets: FacetCounts = answer.json();
    assert_eq!(facets, engine().facets().unwrap());
    assert_eq!(facets[Facet::Region]["Asie et Océanie"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_all_succeed() {
    let queries = ["diaspora", "migrations", "Kirghizistan", "traite", ""];
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let q = queries[i % queries.len()];
            tokio::spawn(async move { get(&format!("/api/search?q={q}")).await.status })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
}

#[tokio::test]
async fn pages_send_security_headers() {
    for uri in [
        "/",
        "/?q=diaspora",
        &format!("/documents/{LESOTHO}"),
        "/nowhere",
    ] {
        let answer = get(uri).await;
        let csp = answer.header(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(answer.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(answer
            .header(header::CONTENT_TYPE)
            .starts_with("text/html; charset=utf-8"));
    }
    for (uri, kind) in [
        ("/assets/style.css", "text/css"),
        ("/assets/search.js", "text/javascript"),
    ] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.header(header::CONTENT_TYPE).starts_with(kind));
    }
}

/// True when every tag of the page is one the templates write, none has
/// an event handler, and the only script is the page's own static file:
/// then no tag or attribute came from document text (escaped text holds no
/// `<`, so every `<` opens a real tag).
fn runs_nothing_but_its_script(html: &str) -> bool {
    const TEMPLATE_TAGS: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
        "body",
        "a",
        "header",
        "p",
        "span",
        "form",
        "div",
        "label",
        "input",
        "button",
        "code",
        "aside",
        "details",
        "summary",
        "h1",
        "h2",
        "fieldset",
        "legend",
        "ul",
        "li",
        "main",
        "ol",
        "mark",
        "nav",
        "q",
        "strong",
        "article",
        "dl",
        "dt",
        "dd",
        "footer",
        "select",
        "option",
        // the reporting block: summary, inline SVG chart, its data table
        "section",
        "figure",
        "figcaption",
        "svg",
        "line",
        "text",
        "rect",
        "polyline",
        "circle",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];
    let tags: Vec<&str> = html
        .split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(""))
        .collect();
    tags.iter().all(|tag| {
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let handler = tag
            .split_whitespace()
            .skip(1)
            .any(|attr| attr.to_ascii_lowercase().starts_with("on"));
        TEMPLATE_TAGS.contains(&name.as_str()) && !handler && !tag.contains("javascript:")
    }) && html.matches("<script").count() == 1
        && html.contains(r#"<script src="/assets/search.js" defer></script>"#)
}

#[tokio::test]
async fn document_text_is_escaped_on_the_results_page() {
    let answer = get("/?q=alert").await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = &answer.body;
    assert!(html.contains(XSS), "the XSS page is found");
    assert!(html.contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;"));
    assert!(runs_nothing_but_its_script(html), "{html}");
}

#[tokio::test]
async fn document_text_is_escaped_on_the_document_page() {
    let answer = get(&format!("/documents/{XSS}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = &answer.body;
    assert!(html.contains("<h1>Page piège &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("XS.0001 &quot;&gt;&lt;img src=x onerror=alert(3)&gt;"));
    assert!(runs_nothing_but_its_script(html), "{html}");
}

#[tokio::test]
async fn search_page_shows_hits_with_highlights_and_facets() {
    let answer = get("/?q=diaspora+Lesotho").await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = &answer.body;
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(html.contains(r#"<label for="q">"#));
    assert!(html.contains(r#"value="diaspora Lesotho""#));
    assert!(html.contains("1 résultat pour « diaspora Lesotho »"));
    let first_hit = html.find("<li class=\"hit\">").expect("a hit");
    let hit = &html[first_hit..];
    assert!(hit.contains(&format!("href=\"/documents/{LESOTHO}?retour=")));
    assert!(hit.contains("<mark>diaspora</mark>"));
    assert!(hit.contains("Afrique · Développement communautaire et économique"));
    assert!(html.contains("<legend>Région</legend>"));
    assert!(html.contains(r#"name="region" value="Afrique" data-submit"#));
}

#[tokio::test]
async fn ticked_facets_stay_ticked_and_can_be_removed() {
    let html = get(&format!("/?q=migrations&region={ASIA}")).await.body;
    assert!(html.contains(r#"name="region" value="Asie et Océanie" checked data-submit"#));
    assert!(html.contains(r#"name="region" value="Afrique" data-submit"#));
    assert!(html.contains("Région : Asie et Océanie"));
    assert!(html.contains(
        r#"href="/?q=migrations" aria-label="Retirer le filtre Région : Asie et Océanie""#
    ));
}

#[tokio::test]
async fn no_results_page_shows_corrections_and_notes() {
    // a word no page has is left out, said so, with a link to require it
    let html = get("/?q=diaspra+zzzqqq").await.body;
    assert!(html.contains("Orthographe corrigée : <q>diaspra</q> → <strong>diaspora</strong>"));
    assert!(html.contains("Aucun document ne contient « zzzqqq » : la recherche s’est faite sans."));
    assert!(
        html.contains(r#"<a href="/?q=diaspra+zzzqqq&amp;match=all">Exiger tous les mots</a>"#),
        "{html}"
    );
    let html = get("/?q=diaspra+zzzqqq&match=all").await.body;
    assert!(html.contains("Aucun résultat pour « diaspra zzzqqq »"));
    assert!(html.contains("Aucun document ne contient : zzzqqq"));
}

#[tokio::test]
async fn page_errors_are_french_pages() {
    let bad = get("/?q=x&region=Europe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Recherche impossible"));
    assert!(bad.body.contains("unknown region `Europe`"));
    let missing = get("/documents/no_such_page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Document introuvable"));
    let nowhere = get("/nowhere").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(nowhere.body.contains("Page introuvable"));
}

#[tokio::test]
async fn document_page_links_back_to_the_results() {
    let html = get(&format!(
        "/documents/{LESOTHO}?retour=q%3Ddiaspora%26region%3DAfrique"
    ))
    .await
    .body;
    assert!(
        html.contains(r#"<a href="/?q=diaspora&amp;region=Afrique">← Retour aux résultats</a>"#)
    );
    assert!(html.contains("<dt>Pays bénéficiaires</dt>"));
    assert!(html.contains("<dt>Budget</dt><dd>200\u{202f}000 USD"));
    // a forged way back is rebuilt from known parameters only
    let forged = get(&format!(
        "/documents/{LESOTHO}?retour=%22%3E%3Cscript%3E%3D1%26q%3Dx"
    ))
    .await
    .body;
    assert!(forged.contains(r#"<a href="/?q=x">← Retour aux résultats</a>"#));
}

#[tokio::test]
async fn api_and_page_take_the_match_mode_and_name_dropped_words() {
    let auto = search("q=diaspora+zzzqqq").await;
    assert_eq!(auto.dropped, ["zzzqqq"]);
    assert!(auto.total > 0);
    let all = search("q=diaspora+zzzqqq&match=all").await;
    assert_eq!(all.total, 0);
    assert_eq!(all.match_mode, oim_search::MatchMode::All);
    let bad = get("/api/search?q=diaspora&match=chacun").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("match"), "{}", bad.body);
    let html = get("/?q=diaspora&match=all").await.body;
    assert!(
        html.contains(r#"<option value="all" selected>Tous exigés</option>"#),
        "{html}"
    );
}
