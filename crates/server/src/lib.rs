//! The HTTP layer (`server` feature): a JSON API that returns the library's
//! serde types unchanged, and a French search page rendered on the server.
//! All search behaviour stays in the library; this module reads requests,
//! bounds them, runs the engine on tokio's blocking pool and writes answers.
//! Logging and printing are left to the binary.
//!
//! ```no_run
//! use std::sync::Arc;
//! use oim_search::Engine;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Arc::new(Engine::open("index")?);
//! oim_search_server::serve(engine, "127.0.0.1:7700".parse()?).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Routes, under the [`ServerConfig::base_path`] when one is set:
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /` | the search page (query string as in `/api/search`, plus `page`) |
//! | `GET /documents/{id}` | one document as a page (`q`: words to highlight) |
//! | `GET /api/search` | [`SearchResults`](oim_search::SearchResults) as JSON; with `render=html`, the page's filters and results as HTML |
//! | `GET /api/documents/{id}` | [`Document`](oim_search::Document) as JSON |
//! | `GET /api/export` | every match as a file: the `/api/search` parameters plus `format=csv\|excel-csv\|xlsx`; the French files link each row to its page (from the `Host` and `X-Forwarded-Proto` headers) |
//! | `GET /api/facets` | [`FacetCounts`](oim_search::FacetCounts) of the whole index |
//! | `GET /health` | `{"status": "ok", "documents": N}`, or 503 `"saturated"` when no search permit has been free for [`SATURATED_AFTER`] |

mod api;
mod chart;
mod config;
mod document_page;
mod export;
mod figures;
mod filing;
mod labels;
mod links;
mod listen;
mod page;
mod params;
mod permits;
mod report;
mod templates;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::{parse_addr, ConfigError, ServerConfig};
pub use export::{EXPORTS_AT_ONCE, EXPORT_QUEUE_WAIT, MAX_EXPORT_ROWS};
use oim_search::Engine;
use oim_search::Error;
use oim_search::SearchBackend;
use permits::SearchPermits;

pub use listen::{
    HEADER_READ_TIMEOUT, MAX_REQUEST_HEAD_BYTES, SHUTDOWN_GRACE, WRITE_STALL_TIMEOUT,
};

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Largest page of hits the API returns (`limit`).
pub const MAX_PAGE_SIZE: usize = 100;
/// Longest query string accepted, in bytes (answered with 414 beyond).
pub const MAX_QUERY_STRING_BYTES: usize = 8 * 1024;
/// Most `key=value` pairs in one query string.
pub const MAX_PARAMETERS: usize = 100;
/// Largest request body accepted, in bytes (every route is a GET).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Time limit for one request, after which it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long every search permit may stay taken, none given back, before
/// `/health` answers 503 `"saturated"` (so that a load balancer sends
/// traffic elsewhere while searches would wait or time out).
pub const SATURATED_AFTER: Duration = Duration::from_secs(5);

/// The Content-Security-Policy of every response: only this server's own
/// stylesheet and script, no inline code, no framing, forms post to us only,
/// and the script may fetch from this server only (search as you type).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
     script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// What every handler shares.
#[derive(Clone)]
struct AppState {
    engine: Arc<Engine>,
    /// Where searches, pages by id and facet counts are answered: the
    /// engine itself, or the backend of [`ServerConfig::backend`].
    backend: Arc<dyn SearchBackend>,
    /// Bounds the searches running at once on the blocking pool, so a burst
    /// of requests queues here instead of spawning one thread per request.
    searches: Arc<SearchPermits>,
    /// Bounds the downloads streaming at once: a pool of their own, so
    /// that slow or stalled downloads never hold a search permit.
    exports: Arc<Semaphore>,
    /// The base path every link starts with (empty at the root).
    base: Arc<str>,
}

/// Why a request failed: an engine error (status from its kind), a request
/// the server refuses before asking the engine, or a failure of the runtime.
#[derive(Debug)]
enum ServerError {
    Engine(Error),
    UriTooLong,
    Internal(String),
}

impl ServerError {
    fn status(&self) -> StatusCode {
        match self {
            ServerError::Engine(e) if e.is_usage() => StatusCode::BAD_REQUEST,
            ServerError::Engine(Error::UnknownDocument { .. }) => StatusCode::NOT_FOUND,
            ServerError::Engine(_) | ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ServerError::UriTooLong => StatusCode::URI_TOO_LONG,
        }
    }

    fn message(&self) -> String {
        match self {
            ServerError::Engine(e) => e.to_string(),
            ServerError::UriTooLong => format!(
                "query string over {MAX_QUERY_STRING_BYTES} bytes: shorten the query or use fewer filters"
            ),
            ServerError::Internal(m) => m.clone(),
        }
    }
}

impl From<Error> for ServerError {
    fn from(e: Error) -> Self {
        ServerError::Engine(e)
    }
}

impl AppState {
    /// Runs `work` on the engine in tokio's blocking pool: searches are CPU
    /// work and `Engine` is synchronous, so they must not block the reactor.
    /// The work holds a search permit until it ends, even when the request
    /// that asked for it is dropped first (past [`REQUEST_TIMEOUT`]), so the
    /// bound on work running at once always holds.
    async fn with_engine<T, F>(&self, work: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> oim_search::Result<T> + Send + 'static,
    {
        let permit = self
            .searches
            .acquire()
            .await
            .map_err(|e| ServerError::Internal(format!("search queue closed: {e}")))?;
        let engine = Arc::clone(&self.engine);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&engine)
        })
        .await
        .map_err(|e| ServerError::Internal(format!("search task failed: {e}")))?
        .map_err(ServerError::from)
    }

    /// [`AppState::with_engine`] on the search backend (the engine, or a
    /// cluster): searches, pages by id, facet counts.
    async fn with_backend<T, F>(&self, work: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn SearchBackend) -> oim_search::Result<T> + Send + 'static,
    {
        let permit = self
            .searches
            .acquire()
            .await
            .map_err(|e| ServerError::Internal(format!("search queue closed: {e}")))?;
        let backend = Arc::clone(&self.backend);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&*backend)
        })
        .await
        .map_err(|e| ServerError::Internal(format!("search task failed: {e}")))?
        .map_err(ServerError::from)
    }
}

/// The whole application at the root, without CORS: [`router_with`] and
/// the default [`ServerConfig`].
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// let app: axum::Router = oim_search_server::router(std::sync::Arc::new(engine));
/// # let _ = app;
/// ```
pub fn router(engine: Arc<Engine>) -> Router {
    router_with(engine, &ServerConfig::default())
}

