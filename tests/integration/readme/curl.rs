//! Answers the README's `curl` examples in-process, through the server's
//! router over the example's index, and prints what curl would print:
//! with `-i`, the status line and the headers before the body.
#![cfg(feature = "server")]

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The lines curl prints for `args` (the words after `curl`), against the
/// index in `index_dir`.
pub fn run(args: &[String], index_dir: &Path) -> Result<Vec<String>, String> {
    let mut include_headers = false;
    let mut url = None;
    for arg in args {
        match arg.as_str() {
            "-i" | "--include" => include_headers = true,
            a if a.starts_with("http://") => url = Some(a),
            other => return Err(format!("curl option `{other}` is not emulated")),
        }
    }
    let url = url.ok_or("no http:// URL")?;
    let path = url
        .trim_start_matches("http://")
        .find('/')
        .map(|at| &url["http://".len() + at..])
        .unwrap_or("/");
    let engine = oim_search::Engine::open(index_dir).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (head, body) = runtime.block_on(async {
        let request = Request::get(path)
            .body(Body::empty())
            .map_err(|e| e.to_string())?;
        let response = oim_search_server::router(Arc::new(engine))
            .oneshot(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let mut head = vec![format!(
            "HTTP/1.1 {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )];
        for (name, value) in response.headers() {
            head.push(format!("{name}: {}", value.to_str().unwrap_or("?")));
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok::<_, String>((head, String::from_utf8_lossy(&bytes).into_owned()))
    })?;
    let mut lines = Vec::new();
    if include_headers {
        lines.extend(head);
        lines.push(String::new());
    }
    lines.extend(body.lines().map(str::to_string));
    Ok(lines)
}

/// Whether the shown `curl -i` lines fit the actual ones: the same status
/// line, every shown header present with its value (curl prints more than
/// the README shows), then the same body lines.
pub fn headers_fit(shown: &[String], actual: &[String]) -> bool {
    let split = |lines: &[String]| {
        let blank = lines.iter().position(|l| l.trim().is_empty());
        let blank = blank.unwrap_or(lines.len());
        (
            lines[..blank].to_vec(),
            lines.get(blank + 1..).unwrap_or_default().to_vec(),
        )
    };
    let (shown_head, shown_body) = split(shown);
    let (actual_head, actual_body) = split(actual);
    shown_head.first() == actual_head.first()
        && shown_head
            .iter()
            .skip(1)
            .all(|h| actual_head.iter().any(|a| a.eq_ignore_ascii_case(h)))
        && shown_body == actual_body
}
