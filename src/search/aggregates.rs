//! Budget and year aggregates over every match of a search: the total budget,
//! how many matches have one, budget sums per facet value and counts and
//! budgets per year. Sums are kept in whole cents (integers), so the figures
//! do not depend on the order segments are visited in and compare exactly;
//! walking the matches is left to the search pass.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::{DocId, SegmentReader};

use super::counts::FacetCounts;
use super::facet_cache::SegmentFacets;
use crate::facet::Facet;

/// Budget and year figures over all the matches of a search.
///
/// JSON shape (the `aggregates` member of a search answer):
///
/// ```json
/// {
///   "budget_usd": 4312345.5,
///   "with_budget": 37,
///   "years": [{"year": 2008, "count": 2, "budget_usd": 250000.0}],
///   "facets": {"region": {"Afrique": 1200000.0}, "year": {"2008": 250000.0}}
/// }
/// ```
///
/// `budget_usd`, `with_budget` and `years` describe exactly the matches
/// (every filter applied): they are what the result count, the summary line
/// and the timeline chart show. `facets` holds, for each facet value, the
/// budget sum of the matches that count towards that value in the facet
/// counts: like the counts it ignores the facet's own filter (disjunctive),
/// so ticking `Afrique` keeps the budgets of the other regions in view.
///
/// ```
/// let aggregates: oim_search::Aggregates = serde_json::from_str(
///     r#"{"budget_usd": 300000.0, "with_budget": 2,
///         "years": [{"year": 2019, "count": 1, "budget_usd": 100000.0},
///                   {"year": 2021, "count": 2, "budget_usd": 200000.0}],
///         "facets": {}}"#,
/// ).unwrap();
/// assert_eq!(aggregates.year_span(), Some((2019, 2021)));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Aggregates {
    /// Sum of the budgets of the matches, in USD (exact to the cent).
    pub budget_usd: f64,
    /// Number of matches that have a budget.
    pub with_budget: u64,
    /// Matches per facet year, oldest first; years without a match are left out.
    pub years: Vec<YearTotal>,
    /// Budget sum in USD per value of each facet (values whose matches have
    /// no budget are left out), disjunctive like the facet counts.
    pub facets: BTreeMap<Facet, BTreeMap<String, f64>>,
}

/// The matches filed under one year (the facet year: start year, else
/// `Année`, else end year).
///
/// ```
/// let y = oim_search::YearTotal { year: 2019, count: 3, budget_usd: 450000.0 };
/// assert_eq!(serde_json::to_value(&y).unwrap()["count"], 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearTotal {
    /// The year.
    pub year: i32,
    /// Number of matches filed under it.
    pub count: u64,
    /// Sum of their budgets in USD.
    pub budget_usd: f64,
}

impl Aggregates {
    /// The first and last year with a match, if any match has a year.
    ///
    /// ```
    /// assert_eq!(oim_search::Aggregates::default().year_span(), None);
    /// ```
    pub fn year_span(&self) -> Option<(i32, i32)> {
        Some((self.years.first()?.year, self.years.last()?.year))
    }
}

/// An amount in whole cents, or `None` for what is not a budget (negative,
/// not a number). Amounts beyond `u64` cents saturate.
pub(crate) fn cents(amount: f64) -> Option<u64> {
    // `as` saturates float-to-int conversions; NaN and negatives are refused first
    (amount.is_finite() && amount >= 0.0).then(|| (amount * 100.0).round() as u64)
}

/// Cents back to USD.
pub(crate) fn usd(cents: u64) -> f64 {
    // two steps keep exact amounts exact: 123456789 cents is 1234567.89
    (cents / 100) as f64 + (cents % 100) as f64 / 100.0
}

/// The budgets and facet years of one segment: the facet cache's dense
/// copies when the engine was warmed up, else the columns.
pub(crate) enum SegmentAmounts {
    Dense(Arc<SegmentFacets>),
    Columns {
        budget: Option<Column<f64>>,
        year: Option<Column<i64>>,
    },
}

impl SegmentAmounts {
    /// Reads from `dense` when given, else opens the columns (absent in a
    /// segment where no document has a value).
    pub fn open(
        reader: &SegmentReader,
        dense: Option<Arc<SegmentFacets>>,
    ) -> tantivy::Result<SegmentAmounts> {
        if let Some(dense) = dense {
            return Ok(SegmentAmounts::Dense(dense));
        }
        let fast = reader.fast_fields();
        Ok(SegmentAmounts::Columns {
            budget: fast.column_opt::<f64>("budget_usd")?,
            year: fast.column_opt::<i64>("year_value")?,
        })
    }

    /// A document's budget in cents.
    #[inline]
    pub fn budget_cents(&self, doc: DocId) -> Option<u64> {
        match self {
            SegmentAmounts::Dense(dense) => dense.budget_cents(doc),
            SegmentAmounts::Columns { budget, .. } => budget.as_ref()?.first(doc).and_then(cents),
        }
    }

    /// A document's facet year.
    #[inline]
    pub fn year(&self, doc: DocId) -> Option<i64> {
        match self {
            SegmentAmounts::Dense(dense) => dense.year(doc),
            SegmentAmounts::Columns { year, .. } => year.as_ref()?.first(doc),
        }
    }
}

/// Years kept in a flat table; years outside it (possible only in JSON input)
/// go to a map.
const DENSE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// Count and budget of one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct YearCell {
    count: u64,
    cents: u64,
}

impl YearCell {
    fn add(&mut self, other: YearCell) {
        self.count += other.count;
        self.cents = self.cents.saturating_add(other.cents);
    }
}

