//! [`Param`]: the one vocabulary of search request keys. Each key's
//! spelling and aliases are written here once; the reading of its values
//! and their bounds is `Param::read` in `search/param_value.rs` (it needs
//! the request's types). JSON, URL query strings, batch lines, `key:value`
//! filters in the query text and the CLI's flags all go through both.

use crate::facet::Facet;

/// A key of a search request, as JSON objects, URL query strings, batch
/// lines and `key:value` filters in the query spell it.
///
/// ```
/// use oim_search::{Facet, Param};
/// assert_eq!(Param::from_key("budget_min"), Some(Param::BudgetMin));
/// assert_eq!(Param::from_key("query"), Some(Param::Query));
/// assert_eq!(Param::from_key("country"), Some(Param::Facet(Facet::Country)));
/// assert_eq!(Param::from_key("colour"), None);
/// assert_eq!(Param::Match.to_string(), "match");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    /// The query text (`q`, also `query`).
    Query,
    /// Values of a facet (`region`, `type`, …), alternatives of each other.
    Facet(Facet),
    /// Lowest budget in USD (`budget_min`).
    BudgetMin,
    /// Highest budget in USD (`budget_max`).
    BudgetMax,
    /// Earliest facet year (`year_min`).
    YearMin,
    /// Latest facet year (`year_max`).
    YearMax,
    /// What hits are ordered by (`sort`).
    Sort,
    /// Ascending or descending (`order`).
    Order,
    /// Hits per page (`limit`).
    Limit,
    /// Hits skipped before the page (`offset`).
    Offset,
    /// Typo tolerance (`typo`).
    Typo,
    /// The last word read as a prefix (`prefix`).
    Prefix,
    /// What to do with a filter value no page holds (`unknown_values`).
    UnknownValues,
    /// How the query's concepts combine (`match`).
    Match,
    /// Snippet length in characters (`snippet_chars`).
    SnippetChars,
    /// Whether facet counts are computed (`facets`).
    Facets,
    /// Whether aggregates are computed (`aggregates`).
    Aggregates,
}

impl Param {
    /// Number of parameters.
    pub const COUNT: usize = 16 + Facet::COUNT;

    /// Every parameter, in the order keys are listed to people (the facets
    /// in their display order, each range after its facet).
    pub const ALL: [Param; Param::COUNT] = [
        Param::Query,
        Param::Facet(Facet::Region),
        Param::Facet(Facet::Type),
        Param::Facet(Facet::Budget),
        Param::BudgetMin,
        Param::BudgetMax,
        Param::Facet(Facet::Country),
        Param::Facet(Facet::Status),
        Param::Facet(Facet::Coverage),
        Param::Facet(Facet::Year),
        Param::YearMin,
        Param::YearMax,
        Param::Facet(Facet::Kind),
        Param::Sort,
        Param::Order,
        Param::Limit,
        Param::Offset,
        Param::Typo,
        Param::Prefix,
        Param::UnknownValues,
        Param::Match,
        Param::SnippetChars,
        Param::Facets,
        Param::Aggregates,
    ];

