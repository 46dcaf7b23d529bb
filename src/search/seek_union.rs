//! A union that only scores: the optional side of the counted pages'
//! query, asked for a page's score at the hits alone. tantivy's union
//! fills a window of 4 096 documents from every clause when it is built
//! and at each seek past that window (every posting of a common word
//! inside it, scored); asked about a few hundred scattered pages, that is
//! most of the counting pass's scoring. This union seeks each clause to
//! the page asked about and sums the clauses that hold it, in clause
//! order from zero, as tantivy's summing union does: the same f32 score.

use tantivy::query::{AllScorer, BooleanQuery, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::text_query::is_plain_union;

/// Matches what any clause matches; scores the sum of the clauses that
/// match, added in clause order.
#[derive(Debug)]
pub(crate) struct SeekUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for SeekUnion {
    fn clone(&self) -> Self {
        SeekUnion {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl SeekUnion {
    /// The same query, a seeking union when it is a plain union (every
    /// clause optional, one enough), and so are the plain unions among its
    /// clauses. Another query is kept as it is.
    pub fn rewrite(query: Box<dyn Query>) -> Box<dyn Query> {
        if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
            if is_plain_union(boolean) {
                let clauses = boolean
                    .clauses()
                    .iter()
                    .map(|(_, clause)| SeekUnion::rewrite(clause.box_clone()))
                    .collect();
                return Box::new(SeekUnion { clauses });
            }
        }
        query
    }
}

impl Query for SeekUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses = self
            .clauses
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SeekUnionWeight { clauses }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct SeekUnionWeight {
    clauses: Vec<Box<dyn Weight>>,
}

impl Weight for SeekUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut clauses = Vec::with_capacity(self.clauses.len());
        let mut every_page = None;
        for weight in &self.clauses {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.is::<AllScorer>() {
                // tantivy's union sets the clauses that match every page
                // apart and adds one of them last
                every_page = Some(scorer);
            } else if scorer.doc() != TERMINATED {
                clauses.push(scorer);
            }
        }
        clauses.extend(every_page);
        if clauses.len() == 1 {
            return Ok(clauses.remove(0));
        }
        let mut union = SeekUnionScorer {
            clauses,
            doc: TERMINATED,
        };
        union.doc = union.lowest();
        Ok(Box::new(union))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the matching clauses", scorer.score());
        for weight in &self.clauses {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

struct SeekUnionScorer {
    /// Clauses in query order (one that matches every page last).
    clauses: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SeekUnionScorer {
    fn lowest(&self) -> DocId {
        self.clauses
            .iter()
            .map(|c| c.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for SeekUnionScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for clause in &mut self.clauses {
            if clause.doc() == doc {
                clause.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for clause in &mut self.clauses {
            if clause.doc() < target {
                clause.seek(target);
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.clauses
            .iter()
            .map(|c| c.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for SeekUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum: Score = 0.0;
        for clause in &mut self.clauses {
            if clause.doc() == doc {
                sum += clause.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    /// A union of boosted terms, one of them itself a union: every page it
    /// matches, walked and sought, scores the same f32 as in tantivy's
    /// union (summed in clause order), and the walk finds the same pages.
    #[test]
    fn scores_every_page_as_the_summing_union_does() {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["a", "b", "c", "d"];
        for n in 0..5_000u32 {
            // pages hold varying words, repeated, at varying lengths
            let text: Vec<&str> = (0..(n % 7 + 1))
                .map(|i| words[((n * 7 + i * 3) % 11 % 4) as usize])
                .collect();
            writer.add_document(doc!(body => text.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str, boost: f32| -> Box<dyn Query> {
            let t = TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs);
            Box::new(BoostQuery::new(Box::new(t), boost))
        };
        let inner: Box<dyn Query> =
            Box::new(BooleanQuery::union(vec![term("c", 0.3), term("d", 0.7)]));
        let union = BooleanQuery::union(vec![term("a", 1.0), inner, term("b", 0.55)]);
        let seeking = SeekUnion::rewrite(Box::new(union.clone()));
        assert!(seeking.downcast_ref::<SeekUnion>().is_some());
        let reader = searcher.segment_reader(0);
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let expected: Vec<(DocId, Score)> = {
            let mut scorer = union.weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
            let mut all = Vec::new();
            while scorer.doc() != TERMINATED {
                all.push((scorer.doc(), scorer.score()));
                scorer.advance();
            }
            all
        };
        let weight = seeking.weight(scoring).unwrap();
        let mut walked = Vec::new();
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        while scorer.doc() != TERMINATED {
            walked.push((scorer.doc(), scorer.score()));
            scorer.advance();
        }
        assert_eq!(walked.len(), expected.len());
        for (w, e) in walked.iter().zip(&expected) {
            assert_eq!((w.0, w.1.to_bits()), (e.0, e.1.to_bits()));
        }
        // sought every third page, as the counting pass asks at its hits
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        for (doc, score) in expected.iter().step_by(3) {
            assert_eq!(scorer.seek(*doc), *doc);
            assert_eq!(scorer.score().to_bits(), score.to_bits());
        }
        // and the top pages of a search are the same
        let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(10).order_by_score());
        let (a, b) = (top(&union).unwrap(), top(&*seeking).unwrap());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}
