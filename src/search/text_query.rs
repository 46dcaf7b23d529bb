//! Builds the scoring part of a search from the query's text clauses: each
//! word is analysed like the index, weighted by field, widened with country
//! names behind demonyms and variants, corrected when it has no exact match
//! (typo tolerance), completed as a prefix on request, and the words together
//! reward documents where they stand close.

use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::syntax::Clause;
use crate::analysis::{collect_tokens, fold_key, folded_analyzer, french_analyzer, Token};
use crate::document::{gazetteer, NameKind};
use crate::schema::Fields;

/// Field weights: title above countries above metadata above body.
const TITLE_BOOST: f32 = 3.0;
const COUNTRIES_BOOST: f32 = 2.0;
const META_BOOST: f32 = 1.2;
const BODY_BOOST: f32 = 1.0;
/// An exact project/Prima ID outranks any text match.
const ID_BOOST: f32 = 20.0;
/// Expansions (country behind a demonym, synonyms) weigh less than the word.
const EXPANSION_BOOST: f32 = 0.6;
/// Typo corrections weigh less than exact words.
const TYPO_BOOST: f32 = 0.5;
/// Prefix completions weigh less than the exact word.
const PREFIX_BOOST: f32 = 0.7;
/// Reward for query words standing close together.
const PROXIMITY_BOOST: f32 = 1.5;
/// Words may stand this many positions apart per word and still count as close.
const PROXIMITY_SLOP: u32 = 4;
/// Corrections kept per misspelt word.
const MAX_CORRECTIONS: usize = 3;
/// Completions kept for a prefix.
const MAX_COMPLETIONS: usize = 20;

/// Organisation names and acronyms: folded word → what it also means.
const SYNONYMS: &[(&str, &str)] = &[
    ("iom", "OIM"),
    ("oim", "Organisation internationale pour les migrations"),
    ("unhcr", "HCR"),
    ("onu", "Nations Unies"),
    ("un", "Nations Unies"),
    ("odd", "objectifs de développement durable"),
    ("sdg", "objectifs de développement durable"),
];

/// A word the engine replaced by index words within a few typos (see
/// [`crate::SearchResults`] for an example).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The word as typed.
    pub word: String,
    /// Index words it was matched to.
    pub corrected: Vec<String>,
}

/// The text part of a search, ready to combine with filters.
#[derive(Default)]
pub(crate) struct TextQuery {
    /// One query per required clause.
    pub required: Vec<Box<dyn Query>>,
    /// Clauses that must not match.
    pub excluded: Vec<Box<dyn Query>>,
    /// Optional scoring boost for close words.
    pub proximity: Option<Box<dyn Query>>,
    /// Words corrected for typos.
    pub corrections: Vec<Correction>,
    /// Expansions applied (`basotho → Lesotho`).
    pub expansions: Vec<String>,
    /// Clauses dropped because they held only stop words or punctuation.
    pub dropped: Vec<String>,
    /// Words that match no document at all, even with typos.
    pub unmatched: Vec<String>,
}

impl TextQuery {
    /// True when there is nothing to score: browse mode.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }
}

struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    analyzer: tantivy::tokenizer::TextAnalyzer,
}

