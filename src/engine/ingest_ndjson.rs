//! NDJSON ingestion: documents given as JSON lines, one per line, each
//! added like [`Engine::add`]; bad lines are reported, not fatal.

use std::path::PathBuf;

use super::Engine;
use crate::capped_lines::{CappedLines, LineError, MAX_DOCUMENT_LINE_BYTES};
use crate::document::{document_from_json, SkipReason};
use crate::error::{Error, Result};
use crate::index::{IndexReport, IssueLocation};

impl Engine {
    /// Adds documents given as JSON lines; bad lines are reported in the
    /// report (as `line N`) and skipped, values left out of a document are
    /// warnings. Commits at the end.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// let input = "{\"id\": \"a\", \"title\": \"Migration\"}\nnot json\n";
    /// let report = engine.index_ndjson(input.as_bytes(), "input").unwrap();
    /// assert_eq!((report.indexed, report.skipped.len()), (1, 1));
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming the line when a line is over
    /// [`MAX_DOCUMENT_LINE_BYTES`] or cannot be read: the documents before
    /// it are indexed and committed, the rest of the input is not read.
    /// [`Error::IndexLocked`], [`Error::Index`].
    pub fn index_ndjson(&self, input: impl std::io::BufRead, source: &str) -> Result<IndexReport> {
        let mut report = IndexReport::default();
        let at = |line: usize| IssueLocation::Line {
            source: source.to_string(),
            line,
        };
        let mut cut = None;
        let mut ids = rustc_hash::FxHashSet::default();
        // one line is one document: an endless line (`/dev/zero`) ends the
        // input with an error instead of filling memory
        for line in CappedLines::new(input, MAX_DOCUMENT_LINE_BYTES) {
            let (n, bytes) = match line {
                Ok(line) => line,
                Err(e) => {
                    cut = Some(e);
                    break;
                }
            };
            let result = std::str::from_utf8(&bytes)
                .map_err(|e| SkipReason::NotUtf8Line {
                    byte: e.valid_up_to() + 1,
                })
                .and_then(|line| {
                    if line.trim().is_empty() {
                        return Ok(None);
                    }
                    let (doc, mut warnings) = document_from_json(line)?;
                    let mut added = self
                        .add_with_warnings(doc)
                        .map_err(|e| SkipReason::Refused(e.to_string()))?;
                    warnings.append(&mut added.warnings);
                    added.warnings = warnings;
                    Ok(Some(added))
                });
            match result {
                Ok(None) => {}
                Ok(Some(added)) => {
                    report.indexed += 1;
                    // a replacement of the last commit's document, or of a
                    // line above with the same id
                    let repeated = !ids.insert(added.id);
                    if added.replaced || repeated {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    for warning in added.warnings {
                        report.warn(at(n), warning);
                    }
                }
                Err(reason) => report.skip(at(n), reason),
            }
        }
        self.finish_writing()?;
        report.documents = self.num_docs();
        // the documents before the line are kept; the rest was not read
        match cut {
            None => Ok(report),
            Some(LineError::Io { line, source: e }) => {
                Err(Error::io(PathBuf::from(at(line).to_string()), e))
            }
            Some(e) => Err(Error::InvalidValue {
                what: "NDJSON input",
                value: format!("{source}: line {}", e.line()),
                hint: format!("{e} ({} documents before it were indexed)", report.indexed),
            }),
        }
    }
}
