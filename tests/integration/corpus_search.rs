//! The core engine on the five real pages: what the core issue lists.

use crate::{corpus_engine, search, short_ids};
use oim_search::{Kind, MatchMode, SearchRequest};

#[test]
fn diaspora_lesotho_ranks_the_lesotho_project_first() {
    let r = search("diaspora Lesotho");
    assert_eq!(short_ids(&r)[0], "003");
    let hit = &r.hits[0];
    assert_eq!(hit.metadata.project_id.as_deref(), Some("CD.0003"));
    assert_eq!(hit.metadata.countries, ["Lesotho"]);
    assert!(!hit.highlights.is_empty());
    let chars: Vec<char> = hit.snippet.chars().collect();
    for [a, b] in &hit.highlights {
        let word: String = chars[*a..*b].iter().collect();
        assert!(
            ["diaspora", "lesotho"].contains(&word.to_lowercase().as_str()),
            "highlighted {word:?}"
        );
    }
}

#[test]
fn kirghizistan_ranks_000_first() {
    assert_eq!(short_ids(&search("Kirghizistan"))[0], "000");
}

#[test]
fn accents_and_case_do_not_matter() {
    let plain = short_ids(&search("developpement"));
    let upper = short_ids(&search("DÉVELOPPEMENT"));
    let accented = short_ids(&search("développement"));
    let mut expected: Vec<String> = std::fs::read_dir(crate::root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let doc = oim_search::parse_page("x", &text).unwrap().document;
            format!("{} {}", doc.title, doc.body)
                .to_lowercase()
                .contains("développement")
        })
        .map(|p| p.file_name().unwrap().to_string_lossy()[..3].to_string())
        .collect();
    expected.sort();
    for found in [&plain, &upper, &accented] {
        let mut found = found.clone();
        found.sort();
        assert_eq!(found, expected);
    }
}

#[test]
fn developpement_highlights_the_accented_word() {
    let r = search("developpement");
    let hit = &r.hits[0];
    let words = crate::highlighted_words(hit);
    assert!(words.iter().any(|w| w == "développement"), "{words:?}");
}

#[test]
fn etat_in_any_spelling_finds_exactly_000_and_002() {
    for q in ["état", "Etat", "ETAT", "État"] {
        let mut found = short_ids(&search(q));
        found.sort();
        assert_eq!(found, ["000", "002"], "query {q}");
    }
}

#[test]
fn navigation_menu_is_never_indexed() {
    for q in [
        "Structure organisationnelle",
        "Directrice générale",
        "\"Qui sommes nous\"",
        "Bureau du Chef de Cabinet",
    ] {
        let r = search(q);
        assert_eq!(r.total, 0, "query {q} found {:?}", short_ids(&r));
    }
    for q in ["migrations", "OIM", "gouvernement", ""] {
        for hit in search(q).hits {
            assert!(
                !hit.snippet.contains("Qui sommes nous"),
                "{q}: {}",
                hit.snippet
            );
            assert!(!hit.snippet.contains("Structure organisationnelle"));
        }
    }
}

#[test]
fn phrase_processus_d_almaty_finds_002_only() {
    assert_eq!(short_ids(&search("\"processus d'Almaty\"")), ["002"]);
    assert_eq!(short_ids(&search("\"processus d’Almaty\"")), ["002"]);
}

#[test]
fn both_apostrophes_behave_the_same() {
    let a = search("l’OIM");
    let b = search("l'OIM");
    assert_eq!(short_ids(&a), short_ids(&b));
    assert!(a.total >= 4);
}

#[test]
fn project_and_prima_ids_are_found_by_exact_lookup() {
    assert_eq!(short_ids(&search("CD.0003")), ["003"]);
    assert_eq!(short_ids(&search("ls10p0001")), ["003"]);
    assert_eq!(short_ids(&search("PO.0143")), ["000"]);
}

#[test]
fn metadata_values_are_searchable_but_labels_are_not() {
    // 001's body never says "Activités", its project type does
    assert!(
        short_ids(&search("\"Activités de politique migratoire\"")).contains(&"001".to_string())
    );
    // every word required: the label's words together are on no page
    let all = SearchRequest::new("remplissant conditions requises").match_mode(MatchMode::All);
    assert_eq!(corpus_engine().search(&all).unwrap().total, 0);
    assert_eq!(search("beneficiaires").total, 0);
}

#[test]
fn exclusion_and_fallback() {
    let r = search("migration -Kirghizistan");
    assert!(!short_ids(&r).contains(&"000".to_string()));
    assert!(r.total > 0);
    let r = search("Lesotho Ouzbékistan");
    assert!(r.fallback_any, "no page names both");
    assert!(r.total >= 2);
    assert!(r.notes.contains(&oim_search::Note::AnyWordFallback));
}

#[test]
fn malformed_queries_never_fail() {
    for q in [
        "\"unbalanced",
        "-",
        "((",
        "le la les",
        "!!! ???",
        "région:",
        "\u{0}\u{7}",
        "a\"b\"c",
        "--",
        "\"\"",
    ] {
        let r = corpus_engine().search(&SearchRequest::new(q)).unwrap();
        assert!(r.total <= 5, "{q}");
    }
    let long = "migration ".repeat(1000);
    assert!(search(&long).total > 0);
}

#[test]
fn news_and_projects_are_told_apart() {
    let engine = corpus_engine();
    let news = engine.get("002_cec12265d2153c7a").unwrap().unwrap();
    assert_eq!(news.kind, Kind::News);
    let project = engine.get("003_30687b3d87caff90").unwrap().unwrap();
    assert_eq!(project.kind, Kind::Project);
    assert!(engine.get("nope").unwrap().is_none());
}

#[test]
fn multi_country_beneficiaries_are_split() {
    let doc = corpus_engine()
        .get("001_ef1731762793992b")
        .unwrap()
        .unwrap();
    assert_eq!(
        doc.countries,
        ["Afghanistan", "Iran (République islamique d’)", "Pakistan"]
    );
}
