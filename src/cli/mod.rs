//! Command-line interface: what the user typed ([`Cli`]), one module per
//! subcommand, and the exit codes. Only this layer prints.

mod check;
mod eval;
mod facets;
mod index;
mod output;
mod search;
#[cfg(feature = "server")]
mod serve;
mod show;
mod stats;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Runtime failure: missing index, unreadable files, nothing indexed.
    Failure = 1,
    /// Bad usage: unknown flag, facet or value.
    Usage = 2,
    /// `index --strict` saw warnings or skipped files.
    Warnings = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// French full-text search over IOM Development Fund pages.
#[derive(Debug, Parser)]
#[command(name = "oim-search", version, about)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, default_value = "index", value_name = "DIR")]
    pub index: PathBuf,

    /// When to color output: auto (terminal and NO_COLOR unset), always, never.
    #[arg(long, global = true, default_value = "auto", value_name = "WHEN")]
    pub color: output::ColorChoice,

    /// Extra synonym rules (Solr format: `a, b, c` or `a => b`), added to
    /// the shipped ones at query time; no reindexing needed.
    #[arg(long, global = true, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,

    /// Print no report, progress or note on stderr, only errors (`index`
    /// keeps one line counting skipped files and warnings, if any).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The user's synonym rules, read once from `--synonyms` before any index
/// is opened, so every subcommand's engine gets them.
static USER_SYNONYMS: std::sync::OnceLock<oim_search::Synonyms> = std::sync::OnceLock::new();

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from a corpus folder (or JSON lines).
    Index(index::IndexArgs),
    /// Search the index.
    Search(Box<search::SearchArgs>),
    /// Print one whole document.
    Show(show::ShowArgs),
    /// Print document counts and index size.
    Stats(stats::StatsArgs),
    /// Verify the index files (checksums) and that each id is held once.
    Check(check::CheckArgs),
    /// List every facet value with its document count.
    Facets(facets::FacetsArgs),
    /// Measure ranking quality on a judged query set (MRR, nDCG@10, top-1).
    Eval(eval::EvalArgs),
    /// Serve the search page and the JSON API over HTTP.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let color = cli.color.resolve();
    output::set_quiet(cli.quiet);
    if let Some(path) = &cli.synonyms {
        let _ = USER_SYNONYMS.set(oim_search::Synonyms::from_file(path)?);
    }
    match cli.command {
        Command::Index(args) => index::run(&cli.index, args),
        Command::Search(args) => search::run(&cli.index, *args, color),
        Command::Show(args) => show::run(&cli.index, args),
        Command::Stats(args) => stats::run(&cli.index, args),
        Command::Check(args) => check::run(&cli.index, args),
        Command::Facets(args) => facets::run(&cli.index, args),
        Command::Eval(args) => eval::run(&cli.index, args),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(&cli.index, args),
    }
}

/// Opens the index; when there is none and `./corpus` exists, builds it
/// first and says so on stderr, so a fresh clone can search at once.
pub fn open_or_build(index_dir: &Path) -> anyhow::Result<oim_search::Engine> {
    let builder = || {
        let builder = oim_search::EngineBuilder::new(index_dir);
        match USER_SYNONYMS.get() {
            Some(extra) => builder.synonyms(extra.clone()),
            None => builder,
        }
    };
    match builder().open() {
        Err(oim_search::Error::NoIndex { .. }) if Path::new("corpus").is_dir() => {
            output::note(format_args!(
                "oim-search: no index at {}: building it from ./corpus first",
                index_dir.display()
            ));
            let built = builder().build_first(Path::new("corpus"), &Default::default())?;
            match built {
                oim_search::FirstBuild::Built(engine, report) => {
                    output::note(format_args!(
                        "oim-search: indexed {} documents",
                        report.documents
                    ));
                    Ok(engine)
                }
                oim_search::FirstBuild::BuiltByAnother(engine) => Ok(engine),
                oim_search::FirstBuild::NothingIndexed(_) => Err(anyhow::anyhow!(
                    "no page of ./corpus could be indexed: run `oim-search index` to see why"
                )),
            }
        }
        other => Ok(other?),
    }
}

/// The exit code for an error that reached `main`.
pub fn exit_code_for(err: &anyhow::Error) -> Exit {
    match err.downcast_ref::<oim_search::Error>() {
        Some(e) if e.is_usage() => Exit::Usage,
        _ => Exit::Failure,
    }
}

/// An error and its causes on one line.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        // paths in messages may hold newlines or escape codes: print them inert
        let text = output::printable(&cause.to_string()).into_owned();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
