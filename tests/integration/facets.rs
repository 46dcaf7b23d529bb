//! Facet filters and counts on the real corpus and on the 48-page fixture set.

use std::sync::OnceLock;

use crate::{corpus_engine, fixture, short_ids, TempIndex};
use oim_search::{Engine, Error, SearchRequest, SortBy};

fn fixtures_engine() -> &'static Engine {
    static INDEX: OnceLock<TempIndex> = OnceLock::new();
    &INDEX
        .get_or_init(|| TempIndex::build(&fixture("relevance")))
        .engine
}

fn count(r: &oim_search::SearchResults, facet: &str, value: &str) -> u64 {
    r.facets[facet].get(value).copied().unwrap_or(0)
}

#[test]
fn corpus_facet_counts_are_exact() {
    let f = corpus_engine().facets().unwrap();
    assert_eq!(f["kind"]["project"], 3);
    assert_eq!(f["kind"]["news"], 2);
    assert_eq!(
        f["region"]["Asie et Océanie"], 4,
        "000, 001 and the two inferred news"
    );
    assert_eq!(f["region"]["Afrique"], 1);
    assert_eq!(f["type"]["Activités de politique migratoire"], 2);
    assert_eq!(f["type"]["Développement communautaire et économique"], 1);
    assert_eq!(f["budget"]["0-50000"], 1);
    assert_eq!(f["budget"]["100000-200000"], 1);
    assert_eq!(f["budget"]["200000-300000"], 1);
    assert_eq!(f["budget"].len(), 3);
    assert_eq!(f["status"]["Achevé"], 3);
    assert_eq!(f["coverage"]["National"], 2);
    assert_eq!(f["coverage"]["Regional"], 1);
    assert_eq!(f["year"]["2019"], 1);
    assert_eq!(f["year"]["2024"], 2);
    assert_eq!(f["country"]["Lesotho"], 1);
    assert_eq!(f["country"]["Kirghizistan"], 2, "000 and the news 002");
    assert_eq!(f["country"]["Tadjikistan"], 2, "both news");
    assert_eq!(f["country"]["Pakistan"], 2);
}

#[test]
fn news_regions_are_inferred() {
    let r = corpus_engine()
        .search(&SearchRequest::new("").filter("kind", "news"))
        .unwrap();
    assert_eq!(r.total, 2);
    for hit in &r.hits {
        assert_eq!(hit.region.as_deref(), Some("Asie et Océanie"), "{}", hit.id);
        assert!(hit.region_inferred);
    }
    let r = corpus_engine()
        .search(&SearchRequest::new("").filter("kind", "project"))
        .unwrap();
    assert!(r.hits.iter().all(|h| !h.region_inferred));
}

#[test]
fn each_filter_alone() {
    let e = corpus_engine();
    let run = |facet: &str, value: &str| {
        let mut ids = short_ids(
            &e.search(&SearchRequest::new("").filter(facet, value))
                .unwrap(),
        );
        ids.sort();
        ids
    };
    assert_eq!(
        run("region", "asie et oceanie"),
        ["000", "001", "002", "004"]
    );
    assert_eq!(run("region", "AFRIQUE"), ["003"]);
    assert_eq!(
        run("type", "activites de politique migratoire"),
        ["000", "001"]
    );
    assert_eq!(run("budget", "100000-200000"), ["001"]);
    assert_eq!(run("country", "Lesotho"), ["003"]);
    assert_eq!(
        run("country", "Kyrgyzstan"),
        ["000", "002"],
        "English name of a country"
    );
    assert_eq!(run("status", "acheve"), ["000", "001", "003"]);
    assert_eq!(run("coverage", "regional"), ["001"]);
    assert_eq!(run("year", "2024"), ["001", "003"]);
    assert_eq!(run("kind", "news"), ["002", "004"]);
    let r = e
        .search(&SearchRequest::new("").budget_range(Some(100_000.0), None))
        .unwrap();
    assert_eq!(short_ids(&r), ["001", "003"]);
    let r = e
        .search(&SearchRequest::new("").budget_range(None, Some(150_000.0)))
        .unwrap();
    let mut got = short_ids(&r);
    got.sort();
    assert_eq!(got, ["000", "001"]);
    let r = e
        .search(&SearchRequest::new("").year_range(Some(2020), None))
        .unwrap();
    assert_eq!(
        short_ids(&r),
        ["001", "003"],
        "a document without a year never matches a year filter"
    );
}

