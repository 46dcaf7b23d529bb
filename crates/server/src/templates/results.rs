//! The search page: the form around the filters and the results, and the
//! results column (heading, sort, notices, hits, pages). `page` builds the
//! views from the search; nothing here knows the request's keys.

use maud::{html, Markup, Render};

use super::facets::FiltersView;
use super::frame::SearchBox;
use super::report::ReportView;
use super::{Highlighted, Phrase};

/// The whole search page inside the frame: the form that holds the state.
pub(crate) struct SearchForm<'a> {
    /// The application's base path (empty at the root).
    pub(crate) base: &'a str,
    /// The search box.
    pub(crate) search: SearchBox<'a>,
    /// Parameters that have no control, carried along (name, value).
    pub(crate) hidden: Vec<(&'a str, &'a str)>,
    /// The filters and results ([`SearchLayout`]), swapped in place while
    /// typing; none on an error page, which has the box only.
    pub(crate) layout: Option<Markup>,
}

impl Render for SearchForm<'_> {
    fn render(&self) -> Markup {
        html! {
            form #recherche method="get" action={ (self.base) "/" } {
                (self.search)
                @for (name, value) in &self.hidden {
                    input type="hidden" name=(name) value=(value);
                }
                @if let Some(layout) = &self.layout {
                    div.layout #resultats { (layout) }
                }
            }
            @if self.layout.is_some() {
                p.visually-hidden #annonce role="status" aria-live="polite" {}
            }
        }
    }
}

/// What a search changes on the page: the filters and the results. The
/// script swaps it in place while the user types.
pub(crate) struct SearchLayout<'a> {
    /// The filters column.
    pub(crate) filters: FiltersView<'a>,
    /// The results column.
    pub(crate) results: ResultsView<'a>,
}

impl Render for SearchLayout<'_> {
    fn render(&self) -> Markup {
        html! {
            (self.filters)
            main #contenu .results tabindex="-1" { (self.results) }
        }
    }
}

/// One choice of a menu.
pub(crate) struct Choice {
    /// The value sent.
    pub(crate) value: &'static str,
    /// What it reads.
    pub(crate) label: &'static str,
    /// Whether it is the current one.
    pub(crate) selected: bool,
}

/// A menu with its label (`id` is also the parameter's name).
pub(crate) struct Menu {
    /// The control's id and name.
    pub(crate) id: &'static str,
    /// Its label.
    pub(crate) label: &'static str,
    /// Its choices, in order.
    pub(crate) choices: Vec<Choice>,
}

impl Render for Menu {
    fn render(&self) -> Markup {
        // changing a menu never reloads the page from the keyboard (WCAG
        // 3.2.2); the script submits a choice made with a pointer
        html! {
            span.control {
                label for=(self.id) { (self.label) }
                select id=(self.id) name=(self.id) data-pointer-submit {
                    @for choice in &self.choices {
                        option value=(choice.value) selected[choice.selected] { (choice.label) }
                    }
                }
            }
        }
    }
}

/// A notice above the results.
pub(crate) struct Notice {
    /// What kind, for its look.
    pub(crate) kind: NoticeKind,
    /// What it says.
    pub(crate) phrase: Phrase,
}

/// The kinds of notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoticeKind {
    /// A note, an expansion.
    Plain,
    /// Words corrected.
    Correction,
    /// A parameter or filter value left out (announced to screen readers).
    Dropped,
}

impl Render for Notice {
    fn render(&self) -> Markup {
        html! {
            @match self.kind {
                NoticeKind::Plain => p.notice { (self.phrase) },
                NoticeKind::Correction => p.notice.correction { (self.phrase) },
                NoticeKind::Dropped => p.notice.dropped role="status" { (self.phrase) },
            }
        }
    }
}

/// An active filter and the link that removes it.
pub(crate) struct Chip {
    /// What the filter is, in French.
    pub(crate) label: String,
    /// The search without it.
    pub(crate) remove: String,
}

/// One hit.
pub(crate) struct HitView<'a> {
    /// The document page's link.
    pub(crate) href: String,
    /// The title, the searched words marked.
    pub(crate) title: Highlighted<'a>,
    /// Project or news, in French.
    pub(crate) kind: &'a str,
    /// Its metadata in one line (may be empty).
    pub(crate) summary: String,
    /// The passage, the searched words marked (may be empty).
    pub(crate) snippet: Highlighted<'a>,
}

impl Render for HitView<'_> {
    fn render(&self) -> Markup {
        html! {
            li.hit {
                h2 { a href=(self.href) { (self.title) } }
                p.meta {
                    span.kind { (self.kind) }
                    @if !self.summary.is_empty() { " · " (self.summary) }
                }
                @if !self.snippet.text.is_empty() {
                    p.snippet { (self.snippet) }
                }
            }
        }
    }
}

