//! What an indexing run reports: counts, and the files skipped or indexed
//! with a warning, listed up to a cap so a huge messy corpus cannot exhaust
//! memory, and counted per kind so a flood of one warning reads as one line.
//! Rendering the report is left to the command line.

use std::fmt;
use std::path::PathBuf;

use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::document::{PageWarning, SkipReason};

/// Where an issue is: a file of the corpus, or a line of an NDJSON input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueLocation {
    /// A corpus file.
    File(PathBuf),
    /// A line of an input read line by line.
    Line {
        /// The input's name (a file name, or `-` for standard input).
        source: String,
        /// The line, counted from 1.
        line: usize,
    },
}

/// `a.txt`, or `docs.ndjson: line 3`.
impl fmt::Display for IssueLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueLocation::File(path) => path.display().fmt(f),
            IssueLocation::Line { source, line } => write!(f, "{source}: line {line}"),
        }
    }
}

/// What went wrong with a file or input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It was not indexed.
    Skipped(SkipReason),
    /// It was indexed despite this.
    Warning(PageWarning),
}

impl Problem {
    /// The stable name of the problem's kind (`empty_file`, `no_title`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Skipped(reason) => reason.kind(),
            Problem::Warning(warning) => warning.kind(),
        }
    }

    /// The sentence with its values left out (see [`PageWarning::pattern`]).
    pub fn pattern(&self) -> String {
        match self {
            Problem::Skipped(reason) => reason.pattern(),
            Problem::Warning(warning) => warning.pattern(),
        }
    }
}

/// The sentence for people.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Skipped(reason) => reason.fmt(f),
            Problem::Warning(warning) => warning.fmt(f),
        }
    }
}

/// A file (or input line) that was skipped or indexed with a warning (see
/// [`IndexReport`]).
///
/// In JSON: `path` (the file, or `source: line N`), `line` for an input
/// line, `kind` and `message` (the sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIssue {
    /// Where.
    pub location: IssueLocation,
    /// What.
    pub problem: Problem,
}

impl FileIssue {
    /// What happened, in one line.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }
}

impl Serialize for FileIssue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let line = match &self.location {
            IssueLocation::Line { line, .. } => Some(*line),
            IssueLocation::File(_) => None,
        };
        let mut out = serializer.serialize_struct("FileIssue", 3 + usize::from(line.is_some()))?;
        out.serialize_field("path", &self.location.to_string())?;
        match line {
            Some(line) => out.serialize_field("line", &line)?,
            None => out.skip_field("line")?,
        }
        out.serialize_field("kind", self.problem.kind())?;
        out.serialize_field("message", &self.message())?;
        out.end()
    }
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
/// assert_eq!(report.skipped[0].message(), "empty file");
/// assert_eq!(report.skipped[0].problem.kind(), "empty_file");
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

/// Issues of one kind (the same variant of [`SkipReason`] or
/// [`PageWarning`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IssueKind {
    /// The kind's stable name (`empty_file`, `shared_project_id`, …).
    pub kind: &'static str,
    /// The sentence with each value shown as `` `…` `` or `N`.
    pub pattern: String,
    /// How many issues of this kind the run met, listed or not.
    pub count: usize,
    /// The first of them.
    pub first: FileIssue,
}

/// Distinct kinds an [`IndexReport`] tells apart (per list); issues of
/// further kinds are still listed and counted, only not grouped.
pub const MAX_ISSUE_KINDS: usize = 100;

/// Skipped files and warnings an [`IndexReport`] lists one by one (each);
/// the rest are counted, so a huge messy corpus cannot exhaust memory.
pub const MAX_REPORTED_ISSUES: usize = 10_000;

impl IndexReport {
    /// Records a file (or input line) that was not indexed.
    pub(crate) fn skip(&mut self, location: IssueLocation, reason: SkipReason) {
        let issue = FileIssue {
            location,
            problem: Problem::Skipped(reason),
        };
        count_kind(&mut self.skipped_kinds, &issue);
        push_capped(&mut self.skipped, &mut self.skipped_omitted, issue);
    }

