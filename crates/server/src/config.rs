//! [`ServerConfig`]: where the application is mounted (a sub-path such as
//! `/recherche` behind a reverse proxy) and which other sites may call its
//! API from a browser (CORS), plus the reading of `--addr` values. The
//! routes themselves are built by `router_with`.

use std::net::{Ipv4Addr, SocketAddr};

use std::sync::Arc;

use axum::http::{header, HeaderValue, Method};
use oim_search::SearchBackend;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How the application is mounted and shared. The default serves at the
/// root (`/`) with no CORS header.
///
/// ```
/// use oim_search_server::ServerConfig;
/// let config = ServerConfig::default()
///     .base_path("/recherche/")?
///     .cors("https://example.org")?;
/// assert_eq!(config.base(), "/recherche");
/// assert!(ServerConfig::default().base_path("recherche").is_err());
/// assert!(ServerConfig::default().cors("example.org/x").is_err());
/// # Ok::<(), oim_search_server::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    base: String,
    cors: Option<HeaderValue>,
    backend: Option<Backend>,
}

/// Where searches run when not on the engine itself (see
/// [`ServerConfig::backend`]).
#[derive(Clone)]
pub(crate) struct Backend(pub(crate) Arc<dyn SearchBackend>);

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.describe())
    }
}

/// A [`ServerConfig`] value that cannot be used, with what would be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The base path is not `/` followed by URL-safe segments.
    #[error(
        "invalid base path `{0}`: give a path such as /recherche (letters, digits, - . _ ~ and /)"
    )]
    BasePath(String),
    /// The CORS origin is neither `*` nor `scheme://host[:port]`.
    #[error("invalid CORS origin `{0}`: give * or an origin such as https://example.org")]
    Origin(String),
    /// The listening address cannot be read.
    #[error("invalid address `{0}`: give IP:PORT (127.0.0.1:7700), localhost:PORT or a bare PORT")]
    Addr(String),
}

impl ServerConfig {
    /// Mounts every page, asset and API route under `path` (`/recherche`
    /// serves the page at `/recherche/` and the API at
    /// `/recherche/api/search`), and writes every link with it. `/` or an
    /// empty path is the root; a trailing `/` is ignored.
    ///
    /// # Errors
    /// [`ConfigError::BasePath`] unless the path starts with `/` and holds
    /// only letters, digits, `-`, `.`, `_`, `~` and single `/` between
    /// segments (no `..`).
    pub fn base_path(mut self, path: &str) -> Result<Self, ConfigError> {
        let trimmed = path.trim_end_matches('/');
        let valid = trimmed.is_empty()
            || (trimmed.starts_with('/')
                && trimmed[1..].split('/').all(|segment| {
                    !segment.is_empty()
                        && segment != "."
                        && segment != ".."
                        && segment
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
                }));
        if !valid || (path != "/" && !path.is_empty() && !path.starts_with('/')) {
            return Err(ConfigError::BasePath(path.to_string()));
        }
        self.base = trimmed.to_string();
        Ok(self)
    }

    /// Lets pages of `origin` (or of any site, with `*`) read the API's
    /// answers from a browser: adds `Access-Control-Allow-Origin` to every
    /// answer under `/api/`. Off by default.
    ///
    /// # Errors
    /// [`ConfigError::Origin`] unless `origin` is `*` or
    /// `http(s)://host[:port]` without a path.
    pub fn cors(mut self, origin: &str) -> Result<Self, ConfigError> {
        let bad = || ConfigError::Origin(origin.to_string());
        if origin != "*" {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .ok_or_else(bad)?;
            let host_ok = !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
            if !host_ok {
                return Err(bad());
            }
        }
        self.cors = Some(HeaderValue::from_str(origin).map_err(|_| bad())?);
        Ok(self)
    }

    /// Answers searches, pages by id and facet counts from `backend` (an
    /// OpenSearch cluster) instead of the engine; the engine still serves
    /// exports and the document pages' highlights.
    pub fn backend(mut self, backend: Arc<dyn SearchBackend>) -> Self {
        self.backend = Some(Backend(backend));
        self
    }

    /// The backend set with [`ServerConfig::backend`], if any.
    pub(crate) fn search_backend(&self) -> Option<Arc<dyn SearchBackend>> {
        self.backend.as_ref().map(|b| Arc::clone(&b.0))
    }

    /// The base path without its trailing `/`: empty at the root.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// tower-http's CORS layer for the API's answers, when CORS is on:
    /// the one origin allowed, `GET` (every route) for preflight requests,
    /// and `Vary: origin` unless any origin is allowed, so that caches do
    /// not serve one origin's answer to another.
    pub(crate) fn cors_layer(&self) -> Option<CorsLayer> {
        let origin = self.cors.clone()?;
        let vary = if origin == "*" {
            vec![]
        } else {
            vec![header::ORIGIN]
        };
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::exact(origin))
                .allow_methods([Method::GET])
                .vary(vary),
        )
    }
}

/// Reads a listening address as people write it: `IP:PORT`,
/// `localhost:PORT` (loopback) or a bare `PORT` (loopback too).
///
/// ```
/// use oim_search_server::parse_addr;
/// assert_eq!(parse_addr("8080")?.to_string(), "127.0.0.1:8080");
/// assert_eq!(parse_addr("localhost:9000")?.to_string(), "127.0.0.1:9000");
/// assert_eq!(parse_addr("0.0.0.0:80")?.to_string(), "0.0.0.0:80");
/// assert_eq!(parse_addr("[::1]:7700")?.to_string(), "[::1]:7700");
/// assert!(parse_addr("localhost").is_err());
/// # Ok::<(), oim_search_server::ConfigError>(())
/// ```
///
/// # Errors
/// [`ConfigError::Addr`] for anything else.
pub fn parse_addr(text: &str) -> Result<SocketAddr, ConfigError> {
    let text = text.trim();
    let bad = || ConfigError::Addr(text.to_string());
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let port = match text.rsplit_once(':') {
        Some((host, port)) if host.eq_ignore_ascii_case("localhost") => port,
        Some(_) => return Err(bad()),
        None => text,
    };
    let port: u16 = port.parse().map_err(|_| bad())?;
    Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        let table = [
            ("", Some("")),
            ("/", Some("")),
            ("/recherche", Some("/recherche")),
            ("/recherche/", Some("/recherche")),
            ("/oim/recherche-2", Some("/oim/recherche-2")),
            ("recherche", None),
            ("/a//b", None),
            ("/../x", None),
            ("/a b", None),
            ("/a?b", None),
            ("/é", None),
        ];
        for (path, want) in table {
            let got = ServerConfig::default().base_path(path);
            assert_eq!(got.as_ref().ok().map(|c| c.base()), want, "{path}");
        }
    }

    #[test]
    fn origins() {
        for ok in [
            "*",
            "https://example.org",
            "http://localhost:3000",
            "http://[::1]:80",
        ] {
            assert!(ServerConfig::default().cors(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "example.org",
            "https://",
            "https://x.org/path",
            "ftp://x",
            "https://a b",
        ] {
            assert!(ServerConfig::default().cors(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn addresses() {
        for bad in [
            "",
            "localhost",
            "localhost:",
            "host:80",
            "99999",
            "127.0.0.1",
            ":80",
        ] {
            assert_eq!(parse_addr(bad), Err(ConfigError::Addr(bad.into())), "{bad}");
        }
        assert_eq!(parse_addr(" 7700 ").unwrap().to_string(), "127.0.0.1:7700");
        assert_eq!(
            parse_addr("LOCALHOST:1").unwrap().to_string(),
            "127.0.0.1:1"
        );
    }
}
