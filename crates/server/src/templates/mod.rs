//! The page's HTML, written with maud over typed view models: each part of
//! a page is a struct holding what it shows, already worded in French (by
//! `labels`, `figures` and the builders in `page`, `report` and
//! `document_page`), and a template that marks it up. maud escapes every
//! value it inserts, in text and in attributes, so no builder writes HTML
//! and no text reaches the page unescaped; the only markup made outside a
//! template is the marks of [`Highlighted`], which writes its text through
//! maud's own escaper.

pub(crate) mod chart;
pub(crate) mod document;
pub(crate) mod facets;
pub(crate) mod frame;
pub(crate) mod report;
pub(crate) mod results;

use maud::{html, Escaper, Markup, Render};
use std::fmt::Write;

/// A piece of a sentence: text, or text with a meaning of its own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Span {
    /// Plain text.
    Text(String),
    /// A link (`href` unescaped: the template escapes it).
    Link { href: String, text: String },
    /// A word quoted as typed (`<q>`).
    Quote(String),
    /// A word set apart (`<strong>`).
    Strong(String),
    /// A machine value (`<code>`).
    Code(String),
}

impl Span {
    /// Plain text.
    pub(crate) fn text(text: impl Into<String>) -> Span {
        Span::Text(text.into())
    }

    /// A link to `href` reading `text`.
    pub(crate) fn link(href: impl Into<String>, text: impl Into<String>) -> Span {
        Span::Link {
            href: href.into(),
            text: text.into(),
        }
    }
}

/// A sentence made of [`Span`]s, for lines that hold links or quoted words
/// among their text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Phrase(pub(crate) Vec<Span>);

impl Phrase {
    /// A phrase of plain text only.
    pub(crate) fn text(text: impl Into<String>) -> Phrase {
        Phrase(vec![Span::text(text)])
    }

    /// Appends plain text.
    pub(crate) fn push_text(&mut self, text: impl Into<String>) -> &mut Self {
        self.0.push(Span::text(text));
        self
    }

    /// Appends a span.
    pub(crate) fn push(&mut self, span: Span) -> &mut Self {
        self.0.push(span);
        self
    }

    /// Whether it has nothing to show.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Render for Span {
    fn render(&self) -> Markup {
        html! {
            @match self {
                Span::Text(text) => (text),
                Span::Link { href, text } => a href=(href) { (text) },
                Span::Quote(text) => q { (text) },
                Span::Strong(text) => strong { (text) },
                Span::Code(text) => code { (text) },
            }
        }
    }
}

impl Render for Phrase {
    fn render(&self) -> Markup {
        html! { @for span in &self.0 { (span) } }
    }
}

/// A link: where it goes and what it reads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    /// The target, unescaped.
    pub(crate) href: String,
    /// The words of the link.
    pub(crate) text: String,
}

/// Text with `[start, end)` character ranges marked (`<mark>`). The library
/// gives offsets in characters, so they are mapped to byte positions here;
/// ranges out of bounds are cut, overlapping ones merged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Highlighted<'a> {
    /// The text, as the document holds it.
    pub(crate) text: &'a str,
    /// The ranges to mark, in characters.
    pub(crate) ranges: Vec<[usize; 2]>,
}

impl<'a> Highlighted<'a> {
    /// `text` with `ranges` marked.
    pub(crate) fn new(text: &'a str, ranges: &[[usize; 2]]) -> Self {
        Highlighted {
            text,
            ranges: ranges.to_vec(),
        }
    }
}

impl Render for Highlighted<'_> {
    fn render_to(&self, out: &mut String) {
        let text = self.text;
        // byte position of every character index, plus the end
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let chars = bounds.len() - 1;
        let mut sorted: Vec<[usize; 2]> = self
            .ranges
            .iter()
            .map(|&[s, e]| [s.min(chars), e.min(chars)])
            .filter(|[s, e]| s < e)
            .collect();
        sorted.sort_unstable();
        // every piece of text goes through maud's escaper; only the
        // `<mark>` tags are written as they are
        let write_text = |out: &mut String, piece: &str| {
            let _ = Escaper::new(out).write_str(piece);
        };
        let mut at = 0; // characters written so far
        for [start, end] in sorted {
            let start = start.max(at);
            if start >= end {
                continue;
            }
            write_text(out, &text[bounds[at]..bounds[start]]);
            out.push_str("<mark>");
            write_text(out, &text[bounds[start]..bounds[end]]);
            out.push_str("</mark>");
            at = end;
        }
        write_text(out, &text[bounds[at]..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(text: &str, ranges: &[[usize; 2]]) -> String {
        Highlighted::new(text, ranges).render().into_string()
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
            ("\"x\" & y", &[[0, 3]], "<mark>&quot;x&quot;</mark> &amp; y"),
        ];
        for (text, ranges, want) in table {
            assert_eq!(highlight(text, ranges), *want, "{text} {ranges:?}");
        }
    }

    #[test]
    fn spans_escape_text_and_links() {
        let phrase = Phrase(vec![
            Span::text("a < b & "),
            Span::link("/?q=\"x\"&y=1", "<lien>"),
            Span::Quote("'q'".into()),
        ]);
        assert_eq!(
            phrase.render().into_string(),
            "a &lt; b &amp; <a href=\"/?q=&quot;x&quot;&amp;y=1\">&lt;lien&gt;</a><q>'q'</q>"
        );
    }
}
