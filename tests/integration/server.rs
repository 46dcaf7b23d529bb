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

use crate::{copy_pages, fixture, ids, oim, root, TempIndex};

const LESOTHO: &str = "003_30687b3d87caff90";
const XSS: &str = "900_xss_script_title";
const ASIA: &str = "Asie%20et%20Oc%C3%A9anie";

/// The five corpus pages plus the XSS page, indexed once.
fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<(tempfile::TempDir, Arc<Engine>)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let pages = tempfile::tempdir().unwrap();
        for folder in [root().join("corpus"), fixture("xss")] {
            copy_pages(&folder, pages.path());
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
    send_to(oim_search_server::router(engine()), request).await
}

async fn send_to(app: axum::Router, request: Request<Body>) -> Answer {
    let response = app.oneshot(request).await.unwrap();
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
    let longest = "a".repeat(oim_search_server::MAX_QUERY_CHARS);
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
        "/api/search?q=diaspora&render=html",
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
        "caption",
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
    // non-breaking spaces inside the guillemets
    assert!(html.contains("1 résultat pour «\u{a0}diaspora Lesotho\u{a0}»"));
    let first_hit = html.find("<li class=\"hit\">").expect("a hit");
    let hit = &html[first_hit..];
    // the document link carries the words, to mark them there
    assert!(hit.contains(&format!(
        "href=\"/documents/{LESOTHO}?q=diaspora+Lesotho&amp;retour=q%3Ddiaspora%2BLesotho\""
    )));
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
    assert!(html.contains("Région\u{a0}: Asie et Océanie"));
    assert!(html.contains(
        r#"href="/?q=migrations" aria-label="Retirer le filtre Région : Asie et Océanie""#
    ));
}

