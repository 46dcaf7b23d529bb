//! The `oim-search` binary, run on temporary indexes with a pinned
//! environment; JSON output is parsed back into the library's types.

use crate::{oim, stdout_ok};
use assert_cmd::Command;
use oim_search::{Document, SearchResults};

/// The binary, with a fresh index of the real corpus.
fn indexed() -> (tempfile::TempDir, Command) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(crate::root().join("corpus"))
        .assert()
        .success();
    let cmd = oim(&index);
    (dir, cmd)
}

fn json_results(cmd: &mut Command) -> SearchResults {
    let out = stdout_ok(cmd);
    serde_json::from_slice(&out).expect("one JSON object")
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
    let out = stdout_ok(cmd.args(["show", "001_ef1731762793992b", "--json"]));
    let doc: Document = serde_json::from_slice(&out).unwrap();
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
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(crate::root().join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
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
    let out = stdout_ok(cmd.args(["stats", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["documents"], 5);
    assert_eq!(v["projects"], 3);
    assert_eq!(v["news"], 2);
    assert!(v["index_bytes"].as_u64().unwrap() > 0);
    let (_dir, mut cmd) = indexed();
    let out = stdout_ok(cmd.args(["facets", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
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
    let r = json_results(oim(&index).args([
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
        json_results(oim(&index).args(["search", "", "--json"])).total,
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
