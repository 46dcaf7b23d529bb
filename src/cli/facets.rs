//! `oim-search facets`: every facet value in the index with its count.

use std::path::Path;

use clap::Args;

use super::{open_or_build, output, Exit};

/// Arguments of `facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Print the counts as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `facets`.
pub fn run(index_dir: &Path, args: FacetsArgs) -> anyhow::Result<Exit> {
    let engine = open_or_build(index_dir)?;
    let facets = engine.facets()?;
    if args.json {
        println!("{}", serde_json::to_string(&facets)?);
    } else {
        print!("{}", output::render_facets(&facets, usize::MAX));
    }
    Ok(Exit::Ok)
}
