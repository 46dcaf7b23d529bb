//! `oim-search check`: verifies the index files against their checksums,
//! that each id is held once (`index` runs the same checks around updates),
//! and that the word list beside them is there, sound and the one the last
//! commit names (`index` rebuilds it otherwise).

use clap::Args;

use super::config::Config;
use super::output::printable_path;
use super::Exit;

/// Arguments of `check` (none).
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `check`: one line on success, the damage as an error otherwise.
pub fn run(config: &Config, _args: CheckArgs) -> anyhow::Result<Exit> {
    let index_dir = config.index.as_path();
    let engine = oim_search::Engine::open(index_dir)?;
    engine.check()?;
    println!(
        "index at {}: {} documents; files match their checksums, each id is held once, the word list is the commit's",
        printable_path(index_dir),
        super::output::count(engine.num_docs())
    );
    Ok(Exit::Ok)
}
