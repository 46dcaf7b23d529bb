//! The values of each [`Param`]: how a value is read and what bounds it
//! keeps, written once for every reader (JSON objects and batch lines, URL
//! query strings, `key:value` filters in the query text, the CLI's flags).
//! The keys themselves are spelled in `param.rs`.

use std::str::FromStr;

use super::applied::UnknownValues;
use super::request::{Filters, SearchRequest, SortBy, SortOrder, MAX_DEPTH, MAX_LIMIT};
use super::text_query::MatchMode;
use crate::error::{Error, Result};
use crate::param::{FilterKey, Param};

impl Param {
    /// Reads one value written as text (a URL parameter, a `key:value`
    /// filter, a flag) into `request`: a facet's value is added to the
    /// others, any other parameter is set.
    ///
    /// ```
    /// use oim_search::{Facet, Param, SearchRequest, SortBy};
    /// let mut r = SearchRequest::default();
    /// Param::Sort.read("pertinence", &mut r).unwrap();
    /// Param::Facet(Facet::Region).read("Afrique", &mut r).unwrap();
    /// assert_eq!(r.sort, Some(SortBy::Relevance));
    /// assert_eq!(r.filters.values(Facet::Region), ["Afrique"]);
    /// let err = Param::Limit.read("2000", &mut r).unwrap_err();
    /// assert!(matches!(err, oim_search::Error::InvalidParam { param: Param::Limit, .. }));
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParam`] naming this parameter, the value and what it
    /// accepts, for a malformed or out-of-bounds value.
    pub fn read(self, value: &str, request: &mut SearchRequest) -> Result<()> {
        let filters = &mut request.filters;
        match self {
            Param::Facet(facet) => FilterKey::Facet(facet).read(value, filters)?,
            Param::BudgetMin => FilterKey::BudgetMin.read(value, filters)?,
            Param::BudgetMax => FilterKey::BudgetMax.read(value, filters)?,
            Param::YearMin => FilterKey::YearMin.read(value, filters)?,
            Param::YearMax => FilterKey::YearMax.read(value, filters)?,
            Param::Query => request.query = value.to_string(),
            Param::Sort => {
                request.sort = Some(
                    SortBy::from_str(value.trim())
                        .map_err(|_| self.invalid(value, "use relevance, budget or year"))?,
                )
            }
            Param::Order => {
                request.order = Some(match value.trim().to_ascii_lowercase().as_str() {
                    "asc" => SortOrder::Asc,
                    "desc" => SortOrder::Desc,
                    _ => return Err(self.invalid(value, "use asc or desc")),
                })
            }
            Param::Limit => request.limit = self.whole(value)?,
            Param::Offset => request.offset = self.whole(value)?,
            Param::SnippetChars => request.snippet_chars = self.whole(value)?,
            Param::Typo => request.typo = self.flag(value)?,
            Param::Prefix => request.prefix = self.flag(value)?,
            Param::Facets => request.facets = self.flag(value)?,
            Param::Aggregates => request.aggregates = self.flag(value)?,
            Param::Match => {
                request.match_mode = MatchMode::parse(value)
                    .ok_or_else(|| self.invalid(value, "use auto, all or any"))?
            }
            Param::UnknownValues => {
                request.unknown_values = match value.trim().to_ascii_lowercase().as_str() {
                    "refuse" => UnknownValues::Refuse,
                    "drop" => UnknownValues::Drop,
                    _ => return Err(self.invalid(value, "use refuse or drop")),
                }
            }
        }
        Ok(())
    }

    /// Reads one JSON value into `request`, as [`Param::read`] reads its
    /// text: a string as written, a number or `true`/`false` as their
    /// text; a list only for a facet (its values are alternatives); `null`
    /// leaves the parameter unset.
    ///
    /// ```
    /// use oim_search::{Facet, Param, SearchRequest};
    /// let mut r = SearchRequest::default();
    /// Param::Facet(Facet::Year).read_json(&serde_json::json!([2019, "2020"]), &mut r).unwrap();
    /// Param::Limit.read_json(&serde_json::json!(5), &mut r).unwrap();
    /// assert_eq!((r.filters.values(Facet::Year), r.limit), (&["2019".to_string(), "2020".to_string()][..], 5));
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a value [`Param::read`] refuses, a list
    /// for a parameter that takes one value, or an object.
    pub fn read_json(self, value: &serde_json::Value, request: &mut SearchRequest) -> Result<()> {
        use serde_json::Value;
        match value {
            Value::Null => Ok(()),
            Value::String(text) => self.read(text, request),
            Value::Number(n) => self.read(&n.to_string(), request),
            Value::Bool(b) => self.read(if *b { "true" } else { "false" }, request),
            Value::Array(values) if matches!(self, Param::Facet(_)) => {
                for value in values {
                    match value {
                        Value::String(_) | Value::Number(_) => self.read_json(value, request)?,
                        other => {
                            return Err(self.invalid(&other.to_string(), "give a string or number"))
                        }
                    }
                }
                Ok(())
            }
            Value::Array(_) => Err(self.invalid(&value.to_string(), "give one value, not a list")),
            Value::Object(_) => Err(self.invalid(&value.to_string(), "give a string or number")),
        }
    }

