//! Index lifecycle: opening, creating and recreating an index directory,
//! refusing indexes another format wrote, and removing index files. Writing
//! is left to `writer`, searching to `search`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::{Index, ReloadPolicy};

use super::Engine;
use crate::error::{Error, Result};
use crate::index::{
    check_memory, index_settings, CommitPayload, ReadTolerantDirectory, Writer, WORD_LIST_FILE,
    WORD_LIST_TEMP_FILE,
};
use crate::schema::{build_schema, register_analyzers, FORMAT_VERSION};
use crate::search::Synonyms;

/// Most threads one search uses (one per segment at most).
const SEARCH_THREADS: usize = 4;

/// Options for opening or creating an [`Engine`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let engine = oim_search::EngineBuilder::new(dir.path()).memory_mb(64).threads(1).create().unwrap();
/// assert_eq!(engine.num_docs(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    dir: PathBuf,
    memory_mb: usize,
    threads: usize,
    synonyms: Arc<Synonyms>,
}

impl EngineBuilder {
    /// Options for the index in `dir`, with defaults (128 MB writer memory,
    /// one indexing thread per core up to 4).
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index");
    /// # let _ = builder;
    /// ```
    pub fn new(dir: impl Into<PathBuf>) -> EngineBuilder {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        EngineBuilder {
            dir: dir.into(),
            memory_mb: 128,
            threads: cores.clamp(1, 4),
            synonyms: Arc::new(Synonyms::builtin().clone()),
        }
    }

    /// Adds synonym rules to the shipped ones. They apply at query time, so
    /// an existing index needs no rebuild.
    ///
    /// ```
    /// use oim_search::{EngineBuilder, Synonyms};
    /// let mine = Synonyms::parse("bidonville, quartier informel", "mine.txt").unwrap();
    /// let builder = EngineBuilder::new("index").synonyms(mine);
    /// # let _ = builder;
    /// ```
    pub fn synonyms(mut self, extra: Synonyms) -> EngineBuilder {
        let mut all = Synonyms::builtin().clone();
        all.merge(&extra);
        self.synonyms = Arc::new(all);
        self
    }

    /// Memory the writer may buffer before flushing a segment, a total
    /// shared by its threads (16 MB at least; fewer threads run when each
    /// would get less); it also bounds the size of the segments merges join (see
    /// benches/PERFORMANCE.md). The writer takes at most 4095 MB
    /// per thread: [`EngineBuilder::open`] and [`EngineBuilder::create`]
    /// refuse more.
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index").memory_mb(64);
    /// # let _ = builder;
    /// ```
    pub fn memory_mb(mut self, mb: usize) -> EngineBuilder {
        self.memory_mb = mb;
        self
    }

    /// Most indexing threads; fewer run when the memory budget cannot give
    /// each 16 MB (the budget is a total, see [`EngineBuilder::memory_mb`]).
    ///
    /// ```
    /// let builder = oim_search::EngineBuilder::new("index").threads(1);
    /// # let _ = builder;
    /// ```
    pub fn threads(mut self, threads: usize) -> EngineBuilder {
        self.threads = threads.max(1);
        self
    }

    /// The index folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The same options for another folder.
    pub(crate) fn at(mut self, dir: &Path) -> EngineBuilder {
        self.dir = dir.to_path_buf();
        self
    }

    /// Opens the existing index.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// drop(engine);
    /// let reopened = oim_search::EngineBuilder::new(dir.path()).open().unwrap();
    /// assert_eq!(reopened.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::NoIndex`] when there is none, [`Error::NotAFolder`] when the
    /// path (or a folder above it) is a file, [`Error::IncompatibleIndex`] when
    /// it was written with another format, [`Error::InvalidValue`] when the
    /// writer memory is out of range.
    pub fn open(self) -> Result<Engine> {
        check_memory(self.memory_mb, self.threads)?;
        refuse_file(&self.dir)?;
        if !self.dir.join("meta.json").is_file() {
            return Err(Error::NoIndex { path: self.dir });
        }
        refuse_foreign(&self.dir)?;
        // a read-only folder or mount is searchable: see `read_only`
        let index = ReadTolerantDirectory::open(&self.dir)
            .and_then(Index::open)
            .map_err(|e| Error::index(&self.dir, e))?;
        check_compatible(&self.dir, &index)?;
        self.engine(index)
    }

