//! `oim-search index`: build or update the index from a corpus folder or
//! from JSON lines, with a progress bar on stderr and a report on stdout.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use oim_search::{EngineBuilder, Error, FirstBuild, IndexOptions, IndexReport};

use super::Exit;

/// Arguments of `index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of `.txt` pages.
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    corpus: PathBuf,
    /// Add documents from a JSON-lines file (`-` for stdin) instead of a folder.
    #[arg(long, value_name = "FILE", conflicts_with = "full")]
    ndjson: Option<PathBuf>,
    /// Rebuild everything instead of updating only what changed.
    #[arg(long)]
    full: bool,
    /// Exit with code 3 when any file was skipped or had a warning.
    #[arg(long)]
    strict: bool,
    /// Skip pages larger than this many bytes.
    #[arg(long, default_value_t = oim_search::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    max_file_size: u64,
    /// Memory the indexer may buffer, in MB, shared by its threads; also
    /// bounds merges (more memory: fewer, larger segments and faster
    /// searches on big corpora).
    #[arg(long, default_value_t = 128, value_name = "MB")]
    memory: usize,
    /// Most indexing threads (default: one per core, up to 4; fewer when
    /// `--memory` cannot give each 16 MB).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Let this run remove more than half of the index's documents (their
    /// pages are gone from the folder); without it such a run changes nothing.
    #[arg(long)]
    allow_removal: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `index`.
pub fn run(index_dir: &Path, args: IndexArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let mut builder = EngineBuilder::new(index_dir).memory_mb(args.memory);
    if let Some(t) = args.threads {
        builder = builder.threads(t);
    }
    // a first build goes through a staging folder: a failed or empty run
    // leaves no index behind, and a concurrent first run waits for it
    let first_build = args.ndjson.is_none() && !index_dir.join("meta.json").is_file();
    let report = if first_build {
        with_progress(&args, |options| {
            match builder.clone().build_first(&args.corpus, options)? {
                FirstBuild::Built(_, report) | FirstBuild::NothingIndexed(report) => Ok(report),
                FirstBuild::BuiltByAnother(engine) => {
                    engine.lock_for_writing()?;
                    engine.index_corpus_with(&args.corpus, options)
                }
            }
        })?
    } else {
        let engine = match builder.clone().open_or_create() {
            // --full is the way out of an old or damaged index
            Err(Error::IncompatibleIndex { .. } | Error::Index { .. }) if args.full => {
                builder.recreate()?
            }
            other => other?,
        };
        // fail at once if another process is writing, before reading anything
        engine.lock_for_writing()?;
        match &args.ndjson {
            Some(path) if path.as_os_str() == "-" => {
                engine.index_ndjson(std::io::stdin().lock(), "stdin")?
            }
            Some(path) => {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                engine.index_ndjson(std::io::BufReader::new(file), &path.display().to_string())?
            }
            None => with_progress(&args, |options| {
                engine.index_corpus_with(&args.corpus, options)
            })?,
        }
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!(
            "{}",
            render_report(&report, index_dir, started.elapsed().as_secs_f64())
        );
    }
    Ok(if report.documents == 0 {
        eprintln!("oim-search: error: no document could be indexed");
        Exit::Failure
    } else if args.strict && (!report.skipped.is_empty() || !report.warnings.is_empty()) {
        Exit::Warnings
    } else {
        Exit::Ok
    })
}

/// Runs `index_run` with the options of the command line and a progress
/// bar on stderr (on a terminal).
fn with_progress(
    args: &IndexArgs,
    index_run: impl FnOnce(&IndexOptions<'_>) -> oim_search::Result<IndexReport>,
) -> oim_search::Result<IndexReport> {
    let bar = progress_bar();
    let tick = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let options = IndexOptions {
        full: args.full,
        max_file_size: args.max_file_size,
        progress: Some(&tick),
        allow_removal: args.allow_removal,
    };
    let report = index_run(&options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} indexing {pos}/{len} pages {wide_bar} {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Skipped files and warnings listed in text output, per kind.
const MAX_LISTED: usize = 50;

fn render_report(r: &IndexReport, dir: &Path, seconds: f64) -> String {
    let mut out = format!(
        "indexed {} document{} into {} in {:.2} s ({} new, {} changed, {} unchanged, {} removed{})\n",
        r.documents,
        if r.documents == 1 { "" } else { "s" },
        super::output::printable_path(dir),
        seconds,
        r.added,
        r.updated,
        r.unchanged,
        r.removed,
        if r.full_rebuild { "; full rebuild" } else { "" },
    );
    if r.ignored > 0 {
        out.push_str(&format!(
            "ignored {} hidden or non-.txt file{}\n",
            r.ignored,
            if r.ignored == 1 { "" } else { "s" }
        ));
    }
    // a huge messy folder must not drown the summary: show the first ones
    for (label, issues, omitted) in [
        ("skipped", &r.skipped, r.skipped_omitted),
        ("warning", &r.warnings, r.warnings_omitted),
    ] {
        for issue in issues.iter().take(MAX_LISTED) {
            out.push_str(&format!(
                "{label} {}: {}\n",
                super::output::printable_path(&issue.path),
                issue.message
            ));
        }
        let more = issues.len().saturating_sub(MAX_LISTED) + omitted;
        if more > 0 {
            out.push_str(&format!(
                "… and {more} more {label} lines (`index --json` lists up to {})\n",
                oim_search::MAX_REPORTED_ISSUES
            ));
        }
    }
    out
}
