//! The French search page, rendered on the server, and the frame every page
//! shares. The whole state (query, ticked facets, sort, page) lives in the
//! URL of a GET form, so links can be shared and the back button works; the
//! small script in `assets/` only submits the form when a box is ticked or a
//! sort is picked with a pointer. A filter value the index does not know is
//! left out with a French notice instead of failing the page. Text goes
//! through [`html::escape`] or [`html::highlight`], nothing else; every link
//! starts with the application's base path.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::html::{self, escape, highlight, path_segment, search_href};
use super::labels::{self, count, facet_name, quoted, value_label, SORTS};
use super::params::{parse_search, Dropped, Mode, SearchParams, PAGE_SIZE};
use super::report::render_report;
use super::{AppState, ServerError, MAX_QUERY_CHARS};
use oim_search::fold_key;
use oim_search::group_thousands;
use oim_search::Facet;
use oim_search::{
    AppliedFilters, Counted, Hit, MatchMode, Note, SearchResults, SortBy, SortOrder, Tier,
    UnknownValues, MAX_DEPTH,
};

/// Facet values shown before "more"; the rest fold into a `<details>`.
const FACET_VALUES_SHOWN: usize = 8;

/// Facets with more values than this get a box to filter their list (the
/// country facet has about a hundred).
const FACET_FILTER_FROM: usize = 15;

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

pub(crate) fn html_response(status: StatusCode, body: String) -> Response {
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

/// The frame of every page: head, skip link, site header; `base` is the
/// application's base path.
pub(crate) fn layout(base: &str, title: &str, main: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{base}/assets/style.css">
<script src="{base}/assets/search.js" defer></script>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site"><p class="brand"><a href="{base}/">Recherche OIM</a> <span>Projets et actualités du Fonds de l’OIM pour le développement</span></p></header>
{main}
<footer class="site"><p>Données : pages du Fonds de l’OIM pour le développement. API JSON : <a href="{base}/api/search?q=diaspora">{base}/api/search</a>.</p></footer>
</body>
</html>
"##,
        title = escape(title),
    )
}

/// The search box, shared by every page; `autofocus` only on the empty
/// page, where typing is the one thing to do (elsewhere it would move
/// screen readers away from the results).
fn search_box(query: &str, autofocus: bool) -> String {
    format!(
        r#"<div class="searchbar" role="search">
<label for="q">Rechercher des projets et des actualités</label>
<div class="field"><input type="search" id="q" name="q" value="{q}" maxlength="{MAX_QUERY_CHARS}" autocomplete="off" aria-describedby="q-aide"{focus}><button type="submit">Rechercher</button></div>
<p class="hint" id="q-aide">Les résultats comptés contiennent tous les mots ; les pages qui n’en contiennent qu’une partie suivent, sans être comptées. <code>"expression exacte"</code>, <code>-mot</code> pour exclure, <code>region:Afrique</code> pour filtrer.</p>
</div>
"#,
        q = escape(query),
        focus = if autofocus { " autofocus" } else { "" },
    )
}

/// `GET /?q=…`: the search page. A filter value no document has is left
/// out (the engine names it, the search runs again without it) and the
/// page says so, with the closest valid value as a link.
pub(crate) async fn search_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Response {
    match run_search(&state, raw.as_deref()).await {
        Ok((params, results)) => html_response(
            StatusCode::OK,
            render_search(&state.base, &params, &results),
        ),
        Err(error_page) => error_page,
    }
}

/// The filters and results of the search page without its frame (for
/// `/api/search?render=html`), or the French error page.
pub(crate) async fn search_fragment(state: AppState, raw: Option<&str>) -> Response {
    match run_search(&state, raw).await {
        Ok((params, results)) => html_response(
            StatusCode::OK,
            render_layout(&state.base, &params, &results),
        ),
        Err(error_page) => error_page,
    }
}

/// The search of a page's query string, with the parameters as the page
/// shows them; or the French error page to answer instead.
async fn run_search(
    state: &AppState,
    raw: Option<&str>,
) -> Result<(SearchParams, SearchResults), Response> {
    let base = &*state.base;
    let mut params = match parse_search(raw, Mode::Page) {
        Ok(p) => p,
        Err(e) => {
            let query = raw
                .and_then(|r| {
                    form_urlencoded::parse(r.as_bytes())
                        .find(|(k, _)| k == "q")
                        .map(|(_, v)| v.chars().take(MAX_QUERY_CHARS).collect::<String>())
                })
                .unwrap_or_default();
            return Err(search_error_page(base, &query, &e));
        }
    };
    // one search: unknown values are left out by the engine, which says
    // which and how the others are spelled in the index
    params.request.unknown_values = UnknownValues::Drop;
    let request = params.request.clone();
    match state.with_backend(move |b| b.search(&request)).await {
        Ok(results) => {
            apply_canonical_values(&mut params, &results.filters_applied);
            Ok((params, results))
        }
        Err(e) => Err(search_error_page(base, &params.request.query, &e)),
    }
}

