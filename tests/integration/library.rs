//! The public library API alone: create, add, commit, search, delete, and
//! searches from many threads while another writes.

use std::sync::Arc;

use oim_search::{analyze, Document, Engine, EngineBuilder, Error, Facet, SearchRequest};

use crate::doc;

#[test]
fn create_add_commit_search_delete() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    engine
        .add(doc(
            "a",
            "Gestion des frontières",
            "Renforcer les postes frontières au Niger.",
        ))
        .unwrap();
    engine
        .add(doc(
            "b",
            "Santé des migrants",
            "Les réfugiés reçoivent des soins.",
        ))
        .unwrap();
    assert_eq!(
        engine
            .search(&SearchRequest::new("frontieres"))
            .unwrap()
            .total,
        0,
        "not committed yet"
    );
    engine.commit().unwrap();
    let r = engine.search(&SearchRequest::new("frontieres")).unwrap();
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
    assert_eq!(r.hits[0].metadata.countries, Vec::<String>::new());
    assert_eq!(
        engine.get("b").unwrap().unwrap().title,
        "Santé des migrants"
    );

    // replacing by id keeps one copy
    engine
        .add(doc(
            "a",
            "Gestion intégrée des frontières",
            "Nouveau texte.",
        ))
        .unwrap();
    engine.delete("b").unwrap();
    engine.commit().unwrap();
    assert_eq!(engine.num_docs(), 1);
    assert_eq!(
        engine.get("a").unwrap().unwrap().title,
        "Gestion intégrée des frontières"
    );
    assert!(engine.get("b").unwrap().is_none());
    assert_eq!(
        engine
            .search(&SearchRequest::new("réfugiés"))
            .unwrap()
            .total,
        0
    );

    // reopening sees the same documents
    drop(engine);
    let engine = Engine::open(dir.path()).unwrap();
    assert_eq!(engine.num_docs(), 1);
}

#[test]
fn invalid_documents_and_missing_index_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    assert!(matches!(
        engine.add(doc("  ", "t", "b")),
        Err(Error::InvalidDocument { .. })
    ));
    let missing = dir.path().join("nothing-here");
    let err = Engine::open(&missing).unwrap_err();
    assert!(matches!(err, Error::NoIndex { .. }));
    assert!(err.to_string().contains("oim-search index"));
    assert!(matches!(
        engine.search(&SearchRequest::new("x").limit(5000)),
        Err(Error::InvalidParam {
            param: oim_search::Param::Limit,
            ..
        })
    ));
}

#[test]
fn documents_given_in_code_are_analysed_like_pages() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    let mut d = doc("k", "Politique migratoire", "Un dialogue national.");
    d.countries = vec!["Kyrgyzstan".into()];
    d.budget_usd = Some(40_000.0);
    engine.add(d).unwrap();
    engine.commit().unwrap();
    let stored = engine.get("k").unwrap().unwrap();
    assert_eq!(stored.countries, ["Kirghizistan"], "canonical country");
    assert_eq!(stored.region.as_deref(), Some("Asie et Océanie"));
    assert!(stored.region_inferred);
    let r = engine
        .search(&SearchRequest::new("Kirghizistan").filter(Facet::Budget, "0-50000"))
        .unwrap();
    assert_eq!(r.total, 1);
}

#[test]
fn analyzer_is_public() {
    let tokens = analyze("Les réfugiés d’Afghanistan");
    let terms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(terms, ["refug", "afghanistan"]);
    assert_eq!(tokens[1].position, 2);
}

#[test]
fn engine_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Engine>();
}

