//! The native half of the `oim_search` Python package: a thin PyO3 layer over
//! the core library's [`Engine`]. It speaks JSON with the Python half
//! (`oim_search/__init__.py`), which builds the typed result objects: a
//! search answer is the core's `SearchResults` serialised exactly as
//! `oim-search search --json` prints it, so new fields flow through without
//! a change here. Every call that reads or writes the index releases the GIL.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oim_search::{
    Cell, CsvDialect, CsvWriter, Document, Engine, EngineBuilder, Error, ExportRow, FirstBuild,
    IndexOptions, IndexReport, RowWriter, SearchBackend, SearchRequest, Synonyms, XlsxWriter,
    COLUMNS, DEFAULT_MAX_FILE_SIZE,
};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// Rows an export sends to Python at a time.
const ROWS_PER_BATCH: usize = 256;

/// Batches an export keeps ready ahead of the Python reader.
const BATCHES_AHEAD: usize = 4;

/// How often a running index job checks for Ctrl-C and reports progress.
const POLL_EVERY: Duration = Duration::from_millis(20);

/// The Python exception for a core error: one of the classes of
/// `oim_search.errors`, built with the core's message (which names the
/// value and the fix) and the error's fields as attributes.
fn py_error(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    let (class, attrs): (&str, Vec<(&str, Py<PyAny>)>) = match error_fields(py, &err) {
        Ok(found) => found,
        Err(e) => return e,
    };
    let build = || -> PyResult<PyErr> {
        let module = py.import("oim_search.errors")?;
        let kwargs = PyDict::new(py);
        for (key, value) in attrs {
            kwargs.set_item(key, value)?;
        }
        let instance = module.getattr(class)?.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// An exception class of `oim_search.errors` and the attributes to set.
type ErrorClass = (&'static str, Vec<(&'static str, Py<PyAny>)>);

/// The exception class name of a core error and the attributes it carries.
fn error_fields(py: Python<'_>, err: &Error) -> PyResult<ErrorClass> {
    let text = |value: &str| PyString::new(py, value).into_any().unbind();
    let path = |p: &std::path::Path| text(&p.display().to_string());
    let optional = |value: &Option<String>| -> PyResult<Py<PyAny>> {
        Ok(value.clone().into_pyobject(py)?.unbind())
    };
    Ok(match err {
        Error::NoIndex { path: p } => ("NoIndex", vec![("path", path(p))]),
        Error::IndexLocked { path: p } => ("IndexLocked", vec![("path", path(p))]),
        Error::UnknownFacetValue {
            facet,
            value,
            valid,
            closest,
        } => (
            "UnknownFacetValue",
            vec![
                ("facet", text(facet.key())),
                ("value", text(value)),
                (
                    "valid",
                    valid.clone().into_pyobject(py)?.into_any().unbind(),
                ),
                ("suggestion", optional(closest)?),
            ],
        ),
        Error::UnknownFacet { name } => (
            "InvalidQuery",
            vec![("what", text("facet")), ("value", text(name))],
        ),
        Error::InvalidValue { what, value, .. } if *what == "synonym file" => {
            ("InvalidSynonyms", vec![("value", text(value))])
        }
        Error::InvalidValue { what, value, .. } => (
            "InvalidQuery",
            vec![("what", text(what)), ("value", text(value))],
        ),
        Error::InvalidParam { param, value, .. } => (
            "InvalidQuery",
            vec![("what", text(param.key())), ("value", text(value))],
        ),
        Error::UnknownParam { key } => (
            "InvalidQuery",
            vec![("what", text("key")), ("value", text(key))],
        ),
        Error::IncompatibleIndex { path: p, .. }
        | Error::NotOurIndex { path: p }
        | Error::DamagedIndex { path: p, .. }
        | Error::Index { path: p, .. } => ("DamagedIndex", vec![("path", path(p))]),
        Error::ReadOnlyIndex { path: p, .. } => ("ReadOnlyIndex", vec![("path", path(p))]),
        Error::DiskFull { path: p, .. } => ("DiskFull", vec![("path", path(p))]),
        Error::NoCorpus { path: p } => ("NoCorpus", vec![("path", path(p))]),
        Error::NothingToIndex { corpus, .. } | Error::RemovalRefused { corpus, .. } => {
            ("IndexRunRefused", vec![("path", path(corpus))])
        }
        Error::InvalidDocument { id, .. } => ("InvalidDocument", vec![("id", optional(id)?)]),
        Error::UnknownDocument { id } => ("UnknownDocument", vec![("id", text(id))]),
        Error::Export { .. } => ("ExportError", vec![]),
        Error::Backend { backend, .. } => ("BackendError", vec![("backend", text(backend))]),
        Error::Io { path: p, .. }
        | Error::NotAFolder { path: p }
        | Error::Cancelled { path: p } => ("Error", vec![("path", path(p))]),
        _ => ("Error", vec![]),
    })
}

/// A core result in Python terms.
fn check<T>(py: Python<'_>, result: oim_search::Result<T>) -> PyResult<T> {
    result.map_err(|e| py_error(py, e))
}

/// JSON for the Python half; the core's types always serialise.
fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the answer: {e}")))
}

