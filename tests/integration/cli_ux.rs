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

/// The block of the bash script that completes the value of `flag` in
/// `search`.
fn bash_case<'a>(script: &'a str, flag: &str) -> &'a str {
    // the generator names the block of `oim-search search` so
    let search = script
        .find("oim__subcmd__search__subcmd__search)")
        .expect("the search command's block");
    let block = &script[search..];
    let block = &block[..block[1..]
        .find("\n        oim__")
        .map_or(block.len(), |end| end + 1)];
    let start = block
        .find(&format!("{flag})"))
        .unwrap_or_else(|| panic!("no case for {flag}"));
    let case = &block[start..];
    &case[..case.find(";;").unwrap()]
}

#[test]
fn completions_offer_fixed_values_and_no_file_names_for_filters() {
    let script =
        |shell: &str| String::from_utf8(stdout_ok(bare().args(["completions", shell]))).unwrap();
    let (bash, zsh, fish) = (script("bash"), script("zsh"), script("fish"));
    let fixed: [(&str, &[&str]); 4] = [
        ("--sort", &["relevance", "budget", "year"]),
        ("--match", &["auto", "all", "any"]),
        ("--kind", &["project", "news"]),
        ("--budget", &["0-50000", "300000+"]),
    ];
    for (flag, values) in fixed {
        let case = bash_case(&bash, flag);
        for value in values {
            assert!(case.contains(value), "bash {flag}: {case}");
        }
        let long = flag.trim_start_matches("--");
        let zsh_line = zsh
            .lines()
            .find(|l| l.contains(&format!("--{long}=")))
            .unwrap();
        let fish_line = fish
            .lines()
            .find(|l| l.contains("using_subcommand search") && l.contains(&format!("-l {long} ")))
            .unwrap();
        for value in values {
            assert!(zsh_line.contains(value), "zsh {flag}: {zsh_line}");
            assert!(fish_line.contains(value), "fish {flag}: {fish_line}");
        }
    }
    for flag in [
        "--region",
        "--type",
        "--country",
        "--status",
        "--coverage",
        "--year",
        "--year-min",
        "--year-max",
        "--budget-min",
        "--budget-max",
        "--sort",
        "--match",
        "--kind",
        "--budget",
    ] {
        let case = bash_case(&bash, flag);
        assert!(
            !case.contains("compgen -f"),
            "bash offers files after {flag}"
        );
        let long = flag.trim_start_matches("--");
        let zsh_line = zsh
            .lines()
            .find(|l| l.contains(&format!("--{long}=")))
            .unwrap();
        assert!(!zsh_line.contains("_default"), "zsh {flag}: {zsh_line}");
        let fish_line = fish
            .lines()
            .find(|l| l.contains("using_subcommand search") && l.contains(&format!("-l {long} ")))
            .unwrap();
        assert!(fish_line.contains(" -f"), "fish {flag}: {fish_line}");
    }
}

#[test]
fn the_manual_has_exit_status_environment_and_files() {
    let man = String::from_utf8(stdout_ok(bare().arg("man"))).unwrap();
    for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES"] {
        assert!(man.contains(section), "no {section}");
    }
    let environment = &man[man.find(".SH ENVIRONMENT").unwrap()..];
    assert!(environment.contains("NO_COLOR") && environment.contains("OIM_SEARCH_INDEX"));
    let exit = &man[man.find(".SH \"EXIT STATUS\"").unwrap()..];
    for code in ["0", "1", "2", "3"] {
        assert!(exit.contains(&format!(".B {code}")), "exit code {code}");
    }
}

/// An index of `n` small documents naming 20 countries in turn, built
/// from JSON lines by the binary.
fn many_documents(n: usize) -> (tempfile::TempDir, PathBuf) {
    const COUNTRIES: [&str; 20] = [
        "Mali",
        "Niger",
        "Tchad",
        "Sénégal",
        "Maroc",
        "Tunisie",
        "Égypte",
        "Kenya",
        "Éthiopie",
        "Ghana",
        "Népal",
        "Inde",
        "Pérou",
        "Chili",
        "Mexique",
        "Haïti",
        "Cuba",
        "Liban",
        "Jordanie",
        "Irak",
    ];
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..n)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({
                    "id": format!("d{i}"),
                    "title": format!("Projet de migration {i}"),
                    "body": "Migration et développement.",
                    "countries": [COUNTRIES[i % COUNTRIES.len()]],
                    "budget_usd": 1000.0,
                    "kind": "project",
                })
            )
        })
        .collect();
    let ndjson = dir.path().join("docs.ndjson");
    std::fs::write(&ndjson, lines).unwrap();
    let index = dir.path().join("index");
    oim(&index)
        .args(["index", "--ndjson"])
        .arg(&ndjson)
        .assert()
        .success();
    (dir, index)
}

