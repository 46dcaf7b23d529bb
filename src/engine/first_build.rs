//! The first build of an index: made in a staging folder inside the index
//! folder and moved into place (`meta.json` last) only when it holds
//! documents, so a failed or empty first run never leaves an index that
//! answers "0 results". A second first run waits for the first, bounded.
//! Incremental runs on an existing index are left to `corpus`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::builder::EngineBuilder;
use super::ingest_corpus::IndexOptions;
use super::Engine;
use crate::error::{Error, Result};
use crate::index::IndexReport;

/// How long a first run waits for another process building the same index.
pub const FIRST_BUILD_WAIT: Duration = Duration::from_secs(600);

/// The lock file first runs take, inside the index folder.
const BUILD_LOCK: &str = ".oim-search-build.lock";

/// Staging folders are named this, then the process id.
const STAGING_PREFIX: &str = ".oim-search-building-";

/// What [`EngineBuilder::build_first`] did.
#[derive(Debug)]
pub enum FirstBuild {
    /// The index was built from the corpus and moved into place.
    Built(Engine, IndexReport),
    /// Another process built it while this one waited: opened as it is.
    BuiltByAnother(Engine),
    /// No page could be indexed: no index was created; the report says why.
    NothingIndexed(IndexReport),
}

impl EngineBuilder {
    /// Builds the first index of this folder from a corpus folder: in a
    /// staging folder, moved into place only when it holds documents. When
    /// another process is building it, waits (at most [`FIRST_BUILD_WAIT`])
    /// and opens what it built. When the folder already holds an index,
    /// opens it.
    ///
    /// ```
    /// let corpus = tempfile::tempdir().unwrap();
    /// std::fs::write(corpus.path().join("p.txt"), "Titre\nCorps du texte.").unwrap();
    /// let dir = tempfile::tempdir().unwrap();
    /// let built = oim_search::EngineBuilder::new(dir.path().join("index"))
    ///     .build_first(corpus.path(), &Default::default())
    ///     .unwrap();
    /// assert!(matches!(built, oim_search::FirstBuild::Built(ref e, _) if e.num_docs() == 1));
    /// ```
    ///
    /// # Errors
    /// As [`EngineBuilder::create`] and [`Engine::index_corpus_with`];
    /// [`Error::IndexLocked`] when another first run takes longer than
    /// [`FIRST_BUILD_WAIT`].
    pub fn build_first(self, corpus: &Path, options: &IndexOptions<'_>) -> Result<FirstBuild> {
        self.build_first_until(corpus, options, None)
    }

    /// As [`EngineBuilder::build_first`], but stops early when `cancel`
    /// turns true (see [`Engine::index_corpus_cancellable`]): the staging
    /// folder is removed and no index is created.
    ///
    /// ```
    /// use std::sync::atomic::AtomicBool;
    /// let corpus = tempfile::tempdir().unwrap();
    /// std::fs::write(corpus.path().join("p.txt"), "Titre\nCorps du texte.").unwrap();
    /// let dir = tempfile::tempdir().unwrap();
    /// let cancel = AtomicBool::new(true);
    /// let built = oim_search::EngineBuilder::new(dir.path().join("index"))
    ///     .build_first_cancellable(corpus.path(), &Default::default(), &cancel);
    /// assert!(matches!(built, Err(oim_search::Error::Cancelled { .. })));
    /// assert!(!dir.path().join("index/meta.json").exists());
    /// ```
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the flag stopped the run; otherwise as
    /// [`EngineBuilder::build_first`].
    pub fn build_first_cancellable(
        self,
        corpus: &Path,
        options: &IndexOptions<'_>,
        cancel: &AtomicBool,
    ) -> Result<FirstBuild> {
        self.build_first_until(corpus, options, Some(cancel))
    }

    /// The first build, stopped early when `cancel` turns true.
    fn build_first_until(
        self,
        corpus: &Path,
        options: &IndexOptions<'_>,
        cancel: Option<&AtomicBool>,
    ) -> Result<FirstBuild> {
        let dir = self.dir().to_path_buf();
        super::builder::refuse_file(&dir)?;
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let _lock = wait_for_build_lock(&dir)?;
        if dir.join("meta.json").is_file() {
            return Ok(FirstBuild::BuiltByAnother(self.open()?));
        }
        remove_stale_staging(&dir);
        let staging = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        let outcome = build_in(&self, &staging, corpus, options, cancel);
        let report = match outcome {
            Ok(report) if report.documents > 0 => report,
            other => {
                let _ = std::fs::remove_dir_all(&staging);
                return other.map(FirstBuild::NothingIndexed);
            }
        };
        if let Err(e) = move_into_place(&staging, &dir) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&staging);
        Ok(FirstBuild::Built(self.open()?, report))
    }
}

/// Builds into `staging` and closes the index there.
fn build_in(
    builder: &EngineBuilder,
    staging: &Path,
    corpus: &Path,
    options: &IndexOptions<'_>,
    cancel: Option<&AtomicBool>,
) -> Result<IndexReport> {
    let _ = std::fs::remove_dir_all(staging);
    let engine = builder.clone().at(staging).create()?;
    let report = match cancel {
        Some(cancel) => engine.index_corpus_cancellable(corpus, options, cancel),
        None => engine.index_corpus_with(corpus, options),
    }
    .map_err(|e| match e {
        // the staging folder is removed: name the folder the caller gave
        Error::Cancelled { .. } => Error::Cancelled {
            path: builder.dir().to_path_buf(),
        },
        other => other,
    })?;
    // the engine's files are complete once it is dropped
    drop(engine);
    Ok(report)
}

/// Moves the staged files into `dir`, `meta.json` last: the index exists
/// for readers only once all its segments are there.
fn move_into_place(staging: &Path, dir: &Path) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(staging)
        .map_err(|e| Error::io(staging, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort_by_key(|p| p.file_name().is_some_and(|n| n == "meta.json"));
    for from in files {
        let Some(name) = from.file_name() else {
            continue;
        };
        let to = dir.join(name);
        std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
    }
    Ok(())
}

/// Staging folders left by killed first runs (only one first run holds the
/// lock, so any staging folder found then is stale).
fn remove_stale_staging(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Takes the first-build lock of `dir`, waiting while another process holds it.
fn wait_for_build_lock(dir: &Path) -> Result<File> {
    let path = dir.join(BUILD_LOCK);
    let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
    let started = Instant::now();
    loop {
        if file.try_lock().is_ok() {
            return Ok(file);
        }
        if started.elapsed() > FIRST_BUILD_WAIT {
            return Err(Error::IndexLocked {
                path: dir.to_path_buf(),
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
