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
//! use oim_search::{Document, Engine, Facet, SearchRequest};
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
//! let results = engine.search(&SearchRequest::new("diaspora lesotho").filter(Facet::Region, "afrique"))?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].id, "lesotho");
//! assert_eq!(results.facets[Facet::Region]["Afrique"], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod analysis;
mod backend;
mod capped_lines;
mod corpus;
mod data_lines;
mod document;
mod engine;
mod error;
pub mod eval;
mod export;
mod facet;
mod index;
mod param;
mod schema;
mod search;
mod special_file;

pub use analysis::{analyze, fold_key, Token, APOSTROPHES, MAX_WORD_BYTES};
pub use backend::SearchBackend;
pub use capped_lines::{CappedLines, LineError, MAX_DOCUMENT_LINE_BYTES, MAX_LINE_BYTES};
pub use corpus::{
    decode_page, list_corpus, page_id, read_page_bytes, CorpusListing, PageBytes,
    DEFAULT_MAX_FILE_SIZE,
};
pub use document::{
    gazetteer, group_thousands, parse_page, region_countries, Country, Document, Gazetteer, Kind,
    PageWarning, ParsedPage, SkipReason, BUDGET_BUCKETS, MAX_BUDGET_USD, MAX_COUNTRY_CHARS,
    MAX_ID_CHARS, MAX_TITLE_CHARS, YEAR_RANGE,
};
pub use engine::{
    Engine, EngineBuilder, FirstBuild, IndexOptions, IndexSource, Opened, FIRST_BUILD_WAIT,
};
pub use error::{Error, PageError, Result};
pub use export::{
    is_formula_like, Cell, Column, CsvDialect, CsvWriter, ExportFormat, ExportOptions, ExportRow,
    RowWriter, XlsxWriter, COLUMNS, LINK_COLUMN, XLSX_MAX_ROWS,
};
pub use facet::{Facet, UnknownFacet};
pub use index::{
    FileIssue, IndexReport, IssueKind, IssueLocation, Problem, MAX_ISSUE_KINDS, MAX_REPORTED_ISSUES,
};
pub use param::{FilterKey, Param, REQUEST_KEYS};
pub use schema::FORMAT_VERSION;
pub use search::analysis_data::{analysis_data, AnalysisData};
pub use search::plan_view::{
    PlanConcept, PlanField, PlanFilter, PlanNode, QueryPlan, CONCEPT_SCORE,
};
pub use search::{
    every_note, parse_query, Aggregates, AppliedFilters, AppliedValue, Bounds, Clause, Correction,
    Counted, DocumentHighlights, DroppedValue, Expansion, ExpansionKind, FacetCounts, Filters, Hit,
    HitMetadata, MatchMode, Note, ParsedQuery, SearchRequest, SearchResults, SortBy, SortOrder,
    SynonymError, Synonyms, Tier, UnknownValues, YearTotal, MAX_DEPTH, MAX_LIMIT,
};
pub use special_file::SpecialFile;
