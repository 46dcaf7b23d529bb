//! Property tests: the page parser, the analyzer, the query parser and the
//! whole search (the byte decoder has its own in `src/corpus.rs`) never panic on arbitrary input, and analyzer offsets always
//! fall on character boundaries of the original text. The Unicode forms a
//! user may type (decomposed accents, `'` for `’`) change no answer and no
//! parsed page.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::corpus_engine;
use oim_search::{
    analyze, parse_page, parse_query, Facet, FacetCounts, Hit, SearchRequest, SearchResults,
};

/// Pieces of real pages, so generated input looks like pages often enough
/// to reach deep parser states.
fn page_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("-\n".to_string()),
        Just("Qui sommes nous\n".to_string()),
        Just("- 2030 AGENDA\n".to_string()),
        Just("  • IDF Region\n".to_string()),
        Just("    Afrique\n".to_string()),
        Just("  • Budget Amount (USD)\n".to_string()),
        Just("    1 234,5.6\n".to_string()),
        Just("Etat(s) membre(s) beneficiaires remplissant les conditions requises\n".to_string()),
        Just("Iran (République islamique d’) Guinée‑Bissau\n".to_string()),
        Just("Douchanbé – \n".to_string()),
        Just("Pour plus d’informations, veuillez contacter\n".to_string()),
        Just("\"".to_string()),
        Just("\r\n\u{feff}".to_string()),
        "\\PC{0,40}",
        any::<String>(),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(page_piece(), 0..30).prop_map(|parts| parts.concat())
}

/// Words of the real pages with accents, ligatures and apostrophes (both
/// the typographic `’` and the ASCII `'`), so that the Unicode variants of
/// a query reach real terms, elisions and filter values.
fn accented_word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("l’OIM"),
        Just("l'OIM"),
        Just("d’Almaty"),
        Just("processus d'Almaty"),
        Just("l’élaboration"),
        Just("l’intégration"),
        Just("s'avèrent"),
        Just("l’État"),
        Just("République"),
        Just("Ouzbékistan"),
        Just("Douchanbé"),
        Just("réfugiés"),
        Just("frontière"),
        Just("développement"),
        Just("main-d’œuvre"),
        Just("Côte d'Ivoire"),
        Just("Iran (République islamique d’)"),
        Just("diaspora"),
        Just("migrations"),
        Just("-Pakistan"),
        Just("région:\"Asie et Océanie\""),
        Just("pays:Kirghizistan"),
    ]
    .prop_map(String::from)
}

/// A query of a few such words, sometimes quoted as a phrase.
fn accented_query() -> impl Strategy<Value = String> {
    (prop::collection::vec(accented_word(), 1..4), any::<bool>()).prop_map(|(words, quoted)| {
        let text = words.join(" ");
        if quoted && !text.contains(':') {
            format!("\"{text}\"")
        } else {
            text
        }
    })
}

/// What a user sees of an answer: the hits in order (scores, snippets,
/// highlights), the total and the facet counts.
fn answer(results: &SearchResults) -> (usize, Vec<Hit>, FacetCounts) {
    (results.total, results.hits.clone(), results.facets.clone())
}

fn search_all(query: &str) -> Result<SearchResults, String> {
    corpus_engine()
        .search(&SearchRequest::new(query).limit(20))
        .map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn page_parser_never_panics(text in page()) {
        if let Ok(parsed) = parse_page("fuzz", &text) {
            prop_assert!(!parsed.document.title.is_empty());
        }
    }

    #[test]
    fn analyzer_offsets_lie_on_char_boundaries(text in any::<String>(), extra in page()) {
        for input in [text.as_str(), extra.as_str()] {
            let mut last_position = None;
            for token in analyze(input) {
                prop_assert!(token.offset_from <= token.offset_to && token.offset_to <= input.len());
                prop_assert!(input.is_char_boundary(token.offset_from));
                prop_assert!(input.is_char_boundary(token.offset_to));
                prop_assert!(last_position.is_none_or(|p| token.position > p));
                last_position = Some(token.position);
            }
        }
    }

    #[test]
    fn query_parser_never_panics(q in any::<String>(), r in "[a-z\"():\\- ]{0,40}") {
        for input in [q.as_str(), r.as_str()] {
            let parsed = parse_query(input);
            prop_assert!(parsed.clauses.len() <= 32);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Decomposed accents (NFD, as macOS sends them) find exactly what the
    /// composed query finds, in the same order, with the same snippets.
    #[test]
    fn decomposed_queries_answer_like_composed_ones(q in accented_query()) {
        let composed: String = q.nfc().collect();
        let decomposed: String = q.nfd().collect();
        let (a, b) = (search_all(&composed), search_all(&decomposed));
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(answer(&a), answer(&b), "{:?}", decomposed),
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
    }

    /// `'` and `’` are the same apostrophe to a search: hits, order and
    /// counts do not change when one is typed for the other.
    #[test]
    fn either_apostrophe_gives_the_same_answer(q in accented_query()) {
        let typographic = q.replace('\'', "’");
        let ascii = q.replace('’', "'");
        match (search_all(&typographic), search_all(&ascii)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.total, b.total, "{:?}", ascii);
                let ids = |r: &SearchResults| r.hits.iter().map(|h| (h.id.clone(), h.score)).collect::<Vec<_>>();
                prop_assert_eq!(ids(&a), ids(&b), "{:?}", ascii);
                prop_assert_eq!(&a.facets, &b.facets);
            }
            (a, b) => prop_assert_eq!(a.is_ok(), b.is_ok(), "{:?} {:?}", a.err(), b.err()),
        }
    }

    /// A page saved with decomposed accents parses to the same document as
    /// the composed page.
    #[test]
    fn decomposed_pages_parse_like_composed_ones(text in page()) {
        let composed: String = text.nfc().collect();
        let decomposed: String = text.nfd().collect();
        let a = parse_page("fuzz", &composed).map(|p| p.document);
        let b = parse_page("fuzz", &decomposed).map(|p| p.document);
        prop_assert_eq!(a, b);
    }

    /// A facet filter typed decomposed or with the other apostrophe selects
    /// the same documents.
    #[test]
    fn filter_values_in_any_form_select_the_same_pages(value in prop_oneof![
        Just("Asie et Océanie"),
        Just("Iran (République islamique d’)"),
        Just("Kirghizistan"),
        Just("Activités de politique migratoire"),
    ], nfd: bool, ascii_apostrophe: bool) {
        let facet = match value {
            "Asie et Océanie" => Facet::Region,
            "Activités de politique migratoire" => Facet::Type,
            _ => Facet::Country,
        };
        let mut typed: String = if nfd { value.nfd().collect() } else { value.to_string() };
        if ascii_apostrophe {
            typed = typed.replace('’', "'");
        }
        let run = |v: &str| corpus_engine().search(&SearchRequest::new("").limit(20).filter(facet, v)).unwrap();
        let (a, b) = (run(value), run(&typed));
        prop_assert!(a.total > 0, "{value} is in the corpus");
        prop_assert_eq!(answer(&a), answer(&b), "{:?}", typed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn search_never_panics(q in "(\\PC{0,12}|[a-zéèç\"():\\- ]{0,30}|region:\"?[A-Za-z ]{0,10}\"?)", limit in 0usize..30, typo: bool, prefix: bool) {
        let request = SearchRequest::new(q).limit(limit).typo(typo).prefix(prefix);
        match corpus_engine().search(&request) {
            Ok(r) => prop_assert!(r.hits.len() <= limit),
            Err(e) => prop_assert!(e.is_usage(), "{e}"),
        }
    }
}