#[test]
fn an_unknown_country_names_a_few_close_values_and_how_to_list_them() {
    let (_dir, index) = many_documents(40);
    let err = stderr_of(oim(&index).args(["search", "--country", "Malo"]), 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown country `Malo`"), "{err}");
    assert!(err.contains("Mali"), "{err}");
    assert!(err.contains("oim-search facets"), "{err}");
    // a few values, not the 20
    let named = [
        "Niger", "Tchad", "Kenya", "Népal", "Inde", "Cuba", "Liban", "Irak",
    ]
    .iter()
    .filter(|c| err.contains(*c))
    .count();
    assert!(named <= 4, "{err}");
}

#[test]
fn counts_are_grouped_the_same_way_in_every_command() {
    let (_dir, index) = many_documents(1200);
    let (search, _) = outputs(oim(&index).args(["search", "", "-n", "0"]), 0);
    assert!(search.starts_with("1,200 results for \"\""), "{search}");
    let (stats, _) = outputs(oim(&index).arg("stats"), 0);
    assert!(
        stats.contains("documents    1,200 (1,200 projects, 0 news)"),
        "{stats}"
    );
    let (facets, _) = outputs(oim(&index).arg("facets"), 0);
    assert!(facets.contains("project (1,200)"), "{facets}");
    let (check, _) = outputs(oim(&index).arg("check"), 0);
    assert!(check.contains("1,200 documents"), "{check}");
    let (_, exported) = outputs(
        oim(&index)
            .args(["search", "", "--format", "csv", "--output"])
            .arg(index.with_extension("csv")),
        0,
    );
    assert!(exported.contains("exported 1,200 rows"), "{exported}");
}

/// The `took_ms` values of JSON text, as written.
fn took_ms_texts(json: &str) -> Vec<String> {
    json.match_indices("\"took_ms\":")
        .map(|(at, key)| {
            json[at + key.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect()
        })
        .collect()
}

#[test]
fn took_ms_has_at_most_two_decimals() {
    let (dir, index) = cli_corpus_index();
    let batch = dir.path().join("queries.txt");
    std::fs::write(&batch, "diaspora\nmigration\nLesotho\n").unwrap();
    let mut texts = Vec::new();
    for _ in 0..3 {
        let one =
            String::from_utf8(stdout_ok(oim(&index).args(["search", "migration", "-j"]))).unwrap();
        texts.extend(took_ms_texts(&one));
    }
    let many = String::from_utf8(stdout_ok(
        oim(&index).args(["search", "--batch"]).arg(&batch),
    ))
    .unwrap();
    texts.extend(took_ms_texts(&many));
    assert_eq!(texts.len(), 6);
    for text in texts {
        let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 2, "took_ms {text}");
    }
}

#[test]
fn excel_alone_writes_the_french_excel_csv() {
    let (dir, index) = cli_corpus_index();
    let out = dir.path().join("migrations.csv");
    oim(&index)
        .args(["search", "migrations", "--excel", "--output"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains(';'), "{text}");
    // --excel names a CSV dialect: with xlsx it is a usage error
    let err = stderr_of(
        oim(&index).args(["search", "x", "--excel", "--format", "xlsx"]),
        2,
    );
    assert!(err.contains("--excel"), "{err}");
}

#[test]
fn an_output_extension_that_contradicts_the_format_is_refused() {
    let (dir, index) = cli_corpus_index();
    let xlsx = dir.path().join("x.xlsx");
    let err = stderr_of(
        oim(&index)
            .args(["search", "migrations", "--format", "csv", "--output"])
            .arg(&xlsx),
        2,
    );
    assert!(
        err.contains("x.xlsx") && err.contains("--format xlsx"),
        "{err}"
    );
    assert!(!xlsx.exists(), "nothing written");
    let csv = dir.path().join("x.csv");
    let err = stderr_of(
        oim(&index)
            .args(["search", "migrations", "--format", "xlsx", "--output"])
            .arg(&csv),
        2,
    );
    assert!(
        err.contains("x.csv") && err.contains("--format csv"),
        "{err}"
    );
    // without --format, the extension says it
    oim(&index)
        .args(["search", "migrations", "--output"])
        .arg(&xlsx)
        .assert()
        .success();
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "a zip: xlsx"
    );
    oim(&index)
        .args(["search", "migrations", "--output"])
        .arg(&csv)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("id,kind,"));
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn no_index_is_created_in_a_folder_of_pages_or_other_files() {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    copy_pages(&root().join("corpus"), &corpus);
    let before = names_in(&corpus);
    for args in [&["search", "diaspora"][..], &["index"], &["stats"]] {
        let err = stderr_of(
            bare()
                .current_dir(work.path())
                .args(["--index", "corpus"])
                .args(args),
            2,
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("./corpus") && err.contains("pages") && err.contains("--index"),
            "{args:?}: {err}"
        );
        assert_eq!(names_in(&corpus), before, "{args:?} wrote into the pages");
    }
    // a folder of other files
    let notes = work.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("todo.md"), "x").unwrap();
    let err = stderr_of(
        bare()
            .current_dir(work.path())
            .args(["--index", "notes", "index", "--corpus", "corpus"]),
        2,
    );
    assert!(err.contains("./notes") && err.contains("--index"), "{err}");
    assert_eq!(names_in(&notes), ["todo.md"]);
    // an empty folder is fine
    std::fs::create_dir(work.path().join("empty")).unwrap();
    bare()
        .current_dir(work.path())
        .args(["--index", "empty", "index"])
        .assert()
        .success();
}

