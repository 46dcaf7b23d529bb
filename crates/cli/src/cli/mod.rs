//! Command-line interface: what the user typed ([`Cli`]), one module per
//! subcommand, and the exit codes. Only this layer prints.

mod backend;
mod check;
mod choices;
mod completions;
mod config;
mod eval;
mod facets;
mod help;
mod index;
mod index_path;
mod man;
mod numbers;
#[cfg(feature = "opensearch")]
mod opensearch;
mod output;
mod search;
#[cfg(feature = "server")]
mod serve;
mod show;
mod stats;
mod timings;

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use config::Config;
use numbers::WholeNumber;

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok,
    /// Runtime failure: missing index, unreadable files, nothing indexed.
    Failure,
    /// `search --fail-if-empty` matched nothing (the answer is still
    /// printed; no error line).
    NothingMatched,
    /// Bad usage: unknown flag, facet or value.
    Usage,
    /// `index --strict` saw warnings or skipped files.
    Warnings,
}

impl Exit {
    /// The process exit code. Nothing matched shares 1 with failures, as
    /// in grep and ripgrep; only a failure prints an error line.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failure | Exit::NothingMatched => 1,
            Exit::Usage => 2,
            Exit::Warnings => 3,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

/// French full-text search over IOM Development Fund pages.
#[derive(Debug, Parser)]
#[command(name = "oim-search", version, about, after_help = help::TOP)]
pub struct Cli {
    /// Index directory.
    #[arg(
        long,
        global = true,
        env = "OIM_SEARCH_INDEX",
        default_value = "index",
        value_name = "DIR",
        help_heading = GLOBAL_OPTIONS
    )]
    pub index: PathBuf,

    /// When to color output: auto (terminal and NO_COLOR unset), always, never.
    #[arg(
        long,
        global = true,
        default_value = "auto",
        value_name = "WHEN",
        help_heading = GLOBAL_OPTIONS
    )]
    pub color: output::ColorChoice,

    /// Extra synonym rules (Solr format: `a, b, c` or `a => b`), added to
    /// the shipped ones at query time; no reindexing needed.
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL_OPTIONS)]
    pub synonyms: Option<PathBuf>,

    /// Print no report, progress or note on stderr, only errors (`index`
    /// keeps one line counting skipped files and warnings, if any; `serve`
    /// keeps the line with its address and drops the request log).
    #[arg(long, short = 'q', global = true, help_heading = GLOBAL_OPTIONS)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The heading of the options every command takes.
const GLOBAL_OPTIONS: &str = "Global options";

/// The command line's definition as parsed and documented: [`Cli`], with
/// the global options left out of each command's own help (they stay
/// accepted there; the top-level help lists them once, and each command's
/// help ends with a line pointing to it).
pub fn command() -> clap::Command {
    let top = Cli::command();
    let globals: Vec<clap::Arg> = top
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.clone().hide(true))
        .collect();
    // clap copies a global option into a subcommand only when the
    // subcommand has none of that name, so these hidden copies stand in
    // for it; being global too, their values still reach `Cli`
    top.mut_subcommands(|sub| sub.args(globals.iter().cloned()))
}

/// Parses the process's arguments, or prints clap's message (help,
/// version, usage error) and exits as clap does.
pub fn parse() -> Cli {
    timings::start();
    let mut command = command();
    let mut matches = command.clone().get_matches();
    Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut command).exit())
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from a corpus folder (or JSON lines).
    #[command(
        after_help = help::INDEX,
        // the same short flag and range errors as in the other commands
        mut_arg("json", |a| a.short('j')),
        mut_arg("threads", |a| a.allow_negative_numbers(true).value_parser(WholeNumber::<usize>::at_least(1))),
        mut_arg("memory", |a| a.allow_negative_numbers(true).value_parser(WholeNumber::<usize>::at_least(1))),
        mut_arg("max_file_size", |a| a.allow_negative_numbers(true).value_parser(WholeNumber::<u64>::at_least(1))),
        mut_arg("progress_every", |a| a.allow_negative_numbers(true)),
    )]
    Index(index::IndexArgs),
    /// Search the index.
    #[command(after_help = help::SEARCH, after_long_help = help::SEARCH_LONG)]
    Search(Box<search::SearchArgs>),
    /// Print one whole document.
    #[command(after_help = help::SHOW)]
    Show(show::ShowArgs),
    /// Print document counts and index size.
    #[command(after_help = help::STATS)]
    Stats(stats::StatsArgs),
    /// Verify the index files (checksums) and that each id is held once.
    #[command(after_help = help::CHECK)]
    Check(check::CheckArgs),
    /// List every facet value with its document count.
    #[command(after_help = help::FACETS)]
    Facets(facets::FacetsArgs),
    /// Measure ranking quality on a judged query set (MRR, nDCG@10, top-1).
    #[command(after_help = help::EVAL)]
    Eval(eval::EvalArgs),
    /// Serve the search page and the JSON API over HTTP.
    #[cfg(feature = "server")]
    #[command(
        after_help = help::SERVE,
        // `--addr -1` reaches the address parser and its error
        mut_arg("addr", |a| a.allow_negative_numbers(true)),
    )]
    Serve(serve::ServeArgs),
    /// Push the corpus into an OpenSearch index (search it with
    /// `search --backend opensearch://HOST:PORT/INDEX`).
    #[cfg(feature = "opensearch")]
    #[command(subcommand)]
    Opensearch(opensearch::OpenSearchCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = help::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command.
    #[command(after_help = help::MAN)]
    Man(man::ManArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let color = cli.color.resolve();
    let config = &Config::resolve(&cli.index, cli.synonyms.as_deref(), cli.quiet)?;
    match cli.command {
        Command::Index(args) => index::run(config, args),
        Command::Search(args) => search::run(config, *args, color),
        Command::Show(args) => show::run(config, args),
        Command::Stats(args) => stats::run(config, args),
        Command::Check(args) => check::run(config, args),
        Command::Facets(args) => facets::run(config, args),
        Command::Eval(args) => eval::run(config, args),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(config, args),
        #[cfg(feature = "opensearch")]
        Command::Opensearch(command) => opensearch::run(config, command),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Prints where the process's time went, when `OIM_SEARCH_TIMINGS` asks.
pub fn report_timings() {
    timings::report();
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
        let text = output::printable(&output::error_message(cause)).into_owned();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        // the library's message already says it in plain words: the
        // tantivy error it keeps as its source is for programs, not people
        if cause.downcast_ref::<oim_search::Error>().is_some() {
            break;
        }
    }
    parts.join(": ")
}
