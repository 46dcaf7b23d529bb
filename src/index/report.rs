//! What an indexing run reports: counts, and the files skipped or indexed
//! with a warning, listed up to a cap so a huge messy corpus cannot exhaust
//! memory.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A file that was skipped or indexed with a warning (see [`IndexReport`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileIssue {
    /// The file (or `line N` of an NDJSON input).
    pub path: PathBuf,
    /// What happened, in one line.
    pub message: String,
}

/// What [`Engine::index_corpus`] did.
///
/// ```
/// let corpus = tempfile::tempdir().unwrap();
/// std::fs::write(corpus.path().join("p.txt"), "Titre\n\n  • IDF Region\n    Afrique\nCorps.").unwrap();
/// std::fs::write(corpus.path().join("empty.txt"), "").unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// let engine = oim_search::Engine::create(dir.path()).unwrap();
/// let report = engine.index_corpus(corpus.path()).unwrap();
/// assert_eq!((report.indexed, report.documents), (1, 1));
/// assert_eq!(report.skipped[0].message, "empty file");
/// // a second run re-reads nothing
/// assert_eq!(engine.index_corpus(corpus.path()).unwrap().unchanged, 1);
/// ```
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Pages parsed and written (new or changed).
    pub indexed: usize,
    /// Pages new to the index.
    pub added: usize,
    /// Pages whose content changed since the last run.
    pub updated: usize,
    /// Pages unchanged since the last run (not re-read into the index).
    pub unchanged: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<FileIssue>,
    /// Files indexed despite a problem.
    pub warnings: Vec<FileIssue>,
    /// Hidden and non-`.txt` files in the folder, not read.
    pub ignored: usize,
    /// Documents in the index after the run.
    pub documents: u64,
    /// True when the whole index was rebuilt.
    pub full_rebuild: bool,
    /// Skipped files beyond the first [`MAX_REPORTED_ISSUES`], counted only.
    pub skipped_omitted: usize,
    /// Warnings beyond the first [`MAX_REPORTED_ISSUES`], counted only.
    pub warnings_omitted: usize,
}

/// Skipped files and warnings an [`IndexReport`] lists one by one (each);
/// the rest are counted, so a huge messy corpus cannot exhaust memory.
pub const MAX_REPORTED_ISSUES: usize = 10_000;

impl IndexReport {
    /// Records a file (or input line) that was not indexed.
    pub(crate) fn skip(&mut self, path: &Path, message: String) {
        push_capped(&mut self.skipped, &mut self.skipped_omitted, path, message);
    }

    /// Records a problem with a file that was indexed anyway.
    pub(crate) fn warn(&mut self, path: &Path, message: String) {
        push_capped(
            &mut self.warnings,
            &mut self.warnings_omitted,
            path,
            message,
        );
    }
}

/// Lists an issue while under [`MAX_REPORTED_ISSUES`], else only counts it.
fn push_capped(list: &mut Vec<FileIssue>, omitted: &mut usize, path: &Path, message: String) {
    if list.len() < MAX_REPORTED_ISSUES {
        list.push(FileIssue {
            path: path.to_path_buf(),
            message,
        });
    } else {
        *omitted += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_beyond_the_cap_are_only_counted() {
        let mut report = IndexReport::default();
        for n in 0..MAX_REPORTED_ISSUES + 2 {
            report.skip(Path::new("p.txt"), format!("skip {n}"));
        }
        report.warn(Path::new("p.txt"), "warning".into());
        assert_eq!(report.skipped.len(), MAX_REPORTED_ISSUES);
        assert_eq!(report.skipped_omitted, 2);
        assert_eq!((report.warnings.len(), report.warnings_omitted), (1, 0));
    }
}