/// One item of the page links.
pub(crate) enum PageItem {
    /// Pages left out between two links.
    Gap,
    /// A page: its number, link, and whether it is the current one.
    Page {
        number: usize,
        href: String,
        current: bool,
    },
}

/// The links to the other pages of results.
pub(crate) struct Pages {
    /// `Page 2 sur 14`.
    pub(crate) position: String,
    /// The previous page's link.
    pub(crate) previous: Option<String>,
    /// The numbered links.
    pub(crate) items: Vec<PageItem>,
    /// The next page's link.
    pub(crate) next: Option<String>,
}

impl Render for Pages {
    fn render(&self) -> Markup {
        html! {
            nav.pages aria-label="Pages de résultats" {
                p { (self.position) }
                ul {
                    @if let Some(href) = &self.previous {
                        li { a href=(href) rel="prev" { "← Précédente" } }
                    }
                    @for item in &self.items {
                        @match item {
                            PageItem::Gap => li.gap aria-hidden="true" { "…" },
                            PageItem::Page { number, href, current: true } => li {
                                a href=(href) aria-current="page" { (number) }
                            },
                            PageItem::Page { number, href, current: false } => li {
                                a href=(href) aria-label={ "Page " (number) } { (number) }
                            },
                        }
                    }
                    @if let Some(href) = &self.next {
                        li { a href=(href) rel="next" { "Suivante →" } }
                    }
                }
            }
        }
    }
}

/// What follows the notices: the hits, or why there are none.
pub(crate) enum ResultsBody<'a> {
    /// Nothing matched: what to try, as a French list.
    NoResults(Vec<Phrase>),
    /// A page past the last one: the link to the first.
    PastTheEnd(String),
    /// The hits of this page.
    Hits {
        /// The number of the first counted hit.
        start: usize,
        /// The hits counted in the total.
        counted: Vec<HitView<'a>>,
        /// The pages that hold only some of the words, after them.
        partial: Vec<HitView<'a>>,
        /// The page links, when there are several pages.
        pages: Option<Pages>,
    },
}

/// The results column.
pub(crate) struct ResultsView<'a> {
    /// How many answers, for which words.
    pub(crate) headline: String,
    /// The sort menus.
    pub(crate) menus: Vec<Menu>,
    /// What the counted results are (may be empty).
    pub(crate) scope: Phrase,
    /// The active filters.
    pub(crate) chips: Vec<Chip>,
    /// Dropped parameters, corrections, expansions and notes.
    pub(crate) notices: Vec<Notice>,
    /// The reporting block, when there are figures.
    pub(crate) report: Option<ReportView>,
    /// The hits.
    pub(crate) body: ResultsBody<'a>,
}

impl Render for ResultsView<'_> {
    fn render(&self) -> Markup {
        html! {
            div.results-head {
                h1 #titre { (self.headline) }
                div.sort {
                    @for menu in &self.menus { (menu) }
                    button type="submit" class="secondary" { "Trier" }
                }
            }
            @if !self.scope.is_empty() { p.scope { (self.scope) } }
            @if !self.chips.is_empty() {
                div.active {
                    p #actifs { "Filtres actifs\u{a0}:" }
                    ul aria-labelledby="actifs" {
                        @for chip in &self.chips {
                            li {
                                a href=(chip.remove) aria-label={ "Retirer le filtre " (chip.label) } {
                                    (chip.label) " " span aria-hidden="true" { "×" }
                                }
                            }
                        }
                    }
                }
            }
            @for notice in &self.notices { (notice) }
            @if let Some(report) = &self.report { (report) }
            (self.body)
        }
    }
}

impl Render for ResultsBody<'_> {
    fn render(&self) -> Markup {
        html! {
            @match self {
                ResultsBody::NoResults(ideas) => div.empty {
                    p { "Aucun document ne correspond à cette recherche. Vous pouvez\u{a0}:" }
                    ul {
                        // a French list: `;` after each item, `.` after the last
                        @for (i, idea) in ideas.iter().enumerate() {
                            li { (idea) @if i + 1 == ideas.len() { "." } @else { "\u{202f};" } }
                        }
                    }
                },
                ResultsBody::PastTheEnd(first) => p.empty {
                    "Cette page n’existe pas. " a href=(first) { "Revenir à la première page" } "."
                },
                ResultsBody::Hits { start, counted, partial, pages } => {
                    @if !counted.is_empty() {
                        ol.hits start=(start) { @for hit in counted { (hit) } }
                    }
                    @if !partial.is_empty() {
                        // a heading, not a list item: the partial pages are
                        // not numbered with the results they follow
                        h2 #partielles .partial-head {
                            "Pages qui ne contiennent qu’une partie des mots (non comptées)"
                        }
                        ul.hits.partial { @for hit in partial { (hit) } }
                    }
                    @if let Some(pages) = pages { (pages) }
                }
            }
        }
    }
}
