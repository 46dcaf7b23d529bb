//! What a front end needs from a search engine, as a trait: the embedded
//! index ([`Engine`]) is one implementation, the OpenSearch crate's client
//! another. Front ends that take a `&dyn SearchBackend` answer through
//! either without knowing which.

use crate::document::Document;
use crate::engine::Engine;
use crate::error::Result;
use crate::search::{FacetCounts, SearchRequest, SearchResults};

/// A place searches run: the embedded index or a cluster.
///
/// ```
/// use oim_search::{Engine, SearchBackend, SearchRequest};
/// # let dir = tempfile::tempdir().unwrap();
/// # let engine = Engine::create(dir.path()).unwrap();
/// # engine.add(oim_search::Document { id: "a".into(), title: "Migration".into(), body: "Un texte.".into(), ..Default::default() }).unwrap();
/// # engine.commit().unwrap();
/// let backend: &dyn SearchBackend = &engine;
/// assert_eq!(backend.search(&SearchRequest::new("migration")).unwrap().total, 1);
/// assert!(backend.get("a").unwrap().is_some());
/// assert_eq!(backend.describe(), "the embedded index");
/// ```
pub trait SearchBackend: Send + Sync {
    /// Runs a search.
    ///
    /// # Errors
    /// A bad request ([`crate::Error::InvalidValue`],
    /// [`crate::Error::UnknownFacetValue`]) or a backend that fails.
    fn search(&self, request: &SearchRequest) -> Result<SearchResults>;

    /// One page by id, `None` when there is no such page.
    ///
    /// # Errors
    /// A backend that cannot be read.
    fn get(&self, id: &str) -> Result<Option<Document>>;

    /// Counts of every facet value over all pages.
    ///
    /// # Errors
    /// A backend that cannot be read.
    fn facets(&self) -> Result<FacetCounts>;

    /// Where searches run, for people (`the embedded index`,
    /// `OpenSearch at http://…/oim`).
    fn describe(&self) -> String;
}

impl SearchBackend for Engine {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        Engine::search(self, request)
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        Engine::get(self, id)
    }

    fn facets(&self) -> Result<FacetCounts> {
        Engine::facets(self)
    }

    fn describe(&self) -> String {
        "the embedded index".to_string()
    }
}