#[test]
fn filters_combine_and_or() {
    let e = corpus_engine();
    let r = e
        .search(
            &SearchRequest::new("")
                .filter("region", "Afrique")
                .filter("region", "Asie et Océanie")
                .filter("kind", "project"),
        )
        .unwrap();
    let mut ids = short_ids(&r);
    ids.sort();
    assert_eq!(ids, ["000", "001", "003"]);
    let r = e
        .search(
            &SearchRequest::new("migration")
                .filter("region", "Asie et Océanie")
                .filter("budget", "0-50000"),
        )
        .unwrap();
    assert_eq!(short_ids(&r), ["000"]);
}

#[test]
fn filters_written_in_the_query() {
    let e = corpus_engine();
    let r = e
        .search(&SearchRequest::new("diaspora region:Afrique"))
        .unwrap();
    assert_eq!(short_ids(&r), ["003"]);
    let r = e
        .search(&SearchRequest::new(
            "migration region:\"Asie et Océanie\" kind:news",
        ))
        .unwrap();
    let mut ids = short_ids(&r);
    ids.sort();
    assert_eq!(ids, ["002", "004"]);
    let r = e
        .search(&SearchRequest::new(
            "country:Lesotho budget:200000-300000 year:2024 status:Achevé coverage:National",
        ))
        .unwrap();
    assert_eq!(short_ids(&r), ["003"]);
    let r = e
        .search(&SearchRequest::new(
            "type:\"Développement communautaire et économique\"",
        ))
        .unwrap();
    assert_eq!(short_ids(&r), ["003"]);
}

#[test]
fn counts_are_disjunctive() {
    let e = corpus_engine();
    let r = e
        .search(&SearchRequest::new("").filter("region", "Afrique"))
        .unwrap();
    assert_eq!(r.total, 1);
    // the region facet ignores the region filter: the alternatives stay visible
    assert_eq!(count(&r, "region", "Asie et Océanie"), 4);
    assert_eq!(count(&r, "region", "Afrique"), 1);
    // other facets are counted over the filtered matches
    assert_eq!(count(&r, "kind", "project"), 1);
    assert_eq!(count(&r, "kind", "news"), 0);
    let r = e
        .search(
            &SearchRequest::new("migration")
                .filter("region", "Afrique")
                .filter("kind", "project"),
        )
        .unwrap();
    assert_eq!(count(&r, "kind", "project"), 1);
    assert_eq!(
        count(&r, "region", "Asie et Océanie"),
        2,
        "projects about migration in Asia"
    );
}

