//! The French words of the page: facet names, value labels, sort labels and
//! the French wording of the library's typed notes (whose `Display` is the
//! English of the CLI). Values in URLs stay the canonical ones; only labels
//! change.

use super::ServerError;
use oim_search::Error;
use oim_search::Facet;
use oim_search::Param;
use oim_search::{Expansion, ExpansionKind, HitMetadata, Note, SortBy};

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
        // one French word for one idea: the region facet and the coverage
        // facet both call worldwide projects `Global` in the pages
        (Facet::Coverage | Facet::Region, "Global") => "Mondial",
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

/// A library note in French. Every note has its own wording here:
/// `every_note_has_its_own_french_wording` fails on a note left in English.
pub(crate) fn note(note: &Note) -> String {
    match note {
        Note::LoneSign { sign } => {
            format!("Le signe {} isolé a été ignoré.", quoted(&sign.to_string()))
        }
        Note::UnbalancedQuote => {
            "Guillemet non fermé\u{a0}: les mots qui le suivent sont cherchés séparément.".into()
        }
        Note::UnbalancedFilterQuote => {
            "Guillemet non fermé dans un filtre\u{a0}: la valeur va jusqu’à la fin.".into()
        }
        Note::EmptyFilter { key } => format!(
            "Le filtre {} n’a pas de valeur\u{a0}: il a été ignoré.",
            quoted(&format!("{}:", key.as_str()))
        ),
        Note::NegatedFilter { key } => format!(
            "{} n’est pas pris en charge\u{a0}: le filtre a été ignoré.",
            quoted(&format!("-{}:", key.as_str()))
        ),
        Note::QueryCut { kept } => {
            format!("Requête trop longue\u{a0}: seuls ses {kept} premiers mots sont cherchés.")
        }
        Note::IgnoredWords { words } => format!(
            "Mots ignorés (mots vides ou ponctuation)\u{a0}: {}",
            words.join(", ")
        ),
        Note::NothingToSearch => {
            "Rien à chercher\u{a0}: la requête ne contient que des mots vides, de la ponctuation ou des mots trop longs pour être indexés."
                .into()
        }
        Note::NoDocumentContains { words } => {
            format!("Aucun document ne contient\u{a0}: {}", words.join(", "))
        }
        Note::AnyWordFallback => {
            "Aucune page ne contient tous les mots\u{a0}: les résultats et leurs chiffres comptent les pages qui en contiennent le plus."
                .into()
        }
        Note::DroppedWords { words } => format!(
            "Aucun document ne contient {}\u{a0}: la recherche s’est faite sans.",
            words.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(", ")
        ),
        Note::QuestionWords { words } => format!(
            "Mots de la question ignorés\u{a0}: {}",
            words.join(", ")
        ),
        Note::TooLongWords { words } => format!(
            "Mots ignorés (trop longs pour être indexés\u{a0}: plus de {} octets)\u{a0}: {}",
            oim_search::MAX_WORD_BYTES,
            words.join(", ")
        ),
        Note::ControlCharacters => {
            "Caractères de contrôle (codes d’échappement, NUL…) lus comme des espaces.".into()
        }
        Note::PhraseSplit { phrase, words } => format!(
            "Aucune page ne contient l’expression {}\u{a0}: résultats pour {}.",
            quoted(phrase),
            words.join(", ")
        ),
        Note::AnyMatchCounted => {
            "Mode «\u{a0}n’importe quel mot\u{a0}»\u{a0}: les résultats et leurs chiffres comptent toutes les pages qui contiennent au moins un des mots."
                .into()
        }
        // `Note` is non-exhaustive: a note added to the library shows in
        // English until it is worded here, and the test below fails
        _ => note.to_string(),
    }
}

/// The French name of a request parameter (or of the page's own `page`),
/// in a notice saying it was left out or a list of filters.
pub(crate) fn parameter_name(key: &str) -> &str {
    match Param::from_key(key) {
        Some(param) => param_name(param),
        None if key == "page" => "Page",
        None => key,
    }
}

/// The French name of each parameter: the match is exhaustive, so a
/// parameter added to the library is a compile error here until named.
fn param_name(param: Param) -> &'static str {
    match param {
        Param::Query => "Recherche",
        Param::Facet(facet) => facet_name(facet),
        Param::BudgetMin => "Budget minimal",
        Param::BudgetMax => "Budget maximal",
        Param::YearMin => "Année minimale",
        Param::YearMax => "Année maximale",
        Param::Sort => "Tri",
        Param::Order => "Ordre",
        Param::Limit => "Résultats par page",
        Param::Offset => "Décalage",
        Param::Typo => "Tolérance aux fautes",
        Param::Prefix => "Préfixe",
        Param::UnknownValues => "Valeurs inconnues",
        Param::Match => "Mots",
        Param::SnippetChars => "Longueur des extraits",
        Param::Facets => "Décomptes",
        Param::Aggregates => "Totaux",
    }
}

