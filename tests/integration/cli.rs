//! The `oim-search` binary, run on temporary indexes with a pinned
//! environment; JSON output is parsed back into the library's types.

use crate::{cli_corpus_index, copy_pages, json_stdout, oim, stdout_ok};
use assert_cmd::Command;
use oim_search::{Document, SearchResults};

/// The binary, with a fresh index of the real corpus.
fn indexed() -> (tempfile::TempDir, Command) {
    let (dir, index) = cli_corpus_index();
    (dir, oim(&index))
}

#[test]
fn index_then_search_json_follows_the_contract() {
    let (_dir, mut cmd) = indexed();
    let out = stdout_ok(cmd.args(["search", "diaspora Lesotho", "--json"]));
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in ["query", "total", "hits", "facets"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let hit = &value["hits"][0];
    for key in [
        "id",
        "score",
        "title",
        "kind",
        "snippet",
        "highlights",
        "region",
        "project_type",
        "budget_usd",
        "countries",
        "project_id",
        "start_year",
        "end_year",
    ] {
        assert!(hit.get(key).is_some(), "hit misses {key}");
    }
    assert_eq!(hit["id"], "003_30687b3d87caff90");
    assert_eq!(hit["budget_usd"], 200000.0);
    assert_eq!(hit["start_year"], serde_json::Value::Null);
    assert_eq!(hit["end_year"], 2024);
    let results: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!(results.hits[0].metadata.countries, ["Lesotho"]);
}

#[test]
fn index_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = oim(dir.path())
        .args(["index", "--corpus"])
        .arg(crate::root().join("corpus"))
        .assert()
        .success();
    // the report is for people: stderr, stdout stays empty
    assert!(out.get_output().stdout.is_empty());
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(text.contains("indexed 5 documents"), "{text}");
    // a second run changes nothing: it indexed nothing, as the JSON says
    let out = oim(dir.path())
        .args(["index", "--corpus"])
        .arg(crate::root().join("corpus"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        text.starts_with("indexed 0 documents into ")
            && text.contains(
                "(0 new, 0 changed; 5 unchanged, 0 removed); the index holds 5 documents"
            ),
        "{text}"
    );
    let json = stdout_ok(
        oim(dir.path())
            .args(["index", "--json", "--corpus"])
            .arg(crate::root().join("corpus")),
    );
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        (json["indexed"].as_u64(), json["documents"].as_u64()),
        (Some(0), Some(5))
    );
}

#[test]
fn text_output_marks_highlights_only_when_asked() {
    let (_dir, mut cmd) = indexed();
    let out = stdout_ok(cmd.args(["search", "diaspora"]));
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("diaspora") && !text.contains("**") && !text.contains('\x1b'),
        "NO_COLOR: no markers"
    );
    let (_dir, cmd) = indexed();
    let mut cmd = cmd;
    cmd.env_remove("NO_COLOR");
    let text = String::from_utf8(stdout_ok(cmd.args(["search", "diaspora"]))).unwrap();
    assert!(
        text.contains("**diaspora**"),
        "piped: plain markers\n{text}"
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn show_lists_the_three_countries() {
    let (_dir, mut cmd) = indexed();
    let doc: Document = json_stdout(cmd.args(["show", "001_ef1731762793992b", "--json"]));
    assert_eq!(
        doc.countries,
        ["Afghanistan", "Iran (République islamique d’)", "Pakistan"]
    );
    let (_dir, mut cmd) = indexed();
    let text = String::from_utf8(stdout_ok(cmd.args(["show", "001_ef1731762793992b"]))).unwrap();
    assert!(
        text.contains("Afghanistan; Iran (République islamique d’); Pakistan"),
        "{text}"
    );
}

#[test]
fn errors_are_one_line_with_exit_codes() {
    let (_dir, mut cmd) = indexed();
    let out = cmd
        .args(["show", "nope"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("oim-search: error: no document with id `nope`"),
        "{err}"
    );

    // no index and no ./corpus where the command runs
    let empty = tempfile::tempdir().unwrap();
    let out = oim(&empty.path().join("index"))
        .current_dir(empty.path())
        .args(["search", "x"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no index at") && err.contains("oim-search index"),
        "{err}"
    );

    // missing corpus folder
    let out = oim(&empty.path().join("i2"))
        .args(["index", "--corpus"])
        .arg(empty.path().join("missing"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no corpus directory"));

    let (_dir, mut cmd) = indexed();
    cmd.args(["search", "x", "--bogus-flag"]).assert().code(2);
}

#[test]
fn out_of_range_memory_is_a_usage_error_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    for memory in ["99999999999999", &usize::MAX.to_string()] {
        let out = oim(&index)
            .args(["index", "--threads", "2", "--memory", memory, "--corpus"])
            .arg(crate::root().join("corpus"))
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("invalid memory `{memory}`"))
                && err.contains("at most 8190 MB with 2 indexing threads"),
            "{err}"
        );
        assert!(!index.join("meta.json").exists(), "no index was created");
    }
}

#[test]
fn search_builds_a_missing_index_from_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_pages(&crate::root().join("corpus"), &corpus);
    let mut cmd = Command::cargo_bin("oim-search").unwrap();
    let out = cmd
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["search", "diaspora Lesotho", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("building it from ./corpus"));
    let results: SearchResults = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.hits[0].id, "003_30687b3d87caff90");
    assert!(dir.path().join("index/meta.json").is_file());
}

