//! Builds the scoring part of a search from the query's text clauses. The
//! free words are grouped into *concepts*: a run of words naming a country
//! or a region, a synonym entry, or one word; a quoted phrase is a concept of
//! its own. Each concept is matched by its literal words (analysed like the
//! index, weighted by field) and, at lower weights, by its typo variants,
//! synonyms, word family, the countries of a region, or the country behind
//! a demonym. How the concepts combine (coverage first, all, any) is the
//! caller's choice ([`TextQuery::query`]).
//!
//! One file per kind of alternative: `builder` holds what every concept
//! uses (a word's terms by field, its document frequencies, the exact ID),
//! `concept` groups the free words into concepts and builds each,
//! `typo`, `family` and `completion` add the lower-weighted
//! variants of one word.

mod builder;
mod completion;
mod concept;
mod family;
mod typo;

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::query::{BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

use super::coverage::{Covered, CONCEPT_POINTS};
use super::described::Weighted;
use super::expansion::Expansion;
use super::live_stats::LiveStats;
use super::question_words::{strip_question_words, WordFate};
use super::seek_union::SeekUnion;
use super::synonyms::Synonyms;
use super::syntax::Clause;
use crate::analysis::{fold_key, folded_analyzer, french_analyzer, Token};
use crate::index::Words;
use crate::schema::Fields;

/// A word the engine replaced by index words within a few typos (see
/// [`crate::SearchResults`] for an example).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The word as typed.
    pub word: String,
    /// Index words it was matched to (folded: `quantite`).
    pub corrected: Vec<String>,
    /// The same words as the pages write them (`quantité`), for people:
    /// each one's most frequent spelling among the words the hits
    /// highlight, else the index word.
    #[serde(default)]
    pub written: Vec<String>,
}

/// How the concepts of a query combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Pages matching more concepts first, BM25 within a level; concepts no
    /// page matches are dropped and named.
    #[default]
    Auto,
    /// Every concept must match.
    All,
    /// Any concept may match, ranked by BM25 alone.
    Any,
}

impl MatchMode {
    /// The mode's name, as the CLI and the API spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMode::Auto => "auto",
            MatchMode::All => "all",
            MatchMode::Any => "any",
        }
    }

    /// Reads `auto`, `all` or `any` (also `tous`, `un`).
    pub fn parse(value: &str) -> Option<MatchMode> {
        match fold_key(value).as_str() {
            "auto" => Some(MatchMode::Auto),
            "all" | "tous" | "tout" => Some(MatchMode::All),
            "any" | "un" | "nimporte" => Some(MatchMode::Any),
            _ => None,
        }
    }
}

/// One unit of meaning of the query.
pub(crate) struct Concept {
    /// The words as typed.
    pub label: String,
    /// Everything that matches it, weighted.
    pub query: Box<dyn Query>,
    /// In more than half of the pages: ranks, does not gate.
    pub common: bool,
    /// Some page matches it.
    pub matched: bool,
}

/// The text part of a search, ready to combine with filters.
#[derive(Default)]
pub(crate) struct TextQuery {
    /// The concepts, in query order.
    pub concepts: Vec<Concept>,
    /// Clauses that must not match.
    pub excluded: Vec<Box<dyn Query>>,
    /// Bonus for words close together or written as one phrase (a rescore).
    pub closeness: Option<Box<dyn Query>>,
    /// Words corrected for typos.
    pub corrections: Vec<Correction>,
    /// Expansions applied (`basotho → Lesotho`).
    pub expansions: Vec<Expansion>,
    /// Clauses ignored because they held only stop words or punctuation.
    pub ignored: Vec<String>,
    /// Clauses ignored because a word in them is too long to be indexed.
    pub too_long: Vec<String>,
    /// Question words and fillers left out of free text.
    pub question_words: Vec<String>,
    /// Multi-word concepts no page holds, even word by word, searched as
    /// separate words instead: (the phrase as typed, its content words).
    pub split_phrases: Vec<(String, Vec<String>)>,
}