    /// Records a problem with a file that was indexed anyway.
    pub(crate) fn warn(&mut self, location: IssueLocation, warning: PageWarning) {
        let issue = FileIssue {
            location,
            problem: Problem::Warning(warning),
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
    let name = issue.problem.kind();
    if let Some(kind) = kinds.iter_mut().find(|k| k.kind == name) {
        kind.count += 1;
    } else if kinds.len() < MAX_ISSUE_KINDS {
        kinds.push(IssueKind {
            kind: name,
            pattern: issue.problem.pattern(),
            count: 1,
            first: issue.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::PageError;

    fn file(name: &str) -> IssueLocation {
        IssueLocation::File(name.into())
    }

    fn shared(id: &str, first: &str) -> PageWarning {
        PageWarning::SharedProjectId {
            project_id: id.into(),
            first: first.into(),
        }
    }

    #[test]
    fn issues_beyond_the_cap_are_only_counted() {
        let mut report = IndexReport::default();
        for n in 0..MAX_REPORTED_ISSUES + 2 {
            report.skip(file(&format!("p{n}.txt")), PageError::Empty.into());
        }
        report.warn(file("p.txt"), PageWarning::NoTitle);
        assert_eq!(report.skipped.len(), MAX_REPORTED_ISSUES);
        assert_eq!(report.skipped_omitted, 2);
        assert_eq!((report.warnings.len(), report.warnings_omitted), (1, 0));
        // the kinds count what the lists leave out
        assert_eq!(report.skipped_kinds.len(), 1);
        assert_eq!(report.skipped_kinds[0].count, MAX_REPORTED_ISSUES + 2);
        assert_eq!(report.skipped_kinds[0].first.location, file("p0.txt"));
    }

    #[test]
    fn issues_group_by_kind_in_order_of_first_appearance() {
        let mut report = IndexReport::default();
        report.warn(file("b.txt"), shared("X1", "a.txt"));
        report.warn(file("c.txt"), PageWarning::NoTitle);
        report.warn(file("d.txt"), shared("Y22", "c.txt"));
        // a skip is a kind of its own list
        report.skip(file("e.txt"), PageError::Empty.into());
        let kinds: Vec<(&str, &str, usize, String)> = report
            .warning_kinds
            .iter()
            .map(|k| {
                (
                    k.kind,
                    k.pattern.as_str(),
                    k.count,
                    k.first.location.to_string(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "shared_project_id",
                    "project ID `…` is also in `…`; both are indexed",
                    2,
                    "b.txt".to_string()
                ),
                (
                    "no_title",
                    "no title: the first body line is used as title",
                    1,
                    "c.txt".to_string()
                )
            ]
        );
        assert_eq!(report.skipped_kinds.len(), 1);
        assert_eq!(report.skipped_kinds[0].kind, "empty_file");
    }

    #[test]
    fn an_issue_serialises_with_its_location_kind_and_message() {
        let on_line = FileIssue {
            location: IssueLocation::Line {
                source: "docs.ndjson".into(),
                line: 3,
            },
            problem: Problem::Skipped(SkipReason::NotUtf8Line { byte: 7 }),
        };
        assert_eq!(
            serde_json::to_value(&on_line).unwrap(),
            serde_json::json!({
                "path": "docs.ndjson: line 3",
                "line": 3,
                "kind": "not_utf8",
                "message": "not valid UTF-8 (byte 7 of the line): save the file as UTF-8",
            })
        );
        let in_file = FileIssue {
            location: file("a.txt"),
            problem: Problem::Warning(PageWarning::NoTitle),
        };
        assert_eq!(
            serde_json::to_value(&in_file).unwrap(),
            serde_json::json!({
                "path": "a.txt",
                "kind": "no_title",
                "message": "no title: the first body line is used as title",
            })
        );
    }
}
