//! What every concept is built from: a word analysed, its terms in each
//! text field at the field's weight, its document frequencies (live pages
//! only), the exact-ID alternative, and one word's alternatives together.

use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::super::described::Phrase;
use super::{boosted, flattened, matches_any, union, Builder, Concept, Word};
use crate::analysis::{collect_tokens, has_overlong_word, Token};

/// Field weights: title above countries above metadata above body.
const TITLE_BOOST: f32 = 3.0;
const COUNTRIES_BOOST: f32 = 2.0;
const META_BOOST: f32 = 1.2;
const BODY_BOOST: f32 = 1.0;
/// An exact project/Prima ID outranks any text match.
const ID_BOOST: f32 = 20.0;
/// A word in more than this share of the pages helps ranking but does not
/// count for coverage.
const COMMON_SHARE: f64 = 0.5;

impl Builder<'_> {
    pub(super) fn text_fields(&self) -> [(Field, f32); 4] {
        [
            (self.fields.title, TITLE_BOOST),
            (self.fields.countries, COUNTRIES_BOOST),
            (self.fields.meta, META_BOOST),
            (self.fields.body, BODY_BOOST),
        ]
    }

    pub(super) fn analyze(&mut self, text: &str) -> Vec<Token> {
        collect_tokens(&mut self.analyzer, text)
    }

    pub(super) fn word(&mut self, text: &str) -> Word {
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
    pub(super) fn tokens_query(&self, tokens: &[Token], slop: u32) -> Option<Box<dyn Query>> {
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
    pub(super) fn doc_freq(&self, term: &str) -> u64 {
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
    pub(super) fn all_live(&self, tokens: &[Token]) -> bool {
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
    pub(super) fn word_freq(&mut self, folded: &str) -> u64 {
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
    pub(super) fn is_common(&self, tokens: &[Token]) -> bool {
        let pages = self.searcher.num_docs().max(1) as f64;
        !tokens.is_empty()
            && tokens
                .iter()
                .all(|t| self.doc_freq(&t.text) as f64 / pages > COMMON_SHARE)
    }

    /// The exact-ID alternative of a word (`CD.0003`).
    pub(super) fn id_query(&self, word: &str) -> Option<Box<dyn Query>> {
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

    /// Words or phrases given as alternatives, at a weight.
    pub(super) fn alternatives_query(
        &mut self,
        texts: &[String],
        boost: f32,
    ) -> Option<Box<dyn Query>> {
        let queries: Vec<Box<dyn Query>> = texts
            .iter()
            .filter_map(|w| {
                let tokens = self.analyze(w);
                self.tokens_query(&tokens, 0)
            })
            .collect();
        union(queries).map(|q| boosted(q, boost))
    }

    /// Everything that matches one free word, weighted.
    pub(super) fn word_query(&mut self, word: &Word, prefix: bool) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        alternatives.extend(self.tokens_query(&word.tokens, 0));
        alternatives.extend(self.id_query(&word.text));
        if self.typo {
            alternatives.extend(self.typo_query(word));
        }
        alternatives.extend(self.family_query(word));
        if prefix {
            alternatives.extend(self.completion_query(word));
        }
        union(alternatives)
    }

    /// Adds a concept, unless it holds nothing to search.
    pub(super) fn push(&mut self, label: String, query: Option<Box<dyn Query>>, common: bool) {
        match query {
            Some(query) => {
                let query = flattened(query);
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
}
