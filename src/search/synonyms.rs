//! Synonym groups in the Solr/Elasticsearch file format, the curated French
//! set that ships in `data/synonyms.txt`, and the lookup that finds them in a
//! query. Building queries from the expansions is left to `text_query`.
//!
//! The format, one rule per line:
//! ```text
//! # a comment (also after an entry)
//! passeur, trafic illicite de migrants         equivalence: each entry finds the others
//! smuggling, migrant smuggling => trafic illicite de migrants   one way: left finds right
//! ```
//!
//! Entries are matched on **analysed words**: the French analyzer's stems
//! with its stop words left out. So case, accents and plurals do not matter
//! (`Passeurs` finds the entry `passeur`), and neither do small words inside
//! a phrase (`gestion frontières` finds `gestion des frontières`). A
//! multi-word entry is matched as a phrase: its words in order, next to each
//! other in the query (stop words between them allowed).

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::TextAnalyzer;

use super::compiled_table::StringTable;
use crate::analysis::{collect_tokens, french_analyzer};
use crate::error::{Error, Result};

/// The curated French file: migration and development vocabulary, the
/// organisation acronyms, and English/Spanish terms one way to French.
pub(crate) const BUILTIN_SYNONYMS: &str = include_str!("data/synonyms.txt");

/// Name under which errors in the built-in file are reported.
const BUILTIN_NAME: &str = "src/search/data/synonyms.txt";

/// A line of a synonym file that cannot be read: names the file, the line
/// and what is wrong.
///
/// Converts into [`Error::InvalidValue`] so the library can return it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct SynonymError {
    /// The file name as given (or `<name>` for text parsed from memory).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl From<SynonymError> for Error {
    fn from(err: SynonymError) -> Error {
        Error::InvalidValue {
            what: "synonym file",
            value: format!("{}:{}", err.file, err.line),
            hint: err.message,
        }
    }
}

/// One phrase that a query phrase expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// The phrase as written in the file (what gets searched and reported).
    text: String,
    /// Its match key, to drop duplicates and the phrase that was typed.
    key: Vec<String>,
}

/// The largest synonym file read: the shipped one is 27 KB; a bigger file
/// is most likely not a synonym file (or `/dev/zero`), and each search
/// would pay for its rules.
pub const MAX_SYNONYM_FILE_BYTES: usize = 1024 * 1024;

/// The longest line of a synonym file: the shipped one's longest is 210
/// bytes.
pub const MAX_SYNONYM_LINE_BYTES: usize = 16 * 1024;

/// The most entries one line (one group, or one side of a rule) may hold:
/// the shipped file's largest group has 9. Each entry is searched as a
/// phrase of its own when any of them is typed.
pub const MAX_GROUP_ENTRIES: usize = 100;

/// A set of synonym rules, ready for lookup.
///
/// ```ignore
/// let s = Synonyms::parse("passeur, trafic illicite de migrants", "mine.txt")?;
/// let m = s.lookup(&["passeurs", "au", "Niger"], 0).unwrap();
/// assert_eq!((m.len, m.expansions), (1, vec!["trafic illicite de migrants"]));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group once, in file order: the entries of an equivalence line,
    /// or the right-hand side of a one-way rule. Entries point at their
    /// group instead of holding copies, so a group of N entries costs N,
    /// not N² (and parsing it N, not N³).
    groups: Vec<Vec<Target>>,
    /// Match key (analysed words of a left-hand entry) → the groups it
    /// expands to (indices into `groups`, in file order).
    rules: FxHashMap<Vec<String>, Vec<usize>>,
    /// Most analysed words in any key: bounds the lookup.
    longest_key: usize,
    /// Rules (non-comment lines) read, over every merged file.
    rule_count: usize,
}

/// A synonym entry found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymMatch<'a> {
    /// Index of the first query word of the entry.
    pub start: usize,
    /// Number of query words the entry covers (stop words inside included).
    pub len: usize,
    /// The phrases to search as well, as written in the synonym file, in file
    /// order; never the phrase that was typed.
    pub expansions: Vec<&'a str>,
}