#[tokio::test]
async fn no_results_page_shows_corrections_and_notes() {
    // a word no page has is left out, said so, with a link to require it
    let html = get("/?q=diaspra+zzzqqq").await.body;
    assert!(html.contains("Orthographe corrigée\u{a0}: <q>diaspra</q> → <strong>diaspora</strong>"));
    assert!(html.contains(
        "Aucun document ne contient «\u{a0}zzzqqq\u{a0}»\u{a0}: la recherche s’est faite sans."
    ));
    assert!(
        html.contains(r#"<a href="/?q=diaspra+zzzqqq&amp;match=all">Exiger tous les mots</a>"#),
        "{html}"
    );
    let html = get("/?q=diaspra+zzzqqq&match=all").await.body;
    assert!(html.contains("Aucun résultat pour «\u{a0}diaspra zzzqqq\u{a0}»"));
    assert!(html.contains("Aucun document ne contient\u{a0}: zzzqqq"));
    // a French list: `;` between the ideas, `.` after the last
    let html = get("/?q=zzzqqq").await.body;
    assert!(
        html.contains("<li>essayer des mots plus généraux, ou moins de mots.</li></ul>"),
        "{html}"
    );
    let filtered = get("/?q=zzzqqq&match=all&kind=news").await.body;
    assert!(filtered.contains("<li>essayer des mots plus généraux, ou moins de mots\u{202f};</li>"));
    assert!(filtered.contains(">retirer tous les filtres</a>.</li></ul>"));
}

#[tokio::test]
async fn an_unknown_filter_value_is_dropped_with_a_french_notice_and_a_suggestion() {
    let page = get("/?q=diaspora&region=Afriqe").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.body;
    assert!(
        html.contains(
            "Filtre retiré\u{a0}: Région «\u{a0}Afriqe\u{a0}» ne correspond à aucune valeur de l’index. Vouliez-vous dire <a href=\"/?q=diaspora&amp;region=Afrique\">Afrique</a>\u{a0}?"
        ),
        "{html}"
    );
    assert!(!html.contains('`'), "no English backticks: {html}");
    // the results are those of the search without the bad filter
    assert!(
        html.contains("1 résultat pour «\u{a0}diaspora\u{a0}»"),
        "{html}"
    );
    assert!(html.contains(LESOTHO));
    assert!(
        !html.contains(r#"value="Afriqe""#),
        "the dropped value is not carried"
    );
    // with no close value, no suggestion; a typed one is dropped the same way
    let typed = get("/?q=migrations+region%3AAtlantide").await;
    assert_eq!(typed.status, StatusCode::OK);
    assert!(typed
        .body
        .contains("Filtre retiré\u{a0}: Région «\u{a0}Atlantide\u{a0}»"));
    assert!(!typed.body.contains("Vouliez-vous dire"));
    assert!(typed
        .body
        .contains("6 résultats pour «\u{a0}migrations\u{a0}»"));
    // the API still refuses the request
    let api = get("/api/search?q=diaspora&region=Afriqe").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(
        api.error().contains("did you mean `Afrique`?"),
        "{}",
        api.error()
    );
}

#[tokio::test]
async fn malformed_page_parameters_are_dropped_in_french() {
    let html = get("/?q=diaspora&budget_min=beaucoup&sort=taille")
        .await
        .body;
    assert!(html.contains(
        "Paramètre ignoré\u{a0}: Budget minimal «\u{a0}beaucoup\u{a0}» n’est pas un nombre."
    ));
    assert!(
        html.contains("Paramètre ignoré\u{a0}: Tri «\u{a0}taille\u{a0}» n’est pas un tri connu")
    );
    assert!(html.contains("1 résultat pour"));
}

#[tokio::test]
async fn page_errors_are_french_pages() {
    let long = format!("/?q={}", "a".repeat(oim_search_server::MAX_QUERY_CHARS + 1));
    let bad = get(&long).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Recherche impossible"));
    assert!(bad
        .body
        .contains("La recherche dépasse 1000 caractères\u{a0}: raccourcissez-la."));
    assert!(!bad.body.contains("give at most"));
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
    assert!(!html.contains("<mark>"), "no words, no marks");
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
        html.contains(r#"<option value="all" selected>Tous les mots, strictement</option>"#),
        "{html}"
    );
}

#[tokio::test]
async fn filters_typed_in_the_query_show_as_ticked_boxes_and_chips() {
    let typed = get("/?q=migrations+r%C3%A9gion%3Aafrique").await.body;
    let clicked = get("/?q=migrations&region=Afrique").await.body;
    // the words stay in the box, the filter moves to its box and chip
    assert!(
        typed.contains(r#"id="q" name="q" value="migrations""#),
        "{typed}"
    );
    assert!(typed.contains(r#"name="region" value="Afrique" checked data-submit"#));
    assert!(
        typed.contains(r#"href="/?q=migrations" aria-label="Retirer le filtre Région : Afrique""#)
    );
    assert!(typed.contains("1 résultat pour «\u{a0}migrations\u{a0}»"));
    for html in [&typed, &clicked] {
        assert!(
            html.contains(
                r#"<a href="/api/export?q=migrations&amp;region=Afrique&amp;format=xlsx""#
            ),
            "{html}"
        );
    }
    // aliases the engine accepts tick the index's own value
    let aliases = get("/?q=migrations+pays%3AKyrgyzstan+kind%3Aprojet")
        .await
        .body;
    assert!(aliases.contains(r#"name="country" value="Kirghizistan" checked data-submit"#));
    assert!(aliases.contains(r#"name="kind" value="project" checked data-submit"#));
    assert!(!aliases.contains(r#"value="Kyrgyzstan""#), "{aliases}");
    assert!(aliases.contains("Retirer le filtre Pays\u{a0}: Kirghizistan"));
    // a quoted value and a range typed in the query
    let html = get("/?q=migrations+region%3A%22Asie+et+Oc%C3%A9anie%22+budget_min%3A100000")
        .await
        .body;
    assert!(html.contains(r#"name="region" value="Asie et Océanie" checked data-submit"#));
    // the range typed in the query moves to its box
    assert!(
        html.contains(r#"id="budget_min" name="budget_min" value="100000""#),
        "{html}"
    );
    assert!(html.contains("Budget ≥ 100\u{202f}000\u{a0}USD"));
}

#[tokio::test]
async fn sort_menus_submit_with_a_button_and_order_hides_under_relevance() {
    let html = get("/?q=diaspora").await.body;
    assert!(html.contains(r#"<select id="sort" name="sort" data-pointer-submit>"#));
    assert!(
        !html.contains(r#"<select id="order""#),
        "no order for relevance"
    );
    assert!(!html.contains(r#"name="sort" data-submit"#));
    // the button shows with and without the script
    assert!(html.contains(r#"<button type="submit" class="secondary">Trier</button>"#));
    let by_budget = get("/?q=diaspora&sort=budget").await.body;
    assert!(by_budget.contains(r#"<select id="order" name="order" data-pointer-submit>"#));
    // browsing sorts by year: the order applies
    let browsing = get("/?kind=news").await.body;
    assert!(browsing.contains("Plus récents d’abord"));
}

#[tokio::test]
async fn only_the_empty_page_focuses_the_search_box() {
    let empty = get("/").await.body;
    assert!(empty.contains(r#"aria-describedby="q-aide" autofocus>"#));
    for uri in ["/?q=diaspora", "/?kind=news"] {
        assert!(!get(uri).await.body.contains("autofocus"), "{uri}");
    }
}

#[tokio::test]
async fn the_document_page_marks_the_words_searched_for() {
    let html = get(&format!(
        "/documents/{LESOTHO}?q=diaspora&retour=q%3Ddiaspora"
    ))
    .await
    .body;
    let text = &html[html.find("<div class=\"text\">").expect("the full text")..];
    let marks = text.matches("<mark>").count();
    assert!(
        marks >= 2,
        "every occurrence in the full text, not one snippet: {marks}"
    );
    assert!(text.to_lowercase().contains("<mark>diaspora</mark>"));
    assert!(runs_nothing_but_its_script(&html));
}

/// Every `href`, `src` and `action` value of a page.
fn urls(html: &str) -> Vec<&str> {
    ["href=\"", "src=\"", "action=\""]
        .iter()
        .flat_map(|attr| html.split(attr).skip(1))
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn every_link_starts_with_the_base_path() {
    let config = oim_search_server::ServerConfig::default()
        .base_path("/recherche")
        .unwrap();
    let app = || oim_search_server::router_with(engine(), &config);
    let fetch = |uri: String| {
        let app = app();
        async move { send_to(app, Request::get(&uri).body(Body::empty()).unwrap()).await }
    };
    let pages = [
        "/recherche/?q=migrations".to_string(),
        "/recherche/?q=diaspora&region=Afriqe".to_string(),
        "/recherche/?q=zzzqqq&match=all&kind=news".to_string(),
        "/recherche".to_string(),
        format!("/recherche/documents/{LESOTHO}?q=diaspora&retour=q%3Ddiaspora"),
        "/recherche/nowhere".to_string(),
    ];
    for uri in pages {
        let answer = fetch(uri.clone()).await;
        assert!(
            answer.status == StatusCode::OK || uri.ends_with("nowhere"),
            "{uri}"
        );
        let links = urls(&answer.body);
        assert!(links.len() > 3, "{uri}: {links:?}");
        for link in links {
            assert!(
                link.starts_with("/recherche/") || link.starts_with('#'),
                "{uri}: {link}"
            );
        }
    }
    for uri in [
        "/recherche/api/search?q=diaspora",
        "/recherche/assets/style.css",
        "/recherche/assets/search.js",
        "/recherche/health",
    ] {
        assert_eq!(fetch(uri.to_string()).await.status, StatusCode::OK, "{uri}");
    }
    // nothing is served outside the base; errors under its API are JSON
    assert_eq!(
        fetch("/api/search?q=x".into()).await.status,
        StatusCode::NOT_FOUND
    );
    let missing = fetch("/recherche/api/nothing".into()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!missing.error().is_empty());
}

#[tokio::test]
async fn cors_is_off_by_default_and_opt_in() {
    use oim_search_server::{router_with, ServerConfig};
    let allow = header::ACCESS_CONTROL_ALLOW_ORIGIN;
    let plain = get("/api/search?q=diaspora").await;
    assert!(plain.headers.get(&allow).is_none());

    let any = ServerConfig::default().cors("*").unwrap();
    let call = |config: &ServerConfig, uri: &str| {
        send_to(
            router_with(engine(), config),
            Request::get(uri).body(Body::empty()).unwrap(),
        )
    };
    let ok = call(&any, "/api/search?q=diaspora").await;
    assert_eq!(ok.header(allow.clone()), "*");
    // refused requests too, so the calling page can read the error
    let refused = call(&any, "/api/search?limit=500").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.header(allow.clone()), "*");
    // the page is not part of the API
    assert!(call(&any, "/?q=diaspora")
        .await
        .headers
        .get(&allow)
        .is_none());

    let one = ServerConfig::default()
        .base_path("/r")
        .unwrap()
        .cors("https://example.org")
        .unwrap();
    let answer = call(&one, "/r/api/facets").await;
    assert_eq!(answer.header(allow.clone()), "https://example.org");
    assert_eq!(answer.header(header::VARY), "origin");
    assert!(
        ok.headers.get(header::VARY).is_none(),
        "any origin: no Vary"
    );
    // an unknown API path is refused with the header too
    let missing = call(&one, "/r/api/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header(allow.clone()), "https://example.org");
    // a browser's preflight is answered for GET
    let preflight = send_to(
        router_with(engine(), &one),
        Request::options("/r/api/search")
            .header(header::ORIGIN, "https://example.org")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(preflight.header(allow.clone()), "https://example.org");
    assert_eq!(
        preflight.header(header::ACCESS_CONTROL_ALLOW_METHODS),
        "GET"
    );
}

#[test]
fn serve_reads_friendly_addresses_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    for (args, message) in [
        (
            &["serve", "--addr", "nowhere:80"][..],
            "invalid address `nowhere:80`: give IP:PORT (127.0.0.1:7700), localhost:PORT or a bare PORT",
        ),
        (&["serve", "--addr", "99999"][..], "invalid address `99999`"),
        (&["serve", "--base-path", "recherche"][..], "invalid base path `recherche`"),
        (&["serve", "--cors", "example.org"][..], "invalid CORS origin `example.org`"),
    ] {
        let out = oim(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn long_facets_get_a_list_filter_that_needs_the_script() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    let countries = [
        "Albanie",
        "Bénin",
        "Cambodge",
        "Djibouti",
        "Équateur",
        "Fidji",
        "Gabon",
        "Haïti",
        "Inde",
        "Jordanie",
        "Kenya",
        "Laos",
        "Mali",
        "Népal",
        "Oman",
        "Pérou",
        "Qatar",
    ];
    for (i, country) in countries.iter().enumerate() {
        engine
            .add(Document {
                id: format!("d{i}"),
                title: format!("Projet {country}"),
                body: "Migration et développement.".into(),
                countries: vec![country.to_string()],
                region: Some("Afrique".into()),
                ..Default::default()
            })
            .unwrap();
    }
    engine.commit().unwrap();
    let app = oim_search_server::router(Arc::new(engine));
    let html = send_to(
        app,
        Request::get("/?q=migration").body(Body::empty()).unwrap(),
    )
    .await
    .body;
    let country = &html[html
        .find(r#"id="facette-country""#)
        .expect("the country facet")..];
    let country = &country[..country.find("</fieldset>").unwrap()];
    // hidden until the script shows it; every value is in the list without it
    assert!(country.contains(
        r#"<p class="facet-filter" hidden><label for="filtre-country">Filtrer la liste</label>"#
    ));
    assert!(country.contains(r#"data-facet-filter="facette-country""#));
    assert_eq!(
        country.matches(r#"type="checkbox""#).count(),
        countries.len()
    );
    // short facets have none
    let region = &html[html.find(r#"id="facette-region""#).unwrap()..];
    let region = &region[..region.find("</fieldset>").unwrap()];
    assert!(!region.contains("facet-filter"));
}

#[tokio::test]
async fn issue24_the_api_counts_the_matches_and_the_partial_pages_apart() {
    let r = search("q=migrants+tadjiks").await;
    assert_eq!((r.total, r.partial_total), (2, 4), "{:?}", ids(&r));
    assert_eq!(r.counted, oim_search::Counted::All);
    let any = search("q=migrants+tadjiks&match=any").await;
    assert_eq!((any.total, any.partial_total), (6, 0));
}

#[tokio::test]
async fn issue24_the_page_says_what_its_numbers_cover() {
    let answer = get("/?q=migrants+tadjiks").await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = &answer.body;
    assert!(body.contains("<h1 id=\"titre\">2 résultats pour"), "{body}");
    assert!(
        body.contains("Ces 2 résultats contiennent tous les mots. 4 autres pages n’en contiennent qu’une partie"),
        "{body}"
    );
    assert!(
        body.contains("id=\"partielles\""),
        "the partial pages follow under their own heading"
    );
    assert!(
        body.contains("Chiffres, graphique et téléchargements\u{a0}: les 2 résultats qui contiennent tous les mots, sans les pages partielles."),
        "{body}"
    );
    assert!(body.contains("<label for=\"match\">Pages comptées</label>"));
    // the partial pages are not numbered with the results
    assert_eq!(body.matches("<ol class=\"hits\"").count(), 1);
}

/// Issue 25, item 9: a page number whose offset overflows (it panicked in
/// debug builds and answered 400 in release) is read as the first page.
#[tokio::test]
async fn issue25_a_page_number_past_any_offset_shows_the_first_page() {
    let answer = get("/?q=migration&page=1844674407370955163").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.body.contains("<ol class=\"hits\" start=\"1\">"));
}

/// Architecture issue, item 3: the engine reports the filters as applied,
/// so the API can leave unknown values out on request and the page needs
/// no canonicalisation of its own.
#[tokio::test]
async fn api_unknown_values_drop_reports_what_was_applied_and_left_out() {
    let api = get(
        "/api/search?q=diaspora&region=afrique&region=Afriqe&country=lesotho&unknown_values=drop",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = api.json();
    let applied = &v["filters_applied"];
    assert_eq!(
        applied["values"],
        serde_json::json!([
            {"facet": "region", "typed": "afrique", "applied": "Afrique"},
            {"facet": "country", "typed": "lesotho", "applied": "Lesotho"}
        ])
    );
    assert_eq!(
        applied["dropped"],
        serde_json::json!([{"facet": "region", "value": "Afriqe", "closest": "Afrique"}])
    );
    assert_eq!(v["total"], 1);
    let bad = get("/api/search?q=diaspora&unknown_values=maybe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.error().contains("use refuse or drop"),
        "{}",
        bad.error()
    );
    // a page with several unknown values among known ones answers at once
    let page =
        get("/?q=diaspora&region=Atlantide&region=Afriqe&country=Narnia&country=lesotho").await;
    assert_eq!(page.status, StatusCode::OK);
    for value in ["Atlantide", "Afriqe", "Narnia"] {
        assert!(
            page.body.contains(&format!("«\u{a0}{value}\u{a0}»")),
            "{value}"
        );
    }
    assert!(page.body.contains("country=Lesotho"), "{}", page.body);
}

/// A download as a browser behind a proxy asks for it: status, headers, bytes.
async fn download(uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let request = Request::get(uri)
        .header(header::HOST, "recherche.example.org")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap();
    let response = oim_search_server::router(engine())
        .oneshot(request)
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

#[tokio::test]
async fn downloads_can_be_filed_named_described_linked_and_in_french() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let figures = search("q=diaspora+Lesotho").await.aggregates.unwrap();
    let link = format!("https://recherche.example.org/documents/{LESOTHO}");

    let (status, headers, bytes) = download("/api/export?q=diaspora+Lesotho&format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"oim-diaspora-lesotho-20")
            && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Résultats", "Recherche"]);
    let results = book.worksheet_range("Résultats").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header.last().map(String::as_str), Some("Lien"));
    let first = results.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::String(LESOTHO.into()));
    assert_eq!(first[1], Data::String("projet".into()), "values in French");
    assert_eq!(first[header.len() - 1], Data::String(link.clone()));
    let sheet = book.worksheet_range("Recherche").unwrap();
    let line = |label: &str| {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("no line {label}"))[1]
            .clone()
    };
    assert_eq!(line("Recherche"), Data::String("diaspora Lesotho".into()));
    assert_eq!(line("Filtres"), Data::String("aucun".into()));
    assert_eq!(line("Résultats"), Data::Float(1.0));
    assert_eq!(line("Budget total (USD)"), Data::Float(figures.budget_usd));
    assert!(line("Page de la recherche")
        .to_string()
        .starts_with("https://recherche.example.org/?q=diaspora"));

    let (_, headers, bytes) = download("/api/export?q=diaspora+Lesotho&format=excel-csv").await;
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .ends_with("-excel.csv\""));
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.strip_prefix('\u{feff}').expect("BOM").lines();
    assert!(lines.next().unwrap().ends_with(";Fichier;Lien"));
    let row = lines.next().unwrap();
    assert!(row.starts_with(&format!("{LESOTHO};projet;")), "{row}");
    assert!(row.ends_with(&format!(";{link}")), "{row}");

    // the RFC 4180 file is for programs: its columns and values stay as they were
    let (_, _, bytes) = download("/api/export?q=diaspora+Lesotho&format=csv").await;
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",budget_usd,file"));
    assert!(text.contains(&format!("{LESOTHO},project,")));
}

#[tokio::test]
async fn search_as_you_type_gets_the_page_s_own_rendering() {
    // what the script swaps in while the user types is, byte for byte, what
    // the page holds for the same query string
    for query in [
        "q=diaspora+Lesotho",
        "q=migrations&region=Afrique&year_min=2019",
        "q=zzzqqq",
        "",
    ] {
        let page = get(&format!("/?{query}")).await.body;
        let fragment = get(&format!("/api/search?{query}&render=html")).await;
        assert_eq!(fragment.status, StatusCode::OK);
        assert!(fragment
            .header(header::CONTENT_TYPE)
            .starts_with("text/html"));
        let start = page.find(r#"<div class="layout" id="resultats">"#).unwrap();
        let inner = &page[start..];
        let inner = &inner[inner.find('>').unwrap() + 1..];
        assert!(
            inner.starts_with(&fragment.body),
            "{query}: the fragment is not the page's: {}",
            fragment.body
        );
        assert!(!fragment.body.contains("<html"), "a fragment, not a page");
    }
    // the JSON answer is unchanged, and a bad `render` is refused as JSON
    let json = get("/api/search?q=diaspora").await;
    assert!(json
        .header(header::CONTENT_TYPE)
        .starts_with("application/json"));
    let bad = get("/api/search?q=diaspora&render=pdf").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.error().contains("render=html"), "{}", bad.error());
}

/// Issue 29, item 9: "Asie centrale → Asie centrale" explained nothing; a
/// region expansion now names the countries the search looked for.
#[tokio::test]
async fn a_region_expansion_lists_its_countries() {
    let answer = get("/?q=asie+centrale").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.body.contains(
            "Recherche élargie\u{a0}: asie centrale → Asie centrale (5 pays\u{a0}: Kazakhstan, Kirghizistan, Tadjikistan, Turkménistan, Ouzbékistan)"
        ),
        "{}",
        answer.body
    );
}
