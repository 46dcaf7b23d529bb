//! The OpenSearch backend against a real two-node cluster (started by
//! tests/opensearch/run.sh): the same analysis, relevance within 0.03 nDCG@10
//! and 90 % top-1 agreement on both judged sets, identical browse counts and
//! budgets, identical totals over phrases, exclusions, filters, typos and
//! synonyms, and incremental pushes. Skipped, and said so, without a cluster.

mod common;

use oim_search::eval::{evaluate, read_judgements, EvalReport};
use oim_search::{analyze, Facet, SearchBackend, SearchRequest};
use serde_json::json;

use common::{cluster_url, fixture, push_fixture, Pushed};

/// (term, position) pairs of OpenSearch's `_analyze` tokens.
fn analysed(p: &Pushed, index: &str, body: serde_json::Value) -> Vec<(String, usize)> {
    let answer =
        p.os.cluster()
            .call("POST", &format!("/{index}/_analyze"), Some(&body))
            .unwrap();
    answer["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["token"].as_str().unwrap().to_string(),
                t["position"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[test]
fn the_matched_fields_hold_the_core_terms_and_the_chain_differs_only_in_stems() {
    let Some(url) =
        cluster_url("the_matched_fields_hold_the_core_terms_and_the_chain_differs_only_in_stems")
    else {
        return;
    };
    let index = "oim-test-analysis";
    let p = push_fixture(&url, "relevance", index);
    let (mut lines, mut stems_differ, mut terms, mut terms_differ) = (0, 0, 0, 0);
    for entry in std::fs::read_dir(fixture("relevance")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let doc = p.os.get(&id).unwrap().unwrap();
        // the body field as indexed (term vectors of the stored page)
        let vectors = p
            .os
            .cluster()
            .call("GET", &format!("/{index}/_termvectors/{id}?fields=body&positions=true&offsets=false&term_statistics=false&field_statistics=false"), None)
            .unwrap();
        let mut indexed: Vec<(String, usize)> = Vec::new();
        for (term, info) in vectors["term_vectors"]["body"]["terms"]
            .as_object()
            .into_iter()
            .flatten()
        {
            for t in info["tokens"].as_array().unwrap() {
                indexed.push((term.clone(), t["position"].as_u64().unwrap() as usize));
            }
        }
        indexed.sort_by_key(|(_, at)| *at);
        let core: Vec<(String, usize)> = analyze(&doc.body)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect();
        assert_eq!(indexed, core, "{id}: the indexed body terms are the core's");
        // the page's words through OpenSearch's own chain: same words and
        // positions (tokenizer, elision, folding, stop words), stems aside
        for line in doc.body.lines().filter(|l| !l.trim().is_empty()) {
            let core: Vec<(String, usize)> = analyze(line)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            let theirs = analysed(&p, index, json!({ "analyzer": "oim_french", "text": line }));
            let positions = |v: &[(String, usize)]| v.iter().map(|(_, at)| *at).collect::<Vec<_>>();
            assert_eq!(
                positions(&theirs),
                positions(&core),
                "{line:?}: {core:?} / {theirs:?}"
            );
            lines += 1;
            terms += core.len();
            let differ = core.iter().zip(&theirs).filter(|(a, b)| a.0 != b.0).count();
            terms_differ += differ;
            stems_differ += usize::from(differ > 0);
        }
    }
    eprintln!(
        "analysis: OpenSearch's chain stems {terms_differ} of {terms} terms otherwise ({stems_differ} of {lines} lines); \
         the matched fields hold the core's terms"
    );
}

/// nDCG@10 and top-1 of both backends on a judged set, and the share of
/// queries whose first hit is the same.
fn compare_set(p: &Pushed, folder: &str) -> (EvalReport, EvalReport, f64) {
    let text = std::fs::read_to_string(fixture(folder).join("queries.jsonl")).unwrap();
    let judgements = read_judgements(&text).unwrap();
    let embedded = evaluate(&p.engine, &judgements).unwrap();
    let cluster = evaluate(&p.os, &judgements).unwrap();
    let same = embedded
        .queries
        .iter()
        .zip(&cluster.queries)
        .filter(|(a, b)| a.top == b.top)
        .count();
    let agreement = same as f64 / judgements.len() as f64;
    eprintln!(
        "{folder}: nDCG@10 embedded {:.3} opensearch {:.3}; top-1 accuracy embedded {:.3} opensearch {:.3}; top-1 agreement {:.3} ({same}/{})",
        embedded.ndcg_at_10,
        cluster.ndcg_at_10,
        embedded.top1_accuracy,
        cluster.top1_accuracy,
        agreement,
        judgements.len()
    );
    for (a, b) in embedded.queries.iter().zip(&cluster.queries) {
        if a.top != b.top {
            eprintln!("  {:?}: embedded {:?}, opensearch {:?}", a.q, a.top, b.top);
        }
    }
    (embedded, cluster, agreement)
}

#[test]
fn relevance_matches_the_embedded_engine_on_both_judged_sets() {
    let Some(url) = cluster_url("relevance_matches_the_embedded_engine_on_both_judged_sets") else {
        return;
    };
    for (folder, index) in [
        ("relevance", "oim-test-relevance"),
        ("relevance-hard", "oim-test-hard"),
    ] {
        let p = push_fixture(&url, folder, index);
        let (embedded, cluster, agreement) = compare_set(&p, folder);
        assert!(
            (embedded.ndcg_at_10 - cluster.ndcg_at_10).abs() <= 0.03,
            "{folder}: nDCG@10 {:.3} through OpenSearch, {:.3} embedded",
            cluster.ndcg_at_10,
            embedded.ndcg_at_10
        );
        assert!(
            agreement >= 0.90,
            "{folder}: top-1 agreement {agreement:.3}"
        );
    }
}

#[test]
fn browse_counts_and_budgets_are_identical() {
    let Some(url) = cluster_url("browse_counts_and_budgets_are_identical") else {
        return;
    };
    let p = push_fixture(&url, "relevance-hard", "oim-test-browse");
    let request = SearchRequest::new("");
    let embedded = p.engine.search(&request).unwrap();
    let cluster = p.os.search(&request).unwrap();
    assert_eq!(cluster.total, embedded.total);
    assert_eq!(cluster.facets, embedded.facets);
    assert_eq!(cluster.aggregates, embedded.aggregates);
    assert_eq!(p.os.facets().unwrap(), p.engine.facets().unwrap());
    // a filtered browse: disjunctive counts for the filtered facet
    let region = embedded.facets[Facet::Region]
        .keys()
        .next()
        .unwrap()
        .clone();
    let filtered = SearchRequest::new("").filter(Facet::Region, region);
    let embedded = p.engine.search(&filtered).unwrap();
    let cluster = p.os.search(&filtered).unwrap();
    assert_eq!(cluster.total, embedded.total);
    assert_eq!(cluster.facets, embedded.facets);
    assert_eq!(cluster.aggregates, embedded.aggregates);
}

/// Queries covering phrases, exclusions, filters, typos, synonyms, regions,
/// demonyms, dropped words and the match modes.
fn totals_requests() -> Vec<SearchRequest> {
    let mut requests: Vec<SearchRequest> = [
        "diaspora",
        "diaspora Lesotho",
        "\"gestion des frontières\"",
        "\"diaspora basotho\"",
        "migration -Lesotho",
        "diaspora -\"Lesotho\"",
        "migrasion",
        "diasporra lesotho",
        "passeurs",
        "OIM",
        "traite des personnes",
        "Asie centrale",
        "basotho",
        "frontières xylophone",
        "migration region:afrique",
        "retour des travailleurs migrants",
        "Quels projets pour la diaspora ?",
    ]
    .iter()
    .map(|q| SearchRequest::new(*q))
    .collect();
    requests.push(SearchRequest::new("migration").filter(Facet::Kind, "project"));
    requests.push(SearchRequest::new("frontières").year_range(Some(2015), Some(2021)));
    requests.push(SearchRequest::new("diaspora").budget_range(Some(100_000.0), None));
    let mut all = SearchRequest::new("diaspora Lesotho xylophone");
    all.match_mode = oim_search::MatchMode::All;
    requests.push(all);
    let mut any = SearchRequest::new("diaspora Lesotho");
    any.match_mode = oim_search::MatchMode::Any;
    requests.push(any);
    requests
}

#[test]
fn totals_are_identical_across_query_kinds() {
    let Some(url) = cluster_url("totals_are_identical_across_query_kinds") else {
        return;
    };
    let p = push_fixture(&url, "relevance-hard", "oim-test-totals");
    let mut differing = Vec::new();
    for request in totals_requests() {
        let embedded = p.engine.search(&request).unwrap();
        let cluster = p.os.search(&request).unwrap();
        let seen = |r: &oim_search::SearchResults| {
            (
                r.total,
                r.partial_total,
                r.counted,
                r.missing_concepts.clone(),
            )
        };
        eprintln!(
            "{:?} {:?}: total {} / {}, partial {} / {}",
            request.query,
            request.match_mode,
            embedded.total,
            cluster.total,
            embedded.partial_total,
            cluster.partial_total
        );
        if seen(&embedded) != seen(&cluster) || embedded.facets != cluster.facets {
            differing.push(request.query.clone());
        }
    }
    assert!(
        differing.is_empty(),
        "totals or facet counts differ for {differing:?}"
    );
}

#[test]
fn pushes_are_incremental_by_page_hash() {
    let Some(url) = cluster_url("pushes_are_incremental_by_page_hash") else {
        return;
    };
    let corpus = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("relevance")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            std::fs::copy(&path, corpus.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let p = push_fixture(&url, "relevance", "oim-test-incremental");
    let again = p.os.push(corpus.path(), Default::default()).unwrap();
    assert_eq!((again.indexed, again.deleted), (0, 0));
    assert_eq!(again.unchanged as u64, p.engine.num_docs());
    std::fs::write(
        corpus.path().join("r001_lesotho_diaspora.txt"),
        "Nouveau titre\n\nUn texte neuf sur la diaspora.",
    )
    .unwrap();
    std::fs::remove_file(corpus.path().join("r002_eswatini_diaspora.txt")).unwrap();
    std::fs::write(corpus.path().join("broken.txt"), "").unwrap();
    let changed = p.os.push(corpus.path(), Default::default()).unwrap();
    assert_eq!((changed.indexed, changed.deleted), (1, 1));
    assert_eq!(changed.unreadable.len(), 1, "the empty page is reported");
    assert_eq!(
        p.os.get("r001_lesotho_diaspora").unwrap().unwrap().title,
        "Nouveau titre"
    );
    assert!(p.os.get("r002_eswatini_diaspora").unwrap().is_none());
    // a folder that lost most of its pages: refused, as `index` refuses
    let few = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus.path().join("r001_lesotho_diaspora.txt"),
        few.path().join("r001_lesotho_diaspora.txt"),
    )
    .unwrap();
    let refused = p.os.push(few.path(), Default::default()).unwrap_err();
    assert!(
        matches!(refused, oim_search::Error::RemovalRefused { .. }),
        "{refused}"
    );
    assert!(
        p.os.get("r003_kirghizistan_politique_migratoire")
            .unwrap()
            .is_some(),
        "nothing deleted"
    );
}
