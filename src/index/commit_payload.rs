//! What every commit records about the engine that wrote it: the format
//! version, the engine's version and the hash of its word list. Opening an
//! index reads it back to refuse other formats.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::schema::FORMAT_VERSION;

/// What the index records about the engine that wrote it (commit payload).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CommitPayload {
    pub format: u32,
    pub engine: String,
    /// The hash of the word list written for this commit (hex BLAKE3, as
    /// in the list's trailer): ties `words.fst` to the commit, so a list
    /// left by a crash before the commit, or copied from another index, is
    /// told apart and rebuilt. Absent in indexes of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

fn engine_version() -> String {
    format!("oim-search {}", env!("CARGO_PKG_VERSION"))
}

/// The payload every commit records, read back by [`check_compatible`],
/// with the hash of the word list the commit goes with.
pub(crate) fn commit_payload(word_list_hash: &str) -> String {
    serde_json::to_string(&CommitPayload {
        format: FORMAT_VERSION,
        engine: engine_version(),
        words: Some(word_list_hash.to_string()),
    })
    .unwrap_or_default()
}

/// The word-list hash the last commit of the index in `dir` records, read
/// from its `meta.json`; `None` when there is no such commit or it records
/// none (an index of an earlier version).
pub(crate) fn committed_word_list_hash(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&text).ok()?;
    let payload = meta.get("payload")?.as_str()?;
    serde_json::from_str::<CommitPayload>(payload).ok()?.words
}
