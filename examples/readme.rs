//! The library example of README.md ("Use as a library"), word for word:
//! `cargo test` builds it, so the README's code compiles, and
//! tests/integration/readme checks that the README shows the code between
//! the two markers below (less its indentation) after the `use` line.
//!
//! It reads `./corpus` and writes `./my-index`: run it from a scratch copy
//! of the repository (`cargo run --example readme`), not from a checkout you
//! keep clean.

use oim_search::{Document, Engine, Facet, SearchRequest, SortBy, SortOrder};

// the README aligns its comments, which rustfmt would undo
#[rustfmt::skip]
fn main() -> Result<(), oim_search::Error> {
    // README example start
    let engine = Engine::create("my-index")?;             // or Engine::open, EngineBuilder for options
    let report = engine.index_corpus(std::path::Path::new("corpus"))?; // incremental, reports bad files
    println!("{} pages indexed, {} skipped", report.indexed, report.skipped.len());
    engine.add(Document {                                 // or documents built in code
        id: "np-1".into(),
        title: "Migration de main-d’œuvre au Népal".into(),
        body: "Les travailleurs népalais …".into(),
        countries: vec!["Nepal".into()],                  // any spelling; stored canonical (Népal)
        budget_usd: Some(120_000.0),
        ..Document::default()
    })?;
    engine.commit()?;                                     // atomic; searches after it see the document

    let results = engine.search(
        &SearchRequest::new("travailleurs nepalais")
            .filter(Facet::Region, "asie et oceanie")     // any case, accents or not
            .sort(SortBy::Relevance, SortOrder::Desc)
            .limit(10),
    )?;
    for hit in &results.hits {
        println!("{} {} {:?}", hit.id, hit.title, hit.highlights);
    }
    let counts = engine.facets()?;                         // every facet value with its count
    println!("{:?}", counts[Facet::Region]);
    let doc = engine.get("np-1")?;                         // Option<Document>
    println!("{:?}", doc.map(|d| d.countries));
    engine.delete("np-1")?;
    engine.commit()?;
    // README example end
    Ok(())
}
