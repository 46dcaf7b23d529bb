//! What lets a downloaded file be filed and found again: a name that carries
//! the query and the date (`oim-diaspora-lesotho-2026-12-07.xlsx`), the
//! lines of the workbook's « Recherche » sheet (query, filters, date, total,
//! exact budget), and the address each row links to. Writing the rows is
//! left to the library's writers.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;

use super::labels::{facet_name, parameter_name, value_label};
use super::links::query_string;
use super::params::SearchParams;
use oim_search::{fold_key, Cell, Facet};

/// Longest query part of a file name, in characters.
const MAX_STEM_WORDS_CHARS: usize = 50;

/// Today's date in UTC, `2026-12-07` (days since 1970 to a civil date,
/// after Howard Hinnant's `civil_from_days`; no date crate for one line).
pub(crate) fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The file name's stem: `oim-`, the words and filter values in plain
/// ASCII (accents dropped, anything else a hyphen), and the date; only
/// ASCII, so that every browser and file system keeps it as it is.
pub(crate) fn file_stem(params: &SearchParams, date: &str) -> String {
    let words = params
        .pairs
        .iter()
        .filter(|(k, _)| k == "q" || Facet::from_exact_key(k).is_some())
        .map(|(_, v)| fold_key(v))
        .collect::<Vec<_>>()
        .join(" ");
    let mut slug = String::new();
    for c in words.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_STEM_WORDS_CHARS {
        // cut at a word's end when there is one
        slug.truncate(MAX_STEM_WORDS_CHARS);
        if let Some(end) = slug.rfind('-') {
            slug.truncate(end);
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("oim-recherche-{date}")
    } else {
        format!("oim-{slug}-{date}")
    }
}

/// The filters of a search in French, `Région : Afrique ; Année ≥ 2015`,
/// or `aucun`.
fn filters_text(params: &SearchParams) -> String {
    let filters: Vec<String> = params
        .pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "q" | "sort" | "order" | "format"))
        .map(|(k, v)| match Facet::from_exact_key(k) {
            Some(facet) => format!("{}\u{a0}: {}", facet_name(facet), value_label(facet, v)),
            None => format!("{}\u{a0}: {v}", parameter_name(k)),
        })
        .collect();
    if filters.is_empty() {
        "aucun".to_string()
    } else {
        filters.join("\u{202f}; ")
    }
}

/// The facts a « Recherche » sheet lists, as owned text and numbers.
pub(crate) struct SearchFacts {
    query: String,
    filters: String,
    date: String,
    page: Option<String>,
    total: usize,
    with_budget: u64,
    budget_usd: f64,
}

impl SearchFacts {
    /// The facts of the search in `params`, counted `total` matches of
    /// which `with_budget` have a budget summing to `budget_usd`; `origin`
    /// (`https://host`) makes the page's address absolute.
    pub(crate) fn new(
        params: &SearchParams,
        origin: Option<&str>,
        base: &str,
        (total, with_budget, budget_usd): (usize, u64, f64),
    ) -> SearchFacts {
        let pairs = params.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        SearchFacts {
            query: params.request.query.clone(),
            filters: filters_text(params),
            date: today(),
            page: origin.map(|o| format!("{o}{base}/?{}", query_string(pairs))),
            total,
            with_budget,
            budget_usd,
        }
    }

    /// The date the facts were taken, `2026-12-07`.
    pub(crate) fn date(&self) -> &str {
        &self.date
    }

    /// The sheet's lines, label then value.
    pub(crate) fn lines(&self) -> Vec<(&str, Cell<'_>)> {
        let query = if self.query.trim().is_empty() {
            Cell::Text("(toutes les pages)")
        } else {
            Cell::Text(&self.query)
        };
        // whole numbers take the year's cell format (no decimals)
        let whole = |n: u64| Cell::Year(i32::try_from(n).unwrap_or(i32::MAX));
        let mut lines = vec![
            ("Recherche", query),
            ("Filtres", Cell::Text(&self.filters)),
            ("Date (UTC)", Cell::Text(&self.date)),
            ("Résultats", whole(self.total as u64)),
            ("Projets avec budget", whole(self.with_budget)),
            ("Budget total (USD)", Cell::Amount(self.budget_usd)),
        ];
        if let Some(page) = &self.page {
            lines.push(("Page de la recherche", Cell::Text(page)));
        }
        lines
    }
}

/// `https://host` of the request as the client sent it (behind a proxy,
/// `X-Forwarded-Proto` gives the scheme), or `None` when the `Host` header
/// is missing or holds anything but a host name, an address and a port.
pub(crate) fn origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get("x-forwarded-host").or(headers.get("host"))?;
    let host = host.to_str().ok()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if host.is_empty() || host.len() > 255 || !host.chars().all(plain) {
        return None;
    }
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    Some(format!("{}://{host}", if https { "https" } else { "http" }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{parse_search, Mode};

    #[test]
    fn civil_date_table() {
        for (days, expected) in [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (20_794, "2026-12-07"),
        ] {
            assert_eq!(civil_date(days), expected, "{days}");
        }
    }

    #[test]
    fn file_stem_table() {
        for (query, expected) in [
            ("q=diaspora+Lesotho", "oim-diaspora-lesotho-2026-12-07"),
            (
                "q=diaspora&region=Asie+et+Oc%C3%A9anie",
                "oim-diaspora-asie-et-oceanie-2026-12-07",
            ),
            ("", "oim-recherche-2026-12-07"),
            ("q=%22%2F..%2F%22", "oim-recherche-2026-12-07"),
            (
                "q=l%E2%80%99OIM+%C3%A0+Gen%C3%A8ve",
                "oim-l-oim-a-geneve-2026-12-07",
            ),
        ] {
            let params = parse_search(Some(query), Mode::Api).unwrap();
            assert_eq!(file_stem(&params, "2026-12-07"), expected, "{query}");
        }
        let long = format!("q={}", "migration+".repeat(20));
        let params = parse_search(Some(&long), Mode::Api).unwrap();
        let stem = file_stem(&params, "2026-12-07");
        assert!(stem.len() <= 4 + MAX_STEM_WORDS_CHARS + 11, "{stem}");
        assert!(stem.ends_with("migration-2026-12-07"), "{stem}");
    }

    #[test]
    fn origin_takes_plain_hosts_only() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, v.parse().unwrap());
            }
            h
        };
        assert_eq!(
            origin(&headers(&[("host", "127.0.0.1:7700")])).as_deref(),
            Some("http://127.0.0.1:7700")
        );
        assert_eq!(
            origin(&headers(&[("host", "x"), ("x-forwarded-proto", "https")])).as_deref(),
            Some("https://x")
        );
        assert_eq!(origin(&headers(&[("host", "a\"b")])), None);
        assert_eq!(origin(&headers(&[])), None);
    }
}