    /// An amount in USD (`budget_min`, `budget_max`): a number, spaces
    /// between thousands allowed, 0 or more.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for text that is no number or a negative one.
    pub fn amount(self, value: &str) -> Result<f64> {
        let amount = plain_number(value)
            .parse::<f64>()
            .map_err(|_| self.invalid(value, "give a number"))?;
        self.check_amount(amount)
    }

    /// Refuses an amount no budget can have (negative, not finite).
    pub(crate) fn check_amount(self, amount: f64) -> Result<f64> {
        if amount.is_finite() && amount >= 0.0 {
            Ok(amount)
        } else {
            Err(self.invalid(
                &amount.to_string(),
                "out of range: give an amount in USD, 0 or more",
            ))
        }
    }

    /// A year bound (`year_min`, `year_max`), within the years documents
    /// may have ([`YEAR_RANGE`](crate::YEAR_RANGE)): one far outside is
    /// told so rather than clamped.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for text that is no whole number or a year
    /// outside the range.
    pub fn year(self, value: &str) -> Result<i32> {
        let year = plain_number(value)
            .parse::<i64>()
            .map_err(|_| self.invalid(value, "give a year such as 2019"))?;
        i32::try_from(year)
            .map_err(|_| self.year_out_of_range(value))
            .and_then(|year| {
                self.check_year(year)
                    .map_err(|_| self.year_out_of_range(value))
            })
    }

    /// Refuses a year bound outside [`YEAR_RANGE`](crate::YEAR_RANGE).
    pub(crate) fn check_year(self, year: i32) -> Result<i32> {
        if crate::document::YEAR_RANGE.contains(&year) {
            Ok(year)
        } else {
            Err(self.year_out_of_range(&year.to_string()))
        }
    }

    fn year_out_of_range(self, value: &str) -> Error {
        let range = crate::document::YEAR_RANGE;
        self.invalid(
            value,
            format!(
                "out of range: give a year from {} to {}",
                range.start(),
                range.end()
            ),
        )
    }

    /// A whole number (`limit`, `offset`, `snippet_chars`), within the
    /// parameter's bounds: `limit` at most [`MAX_LIMIT`], `offset` at most
    /// [`MAX_DEPTH`].
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for text that is no whole number or one out
    /// of bounds.
    pub fn whole(self, value: &str) -> Result<usize> {
        let n = plain_number(value)
            .parse::<usize>()
            .map_err(|_| self.invalid(value, "give a number"))?;
        match self {
            Param::Limit => check_paging(n, 0),
            Param::Offset => check_paging(0, n),
            _ => Ok(()),
        }?;
        Ok(n)
    }

    /// An on/off switch (`typo`, `prefix`, `facets`, `aggregates`):
    /// `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, `oui`/`non`.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for any other text.
    pub fn flag(self, value: &str) -> Result<bool> {
        match value.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" | "oui" => Ok(true),
            "0" | "false" | "no" | "off" | "non" => Ok(false),
            _ => Err(self.invalid(value, "give true or false")),
        }
    }

    /// The error for a refused value of this parameter; a long value is
    /// cut so the message stays one readable line.
    pub(crate) fn invalid(self, value: &str, hint: impl Into<String>) -> Error {
        const SHOWN_CHARS: usize = 60;
        let value = if value.chars().count() > SHOWN_CHARS {
            value.chars().take(SHOWN_CHARS).chain(['…']).collect()
        } else {
            value.to_string()
        };
        Error::InvalidParam {
            param: self,
            value,
            hint: hint.into(),
        }
    }
}

