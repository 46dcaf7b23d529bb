//! Embedding oim-search: index documents built in code, search them with a
//! filter, read the facet counts, update and delete.
//!
//! Run with `cargo run --example embed`.

use oim_search::{Document, Engine, Facet, SearchRequest, SortBy, SortOrder};

fn main() -> Result<(), oim_search::Error> {
    // 1. An index in a temporary folder (any path works).
    let dir = std::env::temp_dir().join(format!("oim-search-embed-{}", std::process::id()));
    let engine = Engine::create(&dir)?;

    // 2. Documents built in code are analysed exactly like corpus pages:
    //    countries in any spelling become canonical, the region is inferred.
    let documents = [
        (
            "np-1",
            "Migration de main-d’œuvre au Népal",
            "Les travailleurs népalais partent vers les pays du Golfe.",
            vec!["Nepal"],
            120_000.0,
        ),
        (
            "ls-1",
            "Mobilisation de la diaspora basotho",
            "Le Gouvernement du Lesotho renforce ses liens avec la diaspora.",
            vec!["Lesotho"],
            200_000.0,
        ),
        (
            "kg-1",
            "Politique migratoire nationale",
            "L’OIM aide le Gouvernement à rédiger une politique migratoire.",
            vec!["Kyrgyzstan"],
            37_887.0,
        ),
    ];
    for (id, title, body, countries, budget) in documents {
        engine.add(Document {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            countries: countries.into_iter().map(String::from).collect(),
            budget_usd: Some(budget),
            ..Document::default()
        })?;
    }
    engine.commit()?;

    // 3. Search: accents, case, demonyms and typos are handled.
    for query in [
        "travailleurs nepalais",
        "diaspora lesotho",
        "politique kirghize",
        "migratiom",
    ] {
        let results = engine.search(&SearchRequest::new(query))?;
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        println!(
            "{query:<24} -> {ids:?} corrections={:?} expansions={:?}",
            results.corrections, results.expansions
        );
    }

    // 4. Filters and facet counts.
    let asia = engine.search(
        &SearchRequest::new("")
            .filter(Facet::Region, "asie et oceanie")
            .sort(SortBy::Budget, SortOrder::Desc),
    )?;
    println!(
        "Asie et Océanie by budget: {:?}",
        asia.hits
            .iter()
            .map(|h| (&h.id, h.metadata.budget_usd))
            .collect::<Vec<_>>()
    );
    println!(
        "region counts (disjunctive): {:?}",
        asia.facets[Facet::Region]
    );

    // 5. Update and delete, then commit: later searches see the change.
    engine.delete("np-1")?;
    engine.commit()?;
    println!("after delete: {} documents", engine.num_docs());

    drop(engine);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
