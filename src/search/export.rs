//! Export of every match of a search: the `plan` stage and the `matches`
//! stage's query (under the request's match mode) select the documents, every
//! match is gathered as an address in the search's order (see
//! [`super::every_match`]), then the documents are loaded a batch at a time,
//! on all cores, and handed to a [`RowWriter`] in order; at no time are more
//! than [`BATCH`] documents in memory. Writing the format is left to the
//! writer.

use rayon::prelude::*;

use super::every_match::{Match, MatchCollector};
use super::matches::{compose, Scope};
use super::plan::plan;
use super::request::SearchRequest;
use super::view::IndexView;
use crate::error::Result;
use crate::export::{ExportRow, RowWriter};

/// Documents loaded at once.
const BATCH: usize = 256;

/// Writes one row per match of `request` (its paging ignored), in the
/// search's order; returns the number of rows.
///
/// # Errors
/// Those of a search, and [`crate::Error::Export`] when the writer fails.
pub(crate) fn export(
    view: &IndexView,
    request: &SearchRequest,
    writer: &mut dyn RowWriter,
) -> Result<u64> {
    // paging does not apply: every match is written
    let mut every = request.clone();
    every.limit = 0;
    every.offset = 0;
    let plan = plan(view, &every)?;
    if plan.nothing_to_search {
        return Ok(0);
    }
    // the rows are the counted pages, as the search's total counts them
    let scope = Scope::of(view, &plan, request.match_mode);
    let query = compose(scope.query(&plan.text), &plan.text, &plan.filters);
    let matches: Vec<Match> = view
        .searcher
        .search_with_statistics_provider(
            &*query,
            &MatchCollector { order: plan.order },
            &view.stats,
        )
        .map_err(|e| view.error(e))?;
    let mut rows = 0u64;
    for batch in matches.chunks(BATCH) {
        let docs = batch
            .par_iter()
            .map(|m| Ok((view.load_document(m.address)?, m.from_file)))
            .collect::<Result<Vec<_>>>()?;
        for (doc, from_file) in &docs {
            let file = from_file.then(|| format!("{}.txt", doc.id));
            writer.write_row(&ExportRow::new(doc, file.as_deref()))?;
            rows += 1;
        }
    }
    Ok(rows)
}
