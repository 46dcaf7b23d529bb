//! The French search page, rendered on the server, and the frame every page
//! shares. The whole state (query, ticked facets, sort, page) lives in the
//! URL of a GET form, so links can be shared and the back button works; the
//! small script in `assets/` only submits the form when a box is ticked or a
//! sort is picked with a pointer. A filter value the index does not know is
//! left out with a French notice instead of failing the page. This module
//! decides what the page shows, as the view models of `templates`, which
//! mark it up and escape it; every link starts with the application's base
//! path.

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, Render};

use super::labels::{self, facet_name, value_label, SORTS};
use super::links::{self, path_segment, search_url};
use super::params::{parse_search, Dropped, Mode, SearchParams, PAGE_SIZE};
use super::report::report_view;
use super::templates::facets::{FacetBox, FacetValue, FiltersView, RangeBox};
use super::templates::frame::{Frame, MessagePage, SearchBox};
use super::templates::results::{
    Chip, Choice, HitView, Menu, Notice, NoticeKind, PageItem, Pages, ResultsBody, ResultsView,
    SearchForm, SearchLayout,
};
use super::templates::{Highlighted, Link, Phrase, Span};
use super::{AppState, ServerError, MAX_QUERY_CHARS};
use oim_search::fold_key;
use oim_search::group_thousands;
use oim_search::Facet;
use oim_search::{
    AppliedFilters, Hit, MatchMode, Note, SearchResults, SortBy, SortOrder, Tier, UnknownValues,
    MAX_DEPTH,
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

/// A whole page: `main` inside the frame every page shares; `base` is the
/// application's base path.
pub(crate) fn layout(base: &str, title: &str, main: Markup) -> String {
    Frame { base, title, main }.render().into_string()
}

/// A page that says one thing, answered with `status`.
pub(crate) fn message_page(status: StatusCode, base: &str, page: MessagePage) -> Response {
    html_response(status, layout(base, page.heading, page.render()))
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
            render_layout(&state.base, &params, &results).into_string(),
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
    let search = SearchForm {
        base,
        search: SearchBox {
            query,
            autofocus: false,
            max_chars: MAX_QUERY_CHARS,
        },
        hidden: Vec::new(),
        layout: None,
    };
    message_page(
        error.status(),
        base,
        MessagePage {
            heading,
            message: labels::error_message(error),
            error: true,
            next: Link {
                href: format!("{base}/"),
                text: "Nouvelle recherche".into(),
            },
            search: Some(search.render()),
        },
    )
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

/// The link to another page of the current search.
pub(crate) fn page_url(base: &str, params: &SearchParams, page: usize) -> String {
    let page = page.to_string();
    let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
    if page != "1" {
        pairs.push(("page", &page));
    }
    search_url(base, pairs)
}

/// The link to the search without any filter (the words kept).
fn unfiltered_href(base: &str, params: &SearchParams) -> String {
    let query = params.request.query.as_str();
    search_url(
        base,
        [("q", query)].into_iter().filter(|(_, v)| !v.is_empty()),
    )
}

fn render_search(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let query = params.request.query.as_str();
    let title = labels::page_title(query);
    // the empty page: nothing asked yet, typing is the next step
    let empty = params.pairs.is_empty() && params.dropped.is_empty();
    let form = SearchForm {
        base,
        search: SearchBox {
            query,
            autofocus: empty,
            max_chars: MAX_QUERY_CHARS,
        },
        // option parameters have no control: carry them along
        hidden: params
            .pairs
            .iter()
            .filter(|(key, _)| matches!(key.as_str(), "typo" | "prefix"))
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect(),
        layout: Some(render_layout(base, params, results)),
    };
    layout(base, &title, form.render())
}

/// What a search changes on the page: the filters and the results. The
/// script swaps it in place while the user types.
fn render_layout(base: &str, params: &SearchParams, results: &SearchResults) -> Markup {
    SearchLayout {
        filters: filters_view(base, params, results),
        results: results_view(base, params, results),
    }
    .render()
}

/// The results column of the page.
fn results_view<'a>(
    base: &str,
    params: &SearchParams,
    results: &'a SearchResults,
) -> ResultsView<'a> {
    let mut notices = dropped_notices(base, params);
    notices.extend(search_notices(base, params, results));
    ResultsView {
        headline: labels::results_headline(&params.request.query, results.total),
        menus: sort_menus(params, results),
        scope: scope_line(base, params, results),
        chips: active_filters(base, params),
        notices,
        report: report_view(base, params, results),
        body: results_body(base, params, results),
    }
}

