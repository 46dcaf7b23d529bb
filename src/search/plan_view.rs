//! The plan of a search as plain data: what the engine would match, for a
//! backend that runs the search on another engine (the OpenSearch crate).
//! The core still does all the planning (parsing, concepts, synonyms, word
//! families, regions, typo candidates from the word list, dropped words,
//! filters resolved against the index); this module only reads the plan's
//! queries back as a tree of [`PlanNode`]s. No tantivy type leaves it.

use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::Field;

use super::applied::AppliedFilters;
use super::coverage::CONCEPT_POINTS;
use super::described::{Constant, Phrase, Ranged, Weighted};
use super::expansion::Expansion;
use super::note::Note;
use super::plan::plan;
use super::request::{SearchRequest, SortBy, SortOrder};
use super::text_query::Correction;
use super::view::IndexView;
use crate::error::Result;
use crate::facet::Facet;
use crate::schema::Fields;

/// What one matched concept adds to a page's score in the embedded engine
/// (coverage first: far above any BM25 sum).
pub const CONCEPT_SCORE: f32 = CONCEPT_POINTS;

/// A field a plan's query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanField {
    /// The page title (analysed).
    Title,
    /// A project's beneficiary countries (analysed, no length norm).
    Countries,
    /// The metadata line (analysed).
    Meta,
    /// The page text (analysed).
    Body,
    /// Project and Prima IDs, lowercased, whole.
    Ids,
    /// The budget in USD (numeric).
    BudgetUsd,
    /// The facet year (numeric).
    Year,
}

impl PlanField {
    /// The field's name in the embedded index (and in the OpenSearch mapping).
    pub fn name(self) -> &'static str {
        match self {
            PlanField::Title => "title",
            PlanField::Countries => "countries",
            PlanField::Meta => "meta",
            PlanField::Body => "body",
            PlanField::Ids => "ids",
            PlanField::BudgetUsd => "budget_usd",
            PlanField::Year => "year_value",
        }
    }
}

/// One node of a plan's query tree. Scores add up as in Lucene's `bool`.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanNode {
    /// Pages holding an analysed term (French analyzer output) in a field.
    Term {
        /// The field.
        field: PlanField,
        /// The term, as the index holds it.
        term: String,
    },
    /// Analysed terms at offsets from the first (stop words leave gaps).
    Phrase {
        /// The field.
        field: PlanField,
        /// (offset from the first term, term).
        terms: Vec<(usize, String)>,
        /// How many moves apart the terms may stand.
        slop: u32,
    },
    /// Pages filed under a facet value (its canonical spelling).
    FacetValue {
        /// The facet.
        facet: Facet,
        /// The value.
        value: String,
    },
    /// A numeric field within inclusive bounds.
    Range {
        /// The field.
        field: PlanField,
        /// Lower bound, if any.
        min: Option<f64>,
        /// Upper bound, if any.
        max: Option<f64>,
    },
    /// The inner node's score multiplied by `weight`.
    Weighted {
        /// The node.
        node: Box<PlanNode>,
        /// The factor.
        weight: f32,
    },
    /// What the inner node matches, at a constant score.
    Constant {
        /// The node.
        node: Box<PlanNode>,
        /// The score.
        score: f32,
    },
    /// Every `must`, at least `minimum_should_match` of `should` (at least
    /// one when there is no `must` and the minimum is 0), none of `must_not`.
    Bool {
        /// Clauses that must match.
        must: Vec<PlanNode>,
        /// Clauses that may match (and score).
        should: Vec<PlanNode>,
        /// Clauses that must not match.
        must_not: Vec<PlanNode>,
        /// Least number of `should` clauses that must match.
        minimum_should_match: usize,
    },
    /// Every page.
    Everything,
    /// No page.
    Nothing,
}

/// One concept of the query: a word, a phrase, a named place, a synonym
/// entry, with every alternative that matches it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanConcept {
    /// The words as typed.
    pub label: String,
    /// Everything that matches it, weighted.
    pub node: PlanNode,
    /// In more than half of the pages: it ranks, it does not gate.
    pub common: bool,
    /// Some page of the embedded index holds it (unmatched ones are dropped).
    pub matched: bool,
}

impl PlanConcept {
    /// Whether it counts for coverage (matched, not common).
    pub fn gating(&self) -> bool {
        self.matched && !self.common
    }
}

/// A filter of the request, resolved against the index.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFilter {
    /// The facet it restricts (ranges belong to budget and year).
    pub facet: Facet,
    /// The pages it keeps.
    pub node: PlanNode,
}

/// A search planned by the core, as data.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPlan {
    /// The concepts, in query order.
    pub concepts: Vec<PlanConcept>,
    /// Clauses that must not match (`-word`).
    pub excluded: Vec<PlanNode>,
    /// One filter per restricted facet.
    pub filters: Vec<PlanFilter>,
    /// Bonus for words close together or written as one phrase (the
    /// embedded engine rescores its top hits with it).
    pub closeness: Option<PlanNode>,
    /// The sort applied.
    pub sort: SortBy,
    /// Descending order for a budget or year sort.
    pub descending: bool,
    /// No text to match: pages are listed, not scored.
    pub browsing: bool,
    /// Words were typed but none can be searched: the answer is empty.
    pub nothing_to_search: bool,
    /// Notes from planning (query syntax, ignored words).
    pub notes: Vec<Note>,
    /// Words corrected for typos.
    pub corrections: Vec<Correction>,
    /// Expansions applied.
    pub expansions: Vec<Expansion>,
    /// The filter values applied, as the index spells them, and those left
    /// out (see [`crate::SearchResults::filters_applied`]).
    pub filters_applied: AppliedFilters,
    /// Concepts no page holds, as typed.
    pub dropped: Vec<String>,
}

