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
    if is_normal(text) {
        return Cow::Borrowed(text);
    }
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

/// Whether `text` holds no format character and passes NFC's quick check,
/// looking only at its runs of non-ASCII bytes: an ASCII character is
/// neither a format character nor a combining one, and it resets the quick
/// check's state, so the runs can be checked each on its own. Pages are
/// mostly ASCII: this skips them eight bytes at a time instead of decoding
/// and looking up every character.
fn is_normal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at += ascii_prefix_len(&bytes[at..]);
        let run_start = at;
        while at < bytes.len() && !bytes[at].is_ascii() {
            at += 1;
        }
        // ASCII bytes are character boundaries: the run is whole characters
        let run = &text[run_start..at];
        if run.chars().any(is_format) || is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return false;
        }
    }
    true
}

/// The number of ASCII bytes `bytes` starts with.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        if word & HIGH_BITS != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..].iter().take_while(|b| b.is_ascii()).count()
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

    /// The check over the whole text, as it was before the ASCII runs
    /// were skipped.
    fn reference_is_normal(text: &str) -> bool {
        !text.chars().any(is_format) && is_nfc_quick(text.chars()) == IsNormalized::Yes
    }

    #[test]
    fn checking_runs_equals_checking_the_whole_text() {
        let pieces = [
            "a",
            "migration ",
            "é",
            "e",
            "\u{301}",
            "\u{327}",
            "\u{ad}",
            "\u{200b}",
            "’",
            "Å",
            "\u{212b}",
            "한",
            "\u{1100}\u{1161}",
            "\u{feff}",
            "0123456789abcdef",
            "ǅ",
            "\u{0344}",
        ];
        // every sequence of up to three pieces, with and without ASCII between
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [
                        format!("{a}{b}{c}"),
                        format!("{a} {b}{c}"),
                        format!("{a}{b}xxxxxxxxx{c}"),
                    ] {
                        assert_eq!(is_normal(&text), reference_is_normal(&text), "{text:?}");
                    }
                }
            }
        }
        for n in 0..20 {
            let text = format!("{}é", "x".repeat(n));
            assert_eq!(ascii_prefix_len(text.as_bytes()), n);
        }
    }

    #[test]
    fn visible_characters_stay() {
        // spaces, no-break spaces, hyphens and apostrophes are not format characters
        let text = "main-d’œuvre 37\u{202f}887 a\u{a0}b — x";
        assert_eq!(normal_form(text), text);
    }
}
