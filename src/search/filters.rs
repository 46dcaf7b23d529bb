//! Turns filter values into index queries: values are matched to the
//! canonical values present in the index ignoring case and accents, unknown
//! values are refused with the list of valid ones, and each facet's filter is
//! kept apart so facet counts can leave it out (disjunctive faceting).

use std::collections::BTreeSet;
use std::path::Path;

use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::applied::{AppliedFilters, AppliedValue, DroppedValue, UnknownValues};
use super::described::Ranged;
use super::request::Filters;
use crate::analysis::fold_key;
use crate::document::{gazetteer, BUDGET_BUCKETS};
use crate::error::{Error, Result};
use crate::facet::Facet;
use crate::param::Param;
use crate::schema::{facet_path, Fields, NO_VALUE};

/// The filter of one facet, ready to combine.
pub(crate) struct FacetFilter {
    /// The facet it restricts (range filters belong to budget / year).
    pub facet: Facet,
    /// Matches the documents the filter keeps.
    pub query: Box<dyn Query>,
}

/// Every value of a facet present in the index, sorted (`dir` names the
/// index in errors).
pub(crate) fn index_values(
    searcher: &Searcher,
    dir: &Path,
    facet: Facet,
) -> Result<BTreeSet<String>> {
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let reader = segment
            .facet_reader(facet.key())
            .map_err(|e| Error::index(dir, e))?;
        let mut stream = reader
            .facet_dict()
            .stream()
            .map_err(|e| Error::index(dir, e))?;
        while stream.advance() {
            let facet = tantivy::schema::Facet::from_encoded(stream.key().to_vec())
                .map_err(|e| Error::index(dir, e))?;
            if let Some(last) = facet.to_path().last().filter(|v| **v != NO_VALUE) {
                values.insert(last.to_string());
            }
        }
    }
    Ok(values)
}

fn unknown_value(facet: Facet, value: &str, valid: Vec<String>) -> Error {
    let key = fold_key(value);
    // a value the user typed the start of (`asie`) is the best suggestion
    let by_prefix = valid
        .iter()
        .find(|v| !key.is_empty() && fold_key(v).starts_with(&key));
    let closest = by_prefix
        .or_else(|| {
            valid
                .iter()
                .map(|v| (strsim::osa_distance(&fold_key(v), &key), v))
                .min_by_key(|(d, _)| *d)
                .filter(|(d, _)| *d <= key.chars().count().max(3) / 2 + 1)
                .map(|(_, v)| v)
        })
        .cloned();
    Error::UnknownFacetValue {
        facet,
        value: value.to_string(),
        valid,
        closest,
    }
}

/// Resolves one value of a text facet to every value in the index that
/// folds to the same key (an index written before values were
/// canonicalised may hold several spellings of one value).
fn canonical_values(
    searcher: &Searcher,
    dir: &Path,
    facet: Facet,
    value: &str,
) -> Result<Vec<String>> {
    let present = index_values(searcher, dir, facet)?;
    let mut wanted = fold_key(value);
    if facet == Facet::Country {
        if let Some(country) = gazetteer().country(value) {
            // a known country no document names is a valid, empty filter
            if !present
                .iter()
                .any(|p| fold_key(p) == fold_key(&country.name))
            {
                return Ok(vec![country.name.clone()]);
            }
            wanted = fold_key(&country.name);
        }
    }
    if facet == Facet::Kind {
        wanted = match wanted.as_str() {
            "projet" | "projects" | "projets" => "project".into(),
            "actualite" | "actualites" | "article" | "articles" => "news".into(),
            _ => wanted,
        };
        let known = ["project", "news"];
        return known
            .iter()
            .find(|k| **k == wanted)
            .map(|k| vec![k.to_string()])
            .ok_or_else(|| {
                unknown_value(facet, value, known.iter().map(|s| s.to_string()).collect())
            });
    }
    let matching: Vec<String> = present
        .iter()
        .filter(|p| fold_key(p) == wanted)
        .cloned()
        .collect();
    if matching.is_empty() {
        return Err(unknown_value(facet, value, present.into_iter().collect()));
    }
    Ok(matching)
}

fn budget_key(value: &str) -> Result<&'static str> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    BUDGET_BUCKETS
        .iter()
        .map(|(k, _, _)| *k)
        .find(|k| *k == compact)
        .ok_or_else(|| {
            unknown_value(
                Facet::Budget,
                value,
                BUDGET_BUCKETS
                    .iter()
                    .map(|(k, _, _)| k.to_string())
                    .collect(),
            )
        })
}

fn parse_year_value(value: &str) -> Result<(i32, i32)> {
    let bad = |s: &str| {
        // digits that no year holds are out of range, not "not a number"
        let digits = s.trim().trim_start_matches(['-', '+']);
        let out_of_range = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        Error::InvalidParam {
            param: Param::Facet(Facet::Year),
            value: value.to_string(),
            hint: format!(
                "{}give a year such as 2019 or a range such as 2015-2020",
                if out_of_range { "out of range: " } else { "" }
            ),
        }
    };
    let parse = |s: &str| s.trim().parse::<i32>().map_err(|_| bad(s));
    match value.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            if a > b {
                return Err(Error::InvalidParam {
                    param: Param::Facet(Facet::Year),
                    value: value.to_string(),
                    hint: reversed_hint(&format!("write {b}-{a}")),
                });
            }
            Ok((a, b))
        }
        None => parse(value).map(|y| (y, y)),
    }
}

