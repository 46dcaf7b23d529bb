//! Unicode normalisation (NFC) of what a search asks for: the pages are
//! stored in NFC, so a query or filter value typed in decomposed form
//! (`e` + U+0301, as macOS and some keyboards send it) must be composed
//! before it is analysed or compared. The search itself is left to `run`.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::request::SearchRequest;
use crate::facet::Facet;

/// `text` in NFC; borrowed when it already is.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The request with its query and every filter value in NFC; borrowed
/// when nothing needed composing (the usual case costs one scan).
pub(crate) fn nfc_request(request: &SearchRequest) -> Cow<'_, SearchRequest> {
    let is_nfc = |s: &str| matches!(nfc(s), Cow::Borrowed(_));
    let all_nfc = is_nfc(&request.query)
        && Facet::ALL
            .into_iter()
            .all(|f| request.filters.values(f).iter().all(|v| is_nfc(v)));
    if all_nfc {
        return Cow::Borrowed(request);
    }
    let mut owned = request.clone();
    owned.query = nfc(&owned.query).into_owned();
    for facet in Facet::ALL {
        for value in owned.filters.values_mut(facet) {
            *value = nfc(value).into_owned();
        }
    }
    Cow::Owned(owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_queries_and_filters_are_composed() {
        let request =
            SearchRequest::new("e\u{301}tudes").filter(Facet::Region, "Asie et Oce\u{301}anie");
        let n = nfc_request(&request);
        assert_eq!(n.query, "études");
        assert_eq!(n.filters.values(Facet::Region), ["Asie et Océanie"]);
        let plain = SearchRequest::new("études");
        assert!(matches!(nfc_request(&plain), Cow::Borrowed(_)));
    }
}
