//! Hostile values (markup, quotes, `&`) typed in the query, given as facet
//! values, or held by a document's title, fields and text come out escaped
//! in every place the pages show them: text, attribute values and links.
//! The templates escape by construction; this test is the proof a reader
//! can run.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use oim_search::{Document, Engine};
use tower::ServiceExt;

/// Markup that would run, a quote that would close an attribute, an `&`.
const HOSTILE: &str = r#"<script>alert("x")</script> & 'q'"#;
/// [`HOSTILE`] as it must read in the HTML.
const ESCAPED: &str = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'";
/// A value that tries to leave an attribute.
const BREAKOUT: &str = r#"X"><img src=x onerror=alert(3)>"#;
const BREAKOUT_ESCAPED: &str = "X&quot;&gt;&lt;img src=x onerror=alert(3)&gt;";
/// Facet values with markup, quotes and `&` (no `/`: the index reads it as
/// a level of a facet path).
const TYPE: &str = r#"Type <b>"gras" & co"#;
const TYPE_ESCAPED: &str = "Type &lt;b&gt;&quot;gras&quot; &amp; co";
/// (no `'` either: the index writes it `’`, as French does).
const COUNTRY: &str = "Pays <i>\"y\" & z";
const COUNTRY_ESCAPED: &str = "Pays &lt;i&gt;&quot;y&quot; &amp; z";

/// An index of two documents whose every shown field is hostile.
fn app() -> (tempfile::TempDir, axum::Router) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    engine
        .add(Document {
            id: "piege".into(),
            title: format!("Diaspora {HOSTILE}"),
            body: format!("La diaspora et {HOSTILE}.\nUne autre ligne {BREAKOUT}."),
            project_type: Some(TYPE.into()),
            countries: vec![COUNTRY.into()],
            status: Some(TYPE.into()),
            coverage: Some(TYPE.into()),
            project_id: Some(BREAKOUT.into()),
            contact: Some(HOSTILE.into()),
            budget_usd: Some(120_000.0),
            end_year: Some(2024),
            extra: [(HOSTILE.to_string(), BREAKOUT.to_string())].into(),
            ..Document::default()
        })
        .unwrap();
    engine
        .add(Document {
            id: "autre".into(),
            title: "Diaspora du Lesotho".into(),
            body: "La diaspora basotho.".into(),
            countries: vec!["Lesotho".into()],
            budget_usd: Some(80_000.0),
            end_year: Some(2021),
            ..Document::default()
        })
        .unwrap();
    engine.commit().unwrap();
    (dir, oim_search_server::router(Arc::new(engine)))
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// `value` in a query string.
fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Nothing hostile reaches the HTML as markup or breaks out of a quote: no
/// raw piece of any hostile value, one script (the page's own).
fn assert_inert(page: &str, html: &str) {
    for raw in [
        "<script>alert",
        "alert(\"x\")",
        "</script> &",
        "<img",
        "<b>",
        "<i>",
        "\"gras\"",
        "& co",
        "\"y\" &",
    ] {
        assert!(!html.contains(raw), "{page}: {raw:?} is raw in:\n{html}");
    }
    assert!(
        html.matches("<script").count() <= 1,
        "{page}: a script besides the page's own:\n{html}"
    );
}

/// `needle` appears in `html` right after `before`.
fn shown_after(html: &str, before: &str, needle: &str) -> bool {
    html.match_indices(before)
        .any(|(at, _)| html[at + before.len()..].starts_with(needle))
}