#[test]
fn the_index_variable_sets_the_index_path() {
    let (_dir, index) = cli_corpus_index();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = stdout_ok(
        bare()
            .current_dir(elsewhere.path())
            .env("OIM_SEARCH_INDEX", &index)
            .args(["search", "diaspora", "Lesotho", "-j"]),
    );
    let results: SearchResults = serde_json::from_slice(&out).unwrap();
    assert_eq!(results.hits[0].id, "003_30687b3d87caff90");
    // --index wins over the variable
    let err = stderr_of(
        bare()
            .current_dir(elsewhere.path())
            .env("OIM_SEARCH_INDEX", &index)
            .args(["--index", "missing", "search", "x"]),
        1,
    );
    assert!(err.contains("./missing"), "{err}");
}

#[test]
fn relative_paths_are_shown_as_dot_slash() {
    let work = tempfile::tempdir().unwrap();
    copy_pages(&root().join("corpus"), &work.path().join("corpus"));
    let (_, err) = outputs(
        bare().current_dir(work.path()).args(["search", "diaspora"]),
        0,
    );
    assert!(
        err.contains("no index at ./index: building it from ./corpus first"),
        "{err}"
    );
    let (out, _) = outputs(bare().current_dir(work.path()).arg("stats"), 0);
    assert!(out.starts_with("index        ./index\n"), "{out}");
}

#[test]
fn outside_a_repository_the_error_says_how_to_point_at_an_index() {
    let empty = tempfile::tempdir().unwrap();
    let err = stderr_of(bare().current_dir(empty.path()).args(["search", "x"]), 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    for part in [
        "no index at ./index",
        "--index DIR",
        "OIM_SEARCH_INDEX",
        "--corpus",
    ] {
        assert!(err.contains(part), "{part}: {err}");
    }
}

#[test]
fn a_mistyped_index_path_is_not_built_from_the_corpus() {
    let work = tempfile::tempdir().unwrap();
    copy_pages(&root().join("corpus"), &work.path().join("corpus"));
    let err = stderr_of(
        bare()
            .current_dir(work.path())
            .args(["--index", "indx", "search", "diaspora"]),
        1,
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no index at ./indx") && err.contains("--index ./indx index"),
        "{err}"
    );
    assert!(
        !work.path().join("indx").exists(),
        "nothing built at the typo"
    );
    // ./index, however written, is still built from ./corpus on first use
    bare()
        .current_dir(work.path())
        .arg("--index")
        .arg(work.path().join("index"))
        .args(["search", "diaspora"])
        .assert()
        .success();
}
