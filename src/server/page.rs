//! The French search page and document page, rendered on the server. The
//! whole state (query, ticked facets, sort, page) lives in the URL of a GET
//! form, so links can be shared and the back button works; the small script
//! in `assets/` only submits the form when a box is ticked. Text goes
//! through [`html::escape`] or [`html::highlight`], nothing else.

use std::fmt::Write;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::lookup;
use super::html::{self, escape, highlight, path_segment, search_href};
use super::labels::{self, count, facet_name, value_label, SORTS};
use super::params::{parse_search, Mode, SearchParams, PAGE_SIZE};
use super::report::render_report;
use super::{AppState, ServerError, MAX_QUERY_CHARS};
use crate::analysis::fold_key;
use crate::document::group_thousands;
use crate::document::{Document, Kind, BUDGET_BUCKETS};
use crate::facet::Facet;
use crate::search::{MatchMode, Note, SearchResults, SortBy, SortOrder, MAX_DEPTH};

/// Facet values shown before "more"; the rest fold into a `<details>`.
const FACET_VALUES_SHOWN: usize = 8;

const STYLESHEET: &str = include_str!("assets/style.css");
const SCRIPT: &str = include_str!("assets/search.js");

/// `GET /assets/style.css`.
pub(crate) async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

/// `GET /assets/search.js`.
pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

fn html_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The frame of every page: head, skip link, site header.
fn layout(title: &str, main: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/search.js" defer></script>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site"><p class="brand"><a href="/">Recherche OIM</a> <span>Projets et actualités du Fonds de l’OIM pour le développement</span></p></header>
{main}
<footer class="site"><p>Données : pages du Fonds de l’OIM pour le développement. API JSON : <a href="/api/search?q=diaspora">/api/search</a>.</p></footer>
</body>
</html>
"##,
        title = escape(title),
    )
}

/// The search box, shared by every page.
fn search_box(query: &str) -> String {
    format!(
        r#"<div class="searchbar" role="search">
<label for="q">Rechercher des projets et des actualités</label>
<div class="field"><input type="search" id="q" name="q" value="{q}" maxlength="{MAX_QUERY_CHARS}" autocomplete="off" aria-describedby="q-aide"><button type="submit">Rechercher</button></div>
<p class="hint" id="q-aide">Tous les mots sont cherchés. <code>"expression exacte"</code>, <code>-mot</code> pour exclure, <code>region:Afrique</code> pour filtrer.</p>
</div>
"#,
        q = escape(query)
    )
}

/// `GET /?q=…`: the search page.
pub(crate) async fn search_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = match parse_search(raw.as_deref(), Mode::Page) {
        Ok(p) => p,
        Err(e) => {
            let query = raw
                .as_deref()
                .and_then(|r| {
                    form_urlencoded::parse(r.as_bytes())
                        .find(|(k, _)| k == "q")
                        .map(|(_, v)| v.chars().take(MAX_QUERY_CHARS).collect::<String>())
                })
                .unwrap_or_default();
            return search_error_page(&query, &e);
        }
    };
    let request = params.request.clone();
    match state.with_engine(move |e| e.search(&request)).await {
        Ok(results) => html_response(StatusCode::OK, render_search(&params, &results)),
        Err(e) => search_error_page(&params.request.query, &e),
    }
}

fn search_error_page(query: &str, error: &ServerError) -> Response {
    let heading = if error.status().is_client_error() {
        "Recherche impossible"
    } else {
        "Erreur du serveur"
    };
    let main = format!(
        r#"<form id="recherche" method="get" action="/">
{search}</form>
<main id="contenu" class="message" tabindex="-1">
<h1>{heading}</h1>
<p class="error">{message}</p>
<p><a href="/">Nouvelle recherche</a></p>
</main>"#,
        search = search_box(query),
        message = escape(&error.message()),
    );
    html_response(error.status(), layout(heading, &main))
}

/// The pairs of the current search, optionally without one pair or with
/// another page, for links.
fn pairs_except<'a>(
    params: &'a SearchParams,
    drop: Option<(&'a str, &'a str)>,
) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    params
        .pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .filter(move |pair| Some(*pair) != drop)
}

fn page_href(params: &SearchParams, page: usize) -> String {
    let page = page.to_string();
    let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
    if page != "1" {
        pairs.push(("page", &page));
    }
    search_href(pairs)
}

