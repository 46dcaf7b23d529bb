//! From page text to a typed [`Document`]: boilerplate removal, layout
//! detection, metadata fields and beneficiary countries. Reading files and
//! decoding bytes is left to the corpus reader; indexing to the engine.

mod boilerplate;
mod fields;
mod gazetteer;
mod json;
mod normalise;
mod page;
mod regions;
mod skip;
mod warning;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub(crate) use boilerplate::in_menu_entry;
pub use fields::MAX_BUDGET_USD;
pub use gazetteer::{gazetteer, Country, Gazetteer, NameKind};
pub(crate) use json::document_from_json;
pub(crate) use normalise::normalise_document;
pub use normalise::{MAX_ID_CHARS, YEAR_RANGE};
pub use page::{parse_page, ParsedPage, MAX_TITLE_CHARS};
pub use regions::region_countries;
#[allow(unused_imports)]
pub(crate) use regions::{region_concepts, Region, RegionConcepts, RegionKind};
pub use skip::SkipReason;
pub use warning::PageWarning;

/// Whether a page describes a project or is a news article.
///
/// ```
/// assert_eq!(oim_search::Kind::News.as_str(), "news");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A project page with metadata.
    #[default]
    Project,
    /// A news article.
    News,
}

impl Kind {
    /// `project` or `news`.
    ///
    /// ```
    /// assert_eq!(oim_search::Kind::Project.as_str(), "project");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::News => "news",
        }
    }
}

/// A parsed page (or a document given as JSON), ready to index.
///
/// ```
/// use oim_search::{Document, Kind};
/// let doc = Document {
///     id: "demo".into(),
///     title: "Diaspora et développement".into(),
///     body: "Un projet au Lesotho.".into(),
///     countries: vec!["Lesotho".into()],
///     budget_usd: Some(200_000.0),
///     ..Document::default()
/// };
/// assert_eq!(doc.kind, Kind::Project);
/// assert_eq!(doc.budget_bucket(), Some("200000-300000"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Document {
    /// Stable identifier: the file name without extension for corpus pages.
    pub id: String,
    /// `project` or `news`.
    pub kind: Kind,
    /// Page title.
    pub title: String,
    /// Body text, boilerplate removed, NFC-normalised.
    pub body: String,
    /// Project ID (`CD.0003`).
    pub project_id: Option<String>,
    /// Prima ID (`LS10P0001`).
    pub prima_id: Option<String>,
    /// `Date de début`.
    pub start_year: Option<i32>,
    /// `Date de fin`.
    pub end_year: Option<i32>,
    /// `Année`.
    pub year: Option<i32>,
    /// `Statut du projet` (`Achevé`, `En cours`, …).
    pub status: Option<String>,
    /// `Type de projet` (`type` is accepted in JSON input).
    #[serde(alias = "type")]
    pub project_type: Option<String>,
    /// `Budget Amount (USD)`.
    pub budget_usd: Option<f64>,
    /// `Couverture` (`National`, `Regional`, `Global`).
    pub coverage: Option<String>,
    /// IDF region, as written on the page or inferred for news.
    pub region: Option<String>,
    /// True when `region` was inferred from the countries a text names.
    pub region_inferred: bool,
    /// Canonical country names: beneficiaries of a project, countries named by news.
    pub countries: Vec<String>,
    /// The city of a news dateline (`Douchanbé`).
    pub dateline: Option<String>,
    /// The contact line closing a news article.
    pub contact: Option<String>,
    /// Metadata fields the engine does not know, kept as written.
    pub extra: BTreeMap<String, String>,
}

/// Budget facet buckets: (key, lower bound included, upper bound excluded).
///
/// ```
/// assert_eq!(oim_search::BUDGET_BUCKETS[0].0, "0-50000");
/// ```
pub const BUDGET_BUCKETS: [(&str, f64, f64); 5] = [
    ("0-50000", 0.0, 50_000.0),
    ("50000-100000", 50_000.0, 100_000.0),
    ("100000-200000", 100_000.0, 200_000.0),
    ("200000-300000", 200_000.0, 300_000.0),
    ("300000+", 300_000.0, f64::INFINITY),
];

