//! What a caller asks for: [`SearchRequest`] (query, filters, paging,
//! sorting, options), built in code or read from JSON.

use serde::{Deserialize, Deserializer, Serialize};

use super::applied::UnknownValues;
use super::text_query::MatchMode;
use crate::facet::Facet;
use crate::param::Param;

/// Largest page size accepted.
pub const MAX_LIMIT: usize = 1000;
/// Deepest result reachable with offset + limit.
pub const MAX_DEPTH: usize = 100_000;

/// An inclusive range with optional bounds.
///
/// ```
/// let years = oim_search::Bounds { min: Some(2015), max: None };
/// assert!(!years.is_unbounded());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds<T> {
    /// Lowest value kept, included.
    pub min: Option<T>,
    /// Highest value kept, included.
    pub max: Option<T>,
}

impl<T> Bounds<T> {
    /// True when neither bound is set.
    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// Facet filters. Values within one facet are alternatives (OR); facets
/// combine with AND. Values match canonical values ignoring case and accents.
///
/// In JSON each facet is a key (`region`, `type`, …) holding one value or a
/// list, and the ranges are `budget_min`, `budget_max`, `year_min` and
/// `year_max`; values are read by their [`Param`].
///
/// ```
/// use oim_search::{Facet, Filters};
/// let filters: Filters = serde_json::from_str(r#"{"region": ["Afrique", "Europe"], "type": "Gestion des frontières", "budget_max": 100000}"#).unwrap();
/// assert_eq!(filters.values(Facet::Region), ["Afrique", "Europe"]);
/// assert_eq!(filters.values(Facet::Type), ["Gestion des frontières"]);
/// assert_eq!(filters.budget_usd.max, Some(100000.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(into = "FiltersJson")]
pub struct Filters {
    /// Values per facet, indexed by [`Facet::index`].
    values: [Vec<String>; Facet::COUNT],
    /// Budget in USD.
    pub budget_usd: Bounds<f64>,
    /// Facet year.
    pub years: Bounds<i32>,
}

impl Filters {
    /// The values given for a facet.
    ///
    /// ```
    /// use oim_search::{Facet, SearchRequest};
    /// let r = SearchRequest::new("").filter(Facet::Region, "Afrique");
    /// assert_eq!(r.filters.values(Facet::Region), ["Afrique"]);
    /// ```
    pub fn values(&self, facet: Facet) -> &[String] {
        &self.values[facet.index()]
    }

