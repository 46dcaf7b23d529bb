//! The reporting block of the search page, under the result count: the
//! summary line (rounded and exact budget total, year span), the download
//! links (which carry the current query and filters to `/api/export`), and,
//! folded under one summary, the timeline chart with its data as a table
//! and the budget per region and per type, exact to the cent. Here what it
//! shows; `templates::report` marks it up.

use super::chart::timeline;
use super::export::MAX_EXPORT_ROWS;
use super::figures::{exact_usd, summary_line};
use super::labels::{self, facet_name, value_label};
use super::links::query_string;
use super::params::SearchParams;
use super::templates::report::{Breakdown, Chart, Downloads, FigureRow, ReportView};
use oim_search::group_thousands;
use oim_search::{Aggregates, Facet, SearchResults};

/// The export link of the current search in a format.
fn export_href(base: &str, params: &SearchParams, format: &str) -> String {
    let pairs = params
        .pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain([("format", format)]);
    format!("{base}/api/export?{}", query_string(pairs))
}

/// The block, or nothing when there is no match or no aggregates.
pub(crate) fn report_view(
    base: &str,
    params: &SearchParams,
    results: &SearchResults,
) -> Option<ReportView> {
    let aggregates = results.aggregates.as_ref().filter(|_| results.total > 0)?;
    // the figures are those of the counted results: say so when other
    // pages are listed or the count was relaxed
    let scope = labels::report_scope(results);
    Some(ReportView {
        summary: summary_line(aggregates),
        scope,
        downloads: downloads(base, params, results.total),
        chart: chart(aggregates),
        breakdowns: breakdowns(results, aggregates),
    })
}

/// The download links: the workbook and the CSV French Excel opens as it
/// is (the RFC 4180 CSV is for programs: `/api/export?format=csv`).
fn downloads(base: &str, params: &SearchParams, total: usize) -> Downloads {
    if total > MAX_EXPORT_ROWS {
        return Downloads::TooMany(labels::download_limit(MAX_EXPORT_ROWS));
    }
    Downloads::Links {
        rows: labels::downloaded_rows(total),
        xlsx: export_href(base, params, "xlsx"),
        csv: export_href(base, params, "excel-csv"),
    }
}

/// The timeline and its data, every amount to the cent.
fn chart(aggregates: &Aggregates) -> Option<Chart> {
    Some(Chart {
        timeline: timeline(&aggregates.years)?,
        has_budget: aggregates.years.iter().any(|y| y.budget_usd > 0.0),
        rows: aggregates
            .years
            .iter()
            .map(|year| FigureRow {
                name: year.year.to_string(),
                count: group_thousands(year.count as f64),
                amount: exact_usd(year.budget_usd),
            })
            .collect(),
    })
}

/// "Budget par région" and "Budget par type": the budget of the matches
/// per value, largest first, with the number of results of each value.
fn breakdowns(results: &SearchResults, aggregates: &Aggregates) -> Vec<Breakdown> {
    let mut tables = Vec::new();
    for (facet, caption, id) in [
        (Facet::Region, "Budget par région", "budget-region"),
        (Facet::Type, "Budget par type de projet", "budget-type"),
    ] {
        let Some(budgets) = aggregates.facets.get(&facet).filter(|b| !b.is_empty()) else {
            continue;
        };
        let mut rows: Vec<(&String, f64)> = budgets.iter().map(|(v, b)| (v, *b)).collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let counts = results.facets.get(facet);
        tables.push(Breakdown {
            id,
            caption,
            name: facet_name(facet),
            rows: rows
                .into_iter()
                .map(|(value, budget)| FigureRow {
                    name: value_label(facet, value).to_string(),
                    count: group_thousands(counts.get(value).copied().unwrap_or(0) as f64),
                    amount: exact_usd(budget),
                })
                .collect(),
        });
    }
    tables
}
