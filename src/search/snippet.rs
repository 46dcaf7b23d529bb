//! Snippets: the best fragment of a document's body with the matched words
//! highlighted (stems, accents and typo corrections included, because the
//! highlights come from the same analysed terms as the query), as text plus
//! character offsets.

mod fragment;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Score, Term};

use super::live_stats::LiveStats;
use fragment::{Fragment, FragmentChooser};

use crate::analysis::TermFinder;
use crate::schema::Fields;

/// Snippet makers for one query.
pub(crate) struct Snippets {
    body: Option<FieldTerms>,
    title: Option<FieldTerms>,
    max_chars: usize,
}

/// The query's terms in one field, and the longest fragment sought there.
struct FieldTerms {
    weights: BTreeMap<String, Score>,
    finder: TermFinder,
    max_bytes: usize,
}

impl FieldTerms {
    /// `None` when the field holds none of the query's terms: no fragment
    /// can hold one.
    fn new(weights: BTreeMap<String, Score>, max_bytes: usize) -> Option<FieldTerms> {
        if weights.is_empty() {
            return None;
        }
        let finder = TermFinder::new(weights.keys().map(String::as_str));
        Some(FieldTerms {
            weights,
            finder,
            max_bytes,
        })
    }

    /// The best fragment of `text`, `None` when it holds no term.
    fn best_fragment(&self, text: &str) -> Option<Fragment> {
        let mut chooser = FragmentChooser::new(self.max_bytes);
        self.finder.find(
            text,
            // tantivy's snippet generator compares lowercased words
            |term| {
                if term
                    .bytes()
                    .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
                {
                    self.weights.get(&term.to_lowercase()).copied()
                } else {
                    self.weights.get(term).copied()
                }
            },
            |from, to, weight| {
                chooser.add(from, to, weight);
                ControlFlow::Continue(())
            },
        );
        chooser.best()
    }
}

/// The query's terms in `field`, each weighted like tantivy's snippet
/// generator does (rarer terms weigh more), absent terms left out.
fn weighted_terms(stats: &LiveStats, query: &dyn Query, field: Field) -> BTreeMap<String, Score> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    terms
        .into_iter()
        .filter_map(|term| {
            let text = term.value().as_str()?.to_string();
            let doc_freq = Some(stats.doc_freq(term)).filter(|n| *n > 0)?;
            Some((text, 1.0 / (1.0 + doc_freq as Score)))
        })
        .collect()
}

/// Converts byte ranges of `text` to character ranges.
pub(crate) fn char_ranges(
    text: &str,
    ranges: impl IntoIterator<Item = std::ops::Range<usize>>,
    shift_chars: usize,
) -> Vec<[usize; 2]> {
    ranges
        .into_iter()
        .filter(|r| {
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .map(|r| {
            let start = text[..r.start].chars().count() + shift_chars;
            [start, start + text[r.start..r.end].chars().count()]
        })
        .collect()
}

impl Snippets {
    /// Prepares snippet generation for a query (without its filters).
    pub fn new(
        stats: &LiveStats,
        fields: &Fields,
        query: Option<&dyn Query>,
        max_chars: usize,
    ) -> Snippets {
        let make =
            |field, max_bytes| FieldTerms::new(weighted_terms(stats, query?, field), max_bytes);
        Snippets {
            body: make(fields.body, max_chars.max(20)),
            title: make(fields.title, 1000),
            max_chars: max_chars.max(20),
        }
    }

    /// The body fragment with highlight offsets (in characters).
    pub fn body(&self, body: &str) -> (String, Vec<[usize; 2]>) {
        let Some(best) = self
            .body
            .as_ref()
            .and_then(|terms| terms.best_fragment(body))
        else {
            return (opening(body, self.max_chars), Vec::new());
        };
        // the fragment spans the words the finder looked at; widen it to
        // the full snippet length around them
        let range = best.range;
        let (from, to) = widen(body, range.start, range.end, self.max_chars);
        let fragment = &body[from..to];
        let lead = if from > 0 { "… " } else { "" };
        let tail = if to < body.len() { " …" } else { "" };
        let highlights = char_ranges(
            fragment,
            best.highlighted
                .iter()
                .map(|r| r.start - from..r.end - from),
            lead.chars().count(),
        );
        (format!("{lead}{}{tail}", fragment.trim_end()), highlights)
    }

    /// Highlight offsets (in characters) within the whole title.
    pub fn title(&self, title: &str) -> Vec<[usize; 2]> {
        let Some(best) = self
            .title
            .as_ref()
            .and_then(|terms| terms.best_fragment(title))
        else {
            return Vec::new();
        };
        let start = best.range.start;
        if !title.is_char_boundary(start) {
            return Vec::new();
        }
        let shift = title[..start].chars().count();
        char_ranges(
            &title[best.range.clone()],
            best.highlighted
                .iter()
                .map(|r| r.start - start..r.end - start),
            shift,
        )
    }
}

/// Widens the byte range `start..end` of `text` to about `max_chars`
/// characters: forward first, then backward, stopping at word boundaries.
fn widen(text: &str, start: usize, end: usize, max_chars: usize) -> (usize, usize) {
    let mut room = max_chars.saturating_sub(text[start..end].chars().count());
    let mut to = end;
    for c in text[end..].chars() {
        if room == 0 {
            break;
        }
        to += c.len_utf8();
        room -= 1;
    }
    // do not stop inside a word
    if to < text.len() && !text[to..].starts_with(char::is_whitespace) {
        if let Some(space) = text[end..to].rfind(char::is_whitespace) {
            room += text[end + space..to].chars().count();
            to = end + space;
        }
    }
    let mut from = start;
    for c in text[..start].chars().rev() {
        if room == 0 {
            break;
        }
        from -= c.len_utf8();
        room -= 1;
    }
    if from > 0 && !text[..from].ends_with(char::is_whitespace) {
        if let Some((space, c)) = text[from..start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            from += space + c.len_utf8();
        }
    }
    (word_start(text, from), to)
}

/// Longest elided word before an apostrophe (`puisqu’`, `lorsqu’`).
const MAX_ELIDED_CHARS: usize = 8;

/// `at`, moved back to the start of its word when it falls just after an
/// elision, so a fragment never opens on `’élaboration` but on
/// `l’élaboration`. A cut deeper inside a long word stays where it is.
fn word_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let word_from = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_from..];
    let is_apostrophe = crate::analysis::is_apostrophe;
    let at_elision = text[at..].starts_with(is_apostrophe) || word.ends_with(is_apostrophe);
    if at_elision && word.chars().count() <= MAX_ELIDED_CHARS {
        word_from
    } else {
        at
    }
}