/// A search request from the JSON object the Python half built, read by
/// the library's vocabulary; a bad key or value raises `InvalidQuery`
/// naming it.
fn parse_request(py: Python<'_>, json: &str) -> PyResult<SearchRequest> {
    SearchRequest::from_json(json).map_err(|e| py_error(py, e))
}

/// The engine options: the user's synonym file on top of the shipped set.
fn builder(py: Python<'_>, path: PathBuf, synonyms: Option<PathBuf>) -> PyResult<EngineBuilder> {
    let mut builder = EngineBuilder::new(path);
    if let Some(file) = synonyms {
        let extra = py.detach(|| Synonyms::from_file(&file));
        builder = builder.synonyms(check(py, extra)?);
    }
    Ok(builder)
}

/// Runs an index job on a thread of its own while this thread, holding the
/// GIL only between waits, reports progress to `progress` and watches for
/// Ctrl-C. A `KeyboardInterrupt` (or any exception the callback raises)
/// sets the job's cancel flag, waits for the job to drop its work and is
/// then raised: nothing is committed.
fn run_index_job<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    job: impl FnOnce(&IndexOptions<'_>, &AtomicBool) -> oim_search::Result<T> + Send,
    options: IndexSettings,
) -> PyResult<T> {
    let cancel = AtomicBool::new(false);
    let finished = AtomicBool::new(false);
    let done = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    let mut raised: Option<PyErr> = None;
    let outcome = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let tick = |d: usize, t: usize| {
                done.fetch_max(d, Ordering::Relaxed);
                total.store(t, Ordering::Relaxed);
            };
            let index_options = IndexOptions {
                full: options.full,
                max_file_size: options.max_file_size,
                progress: Some(&tick),
                allow_removal: options.allow_removal,
            };
            let outcome = job(&index_options, &cancel);
            finished.store(true, Ordering::Release);
            outcome
        });
        let mut reported = (usize::MAX, usize::MAX);
        loop {
            py.detach(|| {
                let deadline = std::time::Instant::now() + POLL_EVERY * 5;
                while !finished.load(Ordering::Acquire) && std::time::Instant::now() < deadline {
                    std::thread::sleep(POLL_EVERY);
                }
            });
            let is_finished = finished.load(Ordering::Acquire);
            if raised.is_none() {
                let now = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                if let Some(callback) = progress {
                    if now != reported && now.1 > 0 {
                        reported = now;
                        if let Err(e) = callback.call1(now) {
                            raised = Some(e);
                        }
                    }
                }
                if raised.is_none() {
                    if let Err(e) = py.check_signals() {
                        raised = Some(e);
                    }
                }
                if raised.is_some() {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
            if is_finished {
                break;
            }
        }
        match worker.join() {
            Ok(outcome) => outcome,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match (raised, outcome) {
        // the run dropped its work: the interrupt (or the callback's
        // exception) is what the caller sees
        (Some(interrupt), Err(Error::Cancelled { .. })) => Err(interrupt),
        // the run failed on its own, or had already committed when the
        // interrupt came: raise the interrupt all the same, as Python would
        (Some(interrupt), _) => Err(interrupt),
        (None, outcome) => check(py, outcome),
    }
}

/// The options of an index run, as the Python call gave them.
#[derive(Clone, Copy)]
struct IndexSettings {
    full: bool,
    max_file_size: u64,
    allow_removal: bool,
}

/// An open index: the core's `Engine`, shared between Python threads
/// (searches run in parallel with the GIL released), and the backend that
/// answers searches when it is not the index itself (an OpenSearch
/// cluster, planned on the index).
#[pyclass(frozen, module = "oim_search._native")]
struct NativeIndex {
    engine: Arc<Engine>,
    backend: Option<Box<dyn SearchBackend>>,
}

impl NativeIndex {
    /// The index alone: searches answered by it.
    fn embedded(engine: Engine) -> NativeIndex {
        NativeIndex {
            engine: Arc::new(engine),
            backend: None,
        }
    }

    /// Where searches, `get` and `facets` run.
    fn searched(&self) -> &dyn SearchBackend {
        match &self.backend {
            Some(backend) => backend.as_ref(),
            None => self.engine.as_ref(),
        }
    }
}

/// The backend `spec` names (`opensearch://HOST:PORT/INDEX`), planned on
/// a second handle of the index at `path`.
#[cfg(feature = "opensearch")]
fn cluster_backend(
    builder: EngineBuilder,
    spec: &str,
) -> oim_search::Result<Box<dyn SearchBackend>> {
    let at: oim_search_opensearch::ClusterAddress = spec.parse()?;
    let planner = builder.open()?;
    Ok(Box::new(oim_search_opensearch::OpenSearch::new(
        &at.url, &at.index, planner,
    )?))
}

/// Without the `opensearch` feature, a backend is refused with how to get it.
#[cfg(not(feature = "opensearch"))]
fn cluster_backend(_: EngineBuilder, spec: &str) -> oim_search::Result<Box<dyn SearchBackend>> {
    Err(Error::InvalidValue {
        what: "backend",
        value: spec.to_string(),
        hint: "this build of oim_search has no OpenSearch support: build it with the \
               `opensearch` feature (the default of `pip install ./python`)"
            .to_string(),
    })
}

#[pymethods]
impl NativeIndex {
    /// Opens the index at `path`; with `backend`
    /// (`opensearch://HOST:PORT/INDEX`), searches, `get` and `facets` go
    /// to that cluster, planned on the index.
    #[staticmethod]
    #[pyo3(signature = (path, synonyms=None, backend=None))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        synonyms: Option<PathBuf>,
        backend: Option<String>,
    ) -> PyResult<NativeIndex> {
        let builder = builder(py, path, synonyms)?;
        let planner = builder.clone();
        let engine = check(py, py.detach(|| builder.open()))?;
        let backend = match backend.as_deref().map(str::trim) {
            None | Some("") | Some("embedded") => None,
            Some(spec) => Some(check(py, py.detach(|| cluster_backend(planner, spec)))?),
        };
        Ok(NativeIndex {
            engine: Arc::new(engine),
            backend,
        })
    }

    /// Where searches run, for people (`the embedded index`,
    /// `OpenSearch at http://…/oim`).
    fn backend(&self) -> String {
        self.searched().describe()
    }

    /// Creates an empty index at `path`.
    #[staticmethod]
    #[pyo3(signature = (path, synonyms=None))]
    fn create(py: Python<'_>, path: PathBuf, synonyms: Option<PathBuf>) -> PyResult<NativeIndex> {
        let builder = builder(py, path, synonyms)?;
        let engine = check(py, py.detach(|| builder.open_or_create()))?;
        Ok(NativeIndex::embedded(engine))
    }

    /// Builds the index at `index` from the pages in `corpus`: a first
    /// build when there is no index yet, else an update (or a full rebuild
    /// with `full`). Returns the index and the run's report as JSON.
    #[staticmethod]
    #[pyo3(signature = (corpus, index, progress=None, full=false, max_file_size=DEFAULT_MAX_FILE_SIZE, allow_removal=false, synonyms=None))]
    #[allow(clippy::too_many_arguments)]
    fn build(
        py: Python<'_>,
        corpus: PathBuf,
        index: PathBuf,
        progress: Option<Bound<'_, PyAny>>,
        full: bool,
        max_file_size: u64,
        allow_removal: bool,
        synonyms: Option<PathBuf>,
    ) -> PyResult<(NativeIndex, String)> {
        let builder = builder(py, index.clone(), synonyms)?;
        let settings = IndexSettings {
            full,
            max_file_size,
            allow_removal,
        };
        if index.join("meta.json").is_file() {
            let engine = check(py, py.detach(|| builder.open()))?;
            let native = NativeIndex::embedded(engine);
            let report = native.run_corpus(py, corpus, progress.as_ref(), settings)?;
            return Ok((native, report));
        }
        let built = run_index_job(
            py,
            progress.as_ref(),
            |options, cancel| builder.build_first_cancellable(&corpus, options, cancel),
            settings,
        )?;
        match built {
            FirstBuild::Built(engine, report) => {
                Ok((NativeIndex::embedded(engine), to_json(&report)?))
            }
            FirstBuild::BuiltByAnother(engine) => Ok((
                NativeIndex::embedded(engine),
                to_json(&IndexReport::default())?,
            )),
            FirstBuild::NothingIndexed(report) => {
                let mut message = format!(
                    "found no indexable page in {}: no index was created at {}; check the corpus folder",
                    corpus.display(),
                    index.display()
                );
                if let Some(first) = report.skipped.first() {
                    message.push_str(&format!(
                        " (first file skipped: {}: {})",
                        first.location, first.problem
                    ));
                }
                let module = py.import("oim_search.errors")?;
                let kwargs = PyDict::new(py);
                kwargs.set_item("path", corpus.display().to_string())?;
                let instance = module
                    .getattr("IndexRunRefused")?
                    .call((message,), Some(&kwargs))?;
                Err(PyErr::from_value(instance))
            }
        }
    }

    /// Updates the index from the pages in `corpus` (only what changed
    /// unless `full`); returns the run's report as JSON.
    #[pyo3(signature = (corpus, progress=None, full=false, max_file_size=DEFAULT_MAX_FILE_SIZE, allow_removal=false))]
    fn index_corpus(
        &self,
        py: Python<'_>,
        corpus: PathBuf,
        progress: Option<Bound<'_, PyAny>>,
        full: bool,
        max_file_size: u64,
        allow_removal: bool,
    ) -> PyResult<String> {
        let settings = IndexSettings {
            full,
            max_file_size,
            allow_removal,
        };
        self.run_corpus(py, corpus, progress.as_ref(), settings)
    }

    /// The index folder.
    fn path(&self) -> PathBuf {
        self.engine.dir().to_path_buf()
    }

    /// Documents searchable now.
    fn num_docs(&self) -> u64 {
        self.engine.num_docs()
    }

    /// Picks up commits made by other processes.
    fn refresh(&self, py: Python<'_>) -> PyResult<()> {
        let engine = &self.engine;
        check(py, py.detach(|| engine.refresh()))
    }

    /// Prepares for many searches (see the core's `Engine::warm_up`).
    fn warm_up(&self, py: Python<'_>) -> PyResult<()> {
        let engine = &self.engine;
        check(py, py.detach(|| engine.warm_up()))
    }

    /// Runs a search given as a JSON request object; returns the answer
    /// as `oim-search search --json` prints it.
    fn search(&self, py: Python<'_>, request: &str) -> PyResult<String> {
        let request = parse_request(py, request)?;
        let searched = self.searched();
        let answer = py.detach(|| searched.search(&request).map(|r| serde_json::to_string(&r)));
        match check(py, answer)? {
            Ok(json) => Ok(json),
            Err(e) => Err(PyRuntimeError::new_err(format!(
                "cannot serialise the answer: {e}"
            ))),
        }
    }

    /// The stored document with this id as JSON, or None.
    fn get(&self, py: Python<'_>, id: &str) -> PyResult<Option<String>> {
        let searched = self.searched();
        let found = check(py, py.detach(|| searched.get(id)))?;
        found.map(|doc| to_json(&doc)).transpose()
    }

    /// Every facet value of the index with its document count, as JSON.
    fn facets(&self, py: Python<'_>) -> PyResult<String> {
        let searched = self.searched();
        to_json(&check(py, py.detach(|| searched.facets()))?)
    }

    /// Takes the write lock now (a second writer fails at once).
    fn lock_for_writing(&self, py: Python<'_>) -> PyResult<()> {
        let engine = &self.engine;
        check(py, py.detach(|| engine.lock_for_writing()))
    }

    /// Applies a batch of changes (`("add", document JSON)` or
    /// `("delete", id)`), commits them and releases the write lock.
    fn apply(&self, py: Python<'_>, changes: Vec<(String, String)>) -> PyResult<()> {
        let mut parsed = Vec::with_capacity(changes.len());
        for (op, payload) in changes {
            match op.as_str() {
                "add" => {
                    let document: Document = serde_json::from_str(&payload).map_err(|e| {
                        py_error(
                            py,
                            Error::InvalidDocument {
                                id: None,
                                reason: format!("{e}: give the fields of oim_search.Document"),
                            },
                        )
                    })?;
                    parsed.push(Change::Add(Box::new(document)));
                }
                "delete" => parsed.push(Change::Delete(payload)),
                other => {
                    return Err(PyRuntimeError::new_err(format!(
                        "unknown change `{other}`: add or delete"
                    )))
                }
            }
        }
        let engine = &self.engine;
        check(
            py,
            py.detach(|| {
                for change in parsed {
                    match change {
                        Change::Add(document) => engine.add(*document)?,
                        Change::Delete(id) => engine.delete(&id)?,
                    }
                }
                engine.finish_writing()
            }),
        )
    }

    /// Releases the write lock without changes (an empty commit).
    fn release(&self, py: Python<'_>) -> PyResult<()> {
        let engine = &self.engine;
        check(py, py.detach(|| engine.finish_writing()))
    }

    /// Every match of a search (paging ignored), as batches of row tuples
    /// in the order of `export_columns()`.
    fn export_rows(&self, py: Python<'_>, request: &str) -> PyResult<RowBatches> {
        let request = parse_request(py, request)?;
        let (sender, receiver) = sync_channel(BATCHES_AHEAD);
        let engine = Arc::clone(&self.engine);
        std::thread::spawn(move || {
            let mut writer = ChannelRows {
                sender: sender.clone(),
                batch: Vec::with_capacity(ROWS_PER_BATCH),
            };
            let outcome = engine
                .export(&request, &mut writer)
                .and_then(|_| writer.finish());
            if let Err(e) = outcome {
                // the reader may be gone (it stopped iterating): nothing to tell
                let _ = sender.send(Err(e));
            }
        });
        Ok(RowBatches {
            receiver: Mutex::new(receiver),
        })
    }

    /// Writes every match of a search to `path` as `csv`, `excel-csv` or
    /// `xlsx`; returns the number of rows.
    fn export_file(
        &self,
        py: Python<'_>,
        request: &str,
        path: PathBuf,
        format: &str,
    ) -> PyResult<u64> {
        let format: oim_search::ExportFormat = format.parse().map_err(|hint: String| {
            py_error(
                py,
                Error::InvalidValue {
                    what: "format",
                    value: format.to_string(),
                    hint,
                },
            )
        })?;
        let request = parse_request(py, request)?;
        let engine = &self.engine;
        check(
            py,
            py.detach(|| {
                let file = std::fs::File::create(&path).map_err(|e| Error::Export {
                    message: format!("cannot create {}: {e}", path.display()),
                    source: Some(e),
                })?;
                let mut writer: Box<dyn RowWriter> = match format {
                    oim_search::ExportFormat::Csv => {
                        Box::new(CsvWriter::new(file, CsvDialect::Rfc4180)?)
                    }
                    oim_search::ExportFormat::ExcelCsv => {
                        Box::new(CsvWriter::new(file, CsvDialect::FrenchExcel)?)
                    }
                    oim_search::ExportFormat::Xlsx => Box::new(XlsxWriter::new(file)?),
                };
                let rows = engine.export(&request, writer.as_mut())?;
                writer.finish()?;
                Ok(rows)
            }),
        )
    }
}

impl NativeIndex {
    /// An update run of this index from `corpus`, interruptible.
    fn run_corpus(
        &self,
        py: Python<'_>,
        corpus: PathBuf,
        progress: Option<&Bound<'_, PyAny>>,
        settings: IndexSettings,
    ) -> PyResult<String> {
        let engine = &self.engine;
        let report = run_index_job(
            py,
            progress,
            |options, cancel| engine.index_corpus_cancellable(&corpus, options, cancel),
            settings,
        )?;
        to_json(&report)
    }
}

/// One change of a writer batch.
enum Change {
    Add(Box<Document>),
    Delete(String),
}

/// One export cell as Python will see it.
enum Value {
    Text(String),
    Int(i32),
    Float(f64),
    Bool(bool),
    None,
}

/// A batch of export rows, or the error that ended the export.
type Batch = oim_search::Result<Vec<Vec<Value>>>;

/// The row writer of `export_rows`: sends rows to the Python reader in
/// batches, over a bounded channel (the export waits for the reader).
struct ChannelRows {
    sender: SyncSender<Batch>,
    batch: Vec<Vec<Value>>,
}

impl ChannelRows {
    fn send(&mut self) -> oim_search::Result<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(ROWS_PER_BATCH));
        self.sender.send(Ok(batch)).map_err(|_| Error::Export {
            message: "the Python reader stopped iterating".to_string(),
            source: None,
        })
    }
}

