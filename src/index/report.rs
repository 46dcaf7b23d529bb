//! What an indexing run reports: counts, and the files skipped or indexed
//! with a warning, listed up to a cap so a huge messy corpus cannot exhaust
//! memory, and counted per kind so a flood of one warning reads as one line.
//! Rendering the report is left to the command line.

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

/// What [`Engine::index_corpus`](crate::Engine::index_corpus) did.
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
    /// The skipped files grouped by kind, in order of first appearance;
    /// the counts include the files beyond the listing cap.
    pub skipped_kinds: Vec<IssueKind>,
    /// The warnings grouped by kind, like `skipped_kinds`.
    pub warning_kinds: Vec<IssueKind>,
}

/// Issues of one kind: the same message once its quoted values and numbers
/// are set aside (see [`issue_pattern`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IssueKind {
    /// The message with each `` `quoted` `` value shown as `` `…` `` and each
    /// number as `N`.
    pub pattern: String,
    /// How many issues of this kind the run met, listed or not.
    pub count: usize,
    /// The first of them.
    pub first: FileIssue,
}

/// Distinct kinds an [`IndexReport`] tells apart (per list); issues of
/// further kinds are still listed and counted, only not grouped.
pub const MAX_ISSUE_KINDS: usize = 100;

/// The kind of an issue message: `` `quoted` `` values become `` `…` `` and
/// runs of digits `N`, so `project ID `A` is also in `x.txt`` and
/// `project ID `B` is also in `y.txt`` are one kind.
///
/// ```
/// assert_eq!(
///     oim_search::issue_pattern("field `Année`: `20x4` is not a year; ignored"),
///     "field `…`: `…` is not a year; ignored"
/// );
/// assert_eq!(oim_search::issue_pattern("over the 4096-byte limit"), "over the N-byte limit");
/// ```
pub fn issue_pattern(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                out.push('`');
                if !quoted {
                    out.push('…');
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            '0'..='9' if out.ends_with('N') => {}
            '0'..='9' => out.push('N'),
            _ => out.push(c),
        }
    }
    out
}

/// Skipped files and warnings an [`IndexReport`] lists one by one (each);
/// the rest are counted, so a huge messy corpus cannot exhaust memory.
pub const MAX_REPORTED_ISSUES: usize = 10_000;

impl IndexReport {
    /// Records a file (or input line) that was not indexed.
    pub(crate) fn skip(&mut self, path: &Path, message: String) {
        let issue = FileIssue {
            path: path.to_path_buf(),
            message,
        };
        count_kind(&mut self.skipped_kinds, &issue);
        push_capped(&mut self.skipped, &mut self.skipped_omitted, issue);
    }

    /// Records a problem with a file that was indexed anyway.
    pub(crate) fn warn(&mut self, path: &Path, message: String) {
        let issue = FileIssue {
            path: path.to_path_buf(),
            message,
        };
        count_kind(&mut self.warning_kinds, &issue);
        push_capped(&mut self.warnings, &mut self.warnings_omitted, issue);
    }
}

/// Lists an issue while under [`MAX_REPORTED_ISSUES`], else only counts it.
fn push_capped(list: &mut Vec<FileIssue>, omitted: &mut usize, issue: FileIssue) {
    if list.len() < MAX_REPORTED_ISSUES {
        list.push(issue);
    } else {
        *omitted += 1;
    }
}

/// Counts an issue under its kind, opening the kind on its first issue
/// (up to [`MAX_ISSUE_KINDS`]: a short list, so a plain scan finds it).
fn count_kind(kinds: &mut Vec<IssueKind>, issue: &FileIssue) {
    let pattern = issue_pattern(&issue.message);
    if let Some(kind) = kinds.iter_mut().find(|k| k.pattern == pattern) {
        kind.count += 1;
    } else if kinds.len() < MAX_ISSUE_KINDS {
        kinds.push(IssueKind {
            pattern,
            count: 1,
            first: issue.clone(),
        });
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
        // the kinds count what the lists leave out
        assert_eq!(report.skipped_kinds.len(), 1);
        assert_eq!(report.skipped_kinds[0].count, MAX_REPORTED_ISSUES + 2);
        assert_eq!(report.skipped_kinds[0].first.message, "skip 0");
    }

    #[test]
    fn issues_group_by_kind_in_order_of_first_appearance() {
        let mut report = IndexReport::default();
        report.warn(
            Path::new("b.txt"),
            "project ID `X1` is also in `a.txt`".into(),
        );
        report.warn(Path::new("c.txt"), "no title".into());
        report.warn(
            Path::new("d.txt"),
            "project ID `Y22` is also in `c.txt`".into(),
        );
        // a skip with a warning's text is still a kind of its own
        report.skip(Path::new("e.txt"), "no title".into());
        let kinds: Vec<(&str, usize, &str)> = report
            .warning_kinds
            .iter()
            .map(|k| (k.pattern.as_str(), k.count, k.first.path.to_str().unwrap()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("project ID `…` is also in `…`", 2, "b.txt"),
                ("no title", 1, "c.txt")
            ]
        );
        assert_eq!(report.skipped_kinds.len(), 1);
        assert_eq!(report.skipped_kinds[0].count, 1);
    }

    #[test]
    fn patterns_hide_quoted_values_and_numbers() {
        for (message, pattern) in [
            ("empty file", "empty file"),
            (
                "title of 312 characters cut to 180",
                "title of N characters cut to N",
            ),
            (
                "beneficiary `Atlantis 2` is unknown",
                "beneficiary `…` is unknown",
            ),
            // an unclosed quote hides the rest, and never panics
            ("field `Année", "field `…"),
            ("`", "`…"),
            ("", ""),
        ] {
            assert_eq!(issue_pattern(message), pattern, "{message:?}");
        }
    }
}
