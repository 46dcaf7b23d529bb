//! The one normalisation list, written once and in this order:
//! 1. format characters out, then NFC (`format_and_nfc.rs`);
//! 2. apostrophes: every apostrophe French text uses becomes `’`
//!    (`apostrophes.rs`, which holds the one set);
//! 3. spaces and hyphens: a run of spaces becomes one space, Unicode
//!    hyphens `-` (`spaces_and_hyphens.rs`);
//! 4. case and folding: lowercase, accents and ligatures folded
//!    (`case_and_folding.rs`).
//!
//! Where each step runs. Step 1 changes byte lengths, so it rewrites whole
//! texts where they enter the engine, before any offset is taken: pages at
//! ingestion, documents given through the API, and what a search asks for
//! at the engine's one entry point (`search::entry`), which search, export,
//! get, highlights and query plans all pass through. The analyzer then
//! takes steps 2 to 4 word by word, so its offsets point into the stored
//! text and highlights land on it: its tokenizer keeps the apostrophes of
//! the one set inside a word and ends words at spaces and hyphens,
//! [`ApostropheFilter`] and [`CaseAndFolding`] rewrite each word. Facet
//! values take steps 1 to 3 whole (`schema::facet_value`).

mod apostrophes;
mod case_and_folding;
mod format_and_nfc;
mod spaces_and_hyphens;

use std::borrow::Cow;

pub use apostrophes::APOSTROPHES;
pub(crate) use apostrophes::{is_apostrophe, unify_apostrophes, ApostropheFilter};
pub(crate) use case_and_folding::{case_and_folding, CaseAndFolding};
pub(crate) use format_and_nfc::{normal_form, to_normal_form};
pub(crate) use spaces_and_hyphens::spaces_and_hyphens;

/// One step of the normalisation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    /// Format characters removed, NFC.
    FormatAndNfc,
    /// Every apostrophe of [`APOSTROPHES`] becomes `’`.
    Apostrophes,
    /// Runs of spaces become one space (none at the ends), `‐` and `‑` `-`.
    SpacesAndHyphens,
    /// Lowercase, accents and ligatures folded (`Œuvre` → `oeuvre`).
    CaseAndFolding,
}

/// The list, in the order its steps run.
pub(crate) const STEPS: [Step; 4] = [
    Step::FormatAndNfc,
    Step::Apostrophes,
    Step::SpacesAndHyphens,
    Step::CaseAndFolding,
];

impl Step {
    /// `text` after this step alone; borrowed when the step changes nothing.
    pub(crate) fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            Step::FormatAndNfc => normal_form(text),
            Step::Apostrophes => unify_apostrophes(text),
            Step::SpacesAndHyphens => spaces_and_hyphens(text),
            Step::CaseAndFolding => case_and_folding(text),
        }
    }
}

/// `text` after the steps of [`STEPS`] up to and including `last`, in
/// order; borrowed when none of them changes it.
pub(crate) fn normalise_through(text: &str, last: Step) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for step in STEPS.into_iter().take_while(|&step| step <= last) {
        let changed = match step.apply(&text) {
            Cow::Owned(changed) => Some(changed),
            Cow::Borrowed(_) => None,
        };
        if let Some(changed) = changed {
            text = Cow::Owned(changed);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_order() {
        // `normalise_through` relies on the order of the variants
        assert!(STEPS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_whole_chain_table() {
        for (input, expected) in [
            ("migration", "migration"),
            ("", ""),
            ("  L’État  d‘Ivoire ", "l'etat d'ivoire"),
            ("Co\u{302}te d\u{2bc}Ivoire", "cote d'ivoire"),
            ("main\u{2011}d`oeuvre", "main-d'oeuvre"),
            (
                "mi\u{ad}gration\u{a0}DES   Réfugiés",
                "migration des refugies",
            ),
            ("Œuvre\t\u{b4}", "oeuvre '"),
            ("aujourdʼhui", "aujourd'hui"),
        ] {
            let chain = normalise_through(input, Step::CaseAndFolding);
            assert_eq!(chain, expected, "{input:?}");
            // the chain is its steps one after the other, nothing more
            let by_hand = STEPS.iter().fold(input.to_string(), |text, step| {
                step.apply(&text).into_owned()
            });
            assert_eq!(by_hand, expected, "{input:?}");
        }
    }

    #[test]
    fn the_chain_stops_where_asked() {
        let text = " Co\u{302}te  d'Ivoire\u{2011}Nord ";
        assert_eq!(
            normalise_through(text, Step::FormatAndNfc),
            " Côte  d'Ivoire\u{2011}Nord "
        );
        assert_eq!(
            normalise_through(text, Step::Apostrophes),
            " Côte  d’Ivoire\u{2011}Nord "
        );
        assert_eq!(
            normalise_through(text, Step::SpacesAndHyphens),
            "Côte d’Ivoire-Nord"
        );
        assert_eq!(
            normalise_through(text, Step::CaseAndFolding),
            "cote d'ivoire-nord"
        );
    }

    #[test]
    fn text_already_normal_is_borrowed() {
        for text in ["migration", "cote d ivoire", "2019-2020", ""] {
            assert!(
                matches!(
                    normalise_through(text, Step::CaseAndFolding),
                    Cow::Borrowed(_)
                ),
                "{text:?}"
            );
        }
    }
}
