//! The core's plan nodes in OpenSearch's query DSL. Scores: OpenSearch's
//! BM25 keeps the `k1 + 1` factor that Lucene's own dropped (its "legacy"
//! BM25), as tantivy does, so the two engines score on one scale and the
//! plan's constants (a region's score, a concept's coverage points) carry
//! over unchanged.

use oim_search::{PlanField, PlanNode, CONCEPT_SCORE};
use serde_json::{json, Value};

use crate::settings::{facet_field, GAP_ANALYZER};

/// What one held concept adds to a score.
pub fn concept_points() -> f32 {
    CONCEPT_SCORE
}

/// The DSL of a node.
pub fn dsl(node: &PlanNode) -> Value {
    match node {
        PlanNode::Term { field, term } => json!({ "term": { field.name(): { "value": term } } }),
        PlanNode::Phrase { field, terms, slop } => phrase(*field, terms, *slop),
        PlanNode::FacetValue { facet, value } => {
            json!({ "term": { facet_field(*facet): { "value": value } } })
        }
        PlanNode::Range { field, min, max } => {
            let mut bounds = serde_json::Map::new();
            if let Some(min) = min {
                bounds.insert("gte".into(), range_value(*field, *min));
            }
            if let Some(max) = max {
                bounds.insert("lte".into(), range_value(*field, *max));
            }
            json!({ "range": { field.name(): bounds } })
        }
        PlanNode::Weighted { node, weight } => {
            json!({ "bool": { "should": [dsl(node)], "boost": weight } })
        }
        PlanNode::Constant { node, score } => json!({
            "constant_score": { "filter": dsl(node), "boost": score }
        }),
        PlanNode::Bool {
            must,
            should,
            must_not,
            minimum_should_match,
        } => boolean(must, should, must_not, *minimum_should_match),
        PlanNode::Everything => json!({ "match_all": {} }),
        PlanNode::Nothing => json!({ "match_none": {} }),
    }
}

fn range_value(field: PlanField, value: f64) -> Value {
    match field {
        PlanField::Year => json!(value as i64),
        _ => json!(value),
    }
}

/// Analysed terms at their offsets: written with `_` in each gap and read
/// back by the gap analyzer, which keeps the positions, so stop words
/// leave the same holes as in the index.
fn phrase(field: PlanField, terms: &[(usize, String)], slop: u32) -> Value {
    let mut words: Vec<&str> = Vec::new();
    for (offset, term) in terms {
        while words.len() < *offset {
            words.push("_");
        }
        words.push(term);
    }
    json!({
        "match_phrase": {
            field.name(): { "query": words.join(" "), "analyzer": GAP_ANALYZER, "slop": slop }
        }
    })
}

fn boolean(must: &[PlanNode], should: &[PlanNode], must_not: &[PlanNode], minimum: usize) -> Value {
    let list = |nodes: &[PlanNode]| Value::Array(nodes.iter().map(dsl).collect());
    let mut b = serde_json::Map::new();
    if !must.is_empty() {
        b.insert("must".into(), list(must));
    }
    if !should.is_empty() {
        b.insert("should".into(), list(should));
        // tantivy: with no `must`, one `should` at least; Lucene does the same
        if minimum > 0 {
            b.insert("minimum_should_match".into(), json!(minimum));
        }
    }
    if !must_not.is_empty() {
        b.insert("must_not".into(), list(must_not));
        if must.is_empty() && should.is_empty() {
            b.insert("must".into(), json!([{ "match_all": {} }]));
        }
    }
    json!({ "bool": b })
}

/// Pages holding a concept get its coverage points on top of its score.
pub fn covered(concept: &PlanNode, points: f32) -> Value {
    if points == 0.0 {
        return dsl(concept);
    }
    let inner = dsl(concept);
    json!({ "bool": { "should": [
        { "constant_score": { "filter": inner.clone(), "boost": points } },
        inner,
    ] } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oim_search::Facet;

    #[test]
    fn phrases_keep_the_stop_words_gaps() {
        let node = PlanNode::Phrase {
            field: PlanField::Body,
            terms: vec![(0, "diaspor".into()), (2, "lesotho".into())],
            slop: 0,
        };
        assert_eq!(
            dsl(&node)["match_phrase"]["body"]["query"],
            "diaspor _ lesotho"
        );
    }

    #[test]
    fn constants_carry_over() {
        let node = PlanNode::Constant {
            node: Box::new(PlanNode::FacetValue {
                facet: Facet::Region,
                value: "Afrique".into(),
            }),
            score: 2.2,
        };
        let d = dsl(&node);
        assert!((d["constant_score"]["boost"].as_f64().unwrap() - 2.2).abs() < 1e-6);
        assert_eq!(
            d["constant_score"]["filter"]["term"]["facets.region"]["value"],
            "Afrique"
        );
    }

    #[test]
    fn a_union_needs_one_clause_and_an_exclusion_alone_keeps_the_rest() {
        let t = |s: &str| PlanNode::Term {
            field: PlanField::Title,
            term: s.into(),
        };
        let union = PlanNode::Bool {
            must: vec![],
            should: vec![t("a"), t("b")],
            must_not: vec![],
            minimum_should_match: 0,
        };
        assert!(dsl(&union)["bool"].get("minimum_should_match").is_none());
        let not = PlanNode::Bool {
            must: vec![],
            should: vec![],
            must_not: vec![t("a")],
            minimum_should_match: 0,
        };
        assert_eq!(dsl(&not)["bool"]["must"][0], json!({"match_all": {}}));
    }
}