impl Synonyms {
    /// Reads rules in the Solr/Elasticsearch synonym format. `file` names the
    /// source in error messages.
    ///
    /// # Errors
    /// The first line that cannot be read, as `file:line: what is wrong`: an
    /// empty entry, a group of one entry, two `=>`, a side left empty, an
    /// entry made only of stop words (no query could ever match it), a line
    /// over 16 KiB (`MAX_SYNONYM_LINE_BYTES`) or a side of more than
    /// 100 entries (`MAX_GROUP_ENTRIES`).
    pub fn parse(text: &str, file: &str) -> Result<Synonyms, SynonymError> {
        Synonyms::parse_keyed(text, file, &mut match_key)
    }

    /// A file shipped with the engine (the synonyms, the broader terms),
    /// its entries' match keys read from the table build.rs compiled
    /// instead of analysed: a process pays no analysis for them.
    pub(crate) fn parse_shipped(text: &str, file: &str) -> Result<Synonyms, SynonymError> {
        Synonyms::parse_keyed(text, file, &mut shipped_match_key)
    }

    /// [`Synonyms::parse`], with `key` giving each entry's match key.
    fn parse_keyed(
        text: &str,
        file: &str,
        key: &mut dyn FnMut(&str) -> Vec<String>,
    ) -> Result<Synonyms, SynonymError> {
        let mut out = Synonyms::default();
        for (number, raw) in crate::data_lines::data_lines(text) {
            let fail = |message: String| SynonymError {
                file: file.to_string(),
                line: number,
                message,
            };
            // counted first: commas cost nothing to count, entries to analyse
            for (side, where_) in raw.split("=>").zip(["", " after `=>`"]) {
                let entries = side.split(',').count();
                if entries > MAX_GROUP_ENTRIES {
                    return Err(fail(format!(
                        "{entries} entries{where_}, over the {MAX_GROUP_ENTRIES} a group may hold: keep the closest terms, or split the group by meaning"
                    )));
                }
            }
            if raw.len() > MAX_SYNONYM_LINE_BYTES {
                return Err(fail(format!(
                    "this line is {} KiB long, over the {} KiB a line may hold: write one group per line, with at most {MAX_GROUP_ENTRIES} entries",
                    raw.len().div_ceil(1024),
                    MAX_SYNONYM_LINE_BYTES / 1024
                )));
            }
            let line = raw.trim();
            let mut sides = line.split("=>");
            let left = sides.next().unwrap_or_default();
            let right = sides.next();
            if sides.next().is_some() {
                return Err(fail(
                    "more than one `=>`: write one rule per line, `a, b => c`".into(),
                ));
            }
            let left = parse_entries(left, "before `=>`", key).map_err(&fail)?;
            match right {
                Some(right) => {
                    let right = parse_entries(right, "after `=>`", key).map_err(&fail)?;
                    let keys: Vec<Vec<String>> = left.into_iter().map(|t| t.key).collect();
                    out.add_group(&keys, right);
                }
                None => {
                    if left.len() < 2 {
                        return Err(fail(format!(
                            "`{}` alone: a group needs two entries or more, separated by commas (`a, b`), or a one-way rule `a => b`",
                            left[0].text
                        )));
                    }
                    let keys: Vec<Vec<String>> = left.iter().map(|t| t.key.clone()).collect();
                    out.add_group(&keys, left);
                }
            }
            out.rule_count += 1;
        }
        Ok(out)
    }

    /// Reads a synonym file from disk (see [`Synonyms::parse`] for the format).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::InvalidValue`]
    /// naming `path:line` when a line is malformed.
    /// [`Error::InvalidValue`] too when the file is over
    /// 1 MiB (`MAX_SYNONYM_FILE_BYTES`; read no further, so `/dev/zero` ends at once).
    pub fn from_file(path: &Path) -> Result<Synonyms> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut text = String::new();
        file.take(MAX_SYNONYM_FILE_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(|e| Error::io(path, e))?;
        if text.len() > MAX_SYNONYM_FILE_BYTES {
            return Err(Error::InvalidValue {
                what: "synonym file",
                value: path.display().to_string(),
                hint: format!(
                    "larger than {} MiB, the most a synonym file may hold: check that this is the right file, or keep the groups that matter",
                    MAX_SYNONYM_FILE_BYTES / (1024 * 1024)
                ),
            });
        }
        Ok(Synonyms::parse(&text, &path.display().to_string())?)
    }

