//! The one reading of the project's line-based data files (countries.tsv,
//! regions.tsv, nav_menu.txt, the stop words, synonyms.txt and users'
//! synonym files, question_words.txt, broader.txt, families.tsv), shared
//! with build.rs: one comment rule, and line numbers for messages.
//!
//! `#` starts a comment wherever it is (no value of these files holds one);
//! a line empty or blank once its comment is cut is skipped. The rest of a
//! line is given as written: columns keep their tabs, each file trims its
//! own fields.

/// The lines of `text` that hold data: (1-based line number, the line
/// without its comment and line end).
///
/// ```ignore
/// let lines: Vec<_> = data_lines("# a comment\nLesotho\t# trailing\n\n  \nNépal").collect();
/// assert_eq!(lines, [(2, "Lesotho\t"), (5, "Népal")]);
/// ```
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(index, line)| {
        let data = line.split('#').next().unwrap_or_default();
        (!data.trim().is_empty()).then_some((index + 1, data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_left_out_and_lines_keep_their_numbers() {
        let lines: Vec<_> =
            data_lines("# a comment\nLesotho\t# trailing\n\n  \nNépal\r\n  # indented").collect();
        assert_eq!(lines, [(2, "Lesotho\t"), (5, "Népal")]);
    }

    #[test]
    fn columns_keep_their_empty_fields() {
        let (_, line) = data_lines("Nom\tm49\t\t\n").next().unwrap();
        assert_eq!(line.split('\t').count(), 4);
    }
}
