//! Step 4 of the list: case and folding, the last step, after which
//! `Œuvre`, `oeuvre` and `ŒUVRE` are one string. It is tantivy's lowercaser
//! then its ASCII folding (accents off, ligatures spelt out, `’` as `'`),
//! one filter here so that the analyzer and whole-text callers run the same
//! two in the same order.

use std::borrow::Cow;
use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, TokenFilter, TokenStream, Tokenizer,
};

/// Token filter of the analyzer: lowercase, then fold.
#[derive(Clone)]
pub struct CaseAndFolding;

impl TokenFilter for CaseAndFolding {
    type Tokenizer<T: Tokenizer> =
        <AsciiFoldingFilter as TokenFilter>::Tokenizer<<LowerCaser as TokenFilter>::Tokenizer<T>>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        AsciiFoldingFilter.transform(LowerCaser.transform(tokenizer))
    }
}

/// `text` lowercased and folded as one string; borrowed when it is
/// lowercase ASCII already.
pub(crate) fn case_and_folding(text: &str) -> Cow<'_, str> {
    if !text
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    thread_local! {
        static WHOLE: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default()).filter(CaseAndFolding).build(),
        );
    }
    WHOLE.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut out = String::with_capacity(text.len());
        while stream.advance() {
            out.push_str(&stream.token().text);
        }
        Cow::Owned(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_and_ligatures_fold() {
        for (input, expected) in [
            ("Œuvre ŒUVRE oeuvre", "oeuvre oeuvre oeuvre"),
            ("État Frontières", "etat frontieres"),
            ("l’OIM", "l'oim"),
            ("Душанбе", "душанбе"),
            ("already folded", "already folded"),
            ("", ""),
        ] {
            assert_eq!(case_and_folding(input), expected, "{input:?}");
        }
        assert!(matches!(case_and_folding("l'oim 2019"), Cow::Borrowed(_)));
    }
}
