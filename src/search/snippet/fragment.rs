//! The best fragment of a text, chosen as tantivy 0.27's snippet generator
//! chooses it (`search_fragments` and `select_best_fragment_combination` in
//! `tantivy::snippet`), from the words the term finder yields in text
//! order: the words are grouped into fragments ending at most `max_bytes`
//! bytes past their first word's start (tantivy's `max_num_chars` counts
//! bytes); a fragment scores the sum of its found terms' weights; the best
//! scores most, the earliest winning a tie. Built here rather than through
//! tantivy's generator so that a word's term is looked up once per distinct
//! word of the text, not lowercased into a new string for each word.

use std::ops::Range;

use tantivy::Score;

/// A chosen fragment: its byte range in the text, and the byte ranges of
/// the terms found in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fragment {
    /// From the first word's start to the last word's end.
    pub range: Range<usize>,
    /// The words found, in text order.
    pub highlighted: Vec<Range<usize>>,
}

/// A fragment being grown, or a finished one.
struct Candidate {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Candidate {
    fn new(start: usize) -> Candidate {
        Candidate {
            score: 0.0,
            start,
            stop: start,
            highlighted: Vec::new(),
        }
    }

    /// Whether `self` ranks above `other` (tantivy's order: score, then
    /// the earlier range).
    fn beats(&self, other: &Candidate) -> bool {
        let by_score = self
            .score
            .partial_cmp(&other.score)
            .unwrap_or(std::cmp::Ordering::Equal);
        let order = by_score.then_with(|| (other.start, other.stop).cmp(&(self.start, self.stop)));
        order == std::cmp::Ordering::Greater
    }
}

/// Chooses the best fragment from the words of a text, given in order.
pub(crate) struct FragmentChooser {
    max_bytes: usize,
    current: Candidate,
    best: Option<Candidate>,
}

impl FragmentChooser {
    /// A chooser for fragments of at most `max_bytes`.
    pub fn new(max_bytes: usize) -> FragmentChooser {
        FragmentChooser {
            max_bytes,
            current: Candidate::new(0),
            best: None,
        }
    }

    /// The next word, `from..to`, with its term's weight when it is one of
    /// the terms sought.
    pub fn add(&mut self, from: usize, to: usize, weight: Option<Score>) {
        if to - self.current.start > self.max_bytes {
            let done = std::mem::replace(&mut self.current, Candidate::new(from));
            self.offer(done);
        }
        self.current.stop = to;
        if let Some(weight) = weight {
            self.current.score += weight;
            self.current.highlighted.push(from..to);
        }
    }

    /// Keeps a finished fragment if it holds a term and ranks at least as
    /// high as the best so far (`Iterator::max_by` keeps the last of equals).
    fn offer(&mut self, done: Candidate) {
        if done.score > 0.0 && !self.best.as_ref().is_some_and(|best| best.beats(&done)) {
            self.best = Some(done);
        }
    }

    /// The best fragment, `None` when no word was a term sought.
    pub fn best(mut self) -> Option<Fragment> {
        let last = std::mem::replace(&mut self.current, Candidate::new(0));
        self.offer(last);
        self.best.map(|best| Fragment {
            range: best.start..best.stop,
            highlighted: best.highlighted,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use tantivy::schema::Field;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

    use super::*;

    /// Replays a fixed list of tokens whatever the text: tantivy's
    /// generator then sees the very words the chooser sees.
    #[derive(Clone)]
    struct Replay(Vec<Token>);

    struct ReplayStream {
        tokens: Vec<Token>,
        seen: usize,
    }

    impl Tokenizer for Replay {
        type TokenStream<'a> = ReplayStream;

        fn token_stream<'a>(&'a mut self, _: &'a str) -> ReplayStream {
            ReplayStream {
                tokens: self.0.clone(),
                seen: 0,
            }
        }
    }

    impl TokenStream for ReplayStream {
        fn advance(&mut self) -> bool {
            self.seen += 1;
            self.seen <= self.tokens.len()
        }

        fn token(&self) -> &Token {
            &self.tokens[self.seen - 1]
        }

        fn token_mut(&mut self) -> &mut Token {
            &mut self.tokens[self.seen - 1]
        }
    }

    const TERMS: [&str; 3] = ["migr", "refug", "soudan"];

    /// A text of words (gap before, length, which term or none), the
    /// tokens for it, and the weights of the terms.
    fn words() -> impl Strategy<Value = Vec<(usize, usize, Option<usize>)>> {
        prop::collection::vec(
            (
                0..4usize,
                1..14usize,
                prop::option::weighted(0.15, 0..TERMS.len()),
            ),
            0..120,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Same fragment and highlights as tantivy's generator, ties
        /// (equal weights, equal sums) included.
        #[test]
        fn the_chooser_picks_what_tantivy_picks(
            words in words(),
            weights in prop::collection::vec(prop::sample::select(vec![0.5f32, 0.25, 1.0 / 3.0, 0.1]), 3),
            max_bytes in 5..200usize,
        ) {
            let mut text = String::new();
            let mut tokens = Vec::new();
            for (gap, len, term) in words {
                // the first word may open the text
                let gap = if text.is_empty() { gap } else { gap.max(1) };
                text.push_str(&" ".repeat(gap));
                let from = text.len();
                text.push_str(&"w".repeat(len));
                tokens.push(Token {
                    offset_from: from,
                    offset_to: text.len(),
                    text: term.map_or("w", |t| TERMS[t]).to_string(),
                    ..Token::default()
                });
            }
            let weights: BTreeMap<String, Score> =
                TERMS.iter().map(|t| t.to_string()).zip(weights).collect();
            let mut chooser = FragmentChooser::new(max_bytes);
            for token in &tokens {
                chooser.add(token.offset_from, token.offset_to, weights.get(&token.text).copied());
            }
            let ours = chooser.best();
            let analyzer = TextAnalyzer::builder(Replay(tokens)).build();
            let theirs = SnippetGenerator::new(weights, analyzer, Field::from_field_id(0), max_bytes)
                .snippet(&text);
            match ours {
                None => prop_assert!(theirs.highlighted().is_empty()),
                Some(ours) => {
                    prop_assert_eq!(ours.range.clone(), theirs.fragment_range());
                    let relative: Vec<_> = ours
                        .highlighted
                        .iter()
                        .map(|r| r.start - ours.range.start..r.end - ours.range.start)
                        .collect();
                    prop_assert_eq!(relative, theirs.highlighted().to_vec());
                }
            }
        }
    }
}
