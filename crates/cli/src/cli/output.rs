//! Text rendering for people, in English: hits with highlighted snippets,
//! facet summaries, documents, counts, sizes and durations; and whether
//! notes on stderr are wanted (`--quiet`). Color only on a terminal and
//! never under NO_COLOR.

use std::io::IsTerminal;
use std::time::Duration;

use oim_search::{Aggregates, Counted, Document, Facet, FacetCounts, Hit, SearchResults, Tier};

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

/// ANSI bold, the style of titles.
const BOLD: &str = "\x1b[1m";
/// ANSI reset: ends every style at once.
const RESET: &str = "\x1b[0m";

/// Wraps the highlighted character ranges of `text`, on one line: each run
/// of whitespace (newlines of the page included) becomes one space.
pub fn highlight(text: &str, ranges: &[[usize; 2]], style: Highlight) -> String {
    highlight_in(text, ranges, style, "")
}

/// [`highlight`] inside text shown in the ANSI style `outer`, which is
/// opened again after each highlight (its reset ends every style).
fn highlight_in(text: &str, ranges: &[[usize; 2]], style: Highlight, outer: &str) -> String {
    let reopen = format!("{RESET}{outer}");
    let (open, close) = match style {
        Highlight::Ansi => ("\x1b[1;33m", reopen.as_str()),
        Highlight::Markers => ("**", "**"),
        Highlight::None => ("", ""),
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut next = ranges.iter().peekable();
    let mut open_until: Option<usize> = None;
    let mut after_space = false;
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
        // offsets count the original characters, so spaces are dropped
        // here rather than before
        if c.is_whitespace() {
            if !after_space {
                out.push(' ');
            }
            after_space = true;
        } else if c.is_control() {
            // an escape code in a page's text is shown, not replayed
            out.extend(c.escape_default());
            after_space = false;
        } else {
            out.push(c);
            after_space = false;
        }
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

/// Text of several lines (a page's body) with its control characters
/// escaped as [`printable`] does, line ends and tabs kept.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Values listed in full in an unknown-value error; longer lists (99
/// countries on a large corpus) give the closest few and the command that
/// lists them all.
const LISTED_VALUES: usize = 8;
/// How many close values a long list is cut to.
const CLOSE_VALUES: usize = 5;

/// An error's own message for people: as the library words it, except an
/// unknown facet value among many valid ones, which names the closest few
/// instead of every one.
pub fn error_message(err: &(dyn std::error::Error + 'static)) -> String {
    match err.downcast_ref::<oim_search::Error>() {
        Some(oim_search::Error::UnknownFacetValue {
            facet,
            value,
            valid,
            closest,
        }) if valid.len() > LISTED_VALUES => {
            let key = value.to_lowercase();
            let mut near: Vec<&String> = valid.iter().collect();
            near.sort_by_key(|v| {
                (
                    Some(*v) != closest.as_ref(),
                    strsim::osa_distance(&v.to_lowercase(), &key),
                )
            });
            let near: Vec<&str> = near
                .into_iter()
                .take(CLOSE_VALUES)
                .map(String::as_str)
                .collect();
            format!(
                "unknown {facet} `{value}`{}: the closest of its {} values are {}; \
                 `oim-search facets` lists them all",
                closest
                    .as_ref()
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default(),
                count(valid.len() as u64),
                near.join(", ")
            )
        }
        _ => err.to_string(),
    }
}

/// A path for the terminal: see [`printable`].
pub fn printable_path(path: &std::path::Path) -> String {
    printable(&path.to_string_lossy()).into_owned()
}

/// A title in bold, its highlights in bold yellow.
fn title(hit: &Hit, style: Highlight) -> String {
    let text = highlight_in(&hit.title, &hit.title_highlights, style, BOLD);
    if style == Highlight::Ansi {
        format!("{BOLD}{text}{RESET}")
    } else {
        text
    }
}

/// A corrected word written with the capitals of the word typed:
/// `Lesoto` → `Lesotho`, `LESOTO` → `LESOTHO`.
fn in_case_of(typed: &str, word: &str) -> String {
    let mut letters = typed.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return word.to_string();
    };
    let rest: Vec<char> = letters.collect();
    if first.is_uppercase() && !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
        word.to_uppercase()
    } else if first.is_uppercase() {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

/// A hit's metadata in one line, in English:
/// `Afrique · Développement … · 200,000.00 USD · 2024 · Lesotho`.
fn hit_summary(hit: &Hit) -> String {
    let m = &hit.metadata;
    let mut parts = Vec::new();
    if let Some(region) = &m.region {
        parts.push(if m.region_inferred {
            format!("{region} (inferred)")
        } else {
            region.clone()
        });
    }
    if let Some(t) = &m.project_type {
        parts.push(t.clone());
    }
    if let Some(b) = m.budget_usd {
        parts.push(format!("{} USD", usd(b)));
    }
    match (m.start_year, m.end_year.or(m.year)) {
        (Some(a), Some(b)) if a != b => parts.push(format!("{a}–{b}")),
        (Some(a), _) | (None, Some(a)) => parts.push(a.to_string()),
        _ => {}
    }
    if !m.countries.is_empty() {
        parts.push(m.countries.join(", "));
    }
    printable(&parts.join(" · ")).into_owned()
}

/// What the count covers, when it matters: pages holding part of the
/// query are counted apart, or no page holds every word.
fn render_scope(results: &SearchResults) -> String {
    let others = match results.partial_total {
        0 => String::new(),
        1 => "; 1 other page holds only some of them (not counted)".to_string(),
        n => format!(
            "; {} other pages hold only some of them (not counted)",
            count(n as u64)
        ),
    };
    match results.counted {
        Counted::All if results.total > 0 && results.partial_total > 0 => format!(
            "  counted: the {} that {} every word{others}\n",
            plural(results.total, "result"),
            verb_hold(results.total)
        ),
        Counted::All if results.partial_total > 0 => {
            format!("  counted: no result holds every word{others}\n")
        }
        Counted::Most if results.total > 0 => format!(
            "  counted: no page holds every word; the {} that {} the most of them{}{others}\n",
            plural(results.total, "result"),
            verb_hold(results.total),
            if results.missing_concepts.is_empty() {
                String::new()
            } else {
                format!(
                    " (some lack: {})",
                    printable(&results.missing_concepts.join(", "))
                )
            }
        ),
        Counted::Any if results.total > 0 => format!(
            "  counted: the {} that {} any word (--match any)\n",
            plural(results.total, "result"),
            verb_hold(results.total)
        ),
        _ => String::new(),
    }
}

/// `holds` for one, `hold` for several.
fn verb_hold(n: usize) -> &'static str {
    if n == 1 {
        "holds"
    } else {
        "hold"
    }
}

/// `1 result`, `1,234 results`.
fn plural(n: usize, noun: &str) -> String {
    format!(
        "{} {noun}{}",
        count(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// Search results for people.
pub fn render_results(results: &SearchResults, style: Highlight, with_facets: bool) -> String {
    let mut out = String::new();
    let shown = results.hits.len();
    let range = if shown > 0 {
        format!(
            "showing {}–{}",
            count((results.offset + 1) as u64),
            count((results.offset + shown) as u64)
        )
    } else if results.offset > 0 && results.offset >= results.total {
        format!(
            // the offset as typed (`--offset 7000`)
            "none shown: offset {} is past the last result",
            results.offset
        )
    } else {
        "none shown".to_string()
    };
    out.push_str(&format!(
        "{} for \"{}\" ({range}, {:.1} ms)\n",
        plural(results.total, "result"),
        // the query is echoed inert: an escape code typed in it is not replayed
        printable(&results.query),
        results.took_ms
    ));
    out.push_str(&render_scope(results));
    if let Some(aggregates) = results.aggregates.as_ref().filter(|_| results.total > 0) {
        out.push_str(&format!("  {}\n", render_summary(aggregates)));
    }
    for c in &results.corrections {
        let corrected: Vec<String> = c.written.iter().map(|w| in_case_of(&c.word, w)).collect();
        out.push_str(&format!(
            "  typo: \"{}\" searched as {}\n",
            c.word,
            corrected.join(", ")
        ));
    }
    for e in &results.expansions {
        out.push_str(&format!("  also searched: {e}\n"));
    }
    for n in &results.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    // browsing scores nothing: every score is 0, not worth a line
    let scored = results.hits.iter().any(|h| h.score != 0.0);
    let mut partial_shown = false;
    for (i, hit) in results.hits.iter().enumerate() {
        out.push('\n');
        if hit.tier == Some(Tier::Partial) && !partial_shown {
            partial_shown = true;
            out.push_str("-- pages holding only some of the words (not counted) --\n\n");
        }
        out.push_str(&render_hit(results.offset + i + 1, hit, style, scored));
    }
    if with_facets {
        out.push('\n');
        out.push_str(&render_facets(&results.facets, 6));
    }
    out
}

/// One hit: its place, title, id and kind (and score), metadata line and
/// snippet.
fn render_hit(place: usize, hit: &Hit, style: Highlight, scored: bool) -> String {
    let mut out = format!("{place}. {}\n", title(hit, style));
    out.push_str(&format!(
        "   {} · {}",
        printable(&hit.id),
        hit.kind.as_str()
    ));
    if scored {
        out.push_str(&format!(" · score {:.2}", hit.score));
    }
    out.push('\n');
    let summary = hit_summary(hit);
    if !summary.is_empty() {
        out.push_str(&format!("   {summary}\n"));
    }
    out.push_str(&format!(
        "   {}\n",
        highlight(&hit.snippet, &hit.highlights, style)
    ));
    out
}

/// `4312345.5` → `4,312,345.50`: plain figures with English grouping.
pub fn usd(amount: f64) -> String {
    let text = format!("{amount:.2}");
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", whole),
    };
    format!("{sign}{}.{cents}", group_digits(digits))
}

/// `5828` → `5,828`: a count with English grouping.
pub fn count(n: u64) -> String {
    group_digits(&n.to_string())
}

/// Commas between groups of three digits.
fn group_digits(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// A size in binary units with one decimal: `71.1 MB`, `43.5 KB`, `512 B`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    // 1023.96 KB would print as 1024.0 KB: move up before rounding does
    while value >= 1023.95 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A duration to the second: `8 s`, `1 min 15 s`, `2 h 05 min`.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min {:02} s", secs / 60, secs % 60),
        _ => format!("{} h {:02} min", secs / 3600, secs % 3600 / 60),
    }
}

/// The aggregates in one line:
/// `budget: 4,312,345.50 USD over 37 results with a budget · years 2008–2025`.
pub fn render_summary(aggregates: &Aggregates) -> String {
    let mut parts = vec![match aggregates.with_budget {
        // news items carry no budget: a total of 0.00 USD would mislead
        0 => "budget: no result has one".to_string(),
        n => format!(
            "budget: {} USD over {} result{} with a budget",
            usd(aggregates.budget_usd),
            count(n),
            if n == 1 { "" } else { "s" }
        ),
    }];
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
    for (name, _) in facets.iter() {
        let values = facets.ordered(name);
        let more = values.len().saturating_sub(limit);
        let listed: Vec<String> = values
            .iter()
            .take(limit)
            .map(|(v, n)| {
                let budget = budgets
                    .and_then(|a| a.facets.get(&name))
                    .and_then(|values| values.get(*v));
                // values come from the pages: an escape code in one is shown inert
                let v = printable(v);
                match budget {
                    Some(b) => format!("{v} ({}, {} USD)", count(*n), usd(*b)),
                    None => format!("{v} ({})", count(*n)),
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

/// A whole document for people, every text from the page printed inert:
/// control characters (escape codes) escaped, the body keeping its line ends.
pub fn render_document(doc: &Document) -> String {
    let title = printable(&doc.title);
    let mut out = format!("{title}\n{}\n\n", "=".repeat(title.chars().count().min(80)));
    let mut field = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            out.push_str(&format!("{:<16} {}\n", printable(label), printable(&v)));
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
    field(
        Facet::Budget.key(),
        doc.budget_usd.map(|b| format!("{} USD", usd(b))),
    );
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
    out.push_str(&printable_lines(&doc.body));
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
            (-1234.5, "-1,234.50"),
        ] {
            assert_eq!(usd(amount), expected);
        }
        assert_eq!(
            (count(0), count(5_828), count(1_000_000)),
            ("0".into(), "5,828".into(), "1,000,000".into())
        );
    }

    #[test]
    fn sizes_read_in_binary_units() {
        for (n, expected) in [
            (0, "0 B"),
            (1023, "1023 B"),
            (1024, "1.0 KB"),
            (44_544, "43.5 KB"),
            (1_048_575, "1.0 MB"),
            (74_545_766, "71.1 MB"),
            (3 * 1024 * 1024 * 1024, "3.0 GB"),
            (u64::MAX, "16384.0 PB"),
        ] {
            assert_eq!(bytes(n), expected, "{n}");
        }
    }

    #[test]
    fn durations_read_to_the_second() {
        let s = Duration::from_secs;
        assert_eq!(duration(Duration::from_millis(999)), "0 s");
        assert_eq!(duration(s(59)), "59 s");
        assert_eq!(duration(s(75)), "1 min 15 s");
        assert_eq!(duration(s(7500)), "2 h 05 min");
    }

    #[test]
    fn corrections_take_the_capitals_typed() {
        for (typed, word, shown) in [
            ("Lesoto", "lesotho", "Lesotho"),
            ("lesoto", "lesotho", "lesotho"),
            ("LESOTO", "lesotho", "LESOTHO"),
            ("Émigrtion", "emigration", "Emigration"),
            ("L", "la", "La"),
            ("123", "abc", "abc"),
            ("X", "", ""),
        ] {
            assert_eq!(in_case_of(typed, word), shown, "{typed} {word}");
        }
    }

    #[test]
    fn titles_stay_bold_after_a_highlight() {
        let hit = Hit {
            title: "la diaspora basotho".into(),
            title_highlights: vec![[3, 11]],
            ..sample_hit()
        };
        assert_eq!(
            title(&hit, Highlight::Ansi),
            "\x1b[1mla \x1b[1;33mdiaspora\x1b[0m\x1b[1m basotho\x1b[0m"
        );
        assert_eq!(title(&hit, Highlight::Markers), "la **diaspora** basotho");
    }

    #[test]
    fn snippets_print_on_one_line() {
        let text = "fin de ligne.\n\nDébut  de\tla suite";
        let start = text.chars().position(|c| c == 'D').unwrap();
        assert_eq!(
            highlight(text, &[[start, start + 5]], Highlight::Markers),
            "fin de ligne. **Début** de la suite"
        );
        assert_eq!(highlight("a\n\nb", &[], Highlight::None), "a b");
    }

    fn sample_hit() -> Hit {
        serde_json::from_value(serde_json::json!({
            "id": "x", "score": 0.0, "title": "t", "kind": "project", "snippet": "s",
            "highlights": [], "title_highlights": [], "region": "Asie et Océanie",
            "region_inferred": true, "project_type": null, "budget_usd": 1234.5,
            "countries": ["Népal"], "project_id": null, "prima_id": null,
            "start_year": 2019, "end_year": 2021, "year": 2019, "status": null,
            "coverage": null, "summary": "Asie et Océanie (déduite)"
        }))
        .unwrap()
    }

    #[test]
    fn the_summary_line_is_english() {
        assert_eq!(
            hit_summary(&sample_hit()),
            "Asie et Océanie (inferred) · 1,234.50 USD · 2019–2021 · Népal"
        );
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