impl TextQuery {
    /// True when there is nothing to score: browse mode.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.excluded.is_empty()
    }

    /// Concepts that no page matches, as typed.
    pub fn dropped(&self) -> Vec<String> {
        self.concepts
            .iter()
            .filter(|c| !c.matched)
            .map(|c| c.label.clone())
            .collect()
    }

    /// Concepts that count for coverage.
    pub fn gating(&self) -> usize {
        self.gating_concepts().count()
    }

    /// The concepts that count for coverage: matched by some page, and not
    /// in more than half of them.
    pub fn gating_concepts(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| c.matched && !c.common)
    }

    /// The pages counted in `auto`: those holding at least `level` of the
    /// gating concepts (every one when `level` is their number). They are
    /// scored as [`TextQuery::query`]'s `auto` union scores them (asked
    /// page by page, `scores_at_hits`), summed in one fixed order, so that
    /// a page scores the same here, in the partial pages and on any index
    /// layout (an intersection sums in the order of its posting lists'
    /// sizes, and f32 sums of concept points round differently in another
    /// order). `None` when there are no concepts.
    pub fn counted_query(&self, level: usize) -> Option<Box<dyn Query>> {
        let gating: Vec<Box<dyn Query>> = self
            .gating_concepts()
            .map(|c| c.query.box_clone())
            .collect();
        let common = self.concepts.iter().any(|c| c.matched && c.common);
        if gating.is_empty() || (level <= 1 && !common) {
            // only common words (any of them will do, as in `any`), or one
            // gating concept of several is enough: the union is the matches
            return self.query(MatchMode::Auto);
        }
        let required: Box<dyn Query> = if level >= gating.len() {
            Box::new(BooleanQuery::intersection(gating))
        } else {
            Box::new(BooleanQuery::union_with_minimum_required_clauses(
                gating,
                level.max(1),
            ))
        };
        Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(ConstScoreQuery::new(required, 0.0))),
            (Occur::Should, self.scores_at_hits()?),
        ])))
    }

    /// The `auto` union's scores, asked page by page: the optional side of
    /// a query whose pages come from elsewhere (see [`SeekUnion`]). Same
    /// pages and the same f32 scores as [`TextQuery::query`]'s `auto`.
    fn scores_at_hits(&self) -> Option<Box<dyn Query>> {
        let parts: Vec<Box<dyn Query>> = self
            .concepts
            .iter()
            .filter(|c| c.matched)
            .map(|c| {
                let points = if c.common { 0.0 } else { CONCEPT_POINTS };
                let query = SeekUnion::rewrite(c.query.box_clone());
                Box::new(Covered::new(query, points)) as Box<dyn Query>
            })
            .collect();
        (!parts.is_empty()).then(|| SeekUnion::rewrite(Box::new(BooleanQuery::union(parts))))
    }

    /// The query of the concepts under a match mode; `None` when there are
    /// no concepts (browse, or exclusions only).
    pub fn query(&self, mode: MatchMode) -> Option<Box<dyn Query>> {
        if self.concepts.is_empty() {
            return None;
        }
        let live = self.concepts.iter().filter(|c| c.matched);
        let parts: Vec<Box<dyn Query>> = match mode {
            MatchMode::All if self.concepts.iter().any(|c| !c.matched) => {
                return Some(Box::new(EmptyQuery));
            }
            MatchMode::All => {
                let all = live.map(|c| c.query.box_clone()).collect();
                return Some(Box::new(BooleanQuery::intersection(all)));
            }
            MatchMode::Any => live.map(|c| c.query.box_clone()).collect(),
            MatchMode::Auto => live
                .map(|c| {
                    let points = if c.common { 0.0 } else { CONCEPT_POINTS };
                    Box::new(Covered::new(c.query.box_clone(), points)) as Box<dyn Query>
                })
                .collect(),
        };
        Some(match parts.len() {
            0 => Box::new(EmptyQuery),
            _ => Box::new(BooleanQuery::union(parts)),
        })
    }

    /// The pages holding some matched concept, as one flat union of the
    /// concepts' clauses: the pages of [`TextQuery::query`]'s `any`,
    /// for counting. tantivy's union fills a window of 4 096 documents
    /// when it is built and as it walks; a union of concepts, each a union
    /// of its clauses, filled one per concept and its own from theirs.
    /// `None` when there are no concepts.
    pub fn any_pages(&self) -> Option<Box<dyn Query>> {
        if self.concepts.is_empty() {
            return None;
        }
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for concept in self.concepts.iter().filter(|c| c.matched) {
            match concept.query.downcast_ref::<BooleanQuery>() {
                Some(union) if is_plain_union(union) => {
                    clauses.extend(union.clauses().iter().map(|(_, q)| q.box_clone()))
                }
                _ => clauses.push(concept.query.box_clone()),
            }
        }
        Some(match clauses.len() {
            0 => Box::new(EmptyQuery),
            1 => clauses.remove(0),
            _ => Box::new(BooleanQuery::union(clauses)),
        })
    }

    /// Every term that should be highlighted: all alternatives of every
    /// matched concept.
    pub fn highlight_query(&self) -> Option<Box<dyn Query>> {
        let parts: Vec<Box<dyn Query>> = self
            .concepts
            .iter()
            .filter(|c| c.matched)
            .map(|c| c.query.box_clone())
            .collect();
        (!parts.is_empty()).then(|| Box::new(BooleanQuery::union(parts)) as Box<dyn Query>)
    }
}

/// Whether any live page matches a query (one seek per segment).
pub(super) fn matches_any(searcher: &Searcher, query: &dyn Query) -> bool {
    let Ok(weight) = query.weight(EnableScoring::disabled_from_searcher(searcher)) else {
        return false;
    };
    searcher.segment_readers().iter().any(|reader| {
        let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
            return false;
        };
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                return true;
            }
            doc = scorer.advance();
        }
        false
    })
}