#[test]
fn stats_and_facets_commands() {
    let (_dir, mut cmd) = indexed();
    let v: serde_json::Value = json_stdout(cmd.args(["stats", "--json"]));
    assert_eq!(v["documents"], 5);
    assert_eq!(v["projects"], 3);
    assert_eq!(v["news"], 2);
    assert!(v["index_bytes"].as_u64().unwrap() > 0);
    let (_dir, mut cmd) = indexed();
    let v: serde_json::Value = json_stdout(cmd.args(["facets", "--json"]));
    assert_eq!(v["kind"]["project"], 3);
}

#[test]
fn unknown_facet_value_exits_2_with_valid_values() {
    let (_dir, mut cmd) = indexed();
    let out = cmd
        .args(["search", "", "--region", "Asie et Oceanei"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown region `Asie et Oceanei`"), "{err}");
    assert!(err.contains("did you mean `Asie et Océanie`"), "{err}");
    assert!(err.contains("Afrique"), "{err}");
}

#[test]
fn batch_mode_answers_every_line_in_order() {
    let (dir, mut cmd) = indexed();
    let batch = dir.path().join("queries.txt");
    std::fs::write(
        &batch,
        "diaspora Lesotho\n{\"q\": \"migration\", \"region\": [\"Afrique\", \"asie et oceanie\"], \"limit\": 1}\n{bad json\n{\"q\": \"x\", \"region\": \"Atlantide\"}\n\"processus d'Almaty\" region:\"Asie et Océanie\"\n{\"q\": \"x\", \"colour\": 1}\n",
    )
    .unwrap();
    let out = stdout_ok(cmd.args(["search", "--json", "--batch"]).arg(&batch));
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["hits"][0]["id"], "003_30687b3d87caff90");
    assert!(lines[0]["took_ms"].as_f64().is_some());
    assert_eq!(
        lines[1]["hits"].as_array().unwrap().len(),
        1,
        "limit from the line"
    );
    assert_eq!(lines[1]["total"], 5, "two regions OR-ed cover the corpus");
    assert!(lines[2]["error"].as_str().unwrap().contains("invalid JSON"));
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("unknown region"));
    assert_eq!(lines[4]["hits"][0]["id"], "002_cec12265d2153c7a");
    assert!(lines[5]["error"]
        .as_str()
        .unwrap()
        .contains("unknown key `colour`"));

    // stdin works too
    let (_dir, mut cmd) = indexed();
    let out = stdout_ok(
        cmd.args(["search", "--json", "--batch", "-"])
            .write_stdin("Kirghizistan\n"),
    );
    let r: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!(r.hits[0].id, "000_88b2905237740b0f");
}

