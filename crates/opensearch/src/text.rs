//! The text side of a search in the DSL, as the core's `TextQuery` combines
//! its concepts: coverage first under `auto` (each held gating concept adds
//! its points), every concept under `all`, any under `any`; the counted
//! pages at a coverage level; exclusions and filters around them.

use oim_search::{MatchMode, PlanConcept, QueryPlan};
use serde_json::{json, Value};

use crate::query::{concept_points, covered, dsl};

/// The plan's concepts, ready to combine.
pub struct Text<'a> {
    pub plan: &'a QueryPlan,
}

impl Text<'_> {
    fn matched(&self) -> impl Iterator<Item = &PlanConcept> {
        self.plan.concepts.iter().filter(|c| c.matched)
    }

    /// Concepts that count for coverage.
    pub fn gating(&self) -> usize {
        self.plan.gating().count()
    }

    fn has_common(&self) -> bool {
        self.matched().any(|c| c.common)
    }

    /// The scored query of the concepts under a mode; `None` with no
    /// concepts (browse, exclusions only).
    pub fn scored(&self, mode: MatchMode) -> Option<Value> {
        if self.plan.concepts.is_empty() {
            return None;
        }
        let parts: Vec<Value> = match mode {
            MatchMode::All if self.plan.concepts.iter().any(|c| !c.matched) => {
                return Some(json!({ "match_none": {} }));
            }
            MatchMode::All => {
                let all: Vec<Value> = self.matched().map(|c| dsl(&c.node)).collect();
                return Some(json!({ "bool": { "must": all } }));
            }
            MatchMode::Any => self.matched().map(|c| dsl(&c.node)).collect(),
            _ => self
                .matched()
                .map(|c| covered(&c.node, if c.common { 0.0 } else { concept_points() }))
                .collect(),
        };
        Some(match parts.len() {
            0 => json!({ "match_none": {} }),
            _ => json!({ "bool": { "should": parts } }),
        })
    }

    /// The pages counted under `auto` at a coverage level, scored as the
    /// `auto` union; `None` with no concepts.
    pub fn counted(&self, level: usize) -> Option<Value> {
        let scored = self.scored(MatchMode::Auto)?;
        match self.required(level) {
            None => Some(scored),
            Some(required) => Some(json!({ "bool": { "filter": [required], "should": [scored] } })),
        }
    }

    /// What a page must hold to be counted at `level`, beyond holding a
    /// concept: `None` when any concept will do.
    fn required(&self, level: usize) -> Option<Value> {
        let gating: Vec<Value> = self.plan.gating().map(|c| dsl(&c.node)).collect();
        if gating.is_empty() || (level <= 1 && !self.has_common()) {
            return None;
        }
        let minimum = level.clamp(1, gating.len());
        Some(json!({ "bool": { "should": gating, "minimum_should_match": minimum } }))
    }

    /// The unscored test "counted at `level`" (the scope's probe).
    pub fn counted_filter(&self, level: usize) -> Value {
        match self.required(level) {
            Some(required) => required,
            None => {
                let any: Vec<Value> = self.matched().map(|c| dsl(&c.node)).collect();
                json!({ "bool": { "should": any } })
            }
        }
    }

    /// Every term worth highlighting: all alternatives of matched concepts.
    pub fn highlight(&self) -> Option<Value> {
        let parts: Vec<Value> = self.matched().map(|c| dsl(&c.node)).collect();
        (!parts.is_empty()).then(|| json!({ "bool": { "should": parts } }))
    }

    /// `matched` (every page for `None`) less the exclusions.
    pub fn compose(&self, matched: Option<Value>) -> Value {
        let excluded: Vec<Value> = self.plan.excluded.iter().map(dsl).collect();
        json!({ "bool": {
            "must": [matched.unwrap_or_else(|| json!({ "match_all": {} }))],
            "must_not": excluded,
        } })
    }

    /// Every filter, as `filter` clauses.
    pub fn filters(&self, except: Option<oim_search::Facet>) -> Vec<Value> {
        self.plan
            .filters
            .iter()
            .filter(|f| Some(f.facet) != except)
            .map(|f| dsl(&f.node))
            .collect()
    }
}
