//! `oim-search index`: build or update the index from a corpus folder or
//! from JSON lines, with progress and the report on stderr (stdout is kept
//! for `--json`).

pub(crate) mod progress;
mod report;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use oim_search::{EngineBuilder, IndexOptions, IndexReport, IndexSource};

use super::config::Config;
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
    /// When stderr is not a terminal (a CI log), print a progress line
    /// every SECS seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECS", value_parser = parse_interval)]
    progress_every: f64,
    /// Print the report as JSON, on stdout.
    #[arg(long)]
    json: bool,
}

/// The longest `--progress-every`: a day. Far longer intervals mean no
/// progress line at all, and past about 10¹⁹ s none fits a `Duration`.
const MAX_PROGRESS_SECS: f64 = 86_400.0;

/// Reads `--progress-every`: a number of seconds from 0.01 to a day.
pub(crate) fn parse_interval(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(secs) if (0.01..=MAX_PROGRESS_SECS).contains(&secs) => Ok(secs),
        Ok(_) => Err(format!(
            "`{value}` is out of range: give a number of seconds from 0.01 to 86400 (a day)"
        )),
        Err(_) => Err(format!(
            "`{value}` is not a number: give a number of seconds from 0.01 to 86400 (a day)"
        )),
    }
}

/// Runs `index`. The text report goes to stderr; under `--quiet` only a
/// line counting the skipped files and warnings, if any, is left of it.
pub fn run(config: &Config, args: IndexArgs) -> anyhow::Result<Exit> {
    let index_dir = config.index.as_path();
    let started = Instant::now();
    let mut builder = EngineBuilder::new(index_dir).memory_mb(args.memory);
    if let Some(t) = args.threads {
        builder = builder.threads(t);
    }
    let report = match &args.ndjson {
        Some(path) if path.as_os_str() == "-" => builder.index(
            IndexSource::Ndjson {
                reader: Box::new(std::io::stdin().lock()),
                name: "stdin".into(),
            },
            &options(&args, None),
        )?,
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            builder.index(
                IndexSource::Ndjson {
                    reader: Box::new(std::io::BufReader::new(file)),
                    name: path.display().to_string(),
                },
                &options(&args, None),
            )?
        }
        None => with_progress(config, &args, |options| {
            builder.index(IndexSource::Corpus(&args.corpus), options)
        })?,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else if config.quiet {
        if let Some(line) = report::render_issue_count(&report) {
            eprintln!("{line}");
        }
    } else {
        eprint!(
            "{}",
            report::render_report(&report, index_dir, started.elapsed().as_secs_f64())
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

/// The options of the command line, with `progress` called as pages are read.
fn options<'a>(
    args: &IndexArgs,
    progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
) -> IndexOptions<'a> {
    IndexOptions {
        full: args.full,
        max_file_size: args.max_file_size,
        progress,
        allow_removal: args.allow_removal,
    }
}

/// Runs `index_run` with the options of the command line and its progress
/// on stderr.
fn with_progress(
    config: &Config,
    args: &IndexArgs,
    index_run: impl FnOnce(&IndexOptions<'_>) -> oim_search::Result<IndexReport>,
) -> oim_search::Result<IndexReport> {
    let progress = progress::IndexProgress::start(
        progress::INDEXING,
        config.quiet,
        Duration::from_secs_f64(args.progress_every),
    );
    let tick = |done: usize, total: usize| progress.tick(done, total);
    let report = index_run(&options(args, Some(&tick)));
    progress.finish();
    report
}