/// What a parameter accepts, after its refused value: "n’est pas un
/// nombre".
pub(crate) fn parameter_hint(key: &str) -> String {
    match Param::from_key(key) {
        Some(param) => param_hint(param),
        None if key == "page" => format!(
            "est introuvable (au plus {} pages)\u{a0}: retour à la première page",
            oim_search::MAX_DEPTH / super::params::PAGE_SIZE
        ),
        None => "n’est pas une valeur valide".to_string(),
    }
}

fn param_hint(param: Param) -> String {
    match param {
        Param::BudgetMin | Param::BudgetMax => "n’est pas un nombre".to_string(),
        Param::YearMin | Param::YearMax => {
            let years = oim_search::YEAR_RANGE;
            format!(
                "n’est pas une année (de {} à {})",
                years.start(),
                years.end()
            )
        }
        Param::Sort => "n’est pas un tri connu (pertinence, budget ou année)".to_string(),
        Param::Order => "n’est pas un ordre connu (croissant ou décroissant)".to_string(),
        Param::Typo | Param::Prefix | Param::Facets | Param::Aggregates => {
            "n’est ni oui ni non".to_string()
        }
        Param::Match => "n’est pas un mode connu (auto, all ou any)".to_string(),
        Param::Limit | Param::Offset | Param::SnippetChars => "n’est pas un nombre".to_string(),
        Param::Query | Param::Facet(_) | Param::UnknownValues => {
            "n’est pas une valeur valide".to_string()
        }
    }
}

/// Why a request failed, in French, for the error page. The API keeps the
/// English messages of the library.
pub(crate) fn error_message(error: &ServerError) -> String {
    match error {
        ServerError::UriTooLong => format!(
            "L’adresse dépasse {} octets\u{a0}: raccourcissez la recherche ou retirez des filtres.",
            super::MAX_QUERY_STRING_BYTES
        ),
        ServerError::Engine(Error::InvalidParam {
            param: Param::Query,
            ..
        }) => format!(
            "La recherche dépasse {} caractères\u{a0}: raccourcissez-la.",
            super::MAX_QUERY_CHARS
        ),
        ServerError::Engine(Error::InvalidValue {
            what: "query string",
            ..
        }) => format!(
            "Trop de paramètres dans l’adresse (au plus {})\u{a0}: retirez des filtres.",
            super::MAX_PARAMETERS
        ),
        ServerError::Engine(Error::InvalidParam { param, value, .. }) => format!(
            "{} {} {}.",
            param_name(*param),
            quoted(value),
            param_hint(*param)
        ),
        ServerError::Engine(Error::UnknownFacetValue { facet, value, .. }) => format!(
            "Le filtre {} {} ne correspond à aucune valeur de l’index.",
            facet_name(*facet),
            quoted(value)
        ),
        ServerError::Engine(Error::UnknownDocument { .. }) => {
            "Aucun document ne porte cet identifiant.".to_string()
        }
        ServerError::Engine(e) if e.is_usage() => {
            format!("La demande n’a pas pu être lue ({e}).")
        }
        ServerError::Engine(e) => format!(
            "Le serveur n’a pas pu lire l’index\u{a0}: réessayez dans un instant. Détail technique\u{a0}: {e}"
        ),
        ServerError::Internal(m) => format!(
            "Le serveur n’a pas pu terminer la recherche\u{a0}: réessayez dans un instant. Détail technique\u{a0}: {m}"
        ),
    }
}

/// A hit's metadata in one line, in French, with the facets' own words:
/// `Afrique · Développement … · 200 000 USD · 2024 · Lesotho`, a region
/// inferred from a news article's countries marked `(déduite)`.
pub(crate) fn hit_summary(metadata: &HitMetadata) -> String {
    let mut parts = Vec::new();
    if let Some(region) = &metadata.region {
        let region = value_label(Facet::Region, region);
        parts.push(if metadata.region_inferred {
            format!("{region} (déduite)")
        } else {
            region.to_string()
        });
    }
    if let Some(kind) = &metadata.project_type {
        parts.push(kind.clone());
    }
    if let Some(budget) = metadata.budget_usd {
        parts.push(format!("{} USD", oim_search::group_thousands(budget)));
    }
    match (metadata.start_year, metadata.end_year.or(metadata.year)) {
        (Some(a), Some(b)) if a != b => parts.push(format!("{a}–{b}")),
        (Some(a), _) | (None, Some(a)) => parts.push(a.to_string()),
        _ => {}
    }
    if !metadata.countries.is_empty() {
        parts.push(metadata.countries.join(", "));
    }
    parts.join(" · ")
}

