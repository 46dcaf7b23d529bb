//! Bad corpus files, safe rebuilds (real kills), concurrent use, incremental
//! updates, format versions and hostile query input.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use oim_search::{Engine, Error, SearchRequest};

use crate::{copy_pages, fixture, oim, root, stderr_of, stdout_ok};

#[test]
fn bad_files_are_reported_one_line_each_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let out = stderr_of(
        oim(dir.path())
            .args(["index", "--max-file-size", "4096", "--corpus"])
            .arg(fixture("bad")),
        0,
    );
    let line_for = |file: &str| -> String {
        let hits: Vec<&str> = out
            .lines()
            .filter(|l| l.contains(&format!("/{file}:")))
            .collect();
        assert_eq!(hits.len(), 1, "one line for {file}:\n{out}");
        hits[0].to_string()
    };
    assert!(
        line_for("empty.txt").contains("skipped") && line_for("empty.txt").contains("empty file")
    );
    assert!(line_for("menu_only.txt").contains("only the site navigation menu"));
    assert!(line_for("binary_blob.txt").contains("binary data"));
    assert!(line_for("oversized.txt").contains("over the 4096-byte limit"));
    assert!(
        line_for("latin1_page.txt").starts_with("warning")
            && line_for("latin1_page.txt").contains("Windows-1252")
    );
    assert!(line_for("budget_na.txt").contains("without a budget"));
    assert!(line_for("duplicate_field.txt").contains("appears twice"));
    assert!(line_for("same_project_id_b.txt").contains("MH.0042"));
    assert!(line_for("no_title.txt").contains("no title"));
    assert!(out.contains("ignored 3 hidden or non-.txt files"), "{out}");
    assert!(out.contains("indexed 8 documents"), "{out}");

    let engine = Engine::open(dir.path()).unwrap();
    let latin = engine.get("latin1_page").unwrap().unwrap();
    assert_eq!(
        latin.title, "Gestion des frontières au Sénégal",
        "decoded, not mojibake"
    );
    assert_eq!(engine.get("budget_na").unwrap().unwrap().budget_usd, None);
    assert_eq!(
        engine
            .get("duplicate_field")
            .unwrap()
            .unwrap()
            .region
            .as_deref(),
        Some("Asie et Océanie")
    );
    assert!(
        engine.get("same_project_id_a").unwrap().is_some()
            && engine.get("same_project_id_b").unwrap().is_some()
    );
    assert_eq!(
        engine.get("no_title").unwrap().unwrap().title,
        "Renforcement de la gestion des frontières en Moldavie."
    );
    let mut clean = engine.get("bom_crlf").unwrap().unwrap();
    clean.id = "003_30687b3d87caff90".into();
    let original = oim_search::parse_page(
        "003_30687b3d87caff90",
        &std::fs::read_to_string(root().join("corpus/003_30687b3d87caff90.txt")).unwrap(),
    )
    .unwrap()
    .document;
    assert_eq!(
        clean, original,
        "BOM and CRLF parse exactly like the clean file"
    );

    // --strict turns warnings into a failure; nothing indexable is a failure too
    oim(&dir.path().join("strict"))
        .args(["index", "--strict", "--corpus"])
        .arg(fixture("bad"))
        .assert()
        .code(3);
    let only_bad = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("bad/empty.txt"), only_bad.path().join("empty.txt")).unwrap();
    std::fs::copy(
        fixture("bad/binary_blob.txt"),
        only_bad.path().join("blob.txt"),
    )
    .unwrap();
    oim(&dir.path().join("none"))
        .args(["index", "--corpus"])
        .arg(only_bad.path())
        .assert()
        .code(1);
}

/// A corpus of the five real pages plus `extra` generated pages.
fn big_corpus(dir: &Path, extra: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    copy_pages(&root().join("corpus"), &corpus);
    let pages: Vec<String> = std::fs::read_dir(fixture("relevance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for i in 0..extra {
        let text = format!("{} Variante {i}.", pages[i % pages.len()]);
        std::fs::write(corpus.join(format!("gen_{i:05}.txt")), text).unwrap();
    }
    corpus
}

/// Generated pages for the tests that act while an index run is under way:
/// enough for the run to last about a second, ten times more in an
/// optimised build (`cargo test --release`), which indexes that much faster.
fn pages_for_a_long_run(debug_build_pages: usize) -> usize {
    if cfg!(debug_assertions) {
        debug_build_pages
    } else {
        debug_build_pages * 10
    }
}

/// An index of the five real pages (from folder `small`), and a corpus of
/// those plus `extra` generated pages to index next.
fn indexed_then_grown(extra: usize) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let small = dir.path().join("small");
    copy_pages(&root().join("corpus"), &small);
    oim(&index)
        .args(["index", "--corpus"])
        .arg(&small)
        .assert()
        .success();
    let corpus = big_corpus(dir.path(), extra);
    (dir, index, small, corpus)
}

