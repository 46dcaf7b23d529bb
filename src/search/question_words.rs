//! French (and English) question words and fillers, dropped from the free
//! text of a query so that `comment l’OIM aide-t-elle les migrants de
//! retour ?` searches `l’OIM aide migrants de retour`. The list is data, in
//! `data/question_words.txt`; deciding what the remaining words mean is left
//! to `text_query`.
//!
//! Matching runs on [`fold_key`] sub-words (case, accents, hyphens and
//! apostrophes ignored), longest entry first, and only ever on whole words,
//! except for the two forms the data file describes: inversion suffixes
//! (`-t-elle`) and a final elided word (`est-ce qu’`).

use std::sync::OnceLock;

use crate::analysis::{fold_key, is_apostrophe};

const QUESTION_WORDS: &str = include_str!("data/question_words.txt");

/// What to do with one query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordFate {
    /// Search the word as typed.
    Keep,
    /// A question word or filler: do not search it.
    Drop,
    /// Search this shorter form instead (`aide-t-elle` → `aide`,
    /// `qu’elle` after `est-ce` → `elle`).
    Rewrite(String),
}

/// The parsed data file.
#[derive(Debug, Default)]
struct QuestionList {
    /// Phrases to drop, as folded sub-words, with whether the last one is an
    /// elided word (`qu’`) that cuts the next query word.
    phrases: Vec<(Vec<String>, bool)>,
    /// Inversion suffixes as folded sub-words (`-t-elle` → `t elle`),
    /// longest first.
    suffixes: Vec<Vec<String>>,
}

fn sub_words(text: &str) -> Vec<String> {
    fold_key(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads the data file; an entry with no letters is an error so the unit
/// test catches a typo.
fn parse_list(text: &str) -> Result<QuestionList, String> {
    let mut list = QuestionList::default();
    for (number, line) in crate::data_lines::data_lines(text) {
        for entry in line.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let words = sub_words(entry);
            if words.is_empty() {
                return Err(format!("line {}: `{entry}` has no letters", number));
            }
            if entry.starts_with('-') {
                list.suffixes.push(words);
            } else {
                let elided = entry.ends_with(is_apostrophe);
                list.phrases.push((words, elided));
            }
        }
    }
    list.suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    list.phrases
        .sort_by_key(|(p, elided)| (std::cmp::Reverse(p.len()), *elided));
    Ok(list)
}

fn question_list() -> &'static QuestionList {
    static LIST: OnceLock<QuestionList> = OnceLock::new();
    // a unit test proves the shipped file parses; never fail a search on it
    LIST.get_or_init(|| parse_list(QUESTION_WORDS).unwrap_or_default())
}

/// Decides, for each free-text word of a query (as typed, one per
/// whitespace-separated word, never from inside quotes), whether it is a
/// question word or filler to drop, a word to shorten, or a word to keep.
///
/// The result has one [`WordFate`] per word. When every word that has
/// letters would be dropped (`comment ?`), all are kept: the user is then
/// searching for the words themselves.
pub fn strip_question_words(words: &[&str]) -> Vec<WordFate> {
    let list = question_list();
    let folded: Vec<Vec<String>> = words.iter().map(|w| sub_words(w)).collect();
    let mut fates = vec![WordFate::Keep; words.len()];
    let mut i = 0;
    while i < words.len() {
        match match_phrase(list, &folded, i) {
            Some((end, cut)) => {
                for fate in &mut fates[i..end] {
                    *fate = WordFate::Drop;
                }
                i = end;
                if cut {
                    fates[i] = match after_elision(words[i]) {
                        Some(rest) => WordFate::Rewrite(rest),
                        None => WordFate::Drop,
                    };
                    i += 1;
                }
            }
            None => {
                if let Some(short) = cut_suffix(list, words[i], &folded[i]) {
                    fates[i] = WordFate::Rewrite(short);
                }
                i += 1;
            }
        }
    }
    let all_dropped = fates
        .iter()
        .zip(&folded)
        .all(|(fate, f)| *fate == WordFate::Drop || f.is_empty());
    if all_dropped {
        return vec![WordFate::Keep; words.len()];
    }
    fates
}

