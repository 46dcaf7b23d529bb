//! Highlights of a query's words over a whole document (title and full
//! text), for a document opened from a list of hits: the same analysed
//! terms as the snippets (stems, accents, typo corrections), over the entire
//! text instead of its best fragment. Filters typed in the query are ignored.
//!
//! The text is analysed once, front to back, and character offsets are
//! counted along the way, so the time is linear in the text's length
//! (converting each mark's byte offset from the start of the text made a
//! 1 MB page take seconds); marks stop at [`MAX_DOCUMENT_MARKS`].

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};
use tantivy::query::Query;
use tantivy::schema::Field;

use super::live_stats::LiveStats;
use super::request::SearchRequest;
use super::syntax::parse_query;
use super::view::IndexView;
use crate::analysis::TermFinder;
use crate::document::Document;

/// Most marks set in one text (the title, or the body): a page naming the
/// searched word more often shows only the first ones marked, and says so
/// through [`DocumentHighlights::truncated`].
pub(crate) const MAX_DOCUMENT_MARKS: usize = 5_000;

/// Where a query's words fall in one document, as `[start, end)` character
/// offsets (like [`Hit::highlights`](crate::Hit::highlights)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHighlights {
    /// Ranges in [`Document::title`].
    pub title: Vec<[usize; 2]>,
    /// Ranges in [`Document::body`], over the whole text, in order.
    pub body: Vec<[usize; 2]>,
    /// True when the body names the words more often than marks are set
    /// (5 000 at most): only the first ones are in `body`.
    #[serde(default)]
    pub truncated: bool,
}

/// The highlights of `query` (in its entry form) in `doc`, with the default
/// typo tolerance.
pub(crate) fn document_highlights(
    view: &IndexView,
    query: &str,
    doc: &Document,
) -> DocumentHighlights {
    let parsed = parse_query(query);
    let defaults = SearchRequest::default();
    let text = view.text_query(&parsed.clauses, defaults.typo, defaults.prefix);
    let Some(query) = text.highlight_query() else {
        return DocumentHighlights::default();
    };
    let (title, _) = marks(&view.stats, query.as_ref(), view.fields.title, &doc.title);
    let (body, truncated) = marks(&view.stats, query.as_ref(), view.fields.body, &doc.body);
    DocumentHighlights {
        title,
        body,
        truncated,
    }
}

/// The query's terms in `field` that some live document holds (as the
/// snippets do: a term no document holds marks nothing).
fn field_terms(stats: &LiveStats, query: &dyn Query, field: Field) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field && stats.doc_freq(term) > 0 {
            if let Some(text) = term.value().as_str() {
                terms.insert(text.to_string());
            }
        }
    });
    terms
}

/// The marks of `query`'s terms in `text` (at most [`MAX_DOCUMENT_MARKS`]),
/// as character offsets, and whether more were left out.
fn marks(
    stats: &LiveStats,
    query: &dyn Query,
    field: Field,
    text: &str,
) -> (Vec<[usize; 2]>, bool) {
    let terms = field_terms(stats, query, field);
    if terms.is_empty() {
        return (Vec::new(), false);
    }
    let finder = TermFinder::new(terms.iter().map(String::as_str));
    let mut found = Vec::new();
    let mut truncated = false;
    let mut chars = CharCounter::default();
    finder.find(
        text,
        |term| terms.contains(term),
        |from, to, wanted| {
            if !wanted {
                return ControlFlow::Continue(());
            }
            if found.len() == MAX_DOCUMENT_MARKS {
                truncated = true;
                return ControlFlow::Break(());
            }
            if let Some(range) = chars.range(text, from, to) {
                found.push(range);
            }
            ControlFlow::Continue(())
        },
    );
    (found, truncated)
}

/// Byte offsets to character offsets, walking forward from the last one
/// asked: tokens come in text order, so each character is counted about
/// once over the whole text.
#[derive(Default)]
struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    /// `[from, to)` in characters, or `None` when the bytes do not fall on
    /// character boundaries of `text`.
    fn range(&mut self, text: &str, from: usize, to: usize) -> Option<[usize; 2]> {
        if from > to || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
            return None;
        }
        // a token starting before the last one (rare: a filter that
        // splits a word) is counted back from there, not from the start
        if from >= self.byte {
            self.chars += text[self.byte..from].chars().count();
        } else {
            self.chars -= text[from..self.byte].chars().count();
        }
        self.byte = from;
        Some([self.chars, self.chars + text[from..to].chars().count()])
    }
}

#[cfg(test)]
mod tests {
    use super::CharCounter;

    #[test]
    fn byte_offsets_become_character_offsets_forward_and_back() {
        let text = "l’État développe l’été";
        let mut counter = CharCounter::default();
        let etat = text.find("État").unwrap();
        assert_eq!(counter.range(text, etat, etat + "État".len()), Some([2, 6]));
        let ete = text.rfind("été").unwrap();
        assert_eq!(counter.range(text, ete, ete + "été".len()), Some([19, 22]));
        // back to an earlier token
        assert_eq!(counter.range(text, etat, etat + "État".len()), Some([2, 6]));
        // not on a character boundary
        assert_eq!(counter.range(text, 2, 4), None);
    }
}
