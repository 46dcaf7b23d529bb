//! Coverage-first scoring. Each concept of a query (a word, a phrase, a
//! country or region named in several words, a synonym group) adds a large
//! constant to the score of the pages it matches, on top of its BM25 score.
//! Summed over the concepts, the score orders pages by how many concepts
//! they match first and by BM25 within one level, and stays additive, so
//! tantivy's summing union (and its top-k machinery) works unchanged.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// What one matched concept adds: far above any BM25 sum a query reaches, so
/// a page matching more concepts always ranks first.
pub(crate) const CONCEPT_POINTS: Score = 10_000.0;

/// Splits a coverage-first score into (matched concepts, relevance within
/// the level).
pub(crate) fn split_score(score: Score) -> (usize, Score) {
    if score < CONCEPT_POINTS {
        return (0, score.max(0.0));
    }
    let level = (score / CONCEPT_POINTS).floor();
    (level as usize, (score - level * CONCEPT_POINTS).max(0.0))
}

/// Matches what the wrapped query matches and adds `points` to its score.
#[derive(Debug)]
pub(crate) struct Covered {
    inner: Box<dyn Query>,
    points: Score,
}

impl Covered {
    /// Wraps one concept's query.
    pub fn new(inner: Box<dyn Query>, points: Score) -> Covered {
        Covered { inner, points }
    }
}

impl Clone for Covered {
    fn clone(&self) -> Self {
        Covered {
            inner: self.inner.box_clone(),
            points: self.points,
        }
    }
}

impl Query for Covered {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(CoveredWeight {
            inner: self.inner.weight(enable_scoring)?,
            points: if enable_scoring.is_scoring_enabled() {
                self.points
            } else {
                0.0
            },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor)
    }
}

struct CoveredWeight {
    inner: Box<dyn Weight>,
    points: Score,
}

impl Weight for CoveredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(CoveredScorer {
            inner: self.inner.scorer(reader, boost)?,
            points: self.points,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new("concept matched", inner.value() + self.points);
        explanation.add_const("coverage points", self.points);
        explanation.add_detail(inner);
        Ok(explanation)
    }
}

struct CoveredScorer {
    inner: Box<dyn Scorer>,
    points: Score,
}

impl DocSet for CoveredScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for CoveredScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_score_table() {
        for (score, level, rest) in [
            (0.0, 0, 0.0),
            (3.5, 0, 3.5),
            (CONCEPT_POINTS, 1, 0.0),
            (2.0 * CONCEPT_POINTS + 7.25, 2, 7.25),
        ] {
            assert_eq!(split_score(score), (level, rest), "score {score}");
        }
    }
}
