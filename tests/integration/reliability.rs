//! Issue 17, reliability round 2: each test pins one defect that was
//! reproduced (special files, shutdown with hostile clients, data-loss
//! guards, Unicode forms of queries and facet values, damaged indexes).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::{cli_corpus_index, copy_pages, oim, root, stderr_of};

/// A running `oim-search serve` on a free port, its stderr gathered by a thread.
#[cfg(feature = "server")]
struct Served {
    child: Child,
    addr: SocketAddr,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    /// The thread gathering stderr; done once the process has exited.
    reader: Option<std::thread::JoinHandle<()>>,
}

#[cfg(feature = "server")]
impl Served {
    fn start(index: &Path) -> Served {
        Served::start_with(index, &[])
    }

    /// As [`Served::start`], with global options (`--quiet`) before `serve`.
    fn start_with(index: &Path, options: &[&str]) -> Served {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("oim-search"))
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(index)
            .args(options)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        lines.read_line(&mut first).unwrap();
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .parse()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(first));
        let sink = std::sync::Arc::clone(&stderr);
        let reader = std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            sink.lock().unwrap().push_str(&rest);
        });
        Served {
            child,
            addr,
            stderr,
            reader: Some(reader),
        }
    }

    /// Everything the server wrote on stderr, once it has exited.
    fn final_log(&mut self) -> String {
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.stderr.lock().unwrap().clone()
    }

    /// `GET path` on a fresh connection: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn terminate(&self) {
        let status = Process::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; kills it past that.
    fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill().ok();
        self.child.wait().ok();
        None
    }
}

/// Item 4: an idle connection and a half-sent request no longer hold
/// SIGTERM forever; the server stops within its grace period.
#[cfg(feature = "server")]
#[test]
fn serve_stops_on_sigterm_despite_idle_and_half_sent_connections() {
    let (_dir, index) = cli_corpus_index();
    let mut served = Served::start(&index);
    assert_eq!(served.get("/health").0, 200);
    let _idle = TcpStream::connect(served.addr).unwrap();
    let mut half = TcpStream::connect(served.addr).unwrap();
    half.write_all(b"GET /health HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    // a keep-alive connection that got its answer and stays open
    let mut kept = TcpStream::connect(served.addr).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 64];
    assert!(kept.read(&mut buf).unwrap() > 0);
    std::thread::sleep(Duration::from_millis(300));
    served.terminate();
    let started = Instant::now();
    let grace = oim_search_server::SHUTDOWN_GRACE;
    let status = served.wait_exit(grace + Duration::from_secs(20));
    let took = started.elapsed();
    assert!(
        status.is_some_and(|s| s.success()),
        "serve did not stop after SIGTERM within {took:?}: {}",
        served.stderr.lock().unwrap()
    );
    assert!(took < grace + Duration::from_secs(3), "took {took:?}");
    assert!(served.final_log().contains("stopped"));
}

/// `--quiet` keeps `serve`'s address line (with port 0, the only way to
/// learn the port) and drops the request log and the "stopped" line.
#[cfg(feature = "server")]
#[test]
fn quiet_serve_keeps_its_address_line_and_drops_the_request_log() {
    let (_dir, index) = cli_corpus_index();
    for quiet in [false, true] {
        let options: &[&str] = if quiet { &["--quiet"] } else { &[] };
        let mut served = Served::start_with(&index, options);
        assert_eq!(served.get("/api/search?q=diaspora").0, 200);
        served.terminate();
        assert!(served.wait_exit(Duration::from_secs(30)).is_some());
        let log = served.final_log();
        assert!(log.contains("serving 5 documents"), "{log}");
        let logged = log.contains("GET /api/search?q=diaspora 200");
        assert_eq!(logged, !quiet, "{log}");
        assert_eq!(log.contains("stopped"), !quiet, "{log}");
    }
}

