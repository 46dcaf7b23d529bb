//! What a caller asks for: [`SearchRequest`] (query, filters, paging,
//! sorting, options), built in code or read from JSON.

use serde::{Deserialize, Deserializer, Serialize};

/// Every key a search request may hold when written as JSON or as URL
/// parameters (batch lines, the HTTP API); anything else is refused so a
/// typo does not pass silently.
///
/// ```
/// assert!(oim_search::REQUEST_KEYS.contains(&"budget_min"));
/// ```
pub const REQUEST_KEYS: &[&str] = &[
    "q",
    "query",
    "region",
    "type",
    "budget",
    "budget_min",
    "budget_max",
    "country",
    "status",
    "coverage",
    "year",
    "year_min",
    "year_max",
    "kind",
    "sort",
    "order",
    "limit",
    "offset",
    "typo",
    "prefix",
    "snippet_chars",
    "facets",
];

/// Largest page size accepted.
pub const MAX_LIMIT: usize = 1000;
/// Deepest result reachable with offset + limit.
pub const MAX_DEPTH: usize = 100_000;

/// Facet filters. Values within one facet are alternatives (OR); facets
/// combine with AND. Values match canonical values ignoring case and accents.
///
/// ```
/// let filters: oim_search::Filters = serde_json::from_str(r#"{"region": ["Afrique", "Europe"], "type": "Gestion des frontières", "budget_max": 100000}"#).unwrap();
/// assert_eq!(filters.values("region"), ["Afrique", "Europe"]);
/// assert_eq!(filters.values("type"), ["Gestion des frontières"]);
/// assert_eq!(filters.budget_max, Some(100000.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// IDF regions.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub region: Vec<String>,
    /// Project types.
    #[serde(
        rename = "type",
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub project_type: Vec<String>,
    /// Budget bucket keys (`100000-200000`).
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub budget: Vec<String>,
    /// Lowest budget in USD, included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_min: Option<f64>,
    /// Highest budget in USD, included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_max: Option<f64>,
    /// Countries (any spelling the gazetteer knows).
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub country: Vec<String>,
    /// Project statuses.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub status: Vec<String>,
    /// Coverages.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub coverage: Vec<String>,
    /// Years.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub year: Vec<String>,
    /// Earliest year, included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_min: Option<i32>,
    /// Latest year, included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_max: Option<i32>,
    /// `project` or `news`.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub kind: Vec<String>,
}

impl Filters {
    /// The values given for a facet key.
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").filter("region", "Afrique");
    /// assert_eq!(r.filters.values("region"), ["Afrique"]);
    /// ```
    pub fn values(&self, facet: &str) -> &[String] {
        match facet {
            "region" => &self.region,
            "type" => &self.project_type,
            "budget" => &self.budget,
            "country" => &self.country,
            "status" => &self.status,
            "coverage" => &self.coverage,
            "year" => &self.year,
            "kind" => &self.kind,
            _ => &[],
        }
    }

    /// Mutable access to the values of a facet key.
    ///
    /// ```
    /// let mut filters = oim_search::Filters::default();
    /// filters.values_mut("kind").unwrap().push("news".into());
    /// assert_eq!(filters.kind, ["news"]);
    /// ```
    pub fn values_mut(&mut self, facet: &str) -> Option<&mut Vec<String>> {
        Some(match facet {
            "region" => &mut self.region,
            "type" => &mut self.project_type,
            "budget" => &mut self.budget,
            "country" => &mut self.country,
            "status" => &mut self.status,
            "coverage" => &mut self.coverage,
            "year" => &mut self.year,
            "kind" => &mut self.kind,
            _ => return None,
        })
    }

    /// True when no filter is set.
    ///
    /// ```
    /// assert!(oim_search::Filters::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// Accepts `"x"` or `["x", "y"]` (and numbers) for a list of values.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        // arrays first: an untagged `Value` would swallow them
        Many(Vec<serde_json::Value>),
        One(serde_json::Value),
    }
    let text = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number, found {other}"
        ))),
    };
    match OneOrMany::deserialize(d)? {
        OneOrMany::Many(values) => values.into_iter().map(text).collect(),
        OneOrMany::One(serde_json::Value::Null) => Ok(Vec::new()),
        OneOrMany::One(v) => Ok(vec![text(v)?]),
    }
}

/// What results are ordered by.
///
/// ```
/// assert_eq!("budget".parse::<oim_search::SortBy>(), Ok(oim_search::SortBy::Budget));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Best match first (default when there are query words).
    #[default]
    Relevance,
    /// Budget in USD.
    Budget,
    /// Facet year (default for browsing, newest first).
    Year,
}

impl std::str::FromStr for SortBy {
    type Err = String;
    fn from_str(s: &str) -> Result<SortBy, String> {
        match s.to_ascii_lowercase().as_str() {
            "relevance" | "pertinence" => Ok(SortBy::Relevance),
            "budget" => Ok(SortBy::Budget),
            "year" | "annee" => Ok(SortBy::Year),
            _ => Err(format!("unknown sort `{s}`: use relevance, budget or year")),
        }
    }
}

/// Ascending or descending.
///
/// ```
/// let r = oim_search::SearchRequest::new("").sort(oim_search::SortBy::Year, true);
/// assert_eq!(r.order, Some(oim_search::SortOrder::Asc));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

