//! [`Note`]: what a search read leniently, dropped or fell back on, told to
//! the user. Typed so that each front end words it in its own language (the
//! CLI prints [`Display`](std::fmt::Display), the server has a French
//! `match`); JSON carries a stable `code`, the English `message` and the
//! note's own fields.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::analysis::MAX_WORD_BYTES;
use crate::param::FilterKey;

/// A remark about how a query was read or answered.
///
/// In JSON: `{"code": "no_document_contains", "message": "no document
/// contains: zzzz", "words": ["zzzz"]}`: the stable code, the English
/// message (prose that may be reworded), and the note's fields by name,
/// which is what a program reads (and what is read back).
///
/// ```
/// use oim_search::{Note, SearchRequest};
/// # let dir = tempfile::tempdir()?;
/// # let engine = oim_search::Engine::create(dir.path())?;
/// let results = engine.search(&SearchRequest::new("le la"))?;
/// assert_eq!(results.notes[1], Note::NothingToSearch);
/// let json = serde_json::to_value(&results.notes[1])?;
/// assert_eq!(json["code"], "nothing_to_search");
/// assert_eq!(json["message"], results.notes[1].to_string());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// `remote = "Self"` derives the tagged field-by-field form as inherent
// functions; the `Serialize` below adds the English message to it, and
// `Deserialize` reads the fields back (never the message).
// strum names the codes as serde does (snake_case), so `code()` and
// `CODES` cannot drift from the JSON tag.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::VariantNames,
)]
#[serde(remote = "Self", tag = "code", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Note {
    /// A `-` or `+` followed by a space or the end of the query.
    LoneSign {
        /// The sign.
        sign: char,
    },
    /// A `"` with no closing quote: the words after it are separate words.
    UnbalancedQuote,
    /// A `key:"value` with no closing quote: the value runs to the end.
    UnbalancedFilterQuote,
    /// A `key:` filter with no value, ignored.
    EmptyFilter {
        /// The filter's key.
        key: FilterKey,
    },
    /// A `-key:value` filter (exclusion by filter is not supported), ignored.
    NegatedFilter {
        /// The filter's key.
        key: FilterKey,
    },
    /// The query had more clauses than are kept.
    QueryCut {
        /// How many were kept.
        kept: usize,
    },
    /// Words dropped because they are stop words or punctuation only.
    IgnoredWords {
        /// The words as typed.
        words: Vec<String>,
    },
    /// Words dropped because they are longer than an indexed word may be
    /// (64 bytes): no page can contain them.
    TooLongWords {
        /// The words as typed.
        words: Vec<String>,
    },
    /// Control characters (escape codes, NUL, …) were read as spaces.
    ControlCharacters,
    /// Every word typed was dropped: nothing is searched.
    NothingToSearch,
    /// Words no document contains, so nothing matches.
    NoDocumentContains {
        /// The words as typed.
        words: Vec<String>,
    },
    /// No document matches every concept of the query; the documents
    /// matching most of them come first.
    AnyWordFallback,
    /// Concepts no document contains, left out of a coverage-first search
    /// (the other words are searched).
    DroppedWords {
        /// The words as typed.
        words: Vec<String>,
    },
    /// Question words and fillers left out of the free text (`comment`,
    /// `quels`, the `-t-elle` of an inversion).
    QuestionWords {
        /// The words as typed.
        words: Vec<String>,
    },
    /// No page holds a multi-word concept (a glossary phrase, a synonym
    /// entry, a region's name), not even its words together: its words
    /// were searched as separate concepts.
    PhraseSplit {
        /// The phrase as typed.
        phrase: String,
        /// Its content words, searched apart.
        words: Vec<String>,
    },
    /// `--match any`: the total, the facet counts and the figures count every
    /// page that holds any concept of the query.
    AnyMatchCounted,
    /// The search ran on another backend than the embedded index (an
    /// OpenSearch cluster): the pages, totals and figures are the same,
    /// but its snippets are that engine's fragments and its scores use
    /// that engine's term statistics, so close scores may order otherwise.
    OtherBackend {
        /// Where the search ran, for people (`OpenSearch at http://…/oim`).
        backend: String,
    },
}

impl Note {
    /// Every code, in the order the variants are declared, for
    /// documentation and tests.
    pub const CODES: &'static [&'static str] = <Note as strum::VariantNames>::VARIANTS;

    /// The stable snake_case code of the note.
    ///
    /// ```
    /// assert_eq!(oim_search::Note::AnyWordFallback.code(), "any_word_fallback");
    /// ```
    pub fn code(&self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for Note {
    /// The English message, as the CLI prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::LoneSign { sign } => write!(f, "a lone `{sign}` was ignored"),
            Note::UnbalancedQuote => {
                f.write_str("unbalanced quote: the words after it are searched as separate words")
            }
            Note::UnbalancedFilterQuote => {
                f.write_str("unbalanced quote in a filter value: read to the end")
            }
            Note::EmptyFilter { key } => {
                write!(f, "filter `{}:` has no value and was ignored", key.as_str())
            }
            Note::NegatedFilter { key } => write!(
                f,
                "`-{}:` is not supported; the filter was ignored",
                key.as_str()
            ),
            Note::QueryCut { kept } => write!(f, "query cut to its first {kept} words"),
            Note::IgnoredWords { words } => write!(
                f,
                "ignored (stop words or punctuation only): {}",
                words.join(", ")
            ),
            Note::NothingToSearch => {
                f.write_str(
                "nothing to search: the query holds only stop words, punctuation or words too long to index",
            )
            }
            Note::NoDocumentContains { words } => {
                write!(f, "no document contains: {}", words.join(", "))
            }
            Note::AnyWordFallback => f.write_str(
                "no page holds every word: the results and their figures count the pages that hold the most of them",
            ),
            Note::DroppedWords { words } => write!(
                f,
                "no document contains, searched without: {}",
                words.join(", ")
            ),
            Note::QuestionWords { words } => {
                write!(f, "question words ignored: {}", words.join(", "))
            }
            Note::TooLongWords { words } => {
                write!(f, "{}{}", too_long_prefix(), words.join(", "))
            }
            Note::ControlCharacters => {
                f.write_str("control characters (escape codes, bells, NUL…) were read as spaces")
            }
            Note::PhraseSplit { phrase, words } => write!(
                f,
                "no page holds the phrase \"{phrase}\" (nor its words together): searched for {}",
                words.join(", ")
            ),
            Note::AnyMatchCounted => f.write_str(
                "--match any: the results and their figures count every page that holds any word",
            ),
            Note::OtherBackend { backend } => write!(
                f,
                "answered by {backend}: same pages and figures as the embedded index, \
                 but its own snippets, and its scores may order close pages otherwise"
            ),
        }
    }
}

