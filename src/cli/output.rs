//! Text rendering for people: hits with highlighted snippets, facet
//! summaries, documents. Color only on a terminal and never under NO_COLOR.

use std::io::IsTerminal;

use oim_search::{Aggregates, Document, Facet, FacetCounts, SearchResults};

/// `--color` as typed.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color on a terminal when NO_COLOR is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// How highlights are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// ANSI bold yellow.
    Ansi,
    /// `**word**` markers (output piped).
    Markers,
    /// Not at all (NO_COLOR).
    None,
}

impl ColorChoice {
    /// Decides how to highlight for this run.
    pub fn resolve(self) -> Highlight {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => Highlight::Ansi,
            ColorChoice::Never => Highlight::None,
            ColorChoice::Auto if no_color => Highlight::None,
            ColorChoice::Auto if std::io::stdout().is_terminal() => Highlight::Ansi,
            ColorChoice::Auto => Highlight::Markers,
        }
    }
}

/// Wraps the highlighted character ranges of `text`.
pub fn highlight(text: &str, ranges: &[[usize; 2]], style: Highlight) -> String {
    let (open, close) = match style {
        Highlight::Ansi => ("\x1b[1;33m", "\x1b[0m"),
        Highlight::Markers => ("**", "**"),
        Highlight::None => return text.to_string(),
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut next = ranges.iter().peekable();
    let mut open_until: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        if open_until == Some(i) {
            out.push_str(close);
            open_until = None;
        }
        while next.peek().is_some_and(|r| r[1] <= i) {
            next.next();
        }
        if open_until.is_none() && next.peek().is_some_and(|r| r[0] == i) {
            out.push_str(open);
            open_until = next.next().map(|r| r[1]);
        }
        out.push(c);
    }
    if open_until.is_some() {
        out.push_str(close);
    }
    out
}

/// Text with its control characters escaped (`\n`, `\u{1b}`), so a file
/// name holding a newline or a terminal escape code prints as one inert
/// line.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path for the terminal: see [`printable`].
pub fn printable_path(path: &std::path::Path) -> String {
    printable(&path.to_string_lossy()).into_owned()
}