    /// The curated French set shipped with the engine, parsed once.
    pub fn builtin() -> &'static Synonyms {
        static BUILTIN: OnceLock<Synonyms> = OnceLock::new();
        // a unit test proves the shipped file parses; never fail a search on it
        BUILTIN.get_or_init(|| {
            Synonyms::parse_shipped(BUILTIN_SYNONYMS, BUILTIN_NAME).unwrap_or_default()
        })
    }

    /// Adds the rules of `other` (a user's file on top of the built-in set):
    /// a phrase present in both expands to the union of both lists.
    pub fn merge(&mut self, other: &Synonyms) {
        let offset = self.groups.len();
        self.groups.extend(other.groups.iter().cloned());
        for (key, groups) in &other.rules {
            let list = self.rules.entry(key.clone()).or_default();
            list.extend(groups.iter().map(|g| g + offset));
            self.longest_key = self.longest_key.max(key.len());
        }
        self.rule_count += other.rule_count;
    }

    /// Number of rules (non-empty, non-comment lines) read.
    pub fn rule_count(&self) -> usize {
        self.rule_count
    }

    /// Number of distinct phrases that expand to something.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rule was read.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The longest entry that starts at `words[start]`, with its expansions.
    ///
    /// `words` are the query's free-text words as typed (one per
    /// whitespace-separated word; `main-d’œuvre` is one word). An entry must
    /// start and end on a word that is not a stop word; stop words inside it
    /// are covered (`gestion des frontières` covers three words). To look up
    /// many positions of one query, compute `word_keys` once and call
    /// [`Synonyms::lookup_keys`].
    pub fn lookup<'a>(&'a self, words: &[&str], start: usize) -> Option<SynonymMatch<'a>> {
        if self.rules.is_empty() || start >= words.len() {
            return None;
        }
        // analyse only the words an entry could reach from `start`
        let mut keys = vec![Vec::new(); start];
        let mut stems = 0;
        for word in &words[start..] {
            let key = match_key(word);
            stems += key.len();
            keys.push(key);
            if stems > self.longest_key {
                break;
            }
        }
        self.lookup_keys(&keys, start)
    }

    /// [`Synonyms::lookup`] over the words' match keys, as computed by
    /// `word_keys` (crate-private).
    pub fn lookup_keys<'a>(
        &'a self,
        keys: &[Vec<String>],
        start: usize,
    ) -> Option<SynonymMatch<'a>> {
        if keys.get(start).is_none_or(Vec::is_empty) {
            return None;
        }
        let mut key: Vec<String> = Vec::new();
        let mut best: Option<(usize, Vec<String>, &Vec<usize>)> = None;
        for (end, stems) in keys.iter().enumerate().skip(start) {
            if stems.is_empty() {
                continue;
            }
            key.extend(stems.iter().cloned());
            if key.len() > self.longest_key {
                break;
            }
            if let Some(groups) = self.rules.get(&key) {
                best = Some((end + 1 - start, key.clone(), groups));
            }
        }
        let (len, key, groups) = best?;
        // every phrase of the entry's groups but the typed one, each once
        let mut seen: FxHashSet<&[String]> = FxHashSet::default();
        seen.insert(&key);
        let expansions = groups
            .iter()
            .flat_map(|&g| &self.groups[g])
            .filter(|t| seen.insert(&t.key))
            .map(|t| t.text.as_str())
            .collect();
        Some(SynonymMatch {
            start,
            len,
            expansions,
        })
    }

    /// Every entry found in `words`, left to right, longest first, without
    /// overlaps (a word belongs to at most one entry).
    pub fn find_all<'a>(&'a self, words: &[&str]) -> Vec<SynonymMatch<'a>> {
        let keys = word_keys(words);
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.lookup_keys(&keys, i) {
                Some(m) => {
                    i += m.len;
                    found.push(m);
                }
                None => i += 1,
            }
        }
        found
    }

    /// Stores `group` once and records that each of `keys` expands to it.
    /// A key whose only phrase in the group is itself expands to nothing
    /// (a group of spellings of one stem, `passeur, passeurs`) and is not
    /// recorded, so a shorter or longer entry can still match there.
    fn add_group(&mut self, keys: &[Vec<String>], group: Vec<Target>) {
        let distinct: FxHashSet<&[String]> = group.iter().map(|t| t.key.as_slice()).collect();
        let id = self.groups.len();
        let mut used = false;
        for key in keys {
            let expands = distinct.len() > 1 || !distinct.contains(key.as_slice());
            if !expands {
                continue;
            }
            let list = self.rules.entry(key.clone()).or_default();
            // a key listed twice on one line points at its group once
            if list.last() != Some(&id) {
                list.push(id);
            }
            self.longest_key = self.longest_key.max(key.len());
            used = true;
        }
        if used {
            self.groups.push(group);
        }
    }
}