/// The whole application: API, page, static assets, with the request
/// bounds (body size, time limit) and security headers (CSP, nosniff) on
/// every response, mounted and shared as `config` says. Add logging or
/// other layers on top as needed.
///
/// ```
/// use oim_search_server::{router_with, ServerConfig};
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = oim_search::Engine::create(dir.path()).unwrap();
/// let config = ServerConfig::default().base_path("/recherche")?.cors("*")?;
/// let app: axum::Router = router_with(std::sync::Arc::new(engine), &config);
/// # let _ = app;
/// # Ok::<(), oim_search_server::ConfigError>(())
/// ```
pub fn router_with(engine: Arc<Engine>, config: &ServerConfig) -> Router {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let base = config.base();
    let backend = config
        .search_backend()
        .unwrap_or_else(|| Arc::clone(&engine) as Arc<dyn SearchBackend>);
    let state = AppState {
        engine,
        backend,
        searches: SearchPermits::new(cores * 2),
        exports: Arc::new(Semaphore::new(EXPORTS_AT_ONCE)),
        base: Arc::from(base),
    };
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let at = |path: &str| format!("{base}{path}");
    let mut app = Router::new()
        .route(&at("/"), get(page::search_page))
        .route(&at("/documents/{id}"), get(document_page::document_page))
        .route(&at("/assets/style.css"), get(page::stylesheet))
        .route(&at("/assets/search.js"), get(page::script))
        .route(
            &at("/favicon.ico"),
            get(|| async { StatusCode::NO_CONTENT }),
        )
        .route(&at("/api/search"), get(api::search))
        .route(&at("/api/export"), get(export::export))
        .route(&at("/api/documents/{id}"), get(api::document))
        .route(&at("/api/facets"), get(api::facets))
        .route(&at("/health"), get(api::health));
    if !base.is_empty() {
        // `/recherche` without its slash is the same page
        app = app.route(base, get(page::search_page));
    }
    let app = app
        .fallback(not_found)
        .with_state(state.clone())
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(axum::middleware::from_fn(read_body_within_limit))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(state, errors_in_kind));
    match config.cors_layer() {
        Some(cors) => {
            let api = ApiCors {
                prefix: Arc::from(format!("{base}/api/")),
                with_cors: app.clone().layer(cors),
            };
            app.layer(axum::middleware::from_fn_with_state(api, cors_on_api))
        }
        None => app,
    }
}

/// The API's path prefix, and the whole application wrapped in
/// tower-http's CORS layer (outside every other layer, so that errors,
/// timeouts and refused bodies carry the header too).
#[derive(Clone)]
struct ApiCors {
    prefix: Arc<str>,
    with_cors: Router,
}