impl Builder<'_> {
    fn text_fields(&self) -> [(Field, f32); 4] {
        [
            (self.fields.title, TITLE_BOOST),
            (self.fields.countries, COUNTRIES_BOOST),
            (self.fields.meta, META_BOOST),
            (self.fields.body, BODY_BOOST),
        ]
    }

    fn analyze(&mut self, text: &str) -> Vec<Token> {
        collect_tokens(&mut self.analyzer, text)
    }

    /// Documents holding these analysed tokens (one word, or several in a row)
    /// in any text field, weighted by field.
    fn tokens_query(&self, tokens: &[Token], slop: u32) -> Option<Box<dyn Query>> {
        if tokens.is_empty() {
            return None;
        }
        let first_position = tokens[0].position;
        let per_field: Vec<Box<dyn Query>> = self
            .text_fields()
            .into_iter()
            .map(|(field, boost)| {
                let q: Box<dyn Query> = if tokens.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &tokens[0].text),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    let terms = tokens
                        .iter()
                        .map(|t| {
                            (
                                t.position - first_position,
                                Term::from_field_text(field, &t.text),
                            )
                        })
                        .collect();
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                };
                Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>
            })
            .collect();
        Some(Box::new(BooleanQuery::union(per_field)))
    }

    /// Whether an analysed term occurs in any text field.
    fn occurs(&self, term: &str) -> bool {
        self.text_fields().iter().any(|(field, _)| {
            self.searcher
                .doc_freq(&Term::from_field_text(*field, term))
                .map(|n| n > 0)
                .unwrap_or(false)
        })
    }

    /// Whether a whole folded word occurs in any page.
    fn in_vocabulary(&self, folded: &str) -> bool {
        self.searcher
            .doc_freq(&Term::from_field_text(self.fields.words, folded))
            .is_ok_and(|n| n > 0)
    }

    /// The exact-ID alternative of a word (`CD.0003`).
    fn id_query(&self, word: &str) -> Option<Box<dyn Query>> {
        let id = word
            .trim_end_matches([',', ';', ':', '!', '?'])
            .trim_end_matches('.')
            .to_lowercase();
        let term = Term::from_field_text(self.fields.ids, &id);
        (!id.is_empty()
            && self
                .searcher
                .doc_freq(&term)
                .map(|n| n > 0)
                .unwrap_or(false))
        .then(|| {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ID_BOOST,
            )) as Box<dyn Query>
        })
    }

    /// Index words within the allowed number of typos of `word`, most
    /// frequent first (Meilisearch's thresholds: none below 5 characters,
    /// 1 up to 8, 2 from 9).
    fn corrections(&self, folded: &str) -> Vec<String> {
        let len = folded.chars().count();
        let distance = match len {
            0..=4 => return Vec::new(),
            5..=8 => 1,
            _ => 2,
        };
        let query = FuzzyTermQuery::new(
            Term::from_field_text(self.fields.words, folded),
            distance,
            true,
        );
        let Ok(automaton) = query.automaton() else {
            return Vec::new();
        };
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.words) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *found.entry(word.to_string()).or_default() += stream.value().doc_freq as u64;
                }
            }
        }
        let mut found: Vec<(usize, u64, String)> = found
            .into_iter()
            .filter(|(w, _)| w != folded)
            .map(|(w, n)| (strsim::osa_distance(&w, folded), n, w))
            .collect();
        // closest first, then most frequent, then alphabetical for stability
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        found
            .into_iter()
            .take(MAX_CORRECTIONS)
            .map(|(_, _, w)| w)
            .collect()
    }

    /// Index words starting with `prefix`, most frequent first.
    fn completions(&self, prefix: &str) -> Vec<String> {
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.words) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            let mut seen = 0;
            while stream.advance() && seen < 2000 {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(prefix) {
                    break;
                }
                seen += 1;
                *found.entry(word.to_string()).or_default() += stream.value().doc_freq as u64;
            }
        }
        let mut found: Vec<(u64, String)> = found.into_iter().map(|(w, n)| (n, w)).collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found
            .into_iter()
            .take(MAX_COMPLETIONS)
            .map(|(_, w)| w)
            .collect()
    }

    /// Words given as alternatives, at a weight.
    fn alternatives_query(&mut self, words: &[String], boost: f32) -> Option<Box<dyn Query>> {
        let queries: Vec<Box<dyn Query>> = words
            .iter()
            .filter_map(|w| {
                let tokens = self.analyze(w);
                self.tokens_query(&tokens, 0)
            })
            .collect();
        (!queries.is_empty()).then(|| {
            Box::new(BoostQuery::new(
                Box::new(BooleanQuery::union(queries)),
                boost,
            )) as Box<dyn Query>
        })
    }

    /// What a country matches: its canonical name in any text field.
    fn country_query(&mut self, name: &str) -> Option<Box<dyn Query>> {
        let tokens = self.analyze(name);
        self.tokens_query(&tokens, 0)
    }
}

