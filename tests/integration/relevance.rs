//! The three judged relevance sets: tests/fixtures/relevance (keyword-style
//! queries), tests/fixtures/relevance-hard (questions, long queries,
//! synonyms, word families, regions, English, misspelled pages, queries that
//! must find nothing) and tests/fixtures/relevance-reach (places the pages
//! never write, English field vocabulary, general words for specific terms). Their figures are printed on every `cargo test` and
//! must stay above thresholds that only ever go up.

use std::io::Write;

use oim_search::eval::{evaluate, read_judgements, EvalReport, Figures, Judgement};
use oim_search::SearchRequest;

use crate::{fixture, TempIndex};

/// Raise these as the engine improves; never lower them to pass.
const MIN_MRR: f64 = 0.98;
const MIN_NDCG_AT_10: f64 = 0.97;
const MIN_TOP1: f64 = 0.97;

/// The hard set's floors. Before issue 13's tuning the engine reached MRR
/// 0.599, nDCG@10 0.485, top-1 0.562, recall@10 0.471; after it, MRR 0.984,
/// nDCG@10 0.924, top-1 0.917, recall@10 0.936. Floors are the figures
/// reached, less 0.03; never lower them to pass.
const HARD_MIN_MRR: f64 = 0.95;
const HARD_MIN_NDCG_AT_10: f64 = 0.89;
const HARD_MIN_TOP1: f64 = 0.88;
const HARD_MIN_RECALL_AT_10: f64 = 0.90;
/// The hard set's nDCG@10 floor per category, set the same way (before
/// tuning: question 0.248, long 0, synonym 0.714, family 0.606, region 0.450,
/// english 0.144, typo_page 0.659, keyword 0.858, empty 1; after: question
/// 0.967, long 1, synonym 0.856, family 0.930, region 0.955, english 0.864,
/// typo_page 0.902, keyword 0.858, empty 1). `empty` stays at 1 because
/// words found only in the site menu must keep finding nothing.
const HARD_MIN_NDCG_BY_CATEGORY: &[(&str, f64)] = &[
    ("question", 0.93),
    ("long", 0.97),
    ("synonym", 0.82),
    ("family", 0.90),
    ("region", 0.92),
    ("english", 0.83),
    ("typo_page", 0.87),
    ("keyword", 0.82),
    ("empty", 1.0),
];

/// The reach set's floors (issue 31). Before issue 31's data (regions,
/// English rules, broader terms) the engine reached MRR 0.470, nDCG@10
/// 0.443, top-1 0.379, recall@10 0.489; after it, MRR 0.935, nDCG@10 0.898,
/// top-1 0.931, recall@10 0.914. Floors are the figures reached after, less
/// 0.03; never lower them to pass.
const REACH_MIN_MRR: f64 = 0.90;
const REACH_MIN_NDCG_AT_10: f64 = 0.86;
const REACH_MIN_TOP1: f64 = 0.90;
const REACH_MIN_RECALL_AT_10: f64 = 0.88;
/// The reach set's nDCG@10 floor per category, set the same way (before:
/// place 0.434, english 0.659, broader 0.170; after: place 0.837, english
/// 0.895, broader 0.976).
const REACH_MIN_NDCG_BY_CATEGORY: &[(&str, f64)] =
    &[("place", 0.80), ("english", 0.86), ("broader", 0.94)];

/// Builds the set's index, runs its judged queries and prints the figures.
fn run_set(folder: &str) -> (Vec<Judgement>, EvalReport) {
    let index = TempIndex::build(&fixture(folder));
    let text = std::fs::read_to_string(fixture(folder).join("queries.jsonl")).unwrap();
    let judgements = read_judgements(&text).unwrap();
    let report = evaluate(&index.engine, &judgements).unwrap();
    for q in report
        .queries
        .iter()
        .filter(|q| q.reciprocal_rank < 1.0 || q.top1_ok == Some(false))
    {
        println!(
            "  weak: {:<40} first relevant at {:?}, top {:?}",
            q.q, q.first_relevant_rank, q.top
        );
    }
    // written to stderr directly so `cargo test` shows it without --nocapture
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{folder}: {} queries, MRR {:.3}, nDCG@10 {:.3}, top-1 {:.3}, recall@10 {:.3}",
        report.queries.len(),
        report.mrr,
        report.ndcg_at_10,
        report.top1_accuracy,
        report.recall_at_10
    );
    for c in &report.categories {
        let f = &c.figures;
        let _ = writeln!(
            err,
            "  {:<10} {:>3} queries, MRR {:.3}, nDCG@10 {:.3}, top-1 {:.3} (of {}), recall@10 {:.3}",
            c.category, f.queries, f.mrr, f.ndcg_at_10, f.top1_accuracy, f.top1_judged, f.recall_at_10
        );
    }
    (judgements, report)
}

