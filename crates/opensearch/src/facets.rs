//! Facet counts and aggregates as OpenSearch aggregations, with the core's
//! counting: over the counted pages only, each facet's counts under every
//! filter but its own (disjunctive; the hits themselves take every filter
//! through `post_filter`), budget sums to the cent.

use std::collections::BTreeMap;

use oim_search::{Aggregates, Facet, FacetCounts, SearchRequest, YearTotal};
use serde_json::{json, Value};

use crate::settings::facet_field;
use crate::text::Text;

/// Most values counted per facet (far above any facet's values).
pub const MAX_VALUES: usize = 10_000;

/// The aggregations a request asks for.
pub fn aggregations(text: &Text, request: &SearchRequest) -> Value {
    let mut aggs = serde_json::Map::new();
    if request.facets {
        for facet in Facet::ALL {
            let mut values =
                json!({ "terms": { "field": facet_field(facet), "size": MAX_VALUES } });
            if request.aggregates {
                values["aggs"] = budget_sum();
            }
            aggs.insert(
                format!("facet_{}", facet.key()),
                json!({ "filter": all_of(text.filters(Some(facet))), "aggs": { "values": values } }),
            );
        }
    }
    if request.aggregates {
        let mut totals = budget_sum();
        totals["years"] = json!({
            "terms": { "field": "year_value", "size": MAX_VALUES },
            "aggs": { "budget": { "sum": { "field": "budget_usd" } } },
        });
        aggs.insert(
            "totals".into(),
            json!({ "filter": all_of(text.filters(None)), "aggs": totals }),
        );
    }
    Value::Object(aggs)
}

/// The pages with a budget, and their sum.
fn budget_sum() -> Value {
    json!({ "with_budget": {
        "filter": { "exists": { "field": "budget_usd" } },
        "aggs": { "sum": { "sum": { "field": "budget_usd" } } },
    } })
}

fn all_of(filters: Vec<Value>) -> Value {
    json!({ "bool": { "filter": filters } })
}

/// Dollars to the cent, as the core sums them.
fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

/// The facet counts of an answer's aggregations.
pub fn read_facets(aggs: &Value) -> FacetCounts {
    let mut counts = FacetCounts::default();
    for facet in Facet::ALL {
        let buckets = &aggs[format!("facet_{}", facet.key())]["values"]["buckets"];
        for b in buckets.as_array().into_iter().flatten() {
            if let (Some(value), Some(n)) = (b["key"].as_str(), b["doc_count"].as_u64()) {
                counts[facet].insert(value.to_string(), n);
            }
        }
    }
    counts
}

/// The aggregates of an answer's aggregations (per-facet budget sums only
/// when facets were counted, as the core).
pub fn read_aggregates(aggs: &Value, facets: bool) -> Aggregates {
    let totals = &aggs["totals"];
    let mut years: Vec<YearTotal> = totals["years"]["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| {
            Some(YearTotal {
                year: i32::try_from(b["key"].as_i64()?).ok()?,
                count: b["doc_count"].as_u64()?,
                budget_usd: cents(b["budget"]["value"].as_f64().unwrap_or(0.0)),
            })
        })
        .collect();
    years.sort_by_key(|y| y.year);
    let mut per_facet = BTreeMap::new();
    for facet in Facet::ALL {
        let mut sums = BTreeMap::new();
        let buckets = &aggs[format!("facet_{}", facet.key())]["values"]["buckets"];
        for b in buckets.as_array().into_iter().flatten().filter(|_| facets) {
            let with = &b["with_budget"];
            if let (Some(value), Some(n)) = (b["key"].as_str(), with["doc_count"].as_u64()) {
                if n > 0 {
                    sums.insert(
                        value.to_string(),
                        cents(with["sum"]["value"].as_f64().unwrap_or(0.0)),
                    );
                }
            }
        }
        per_facet.insert(facet, sums);
    }
    Aggregates {
        budget_usd: cents(
            totals["with_budget"]["sum"]["value"]
                .as_f64()
                .unwrap_or(0.0),
        ),
        with_budget: totals["with_budget"]["doc_count"].as_u64().unwrap_or(0),
        years,
        facets: per_facet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sums_are_read_from_the_buckets() {
        let aggs = json!({
            "facet_region": { "values": { "buckets": [
                { "key": "Afrique", "doc_count": 3, "with_budget": { "doc_count": 2, "sum": { "value": 100.004 } } },
                { "key": "Europe", "doc_count": 1, "with_budget": { "doc_count": 0, "sum": { "value": 0.0 } } },
            ] } },
            "totals": {
                "with_budget": { "doc_count": 2, "sum": { "value": 100.004 } },
                "years": { "buckets": [
                    { "key": 2021, "doc_count": 1, "budget": { "value": 0.0 } },
                    { "key": 2019, "doc_count": 3, "budget": { "value": 100.0 } },
                ] },
            },
        });
        let counts = read_facets(&aggs);
        assert_eq!(counts[Facet::Region]["Afrique"], 3);
        let a = read_aggregates(&aggs, true);
        assert_eq!(a.budget_usd, 100.0);
        assert_eq!(a.with_budget, 2);
        assert_eq!(a.years[0].year, 2019);
        assert_eq!(
            a.facets[&Facet::Region].len(),
            1,
            "a value without budget is left out"
        );
    }
}