/// Links carry the values as the index spells them (`pays:lesotho` typed,
/// `country=Lesotho` in the links), and the values the engine left out
/// are listed with their suggestion instead of kept in the links.
fn apply_canonical_values(params: &mut SearchParams, applied: &AppliedFilters) {
    for dropped in &applied.dropped {
        params.drop_value(dropped.facet.key(), &dropped.value, dropped.closest.clone());
    }
    for (key, value) in &mut params.pairs {
        if let Some(facet) = Facet::from_exact_key(key) {
            if let Some(spelling) = applied.applied(facet, value) {
                *value = spelling.to_string();
            }
        }
    }
    for facet in Facet::ALL {
        for value in params.request.filters.values_mut(facet) {
            if let Some(spelling) = applied.applied(facet, value) {
                *value = spelling.to_string();
            }
        }
    }
}

pub(crate) fn search_error_page(base: &str, query: &str, error: &ServerError) -> Response {
    let heading = if error.status().is_client_error() {
        "Recherche impossible"
    } else {
        "Erreur du serveur"
    };
    let main = format!(
        r#"<form id="recherche" method="get" action="{base}/">
{search}</form>
<main id="contenu" class="message" tabindex="-1">
<h1>{heading}</h1>
<p class="error">{message}</p>
<p><a href="{base}/">Nouvelle recherche</a></p>
</main>"#,
        search = search_box(query, false),
        message = escape(&labels::error_message(error)),
    );
    html_response(error.status(), layout(base, heading, &main))
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

pub(crate) fn page_href(base: &str, params: &SearchParams, page: usize) -> String {
    let page = page.to_string();
    let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
    if page != "1" {
        pairs.push(("page", &page));
    }
    search_href(base, pairs)
}

/// The link to the search without any filter (the words kept).
fn unfiltered_href(base: &str, params: &SearchParams) -> String {
    let query = params.request.query.as_str();
    search_href(
        base,
        [("q", query)].into_iter().filter(|(_, v)| !v.is_empty()),
    )
}

fn render_search(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let query = params.request.query.as_str();
    let title = if query.is_empty() {
        "Recherche OIM".to_string()
    } else {
        format!("{query} – Recherche OIM")
    };
    let mut main = String::new();
    let _ = writeln!(
        main,
        "<form id=\"recherche\" method=\"get\" action=\"{base}/\">"
    );
    // the empty page: nothing asked yet, typing is the next step
    let empty = params.pairs.is_empty() && params.dropped.is_empty();
    main.push_str(&search_box(query, empty));
    // option parameters have no control: carry them along
    for (key, value) in &params.pairs {
        if matches!(key.as_str(), "typo" | "prefix") {
            let _ = writeln!(
                main,
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(key),
                escape(value)
            );
        }
    }
    main.push_str("<div class=\"layout\" id=\"resultats\">\n");
    main.push_str(&render_layout(base, params, results));
    main.push_str("</div>\n</form>\n<p class=\"visually-hidden\" id=\"annonce\" role=\"status\" aria-live=\"polite\"></p>");
    layout(base, &title, &main)
}

/// What a search changes on the page: the filters and the results. The
/// script swaps it in place while the user types.
fn render_layout(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let mut out = render_facets(base, params, results);
    out.push_str("<main id=\"contenu\" class=\"results\" tabindex=\"-1\">\n");
    out.push_str(&render_results(base, params, results));
    out.push_str("</main>\n");
    out
}

fn render_results(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::new();
    out.push_str("<div class=\"results-head\">\n");
    let _ = writeln!(
        out,
        "<h1 id=\"titre\">{}</h1>",
        results_headline(&params.request.query, results.total)
    );
    out.push_str(&render_sort(params, results));
    out.push_str("</div>\n");
    out.push_str(&render_scope(base, params, results));
    out.push_str(&render_active_filters(base, params));
    out.push_str(&render_dropped(base, params));
    out.push_str(&render_notices(base, params, results));
    out.push_str(&render_report(base, params, results));

    if results.total == 0 {
        out.push_str(&render_no_results(base, params, results));
        return out;
    }
    if results.hits.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">Cette page n’existe pas. <a href=\"{}\">Revenir à la première page</a>.</p>",
            page_href(base, params, 1)
        );
        return out;
    }
    let document_query = document_query(params);
    let (counted, partial): (Vec<&Hit>, Vec<&Hit>) = results
        .hits
        .iter()
        .partition(|h| h.tier != Some(Tier::Partial));
    if !counted.is_empty() {
        let _ = writeln!(out, "<ol class=\"hits\" start=\"{}\">", results.offset + 1);
        for hit in &counted {
            out.push_str(&render_hit(base, hit, &document_query));
        }
        out.push_str("</ol>\n");
    }
    if !partial.is_empty() {
        // a heading, not a list item: the partial pages are not numbered
        // with the results they follow
        let _ = writeln!(
            out,
            "<h2 id=\"partielles\" class=\"partial-head\">Pages qui ne contiennent qu’une partie des mots (non comptées)</h2>\n<ul class=\"hits partial\">"
        );
        for hit in &partial {
            out.push_str(&render_hit(base, hit, &document_query));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&render_pagination(base, params, results));
    out
}

