//! Property tests: the page parser, the analyzer, the query parser and the
//! whole search (the byte decoder has its own in `src/corpus.rs`) never panic on arbitrary input, and analyzer offsets always
//! fall on character boundaries of the original text.

use proptest::prelude::*;

use crate::corpus_engine;
use oim_search::{analyze, parse_page, parse_query, SearchRequest};

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
