//! The reporting block of the search page, under the result count: the
//! summary line (budget total, year span), the timeline chart with its data
//! as a table for screen readers, and the download links, which carry the
//! current query and filters to `/api/export`.

use std::fmt::Write;

use super::chart::timeline_svg;
use super::export::MAX_EXPORT_ROWS;
use super::figures::{compact_usd, summary_line};
use super::html::{escape, query_string};
use super::params::SearchParams;
use oim_search::group_thousands;
use oim_search::{Counted, SearchResults};

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
            "<p class=\"report-scope\">Chiffres, graphique et téléchargements : les {} résultats {which}{}.</p>",
            group_thousands(results.total as f64),
            if results.partial_total > 0 { ", sans les pages partielles" } else { "" }
        );
    }
    if let Some(svg) = timeline_svg(&aggregates.years) {
        let has_budget = aggregates.years.iter().any(|y| y.budget_usd > 0.0);
        let _ = writeln!(
            out,
            "<figure class=\"timeline\">\n{svg}\n<figcaption><span class=\"legend-bar\" aria-hidden=\"true\">■</span> Résultats par année (échelle de gauche){}</figcaption>\n</figure>",
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
                escape(&compact_usd(year.budget_usd))
            );
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
    if results.total <= MAX_EXPORT_ROWS {
        let _ = writeln!(
            out,
            "<p class=\"downloads\">Tous les résultats ({rows}) : <a href=\"{csv}\" download>Télécharger (CSV)</a> · <a href=\"{xlsx}\" download>Télécharger (Excel)</a></p>",
            rows = group_thousands(results.total as f64),
            csv = export_href(base, params, "csv"),
            xlsx = export_href(base, params, "xlsx"),
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"downloads hint\">Téléchargement limité à {} résultats : ajoutez des filtres pour l’obtenir.</p>",
            group_thousands(MAX_EXPORT_ROWS as f64)
        );
    }
    out.push_str("</section>\n");
    out
}
