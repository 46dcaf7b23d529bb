//! `oim-search opensearch push --backend opensearch://HOST:PORT/INDEX`: the
//! corpus into an OpenSearch index, with
//! the analysis built from the project's data (built with the `opensearch`
//! feature). Searching goes through `search --backend opensearch://…`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use oim_search_opensearch::{push_corpus, Cluster, PushOptions, PushReport};

use super::backend::BackendSpec;
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
    /// Print the report as one JSON object.
    #[arg(short = 'j', long)]
    json: bool,
}

/// Runs `opensearch …`.
pub fn run(command: OpenSearchCommand) -> anyhow::Result<Exit> {
    match command {
        OpenSearchCommand::Push(args) => push(args),
    }
}

fn push(args: PushArgs) -> anyhow::Result<Exit> {
    let BackendSpec::OpenSearch { url, index } = BackendSpec::parse(Some(&args.backend))? else {
        anyhow::bail!(
            "`opensearch push` needs an OpenSearch backend: --backend opensearch://HOST:PORT/INDEX"
        );
    };
    let cluster = Cluster::new(&url)?;
    let options = PushOptions {
        allow_removal: args.allow_removal,
    };
    let report = push_corpus(&cluster, &index, &args.corpus, options)?;
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
