//! # oim-search
//!
//! French full-text search over the pages of the IOM Development Fund (OIM):
//! project pages with typed metadata and news articles, with facets, typo
//! tolerance, country-name expansion and highlighted snippets.
//!
//! The data flows page text → [`Document`] → analysed tokens → index →
//! [`SearchResults`]; each step has its module.
//!
//! ```
//! use oim_search::{Document, Engine, SearchRequest};
//!
//! let dir = tempfile::tempdir()?;
//! let engine = Engine::create(dir.path())?;
//! engine.add(Document {
//!     id: "lesotho".into(),
//!     title: "Mobilisation de la diaspora basotho".into(),
//!     body: "Le Gouvernement du Lesotho renforce ses liens avec la diaspora.".into(),
//!     region: Some("Afrique".into()),
//!     countries: vec!["Lesotho".into()],
//!     ..Document::default()
//! })?;
//! engine.commit()?;
//!
//! let results = engine.search(&SearchRequest::new("diaspora lesotho").filter("region", "afrique"))?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].id, "lesotho");
//! assert_eq!(results.facets["region"]["Afrique"], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod corpus;
pub mod document;
mod engine;
mod error;
pub mod eval;
pub mod schema;
pub mod search;

pub use analysis::{analyze, fold_key, Token};
pub use document::{parse_page, Document, Kind, ParsedPage};
pub use engine::{Engine, EngineBuilder, FileIssue, IndexOptions, IndexReport};
pub use error::{Error, PageError, Result};
pub use search::{
    Correction, FacetCounts, Filters, Hit, SearchRequest, SearchResults, SortBy, SortOrder,
};
