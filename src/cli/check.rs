//! `oim-search check`: verifies the index files against their checksums and
//! that each id is held once (`index` runs the same checks around updates),
//! and warns when the word list beside them is missing or damaged.

use std::path::Path;

use clap::Args;

use super::output::printable_path;
use super::Exit;

/// Arguments of `check` (none).
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `check`: one line on success, the damage as an error otherwise.
pub fn run(index_dir: &Path, _args: CheckArgs) -> anyhow::Result<Exit> {
    let engine = oim_search::Engine::open(index_dir)?;
    engine.check()?;
    // not damage to the documents: searches answer, the next run repairs it
    super::search::warn_without_word_list(&engine);
    println!(
        "index at {}: {} documents; files match their checksums, each id is held once",
        printable_path(index_dir),
        engine.num_docs()
    );
    Ok(Exit::Ok)
}
