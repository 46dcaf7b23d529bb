//! The page's links: query strings that keep the search state in the URL,
//! and path segments. They are returned unescaped; the templates escape
//! them where they go into an attribute.

/// A URL-encoded query string from pairs (`a=1&b=x+y`), without `?`.
pub(crate) fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// `{base}/?query` (or `{base}/` when empty); `base` is the application's
/// base path (empty at the root). Unescaped: templates escape it.
pub(crate) fn search_url<'a>(
    base: &str,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let qs = query_string(pairs);
    if qs.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}/?{qs}")
    }
}

/// Every byte but RFC 3986's unreserved characters is encoded in a path
/// segment, so an id holding `/` or `..` stays one segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path segment (`/documents/{id}`), percent-encoded.
pub(crate) fn path_segment(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_encoded() {
        assert_eq!(
            search_url("", [("q", "a&b"), ("region", "Asie et Océanie")]),
            "/?q=a%26b&region=Asie+et+Oc%C3%A9anie"
        );
        assert_eq!(search_url("", []), "/");
        assert_eq!(search_url("/recherche", []), "/recherche/");
        assert_eq!(search_url("/r", [("q", "x")]), "/r/?q=x");
        assert_eq!(path_segment("003_ab/../x y"), "003_ab%2F..%2Fx%20y");
    }
}
