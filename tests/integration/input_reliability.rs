//! Issue 28, the input half: each test is named after the item it covers
//! (`item9_…`) and failed before its fix. Hostile inputs (`/dev/zero`,
//! glued numbers, invisible characters, huge synonym groups) must end in a
//! message naming the file, line or value, never in a panic, a hang or a
//! machine out of memory.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use oim_search::{Engine, SearchRequest, Synonyms};

use super::{cli_corpus_index, doc, engine_with, oim, search_ids};

/// An empty engine in a temporary folder.
fn empty_engine() -> (tempfile::TempDir, Engine) {
    engine_with([])
}

/// Runs the binary with `args` under a 2 GB address-space limit and a
/// 20 s timeout, so that a regression that reads without end fails the
/// test instead of eating the machine: (exit code, stderr, seconds taken).
fn bounded_run(index: &Path, args: &[&str]) -> (Option<i32>, String, f64) {
    let bin = assert_cmd::cargo::cargo_bin("oim-search");
    let mut script = format!(
        "ulimit -v 2000000; exec '{}' --index '{}'",
        bin.display(),
        index.display()
    );
    for a in args {
        script.push_str(&format!(" '{a}'"));
    }
    let started = Instant::now();
    let out = assert_cmd::Command::new("sh")
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed().as_secs_f64(),
    )
}

/// Runs `work` on a thread and fails when it takes over `seconds`.
fn within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("took over {seconds} s"))
}

// ---- item 1: NDJSON years ------------------------------------------------

#[test]
fn item1_ndjson_years_outside_1900_2100_are_left_out_with_a_warning() {
    let (_dir, engine) = empty_engine();
    let input = concat!(
        r#"{"id": "a", "title": "Diaspora", "start_year": 20190101, "end_year": 2021}"#,
        "\n",
        r#"{"id": "b", "title": "Diaspora", "year": 99999, "end_year": 1}"#,
        "\n",
        r#"{"id": "c", "title": "Diaspora", "start_year": -2147483648}"#,
        "\n",
    );
    let report = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap();
    assert_eq!(report.indexed, 3, "{report:?}");
    let a = engine.get("a").unwrap().unwrap();
    assert_eq!((a.start_year, a.end_year), (None, Some(2021)));
    let b = engine.get("b").unwrap().unwrap();
    assert_eq!((b.year, b.end_year), (None, None));
    assert_eq!(engine.get("c").unwrap().unwrap().start_year, None);
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.location, w.message()))
        .collect();
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "docs.ndjson: line 1: `start_year` 20190101 is not a year from 1900 to 2100"
        ),
        "{warnings:?}"
    );
    // the line is typed, and so is the warning
    assert_eq!(
        report.warnings[0].location,
        oim_search::IssueLocation::Line {
            source: "docs.ndjson".into(),
            line: 1
        }
    );
    assert_eq!(report.warnings[0].problem.kind(), "year_out_of_range");
    // the years that are kept still give the year facet
    let results = engine
        .search(&SearchRequest::new("diaspora").aggregates(true))
        .unwrap();
    let years: Vec<i32> = results
        .aggregates
        .unwrap()
        .years
        .iter()
        .map(|y| y.year)
        .collect();
    assert_eq!(years, [2021]);
}

// ---- item 4: synonym groups ----------------------------------------------