/// A search: query text, filters and options. Build it with the chained
/// setters or deserialize it from JSON (`q` is accepted for `query`).
///
/// ```
/// use oim_search::{SearchRequest, SortBy};
/// let request = SearchRequest::new("diaspora")
///     .filter("region", "Afrique")
///     .limit(5)
///     .sort(SortBy::Budget, false);
/// assert_eq!(request.filters.region, ["Afrique"]);
/// let from_json: SearchRequest = serde_json::from_str(r#"{"q": "diaspora", "region": "Afrique", "limit": 5}"#).unwrap();
/// assert_eq!(from_json.query, "diaspora");
/// assert_eq!(from_json.filters.region, ["Afrique"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// Query text: words, `"phrases"`, `-excluded` words and `key:value` filters.
    #[serde(alias = "q")]
    pub query: String,
    /// Facet and range filters (combined with those written in the query).
    #[serde(flatten)]
    pub filters: Filters,
    /// Hits per page (0 returns only the total and facet counts).
    pub limit: usize,
    /// Hits skipped before the page.
    pub offset: usize,
    /// Order of the hits; `None` means relevance, or year when browsing.
    pub sort: Option<SortBy>,
    /// Direction of the sort; `None` means descending.
    pub order: Option<SortOrder>,
    /// Approximate snippet length in characters.
    pub snippet_chars: usize,
    /// Typo tolerance for words that match nothing as typed.
    pub typo: bool,
    /// Treat the last query word as a prefix (search as you type).
    pub prefix: bool,
    /// Compute facet counts.
    pub facets: bool,
    /// A filter key given to [`SearchRequest::filter`] that does not exist.
    #[serde(skip)]
    pub(crate) unknown_filter: Option<String>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            sort: None,
            order: None,
            snippet_chars: 200,
            typo: true,
            prefix: false,
            facets: true,
            unknown_filter: None,
        }
    }
}

impl SearchRequest {
    /// A request for this query text with default options.
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("diaspora");
    /// assert_eq!((r.query.as_str(), r.limit), ("diaspora", 10));
    /// ```
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }

    /// Adds a filter value for a facet key (`region`, `type`, `budget`,
    /// `country`, `status`, `coverage`, `year`, `kind`); unknown keys are
    /// reported when the search runs.
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").filter("type", "Gestion des frontières");
    /// assert_eq!(r.filters.project_type, ["Gestion des frontières"]);
    /// ```
    pub fn filter(mut self, facet: &str, value: impl Into<String>) -> SearchRequest {
        if let Some(values) = self.filters.values_mut(facet) {
            values.push(value.into());
        } else if self.unknown_filter.is_none() {
            self.unknown_filter = Some(facet.to_string());
        }
        self
    }

    /// Keeps budgets within `[min, max]` USD (either bound optional).
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").budget_range(Some(50_000.0), None);
    /// assert_eq!(r.filters.budget_min, Some(50_000.0));
    /// ```
    pub fn budget_range(mut self, min: Option<f64>, max: Option<f64>) -> SearchRequest {
        self.filters.budget_min = min;
        self.filters.budget_max = max;
        self
    }

    /// Keeps facet years within `[min, max]` (either bound optional).
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").year_range(None, Some(2020));
    /// assert_eq!(r.filters.year_max, Some(2020));
    /// ```
    pub fn year_range(mut self, min: Option<i32>, max: Option<i32>) -> SearchRequest {
        self.filters.year_min = min;
        self.filters.year_max = max;
        self
    }

    /// Sets the page size.
    ///
    /// ```
    /// assert_eq!(oim_search::SearchRequest::new("x").limit(3).limit, 3);
    /// ```
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// Sets how many hits to skip.
    ///
    /// ```
    /// assert_eq!(oim_search::SearchRequest::new("x").offset(20).offset, 20);
    /// ```
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
        self
    }

    /// Sorts by a key, ascending or descending.
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").sort(oim_search::SortBy::Budget, false);
    /// assert_eq!(r.sort, Some(oim_search::SortBy::Budget));
    /// ```
    pub fn sort(mut self, by: SortBy, ascending: bool) -> SearchRequest {
        self.sort = Some(by);
        self.order = Some(if ascending {
            SortOrder::Asc
        } else {
            SortOrder::Desc
        });
        self
    }

    /// Sets the snippet length in characters.
    ///
    /// ```
    /// assert_eq!(oim_search::SearchRequest::new("x").snippet_chars(80).snippet_chars, 80);
    /// ```
    pub fn snippet_chars(mut self, chars: usize) -> SearchRequest {
        self.snippet_chars = chars;
        self
    }

    /// Turns typo tolerance on or off.
    ///
    /// ```
    /// assert!(!oim_search::SearchRequest::new("x").typo(false).typo);
    /// ```
    pub fn typo(mut self, on: bool) -> SearchRequest {
        self.typo = on;
        self
    }

    /// Treats the last word as a prefix.
    ///
    /// ```
    /// assert!(oim_search::SearchRequest::new("x").prefix(true).prefix);
    /// ```
    pub fn prefix(mut self, on: bool) -> SearchRequest {
        self.prefix = on;
        self
    }
}