/// Words as typed, for an expansion label: without the punctuation around
/// them (`basotho ?` → `basotho`), which the lookup ignored too.
fn label(typed: &str) -> &str {
    typed.trim_matches(|c: char| !c.is_alphanumeric())
}

fn union(mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::union(queries))),
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(Weighted::new(query, boost))
}

/// A concept's query as one union of its weighted leaves (terms, phrases,
/// intersections, constants), each at the product of the weights above
/// it, multiplied from the outside in as tantivy multiplies nested boosts
/// (so each leaf's weight is the same f32). One union builds one window
/// of documents where nested unions built one each, and a union of term
/// queries alone is the kind tantivy's block-max WAND can prune. A page's
/// score is the same sum of the same leaf scores, added in another order:
/// it may differ in the last bits.
fn flattened(query: Box<dyn Query>) -> Box<dyn Query> {
    let mut leaves = Vec::new();
    flatten_into(query, 1.0, &mut leaves);
    match leaves.len() {
        1 => leaves.pop().unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::union(leaves)),
    }
}

fn flatten_into(query: Box<dyn Query>, weight: f32, leaves: &mut Vec<Box<dyn Query>>) {
    if let Some(weighted) = query.downcast_ref::<Weighted>() {
        return flatten_into(weighted.inner.box_clone(), weight * weighted.weight, leaves);
    }
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        if is_plain_union(boolean) {
            for (_, clause) in boolean.clauses() {
                flatten_into(clause.box_clone(), weight, leaves);
            }
            return;
        }
    }
    leaves.push(if weight == 1.0 {
        query
    } else {
        boosted(query, weight)
    });
}

/// Whether a boolean query is a union of its clauses: every clause
/// optional, one enough, at least one clause.
pub(super) fn is_plain_union(query: &BooleanQuery) -> bool {
    query.get_minimum_number_should_match() <= 1
        && !query.clauses().is_empty()
        && query
            .clauses()
            .iter()
            .all(|(occur, _)| *occur == Occur::Should)
}

struct Builder<'a> {
    searcher: &'a Searcher,
    /// Document frequencies count live documents only, so a query is built
    /// the same on an index updated in place and on a full rebuild.
    stats: &'a LiveStats,
    fields: &'a Fields,
    /// The word list beside the index; `None` when it cannot be read
    /// (no corrections, no completions then).
    words: Option<&'a Words>,
    synonyms: &'a Synonyms,
    /// [`Builder::doc_freq`]'s answers: a word is asked about several
    /// times (coverage, typos, the word list's liveness checks).
    doc_freqs: RefCell<HashMap<String, u64>>,
    analyzer: tantivy::tokenizer::TextAnalyzer,
    folder: tantivy::tokenizer::TextAnalyzer,
    typo: bool,
    out: TextQuery,
}

/// One free word of the query, analysed.
struct Word {
    text: String,
    tokens: Vec<Token>,
    folded: Vec<String>,
}

/// Builds the text query for the clauses of a parsed query.
pub(crate) fn build_text_query(
    stats: &LiveStats,
    fields: &Fields,
    words: Option<&Words>,
    synonyms: &Synonyms,
    clauses: &[Clause],
    typo: bool,
    prefix: bool,
) -> TextQuery {
    let mut b = Builder {
        searcher: stats.searcher(),
        stats,
        fields,
        words,
        synonyms,
        doc_freqs: RefCell::default(),
        analyzer: french_analyzer(),
        folder: folded_analyzer(),
        typo,
        out: TextQuery::default(),
    };
    let mut plain_tokens: Vec<Vec<Token>> = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let clause = &clauses[i];
        if clause.negated {
            b.negated_clause(clause);
            i += 1;
        } else if clause.phrase {
            b.phrase_clause(clause);
            i += 1;
        } else {
            let run = clauses[i..]
                .iter()
                .take_while(|c| !c.phrase && !c.negated)
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>();
            let ends_query = i + run.len() == clauses.len();
            let mut kept_words: Vec<String> = Vec::new();
            for (word, fate) in run.iter().zip(strip_question_words(&run)) {
                match fate {
                    WordFate::Keep => kept_words.push(word.to_string()),
                    WordFate::Rewrite(shorter) => kept_words.push(shorter),
                    WordFate::Drop => b.out.question_words.push(word.to_string()),
                }
            }
            let kept: Vec<&str> = kept_words.iter().map(String::as_str).collect();
            plain_tokens.extend(kept.iter().map(|w| b.analyze(w)));
            let mut j = 0;
            while j < kept.len() {
                j += b.plain_run(&kept[j..], prefix && ends_query);
            }
            i += run.len();
        }
    }
    b.out.closeness = b.closeness(&plain_tokens);
    b.out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels_drop_the_punctuation_around_the_words() {
        for (typed, shown) in [
            ("basotho ?", "basotho"),
            ("« Côte d’Ivoire » !", "Côte d’Ivoire"),
            ("(RDC)", "RDC"),
            ("Lesotho", "Lesotho"),
            ("?!", ""),
        ] {
            assert_eq!(label(typed), shown);
        }
    }
}
