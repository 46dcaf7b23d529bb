//! The concepts of a query: quoted phrases, excluded clauses, and runs of
//! free words naming a country, a region, a menu entry or a synonym entry
//! (else one word each), plus the closeness bonus of the free words.

use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::super::broader::narrower_terms;
use super::super::described::{Constant, Phrase};
use super::super::expansion::{Expansion, ExpansionKind};
use super::super::syntax::Clause;
use super::{boosted, label, matches_any, union, Builder, Word};
use crate::analysis::{fold_key, Token};
use crate::document::{gazetteer, in_menu_entry, region_concepts, NameKind};
use crate::facet::Facet;
use crate::schema::facet_path;

/// The country behind a demonym or a variant weighs less than the word.
const COUNTRY_BOOST: f32 = 0.6;
/// Synonyms weigh less than the word typed.
const SYNONYM_BOOST: f32 = 0.7;
/// A general word's narrower terms (`bétail` → `cheptel`) weigh less than a synonym.
const NARROWER_BOOST: f32 = 0.5;
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
/// Longest run of words looked up as one name.
const MAX_NAME_WORDS: usize = 6;

impl Builder<'_> {
    /// `-word` or `-"a phrase"`.
    pub(super) fn negated_clause(&mut self, clause: &Clause) {
        let tokens = self.analyze(&clause.text);
        if let Some(q) = self.tokens_query(&tokens, 0) {
            self.out.excluded.push(q);
        }
    }

    /// `"a phrase"`: matched as written, one concept.
    pub(super) fn phrase_clause(&mut self, clause: &Clause) {
        let tokens = self.analyze(&clause.text);
        let query = self.tokens_query(&tokens, 0);
        let common = self.is_common(&tokens);
        self.push(clause.text.clone(), query, common);
    }

    /// The literal words of a run, all required, and how common they are.
    pub(super) fn run_literal(&mut self, words: &[&str]) -> (Option<Box<dyn Query>>, bool) {
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
    pub(super) fn place_literal(&mut self, words: &[&str]) -> (Option<Box<dyn Query>>, bool) {
        let tokens = self.analyze(&words.join(" "));
        let common = self.is_common(&tokens);
        (self.tokens_query(&tokens, 0), common)
    }

    /// A run of words naming a country: the words, or the country's name.
    pub(super) fn country_concept(&mut self, words: &[&str]) -> bool {
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
    pub(super) fn region_concept(&mut self, words: &[&str]) -> bool {
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
    pub(super) fn menu_concept(&mut self, words: &[&str]) -> bool {
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
    pub(super) fn synonym_concept(
        &mut self,
        words: &[&str],
        expansions: &[&str],
        narrower: &[&str],
    ) {
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
    pub(super) fn phrase_query(&mut self, typed: &str, words: usize) -> Option<Box<dyn Query>> {
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
    pub(super) fn split_if_unheld(
        &mut self,
        words: &[&str],
        typed: &str,
        query: Option<&dyn Query>,
    ) -> bool {
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
    pub(super) fn plain_run(&mut self, words: &[&str], prefix_last: bool) -> usize {
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
    pub(super) fn closeness(&self, words: &[Vec<Token>]) -> Option<Box<dyn Query>> {
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
