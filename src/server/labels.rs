//! The French words of the page: facet names, value labels, sort labels and
//! the French wording of the library's typed notes (whose `Display` is the
//! English of the CLI). Values in URLs stay the canonical ones; only labels
//! change.

use crate::facet::Facet;
use crate::search::{Note, SortBy};

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

/// A library note in French. Every note has its own wording here: the
/// match is exhaustive, so a new note does not compile until it is
/// translated.
pub(crate) fn note(note: &Note) -> String {
    match note {
        Note::LoneSign { sign } => format!("Le signe « {sign} » isolé a été ignoré."),
        Note::UnbalancedQuote => {
            "Guillemet non fermé : les mots qui le suivent sont cherchés séparément.".into()
        }
        Note::UnbalancedFilterQuote => {
            "Guillemet non fermé dans un filtre : la valeur va jusqu’à la fin.".into()
        }
        Note::EmptyFilter { key } => format!(
            "Le filtre « {}: » n’a pas de valeur : il a été ignoré.",
            key.as_str()
        ),
        Note::NegatedFilter { key } => format!(
            "« -{}: » n’est pas pris en charge : le filtre a été ignoré.",
            key.as_str()
        ),
        Note::QueryCut { kept } => {
            format!("Requête trop longue : seuls ses {kept} premiers mots sont cherchés.")
        }
        Note::IgnoredWords { words } => format!(
            "Mots ignorés (mots vides ou ponctuation) : {}",
            words.join(", ")
        ),
        Note::NothingToSearch => {
            "Rien à chercher : la requête ne contient que des mots vides ou de la ponctuation."
                .into()
        }
        Note::NoDocumentContains { words } => {
            format!("Aucun document ne contient : {}", words.join(", "))
        }
        Note::AnyWordFallback => {
            "Aucun document ne contient tous les mots : ceux qui en contiennent le plus viennent en premier."
                .into()
        }
        Note::DroppedWords { words } => format!(
            "Aucun document ne contient « {} » : la recherche s’est faite sans.",
            words.join(" », « ")
        ),
        Note::QuestionWords { words } => format!(
            "Mots de la question ignorés : {}",
            words.join(", ")
        ),
    }
}

/// "1 résultat", "12 résultats".
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    let word = if n > 1 { plural } else { singular };
    format!("{} {word}", crate::document::group_thousands(n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_in_french() {
        let table = [
            (
                Note::NoDocumentContains {
                    words: vec!["zzzz".into()],
                },
                "Aucun document ne contient : zzzz",
            ),
            (
                Note::LoneSign { sign: '-' },
                "Le signe « - » isolé a été ignoré.",
            ),
            (
                Note::EmptyFilter {
                    key: crate::FilterKey::Facet(Facet::Region),
                },
                "Le filtre « region: » n’a pas de valeur : il a été ignoré.",
            ),
            (
                Note::QueryCut { kept: 32 },
                "Requête trop longue : seuls ses 32 premiers mots sont cherchés.",
            ),
        ];
        for (english, french) in table {
            assert_eq!(note(&english), french);
        }
    }

    #[test]
    fn every_note_has_its_own_french_wording() {
        for english in crate::search::every_note() {
            let french = note(&english);
            assert!(!french.is_empty(), "{english:?}");
            assert_ne!(french, english.to_string(), "{english:?}");
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