#[test]
fn unknown_values_list_the_valid_ones() {
    let e = corpus_engine();
    match e.search(&SearchRequest::new("").filter("region", "Antarctique")) {
        Err(Error::UnknownFacetValue { facet, valid, .. }) => {
            assert_eq!(facet, "region");
            assert_eq!(valid, ["Afrique", "Asie et Océanie"]);
        }
        other => panic!("{other:?}"),
    }
    match e.search(&SearchRequest::new("").filter("budget", "1-2")) {
        Err(Error::UnknownFacetValue { valid, .. }) => assert_eq!(valid.len(), 5),
        other => panic!("{other:?}"),
    }
    match e.search(&SearchRequest::new("").filter("status", "Acheve X")) {
        Err(e @ Error::UnknownFacetValue { .. }) => {
            assert!(e.to_string().contains("did you mean `Achevé`"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        e.search(&SearchRequest::new("").filter("colour", "x")),
        Err(Error::UnknownFacet { .. })
    ));
    assert!(matches!(
        e.search(&SearchRequest::new("year:abc")),
        Err(Error::InvalidValue { .. })
    ));
    assert!(e
        .search(&SearchRequest::new("").filter("region", "x"))
        .unwrap_err()
        .is_usage());
}

#[test]
fn browse_sorts_by_year_then_id() {
    let e = corpus_engine();
    let r = e.search(&SearchRequest::new("")).unwrap();
    assert_eq!(r.sort, SortBy::Year);
    assert_eq!(
        short_ids(&r),
        ["001", "003", "000", "002", "004"],
        "2024, 2024, 2019, then no year; ties by id"
    );
    let r = e
        .search(&SearchRequest::new("").sort(SortBy::Year, true))
        .unwrap();
    assert_eq!(short_ids(&r), ["000", "001", "003", "002", "004"]);
    let r = e
        .search(&SearchRequest::new("").sort(SortBy::Budget, false))
        .unwrap();
    assert_eq!(short_ids(&r), ["003", "001", "000", "002", "004"]);
    let r = e
        .search(
            &SearchRequest::new("")
                .sort(SortBy::Budget, true)
                .limit(2)
                .offset(1),
        )
        .unwrap();
    assert_eq!(short_ids(&r), ["001", "003"]);
}

#[test]
fn fixture_counts_match_the_pages() {
    let e = fixtures_engine();
    let all = e.search(&SearchRequest::new("").limit(100)).unwrap();
    assert!(all.total >= 44);
    // recount every facet from the documents themselves
    let mut expected: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>> =
        Default::default();
    for hit in &all.hits {
        let doc = e.get(&hit.id).unwrap().unwrap();
        let mut add = |facet: &str, value: String| {
            *expected
                .entry(facet.into())
                .or_default()
                .entry(value)
                .or_default() += 1
        };
        doc.region
            .clone()
            .into_iter()
            .for_each(|v| add("region", v));
        doc.project_type
            .clone()
            .into_iter()
            .for_each(|v| add("type", v));
        doc.budget_bucket()
            .into_iter()
            .for_each(|v| add("budget", v.into()));
        doc.countries.iter().for_each(|v| add("country", v.clone()));
        doc.status
            .clone()
            .into_iter()
            .for_each(|v| add("status", v));
        doc.coverage
            .clone()
            .into_iter()
            .for_each(|v| add("coverage", v));
        doc.facet_year()
            .into_iter()
            .for_each(|v| add("year", v.to_string()));
        add("kind", doc.kind.as_str().into());
    }
    for (facet, values) in &expected {
        assert_eq!(&all.facets[facet], values, "facet {facet}");
    }
    assert!(
        all.facets["region"].len() >= 6,
        "{:?}",
        all.facets["region"]
    );
    // an AND across facets and OR within one, checked against the documents
    let r = e
        .search(
            &SearchRequest::new("")
                .filter("region", "Afrique")
                .filter("region", "Europe")
                .filter("kind", "project")
                .limit(100),
        )
        .unwrap();
    let manual = all
        .hits
        .iter()
        .filter(|h| {
            matches!(h.region.as_deref(), Some("Afrique") | Some("Europe"))
                && h.kind == oim_search::Kind::Project
        })
        .count();
    assert_eq!(r.total, manual);
}

#[test]
fn warmed_up_counts_equal_column_counts() {
    let index = TempIndex::build(&fixture("relevance"));
    let queries = [
        "",
        "migration",
        "frontières region:Afrique",
        "santé kind:news",
        "diaspora budget:0-50000",
    ];
    let counts = || -> Vec<_> {
        queries
            .iter()
            .map(|q| {
                let request = SearchRequest::new(*q).filter("status", "Achevé");
                index.engine.search(&request).unwrap().facets
            })
            .collect()
    };
    let before = counts();
    let all_before = index.engine.facets().unwrap();
    index.engine.warm_up().unwrap();
    assert_eq!(before, counts());
    assert_eq!(all_before, index.engine.facets().unwrap());
}

#[test]
fn warmed_up_counts_hold_for_many_values_and_segments() {
    // 300 project types (more than a dense row byte holds) over several
    // commits (several segments), plus documents with many countries
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    for batch in 0..3 {
        for i in 0..100 {
            let n = batch * 100 + i;
            engine
                .add(oim_search::Document {
                    id: format!("d{n:03}"),
                    title: "Migration".into(),
                    body: "Appui à la migration.".into(),
                    project_type: Some(format!("Type {}", n % 300)),
                    countries: ["Mali", "Niger", "Tchad", "Soudan"][..1 + n % 4]
                        .iter()
                        .map(|c| c.to_string())
                        .collect(),
                    ..Default::default()
                })
                .unwrap();
        }
        engine.commit().unwrap();
    }
    let request = SearchRequest::new("migration");
    let before = engine.search(&request).unwrap().facets;
    engine.warm_up().unwrap();
    let after = engine.search(&request).unwrap().facets;
    assert_eq!(before, after);
    assert_eq!(after["type"].len(), 300);
    assert_eq!(after["type"]["Type 299"], 1);
    assert_eq!(after["country"]["Mali"], 300);
    assert_eq!(after["country"]["Soudan"], 75);
}
