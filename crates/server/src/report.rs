//! The reporting block of the search page, under the result count: the
//! summary line (rounded and exact budget total, year span), the download
//! links (which carry the current query and filters to `/api/export`), and,
//! folded under one summary, the timeline chart with its data as a table
//! and the budget per region and per type, exact to the cent.

use std::fmt::Write;

use super::chart::timeline_svg;
use super::export::MAX_EXPORT_ROWS;
use super::figures::{exact_usd, summary_line};
use super::html::{escape, query_string};
use super::labels::{facet_name, value_label};
use super::params::SearchParams;
use oim_search::group_thousands;
use oim_search::{Aggregates, Counted, Facet, SearchResults};

/// The export link of the current search in a format.
fn export_href(base: &str, params: &SearchParams, format: &str) -> String {
    let pairs = params
        .pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain([("format", format)]);
    escape(&format!("{base}/api/export?{}", query_string(pairs)))
}

/// The block, or nothing when there is no match or no aggregates.
pub(crate) fn render_report(base: &str, params: &SearchParams, results: &SearchResults) -> String {
    let Some(aggregates) = results.aggregates.as_ref().filter(|_| results.total > 0) else {
        return String::new();
    };
    let mut out = String::from("<section class=\"report\" aria-label=\"Synthèse\">\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\">{}</p>",
        escape(&summary_line(aggregates))
    );
    // the figures are those of the counted results: say so when other
    // pages are listed or the count was relaxed
    if results.partial_total > 0 || results.counted != Counted::All {
        let which = match results.counted {
            Counted::All => "qui contiennent tous les mots",
            Counted::Most => "qui contiennent le plus de mots",
            Counted::Any => "qui contiennent au moins un des mots",
        };
        let _ = writeln!(
            out,
            "<p class=\"report-scope\">Chiffres, graphique et téléchargements\u{a0}: les {} résultats {which}{}.</p>",
            group_thousands(results.total as f64),
            if results.partial_total > 0 { ", sans les pages partielles" } else { "" }
        );
    }
    out.push_str(&render_downloads(base, params, results.total));
    let chart = render_chart(aggregates);
    let breakdown = render_breakdown(results, aggregates);
    if !chart.is_empty() || !breakdown.is_empty() {
        // folded by the script on small screens, so that the first result
        // shows on the first screen of a phone
        let _ = writeln!(
            out,
            "<details class=\"figures\" id=\"chiffres\" open>\n<summary>Graphique et budgets détaillés</summary>\n{chart}{breakdown}</details>"
        );
    }
    out.push_str("</section>\n");
    out
}

/// The download links: the workbook and the CSV French Excel opens as it
/// is (the RFC 4180 CSV is for programs: `/api/export?format=csv`). A list,
/// so that a narrow screen never starts a line with a separator.
fn render_downloads(base: &str, params: &SearchParams, total: usize) -> String {
    if total > MAX_EXPORT_ROWS {
        return format!(
            "<p class=\"downloads hint\">Téléchargement limité à {} résultats\u{a0}: ajoutez des filtres pour l’obtenir.</p>\n",
            group_thousands(MAX_EXPORT_ROWS as f64)
        );
    }
    let rows = if total == 1 {
        "le résultat".to_string()
    } else {
        format!("les {} résultats", group_thousands(total as f64))
    };
    format!(
        "<div class=\"downloads\"><p id=\"telecharger\">Télécharger {rows}\u{a0}:</p><ul aria-labelledby=\"telecharger\"><li><a href=\"{xlsx}\" download>Excel (.xlsx)</a></li><li><a href=\"{csv}\" download>CSV pour Excel</a></li></ul></div>\n",
        xlsx = export_href(base, params, "xlsx"),
        csv = export_href(base, params, "excel-csv"),
    )
}

/// The timeline and its data, every amount to the cent.
fn render_chart(aggregates: &Aggregates) -> String {
    let Some(svg) = timeline_svg(&aggregates.years) else {
        return String::new();
    };
    let has_budget = aggregates.years.iter().any(|y| y.budget_usd > 0.0);
    let mut out = format!(
        "<figure class=\"timeline\">\n{svg}\n<figcaption><span class=\"legend-bar\" aria-hidden=\"true\">■</span> Résultats par année (échelle de gauche){}</figcaption>\n</figure>\n",
        if has_budget {
            " <span class=\"legend-line\" aria-hidden=\"true\">●—</span> Budget en USD (échelle de droite)"
        } else {
            ""
        }
    );
    out.push_str("<details class=\"chart-data\">\n<summary>Données du graphique</summary>\n<table>\n<thead><tr><th scope=\"col\">Année</th><th scope=\"col\">Résultats</th><th scope=\"col\">Budget</th></tr></thead>\n<tbody>\n");
    for year in &aggregates.years {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            year.year,
            group_thousands(year.count as f64),
            escape(&exact_usd(year.budget_usd))
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
    out
}

/// "Budget par région" and "Budget par type": the budget of the matches
/// per value, largest first, with the number of results of each value.
fn render_breakdown(results: &SearchResults, aggregates: &Aggregates) -> String {
    let mut out = String::new();
    for (facet, caption, id) in [
        (Facet::Region, "Budget par région", "budget-region"),
        (Facet::Type, "Budget par type de projet", "budget-type"),
    ] {
        let Some(budgets) = aggregates.facets.get(&facet).filter(|b| !b.is_empty()) else {
            continue;
        };
        let mut rows: Vec<(&String, f64)> = budgets.iter().map(|(v, b)| (v, *b)).collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let _ = writeln!(
            out,
            "<table class=\"breakdown\" id=\"{id}\">\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Résultats</th><th scope=\"col\">Budget</th></tr></thead>\n<tbody>",
            facet_name(facet)
        );
        let counts = results.facets.get(facet);
        for (value, budget) in rows {
            let count = counts.get(value).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                escape(value_label(facet, value)),
                group_thousands(count as f64),
                escape(&exact_usd(budget))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if out.is_empty() {
        return out;
    }
    format!("<div class=\"breakdowns\">\n{out}</div>\n")
}
