//! The command line as a new user types it (issue 29): several words
//! without quotes, completions of fixed values, the manual's sections,
//! short errors, one number format, exports named by their extension, and
//! index paths that cannot write into the wrong folder.

use std::path::{Path, PathBuf};

use crate::{cli_corpus_index, copy_pages, oim, outputs, root, stderr_of, stdout_ok};
use oim_search::SearchResults;

/// The binary with no `--index`: the default path or `OIM_SEARCH_INDEX`.
fn bare() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("oim-search").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("OIM_SEARCH_INDEX");
    cmd
}

/// Lines of a help text that run `oim-search search`, without the
/// description aligned after them.
fn search_examples(help: &str) -> Vec<String> {
    help.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("oim-search search "))
        .map(|l| match l.find("   ") {
            Some(end) => l[..end].to_string(),
            None => l.to_string(),
        })
        .collect()
}

#[test]
fn several_unquoted_words_are_one_query() {
    let (_dir, index) = cli_corpus_index();
    let out = stdout_ok(oim(&index).args(["search", "diaspora", "Lesotho", "--json"]));
    let results: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!(results.query, "diaspora Lesotho");
    assert_eq!(results.hits[0].id, "003_30687b3d87caff90");
    // flags may sit between the words, as in rg and fd
    let out = stdout_ok(oim(&index).args(["search", "diaspora", "-n", "1", "Lesotho", "--json"]));
    let results: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!(results.query, "diaspora Lesotho");
}

#[test]
fn the_search_examples_of_help_and_man_run_as_written() {
    let work = tempfile::tempdir().unwrap();
    copy_pages(&root().join("corpus"), &work.path().join("corpus"));
    std::fs::write(work.path().join("queries.txt"), "diaspora\nmigration\n").unwrap();
    let text = |args: &[&str]| {
        String::from_utf8(stdout_ok(bare().current_dir(work.path()).args(args))).unwrap()
    };
    let top = text(&["--help"]);
    let short = text(&["search", "-h"]);
    let long = text(&["search", "--help"]);
    // roff writes each `-` as `\-` and each `'` as `\*(Aq`
    let man = text(&["man"]).replace("\\-", "-").replace("\\*(Aq", "'");
    let mut examples = search_examples(&top);
    examples.extend(search_examples(&long));
    assert!(examples.len() >= 8, "{examples:?}");
    for example in search_examples(&short) {
        assert!(examples.contains(&example), "{example}");
    }
    // the manual carries the top-level examples as they are
    for example in search_examples(&top) {
        assert!(man.contains(&example), "man lacks {example}");
    }
    let binary = assert_cmd::cargo::cargo_bin("oim-search");
    let mut path = binary.parent().unwrap().as_os_str().to_owned();
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    for example in examples {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&example)
            .current_dir(work.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("OIM_SEARCH_INDEX")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
