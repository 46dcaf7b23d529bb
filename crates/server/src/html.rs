//! HTML building blocks: escaping, highlights from character offsets, and
//! links that keep the search state in the URL. Every piece of document or
//! user text reaches the page through [`escape`]; nothing else writes text.

use std::fmt::Write;

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
/// `<mark>`. The library gives offsets in characters, so they are mapped to
/// byte positions here; ranges out of bounds are cut, overlapping ones merged.
pub(crate) fn highlight(text: &str, ranges: &[[usize; 2]]) -> String {
    // byte position of every character index, plus the end
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    let mut sorted: Vec<[usize; 2]> = ranges
        .iter()
        .map(|&[s, e]| [s.min(chars), e.min(chars)])
        .filter(|[s, e]| s < e)
        .collect();
    sorted.sort_unstable();
    let mut out = String::with_capacity(text.len() + 16 * sorted.len());
    let mut at = 0; // characters written so far
    for [start, end] in sorted {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        escape_into(&mut out, &text[bounds[at]..bounds[start]]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[bounds[start]..bounds[end]]);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, &text[bounds[at]..]);
    out
}

/// A URL-encoded query string from pairs (`a=1&b=x+y`), without `?`.
pub(crate) fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// `{base}/?query` (or `{base}/` when empty), escaped for an attribute;
/// `base` is the application's base path (empty at the root).
pub(crate) fn search_href<'a>(
    base: &str,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let qs = query_string(pairs);
    if qs.is_empty() {
        escape(&format!("{base}/"))
    } else {
        escape(&format!("{base}/?{qs}"))
    }
}

/// A path segment (`/documents/{id}`), percent-encoded.
pub(crate) fn path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
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
    fn highlights_use_character_offsets() {
        let table: &[(&str, &[[usize; 2]], &str)] = &[
            (
                "diaspora basotho",
                &[[0, 8]],
                "<mark>diaspora</mark> basotho",
            ),
            // `é` is two bytes: offsets must count it once
            ("élan et été", &[[8, 11]], "élan et <mark>été</mark>"),
            ("… Lesotho.", &[[2, 9]], "… <mark>Lesotho</mark>."),
            ("a <b> c", &[[2, 5]], "a <mark>&lt;b&gt;</mark> c"),
            ("abc", &[[1, 99]], "a<mark>bc</mark>"),
            (
                "abcdef",
                &[[3, 5], [0, 2]],
                "<mark>ab</mark>c<mark>de</mark>f",
            ),
            (
                "abcdef",
                &[[0, 4], [2, 6]],
                "<mark>abcd</mark><mark>ef</mark>",
            ),
            ("abc", &[[2, 1], [7, 9]], "abc"),
            ("", &[[0, 1]], ""),
        ];
        for (text, ranges, want) in table {
            assert_eq!(highlight(text, ranges), *want, "{text} {ranges:?}");
        }
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