/// The hits of the page, or what to do when there are none.
fn results_body<'a>(
    base: &str,
    params: &SearchParams,
    results: &'a SearchResults,
) -> ResultsBody<'a> {
    if results.total == 0 {
        return ResultsBody::NoResults(no_results_ideas(base, params, results));
    }
    if results.hits.is_empty() {
        return ResultsBody::PastTheEnd(page_url(base, params, 1));
    }
    let document_query = document_query(params);
    let (counted, partial): (Vec<&Hit>, Vec<&Hit>) = results
        .hits
        .iter()
        .partition(|h| h.tier != Some(Tier::Partial));
    let view = |hits: Vec<&'a Hit>| -> Vec<HitView<'a>> {
        hits.into_iter()
            .map(|hit| hit_view(base, hit, &document_query))
            .collect()
    };
    ResultsBody::Hits {
        start: results.offset + 1,
        counted: view(counted),
        partial: view(partial),
        pages: pages(base, params, results),
    }
}

/// What the counted results are, and the pages counted apart: one line
/// under the heading, when the query has words to hold.
fn scope_line(base: &str, params: &SearchParams, results: &SearchResults) -> Phrase {
    labels::scope(
        results,
        with_pair_href(base, params, "match", "all"),
        with_pair_href(base, params, "match", "any"),
    )
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
    format!("{base}/?{}", links::query_string(pairs))
}

/// What to try when nothing matched.
fn no_results_ideas(base: &str, params: &SearchParams, results: &SearchResults) -> Vec<Phrase> {
    let mut ideas = Vec::new();
    if !results.corrections.is_empty() {
        ideas.push(Phrase::text(
            "vérifier les corrections d’orthographe ci-dessus",
        ));
    }
    ideas.push(Phrase::text("vérifier l’orthographe des mots"));
    ideas.push(Phrase::text(
        "essayer des mots plus généraux, ou moins de mots",
    ));
    if params.pairs.iter().any(|(k, _)| k != "q") {
        ideas.push(Phrase(vec![Span::link(
            unfiltered_href(base, params),
            "retirer tous les filtres",
        )]));
    }
    ideas
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
        links::query_string(pairs)
    };
    let words = [("q", params.request.query.as_str())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty());
    let retour = [("retour", back.as_str())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty());
    links::query_string(words.chain(retour))
}

/// One hit: its title linking to the document, kind, summary and snippet.
fn hit_view<'a>(base: &str, hit: &'a Hit, document_query: &str) -> HitView<'a> {
    let mut href = format!("{base}/documents/{}", path_segment(&hit.id));
    if !document_query.is_empty() {
        href.push('?');
        href.push_str(document_query);
    }
    HitView {
        href,
        title: Highlighted::new(&hit.title, &hit.title_highlights),
        kind: value_label(Facet::Kind, hit.kind.as_str()),
        summary: labels::hit_summary(&hit.metadata),
        snippet: Highlighted::new(&hit.snippet, &hit.highlights),
    }
}