    /// The key: how JSON, URLs and error messages spell the parameter.
    ///
    /// ```
    /// assert_eq!(oim_search::Param::SnippetChars.key(), "snippet_chars");
    /// ```
    pub const fn key(self) -> &'static str {
        match self {
            Param::Query => "q",
            Param::Facet(facet) => facet.key(),
            Param::BudgetMin => "budget_min",
            Param::BudgetMax => "budget_max",
            Param::YearMin => "year_min",
            Param::YearMax => "year_max",
            Param::Sort => "sort",
            Param::Order => "order",
            Param::Limit => "limit",
            Param::Offset => "offset",
            Param::Typo => "typo",
            Param::Prefix => "prefix",
            Param::UnknownValues => "unknown_values",
            Param::Match => "match",
            Param::SnippetChars => "snippet_chars",
            Param::Facets => "facets",
            Param::Aggregates => "aggregates",
        }
    }

    /// Other keys machine-written input may use for the parameter
    /// (`query` for `q`, the name of the request's field).
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Param::Query => &["query"],
            _ => &[],
        }
    }

    /// The parameter whose key or alias is exactly `key`: for
    /// machine-written input (JSON, URL parameters).
    pub fn from_key(key: &str) -> Option<Param> {
        Param::ALL
            .into_iter()
            .find(|p| p.key() == key || p.aliases().contains(&key))
    }

    /// The parameter of a key as a person types it (`key:value` in the
    /// query): the key or a French facet name (`pays`, `année`), ignoring
    /// case, accents and `_` against a space.
    ///
    /// ```
    /// use oim_search::{Facet, Param};
    /// assert_eq!(Param::from_typed("Année"), Some(Param::Facet(Facet::Year)));
    /// assert_eq!(Param::from_typed("Budget_Min"), Some(Param::BudgetMin));
    /// assert_eq!(Param::from_typed("heure"), None);
    /// ```
    pub fn from_typed(key: &str) -> Option<Param> {
        if let Some(facet) = Facet::from_key(key) {
            return Some(Param::Facet(facet));
        }
        let folded = crate::analysis::fold_key(key);
        Param::ALL
            .into_iter()
            .find(|p| crate::analysis::fold_key(p.key()) == folded)
    }

    /// The filter this parameter sets, if it is one (a facet or a range
    /// bound): the keys `key:value` in the query may use.
    pub const fn filter(self) -> Option<FilterKey> {
        Some(match self {
            Param::Facet(facet) => FilterKey::Facet(facet),
            Param::BudgetMin => FilterKey::BudgetMin,
            Param::BudgetMax => FilterKey::BudgetMax,
            Param::YearMin => FilterKey::YearMin,
            Param::YearMax => FilterKey::YearMax,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// In JSON a parameter is its key.
impl serde::Serialize for Param {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// The number of keys: each parameter's key and its aliases.
const KEY_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < Param::COUNT {
        n += 1 + Param::ALL[i].aliases().len();
        i += 1;
    }
    n
};

/// Every key, each parameter's aliases right after its key.
const KEYS: [&str; KEY_COUNT] = {
    let mut keys = [""; KEY_COUNT];
    let (mut i, mut k) = (0, 0);
    while i < Param::COUNT {
        let param = Param::ALL[i];
        keys[k] = param.key();
        k += 1;
        let aliases = param.aliases();
        let mut a = 0;
        while a < aliases.len() {
            keys[k] = aliases[a];
            k += 1;
            a += 1;
        }
        i += 1;
    }
    keys
};

/// Every key a search request may hold when written as JSON or as URL
/// parameters (batch lines, the HTTP API), built from [`Param::ALL`];
/// anything else is refused so a typo does not pass silently.
///
/// ```
/// assert!(oim_search::REQUEST_KEYS.contains(&"budget_min"));
/// assert_eq!(oim_search::REQUEST_KEYS[..2], ["q", "query"]);
/// ```
pub const REQUEST_KEYS: &[&str] = &KEYS;

/// What a `key:value` filter written in a query restricts: the filter
/// family of [`Param`].
///
/// ```
/// use oim_search::{parse_query, Facet, FilterKey};
/// let q = parse_query("pays:Lesotho budget_min:50000");
/// assert_eq!(q.filters[0].0, FilterKey::Facet(Facet::Country));
/// assert_eq!(q.filters[1].0, FilterKey::BudgetMin);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    /// A facet value.
    Facet(Facet),
    /// Lowest budget in USD.
    BudgetMin,
    /// Highest budget in USD.
    BudgetMax,
    /// Earliest year.
    YearMin,
    /// Latest year.
    YearMax,
}

/// In JSON a key is its canonical string (`region`, `budget_min`).
impl serde::Serialize for FilterKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for FilterKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FilterKey, D::Error> {
        use serde::de::Error as _;
        let key = String::deserialize(deserializer)?;
        Param::from_key(&key)
            .and_then(Param::filter)
            .ok_or_else(|| D::Error::custom(format!("unknown filter key `{key}`")))
    }
}

impl FilterKey {
    /// The request parameter this filter is.
    pub const fn param(self) -> Param {
        match self {
            FilterKey::Facet(facet) => Param::Facet(facet),
            FilterKey::BudgetMin => Param::BudgetMin,
            FilterKey::BudgetMax => Param::BudgetMax,
            FilterKey::YearMin => Param::YearMin,
            FilterKey::YearMax => Param::YearMax,
        }
    }

    /// The canonical key: the facet's key or `budget_min`, `year_max`, ….
    pub const fn as_str(self) -> &'static str {
        self.param().key()
    }

    /// Reads a key as typed in the query (see [`Param::from_typed`]); only
    /// filters are read, so `sort:budget` stays a word.
    pub(crate) fn from_typed(key: &str) -> Option<FilterKey> {
        Param::from_typed(key).and_then(Param::filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_to_its_parameter() {
        for param in Param::ALL {
            assert_eq!(Param::from_key(param.key()), Some(param));
            assert_eq!(Param::from_typed(param.key()), Some(param), "{param}");
            for alias in param.aliases() {
                assert_eq!(Param::from_key(alias), Some(param));
            }
            if let Some(filter) = param.filter() {
                assert_eq!(filter.param(), param);
            }
        }
        assert_eq!(REQUEST_KEYS.len(), Param::COUNT + 1);
        let mut unique = REQUEST_KEYS.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), REQUEST_KEYS.len(), "no key twice");
    }

    #[test]
    fn typed_keys_table() {
        for (typed, param) in [
            ("pays", Some(Param::Facet(Facet::Country))),
            ("STATUT", Some(Param::Facet(Facet::Status))),
            ("year max", Some(Param::YearMax)),
            ("Budget_Min", Some(Param::BudgetMin)),
            ("snippet chars", Some(Param::SnippetChars)),
            ("heure", None),
            ("", None),
        ] {
            assert_eq!(Param::from_typed(typed), param, "{typed}");
        }
        // only filters may be typed in the query
        assert_eq!(FilterKey::from_typed("sort"), None);
        assert_eq!(
            FilterKey::from_typed("année"),
            Some(FilterKey::Facet(Facet::Year))
        );
    }
}
