//! The JSON API: the library's serde types as they are (the objects of the
//! CLI's `--json`), and errors as `{"error": "…"}` with a status that says
//! whose fault it was (400 request, 404 unknown id, 500 server).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::params::{parse_search, Mode};
use super::{AppState, ServerError};
use oim_search::Error;

/// Longest document id looked up; longer ones cannot exist.
pub(crate) const MAX_ID_CHARS: usize = 256;

/// `{"error": message}` with a status.
pub(crate) fn error_response(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        error_response(self.status(), self.message())
    }
}

/// `GET /api/search?q=…&region=…`: [`oim_search::SearchResults`]; with
/// `render=html`, the results and filters of the search page for the same
/// parameters, rendered as the page renders them (the page's script shows
/// them while the user types, so that both can never differ).
pub(crate) async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServerError> {
    let (html, rest) = split_render(raw.as_deref())?;
    if html {
        return Ok(super::page::search_fragment(state, rest.as_deref()).await);
    }
    let params = parse_search(raw.as_deref(), Mode::Api)?;
    let results = state
        .with_backend(move |backend| backend.search(&params.request))
        .await?;
    Ok(Json(results).into_response())
}

/// Reads `render` out of a query string: whether it asks for HTML, and
/// the other parameters.
fn split_render(raw: Option<&str>) -> Result<(bool, Option<String>), ServerError> {
    let Some(raw) = raw.filter(|r| r.contains("render=")) else {
        return Ok((false, raw.map(str::to_string)));
    };
    let mut html = false;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        match (key.as_ref(), value.as_ref()) {
            ("render", "html") => html = true,
            ("render", other) => {
                return Err(ServerError::Engine(Error::InvalidValue {
                    what: "render",
                    value: other.chars().take(40).collect(),
                    hint: "use render=html, or leave it out for JSON".to_string(),
                }))
            }
            _ => {
                rest.append_pair(&key, &value);
            }
        }
    }
    Ok((html, Some(rest.finish())))
}

/// `GET /api/documents/{id}`: [`oim_search::Document`], or 404.
pub(crate) async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ServerError> {
    let doc = lookup(&state, id).await?;
    Ok(Json(doc).into_response())
}

/// An id longer than any id can be is unknown without asking the engine.
pub(crate) fn check_id(id: &str) -> Result<(), ServerError> {
    if id.chars().count() > MAX_ID_CHARS {
        return Err(Error::UnknownDocument {
            id: id.chars().take(40).chain("…".chars()).collect(),
        }
        .into());
    }
    Ok(())
}

/// Fetches a document, turning a missing one into [`Error::UnknownDocument`].
pub(crate) async fn lookup(
    state: &AppState,
    id: String,
) -> Result<oim_search::Document, ServerError> {
    check_id(&id)?;
    state
        .with_backend(move |backend| backend.get(&id)?.ok_or(Error::UnknownDocument { id }))
        .await
}

/// `GET /api/facets`: every facet value of the index with its count.
pub(crate) async fn facets(State(state): State<AppState>) -> Result<Response, ServerError> {
    let counts = state.with_backend(|backend| backend.facets()).await?;
    Ok(Json(counts).into_response())
}

/// `GET /health`: the server answers and how many documents it searches;
/// 503 `"saturated"` when no search permit has been free for
/// [`SATURATED_AFTER`](super::SATURATED_AFTER) (searches would queue, then
/// time out), so that a load balancer sends traffic elsewhere meanwhile.
pub(crate) async fn health(State(state): State<AppState>) -> Response {
    let documents = state.engine.num_docs();
    match state.searches.saturated_for() {
        Some(busy) if busy >= super::SATURATED_AFTER => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({
                "status": "saturated",
                "documents": documents,
                "searches_free": 0,
                "saturated_seconds": busy.as_secs(),
            })),
        )
            .into_response(),
        _ => Json(serde_json::json!({
            "status": "ok",
            "documents": documents,
            "searches_free": state.searches.available(),
        }))
        .into_response(),
    }
}
