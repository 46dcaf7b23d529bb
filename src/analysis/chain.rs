//! The French chain, written once: the order of the steps lives in
//! [`chain`] and nowhere else. Each analyzer the crate uses (full French,
//! folded words, snippet term finder, the folding behind stop words and
//! comparison keys) is this chain with some steps left out, so the steps it
//! keeps always run in the same order.

use tantivy::tokenizer::{
    RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use super::elision::ElisionFilter;
use super::normalise::{ApostropheFilter, CaseAndFolding};
use super::stemmer::FrenchStemmer;
use super::stop_words::french_stop_word_filter;
use super::tokenizer::FrenchWordTokenizer;

/// Words longer than this many bytes are dropped (base64, URLs, garbage).
pub const MAX_WORD_BYTES: usize = 64;

/// Whether `text` holds a word the chain drops for its length: such a word
/// is neither indexed nor searchable, and a query says so rather than
/// calling it a stop word.
pub(crate) fn has_overlong_word(text: &str) -> bool {
    let mut tokenizer = FrenchWordTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        if stream.token().text.len() > MAX_WORD_BYTES {
            return true;
        }
    }
    false
}

/// Which of the optional steps an analyzer runs. Splitting words, unifying
/// apostrophes, lowercasing and folding always run: every analyzer compares
/// folded words.
#[derive(Clone, Default)]
pub(super) struct Steps {
    /// Drop words over [`MAX_WORD_BYTES`].
    pub drop_long: bool,
    /// `l’OIM` → `OIM`.
    pub elision: bool,
    /// Drop French stop words (matched on folded forms).
    pub stop_words: bool,
    /// Snowball French stemming.
    pub stem: bool,
}

impl Steps {
    /// Everything: the analyzer of every text field.
    pub fn french() -> Steps {
        Steps {
            drop_long: true,
            elision: true,
            stop_words: true,
            stem: true,
        }
    }

    /// Whole folded words: no stop-word removal, no stemming.
    pub fn folded() -> Steps {
        Steps {
            stop_words: false,
            stem: false,
            ..Steps::french()
        }
    }

    /// Only split, lowercase and fold: for word lists and comparison keys,
    /// where an apostrophe must not drop a word (`Côte d’Ivoire`).
    pub fn folding() -> Steps {
        Steps::default()
    }
}

/// Builds an analyzer from the one ordered list of steps.
///
/// The order matters: elision must see the apostrophe before lowercasing;
/// apostrophes, then case and folding, run in the order of the
/// normalisation list (`normalise`); folding runs before
/// stop words (the list holds folded forms) and before stemming, so that
/// `frontières` and `frontieres` reach the stemmer as the same string.
pub(super) fn chain(steps: Steps) -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWordTokenizer::default())
        .filter(Optional(
            steps
                .drop_long
                // tantivy keeps words strictly under its limit
                .then(|| RemoveLongFilter::limit(MAX_WORD_BYTES + 1)),
        ))
        .filter(Optional(steps.elision.then_some(ElisionFilter)))
        .filter(ApostropheFilter)
        .filter(CaseAndFolding)
        .filter(Optional(steps.stop_words.then(french_stop_word_filter)))
        .filter(Optional(steps.stem.then_some(FrenchStemmer)))
        .build()
}

/// A step an analyzer may leave out. Unlike tantivy's dynamic builder it
/// keeps the chain statically typed: a left-out step costs one branch per
/// token, not a boxed stream per step (the folded chain runs over every
/// word at indexing time).
struct Optional<F>(Option<F>);

impl<F: TokenFilter> TokenFilter for Optional<F> {
    type Tokenizer<T: Tokenizer> = Either<F::Tokenizer<T>, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        match self.0 {
            Some(filter) => Either::Run(filter.transform(tokenizer)),
            None => Either::Skip(tokenizer),
        }
    }
}

/// A tokenizer (or its stream) with the step, or without it.
#[derive(Clone)]
pub(super) enum Either<A, B> {
    /// The step runs.
    Run(A),
    /// The step is left out.
    Skip(B),
}

impl<A: Tokenizer, B: Tokenizer> Tokenizer for Either<A, B> {
    type TokenStream<'a> = Either<A::TokenStream<'a>, B::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        match self {
            Either::Run(a) => Either::Run(a.token_stream(text)),
            Either::Skip(b) => Either::Skip(b.token_stream(text)),
        }
    }
}

impl<A: TokenStream, B: TokenStream> TokenStream for Either<A, B> {
    fn advance(&mut self) -> bool {
        match self {
            Either::Run(a) => a.advance(),
            Either::Skip(b) => b.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            Either::Run(a) => a.token(),
            Either::Skip(b) => b.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            Either::Run(a) => a.token_mut(),
            Either::Skip(b) => b.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::collect_tokens;

    fn terms(steps: Steps, text: &str) -> Vec<String> {
        collect_tokens(&mut chain(steps), text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    /// Each selection of steps on the same text: what each step adds.
    #[test]
    fn selections_of_the_one_chain() {
        let text = "l’État et les Frontières";
        assert_eq!(terms(Steps::french(), text), ["etat", "frontier"]);
        assert_eq!(
            terms(Steps::folded(), text),
            ["etat", "et", "les", "frontieres"]
        );
        assert_eq!(
            terms(Steps::folding(), text),
            ["l'etat", "et", "les", "frontieres"]
        );
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(terms(Steps::folded(), &long), Vec::<String>::new());
        assert_eq!(terms(Steps::folding(), &long), std::slice::from_ref(&long));
        assert!(has_overlong_word(&format!("eau {long}")));
        let short = "x".repeat(MAX_WORD_BYTES);
        assert!(!has_overlong_word(&format!("eau {short}")));
        // the longest word the notice lets through is indexed
        assert_eq!(terms(Steps::folded(), &short), std::slice::from_ref(&short));
    }
}
