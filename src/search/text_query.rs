//! Builds the scoring part of a search from the query's text clauses. The
//! free words are grouped into *concepts*: a run of words naming a country
//! or a region, a synonym entry, or one word; a quoted phrase is a concept of
//! its own. Each concept is matched by its literal words (analysed like the
//! index, weighted by field) and, at lower weights, by its typo variants,
//! synonyms, word family, the countries of a region, or the country behind
//! a demonym. How the concepts combine (coverage first, all, any) is the
//! caller's choice ([`TextQuery::query`]).

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term, TERMINATED};

use super::broader::narrower_terms;
use super::coverage::{Covered, CONCEPT_POINTS};
use super::described::{Constant, Phrase, Weighted};
use super::expansion::{Expansion, ExpansionKind};
use super::families::family_stems;
use super::live_stats::LiveStats;
use super::question_words::{strip_question_words, WordFate};
use super::synonyms::Synonyms;
use super::syntax::Clause;
use crate::analysis::{
    collect_tokens, fold_key, folded_analyzer, french_analyzer, has_overlong_word, Token,
};
use crate::document::{gazetteer, in_menu_entry, region_concepts, NameKind};
use crate::facet::Facet;
use crate::index::Words;
use crate::schema::{facet_path, Fields};

/// Field weights: title above countries above metadata above body.
const TITLE_BOOST: f32 = 3.0;
const COUNTRIES_BOOST: f32 = 2.0;
const META_BOOST: f32 = 1.2;
const BODY_BOOST: f32 = 1.0;
/// An exact project/Prima ID outranks any text match.
const ID_BOOST: f32 = 20.0;
/// The country behind a demonym or a variant weighs less than the word.
const COUNTRY_BOOST: f32 = 0.6;
/// Synonyms weigh less than the word typed.
const SYNONYM_BOOST: f32 = 0.7;
/// A general word's narrower terms (`bétail` → `cheptel`) weigh less than a synonym.
const NARROWER_BOOST: f32 = 0.5;
/// Other words of the family weigh less than the word typed.
const FAMILY_BOOST: f32 = 0.5;
/// Typo corrections weigh less than exact words.
const TYPO_BOOST: f32 = 0.5;
/// Prefix completions weigh less than the exact word.
const PREFIX_BOOST: f32 = 0.7;
/// What lying in a region the query names is worth (a constant: a page is
/// in the region or not).
const REGION_SCORE: f32 = 2.0;
/// Reward for two query words standing close together.
const PROXIMITY_BOOST: f32 = 1.5;
/// Words may stand this many positions apart and still count as close.
const PROXIMITY_SLOP: u32 = 4;
/// Reward for the query's words written as one exact phrase.
const PHRASE_BOOST: f32 = 2.0;
/// Weight of a multi-word concept's phrase as written, on top of its words
/// (found together anywhere in the page): the phrase ranks above the bare
/// words.
const CONCEPT_PHRASE_BOOST: f32 = 1.0;
/// Corrections kept per misspelt word.
const MAX_CORRECTIONS: usize = 3;
/// Completions kept for a prefix.
const MAX_COMPLETIONS: usize = 20;
/// Words starting with a prefix read from the word list, at most (the most
/// frequent of them become completions).
const MAX_PREFIX_WORDS: usize = 20_000;
/// A word in more than this share of the pages helps ranking but does not
/// count for coverage.
const COMMON_SHARE: f64 = 0.5;
/// A correctly spelt word also matches index words within a typo that are
/// rarer than it and on at most a tenth as many pages (at least one): the
/// pages' own misspellings.
const MISSPELLING_SHARE: u64 = 10;
/// Longest run of words looked up as one name.
const MAX_NAME_WORDS: usize = 6;