fn render_search(params: &SearchParams, results: &SearchResults) -> String {
    let query = params.request.query.as_str();
    let title = if query.is_empty() {
        "Recherche OIM".to_string()
    } else {
        format!("{query} – Recherche OIM")
    };
    let mut main = String::new();
    main.push_str("<form id=\"recherche\" method=\"get\" action=\"/\">\n");
    main.push_str(&search_box(query));
    // range and option parameters have no control: carry them along
    for (key, value) in &params.pairs {
        if matches!(
            key.as_str(),
            "budget_min" | "budget_max" | "year_min" | "year_max" | "typo" | "prefix"
        ) {
            let _ = writeln!(
                main,
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(key),
                escape(value)
            );
        }
    }
    main.push_str("<div class=\"layout\">\n");
    main.push_str(&render_facets(params, results));
    main.push_str("<main id=\"contenu\" class=\"results\" tabindex=\"-1\">\n");
    main.push_str(&render_results(params, results));
    main.push_str("</main>\n</div>\n</form>");
    layout(&title, &main)
}

fn render_results(params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::new();
    let query = params.request.query.as_str();
    let filtered = params.pairs.iter().any(|(k, _)| k != "q");
    let headline = match (results.total, query.is_empty()) {
        (0, true) => "Aucun résultat".to_string(),
        (0, false) => format!("Aucun résultat pour « {} »", escape(query)),
        (n, true) => count(n, "document", "documents"),
        (n, false) => format!(
            "{} pour « {} »",
            count(n, "résultat", "résultats"),
            escape(query)
        ),
    };
    out.push_str("<div class=\"results-head\">\n");
    let _ = writeln!(out, "<h1 id=\"titre\">{headline}</h1>");
    out.push_str(&render_sort(params, results));
    out.push_str("</div>\n");
    out.push_str(&render_active_filters(params));
    out.push_str(&render_notices(params, results));
    out.push_str(&render_report(params, results));

    if results.total == 0 {
        out.push_str("<div class=\"empty\">\n<p>Aucun document ne correspond à cette recherche. Vous pouvez :</p>\n<ul>\n");
        if !results.corrections.is_empty() {
            out.push_str("<li>vérifier les corrections d’orthographe ci-dessus ;</li>\n");
        }
        out.push_str("<li>vérifier l’orthographe des mots ;</li>\n<li>essayer des mots plus généraux, ou moins de mots ;</li>\n");
        if filtered {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">retirer tous les filtres</a>.</li>",
                search_href([("q", query)].into_iter().filter(|(_, v)| !v.is_empty()))
            );
        }
        out.push_str("</ul>\n</div>\n");
        return out;
    }
    if results.hits.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">Cette page n’existe pas. <a href=\"{}\">Revenir à la première page</a>.</p>",
            page_href(params, 1)
        );
        return out;
    }

    let back = {
        let page = params.page.to_string();
        let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
        if params.page > 1 {
            pairs.push(("page", &page));
        }
        html::query_string(pairs)
    };
    let _ = writeln!(out, "<ol class=\"hits\" start=\"{}\">", results.offset + 1);
    for hit in &results.hits {
        let href = if back.is_empty() {
            format!("/documents/{}", path_segment(&hit.id))
        } else {
            format!(
                "/documents/{}?{}",
                path_segment(&hit.id),
                html::query_string([("retour", back.as_str())])
            )
        };
        let _ = write!(
            out,
            "<li class=\"hit\">\n<h2><a href=\"{href}\">{title}</a></h2>\n<p class=\"meta\"><span class=\"kind\">{kind}</span>",
            href = escape(&href),
            title = highlight(&hit.title, &hit.title_highlights),
            kind = value_label(Facet::Kind, hit.kind.as_str()),
        );
        if !hit.summary.is_empty() {
            let _ = write!(out, " · {}", escape(&hit.summary));
        }
        out.push_str("</p>\n");
        if !hit.snippet.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"snippet\">{}</p>",
                highlight(&hit.snippet, &hit.highlights)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    out.push_str(&render_pagination(params, results));
    out
}

