//! NDJSON ingestion: documents given as JSON lines, one per line, each
//! added like [`Engine::add`]; bad lines are reported, not fatal.

use std::path::PathBuf;

use super::report::IndexReport;
use crate::document::Document;
use crate::engine::Engine;
use crate::error::Result;

impl Engine {
    /// Adds documents given as JSON lines; bad lines are reported in the
    /// report (as `line N`) and skipped. Commits at the end.
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
    /// [`Error::IndexLocked`](crate::Error::IndexLocked), [`Error::Index`](crate::Error::Index).
    pub fn index_ndjson(&self, input: impl std::io::BufRead, source: &str) -> Result<IndexReport> {
        let mut report = IndexReport::default();
        for (n, line) in input.lines().enumerate() {
            let where_ = PathBuf::from(format!("{source}: line {}", n + 1));
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    report.skip(&where_, format!("unreadable: {e}"));
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let result = serde_json::from_str::<Document>(&line)
                .map_err(|e| format!("invalid JSON ({e}); each line must be one document object"))
                .and_then(|d| self.add(d).map_err(|e| e.to_string()));
            match result {
                Ok(()) => {
                    report.indexed += 1;
                    report.added += 1;
                }
                Err(message) => report.skip(&where_, message),
            }
        }
        self.finish_writing()?;
        report.documents = self.num_docs();
        Ok(report)
    }
}
