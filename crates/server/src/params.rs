//! Query strings to [`SearchRequest`]s, shared by the API and the page.
//! Repeated keys are alternatives (`region=A&region=B`), as repeated flags
//! are on the command line. Each pair is read by the library's [`Param`]
//! (the same reading as JSON and `key:value` filters); what is left here
//! is the server's own policy: the page's paging, its tolerance of bad
//! values, and the API's smaller caps. Checking values against the index
//! is left to the engine.

use super::{ServerError, MAX_PAGE_SIZE, MAX_PARAMETERS, MAX_QUERY_CHARS, MAX_QUERY_STRING_BYTES};
use oim_search::fold_key;
use oim_search::Error;
use oim_search::Facet;
use oim_search::{parse_query, Clause, Note, Param, SearchRequest, MAX_DEPTH};

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
    /// Page mode: the parameters left out, in the order they were met.
    pub dropped: Vec<Dropped>,
    /// Page mode: the notes of reading the filters typed in the query,
    /// which the rewritten query no longer carries.
    pub typed_notes: Vec<Note>,
}

fn invalid(what: &'static str, value: &str, hint: impl Into<String>) -> ServerError {
    ServerError::Engine(Error::InvalidValue {
        what,
        value: shortened(value),
        hint: hint.into(),
    })
}

/// A long value cut to 60 characters for a message.
fn shortened(value: &str) -> String {
    if value.chars().count() > 60 {
        value.chars().take(60).chain("…".chars()).collect()
    } else {
        value.to_string()
    }
}

/// The server's caps below the library's bounds (the query's length, the
/// API's page and snippet sizes), checked before the library reads the
/// value so the message names the server's cap.
fn server_cap(param: Param, value: &str) -> Result<(), ServerError> {
    let (cap, hint) = match param {
        Param::Query => (
            MAX_QUERY_CHARS,
            format!("give at most {MAX_QUERY_CHARS} characters"),
        ),
        Param::Limit => (
            MAX_PAGE_SIZE,
            format!("give at most {MAX_PAGE_SIZE} hits per page and page with offset"),
        ),
        Param::SnippetChars => (
            MAX_SNIPPET_CHARS,
            format!("give at most {MAX_SNIPPET_CHARS}"),
        ),
        _ => return Ok(()),
    };
    let over = match param {
        Param::Query => value.chars().count() > cap,
        _ => param.whole(value).is_ok_and(|n| n > cap),
    };
    if over {
        return Err(ServerError::Engine(Error::InvalidParam {
            param,
            value: shortened(value),
            hint,
        }));
    }
    Ok(())
}

/// The page sets these itself: a shared link's values are ignored.
fn set_by_the_page(param: Param) -> bool {
    matches!(
        param,
        Param::Limit
            | Param::Offset
            | Param::Facets
            | Param::UnknownValues
            | Param::Aggregates
            | Param::SnippetChars
    )
}

/// A parameter the page left out instead of refusing the request: the
/// search runs without it and the page says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// The parameter's key (`region`, `budget_min`, …).
    pub key: String,
    /// The value given.
    pub value: String,
    /// The valid value closest to it, for a facet value no document has.
    pub closest: Option<String>,
}

/// Reads a raw query string (without `?`).
///
/// In page mode a malformed value (`budget_min=beaucoup`) is left out and
/// listed in [`SearchParams::dropped`] rather than refused, and `key:value`
/// filters typed in `q` are lifted out of it into pairs, so the page shows
/// them as ticked boxes and removable chips like clicked ones.
///
/// # Errors
/// 414 for an over-long query string; 400 (a usage error) for too many
/// parameters or an over-long query, and in API mode for a value that is
/// malformed or out of bounds, or an unknown key.
pub(crate) fn parse_search(raw: Option<&str>, mode: Mode) -> Result<SearchParams, ServerError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_STRING_BYTES {
        return Err(ServerError::UriTooLong);
    }
    let mut params = SearchParams {
        request: SearchRequest::default(),
        pairs: Vec::new(),
        page: 1,
        dropped: Vec::new(),
        typed_notes: Vec::new(),
    };
    if mode == Mode::Page {
        params.request.limit = PAGE_SIZE;
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
        match (Param::from_key(key), mode) {
            (Some(param), _) => params.read_pair(param, value, mode)?,
            (None, Mode::Page) if key == "page" => params.read_page(value),
            // a shared link may carry tracking parameters
            (None, Mode::Page) => {}
            (None, Mode::Api) => {
                return Err(ServerError::Engine(Error::UnknownParam {
                    key: shortened(key),
                }))
            }
        }
    }
    if mode == Mode::Page {
        params.lift_typed_filters()?;
        // the engine pages no deeper than MAX_DEPTH: past it, the first page
        if params.request.offset.saturating_add(params.request.limit) > MAX_DEPTH {
            params.dropped.push(Dropped {
                key: "page".into(),
                value: params.page.to_string(),
                closest: None,
            });
            params.page = 1;
            params.request.offset = 0;
        }
    }
    Ok(params)
}

