//! Screens words for the term finder (`term_finder.rs`) before any step of
//! the analyzer runs on them. Snippets only look for the query's terms, and
//! the stemmer never changes a word's first two letters (French Snowball
//! only rewrites suffixes inside regions that start after the second
//! letter), so most of a body needs no analysis:
//!
//! - a word whose first letter starts no wanted term is dropped;
//! - a word whose first letter does but whose first two letters do not
//!   matches no term, and is passed on blank (unanalysed) when it is too
//!   long to be a stop word. It still stands where it stood: the snippet
//!   fragments are cut at the words the finder yields, and they stay those
//!   of the first-letter screen.
//!
//! The screen reads the word as the tokenizer split it, after its elision
//! (`l’`, `qu’`) but before apostrophes are unified: it looks at no more
//! than the first two bytes and the number of characters, which unifying
//! apostrophes leaves alone but for a straight `'` or a backtick second,
//! which becomes the non-ASCII `’` and is read so.

use super::stop_words::folded_stop_words;

/// Every second byte allowed after a first letter.
const ANY: u128 = u128::MAX;

/// What the screen does with a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Cannot reach a wanted term: dropped.
    Drop,
    /// May reach one: analysed.
    Keep,
    /// Cannot reach one, nor be a stop word: passed on unanalysed.
    Blank,
}

/// Screens words by their first two letters; words that start with a
/// non-ASCII letter are always kept, and words whose second letter is not
/// ASCII are judged by their first (their folded form is not known yet).
pub(super) struct Initials {
    /// Per lowercase ASCII first letter, a bit per lowercase ASCII second
    /// byte that starts a wanted term (all bits when a term is that one
    /// letter, or goes on with a non-ASCII byte); 0 when no term starts
    /// with the letter.
    pairs: [u128; 128],
    /// Letters of the longest stop word: a word with more letters cannot
    /// fold to a stop word (lowercasing and folding never shorten a word's
    /// letter count).
    max_stop_chars: usize,
}

impl Initials {
    /// A screen for these (analysed) terms.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Initials {
        let mut pairs = [0u128; 128];
        for term in terms {
            let mut bytes = term.bytes();
            match (bytes.next(), bytes.next()) {
                (Some(a), second) if a.is_ascii() => {
                    let allowed = match second {
                        Some(b) if b.is_ascii() => 1u128 << b.to_ascii_lowercase(),
                        _ => ANY,
                    };
                    pairs[a.to_ascii_lowercase() as usize] |= allowed;
                }
                // a term that does not start with ASCII cannot be screened
                (Some(_), _) => pairs = [ANY; 128],
                (None, _) => {}
            }
        }
        let max_stop_chars = folded_stop_words()
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        Initials {
            pairs,
            max_stop_chars,
        }
    }

    /// The verdict on `word`: a word as split, its elision removed, its
    /// apostrophes as written.
    pub fn judge(&self, word: &str) -> Verdict {
        let mut bytes = word.bytes();
        let (Some(a), second) = (bytes.next(), bytes.next()) else {
            return Verdict::Keep;
        };
        if !a.is_ascii() {
            return Verdict::Keep;
        }
        let allowed = self.pairs[a.to_ascii_lowercase() as usize];
        if allowed == 0 {
            return Verdict::Drop;
        }
        match second {
            // `'` and `` ` `` become `’` before the analyzer folds the word
            Some(b'\'' | b'`') => Verdict::Keep,
            Some(b) if b.is_ascii() && allowed & (1u128 << b.to_ascii_lowercase()) == 0 => {
                if word.chars().nth(self.max_stop_chars).is_some() {
                    Verdict::Blank
                } else {
                    // short: may be a stop word, which the fragments must not see
                    Verdict::Keep
                }
            }
            _ => Verdict::Keep,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_words_by_their_first_two_letters() {
        use Verdict::*;
        let initials = Initials::new(["refug", "soudan", "a"]);
        assert_eq!(initials.judge("Réfugiés"), Keep);
        assert_eq!(initials.judge("REFUGIES"), Keep);
        assert_eq!(initials.judge("Soudan"), Keep);
        assert_eq!(
            initials.judge("États"),
            Keep,
            "non-ASCII first letters are kept"
        );
        assert_eq!(initials.judge("migration"), Drop);
        assert_eq!(
            initials.judge("rapportées"),
            Blank,
            "right first letter, wrong second"
        );
        assert_eq!(initials.judge("se"), Keep, "short: may be a stop word");
        assert_eq!(initials.judge("sécurité"), Keep, "non-ASCII second letter");
        assert_eq!(initials.judge("r"), Keep, "one letter: judged by the first");
        assert_eq!(
            initials.judge("avec"),
            Keep,
            "a one-letter term keeps its letter"
        );
        assert_eq!(Initials::new(["état"]).judge("migration"), Keep);
        assert_eq!(Initials::new(["pé"]).judge("prix"), Keep);
        assert!(
            !crate::analysis::stop_words::is_stop_word(""),
            "a blank is never dropped as a stop word"
        );
    }

    /// A straight apostrophe or backtick second is `’` to the analyzer: the
    /// word is judged by its first letter, as after unifying apostrophes.
    #[test]
    fn an_ascii_apostrophe_second_reads_as_the_typographic_one() {
        let initials = Initials::new(["s'x", "sa"]);
        for word in ["s'occuper", "s`occuper", "s’occuper"] {
            assert_eq!(initials.judge(word), Verdict::Keep, "{word:?}");
        }
        let initials = Initials::new(["so"]);
        for word in ["s'occuper", "s`occuper", "s’occuper", "sémantique"] {
            assert_eq!(initials.judge(word), Verdict::Keep, "{word:?}");
        }
        assert_eq!(initials.judge("sanctuaires"), Verdict::Blank);
    }
}
