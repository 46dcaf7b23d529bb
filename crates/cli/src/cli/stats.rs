//! `oim-search stats`: document counts and index size.

use clap::Args;

use super::config::Config;
use super::{output, Exit};

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the statistics as JSON.
    #[arg(short = 'j', long)]
    json: bool,
}

/// Runs `stats`.
pub fn run(config: &Config, args: StatsArgs) -> anyhow::Result<Exit> {
    let index_dir = config.index.as_path();
    let engine = config.open_or_build()?;
    let facets = engine.facets()?;
    let kinds = &facets[oim_search::Facet::Kind];
    let count = |k: &str| kinds.get(k).copied().unwrap_or(0);
    let stats = serde_json::json!({
        "index": index_dir,
        "documents": engine.num_docs(),
        "projects": count("project"),
        "news": count("news"),
        "index_bytes": engine.size_bytes(),
        "format_version": oim_search::FORMAT_VERSION,
    });
    if args.json {
        println!("{stats}");
    } else {
        println!("index        {}", index_dir.display());
        println!(
            "documents    {} ({} projects, {} news)",
            output::count(engine.num_docs()),
            output::count(count("project")),
            output::count(count("news"))
        );
        println!("index size   {}", output::bytes(engine.size_bytes()));
        println!("format       {}", oim_search::FORMAT_VERSION);
    }
    Ok(Exit::Ok)
}
