//! The French words of the page, kept as data: facet names, value labels,
//! and translations of the library's notes (which are written in English
//! for the CLI). Values in URLs stay the canonical ones; only labels change.

use crate::facet::Facet;
use crate::search::SortBy;

/// The heading of a facet's box in the sidebar.
pub(crate) fn facet_name(facet: Facet) -> &'static str {
    match facet {
        Facet::Region => "Région",
        Facet::Type => "Type de projet",
        Facet::Budget => "Tranche de budget",
        Facet::Country => "Pays",
        Facet::Status => "Statut",
        Facet::Coverage => "Couverture",
        Facet::Year => "Année",
        Facet::Kind => "Type de page",
    }
}

/// The label of a facet value (the value itself unless translated).
pub(crate) fn value_label(facet: Facet, value: &str) -> &str {
    match (facet, value) {
        (Facet::Kind, "project") => "Projet",
        (Facet::Kind, "news") => "Actualité",
        (Facet::Coverage, "Regional") => "Régional",
        (Facet::Coverage, "Global") => "Mondial",
        (Facet::Budget, "0-50000") => "Moins de 50 000 USD",
        (Facet::Budget, "50000-100000") => "50 000 à 100 000 USD",
        (Facet::Budget, "100000-200000") => "100 000 à 200 000 USD",
        (Facet::Budget, "200000-300000") => "200 000 à 300 000 USD",
        (Facet::Budget, "300000+") => "300 000 USD et plus",
        _ => value,
    }
}

/// Sort keys offered in the sort menu besides the default (relevance, or
/// year when browsing), with their labels.
pub(crate) const SORTS: [(SortBy, &str, &str); 2] = [
    (SortBy::Budget, "budget", "Budget"),
    (SortBy::Year, "year", "Année"),
];

/// Library notes (by their English opening) → French opening; what follows
/// the opening (the words concerned) is kept. Unknown notes are shown as
/// they are rather than hidden.
const NOTES: &[(&str, &str)] = &[
    ("no document contains: ", "Aucun document ne contient : "),
    (
        "no document has every word: showing documents with any of them",
        "Aucun document ne contient tous les mots : voici ceux qui en contiennent au moins un.",
    ),
    (
        "ignored (stop words or punctuation only): ",
        "Mots ignorés (mots vides ou ponctuation) : ",
    ),
    (
        "nothing to search: the query holds only stop words or punctuation",
        "Rien à chercher : la requête ne contient que des mots vides ou de la ponctuation.",
    ),
    (
        "unbalanced quote in a filter value: read to the end",
        "Guillemet non fermé dans un filtre : la valeur va jusqu’à la fin.",
    ),
    (
        "unbalanced quote: the words after it are searched as separate words",
        "Guillemet non fermé : les mots qui le suivent sont cherchés séparément.",
    ),
];

/// A library note in French.
pub(crate) fn note(text: &str) -> String {
    for (english, french) in NOTES {
        if let Some(rest) = text.strip_prefix(english) {
            return format!("{french}{rest}");
        }
    }
    if let Some(c) = text
        .strip_prefix("a lone `")
        .and_then(|r| r.strip_suffix("` was ignored"))
    {
        return format!("Le signe « {c} » isolé a été ignoré.");
    }
    if let Some(key) = text
        .strip_prefix("filter `")
        .and_then(|r| r.strip_suffix(":` has no value and was ignored"))
    {
        return format!("Le filtre « {key}: » n’a pas de valeur : il a été ignoré.");
    }
    if let Some(key) = text
        .strip_prefix("`-")
        .and_then(|r| r.strip_suffix(":` is not supported; the filter was ignored"))
    {
        return format!("« -{key}: » n’est pas pris en charge : le filtre a été ignoré.");
    }
    text.to_string()
}

/// "1 résultat", "12 résultats".
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    let word = if n > 1 { plural } else { singular };
    format!("{} {word}", super::html::group_thousands(n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_in_french() {
        let table = [
            (
                "no document contains: zzzz",
                "Aucun document ne contient : zzzz",
            ),
            (
                "a lone `-` was ignored",
                "Le signe « - » isolé a été ignoré.",
            ),
            (
                "filter `region:` has no value and was ignored",
                "Le filtre « region: » n’a pas de valeur : il a été ignoré.",
            ),
            ("something new", "something new"),
        ];
        for (english, french) in table {
            assert_eq!(note(english), french);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(value_label(Facet::Kind, "news"), "Actualité");
        assert_eq!(value_label(Facet::Region, "Afrique"), "Afrique");
        assert_eq!(facet_name(Facet::Budget), "Tranche de budget");
        // every budget bucket reads in French
        for (bucket, _, _) in crate::BUDGET_BUCKETS {
            assert_ne!(value_label(Facet::Budget, bucket), bucket);
        }
        assert_eq!(count(1, "résultat", "résultats"), "1 résultat");
        assert_eq!(count(0, "résultat", "résultats"), "0 résultat");
        assert_eq!(
            count(1200, "résultat", "résultats"),
            "1\u{202f}200 résultats"
        );
    }
}
