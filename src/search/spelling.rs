//! The corrected words as the pages write them: a correction is found in
//! the word list, which holds folded words (`quantite`); people read the
//! word with its accents (`quantité`), taken from the hits' highlighted
//! words.

use std::collections::HashMap;

use super::hits::Hit;
use super::text_query::Correction;
use super::SearchResults;
use crate::analysis::fold_key;

impl SearchResults {
    /// Writes each correction's words as the hits write them
    /// ([`Correction::written`]). Searches of the embedded index do it;
    /// another backend calls it once its hits are in.
    pub fn spell_corrections(&mut self) {
        spell_corrections(&mut self.corrections, &self.hits);
    }
}

/// Fills each correction's [`Correction::written`]: for each corrected
/// word, its most frequent spelling among the words the hits highlight
/// (lowercased: a title's capital is no spelling), or the index word when
/// no hit shows it.
fn spell_corrections(corrections: &mut [Correction], hits: &[Hit]) {
    if corrections.is_empty() {
        return;
    }
    let mut seen: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for hit in hits {
        let marked = [
            (hit.snippet.as_str(), &hit.highlights),
            (hit.title.as_str(), &hit.title_highlights),
        ];
        for (text, ranges) in marked {
            let chars: Vec<char> = text.chars().collect();
            for [start, end] in ranges.iter().copied() {
                let Some(word) = chars.get(start..end) else {
                    continue;
                };
                let word: String = word.iter().collect::<String>().to_lowercase();
                *seen
                    .entry(fold_key(&word))
                    .or_default()
                    .entry(word)
                    .or_default() += 1;
            }
        }
    }
    for correction in corrections {
        correction.written = correction
            .corrected
            .iter()
            .map(|word| {
                seen.get(word)
                    .and_then(|spellings| {
                        // most frequent, then alphabetical: the same answer every time
                        spellings
                            .iter()
                            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                            .map(|(w, _)| w.clone())
                    })
                    .unwrap_or_else(|| word.clone())
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(title: &str, snippet: &str, marks: Vec<[usize; 2]>) -> Hit {
        Hit {
            id: "p".into(),
            score: 1.0,
            tier: None,
            title: title.into(),
            kind: crate::document::Kind::Project,
            snippet: snippet.into(),
            highlights: marks,
            title_highlights: Vec::new(),
            metadata: Default::default(),
        }
    }

    #[test]
    fn corrections_take_the_pages_spelling_or_keep_the_index_word() {
        let mut corrections = vec![Correction {
            word: "quantitee".into(),
            corrected: vec!["quantite".into(), "quotite".into()],
            written: Vec::new(),
        }];
        let hits = [
            hit("Aide", "la Quantité reçue", vec![[3, 11]]),
            hit("Aide", "une quantité, la quantite", vec![[4, 12], [17, 25]]),
        ];
        spell_corrections(&mut corrections, &hits);
        assert_eq!(corrections[0].written, ["quantité", "quotite"]);
    }
}