/// The match key of a word or phrase: the French analyzer's stems, stop
/// words left out (`Gestion des Frontières` → `gestion frontier`).
pub fn match_key(text: &str) -> Vec<String> {
    // one analyzer per thread: building one per word would cost more than the lookup
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(french_analyzer());
    }
    ANALYZER.with(|analyzer| {
        collect_tokens(&mut analyzer.borrow_mut(), text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    })
}

/// The match key of each query word, for [`Synonyms::lookup_keys`].
pub fn word_keys(words: &[&str]) -> Vec<Vec<String>> {
    words.iter().map(|w| match_key(w)).collect()
}

// `MATCH_KEY_TEXT`, `MATCH_KEY_BOUNDS`: see build.rs
include!(concat!(env!("OUT_DIR"), "/shipped_match_keys.rs"));

/// The match key of an entry of a shipped file, from the table compiled
/// from `data/match_keys.tsv`; analysed when the table lacks it (a unit
/// test keeps it complete).
fn shipped_match_key(text: &str) -> Vec<String> {
    // (entry, key) pairs, sorted by entry
    const KEYS: StringTable = StringTable::new(MATCH_KEY_TEXT, &MATCH_KEY_BOUNDS);
    match KEYS.find(text, 2) {
        Some(i) => KEYS
            .get(2 * i + 1)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        None => match_key(text),
    }
}