/// Sends a request under the API's path through the application with CORS,
/// others (the page, its assets) through the application without: a
/// browser hides an answer's body, refusals included, from a calling page
/// without `Access-Control-Allow-Origin`, and the page has no caller.
async fn cors_on_api(
    axum::extract::State(api): axum::extract::State<ApiCors>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !request.uri().path().starts_with(&*api.prefix) {
        return next.run(request).await;
    }
    match tower::ServiceExt::oneshot(api.with_cors, request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// True when `path` is under the API of an application mounted at `base`.
fn is_api(base: &str, path: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.starts_with("/api/"))
}

/// Reads a request's body (every route is a GET, so it is thrown away),
/// so that one sent in chunks, with no length for
/// [`RequestBodyLimitLayer`] to refuse up front, is still refused past
/// [`MAX_BODY_BYTES`] (413) instead of being left unread.
async fn read_body_within_limit(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::body::HttpBody;
    let (parts, body) = request.into_parts();
    if body.is_end_stream() {
        return next
            .run(axum::extract::Request::from_parts(parts, body))
            .await;
    }
    // a body over the limit, or one cut off by its client: refused either way
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(_) => {
            next.run(axum::extract::Request::from_parts(
                parts,
                axum::body::Body::empty(),
            ))
            .await
        }
        Err(_) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    }
}

/// The layers (body size, time limit) and axum's extractors answer some
/// errors themselves, with empty or English plain-text bodies: under
/// `/api/` these become JSON errors, elsewhere the French error page.
async fn errors_in_kind(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let api = is_api(&state.base, request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    if api && !content_type.starts_with(b"application/json") {
        let message = match status {
            StatusCode::PAYLOAD_TOO_LARGE => {
                format!("request body over {MAX_BODY_BYTES} bytes: send a smaller request")
            }
            StatusCode::SERVICE_UNAVAILABLE => format!(
                "the search took longer than {} s: narrow the query or add filters",
                REQUEST_TIMEOUT.as_secs()
            ),
            StatusCode::BAD_REQUEST => {
                "invalid URL (not UTF-8 once percent-decoded): check the link".to_string()
            }
            other => format!("request refused: {other}"),
        };
        return api::error_response(status, message);
    }
    // the page's handlers answer HTML, and `/health` JSON: both kept
    let ours =
        content_type.starts_with(b"text/html") || content_type.starts_with(b"application/json");
    if !api && !ours {
        return status_page(&state.base, status);
    }
    response
}

/// The French error page for an error answered outside the handlers
/// (an undecodable path, a body too large, the time limit).
fn status_page(base: &str, status: StatusCode) -> axum::response::Response {
    let (heading, message) = labels::status_message(status);
    page::message_page(
        status,
        base,
        templates::frame::MessagePage {
            heading,
            message,
            error: true,
            next: templates::Link {
                href: format!("{base}/"),
                text: "Aller à la recherche".into(),
            },
            search: None,
        },
    )
}

/// Unknown paths: JSON under `/api/`, a French page elsewhere.
async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    uri: axum::http::Uri,
) -> axum::response::Response {
    if is_api(&state.base, uri.path()) {
        api::error_response(
            StatusCode::NOT_FOUND,
            format!("no route {}: see the API in README.md", uri.path()),
        )
    } else {
        page::not_found_page(&state.base).into_response()
    }
}

/// Binds `addr` and serves [`router`] until Ctrl-C or SIGTERM, as
/// [`serve_engine`] does.
///
/// ```
/// # async fn run(engine: oim_search::Engine) -> std::io::Result<()> {
/// let addr: std::net::SocketAddr = "127.0.0.1:7700".parse().unwrap();
/// oim_search_server::serve(std::sync::Arc::new(engine), addr).await
/// # }
/// ```
///
/// # Errors
/// When the address cannot be bound or the facet columns cannot be read.
pub async fn serve(engine: Arc<Engine>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_engine(listener, engine, &ServerConfig::default(), |app| app).await
}

