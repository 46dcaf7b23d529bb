//! Facet filters and counts on the real corpus and on the 48-page fixture set.

use std::sync::OnceLock;

use crate::{corpus_engine, fixture, short_ids, TempIndex};
use oim_search::{Engine, Error, Facet, SearchRequest, SortBy, SortOrder};

fn fixtures_engine() -> &'static Engine {
    static INDEX: OnceLock<TempIndex> = OnceLock::new();
    &INDEX
        .get_or_init(|| TempIndex::build(&fixture("relevance")))
        .engine
}

fn count(r: &oim_search::SearchResults, facet: Facet, value: &str) -> u64 {
    r.facets[facet].get(value).copied().unwrap_or(0)
}

#[test]
fn corpus_facet_counts_are_exact() {
    let f = corpus_engine().facets().unwrap();
    assert_eq!(f[Facet::Kind]["project"], 3);
    assert_eq!(f[Facet::Kind]["news"], 2);
    assert_eq!(
        f[Facet::Region]["Asie et Océanie"],
        4,
        "000, 001 and the two inferred news"
    );
    assert_eq!(f[Facet::Region]["Afrique"], 1);
    assert_eq!(f[Facet::Type]["Activités de politique migratoire"], 2);
    assert_eq!(
        f[Facet::Type]["Développement communautaire et économique"],
        1
    );
    assert_eq!(f[Facet::Budget]["0-50000"], 1);
    assert_eq!(f[Facet::Budget]["100000-200000"], 1);
    assert_eq!(f[Facet::Budget]["200000-300000"], 1);
    assert_eq!(f[Facet::Budget].len(), 3);
    assert_eq!(f[Facet::Status]["Achevé"], 3);
    assert_eq!(f[Facet::Coverage]["National"], 2);
    assert_eq!(f[Facet::Coverage]["Regional"], 1);
    assert_eq!(f[Facet::Year]["2019"], 1);
    assert_eq!(f[Facet::Year]["2024"], 2);
    assert_eq!(f[Facet::Country]["Lesotho"], 1);
    assert_eq!(f[Facet::Country]["Kirghizistan"], 2, "000 and the news 002");
    assert_eq!(f[Facet::Country]["Tadjikistan"], 2, "both news");
    assert_eq!(f[Facet::Country]["Pakistan"], 2);
}

#[test]
fn news_regions_are_inferred() {
    let r = corpus_engine()
        .search(&SearchRequest::new("").filter(Facet::Kind, "news"))
        .unwrap();
    assert_eq!(r.total, 2);
    for hit in &r.hits {
        assert_eq!(
            hit.metadata.region.as_deref(),
            Some("Asie et Océanie"),
            "{}",
            hit.id
        );
        assert!(hit.metadata.region_inferred);
    }
    let r = corpus_engine()
        .search(&SearchRequest::new("").filter(Facet::Kind, "project"))
        .unwrap();
    assert!(r.hits.iter().all(|h| !h.metadata.region_inferred));
}

#[test]
fn each_filter_alone() {
    let e = corpus_engine();
    let run = |facet: Facet, value: &str| {
        let mut ids = short_ids(
            &e.search(&SearchRequest::new("").filter(facet, value))
                .unwrap(),
        );
        ids.sort();
        ids
    };
    assert_eq!(
        run(Facet::Region, "asie et oceanie"),
        ["000", "001", "002", "004"]
    );
    assert_eq!(run(Facet::Region, "AFRIQUE"), ["003"]);
    assert_eq!(
        run(Facet::Type, "activites de politique migratoire"),
        ["000", "001"]
    );
    assert_eq!(run(Facet::Budget, "100000-200000"), ["001"]);
    assert_eq!(run(Facet::Country, "Lesotho"), ["003"]);
    assert_eq!(
        run(Facet::Country, "Kyrgyzstan"),
        ["000", "002"],
        "English name of a country"
    );
    assert_eq!(run(Facet::Status, "acheve"), ["000", "001", "003"]);
    assert_eq!(run(Facet::Coverage, "regional"), ["001"]);
    assert_eq!(run(Facet::Year, "2024"), ["001", "003"]);
    assert_eq!(run(Facet::Kind, "news"), ["002", "004"]);
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
                .filter(Facet::Region, "Afrique")
                .filter(Facet::Region, "Asie et Océanie")
                .filter(Facet::Kind, "project"),
        )
        .unwrap();
    let mut ids = short_ids(&r);
    ids.sort();
    assert_eq!(ids, ["000", "001", "003"]);
    let r = e
        .search(
            &SearchRequest::new("migration")
                .filter(Facet::Region, "Asie et Océanie")
                .filter(Facet::Budget, "0-50000"),
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
        .search(&SearchRequest::new("").filter(Facet::Region, "Afrique"))
        .unwrap();
    assert_eq!(r.total, 1);
    // the region facet ignores the region filter: the alternatives stay visible
    assert_eq!(count(&r, Facet::Region, "Asie et Océanie"), 4);
    assert_eq!(count(&r, Facet::Region, "Afrique"), 1);
    // other facets are counted over the filtered matches
    assert_eq!(count(&r, Facet::Kind, "project"), 1);
    assert_eq!(count(&r, Facet::Kind, "news"), 0);
    let r = e
        .search(
            &SearchRequest::new("migration")
                .filter(Facet::Region, "Afrique")
                .filter(Facet::Kind, "project"),
        )
        .unwrap();
    assert_eq!(count(&r, Facet::Kind, "project"), 1);
    assert_eq!(
        count(&r, Facet::Region, "Asie et Océanie"),
        2,
        "projects about migration in Asia"
    );
}

