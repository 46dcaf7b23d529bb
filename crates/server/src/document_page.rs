//! The document page: one document with all its metadata, each value a
//! link to the search filtered by it, and its full text with the words of
//! the search it was opened from marked. Its way back to the results is
//! rebuilt from known parameters only.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::api::check_id;
use super::figures::usd;
use super::labels::{self, value_label};
use super::links::search_url;
use super::page::{html_response, layout, message_page, page_url, search_error_page};
use super::params::{parse_search, Mode};
use super::templates::document::{DocumentView, Field};
use super::templates::frame::MessagePage;
use super::templates::{Highlighted, Link, Phrase, Span};
use super::{AppState, ServerError, MAX_QUERY_CHARS};
use maud::Render;
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

/// A facet value as a link to the search filtered by it.
fn filter_link(base: &str, facet: Facet, value: &str) -> Span {
    Span::link(
        search_url(base, [(facet.key(), value)]),
        value_label(facet, value),
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
    let view = DocumentView {
        back: back.to_string(),
        kind: value_label(Facet::Kind, doc.kind.as_str()),
        title: Highlighted::new(&doc.title, &marks.title),
        fields: described_fields(base, doc)
            .into_iter()
            .chain(identifier_fields(doc))
            .collect(),
        truncated: marks
            .truncated
            .then(|| labels::marks_capped(marks.body.len())),
        paragraphs: paragraphs(&doc.body, &marks.body),
    };
    layout(base, &labels::page_title(&doc.title), view.render())
}

/// A field named `label` holding `value`.
fn field(label: &str, value: Phrase) -> Field {
    Field {
        label: label.to_string(),
        value,
    }
}

/// The fields that describe the document, each facet value a link to the
/// search filtered by it.
fn described_fields(base: &str, doc: &Document) -> Vec<Field> {
    let filter_link = |facet, value: &str| filter_link(base, facet, value);
    let link = |facet, value: &str| Phrase(vec![filter_link(facet, value)]);
    let mut fields = vec![field("Type de page", link(Facet::Kind, doc.kind.as_str()))];
    if let Some(region) = &doc.region {
        let mut cell = link(Facet::Region, region);
        if doc.region_inferred {
            cell.push_text(" (déduite des pays cités)");
        }
        fields.push(field("Région", cell));
    }
    if let Some(t) = &doc.project_type {
        fields.push(field("Type de projet", link(Facet::Type, t)));
    }
    if let Some(b) = doc.budget_usd {
        let mut cell = Phrase::text(usd(b));
        if let Some(bucket) = doc.budget_bucket() {
            cell.push_text(" (")
                .push(filter_link(Facet::Budget, bucket))
                .push_text(")");
        }
        fields.push(field("Budget", cell));
    }
    let years = [
        ("Date de début", doc.start_year),
        ("Date de fin", doc.end_year),
        ("Année", doc.year),
    ];
    for (label, year) in years {
        if let Some(y) = year {
            fields.push(field(label, Phrase::text(y.to_string())));
        }
    }
    if let Some(s) = &doc.status {
        fields.push(field("Statut du projet", link(Facet::Status, s)));
    }
    if let Some(c) = &doc.coverage {
        fields.push(field("Couverture", link(Facet::Coverage, c)));
    }
    if !doc.countries.is_empty() {
        let label = match doc.kind {
            Kind::Project => "Pays bénéficiaires",
            Kind::News => "Pays cités",
        };
        let mut cell = Phrase::default();
        for (i, country) in doc.countries.iter().enumerate() {
            if i > 0 {
                cell.push_text(", ");
            }
            cell.push(filter_link(Facet::Country, country));
        }
        fields.push(field(label, cell));
    }
    fields
}

/// The fields that identify the document or where it comes from, and the
/// page's other fields, shown as text.
fn identifier_fields(doc: &Document) -> Vec<Field> {
    let known = [
        ("Projet ID", &doc.project_id),
        ("Prima ID", &doc.prima_id),
        ("Lieu", &doc.dateline),
        ("Contact", &doc.contact),
    ];
    let mut fields: Vec<Field> = known
        .into_iter()
        .filter_map(|(label, value)| Some(field(label, Phrase::text(value.as_deref()?))))
        .collect();
    for (key, value) in &doc.extra {
        fields.push(field(key, Phrase::text(value)));
    }
    fields.push(field(
        "Identifiant",
        Phrase(vec![Span::Code(doc.id.clone())]),
    ));
    fields
}

/// The full text, one paragraph per line, with the marks (offsets in the
/// whole body) set on each line. Marks are walked once alongside the lines
/// (sorted, a cursor moves forward), so the work is linear in the text and
/// its marks.
fn paragraphs<'a>(body: &'a str, marks: &[[usize; 2]]) -> Vec<Highlighted<'a>> {
    let mut sorted = marks.to_vec();
    sorted.sort_unstable();
    let mut out = Vec::new();
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
            out.push(Highlighted {
                text: line,
                ranges: marks,
            });
        }
        at += chars + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{paragraphs, ranges_in_line};
    use maud::Render;

    fn render_body(body: &str, marks: &[[usize; 2]]) -> String {
        paragraphs(body, marks)
            .iter()
            .map(|p| format!("<p>{}</p>\n", p.render().into_string()))
            .collect()
    }

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
