//! Issue 17, reliability round 2: each test pins one defect that was
//! reproduced (special files, shutdown with hostile clients, data-loss
//! guards, Unicode forms of queries and facet values, damaged indexes).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::{oim, root};

/// An index of the five real pages in a fresh temporary folder.
fn indexed_corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    oim(&index)
        .args(["index", "--corpus"])
        .arg(root().join("corpus"))
        .assert()
        .success();
    (dir, index)
}

/// A running `oim-search serve` on a free port, its stderr gathered by a thread.
#[cfg(feature = "server")]
struct Served {
    child: Child,
    addr: SocketAddr,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

#[cfg(feature = "server")]
impl Served {
    fn start(index: &Path) -> Served {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("oim-search"))
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(index)
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
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            sink.lock().unwrap().push_str(&rest);
        });
        Served {
            child,
            addr,
            stderr,
        }
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
    let (_dir, index) = indexed_corpus();
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
    let grace = oim_search::server::SHUTDOWN_GRACE;
    let status = served.wait_exit(grace + Duration::from_secs(20));
    let took = started.elapsed();
    assert!(
        status.is_some_and(|s| s.success()),
        "serve did not stop after SIGTERM within {took:?}: {}",
        served.stderr.lock().unwrap()
    );
    assert!(took < grace + Duration::from_secs(3), "took {took:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(served.stderr.lock().unwrap().contains("stopped"));
}

/// Item 4: the CLI serves through the library's path, so it warms up and
/// picks up documents another process commits while it runs.
#[cfg(feature = "server")]
#[test]
fn cli_serve_sees_documents_committed_while_it_runs() {
    let (_dir, index) = indexed_corpus();
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