/// What the counted results are, and the pages counted apart: one line
/// under the heading, when the query has words to hold.
fn render_scope(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let n = results.total;
    let these = if n == 1 {
        "Ce résultat contient".to_string()
    } else {
        format!("Ces {} résultats contiennent", group_thousands(n as f64))
    };
    let text = match results.counted {
        Counted::Any if n > 0 => format!("{these} au moins un des mots."),
        Counted::Most if n > 0 => {
            let missing = results
                .missing_concepts
                .iter()
                .map(|w| quoted(&escape(w)))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "Aucune page ne contient tous les mots\u{a0}: {} en contiennent le plus{}. <a href=\"{}\">Exiger chaque mot</a>",
                if n == 1 { "ce résultat".to_string() } else { format!("ces {} résultats", group_thousands(n as f64)) },
                if missing.is_empty() { String::new() } else { format!(" (il manque à certains\u{a0}: {missing})") },
                with_pair_href(base, params, "match", "all")
            )
        }
        Counted::All if n > 0 && results.partial_total > 0 => format!(
            "{these} tous les mots. {} {} qu’une partie\u{a0}: {}, sans être comptées. <a href=\"{}\">Compter aussi ces pages</a>",
            group_thousands(results.partial_total as f64),
            if results.partial_total == 1 { "autre page n’en contient" } else { "autres pages n’en contiennent" },
            if results.hits.iter().any(|h| h.tier == Some(Tier::Partial)) {
                "<a href=\"#partielles\">elles suivent les résultats</a>"
            } else {
                "elles suivent les résultats"
            },
            with_pair_href(base, params, "match", "any")
        ),
        Counted::All if n == 0 && results.partial_total > 0 => format!(
            "Aucune page ne contient tous les mots avec ces filtres\u{202f}; {} en contiennent une partie.",
            group_thousands(results.partial_total as f64)
        ),
        _ => return String::new(),
    };
    format!("<p class=\"scope\">{text}</p>\n")
}

/// This page's link with one parameter set (replaced if present), back on
/// the first page.
fn with_pair_href(base: &str, params: &SearchParams, key: &str, value: &str) -> String {
    let pairs = params
        .pairs
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain([(key, value)]);
    escape(&format!("{base}/?{}", html::query_string(pairs)))
}

/// The results heading: how many answers, and for which words.
fn results_headline(query: &str, total: usize) -> String {
    match (total, query.is_empty()) {
        (0, true) => "Aucun résultat".to_string(),
        (0, false) => format!("Aucun résultat pour {}", quoted(&escape(query))),
        (n, true) => count(n, "document", "documents"),
        (n, false) => format!(
            "{} pour {}",
            count(n, "résultat", "résultats"),
            quoted(&escape(query))
        ),
    }
}