#[test]
fn killed_indexing_leaves_the_previous_index_searchable() {
    let extra = pages_for_a_long_run(4000);
    let (_dir, index, _small, corpus) = indexed_then_grown(extra);
    let bin = assert_cmd::cargo::cargo_bin("oim-search");
    let mut killed_midway = 0;
    for delay_ms in [30, 120, 300, 700, 1500] {
        let mut child = Process::new(&bin)
            .arg("--index")
            .arg(&index)
            .args(["index", "--full", "--memory", "32", "--corpus"])
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let engine = Engine::open(&index).expect("the index opens after a kill");
        let n = engine.num_docs();
        if finished {
            // the run beat the kill: its commit is the index
            assert_eq!(n as usize, extra + 5);
            continue;
        }
        killed_midway += 1;
        assert_eq!(
            n, 5,
            "killed after {delay_ms} ms: the previous commit is intact"
        );
        let r = engine
            .search(&SearchRequest::new("diaspora Lesotho"))
            .unwrap();
        assert_eq!(r.hits[0].id, "003_30687b3d87caff90");
    }
    assert!(killed_midway >= 3, "the kills landed while indexing ran");
    // the next run succeeds and sees everything
    oim(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert()
        .success();
    assert_eq!(Engine::open(&index).unwrap().num_docs() as usize, extra + 5);
}

#[test]
fn searches_keep_working_while_indexing_then_see_the_new_index() {
    let extra = pages_for_a_long_run(1500);
    let (_dir, index, small, corpus) = indexed_then_grown(extra);
    let bin = assert_cmd::cargo::cargo_bin("oim-search");
    let mut child = Process::new(&bin)
        .arg("--index")
        .arg(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let engine = Engine::open(&index).unwrap();
    let mut searches = 0;
    // a second writer started before the child takes the lock would win
    // it: wait until the child holds it (or is done)
    wait_for_writer_lock(&index, &mut child);
    // a second writer is refused at once while the first runs
    let mut refused = false;
    while child.try_wait().unwrap().is_none() {
        engine.refresh().unwrap();
        let r = engine.search(&SearchRequest::new("migration")).unwrap();
        assert!(r.total > 0);
        searches += 1;
        if !refused {
            let out = oim(&index)
                .args(["index", "--corpus"])
                .arg(&small)
                .output()
                .unwrap();
            let err = String::from_utf8(out.stderr).unwrap();
            if out.status.code() == Some(1) && err.contains("being written by another process") {
                refused = true;
            } else {
                // the child may have finished between the check and our run
                assert!(
                    child.try_wait().unwrap().is_some() || err.contains("being written"),
                    "{err}"
                );
            }
        }
    }
    assert!(child.wait().unwrap().success());
    assert!(searches > 0);
    assert!(refused, "a concurrent index run was refused");
    engine.refresh().unwrap();
    assert_eq!(engine.num_docs() as usize, extra + 5);
}

/// Waits (at most 60 s) until a process holds the index's writer lock, as
/// `/proc/locks` shows on Linux, or `child` has exited; elsewhere waits 1 s.
fn wait_for_writer_lock(index: &Path, child: &mut std::process::Child) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) && child.try_wait().unwrap().is_none() {
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = std::fs::metadata(index.join(".tantivy-writer.lock")).map(|m| m.ino());
            let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
            if let Ok(ino) = ino {
                if locks.lines().any(|l| l.contains(&format!(":{ino} "))) {
                    return;
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        if started.elapsed() > Duration::from_secs(1) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn second_writer_fails_at_once_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::create(dir.path()).unwrap();
    engine.lock_for_writing().unwrap();
    let out = oim(dir.path())
        .args(["index", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("is being written by another process"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn incremental_update_equals_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_pages(&fixture("relevance"), &corpus);
    let index = dir.path().join("incremental");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert()
        .success();
    // change one page, delete one, add one
    let changed = corpus.join("r001_lesotho_diaspora.txt");
    let text = std::fs::read_to_string(&changed)
        .unwrap()
        .replace("diaspora", "communauté expatriée");
    std::fs::write(&changed, text).unwrap();
    let gone: PathBuf = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("r002_"))
        .unwrap();
    std::fs::remove_file(&gone).unwrap();
    std::fs::copy(
        root().join("corpus/003_30687b3d87caff90.txt"),
        corpus.join("new_page.txt"),
    )
    .unwrap();
    let out = stderr_of(oim(&index).args(["index", "--corpus"]).arg(&corpus), 0);
    let total_pages = std::fs::read_dir(&corpus)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert!(
        out.contains(&format!(
            "1 new, 1 changed; {} unchanged, 1 removed",
            total_pages - 2
        )),
        "{out}"
    );

    let full = dir.path().join("full");
    oim(&full)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert()
        .success();
    let (a, b) = (Engine::open(&index).unwrap(), Engine::open(&full).unwrap());
    assert_eq!(a.num_docs(), b.num_docs());
    assert_eq!(a.facets().unwrap(), b.facets().unwrap());
    let all_a = a.search(&SearchRequest::new("").limit(1000)).unwrap();
    let all_b = b.search(&SearchRequest::new("").limit(1000)).unwrap();
    assert_eq!(all_a.hits, all_b.hits, "same documents, same browse order");
    for hit in &all_a.hits {
        assert_eq!(a.get(&hit.id).unwrap(), b.get(&hit.id).unwrap());
    }
    for q in [
        "diaspora",
        "communauté expatriée",
        "frontières",
        "migrants tadjiks",
        "RDC",
    ] {
        let ids = |e: &Engine| {
            let mut v: Vec<String> = e
                .search(&SearchRequest::new(q).limit(100))
                .unwrap()
                .hits
                .into_iter()
                .map(|h| h.id)
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&a), ids(&b), "query {q}");
    }
}

#[test]
fn incompatible_or_damaged_index_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    oim(dir.path())
        .args(["index", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .success();
    let meta = dir.path().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["payload"] =
        serde_json::Value::String("{\"format\":999,\"engine\":\"oim-search 9\"}".into());
    std::fs::write(&meta, value.to_string()).unwrap();
    assert!(matches!(
        Engine::open(dir.path()),
        Err(Error::IncompatibleIndex { .. })
    ));
    let err = String::from_utf8(
        oim(dir.path())
            .args(["search", "x"])
            .assert()
            .code(1)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(
        err.contains("incompatible") && err.contains("oim-search index --full"),
        "{err}"
    );
    oim(dir.path())
        .args(["index", "--full", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .success();
    assert_eq!(Engine::open(dir.path()).unwrap().num_docs(), 5);

    std::fs::write(&meta, "{ not json").unwrap();
    assert!(Engine::open(dir.path()).is_err());
    oim(dir.path()).args(["search", "x"]).assert().code(1);
    oim(dir.path())
        .args(["index", "--full", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .success();
    assert_eq!(Engine::open(dir.path()).unwrap().num_docs(), 5);
}

#[test]
fn hostile_query_input_gets_bounded_answers_or_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    oim(dir.path())
        .args(["index", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .success();
    let long = "migration développement ".repeat(420);
    assert!(long.chars().count() > 10_000);
    for q in [
        long.as_str(),
        "a\u{1}b\u{7}c\u{1b}[31m\u{7f}",
        "\"((unbalanced",
        ")))",
        "le la les de",
        "!!! ... ???",
        "-",
        "region:",
    ] {
        let out = stdout_ok(oim(dir.path()).args(["search", "--json", q]));
        let r: oim_search::SearchResults = serde_json::from_slice(&out).unwrap();
        assert!(r.hits.len() <= 10);
    }
    let out = stdout_ok(oim(dir.path()).args(["search", "--json", "--limit", "0", "migration"]));
    let r: oim_search::SearchResults = serde_json::from_slice(&out).unwrap();
    assert!(r.hits.is_empty() && r.total > 0);
    let err = String::from_utf8(
        oim(dir.path())
            .args(["search", "--limit", "1000000", "x"])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(
        err.contains("--limit must be a whole number from 0 to 1000"),
        "{err}"
    );
    oim(dir.path())
        .args(["search", "--offset", "-1", "x"])
        .assert()
        .code(2);
    oim(dir.path())
        .args(["search", "--no-such-flag"])
        .assert()
        .code(2);
    let started = Instant::now();
    oim(dir.path()).args(["search", &long]).assert().success();
    assert!(started.elapsed() < Duration::from_secs(60), "bounded work");
}

#[test]
fn excluded_phrases_never_trip_tantivy_assertions() {
    // proptest found `-è:è`: an excluded two-word phrase whose documents end
    // before the candidates do (a debug assertion inside tantivy 0.27)
    let engine = crate::corpus_engine();
    let all = engine.search(&SearchRequest::new("")).unwrap().total;
    for (q, limit) in [("-è:è", 0), ("-è:è", 10), ("-\"diaspora basotho\"", 10)] {
        let r = engine.search(&SearchRequest::new(q).limit(limit)).unwrap();
        assert!(r.total <= all, "{q}");
    }
    let without = engine
        .search(&SearchRequest::new("-\"diaspora basotho\""))
        .unwrap();
    assert_eq!(without.total, all - 1, "only the Lesotho page names it");
}