#[test]
fn judged_set_meets_thresholds() {
    let (judgements, report) = run_set("relevance");
    assert!(judgements.len() >= 40);
    assert!(report.mrr >= MIN_MRR, "MRR {:.3} < {MIN_MRR}", report.mrr);
    assert!(
        report.ndcg_at_10 >= MIN_NDCG_AT_10,
        "nDCG@10 {:.3} < {MIN_NDCG_AT_10}",
        report.ndcg_at_10
    );
    assert!(
        report.top1_accuracy >= MIN_TOP1,
        "top-1 {:.3} < {MIN_TOP1}",
        report.top1_accuracy
    );
}

#[test]
fn hard_set_meets_thresholds() {
    let (judgements, report) = run_set("relevance-hard");
    assert!(
        report.mrr >= HARD_MIN_MRR,
        "MRR {:.3} < {HARD_MIN_MRR}",
        report.mrr
    );
    assert!(
        report.ndcg_at_10 >= HARD_MIN_NDCG_AT_10,
        "nDCG@10 {:.3} < {HARD_MIN_NDCG_AT_10}",
        report.ndcg_at_10
    );
    assert!(
        report.top1_accuracy >= HARD_MIN_TOP1,
        "top-1 {:.3} < {HARD_MIN_TOP1}",
        report.top1_accuracy
    );
    assert!(
        report.recall_at_10 >= HARD_MIN_RECALL_AT_10,
        "recall@10 {:.3} < {HARD_MIN_RECALL_AT_10}",
        report.recall_at_10
    );
    let failing: Vec<String> = HARD_MIN_NDCG_BY_CATEGORY
        .iter()
        .filter_map(|(name, min)| {
            let figures: &Figures = report.category(name).expect("category in the set");
            (figures.ndcg_at_10 < *min)
                .then(|| format!("{name}: nDCG@10 {:.3} < {min}", figures.ndcg_at_10))
        })
        .collect();
    assert!(failing.is_empty(), "{failing:?}");
    assert_eq!(judgements.len(), report.queries.len());
}

/// The hard set is what issue 13 asks for: at least 40 pages and 60 queries,
/// every query categorised and explained, judged only against its own pages.
#[test]
fn hard_set_is_well_formed() {
    let folder = fixture("relevance-hard");
    let pages: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    assert!(pages.len() >= 40, "{} pages", pages.len());
    let text = std::fs::read_to_string(folder.join("queries.jsonl")).unwrap();
    let judgements = read_judgements(&text).unwrap();
    assert!(judgements.len() >= 60, "{} queries", judgements.len());
    for j in &judgements {
        let category = j.category.as_deref().unwrap_or_default();
        assert!(
            HARD_MIN_NDCG_BY_CATEGORY
                .iter()
                .any(|(c, _)| *c == category),
            "{}: unknown category {category:?}",
            j.q
        );
        assert!(
            j.note.as_deref().is_some_and(|n| !n.is_empty()),
            "{}: no note",
            j.q
        );
        assert_eq!(j.relevant.is_empty(), category == "empty", "{}", j.q);
        for id in j.relevant.iter().chain(&j.top1) {
            assert!(pages.contains(id), "{}: {id} is not a page of the set", j.q);
        }
    }
    for (category, _) in HARD_MIN_NDCG_BY_CATEGORY {
        let n = judgements
            .iter()
            .filter(|j| j.category.as_deref() == Some(category))
            .count();
        assert!(n >= 6, "{category}: {n} queries");
    }
}