#[tokio::test]
async fn hostile_values_are_escaped_everywhere_the_pages_show_them() {
    let (_dir, app) = app();
    let q = encoded(&format!("diaspora {HOSTILE}"));
    let typed = format!("diaspora {ESCAPED}");

    // the query: in the title, the box, the heading, and the notes
    let uri = format!("/?q={q}");
    let (status, html) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_inert(&uri, &html);
    assert!(shown_after(&html, "<title>", &typed), "title: {html}");
    assert!(shown_after(&html, "value=\"", &typed), "search box: {html}");
    assert!(
        shown_after(&html, "pour «\u{a0}", &typed),
        "heading: {html}"
    );
    // the document's title in its hit (the words marked), its link and its
    // summary line
    assert!(
        html.contains("<mark>Diaspora</mark> &lt;<mark>script</mark>&gt;<mark>alert</mark>(&quot;<mark>x</mark>&quot;)&lt;/<mark>script</mark>&gt; &amp; '<mark>q</mark>'</a>"),
        "{html}"
    );
    assert!(html.contains(&format!(
        "/documents/piege?q={}&amp;retour=",
        q.replace('&', "&amp;")
    )));
    assert!(html.contains(TYPE_ESCAPED) && html.contains(COUNTRY_ESCAPED));

    // facet values: ticked (box value and label), as active filters (label,
    // its aria-label, the link removing it), unknown (the dropped notice),
    // and in the download links
    let uri = format!(
        "/?q=diaspora&type={}&country={}&region={}&budget_min={}",
        encoded(TYPE),
        encoded(COUNTRY),
        encoded(HOSTILE),
        encoded(BREAKOUT),
    );
    let (status, html) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_inert(&uri, &html);
    assert!(
        shown_after(&html, "name=\"type\" value=\"", TYPE_ESCAPED),
        "ticked box: {html}"
    );
    assert!(
        shown_after(&html, "name=\"country\" value=\"", COUNTRY_ESCAPED),
        "{html}"
    );
    assert!(shown_after(
        &html,
        "aria-label=\"Retirer le filtre Type de projet\u{a0}: ",
        TYPE_ESCAPED
    ));
    assert!(shown_after(&html, "Pays\u{a0}: ", COUNTRY_ESCAPED), "chip");
    assert!(
        shown_after(&html, "Région «\u{a0}", ESCAPED),
        "dropped value: {html}"
    );
    assert!(
        shown_after(&html, "Budget minimal «\u{a0}", BREAKOUT_ESCAPED),
        "refused parameter: {html}"
    );
    // links keep the values percent-encoded, their `&` escaped
    assert!(html.contains(&format!("type={}", encoded(TYPE))));
    assert!(html.contains("&amp;format=xlsx"), "download link: {html}");

    // the fragment the script swaps in is escaped the same way
    let uri = format!("/api/search?render=html&q={q}&type={}", encoded(TYPE));
    let (status, html) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_inert(&uri, &html);
    assert!(shown_after(&html, "pour «\u{a0}", &typed));

    // the document page: title, heading, fields, text, and the way back
    let uri = format!(
        "/documents/piege?q=diaspora&retour={}",
        encoded(&format!("q={q}&type={}", encoded(TYPE)))
    );
    let (status, html) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_inert(&uri, &html);
    assert!(shown_after(&html, "<title>Diaspora ", ESCAPED));
    assert!(shown_after(&html, "<h1><mark>Diaspora</mark> ", ESCAPED));
    assert!(shown_after(
        &html,
        "<dt>Projet ID</dt><dd>",
        BREAKOUT_ESCAPED
    ));
    assert!(shown_after(&html, "<dt>Contact</dt><dd>", ESCAPED));
    assert!(shown_after(&html, "<dt>", ESCAPED), "an extra field's name");
    assert!(html.contains(&format!(">{TYPE_ESCAPED}</a>")), "facet link");
    assert!(html.contains(&format!(">{COUNTRY_ESCAPED}</a>")));
    assert!(html.contains(&format!("et {ESCAPED}.</p>")), "text: {html}");
    assert!(
        html.contains(&format!("type={}", encoded(TYPE))),
        "the way back keeps the filter: {html}"
    );

    // the error page shows the query it could not run
    let long = "x".repeat(1001);
    let uri = format!("/?q={q}{long}");
    let (status, html) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert_inert(&uri, &html);
    assert!(shown_after(&html, "value=\"", &typed), "{html}");
}
