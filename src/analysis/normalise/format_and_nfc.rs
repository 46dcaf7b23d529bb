//! Step 1 of the list: the one Unicode normal form of every text, applied
//! where text enters: page text, documents given through the API or NDJSON,
//! and what a search asks for (queries, filter values, ids).
//!
//! Two moves, in this order:
//! 1. format characters (general category `Cf`: soft hyphen U+00AD,
//!    zero-width space, joiners, word joiner U+2060, BOM U+FEFF, bidi
//!    marks) are removed: they are invisible, common in scraped pages and
//!    PDF copies, and one inside a word would split it in two;
//! 2. NFC, so that `e` + U+0301 (macOS, some keyboards) compares, indexes
//!    and facets as `é`.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` is an invisible format character (`Cf`) that the normal
/// form removes.
fn is_format(c: char) -> bool {
    // every Cf character is outside ASCII: the usual text costs no lookup
    !c.is_ascii() && c.general_category() == GeneralCategory::Format
}

/// `text` without format characters, in NFC; borrowed when it already is
/// (the usual case costs one scan, no allocation).
pub(crate) fn normal_form(text: &str) -> Cow<'_, str> {
    let text: Cow<'_, str> = if text.chars().any(is_format) {
        Cow::Owned(text.chars().filter(|&c| !is_format(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Rewrites `text` in its normal form, only when it is not in it already.
pub(crate) fn to_normal_form(text: &mut String) {
    if let Cow::Owned(normal) = normal_form(text) {
        *text = normal;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_characters_go_and_text_is_composed() {
        for (input, expected) in [
            ("mi\u{ad}gration", "migration"),
            ("mi\u{200b}gra\u{200c}ti\u{200d}on", "migration"),
            ("mig\u{2060}ration", "migration"),
            ("\u{feff}migration\u{feff}", "migration"),
            ("e\u{301}tudes", "études"),
            ("e\u{200b}\u{301}tudes", "études"),
            ("l\u{200e}’OIM", "l’OIM"),
        ] {
            assert_eq!(normal_form(input), expected, "{input:?}");
        }
    }

    #[test]
    fn text_in_normal_form_is_borrowed() {
        for text in [
            "migration",
            "études",
            "Côte d’Ivoire",
            "a\u{a0}b",
            "tab\there",
            "",
        ] {
            assert!(matches!(normal_form(text), Cow::Borrowed(_)), "{text:?}");
        }
    }

    #[test]
    fn visible_characters_stay() {
        // spaces, no-break spaces, hyphens and apostrophes are not format characters
        let text = "main-d’œuvre 37\u{202f}887 a\u{a0}b — x";
        assert_eq!(normal_form(text), text);
    }
}
