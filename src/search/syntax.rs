//! The query language: words (all required), `"exact phrases"`, `-excluded`
//! words or phrases, and `key:value` / `key:"multi word value"` filters.
//! Parsing never fails: stray quotes, dashes and brackets are read leniently
//! and reported as notes.

use super::note::Note;
use crate::param::FilterKey;

/// One text clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The words as typed.
    pub text: String,
    /// Written in double quotes.
    pub phrase: bool,
    /// Preceded by `-`.
    pub negated: bool,
}

/// A parsed query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Text clauses in order.
    pub clauses: Vec<Clause>,
    /// `key:value` filters, in the order written.
    pub filters: Vec<(FilterKey, String)>,
    /// What was read leniently.
    pub notes: Vec<Note>,
}

/// Most clauses a query keeps; longer queries are cut with a note. A
/// quoted phrase or a hyphenated word keeps as many words, cut with the
/// same note: each of its words is a term to match, so one clause cannot
/// bring a thousand.
pub const MAX_CLAUSES: usize = 32;

/// Parses a query string.
///
/// ```
/// use oim_search::{parse_query, Facet, FilterKey};
/// let q = parse_query(r#"diaspora -Pakistan "processus d'Almaty" region:"Asie et Océanie""#);
/// assert_eq!(q.clauses.len(), 3);
/// assert!(q.clauses[1].negated && q.clauses[2].phrase);
/// assert_eq!(q.filters, [(FilterKey::Facet(Facet::Region), "Asie et Océanie".to_string())]);
/// ```
pub fn parse_query(input: &str) -> ParsedQuery {
    let mut out = ParsedQuery::default();
    // control characters are never part of a query; tabs and line breaks
    // are plain spacing, anything else (escape codes, NUL) is worth a note
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if input.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        out.notes.push(Note::ControlCharacters);
    }
    let chars: Vec<char> = cleaned.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if c == '-' || c == '+' {
            negated = c == '-';
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                out.notes.push(Note::LoneSign { sign: c });
                continue;
            }
        }
        if chars[i] == '"' {
            match chars[i + 1..].iter().position(|&c| c == '"') {
                Some(len) => {
                    let text: String = chars[i + 1..i + 1 + len].iter().collect();
                    push_clause(&mut out, text, true, negated);
                    i += len + 2;
                }
                None => {
                    out.notes.push(Note::UnbalancedQuote);
                    i += 1;
                }
            }
            continue;
        }
        // a word, possibly `key:value` or `key:"value"`
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if let Some((key, value)) = word.split_once(':') {
            if let Some(key) = FilterKey::from_typed(key) {
                let value = if value.is_empty() && i < chars.len() && chars[i] == '"' {
                    quoted_filter_value(&chars, &mut i, &mut out.notes)
                } else {
                    value.to_string()
                };
                let value = value.trim().to_string();
                if value.is_empty() {
                    out.notes.push(Note::EmptyFilter { key });
                } else if negated {
                    out.notes.push(Note::NegatedFilter { key });
                } else {
                    out.filters.push((key, value));
                }
                continue;
            }
        }
        let word = word.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '{' | '}'));
        if !word.is_empty() {
            push_clause(&mut out, word.to_string(), false, negated);
        }
    }
    if out.clauses.len() > MAX_CLAUSES {
        out.clauses.truncate(MAX_CLAUSES);
        note_cut(&mut out.notes);
    }
    out
}

/// Reads the `"value"` of a `key:"value"` filter, `i` on its opening
/// quote; an unclosed quote runs to the end of the query, with a note.
fn quoted_filter_value(chars: &[char], i: &mut usize, notes: &mut Vec<Note>) -> String {
    let start = *i + 1;
    match chars[start..].iter().position(|&c| c == '"') {
        Some(len) => {
            *i += len + 2;
            chars[start..start + len].iter().collect()
        }
        None => {
            *i = chars.len();
            notes.push(Note::UnbalancedFilterQuote);
            chars[start..].iter().collect()
        }
    }
}

