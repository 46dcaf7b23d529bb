//! What the command line prints for people: the index report and progress
//! on stderr (stdout kept for `--json`), `--quiet`, floods of one warning
//! summed up, and the text of search, show and stats.

use std::path::{Path, PathBuf};

use oim_search::SearchResults;

use crate::{cli_corpus_index, fixture, json_stdout, oim, outputs, root, stdout_ok};

/// A corpus of six pages sharing one project ID: five warnings of one kind.
fn shared_id_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let page = std::fs::read_to_string(fixture("bad/same_project_id_a.txt")).unwrap();
    for n in 0..6 {
        std::fs::write(corpus.join(format!("shared_{n}.txt")), &page).unwrap();
    }
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    corpus
}

#[test]
fn a_flood_of_one_warning_is_one_stderr_line_with_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = shared_id_corpus(dir.path());
    let (out, err) = outputs(
        oim(&dir.path().join("index"))
            .args(["index", "--corpus"])
            .arg(&corpus),
        0,
    );
    assert_eq!(out, "", "the report is not on stdout");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("indexed 6 documents into "), "{err}");
    let shared: Vec<&&str> = lines.iter().filter(|l| l.contains("MH.0042")).collect();
    assert_eq!(shared.len(), 1, "one line for the kind:\n{err}");
    assert!(
        shared[0].starts_with("warning ")
            && shared[0].contains("shared_1.txt: project ID `MH.0042` is also in `")
            && shared[0].ends_with("shared_0.txt`; both are indexed (and 4 more like it)"),
        "{err}"
    );
    // a kind met once keeps its own line
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("skipped ") && l.ends_with("empty.txt: empty file")),
        "{err}"
    );
    assert_eq!(lines.len(), 3, "{err}");

    // the JSON, on stdout, counts the kinds too
    let json = stdout_ok(
        oim(&dir.path().join("json"))
            .args(["index", "--json", "--corpus"])
            .arg(&corpus),
    );
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let kinds = json["warning_kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 1);
    assert_eq!(
        kinds[0]["pattern"],
        "project ID `…` is also in `…`; both are indexed"
    );
    assert_eq!(kinds[0]["kind"], "shared_project_id");
    assert_eq!(kinds[0]["first"]["kind"], "shared_project_id");
    assert_eq!(json["skipped"][0]["kind"], "empty_file");
    assert_eq!(json["skipped"][0]["message"], "empty file");
    assert_eq!(kinds[0]["count"], 5);
    assert_eq!(json["skipped_kinds"][0]["count"], 1);
}

#[test]
fn quiet_leaves_one_line_counting_the_issues() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = shared_id_corpus(dir.path());
    let (out, err) = outputs(
        oim(&dir.path().join("index"))
            .args(["--quiet", "index", "--progress-every", "0.01", "--corpus"])
            .arg(&corpus),
        0,
    );
    assert_eq!(out, "");
    assert_eq!(
        err,
        "oim-search: 1 file skipped, 5 warnings (run without --quiet to see them)\n"
    );
    // no issue: nothing at all; the flag goes after the subcommand too
    let (out, err) = outputs(
        oim(&dir.path().join("clean"))
            .args(["index", "-q", "--corpus"])
            .arg(root().join("corpus")),
        0,
    );
    assert_eq!((out.as_str(), err.as_str()), ("", ""));
    // the note of a first search that builds the index is left out too
    let work = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root().join("corpus"), work.path().join("corpus")).unwrap();
    let (out, err) = outputs(
        oim(&work.path().join("index"))
            .current_dir(work.path())
            .args(["search", "-q", "diaspora", "--limit", "1"]),
        0,
    );
    assert!(out.starts_with("1 result for \"diaspora\""), "{out}");
    assert_eq!(err, "");
    // and so is the line counting the rows of an export
    let (out, err) = outputs(
        oim(&work.path().join("index")).args(["--quiet", "search", "diaspora", "--format", "csv"]),
        0,
    );
    assert!(out.lines().count() > 1, "{out}");
    assert_eq!(err, "");
}