/// Builds the text query for the clauses of a parsed query.
pub(crate) fn build_text_query(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[Clause],
    typo: bool,
    prefix: bool,
) -> TextQuery {
    let mut b = Builder {
        searcher,
        fields,
        analyzer: french_analyzer(),
    };
    let mut folder = folded_analyzer();
    let mut out = TextQuery::default();
    let last_plain = clauses.iter().rposition(|c| !c.phrase && !c.negated);
    let mut proximity_terms: Vec<String> = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let clause = &clauses[i];
        if clause.negated {
            let tokens = b.analyze(&clause.text);
            if let Some(q) = b.tokens_query(&tokens, 0) {
                out.excluded.push(q);
            }
            i += 1;
            continue;
        }
        if clause.phrase {
            let tokens = b.analyze(&clause.text);
            match b.tokens_query(&tokens, 0) {
                Some(q) => out.required.push(q),
                None => out.dropped.push(clause.text.clone()),
            }
            i += 1;
            continue;
        }
        // the longest run of plain words naming a country (`République kirghize`)
        let run = clauses[i..]
            .iter()
            .take_while(|c| !c.phrase && !c.negated)
            .count()
            .min(6);
        let country = (1..=run).rev().find_map(|n| {
            let words: Vec<&str> = clauses[i..i + n].iter().map(|c| c.text.as_str()).collect();
            gazetteer()
                .lookup(&words.join(" "))
                .map(|(c, kind)| (n, c, kind))
        });
        let (n, expansion) = match country {
            Some((n, c, kind))
                if !(kind == NameKind::Name
                    && fold_key(&c.name)
                        == fold_key(
                            &clauses[i..i + n]
                                .iter()
                                .map(|c| c.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                        )) =>
            {
                out.expansions.push(format!(
                    "{} → {}",
                    clauses[i..i + n]
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    c.name
                ));
                (n, b.country_query(&c.name.clone()))
            }
            Some((n, _, _)) => (n, None),
            None => {
                let key = fold_key(&clause.text);
                let synonym = SYNONYMS.iter().find(|(k, _)| *k == key).map(|(_, s)| *s);
                let q = synonym.and_then(|s| {
                    out.expansions.push(format!("{} → {s}", clause.text));
                    b.alternatives_query(&[s.to_string()], 1.0)
                });
                (1, q)
            }
        };
        // the words themselves, each required within the group
        let mut word_queries: Vec<Box<dyn Query>> = Vec::new();
        for (offset, word_clause) in clauses[i..i + n].iter().enumerate() {
            let tokens = b.analyze(&word_clause.text);
            let id = b.id_query(&word_clause.text);
            let exact_found = !tokens.is_empty() && tokens.iter().all(|t| b.occurs(&t.text));
            if tokens.len() == 1 {
                proximity_terms.push(tokens[0].text.clone());
            }
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            alternatives.extend(b.tokens_query(&tokens, 0));
            alternatives.extend(id);
            let folded: Vec<String> = collect_tokens(&mut folder, &word_clause.text)
                .into_iter()
                .map(|t| t.text)
                .collect();
            // a word the pages contain is no typo, even when it is a stop word
            if typo
                && !exact_found
                && alternatives.len() <= 1
                && folded.len() == 1
                && expansion.is_none()
                && !b.in_vocabulary(&folded[0])
            {
                let corrected = b.corrections(&folded[0]);
                if !corrected.is_empty() {
                    alternatives.extend(b.alternatives_query(&corrected, TYPO_BOOST));
                    out.corrections.push(Correction {
                        word: word_clause.text.clone(),
                        corrected,
                    });
                }
            }
            if prefix && Some(i + offset) == last_plain && folded.len() == 1 {
                let completed = b.completions(folded.last().expect("one word"));
                alternatives.extend(b.alternatives_query(&completed, PREFIX_BOOST));
            }
            if tokens.is_empty() && alternatives.is_empty() {
                out.dropped.push(word_clause.text.clone());
                continue;
            }
            let corrected = out
                .corrections
                .last()
                .is_some_and(|c| c.word == word_clause.text);
            if !exact_found && !corrected && expansion.is_none() && alternatives.len() <= 1 {
                out.unmatched.push(word_clause.text.clone());
            }
            word_queries.push(Box::new(BooleanQuery::union(alternatives)));
        }
        let words_query: Option<Box<dyn Query>> = match word_queries.len() {
            0 => None,
            1 => word_queries.pop(),
            _ => Some(Box::new(BooleanQuery::intersection(word_queries))),
        };
        let group: Option<Box<dyn Query>> = match (words_query, expansion) {
            (Some(w), Some(e)) => Some(Box::new(BooleanQuery::new(vec![
                (Occur::Should, w),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(e, EXPANSION_BOOST)) as Box<dyn Query>,
                ),
            ]))),
            (Some(w), None) => Some(w),
            (None, Some(e)) => Some(e),
            (None, None) => None,
        };
        if let Some(g) = group {
            out.required.push(g);
        }
        i += n;
    }
    if proximity_terms.len() >= 2 {
        let n = proximity_terms.len() as u32;
        let close: Vec<Box<dyn Query>> = [fields.title, fields.body]
            .into_iter()
            .map(|field| {
                let terms = proximity_terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (i, Term::from_field_text(field, t)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset_and_slop(
                    terms,
                    PROXIMITY_SLOP * (n - 1),
                )) as Box<dyn Query>
            })
            .collect();
        out.proximity = Some(Box::new(BoostQuery::new(
            Box::new(BooleanQuery::union(close)),
            PROXIMITY_BOOST,
        )));
    }
    out
}
