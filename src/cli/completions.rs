//! `oim-search completions SHELL`: the shell's completion script, generated
//! from the clap definitions (`clap_complete`) and printed on stdout.

use std::io::Write;

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
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "oim-search", &mut stdout);
    stdout.flush()?;
    Ok(Exit::Ok)
}
