//! The index report for people, on stderr: one line of counts, then the
//! skipped files and warnings, each kind seen more than a few times summed
//! up in one line with its count and first example.

use std::path::Path;

use oim_search::{FileIssue, IndexReport, IssueKind};

use super::super::output::{count, printable, printable_path};

/// A kind met at most this often is listed file by file; more often, in
/// one line with its count and first example.
const LISTED_PER_KIND: usize = 3;
/// Lines of skipped files and warnings at most, whatever the kinds.
const MAX_LINES: usize = 50;

/// The whole report: counts, then the issues.
pub(super) fn render_report(r: &IndexReport, dir: &Path, seconds: f64) -> String {
    // `indexed` is what this run wrote, as in the JSON; the total is apart
    let mut out = format!(
        "indexed {} into {} in {seconds:.2} s ({} new, {} changed; {} unchanged, {} removed{}); the index holds {}\n",
        documents(r.indexed as u64),
        printable_path(dir),
        count(r.added as u64),
        count(r.updated as u64),
        count(r.unchanged as u64),
        count(r.removed as u64),
        if r.full_rebuild { "; full rebuild" } else { "" },
        documents(r.documents),
    );
    if r.ignored > 0 {
        out.push_str(&format!(
            "ignored {} hidden or non-.txt file{}\n",
            count(r.ignored as u64),
            plural(r.ignored)
        ));
    }
    let mut lines = Vec::new();
    issue_lines(&mut lines, "skipped", &r.skipped, &r.skipped_kinds);
    issue_lines(&mut lines, "warning", &r.warnings, &r.warning_kinds);
    let listed = r.skipped.len() + r.warnings.len();
    let unlisted = r.skipped_omitted + r.warnings_omitted;
    let more = lines.len().saturating_sub(MAX_LINES);
    for line in lines.into_iter().take(MAX_LINES) {
        out.push_str(&line);
        out.push('\n');
    }
    if more > 0 {
        out.push_str(&format!(
            "… and {} more lines (`index --json` lists {} issues{})\n",
            count(more as u64),
            count(listed as u64),
            if unlisted > 0 {
                format!(" and counts {} more", count(unlisted as u64))
            } else {
                String::new()
            }
        ));
    }
    out
}

/// `--quiet`: one line counting the issues, or nothing when there are none.
pub(super) fn render_issue_count(r: &IndexReport) -> Option<String> {
    let skipped = r.skipped.len() + r.skipped_omitted;
    let warnings = r.warnings.len() + r.warnings_omitted;
    let mut parts = Vec::new();
    if skipped > 0 {
        parts.push(format!(
            "{} file{} skipped",
            count(skipped as u64),
            plural(skipped)
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{} warning{}",
            count(warnings as u64),
            plural(warnings)
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "oim-search: {} (run without --quiet to see them)",
            parts.join(", ")
        )
    })
}

/// The lines for one list of issues, in the order met: an issue of a kind
/// met up to [`LISTED_PER_KIND`] times as it is, a more frequent kind once,
/// at its first issue, with its count.
fn issue_lines(lines: &mut Vec<String>, label: &str, issues: &[FileIssue], kinds: &[IssueKind]) {
    let kind_of = |issue: &FileIssue| kinds.iter().find(|k| k.kind == issue.problem.kind());
    for issue in issues {
        let line = format!(
            "{label} {}: {}",
            printable(&issue.location.to_string()),
            issue.problem
        );
        match kind_of(issue) {
            Some(kind) if kind.count > LISTED_PER_KIND => {
                if kind.first == *issue {
                    lines.push(format!(
                        "{line} (and {} more like it)",
                        count(kind.count as u64 - 1)
                    ));
                }
            }
            _ => lines.push(line),
        }
    }
}

fn documents(n: u64) -> String {
    format!("{} document{}", count(n), plural(n as usize))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oim_search::{IssueLocation, PageError, PageWarning, Problem, SkipReason};

    fn issue(path: &str, problem: Problem) -> FileIssue {
        FileIssue {
            location: IssueLocation::File(path.into()),
            problem,
        }
    }

    fn kind(n: usize, first: FileIssue) -> IssueKind {
        IssueKind {
            kind: first.problem.kind(),
            pattern: first.problem.pattern(),
            count: n,
            first,
        }
    }

    fn warning(warning: PageWarning) -> Problem {
        Problem::Warning(warning)
    }

    fn empty() -> Problem {
        Problem::Skipped(SkipReason::Page(PageError::Empty))
    }

    #[test]
    fn a_flood_of_one_kind_is_one_line_with_its_count() {
        let shared = |n: usize| {
            issue(
                &format!("p{n}.txt"),
                warning(PageWarning::SharedProjectId {
                    project_id: format!("X{n}"),
                    first: "a.txt".into(),
                }),
            )
        };
        let mut warnings: Vec<FileIssue> = (0..5).map(shared).collect();
        let no_title = issue("t.txt", warning(PageWarning::NoTitle));
        warnings.insert(2, no_title.clone());
        let kinds = [kind(5_828, shared(0)), kind(1, no_title)];
        let mut lines = Vec::new();
        issue_lines(&mut lines, "warning", &warnings, &kinds);
        assert_eq!(
            lines,
            [
                "warning p0.txt: project ID `X0` is also in `a.txt`; both are indexed (and 5,827 more like it)",
                "warning t.txt: no title: the first body line is used as title",
            ]
        );
    }

    #[test]
    fn a_kind_met_a_few_times_is_listed_file_by_file() {
        let issues = [issue("a.txt", empty()), issue("b.txt", empty())];
        let kinds = [kind(2, issues[0].clone())];
        let mut lines = Vec::new();
        issue_lines(&mut lines, "skipped", &issues, &kinds);
        assert_eq!(
            lines,
            ["skipped a.txt: empty file", "skipped b.txt: empty file"]
        );
    }

    #[test]
    fn the_counts_line_says_what_this_run_wrote_and_the_total_apart() {
        let report = IndexReport {
            unchanged: 20_000,
            documents: 20_000,
            ..IndexReport::default()
        };
        let text = render_report(&report, Path::new("index"), 1.5);
        assert_eq!(
            text,
            "indexed 0 documents into index in 1.50 s (0 new, 0 changed; 20,000 unchanged, 0 removed); the index holds 20,000 documents\n"
        );
    }

    #[test]
    fn quiet_counts_issues_in_one_line_or_says_nothing() {
        assert_eq!(render_issue_count(&IndexReport::default()), None);
        let report = IndexReport {
            skipped: vec![issue("a.txt", empty())],
            warnings_omitted: 2,
            warnings: vec![issue("b.txt", warning(PageWarning::NoTitle))],
            ..IndexReport::default()
        };
        assert_eq!(
            render_issue_count(&report).as_deref(),
            Some("oim-search: 1 file skipped, 3 warnings (run without --quiet to see them)")
        );
    }
}