/// One rule for every range: a first bound after the second is refused
/// (never swapped silently, never an empty answer).
fn reversed(what: &'static str, value: &str, fix: &str) -> Error {
    Error::InvalidValue {
        what,
        value: value.to_string(),
        hint: reversed_hint(fix),
    }
}

fn reversed_hint(fix: &str) -> String {
    format!("the lower bound is above the upper one: {fix}")
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        queries.into_iter().next().expect("one query")
    } else {
        Box::new(BooleanQuery::union(queries))
    }
}

fn facet_term_query(fields: &Fields, facet: Facet, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(fields.facet(facet), &facet_path(facet, value)),
        IndexRecordOption::Basic,
    ))
}

fn i64_range(field: tantivy::schema::Field, min: Option<i32>, max: Option<i32>) -> Box<dyn Query> {
    Box::new(Ranged::i64(field, min, max))
}

/// The alternatives of one facet's values, any of which a document may
/// match; each value is recorded in `applied` as the index spells it, or,
/// under [`UnknownValues::Drop`], left out there when no page holds it.
fn value_alternatives(
    searcher: &Searcher,
    dir: &Path,
    fields: &Fields,
    facet: Facet,
    values: &[String],
    applied: &mut AppliedFilters,
    unknown: UnknownValues,
) -> Result<Vec<Box<dyn Query>>> {
    let mut alternatives = Vec::new();
    for value in values {
        let resolved = match facet {
            Facet::Budget => {
                budget_key(value).map(|key| (key.to_string(), facet_term_query(fields, facet, key)))
            }
            Facet::Year => parse_year_value(value).map(|(a, b)| {
                let range = if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                };
                (range, i64_range(fields.year, Some(a), Some(b)))
            }),
            _ => canonical_values(searcher, dir, facet, value).map(|spellings| {
                let query = any_of(
                    spellings
                        .iter()
                        .map(|v| facet_term_query(fields, facet, v))
                        .collect(),
                );
                (spellings.into_iter().next().unwrap_or_default(), query)
            }),
        };
        match resolved {
            Ok((spelling, query)) => {
                applied.values.push(AppliedValue {
                    facet,
                    typed: value.clone(),
                    applied: spelling,
                });
                alternatives.push(query);
            }
            Err(Error::UnknownFacetValue { closest, .. }) if unknown == UnknownValues::Drop => {
                applied.dropped.push(DroppedValue {
                    facet,
                    value: value.clone(),
                    closest,
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(alternatives)
}

/// The range filter belonging to a facet (budget in USD, facet year), if set.
fn range_query(fields: &Fields, facet: Facet, filters: &Filters) -> Result<Option<Box<dyn Query>>> {
    match facet {
        Facet::Budget if !filters.budget_usd.is_unbounded() => {
            let budget = filters.budget_usd;
            // a request built in code skips the readers' bounds
            for (param, v) in [
                (Param::BudgetMin, budget.min),
                (Param::BudgetMax, budget.max),
            ] {
                if let Some(v) = v {
                    param.check_amount(v)?;
                }
            }
            if let (Some(min), Some(max)) = (budget.min, budget.max) {
                if min > max {
                    return Err(reversed(
                        "budget range",
                        &format!("{min}–{max}"),
                        "swap --budget-min and --budget-max",
                    ));
                }
            }
            Ok(Some(Box::new(Ranged::f64(
                fields.budget_usd,
                budget.min,
                budget.max,
            ))))
        }
        Facet::Year if !filters.years.is_unbounded() => {
            for (param, y) in [
                (Param::YearMin, filters.years.min),
                (Param::YearMax, filters.years.max),
            ] {
                if let Some(y) = y {
                    param.check_year(y)?;
                }
            }
            if let (Some(min), Some(max)) = (filters.years.min, filters.years.max) {
                if min > max {
                    return Err(reversed(
                        "year range",
                        &format!("{min}–{max}"),
                        "swap --year-min and --year-max",
                    ));
                }
            }
            Ok(Some(i64_range(
                fields.year,
                filters.years.min,
                filters.years.max,
            )))
        }
        _ => Ok(None),
    }
}

/// Builds one filter per facet from the request's filters, and what they
/// applied.
///
/// # Errors
/// [`Error::UnknownFacetValue`] (unless `unknown` drops such values) or
/// [`Error::InvalidValue`] for a bad value.
pub(crate) fn build_filters(
    searcher: &Searcher,
    dir: &Path,
    fields: &Fields,
    filters: &Filters,
    unknown: UnknownValues,
) -> Result<(Vec<FacetFilter>, AppliedFilters)> {
    let mut out = Vec::new();
    let mut applied = AppliedFilters::default();
    for facet in Facet::ALL {
        let values = filters.values(facet);
        let alternatives =
            value_alternatives(searcher, dir, fields, facet, values, &mut applied, unknown)?;
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        if !alternatives.is_empty() {
            required.push(any_of(alternatives));
        }
        required.extend(range_query(fields, facet, filters)?);
        if !required.is_empty() {
            let query: Box<dyn Query> = if required.len() == 1 {
                required.pop().expect("one query")
            } else {
                Box::new(BooleanQuery::intersection(required))
            };
            out.push(FacetFilter { facet, query });
        }
    }
    Ok((out, applied))
}
