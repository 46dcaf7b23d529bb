//! The reporting block under the result count: the summary line, the
//! download links, and, folded under one summary, the timeline with its
//! data as a table and the budget per region and per type.

use maud::{html, Markup, Render};

use super::chart::Timeline;

/// The download part.
pub(crate) enum Downloads {
    /// Too many results to download: why, and what to do.
    TooMany(String),
    /// The links: what they download (`les 37 résultats`), and where.
    Links {
        rows: String,
        xlsx: String,
        csv: String,
    },
}

/// One row of a table of figures: its name, its count, its amount.
pub(crate) struct FigureRow {
    pub(crate) name: String,
    pub(crate) count: String,
    pub(crate) amount: String,
}

/// The budget of the results per value of a facet.
pub(crate) struct Breakdown {
    /// The table's id.
    pub(crate) id: &'static str,
    /// Its caption.
    pub(crate) caption: &'static str,
    /// The heading of its first column (the facet's name).
    pub(crate) name: &'static str,
    /// Its rows, largest budget first.
    pub(crate) rows: Vec<FigureRow>,
}

/// The chart and its data.
pub(crate) struct Chart {
    /// The drawing.
    pub(crate) timeline: Timeline,
    /// Whether it draws a budget line (its legend says so).
    pub(crate) has_budget: bool,
    /// Its data, a row per year.
    pub(crate) rows: Vec<FigureRow>,
}

/// The whole block.
pub(crate) struct ReportView {
    /// `37 projets avec budget · 4,3 M USD au total (…) · 2008–2025`.
    pub(crate) summary: String,
    /// Which results the figures count, when not all pages listed.
    pub(crate) scope: Option<String>,
    /// The downloads.
    pub(crate) downloads: Downloads,
    /// The chart, when a result has a year.
    pub(crate) chart: Option<Chart>,
    /// The budget tables that have rows.
    pub(crate) breakdowns: Vec<Breakdown>,
}

impl Render for Downloads {
    fn render(&self) -> Markup {
        html! {
            @match self {
                Downloads::TooMany(why) => p.downloads.hint { (why) },
                // a list, so that a narrow screen never starts a line with a separator
                Downloads::Links { rows, xlsx, csv } => div.downloads {
                    p #telecharger { "Télécharger " (rows) "\u{a0}:" }
                    ul aria-labelledby="telecharger" {
                        li { a href=(xlsx) download { "Excel (.xlsx)" } }
                        li { a href=(csv) download { "CSV pour Excel" } }
                    }
                }
            }
        }
    }
}

impl Render for Chart {
    fn render(&self) -> Markup {
        html! {
            figure.timeline {
                (self.timeline)
                figcaption {
                    span.legend-bar aria-hidden="true" { "■" }
                    " Résultats par année (échelle de gauche)"
                    @if self.has_budget {
                        " " span.legend-line aria-hidden="true" { "●—" }
                        " Budget en USD (échelle de droite)"
                    }
                }
            }
            details.chart-data {
                summary { "Données du graphique" }
                table {
                    thead { tr { th scope="col" { "Année" } th scope="col" { "Résultats" } th scope="col" { "Budget" } } }
                    tbody { @for row in &self.rows { (row) } }
                }
            }
        }
    }
}

impl Render for FigureRow {
    fn render(&self) -> Markup {
        html! {
            tr { th scope="row" { (self.name) } td { (self.count) } td { (self.amount) } }
        }
    }
}

impl Render for Breakdown {
    fn render(&self) -> Markup {
        html! {
            table.breakdown id=(self.id) {
                caption { (self.caption) }
                thead { tr { th scope="col" { (self.name) } th scope="col" { "Résultats" } th scope="col" { "Budget" } } }
                tbody { @for row in &self.rows { (row) } }
            }
        }
    }
}

impl Render for ReportView {
    fn render(&self) -> Markup {
        html! {
            section.report aria-label="Synthèse" {
                p.summary { (self.summary) }
                @if let Some(scope) = &self.scope { p.report-scope { (scope) } }
                (self.downloads)
                @if self.chart.is_some() || !self.breakdowns.is_empty() {
                    // folded by the script on small screens, so that the
                    // first result shows on the first screen of a phone
                    details.figures #chiffres open {
                        summary { "Graphique et budgets détaillés" }
                        @if let Some(chart) = &self.chart { (chart) }
                        @if !self.breakdowns.is_empty() {
                            div.breakdowns { @for table in &self.breakdowns { (table) } }
                        }
                    }
                }
            }
        }
    }
}
