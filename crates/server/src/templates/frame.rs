//! The frame every page shares (head, skip link, site header and footer),
//! the search box, and the short pages that only say something (errors,
//! unknown addresses).

use maud::{html, Markup, PreEscaped, Render};

use super::Link;

/// A whole page: its title and its main part inside the shared frame.
pub(crate) struct Frame<'a> {
    /// The application's base path (empty at the root).
    pub(crate) base: &'a str,
    /// The `<title>`.
    pub(crate) title: &'a str,
    /// What goes between the header and the footer.
    pub(crate) main: Markup,
}

impl Render for Frame<'_> {
    fn render(&self) -> Markup {
        let base = self.base;
        html! {
            // the doctype as the page always wrote it
            (PreEscaped("<!doctype html>\n"))
            html lang="fr" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) }
                    link rel="stylesheet" href={ (base) "/assets/style.css" };
                    script src={ (base) "/assets/search.js" } defer {}
                }
                body {
                    a.skip href="#contenu" { "Aller au contenu" }
                    header.site {
                        p.brand {
                            a href={ (base) "/" } { "Recherche OIM" }
                            " "
                            span { "Projets et actualités du Fonds de l’OIM pour le développement" }
                        }
                    }
                    (self.main)
                    footer.site {
                        p {
                            "Données\u{a0}: pages du Fonds de l’OIM pour le développement. API JSON\u{a0}: "
                            a href={ (base) "/api/search?q=diaspora" } { (base) "/api/search" }
                            "."
                        }
                    }
                }
            }
        }
    }
}

/// The search box, shared by every page.
pub(crate) struct SearchBox<'a> {
    /// The words in the box.
    pub(crate) query: &'a str,
    /// Only on the empty page, where typing is the one thing to do
    /// (elsewhere it would move screen readers away from the results).
    pub(crate) autofocus: bool,
    /// The longest query the box takes.
    pub(crate) max_chars: usize,
}

impl Render for SearchBox<'_> {
    fn render(&self) -> Markup {
        html! {
            div.searchbar role="search" {
                label for="q" { "Rechercher des projets et des actualités" }
                div.field {
                    input type="search" id="q" name="q" value=(self.query)
                        maxlength=(self.max_chars) autocomplete="off"
                        aria-describedby="q-aide" autofocus[self.autofocus];
                    button type="submit" { "Rechercher" }
                }
                p.hint id="q-aide" {
                    "Les résultats comptés contiennent tous les mots\u{202f}; les pages qui n’en contiennent qu’une partie suivent, sans être comptées. "
                    code { "\"expression exacte\"" } ", " code { "-mot" } " pour exclure, "
                    code { "region:Afrique" } " pour filtrer."
                }
            }
        }
    }
}

/// A page that says one thing: an error, an unknown address.
pub(crate) struct MessagePage<'a> {
    /// The heading, also the page's title.
    pub(crate) heading: &'a str,
    /// What happened and what to do.
    pub(crate) message: String,
    /// Whether the message reports an error (styled as one).
    pub(crate) error: bool,
    /// Where to go next.
    pub(crate) next: Link,
    /// The search form above, on pages answering a search.
    pub(crate) search: Option<Markup>,
}

impl Render for MessagePage<'_> {
    fn render(&self) -> Markup {
        html! {
            @if let Some(search) = &self.search { (search) }
            main #contenu .message tabindex="-1" {
                h1 { (self.heading) }
                @if self.error { p.error { (self.message) } } @else { p { (self.message) } }
                p { a href=(self.next.href) { (self.next.text) } }
            }
        }
    }
}