/// An expansion of the query in French: `basotho → Lesotho`, and for
/// narrower terms `migration → plus précis : exode, …`.
pub(crate) fn expansion(expansion: &Expansion) -> String {
    let narrower = match expansion.kind {
        ExpansionKind::Narrower => "plus précis\u{a0}: ",
        _ => "",
    };
    format!(
        "{} → {narrower}{}",
        expansion.typed,
        expansion.to.join(", ")
    )
}

/// `text` inside French guillemets, with the non-breaking spaces French
/// typography puts inside them, so a line never breaks after `«` or before
/// `»`. The text is not escaped: escape it first when it goes into HTML.
pub(crate) fn quoted(text: &str) -> String {
    format!("«\u{a0}{text}\u{a0}»")
}

/// "1 résultat", "12 résultats".
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    let word = if n > 1 { plural } else { singular };
    format!("{} {word}", oim_search::group_thousands(n as f64))
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
                "Aucun document ne contient\u{a0}: zzzz",
            ),
            (
                Note::LoneSign { sign: '-' },
                "Le signe «\u{a0}-\u{a0}» isolé a été ignoré.",
            ),
            (
                Note::EmptyFilter {
                    key: oim_search::FilterKey::Facet(Facet::Region),
                },
                "Le filtre «\u{a0}region:\u{a0}» n’a pas de valeur\u{a0}: il a été ignoré.",
            ),
            (
                Note::QueryCut { kept: 32 },
                "Requête trop longue\u{a0}: seuls ses 32 premiers mots sont cherchés.",
            ),
        ];
        for (english, french) in table {
            assert_eq!(note(&english), french);
        }
    }

    #[test]
    fn every_note_has_its_own_french_wording() {
        for english in oim_search::every_note() {
            let french = note(&english);
            assert!(!french.is_empty(), "{english:?}");
            assert_ne!(french, english.to_string(), "{english:?}");
        }
    }

    #[test]
    fn errors_in_french() {
        let long = ServerError::Engine(Error::InvalidParam {
            param: Param::Query,
            value: "x".into(),
            hint: "give at most 1000 characters".into(),
        });
        assert_eq!(
            error_message(&long),
            "La recherche dépasse 1000 caractères\u{a0}: raccourcissez-la."
        );
        let budget = ServerError::Engine(Error::InvalidParam {
            param: Param::BudgetMin,
            value: "beaucoup".into(),
            hint: "give a number".into(),
        });
        assert_eq!(
            error_message(&budget),
            "Budget minimal «\u{a0}beaucoup\u{a0}» n’est pas un nombre."
        );
        let year = ServerError::Engine(Error::InvalidParam {
            param: Param::YearMin,
            value: "1850".into(),
            hint: "out of range".into(),
        });
        assert_eq!(
            error_message(&year),
            "Année minimale «\u{a0}1850\u{a0}» n’est pas une année (de 1900 à 2100)."
        );
        // every parameter has a French name of its own, and the keys the
        // page writes in its links read back to it
        for param in Param::ALL {
            assert_ne!(param_name(param), param.key(), "{param}");
            assert_eq!(parameter_name(param.key()), param_name(param));
        }
        assert!(error_message(&ServerError::UriTooLong).starts_with("L’adresse dépasse"));
    }

    #[test]
    fn labels() {
        assert_eq!(value_label(Facet::Kind, "news"), "Actualité");
        assert_eq!(value_label(Facet::Region, "Afrique"), "Afrique");
        // one label for one value across facets; the value itself is unchanged
        assert_eq!(value_label(Facet::Region, "Global"), "Mondial");
        assert_eq!(value_label(Facet::Coverage, "Global"), "Mondial");
        assert_eq!(quoted("diaspora"), "«\u{a0}diaspora\u{a0}»");
        assert_eq!(facet_name(Facet::Budget), "Tranche de budget");
        // every budget bucket reads in French
        for (bucket, _, _) in oim_search::BUDGET_BUCKETS {
            assert_ne!(value_label(Facet::Budget, bucket), bucket);
        }
        assert_eq!(count(1, "résultat", "résultats"), "1 résultat");
        assert_eq!(count(0, "résultat", "résultats"), "0 résultat");
        assert_eq!(
            count(1200, "résultat", "résultats"),
            "1\u{202f}200 résultats"
        );
    }

    #[test]
    fn a_hit_s_line_uses_the_facets_words() {
        let metadata = HitMetadata {
            region: Some("Global".into()),
            region_inferred: true,
            budget_usd: Some(1_234_567.5),
            start_year: Some(2019),
            end_year: Some(2021),
            countries: vec!["Lesotho".into(), "Népal".into()],
            ..HitMetadata::default()
        };
        assert_eq!(
            hit_summary(&metadata),
            "Mondial (déduite) · 1\u{202f}234\u{202f}567,50 USD · 2019–2021 · Lesotho, Népal"
        );
        assert_eq!(hit_summary(&HitMetadata::default()), "");
    }
}