fn bold(text: &str, style: Highlight) -> String {
    if style == Highlight::Ansi {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Search results for people.
pub fn render_results(results: &SearchResults, style: Highlight, with_facets: bool) -> String {
    let mut out = String::new();
    let shown = results.hits.len();
    let range = if shown > 0 {
        format!("showing {}–{}", results.offset + 1, results.offset + shown)
    } else if results.offset > 0 && results.offset >= results.total {
        format!(
            "none shown: offset {} is past the last result",
            results.offset
        )
    } else {
        "none shown".to_string()
    };
    out.push_str(&format!(
        "{} result{} for \"{}\" ({range}, {:.1} ms)\n",
        results.total,
        if results.total == 1 { "" } else { "s" },
        results.query,
        results.took_ms
    ));
    if let Some(aggregates) = results.aggregates.as_ref().filter(|_| results.total > 0) {
        out.push_str(&format!("  {}\n", render_summary(aggregates)));
    }
    for c in &results.corrections {
        out.push_str(&format!(
            "  typo: \"{}\" searched as {}\n",
            c.word,
            c.corrected.join(", ")
        ));
    }
    for e in &results.expansions {
        out.push_str(&format!("  also searched: {e}\n"));
    }
    for n in &results.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    for (i, hit) in results.hits.iter().enumerate() {
        out.push('\n');
        let title = highlight(&hit.title, &hit.title_highlights, style);
        out.push_str(&format!(
            "{}. {}\n",
            results.offset + i + 1,
            bold(&title, style)
        ));
        out.push_str(&format!(
            "   {} · {} · score {:.2}\n",
            hit.id,
            hit.kind.as_str(),
            hit.score
        ));
        if !hit.summary.is_empty() {
            out.push_str(&format!("   {}\n", hit.summary));
        }
        out.push_str(&format!(
            "   {}\n",
            highlight(&hit.snippet, &hit.highlights, style)
        ));
    }
    if with_facets {
        out.push('\n');
        out.push_str(&render_facets(&results.facets, 6));
    }
    out
}

/// `4312345.5` → `4,312,345.50`: plain figures with English grouping.
pub fn usd(amount: f64) -> String {
    let text = format!("{amount:.2}");
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{cents}")
}

/// The aggregates in one line:
/// `budget: 4,312,345.50 USD over 37 results with a budget · years 2008–2025`.
pub fn render_summary(aggregates: &Aggregates) -> String {
    let mut parts = vec![format!(
        "budget: {} USD over {} result{} with a budget",
        usd(aggregates.budget_usd),
        aggregates.with_budget,
        if aggregates.with_budget == 1 { "" } else { "s" }
    )];
    match aggregates.year_span() {
        Some((first, last)) if first != last => parts.push(format!("years {first}–{last}")),
        Some((year, _)) => parts.push(format!("year {year}")),
        None => {}
    }
    parts.join(" · ")
}

/// Facet counts, most frequent values first, `limit` values per facet.
pub fn render_facets(facets: &FacetCounts, limit: usize) -> String {
    render_facets_with_budget(facets, None, limit)
}

/// Facet counts, with the budget sum of each value beside its count when
/// `budgets` (from [`Aggregates::facets`]) are given.
pub fn render_facets_with_budget(
    facets: &FacetCounts,
    budgets: Option<&Aggregates>,
    limit: usize,
) -> String {
    let mut out = String::new();
    for (name, values) in facets.iter() {
        let mut values: Vec<(&String, &u64)> = values.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let more = values.len().saturating_sub(limit);
        let listed: Vec<String> = values
            .iter()
            .take(limit)
            .map(|(v, n)| {
                let budget = budgets
                    .and_then(|a| a.facets.get(&name))
                    .and_then(|values| values.get(*v));
                match budget {
                    Some(b) => format!("{v} ({n}, {} USD)", usd(*b)),
                    None => format!("{v} ({n})"),
                }
            })
            .collect();
        out.push_str(&format!(
            "{:>9}: {}{}\n",
            name.key(),
            if listed.is_empty() {
                "-".to_string()
            } else {
                listed.join(", ")
            },
            if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            }
        ));
    }
    out
}

/// A whole document for people.
pub fn render_document(doc: &Document) -> String {
    let mut out = format!(
        "{}\n{}\n\n",
        doc.title,
        "=".repeat(doc.title.chars().count().min(80))
    );
    let mut field = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            out.push_str(&format!("{label:<16} {v}\n"));
        }
    };
    field("id", Some(doc.id.clone()));
    field(Facet::Kind.key(), Some(doc.kind.as_str().to_string()));
    field("project ID", doc.project_id.clone());
    field("Prima ID", doc.prima_id.clone());
    field("start year", doc.start_year.map(|y| y.to_string()));
    field("end year", doc.end_year.map(|y| y.to_string()));
    field(Facet::Year.key(), doc.year.map(|y| y.to_string()));
    field(Facet::Status.key(), doc.status.clone());
    field("project type", doc.project_type.clone());
    field("budget (USD)", doc.budget_usd.map(|b| format!("{b:.2}")));
    field(Facet::Coverage.key(), doc.coverage.clone());
    field(
        Facet::Region.key(),
        doc.region.clone().map(|r| {
            if doc.region_inferred {
                format!("{r} (inferred)")
            } else {
                r
            }
        }),
    );
    field(
        "countries",
        (!doc.countries.is_empty()).then(|| doc.countries.join("; ")),
    );
    field("dateline", doc.dateline.clone());
    for (k, v) in &doc.extra {
        field(k, Some(v.clone()));
    }
    field("contact", doc.contact.clone());
    out.push('\n');
    out.push_str(&doc.body);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_groups_thousands_with_commas() {
        for (amount, expected) in [
            (0.0, "0.00"),
            (999.5, "999.50"),
            (1000.0, "1,000.00"),
            (4_312_345.5, "4,312,345.50"),
            (123_456_789.0, "123,456,789.00"),
        ] {
            assert_eq!(usd(amount), expected);
        }
    }

    #[test]
    fn highlight_wraps_char_ranges() {
        assert_eq!(
            highlight("la diaspora basotho", &[[3, 11]], Highlight::Markers),
            "la **diaspora** basotho"
        );
        assert_eq!(highlight("État", &[[0, 4]], Highlight::Markers), "**État**");
        assert_eq!(highlight("État", &[[0, 4]], Highlight::None), "État");
        assert_eq!(
            highlight("a b", &[[0, 1], [2, 3]], Highlight::Markers),
            "**a** **b**"
        );
    }
}
