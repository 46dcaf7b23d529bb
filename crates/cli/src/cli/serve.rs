//! `oim-search serve`: opens (or first builds) the index, then serves it
//! through the library's `serve_engine` (warm-up, refresh after new commits,
//! timeouts, bounded shutdown) until Ctrl-C or SIGTERM, logging one line per
//! request on stderr. The routes and their behaviour live in `oim_search_server`.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use clap::Args;

use oim_search_server::ServerConfig;

use super::backend::BackendSpec;
use super::config::Config;
use super::Exit;

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on: IP:PORT, localhost:PORT, or a bare PORT
    /// (loopback). Loopback by default: another address makes the index
    /// searchable by whoever can reach it.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR", value_parser = addr)]
    addr: SocketAddr,
    /// Serve the page and the API under this path (behind a reverse proxy
    /// that forwards /recherche/…): every link starts with it.
    #[arg(long, value_name = "PATH", default_value = "/", value_parser = base_path)]
    base_path: String,
    /// Let web pages of ORIGIN (`https://example.org`, or `*` for any site)
    /// call the JSON API from a browser (CORS). Off by default.
    #[arg(long, value_name = "ORIGIN", value_parser = cors)]
    cors: Option<String>,
    /// Where searches run: `embedded` (the index, the default) or
    /// `opensearch://HOST:PORT/INDEX`; the index still plans the queries,
    /// serves the exports and the document pages' highlights.
    #[arg(long, value_name = "BACKEND", env = "OIM_SEARCH_BACKEND")]
    backend: Option<String>,
}

// The option values are checked by clap with the library's rules, so a bad
// one is a usage error (exit 2) reported before the index is opened.

fn addr(text: &str) -> Result<SocketAddr, String> {
    oim_search_server::parse_addr(text).map_err(|e| e.to_string())
}

fn base_path(text: &str) -> Result<String, String> {
    ServerConfig::default()
        .base_path(text)
        .map(|_| text.to_string())
        .map_err(|e| e.to_string())
}

fn cors(text: &str) -> Result<String, String> {
    ServerConfig::default()
        .cors(text)
        .map(|_| text.to_string())
        .map_err(|e| e.to_string())
}

/// Runs `serve`.
pub fn run(cli: &Config, args: ServeArgs) -> anyhow::Result<Exit> {
    let index_dir = cli.index.as_path();
    let mut config = ServerConfig::default().base_path(&args.base_path)?;
    if let Some(origin) = &args.cors {
        config = config.cors(origin)?;
    }
    let spec = BackendSpec::parse(args.backend.as_deref())?;
    let engine = Arc::new(cli.open_or_build()?);
    super::search::warn_without_word_list(&engine);
    if spec != BackendSpec::Embedded {
        // a second handle on the index plans the backend's queries
        let backend = spec.open(cli.builder().open()?)?;
        eprintln!("oim-search: searches go to {}", backend.describe());
        config = config.backend(Arc::from(backend));
    }
    let documents = engine.num_docs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}: pick another address with --addr",
                    args.addr
                )
            })?;
        let addr = listener.local_addr().unwrap_or(args.addr);
        if !addr.ip().is_loopback() {
            eprintln!(
                "oim-search: warning: listening on {addr}, not loopback: anyone who can reach it can search"
            );
        }
        eprintln!(
            "oim-search: serving {} documents from {} on http://{addr}{}/ (Ctrl-C to stop)",
            super::output::count(documents),
            index_dir.display(),
            config.base()
        );
        // --quiet keeps the address line (with port 0 it is the only way to
        // learn the port) and warnings, but drops the log of each request
        let quiet = cli.quiet;
        oim_search_server::serve_engine(listener, engine, &config, |app| {
            if quiet {
                app
            } else {
                app.layer(middleware::from_fn(log_request))
            }
        })
        .await
        .context("the server stopped")
    });
    // searches still running on the blocking pool must not hold the exit
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served?;
    cli.note(format_args!("oim-search: stopped"));
    Ok(Exit::Ok)
}

/// Longest request target written to the log.
const LOGGED_TARGET_CHARS: usize = 200;

/// Logs `METHOD /path?query STATUS 1.2 ms` once the answer is ready.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let target: String = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .chars()
        .take(LOGGED_TARGET_CHARS)
        .collect();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    // a closed stderr must not take the server down: ignore write errors
    let _ = writeln!(
        std::io::stderr().lock(),
        "{method} {target} {} {ms:.1} ms",
        response.status().as_u16()
    );
    response
}