/// What to try when nothing matched, as a French list.
fn render_no_results(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::from("<div class=\"empty\">\n<p>Aucun document ne correspond à cette recherche. Vous pouvez\u{a0}:</p>\n<ul>\n");
    let mut ideas = Vec::new();
    if !results.corrections.is_empty() {
        ideas.push("vérifier les corrections d’orthographe ci-dessus".to_string());
    }
    ideas.push("vérifier l’orthographe des mots".to_string());
    ideas.push("essayer des mots plus généraux, ou moins de mots".to_string());
    if params.pairs.iter().any(|(k, _)| k != "q") {
        ideas.push(format!(
            "<a href=\"{}\">retirer tous les filtres</a>",
            unfiltered_href(base, params)
        ));
    }
    // a French list: `;` after each item, `.` after the last
    let last = ideas.len() - 1;
    for (i, idea) in ideas.iter().enumerate() {
        let end = if i == last { "." } else { "\u{202f};" };
        let _ = writeln!(out, "<li>{idea}{end}</li>");
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// The query string of a link to a document: the words searched for (the
/// document page marks them) and the way back to this results page.
fn document_query(params: &SearchParams) -> String {
    let back = {
        let page = params.page.to_string();
        let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
        if params.page > 1 {
            pairs.push(("page", &page));
        }
        html::query_string(pairs)
    };
    let words = [("q", params.request.query.as_str())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty());
    let retour = [("retour", back.as_str())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty());
    html::query_string(words.chain(retour))
}

/// One hit: its title linking to the document, kind, summary and snippet.
fn render_hit(base: &str, hit: &Hit, document_query: &str) -> String {
    let mut href = format!("{base}/documents/{}", path_segment(&hit.id));
    if !document_query.is_empty() {
        href.push('?');
        href.push_str(document_query);
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<li class=\"hit\">\n<h2><a href=\"{href}\">{title}</a></h2>\n<p class=\"meta\"><span class=\"kind\">{kind}</span>",
        href = escape(&href),
        title = highlight(&hit.title, &hit.title_highlights),
        kind = value_label(Facet::Kind, hit.kind.as_str()),
    );
    let summary = labels::hit_summary(&hit.metadata);
    if !summary.is_empty() {
        let _ = write!(out, " · {}", escape(&summary));
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
    out
}

/// The sort controls. Changing a menu never reloads the page by itself
/// from the keyboard (WCAG 3.2.2: arrow keys browse the options); the
/// "Trier" button submits, and the script submits a choice made with a
/// pointer (`data-pointer-submit`).
fn render_sort(params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::from(
        "<div class=\"sort\">\n<span class=\"control\"><label for=\"sort\">Trier par</label>\n<select id=\"sort\" name=\"sort\" data-pointer-submit>\n",
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
    out.push_str("</select></span>\n");
    // relevance has one direction: an order menu would do nothing
    let ascending = params.request.order == Some(SortOrder::Asc);
    let labels = match results.sort {
        SortBy::Year => Some(("Plus anciens d’abord", "Plus récents d’abord")),
        SortBy::Budget => Some(("Croissant", "Décroissant")),
        SortBy::Relevance => None,
    };
    if let Some((asc_label, desc_label)) = labels {
        let _ = writeln!(
            out,
            "<span class=\"control\"><label for=\"order\">Ordre</label>\n<select id=\"order\" name=\"order\" data-pointer-submit>\n<option value=\"\"{}>{desc_label}</option>\n<option value=\"asc\"{}>{asc_label}</option>\n</select></span>",
            if ascending { "" } else { " selected" },
            if ascending { " selected" } else { "" },
        );
    }
    out.push_str(&match_control(params.request.match_mode));
    out.push_str("<button type=\"submit\" class=\"secondary\">Trier</button>\n</div>\n");
    out
}

/// How the words combine: the library's `match` modes, in French.
fn match_control(mode: MatchMode) -> String {
    let mut out = String::from(
        "<span class=\"control\"><label for=\"match\">Pages comptées</label>\n<select id=\"match\" name=\"match\" data-pointer-submit>\n",
    );
    for (value, label, this) in [
        ("", "Tous les mots, sinon le plus", MatchMode::Auto),
        ("all", "Tous les mots, strictement", MatchMode::All),
        ("any", "Au moins un mot", MatchMode::Any),
    ] {
        let selected = if mode == this { " selected" } else { "" };
        let _ = writeln!(out, "<option value=\"{value}\"{selected}>{label}</option>");
    }
    out.push_str("</select></span>\n");
    out
}

/// The filters set in the URL or typed in the query, each with a link that
/// removes it; a typed value is shown as the index spells it.
fn render_active_filters(base: &str, params: &SearchParams) -> String {
    let chips: Vec<String> = params
        .pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "q" | "sort" | "order"))
        .map(|(k, v)| {
            let label = match k.as_str() {
                "budget_min" => format!("Budget ≥ {}\u{a0}USD", amount_label(v)),
                "budget_max" => format!("Budget ≤ {}\u{a0}USD", amount_label(v)),
                "year_min" => format!("Année ≥ {}", escape(v)),
                "year_max" => format!("Année ≤ {}", escape(v)),
                "typo" => format!("Tolérance aux fautes\u{a0}: {}", escape(v)),
                "prefix" => format!("Préfixe\u{a0}: {}", escape(v)),
                "match" => match v.as_str() {
                    "all" => "Pages comptées\u{a0}: tous les mots, strictement".to_string(),
                    "any" => "Pages comptées\u{a0}: au moins un mot".to_string(),
                    _ => "Pages comptées\u{a0}: tous les mots, sinon le plus".to_string(),
                },
                key => match Facet::from_exact_key(key) {
                    Some(facet) => format!(
                        "{}\u{a0}: {}",
                        facet_name(facet),
                        escape(value_label(facet, v))
                    ),
                    None => format!("{}\u{a0}: {}", escape(key), escape(v)),
                },
            };
            format!(
                "<li><a href=\"{}\" aria-label=\"Retirer le filtre {label}\">{label} <span aria-hidden=\"true\">×</span></a></li>",
                search_href(base, pairs_except(params, Some((k, v))))
            )
        })
        .collect();
    if chips.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"active\"><p id=\"actifs\">Filtres actifs\u{a0}:</p><ul aria-labelledby=\"actifs\">{}</ul></div>\n",
        chips.concat()
    )
}

/// A budget bound of the URL as people read it (`100000` → `100 000`), or
/// the text as typed when it is not a number.
fn amount_label(value: &str) -> String {
    let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.parse::<f64>() {
        Ok(amount) if amount.is_finite() => group_thousands(amount),
        _ => escape(value),
    }
}

/// The parameters the page left out, each with why and, for a facet value
/// close to a valid one, a link to the search with that value instead.
fn render_dropped(base: &str, params: &SearchParams) -> String {
    let mut out = String::new();
    for Dropped {
        key,
        value,
        closest,
    } in &params.dropped
    {
        let facet = Facet::from_exact_key(key);
        let text = match facet {
            Some(facet) => format!(
                "Filtre retiré\u{a0}: {} {} ne correspond à aucune valeur de l’index.",
                facet_name(facet),
                quoted(&escape(value))
            ),
            None => format!(
                "Paramètre ignoré\u{a0}: {} {} {}.",
                labels::parameter_name(key),
                quoted(&escape(value)),
                labels::parameter_hint(key)
            ),
        };
        let suggestion = match (facet, closest) {
            (Some(facet), Some(closest)) => {
                let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
                pairs.push((key, closest));
                format!(
                    " Vouliez-vous dire <a href=\"{}\">{}</a>\u{a0}?",
                    search_href(base, pairs),
                    escape(value_label(facet, closest))
                )
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<p class=\"notice dropped\" role=\"status\">{text}{suggestion}</p>"
        );
    }
    out
}

/// Typo corrections, expansions and the library's notes.
fn render_notices(base: &str, params: &SearchParams, results: &SearchResults) -> String {
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
            "<p class=\"notice correction\">Orthographe corrigée\u{a0}: {}. <a href=\"{}\">Chercher les mots tels quels</a></p>",
            fixes.join("\u{202f}; "),
            search_href(base, exact)
        );
    }
    if !results.expansions.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"notice\">Recherche élargie\u{a0}: {}</p>",
            escape(
                &results
                    .expansions
                    .iter()
                    .map(labels::expansion)
                    .collect::<Vec<_>>()
                    .join("\u{202f}; ")
            )
        );
    }
    // the notes of the filters typed in the query, which the engine did not see
    let typed = params
        .typed_notes
        .iter()
        .filter(|n| !results.notes.contains(n));
    for note in typed.chain(&results.notes) {
        let link = match note {
            // the user may want every word, even one no page has
            Note::DroppedWords { .. } => {
                let mut all: Vec<(&str, &str)> = pairs_except(params, None)
                    .filter(|(k, _)| *k != "match")
                    .collect();
                all.push(("match", "all"));
                format!(
                    " <a href=\"{}\">Exiger tous les mots</a>",
                    search_href(base, all)
                )
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
    // the library's rule, so the page lists values as the CLI does
    entries.sort_by(|a, b| facet.display_order((a.value, a.count), (b.value, b.count)));
    if facet == Facet::Budget {
        // amounts read low to high, whatever their counts
        entries.sort_by_key(|e| bucket_floor(e.value));
    }
    entries
}

/// The lower bound of a budget bucket (`50000-100000` → 50 000), or the
/// largest number for a value that is not one, so it sorts last.
fn bucket_floor(value: &str) -> u64 {
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u64::MAX)
}

/// The value of a range parameter in the URL, for its box.
fn range_value<'a>(params: &'a SearchParams, key: &str) -> &'a str {
    params
        .pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// The year and budget ranges: two boxes each, applied by Enter or by the