/// The sort menus. Changing a menu never reloads the page by itself from
/// the keyboard (WCAG 3.2.2: arrow keys browse the options); the "Trier"
/// button submits, and the script submits a choice made with a pointer.
fn sort_menus(params: &SearchParams, results: &SearchResults) -> Vec<Menu> {
    // the empty value is the library's default: relevance, or year when
    // browsing without words; it keeps a typed query from inheriting a sort
    let default_label = if params.request.query.trim().is_empty() {
        "Par défaut (année)"
    } else {
        "Pertinence"
    };
    let chosen = params.request.sort;
    let mut sort = vec![Choice {
        value: "",
        label: default_label,
        selected: chosen.is_none(),
    }];
    sort.extend(SORTS.into_iter().map(|(by, value, label)| Choice {
        value,
        label,
        selected: chosen == Some(by),
    }));
    let mut menus = vec![Menu {
        id: "sort",
        label: "Trier par",
        choices: sort,
    }];
    // relevance has one direction: an order menu would do nothing
    let ascending = params.request.order == Some(SortOrder::Asc);
    let labels = match results.sort {
        SortBy::Year => Some(("Plus anciens d’abord", "Plus récents d’abord")),
        SortBy::Budget => Some(("Croissant", "Décroissant")),
        SortBy::Relevance => None,
    };
    if let Some((asc_label, desc_label)) = labels {
        menus.push(Menu {
            id: "order",
            label: "Ordre",
            choices: vec![
                Choice {
                    value: "",
                    label: desc_label,
                    selected: !ascending,
                },
                Choice {
                    value: "asc",
                    label: asc_label,
                    selected: ascending,
                },
            ],
        });
    }
    menus.push(match_menu(params.request.match_mode));
    menus
}

/// How the words combine: the library's `match` modes, in French.
fn match_menu(mode: MatchMode) -> Menu {
    Menu {
        id: "match",
        label: "Pages comptées",
        choices: [
            ("", "Tous les mots, sinon le plus", MatchMode::Auto),
            ("all", "Tous les mots, strictement", MatchMode::All),
            ("any", "Au moins un mot", MatchMode::Any),
        ]
        .into_iter()
        .map(|(value, label, this)| Choice {
            value,
            label,
            selected: mode == this,
        })
        .collect(),
    }
}

/// The filters set in the URL or typed in the query, each with a link that
/// removes it; a typed value is shown as the index spells it.
fn active_filters(base: &str, params: &SearchParams) -> Vec<Chip> {
    params
        .pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "q" | "sort" | "order"))
        .map(|(k, v)| {
            let label = labels::filter_label(k, v);
            Chip {
                label,
                remove: search_url(base, pairs_except(params, Some((k, v)))),
            }
        })
        .collect()
}

/// The parameters the page left out, each with why and, for a facet value
/// close to a valid one, a link to the search with that value instead.
fn dropped_notices(base: &str, params: &SearchParams) -> Vec<Notice> {
    let mut notices = Vec::new();
    for Dropped {
        key,
        value,
        closest,
    } in &params.dropped
    {
        let facet = Facet::from_exact_key(key);
        let mut phrase = Phrase::text(match facet {
            Some(facet) => labels::dropped_filter(facet, value),
            None => labels::ignored_parameter(key, value),
        });
        if let (Some(facet), Some(closest)) = (facet, closest) {
            let mut pairs: Vec<(&str, &str)> = pairs_except(params, None).collect();
            pairs.push((key, closest));
            phrase
                .push_text(" Vouliez-vous dire ")
                .push(Span::link(
                    search_url(base, pairs),
                    value_label(facet, closest),
                ))
                .push_text("\u{a0}?");
        }
        notices.push(Notice {
            kind: NoticeKind::Dropped,
            phrase,
        });
    }
    notices
}