/// A word the engine replaced by index words within a few typos (see
/// [`crate::SearchResults`] for an example).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The word as typed.
    pub word: String,
    /// Index words it was matched to.
    pub corrected: Vec<String>,
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
    /// scored by [`TextQuery::query`]'s `auto` union, summed in one fixed
    /// order, so that a page scores the same here, in the partial pages
    /// and on any index layout (an intersection sums in the order of its
    /// posting lists' sizes, and f32 sums of concept points round
    /// differently in another order). `None` when there are no concepts.
    pub fn counted_query(&self, level: usize) -> Option<Box<dyn Query>> {
        let scored = self.query(MatchMode::Auto)?;
        let gating: Vec<Box<dyn Query>> = self
            .gating_concepts()
            .map(|c| c.query.box_clone())
            .collect();
        let common = self.concepts.iter().any(|c| c.matched && c.common);
        if gating.is_empty() || (level <= 1 && !common) {
            // only common words (any of them will do, as in `any`), or one
            // gating concept of several is enough: the union is the matches
            return Some(scored);
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
            (Occur::Should, scored),
        ])))
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

    fn word(&mut self, text: &str) -> Word {
        Word {
            text: text.to_string(),
            tokens: self.analyze(text),
            folded: collect_tokens(&mut self.folder, text)
                .into_iter()
                .map(|t| t.text)
                .collect(),
        }
    }

    /// Documents holding these analysed tokens (one word, or several in a row)
    /// in any text field, weighted by field.
    fn tokens_query(&self, tokens: &[Token], slop: u32) -> Option<Box<dyn Query>> {
        let first_position = tokens.first()?.position;
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
                        .map(|t| (t.position - first_position, t.text.clone()))
                        .collect();
                    Box::new(Phrase::new(field, terms, slop))
                };
                boosted(q, boost)
            })
            .collect();
        Some(Box::new(BooleanQuery::union(per_field)))
    }

    /// Pages holding an analysed term in any text field, at most.
    fn doc_freq(&self, term: &str) -> u64 {
        if let Some(&pages) = self.doc_freqs.borrow().get(term) {
            return pages;
        }
        let pages = self
            .text_fields()
            .iter()
            .map(|(field, _)| self.stats.doc_freq(&Term::from_field_text(*field, term)))
            .max()
            .unwrap_or(0);
        self.doc_freqs.borrow_mut().insert(term.to_string(), pages);
        pages
    }

    /// Whether live pages hold every analysed term of `tokens` (true for
    /// none: a stop word cannot be checked).
    fn all_live(&self, tokens: &[Token]) -> bool {
        tokens.iter().all(|t| self.doc_freq(&t.text) > 0)
    }

    /// Pages holding a whole folded word, as the word list counts them, or
    /// 0 when no live page holds its terms. Without a word list, 1 for a
    /// word whose terms are live.
    ///
    /// The list may hold words only deleted pages held (a crash between
    /// its write and tantivy's commit, a page written twice between two
    /// commits: see `index::word_list`), so every word it offers is
    /// checked against the live index first: a word whose analysed terms
    /// no live page holds is only in deleted pages.
    fn word_freq(&mut self, folded: &str) -> u64 {
        let pages = self.words.map_or(1, |words| words.pages(folded));
        if pages == 0 {
            return 0;
        }
        let tokens = self.analyze(folded);
        if self.all_live(&tokens) {
            pages
        } else {
            0
        }
    }

    /// Whether a word (all its terms) is in more than half of the pages.
    fn is_common(&self, tokens: &[Token]) -> bool {
        let pages = self.searcher.num_docs().max(1) as f64;
        !tokens.is_empty()
            && tokens
                .iter()
                .all(|t| self.doc_freq(&t.text) as f64 / pages > COMMON_SHARE)
    }

    /// The exact-ID alternative of a word (`CD.0003`).
    fn id_query(&self, word: &str) -> Option<Box<dyn Query>> {
        let id = word
            .trim_end_matches([',', ';', ':', '!', '?'])
            .trim_end_matches('.')
            .to_lowercase();
        let term = Term::from_field_text(self.fields.ids, &id);
        (!id.is_empty() && self.stats.doc_freq(&term) > 0).then(|| {
            boosted(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ID_BOOST,
            )
        })
    }

    /// Index words within the allowed number of typos of `folded` (none
    /// below 5 characters, 1 up to 8, 2 from 9, as Meilisearch), each with
    /// its page count, closest then most frequent first.
    fn near_words(&self, folded: &str) -> Vec<(String, u64)> {
        let distance = match folded.chars().count() {
            0..=4 => return Vec::new(),
            5..=8 => 1,
            _ => 2,
        };
        // the automaton reads only the term's text: any text field will do
        let query = FuzzyTermQuery::new(
            Term::from_field_text(self.fields.body, folded),
            distance,
            true,
        );
        let Ok(automaton) = query.automaton() else {
            return Vec::new();
        };
        let mut found: Vec<(usize, u64, String)> = Vec::new();
        if let Some(words) = self.words {
            // the caller checks the words it keeps against the live index
            // (see `word_freq`)
            words.search(&automaton, |word, pages| match std::str::from_utf8(word) {
                Ok(word) if word != folded => {
                    found.push((strsim::osa_distance(word, folded), pages, word.to_string()))
                }
                _ => {}
            });
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        found.into_iter().map(|(_, n, w)| (w, n)).collect()
    }

    /// Index words starting with `prefix`, most frequent first, each held
    /// by some live page (see `word_freq`).
    fn completions(&mut self, prefix: &str) -> Vec<String> {
        let Some(words) = self.words else {
            return Vec::new();
        };
        let mut found: Vec<(u64, String)> = Vec::new();
        words.with_prefix(prefix, |word, pages| {
            if let Ok(word) = std::str::from_utf8(word) {
                found.push((pages, word.to_string()));
            }
            found.len() < MAX_PREFIX_WORDS
        });
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut completed = Vec::new();
        for (_, word) in found {
            if completed.len() == MAX_COMPLETIONS {
                break;
            }
            let tokens = self.analyze(&word);
            if self.all_live(&tokens) {
                completed.push(word);
            }
        }
        completed
    }

    /// Words or phrases given as alternatives, at a weight.
    fn alternatives_query(&mut self, texts: &[String], boost: f32) -> Option<Box<dyn Query>> {
        let queries: Vec<Box<dyn Query>> = texts
            .iter()
            .filter_map(|w| {
                let tokens = self.analyze(w);
                self.tokens_query(&tokens, 0)
            })
            .collect();
        union(queries).map(|q| boosted(q, boost))
    }

    /// The typo alternatives of a word: close index words when the word is
    /// absent, and rare close words (the pages' own misspellings) when it is
    /// present. Variants that analyse like the word add nothing.
    fn typo_query(&mut self, word: &Word) -> Option<Box<dyn Query>> {
        let [folded] = word.folded.as_slice() else {
            return None;
        };
        let freq = self.word_freq(folded);
        let absent = freq == 0 && word.tokens.iter().all(|t| self.doc_freq(&t.text) == 0);
        // a stop word the pages contain is no typo
        if !absent && word.tokens.is_empty() {
            return None;
        }
        let stems: Vec<&str> = word.tokens.iter().map(|t| t.text.as_str()).collect();
        let mut corrected = Vec::new();
        for (candidate, n) in self.near_words(folded) {
            if corrected.len() == MAX_CORRECTIONS {
                break;
            }
            let rare = n < freq && n <= (freq / MISSPELLING_SHARE).max(1);
            let tokens = self.analyze(&candidate);
            let same_stem = tokens
                .iter()
                .map(|t| t.text.as_str())
                .eq(stems.iter().copied());
            // a word the list keeps from deleted pages is no correction
            if (absent || rare) && !same_stem && self.all_live(&tokens) {
                corrected.push(candidate);
            }
        }
        if corrected.is_empty() {
            return None;
        }
        let query = self.alternatives_query(&corrected, TYPO_BOOST);
        // only a word that had to be replaced is reported as corrected
        if absent {
            self.out.corrections.push(Correction {
                word: word.text.clone(),
                corrected,
            });
        }
        query
    }

    /// The other words of the word's family (`accueillent` → `accueil`).
    fn family_query(&self, word: &Word) -> Option<Box<dyn Query>> {
        let [token] = word.tokens.as_slice() else {
            return None;
        };
        let queries: Vec<Box<dyn Query>> = family_stems(&token.text)
            .iter()
            .filter(|stem| self.doc_freq(stem) > 0)
            .filter_map(|stem| {
                let token = Token {
                    text: stem.clone(),
                    ..token.clone()
                };
                self.tokens_query(std::slice::from_ref(&token), 0)
            })
            .collect();
        union(queries).map(|q| boosted(q, FAMILY_BOOST))
    }

    /// Everything that matches one free word, weighted.
    fn word_query(&mut self, word: &Word, prefix: bool) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        alternatives.extend(self.tokens_query(&word.tokens, 0));
        alternatives.extend(self.id_query(&word.text));
        if self.typo {
            alternatives.extend(self.typo_query(word));
        }
        alternatives.extend(self.family_query(word));
        if prefix {
            if let [folded] = word.folded.as_slice() {
                let completed = self.completions(folded);
                alternatives.extend(self.alternatives_query(&completed, PREFIX_BOOST));
            }
        }
        union(alternatives)
    }

    /// Adds a concept, unless it holds nothing to search.
    fn push(&mut self, label: String, query: Option<Box<dyn Query>>, common: bool) {
        match query {
            Some(query) => {
                let matched = matches_any(self.searcher, &*query);
                self.out.concepts.push(Concept {
                    label,
                    query,
                    common,
                    matched,
                });
            }
            // an overlong word was dropped by the analyzer, not for being a stop word
            None if has_overlong_word(&label) => self.out.too_long.push(label),
            None => self.out.ignored.push(label),
        }
    }

    /// `-word` or `-"a phrase"`.
    fn negated_clause(&mut self, clause: &Clause) {
        let tokens = self.analyze(&clause.text);
        if let Some(q) = self.tokens_query(&tokens, 0) {
            self.out.excluded.push(q);
        }
    }

    /// `"a phrase"`: matched as written, one concept.
    fn phrase_clause(&mut self, clause: &Clause) {
        let tokens = self.analyze(&clause.text);
        let query = self.tokens_query(&tokens, 0);
        let common = self.is_common(&tokens);
        self.push(clause.text.clone(), query, common);
    }

    /// The literal words of a run, all required, and how common they are.
    fn run_literal(&mut self, words: &[&str]) -> (Option<Box<dyn Query>>, bool) {
        let analysed: Vec<Word> = words.iter().map(|w| self.word(w)).collect();
        let common = analysed.iter().all(|w| self.is_common(&w.tokens));
        let mut parts = Vec::new();
        for word in &analysed {
            parts.extend(self.word_query(word, false));
        }
        let query: Option<Box<dyn Query>> = match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Box::new(BooleanQuery::intersection(parts))),
        };
        (query, common)
    }

    /// The words of a place's name as typed, as one phrase: a proper name
    /// is not widened word by word (`Cote d'Ivoire` is not `côte`).
    fn place_literal(&mut self, words: &[&str]) -> (Option<Box<dyn Query>>, bool) {
        let tokens = self.analyze(&words.join(" "));
        let common = self.is_common(&tokens);
        (self.tokens_query(&tokens, 0), common)
    }

    /// A run of words naming a country: the words, or the country's name.
    fn country_concept(&mut self, words: &[&str]) -> bool {
        let typed = words.join(" ");
        let Some((country, kind)) = gazetteer().lookup(&typed) else {
            return false;
        };
        let name = country.name.clone();
        let (literal, common) = self.place_literal(words);
        let mut alternatives: Vec<Box<dyn Query>> = literal.into_iter().collect();
        if !(kind == NameKind::Name && fold_key(&name) == fold_key(&typed)) {
            let tokens = self.analyze(&name);
            if let Some(q) = self.tokens_query(&tokens, 0) {
                self.out.expansions.push(Expansion {
                    typed: label(&typed).to_string(),
                    to: vec![name.clone()],
                    kind: ExpansionKind::Country,
                });
                alternatives.push(boosted(q, COUNTRY_BOOST));
            }
        }
        self.push(typed, union(alternatives), common);
        true
    }

    /// A run of words naming a region: the words, or lying there.
    fn region_concept(&mut self, words: &[&str]) -> bool {
        let typed = words.join(" ");
        let Some(region) = region_concepts().lookup(&typed) else {
            return false;
        };
        let mut places: Vec<Box<dyn Query>> = Vec::new();
        for country in &region.countries {
            places.push(Box::new(TermQuery::new(
                Term::from_facet(
                    self.fields.facet(Facet::Country),
                    &facet_path(Facet::Country, country),
                ),
                IndexRecordOption::Basic,
            )));
        }
        for idf in &region.idf_regions_within {
            places.push(Box::new(TermQuery::new(
                Term::from_facet(
                    self.fields.facet(Facet::Region),
                    &facet_path(Facet::Region, idf),
                ),
                IndexRecordOption::Basic,
            )));
        }
        let (literal, common) = self.place_literal(words);
        let alternatives: Vec<Box<dyn Query>> = literal.into_iter().collect();
        let places = union(places);
        let query = union(
            alternatives
                .into_iter()
                .chain(places.map(|p| Box::new(Constant::new(p, REGION_SCORE)) as Box<dyn Query>))
                .collect(),
        );
        if self.split_if_unheld(words, &typed, query.as_deref()) {
            return true;
        }
        if !region.countries.is_empty() || !region.idf_regions_within.is_empty() {
            self.out.expansions.push(Expansion {
                typed: label(&typed).to_string(),
                to: vec![region.name.clone()],
                kind: ExpansionKind::Region,
            });
        }
        self.push(typed, query, common);
        true
    }

    /// A run of words from the site's navigation menu holding a word no page
    /// has (`Directrice générale adjointe`): it names a menu entry, which is
    /// not indexed, so it is searched as written and nothing widens it.
    fn menu_concept(&mut self, words: &[&str]) -> bool {
        let typed = words.join(" ");
        let key = fold_key(&typed);
        let folded: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        if !in_menu_entry(&folded) || folded.iter().all(|w| self.word_freq(w) > 0) {
            return false;
        }
        let tokens = self.analyze(&typed);
        let query = self.tokens_query(&tokens, 0);
        self.push(typed, query, false);
        true
    }

    /// A run of words that is a synonym entry or a general word: the phrase
    /// as written, its synonyms, all its words anywhere in the page (below
    /// the phrase), or (lower) its narrower terms. When no page holds any of
    /// these, its words are searched apart.
    fn synonym_concept(&mut self, words: &[&str], expansions: &[&str], narrower: &[&str]) {
        let typed = words.join(" ");
        let (literal, common) = self.run_literal(words);
        let mut alternatives: Vec<Box<dyn Query>> = literal.into_iter().collect();
        alternatives.extend(self.phrase_query(&typed, words.len()));
        let mut labels = Vec::new();
        for (list, boost, kind) in [
            (expansions, SYNONYM_BOOST, ExpansionKind::Synonym),
            (narrower, NARROWER_BOOST, ExpansionKind::Narrower),
        ] {
            let mut shown = Vec::new();
            for expansion in list {
                if let Some(q) = self.alternatives_query(&[expansion.to_string()], 1.0) {
                    if matches_any(self.searcher, &*q) {
                        shown.push(*expansion);
                    }
                    alternatives.push(boosted(q, boost));
                }
            }
            if !shown.is_empty() {
                labels.push(Expansion {
                    typed: label(&typed).to_string(),
                    to: shown.iter().map(|s| s.to_string()).collect(),
                    kind,
                });
            }
        }
        let query = union(alternatives);
        if self.split_if_unheld(words, &typed, query.as_deref()) {
            return;
        }
        self.out.expansions.extend(labels);
        self.push(typed, query, common);
    }

    /// The exact phrase of a multi-word concept, as a bonus on top of its
    /// words found apart; `None` for one word.
    fn phrase_query(&mut self, typed: &str, words: usize) -> Option<Box<dyn Query>> {
        if words < 2 {
            return None;
        }
        let tokens = self.analyze(typed);
        if tokens.len() < 2 {
            return None;
        }
        self.tokens_query(&tokens, 0)
            .map(|q| boosted(q, CONCEPT_PHRASE_BOOST))
    }

    /// When no page holds a multi-word concept (its phrase, its synonyms,
    /// all its words), pushes its words as concepts of their own, so that
    /// coverage decides, and says so; returns whether it did.
    fn split_if_unheld(&mut self, words: &[&str], typed: &str, query: Option<&dyn Query>) -> bool {
        if words.len() < 2 || query.is_some_and(|q| matches_any(self.searcher, q)) {
            return false;
        }
        let mut content = Vec::new();
        for text in words {
            let word = self.word(text);
            // a stop word inside a phrase is no concept of its own
            if word.tokens.is_empty() {
                continue;
            }
            let query = self.word_query(&word, false);
            let common = self.is_common(&word.tokens);
            content.push(label(text).to_string());
            self.push(word.text.clone(), query, common);
        }
        self.out
            .split_phrases
            .push((label(typed).to_string(), content));
        true
    }

    /// Plain words from the first: the longest run naming a country, a
    /// region or a synonym entry (a country or region wins a tie), else one
    /// word. Returns how many words the concept took.
    fn plain_run(&mut self, words: &[&str], prefix_last: bool) -> usize {
        let synonyms = self.synonyms;
        let synonym = synonyms.lookup(words, 0);
        let general = narrower_terms().lookup(words, 0);
        let found = synonym.iter().chain(&general).map(|m| m.len).max();
        let shortest = found.map_or(1, |len| len.max(1));
        for n in (shortest..=words.len().min(MAX_NAME_WORDS)).rev() {
            let run = &words[..n];
            if self.menu_concept(run) || self.country_concept(run) || self.region_concept(run) {
                return n;
            }
        }
        if let Some(len) = found {
            // the longest entry wins; a synonym and a general word of one length both count
            let synonyms = synonym.filter(|m| m.len == len).map(|m| m.expansions);
            let narrower = general.filter(|m| m.len == len).map(|m| m.expansions);
            self.synonym_concept(
                &words[..len],
                &synonyms.unwrap_or_default(),
                &narrower.unwrap_or_default(),
            );
            return len;
        }
        let word = self.word(words[0]);
        let query = self.word_query(&word, prefix_last && words.len() == 1);
        let common = self.is_common(&word.tokens);
        self.push(word.text.clone(), query, common);
        1
    }

    /// Rewards words standing close (each adjacent pair) and the whole
    /// query written as one phrase, in the title and the body.
    fn closeness(&self, words: &[Vec<Token>]) -> Option<Box<dyn Query>> {
        let singles: Vec<&Token> = words
            .iter()
            .filter_map(|t| match t.as_slice() {
                [one] => Some(one),
                _ => None,
            })
            .collect();
        if singles.len() < 2 {
            return None;
        }
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        for field in [self.fields.title, self.fields.body] {
            for pair in singles.windows(2) {
                let terms = vec![(0, pair[0].text.clone()), (1, pair[1].text.clone())];
                let close = Phrase::new(field, terms, PROXIMITY_SLOP);
                parts.push(boosted(Box::new(close), PROXIMITY_BOOST));
            }
            // each word was analysed alone: its place in the query is its offset
            let terms = singles
                .iter()
                .enumerate()
                .map(|(offset, t)| (offset, t.text.clone()))
                .collect();
            let phrase = Phrase::new(field, terms, 0);
            parts.push(boosted(Box::new(phrase), PHRASE_BOOST));
        }
        union(parts)
    }
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