#[test]
fn ndjson_documents_are_indexed_and_bad_lines_reported() {
    let (dir, mut cmd) = indexed();
    let input = dir.path().join("docs.ndjson");
    std::fs::write(
        &input,
        concat!(
            "{\"id\": \"extra-1\", \"title\": \"Migration de main-d’œuvre au Népal\", \"body\": \"Les travailleurs népalais partent vers le Golfe.\", \"region\": \"Asie et Océanie\", \"type\": \"Migration de main-d’œuvre\", \"budget_usd\": 120000, \"countries\": [\"Nepal\"]}\n",
            "{\"title\": \"sans identifiant\"}\n",
            "not json\n",
        ),
    )
    .unwrap();
    let out = cmd
        .args(["index", "--ndjson"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("line 2") && text.contains("missing `id`"),
        "{text}"
    );
    assert!(
        text.contains("line 3") && text.contains("invalid JSON"),
        "{text}"
    );
    let index = dir.path().join("index");
    let r: SearchResults = json_stdout(oim(&index).args([
        "search",
        "travailleurs nepalais",
        "--match",
        "all",
        "--json",
    ]));
    assert_eq!(r.hits[0].id, "extra-1");
    assert_eq!(r.hits[0].metadata.countries, ["Népal"]);
    assert_eq!(
        r.hits[0].metadata.project_type.as_deref(),
        Some("Migration de main-d’œuvre")
    );
    assert_eq!(r.total, 1);
    // the corpus documents are still there
    assert_eq!(
        json_stdout::<SearchResults>(oim(&index).args(["search", "", "--json"])).total,
        6
    );
}

#[test]
fn eval_reports_figures_per_category() {
    let dir = tempfile::tempdir().unwrap();
    let set = crate::fixture("relevance-hard");
    let run = |json: bool| {
        let mut cmd = oim(&dir.path().join("index"));
        cmd.arg("eval")
            .arg(set.join("queries.jsonl"))
            .arg("--corpus")
            .arg(&set);
        if json {
            cmd.arg("--json");
        }
        stdout_ok(&mut cmd)
    };
    let report: serde_json::Value = serde_json::from_slice(&run(true)).unwrap();
    let categories = report["categories"].as_array().unwrap();
    let names: Vec<&str> = categories
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "question", "in order of first appearance");
    let empty = categories
        .iter()
        .find(|c| c["category"] == "empty")
        .unwrap();
    // menu-only words and nonsense find nothing, which is what they are judged to find
    assert_eq!(empty["ndcg_at_10"], 1.0);
    let sum: u64 = categories
        .iter()
        .map(|c| c["queries"].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, report["queries"].as_array().unwrap().len());
    let text = String::from_utf8(run(false)).unwrap();
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("empty") && l.contains("7 queries: MRR 1.000")),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().starts_with("83 queries: MRR"),
        "{text}"
    );
}

/// The subcommands that `oim-search --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let out = stdout_ok(Command::cargo_bin("oim-search").unwrap().arg("--help"));
    let help = String::from_utf8(out).unwrap();
    let list: Vec<String> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|name| name != "help")
        .collect();
    assert!(list.len() >= 10, "{help}");
    list
}

