//! HTML building blocks: escaping, highlights from character offsets, and
//! links that keep the search state in the URL. Every piece of document or
//! user text reaches the page through [`escape`]; nothing else writes text.

use super::templates::Highlighted;
use maud::Render;

/// Text made safe for HTML content and double- or single-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text`, escaped, to `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped, with the `[start, end)` character ranges wrapped in
/// `<mark>` (see [`Highlighted`]).
pub(crate) fn highlight(text: &str, ranges: &[[usize; 2]]) -> String {
    Highlighted::new(text, ranges).render().into_string()
}

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

/// [`search_url`], escaped for an attribute.
pub(crate) fn search_href<'a>(
    base: &str,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    escape(&search_url(base, pairs))
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
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> & "x" 'y'"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }

    #[test]
    fn links_are_encoded() {
        assert_eq!(
            search_href("", [("q", "a&b"), ("region", "Asie et Océanie")]),
            "/?q=a%26b&amp;region=Asie+et+Oc%C3%A9anie"
        );
        assert_eq!(search_href("", []), "/");
        assert_eq!(search_href("/recherche", []), "/recherche/");
        assert_eq!(search_href("/r", [("q", "x")]), "/r/?q=x");
        assert_eq!(path_segment("003_ab/../x y"), "003_ab%2F..%2Fx%20y");
    }
}