fn render_sort(params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::from(
        "<div class=\"sort\">\n<label for=\"sort\">Trier par</label>\n<select id=\"sort\" name=\"sort\" data-submit>\n",
    );
    // the empty value is the library's default: relevance, or year when
    // browsing without words; it keeps a typed query from inheriting a sort
    let default_label = if params.request.query.trim().is_empty() {
        "Par défaut (année)"
    } else {
        "Pertinence"
    };
    let chosen = params.request.sort;
    let _ = writeln!(
        out,
        "<option value=\"\"{}>{default_label}</option>",
        if chosen.is_none() { " selected" } else { "" }
    );
    for (by, value, label) in SORTS {
        let selected = if chosen == Some(by) { " selected" } else { "" };
        let _ = writeln!(out, "<option value=\"{value}\"{selected}>{label}</option>");
    }
    let ascending = params.request.order == Some(SortOrder::Asc);
    let (asc_label, desc_label) = match results.sort {
        SortBy::Year => ("Plus anciens d’abord", "Plus récents d’abord"),
        SortBy::Budget | SortBy::Relevance => ("Croissant", "Décroissant"),
    };
    let _ = writeln!(
        out,
        "</select>\n<label for=\"order\">Ordre</label>\n<select id=\"order\" name=\"order\" data-submit>\n<option value=\"\"{}>{desc_label}</option>\n<option value=\"asc\"{}>{asc_label}</option>\n</select>",
        if ascending { "" } else { " selected" },
        if ascending { " selected" } else { "" },
    );
    out.push_str(&match_control(params.request.match_mode));
    out.push_str("<button type=\"submit\" class=\"secondary js-hidden\">Trier</button>\n</div>\n");
    out
}

/// How the words combine: the library's `match` modes, in French.
fn match_control(mode: MatchMode) -> String {
    let mut out = String::from(
        "<label for=\"match\">Mots</label>\n<select id=\"match\" name=\"match\" data-submit>\n",
    );
    for (value, label, this) in [
        ("", "Le plus possible", MatchMode::Auto),
        ("all", "Tous exigés", MatchMode::All),
        ("any", "Au moins un", MatchMode::Any),
    ] {
        let selected = if mode == this { " selected" } else { "" };
        let _ = writeln!(out, "<option value=\"{value}\"{selected}>{label}</option>");
    }
    out.push_str("</select>\n");
    out
}

/// The filters set in the URL, each with a link that removes it.
fn render_active_filters(params: &SearchParams) -> String {
    let chips: Vec<String> = params
        .pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "q" | "sort" | "order"))
        .map(|(k, v)| {
            let label = match k.as_str() {
                "budget_min" => format!("Budget ≥ {} USD", escape(v)),
                "budget_max" => format!("Budget ≤ {} USD", escape(v)),
                "year_min" => format!("Année ≥ {}", escape(v)),
                "year_max" => format!("Année ≤ {}", escape(v)),
                "typo" => format!("Tolérance aux fautes : {}", escape(v)),
                "prefix" => format!("Préfixe : {}", escape(v)),
                "match" => match v.as_str() {
                    "all" => "Tous les mots exigés".to_string(),
                    "any" => "N’importe quel mot".to_string(),
                    _ => "Mots : automatique".to_string(),
                },
                key => match Facet::from_exact_key(key) {
                    Some(facet) => format!(
                        "{} : {}",
                        facet_name(facet),
                        escape(value_label(facet, v))
                    ),
                    None => format!("{} : {}", escape(key), escape(v)),
                },
            };
            format!(
                "<li><a href=\"{}\" aria-label=\"Retirer le filtre {label}\">{label} <span aria-hidden=\"true\">×</span></a></li>",
                search_href(pairs_except(params, Some((k, v))))
            )
        })
        .collect();
    if chips.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"active\"><p id=\"actifs\">Filtres actifs :</p><ul aria-labelledby=\"actifs\">{}</ul></div>\n",
        chips.concat()
    )
}

/// Typo corrections, expansions and the library's notes.
fn render_notices(params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::new();
    if !results.corrections.is_empty() {
        let fixes: Vec<String> = results
            .corrections
            .iter()
            .map(|c| {
                format!(
                    "<q>{}</q> → <strong>{}</strong>",
                    escape(&c.word),
                    escape(&c.corrected.join(", "))
                )
            })
            .collect();
        let mut exact: Vec<(&str, &str)> = pairs_except(params, None)
            .filter(|(k, _)| *k != "typo")
            .collect();
        exact.push(("typo", "false"));
        let _ = writeln!(
            out,
            "<p class=\"notice correction\">Orthographe corrigée : {}. <a href=\"{}\">Chercher les mots tels quels</a></p>",
            fixes.join(" ; "),
            search_href(exact)
        );
    }
    if !results.expansions.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"notice\">Recherche élargie : {}</p>",
            escape(&results.expansions.join(" ; "))
        );
    }
    for note in &results.notes {
        let link = match note {
            // the user may want every word, even one no page has
            Note::DroppedWords { .. } => {
                let mut all: Vec<(&str, &str)> = pairs_except(params, None)
                    .filter(|(k, _)| *k != "match")
                    .collect();
                all.push(("match", "all"));
                format!(" <a href=\"{}\">Exiger tous les mots</a>", search_href(all))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<p class=\"notice\">{}{link}</p>",
            escape(&labels::note(note))
        );
    }
    out
}