/// Item 4: the CLI serves through the library's path, so it warms up and
/// picks up documents another process commits while it runs.
#[cfg(feature = "server")]
#[test]
fn cli_serve_sees_documents_committed_while_it_runs() {
    let (_dir, index) = cli_corpus_index();
    let mut served = Served::start(&index);
    let documents = |served: &Served| -> u64 {
        let (status, body) = served.get("/health");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["documents"].as_u64().unwrap()
    };
    assert_eq!(documents(&served), 5);
    oim(&index)
        .args(["index", "--ndjson", "-"])
        .write_stdin("{\"id\": \"added\", \"title\": \"Page ajoutée\", \"body\": \"Texte.\"}\n")
        .assert()
        .success();
    let started = Instant::now();
    while documents(&served) != 6 {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the new commit never showed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    served.terminate();
    assert!(served.wait_exit(Duration::from_secs(20)).is_some());
}

/// Runs `oim-search ARGS` with the index in `index`, killing it past
/// `limit`: (exit code, stdout, stderr), or a panic naming the hang.
fn run_bounded(index: &Path, args: &[&std::ffi::OsStr], limit: Duration) -> (i32, String, String) {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("oim-search"))
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("`oim-search {args:?}` still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        status.code().unwrap_or(-1),
        out_reader.join().unwrap(),
        err_reader.join().unwrap(),
    )
}

/// Item 3: a FIFO (directly or through a link), a link to `/dev/zero` and
/// a link to a folder are skipped with a reason, without blocking or
/// reading without end; the real page is indexed.
#[cfg(unix)]
#[test]
fn special_files_are_skipped_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        root().join("corpus/003_30687b3d87caff90.txt"),
        corpus.join("page.txt"),
    )
    .unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    assert!(Process::new("mkfifo")
        .arg(corpus.join("direct_fifo.txt"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(&fifo, corpus.join("fifo_link.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), corpus.join("folder_link.txt")).unwrap();
    let index = dir.path().join("index");
    let (code, out, err) = run_bounded(
        &index,
        &["index".as_ref(), "--corpus".as_ref(), corpus.as_os_str()],
        Duration::from_secs(60),
    );
    assert_eq!(code, 0, "{out}{err}");
    for (file, kind) in [
        ("direct_fifo.txt", "a FIFO"),
        ("fifo_link.txt", "a FIFO"),
        ("zero.txt", "a device"),
        ("folder_link.txt", "a folder"),
    ] {
        assert!(
            err.lines().any(|l| l.starts_with("skipped")
                && l.contains(file)
                && l.contains(&format!("not a regular file ({kind})"))),
            "{file}:\n{err}"
        );
    }
    assert!(err.contains("indexed 1 document"), "{err}");
}

/// Item 13: a page of one 2 MB line is indexed with a title cut at a word
/// boundary, and the report warns, naming the file, that it has no layout.
#[test]
fn a_page_with_no_layout_gets_a_capped_title_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let line = "migration développement durable ".repeat(65_000);
    std::fs::write(corpus.join("one_line.txt"), &line).unwrap();
    let index = dir.path().join("index");
    let assert = oim(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert();
    let out = String::from_utf8(assert.success().get_output().stderr.clone()).unwrap();
    assert!(
        out.lines().any(|l| l.starts_with("warning")
            && l.contains("one_line.txt")
            && l.contains("no recognisable layout")),
        "{out}"
    );
    let engine = oim_search::Engine::open(&index).unwrap();
    let doc = engine.get("one_line").unwrap().unwrap();
    let chars = doc.title.chars().count();
    assert!(chars <= oim_search::MAX_TITLE_CHARS + 1, "{chars}");
    let kept = doc.title.strip_suffix('…').expect("marked as cut");
    assert!(
        line.starts_with(kept) && line[kept.len()..].starts_with(' '),
        "cut at a word boundary: {}",
        doc.title
    );
}

/// Item 10: a batch line of invalid UTF-8 gets an error object and the
/// lines after it are still answered.
#[test]
fn batch_goes_on_past_a_line_of_invalid_utf8() {
    let (_dir, index) = cli_corpus_index();
    let input = b"diaspora Lesotho\n\xff\xfe caf\xe9\r\nfrontieres\n".to_vec();
    let out = crate::stdout_ok(
        oim(&index)
            .args(["search", "--batch", "-", "--json"])
            .write_stdin(input),
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0]["total"].as_u64().unwrap() > 0);
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(lines[2]["total"].as_u64().unwrap() > 0);
}

/// Item 14: a 1 MB URL gets 414 (URI too long), not 431; one over 8 KiB
/// and under hyper's 64 KiB URI limit gets the API's JSON 414.
#[cfg(feature = "server")]
#[test]
fn long_urls_get_414() {
    let (_dir, index) = cli_corpus_index();
    let mut served = Served::start(&index);
    let (status, body) = served.get(&format!("/api/search?q={}", "a".repeat(1_000_000)));
    assert_eq!(status, 414, "{body}");
    let (status, body) = served.get(&format!("/api/search?q={}", "a".repeat(50_000)));
    assert_eq!(status, 414, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("query string"));
    served.terminate();
    assert!(served.wait_exit(Duration::from_secs(20)).is_some());
}

/// Item 14: file names holding a newline or an escape code are printed
/// escaped, one inert line each.
#[test]
fn file_names_with_control_characters_print_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        root().join("corpus/003_30687b3d87caff90.txt"),
        corpus.join("page.txt"),
    )
    .unwrap();
    std::fs::write(corpus.join("bad\nname\u{1b}[31m.txt"), "").unwrap();
    let assert = oim(&dir.path().join("index"))
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert();
    // the report is on stderr
    let out = String::from_utf8(assert.success().get_output().stderr.clone()).unwrap();
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(
        out.lines().any(
            |l| l.starts_with("skipped") && l.contains("bad\\nname\\u{1b}[31m.txt: empty file")
        ),
        "{out}"
    );
}

/// Item 14: an offset past the last result says so instead of a
/// backwards range.
#[test]
fn an_offset_past_the_end_says_so() {
    let (_dir, index) = cli_corpus_index();
    let out = crate::stdout_ok(oim(&index).args(["search", "--offset", "7000", "migration"]));
    let first = String::from_utf8(out).unwrap();
    let first = first.lines().next().unwrap().to_string();
    assert!(
        first.contains("offset 7000 is past the last result") && !first.contains("0–"),
        "{first}"
    );
}

/// Every file under `dir` with its bytes, to show nothing was touched.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Item 1: a folder holding a `meta.json` this program did not write (a
/// project folder, another program's tantivy index) is never deleted from,
/// and no message advises `--full` for it.
#[test]
fn a_folder_that_is_not_our_index_is_never_deleted_from() {
    let (dir, ours) = cli_corpus_index();
    // another program's tantivy index: a real meta.json without our payload
    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ours.join("meta.json")).unwrap()).unwrap();
    meta.as_object_mut().unwrap().remove("payload");
    std::fs::write(foreign.join("meta.json"), meta.to_string()).unwrap();
    // a user's project folder with a meta.json and long-named files
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("meta.json"), "{\"name\": \"mon projet\"}").unwrap();
    for name in [
        "0123456789abcdef0123456789abcdef.json",
        "rapport-annuel-2024-version-finale-relue.store",
        ".tantivy-notes",
    ] {
        std::fs::write(project.join(name), "à garder").unwrap();
        std::fs::write(foreign.join(name), "à garder").unwrap();
    }
    for folder in [&foreign, &project] {
        let before = snapshot(folder);
        for args in [
            vec!["search", "migration"],
            vec!["stats"],
            vec!["index", "--corpus"],
            vec!["index", "--full", "--corpus"],
        ] {
            let mut cmd = oim(folder);
            cmd.args(&args);
            if args[0] == "index" {
                cmd.arg(root().join("corpus"));
            }
            let err = stderr_of(&mut cmd, 1);
            assert!(
                err.contains("oim-search did not write") && !err.contains("--full"),
                "{args:?}: {err}"
            );
        }
        assert_eq!(snapshot(folder), before, "nothing in {folder:?} changed");
    }
}