/// The start of the [`Note::TooLongWords`] message, which gives the limit.
fn too_long_prefix() -> String {
    format!("ignored (too long to be indexed: words over {MAX_WORD_BYTES} bytes are not indexed): ")
}

impl Serialize for Note {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut value =
            Note::serialize(self, serde_json::value::Serializer).map_err(S::Error::custom)?;
        if let Some(fields) = value.as_object_mut() {
            fields.insert("message".into(), self.to_string().into());
        }
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Note, D::Error> {
        let mut value = serde_json::Value::deserialize(deserializer)?;
        if let Some(fields) = value.as_object_mut() {
            fields.remove("message");
        }
        Note::deserialize(value).map_err(D::Error::custom)
    }
}

/// One note of each kind: front ends that word the notes in another
/// language test their wording against it, so that no kind goes unworded.
pub fn every_note() -> Vec<Note> {
    use crate::facet::Facet;
    let all = vec![
        Note::LoneSign { sign: '-' },
        Note::UnbalancedQuote,
        Note::UnbalancedFilterQuote,
        Note::EmptyFilter {
            key: FilterKey::Facet(Facet::Region),
        },
        Note::NegatedFilter {
            key: FilterKey::BudgetMin,
        },
        Note::QueryCut { kept: 32 },
        Note::IgnoredWords {
            words: vec!["le".into(), "la".into()],
        },
        Note::NothingToSearch,
        Note::NoDocumentContains {
            words: vec!["zzzz".into()],
        },
        Note::AnyWordFallback,
        Note::DroppedWords {
            words: vec!["zzzz".into()],
        },
        Note::QuestionWords {
            words: vec!["comment".into()],
        },
        Note::TooLongWords {
            words: vec!["x".repeat(70)],
        },
        Note::ControlCharacters,
        Note::PhraseSplit {
            phrase: "gestion des frontières".into(),
            words: vec!["gestion".into(), "frontières".into()],
        },
        Note::AnyMatchCounted,
        Note::OtherBackend {
            backend: "OpenSearch at http://127.0.0.1:9200/oim".into(),
        },
    ];
    // a new variant must be added above: this match stops compiling
    for note in &all {
        match note {
            Note::LoneSign { .. }
            | Note::UnbalancedQuote
            | Note::UnbalancedFilterQuote
            | Note::EmptyFilter { .. }
            | Note::NegatedFilter { .. }
            | Note::QueryCut { .. }
            | Note::IgnoredWords { .. }
            | Note::NothingToSearch
            | Note::NoDocumentContains { .. }
            | Note::AnyWordFallback
            | Note::DroppedWords { .. }
            | Note::QuestionWords { .. }
            | Note::TooLongWords { .. }
            | Note::ControlCharacters
            | Note::PhraseSplit { .. }
            | Note::AnyMatchCounted
            | Note::OtherBackend { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_round_trips_through_json_with_its_own_code() {
        let notes = every_note();
        // one note of each kind, each code once
        let mut codes: Vec<&str> = notes.iter().map(Note::code).collect();
        let mut every_code = Note::CODES.to_vec();
        codes.sort_unstable();
        every_code.sort_unstable();
        assert_eq!(codes, every_code);
        for note in notes {
            let json = serde_json::to_value(&note).unwrap();
            assert_eq!(json["code"], note.code());
            assert_eq!(json["message"], note.to_string());
            assert_eq!(serde_json::from_value::<Note>(json.clone()).unwrap(), note);
            // the fields are read back, never the prose
            let mut reworded = json;
            reworded["message"] = "reworded".into();
            assert_eq!(serde_json::from_value::<Note>(reworded).unwrap(), note);
        }
    }

    #[test]
    fn messages_are_the_historic_strings() {
        let table = [
            (Note::LoneSign { sign: '+' }, "a lone `+` was ignored"),
            (
                Note::EmptyFilter {
                    key: FilterKey::Facet(crate::facet::Facet::Region),
                },
                "filter `region:` has no value and was ignored",
            ),
            (
                Note::NegatedFilter {
                    key: FilterKey::YearMax,
                },
                "`-year_max:` is not supported; the filter was ignored",
            ),
            (
                Note::QueryCut { kept: 32 },
                "query cut to its first 32 words",
            ),
            (
                Note::NoDocumentContains {
                    words: vec!["a".into(), "b".into()],
                },
                "no document contains: a, b",
            ),
        ];
        for (note, message) in table {
            assert_eq!(note.to_string(), message);
        }
        assert!(serde_json::from_str::<Note>(r#"{"code": "new", "message": "x"}"#).is_err());
    }
}