/// Serves an engine on a bound listener until Ctrl-C or SIGTERM: loads the
/// facet columns once (a long-running process), picks up what
/// `oim-search index` commits while it runs (checked every
/// [`REFRESH_EVERY`]), and serves [`router_with`] `config` wrapped by
/// `wrap` (for logging or other layers) as [`serve_app`] does.
///
/// ```
/// use oim_search_server::{serve_engine, ServerConfig};
/// # async fn run(engine: oim_search::Engine) -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let config = ServerConfig::default();
/// serve_engine(listener, std::sync::Arc::new(engine), &config, |app| app).await
/// # }
/// ```
///
/// # Errors
/// When the facet columns cannot be read or accepting connections fails for good.
pub async fn serve_engine(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    config: &ServerConfig,
    wrap: impl FnOnce(Router) -> Router,
) -> std::io::Result<()> {
    engine.warm_up().map_err(std::io::Error::other)?;
    let watched = Arc::clone(&engine);
    let refresher = tokio::spawn(async move {
        let mut every = tokio::time::interval(REFRESH_EVERY);
        loop {
            every.tick().await;
            // a failed reload keeps serving the commit already loaded
            let _ = watched.refresh();
        }
    });
    let served = serve_app(listener, wrap(router_with(engine, config))).await;
    refresher.abort();
    served
}

/// How often [`serve_engine`] looks for new commits of the index.
pub const REFRESH_EVERY: Duration = Duration::from_secs(2);

/// Serves an application (usually [`router`] with extra layers) on a bound
/// listener until Ctrl-C or SIGTERM. A client has
/// [`HEADER_READ_TIMEOUT`] to send each request's headers (an idle or
/// half-sent connection is closed after it); on shutdown, requests in
/// flight get [`SHUTDOWN_GRACE`] to finish, then the function returns
/// whatever the clients do.
///
/// ```
/// # async fn run(engine: oim_search::Engine) -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// oim_search_server::serve_app(listener, oim_search_server::router(std::sync::Arc::new(engine))).await
/// # }
/// ```
///
/// # Errors
/// When accepting connections fails for good.
pub async fn serve_app(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    listen::serve_until(listener, app, shutdown_signal(), SHUTDOWN_GRACE).await
}

/// Resolves on Ctrl-C, or on SIGTERM where there are signals.
async fn shutdown_signal() {
    let ctrl_c = async {
        // without a handler, wait for SIGTERM alone
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A state over an empty index, with `permits` search permits.
    fn state(permits: usize) -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Arc::new(Engine::create(dir.path()).unwrap());
        let state = AppState {
            backend: Arc::clone(&engine) as Arc<dyn SearchBackend>,
            engine,
            searches: SearchPermits::new(permits),
            exports: Arc::new(Semaphore::new(EXPORTS_AT_ONCE)),
            base: Arc::from(""),
        };
        (dir, state)
    }

    /// Blocking work that runs until `release` is sent to (or dropped).
    fn held_work(state: &AppState) -> std::sync::mpsc::Sender<()> {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let state = state.clone();
        tokio::spawn(async move {
            let _ = state
                .with_engine(move |_| {
                    let _ = wait.recv();
                    Ok(())
                })
                .await;
        });
        release
    }

    /// Item 3 of issue 28: a request dropped (by the 10 s time limit) while
    /// its blocking work runs on gave its permit back at once, so the bound
    /// on concurrent work no longer held. The permit now goes with the work.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn item3_a_permit_is_held_until_its_blocking_work_ends() {
        let (_dir, state) = state(2);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let dropped = tokio::time::timeout(
            Duration::from_millis(200),
            state.with_engine(move |_| {
                let _ = wait.recv();
                Ok(())
            }),
        )
        .await;
        assert!(dropped.is_err(), "the request timed out and was dropped");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            state.searches.available(),
            1,
            "the work still runs: its permit is still taken"
        );
        drop(release);
        let freed = async {
            while state.searches.available() < 2 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(5), freed)
            .await
            .expect("the permit comes back when the work ends");
    }

    /// Item 2 of issue 28: `/health` said "ok" while every search permit was
    /// taken and searches got 503s. It now answers 503 "saturated" once no
    /// permit has been free for a while, and "ok" again when one is.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn item2_health_reports_saturation() {
        use tower::ServiceExt;
        let (_dir, state) = state(2);
        // `/health` as the router serves it: through the error layer too
        let app = Router::new()
            .route("/health", get(api::health))
            .with_state(state.clone())
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                errors_in_kind,
            ));
        let health = || async {
            let request = axum::extract::Request::get("/health")
                .body(axum::body::Body::empty())
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            (
                status,
                json["status"].as_str().unwrap_or_default().to_string(),
            )
        };
        assert_eq!(health().await, (StatusCode::OK, "ok".to_string()));
        let held = [held_work(&state), held_work(&state)];
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            health().await,
            (StatusCode::OK, "ok".to_string()),
            "busy for a moment is not saturated"
        );
        tokio::time::sleep(SATURATED_AFTER).await;
        assert_eq!(
            health().await,
            (StatusCode::SERVICE_UNAVAILABLE, "saturated".to_string())
        );
        drop(held);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(health().await, (StatusCode::OK, "ok".to_string()));
    }
}
