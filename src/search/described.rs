//! Queries that remember how they were built: a weight, a constant score, a
//! phrase's terms and offsets, a numeric range. tantivy's own
//! `BoostQuery`, `ConstScoreQuery`, `PhraseQuery` and `RangeQuery` keep
//! these private; the plan view (`plan_view`) reads them from these
//! wrappers to hand the plan to another engine. Matching and scoring are
//! tantivy's, unchanged: each wrapper delegates to the query it built.

use std::fmt;
use std::ops::Bound;

use tantivy::query::{
    BoostQuery, ConstScoreQuery, EnableScoring, PhraseQuery, Query, RangeQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::Term;

/// `query` with its score multiplied by `weight` (a `BoostQuery`).
pub(crate) struct Weighted {
    pub inner: Box<dyn Query>,
    pub weight: f32,
    built: BoostQuery,
}

impl Weighted {
    pub fn new(inner: Box<dyn Query>, weight: f32) -> Weighted {
        let built = BoostQuery::new(inner.box_clone(), weight);
        Weighted {
            inner,
            weight,
            built,
        }
    }
}

/// What `query` matches, at a constant score (a `ConstScoreQuery`).
pub(crate) struct Constant {
    pub inner: Box<dyn Query>,
    pub score: f32,
    built: ConstScoreQuery,
}

impl Constant {
    pub fn new(inner: Box<dyn Query>, score: f32) -> Constant {
        let built = ConstScoreQuery::new(inner.box_clone(), score);
        Constant {
            inner,
            score,
            built,
        }
    }
}

/// Terms at offsets from the first, at most `slop` moves apart (a
/// `PhraseQuery`).
pub(crate) struct Phrase {
    pub field: Field,
    /// (offset from the first term, the analysed term).
    pub terms: Vec<(usize, String)>,
    pub slop: u32,
    built: PhraseQuery,
}

impl Phrase {
    pub fn new(field: Field, terms: Vec<(usize, String)>, slop: u32) -> Phrase {
        let built = PhraseQuery::new_with_offset_and_slop(
            terms
                .iter()
                .map(|(offset, text)| (*offset, Term::from_field_text(field, text)))
                .collect(),
            slop,
        );
        Phrase {
            field,
            terms,
            slop,
            built,
        }
    }
}

/// A numeric field within inclusive bounds (a `RangeQuery`).
pub(crate) struct Ranged {
    pub field: Field,
    pub min: Option<f64>,
    pub max: Option<f64>,
    built: RangeQuery,
}

impl Ranged {
    /// An `i64` field between two optional years.
    pub fn i64(field: Field, min: Option<i32>, max: Option<i32>) -> Ranged {
        let bound = |v: Option<i32>| match v {
            Some(v) => Bound::Included(Term::from_field_i64(field, i64::from(v))),
            None => Bound::Unbounded,
        };
        Ranged {
            field,
            min: min.map(f64::from),
            max: max.map(f64::from),
            built: RangeQuery::new(bound(min), bound(max)),
        }
    }

    /// An `f64` field between two optional amounts.
    pub fn f64(field: Field, min: Option<f64>, max: Option<f64>) -> Ranged {
        let bound = |v: Option<f64>| match v {
            Some(v) => Bound::Included(Term::from_field_f64(field, v)),
            None => Bound::Unbounded,
        };
        Ranged {
            field,
            min,
            max,
            built: RangeQuery::new(bound(min), bound(max)),
        }
    }
}

/// Clone, Debug and Query by delegation to the built tantivy query.
macro_rules! delegate {
    ($ty:ident { $($field:ident),* }, $debug:literal) => {
        impl Clone for $ty {
            fn clone(&self) -> Self {
                $ty {
                    $($field: self.$field.clone(),)*
                    built: self.built.clone(),
                }
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, $debug)?;
                self.built.fmt(f)
            }
        }

        impl Query for $ty {
            fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
                self.built.weight(enable_scoring)
            }

            fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
                self.built.query_terms(visitor)
            }
        }
    };
}

/// A boxed query's clone (`Box<dyn Query>` is not `Clone` itself).
trait CloneQuery {
    fn clone(&self) -> Self;
}

impl CloneQuery for Box<dyn Query> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}

delegate!(Weighted { inner, weight }, "Weighted ");
delegate!(Constant { inner, score }, "Constant ");
delegate!(Phrase { field, terms, slop }, "Phrase ");
delegate!(Ranged { field, min, max }, "Ranged ");
