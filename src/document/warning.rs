//! What can be wrong with a page that is indexed anyway, as data: each
//! warning is a variant with its values, its kind a stable name, and its
//! sentence for people written once, in [`fmt::Display`]. Grouping,
//! counting and rendering the warnings of a run are left to the report.

use std::fmt;
use std::path::PathBuf;

use super::fields::BudgetProblem;
use super::normalise::YEAR_RANGE;

/// A problem with a page or document that was indexed anyway.
///
/// ```
/// let warning = oim_search::PageWarning::UnknownCountry { name: "Atlantis".into() };
/// assert_eq!(warning.kind(), "unknown_country");
/// assert_eq!(warning.to_string(), "beneficiary `Atlantis` is not a known country; kept as written");
/// assert_eq!(warning.pattern(), "beneficiary `…` is not a known country; kept as written");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageWarning {
    /// The file is not UTF-8: it was decoded as Windows-1252.
    NotUtf8,
    /// No site menu, metadata fields, dateline or contact line.
    NoLayout,
    /// No title: the first body line became the title.
    NoTitle,
    /// The title was cut; the whole line went to the top of the body.
    LongTitle {
        /// Characters of the title as written.
        chars: usize,
        /// Characters kept.
        kept: usize,
    },
    /// A field given twice: the first value is kept.
    FieldTwice {
        /// The field's label as written.
        label: String,
    },
    /// A page's year field that holds no year (ignored).
    NotAYear {
        /// The field's label as written.
        label: String,
        /// The value, shortened.
        value: String,
    },
    /// A document's year outside [`YEAR_RANGE`] (left out).
    YearOutOfRange {
        /// The document field (`start_year`, `end_year`, `year`).
        field: String,
        /// The value as given, shortened.
        value: String,
        /// Whether it was given as text (quoted in the message) rather
        /// than as a number.
        text: bool,
    },
    /// A budget that is not indexed as a budget.
    Budget {
        /// What is wrong with it.
        problem: BudgetProblem,
        /// The value as written, shortened.
        value: String,
    },
    /// A beneficiary the gazetteer does not know (kept as written).
    UnknownCountry {
        /// The name as written.
        name: String,
    },
    /// A beneficiary too long to be a country name (left out).
    OverlongCountry {
        /// The name, shortened.
        name: String,
        /// Its length in characters.
        chars: usize,
    },
    /// Another page of the run already names this project ID (both are
    /// indexed).
    SharedProjectId {
        /// The project ID.
        project_id: String,
        /// The first page that names it.
        first: PathBuf,
    },
}

impl PageWarning {
    /// The warning's kind: a stable name that the report groups by and
    /// the JSON report shows (`no_title`, `budget_too_large`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            PageWarning::NotUtf8 => "not_utf8",
            PageWarning::NoLayout => "no_layout",
            PageWarning::NoTitle => "no_title",
            PageWarning::LongTitle { .. } => "long_title",
            PageWarning::FieldTwice { .. } => "field_twice",
            PageWarning::NotAYear { .. } => "not_a_year",
            PageWarning::YearOutOfRange { .. } => "year_out_of_range",
            PageWarning::Budget { problem, .. } => match problem {
                BudgetProblem::NotAnAmount => "budget_not_an_amount",
                BudgetProblem::SpacedDigits => "budget_spaced_digits",
                BudgetProblem::TooLarge => "budget_too_large",
            },
            PageWarning::UnknownCountry { .. } => "unknown_country",
            PageWarning::OverlongCountry { .. } => "overlong_country",
            PageWarning::SharedProjectId { .. } => "shared_project_id",
        }
    }

    /// The sentence with its values left out (`` `…` ``, `N`): what the
    /// warnings of one kind have in common.
    pub fn pattern(&self) -> String {
        Sentence {
            warning: self,
            values: false,
        }
        .to_string()
    }

    /// Writes the sentence, with the values or `…` and `N` in their place.
    fn write(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        let shown = Shown { values };
        let text = |s: &str| shown.text(s);
        let number = |n: usize| shown.number(n);
        match self {
            PageWarning::NotUtf8 => f.write_str(
                "not UTF-8: decoded as Windows-1252/Latin-1; re-save the file as UTF-8",
            ),
            PageWarning::NoLayout => f.write_str(
                "no recognisable layout (no site menu, metadata fields, dateline or contact line): indexed as plain text",
            ),
            PageWarning::NoTitle => f.write_str("no title: the first body line is used as title"),
            PageWarning::LongTitle { chars, kept } => write!(
                f,
                "title of {} characters cut to {} at a word boundary; the whole line stays searchable in the body",
                number(*chars),
                number(*kept)
            ),
            PageWarning::FieldTwice { label } => write!(
                f,
                "field `{}` appears twice: the first value is kept",
                text(label)
            ),
            PageWarning::NotAYear { label, value } => write!(
                f,
                "field `{}`: `{}` is not a year; ignored",
                text(label),
                text(value)
            ),
            PageWarning::YearOutOfRange {
                field,
                value,
                text: quoted,
            } => write!(
                f,
                "`{field}` {} is not a year from {} to {}: the document is indexed without it",
                shown.year(value, *quoted),
                YEAR_RANGE.start(),
                YEAR_RANGE.end()
            ),
            PageWarning::Budget { problem, value } => {
                f.write_str(&problem.warning(&text(value)))
            }
            PageWarning::UnknownCountry { name } => write!(
                f,
                "beneficiary `{}` is not a known country; kept as written",
                text(name)
            ),
            PageWarning::OverlongCountry { name, chars } => write!(
                f,
                "beneficiary `{}` ({} characters) is too long to be a country name: left out",
                text(name),
                number(*chars)
            ),
            PageWarning::SharedProjectId { project_id, first } => write!(
                f,
                "project ID `{}` is also in `{}`; both are indexed",
                text(project_id),
                text(&first.display().to_string())
            ),
        }
    }
}

