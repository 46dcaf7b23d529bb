//! The judged relevance set (tests/fixtures/relevance): MRR, nDCG@10 and
//! top-1 accuracy must stay above thresholds that only ever go up.

use oim_search::eval::{evaluate, read_judgements};

use crate::{fixture, TempIndex};

/// Raise these as the engine improves; never lower them to pass.
const MIN_MRR: f64 = 0.98;
const MIN_NDCG_AT_10: f64 = 0.97;
const MIN_TOP1: f64 = 0.97;

#[test]
fn judged_set_meets_thresholds() {
    let index = TempIndex::build(&fixture("relevance"));
    let text = std::fs::read_to_string(fixture("relevance/queries.jsonl")).unwrap();
    let judgements = read_judgements(&text).unwrap();
    assert!(judgements.len() >= 40);
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
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "relevance: {} queries, MRR {:.3}, nDCG@10 {:.3}, top-1 {:.3}, recall@10 {:.3}",
        report.queries.len(),
        report.mrr,
        report.ndcg_at_10,
        report.top1_accuracy,
        report.recall_at_10
    );
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
