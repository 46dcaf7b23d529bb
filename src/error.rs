//! The library's one error type. Every message says what went wrong, names
//! the path or value involved, and says what to do.

use std::path::PathBuf;

use crate::facet::Facet;
use crate::param::Param;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the library can fail with.
///
/// ```
/// let err = oim_search::Engine::open("/no/such/index").unwrap_err();
/// assert!(matches!(err, oim_search::Error::NoIndex { .. }));
/// assert_eq!(err.to_string(), "no index at /no/such/index: run `oim-search index` to build it");
/// assert!(!err.is_usage());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No index in the directory.
    #[error("no index at {}: run `oim-search index` to build it", path.display())]
    NoIndex {
        /// The index directory.
        path: PathBuf,
    },
    /// The folder given for an index holds no index but other files: pages
    /// (a corpus given as the index) or anything else. Nothing was written.
    #[error("invalid index folder `{}`: it holds {} and no index, and an index needs a folder of its own: give --index a new or empty folder (the default is ./index){}",
        path.display(), folder_contents(*pages, *others),
        if *pages > 0 { "; pages go to `oim-search index --corpus DIR`" } else { "" })]
    FolderNotEmpty {
        /// The folder.
        path: PathBuf,
        /// `.txt` files in it.
        pages: usize,
        /// Other files in it.
        others: usize,
    },
    /// A first build found no page it could index: no index was left.
    #[error("no page of {} could be indexed: run `oim-search index` to see why", corpus.display())]
    NothingIndexed {
        /// The corpus folder.
        corpus: PathBuf,
    },
    /// The index path, or a folder above it, is a file: no index can be
    /// read or made there.
    #[error("{} is a file, not a folder: give --index a folder (it is created when missing)", path.display())]
    NotAFolder {
        /// The file standing where a folder is needed.
        path: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("the index at {} is being written by another process: wait for it to finish and retry", path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was written by an incompatible engine version or schema.
    #[error("the index at {} was written by an incompatible version ({found}; this engine writes {expected}): rebuild it with `oim-search index --full`", path.display())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// What the index says it is.
        found: String,
        /// What this engine writes.
        expected: String,
    },
    /// The folder holds an index (or a `meta.json`) this program did not
    /// write: it is never read as an index nor deleted from.
    #[error("{} holds a meta.json that oim-search did not write (another program's index or someone's files): nothing in it was read or deleted; give --index a new or empty folder", path.display())]
    NotOurIndex {
        /// The folder.
        path: PathBuf,
    },
    /// An indexing run found no indexable page; nothing was changed.
    #[error("found no indexable page in {}: nothing was changed (the index keeps its {documents} documents); check the folder given with --corpus", corpus.display())]
    NothingToIndex {
        /// The corpus folder.
        corpus: PathBuf,
        /// Documents in the index, unchanged.
        documents: u64,
    },
    /// An indexing run was cancelled (see [`Engine::index_corpus_cancellable`](crate::Engine::index_corpus_cancellable)):
    /// nothing it did was committed.
    #[error("the index run on {} was cancelled: nothing was committed and the index is as it was; run it again to index the pages", path.display())]
    Cancelled {
        /// The index directory.
        path: PathBuf,
    },
    /// An indexing run would remove more than half of the index's documents.
    #[error("this run would remove {removed} of the index's {documents} documents (their pages are not in {}): nothing was changed; check --corpus, or pass --allow-removal if the pages are really gone", corpus.display())]
    RemovalRefused {
        /// The corpus folder.
        corpus: PathBuf,
        /// Documents the run would have removed.
        removed: usize,
        /// Documents in the index, unchanged.
        documents: u64,
    },
    /// The index files fail their checksums, or the index holds an id twice.
    #[error("the index at {} is damaged ({problem}): nothing was changed; rebuild it with `oim-search index --full`", path.display())]
    DamagedIndex {
        /// The index directory.
        path: PathBuf,
        /// What the check found.
        problem: String,
    },
    /// The index cannot be written (read-only mount or folder); it can
    /// still be searched.
    #[error("cannot write the index at {} ({reason}): it can be searched but not updated; index into a writable folder with --index", path.display())]
    ReadOnlyIndex {
        /// The index directory.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// The disk holding the index filled up during a run; the run's files
    /// were removed and the index is as it was.
    #[error("the disk holding {} is full: this run was undone and the index is as before; free about {needed_mb} MB there ({free_mb} MB free now; a run may need the size of the pages plus the size of the index) and run it again", path.display())]
    DiskFull {
        /// The index directory.
        path: PathBuf,
        /// Space a run may need, in MB.
        needed_mb: u64,
        /// Space free after the clean-up, in MB.
        free_mb: u64,
    },
    /// A file system operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The corpus directory is missing or not a directory.
    #[error("no corpus directory at {}: pass an existing folder of .txt pages with --corpus", path.display())]
    NoCorpus {
        /// The path given.
        path: PathBuf,
    },
    /// The search library failed on the index files.
    #[error("index error at {}: {message} (rebuild with `oim-search index --full` if this persists)", path.display())]
    Index {
        /// The index directory.
        path: PathBuf,
        /// tantivy's message, in plain words.
        message: String,
        /// The kind of the I/O error under it, when it was one (a full
        /// disk is `StorageFull`, a read-only mount `ReadOnlyFilesystem`).
        io_kind: Option<std::io::ErrorKind>,
        /// tantivy's error itself (its type is tantivy's, so it is kept
        /// behind the standard error trait).
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A facet name that does not exist.
    #[error("{}", crate::facet::UnknownFacet { name: name.clone() })]
    UnknownFacet {
        /// The name given.
        name: String,
    },
    /// A filter value that no document has.
    #[error("unknown {facet} `{value}`{}: valid values are {}", closest.as_ref().map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default(), valid.join(", "))]
    UnknownFacetValue {
        /// The facet.
        facet: Facet,
        /// The value given.
        value: String,
        /// Every valid value.
        valid: Vec<String>,
        /// The valid value closest to the one given.
        closest: Option<String>,
    },
    /// A search request parameter malformed or out of range (`limit`,
    /// `budget_min`, a facet's value, …).
    #[error("invalid {param} `{value}`: {hint}")]
    InvalidParam {
        /// The parameter.
        param: Param,
        /// The value given.
        value: String,
        /// What would be accepted.
        hint: String,
    },
    /// A key of a search request (JSON, URL, batch line) that is none of
    /// [`REQUEST_KEYS`](crate::REQUEST_KEYS).
    #[error("unknown key `{key}`: valid keys are {}", crate::param::REQUEST_KEYS.join(", "))]
    UnknownParam {
        /// The key as given.
        key: String,
    },
    /// Any other value out of range or malformed: an option, a file's
    /// contents, a combination of parameters.
    #[error("invalid {what} `{value}`: {hint}")]
    InvalidValue {
        /// What the value is for (`memory`, `budget range`, …).
        what: &'static str,
        /// The value given.
        value: String,
        /// What would be accepted.
        hint: String,
    },
    /// A document that cannot be indexed.
    #[error("invalid document{}: {reason}", id.as_ref().map(|i| format!(" `{i}`")).unwrap_or_default())]
    InvalidDocument {
        /// The document id, when it has one.
        id: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// An export (CSV, XLSX) could not be written or does not fit its format.
    #[error("export failed: {message}")]
    Export {
        /// What went wrong and what to do.
        message: String,
        /// The write that failed (a closed pipe, a full disk), if any.
        #[source]
        source: Option<std::io::Error>,
    },
    /// The word list beside the index (`words.fst`) is missing, damaged,
    /// or not the one the last commit names. The documents are sound;
    /// searches answer without typo corrections and completions.
    #[error("the word list of {}: {problem}: searches go without typo corrections and completions; run `oim-search index` to rebuild it (the documents are not affected)", path.display())]
    WordList {
        /// The index directory.
        path: PathBuf,
        /// What is wrong with the list.
        problem: String,
    },
    /// No document with this id.
    #[error("no document with id `{id}`: list ids with `oim-search search \"\"`")]
    UnknownDocument {
        /// The id asked for.
        id: String,
    },
    /// A search backend other than the embedded index (an OpenSearch
    /// cluster) failed or answered something unexpected.
    #[error("{backend}: {message}")]
    Backend {
        /// Which backend, and where (`opensearch http://127.0.0.1:9200/oim`).
        backend: String,
        /// What went wrong and what to do.
        message: String,
    },
}

impl Error {
    /// True for errors caused by what the user asked (bad value, unknown
    /// facet), as opposed to the state of files; the CLI exits 2 for them.
    ///
    /// ```
    /// let err = oim_search::Error::UnknownFacet { name: "colour".into() };
    /// assert!(err.is_usage());
    /// ```
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::UnknownFacet { .. }
                | Error::UnknownFacetValue { .. }
                | Error::InvalidValue { .. }
                | Error::InvalidParam { .. }
                | Error::UnknownParam { .. }
                | Error::FolderNotEmpty { .. }
        )
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::Index`]; a tantivy error is worded as a plain sentence
    /// (its own text holds `Debug` dumps such as `FileDoesNotExist("…")` or
    /// `Os { code: 30, … }`).
    pub(crate) fn index(path: impl Into<PathBuf>, err: impl std::fmt::Display + 'static) -> Error {
        let any: &dyn std::any::Any = &err;
        let source = any.downcast_ref::<tantivy::TantivyError>().cloned();
        let message = match &source {
            Some(e) => plain_tantivy_message(e),
            None => err.to_string(),
        };
        Error::Index {
            path: path.into(),
            message,
            io_kind: source.as_ref().and_then(io_kind),
            source: source.map(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
        }
    }
}

/// A tantivy error as one plain sentence naming the file and the system's
/// reason, for the errors whose own text is a `Debug` dump.
/// The kind of the I/O error inside a tantivy error, if there is one.
fn io_kind(err: &tantivy::TantivyError) -> Option<std::io::ErrorKind> {
    use tantivy::directory::error::{OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match err {
        T::IoError(io) => Some(io.kind()),
        T::OpenReadError(OpenReadError::IoError { io_error, .. })
        | T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => Some(io_error.kind()),
        T::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => {
            Some(io_error.kind())
        }
        _ => None,
    }
}

fn plain_tantivy_message(err: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match err {
        T::IoError(io) => io.to_string(),
        T::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("the index file {} is missing", path.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("cannot read {}: {io_error}", filepath.display())
        }
        T::OpenWriteError(OpenWriteError::FileAlreadyExists(path)) => {
            format!("{} already exists", path.display())
        }
        T::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("cannot write {}: {io_error}", filepath.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::DoesNotExist(path)) => {
            format!("the folder {} does not exist", path.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::NotADirectory(path)) => {
            format!("{} is a file, not a folder", path.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) => format!(
            "cannot open the folder {}: {io_error}",
            directory_path.display()
        ),
        T::LockFailure(LockError::IoError(io), _) => format!("cannot take the index lock: {io}"),
        T::LockFailure(LockError::LockBusy, _) => {
            "another process holds the index lock".to_string()
        }
        // `Data corrupted: 'Data corruption (in file `"x"`): …'`
        T::DataCorruption(corruption) => format!("{corruption:?}").replace('"', ""),
        other => other.to_string(),
    }
}

/// Why a corpus file was not indexed.
///
/// ```
/// assert_eq!(oim_search::parse_page("x", "  ").unwrap_err(), oim_search::PageError::Empty);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// Nothing but whitespace.
    #[error("empty file")]
    Empty,
    /// Only the site's navigation menu.
    #[error("only the site navigation menu, no content")]
    OnlyBoilerplate,
    /// Bytes that are not text.
    #[error("binary data, not a text page")]
    Binary,
    /// Larger than the configured limit.
    #[error("{size} bytes is over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge {
        /// File size in bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A FIFO, device, socket or folder (after following links): reading it
    /// could block or never end.
    #[error("not a regular file ({0}): only plain files are read")]
    NotAFile(crate::special_file::SpecialFile),
    /// Could not be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
}

impl From<crate::facet::UnknownFacet> for Error {
    fn from(unknown: crate::facet::UnknownFacet) -> Error {
        Error::UnknownFacet { name: unknown.name }
    }
}

/// `3 pages (.txt files) and 1 other file`, for [`Error::FolderNotEmpty`].
fn folder_contents(pages: usize, others: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    match (pages, others) {
        (1, 0) => "1 page (a .txt file)".to_string(),
        (p, 0) => format!("{p} pages (.txt files)"),
        (0, n) => format!("{n} other file{}", s(n)),
        (p, n) => format!("{p} page{} (.txt files) and {n} other file{}", s(p), s(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_error_keeps_its_source_and_the_io_kind_under_it() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let tantivy = tantivy::TantivyError::IoError(std::sync::Arc::new(full));
        let err = Error::index("/idx", tantivy);
        match &err {
            Error::Index { io_kind, .. } => {
                assert_eq!(*io_kind, Some(std::io::ErrorKind::StorageFull))
            }
            other => panic!("{other:?}"),
        }
        assert!(std::error::Error::source(&err).is_some());
        let plain = Error::index("/idx", "a message");
        assert!(std::error::Error::source(&plain).is_none());
    }
}
