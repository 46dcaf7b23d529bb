//! The document page: one document with all its metadata, each value a
//! link to the search filtered by it, and its full text with the words of
//! the search it was opened from marked. Its way back to the results is
//! rebuilt from known parameters only.

use std::fmt::Write;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::api::check_id;
use super::html::{escape, highlight, search_href};
use super::labels::value_label;
use super::page::{html_response, layout, message_page, page_url, search_error_page};
use super::params::{parse_search, Mode};
use super::templates::frame::MessagePage;
use super::templates::Link;
use super::{AppState, ServerError, MAX_QUERY_CHARS};
use oim_search::group_thousands;
use oim_search::DocumentHighlights;
use oim_search::Error;
use oim_search::Facet;
use oim_search::{Document, Kind};

/// `GET /documents/{id}?q=…&retour=…`: one document with all its metadata
/// and its full text; `q` holds the words to mark, `retour` the query
/// string of the results it came from.
pub(crate) async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let base = &*state.base;
    let param = |name: &str| {
        raw.as_deref().and_then(|r| {
            form_urlencoded::parse(r.as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        })
    };
    // rebuild the way back from known parameters only, never echo it raw
    let back = param("retour")
        .and_then(|r| parse_search(Some(&r), Mode::Page).ok())
        .map(|p| page_url(base, &p, p.page))
        .unwrap_or_else(|| format!("{base}/"));
    let back_link = back.clone();
    let words: String = param("q")
        .unwrap_or_default()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    if let Err(e) = check_id(&id) {
        return missing_document(base, &back, &e);
    }
    // the lookup, the marks (they walk the whole text) and the HTML (as long
    // as the text) are CPU work: all on the blocking pool, under one permit
    let page_base = base.to_string();
    let rendered = state
        .with_engine(move |engine| {
            let doc = engine
                .get(&id)?
                .ok_or(Error::UnknownDocument { id: id.clone() })?;
            let marks = if words.trim().is_empty() {
                DocumentHighlights::default()
            } else {
                engine.highlights(&words, &doc)
            };
            Ok(render_document(&page_base, &doc, &marks, &back_link))
        })
        .await;
    match rendered {
        Ok(html) => html_response(StatusCode::OK, html),
        Err(e) => missing_document(base, &back, &e),
    }
}

/// The page for a document that cannot be shown: "not found" for an
/// unknown id, the search error page otherwise.
fn missing_document(base: &str, back: &str, e: &ServerError) -> Response {
    if e.status() != StatusCode::NOT_FOUND {
        return search_error_page(base, "", e);
    }
    message_page(
        StatusCode::NOT_FOUND,
        base,
        MessagePage {
            heading: "Document introuvable",
            message: "Aucun document ne porte cet identifiant.".into(),
            error: false,
            next: Link {
                href: back.to_string(),
                text: "Retour à la recherche".into(),
            },
            search: None,
        },
    )
}

fn filter_link(base: &str, facet: Facet, value: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        search_href(base, [(facet.key(), value)]),
        escape(value_label(facet, value))
    )
}

/// The marks of `ranges` (character offsets in the whole body) that fall
/// in the line starting at character `from` and `chars` long, shifted to
/// the line.
fn ranges_in_line(ranges: &[[usize; 2]], from: usize, chars: usize) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .filter(|[s, e]| *e > from && *s < from + chars)
        .map(|[s, e]| [s.saturating_sub(from), (e - from).min(chars)])
        .collect()
}

fn render_document(base: &str, doc: &Document, marks: &DocumentHighlights, back: &str) -> String {
    let mut main = format!(
        "<main id=\"contenu\" class=\"document\" tabindex=\"-1\">\n<p class=\"back\"><a href=\"{back}\">← Retour aux résultats</a></p>\n<article>\n<p class=\"kind\">{kind}</p>\n<h1>{title}</h1>\n<dl class=\"fields\">\n",
        back = escape(back),
        kind = value_label(Facet::Kind, doc.kind.as_str()),
        title = highlight(&doc.title, &marks.title),
    );
    let rows = described_rows(base, doc)
        .into_iter()
        .chain(identifier_rows(doc));
    for (label, value) in rows {
        let _ = writeln!(
            main,
            "<div><dt>{}</dt><dd>{value}</dd></div>",
            escape(label)
        );
    }
    main.push_str("</dl>\n<h2>Texte intégral</h2>\n");
    if marks.truncated {
        let _ = writeln!(
            main,
            "<p class=\"note\">Ce texte cite les mots cherchés très souvent\u{a0}: seules les {} premières occurrences sont marquées.</p>",
            group_thousands(marks.body.len() as f64)
        );
    }
    main.push_str("<div class=\"text\">\n");
    main.push_str(&render_body(&doc.body, &marks.body));
    main.push_str("</div>\n</article>\n</main>");
    layout(
        base,
        &format!("{} – Recherche OIM", doc.title),
        maud::PreEscaped(main),
    )
}

