//! The one spelling a text facet value is filed under: pages write the same
//! value with a straight or curly apostrophe, odd hyphens, doubled or
//! no-break spaces, a lowercase first letter or decomposed accents, and
//! each variant would otherwise be a facet value of its own (the
//! normalisation list is `analysis::normalise`). Filters that
//! match values by their fold key are left to `search::filters`.

use std::borrow::Cow;

use crate::analysis::{normalise_through, Step};

/// French words that pages also write with `oe` for the ligature `œ`
/// (keyboards without it): a value spelt both ways is one value.
const LIGATURE_WORDS: [(&str, &str); 22] = [
    ("oeuvre", "œuvre"),
    ("oeuvres", "œuvres"),
    ("oeuvrer", "œuvrer"),
    ("manoeuvre", "manœuvre"),
    ("manoeuvres", "manœuvres"),
    ("coeur", "cœur"),
    ("soeur", "sœur"),
    ("soeurs", "sœurs"),
    ("voeu", "vœu"),
    ("voeux", "vœux"),
    ("noeud", "nœud"),
    ("oeil", "œil"),
    ("boeuf", "bœuf"),
    ("oeuf", "œuf"),
    ("oeufs", "œufs"),
    ("moeurs", "mœurs"),
    ("foetus", "fœtus"),
    ("oecumenique", "œcuménique"),
    ("oecuménique", "œcuménique"),
    ("oesophage", "œsophage"),
    ("choeur", "chœur"),
    ("rancoeur", "rancœur"),
];

/// `main-d’oeuvre` → `main-d’œuvre`: the words of [`LIGATURE_WORDS`]
/// written with `oe`, with the case of their first letter kept.
fn with_ligatures(value: String) -> String {
    if !value.contains("oe") && !value.contains("Oe") && !value.contains("OE") {
        return value;
    }
    let mut out = String::with_capacity(value.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        match LIGATURE_WORDS.iter().find(|(oe, _)| *oe == lower) {
            Some((_, ligature)) if word.starts_with(char::is_uppercase) => {
                let mut chars = ligature.chars();
                out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                out.extend(chars);
            }
            Some((_, ligature)) => out.push_str(ligature),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in value.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The canonical spelling of a text facet value: the normalisation list
/// up to spaces and hyphens (NFC, typographic apostrophe ’, single spaces,
/// ASCII hyphen), first letter uppercase, `œ` in the French words pages
/// also write with `oe`.
pub(crate) fn canonical_facet_value(value: &str) -> String {
    with_ligatures(capitalised(normalise_through(
        value,
        Step::SpacesAndHyphens,
    )))
}

/// `value` with its first letter uppercase.
fn capitalised(value: Cow<'_, str>) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) if !first.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => value.into_owned(),
    }
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
        // every apostrophe of the one set, and only those
        for apostrophe in crate::analysis::APOSTROPHES {
            assert_eq!(
                canonical_facet_value(&format!("Côte d{apostrophe}Ivoire")),
                "Côte d’Ivoire"
            );
        }
        assert_eq!(canonical_facet_value("« Santé »"), "« Santé »");
        assert_eq!(canonical_facet_value(""), "");
    }

    /// Issue 28, item 15: `main-d’oeuvre` and `main-d’œuvre` were two values.
    #[test]
    fn item15_oe_and_the_ligature_are_one_value() {
        for variant in [
            "Migration de main-d’oeuvre",
            "migration de main-d'oeuvre",
            "Migration de main-d’œuvre",
        ] {
            assert_eq!(
                canonical_facet_value(variant),
                "Migration de main-d’œuvre",
                "{variant:?}"
            );
        }
        assert_eq!(canonical_facet_value("Oeuvres sociales"), "Œuvres sociales");
        // words that merely hold the letters keep them
        assert_eq!(
            canonical_facet_value("Coefficient de Noel"),
            "Coefficient de Noel"
        );
        assert_eq!(canonical_facet_value("Poesie"), "Poesie");
    }
}
