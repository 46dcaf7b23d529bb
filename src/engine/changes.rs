//! Changes one document at a time, and the commits that make changes
//! durable and searchable: the writing half of the [`Engine`]'s API.
//! Whole-corpus ingestion is in `corpus` and `ndjson`.

use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::Engine;
use crate::analysis::IndexAnalysis;
use crate::document::{normalise_document, Document, PageWarning};
use crate::error::{Error, Result};

/// What [`Engine::add_with_warnings`] tells an ingestion report.
pub(crate) struct Added {
    /// The id, as normalised.
    pub id: String,
    /// The last commit held a document with this id.
    pub replaced: bool,
    /// Values left out or changed.
    pub warnings: Vec<PageWarning>,
}

impl Engine {
    /// Takes the write lock on the index now, so that a second writer fails
    /// at once instead of after reading a whole corpus.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// engine.lock_for_writing().unwrap();
    /// engine.finish_writing().unwrap(); // releases the lock
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexLocked`] when another process writes the index.
    pub fn lock_for_writing(&self) -> Result<()> {
        self.writer().lock().map(|_| ())
    }

    /// Adds (or replaces, by id) one document. Visible after [`Engine::commit`].
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration de main-d’œuvre")).unwrap();
    /// engine.commit().unwrap();
    /// assert!(engine.get("a").unwrap().is_some());
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidDocument`] for an empty id or one over
    /// [`MAX_ID_CHARS`](crate::MAX_ID_CHARS) characters; [`Error::IndexLocked`].
    pub fn add(&self, document: Document) -> Result<()> {
        self.add_with_warnings(document).map(drop)
    }

    /// [`Engine::add`], returning what an ingestion report says of it:
    /// its id, whether the last commit held it (a replacement), and what
    /// was left out of it or changed (a year out of range, an implausible
    /// budget, a title cut), one warning each.
    pub(crate) fn add_with_warnings(&self, document: Document) -> Result<Added> {
        let (document, warnings) = normalise_document(document)?;
        let replaced = self.holds_id(&document.id)?;
        let writer = self.writer().lock()?;
        writer.delete_term(Term::from_field_text(self.fields().id, &document.id));
        self.writer().words().delete(&document.id);
        let tantivy_document = self.tantivy_document(&document, 0);
        let words = IndexAnalysis::take_thread_words();
        writer
            .add_document(tantivy_document)
            .map_err(|e| Error::index(self.dir(), e))?;
        // added while the writer is held, so no commit falls in between
        self.writer().words().add(words);
        Ok(Added {
            id: document.id,
            replaced,
            warnings,
        })
    }

    /// Whether a live document of the last commit seen has this id.
    fn holds_id(&self, id: &str) -> Result<bool> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields().id, id),
            IndexRecordOption::Basic,
        );
        let count = self
            .searcher()
            .search(&query, &Count)
            .map_err(|e| Error::index(self.dir(), e))?;
        Ok(count > 0)
    }

    /// Deletes the document with this id (if any). Visible after [`Engine::commit`].
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.commit().unwrap();
    /// engine.delete("a").unwrap();
    /// engine.commit().unwrap();
    /// assert!(engine.get("a").unwrap().is_none());
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexLocked`] when another process writes the index.
    pub fn delete(&self, id: &str) -> Result<()> {
        let writer = self.writer().lock()?;
        writer.delete_term(Term::from_field_text(self.fields().id, id));
        self.writer().words().delete(id);
        Ok(())
    }

    /// Makes every change since the last commit durable and searchable,
    /// atomically: a crash before it returns leaves the previous commit intact.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.commit().unwrap();
    /// assert_eq!(engine.search(&oim_search::SearchRequest::new("migration")).unwrap().total, 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be written.
    pub fn commit(&self) -> Result<()> {
        self.writer().commit()?;
        self.refresh()
    }

    /// Commits, waits for background segment merges and releases the write
    /// lock (so another process may write the index).
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # let doc = |id: &str, text: &str| oim_search::Document { id: id.into(), title: text.into(), body: text.into(), ..Default::default() };
    /// engine.add(doc("a", "Migration")).unwrap();
    /// engine.finish_writing().unwrap();
    /// assert_eq!(engine.num_docs(), 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be written.
    pub fn finish_writing(&self) -> Result<()> {
        self.commit()?;
        self.writer().release()?;
        self.refresh()
    }
}