/// One facet value as shown: canonical value, count, ticked or not.
struct FacetEntry<'a> {
    value: &'a str,
    count: u64,
    checked: bool,
}

fn facet_entries<'a>(
    facet: Facet,
    params: &'a SearchParams,
    results: &'a SearchResults,
) -> Vec<FacetEntry<'a>> {
    let selected = params.request.filters.values(facet);
    let selected_keys: Vec<String> = selected.iter().map(|s| fold_key(s)).collect();
    let mut entries: Vec<FacetEntry> = results
        .facets
        .get(facet)
        .iter()
        .map(|(value, &count)| FacetEntry {
            value,
            count,
            checked: selected_keys.contains(&fold_key(value)),
        })
        .collect();
    // a ticked value with no match must stay visible, to be unticked
    for (value, key) in selected.iter().zip(&selected_keys) {
        if !entries.iter().any(|e| fold_key(e.value) == *key) {
            entries.push(FacetEntry {
                value,
                count: 0,
                checked: true,
            });
        }
    }
    match facet {
        Facet::Budget => entries.sort_by_key(|e| {
            BUDGET_BUCKETS
                .iter()
                .position(|(k, _, _)| *k == e.value)
                .unwrap_or(usize::MAX)
        }),
        Facet::Year => entries.sort_by(|a, b| b.value.cmp(a.value)),
        _ => entries.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(b.value))),
    }
    entries
}

fn render_facets(params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::from(
        "<aside class=\"facets\" aria-labelledby=\"titre-filtres\">\n<details id=\"filtres\" open>\n<summary><h2 id=\"titre-filtres\">Filtres</h2></summary>\n",
    );
    let mut any = false;
    for facet in Facet::ALL {
        let heading = facet_name(facet);
        let entries = facet_entries(facet, params, results);
        if entries.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(
            out,
            "<fieldset class=\"facet\" id=\"facette-{facet}\">\n<legend>{heading}</legend>\n<ul>"
        );
        let hidden_checked = entries.iter().skip(FACET_VALUES_SHOWN).any(|e| e.checked);
        for (i, entry) in entries.iter().enumerate() {
            if i == FACET_VALUES_SHOWN {
                let _ = writeln!(
                    out,
                    "</ul>\n<details class=\"more\"{}>\n<summary>{} de plus</summary>\n<ul>",
                    if hidden_checked { " open" } else { "" },
                    entries.len() - FACET_VALUES_SHOWN
                );
            }
            let _ = writeln!(
                out,
                "<li><input type=\"checkbox\" id=\"f-{facet}-{i}\" name=\"{facet}\" value=\"{value}\"{checked} data-submit><label for=\"f-{facet}-{i}\">{label} <span class=\"count\">{count}</span></label></li>",
                value = escape(entry.value),
                checked = if entry.checked { " checked" } else { "" },
                label = escape(value_label(facet, entry.value)),
                count = entry.count,
            );
        }
        if entries.len() > FACET_VALUES_SHOWN {
            out.push_str("</ul>\n</details>\n");
        } else {
            out.push_str("</ul>\n");
        }
        out.push_str("</fieldset>\n");
    }
    if !any {
        out.push_str("<p class=\"hint\">Aucun filtre pour cette recherche.</p>\n");
    }
    let query = params.request.query.as_str();
    let _ = writeln!(
        out,
        "<p class=\"apply\"><button type=\"submit\" class=\"secondary js-hidden\">Appliquer les filtres</button> <a href=\"{}\">Effacer les filtres</a></p>",
        search_href([("q", query)].into_iter().filter(|(_, v)| !v.is_empty()))
    );
    out.push_str("</details>\n</aside>\n");
    out
}