#[test]
fn progress_prints_plain_lines_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = outputs(
        oim(&dir.path().join("index"))
            .args(["index", "--progress-every", "0.01", "--corpus"])
            .arg(fixture("relevance")),
        0,
    );
    assert_eq!(out, "");
    let progress: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("oim-search: indexing: "))
        .collect();
    assert!(!progress.is_empty(), "{err}");
    assert!(
        progress.iter().all(|l| l.ends_with(" s elapsed")),
        "{progress:#?}"
    );
    let report = err.lines().position(|l| l.starts_with("indexed ")).unwrap();
    assert_eq!(
        report,
        progress.len(),
        "the report follows the progress:\n{err}"
    );
    // the default interval is 10 s: a short run prints no progress line
    let (_, err) = outputs(
        oim(&dir.path().join("quick"))
            .args(["index", "--corpus"])
            .arg(root().join("corpus")),
        0,
    );
    assert!(!err.contains("oim-search: indexing"), "{err}");
    oim(&dir.path().join("bad"))
        .args(["index", "--progress-every", "0", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .code(2);
}

#[test]
fn text_indexed_counts_what_the_json_indexed_counts() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = root().join("corpus");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert()
        .success();
    let json = stdout_ok(
        oim(&index)
            .args(["index", "--json", "--corpus"])
            .arg(&corpus),
    );
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let (_, err) = outputs(oim(&index).args(["index", "--corpus"]).arg(&corpus), 0);
    assert_eq!(json["indexed"], 0);
    assert!(
        err.starts_with("indexed 0 documents into ")
            && err.contains("5 unchanged")
            && err.contains("the index holds 5 documents"),
        "{err}"
    );
}

fn text(index: &Path, args: &[&str]) -> String {
    String::from_utf8(stdout_ok(oim(index).args(args))).unwrap()
}

#[test]
fn search_text_reads_as_one_english_line_per_field() {
    let (_dir, index) = cli_corpus_index();
    // expansion labels without the query's punctuation
    let out = text(&index, &["search", "diaspora basotho ?", "--limit", "1"]);
    assert!(
        out.contains("  also searched: basotho → Lesotho\n"),
        "{out}"
    );
    // corrections keep the capitals typed; no snippet opens inside `l’`
    let out = text(&index, &["search", "Lesoto élaboration"]);
    assert!(
        out.contains("  typo: \"Lesoto\" searched as Lesotho\n"),
        "{out}"
    );
    assert!(!out.contains("… ’") && !out.contains("… '"), "{out}");
    assert!(out.contains("… l’élaboration de stratégies"), "{out}");
    // summaries in English, budgets as in the aggregates line
    let out = text(&index, &["search", "", "--kind", "news"]);
    assert!(out.contains("Asie et Océanie (inferred)"), "{out}");
    assert!(!out.contains("déduite"), "{out}");
    let out = text(&index, &["search", "diaspora Lesotho"]);
    assert!(
        out.contains("\n   Afrique · Développement communautaire et économique · 200,000.00 USD · 2024 · Lesotho\n"),
        "{out}"
    );
    // browsing ranks by year: no score line
    let out = text(&index, &["search", ""]);
    assert!(!out.contains("score"), "{out}");
    assert!(
        out.contains("\n   001_ef1731762793992b · project\n"),
        "{out}"
    );
    let out = text(&index, &["search", "migration"]);
    assert!(out.contains(" · score "), "{out}");
}

#[test]
fn snippets_with_newlines_print_on_one_line() {
    let (_dir, index) = cli_corpus_index();
    let results: SearchResults = json_stdout(oim(&index).args(["search", "migration", "--json"]));
    let out = text(&index, &["search", "migration"]);
    let multi_line: Vec<_> = results
        .hits
        .iter()
        .filter(|h| h.snippet.contains('\n'))
        .collect();
    assert!(!multi_line.is_empty(), "the corpus has such a snippet");
    for hit in multi_line {
        let one_line = hit.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            out.contains(&format!("   {one_line}\n")),
            "{one_line}\n---\n{out}"
        );
    }
}

#[test]
fn titles_stay_bold_after_their_highlights() {
    let (_dir, index) = cli_corpus_index();
    let out = text(
        &index,
        &[
            "--color",
            "always",
            "search",
            "diaspora basotho",
            "--limit",
            "1",
        ],
    );
    let title = out.lines().find(|l| l.starts_with("1. ")).unwrap();
    assert!(
        title.ends_with(
            "la \x1b[1;33mdiaspora\x1b[0m\x1b[1m \x1b[1;33mbasotho\x1b[0m\x1b[1m\x1b[0m"
        ),
        "{title:?}"
    );
}

#[test]
fn show_and_stats_print_budgets_and_sizes_for_people() {
    let (_dir, index) = cli_corpus_index();
    let out = text(&index, &["show", "001_ef1731762793992b"]);
    assert!(out.contains("\nbudget           135,000.00 USD\n"), "{out}");
    let out = text(&index, &["stats"]);
    let size = out
        .lines()
        .find_map(|l| l.strip_prefix("index size   "))
        .unwrap();
    let (figure, unit) = size.split_once(' ').unwrap();
    assert!(
        figure.parse::<f64>().is_ok_and(|f| f < 1024.0) && ["KB", "MB"].contains(&unit),
        "{size}"
    );
}
