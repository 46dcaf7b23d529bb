//! Highlights of a query's words over a whole document (title and full
//! text), for a document opened from a list of hits: the same analysed
//! terms as the snippets (stems, accents, typo corrections), over the entire
//! text instead of its best fragment. Filters typed in the query are ignored.

use serde::{Deserialize, Serialize};

use super::nfc::nfc;
use super::request::SearchRequest;
use super::snippet::Snippets;
use super::syntax::parse_query;
use super::view::IndexView;
use crate::document::Document;

/// Where a query's words fall in one document, as `[start, end)` character
/// offsets (like [`Hit::highlights`](crate::Hit::highlights)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHighlights {
    /// Ranges in [`Document::title`].
    pub title: Vec<[usize; 2]>,
    /// Ranges in [`Document::body`], over the whole text.
    pub body: Vec<[usize; 2]>,
}

/// The highlights of `query` in `doc`, with the default typo tolerance.
pub(crate) fn document_highlights(
    view: &IndexView,
    query: &str,
    doc: &Document,
) -> DocumentHighlights {
    let parsed = parse_query(&nfc(query));
    let defaults = SearchRequest::default();
    let text = view.text_query(&parsed.clauses, defaults.typo, defaults.prefix);
    let query = text.highlight_query();
    // one fragment as long as the text: every occurrence is marked
    let snippets = Snippets::new(&view.stats, view.fields, query.as_deref(), doc.body.len());
    DocumentHighlights {
        title: snippets.title(&doc.title),
        body: snippets.whole_body(&doc.body),
    }
}