fn render_pagination(params: &SearchParams, results: &SearchResults) -> String {
    let last_reachable = MAX_DEPTH / PAGE_SIZE;
    let pages = results.total.div_ceil(PAGE_SIZE).min(last_reachable);
    if pages <= 1 {
        return String::new();
    }
    let current = params.page;
    let mut out = format!(
        "<nav class=\"pages\" aria-label=\"Pages de résultats\">\n<p>Page {current} sur {pages}</p>\n<ul>\n"
    );
    if current > 1 {
        let _ = writeln!(
            out,
            "<li><a href=\"{}\" rel=\"prev\">← Précédente</a></li>",
            page_href(params, current - 1)
        );
    }
    let mut previous = 0;
    for page in 1..=pages {
        let near = page + 2 >= current && page <= current + 2;
        if !(page == 1 || page == pages || near) {
            continue;
        }
        if page > previous + 1 {
            out.push_str("<li class=\"gap\" aria-hidden=\"true\">…</li>\n");
        }
        if page == current {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\" aria-current=\"page\">{page}</a></li>",
                page_href(params, page)
            );
        } else {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\" aria-label=\"Page {page}\">{page}</a></li>",
                page_href(params, page)
            );
        }
        previous = page;
    }
    if current < pages {
        let _ = writeln!(
            out,
            "<li><a href=\"{}\" rel=\"next\">Suivante →</a></li>",
            page_href(params, current + 1)
        );
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

/// `GET /documents/{id}?retour=…`: one document with all its metadata and
/// its full text; `retour` is the query string of the results it came from.
pub(crate) async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    // rebuild the way back from known parameters only, never echo it raw
    let back = raw
        .as_deref()
        .and_then(|r| {
            form_urlencoded::parse(r.as_bytes())
                .find(|(k, _)| k == "retour")
                .map(|(_, v)| v.into_owned())
        })
        .and_then(|r| parse_search(Some(&r), Mode::Page).ok())
        .map(|p| page_href(&p, p.page))
        .unwrap_or_else(|| "/".to_string());
    match lookup(&state, id).await {
        Ok(doc) => html_response(StatusCode::OK, render_document(&doc, &back)),
        Err(e) if e.status() == StatusCode::NOT_FOUND => {
            let main = format!(
                "<main id=\"contenu\" class=\"message\" tabindex=\"-1\">\n<h1>Document introuvable</h1>\n<p>Aucun document ne porte cet identifiant.</p>\n<p><a href=\"{back}\">Retour à la recherche</a></p>\n</main>"
            );
            html_response(StatusCode::NOT_FOUND, layout("Document introuvable", &main))
        }
        Err(e) => search_error_page("", &e),
    }
}

fn filter_link(facet: Facet, value: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        search_href([(facet.key(), value)]),
        escape(value_label(facet, value))
    )
}

fn render_document(doc: &Document, back: &str) -> String {
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
    if let Some(y) = doc.start_year {
        rows.push(("Date de début", y.to_string()));
    }
    if let Some(y) = doc.end_year {
        rows.push(("Date de fin", y.to_string()));
    }
    if let Some(y) = doc.year {
        rows.push(("Année", y.to_string()));
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
    if let Some(p) = &doc.project_id {
        rows.push(("Projet ID", escape(p)));
    }
    if let Some(p) = &doc.prima_id {
        rows.push(("Prima ID", escape(p)));
    }
    if let Some(d) = &doc.dateline {
        rows.push(("Lieu", escape(d)));
    }
    if let Some(c) = &doc.contact {
        rows.push(("Contact", escape(c)));
    }
    for (key, value) in &doc.extra {
        rows.push((key.as_str(), escape(value)));
    }
    rows.push(("Identifiant", format!("<code>{}</code>", escape(&doc.id))));

    let mut main = format!(
        "<main id=\"contenu\" class=\"document\" tabindex=\"-1\">\n<p class=\"back\"><a href=\"{back}\">← Retour aux résultats</a></p>\n<article>\n<p class=\"kind\">{kind}</p>\n<h1>{title}</h1>\n<dl class=\"fields\">\n",
        kind = value_label(Facet::Kind, doc.kind.as_str()),
        title = escape(&doc.title),
    );
    for (label, value) in rows {
        let _ = writeln!(
            main,
            "<div><dt>{}</dt><dd>{value}</dd></div>",
            escape(label)
        );
    }
    main.push_str("</dl>\n<h2>Texte intégral</h2>\n<div class=\"text\">\n");
    for paragraph in doc.body.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(main, "<p>{}</p>", escape(paragraph));
    }
    main.push_str("</div>\n</article>\n</main>");
    layout(&format!("{} – Recherche OIM", doc.title), &main)
}

/// The page for an unknown path.
pub(crate) fn not_found_page() -> Response {
    let main = "<main id=\"contenu\" class=\"message\" tabindex=\"-1\">\n<h1>Page introuvable</h1>\n<p>Cette adresse ne correspond à aucune page.</p>\n<p><a href=\"/\">Aller à la recherche</a></p>\n</main>";
    html_response(StatusCode::NOT_FOUND, layout("Page introuvable", main))
}
