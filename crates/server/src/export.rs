//! `GET /api/export?…&format=csv|excel-csv|xlsx`: every match of a search as
//! a file. The request is checked and counted first (errors are JSON, and a
//! search over [`MAX_EXPORT_ROWS`] is refused before anything is sent);
//! then the engine writes rows on the blocking pool into a bounded channel
//! that the response body drains, so the server holds a few chunks at a
//! time, never the table, and a client that goes away stops the export.
//! Downloads take their permits from a small pool of their own
//! ([`EXPORTS_AT_ONCE`]), never from the searches', and one whose client
//! reads nothing for [`WRITE_STALL_TIMEOUT`] is stopped and its file ended
//! with an error (never as a short file that looks whole).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, OwnedSemaphorePermit};

use super::listen::WRITE_STALL_TIMEOUT;
use super::params::{parse_search, Mode};
use super::{AppState, ServerError};
use oim_search::Error;
use oim_search::SearchRequest;
use oim_search::{CsvDialect, CsvWriter, ExportFormat, RowWriter, XlsxWriter};

/// Most rows one download may hold; larger searches are refused with a
/// request to narrow them (the CLI exports any number).
pub const MAX_EXPORT_ROWS: usize = 200_000;

/// Downloads streaming at once; the next ones wait for a place.
pub const EXPORTS_AT_ONCE: usize = 2;
/// How long a download waits for a place before it is answered with 503.
pub const EXPORT_QUEUE_WAIT: Duration = Duration::from_secs(5);

/// Size of the chunks sent to the client.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting in the channel before the writer waits for the client.
const CHUNKS_IN_FLIGHT: usize = 4;

/// How an export ended, told by the writing task to the response body,
/// which ends with an error unless the file is whole.
#[derive(Default)]
struct Outcome {
    complete: AtomicBool,
    failure: Mutex<Option<String>>,
}

impl Outcome {
    fn fail(&self, why: String) {
        if let Ok(mut failure) = self.failure.lock() {
            failure.get_or_insert(why);
        }
    }
}

/// `std::io::Write` into the response body: bytes are gathered into chunks
/// and handed to the channel, waiting while the client is slower, but no
/// longer than [`WRITE_STALL_TIMEOUT`] for one chunk.
struct BodyWriter {
    sender: mpsc::Sender<Bytes>,
    chunk: Vec<u8>,
    /// The runtime, to wait on the channel with a time limit.
    runtime: tokio::runtime::Handle,
    outcome: Arc<Outcome>,
}

impl BodyWriter {
    fn send_chunk(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_BYTES));
        let send = self.sender.send(Bytes::from(chunk));
        let failure = match self
            .runtime
            .block_on(tokio::time::timeout(WRITE_STALL_TIMEOUT, send))
        {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(_)) => std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"),
            Err(_) => std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "the client read nothing for {} s: download stopped",
                    WRITE_STALL_TIMEOUT.as_secs()
                ),
            ),
        };
        self.outcome.fail(failure.to_string());
        Err(failure)
    }
}

impl Drop for BodyWriter {
    fn drop(&mut self) {
        // a writer that never flushes its end still delivers it (a failure
        // is recorded in the outcome)
        let _ = self.send_chunk();
    }
}

impl Write for BodyWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(bytes);
        if self.chunk.len() >= CHUNK_BYTES {
            self.send_chunk()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send_chunk()
    }
}

/// Whether a chunk of the export could not be delivered.
fn failed(outcome: &Outcome) -> bool {
    outcome.failure.lock().map_or(true, |f| f.is_some())
}

/// Reads `format` out of the query string; the rest is a search.
fn split_format(raw: Option<&str>) -> Result<(ExportFormat, String), ServerError> {
    let raw = raw.unwrap_or("");
    let mut format = None;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        if key == "format" {
            format = Some(value.parse::<ExportFormat>().map_err(|hint| {
                ServerError::Engine(Error::InvalidValue {
                    what: "format",
                    value: value.chars().take(40).collect(),
                    hint,
                })
            })?);
        } else {
            rest.append_pair(&key, &value);
        }
    }
    Ok((format.unwrap_or(ExportFormat::Csv), rest.finish()))
}