fn group(entries: usize) -> String {
    (0..entries)
        .map(|i| format!("zzterme{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn item4_a_huge_synonym_group_is_refused_at_once_naming_its_line() {
    // 3 000 entries cost over 110 s and 3.8 GB when each entry held a copy
    // of the group
    let text = format!("# mine\n{}\n", group(3000));
    let err = within(10, move || Synonyms::parse(&text, "mine.txt")).unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("mine.txt", 2));
    assert!(err.to_string().contains("3000 entries"), "{err}");
    // the largest group allowed is quick and finds every other entry
    let text = group(100);
    let s = within(10, move || Synonyms::parse(&text, "mine.txt")).unwrap();
    let m = s.lookup(&["zzterme7"], 0).unwrap();
    assert_eq!(m.expansions.len(), 99);
    assert!(!m.expansions.contains(&"zzterme7"));
}

#[test]
fn item4_a_synonym_file_over_its_cap_is_refused_with_its_name() {
    let (_dir, index) = cli_corpus_index();
    let big = index.parent().unwrap().join("big.txt");
    let mut file = std::fs::File::create(&big).unwrap();
    for i in 0..60_000 {
        writeln!(file, "zzmot{i}, zzautre{i}").unwrap();
    }
    drop(file);
    let (code, stderr, _) = bounded_run(&index, &["--synonyms", big.to_str().unwrap(), "stats"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("big.txt") && stderr.contains("larger than 1 MiB"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

// ---- item 6: endless lines -----------------------------------------------

#[cfg(unix)]
#[test]
fn item6_dev_zero_ends_every_line_reader_with_an_error_naming_the_line() {
    let (_dir, index) = cli_corpus_index();
    for args in [
        &["search", "--batch", "/dev/zero"][..],
        &["index", "--ndjson", "/dev/zero"],
        &["eval", "/dev/zero"],
        &["--synonyms", "/dev/zero", "stats"],
    ] {
        let (code, stderr, seconds) = bounded_run(&index, args);
        assert!(matches!(code, Some(1 | 2)), "{args:?}: {code:?} {stderr}");
        assert!(
            stderr.contains("/dev/zero") && (stderr.contains("line 1") || stderr.contains("MiB")),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("longer than") || stderr.contains("larger than"),
            "{args:?}: {stderr}"
        );
        // a second in a release build; the debug build and a busy machine get slack
        assert!(seconds < 5.0, "{args:?} took {seconds} s");
    }
}

#[test]
fn item6_a_long_line_in_the_middle_is_named_and_the_lines_before_it_kept() {
    let (_dir, engine) = empty_engine();
    let mut input = String::from("{\"id\": \"a\", \"title\": \"Diaspora\"}\n");
    input.push_str(&format!(
        "{{\"id\": \"b\", \"title\": \"{}\"}}\n",
        "x".repeat(17 * 1024 * 1024)
    ));
    input.push_str("{\"id\": \"c\", \"title\": \"Diaspora\"}\n");
    let err = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("docs.ndjson: line 2") && err.contains("longer than 16 MiB"),
        "{err}"
    );
    assert!(err.contains("1 documents before it were indexed"), "{err}");
    // the line before is indexed and committed; nothing after it is read
    assert!(engine.get("a").unwrap().is_some());
    assert!(engine.get("c").unwrap().is_none());
}

// ---- item 8: overlong ids ------------------------------------------------

#[test]
fn item8_ids_over_256_characters_are_refused_with_a_message() {
    let (_dir, engine) = empty_engine();
    let long = "é".repeat(257);
    let huge = "x".repeat(70_000);
    let input = format!(
        "{{\"id\": \"{long}\", \"title\": \"a\"}}\n{{\"id\": \"{huge}\", \"title\": \"a\"}}\n{{\"id\": \"{}\", \"title\": \"a\"}}\n",
        "é".repeat(256)
    );
    let report = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap();
    assert_eq!((report.indexed, report.skipped.len()), (1, 2), "{report:?}");
    for skipped in &report.skipped {
        assert!(
            skipped.message().contains("at most 256") && skipped.message().len() < 300,
            "{}",
            skipped.message()
        );
    }
    assert_eq!(engine.num_docs(), 1);
}

// ---- item 9: budgets -----------------------------------------------------

fn page_budget(value: &str) -> (Option<f64>, Vec<String>) {
    let page = format!(
        "Titre du projet\n\n  • IDF Region\n    Afrique\n  • Budget Amount (USD)\n    {value}\nLe corps du texte."
    );
    let parsed = oim_search::parse_page("p", &page).unwrap();
    let warnings = parsed.warnings.iter().map(|w| w.to_string()).collect();
    (parsed.document.budget_usd, warnings)
}

#[test]
fn item9_spaced_digits_are_not_glued_into_one_budget() {
    for value in ["100 000 200 000", &"999 ".repeat(30), "12 34", "1 2 3"] {
        let (budget, warnings) = page_budget(value);
        assert_eq!(budget, None, "{value:?}");
        assert_eq!(warnings.len(), 1, "{value:?}: {warnings:?}");
        assert!(
            warnings[0].contains(&value.trim().chars().take(5).collect::<String>())
                && warnings[0].contains("without a budget"),
            "{warnings:?}"
        );
    }
    for (value, amount) in [("37 887", 37_887.0), ("1 234 567,00", 1_234_567.0)] {
        assert_eq!(page_budget(value), (Some(amount), vec![]), "{value:?}");
    }
}

#[test]
fn item9_budget_sums_cannot_saturate() {
    let (_dir, engine) = empty_engine();
    let input = concat!(
        r#"{"id": "a", "title": "Diaspora", "budget_usd": 1e17}"#,
        "\n",
        r#"{"id": "b", "title": "Diaspora", "budget_usd": 1e90}"#,
        "\n",
        r#"{"id": "c", "title": "Diaspora", "budget_usd": 150000.5}"#,
        "\n",
    );
    let report = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap();
    assert_eq!(report.indexed, 3);
    assert_eq!(report.warnings.len(), 2, "{report:?}");
    assert!(
        report.warnings[0].message().contains("is over 40"),
        "{report:?}"
    );
    let results = engine
        .search(&SearchRequest::new("diaspora").aggregates(true))
        .unwrap();
    let aggregates = results.aggregates.unwrap();
    assert_eq!(
        (aggregates.budget_usd, aggregates.with_budget),
        (150000.5, 1)
    );
}

// ---- item 10: invisible characters ---------------------------------------

#[test]
fn item10_invisible_format_characters_do_not_break_words() {
    let (_dir, engine) = engine_with([
        doc(
            "api",
            "Mi\u{ad}gration de main\u{2060}-d’œuvre",
            "Un projet de dé\u{200b}veloppement.",
        ),
        doc("plain", "Santé", "Rien à voir."),
    ]);
    let page = "Re\u{feff}mises de fonds\n\n  • IDF Region\n    Afrique\nLa dia\u{200c}spora et le co\u{200d}dé\u{ad}veloppement.";
    let parsed = oim_search::parse_page("page", page).unwrap();
    assert_eq!(parsed.document.title, "Remises de fonds");
    engine.add(parsed.document).unwrap();
    engine.commit().unwrap();
    for (query, expected) in [
        ("migration", "api"),
        ("développement", "api"),
        ("diaspora", "page"),
        ("codéveloppement", "page"),
        ("remises", "page"),
        // the same characters typed or pasted into a query
        ("mig\u{ad}ration", "api"),
        ("dévelop\u{200b}pement", "api"),
        ("\u{feff}dias\u{2060}pora", "page"),
    ] {
        let found = search_ids(&engine, SearchRequest::new(query));
        assert_eq!(found, [expected], "{query:?}");
    }
    // and the stored text holds none of them
    let stored = engine.get("api").unwrap().unwrap();
    assert_eq!(stored.title, "Migration de main-d’œuvre");
    assert_eq!(stored.body, "Un projet de développement.");
}

// ---- items 7 and 11: the word list is tied to its commit -----------------

/// `check`'s exit code and stderr on the index in `dir`.
fn check(dir: &Path) -> (i32, String) {
    let out = oim(dir).arg("check").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn item7_a_list_left_by_a_kill_before_the_commit_is_rebuilt_not_counted_twice() {
    let (dir, engine) = engine_with([doc("a", "Migration", "Des wombats au Lesotho.")]);
    let meta = dir.path().join("meta.json");
    let first_commit = std::fs::read(&meta).unwrap();
    engine
        .add(doc("b", "Retour", "Des wombats et des koalas."))
        .unwrap();
    engine.finish_writing().unwrap();
    drop(engine);
    // the state a kill between the list's write and the commit leaves: the
    // list holds b's words, the last commit does not hold b
    std::fs::write(&meta, first_commit).unwrap();
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("words.fst is not the one the index's last commit names")
            && stderr.contains("run `oim-search index`"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // the run again: b's words are counted once, as a full rebuild counts them
    let engine = Engine::open(dir.path()).unwrap();
    engine
        .add(doc("b", "Retour", "Des wombats et des koalas."))
        .unwrap();
    engine.finish_writing().unwrap();
    let (rebuilt, _rebuilt_engine) = engine_with([
        doc("a", "Migration", "Des wombats au Lesotho."),
        doc("b", "Retour", "Des wombats et des koalas."),
    ]);
    assert_eq!(
        std::fs::read(dir.path().join("words.fst")).unwrap(),
        std::fs::read(rebuilt.path().join("words.fst")).unwrap(),
        "the same counts as a full rebuild"
    );
    assert_eq!(check(dir.path()).0, 0);
}

#[test]
fn item11_a_missing_damaged_or_foreign_list_fails_check_and_an_index_run_repairs_it() {
    let (_dir, index) = cli_corpus_index();
    let list = index.join("words.fst");
    let good = std::fs::read(&list).unwrap();
    let (other, _other_engine) = engine_with([doc("w", "Wombats", "Des wombats.")]);
    let foreign = std::fs::read(other.path().join("words.fst")).unwrap();
    for damage in ["missing", "damaged", "foreign"] {
        match damage {
            "missing" => std::fs::remove_file(&list).unwrap(),
            "damaged" => std::fs::write(&list, &good[..good.len() / 2]).unwrap(),
            _ => std::fs::write(&list, &foreign).unwrap(),
        }
        let (code, stderr) = check(&index);
        assert_eq!(code, 1, "{damage}: {stderr}");
        assert!(
            stderr.starts_with("oim-search: error: the word list of")
                && stderr.contains("words.fst is")
                && stderr.contains("run `oim-search index` to rebuild it"),
            "{damage}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        // an incremental run with nothing to change repairs it
        oim(&index)
            .args(["index", "--corpus"])
            .arg(super::root().join("corpus"))
            .assert()
            .success();
        assert_eq!(check(&index).0, 0, "{damage}");
        assert_eq!(std::fs::read(&list).unwrap(), good, "{damage}");
    }
}

// ---- item 12: escape codes from the pages --------------------------------

#[test]
fn item12_escape_codes_in_titles_and_facet_values_reach_the_terminal_inert() {
    let (_dir, index) = cli_corpus_index();
    let ndjson = index.parent().unwrap().join("docs.ndjson");
    let doc = serde_json::json!({
        "id": "esc",
        "title": "Rapport \u{1b}[31mwombat\u{1b}[0m",
        "body": "Des wombats.\n\u{1b}[2JEffacé\u{7}.",
        "region": "Af\u{1b}]0;pwn\u{7}rique",
        "status": "En \u{1b}[5mcours",
        "extra": {"Cl\u{1b}[1mé": "va\u{9b}leur"},
    });
    std::fs::write(&ndjson, format!("{doc}\n")).unwrap();
    oim(&index)
        .args(["index", "--ndjson"])
        .arg(&ndjson)
        .assert()
        .success();
    for args in [
        &["show", "esc"][..],
        &["facets"],
        &["facets", "--budget"],
        &["search", "wombat"],
        &["search", "wombat", "--facets"],
    ] {
        let out = oim(&index)
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?}: {stdout:?}"
        );
        assert!(stdout.contains("\\u{1b}"), "{args:?}: {stdout}");
    }
}

// ---- item 13: messages, not panics ---------------------------------------

#[test]
fn item13_progress_every_out_of_range_is_a_message_not_a_panic() {
    let (_dir, index) = cli_corpus_index();
    for value in ["1e20", "inf", "100000"] {
        let out = oim(&index)
            .args(["index", "--corpus"])
            .arg(super::root().join("corpus"))
            .args(["--progress-every", value])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("`{value}` is out of range")) && stderr.contains("86400"),
            "{stderr}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn item13_completions_to_a_full_disk_is_a_message_not_a_panic() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("oim-search"))
        .args(["completions", "bash"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("oim-search: error: cannot write the completion script")
            && stderr.contains("No space left"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn item13_a_hand_edited_max_doc_is_reported_as_damage_not_a_panic() {
    let (_dir, index) = cli_corpus_index();
    let meta_path = index.join("meta.json");
    let good = std::fs::read(&meta_path).unwrap();
    for edit in [1000i64, -1] {
        let mut meta: serde_json::Value = serde_json::from_slice(&good).unwrap();
        let max_doc = &mut meta["segments"][0]["max_doc"];
        *max_doc = serde_json::json!(max_doc.as_i64().unwrap() + edit);
        std::fs::write(&meta_path, meta.to_string()).unwrap();
        edited_max_doc_is_damage(&index);
    }
}

fn edited_max_doc_is_damage(index: &Path) {
    for args in [&["search", "migration"][..], &["check"], &["show", "x"]] {
        let out = oim(index).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("damaged") && stderr.contains("oim-search index --full"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

// ---- item 5: phrases and hyphenated words --------------------------------

#[test]
fn item5_a_huge_phrase_or_hyphenated_word_is_cut_like_a_long_query() {
    // one 1 MB batch line took 17.7 s and 657 MB in a release build
    for query in [
        format!("\"{}\"", "migration retour ".repeat(30_000)),
        "migration-retour-".repeat(30_000),
    ] {
        let parsed = oim_search::parse_query(&query);
        assert_eq!(parsed.clauses.len(), 1);
        assert_eq!(
            parsed.clauses[0]
                .text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count(),
            32
        );
        let results = within(60, move || {
            super::corpus_engine()
                .search(&SearchRequest::new(query))
                .unwrap()
        });
        let notes: Vec<String> = results.notes.iter().map(|n| n.to_string()).collect();
        assert!(
            notes.iter().any(|n| n == "query cut to its first 32 words"),
            "{notes:?}"
        );
    }
}

#[test]
fn item8_check_compares_the_stored_ids_even_those_too_long_for_the_term_index() {
    let (dir, engine) = engine_with([doc("a", "Migration", "Des wombats.")]);
    drop(engine);
    // two copies of an id of 70 000 bytes, as re-imports by earlier
    // versions left them: the term index cannot hold it, the id column does
    let index = tantivy::Index::open_in_dir(dir.path()).unwrap();
    // only the id is written: the engine's analyzers are stood in for
    for (_, entry) in index.schema().fields() {
        if let tantivy::schema::FieldType::Str(options) = entry.field_type() {
            if let Some(indexing) = options.get_indexing_options() {
                let name = indexing.tokenizer();
                if index.tokenizers().get(name).is_none() {
                    index
                        .tokenizers()
                        .register(name, tantivy::tokenizer::RawTokenizer::default());
                }
            }
        }
    }
    let payload = index.load_metas().unwrap().payload.unwrap();
    let id = index.schema().get_field("id").unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let long = "x".repeat(70_000);
    for _ in 0..2 {
        let mut copy = tantivy::TantivyDocument::default();
        copy.add_text(id, &long);
        writer.add_document(copy).unwrap();
    }
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(&payload);
    prepared.commit().unwrap();
    drop(writer);
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("id `{}…` is held by 2 documents", "x".repeat(80)))
            && stderr.contains("oim-search index --full"),
        "{stderr}"
    );
    assert!(stderr.len() < 500, "{stderr}");
}

// ---- item 14: NDJSON messages --------------------------------------------

#[test]
fn item14_ndjson_values_are_read_like_page_values_with_messages_naming_the_field() {
    let (_dir, engine) = empty_engine();
    let long_title = "Migration et développement ".repeat(40);
    let paragraph = "mot ".repeat(200_000);
    let lines = [
        // 1: a wrong type names its field
        serde_json::json!({"id": "a", "title": 5}),
        // 2: null is absent, for every field
        serde_json::json!({"id": "b", "title": null, "body": null, "countries": null,
            "extra": null, "kind": null, "region_inferred": null, "year": null}),
        // 3: text years and budgets, as pages write them
        serde_json::json!({"id": "c", "title": "Diaspora", "start_year": "2019",
            "budget_usd": "37 887"}),
        // 4: a title cut as on pages, a paragraph that is no country
        serde_json::json!({"id": "d", "title": long_title, "countries": ["Mali", paragraph]}),
        // 5: b again: a replacement, not a new document
        serde_json::json!({"id": "b", "title": "Bis"}),
    ];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let report = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap();
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(
        report.skipped[0].message(),
        "field `title`: invalid type: integer `5`, expected a string; see the document fields in the README"
    );
    assert_eq!(
        (report.indexed, report.added, report.updated),
        (4, 3, 1),
        "{report:?}"
    );
    let c = engine.get("c").unwrap().unwrap();
    assert_eq!((c.start_year, c.budget_usd), (Some(2019), Some(37_887.0)));
    let d = engine.get("d").unwrap().unwrap();
    assert!(
        d.title.chars().count() <= 301 && d.title.ends_with('…'),
        "{}",
        d.title
    );
    assert!(d.body.starts_with(long_title.trim()));
    assert_eq!(d.countries, ["Mali"]);
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.message()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().all(|w| w.len() < 300), "{warnings:?}");
    assert!(warnings
        .iter()
        .any(|w| w.contains("is too long to be a country name")));
    assert!(warnings.iter().any(|w| w.starts_with("title of")));
    // and replacing every document again counts them as changed
    let again = engine
        .index_ndjson(input.as_bytes(), "docs.ndjson")
        .unwrap();
    assert_eq!((again.added, again.updated), (0, 4), "{again:?}");
}

#[test]
fn item14_a_page_beneficiary_field_of_a_whole_paragraph_is_no_facet_value() {
    let page = format!(
        "Titre du projet\n\n  • Etat(s) membre(s) beneficiaires remplissant les conditions requises\n    Mali, {}\nLe corps du texte.",
        "mot ".repeat(200_000)
    );
    let parsed = oim_search::parse_page("p", &page).unwrap();
    let countries = &parsed.document.countries;
    assert!(countries == &["Mali"], "{} countries", countries.len());
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings.len());
    assert!(parsed.warnings[0].to_string().len() < 300);
}

// ---- item 15: odds and ends ----------------------------------------------

#[test]
fn item15_the_modifier_letter_apostrophe_is_an_apostrophe_in_filters_and_queries() {
    let (_dir, engine) = engine_with([oim_search::Document {
        id: "ci".into(),
        title: "Retour volontaire".into(),
        body: "Un projet en Côte d’Ivoire.".into(),
        countries: vec!["Côte d’Ivoire".into()],
        project_type: Some("Migration de main-d’œuvre".into()),
        ..oim_search::Document::default()
    }]);
    let apostrophe = '\u{2bc}';
    for request in [
        SearchRequest::new("").filter(
            oim_search::Facet::Country,
            format!("Côte d{apostrophe}Ivoire"),
        ),
        SearchRequest::new("").filter(
            oim_search::Facet::Type,
            format!("Migration de main-d{apostrophe}œuvre"),
        ),
        SearchRequest::new(format!("d{apostrophe}Ivoire")),
        SearchRequest::new(format!("main-d{apostrophe}œuvre")),
    ] {
        assert_eq!(search_ids(&engine, request.clone()), ["ci"], "{request:?}");
    }
}

#[test]
fn item15_a_killed_eval_corpus_runs_temporary_index_is_removed_by_the_next_run() {
    let temp = tempfile::tempdir().unwrap();
    // what a killed run leaves: its folder, no process holding its lock
    let killed = temp.path().join("oim-search-eval-killed");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join(".in-use"), b"").unwrap();
    std::fs::write(killed.join("meta.json"), vec![b'x'; 1 << 20]).unwrap();
    // a run still going holds its lock: its folder stays
    let running = temp.path().join("oim-search-eval-running");
    std::fs::create_dir(&running).unwrap();
    let lock = std::fs::File::create(running.join(".in-use")).unwrap();
    lock.lock().unwrap();
    let other = temp.path().join("someone-elses");
    std::fs::create_dir(&other).unwrap();
    let set = super::fixture("relevance-hard");
    oim(&temp.path().join("index"))
        .env("TMPDIR", temp.path())
        .arg("eval")
        .arg(set.join("queries.jsonl"))
        .arg("--corpus")
        .arg(&set)
        .assert()
        .success();
    assert!(!killed.exists(), "the killed run's index is removed");
    assert!(running.exists() && other.exists());
    let left: Vec<String> = std::fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("oim-search-eval-") && n != "oim-search-eval-running")
        .collect();
    assert!(left.is_empty(), "the run removes its own: {left:?}");
}

#[test]
fn item15_a_year_filter_out_of_range_is_told_so_not_asked_for_a_number() {
    let err = super::corpus_engine()
        .search(&SearchRequest::new("").filter(oim_search::Facet::Year, "99999999999"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "invalid year `99999999999`: out of range: give a year such as 2019 or a range such as 2015-2020"
    );
}

/// Item 15: ranges typed in the query (`year_min:`, `budget_min:`) out of
/// range were asked for "a number", or silently clamped to i32.
#[test]
fn item15_a_range_typed_in_the_query_out_of_range_is_told_so() {
    let engine = super::corpus_engine();
    let err = engine
        .search(&SearchRequest::new("migration year_min:99999999999"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("out of range: give a year from 1900 to 2100"),
        "{err}"
    );
    let err = engine
        .search(&SearchRequest::new("migration budget_min:-5"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("out of range: give an amount in USD"), "{err}");
    let err = engine
        .search(&SearchRequest::new("migration year_min:abc"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("give a year such as 2019"), "{err}");
    let ok = engine
        .search(&SearchRequest::new("migration year_min:2019"))
        .unwrap();
    assert!(ok.total > 0);
}
