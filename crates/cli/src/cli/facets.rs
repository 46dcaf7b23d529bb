//! `oim-search facets`: every facet value in the index with its count.

use clap::Args;

use super::config::Config;
use super::{output, Exit};

/// Arguments of `facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Print the counts as JSON.
    #[arg(short = 'j', long)]
    json: bool,
    /// Show the budget sum (USD) of each value beside its count.
    #[arg(long)]
    budget: bool,
}

/// Runs `facets`.
pub fn run(config: &Config, args: FacetsArgs) -> anyhow::Result<Exit> {
    let engine = config.open_or_build()?;
    if args.budget {
        // the budget sums come with a search over every document
        let all = engine.search(&oim_search::SearchRequest::new("").limit(0))?;
        let aggregates = all.aggregates.unwrap_or_default();
        if args.json {
            let both = serde_json::json!({ "counts": all.facets, "budget_usd": aggregates.facets });
            println!("{both}");
        } else {
            print!(
                "{}",
                output::render_facets_with_budget(&all.facets, Some(&aggregates), usize::MAX)
            );
        }
        return Ok(Exit::Ok);
    }
    let facets = engine.facets()?;
    if args.json {
        println!("{}", serde_json::to_string(&facets)?);
    } else {
        print!("{}", output::render_facets(&facets, usize::MAX));
    }
    Ok(Exit::Ok)
}