/// The totals and per-year figures of one segment's matches (or of several
/// merged): a few additions per match, strings and maps only at the end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tally {
    cents: u64,
    with_budget: u64,
    /// Per year of [`DENSE_YEARS`].
    years: Vec<YearCell>,
    /// Years outside [`DENSE_YEARS`].
    other_years: BTreeMap<i64, YearCell>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            cents: 0,
            with_budget: 0,
            years: vec![YearCell::default(); DENSE_YEARS.clone().count()],
            other_years: BTreeMap::new(),
        }
    }
}

impl Tally {
    /// Adds one match with its budget in cents (see [`cents`]) and facet year.
    #[inline]
    pub fn add(&mut self, budget_cents: Option<u64>, year: Option<i64>) {
        let cents = budget_cents.unwrap_or(0);
        if budget_cents.is_some() {
            self.with_budget += 1;
            self.cents = self.cents.saturating_add(cents);
        }
        let Some(year) = year else { return };
        let cell = YearCell { count: 1, cents };
        if DENSE_YEARS.contains(&year) {
            self.years[(year - DENSE_YEARS.start()) as usize].add(cell);
        } else {
            self.other_years.entry(year).or_default().add(cell);
        }
    }

    /// Adds another tally (another segment's) to this one.
    pub fn merge(&mut self, other: Tally) {
        self.cents = self.cents.saturating_add(other.cents);
        self.with_budget += other.with_budget;
        for (mine, theirs) in self.years.iter_mut().zip(other.years) {
            mine.add(theirs);
        }
        for (year, cell) in other.other_years {
            self.other_years.entry(year).or_default().add(cell);
        }
    }

    /// The aggregates, with the per-facet budget sums in cents computed
    /// beside (every facet listed, empty when the facets were not counted).
    pub fn finish(self, facet_cents: &FacetCounts) -> Aggregates {
        let facets = facet_cents
            .iter()
            .map(|(facet, values)| {
                let values = values.iter().map(|(v, c)| (v.clone(), usd(*c))).collect();
                (facet, values)
            })
            .collect();
        let dense = self
            .years
            .into_iter()
            .enumerate()
            .map(|(i, cell)| (DENSE_YEARS.start() + i as i64, cell));
        let mut years: Vec<YearTotal> = dense
            .chain(self.other_years)
            .filter(|(_, cell)| cell.count > 0)
            .filter_map(|(year, cell)| {
                Some(YearTotal {
                    year: i32::try_from(year).ok()?,
                    count: cell.count,
                    budget_usd: usd(cell.cents),
                })
            })
            .collect();
        years.sort_by_key(|y| y.year);
        Aggregates {
            budget_usd: usd(self.cents),
            with_budget: self.with_budget,
            years,
            facets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_table() {
        for (amount, expected) in [
            (0.0, Some(0)),
            (37887.0, Some(3_788_700)),
            (1_234_567.5, Some(123_456_750)),
            (0.1, Some(10)),
            (0.005, Some(1)),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (1e300, Some(u64::MAX)),
        ] {
            assert_eq!(cents(amount), expected, "{amount}");
        }
        assert_eq!(usd(123_456_789), 1_234_567.89);
        assert_eq!(usd(3_788_700), 37887.0);
    }

    #[test]
    fn tally_sums_budgets_and_years() {
        let mut t = Tally::default();
        t.add(cents(100_000.0), Some(2019));
        t.add(cents(50_000.5), Some(2019));
        t.add(None, Some(2021));
        t.add(cents(10.0), None);
        t.add(cents(1.0), Some(1850)); // outside the flat table
        let a = t.finish(&FacetCounts::default());
        assert_eq!(a.budget_usd, 150_011.5);
        assert_eq!(a.with_budget, 4);
        assert_eq!(
            a.years,
            [
                YearTotal {
                    year: 1850,
                    count: 1,
                    budget_usd: 1.0
                },
                YearTotal {
                    year: 2019,
                    count: 2,
                    budget_usd: 150_000.5
                },
                YearTotal {
                    year: 2021,
                    count: 1,
                    budget_usd: 0.0
                },
            ]
        );
        assert_eq!(a.year_span(), Some((1850, 2021)));
    }

    #[test]
    fn merge_is_the_same_as_one_tally() {
        let matches = [
            (Some(1.25), Some(2008)),
            (Some(200_000.0), Some(2025)),
            (None, None),
            (Some(3.0), Some(3000)),
            (Some(0.0), Some(2008)),
        ];
        let mut whole = Tally::default();
        let (mut left, mut right) = (Tally::default(), Tally::default());
        for (i, (budget, year)) in matches.into_iter().enumerate() {
            let budget = budget.and_then(cents);
            whole.add(budget, year);
            if i % 2 == 0 { &mut left } else { &mut right }.add(budget, year);
        }
        left.merge(right);
        assert_eq!(left, whole);
        let a = whole.finish(&FacetCounts::default());
        assert_eq!(a.with_budget, 4);
        assert_eq!(a.years[0].count, 2, "2008 holds two matches");
    }

    #[test]
    fn json_shape_is_documented_one() {
        let mut t = Tally::default();
        t.add(cents(250_000.0), Some(2008));
        let mut facets = FacetCounts::default();
        facets[Facet::Region].insert("Afrique".to_string(), 25_000_000);
        let json = serde_json::to_value(t.finish(&facets)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "budget_usd": 250000.0,
                "with_budget": 1,
                "years": [{"year": 2008, "count": 1, "budget_usd": 250000.0}],
                "facets": {"region": {"Afrique": 250000.0}, "type": {}, "budget": {},
                    "country": {}, "status": {}, "coverage": {}, "year": {}, "kind": {}}
            })
        );
    }
}
