//! Relevance features one by one: typo tolerance and its switch, country
//! names behind demonyms, English names and long forms, acronyms, field
//! weights, proximity, prefix search and deterministic ties.

use oim_search::{Document, Engine, MatchMode, SearchRequest};

use crate::{corpus_engine, doc, engine_with, search, search_ids, short_ids};

#[test]
fn typos_are_corrected_and_can_be_turned_off() {
    let r = search("Kirghistan");
    assert_eq!(short_ids(&r)[0], "000");
    assert_eq!(r.corrections[0].word, "Kirghistan");
    assert_eq!(r.corrections[0].corrected[0], "kirghizistan");
    assert!(search("migrasion").total >= 5);
    let off = corpus_engine()
        .search(&SearchRequest::new("Kirghistan").typo(false))
        .unwrap();
    assert_eq!(off.total, 0);
    assert!(off.corrections.is_empty());
    // under 5 letters, no typo is allowed
    assert_eq!(search("OIN").total, 0);
}

#[test]
fn words_the_pages_contain_are_never_corrected() {
    // `sommes` is a stop word, but a real word of the pages: no typo to fix
    let (_dir, engine) = engine_with([
        doc("a", "Réunion", "Nous sommes à Genève."),
        doc("b", "Sommet", "Le sommet de Genève."),
    ]);
    let r = engine.search(&SearchRequest::new("sommes")).unwrap();
    assert!(r.corrections.is_empty(), "{:?}", r.corrections);
    assert_eq!(r.total, 0);
    assert!(
        r.notes.iter().any(|n| n.to_string().contains("stop words")),
        "{:?}",
        r.notes
    );
    // a true misspelling still is
    let r = engine.search(&SearchRequest::new("sonmet")).unwrap();
    assert_eq!(r.corrections[0].corrected, ["sommet"]);
}

#[test]
fn corrected_words_are_highlighted() {
    let r = search("Kirghistan");
    let hit = &r.hits[0];
    let words = crate::highlighted_words(hit);
    assert!(words.iter().any(|w| w == "Kirghizistan"), "{words:?}");
}

#[test]
fn country_names_in_any_form_find_the_country() {
    for q in ["Kyrgyzstan", "République kirghize", "kirghize"] {
        let r = search(q);
        assert!(
            short_ids(&r).contains(&"000".to_string()),
            "{q}: {:?}",
            short_ids(&r)
        );
        assert!(!r.expansions.is_empty(), "{q}");
    }
    assert_eq!(short_ids(&search("diaspora basotho"))[0], "003");
    assert_eq!(short_ids(&search("Tajikistan"))[0].len(), 3);
    assert!(short_ids(&search("Tajikistan")).contains(&"002".to_string()));
    // a beneficiary that the body never names still matches
    let (_dir, engine) = engine_with([doc(
        "x",
        "Gestion des frontières",
        "Un projet sans nom de pays.",
    )]);
    engine
        .add(Document {
            id: "y".into(),
            title: "Gestion des frontières".into(),
            body: "Idem.".into(),
            countries: vec!["Népal".into()],
            ..Document::default()
        })
        .unwrap();
    engine.commit().unwrap();
    // the page with both words first, then the page with one
    assert_eq!(
        search_ids(&engine, SearchRequest::new("frontieres nepal")),
        ["y", "x"]
    );
    let all = SearchRequest::new("frontieres nepal").match_mode(MatchMode::All);
    assert_eq!(search_ids(&engine, all), ["y"]);
}

#[test]
fn acronyms_expand() {
    let iom = search("IOM");
    let oim = search("OIM");
    assert_eq!(iom.total, oim.total);
    assert!(iom.expansions.iter().any(|e| e.to_string().contains("OIM")));
}

#[test]
fn title_outweighs_body_and_ties_break_by_id() {
    let (_dir, engine) = engine_with([
        doc(
            "b-body",
            "Rapport annuel",
            "Ce rapport parle de réinstallation et de bien d’autres choses encore.",
        ),
        doc(
            "a-title",
            "Réinstallation",
            "Ce rapport parle de bien d’autres choses encore et encore.",
        ),
        doc(
            "c-same",
            "Rapport annuel",
            "Ce rapport parle de réinstallation et de bien d’autres choses encore.",
        ),
    ]);
    let got = search_ids(&engine, SearchRequest::new("reinstallation"));
    assert_eq!(
        got,
        ["a-title", "b-body", "c-same"],
        "title first, then equal scores by id"
    );
}

#[test]
fn ties_across_segments_break_by_id_on_every_page() {
    // 60 identical pages over three commits (three segments), ids shuffled
    // between them; one-word and two-word queries (the latter rescored)
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    for segment in 0..3 {
        for i in 0..20 {
            let n = (i * 7 + segment * 11) % 60;
            engine
                .add(Document {
                    id: format!("doc-{n:02}-{segment}"),
                    title: "Rapport".into(),
                    body: "Appui à la diaspora et au développement.".into(),
                    ..Document::default()
                })
                .unwrap();
        }
        engine.commit().unwrap();
    }
    for q in ["diaspora", "diaspora développement"] {
        let mut all: Vec<String> = (0..6)
            .flat_map(|page| search_ids(&engine, SearchRequest::new(q).limit(10).offset(page * 10)))
            .collect();
        assert_eq!(all.len(), 60, "{q}");
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(all, sorted, "{q}: equal scores in id order across pages");
        all.dedup();
        assert_eq!(all.len(), 60);
    }
}

#[test]
fn words_standing_close_rank_first() {
    let filler =
        "la coopération régionale reste un objectif important pour les gouvernements concernés";
    let (_dir, engine) = engine_with([
        doc(
            "far",
            "Note",
            &format!("La diaspora est active. {filler}. {filler}. Le Lesotho avance."),
        ),
        doc(
            "near",
            "Note",
            &format!("La diaspora du Lesotho est active. {filler}. {filler}. Rien d’autre."),
        ),
    ]);
    assert_eq!(
        search_ids(&engine, SearchRequest::new("diaspora Lesotho")),
        ["near", "far"]
    );
}

#[test]
fn prefix_completes_the_last_word() {
    let exact = corpus_engine()
        .search(
            &SearchRequest::new("diaspora Lesot")
                .typo(false)
                .match_mode(MatchMode::All),
        )
        .unwrap();
    assert_eq!(exact.total, 0, "no prefix matching by default");
    assert_eq!(exact.dropped, ["Lesot"]);
    let r = corpus_engine()
        .search(&SearchRequest::new("diaspora Lesot").prefix(true))
        .unwrap();
    assert_eq!(short_ids(&r), ["003"]);
    let r = corpus_engine()
        .search(&SearchRequest::new("politique Kirghizis").prefix(true))
        .unwrap();
    assert_eq!(short_ids(&r)[0], "000");
    let r = corpus_engine()
        .search(&SearchRequest::new("diasp").prefix(true))
        .unwrap();
    assert_eq!(short_ids(&r), ["003"]);
}