/// The first `max_chars` characters of a text, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{} …", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_become_char_ranges() {
        let text = "l’État développe";
        let start = text.find("État").unwrap();
        let ranges = char_ranges(text, std::iter::once(start..start + "État".len()), 0);
        assert_eq!(ranges, [[2, 6]]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[2..6].iter().collect::<String>(), "État");
        assert_eq!(
            char_ranges(text, std::iter::once(3..4), 0),
            Vec::<[usize; 2]>::new(),
            "not on a char boundary"
        );
    }

    #[test]
    fn fragments_widen_to_the_snippet_length_at_word_boundaries() {
        let text = "un deux trois migration quatre cinq six sept";
        let start = text.find("migration").unwrap();
        let (from, to) = widen(text, start, start + "migration".len(), 30);
        let widened = &text[from..to];
        assert!(widened.contains("migration"));
        assert!(widened.chars().count() <= 30, "{widened:?}");
        assert!(widened.chars().count() >= 20, "{widened:?}");
        assert!(!widened.starts_with(' ') && !widened.ends_with(' '));
        assert!(text[..from].is_empty() || text[..from].ends_with(' '));
        assert!(to == text.len() || text[to..].starts_with(' '));
        // already long enough: unchanged
        assert_eq!(widen(text, 3, 8, 2), (3, 8));
        // multi-byte letters stay on boundaries
        let accented = "é é é réfugiés é é é";
        let at = accented.find("réfugiés").unwrap();
        let (from, to) = widen(accented, at, at + "réfugiés".len(), 14);
        assert!(accented.is_char_boundary(from) && accented.is_char_boundary(to));
    }

    #[test]
    fn fragments_never_open_inside_an_elision() {
        let text = "de façon informelle de l’élaboration de stratégies";
        let apostrophe = text.find('’').unwrap();
        let letter = apostrophe + '’'.len_utf8();
        for at in [apostrophe, letter] {
            assert_eq!(&text[word_start(text, at)..], "l’élaboration de stratégies");
        }
        // at the start of the text or of a word, and deep inside a long
        // word, nothing moves
        assert_eq!(word_start(text, 0), 0);
        let de = text.find("de stratégies").unwrap();
        assert_eq!(word_start(text, de), de);
        let long = "anticonstitutionnellement";
        assert_eq!(word_start(long, 12), 12);
        // jusqu’ is the longest elision
        let until = "x jusqu’ici";
        let at = until.find('i').unwrap();
        assert_eq!(&until[word_start(until, at)..], "jusqu’ici");
        let start = "’élaboration";
        assert_eq!(word_start(start, 0), 0);
    }

    #[test]
    fn opening_cuts_at_a_word() {
        assert_eq!(opening("court", 10), "court");
        assert_eq!(opening("un deux trois quatre cinq", 12), "un deux …");
    }
}