/// button beside them (a range is typed, so nothing submits on change).
fn render_ranges(params: &SearchParams) -> String {
    let mut out = String::new();
    for (legend, id, min, max, hint) in [
        ("Années", "annees", "year_min", "year_max", "2015"),
        (
            "Budget (USD)",
            "budget",
            "budget_min",
            "budget_max",
            "100 000",
        ),
    ] {
        let _ = writeln!(
            out,
            "<fieldset class=\"facet range\" id=\"plage-{id}\">\n<legend>{legend}</legend>\n<p><label for=\"{min}\">De</label> <input type=\"text\" inputmode=\"numeric\" id=\"{min}\" name=\"{min}\" value=\"{vmin}\" placeholder=\"{hint}\" size=\"8\" autocomplete=\"off\"> <label for=\"{max}\">à</label> <input type=\"text\" inputmode=\"numeric\" id=\"{max}\" name=\"{max}\" value=\"{vmax}\" size=\"8\" autocomplete=\"off\"> <button type=\"submit\" class=\"secondary\">Appliquer</button></p>\n</fieldset>",
            vmin = escape(range_value(params, min)),
            vmax = escape(range_value(params, max)),
        );
    }
    out
}

fn render_facets(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let mut out = String::from(
        "<aside class=\"facets\" aria-labelledby=\"titre-filtres\">\n<details id=\"filtres\" open>\n<summary><h2 id=\"titre-filtres\">Filtres</h2></summary>\n",
    );
    out.push_str(&render_ranges(params));
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
            "<fieldset class=\"facet\" id=\"facette-{facet}\">\n<legend>{heading}</legend>"
        );
        if entries.len() > FACET_FILTER_FROM {
            // shown by the script only: without it the whole list is there
            let _ = writeln!(
                out,
                "<p class=\"facet-filter\" hidden><label for=\"filtre-{facet}\">Filtrer la liste</label> <input type=\"search\" id=\"filtre-{facet}\" data-facet-filter=\"facette-{facet}\" autocomplete=\"off\" aria-controls=\"facette-{facet}\"></p>"
            );
        }
        out.push_str("<ul>\n");
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
                count = group_thousands(entry.count as f64),
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
    let _ = writeln!(
        out,
        "<p class=\"apply\"><button type=\"submit\" class=\"secondary js-hidden\">Appliquer les filtres</button> <a href=\"{}\">Effacer les filtres</a></p>",
        unfiltered_href(base, params)
    );
    out.push_str("</details>\n</aside>\n");
    out
}