/// Runs the binary with `args` (no index needed) and returns (code, stdout, stderr).
fn run_plain(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("oim-search")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    let subcommands = subcommands();
    let (code, bash, _) = run_plain(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(bash.contains("complete -F _oim__search"), "a bash script");
    for sub in &subcommands {
        // bash's script has a case arm per subcommand: `oim__search,search)`
        let arm = format!("oim__search,{sub})");
        assert!(bash.contains(&arm), "bash completion misses `{sub}`");
    }
    // global options complete after a subcommand too
    assert!(bash.contains("--index"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, script, _) = run_plain(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for sub in &subcommands {
            assert!(script.contains(sub.as_str()), "{shell} misses `{sub}`");
        }
    }
    let (code, _, err) = run_plain(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("bash") && err.contains("zsh"), "{err}");
}

#[test]
fn man_page_prints_and_writes_one_page_per_command() {
    let subcommands = subcommands();
    let (code, page, _) = run_plain(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH oim-search 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH EXAMPLES",
        ".SH \"GLOBAL OPTIONS\"",
    ] {
        assert!(page.contains(section), "missing {section}");
    }
    for sub in &subcommands {
        assert!(
            page.contains(&format!("oim\\-search\\-{}(1)", sub.replace('-', "\\-"))),
            "the page does not list `{sub}`"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let (code, stdout, err) = run_plain(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let mut expected: Vec<String> = subcommands
        .iter()
        .map(|s| format!("oim-search-{s}.1"))
        .collect();
    expected.push("oim-search.1".into());
    for name in &expected {
        let page =
            std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.contains(".TH oim-search"), "{name}");
    }
    let search = std::fs::read_to_string(out.join("oim-search-search.1")).unwrap();
    assert!(search.contains("\\-\\-fail\\-if\\-empty"));
    assert!(
        search.contains("Query syntax:"),
        "the long help goes into the page"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), expected.len());
}

#[test]
fn help_shows_examples_query_keys_and_defaults_without_repeating_globals() {
    for sub in subcommands() {
        let (code, help, _) = run_plain(&[&sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(
            help.contains("\nExamples:\n"),
            "`{sub} --help` has no examples"
        );
        assert!(
            help.contains(&format!("  oim-search {sub}")),
            "`{sub} --help` shows no example of itself"
        );
        // the global options are listed once, in the top-level help
        assert!(
            !help.contains("      --color <WHEN>"),
            "`{sub} --help` repeats --color"
        );
        assert!(
            !help.contains("Possible values:\n          - auto"),
            "{sub}"
        );
        assert!(help
            .contains("Global options (--index DIR, --color WHEN, --synonyms FILE, -q/--quiet)"));
    }
    let (_, top, _) = run_plain(&["--help"]);
    assert!(
        top.contains("Global options:\n      --index <DIR>"),
        "{top}"
    );
    assert!(top.contains("      --color <WHEN>"));

    let (_, help, _) = run_plain(&["search", "--help"]);
    let keys: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Filter keys"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .flat_map(|l| l.split("  ").find(|s| !s.trim().is_empty()))
        .flat_map(|keys| keys.split(", "))
        .map(str::trim)
        .collect();
    // every facet key and its French alias is shown, and each shown key is
    // one the query parser reads
    for key in [
        "region:",
        "type:",
        "country:",
        "pays:",
        "status:",
        "statut:",
        "coverage:",
        "couverture:",
        "year:",
        "annee:",
        "year_min:",
        "year_max:",
        "budget:",
        "budget_min:",
        "budget_max:",
        "kind:",
    ] {
        assert!(keys.contains(&key), "`{key}` missing from {keys:?}");
    }
    for key in &keys {
        let parsed = oim_search::parse_query(&format!("{key}2019"));
        assert_eq!(parsed.filters.len(), 1, "`{key}` is not a filter key");
    }
    for default in [
        "by relevance when the query has words; by year, newest first",
        "--batch always prints JSON",
        "10 hits (-n/--limit",
    ] {
        assert!(help.contains(default), "missing default: {default}");
    }
    // -h stays short and points to --help
    let (_, short, _) = run_plain(&["search", "-h"]);
    assert!(!short.contains("Filter keys") && short.contains("oim-search search --help"));
}

#[test]
fn short_flags_and_global_options_after_the_command() {
    let (dir, _) = indexed();
    let index = dir.path().join("index");
    let out = Command::cargo_bin("oim-search")
        .unwrap()
        .env("NO_COLOR", "1")
        .args([
            "search",
            "diaspora Lesotho",
            "-j",
            "-n",
            "1",
            "--color",
            "never",
            "--index",
        ])
        .arg(&index)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let results: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!((results.limit, results.hits.len()), (1, 1));
    for sub in [
        &["stats", "-j"][..],
        &["facets", "-j"],
        &["show", "003_30687b3d87caff90", "-j"],
    ] {
        let out = stdout_ok(oim(&index).args(sub));
        serde_json::from_slice::<serde_json::Value>(&out)
            .unwrap_or_else(|e| panic!("{sub:?}: {e}"));
    }
}

#[test]
fn negative_and_out_of_range_numbers_get_a_range_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    for (args, message) in [
        (
            &["search", "x", "--limit", "-1"][..],
            "--limit must be a whole number from 0 to 1000: got `-1`",
        ),
        (
            &["search", "x", "-n", "1001"],
            "--limit must be a whole number from 0 to 1000: got `1001`",
        ),
        (
            &["search", "x", "--limit", "ten"],
            "--limit takes a whole number from 0 to 1000: got `ten`",
        ),
        (
            &["search", "x", "--offset", "-3"],
            "--offset must be a whole number from 0 to 100000: got `-3`",
        ),
        (
            &["search", "x", "--snippet-chars", "-1"],
            "--snippet-chars must be a whole number, 0 or more",
        ),
        (
            &["index", "--threads", "-2"],
            "--threads must be a whole number, 1 or more: got `-2`",
        ),
        (
            &["index", "--threads", "0"],
            "--threads must be a whole number, 1 or more: got `0`",
        ),
        (
            &["index", "--memory", "-128"],
            "--memory must be a whole number, 1 or more: got `-128`",
        ),
        (
            &["index", "--max-file-size", "-1"],
            "--max-file-size must be a whole number, 1 or more",
        ),
        (
            &["index", "--progress-every", "-1"],
            "`-1` is out of range: give a number of seconds from 0.01 to 86400",
        ),
        (&["serve", "--addr", "-1"], "invalid address `-1`"),
    ] {
        let out = oim(&index).args(args).assert().code(2).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("-- -"), "{args:?}: clap's `-- -1` tip: {err}");
        assert!(!index.exists(), "{args:?} created the index");
    }
    // negative bounds of ranges are values, not flags: read by the
    // library's vocabulary, which refuses them as it does in a URL or in
    // `year_min:` typed in the query
    let (dir, _) = indexed();
    let index = dir.path().join("index");
    for (flag, message) in [
        (
            "--year-min",
            "invalid year_min `-5`: out of range: give a year from 1900 to 2100",
        ),
        ("--budget-min", "invalid budget_min `-5`: out of range"),
    ] {
        let out = oim(&index)
            .args(["search", "", flag, "-5"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{flag}: {err}");
        assert!(!err.contains("-- -"), "{flag}: clap's `-- -1` tip: {err}");
    }
}

#[test]
fn fail_if_empty_exits_1_after_printing_the_answer() {
    let (dir, _) = indexed();
    let index = dir.path().join("index");
    let run = |args: &[&str], stdin: &str| {
        let out = oim(&index).args(args).write_stdin(stdin).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, err) = run(&["search", "zzqxw", "--fail-if-empty"], "");
    assert_eq!(code, 1);
    assert!(out.starts_with("0 results"), "{out}");
    assert!(err.is_empty(), "no error line: {err}");
    let (code, out, _) = run(&["search", "zzqxw", "-j", "--fail-if-empty"], "");
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<SearchResults>(&out).unwrap().total,
        0
    );
    // without the flag nothing matching is a success; a match is one anyway
    assert_eq!(run(&["search", "zzqxw"], "").0, 0);
    assert_eq!(run(&["search", "diaspora", "--fail-if-empty"], "").0, 0);
    // a match beyond the page shown is still a match
    assert_eq!(
        run(&["search", "diaspora", "-n", "0", "--fail-if-empty"], "").0,
        0
    );
    // a batch fails only when no query matched
    let (code, out, _) = run(
        &["search", "--batch", "-", "--fail-if-empty"],
        "zzqxw\nwwxxq\n",
    );
    assert_eq!((code, out.lines().count()), (1, 2));
    let (code, out, _) = run(
        &["search", "--batch", "-", "--fail-if-empty"],
        "zzqxw\ndiaspora\n",
    );
    assert_eq!((code, out.lines().count()), (0, 2));
    // the export: no rows
    let (code, out, _) = run(
        &["search", "zzqxw", "--format", "csv", "--fail-if-empty"],
        "",
    );
    assert_eq!((code, out.lines().count()), (1, 1), "the header only");
}
