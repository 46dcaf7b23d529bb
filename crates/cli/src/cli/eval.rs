//! `oim-search eval QUERIES.jsonl`: ranking quality on a judged query set.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use oim_search::eval::{evaluate_with, read_judgements_from};
use oim_search::MatchMode;

use super::config::Config;
use super::Exit;

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judged queries, one JSON object per line: {"q", "filters", "relevant", "top1"}, with an
    /// optional "category" (figures are then also printed per category) and "note".
    /// A query with "relevant": [] scores 1 only when nothing comes back.
    queries: PathBuf,
    /// Index this corpus folder into a temporary index and evaluate on it.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Print per-query results and the figures as JSON.
    #[arg(short = 'j', long)]
    json: bool,
    /// How the query words combine (see `search --match`); `any` is a plain
    /// OR-of-words BM25 baseline.
    #[arg(
        long = "match",
        value_name = "MODE",
        default_value = "auto",
        hide_possible_values = true,
        value_parser = super::choices::Choices::new(["auto", "all", "any"], parse_match)
    )]
    match_mode: MatchMode,
}

fn parse_match(value: &str) -> Result<MatchMode, String> {
    MatchMode::parse(value).ok_or_else(|| format!("`{value}`: give auto, all or any"))
}

/// The folders of `eval --corpus`'s temporary indexes, in the system's
/// temporary folder, start with this.
const TEMP_PREFIX: &str = "oim-search-eval-";

/// The file each such folder holds, locked while its run lives.
const IN_USE_FILE: &str = ".in-use";

/// A temporary index for `eval --corpus`: deleted when the run ends, and,
/// when a run was killed (no destructor runs then), by the next `eval
/// --corpus`, which finds its folder no longer locked.
struct TempIndex {
    dir: tempfile::TempDir,
    /// Holds the lock on the folder's `.in-use` file until dropped.
    _in_use: std::fs::File,
}

impl TempIndex {
    fn new() -> anyhow::Result<TempIndex> {
        remove_killed_runs_indexes();
        let dir = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir()
            .context("cannot create a temporary index folder")?;
        let in_use = std::fs::File::create(dir.path().join(IN_USE_FILE))
            .context("cannot create a temporary index folder")?;
        in_use
            .try_lock()
            .context("cannot lock the temporary index folder")?;
        Ok(TempIndex {
            dir,
            _in_use: in_use,
        })
    }
}

/// Deletes the temporary indexes of `eval --corpus` runs that were killed:
/// those whose `.in-use` file no process holds locked any more. Folders of
/// running evaluations, and anything it cannot lock or read, are left alone.
fn remove_killed_runs_indexes() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TEMP_PREFIX)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        let Ok(in_use) = std::fs::File::open(path.join(IN_USE_FILE)) else {
            continue;
        };
        if in_use.try_lock().is_ok() {
            drop(in_use);
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Runs `eval`.
pub fn run(config: &Config, args: EvalArgs) -> anyhow::Result<Exit> {
    let file = std::fs::File::open(&args.queries)
        .with_context(|| format!("cannot read {}", args.queries.display()))?;
    let judgements = read_judgements_from(std::io::BufReader::new(file))
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.queries.display()))?;
    let temp;
    let engine = match &args.corpus {
        Some(corpus) => {
            temp = TempIndex::new()?;
            let engine = oim_search::Engine::create(temp.dir.path())?;
            engine.index_corpus(corpus)?;
            engine
        }
        None => config.open_or_build()?,
    };
    let report = evaluate_with(&engine, &judgements, args.match_mode)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        for q in report.queries.iter().filter(|q| q.reciprocal_rank < 1.0) {
            let rank = match (q.first_relevant_rank, q.hits) {
                (Some(r), _) => r.to_string(),
                (None, 0) => "none".into(),
                (None, _) => "-".into(),
            };
            println!(
                "  rank {:>4}  {}  (got {})",
                rank,
                q.q,
                q.top.as_deref().unwrap_or("nothing")
            );
        }
        for c in &report.categories {
            let f = &c.figures;
            println!(
                "  {:<12} {:>3} queries: MRR {:.3}  nDCG@10 {:.3}  top-1 {:.3} (of {})  recall@10 {:.3}",
                c.category, f.queries, f.mrr, f.ndcg_at_10, f.top1_accuracy, f.top1_judged, f.recall_at_10
            );
        }
        println!(
            "{} queries: MRR {:.3}  nDCG@10 {:.3}  top-1 {:.3}  recall@10 {:.3}",
            report.queries.len(),
            report.mrr,
            report.ndcg_at_10,
            report.top1_accuracy,
            report.recall_at_10
        );
    }
    Ok(Exit::Ok)
}
