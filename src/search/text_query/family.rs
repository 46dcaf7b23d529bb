//! The other words of a word's family (`accueillent` → `accueil`), from
//! the family table.

use tantivy::query::Query;

use super::super::families::family_stems;
use super::{boosted, union, Builder, Word};
use crate::analysis::Token;

/// Other words of the family weigh less than the word typed.
const FAMILY_BOOST: f32 = 0.5;

impl Builder<'_> {
    /// The other words of the word's family (`accueillent` → `accueil`).
    pub(super) fn family_query(&self, word: &Word) -> Option<Box<dyn Query>> {
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
}