/// The rows (label, HTML cell) that describe the document, each facet
/// value a link to the search filtered by it.
fn described_rows(base: &str, doc: &Document) -> Vec<(&'static str, String)> {
    let filter_link = |facet, value: &str| filter_link(base, facet, value);
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push(("Type de page", filter_link(Facet::Kind, doc.kind.as_str())));
    if let Some(region) = &doc.region {
        let mut cell = filter_link(Facet::Region, region);
        if doc.region_inferred {
            cell.push_str(" (déduite des pays cités)");
        }
        rows.push(("Région", cell));
    }
    if let Some(t) = &doc.project_type {
        rows.push(("Type de projet", filter_link(Facet::Type, t)));
    }
    if let Some(b) = doc.budget_usd {
        let mut cell = format!("{} USD", group_thousands(b));
        if let Some(bucket) = doc.budget_bucket() {
            let _ = write!(cell, " ({})", filter_link(Facet::Budget, bucket));
        }
        rows.push(("Budget", cell));
    }
    let years = [
        ("Date de début", doc.start_year),
        ("Date de fin", doc.end_year),
        ("Année", doc.year),
    ];
    for (label, year) in years {
        if let Some(y) = year {
            rows.push((label, y.to_string()));
        }
    }
    if let Some(s) = &doc.status {
        rows.push(("Statut du projet", filter_link(Facet::Status, s)));
    }
    if let Some(c) = &doc.coverage {
        rows.push(("Couverture", filter_link(Facet::Coverage, c)));
    }
    if !doc.countries.is_empty() {
        let label = match doc.kind {
            Kind::Project => "Pays bénéficiaires",
            Kind::News => "Pays cités",
        };
        let links: Vec<String> = doc
            .countries
            .iter()
            .map(|c| filter_link(Facet::Country, c))
            .collect();
        rows.push((label, links.join(", ")));
    }
    rows
}

/// The rows (label, HTML cell) that identify the document or where it
/// comes from, and the page's other fields, shown as text.
fn identifier_rows(doc: &Document) -> Vec<(&str, String)> {
    let fields = [
        ("Projet ID", &doc.project_id),
        ("Prima ID", &doc.prima_id),
        ("Lieu", &doc.dateline),
        ("Contact", &doc.contact),
    ];
    let mut rows: Vec<(&str, String)> = fields
        .into_iter()
        .filter_map(|(label, value)| Some((label, escape(value.as_deref()?))))
        .collect();
    for (key, value) in &doc.extra {
        rows.push((key.as_str(), escape(value)));
    }
    rows.push(("Identifiant", format!("<code>{}</code>", escape(&doc.id))));
    rows
}

/// The full text, one paragraph per line, with the marks (offsets in the
/// whole body) set on each line. Marks are walked once alongside the lines
/// (sorted, a cursor moves forward), so the work is linear in the text and
/// its marks.
fn render_body(body: &str, marks: &[[usize; 2]]) -> String {
    let mut sorted = marks.to_vec();
    sorted.sort_unstable();
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut at = 0;
    let mut first = 0; // the first mark that may reach the current line
    for line in body.split('\n') {
        let chars = line.chars().count();
        while first < sorted.len() && sorted[first][1] <= at {
            first += 1;
        }
        let mut last = first;
        while last < sorted.len() && sorted[last][0] < at + chars {
            last += 1;
        }
        if !line.trim().is_empty() {
            let marks = ranges_in_line(&sorted[first..last], at, chars);
            let _ = writeln!(out, "<p>{}</p>", highlight(line, &marks));
        }
        at += chars + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ranges_in_line, render_body};

    #[test]
    fn body_lines_get_their_marks_in_one_walk() {
        let body = "ab\ncd ef\n\ngh";
        // unsorted, and one across a line end
        let marks = [[10, 12], [1, 4], [6, 8]];
        assert_eq!(
            render_body(body, &marks),
            "<p>a<mark>b</mark></p>\n<p><mark>c</mark>d <mark>ef</mark></p>\n<p><mark>gh</mark></p>\n"
        );
    }

    #[test]
    fn body_marks_are_split_by_line() {
        // body "ab\ncd ef": line 2 starts at character 3
        let marks = [[0, 2], [3, 5], [6, 8]];
        assert_eq!(ranges_in_line(&marks, 0, 2), [[0, 2]]);
        assert_eq!(ranges_in_line(&marks, 3, 5), [[0, 2], [3, 5]]);
        // a mark across a line end is cut at it
        assert_eq!(ranges_in_line(&[[1, 4]], 0, 2), [[1, 2]]);
        assert_eq!(ranges_in_line(&[[1, 4]], 3, 5), [[0, 1]]);
    }
}
