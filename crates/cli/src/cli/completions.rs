//! `oim-search completions SHELL`: the shell's completion script, generated
//! from the clap definitions (`clap_complete`) and printed on stdout.

use std::io::Write;

use anyhow::Context;

use clap::Args;
use clap_complete::Shell;

use super::Exit;

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

/// Runs `completions`.
pub fn run(args: CompletionsArgs) -> anyhow::Result<Exit> {
    // the plain command, whose subcommands still list the global options:
    // `oim-search search --in<TAB>` should complete `--index`
    let mut command = <super::Cli as clap::CommandFactory>::command();
    // generated in memory: clap_complete panics when its writer fails (a
    // full disk, `> /dev/full`), so the write is ours and its error a message
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "oim-search", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script)
        .and_then(|()| stdout.flush())
        .context("cannot write the completion script to stdout")?;
    Ok(Exit::Ok)
}
