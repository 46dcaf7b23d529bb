//! `oim-search opensearch push --backend opensearch://HOST:PORT/INDEX`: the
//! corpus into an OpenSearch index, with
//! the analysis built from the project's data (built with the `opensearch`
//! feature). Searching goes through `search --backend opensearch://…`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Args, Subcommand};
use oim_search_opensearch::{
    push_corpus_with_progress, Cluster, ClusterAddress, PushOptions, PushReport, PushStep,
};

use super::backend::BackendSpec;
use super::config::Config;
use super::index::parse_interval;
use super::index::progress::{IndexProgress, PUSHING, READING};
use super::Exit;

/// `oim-search opensearch …`.
#[derive(Debug, Subcommand)]
pub enum OpenSearchCommand {
    /// Create the index if needed and push the corpus's pages into it,
    /// sending only pages whose file changed and deleting pages whose file
    /// is gone.
    Push(PushArgs),
}

/// Arguments of `opensearch push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The OpenSearch index to push to, named as `search --backend` names
    /// it (`--index` is the embedded index's folder).
    #[arg(
        long,
        value_name = "BACKEND",
        env = "OIM_SEARCH_BACKEND",
        default_value = "opensearch://127.0.0.1:9200/oim"
    )]
    backend: String,
    /// Folder of `.txt` pages.
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    corpus: PathBuf,
    /// Let this run delete more than half of the index's pages (their files
    /// are gone); without it such a run changes nothing.
    #[arg(long)]
    allow_removal: bool,
    /// When stderr is not a terminal (a CI log), print a progress line
    /// every SECS seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECS", value_parser = parse_interval)]
    progress_every: f64,
    /// Print the report as one JSON object.
    #[arg(short = 'j', long)]
    json: bool,
}

/// Runs `opensearch …`.
pub fn run(config: &Config, command: OpenSearchCommand) -> anyhow::Result<Exit> {
    match command {
        OpenSearchCommand::Push(args) => push(config, args),
    }
}

fn push(config: &Config, args: PushArgs) -> anyhow::Result<Exit> {
    let BackendSpec::OpenSearch(ClusterAddress { url, index }) =
        BackendSpec::parse(Some(&args.backend))?
    else {
        anyhow::bail!(
            "`opensearch push` needs an OpenSearch backend: --backend opensearch://HOST:PORT/INDEX"
        );
    };
    let cluster = Cluster::new(&url)?;
    let options = PushOptions {
        allow_removal: args.allow_removal,
    };
    let every = Duration::from_secs_f64(args.progress_every);
    let report = with_progress(config, every, |progress| {
        push_corpus_with_progress(&cluster, &index, &args.corpus, options, progress)
    })?;
    for (path, reason) in &report.unreadable {
        eprintln!("oim-search: warning: {}: skipped: {reason}", path.display());
    }
    for (id, reason) in &report.refused {
        eprintln!("oim-search: error: page {id} refused by OpenSearch: {reason}");
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &report_json(&report, &index))?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} pages pushed to {}/{} ({} unchanged, {} deleted, {} refused, {} files skipped) in {:.1} s{}",
            report.indexed,
            cluster.url(),
            index,
            report.unchanged,
            report.deleted,
            report.refused.len(),
            report.unreadable.len(),
            report.seconds,
            if report.created_index { "; index created" } else { "" },
        )?;
    }
    Ok(if report.refused.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    })
}

fn report_json(report: &PushReport, index: &str) -> serde_json::Value {
    serde_json::json!({
        "index": index,
        "created_index": report.created_index,
        "indexed": report.indexed,
        "unchanged": report.unchanged,
        "deleted": report.deleted,
        "refused": report.refused.iter().map(|(id, reason)| serde_json::json!({"id": id, "reason": reason})).collect::<Vec<_>>(),
        "skipped": report.unreadable.iter().map(|(path, reason)| serde_json::json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
        "seconds": report.seconds,
    })
}

/// Runs a push with its progress on stderr: the pages read, then the pages
/// sent, each with a display of its own (a bar on a terminal, a line every
/// few seconds otherwise, nothing under `--quiet`).
fn with_progress<T>(
    config: &Config,
    every: Duration,
    push: impl FnOnce(&dyn Fn(PushStep)) -> T,
) -> T {
    // the display of the step under way; the next step's replaces it
    let shown = Mutex::new(Some((
        READING,
        IndexProgress::start(READING, config.quiet, every),
    )));
    let step = |step: PushStep| {
        let (task, done, total) = match step {
            PushStep::Reading { done, total } => (READING, done, total),
            PushStep::Sending { done, total } => (PUSHING, done, total),
        };
        let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
        if shown.as_ref().is_some_and(|(t, _)| *t != task) {
            if let Some((_, display)) = shown.take() {
                display.finish();
            }
        }
        if total == 0 {
            // nothing to send: no display counting to zero
            return;
        }
        shown
            .get_or_insert_with(|| (task, IndexProgress::start(task, config.quiet, every)))
            .1
            .tick(done, total);
    };
    let outcome = push(&step);
    if let Some((_, display)) = shown.into_inner().unwrap_or_else(|e| e.into_inner()) {
        display.finish();
    }
    outcome
}