fn push_clause(out: &mut ParsedQuery, text: String, phrase: bool, negated: bool) {
    let (text, cut) = first_words(text.trim(), MAX_CLAUSES);
    if cut {
        note_cut(&mut out.notes);
    }
    if !text.is_empty() {
        out.clauses.push(Clause {
            text: text.to_string(),
            phrase,
            negated,
        });
    }
}

/// The query was cut: one note, however many cuts.
fn note_cut(notes: &mut Vec<Note>) {
    let note = Note::QueryCut { kept: MAX_CLAUSES };
    if !notes.contains(&note) {
        notes.push(note);
    }
}

/// `text` up to the end of its `max`-th word (words as the analyzer splits
/// them: `main-d’œuvre` is two), and whether anything was cut.
fn first_words(text: &str, max: usize) -> (&str, bool) {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let word_char = crate::analysis::is_word_char(c);
        if word_char && !in_word {
            if words == max {
                let kept = text[..i].trim_end_matches(|c: char| !crate::analysis::is_word_char(c));
                return (kept, true);
            }
            words += 1;
        }
        in_word = word_char;
    }
    (text, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facet::Facet;

    fn clause(text: &str, phrase: bool, negated: bool) -> Clause {
        Clause {
            text: text.into(),
            phrase,
            negated,
        }
    }

    #[test]
    fn query_syntax_table() {
        let q = parse_query("diaspora Lesotho");
        assert_eq!(
            q.clauses,
            [
                clause("diaspora", false, false),
                clause("Lesotho", false, false)
            ]
        );
        let q = parse_query(r#""processus d'Almaty" -Turquie"#);
        assert_eq!(
            q.clauses,
            [
                clause("processus d'Almaty", true, false),
                clause("Turquie", false, true)
            ]
        );
        let q = parse_query(
            r#"diaspora region:Afrique type:"Gestion des frontières" budget:100000-200000 pays:Lesotho"#,
        );
        assert_eq!(q.clauses, [clause("diaspora", false, false)]);
        assert_eq!(
            q.filters,
            [
                (FilterKey::Facet(Facet::Region), "Afrique".into()),
                (
                    FilterKey::Facet(Facet::Type),
                    "Gestion des frontières".into()
                ),
                (FilterKey::Facet(Facet::Budget), "100000-200000".into()),
                (FilterKey::Facet(Facet::Country), "Lesotho".into())
            ]
        );
        let q = parse_query("heure:10 CD.0003");
        assert_eq!(
            q.clauses,
            [
                clause("heure:10", false, false),
                clause("CD.0003", false, false)
            ]
        );
    }

    #[test]
    fn malformed_queries_are_read_leniently() {
        let q = parse_query(r#""unbalanced quote"#);
        assert_eq!(
            q.clauses,
            [
                clause("unbalanced", false, false),
                clause("quote", false, false)
            ]
        );
        assert_eq!(q.notes.len(), 1);
        let q = parse_query(" - ( ) \u{7}\u{0} ");
        assert!(q.clauses.is_empty());
        let q = parse_query("region:");
        assert!(q.filters.is_empty() && q.clauses.is_empty());
        let q = parse_query(&"mot ".repeat(5000));
        assert_eq!(q.clauses.len(), MAX_CLAUSES);
        // a phrase or a hyphenated word keeps as many words as a query
        let words: Vec<String> = (0..40).map(|i| format!("m{i}")).collect();
        for (query, kept) in [
            (format!("\"{}\"", words.join(" ")), words[..32].join(" ")),
            (words.join("-"), words[..32].join("-")),
            (format!("-\"{}\" x", words.join(" ")), words[..32].join(" ")),
        ] {
            let q = parse_query(&query);
            assert_eq!(q.clauses[0].text, kept, "{query}");
            assert_eq!(q.notes, [Note::QueryCut { kept: MAX_CLAUSES }], "{query}");
        }
        assert_eq!(first_words("l’OIM, la migration.", 2), ("l’OIM", true));
        assert_eq!(first_words("a b", 2), ("a b", false));
        let q = parse_query(r#"region:"Asie"#);
        assert_eq!(
            q.filters,
            [(FilterKey::Facet(Facet::Region), "Asie".into())]
        );
    }
}
