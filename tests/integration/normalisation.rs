//! Issue 25, item 7: the normalisation list has one entry point, so a query
//! typed decomposed (NFD) or with any apostrophe of the one set gets the
//! same hits, export rows, highlights and query plan as the composed query
//! typed with `’`; and pages written with any apostrophe are found by it.

use oim_search::{
    CsvDialect, CsvWriter, DocumentHighlights, Engine, PlanNode, RowWriter, SearchRequest,
    APOSTROPHES,
};
use unicode_normalization::UnicodeNormalization;

/// What a query gets through each of the engine's read paths.
#[derive(Debug, PartialEq)]
struct Answer {
    /// The hits as JSON (ids, scores, snippets and their highlights).
    hits: serde_json::Value,
    /// Every exported row, as CSV.
    rows: String,
    /// The highlights in each page of the index.
    highlights: Vec<DocumentHighlights>,
    /// What each concept of the query matches (its label keeps the words
    /// as typed).
    plan: Vec<(PlanNode, bool, bool)>,
}

fn answer(engine: &Engine, query: &str) -> Answer {
    let request = SearchRequest::new(query);
    let results = engine.search(&request).unwrap();
    let mut csv = Vec::new();
    let mut writer = CsvWriter::new(&mut csv, CsvDialect::Rfc4180).unwrap();
    engine.export(&request, &mut writer).unwrap();
    writer.finish().unwrap();
    drop(writer);
    let highlights = ["a", "b", "c"]
        .map(|id| engine.highlights(query, &engine.get(id).unwrap().unwrap()))
        .to_vec();
    let plan = engine.query_plan(&request).unwrap();
    Answer {
        hits: serde_json::to_value(&results.hits).unwrap(),
        rows: String::from_utf8(csv).unwrap(),
        highlights,
        plan: plan
            .concepts
            .into_iter()
            .map(|c| (c.node, c.common, c.matched))
            .collect(),
    }
}

#[test]
fn decomposed_queries_and_every_apostrophe_answer_like_the_composed_query() {
    let (_dir, engine) = crate::engine_with([
        crate::doc(
            "a",
            "Côte d’Ivoire : les réfugiés aujourd’hui",
            "Aujourd’hui, l’OIM aide les réfugiés de Côte d’Ivoire.",
        ),
        // the page writes the apostrophes other ways
        crate::doc(
            "b",
            "Migration de main-d'œuvre",
            "Les réfugiés d\u{2bc}aujourd\u{2bc}hui en Côte d`Ivoire.",
        ),
        crate::doc("c", "Santé", "Des soins aux réfugiés."),
    ]);
    for composed in [
        "réfugiés aujourd’hui",
        "Côte d’Ivoire",
        "\"réfugiés d’aujourd’hui\"",
        "\"main-d’œuvre\" Migration réfugiée",
        "l’OIM réfugiés",
    ] {
        let expected = answer(&engine, composed);
        assert!(expected.rows.lines().count() > 1, "{composed}: rows");
        let decomposed: String = composed.nfd().collect();
        assert_ne!(decomposed, composed);
        let mut variants = vec![decomposed.clone()];
        for apostrophe in APOSTROPHES {
            variants.push(composed.replace('’', &apostrophe.to_string()));
            variants.push(decomposed.replace('’', &apostrophe.to_string()));
        }
        for variant in variants {
            assert_eq!(
                answer(&engine, &variant),
                expected,
                "{variant:?} vs {composed:?}"
            );
        }
    }
    // the page written with `ʼ` and the backtick is found by the query with `’`
    let ids = crate::search_ids(&engine, SearchRequest::new("aujourd’hui"));
    assert_eq!(ids, ["a", "b"]);
    let ids = crate::search_ids(&engine, SearchRequest::new("\"Côte d’Ivoire\""));
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn an_id_typed_decomposed_gets_the_page() {
    let (_dir, engine) = crate::engine_with([crate::doc("côte-1", "Côte d’Ivoire", "Un texte.")]);
    let page = engine.get("co\u{302}te-1").unwrap().unwrap();
    assert_eq!(page.id, "côte-1");
    assert!(engine.get("cote-1").unwrap().is_none());
}
