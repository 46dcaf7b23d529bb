//! The document page: the way back, the document's metadata as a list of
//! fields (facet values as links to the search filtered by them), and its
//! full text, one paragraph per line, with the searched words marked.

use maud::{html, Markup, Render};

use super::{Highlighted, Phrase};

/// One field: its name and what it holds.
pub(crate) struct Field {
    pub(crate) label: String,
    pub(crate) value: Phrase,
}

/// The whole document.
pub(crate) struct DocumentView<'a> {
    /// The results it was opened from.
    pub(crate) back: String,
    /// Project or news, in French.
    pub(crate) kind: &'a str,
    /// The title, the searched words marked.
    pub(crate) title: Highlighted<'a>,
    /// Its metadata.
    pub(crate) fields: Vec<Field>,
    /// Said when only the first marks are set.
    pub(crate) truncated: Option<String>,
    /// The text, a paragraph per non-empty line.
    pub(crate) paragraphs: Vec<Highlighted<'a>>,
}

impl Render for DocumentView<'_> {
    fn render(&self) -> Markup {
        html! {
            main #contenu .document tabindex="-1" {
                p.back { a href=(self.back) { "← Retour aux résultats" } }
                article {
                    p.kind { (self.kind) }
                    h1 { (self.title) }
                    dl.fields {
                        @for field in &self.fields {
                            div { dt { (field.label) } dd { (field.value) } }
                        }
                    }
                    h2 { "Texte intégral" }
                    @if let Some(note) = &self.truncated { p.note { (note) } }
                    div.text { @for paragraph in &self.paragraphs { p { (paragraph) } } }
                }
            }
        }
    }
}
