//! Writing the index: its lifecycle (open, create, recreate, compatibility),
//! the writer, single-document changes and commits, the word list kept
//! beside the index, ingestion of corpus folders and of NDJSON, and the
//! reports ingestion returns. The [`crate::Engine`] is the way in;
//! this module does not search.

mod budget;
mod changes;
mod corpus;
mod first_build;
mod lifecycle;
mod ndjson;
mod read_only;
mod report;
mod verify;
mod word_list;
mod writer;

pub use corpus::IndexOptions;
pub use first_build::{FirstBuild, FIRST_BUILD_WAIT};
pub use lifecycle::EngineBuilder;
pub use report::{
    issue_pattern, FileIssue, IndexReport, IssueKind, MAX_ISSUE_KINDS, MAX_REPORTED_ISSUES,
};
pub(crate) use word_list::{WordListError, WordTally, Words};
pub(crate) use writer::Writer;
