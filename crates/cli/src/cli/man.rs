//! `oim-search man`: the manual pages in roff, generated from the clap
//! definitions and help texts (`clap_mangen`): the top-level page on
//! stdout, or one page per command into a folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use super::output::printable_path;
use super::Exit;

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write oim-search.1 and one page per command (oim-search-search.1, …)
    /// into DIR, created if missing, instead of printing oim-search.1.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `man`.
pub fn run(args: ManArgs) -> anyhow::Result<Exit> {
    // `help` is a way to read the pages, not a page of its own; building
    // gives each command its full name (`oim-search search`) and options
    let mut command = super::command().disable_help_subcommand(true);
    command.build();
    match &args.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            render_page(&command, &mut stdout)?;
            stdout.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", printable_path(dir)))?;
            let written = write_pages(&command, dir)?;
            eprintln!(
                "oim-search: wrote {written} manual pages into {}",
                printable_path(dir)
            );
        }
    }
    Ok(Exit::Ok)
}

/// Writes the page of `command` and of each of its subcommands into
/// `dir`; returns how many.
fn write_pages(command: &clap::Command, dir: &Path) -> anyhow::Result<usize> {
    let mut written = 0;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        written += write_pages(sub, dir)?;
    }
    let path = dir.join(Man::new(command.clone()).get_filename());
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", printable_path(&path)))?,
    );
    render_page(command, &mut file)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", printable_path(&path)))?;
    Ok(written + 1)
}

/// One manual page: clap_mangen's sections, with the text shown after the
/// options (examples, query syntax) as an EXAMPLES section kept in no-fill
/// mode, since its lines are aligned in columns that filling would merge.
fn render_page(command: &clap::Command, w: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(command.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    if let Some(text) = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
    {
        let text = text.to_string();
        let mut roff = Roff::default();
        roff.control("SH", ["EXAMPLES"]).control("nf", []);
        // the first line, `Examples:`, is the section's title
        let body = text.strip_prefix("Examples:\n").unwrap_or(&text);
        for line in body.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
        roff.to_writer(w)?;
    }
    // the top-level page (the one with a version) closes with the sections
    // a manual reader looks for: exit codes, environment, files
    if command.get_version().is_some() {
        closing_sections().to_writer(w)?;
        man.render_version_section(w)?;
    }
    Ok(())
}

/// EXIT STATUS, ENVIRONMENT and FILES, as `Exit` and the options define
/// them.
fn closing_sections() -> Roff {
    let mut roff = Roff::default();
    let entries = |roff: &mut Roff, title: &str, entries: &[(&str, &str)]| {
        roff.control("SH", [title]);
        for (term, text) in entries {
            roff.control("TP", [])
                .control("B", [*term])
                .text([roman(*text)]);
        }
    };
    let code = |exit: Exit| exit.code().to_string();
    let codes = [
        code(Exit::Ok),
        code(Exit::Failure),
        code(Exit::Usage),
        code(Exit::Warnings),
    ];
    entries(
        &mut roff,
        "EXIT STATUS",
        &[
            (
                &codes[0],
                "Success; a search that matches nothing too, unless --fail-if-empty.",
            ),
            (
                &codes[1],
                "Failure: no index, unreadable files, nothing indexed; or nothing matched \
                 with search --fail-if-empty (then the answer is printed and no error line).",
            ),
            (
                &codes[2],
                "Bad usage: unknown flag, facet or value; an index folder that holds other files.",
            ),
            (&codes[3], "index --strict saw warnings or skipped files."),
        ],
    );
    entries(
        &mut roff,
        "ENVIRONMENT",
        &[
            (
                "OIM_SEARCH_INDEX",
                "The index directory when --index is not given (default ./index).",
            ),
            (
                "NO_COLOR",
                "When set and not empty, output is not colored (--color auto); \
                 --color always overrides it.",
            ),
        ],
    );
    entries(
        &mut roff,
        "FILES",
        &[
            (
                "./index",
                "The index (default of --index): a folder of its own, built by oim-search index, \
                 or by the first search or serve when ./corpus exists.",
            ),
            (
                "./corpus",
                "The folder of .txt pages that index reads (default of index --corpus).",
            ),
        ],
    );
    roff
}
