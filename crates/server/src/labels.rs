//! The French words of the pages: facet names, value labels, sort labels,
//! the French wording of the library's typed notes (whose `Display` is the
//! English of the CLI), and every sentence the pages build from values
//! (headings, notices, the reporting block, the chart). Numbers are
//! formatted by `figures`; the fixed words of the interface (button and
//! heading texts) stand in the templates beside their markup. Values in
//! URLs stay the canonical ones; only labels change.

use super::figures::typed_amount;
use super::templates::{Phrase, Span};
use super::ServerError;
use axum::http::StatusCode;
use oim_search::group_thousands;
use oim_search::Error;
use oim_search::Facet;
use oim_search::{
    Counted, Expansion, ExpansionKind, HitMetadata, Note, Param, SearchResults, SortBy, Tier,
};

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
        Note::OtherBackend { backend } => format!(
            "Réponse de {}\u{a0}: mêmes pages et mêmes chiffres que l’index intégré, mais ses propres extraits, et des scores proches peuvent s’y classer autrement.",
            backend.replace("OpenSearch at", "OpenSearch, à l’adresse")
        ),
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

/// The heading and the message of the page for an error answered outside
/// the handlers (an undecodable path, a body too large, the time limit).
pub(crate) fn status_message(status: StatusCode) -> (&'static str, String) {
    match status {
        StatusCode::BAD_REQUEST => (
            "Adresse invalide",
            "Cette adresse contient des caractères illisibles\u{a0}: vérifiez le lien, ou lancez une nouvelle recherche.".to_string(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Requête trop grande",
            format!("La requête envoie plus de {} Kio de données, et ces pages n’en attendent aucune\u{a0}: ouvrez-les par un lien ou par le formulaire de recherche.", super::MAX_BODY_BYTES / 1024),
        ),
        StatusCode::SERVICE_UNAVAILABLE => (
            "Serveur occupé",
            format!("La réponse a pris plus de {}\u{a0}s\u{a0}: précisez la recherche ou ajoutez des filtres, puis réessayez.", super::REQUEST_TIMEOUT.as_secs()),
        ),
        s if s.is_server_error() => (
            "Erreur du serveur",
            "Le serveur n’a pas pu répondre. Réessayez dans un instant.".to_string(),
        ),
        s => (
            "Requête refusée",
            format!("Le serveur a refusé cette requête (code {})\u{a0}: ouvrez les pages par un lien ou par le formulaire de recherche.", s.as_u16()),
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
        parts.push(super::figures::usd(budget));
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

/// Countries of a region listed by name in an expansion; past this many,
/// the first ones and how many more.
const REGION_COUNTRIES_NAMED: usize = 8;

/// An expansion of the query in French: `basotho → Lesotho`, for narrower
/// terms `migration → plus précis : exode, …`, and for a region its
/// countries, which are what the search looked for (`asie centrale → Asie
/// centrale (5 pays : Kazakhstan, …)`).
pub(crate) fn expansion(expansion: &Expansion) -> String {
    let to: Vec<String> = match expansion.kind {
        ExpansionKind::Region => expansion.to.iter().map(|r| with_countries(r)).collect(),
        _ => expansion.to.clone(),
    };
    let narrower = match expansion.kind {
        ExpansionKind::Narrower => "plus précis\u{a0}: ",
        _ => "",
    };
    format!("{} → {narrower}{}", expansion.typed, to.join(", "))
}

/// A region's name with its countries: `Asie centrale (5 pays : Kazakhstan,
/// Kirghizistan, …)`, the first ones only for a large region (`Afrique (54
/// pays : …, Burundi et 46 autres)`); the name alone when the core knows no
/// country of it.
fn with_countries(region: &str) -> String {
    let countries = match oim_search::region_countries(region) {
        Some(countries) if !countries.is_empty() => countries,
        _ => return region.to_string(),
    };
    let named = countries
        .iter()
        .take(REGION_COUNTRIES_NAMED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let rest = countries.len().saturating_sub(REGION_COUNTRIES_NAMED);
    let more = match rest {
        0 => String::new(),
        1 => " et 1 autre".to_string(),
        n => format!(" et {} autres", group_thousands(n as f64)),
    };
    format!(
        "{region} ({} pays\u{a0}: {named}{more})",
        group_thousands(countries.len() as f64)
    )
}

/// The `<title>` of a page about `subject` (the words searched, a
/// document's title), or of the empty search page.
pub(crate) fn page_title(subject: &str) -> String {
    if subject.is_empty() {
        "Recherche OIM".to_string()
    } else {
        format!("{subject} – Recherche OIM")
    }
}

/// The results heading: how many answers, and for which words.
pub(crate) fn results_headline(query: &str, total: usize) -> String {
    match (total, query.is_empty()) {
        (0, true) => "Aucun résultat".to_string(),
        (0, false) => format!("Aucun résultat pour {}", quoted(query)),
        (n, true) => count(n, "document", "documents"),
        (n, false) => format!(
            "{} pour {}",
            count(n, "résultat", "résultats"),
            quoted(query)
        ),
    }
}

/// What the counted results are, and the pages counted apart, with the
/// links that change it (`require_all`: every word; `count_any`: the
/// partial pages too); empty when the query has no words to hold.
pub(crate) fn scope(results: &SearchResults, require_all: String, count_any: String) -> Phrase {
    let n = results.total;
    let these = if n == 1 {
        "Ce résultat contient".to_string()
    } else {
        format!("Ces {} résultats contiennent", group_thousands(n as f64))
    };
    let mut line = Phrase::default();
    match results.counted {
        Counted::Any if n > 0 => {
            line.push_text(format!("{these} au moins un des mots."));
        }
        Counted::Most if n > 0 => {
            let missing = results
                .missing_concepts
                .iter()
                .map(|w| quoted(w))
                .collect::<Vec<_>>()
                .join(", ");
            line.push_text(format!(
                "Aucune page ne contient tous les mots\u{a0}: {} en contiennent le plus{}. ",
                if n == 1 {
                    "ce résultat".to_string()
                } else {
                    format!("ces {} résultats", group_thousands(n as f64))
                },
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(" (il manque à certains\u{a0}: {missing})")
                },
            ))
            .push(Span::link(require_all, "Exiger chaque mot"));
        }
        Counted::All if n > 0 && results.partial_total > 0 => {
            line.push_text(format!(
                "{these} tous les mots. {} {} qu’une partie\u{a0}: ",
                group_thousands(results.partial_total as f64),
                if results.partial_total == 1 {
                    "autre page n’en contient"
                } else {
                    "autres pages n’en contiennent"
                },
            ));
            let follow = "elles suivent les résultats";
            if results.hits.iter().any(|h| h.tier == Some(Tier::Partial)) {
                line.push(Span::link("#partielles", follow));
            } else {
                line.push_text(follow);
            }
            line.push_text(", sans être comptées. ")
                .push(Span::link(count_any, "Compter aussi ces pages"));
        }
        Counted::All if n == 0 && results.partial_total > 0 => {
            line.push_text(format!(
                "Aucune page ne contient tous les mots avec ces filtres\u{202f}; {} en contiennent une partie.",
                group_thousands(results.partial_total as f64)
            ));
        }
        _ => {}
    }
    line
}

/// An active filter of the URL (`key=value`) as people read it: `Budget ≥
/// 100 000 USD`, `Région : Afrique`.
pub(crate) fn filter_label(key: &str, value: &str) -> String {
    let Some(param) = Param::from_key(key) else {
        return format!("{key}\u{a0}: {value}");
    };
    match param {
        Param::BudgetMin => format!("Budget ≥ {}\u{a0}USD", typed_amount(value)),
        Param::BudgetMax => format!("Budget ≤ {}\u{a0}USD", typed_amount(value)),
        Param::YearMin => format!("Année ≥ {value}"),
        Param::YearMax => format!("Année ≤ {value}"),
        Param::Typo => format!("Tolérance aux fautes\u{a0}: {value}"),
        Param::Prefix => format!("Préfixe\u{a0}: {value}"),
        Param::Match => match value {
            "all" => "Pages comptées\u{a0}: tous les mots, strictement".to_string(),
            "any" => "Pages comptées\u{a0}: au moins un mot".to_string(),
            _ => "Pages comptées\u{a0}: tous les mots, sinon le plus".to_string(),
        },
        Param::Facet(facet) => {
            format!("{}\u{a0}: {}", facet_name(facet), value_label(facet, value))
        }
        _ => format!("{key}\u{a0}: {value}"),
    }
}

/// A filter value of the URL that no document has, left out.
pub(crate) fn dropped_filter(facet: Facet, value: &str) -> String {
    format!(
        "Filtre retiré\u{a0}: {} {} ne correspond à aucune valeur de l’index.",
        facet_name(facet),
        quoted(value)
    )
}

/// A parameter of the URL whose value cannot be read, left out.
pub(crate) fn ignored_parameter(key: &str, value: &str) -> String {
    format!(
        "Paramètre ignoré\u{a0}: {} {} {}.",
        parameter_name(key),
        quoted(value),
        parameter_hint(key)
    )
}

/// The widenings of the query, in one notice.
pub(crate) fn expansions(expansions: &[Expansion]) -> String {
    format!(
        "Recherche élargie\u{a0}: {}",
        expansions
            .iter()
            .map(expansion)
            .collect::<Vec<_>>()
            .join("\u{202f}; ")
    )
}

/// `Page 2 sur 14`.
pub(crate) fn page_position(current: usize, pages: usize) -> String {
    format!(
        "Page {} sur {}",
        group_thousands(current as f64),
        group_thousands(pages as f64)
    )
}

/// Which results the figures of the reporting block count, said when the
/// page lists other pages too or the count was relaxed.
pub(crate) fn report_scope(results: &SearchResults) -> Option<String> {
    if results.partial_total == 0 && results.counted == Counted::All {
        return None;
    }
    let which = match results.counted {
        Counted::All => "qui contiennent tous les mots",
        Counted::Most => "qui contiennent le plus de mots",
        Counted::Any => "qui contiennent au moins un des mots",
    };
    Some(format!(
        "Chiffres, graphique et téléchargements\u{a0}: les {} résultats {which}{}.",
        group_thousands(results.total as f64),
        if results.partial_total > 0 {
            ", sans les pages partielles"
        } else {
            ""
        }
    ))
}

/// Why the results cannot be downloaded: more than `max`.
pub(crate) fn download_limit(max: usize) -> String {
    format!(
        "Téléchargement limité à {} résultats\u{a0}: ajoutez des filtres pour l’obtenir.",
        group_thousands(max as f64)
    )
}

/// What the download links give: `le résultat`, `les 37 résultats`.
pub(crate) fn downloaded_rows(total: usize) -> String {
    if total == 1 {
        "le résultat".to_string()
    } else {
        format!("les {} résultats", group_thousands(total as f64))
    }
}

/// Said on a document page when only the first `marked` occurrences of the
/// searched words are marked.
pub(crate) fn marks_capped(marked: usize) -> String {
    format!(
        "Ce texte cite les mots cherchés très souvent\u{a0}: seules les {} premières occurrences sont marquées.",
        group_thousands(marked as f64)
    )
}

/// The chart's accessible name: `Résultats et budget par année, 2008 à
/// 2025`.
pub(crate) fn chart_title(has_budget: bool, first: i32, last: i32) -> String {
    format!(
        "Résultats{} par année, {}",
        if has_budget { " et budget" } else { "" },
        if first == last {
            first.to_string()
        } else {
            format!("{first} à {last}")
        },
    )
}

/// A tooltip of the chart: `2019 : 3 résultats, 4,3 M USD`.
pub(crate) fn chart_tooltip(years: &str, what: &str) -> String {
    format!("{years}\u{a0}: {what}")
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
    fn expansions_in_french() {
        let expansion = |typed: &str, to: &[&str], kind| Expansion {
            typed: typed.into(),
            to: to.iter().map(|s| s.to_string()).collect(),
            kind,
        };
        // issue 29, item 9: a region expansion says which countries it searched
        assert_eq!(
            super::expansion(&expansion("asie centrale", &["Asie centrale"], ExpansionKind::Region)),
            "asie centrale → Asie centrale (5 pays\u{a0}: Kazakhstan, Kirghizistan, Tadjikistan, Turkménistan, Ouzbékistan)"
        );
        let asia = super::expansion(&expansion("asie", &["Asie"], ExpansionKind::Region));
        let total = oim_search::region_countries("Asie").unwrap().len();
        assert!(total > REGION_COUNTRIES_NAMED);
        assert!(
            asia.starts_with(&format!("asie → Asie ({total} pays\u{a0}: Kazakhstan, "))
                && asia.ends_with(&format!(" et {} autres)", total - REGION_COUNTRIES_NAMED)),
            "{asia}"
        );
        assert_eq!(asia.matches(", ").count(), REGION_COUNTRIES_NAMED - 1);
        // a name the core does not know stays as it is
        assert_eq!(
            super::expansion(&expansion("x", &["Atlantide"], ExpansionKind::Region)),
            "x → Atlantide"
        );
        assert_eq!(
            super::expansion(&expansion("basotho", &["Lesotho"], ExpansionKind::Country)),
            "basotho → Lesotho"
        );
        assert_eq!(
            super::expansion(&expansion(
                "migration",
                &["exode", "exil"],
                ExpansionKind::Narrower
            )),
            "migration → plus précis\u{a0}: exode, exil"
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