/// Item 1: an index written before the marker file existed (its commit
/// payload names oim-search) is still ours: it opens, and `--full` rebuilds it.
#[test]
fn an_index_from_the_previous_version_still_works() {
    let (_dir, index) = cli_corpus_index();
    let marker: Vec<PathBuf> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n == ".oim-search-index"))
        .collect();
    assert_eq!(marker.len(), 1, "the marker file");
    std::fs::remove_file(&marker[0]).unwrap();
    crate::stdout_ok(oim(&index).args(["search", "migration"]));
    crate::stdout_ok(
        oim(&index)
            .args(["index", "--full", "--corpus"])
            .arg(root().join("corpus")),
    );
    assert_eq!(oim_search::Engine::open(&index).unwrap().num_docs(), 5);
}

/// Item 2: an empty or wrong corpus folder changes nothing; removing more
/// than half of the documents needs `--allow-removal`.
#[test]
fn a_run_that_would_empty_the_index_changes_nothing() {
    let (dir, index) = cli_corpus_index();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let before = snapshot(&index);
    for full in [false, true] {
        let mut cmd = oim(&index);
        cmd.args(["index", "--corpus"]).arg(&empty);
        if full {
            cmd.arg("--full");
        }
        let err = stderr_of(&mut cmd, 1);
        assert!(
            err.contains("found no indexable page") && err.contains("nothing was changed"),
            "{err}"
        );
        assert_eq!(snapshot(&index), before, "--full {full}: files unchanged");
    }
    // two of the five pages: three would go
    let two = dir.path().join("two");
    std::fs::create_dir(&two).unwrap();
    for page in ["003_30687b3d87caff90.txt", "004_62139abfb5a15d44.txt"] {
        std::fs::copy(root().join("corpus").join(page), two.join(page)).unwrap();
    }
    for full in [false, true] {
        let mut cmd = oim(&index);
        cmd.args(["index", "--corpus"]).arg(&two);
        if full {
            cmd.arg("--full");
        }
        let err = stderr_of(&mut cmd, 1);
        assert!(
            err.contains("would remove 3 of the index's 5 documents")
                && err.contains("--allow-removal"),
            "{err}"
        );
        assert_eq!(oim_search::Engine::open(&index).unwrap().num_docs(), 5);
    }
    crate::stdout_ok(
        oim(&index)
            .args(["index", "--allow-removal", "--corpus"])
            .arg(&two),
    );
    assert_eq!(oim_search::Engine::open(&index).unwrap().num_docs(), 2);
}