impl RowWriter for ChannelRows {
    fn write_row(&mut self, row: &ExportRow<'_>) -> oim_search::Result<()> {
        let cells = row.cells();
        let values = COLUMNS
            .iter()
            .zip(cells)
            .map(|(column, cell)| match (column.key, cell) {
                // a flag in Python, not the spreadsheet's "inferred"
                ("region_inferred", cell) => Value::Bool(cell != Cell::Empty),
                (_, Cell::Text(text)) => Value::Text(text.to_string()),
                (_, Cell::Year(year)) => Value::Int(year),
                (_, Cell::Amount(amount)) => Value::Float(amount),
                (_, Cell::Empty) => Value::None,
            })
            .collect();
        self.batch.push(values);
        if self.batch.len() >= ROWS_PER_BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> oim_search::Result<()> {
        if !self.batch.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

/// The batches of an export, read from Python as an iterator of lists of
/// tuples.
#[pyclass(frozen, module = "oim_search._native")]
struct RowBatches {
    receiver: Mutex<Receiver<Batch>>,
}

#[pymethods]
impl RowBatches {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let received = py.detach(|| match self.receiver.lock() {
            Ok(receiver) => receiver.recv().ok(),
            Err(_) => None,
        });
        let batch = match received {
            None => return Ok(None),
            Some(batch) => check(py, batch)?,
        };
        let rows = PyList::empty(py);
        for row in batch {
            let values: Vec<Bound<'py, PyAny>> = row
                .into_iter()
                .map(|value| -> PyResult<Bound<'py, PyAny>> {
                    Ok(match value {
                        Value::Text(text) => text.into_pyobject(py)?.into_any(),
                        Value::Int(n) => n.into_pyobject(py)?.into_any(),
                        Value::Float(x) => x.into_pyobject(py)?.into_any(),
                        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
                        Value::None => py.None().into_bound(py),
                    })
                })
                .collect::<PyResult<_>>()?;
            rows.append(PyTuple::new(py, values)?)?;
        }
        Ok(Some(rows))
    }
}

/// The keys of an export row, in order.
#[pyfunction]
fn export_columns() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.key).collect()
}

/// The native module: `NativeIndex`, `RowBatches`, `export_columns`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeIndex>()?;
    m.add_class::<RowBatches>()?;
    m.add_function(wrap_pyfunction!(export_columns, m)?)?;
    m.add("CORE_VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE)?;
    Ok(())
}
