//! `oim-search show ID`: one whole parsed document.

use clap::Args;

use super::config::Config;
use super::{output, Exit};

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
pub fn run(config: &Config, args: ShowArgs) -> anyhow::Result<Exit> {
    let engine = config.open_or_build()?;
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