    /// Creates a new, empty index (the directory is created if needed).
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let engine = oim_search::EngineBuilder::new(dir.path()).threads(1).create().unwrap();
    /// assert_eq!(engine.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::NotAFolder`] when the path (or a folder above it) is a file,
    /// [`Error::Io`] when the directory cannot be created, [`Error::Index`]
    /// when it already holds an index, [`Error::InvalidValue`] when the
    /// writer memory is out of range (checked before anything is created).
    pub fn create(self) -> Result<Engine> {
        check_memory(self.memory_mb, self.threads)?;
        refuse_file(&self.dir)?;
        if self.dir.join("meta.json").is_file() {
            refuse_foreign(&self.dir)?;
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let (schema, _) = build_schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_dir(&self.dir)
            .map_err(|e| Error::index(&self.dir, e))?;
        // from now on `recreate` may delete this index: mark it as ours
        let marker = self.dir.join(MARKER_FILE);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        let engine = self.engine(index)?;
        // a new index starts a new word list, whatever a folder left behind
        engine.writer().words().start_fresh();
        // record the format (and an empty word list) right away so the
        // empty index opens cleanly, and release the write lock until
        // something is written
        engine.finish_writing()?;
        Ok(engine)
    }

    /// Opens the index, or creates it when the directory holds none.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let first = oim_search::EngineBuilder::new(dir.path()).open_or_create().unwrap();
    /// drop(first);
    /// let again = oim_search::EngineBuilder::new(dir.path()).open_or_create().unwrap();
    /// assert_eq!(again.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// As [`EngineBuilder::open`] and [`EngineBuilder::create`].
    pub fn open_or_create(self) -> Result<Engine> {
        if self.dir.join("meta.json").is_file() {
            self.open()
        } else {
            self.create()
        }
    }

    /// Deletes the index files of an index this program wrote and creates a
    /// fresh index: the way out of an incompatible or damaged index. A
    /// folder holding an index written by anything else is refused, and
    /// nothing in it is deleted.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// oim_search::Engine::create(dir.path()).unwrap();
    /// let fresh = oim_search::EngineBuilder::new(dir.path()).recreate().unwrap();
    /// assert_eq!(fresh.num_docs(), 0);
    /// ```
    ///
    /// # Errors
    /// As [`EngineBuilder::create`]; [`Error::IndexLocked`] if another
    /// process writes it; [`Error::NotOurIndex`] for a folder holding
    /// another program's `meta.json`.
    pub fn recreate(self) -> Result<Engine> {
        remove_index_files(&self.dir)?;
        self.create()
    }

    /// The engine over an opened or created index: analyzers registered,
    /// searches spread over a few cores, one reader, a writer taken lazily.
    fn engine(self, mut index: Index) -> Result<Engine> {
        register_analyzers(&index);
        let dir = self.dir;
        // a search walks its segments on all cores: lower latency per query
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            index
                .set_multithread_executor(cores.min(SEARCH_THREADS))
                .map_err(|e| Error::index(&dir, e))?;
        }
        let reader: tantivy::IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&dir, e))?;
        super::verify::check_segment_sizes(&dir, &reader.searcher())?;
        let writer = Writer::new(index, dir.clone(), self.memory_mb, self.threads);
        Ok(Engine::new(dir, reader, writer, self.synonyms))
    }
}