/// How a sentence shows its values: as they are, or blanked (`…` for text,
/// `N` for numbers) in a pattern.
#[derive(Clone, Copy)]
struct Shown {
    values: bool,
}

impl Shown {
    fn text(self, value: &str) -> String {
        if self.values {
            value.to_string()
        } else {
            "…".to_string()
        }
    }

    fn number(self, n: usize) -> String {
        if self.values {
            n.to_string()
        } else {
            "N".to_string()
        }
    }

    /// A year as the page wrote it: quoted text, or a bare number.
    fn year(self, value: &str, quoted: bool) -> String {
        match (quoted, self.values) {
            (true, _) => format!("`{}`", self.text(value)),
            (false, true) => value.to_string(),
            (false, false) => "N".to_string(),
        }
    }
}

/// The sentence for people, values included.
impl fmt::Display for PageWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

/// [`PageWarning::pattern`]'s writer.
struct Sentence<'a> {
    warning: &'a PageWarning,
    values: bool,
}

impl fmt::Display for Sentence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.warning.write(f, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_patterns() {
        for (warning, sentence, pattern) in [
            (
                PageWarning::LongTitle {
                    chars: 312,
                    kept: 180,
                },
                "title of 312 characters cut to 180 at a word boundary; the whole line stays searchable in the body",
                "title of N characters cut to N at a word boundary; the whole line stays searchable in the body",
            ),
            (
                PageWarning::NotAYear {
                    label: "Année".into(),
                    value: "20x4".into(),
                },
                "field `Année`: `20x4` is not a year; ignored",
                "field `…`: `…` is not a year; ignored",
            ),
            (
                PageWarning::YearOutOfRange {
                    field: "start_year".into(),
                    value: "20190101".into(),
                    text: false,
                },
                "`start_year` 20190101 is not a year from 1900 to 2100: the document is indexed without it",
                "`start_year` N is not a year from 1900 to 2100: the document is indexed without it",
            ),
            (
                PageWarning::YearOutOfRange {
                    field: "year".into(),
                    value: "12/3000".into(),
                    text: true,
                },
                "`year` `12/3000` is not a year from 1900 to 2100: the document is indexed without it",
                "`year` `…` is not a year from 1900 to 2100: the document is indexed without it",
            ),
            (
                PageWarning::SharedProjectId {
                    project_id: "MH.0042".into(),
                    first: "a.txt".into(),
                },
                "project ID `MH.0042` is also in `a.txt`; both are indexed",
                "project ID `…` is also in `…`; both are indexed",
            ),
            (
                PageWarning::Budget {
                    problem: BudgetProblem::NotAnAmount,
                    value: "beaucoup".into(),
                },
                "budget `beaucoup` is not an amount: the document is indexed without a budget",
                "budget `…` is not an amount: the document is indexed without a budget",
            ),
        ] {
            assert_eq!(warning.to_string(), sentence);
            assert_eq!(warning.pattern(), pattern);
        }
    }
}