/// Item 12: random bytes in a segment file are found before an
/// incremental update (which changes nothing), and `--full` repairs it
/// without duplicate ids.
#[test]
fn a_damaged_segment_is_found_before_an_update() {
    let (_dir, index) = cli_corpus_index();
    let fast = index_file_with_extension(&index, "fast");
    let mut bytes = std::fs::read(&fast).unwrap();
    let middle = bytes.len() / 2;
    for (i, b) in bytes[middle..].iter_mut().take(64).enumerate() {
        *b ^= 0x5a ^ (i as u8);
    }
    std::fs::write(&fast, bytes).unwrap();
    let err = stderr_of(
        oim(&index)
            .args(["index", "--corpus"])
            .arg(root().join("corpus")),
        1,
    );
    assert!(
        err.contains("is damaged") && err.contains("checksum") && err.contains("--full"),
        "{err}"
    );
    let damaged = stderr_of(oim(&index).arg("check"), 1);
    assert!(damaged.contains("checksum"), "{damaged}");
    crate::stdout_ok(
        oim(&index)
            .args(["index", "--full", "--corpus"])
            .arg(root().join("corpus")),
    );
    crate::stdout_ok(oim(&index).arg("check"));
    let engine = oim_search::Engine::open(&index).unwrap();
    engine.check().unwrap();
    let all = engine
        .search(&oim_search::SearchRequest::new("").limit(100))
        .unwrap();
    assert_eq!(all.total, 5, "each id once");
}

/// Item 11: a first build that indexes nothing leaves no index behind
/// (later searches say there is none, not "0 results").
#[test]
fn a_failed_first_build_leaves_no_empty_index() {
    let dir = tempfile::tempdir().unwrap();
    // not `corpus`: searches would build from `./corpus`
    let corpus = dir.path().join("pages");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(crate::fixture("bad/empty.txt"), corpus.join("empty.txt")).unwrap();
    let index = dir.path().join("index");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(&corpus)
        .assert()
        .code(1);
    assert!(!index.join("meta.json").exists(), "no index was created");
    let err = stderr_of(
        oim(&index)
            .current_dir(dir.path())
            .args(["search", "migration"]),
        1,
    );
    assert!(err.contains("no index at"), "{err}");
}

