//! The plan of a search as data ([`crate::QueryPlan`]), for a backend that
//! runs searches on another engine: the planning is the search module's,
//! on this engine's index view.

use crate::error::Result;
use crate::search::{query_plan, EntryForm, QueryPlan, SearchRequest};

use super::Engine;

impl Engine {
    /// Plans a search as [`Engine::search`] would, and returns the plan as
    /// data instead of running it: for a backend that runs it elsewhere.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// # engine.add(oim_search::Document { id: "a".into(), title: "Migration".into(), body: "Un texte.".into(), ..Default::default() }).unwrap();
    /// # engine.commit().unwrap();
    /// let plan = engine.query_plan(&oim_search::SearchRequest::new("migrations")).unwrap();
    /// assert_eq!(plan.concepts[0].label, "migrations");
    /// assert!(plan.concepts[0].matched);
    /// ```
    ///
    /// # Errors
    /// As [`Engine::search`]: a bad paging value or an unknown filter value.
    pub fn query_plan(&self, request: &SearchRequest) -> Result<QueryPlan> {
        query_plan(&self.view(), &request.entry_form())
    }
}
