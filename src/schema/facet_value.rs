//! The one spelling a text facet value is filed under: pages write the same
//! value with a straight or curly apostrophe, odd hyphens, doubled or
//! no-break spaces, a lowercase first letter or decomposed accents, and
//! each variant would otherwise be a facet value of its own. Filters that
//! match values by their fold key are left to `search::filters`.

use unicode_normalization::UnicodeNormalization;

/// The canonical spelling of a text facet value: NFC, typographic
/// apostrophe (’), ASCII hyphen, single spaces, first letter uppercase.
pub(crate) fn canonical_facet_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.nfc() {
        let c = match c {
            '\'' | '\u{2018}' | '\u{02bc}' | '\u{00b4}' | '`' => '’',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if out.is_empty() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_value_get_one_spelling() {
        let canonical = "Migration de main-d’œuvre";
        for variant in [
            "Migration de main-d’œuvre",
            "Migration de main-d'œuvre",
            "migration de main-d'œuvre",
            "  Migration\u{a0}de  main\u{2011}d\u{2018}œuvre ",
        ] {
            assert_eq!(canonical_facet_value(variant), canonical, "{variant:?}");
        }
        assert_eq!(
            canonical_facet_value("Asie et Oce\u{301}anie"),
            "Asie et Océanie"
        );
        assert_eq!(canonical_facet_value("Côte d'Ivoire"), "Côte d’Ivoire");
        assert_eq!(canonical_facet_value(""), "");
    }
}
