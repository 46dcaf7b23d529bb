//! The one normal form (`analysis::normal_form`) of what a search asks
//! for: the pages are stored in it, so a query or filter value typed in
//! decomposed form (`e` + U+0301, as macOS and some keyboards send it) or
//! pasted with invisible characters (a soft hyphen, a zero-width space)
//! must be normalised before it is analysed or compared. The search itself
//! is left to `run`.

use std::borrow::Cow;

use super::request::SearchRequest;
use crate::facet::Facet;

/// `text` in the normal form (format characters removed, NFC); borrowed
/// when it already is.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    crate::analysis::normal_form(text)
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
        let pasted =
            SearchRequest::new("mi\u{ad}gra\u{200b}tion").filter(Facet::Region, "Af\u{2060}rique");
        let n = nfc_request(&pasted);
        assert_eq!(n.query, "migration");
        assert_eq!(n.filters.values(Facet::Region), ["Afrique"]);
    }
}
