//! Criterion benchmarks: analyzer throughput, page parsing, and query latency
//! by query shape on a generated index. `cargo bench`; the side-by-side
//! comparison with other engines is `../shared/bench/peers.py` (README).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oim_search::{analyze, parse_page, Engine, EngineBuilder, Facet, MatchMode, SearchRequest};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture pages and the real pages, as text.
fn pages() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["corpus", "tests/fixtures/relevance"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        out.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    out
}

/// A corpus of `n` pages made from the fixtures (each page repeated with a
/// numbered sentence so documents differ), indexed once.
fn generated_index(dir: &Path, n: usize) -> Engine {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let pages = pages();
    for i in 0..n {
        let text = format!(
            "{}\nParagraphe complémentaire numéro {i} sur la migration.",
            pages[i % pages.len()]
        );
        std::fs::write(corpus.join(format!("g{i:06}.txt")), text).unwrap();
    }
    let engine = EngineBuilder::new(dir.join("index")).create().unwrap();
    engine.index_corpus(&corpus).unwrap();
    engine.warm_up().unwrap();
    engine
}

fn analyzer(c: &mut Criterion) {
    let text = pages().join("\n");
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("french_analyzer", |b| b.iter(|| analyze(&text).len()));
    group.finish();
}

fn parsing(c: &mut Criterion) {
    let pages = pages();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("parse_page", |b| {
        b.iter(|| {
            pages
                .iter()
                .filter(|p| parse_page("bench", p).is_ok())
                .count()
        })
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let engine = generated_index(dir.path(), 5_000);
    let shapes = [
        ("single_word", SearchRequest::new("frontières")),
        (
            "multi_word",
            SearchRequest::new("diaspora développement Lesotho"),
        ),
        ("phrase", SearchRequest::new("\"gestion des migrations\"")),
        ("typo", SearchRequest::new("migrasion")),
        (
            "filtered",
            SearchRequest::new("migration")
                .filter(Facet::Region, "Afrique")
                .filter(Facet::Kind, "project"),
        ),
        (
            "browse_facets",
            SearchRequest::new("").filter(Facet::Region, "Asie et Océanie"),
        ),
    ];
    bench_shapes(&engine, c, "query", shapes);

    // The shapes of the coverage-first model: each concept can widen to a
    // family, synonyms or a region's countries, and `auto` ORs the concepts,
    // so these touch more postings than the AND queries above.
    let concepts = [
        (
            "question_fr",
            SearchRequest::new(
                "Quels projets soutiennent la réintégration des migrants de retour en Arménie ?",
            ),
        ),
        (
            // "quokka" is in no page: auto drops it (and names it) instead of
            // answering nothing, after typo correction has looked for it.
            "long_absent_word",
            SearchRequest::new(
                "renforcement des capacités pour la gestion des frontières \
                 et la lutte contre la traite quokka",
            ),
        ),
        ("synonym", SearchRequest::new("passeurs Niger")),
        ("region_concept", SearchRequest::new("trafic Sahel")),
        ("english", SearchRequest::new("border management")),
    ];
    bench_shapes(&engine, c, "concepts", concepts);

    // One three-concept query under each way of combining concepts.
    let query = "diaspora développement Lesotho";
    let modes = [
        ("match_auto", MatchMode::Auto),
        ("match_all", MatchMode::All),
        ("match_any", MatchMode::Any),
    ]
    .map(|(name, mode)| (name, SearchRequest::new(query).match_mode(mode)));
    bench_shapes(&engine, c, "match_mode", modes);

    // The aggregates (budget total, per-year and per-facet-value sums) ride
    // on the facet-count pass: the same searches with them on (the default)
    // and off, to show what they cost.
    let filtered = || SearchRequest::new("migration").filter(Facet::Region, "Afrique");
    let aggregates = [
        ("browse_on", SearchRequest::new("")),
        ("browse_off", SearchRequest::new("").aggregates(false)),
        ("filtered_on", filtered()),
        ("filtered_off", filtered().aggregates(false)),
    ];
    bench_shapes(&engine, c, "aggregates", aggregates);
}

/// One benchmark per named request in `group`, each a full search (total,
/// facet counts, 10 snippets) on `engine`.
fn bench_shapes<const N: usize>(
    engine: &Engine,
    c: &mut Criterion,
    group: &str,
    shapes: [(&str, SearchRequest); N],
) {
    let mut group = c.benchmark_group(group);
    for (name, request) in shapes {
        group.bench_function(name, |b| {
            b.iter_batched(
                || request.clone(),
                |r| engine.search(&r).unwrap().total,
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, analyzer, parsing, queries);
criterion_main!(benches);