#[test]
fn reach_set_meets_thresholds() {
    let (judgements, report) = run_set("relevance-reach");
    assert!(
        report.mrr >= REACH_MIN_MRR,
        "MRR {:.3} < {REACH_MIN_MRR}",
        report.mrr
    );
    assert!(
        report.ndcg_at_10 >= REACH_MIN_NDCG_AT_10,
        "nDCG@10 {:.3} < {REACH_MIN_NDCG_AT_10}",
        report.ndcg_at_10
    );
    assert!(
        report.top1_accuracy >= REACH_MIN_TOP1,
        "top-1 {:.3} < {REACH_MIN_TOP1}",
        report.top1_accuracy
    );
    assert!(
        report.recall_at_10 >= REACH_MIN_RECALL_AT_10,
        "recall@10 {:.3} < {REACH_MIN_RECALL_AT_10}",
        report.recall_at_10
    );
    let failing: Vec<String> = REACH_MIN_NDCG_BY_CATEGORY
        .iter()
        .filter_map(|(name, min)| {
            let figures: &Figures = report.category(name).expect("category in the set");
            (figures.ndcg_at_10 < *min)
                .then(|| format!("{name}: nDCG@10 {:.3} < {min}", figures.ndcg_at_10))
        })
        .collect();
    assert!(failing.is_empty(), "{failing:?}");
    assert_eq!(judgements.len(), report.queries.len());
}

/// The reach set is what issue 31 asks for: at least 30 pages and 45
/// queries, 15 per category, every query explained and judged only against
/// its own pages.
#[test]
fn reach_set_is_well_formed() {
    let folder = fixture("relevance-reach");
    let pages: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    assert!(pages.len() >= 30, "{} pages", pages.len());
    let text = std::fs::read_to_string(folder.join("queries.jsonl")).unwrap();
    let judgements = read_judgements(&text).unwrap();
    assert!(judgements.len() >= 45, "{} queries", judgements.len());
    for j in &judgements {
        let category = j.category.as_deref().unwrap_or_default();
        assert!(
            REACH_MIN_NDCG_BY_CATEGORY
                .iter()
                .any(|(c, _)| *c == category),
            "{}: unknown category {category:?}",
            j.q
        );
        assert!(
            j.note.as_deref().is_some_and(|n| !n.is_empty()),
            "{}: no note",
            j.q
        );
        assert!(!j.relevant.is_empty(), "{}", j.q);
        for id in j.relevant.iter().chain(&j.top1) {
            assert!(pages.contains(id), "{}: {id} is not a page of the set", j.q);
        }
    }
    for (category, _) in REACH_MIN_NDCG_BY_CATEGORY {
        let n = judgements
            .iter()
            .filter(|j| j.category.as_deref() == Some(category))
            .count();
        assert!(n >= 15, "{category}: {n} queries");
    }
}

/// A general word finds pages only through narrower terms the search names
/// and highlights (issue 31): never through an expansion the user cannot see.
#[test]
fn reach_narrower_terms_are_named_and_highlighted() {
    let index = TempIndex::build(&fixture("relevance-reach"));
    let r = index.engine.search(&SearchRequest::new("bétail")).unwrap();
    assert!(!r.hits.is_empty());
    let named: Vec<&oim_search::Expansion> = r
        .expansions
        .iter()
        .filter(|e| e.typed == "bétail" && e.kind == oim_search::ExpansionKind::Narrower)
        .collect();
    assert_eq!(named.len(), 1, "{:?}", r.expansions);
    // no page says bétail: each hit shows one of the named terms
    for hit in &r.hits {
        let words = crate::highlighted_words(hit);
        assert!(!words.is_empty(), "{}: nothing highlighted", hit.id);
        for word in words {
            assert!(
                named[0]
                    .to_string()
                    .to_lowercase()
                    .contains(&word.to_lowercase()),
                "{}: {word} is not a named expansion ({})",
                hit.id,
                named[0]
            );
        }
    }
    // narrower terms no page holds are neither searched nor named: the
    // phrase is searched word by word (issue 24), and a hit shows only the
    // words typed
    let r = index
        .engine
        .search(&SearchRequest::new("maladies sexuellement transmissibles"))
        .unwrap();
    assert!(
        r.notes
            .iter()
            .any(|n| matches!(n, oim_search::Note::PhraseSplit { .. })),
        "{:?}",
        r.notes
    );
    for hit in &r.hits {
        for word in crate::highlighted_words(hit) {
            assert!(
                word.to_lowercase().starts_with("maladie"),
                "{}: {word} was not typed",
                hit.id
            );
        }
    }
    assert!(
        !r.expansions
            .iter()
            .any(|e| e.kind == oim_search::ExpansionKind::Narrower),
        "{:?}",
        r.expansions
    );
}
