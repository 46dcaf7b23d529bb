//! Step 3 of the list: spaces and hyphens. Pages write one space as a
//! no-break space, a tab or two spaces, and the hyphen of `main-d’œuvre`
//! as U+2010 or the non-breaking U+2011; a value compared whole (a facet
//! value) must not differ by them. The analyzer needs no rewriting: its
//! tokenizer ends a word at any of them.

use std::borrow::Cow;

/// The hyphens written `-` (dashes, which separate rather than join, stay).
fn is_unicode_hyphen(c: char) -> bool {
    matches!(c, '\u{2010}' | '\u{2011}')
}

/// `text` with each run of white space as one space, none at either end,
/// and Unicode hyphens as `-`; borrowed when it already is.
pub(crate) fn spaces_and_hyphens(text: &str) -> Cow<'_, str> {
    let is_normal = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains("  ")
        && !text.contains(|c: char| is_unicode_hyphen(c) || (c.is_whitespace() && c != ' '));
    if is_normal {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if is_unicode_hyphen(c) { '-' } else { c });
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_collapse_and_hyphens_become_ascii() {
        for (input, expected) in [
            ("Asie et Océanie", "Asie et Océanie"),
            ("  Asie\u{a0}et\tOcéanie \n", "Asie et Océanie"),
            ("main\u{2011}d’œuvre", "main-d’œuvre"),
            ("main\u{2010}d’œuvre", "main-d’œuvre"),
            ("Asie  et   Océanie", "Asie et Océanie"),
            // a dash is not a hyphen
            ("2015 – 2020", "2015 – 2020"),
            ("   ", ""),
            ("", ""),
        ] {
            assert_eq!(spaces_and_hyphens(input), expected, "{input:?}");
        }
        assert!(matches!(
            spaces_and_hyphens("main-d’œuvre et Asie"),
            Cow::Borrowed(_)
        ));
    }
}