/// Item 11: two first-run searches at once (no index, `./corpus` present)
/// both answer: the second waits for the first build instead of failing.
#[test]
fn concurrent_first_runs_both_answer() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let pages: Vec<PathBuf> = std::fs::read_dir(crate::fixture("relevance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    for i in 0..400 {
        let text = std::fs::read_to_string(&pages[i % pages.len()]).unwrap();
        std::fs::write(
            corpus.join(format!("p{i:04}.txt")),
            format!("{text} Variante {i}."),
        )
        .unwrap();
    }
    let children: Vec<Child> = (0..2)
        .map(|_| {
            Process::new(assert_cmd::cargo::cargo_bin("oim-search"))
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .args(["--index", "index", "search", "--json", "migration"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        let r: oim_search::SearchResults = serde_json::from_slice(&out.stdout).unwrap();
        assert!(r.total > 0, "{err}");
    }
    assert_eq!(
        oim_search::Engine::open(dir.path().join("index"))
            .unwrap()
            .num_docs(),
        400
    );
}

/// Runs `oim-search --index INDEX ARGS` with INDEX mounted read-only in a
/// private mount namespace (`unshare -rm`, no root needed where user
/// namespaces are allowed); `None`, with the reason printed, when that
/// cannot be done here.
fn on_read_only_mount(index: &Path, args: &[&str]) -> Option<std::process::Output> {
    let script = r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97
touch "$1/probe" 2>/dev/null && exit 98
index="$1"; bin="$2"; shift 2; exec "$bin" --index "$index" "$@""#;
    let out = Process::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(index)
        .arg(assert_cmd::cargo::cargo_bin("oim-search"))
        .args(args)
        .env("NO_COLOR", "1")
        .output();
    match out {
        Ok(out) if matches!(out.status.code(), Some(97 | 98)) => {
            println!(
                "skipped: cannot make a read-only mount here (unshare -rm, mount -o remount,ro)"
            );
            None
        }
        Ok(out) => Some(out),
        Err(e) => {
            println!("skipped: unshare is not available ({e})");
            None
        }
    }
}

/// Item 9: an index on a read-only mount is searchable by every reading
/// command; writing it fails with one plain sentence.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_index_is_searchable() {
    let (_dir, index) = cli_corpus_index();
    for args in [
        vec!["search", "--json", "migration"],
        vec!["stats"],
        vec!["show", "003_30687b3d87caff90"],
        vec!["facets"],
        vec!["check"],
    ] {
        let Some(out) = on_read_only_mount(&index, &args) else {
            return;
        };
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args[0] == "search" {
            let r: oim_search::SearchResults = serde_json::from_slice(&out.stdout).unwrap();
            assert!(r.total > 0);
        }
    }
    let corpus = root().join("corpus");
    let Some(out) = on_read_only_mount(&index, &["index", "--corpus", corpus.to_str().unwrap()])
    else {
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot write the index")
            && !err.contains("IoError")
            && !err.contains("--full"),
        "{err}"
    );
}

/// Item 6: queries, filter values and ids typed decomposed (NFD) find what
/// their composed form finds, in the library and on the command line.
#[test]
fn decomposed_queries_and_filters_find_the_composed_pages() {
    use oim_search::{Facet, SearchRequest};
    let engine = crate::corpus_engine();
    let composed = engine.search(&SearchRequest::new("frontières")).unwrap();
    assert!(composed.total > 0);
    let decomposed = engine
        .search(&SearchRequest::new("frontie\u{300}res"))
        .unwrap();
    assert_eq!(crate::ids(&decomposed), crate::ids(&composed));
    let region = |value: &str| {
        engine
            .search(&SearchRequest::new("").filter(Facet::Region, value))
            .map(|r| r.total)
    };
    assert_eq!(
        region("Asie et Oce\u{301}anie").unwrap(),
        region("Asie et Océanie").unwrap()
    );
    let (_dir, index) = cli_corpus_index();
    let out = crate::stdout_ok(oim(&index).args([
        "search",
        "--json",
        "--region",
        "Asie et Oce\u{301}anie",
        "migration",
    ]));
    let r: oim_search::SearchResults = serde_json::from_slice(&out).unwrap();
    assert!(r.total > 0);
}

/// An index of `documents` given as JSON lines, in a fresh folder.
fn ndjson_index(documents: &[serde_json::Value]) -> (tempfile::TempDir, oim_search::Engine) {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = documents.iter().map(|d| format!("{d}\n")).collect();
    oim(dir.path())
        .args(["index", "--ndjson", "-"])
        .write_stdin(lines)
        .assert()
        .success();
    let engine = oim_search::Engine::open(dir.path()).unwrap();
    (dir, engine)
}

/// Items 7 and 8: values that differ by apostrophe, hyphen, spaces, case
/// of the first letter or Unicode form are one facet value; a filter in any
/// spelling matches them all and counts them as one; a country listed
/// twice (or in two spellings) in one document counts once.
#[test]
fn facet_value_spellings_are_one_value_and_countries_count_once() {
    use oim_search::{Facet, SearchRequest};
    let doc = |id: &str, kind: &str, countries: &[&str]| {
        serde_json::json!({
            "id": id, "title": "Projet", "body": "Texte du projet.",
            "project_type": kind, "countries": countries,
        })
    };
    let (_dir, engine) = ndjson_index(&[
        doc("a", "Migration de main-d’œuvre", &["Maroc", "Maroc"]),
        doc("b", "Migration de main-d'œuvre", &["Maroc", "maroc"]),
        doc("c", "migration de  main\u{2011}d'œuvre", &["Tunisie"]),
        doc("d", "Migration de main-d\u{2019}oeuvre et santé", &[]),
    ]);
    let facets = engine.facets().unwrap();
    let types = &facets[Facet::Type];
    assert_eq!(
        types.get("Migration de main-d’œuvre"),
        Some(&3),
        "{types:?}"
    );
    assert_eq!(types.len(), 2, "{types:?}");
    assert_eq!(facets[Facet::Country].get("Maroc"), Some(&2));
    for spelling in ["Migration de main-d'œuvre", "migration de main-d’œuvre"] {
        let r = engine
            .search(&SearchRequest::new("").filter(Facet::Type, spelling))
            .unwrap();
        assert_eq!(r.total, 3, "{spelling}");
        let counted = &r.facets[Facet::Type];
        assert_eq!(
            counted.get("Migration de main-d’œuvre"),
            Some(&3),
            "{counted:?}"
        );
    }
}

/// Item 14: a reversed range is refused the same way whether it is
/// written `year:2020-2010` or with `--year-min`/`--year-max`.
#[test]
fn reversed_year_ranges_follow_one_rule() {
    let (_dir, index) = cli_corpus_index();
    for args in [
        vec!["search", "year:2020-2010"],
        vec!["search", "--year", "2020-2010", "x"],
        vec!["search", "--year-min", "2020", "--year-max", "2010", "x"],
    ] {
        let err = stderr_of(oim(&index).args(&args), 2);
        assert!(
            err.contains("lower bound is above the upper one"),
            "{args:?}: {err}"
        );
    }
}

/// Item 5: the disk fills up during an update. The run is undone (no
/// orphan segment files are left to fill the disk), the message says the
/// disk is full and how much space is needed, and the index still answers.
/// Runs on a 1 MB tmpfs in a private mount namespace (`unshare -rm`, no
/// root needed where user namespaces are allowed); skipped with a printed
/// reason elsewhere.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_undoes_the_run_and_says_so() {
    let (dir, index) = cli_corpus_index();
    let corpus = dir.path().join("big");
    std::fs::create_dir(&corpus).unwrap();
    let pages: Vec<PathBuf> = std::fs::read_dir(crate::fixture("relevance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    for i in 0..1500 {
        let text = std::fs::read_to_string(&pages[i % pages.len()]).unwrap();
        std::fs::write(
            corpus.join(format!("p{i:04}.txt")),
            format!("{text} Variante {i}."),
        )
        .unwrap();
    }
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    // on the small disk: a copy of the index, a failing update, the files
    // left, then a search
    let script = r#"mount -t tmpfs -o size=1m none "$1" || exit 97
cp -a "$2" "$1/index" || exit 96
ls -A "$1/index" | grep -v lock | sort > "$1/../before.txt"
"$3" --index "$1/index" index --allow-removal --corpus "$4" 2> "$1/../err.txt" > /dev/null
echo $? > "$1/../code.txt"
ls -A "$1/index" | grep -v lock | sort > "$1/../after.txt"
"$3" --index "$1/index" search --json diaspora > "$1/../search.json"
"#;
    let status = Process::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(&disk)
        .arg(&index)
        .arg(assert_cmd::cargo::cargo_bin("oim-search"))
        .arg(&corpus)
        .env("NO_COLOR", "1")
        .status();
    match status {
        Ok(s) if s.code() == Some(97) => {
            println!("skipped: cannot mount a small tmpfs here (unshare -rm, mount -t tmpfs)");
            return;
        }
        Ok(s) => assert!(s.success(), "the script failed: {s}"),
        Err(e) => {
            println!("skipped: unshare is not available ({e})");
            return;
        }
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let err = read("err.txt");
    assert_eq!(read("code.txt").trim(), "1", "{err}");
    assert!(
        err.contains("disk holding") && err.contains("is full") && err.contains("MB"),
        "{err}"
    );
    assert!(!err.contains("--full"), "no rebuild advised: {err}");
    assert_eq!(
        read("after.txt"),
        read("before.txt"),
        "no orphan files: {err}"
    );
    let r: oim_search::SearchResults = serde_json::from_str(&read("search.json")).unwrap();
    assert_eq!(r.total, 1, "the index answers as before");
}

/// Item 14: `--index` naming a file (or a path under a file) is one plain
/// sentence naming the file and the fix, for every command, not
/// "File exists (os error 17)" nor "no index".
#[test]
fn an_index_path_that_is_a_file_is_named_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, "not an index").unwrap();
    let corpus = root().join("corpus");
    for index in [file.clone(), file.join("sub")] {
        for args in [
            vec!["index", "--corpus", corpus.to_str().unwrap()],
            vec!["search", "migration"],
            vec!["stats"],
        ] {
            let err = stderr_of(oim(&index).args(&args), 1);
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert!(
                err.contains(&format!("{} is a file, not a folder", file.display()))
                    && err.contains("give --index a folder")
                    && !err.contains("os error")
                    && !err.contains("no index"),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not an index");
}

/// Item 14: tantivy's errors reach the user as a plain sentence naming the
/// file, not as a `Debug` dump (`FileDoesNotExist("…")`).
#[test]
fn a_missing_index_file_is_named_without_a_debug_dump() {
    let (_dir, index) = cli_corpus_index();
    let segment_file = index_file_with_extension(&index, "idx");
    std::fs::remove_file(&segment_file).unwrap();
    let err = stderr_of(oim(&index).args(["search", "migration"]), 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "the index file {} is missing",
            segment_file.display()
        )) && !err.contains("FileDoesNotExist")
            && !err.contains("(\""),
        "{err}"
    );
}

/// Item 14: a word too long to be indexed is called that, with the limit,
/// not a stop word; a query of only such words says so too.
#[test]
fn an_overlong_word_is_not_called_a_stop_word() {
    let (_dir, index) = cli_corpus_index();
    let long = "migration".repeat(8);
    let json =
        crate::stdout_ok(oim(&index).args(["search", "--json", &format!("diaspora {long} le")]));
    let r: oim_search::SearchResults = serde_json::from_slice(&json).unwrap();
    assert!(r.total > 0, "the other words are searched");
    let codes: Vec<&str> = r.notes.iter().map(|n| n.code()).collect();
    assert!(codes.contains(&"too_long_words"), "{codes:?}");
    let too_long = r
        .notes
        .iter()
        .find(|n| n.code() == "too_long_words")
        .unwrap()
        .to_string();
    assert!(
        too_long.contains("too long to be indexed")
            && too_long.contains("64 bytes")
            && too_long.ends_with(&long),
        "{too_long}"
    );
    let ignored = r.notes.iter().find(|n| n.code() == "ignored_words");
    assert!(
        ignored.is_some_and(|n| !n.to_string().contains(&long)),
        "only `le` is a stop word: {:?}",
        r.notes
    );
    let out = crate::stdout_ok(oim(&index).args(["search", &long]));
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("too long to be indexed") && !out.contains("(stop words or punctuation only)"),
        "{out}"
    );
}

/// Item 14: control characters in a query get the note the README
/// promises, and the query is echoed with them escaped, never replayed to
/// the terminal.
#[test]
fn control_characters_in_a_query_get_a_note_and_print_inert() {
    let (_dir, index) = cli_corpus_index();
    let query = "diaspora\u{1b}[31m\u{7}Lesotho";
    let json = crate::stdout_ok(oim(&index).args(["search", "--json", query]));
    let r: oim_search::SearchResults = serde_json::from_slice(&json).unwrap();
    assert!(r.total > 0);
    assert!(
        r.notes.iter().any(|n| n.code() == "control_characters"),
        "{:?}",
        r.notes
    );
    let out = String::from_utf8(crate::stdout_ok(oim(&index).args(["search", query]))).unwrap();
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("note: control characters"), "{out}");
    // tabs and line breaks are spacing, not worth a note
    let json = crate::stdout_ok(oim(&index).args(["search", "--json", "diaspora\tLesotho"]));
    let r: oim_search::SearchResults = serde_json::from_slice(&json).unwrap();
    assert!(r.notes.iter().all(|n| n.code() != "control_characters"));
}