#[test]
fn concurrent_searches_while_another_thread_commits() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(
        EngineBuilder::new(dir.path())
            .memory_mb(64)
            .threads(1)
            .create()
            .unwrap(),
    );
    engine
        .add(doc(
            "seed",
            "Migration et développement",
            "Texte de départ sur la migration.",
        ))
        .unwrap();
    engine.commit().unwrap();
    let writer = {
        let engine = Arc::clone(&engine);
        std::thread::spawn(move || {
            for i in 0..20 {
                engine
                    .add(doc(
                        &format!("d{i}"),
                        "Migration de main-d’œuvre",
                        "Travailleurs migrants.",
                    ))
                    .unwrap();
                engine.commit().unwrap();
            }
        })
    };
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                let mut last = 0;
                for _ in 0..50 {
                    let total = engine
                        .search(&SearchRequest::new("migration"))
                        .unwrap()
                        .total;
                    assert!(
                        total >= last,
                        "a later search never sees fewer committed documents"
                    );
                    last = total;
                }
            })
        })
        .collect();
    writer.join().unwrap();
    for r in readers {
        r.join().unwrap();
    }
    // a search after the last commit sees everything
    assert_eq!(
        engine
            .search(&SearchRequest::new("migration"))
            .unwrap()
            .total,
        21
    );
}

/// The JSON of `search --json`, `/api/search` and batch lines, byte for
/// byte: facets keyed by facet name in key order, every hit field, notes.
#[test]
fn search_results_json_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    engine
        .add(Document {
            id: "ls".into(),
            title: "Diaspora du Lesotho".into(),
            body: "La diaspora basotho.".into(),
            region: Some("Afrique".into()),
            project_type: Some("Gestion des frontières".into()),
            budget_usd: Some(120_000.0),
            countries: vec!["Lesotho".into()],
            project_id: Some("CD.0003".into()),
            end_year: Some(2024),
            status: Some("Achevé".into()),
            coverage: Some("National".into()),
            ..Document::default()
        })
        .unwrap();
    engine.commit().unwrap();
    let mut results = engine.search(&SearchRequest::new("diaspora -")).unwrap();
    results.hits[0].score = 1.5;
    results.took_ms = 0.0;
    assert_eq!(
        serde_json::to_string(&results).unwrap(),
        concat!(
            r#"{"query":"diaspora -","total":1,"partial_total":0,"counted":"all","missing_concepts":[],"#,
            r#""hits":[{"id":"ls","score":1.5,"tier":"all","title":"Diaspora du Lesotho","kind":"project","#,
            r#""snippet":"La diaspora basotho.","highlights":[[3,11]],"title_highlights":[[0,8]],"region":"Afrique","region_inferred":false,"#,
            r#""project_type":"Gestion des frontières","budget_usd":120000.0,"countries":["Lesotho"],"project_id":"CD.0003","prima_id":null,"#,
            r#""start_year":null,"end_year":2024,"year":2024,"status":"Achevé","coverage":"National"}],"#,
            r#""facets":{"budget":{"100000-200000":1},"country":{"Lesotho":1},"coverage":{"National":1},"kind":{"project":1},"#,
            r#""region":{"Afrique":1},"status":{"Achevé":1},"type":{"Gestion des frontières":1},"year":{"2024":1}},"#,
            r#""aggregates":{"budget_usd":120000.0,"with_budget":1,"years":[{"year":2024,"count":1,"budget_usd":120000.0}],"#,
            r#""facets":{"region":{"Afrique":120000.0},"type":{"Gestion des frontières":120000.0},"budget":{"100000-200000":120000.0},"#,
            r#""country":{"Lesotho":120000.0},"status":{"Achevé":120000.0},"coverage":{"National":120000.0},"year":{"2024":120000.0},"#,
            r#""kind":{"project":120000.0}}},"#,
            r#""offset":0,"limit":10,"sort":"relevance","fallback_any":false,"corrections":[],"expansions":[],"dropped":[],"match":"auto","#,
            r#""notes":[{"code":"lone_sign","message":"a lone `-` was ignored","sign":"-"}],"took_ms":0.0}"#
        )
    );
}