impl QueryPlan {
    /// The concepts that count for coverage.
    pub fn gating(&self) -> impl Iterator<Item = &PlanConcept> {
        self.concepts.iter().filter(|c| c.gating())
    }
}

/// Reads a request (in its entry form) into a plan, as a search would, and
/// returns it as data.
///
/// # Errors
/// As a search: a bad paging value or an unknown filter value.
pub(crate) fn query_plan(view: &IndexView, request: &SearchRequest) -> Result<QueryPlan> {
    if !request.query.trim().is_empty() {
        super::load_query_tables();
    }
    let planned = plan(view, request)?;
    let fields = view.fields;
    let node = |q: &dyn Query| read_node(fields, q);
    Ok(QueryPlan {
        concepts: planned
            .text
            .concepts
            .iter()
            .map(|c| PlanConcept {
                label: c.label.clone(),
                node: node(&*c.query),
                common: c.common,
                matched: c.matched,
            })
            .collect(),
        excluded: planned.text.excluded.iter().map(|q| node(&**q)).collect(),
        filters: planned
            .filters
            .iter()
            .map(|f| PlanFilter {
                facet: f.facet,
                node: node(&*f.query),
            })
            .collect(),
        closeness: planned.text.closeness.as_deref().map(node),
        sort: planned.sort,
        descending: request.order != Some(SortOrder::Asc),
        browsing: planned.browsing,
        nothing_to_search: planned.nothing_to_search,
        notes: planned.notes.clone(),
        corrections: planned.text.corrections.clone(),
        expansions: planned.text.expansions.clone(),
        filters_applied: planned.applied.clone(),
        dropped: planned.text.dropped(),
    })
}

/// A field handle's name in the plan; `None` for a field plans never read.
fn plan_field(fields: &Fields, field: Field) -> Option<PlanField> {
    [
        (fields.title, PlanField::Title),
        (fields.countries, PlanField::Countries),
        (fields.meta, PlanField::Meta),
        (fields.body, PlanField::Body),
        (fields.ids, PlanField::Ids),
        (fields.budget_usd, PlanField::BudgetUsd),
        (fields.year, PlanField::Year),
    ]
    .into_iter()
    .find(|(f, _)| *f == field)
    .map(|(_, p)| p)
}

/// Reads a query built by the planner back as a node. A query of a kind
/// the planner does not build reads as [`PlanNode::Nothing`] (and a debug
/// build stops: the plan view must learn it).
fn read_node(fields: &Fields, query: &dyn Query) -> PlanNode {
    let node = |q: &dyn Query| read_node(fields, q);
    if let Some(w) = query.downcast_ref::<Weighted>() {
        return PlanNode::Weighted {
            node: Box::new(node(&*w.inner)),
            weight: w.weight,
        };
    }
    if let Some(c) = query.downcast_ref::<Constant>() {
        return PlanNode::Constant {
            node: Box::new(node(&*c.inner)),
            score: c.score,
        };
    }
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for (occur, q) in b.clauses() {
            match occur {
                Occur::Must => out.0.push(node(&**q)),
                Occur::Should => out.1.push(node(&**q)),
                Occur::MustNot => out.2.push(node(&**q)),
            }
        }
        return PlanNode::Bool {
            must: out.0,
            should: out.1,
            must_not: out.2,
            minimum_should_match: b.get_minimum_number_should_match(),
        };
    }
    if let Some(known) = read_leaf(fields, query) {
        return known;
    }
    debug_assert!(false, "plan view: unknown query {query:?}");
    PlanNode::Nothing
}

fn read_leaf(fields: &Fields, query: &dyn Query) -> Option<PlanNode> {
    if let Some(p) = query.downcast_ref::<Phrase>() {
        return Some(PlanNode::Phrase {
            field: plan_field(fields, p.field)?,
            terms: p.terms.clone(),
            slop: p.slop,
        });
    }
    if let Some(r) = query.downcast_ref::<Ranged>() {
        return Some(PlanNode::Range {
            field: plan_field(fields, r.field)?,
            min: r.min,
            max: r.max,
        });
    }
    if let Some(t) = query.downcast_ref::<TermQuery>() {
        let term = t.term();
        let value = term.value();
        if let Some(path) = value.as_facet() {
            let parts = path.to_path();
            let facet = Facet::from_exact_key(parts.first()?)?;
            return Some(PlanNode::FacetValue {
                facet,
                value: parts.get(1)?.to_string(),
            });
        }
        return Some(PlanNode::Term {
            field: plan_field(fields, term.field())?,
            term: value.as_str()?.to_string(),
        });
    }
    if query.downcast_ref::<EmptyQuery>().is_some() {
        return Some(PlanNode::Nothing);
    }
    if query.downcast_ref::<AllQuery>().is_some() {
        return Some(PlanNode::Everything);
    }
    None
}
