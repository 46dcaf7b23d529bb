//! Query strings to [`SearchRequest`]s, shared by the API and the page.
//! Repeated keys are alternatives (`region=A&region=B`), as repeated flags
//! are on the command line; serde_urlencoded cannot collect them, so the
//! pairs are read here one by one. Checking values against the index is
//! left to the engine.

use std::str::FromStr;

use super::{ServerError, MAX_PAGE_SIZE, MAX_PARAMETERS, MAX_QUERY_CHARS, MAX_QUERY_STRING_BYTES};
use crate::error::Error;
use crate::facet::Facet;
use crate::search::{MatchMode, SearchRequest, SortBy, SortOrder};

/// Keys `/api/search` accepts: the library's request keys.
pub(crate) use crate::search::REQUEST_KEYS as API_KEYS;

/// Hits per page on the search page.
pub(crate) const PAGE_SIZE: usize = 10;

/// Longest snippet the API builds, in characters.
const MAX_SNIPPET_CHARS: usize = 1000;

/// Who is asking: the API refuses unknown keys, the page ignores them (a
/// shared link may carry tracking parameters) and pages with `page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Api,
    Page,
}

/// A query string read into a request, with the pairs it was read from.
#[derive(Debug, Clone)]
pub(crate) struct SearchParams {
    /// The request for the engine.
    pub request: SearchRequest,
    /// The known, non-empty pairs in their order (`page` excluded), to
    /// rebuild links that keep the state.
    pub pairs: Vec<(String, String)>,
    /// 1-based page number (page mode).
    pub page: usize,
}

fn invalid(what: &'static str, value: &str, hint: impl Into<String>) -> ServerError {
    let shown: String = if value.chars().count() > 60 {
        value.chars().take(60).chain("…".chars()).collect()
    } else {
        value.to_string()
    };
    ServerError::Engine(Error::InvalidValue {
        what,
        value: shown,
        hint: hint.into(),
    })
}

fn number<T: FromStr>(what: &'static str, value: &str) -> Result<T, ServerError> {
    value
        .trim()
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .parse()
        .map_err(|_| invalid(what, value, "give a number"))
}

fn boolean(what: &'static str, value: &str) -> Result<bool, ServerError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "oui" => Ok(true),
        "0" | "false" | "no" | "off" | "non" => Ok(false),
        _ => Err(invalid(what, value, "give true or false")),
    }
}

