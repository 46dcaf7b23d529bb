//! Screens words for the snippets' term finder before the costly steps
//! (lowercasing, folding, stop words, stemming) run. Snippets only look for
//! the query's terms, and the stemmer never changes a word's first two
//! letters (French Snowball only rewrites suffixes inside regions that start
//! after the second letter), so most of a body needs no analysis:
//!
//! - a word whose first letter starts no wanted term is dropped;
//! - a word whose first letter does but whose first two letters do not is
//!   passed on blank (empty text, which matches no term) when it is too long
//!   to be a stop word, so the later steps have nothing to do. It still
//!   stands where it stood: the snippet generator cuts its fragments at the
//!   tokens it sees, and the fragments stay those of the first-letter screen.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::stop_words::folded_stop_words;

/// Every second byte allowed after a first letter.
const ANY: u128 = u128::MAX;

/// What the screen does with a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Cannot reach a wanted term: dropped.
    Drop,
    /// May reach one: analysed.
    Keep,
    /// Cannot reach one, nor be a stop word: passed on with empty text.
    Blank,
}

/// Screens words by their first two letters; words that start with a
/// non-ASCII letter are always kept, and words whose second letter is not
/// ASCII are judged by their first (their folded form is not known yet).
#[derive(Clone)]
pub struct InitialsFilter {
    /// Per lowercase ASCII first letter, a bit per lowercase ASCII second
    /// byte that starts a wanted term (all bits when a term is that one
    /// letter, or goes on with a non-ASCII byte); 0 when no term starts
    /// with the letter.
    pairs: Arc<[u128; 128]>,
    /// Letters of the longest stop word: a word with more letters cannot
    /// fold to a stop word (lowercasing and folding never shorten a word's
    /// letter count).
    max_stop_chars: usize,
}

impl InitialsFilter {
    /// A filter for these (analysed) terms.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> InitialsFilter {
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
        InitialsFilter {
            pairs: Arc::new(pairs),
            max_stop_chars,
        }
    }

    fn judge(&self, word: &str) -> Verdict {
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

impl TokenFilter for InitialsFilter {
    type Tokenizer<T: Tokenizer> = InitialsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> InitialsTokenizer<T> {
        InitialsTokenizer {
            inner: tokenizer,
            filter: self,
        }
    }
}

/// [`InitialsFilter`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct InitialsTokenizer<T> {
    inner: T,
    filter: InitialsFilter,
}

impl<T: Tokenizer> Tokenizer for InitialsTokenizer<T> {
    type TokenStream<'a> = InitialsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        InitialsStream {
            inner: self.inner.token_stream(text),
            filter: &self.filter,
        }
    }
}

/// Stream of the words that may match, and of blanks where words that
/// cannot stood.
pub struct InitialsStream<'a, S> {
    inner: S,
    filter: &'a InitialsFilter,
}

impl<S: TokenStream> TokenStream for InitialsStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.inner.advance() {
            match self.filter.judge(&self.inner.token().text) {
                Verdict::Drop => {}
                Verdict::Keep => return true,
                Verdict::Blank => {
                    self.inner.token_mut().text.clear();
                    return true;
                }
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_words_by_their_first_two_letters() {
        use Verdict::*;
        let filter = InitialsFilter::new(["refug", "soudan", "a"]);
        assert_eq!(filter.judge("Réfugiés"), Keep);
        assert_eq!(filter.judge("REFUGIES"), Keep);
        assert_eq!(filter.judge("Soudan"), Keep);
        assert_eq!(
            filter.judge("États"),
            Keep,
            "non-ASCII first letters are kept"
        );
        assert_eq!(filter.judge("migration"), Drop);
        assert_eq!(
            filter.judge("rapportées"),
            Blank,
            "right first letter, wrong second"
        );
        assert_eq!(filter.judge("se"), Keep, "short: may be a stop word");
        assert_eq!(filter.judge("sécurité"), Keep, "non-ASCII second letter");
        assert_eq!(filter.judge("r"), Keep, "one letter: judged by the first");
        assert_eq!(
            filter.judge("avec"),
            Keep,
            "a one-letter term keeps its letter"
        );
        assert_eq!(InitialsFilter::new(["état"]).judge("migration"), Keep);
        assert_eq!(InitialsFilter::new(["pé"]).judge("prix"), Keep);
        assert!(
            !crate::analysis::stop_words::is_stop_word(""),
            "a blank is never dropped as a stop word"
        );
    }

    /// Over real pages: every word the full chain turns into a wanted term
    /// comes out of the finder as that term, and the finder yields a token
    /// exactly where the full chain yields one whose first letter starts a
    /// wanted term (so the snippet fragments are cut where they were).
    #[test]
    fn finds_every_wanted_term_and_keeps_the_fragment_cuts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for dir in ["corpus", "tests/fixtures/relevance"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            for path in paths {
                text.push_str(&std::fs::read_to_string(path).unwrap());
                text.push('\n');
            }
        }
        let all = crate::analysis::analyze(&text);
        assert!(all.len() > 1000, "fixtures hold text");
        let mut terms: Vec<&str> = all.iter().map(|t| t.text.as_str()).collect();
        terms.sort_unstable();
        terms.dedup();
        // a few distinct terms at a time, as a query's terms
        for chunk in terms.chunks(9).step_by(5) {
            let wanted: std::collections::HashSet<&str> = chunk.iter().copied().collect();
            let initials: std::collections::HashSet<u8> =
                chunk.iter().filter_map(|t| t.bytes().next()).collect();
            let first_letter_passes = |t: &crate::analysis::Token| {
                let first = text.as_bytes()[t.offset_from];
                !first.is_ascii()
                    || initials.contains(&first.to_ascii_lowercase())
                    || initials.iter().any(|b| !b.is_ascii())
            };
            let mut finder = crate::analysis::term_finder(chunk.iter().copied());
            let found = crate::analysis::collect_tokens(&mut finder, &text);
            let cuts = |tokens: &[crate::analysis::Token]| -> Vec<usize> {
                tokens.iter().map(|t| t.offset_from).collect()
            };
            let expected: Vec<_> = all
                .iter()
                .filter(|t| first_letter_passes(t))
                .cloned()
                .collect();
            assert_eq!(cuts(&found), cuts(&expected), "terms {chunk:?}");
            let hits = |tokens: &[crate::analysis::Token]| -> Vec<(usize, String)> {
                tokens
                    .iter()
                    .filter(|t| wanted.contains(t.text.as_str()))
                    .map(|t| (t.offset_from, t.text.clone()))
                    .collect()
            };
            assert_eq!(hits(&found), hits(&expected), "terms {chunk:?}");
        }
    }
}
