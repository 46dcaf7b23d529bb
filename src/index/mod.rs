//! The index's files below the engine: the writer (memory, merge policy,
//! commits), the word list kept beside the index, the commit payload, the
//! read-only directory and the reports ingestion returns. The operations
//! on an index (open, create, ingest, change, verify) are the
//! [`crate::Engine`]'s, in `engine/`; this module knows nothing of it.

mod budget;
mod commit_payload;
mod read_only;
mod report;
mod word_list;
mod writer;

pub(crate) use commit_payload::{commit_payload, committed_word_list_hash, CommitPayload};
pub(crate) use read_only::ReadTolerantDirectory;
pub use report::{
    FileIssue, IndexReport, IssueKind, IssueLocation, Problem, MAX_ISSUE_KINDS, MAX_REPORTED_ISSUES,
};
pub(crate) use word_list::{NearWords, WordListError, Words};
pub(crate) use word_list::{WORD_LIST_FILE, WORD_LIST_TEMP_FILE};
pub(crate) use writer::{check_memory, index_settings, Writer, WriterGuard};
