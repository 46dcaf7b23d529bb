//! `GET /api/export?…&format=csv|excel-csv|xlsx`: every match of a search as
//! a file. The request is checked and counted first (errors are JSON, and a
//! search over [`MAX_EXPORT_ROWS`] is refused before anything is sent);
//! then the engine writes rows on the blocking pool into a bounded channel
//! that the response body drains, so the server holds a few chunks at a
//! time, never the table, and a client that goes away stops the export.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use super::params::{parse_search, Mode};
use super::{AppState, ServerError};
use crate::error::Error;
use crate::export::{CsvDialect, CsvWriter, ExportFormat, RowWriter, XlsxWriter};

/// Most rows one download may hold; larger searches are refused with a
/// request to narrow them (the CLI exports any number).
pub const MAX_EXPORT_ROWS: usize = 200_000;

/// Size of the chunks sent to the client.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting in the channel before the writer waits for the client.
const CHUNKS_IN_FLIGHT: usize = 4;

/// `std::io::Write` into the response body: bytes are gathered into chunks
/// and handed to the channel, waiting while the client is slower.
struct BodyWriter {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
    chunk: Vec<u8>,
}

impl BodyWriter {
    fn send_chunk(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Drop for BodyWriter {
    fn drop(&mut self) {
        // a writer that never flushes its end still delivers it
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

/// `GET /api/export`.
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
    // check the request and count its matches before any byte is sent
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
    let permit = state
        .searches
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ServerError::Internal(format!("search queue closed: {e}")))?;
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let engine = std::sync::Arc::clone(&state.engine);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let out = BodyWriter {
            sender: sender.clone(),
            chunk: Vec::with_capacity(CHUNK_BYTES),
        };
        let written = (|| -> crate::Result<()> {
            let mut writer: Box<dyn RowWriter> = match format {
                ExportFormat::Csv => Box::new(CsvWriter::new(out, CsvDialect::Rfc4180)?),
                ExportFormat::ExcelCsv => Box::new(CsvWriter::new(out, CsvDialect::FrenchExcel)?),
                ExportFormat::Xlsx => Box::new(XlsxWriter::new(out)?),
            };
            engine.export(&request, writer.as_mut())?;
            writer.finish()
        })();
        if let Err(e) = written {
            // the status line is gone already: end the body with an error,
            // so the client sees a failed download rather than a short file
            let _ = sender.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = receiver.recv().await?;
        Some((chunk, receiver))
    });
    let mut response = Body::from_stream(chunks).into_response();
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
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}