/// The longest phrase starting at word `start`: the index of the first word
/// after it, and whether that word is the elided one to cut.
fn match_phrase(
    list: &QuestionList,
    folded: &[Vec<String>],
    start: usize,
) -> Option<(usize, bool)> {
    if folded[start].is_empty() {
        return None;
    }
    'phrases: for (phrase, elided) in &list.phrases {
        let mut rest: &[String] = phrase;
        let mut w = start;
        while !rest.is_empty() {
            let Some(word) = folded.get(w) else {
                continue 'phrases;
            };
            if *elided && rest.len() == 1 {
                // the elided word: first sub-word of a longer query word
                if word.len() > 1 && word[0] == rest[0] {
                    return Some((w, true));
                }
                continue 'phrases;
            }
            if word.is_empty() || rest.len() < word.len() || rest[..word.len()] != word[..] {
                continue 'phrases;
            }
            rest = &rest[word.len()..];
            w += 1;
        }
        return Some((w, false));
    }
    None
}

/// `qu’elle` → `elle`: the word after its first apostrophe.
fn after_elision(word: &str) -> Option<String> {
    let (_, rest) = word.split_once(is_apostrophe)?;
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// `aide-t-elle` → `aide`: cuts an inversion suffix, keeping the original
/// spelling of what is left. None when no suffix applies or nothing would
/// be left.
fn cut_suffix(list: &QuestionList, word: &str, folded: &[String]) -> Option<String> {
    let suffix = list
        .suffixes
        .iter()
        .find(|s| folded.len() > s.len() && folded.ends_with(s))?;
    // `-t-il` alone is no verb with its pronoun: do not cut it to `-t`
    if folded[..folded.len() - suffix.len()] == ["t"] {
        return None;
    }
    // byte starts of the word's letter runs, which fold_key turned into sub-words
    let mut runs = Vec::new();
    let mut in_run = false;
    for (at, c) in word.char_indices() {
        let letter = c.is_alphanumeric();
        if letter && !in_run {
            runs.push(at);
        }
        in_run = letter;
    }
    if runs.len() != folded.len() {
        return None;
    }
    let kept =
        word[..runs[runs.len() - suffix.len()]].trim_end_matches(|c: char| !c.is_alphanumeric());
    (!kept.is_empty()).then(|| kept.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query words left to search, rewritten.
    fn kept(query: &str) -> Vec<String> {
        let words: Vec<&str> = query.split_whitespace().collect();
        strip_question_words(&words)
            .into_iter()
            .zip(&words)
            .filter_map(|(fate, w)| match fate {
                WordFate::Keep => Some(w.to_string()),
                WordFate::Drop => None,
                WordFate::Rewrite(s) => Some(s),
            })
            .collect()
    }

    fn assert_kept(table: &[(&str, &[&str])]) {
        for (query, expected) in table {
            assert_eq!(kept(query), *expected, "query {query:?}");
        }
    }

    /// French question forms lose their question words and inversions.
    #[test]
    fn french_questions_keep_their_subject() {
        assert_kept(&[
            (
                "Comment l’OIM aide-t-elle les migrants de retour ?",
                &["l’OIM", "aide", "les", "migrants", "de", "retour", "?"],
            ),
            ("quels projets au Mali", &["projets", "au", "Mali"]),
            (
                "Quelles sont les actions contre la traite",
                &["les", "actions", "contre", "la", "traite"],
            ),
            (
                "Où sont les personnes sans nationalité ?",
                &["les", "personnes", "sans", "nationalité", "?"],
            ),
            (
                "combien de migrants de retour",
                &["migrants", "de", "retour"],
            ),
            (
                "Pourquoi l’OIM finance-t-elle ce projet",
                &["l’OIM", "finance", "ce", "projet"],
            ),
            (
                "qu’est-ce que la migration de main-d’œuvre",
                &["la", "migration", "de", "main-d’œuvre"],
            ),
            (
                "est-ce qu’elle soutient les diasporas",
                &["elle", "soutient", "les", "diasporas"],
            ),
            (
                "est-ce que l’OIM travaille au Niger",
                &["l’OIM", "travaille", "au", "Niger"],
            ),
            (
                "y a-t-il des projets en Haïti",
                &["des", "projets", "en", "Haïti"],
            ),
            (
                "Existe-t-il un programme pour les apatrides",
                &["un", "programme", "pour", "les", "apatrides"],
            ),
            (
                "je cherche la liste des projets au Sahel",
                &["projets", "au", "Sahel"],
            ),
            (
                "que fait l’OIM contre les passeurs",
                &["fait", "l’OIM", "contre", "les", "passeurs"],
            ),
            (
                "Soutiennent-ils le retour",
                &["Soutiennent", "le", "retour"],
            ),
            ("QUAND, OÙ", &["QUAND,", "OÙ"]),
        ]);
    }

    /// English question forms lose their question words.
    #[test]
    fn english_questions_keep_their_subject() {
        assert_kept(&[
            (
                "what projects help returnees",
                &["projects", "help", "returnees"],
            ),
            (
                "how does IOM support border management",
                &["IOM", "support", "border", "management"],
            ),
            (
                "is there any project on smuggling",
                &["any", "project", "on", "smuggling"],
            ),
        ]);
    }

    /// Never cut inside a word or a name, nor cut a query to nothing.
    #[test]
    fn names_and_bare_question_words_are_kept() {
        assert_kept(&[
            // never inside a word or a name
            (
                "Qui-Nhon quelconque comments",
                &["Qui-Nhon", "quelconque", "comments"],
            ),
            (
                "Port-Gentil Saint-Louis rendez-vous",
                &["Port-Gentil", "Saint-Louis", "rendez-vous"],
            ),
            // a bare suffix or pronoun is not cut to nothing
            ("-t-il elle on", &["-t-il", "elle", "on"]),
            // only question words: searched as typed
            ("comment ?", &["comment", "?"]),
            ("", &[]),
        ]);
    }

    #[test]
    fn fates_are_one_per_word() {
        let words = ["Comment", "aide-t-elle", "retour"];
        assert_eq!(
            strip_question_words(&words),
            [
                WordFate::Drop,
                WordFate::Rewrite("aide".into()),
                WordFate::Keep
            ]
        );
    }

    #[test]
    fn content_words_stay() {
        for word in [
            "retour",
            "sans",
            "contre",
            "personnes",
            "projets",
            "aide",
            "pays",
            "trouver",
            "liste",
            "programme",
        ] {
            assert_eq!(
                strip_question_words(&[word, "Mali"]),
                [WordFate::Keep, WordFate::Keep],
                "{word}"
            );
        }
    }

    #[test]
    fn data_file_parses() {
        let list = parse_list(QUESTION_WORDS).unwrap();
        assert!(list.phrases.len() > 60 && list.suffixes.len() == 10);
        assert!(parse_list("ok\n?!").unwrap_err().starts_with("line 2"));
        // every group has a comment right above it
        let mut commented = false;
        for (n, line) in QUESTION_WORDS.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') {
                commented = true;
            } else if line.is_empty() {
                commented = false;
            } else {
                assert!(commented, "line {} has no comment above it", n + 1);
            }
        }
    }

    /// A synonym entry must never lose a word here before it is looked up.
    #[test]
    fn no_synonym_entry_holds_a_question_word() {
        let synonyms = include_str!("data/synonyms.txt");
        for line in synonyms.lines() {
            let line = line.split('#').next().unwrap_or_default();
            for entry in line
                .split([',', '='])
                .map(|e| e.trim_matches(|c| c == '>' || c == ' '))
            {
                let words: Vec<&str> = entry.split_whitespace().collect();
                if words.is_empty() {
                    continue;
                }
                let fates = strip_question_words(&words);
                assert!(
                    fates.iter().all(|f| *f == WordFate::Keep),
                    "`{entry}` loses words: {fates:?}"
                );
            }
        }
    }
}