fn render_pagination(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let last_reachable = MAX_DEPTH / PAGE_SIZE;
    let pages = results.total.div_ceil(PAGE_SIZE).min(last_reachable);
    if pages <= 1 {
        return String::new();
    }
    let current = params.page;
    let mut out = format!(
        "<nav class=\"pages\" aria-label=\"Pages de résultats\">\n<p>Page {} sur {}</p>\n<ul>\n",
        group_thousands(current as f64),
        group_thousands(pages as f64)
    );
    if current > 1 {
        let _ = writeln!(
            out,
            "<li><a href=\"{}\" rel=\"prev\">← Précédente</a></li>",
            page_href(base, params, current - 1)
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
                page_href(base, params, page)
            );
        } else {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\" aria-label=\"Page {page}\">{page}</a></li>",
                page_href(base, params, page)
            );
        }
        previous = page;
    }
    if current < pages {
        let _ = writeln!(
            out,
            "<li><a href=\"{}\" rel=\"next\">Suivante →</a></li>",
            page_href(base, params, current + 1)
        );
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

/// The page for an unknown path.
pub(crate) fn not_found_page(base: &str) -> Response {
    let main = format!("<main id=\"contenu\" class=\"message\" tabindex=\"-1\">\n<h1>Page introuvable</h1>\n<p>Cette adresse ne correspond à aucune page.</p>\n<p><a href=\"{base}/\">Aller à la recherche</a></p>\n</main>");
    html_response(
        StatusCode::NOT_FOUND,
        layout(base, "Page introuvable", &main),
    )
}