impl FilterKey {
    /// Reads one value of this filter into `filters`: a facet's value is
    /// added as typed, a range bound read by [`Param::amount`] or
    /// [`Param::year`].
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a malformed or out-of-range bound.
    pub fn read(self, value: &str, filters: &mut Filters) -> Result<()> {
        let param = self.param();
        match self {
            FilterKey::Facet(facet) => filters.values_mut(facet).push(value.to_string()),
            FilterKey::BudgetMin => filters.budget_usd.min = Some(param.amount(value)?),
            FilterKey::BudgetMax => filters.budget_usd.max = Some(param.amount(value)?),
            FilterKey::YearMin => filters.years.min = Some(param.year(value)?),
            FilterKey::YearMax => filters.years.max = Some(param.year(value)?),
        }
        Ok(())
    }
}

/// The paging bounds: at most [`MAX_LIMIT`] hits a page, and no deeper
/// than [`MAX_DEPTH`].
///
/// # Errors
/// [`Error::InvalidParam`] for `limit` or `offset`.
pub(crate) fn check_paging(limit: usize, offset: usize) -> Result<()> {
    if limit > MAX_LIMIT {
        return Err(Param::Limit.invalid(
            &limit.to_string(),
            format!("give at most {MAX_LIMIT} hits per page and page with offset"),
        ));
    }
    if offset.saturating_add(limit) > MAX_DEPTH {
        return Err(Param::Offset.invalid(
            &offset.to_string(),
            format!("offset + limit may not exceed {MAX_DEPTH}; narrow the search with filters"),
        ));
    }
    Ok(())
}

impl SearchRequest {
    /// A request read from the text of a JSON object, as `Deserialize`
    /// reads it, but keeping the typed error.
    ///
    /// ```
    /// use oim_search::{Error, Param, SearchRequest};
    /// let r = SearchRequest::from_json(r#"{"q": "diaspora", "sort": "annee"}"#).unwrap();
    /// assert_eq!(r.sort, Some(oim_search::SortBy::Year));
    /// let err = SearchRequest::from_json(r#"{"limit": "beaucoup"}"#).unwrap_err();
    /// assert!(matches!(err, Error::InvalidParam { param: Param::Limit, .. }));
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for text that is no JSON object,
    /// [`Error::UnknownParam`] for a key that is no parameter,
    /// [`Error::InvalidParam`] for a refused value.
    pub fn from_json(text: &str) -> Result<SearchRequest> {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| Error::InvalidValue {
                what: "search request",
                value: text.chars().take(60).collect(),
                hint: format!("give a JSON object of request keys ({e})"),
            })?;
        request_from_json(&object)
    }
}

/// A request read from a JSON object through the vocabulary: every key
/// must be one of [`REQUEST_KEYS`](crate::REQUEST_KEYS), every value is
/// read by its parameter; what is not given keeps its default.
///
/// # Errors
/// [`Error::UnknownParam`] for a key that is no parameter,
/// [`Error::InvalidParam`] for a refused value.
pub(crate) fn request_from_json(
    object: &serde_json::Map<String, serde_json::Value>,
) -> Result<SearchRequest> {
    let mut request = SearchRequest::default();
    for (key, value) in object {
        let param = Param::from_key(key).ok_or_else(|| Error::UnknownParam { key: key.clone() })?;
        param.read_json(value, &mut request)?;
    }
    Ok(request)
}

