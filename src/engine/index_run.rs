//! One indexing run as a front end asks for it, with the choices that are
//! the library's to make: a first build goes through a staging folder, an
//! index already there is updated (or recreated under `full` when it is
//! old or damaged), a folder that holds something else is refused, and a
//! search with no index yet builds one first.

use std::io::BufRead;
use std::path::Path;

use super::{Engine, EngineBuilder, FirstBuild, IndexOptions};
use crate::error::{Error, Result};
use crate::index::IndexReport;

/// What an indexing run reads.
pub enum IndexSource<'a> {
    /// A folder of `.txt` pages (incremental by page hash).
    Corpus(&'a Path),
    /// NDJSON documents, one per line; `name` names them in the report
    /// (`stdin`, a file path).
    Ndjson {
        /// The lines.
        reader: Box<dyn BufRead + 'a>,
        /// What the lines are called in messages.
        name: String,
    },
}

/// An engine from [`EngineBuilder::open_or_build`], and the report of the
/// first build when it had to build one.
pub struct Opened {
    /// The engine, ready to search.
    pub engine: Engine,
    /// `Some` when this call built the index from the corpus.
    pub built: Option<IndexReport>,
}

impl EngineBuilder {
    /// Indexes `source` into the builder's folder:
    /// - with no index there yet, a corpus is built in a staging folder and
    ///   moved into place only when it holds documents (a concurrent first
    ///   run waits for it, then updates what it built);
    /// - an index already there is updated; under `options.full` an index
    ///   of another format or a damaged one is recreated instead of refused;
    /// - NDJSON is added to the index, created if needed.
    ///
    /// # Errors
    /// [`Error::FolderNotEmpty`] when the folder holds no index but other
    /// files; [`Error::IndexLocked`] when another process writes; the
    /// errors of [`EngineBuilder::open`] and of the ingestion.
    pub fn index(self, source: IndexSource<'_>, options: &IndexOptions<'_>) -> Result<IndexReport> {
        self.check_folder()?;
        let has_index = self.dir().join("meta.json").is_file();
        if let (IndexSource::Corpus(corpus), false) = (&source, has_index) {
            return match self.build_first(corpus, options)? {
                FirstBuild::Built(_, report) | FirstBuild::NothingIndexed(report) => Ok(report),
                FirstBuild::BuiltByAnother(engine) => {
                    engine.lock_for_writing()?;
                    engine.index_corpus_with(corpus, options)
                }
            };
        }
        let engine = match self.clone().open_or_create() {
            // --full is the way out of an old or damaged index
            Err(Error::IncompatibleIndex { .. } | Error::Index { .. }) if options.full => {
                self.recreate()?
            }
            other => other?,
        };
        // fail at once if another process is writing, before reading anything
        engine.lock_for_writing()?;
        match source {
            IndexSource::Corpus(corpus) => engine.index_corpus_with(corpus, options),
            IndexSource::Ndjson { reader, name } => engine.index_ndjson(reader, &name),
        }
    }

    /// Opens the index; when the folder holds none, builds it from `corpus`
    /// first (in a staging folder, as [`EngineBuilder::index`] does), so
    /// that a first search on a fresh checkout answers at once.
    ///
    /// # Errors
    /// [`Error::NoIndex`] when there is no index and `corpus` is no folder;
    /// [`Error::NothingIndexed`] when no page of `corpus` could be indexed;
    /// [`Error::FolderNotEmpty`], and the errors of [`EngineBuilder::open`].
    pub fn open_or_build(self, corpus: &Path, options: &IndexOptions<'_>) -> Result<Opened> {
        self.check_folder()?;
        match self.clone().open() {
            Err(Error::NoIndex { path }) => {
                if !corpus.is_dir() {
                    return Err(Error::NoIndex { path });
                }
                match self.build_first(corpus, options)? {
                    FirstBuild::Built(engine, report) => Ok(Opened {
                        engine,
                        built: Some(report),
                    }),
                    FirstBuild::BuiltByAnother(engine) => Ok(Opened {
                        engine,
                        built: None,
                    }),
                    FirstBuild::NothingIndexed(_) => Err(Error::NothingIndexed {
                        corpus: corpus.to_path_buf(),
                    }),
                }
            }
            other => other.map(|engine| Opened {
                engine,
                built: None,
            }),
        }
    }
}

impl EngineBuilder {
    /// Refuses a folder that holds no index but other files, before
    /// anything is written in it (what [`EngineBuilder::index`] and
    /// [`EngineBuilder::open_or_build`] check first).
    ///
    /// # Errors
    /// [`Error::FolderNotEmpty`], naming what the folder holds.
    pub fn check_folder(&self) -> Result<()> {
        refuse_foreign_folder(self.dir())
    }
}

/// Refuses to create an index in `dir` when it already holds something
/// else: pages (an index folder given as the corpus would scatter index
/// files among them) or any other file. A missing or empty folder is fine,
/// and so is one that holds an index or what a first build of ours left
/// (the names it writes start with `.oim-search`, tantivy's with
/// `.tantivy`).
fn refuse_foreign_folder(dir: &Path) -> Result<()> {
    if dir.join("meta.json").is_file() || dir.join(super::builder::MARKER_FILE).is_file() {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let (mut pages, mut others) = (0usize, 0usize);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".oim-search") || name.starts_with(".tantivy") {
            continue;
        }
        if Path::new(name.as_ref())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            pages += 1;
        } else {
            others += 1;
        }
    }
    if pages + others == 0 {
        return Ok(());
    }
    Err(Error::FolderNotEmpty {
        path: dir.to_path_buf(),
        pages,
        others,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_pages_is_refused_and_an_empty_one_taken() {
        let dir = tempfile::tempdir().unwrap();
        assert!(refuse_foreign_folder(dir.path()).is_ok());
        std::fs::write(dir.path().join("a.txt"), "page").unwrap();
        std::fs::write(dir.path().join("notes.md"), "notes").unwrap();
        let err = refuse_foreign_folder(dir.path()).unwrap_err();
        assert!(matches!(
            err,
            Error::FolderNotEmpty {
                pages: 1,
                others: 1,
                ..
            }
        ));
        assert!(err.is_usage());
    }

    #[test]
    fn a_search_on_a_fresh_folder_builds_from_the_corpus_first() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let index = dir.path().join("index");
        let first = EngineBuilder::new(&index)
            .open_or_build(&corpus, &IndexOptions::default())
            .unwrap();
        assert_eq!(first.built.unwrap().documents, 5);
        drop(first.engine);
        let again = EngineBuilder::new(&index)
            .open_or_build(&corpus, &IndexOptions::default())
            .unwrap();
        assert!(again.built.is_none());
        assert_eq!(again.engine.num_docs(), 5);
    }
}
