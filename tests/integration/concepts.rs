//! The query model of the relevance work: concepts ranked coverage first,
//! dropped concepts named, question words, synonyms (shipped and the
//! user's), word families, regions, English queries, misspelt pages and the
//! `--match` modes.

use oim_search::{Document, Engine, EngineBuilder, MatchMode, Note, SearchRequest, Synonyms};

use crate::{add_and_commit, doc, engine_with, oim, search_ids, stdout_ok};

/// Small documents from (id, title, body, countries) rows.
fn documents(rows: &[(&str, &str, &str, &[&str])]) -> Vec<Document> {
    rows.iter()
        .map(|(id, title, body, countries)| Document {
            countries: countries.iter().map(|c| c.to_string()).collect(),
            ..doc(id, title, body)
        })
        .collect()
}

fn pages() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
)> {
    vec![
        (
            "both",
            "Réintégration des migrants de retour",
            "Aide à la réintégration des migrants de retour en Arménie.",
            &["Arménie"],
        ),
        (
            "one",
            "Migrants en Arménie",
            "Une enquête sur les migrants.",
            &["Arménie"],
        ),
        (
            "smuggling",
            "Lutte contre le trafic illicite de migrants",
            "Former les magistrats au trafic illicite de migrants au Niger.",
            &["Niger"],
        ),
        (
            "school",
            "Rentrée scolaire des enfants migrants",
            "Les enfants migrants retrouvent le chemin de l’école.",
            &["Maroc"],
        ),
        (
            "typo",
            "Appui aux travailleurs",
            "Un projet pour les travailleurs migrnats du Népal.",
            &["Népal"],
        ),
    ]
}

#[test]
fn pages_matching_more_concepts_rank_first_and_absent_words_are_dropped() {
    let (_dir, engine) = engine_with(documents(&pages()));
    let r = engine
        .search(&SearchRequest::new("réintégration migrants Arménie zzzqqq"))
        .unwrap();
    assert_eq!(r.hits[0].id, "both");
    assert_eq!(r.dropped, ["zzzqqq"]);
    assert!(r.notes.contains(&Note::DroppedWords {
        words: vec!["zzzqqq".into()]
    }));
    // every word required: the absent word empties the answer
    let all =
        SearchRequest::new("réintégration migrants Arménie zzzqqq").match_mode(MatchMode::All);
    let r = engine.search(&all).unwrap();
    assert_eq!(r.total, 0);
    assert!(r.notes.contains(&Note::NoDocumentContains {
        words: vec!["zzzqqq".into()]
    }));
    // nothing matches at all: empty, and the word is named
    let r = engine.search(&SearchRequest::new("zzzqqq")).unwrap();
    assert_eq!(r.total, 0);
    assert_eq!(r.dropped, ["zzzqqq"]);
}

#[test]
fn any_mode_is_a_plain_or_and_all_mode_requires_every_concept() {
    let (_dir, engine) = engine_with(documents(&pages()));
    let q = "réintégration Arménie";
    let any = engine
        .search(&SearchRequest::new(q).match_mode(MatchMode::Any))
        .unwrap();
    let all = engine
        .search(&SearchRequest::new(q).match_mode(MatchMode::All))
        .unwrap();
    assert_eq!(any.total, 2);
    assert_eq!(all.total, 1);
    assert_eq!(all.hits[0].id, "both");
}

#[test]
fn question_words_are_left_out_of_free_text_only() {
    let (_dir, engine) = engine_with(documents(&pages()));
    let r = engine
        .search(&SearchRequest::new(
            "Comment aide-t-on la réintégration en Arménie ?",
        ))
        .unwrap();
    assert_eq!(r.hits[0].id, "both");
    assert!(
        r.notes.iter().any(
            |n| matches!(n, Note::QuestionWords { words } if words.iter().any(|w| w == "Comment"))
        ),
        "{:?}",
        r.notes
    );
    assert!(r.dropped.is_empty(), "{:?}", r.dropped);
    // inside quotes nothing is left out
    let r = engine.search(&SearchRequest::new("\"comment\"")).unwrap();
    assert_eq!(r.total, 0);
}

#[test]
fn synonyms_find_other_words_for_the_same_thing_and_are_reported() {
    let (_dir, engine) = engine_with(documents(&pages()));
    let r = engine
        .search(&SearchRequest::new("passeurs Niger"))
        .unwrap();
    assert_eq!(r.hits[0].id, "smuggling");
    assert!(
        r.expansions
            .iter()
            .any(|e| e.to_string().contains("trafic illicite de migrants")),
        "{:?}",
        r.expansions
    );
    let words = crate::highlighted_words(&r.hits[0]);
    assert!(words.iter().any(|w| w == "trafic"), "{words:?}");
    // English, one way to French
    let r = engine
        .search(&SearchRequest::new("migrant smuggling"))
        .unwrap();
    assert_eq!(r.hits[0].id, "smuggling");
}