/// The queries of both judged sets (`tests/fixtures/relevance*/queries.jsonl`).
fn judged_queries() -> Vec<String> {
    ["relevance", "relevance-hard"]
        .iter()
        .flat_map(|set| {
            let text = std::fs::read_to_string(crate::fixture(set).join("queries.jsonl")).unwrap();
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["q"].as_str().unwrap().to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Item 16: after an incremental update (pages changed, removed and
/// added), every query of the judged sets ranks the same hits in the same
/// order, with the same scores, snippets and counts, as a full rebuild of
/// the same pages: scores use statistics of the live documents only.
#[test]
fn an_incremental_update_ranks_exactly_like_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for set in ["relevance", "relevance-hard"] {
        copy_pages(&crate::fixture(set), &corpus);
    }
    let incremental = dir.path().join("incremental");
    let index = |at: &Path| {
        oim(at)
            .args(["index", "--corpus"])
            .arg(&corpus)
            .assert()
            .success();
    };
    index(&incremental);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    // change every ninth page, remove every thirteenth, add the real pages
    for (i, page) in pages.iter().enumerate() {
        if i % 13 == 5 {
            std::fs::remove_file(page).unwrap();
        } else if i % 9 == 0 {
            let text = std::fs::read_to_string(page).unwrap();
            let text = text.replacen("migration", "mobilité", 3)
                + "\nLe projet renforce la coopération régionale sur la migration de main-d’œuvre.\n";
            std::fs::write(page, text).unwrap();
        }
    }
    copy_pages(&root().join("corpus"), &corpus);
    index(&incremental);
    let full = dir.path().join("full");
    index(&full);
    let (a, b) = (
        oim_search::Engine::open(&incremental).unwrap(),
        oim_search::Engine::open(&full).unwrap(),
    );
    assert_eq!(a.num_docs(), b.num_docs());
    let queries = judged_queries();
    assert!(queries.len() > 100, "{}", queries.len());
    let (mut recounted, mut reordered, mut rescored) = (Vec::new(), Vec::new(), Vec::new());
    for q in &queries {
        let request = oim_search::SearchRequest::new(q.as_str()).limit(30);
        let (ra, rb) = (a.search(&request).unwrap(), b.search(&request).unwrap());
        if ra.total != rb.total {
            recounted.push(q.clone());
        } else if crate::ids(&ra) != crate::ids(&rb) {
            reordered.push(q.clone());
        } else if ra.hits != rb.hits || ra.facets != rb.facets || ra.notes != rb.notes {
            rescored.push(q.clone());
        }
    }
    assert!(
        recounted.is_empty() && reordered.is_empty() && rescored.is_empty(),
        "of {} queries, {} found another number of pages ({recounted:?}), {} ranked hits in another order ({reordered:?}) and {} gave other scores, snippets or counts ({rescored:?})",
        queries.len(),
        recounted.len(),
        reordered.len(),
        rescored.len()
    );
}

/// A write lock held for a moment (as a forked child holds a copy of a
/// just-released lock's descriptor until its exec) is waited for; one held
/// for good is reported as `IndexLocked`.
#[test]
fn a_write_lock_held_for_a_moment_is_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let engine = oim_search::Engine::create(dir.path()).unwrap();
    let lock_path = dir.path().join(".tantivy-writer.lock");
    let held = std::fs::File::open(&lock_path).unwrap();
    held.lock().unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    engine
        .add(crate::doc("a", "Titre", "Un texte."))
        .expect("the writer waits for a lock released within a second");
    engine.commit().unwrap();
    releaser.join().unwrap();
    engine.finish_writing().unwrap();

    let held = std::fs::File::open(&lock_path).unwrap();
    held.lock().unwrap();
    let err = engine
        .add(crate::doc("b", "Titre", "Un texte."))
        .expect_err("a lock held for good is reported");
    assert!(
        matches!(err, oim_search::Error::IndexLocked { .. }),
        "{err:?}"
    );
    drop(held);
}

/// The first file of the index folder with this extension (a segment file).
fn index_file_with_extension(index: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .unwrap_or_else(|| panic!("a .{extension} file in {}", index.display()))
}