/// [`Error::NotAFolder`] when `dir`, or the nearest existing path above
/// it, is a file: the system would only say "File exists" or "Not a
/// directory" without naming which.
pub(crate) fn refuse_file(dir: &Path) -> Result<()> {
    let nearest = dir
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find_map(|p| std::fs::metadata(p).ok().map(|m| (p, m)));
    match nearest {
        Some((path, meta)) if !meta.is_dir() => Err(Error::NotAFolder {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Refuses indexes written by another format or schema.
fn check_compatible(dir: &Path, index: &Index) -> Result<()> {
    let expected = format!("format {FORMAT_VERSION}");
    let meta = index.load_metas().map_err(|e| Error::index(dir, e))?;
    let found = match meta
        .payload
        .as_deref()
        .map(serde_json::from_str::<CommitPayload>)
    {
        Some(Ok(p)) if p.format == FORMAT_VERSION => None,
        Some(Ok(p)) => Some(format!("format {} by {}", p.format, p.engine)),
        _ => Some("no format version".to_string()),
    };
    let (schema, _) = build_schema();
    let same_schema =
        serde_json::to_string(&schema).ok() == serde_json::to_string(&index.schema()).ok();
    match (found, same_schema) {
        (None, true) => Ok(()),
        (found, _) => Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found: found.unwrap_or_else(|| "another schema".to_string()),
            expected,
        }),
    }
}

/// The file that marks a folder as an index this program wrote: only such
/// folders (or, for indexes written before the marker existed, those whose
/// last commit carries this program's payload) are ever deleted from.
pub(crate) const MARKER_FILE: &str = ".oim-search-index";

const MARKER_TEXT: &str = "This folder is an oim-search index. `oim-search index --full` \
may delete the index files in it (those tantivy lists in .managed.json).\n";

/// True when `dir` holds an index this program wrote: the marker file, or
/// a commit payload naming oim-search (indexes of earlier versions).
fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER_FILE).is_file() {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(dir.join("meta.json")) else {
        return false;
    };
    let payload = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|meta| meta.get("payload")?.as_str().map(String::from));
    payload
        .and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok())
        .is_some_and(|p| p.engine.starts_with("oim-search"))
}

/// [`Error::NotOurIndex`] for a folder whose `meta.json` another program wrote.
fn refuse_foreign(dir: &Path) -> Result<()> {
    if is_ours(dir) {
        Ok(())
    } else {
        Err(Error::NotOurIndex {
            path: dir.to_path_buf(),
        })
    }
}

/// Removes the files of an index this program wrote: `meta.json`,
/// `.managed.json`, tantivy's lock files, the word list and the files
/// `.managed.json` lists, leaving anything else alone. Does nothing to a directory that
/// holds no index, and refuses one another program wrote.
fn remove_index_files(dir: &Path) -> Result<()> {
    if !dir.join("meta.json").is_file() {
        return Ok(());
    }
    refuse_foreign(dir)?;
    // refuse while another process writes
    let lock_path = dir.join(".tantivy-writer.lock");
    if lock_path.exists() {
        let file = std::fs::File::open(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        if file.try_lock().is_err() {
            return Err(Error::IndexLocked {
                path: dir.to_path_buf(),
            });
        }
    }
    const EXTENSIONS: [&str; 9] = [
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "json",
        "lock",
    ];
    // the files tantivy says it manages; when that list is unreadable (a
    // damaged index of ours), the names tantivy gives its segment files
    let managed: Option<Vec<String>> = std::fs::read_to_string(dir.join(".managed.json"))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let listed = match &managed {
            Some(files) => files.iter().any(|f| f == name),
            None => EXTENSIONS.contains(&ext) && is_segment_name(name),
        };
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name == WORD_LIST_FILE
            || name == WORD_LIST_TEMP_FILE
            || (name.starts_with(".tantivy") && name.ends_with(".lock"))
            || listed;
        if ours && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// A tantivy segment file name: 32 hex digits, a dot, an extension
/// (`.del` files add an opstamp: `<uuid>.<opstamp>.del`).
fn is_segment_name(name: &str) -> bool {
    name.len() > 33
        && name.as_bytes()[32] == b'.'
        && name[..32].bytes().all(|b| b.is_ascii_hexdigit())
}