/// Typo corrections, expansions and the library's notes.
fn search_notices(base: &str, params: &SearchParams, results: &SearchResults) -> Vec<Notice> {
    let mut notices = Vec::new();
    if !results.corrections.is_empty() {
        let mut phrase = Phrase::text("Orthographe corrigée\u{a0}: ");
        for (i, c) in results.corrections.iter().enumerate() {
            if i > 0 {
                phrase.push_text("\u{202f}; ");
            }
            phrase
                .push(Span::Quote(c.word.clone()))
                .push_text(" → ")
                .push(Span::Strong(c.written.join(", ")));
        }
        let mut exact: Vec<(&str, &str)> = pairs_except(params, None)
            .filter(|(k, _)| *k != "typo")
            .collect();
        exact.push(("typo", "false"));
        phrase.push_text(". ").push(Span::link(
            search_url(base, exact),
            "Chercher les mots tels quels",
        ));
        notices.push(Notice {
            kind: NoticeKind::Correction,
            phrase,
        });
    }
    if !results.expansions.is_empty() {
        notices.push(Notice {
            kind: NoticeKind::Plain,
            phrase: Phrase::text(labels::expansions(&results.expansions)),
        });
    }
    // the notes of the filters typed in the query, which the engine did not see
    let typed = params
        .typed_notes
        .iter()
        .filter(|n| !results.notes.contains(n));
    for note in typed.chain(&results.notes) {
        let mut phrase = Phrase::text(labels::note(note));
        // the user may want every word, even one no page has
        if let Note::DroppedWords { .. } = note {
            let mut all: Vec<(&str, &str)> = pairs_except(params, None)
                .filter(|(k, _)| *k != "match")
                .collect();
            all.push(("match", "all"));
            phrase
                .push_text(" ")
                .push(Span::link(search_url(base, all), "Exiger tous les mots"));
        }
        notices.push(Notice {
            kind: NoticeKind::Plain,
            phrase,
        });
    }
    notices
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

/// The year and budget ranges: two boxes each.
fn range_boxes(params: &SearchParams) -> Vec<RangeBox<'_>> {
    [
        ("Années", "annees", "year_min", "year_max", "2015"),
        (
            "Budget (USD)",
            "budget",
            "budget_min",
            "budget_max",
            "100 000",
        ),
    ]
    .into_iter()
    .map(|(legend, id, min, max, placeholder)| RangeBox {
        legend,
        id,
        min: (min, range_value(params, min)),
        max: (max, range_value(params, max)),
        placeholder,
    })
    .collect()
}

/// The filters column: the ranges, then every facet that has values.
fn filters_view<'a>(
    base: &str,
    params: &'a SearchParams,
    results: &'a SearchResults,
) -> FiltersView<'a> {
    let facets = Facet::ALL
        .into_iter()
        .filter_map(|facet| {
            let entries = facet_entries(facet, params, results);
            (!entries.is_empty()).then(|| FacetBox {
                key: facet.key(),
                heading: facet_name(facet),
                filterable: entries.len() > FACET_FILTER_FROM,
                values: entries
                    .into_iter()
                    .map(|e| FacetValue {
                        value: e.value,
                        label: value_label(facet, e.value),
                        count: group_thousands(e.count as f64),
                        checked: e.checked,
                    })
                    .collect(),
                shown: FACET_VALUES_SHOWN,
            })
        })
        .collect();
    FiltersView {
        ranges: range_boxes(params),
        facets,
        clear: unfiltered_href(base, params),
    }
}

/// The links to the other pages, when there are several.
fn pages(base: &str, params: &SearchParams, results: &SearchResults) -> Option<Pages> {
    let last_reachable = MAX_DEPTH / PAGE_SIZE;
    let pages = results.total.div_ceil(PAGE_SIZE).min(last_reachable);
    if pages <= 1 {
        return None;
    }
    let current = params.page;
    let mut items = Vec::new();
    let mut previous = 0;
    for page in 1..=pages {
        let near = page + 2 >= current && page <= current + 2;
        if !(page == 1 || page == pages || near) {
            continue;
        }
        if page > previous + 1 {
            items.push(PageItem::Gap);
        }
        items.push(PageItem::Page {
            number: page,
            href: page_url(base, params, page),
            current: page == current,
        });
        previous = page;
    }
    Some(Pages {
        position: labels::page_position(current, pages),
        previous: (current > 1).then(|| page_url(base, params, current - 1)),
        items,
        next: (current < pages).then(|| page_url(base, params, current + 1)),
    })
}

/// The page for an unknown path.
pub(crate) fn not_found_page(base: &str) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        base,
        MessagePage {
            heading: "Page introuvable",
            message: "Cette adresse ne correspond à aucune page.".into(),
            error: false,
            next: Link {
                href: format!("{base}/"),
                text: "Aller à la recherche".into(),
            },
            search: None,
        },
    )
}