impl SearchParams {
    /// Reads one pair into the request and the kept pairs. In page mode
    /// a malformed value is dropped (listed in `dropped`), not refused.
    fn read_pair(&mut self, param: Param, value: &str, mode: Mode) -> Result<(), ServerError> {
        // an empty form field means "not set"; the page sets its own paging
        if value.trim().is_empty() || (mode == Mode::Page && set_by_the_page(param)) {
            return Ok(());
        }
        let read = server_cap(param, value).and_then(|()| {
            param
                .read(value, &mut self.request)
                .map_err(ServerError::Engine)
        });
        match read {
            Ok(()) => {
                self.pairs
                    .push((param.key().to_string(), value.to_string()));
                Ok(())
            }
            // an over-long query is refused everywhere: the box caps it
            Err(_) if mode == Mode::Page && param != Param::Query => {
                self.dropped.push(Dropped {
                    key: param.key().to_string(),
                    value: value.to_string(),
                    closest: None,
                });
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Reads the page's `page` number (a bad one is the first page, said
    /// so).
    fn read_page(&mut self, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        match value.trim().parse::<usize>() {
            Ok(page) => {
                self.page = page.max(1);
                self.request.offset = (self.page - 1).saturating_mul(PAGE_SIZE);
            }
            Err(_) => self.dropped.push(Dropped {
                key: "page".into(),
                value: value.to_string(),
                closest: None,
            }),
        }
    }

    /// Moves the `key:value` filters typed in the query into pairs, as if
    /// their boxes had been ticked, and leaves the words in `q`. The query
    /// is rewritten from its parsed clauses only when it holds a filter;
    /// the notes of that parse (an empty `region:`) are kept for the page.
    fn lift_typed_filters(&mut self) -> Result<(), ServerError> {
        let parsed = parse_query(&self.request.query);
        if parsed.filters.is_empty() {
            return Ok(());
        }
        let words = unparse(&parsed.clauses);
        self.request.query = words.clone();
        self.pairs.retain(|(k, _)| k != "q" && k != "query");
        if !words.is_empty() {
            self.pairs.insert(0, ("q".to_string(), words));
        }
        self.typed_notes = parsed.notes;
        for (key, value) in &parsed.filters {
            // a filter both typed and ticked is one filter (search as you
            // type ticks the box of a typed filter while the words stay)
            let folded = fold_key(value);
            let known = self
                .pairs
                .iter()
                .any(|(k, v)| k == key.as_str() && fold_key(v) == folded);
            if !known {
                self.read_pair(key.param(), value, Mode::Page)?;
            }
        }
        Ok(())
    }

    /// Leaves out every value `value` (ignoring case and accents) of the
    /// facet `key`, as the engine refused it, and says so; false when no
    /// pair held it (nothing changed, so searching again would not help).
    pub fn drop_value(&mut self, key: &str, value: &str, closest: Option<String>) -> bool {
        let folded = fold_key(value);
        let before = self.pairs.len();
        self.pairs
            .retain(|(k, v)| !(k == key && fold_key(v) == folded));
        if self.pairs.len() == before {
            return false;
        }
        if let Some(facet) = Facet::from_exact_key(key) {
            self.request
                .filters
                .values_mut(facet)
                .retain(|v| fold_key(v) != folded);
        }
        self.dropped.push(Dropped {
            key: key.to_string(),
            value: value.to_string(),
            closest,
        });
        true
    }
}

/// A query string written back from its clauses: words as typed, phrases
/// in double quotes, `-` before excluded ones.
fn unparse(clauses: &[Clause]) -> String {
    let parts: Vec<String> = clauses
        .iter()
        .map(|c| {
            let sign = if c.negated { "-" } else { "" };
            if c.phrase {
                format!("{sign}\"{}\"", c.text)
            } else {
                format!("{sign}{}", c.text)
            }
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oim_search::{SortBy, SortOrder};

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
                Err("unknown key `colour`: valid keys are q, query, "),
            ),
            (
                "year_min=1850",
                Err("invalid year_min `1850`: out of range"),
            ),
            (
                "unknown_values=drop&facets=no&aggregates=0&match=any",
                Ok(()),
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

    /// A query string reads as the same request written as JSON: keys,
    /// aliases and values go through the library's vocabulary.
    #[test]
    fn a_query_string_reads_as_its_json() {
        let url = api("query=diaspora&sort=pertinence&order=ASC&typo=non&region=Afrique&region=Europe&year=2019&budget_min=1%C2%A0000")
            .unwrap();
        let json = SearchRequest::from_json(
            r#"{"query": "diaspora", "sort": "pertinence", "order": "ASC", "typo": "non",
                "region": ["Afrique", "Europe"], "year": 2019, "budget_min": "1 000"}"#,
        )
        .unwrap();
        assert_eq!(url, json);
        // an unknown key is refused with the library's typed error
        match parse_search(Some("q=x&regoin=Afrique"), Mode::Api) {
            Err(ServerError::Engine(Error::UnknownParam { key })) => assert_eq!(key, "regoin"),
            other => panic!("{other:?}"),
        }
        // and a refused value names its typed key
        match parse_search(Some("q=x&match=some"), Mode::Api) {
            Err(ServerError::Engine(Error::InvalidParam { param, .. })) => {
                assert_eq!(param, Param::Match)
            }
            other => panic!("{other:?}"),
        }
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
    fn page_mode_drops_malformed_values_instead_of_failing() {
        let p = parse_search(
            Some("q=x&budget_min=beaucoup&sort=taille&typo=off"),
            Mode::Page,
        )
        .unwrap();
        let dropped: Vec<&str> = p.dropped.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(dropped, ["budget_min", "sort"]);
        assert_eq!(p.request.filters.budget_usd.min, None);
        assert!(!p.request.typo);
        let kept: Vec<&str> = p.pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kept, ["q", "typo"]);
        // the API refuses the same request
        assert!(api("q=x&budget_min=beaucoup").is_err());
        // beyond the deepest page: back to the first, said so
        let deep = parse_search(Some("q=x&page=100000"), Mode::Page).unwrap();
        assert_eq!((deep.page, deep.request.offset), (1, 0));
        assert_eq!(deep.dropped[0].key, "page");
    }

    #[test]
    fn a_filter_typed_and_ticked_is_one_filter() {
        let p = parse_search(
            Some("q=migrations+r%C3%A9gion%3Aafrique&region=Afrique"),
            Mode::Page,
        )
        .unwrap();
        let regions: Vec<&(String, String)> =
            p.pairs.iter().filter(|(k, _)| k == "region").collect();
        assert_eq!(regions.len(), 1, "{:?}", p.pairs);
        assert_eq!(p.request.filters.values(Facet::Region).len(), 1);
    }

    #[test]
    fn page_mode_lifts_typed_filters_out_of_the_query() {
        let raw = "q=diaspora+-Pakistan+%22processus+d%27Almaty%22+pays%3Alesotho+budget_min%3A5000+region%3A&kind=news";
        let p = parse_search(Some(raw), Mode::Page).unwrap();
        assert_eq!(
            p.request.query,
            r#"diaspora -Pakistan "processus d'Almaty""#
        );
        assert_eq!(p.request.filters.values(Facet::Country), ["lesotho"]);
        assert_eq!(p.request.filters.budget_usd.min, Some(5000.0));
        let pairs: Vec<(&str, &str)> = p
            .pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("q", r#"diaspora -Pakistan "processus d'Almaty""#),
                ("kind", "news"),
                ("country", "lesotho"),
                ("budget_min", "5000"),
            ]
        );
        // the empty `region:` is reported although the query no longer has it
        assert!(matches!(p.typed_notes[..], [Note::EmptyFilter { .. }]));
        // a query of filters only leaves no `q`; one without filters is untouched
        let only = parse_search(Some("q=region%3AAfrique"), Mode::Page).unwrap();
        assert_eq!(only.request.query, "");
        assert_eq!(only.pairs, [("region".to_string(), "Afrique".to_string())]);
        let plain = parse_search(Some("q=%22a+b"), Mode::Page).unwrap();
        assert_eq!(plain.request.query, "\"a b");
        // the API leaves the query to the engine
        assert_eq!(api("q=pays%3Alesotho").unwrap().query, "pays:lesotho");
    }

    #[test]
    fn dropping_a_value_ignores_case_and_accents() {
        let mut p = parse_search(Some("q=x&region=Afriqe&region=Europe"), Mode::Page).unwrap();
        assert!(p.drop_value("region", "afriqé", Some("Afrique".into())));
        assert_eq!(p.request.filters.values(Facet::Region), ["Europe"]);
        assert_eq!(p.dropped[0].closest.as_deref(), Some("Afrique"));
        // nothing left to drop: the caller must not search again
        assert!(!p.drop_value("region", "Afriqe", None));
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
