//! The one entry point of what a search asks for: queries, filter values
//! and ids get the first step of the normalisation list
//! (`analysis::normalise`: format characters out, NFC) before anything
//! reads them, because the pages are stored in it. A query typed
//! decomposed (`e` + U+0301, as macOS and some keyboards send it) or pasted
//! with a soft hyphen must find, export and highlight what the composed one
//! does. The engine's search, export, get, highlights and query plan all
//! pass through [`EntryForm`]; the later steps (apostrophes, case and
//! folding) are the analyzer's, word by word.

use std::borrow::Cow;

use super::request::SearchRequest;
use crate::analysis::normal_form;
use crate::facet::Facet;

/// Something a caller asks the engine for, put in the form the pages are
/// stored in.
pub(crate) trait EntryForm: ToOwned {
    /// `self` in the normal form; borrowed when it already is (the usual
    /// case costs one scan, no allocation).
    fn entry_form(&self) -> Cow<'_, Self>;
}

/// A query, a filter value or an id.
impl EntryForm for str {
    fn entry_form(&self) -> Cow<'_, str> {
        normal_form(self)
    }
}

/// The query and every filter value.
impl EntryForm for SearchRequest {
    fn entry_form(&self) -> Cow<'_, SearchRequest> {
        let is_normal = |s: &str| matches!(s.entry_form(), Cow::Borrowed(_));
        let all_normal = is_normal(&self.query)
            && Facet::ALL
                .into_iter()
                .all(|f| self.filters.values(f).iter().all(|v| is_normal(v)));
        if all_normal {
            return Cow::Borrowed(self);
        }
        let mut owned = self.clone();
        owned.query = owned.query.entry_form().into_owned();
        for facet in Facet::ALL {
            for value in owned.filters.values_mut(facet) {
                *value = value.entry_form().into_owned();
            }
        }
        Cow::Owned(owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_queries_and_filters_are_composed() {
        let request =
            SearchRequest::new("e\u{301}tudes").filter(Facet::Region, "Asie et Oce\u{301}anie");
        let n = request.entry_form();
        assert_eq!(n.query, "études");
        assert_eq!(n.filters.values(Facet::Region), ["Asie et Océanie"]);
        let plain = SearchRequest::new("études");
        assert!(matches!(plain.entry_form(), Cow::Borrowed(_)));
        let pasted =
            SearchRequest::new("mi\u{ad}gra\u{200b}tion").filter(Facet::Region, "Af\u{2060}rique");
        let n = pasted.entry_form();
        assert_eq!(n.query, "migration");
        assert_eq!(n.filters.values(Facet::Region), ["Afrique"]);
        assert_eq!("CD.0003\u{200b}".entry_form(), "CD.0003");
    }
}