#[test]
fn unknown_values_list_the_valid_ones() {
    let e = corpus_engine();
    match e.search(&SearchRequest::new("").filter(Facet::Region, "Antarctique")) {
        Err(Error::UnknownFacetValue { facet, valid, .. }) => {
            assert_eq!(facet, Facet::Region);
            assert_eq!(valid, ["Afrique", "Asie et Océanie"]);
        }
        other => panic!("{other:?}"),
    }
    match e.search(&SearchRequest::new("").filter(Facet::Budget, "1-2")) {
        Err(Error::UnknownFacetValue { valid, .. }) => assert_eq!(valid.len(), 5),
        other => panic!("{other:?}"),
    }
    match e.search(&SearchRequest::new("").filter(Facet::Status, "Acheve X")) {
        Err(e @ Error::UnknownFacetValue { .. }) => {
            assert!(e.to_string().contains("did you mean `Achevé`"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        "colour".parse::<Facet>().map_err(Error::from),
        Err(Error::UnknownFacet { .. })
    ));
    assert!(matches!(
        e.search(&SearchRequest::new("year:abc")),
        Err(Error::InvalidParam {
            param: oim_search::Param::Facet(Facet::Year),
            ..
        })
    ));
    assert!(e
        .search(&SearchRequest::new("").filter(Facet::Region, "x"))
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
        .search(&SearchRequest::new("").sort(SortBy::Year, SortOrder::Asc))
        .unwrap();
    assert_eq!(short_ids(&r), ["000", "001", "003", "002", "004"]);
    let r = e
        .search(&SearchRequest::new("").sort(SortBy::Budget, SortOrder::Desc))
        .unwrap();
    assert_eq!(short_ids(&r), ["003", "001", "000", "002", "004"]);
    let r = e
        .search(
            &SearchRequest::new("")
                .sort(SortBy::Budget, SortOrder::Asc)
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
        let typed: Facet = facet.parse().unwrap();
        assert_eq!(&all.facets[typed], values, "facet {facet}");
    }
    assert!(
        all.facets[Facet::Region].len() >= 6,
        "{:?}",
        all.facets[Facet::Region]
    );
    // an AND across facets and OR within one, checked against the documents
    let r = e
        .search(
            &SearchRequest::new("")
                .filter(Facet::Region, "Afrique")
                .filter(Facet::Region, "Europe")
                .filter(Facet::Kind, "project")
                .limit(100),
        )
        .unwrap();
    let manual = all
        .hits
        .iter()
        .filter(|h| {
            matches!(
                h.metadata.region.as_deref(),
                Some("Afrique") | Some("Europe")
            ) && h.kind == oim_search::Kind::Project
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
                let request = SearchRequest::new(*q).filter(Facet::Status, "Achevé");
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
    assert_eq!(after[Facet::Type].len(), 300);
    assert_eq!(after[Facet::Type]["Type 299"], 1);
    assert_eq!(after[Facet::Country]["Mali"], 300);
    assert_eq!(after[Facet::Country]["Soudan"], 75);
}