    /// Mutable access to the values of a facet.
    ///
    /// ```
    /// use oim_search::{Facet, Filters};
    /// let mut filters = Filters::default();
    /// filters.values_mut(Facet::Kind).push("news".into());
    /// assert_eq!(filters.values(Facet::Kind), ["news"]);
    /// ```
    pub fn values_mut(&mut self, facet: Facet) -> &mut Vec<String> {
        &mut self.values[facet.index()]
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

/// The JSON form of [`Filters`] as written out: one key per facet and the
/// four range bounds, in this order.
#[derive(Debug, Clone, Default, Serialize)]
struct FiltersJson {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    region: Vec<String>,
    #[serde(rename = "type", skip_serializing_if = "Vec::is_empty")]
    project_type: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    budget: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_max: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    country: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coverage: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    year: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_min: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_max: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kind: Vec<String>,
}

impl FiltersJson {
    /// The JSON field of a facet.
    fn facet(&mut self, facet: Facet) -> &mut Vec<String> {
        match facet {
            Facet::Region => &mut self.region,
            Facet::Type => &mut self.project_type,
            Facet::Budget => &mut self.budget,
            Facet::Country => &mut self.country,
            Facet::Status => &mut self.status,
            Facet::Coverage => &mut self.coverage,
            Facet::Year => &mut self.year,
            Facet::Kind => &mut self.kind,
        }
    }
}

impl From<Filters> for FiltersJson {
    fn from(filters: Filters) -> FiltersJson {
        let mut json = FiltersJson {
            budget_min: filters.budget_usd.min,
            budget_max: filters.budget_usd.max,
            year_min: filters.years.min,
            year_max: filters.years.max,
            ..FiltersJson::default()
        };
        for (facet, values) in Facet::ALL.into_iter().zip(filters.values) {
            *json.facet(facet) = values;
        }
        json
    }
}

impl<'de> Deserialize<'de> for Filters {
    /// Reads the filter keys of a request object through their [`Param`];
    /// any other key is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Filters, D::Error> {
        use serde::de::Error as _;
        let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut request = SearchRequest::default();
        for (key, value) in &object {
            let param = Param::from_key(key)
                .filter(|p| p.filter().is_some())
                .ok_or_else(|| D::Error::custom(format!("unknown filter key `{key}`")))?;
            param
                .read_json(value, &mut request)
                .map_err(D::Error::custom)?;
        }
        Ok(request.filters)
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
/// use oim_search::{SearchRequest, SortBy, SortOrder};
/// let r = SearchRequest::new("").sort(SortBy::Year, SortOrder::Asc);
/// assert_eq!(r.order, Some(SortOrder::Asc));
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
/// setters or deserialize it from JSON (`q` is accepted for `query`), each
/// key read by its [`Param`].
///
/// ```
/// use oim_search::{Facet, SearchRequest, SortBy, SortOrder};
/// let request = SearchRequest::new("diaspora")
///     .filter(Facet::Region, "Afrique")
///     .limit(5)
///     .sort(SortBy::Budget, SortOrder::Desc);
/// assert_eq!(request.filters.values(Facet::Region), ["Afrique"]);
/// let from_json: SearchRequest = serde_json::from_str(r#"{"q": "diaspora", "region": "Afrique", "limit": 5}"#).unwrap();
/// assert_eq!(from_json.query, "diaspora");
/// assert_eq!(from_json.filters, request.filters);
/// // a key that is none of REQUEST_KEYS is refused, never ignored
/// let typo = serde_json::from_str::<SearchRequest>(r#"{"q": "diaspora", "regoin": "Afrique"}"#);
/// assert!(typo.unwrap_err().to_string().starts_with("unknown key `regoin`"));
/// ```
// JSON is read key by key through `Param` (`Deserialize` below), so a
// value reads the same here as in a URL or a `key:value` filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchRequest {
    /// Query text: words, `"phrases"`, `-excluded` words and `key:value` filters.
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
    /// How the query's concepts combine: coverage first (`auto`), every
    /// concept (`all`) or any concept (`any`).
    #[serde(rename = "match")]
    pub match_mode: MatchMode,
    /// Compute facet counts.
    pub facets: bool,
    /// Compute [`crate::Aggregates`] (budget totals, per-year figures, and
    /// with `facets` the budget sums per facet value). On by default: the
    /// CLI's JSON, the API and the page show them; callers that need only
    /// hits save a column read per match by turning them off.
    pub aggregates: bool,
    /// What to do with a filter value no page holds: refuse the request
    /// (the default) or leave the value out and say so in
    /// [`SearchResults::filters_applied`](crate::SearchResults::filters_applied).
    pub unknown_values: UnknownValues,
}

impl<'de> Deserialize<'de> for SearchRequest {
    /// Reads a request object key by key through [`Param`], refusing a key
    /// that is none of [`REQUEST_KEYS`](crate::REQUEST_KEYS) with the list
    /// of valid ones.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SearchRequest, D::Error> {
        use serde::de::Error as _;
        let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        super::param_value::request_from_json(&object).map_err(D::Error::custom)
    }
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
            match_mode: MatchMode::Auto,
            facets: true,
            aggregates: true,
            unknown_values: UnknownValues::Refuse,
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

    /// Adds a filter value for a facet; values of one facet are
    /// alternatives. A key typed by a person reads with
    /// [`Facet::from_key`].
    ///
    /// ```
    /// use oim_search::{Facet, SearchRequest};
    /// let r = SearchRequest::new("").filter(Facet::Type, "Gestion des frontières");
    /// assert_eq!(r.filters.values(Facet::Type), ["Gestion des frontières"]);
    /// ```
    pub fn filter(mut self, facet: Facet, value: impl Into<String>) -> SearchRequest {
        self.filters.values_mut(facet).push(value.into());
        self
    }

    /// Keeps budgets within `[min, max]` USD (either bound optional).
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").budget_range(Some(50_000.0), None);
    /// assert_eq!(r.filters.budget_usd.min, Some(50_000.0));
    /// ```
    pub fn budget_range(mut self, min: Option<f64>, max: Option<f64>) -> SearchRequest {
        self.filters.budget_usd = Bounds { min, max };
        self
    }

    /// Keeps facet years within `[min, max]` (either bound optional).
    ///
    /// ```
    /// let r = oim_search::SearchRequest::new("").year_range(None, Some(2020));
    /// assert_eq!(r.filters.years.max, Some(2020));
    /// ```
    pub fn year_range(mut self, min: Option<i32>, max: Option<i32>) -> SearchRequest {
        self.filters.years = Bounds { min, max };
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

    /// Sorts by a key, in the given direction.
    ///
    /// ```
    /// use oim_search::{SearchRequest, SortBy, SortOrder};
    /// let r = SearchRequest::new("").sort(SortBy::Budget, SortOrder::Desc);
    /// assert_eq!((r.sort, r.order), (Some(SortBy::Budget), Some(SortOrder::Desc)));
    /// ```
    pub fn sort(mut self, by: SortBy, order: SortOrder) -> SearchRequest {
        self.sort = Some(by);
        self.order = Some(order);
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

    /// Turns the aggregates (budget totals, per-year figures) on or off.
    ///
    /// ```
    /// assert!(!oim_search::SearchRequest::new("x").aggregates(false).aggregates);
    /// ```
    pub fn aggregates(mut self, on: bool) -> SearchRequest {
        self.aggregates = on;
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

    /// How the query's concepts combine (see [`MatchMode`]).
    ///
    /// ```
    /// use oim_search::{MatchMode, SearchRequest};
    /// let r = SearchRequest::new("diaspora Lesotho").match_mode(MatchMode::All);
    /// assert_eq!(r.match_mode, MatchMode::All);
    /// ```
    pub fn match_mode(mut self, mode: MatchMode) -> SearchRequest {
        self.match_mode = mode;
        self
    }
}