impl Document {
    /// The year a document is filed under: start year, else `Année`, else end year.
    ///
    /// ```
    /// let doc = oim_search::Document { year: Some(2019), end_year: Some(2020), ..Default::default() };
    /// assert_eq!(doc.facet_year(), Some(2019));
    /// ```
    pub fn facet_year(&self) -> Option<i32> {
        self.start_year.or(self.year).or(self.end_year)
    }

    /// The budget bucket key (`100000-200000`), if the budget is known.
    ///
    /// ```
    /// let doc = oim_search::Document { budget_usd: Some(50_000.0), ..Default::default() };
    /// assert_eq!(doc.budget_bucket(), Some("50000-100000"));
    /// ```
    pub fn budget_bucket(&self) -> Option<&'static str> {
        let amount = self.budget_usd?;
        BUDGET_BUCKETS
            .iter()
            .find(|(_, lo, hi)| amount >= *lo && amount < *hi)
            .map(|(key, _, _)| *key)
    }

    /// The metadata values that are searchable as text (type, region, status,
    /// coverage, unknown fields, dateline, contact), one per line.
    ///
    /// ```
    /// let doc = oim_search::Document { status: Some("Achevé".into()), ..Default::default() };
    /// assert_eq!(doc.metadata_text(), "Achevé\n");
    /// ```
    pub fn metadata_text(&self) -> String {
        let mut out = String::new();
        for v in [
            &self.project_type,
            &self.region,
            &self.status,
            &self.coverage,
            &self.dateline,
            &self.contact,
        ]
        .into_iter()
        .flatten()
        {
            out.push_str(v);
            out.push('\n');
        }
        for v in self.extra.values() {
            out.push_str(v);
            out.push('\n');
        }
        out
    }
}

/// The longest beneficiary name kept, in characters: the longest country
/// name is under 40; a longer one is a whole paragraph pasted into the
/// field, which would become a facet value and a warning of that size.
pub const MAX_COUNTRY_CHARS: usize = 100;

/// A value quoted in a warning: its first 60 characters, then `…`, so a
/// megabyte pasted into a field makes a one-line warning.
pub(crate) fn short(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(60) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &value[..cut])),
        None => std::borrow::Cow::Borrowed(value),
    }
}

/// A beneficiary too long to be a country name, with the warning saying so.
pub(crate) fn overlong_country(name: &str) -> Option<PageWarning> {
    let chars = name.chars().count();
    (chars > MAX_COUNTRY_CHARS).then(|| PageWarning::OverlongCountry {
        name: short(name).into_owned(),
        chars,
    })
}

/// An amount the French way: `1234567.0` → `1 234 567`, thousands grouped
/// with narrow no-break spaces, cents after a comma when there are any
/// (`37887.5` → `37 887,50`). The summary line and the search page share it.
pub fn group_thousands(amount: f64) -> String {
    // round to the cent first, so 0.999 becomes 1,00 and not 0,100
    let in_cents = (amount.abs() * 100.0).round() as u64;
    let digits = (in_cents / 100).to_string();
    let mut out = String::new();
    if amount < 0.0 && in_cents > 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    let cents = in_cents % 100;
    if cents > 0 {
        out.push_str(&format!(",{cents:02}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_buckets_include_lower_bound() {
        for (amount, key) in [
            (0.0, "0-50000"),
            (49_999.99, "0-50000"),
            (50_000.0, "50000-100000"),
            (135_000.0, "100000-200000"),
            (200_000.0, "200000-300000"),
            (300_000.0, "300000+"),
            (5e9, "300000+"),
        ] {
            let doc = Document {
                budget_usd: Some(amount),
                ..Document::default()
            };
            assert_eq!(doc.budget_bucket(), Some(key), "{amount}");
        }
        assert_eq!(Document::default().budget_bucket(), None);
    }

    #[test]
    fn amounts_are_grouped_the_french_way() {
        for (amount, text) in [
            (200_000.0, "200\u{202f}000"),
            (37_887.5, "37\u{202f}887,50"),
            (999.0, "999"),
            (0.0, "0"),
            (1_234_567.0, "1\u{202f}234\u{202f}567"),
            (999.999, "1\u{202f}000"),
            (-123.0, "-123"),
            (-1_234.05, "-1\u{202f}234,05"),
        ] {
            assert_eq!(group_thousands(amount), text, "{amount}");
        }
    }
}