/// Splits one side of a rule into its comma-separated entries, `key`
/// giving each its match key.
fn parse_entries(
    side: &str,
    where_: &str,
    key: &mut dyn FnMut(&str) -> Vec<String>,
) -> std::result::Result<Vec<Target>, String> {
    let side = side.trim();
    if side.is_empty() {
        return Err(format!("nothing {where_}: write `a, b => c`"));
    }
    side.split(',')
        .map(|entry| {
            let text = entry.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                return Err(format!(
                    "empty entry {where_} (two commas in a row or a comma at the end): remove the extra comma"
                ));
            }
            let key = key(&text);
            if key.is_empty() {
                return Err(format!(
                    "`{text}` has only stop words or no letters, so it can never match: use a longer form"
                ));
            }
            Ok(Target { text, key })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `data/match_keys.tsv`: every entry of the shipped files
    /// (synonyms, broader terms) with its match key, as the analyzer gives
    /// it now, sorted by entry.
    fn match_keys_tsv() -> String {
        use super::super::broader::{BUILTIN_BROADER, BUILTIN_NAME as BROADER_NAME};
        let mut keys = std::collections::BTreeMap::new();
        for (text, file) in [
            (BUILTIN_SYNONYMS, BUILTIN_NAME),
            (BUILTIN_BROADER, BROADER_NAME),
        ] {
            let mut record = |entry: &str| {
                let key = match_key(entry);
                keys.insert(entry.to_string(), key.join(" "));
                key
            };
            Synonyms::parse_keyed(text, file, &mut record).unwrap();
        }
        let mut tsv = String::from(
            "# The match key (analysed words, stop words left out) of every entry of\n\
             # synonyms.txt and broader.txt, sorted: what build.rs compiles into the\n\
             # binary. Written by the unit test\n\
             # `synonyms::tests::compiled_match_keys_are_the_analysed_entries`; after a\n\
             # change to either file or to the analyzer, rewrite it with\n\
             #   OIM_WRITE_MATCH_KEYS=1 cargo test --lib synonyms::tests\n",
        );
        for (entry, key) in keys {
            tsv.push_str(&format!("{entry}\t{key}\n"));
        }
        tsv
    }

    #[test]
    fn compiled_match_keys_are_the_analysed_entries() {
        const MATCH_KEYS_TSV: &str = include_str!("data/match_keys.tsv");
        let expected = match_keys_tsv();
        if expected != MATCH_KEYS_TSV {
            if std::env::var_os("OIM_WRITE_MATCH_KEYS").is_some() {
                let path = concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/src/search/data/match_keys.tsv"
                );
                std::fs::write(path, &expected).expect("write match_keys.tsv");
                panic!("rewrote {path}: build again to compile it");
            }
            panic!(
                "src/search/data/match_keys.tsv is stale (synonyms.txt, broader.txt or the \
                 analyzer changed): rewrite it with \
                 `OIM_WRITE_MATCH_KEYS=1 cargo test --lib synonyms::tests`"
            );
        }
        // and the shipped sets read with the compiled keys are the ones
        // the analyzer gives (the maps are built in the same order)
        use super::super::broader::{BUILTIN_BROADER, BUILTIN_NAME as BROADER_NAME};
        for (text, file) in [
            (BUILTIN_SYNONYMS, BUILTIN_NAME),
            (BUILTIN_BROADER, BROADER_NAME),
        ] {
            let analysed = Synonyms::parse(text, file).unwrap();
            let compiled = Synonyms::parse_shipped(text, file).unwrap();
            assert_eq!(format!("{compiled:?}"), format!("{analysed:?}"), "{file}");
        }
        assert_eq!(shipped_match_key("zzzz inconnu"), match_key("zzzz inconnu"));
    }

    fn expansions(s: &Synonyms, query: &str) -> Vec<(usize, usize, Vec<String>)> {
        let words: Vec<&str> = query.split_whitespace().collect();
        let found = s.find_all(&words);
        for m in &found {
            // the one-position lookup finds the same entry
            assert_eq!(s.lookup(&words, m.start).as_ref(), Some(m), "{query:?}");
        }
        found
            .into_iter()
            .map(|m| {
                (
                    m.start,
                    m.len,
                    m.expansions.iter().map(|e| e.to_string()).collect(),
                )
            })
            .collect()
    }

    const SAMPLE: &str = "\
# equivalence with a multi-word entry
passeur, passeurs, trafic illicite de migrants
apatride, personnes sans nationalité   # comment after the rule
# one way: English to French
smuggling, migrant smuggling => trafic illicite de migrants
gestion des frontières, gestion intégrée des frontières
";

    #[test]
    fn lookup_table() {
        let s = Synonyms::parse(SAMPLE, "sample.txt").unwrap();
        // (query, [(start, words covered, expansions)])
        type Expected = &'static [(usize, usize, &'static [&'static str])];
        let table: &[(&str, Expected)] = &[
            // plural, case and accents do not matter; the typed stem is not repeated
            (
                "Passeurs Niger",
                &[(0, 1, &["trafic illicite de migrants"])],
            ),
            ("PASSEUR", &[(0, 1, &["trafic illicite de migrants"])]),
            // a multi-word entry expands to the single words of its group
            (
                "trafic illicite de migrants au Niger",
                &[(0, 4, &["passeur"])],
            ),
            ("apatrides", &[(0, 1, &["personnes sans nationalité"])]),
            ("les personnes sans nationalite", &[(1, 3, &["apatride"])]),
            // one way: English finds French, French does not find English
            ("smuggling", &[(0, 1, &["trafic illicite de migrants"])]),
            (
                "migrant smuggling Libya",
                &[(0, 2, &["trafic illicite de migrants"])],
            ),
            // the longest entry wins over the shorter one inside it
            (
                "gestion intégrée des frontières",
                &[(0, 4, &["gestion des frontières"])],
            ),
            // stop words inside a phrase are free, around it not covered
            (
                "la gestion frontières",
                &[(1, 2, &["gestion intégrée des frontières"])],
            ),
            // a stop word does not start an entry
            ("des frontières gestion", &[]),
            // words apart, or in another order, are no phrase
            ("gestion des migrations frontières", &[]),
            ("frontières gestion", &[]),
            ("trafic de migrants", &[]),
            ("", &[]),
        ];
        for (query, expected) in table {
            let expected: Vec<(usize, usize, Vec<String>)> = expected
                .iter()
                .map(|(s, l, e)| (*s, *l, e.iter().map(|x| x.to_string()).collect()))
                .collect();
            assert_eq!(expansions(&s, query), expected, "query {query:?}");
        }
    }

    #[test]
    fn equivalence_is_symmetric_one_way_is_not() {
        let s = Synonyms::parse("a1 => b1\nc1, d1", "x").unwrap();
        assert_eq!(expansions(&s, "a1"), [(0, 1, vec!["b1".to_string()])]);
        assert_eq!(expansions(&s, "b1"), []);
        assert_eq!(expansions(&s, "c1"), [(0, 1, vec!["d1".to_string()])]);
        assert_eq!(expansions(&s, "d1"), [(0, 1, vec!["c1".to_string()])]);
    }

    #[test]
    fn errors_name_file_line_and_fault() {
        let table: &[(&str, usize, &str)] = &[
            ("ab, cd\n\n# c\nxy => yz => zz", 4, "more than one `=>`"),
            ("ab,, cd", 1, "empty entry"),
            ("ab, cd,", 1, "empty entry"),
            ("réfugiés", 1, "`réfugiés` alone"),
            ("=> cd", 1, "nothing before `=>`"),
            ("ab =>   # nothing", 1, "nothing after `=>`"),
            (
                "ok, fine\nUN => Nations Unies",
                2,
                "`UN` has only stop words",
            ),
            (
                "ab, cd => ...",
                1,
                "`...` has only stop words or no letters",
            ),
        ];
        for (text, line, fault) in table {
            let err = Synonyms::parse(text, "mine.txt").unwrap_err();
            assert_eq!(
                (err.file.as_str(), err.line),
                ("mine.txt", *line),
                "{text:?}"
            );
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("mine.txt:{line}: ")) && message.contains(fault),
                "{text:?} gave {message}"
            );
            assert!(!message.contains('\n'), "one line: {message}");
            let lib: Error = err.into();
            assert!(lib.to_string().contains(&format!("mine.txt:{line}")));
        }
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let s = Synonyms::parse("# only a comment\n\n   \n  # indented\n", "x").unwrap();
        assert!(s.is_empty());
        assert_eq!(s.rule_count(), 0);
        assert!(s.lookup(&["comment"], 0).is_none());
    }

    #[test]
    fn merge_adds_user_rules_to_builtin() {
        let mut s = Synonyms::builtin().clone();
        let before = s.rule_count();
        let user = Synonyms::parse("passeur, convoyeur\nzzfoo, zzbar", "user.txt").unwrap();
        s.merge(&user);
        assert_eq!(s.rule_count(), before + 2);
        assert_eq!(expansions(&s, "zzfoo"), [(0, 1, vec!["zzbar".to_string()])]);
        // both lists for a phrase present in both files
        let m = s.lookup(&["passeurs"], 0).unwrap();
        assert!(m.expansions.contains(&"convoyeur"));
        assert!(m.expansions.contains(&"trafic illicite de migrants"));
        // the built-in set itself is untouched
        assert!(Synonyms::builtin().lookup(&["zzfoo"], 0).is_none());
    }

    #[test]
    fn from_file_reads_and_names_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("syn.txt");
        std::fs::write(&path, "a1, b1\nbroken,").unwrap();
        let err = Synonyms::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("syn.txt:2"), "{err}");
        std::fs::write(&path, "a1, b1\n").unwrap();
        assert_eq!(Synonyms::from_file(&path).unwrap().len(), 2);
        let missing = Synonyms::from_file(&dir.path().join("none.txt")).unwrap_err();
        assert!(matches!(missing, Error::Io { .. }));
    }

    #[test]
    fn builtin_file_parses_and_is_big_enough() {
        let s = Synonyms::parse(BUILTIN_SYNONYMS, BUILTIN_NAME).unwrap();
        assert!(s.rule_count() >= 140, "{} rules", s.rule_count());
        // every rule is documented: a comment line before each block of rules
        let mut commented = false;
        for (n, line) in BUILTIN_SYNONYMS.lines().enumerate() {
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

    #[test]
    fn builtin_field_vocabulary() {
        let s = Synonyms::builtin();
        let table: &[(&str, &str)] = &[
            ("passeurs", "trafic illicite de migrants"),
            ("apatrides", "personnes sans nationalité"),
            ("envois de fonds", "transferts de fonds"),
            (
                "PDI",
                "personnes déplacées à l’intérieur de leur propre pays",
            ),
            ("iom", "OIM"),
            ("oim", "Organisation internationale pour les migrations"),
            ("unhcr", "HCR"),
            ("onu", "Nations Unies"),
            ("odd", "objectifs de développement durable"),
            ("sdg", "objectifs de développement durable"),
            ("border management", "gestion des frontières"),
            ("smuggling", "trafic illicite de migrants"),
            ("human trafficking", "traite des personnes"),
            ("trata de personas", "traite des personnes"),
            ("remittances", "envois de fonds"),
            ("remesas", "envois de fonds"),
            ("labour migration", "migration de main-d’œuvre"),
        ];
        // `SIDS` was left out: it stems like « sida »
        let sida = s.lookup(&["sida"], 0).unwrap();
        assert_eq!(sida.expansions, ["syndrome d’immunodéficience acquise"]);
        for (query, expected) in table {
            let words: Vec<&str> = query.split_whitespace().collect();
            let m = s
                .lookup(&words, 0)
                .unwrap_or_else(|| panic!("{query:?} finds nothing"));
            assert_eq!(m.len, words.len(), "{query:?}");
            assert!(
                m.expansions.contains(expected),
                "{query:?} → {:?}",
                m.expansions
            );
        }
    }

    /// Every entry of the shipped file can be found and adds something: no
    /// entry is hidden by another or only respells a phrase of its group.
    #[test]
    fn builtin_every_entry_expands() {
        let s = Synonyms::builtin();
        let mut silent = Vec::new();
        for (n, line) in BUILTIN_SYNONYMS.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default();
            let left = line.split("=>").next().unwrap_or_default();
            for entry in left.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let words: Vec<&str> = entry.split_whitespace().collect();
                let found = s.find_all(&words);
                let ok = found.iter().any(|m| {
                    m.start + m.len == words.len()
                        && words[..m.start].iter().all(|w| match_key(w).is_empty())
                        && !m.expansions.is_empty()
                });
                if !ok {
                    silent.push(format!("line {}: `{entry}`", n + 1));
                }
            }
        }
        assert!(
            silent.is_empty(),
            "entries that expand to nothing: {silent:#?}"
        );
    }

    /// Smuggling is not trafficking (IOM glossary): no expansion may cross.
    #[test]
    fn builtin_never_mixes_smuggling_and_trafficking() {
        let s = Synonyms::builtin();
        let smuggling = [
            "passeurs",
            "smuggling",
            "trafic illicite de migrants",
            "tráfico ilícito de migrantes",
        ];
        let trafficking = [
            "traite des personnes",
            "trafficking",
            "trata de personas",
            "traite",
        ];
        for (from, forbidden) in [(&smuggling, &trafficking), (&trafficking, &smuggling)] {
            for query in from.iter() {
                let words: Vec<&str> = query.split_whitespace().collect();
                for m in s.find_all(&words) {
                    for e in &m.expansions {
                        let key = match_key(e);
                        assert!(
                            !forbidden.iter().any(|f| match_key(f) == key),
                            "{query:?} expands to {e:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn builtin_has_no_expansion_for_plain_french_words() {
        // content words people type must not drag in unrelated pages
        let s = Synonyms::builtin();
        // `date` and `mou` stem like the English `data` and `MoU`, left out for that
        for word in [
            "date",
            "mou",
            "PCR",
            "sans",
            "contre",
            "personnes",
            "projet",
            "migration",
            "pays",
            "un",
            "retour",
        ] {
            assert!(s.lookup(&[word], 0).is_none(), "{word} expands");
        }
    }
}
