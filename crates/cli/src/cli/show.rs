//! `oim-search show ID`: one whole parsed document.

use std::path::Path;

use clap::Args;

use super::{open_or_build, output, Exit};

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id (file name without `.txt`).
    id: String,
    /// Print the document as JSON.
    #[arg(short = 'j', long)]
    json: bool,
}

/// Runs `show`.
pub fn run(index_dir: &Path, args: ShowArgs) -> anyhow::Result<Exit> {
    let engine = open_or_build(index_dir)?;
    let doc = engine
        .get(&args.id)?
        .ok_or(oim_search::Error::UnknownDocument {
            id: args.id.clone(),
        })?;
    if args.json {
        println!("{}", serde_json::to_string(&doc)?);
    } else {
        print!("{}", output::render_document(&doc));
    }
    Ok(Exit::Ok)
}