/// A number as people write it: spaces (plain, no-break, narrow) between
/// thousands are left out.
fn plain_number(value: &str) -> String {
    value.trim().replace([' ', '\u{a0}', '\u{202f}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facet::Facet;

    fn read(param: Param, value: &str) -> std::result::Result<SearchRequest, String> {
        let mut request = SearchRequest::default();
        param
            .read(value, &mut request)
            .map(|()| request)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn values_within_bounds_are_read() {
        let accepted = [
            (Param::Limit, "1000"),
            (Param::Offset, "99990"),
            (Param::BudgetMin, "100\u{a0}000"),
            (Param::YearMin, "2019"),
            (Param::Sort, "annee"),
            (Param::Order, "ASC"),
            (Param::Typo, "non"),
            (Param::Match, "tous"),
            (Param::UnknownValues, "drop"),
        ];
        for (param, value) in accepted {
            if let Err(got) = read(param, value) {
                panic!("{param} {value}: got {got:?}, want it read");
            }
        }
        let r = read(Param::BudgetMin, "100\u{a0}000").unwrap();
        assert_eq!(r.filters.budget_usd.min, Some(100_000.0));
        assert!(!read(Param::Typo, "non").unwrap().typo);
    }

    #[test]
    fn values_out_of_bounds_are_refused_with_what_to_give() {
        let refused = [
            (
                Param::Limit,
                "1001",
                "invalid limit `1001`: give at most 1000 hits per page",
            ),
            (Param::Limit, "ten", "invalid limit `ten`: give a number"),
            (
                Param::Offset,
                "100001",
                "invalid offset `100001`: offset + limit",
            ),
            (
                Param::BudgetMin,
                "-5",
                "invalid budget_min `-5`: out of range: give an amount in USD",
            ),
            (
                Param::BudgetMax,
                "beaucoup",
                "invalid budget_max `beaucoup`: give a number",
            ),
            (
                Param::YearMax,
                "99999999999",
                "invalid year_max `99999999999`: out of range: give a year from 1900 to 2100",
            ),
            (
                Param::YearMin,
                "abc",
                "invalid year_min `abc`: give a year such as 2019",
            ),
            (
                Param::Sort,
                "Année",
                "invalid sort `Année`: use relevance, budget or year",
            ),
            (Param::Order, "up", "invalid order `up`: use asc or desc"),
            (
                Param::Prefix,
                "maybe",
                "invalid prefix `maybe`: give true or false",
            ),
            (
                Param::Match,
                "some",
                "invalid match `some`: use auto, all or any",
            ),
            (
                Param::UnknownValues,
                "ignore",
                "invalid unknown_values `ignore`: use refuse or drop",
            ),
            (
                Param::SnippetChars,
                "-1",
                "invalid snippet_chars `-1`: give a number",
            ),
        ];
        for (param, value, want) in refused {
            match read(param, value) {
                Err(got) => assert!(got.starts_with(want), "{param} {value}: {got}"),
                Ok(_) => panic!("{param} {value}: read, want {want:?}"),
            }
        }
    }

    #[test]
    fn a_refused_value_names_its_typed_parameter() {
        let err = Param::Facet(Facet::Year)
            .read_json(&serde_json::json!({"a": 1}), &mut SearchRequest::default());
        assert!(matches!(
            err,
            Err(Error::InvalidParam {
                param: Param::Facet(Facet::Year),
                ..
            })
        ));
        let long = "x".repeat(5000);
        let err = Param::BudgetMin.read(&long, &mut SearchRequest::default());
        assert!(err.unwrap_err().to_string().len() < 200, "the value is cut");
        let err = Param::Limit.read_json(&serde_json::json!([1, 2]), &mut SearchRequest::default());
        assert!(matches!(
            err,
            Err(Error::InvalidParam {
                param: Param::Limit,
                ..
            })
        ));
    }

    #[test]
    fn json_objects_read_through_the_vocabulary() {
        let object = serde_json::json!({"q": "diaspora", "pays": "Lesotho"});
        let err = request_from_json(object.as_object().unwrap()).unwrap_err();
        // a French name is for people typing `key:value`, not for JSON
        assert!(
            matches!(&err, Error::UnknownParam { key } if key == "pays"),
            "{err}"
        );
        let object = serde_json::json!({"query": "x", "typo": "off", "limit": "5", "region": null});
        let r = request_from_json(object.as_object().unwrap()).unwrap();
        assert_eq!((r.query.as_str(), r.typo, r.limit), ("x", false, 5));
        assert!(r.filters.is_empty());
    }
}