/// `GET /api/export`: checks the request and its size, waits for a place
/// among the downloads, then streams the file written on the blocking pool.
pub(crate) async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServerError> {
    let (format, search) = split_format(raw.as_deref())?;
    let mut request = parse_search(Some(&search), Mode::Api)?.request;
    request.limit = 0;
    request.offset = 0;
    request.facets = false;
    request.aggregates = false;
    check_size(&state, &request).await?;
    let permit = match export_place(&state).await? {
        Ok(permit) => permit,
        Err(busy) => return Ok(busy),
    };
    let (receiver, outcome) = write_in_background(&state, request, format, permit);
    let mut response = Body::from_stream(body_chunks(receiver, outcome)).into_response();
    attachment_headers(&mut response, format);
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

/// Counts the request's matches before any byte is sent: a download over
/// [`MAX_EXPORT_ROWS`] is refused with what to do.
async fn check_size(state: &AppState, request: &SearchRequest) -> Result<(), ServerError> {
    let counted = request.clone();
    let total = state
        .with_engine(move |engine| engine.search(&counted).map(|r| r.total))
        .await?;
    if total > MAX_EXPORT_ROWS {
        return Err(ServerError::Engine(Error::InvalidValue {
            what: "export",
            value: format!("{total} matches"),
            hint: format!(
                "a download holds at most {MAX_EXPORT_ROWS} rows: add filters, or export with `oim-search search --format`"
            ),
        }));
    }
    Ok(())
}

/// A place among the downloads, or the 503 to answer when none frees up
/// within [`EXPORT_QUEUE_WAIT`].
async fn export_place(
    state: &AppState,
) -> Result<Result<OwnedSemaphorePermit, Response>, ServerError> {
    match tokio::time::timeout(
        EXPORT_QUEUE_WAIT,
        Arc::clone(&state.exports).acquire_owned(),
    )
    .await
    {
        Ok(permit) => permit
            .map(Ok)
            .map_err(|e| ServerError::Internal(format!("export queue closed: {e}"))),
        Err(_) => {
            let mut busy = super::api::error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{EXPORTS_AT_ONCE} downloads are running already: try again in a minute"),
            );
            busy.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            Ok(Err(busy))
        }
    }
}

/// Writes the file on the blocking pool, holding `permit` until it ends;
/// returns the chunks' receiving end and the outcome the body reads.
fn write_in_background(
    state: &AppState,
    request: SearchRequest,
    format: ExportFormat,
    permit: OwnedSemaphorePermit,
) -> (mpsc::Receiver<Bytes>, Arc<Outcome>) {
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let engine = Arc::clone(&state.engine);
    let outcome = Arc::new(Outcome::default());
    let written_outcome = Arc::clone(&outcome);
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let outcome = written_outcome;
        // the channel must stay open until the outcome is set: the body
        // reads its end as "whole" or "cut" from it
        let keep_open = sender.clone();
        let out = BodyWriter {
            sender,
            chunk: Vec::with_capacity(CHUNK_BYTES),
            runtime,
            outcome: Arc::clone(&outcome),
        };
        // the writer is dropped at the end of the closure, its last chunk
        // sent, before the outcome is set
        let written = (|| -> oim_search::Result<()> {
            let mut writer: Box<dyn RowWriter> = match format {
                ExportFormat::Csv => Box::new(CsvWriter::new(out, CsvDialect::Rfc4180)?),
                ExportFormat::ExcelCsv => Box::new(CsvWriter::new(out, CsvDialect::FrenchExcel)?),
                ExportFormat::Xlsx => Box::new(XlsxWriter::new(out)?),
            };
            engine.export(&request, writer.as_mut())?;
            writer.finish()
        })();
        match written {
            Ok(()) => outcome.complete.store(true, Ordering::Release),
            // the status line is gone already: the body ends with an error,
            // so the client sees a failed download rather than a short file
            Err(e) => outcome.fail(e.to_string()),
        }
        drop(keep_open);
    });
    (receiver, outcome)
}

/// The body's chunks; when every sender is gone, the file is whole, or the
/// body ends with an error.
fn body_chunks(
    receiver: mpsc::Receiver<Bytes>,
    outcome: Arc<Outcome>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::unfold(
        (receiver, outcome, false),
        |(mut receiver, outcome, ended)| async move {
            if ended {
                return None;
            }
            match receiver.recv().await {
                Some(chunk) => Some((Ok(chunk), (receiver, outcome, false))),
                None if outcome.complete.load(Ordering::Acquire) && !failed(&outcome) => None,
                None => {
                    let why = outcome
                        .failure
                        .lock()
                        .ok()
                        .and_then(|f| f.clone())
                        .unwrap_or_else(|| "the export stopped before its end".to_string());
                    let error = std::io::Error::other(why);
                    Some((Err(error), (receiver, outcome, true)))
                }
            }
        },
    )
}

/// Content type, file name and no caching.
fn attachment_headers(response: &mut Response, format: ExportFormat) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let disposition = format!(
        "attachment; filename=\"{}\"",
        format.file_name("oim-recherche")
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