#[test]
fn user_synonyms_apply_without_reindexing() {
    let dir = tempfile::tempdir().unwrap();
    {
        let engine = Engine::create(dir.path()).unwrap();
        add_and_commit(&engine, documents(&pages()));
    }
    let plain = Engine::open(dir.path()).unwrap();
    assert!(plain
        .search(&SearchRequest::new("xqzrentree").match_mode(MatchMode::All))
        .unwrap()
        .hits
        .is_empty());
    let mine = Synonyms::parse("xqzrentree => rentrée scolaire", "mine.txt").unwrap();
    let engine = EngineBuilder::new(dir.path())
        .synonyms(mine)
        .open()
        .unwrap();
    assert_eq!(
        search_ids(&engine, SearchRequest::new("xqzrentree")),
        ["school"]
    );
    // a bad file names its line
    let err = Synonyms::parse("aide, soutien\nfrontière =>\n", "mine.txt").unwrap_err();
    assert!(err.to_string().starts_with("mine.txt:2:"), "{err}");
}

#[test]
fn word_families_join_what_snowball_leaves_apart() {
    let (_dir, engine) = engine_with(documents(&pages()));
    // `scolarisation` is on no page; `scolaire` is its family
    let r = engine.search(&SearchRequest::new("scolarisation")).unwrap();
    assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("school"));
}

#[test]
fn a_region_in_the_query_matches_pages_of_its_countries() {
    let (_dir, engine) = engine_with(documents(&pages()));
    // no page says Sahel; Niger lies there
    let r = engine.search(&SearchRequest::new("trafic Sahel")).unwrap();
    assert_eq!(r.hits[0].id, "smuggling");
    assert!(r.dropped.is_empty(), "{:?}", r.dropped);
    assert!(r.expansions.iter().any(|e| e.to_string().contains("Sahel")));
}

#[test]
fn a_page_with_a_typo_is_found_by_the_right_spelling() {
    let (_dir, engine) = engine_with(documents(&pages()));
    let r = engine
        .search(&SearchRequest::new("travailleurs migrants Népal"))
        .unwrap();
    assert_eq!(r.hits[0].id, "typo");
    let words = crate::highlighted_words(&r.hits[0]);
    assert!(words.iter().any(|w| w == "migrnats"), "{words:?}");
}

#[test]
fn very_common_words_rank_but_do_not_gate() {
    // `migrants` is on three pages of four: it does not lift the page that
    // has both words above the page about the rarer word alone
    let (_dir, engine) = engine_with(documents(&[
        ("a", "Migrants", "Les migrants.", &[]),
        ("b", "Migrants", "Les migrants et la santé.", &[]),
        ("c", "Migrants", "Les migrants.", &[]),
        ("d", "Santé", "La santé publique.", &[]),
    ]));
    let r = engine
        .search(&SearchRequest::new("migrants santé"))
        .unwrap();
    let top: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(top[..2], ["d", "b"], "{top:?}");
}

#[test]
fn cli_match_flag_and_user_synonyms_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::root().join("corpus");
    let index = dir.path().join("index");
    stdout_ok(oim(&index).args(["index", "--corpus"]).arg(&corpus));
    let text = String::from_utf8(stdout_ok(
        oim(&index).args(["search", "diaspora Lesotho zzzqqq"]),
    ))
    .unwrap();
    assert!(
        text.contains("note: no document contains, searched without: zzzqqq"),
        "{text}"
    );
    let out = stdout_ok(oim(&index).args([
        "search",
        "diaspora Lesotho zzzqqq",
        "--match",
        "all",
        "--json",
    ]));
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["total"], 0);
    assert_eq!(json["match"], "all");
    assert_eq!(json["dropped"][0], "zzzqqq");
    let file = dir.path().join("mine.txt");
    std::fs::write(&file, "# mine\nxqzbasotho => diaspora\n").unwrap();
    let out = stdout_ok(
        oim(&index)
            .args(["search", "xqzbasotho", "--json", "--synonyms"])
            .arg(&file),
    );
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["hits"][0]["id"], "003_30687b3d87caff90");
    std::fs::write(&file, "a =>\n").unwrap();
    let err = oim(&index)
        .args(["search", "x", "--synonyms"])
        .arg(&file)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("mine.txt:1"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
