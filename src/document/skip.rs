//! Why a page or an input line is not indexed, as data: each reason a
//! variant with its values, its kind a stable name, its sentence written
//! once in [`fmt::Display`]. Counting and rendering are left to the report.

use std::fmt;

use crate::error::PageError;
use crate::special_file::SpecialFile;

/// Why a corpus file or an NDJSON line was not indexed.
///
/// ```
/// use oim_search::{PageError, SkipReason};
/// let reason = SkipReason::Page(PageError::TooLarge { size: 9000, limit: 4096 });
/// assert_eq!(reason.kind(), "too_large");
/// assert_eq!(reason.pattern(), "N bytes is over the N-byte limit (raise it with --max-file-size)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file could not be read or is not a page.
    Page(PageError),
    /// The run was cancelled before the page was read.
    Cancelled,
    /// The index refused the page.
    NotWritten(String),
    /// An input line that is not UTF-8.
    NotUtf8Line {
        /// The first bad byte, counted from 1.
        byte: usize,
    },
    /// An input line that is not JSON.
    InvalidJson(String),
    /// An input line that is JSON but not an object.
    NotAnObject {
        /// What it is instead, in words (`an array`).
        found: &'static str,
    },
    /// A document field of the wrong type.
    FieldType {
        /// The field's path in the object.
        field: String,
        /// What is wrong with it.
        error: String,
    },
    /// The engine refused the document (its error message).
    Refused(String),
}

impl SkipReason {
    /// The reason's kind: a stable name that the report groups by and the
    /// JSON report shows (`empty_file`, `invalid_json`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Page(error) => match error {
                PageError::Empty => "empty_file",
                PageError::OnlyBoilerplate => "only_boilerplate",
                PageError::Binary => "binary",
                PageError::TooLarge { .. } => "too_large",
                PageError::NotAFile(special) => match special {
                    SpecialFile::Fifo => "fifo",
                    SpecialFile::Device => "device",
                    SpecialFile::Socket => "socket",
                    SpecialFile::Folder => "folder",
                    SpecialFile::Other => "not_a_file",
                },
                PageError::Unreadable(_) => "unreadable",
            },
            SkipReason::Cancelled => "cancelled",
            SkipReason::NotWritten(_) => "not_written",
            SkipReason::NotUtf8Line { .. } => "not_utf8",
            SkipReason::InvalidJson(_) => "invalid_json",
            SkipReason::NotAnObject { .. } => "not_an_object",
            SkipReason::FieldType { .. } => "field_type",
            SkipReason::Refused(_) => "refused",
        }
    }

    /// The sentence with its values left out (`` `…` ``, `N`): what the
    /// reasons of one kind have in common. A special file's kind is part of
    /// the kind (a FIFO and a folder are two), and a refusal is the
    /// engine's own sentence, kept whole.
    pub fn pattern(&self) -> String {
        match self {
            SkipReason::Page(PageError::TooLarge { .. }) => {
                "N bytes is over the N-byte limit (raise it with --max-file-size)".to_string()
            }
            SkipReason::Page(PageError::Unreadable(_)) => "cannot read: …".to_string(),
            SkipReason::NotWritten(_) => "could not be written to the index: …".to_string(),
            SkipReason::NotUtf8Line { .. } => {
                "not valid UTF-8 (byte N of the line): save the file as UTF-8".to_string()
            }
            SkipReason::InvalidJson(_) => {
                "invalid JSON (…); each line must be one document object".to_string()
            }
            SkipReason::NotAnObject { .. } => {
                "… instead of a document: each line must be one JSON object, {\"id\": …}"
                    .to_string()
            }
            SkipReason::FieldType { .. } => {
                "field `…`: …; see the document fields in the README".to_string()
            }
            _ => self.to_string(),
        }
    }
}

/// The sentence for people.
impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Page(error) => error.fmt(f),
            SkipReason::Cancelled => f.write_str("cancelled"),
            SkipReason::NotWritten(error) => {
                write!(f, "could not be written to the index: {error}")
            }
            SkipReason::NotUtf8Line { byte } => write!(
                f,
                "not valid UTF-8 (byte {byte} of the line): save the file as UTF-8"
            ),
            SkipReason::InvalidJson(error) => write!(
                f,
                "invalid JSON ({error}); each line must be one document object"
            ),
            SkipReason::NotAnObject { found } => write!(
                f,
                "{found} instead of a document: each line must be one JSON object, {{\"id\": …}}"
            ),
            SkipReason::FieldType { field, error } => write!(
                f,
                "field `{field}`: {error}; see the document fields in the README"
            ),
            SkipReason::Refused(message) => f.write_str(message),
        }
    }
}

impl From<PageError> for SkipReason {
    fn from(error: PageError) -> SkipReason {
        SkipReason::Page(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_patterns() {
        for (reason, sentence, pattern) in [
            (
                SkipReason::Page(PageError::Empty),
                "empty file",
                "empty file",
            ),
            (
                SkipReason::Page(PageError::NotAFile(SpecialFile::Fifo)),
                "not a regular file (a FIFO): only plain files are read",
                "not a regular file (a FIFO): only plain files are read",
            ),
            (
                SkipReason::NotUtf8Line { byte: 3 },
                "not valid UTF-8 (byte 3 of the line): save the file as UTF-8",
                "not valid UTF-8 (byte N of the line): save the file as UTF-8",
            ),
            (
                SkipReason::NotAnObject { found: "an array" },
                "an array instead of a document: each line must be one JSON object, {\"id\": …}",
                "… instead of a document: each line must be one JSON object, {\"id\": …}",
            ),
            (
                SkipReason::FieldType {
                    field: "title".into(),
                    error: "invalid type: integer `3`, expected a string".into(),
                },
                "field `title`: invalid type: integer `3`, expected a string; see the document fields in the README",
                "field `…`: …; see the document fields in the README",
            ),
        ] {
            assert_eq!(reason.to_string(), sentence);
            assert_eq!(reason.pattern(), pattern);
        }
    }
}