/// The filters as applied: canonical spellings, and unknown values either
/// refused (the default) or left out and listed with a suggestion.
#[test]
fn filters_applied_name_the_index_spelling_and_the_values_left_out() {
    let engine = crate::corpus_engine();
    let request = SearchRequest::new("diaspora")
        .filter(Facet::Region, "afrique")
        .filter(Facet::Country, "Lesotho")
        .filter(Facet::Year, "2015 - 2020");
    let results = engine.search(&request).unwrap();
    let applied = &results.filters_applied;
    assert_eq!(applied.applied(Facet::Region, "afrique"), Some("Afrique"));
    assert_eq!(
        applied.applied(Facet::Year, "2015 - 2020"),
        Some("2015-2020")
    );
    assert!(applied.dropped.is_empty());
    let unknown = request.clone().filter(Facet::Region, "Afriqe");
    assert!(matches!(
        engine.search(&unknown),
        Err(oim_search::Error::UnknownFacetValue { .. })
    ));
    let mut lenient = unknown;
    lenient.unknown_values = oim_search::UnknownValues::Drop;
    let results = engine.search(&lenient).unwrap();
    assert_eq!(
        results.filters_applied.dropped,
        [oim_search::DroppedValue {
            facet: Facet::Region,
            value: "Afriqe".into(),
            closest: Some("Afrique".into()),
        }]
    );
    assert_eq!(results.total, engine.search(&request).unwrap().total);
    // without facet values the JSON has no `filters_applied`
    let plain =
        serde_json::to_value(engine.search(&SearchRequest::new("diaspora")).unwrap()).unwrap();
    assert!(plain.get("filters_applied").is_none());
}

/// Issue 25, item 4: one vocabulary of request keys. The same key and
/// value read the same from JSON, a `key:value` filter and
/// `Param::read` (the server's URLs and the CLI's flags use it; their
/// crates test that), and a refused value names its typed key in each.
#[test]
fn one_vocabulary_reads_every_request_key() {
    use oim_search::{Param, SortBy};
    let engine = crate::corpus_engine();
    // a French facet name is for people: typed in the query it reads as
    // the facet, in JSON it is an unknown key
    let typed = engine.search(&SearchRequest::new("année:2019")).unwrap();
    assert!(typed.total > 0);
    let json = SearchRequest::from_json(r#"{"q": "", "year": 2019}"#).unwrap();
    assert_eq!(engine.search(&json).unwrap().total, typed.total);
    assert!(matches!(
        SearchRequest::from_json(r#"{"année": 2019}"#),
        Err(Error::UnknownParam { key }) if key == "année"
    ));
    // a value alias (`annee` for the year sort) is one reading everywhere
    let mut read = SearchRequest::default();
    Param::Sort.read("annee", &mut read).unwrap();
    let json = SearchRequest::from_json(r#"{"sort": "annee"}"#).unwrap();
    assert_eq!(
        (read.sort, json.sort),
        (Some(SortBy::Year), Some(SortBy::Year))
    );
    // one bound, one typed error, whichever reader met the value
    let typed = engine.search(&SearchRequest::new("x year_min:1850"));
    let json = SearchRequest::from_json(r#"{"year_min": 1850}"#);
    let direct = Param::YearMin.read("1850", &mut SearchRequest::default());
    for err in [typed.unwrap_err(), json.unwrap_err(), direct.unwrap_err()] {
        assert!(
            matches!(
                err,
                Error::InvalidParam {
                    param: Param::YearMin,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "invalid year_min `1850`: out of range: give a year from 1900 to 2100"
        );
        assert!(err.is_usage());
    }
    // a request built in code keeps the same bound
    let built = SearchRequest::new("x").year_range(Some(1850), None);
    assert!(matches!(
        engine.search(&built),
        Err(Error::InvalidParam {
            param: Param::YearMin,
            ..
        })
    ));
}

/// A word of exactly `MAX_WORD_BYTES` is indexed and found, without the
/// too-long note, which only words over the limit get.
#[test]
fn a_word_at_the_length_limit_is_indexed_and_found() {
    let at_limit = "x".repeat(oim_search::MAX_WORD_BYTES);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    let body = format!("Le code {at_limit} figure au registre.");
    engine.add(doc("a", "Registre", &body)).unwrap();
    engine.commit().unwrap();
    let results = engine.search(&SearchRequest::new(&at_limit)).unwrap();
    assert_eq!(results.total, 1, "{:?}", results.notes);
    assert!(
        results.notes.iter().all(|n| n.code() != "too_long_words"),
        "{:?}",
        results.notes
    );
}