/// Reads a raw query string (without `?`).
///
/// # Errors
/// 414 for an over-long query string; 400 (a usage error) for a value that
/// is malformed or out of bounds, or, in API mode, an unknown key.
pub(crate) fn parse_search(raw: Option<&str>, mode: Mode) -> Result<SearchParams, ServerError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_STRING_BYTES {
        return Err(ServerError::UriTooLong);
    }
    let mut request = SearchRequest::default();
    let mut pairs = Vec::new();
    let mut page = 1;
    if mode == Mode::Page {
        request.limit = PAGE_SIZE;
    }
    for (n, (key, value)) in form_urlencoded::parse(raw.as_bytes()).enumerate() {
        if n >= MAX_PARAMETERS {
            return Err(invalid(
                "query string",
                &format!("{n}+ parameters"),
                format!("give at most {MAX_PARAMETERS} parameters"),
            ));
        }
        let (key, value) = (key.as_ref(), value.as_ref());
        let known = API_KEYS.contains(&key) || (mode == Mode::Page && key == "page");
        if !known {
            if mode == Mode::Api {
                return Err(invalid(
                    "parameter",
                    key,
                    format!("valid parameters are {}", API_KEYS.join(", ")),
                ));
            }
            continue;
        }
        // an empty form field means "not set"
        if value.trim().is_empty() {
            continue;
        }
        match key {
            "q" | "query" => {
                if value.chars().count() > MAX_QUERY_CHARS {
                    return Err(invalid(
                        "q",
                        value,
                        format!("give at most {MAX_QUERY_CHARS} characters"),
                    ));
                }
                request.query = value.to_string();
            }
            "budget_min" => request.filters.budget_usd.min = Some(number("budget_min", value)?),
            "budget_max" => request.filters.budget_usd.max = Some(number("budget_max", value)?),
            "year_min" => request.filters.years.min = Some(number("year_min", value)?),
            "year_max" => request.filters.years.max = Some(number("year_max", value)?),
            "sort" => {
                request.sort = Some(
                    SortBy::from_str(value.trim())
                        .map_err(|_| invalid("sort", value, "use relevance, budget or year"))?,
                )
            }
            "order" => {
                request.order = Some(match value.trim().to_ascii_lowercase().as_str() {
                    "asc" => SortOrder::Asc,
                    "desc" => SortOrder::Desc,
                    _ => return Err(invalid("order", value, "use asc or desc")),
                })
            }
            "limit" if mode == Mode::Api => {
                let limit: usize = number("limit", value)?;
                if limit > MAX_PAGE_SIZE {
                    return Err(invalid(
                        "limit",
                        value,
                        format!("give at most {MAX_PAGE_SIZE} hits per page and page with offset"),
                    ));
                }
                request.limit = limit;
            }
            "offset" if mode == Mode::Api => request.offset = number("offset", value)?,
            "page" => {
                page = number::<usize>("page", value)?.max(1);
                request.offset = (page - 1).saturating_mul(PAGE_SIZE);
                continue;
            }
            "typo" => request.typo = boolean("typo", value)?,
            "prefix" => request.prefix = boolean("prefix", value)?,
            "match" => {
                request.match_mode = MatchMode::parse(value)
                    .ok_or_else(|| invalid("match", value, "use auto, all or any"))?
            }
            "facets" if mode == Mode::Api => request.facets = boolean("facets", value)?,
            "aggregates" if mode == Mode::Api => request.aggregates = boolean("aggregates", value)?,
            "snippet_chars" if mode == Mode::Api => {
                let chars: usize = number("snippet_chars", value)?;
                if chars > MAX_SNIPPET_CHARS {
                    return Err(invalid(
                        "snippet_chars",
                        value,
                        format!("give at most {MAX_SNIPPET_CHARS}"),
                    ));
                }
                request.snippet_chars = chars;
            }
            key => match Facet::from_exact_key(key) {
                Some(facet) => request.filters.values_mut(facet).push(value.to_string()),
                // paging and output keys the page sets itself
                None => continue,
            },
        }
        pairs.push((key.to_string(), value.to_string()));
    }
    Ok(SearchParams {
        request,
        pairs,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(raw: &str) -> Result<SearchRequest, String> {
        parse_search(Some(raw), Mode::Api)
            .map(|p| p.request)
            .map_err(|e| e.message())
    }

    #[test]
    fn repeated_keys_are_alternatives() {
        let r = api("q=diaspora&region=Afrique&region=Asie+et+Oc%C3%A9anie&type=X").unwrap();
        assert_eq!(r.query, "diaspora");
        assert_eq!(
            r.filters.values(Facet::Region),
            ["Afrique", "Asie et Océanie"]
        );
        assert_eq!(r.filters.values(Facet::Type), ["X"]);
    }

    #[test]
    fn values_and_bounds() {
        let table: &[(&str, Result<(), &str>)] = &[
            ("limit=100", Ok(())),
            ("limit=101", Err("invalid limit `101`: give at most 100")),
            ("limit=ten", Err("invalid limit `ten`: give a number")),
            ("budget_min=100%C2%A0000", Ok(())),
            ("sort=annee&order=asc", Ok(())),
            ("sort=size", Err("invalid sort `size`")),
            ("order=up", Err("invalid order `up`")),
            ("typo=off&prefix=1", Ok(())),
            (
                "colour=red",
                Err("invalid parameter `colour`: valid parameters are q, "),
            ),
            ("region=&q=", Ok(())),
        ];
        for (raw, expected) in table {
            match (api(raw), expected) {
                (Ok(_), Ok(())) => {}
                (Err(got), Err(want)) => assert!(got.starts_with(want), "{raw}: {got}"),
                (got, want) => panic!("{raw}: got {got:?}, want {want:?}"),
            }
        }
        let r = api("budget_min=100%C2%A0000&sort=annee&order=asc&typo=off").unwrap();
        assert_eq!(r.filters.budget_usd.min, Some(100_000.0));
        assert_eq!(r.sort, Some(SortBy::Year));
        assert_eq!(r.order, Some(SortOrder::Asc));
        assert!(!r.typo);
    }

    #[test]
    fn query_length_is_bounded() {
        let ok = format!("q={}", "a".repeat(MAX_QUERY_CHARS));
        assert!(api(&ok).is_ok());
        // characters, not bytes: 1000 `é` are 2000 bytes and still accepted
        let accents = format!("q={}", "%C3%A9".repeat(MAX_QUERY_CHARS));
        assert!(api(&accents).is_ok());
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(api(&long).unwrap_err().contains("at most 1000 characters"));
        let huge = format!("q={}", "a".repeat(MAX_QUERY_STRING_BYTES));
        assert!(matches!(
            parse_search(Some(&huge), Mode::Api),
            Err(ServerError::UriTooLong)
        ));
    }

    #[test]
    fn page_mode_pages_and_ignores_unknown_keys() {
        let p = parse_search(Some("q=x&page=3&utm_source=mail&limit=500"), Mode::Page).unwrap();
        assert_eq!(p.page, 3);
        assert_eq!(p.request.offset, 20);
        assert_eq!(p.request.limit, PAGE_SIZE);
        assert_eq!(p.pairs, [("q".to_string(), "x".to_string())]);
    }
}
