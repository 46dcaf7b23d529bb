//! The country gazetteer (data file `countries.tsv`): canonical French short
//! names, their variants (long forms, site listings, English names,
//! acronyms), demonyms and IDF region. It splits the space-separated
//! beneficiary lists, finds the countries a news article names, and lets
//! queries and filters use any variant.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::analysis::fold_key;

const COUNTRIES_TSV: &str = include_str!("countries.tsv");

/// One country of the gazetteer.
#[derive(Debug, Clone)]
pub struct Country {
    /// Canonical French name, as in the UN M49 list (`Iraq`, `Micronésie (États fédérés de)`).
    pub name: String,
    /// IDF region (`Asie et Océanie`, …).
    pub region: String,
}

/// How a name matched a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// The canonical name or one of its variants.
    Name,
    /// A demonym or adjective.
    Demonym,
}

/// The loaded gazetteer with its lookup tables.
#[derive(Debug)]
pub struct Gazetteer {
    countries: Vec<Country>,
    /// folded key -> (country index, kind)
    by_key: HashMap<String, (usize, NameKind)>,
    /// first folded word -> name keys starting with it, as word lists, longest first
    by_first_word: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// The gazetteer shared by the whole process.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::parse(COUNTRIES_TSV))
}

impl Gazetteer {
    fn parse(tsv: &str) -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            by_key: HashMap::default(),
            by_first_word: HashMap::default(),
        };
        for line in tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim().to_string();
            let region = cols.next().unwrap_or("").trim().to_string();
            let list = |col: Option<&str>| -> Vec<String> {
                col.unwrap_or("")
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            let variants = list(cols.next());
            let demonyms = list(cols.next());
            if name.is_empty() {
                continue;
            }
            let idx = g.countries.len();
            for n in std::iter::once(&name).chain(&variants) {
                g.insert_key(n, idx, NameKind::Name);
            }
            for d in &demonyms {
                g.insert_key(d, idx, NameKind::Demonym);
            }
            g.countries.push(Country { name, region });
        }
        for keys in g.by_first_word.values_mut() {
            keys.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        g
    }

    fn insert_key(&mut self, name: &str, idx: usize, kind: NameKind) {
        let key = fold_key(name);
        if key.is_empty() || self.by_key.contains_key(&key) {
            return;
        }
        self.by_key.insert(key.clone(), (idx, kind));
        if kind == NameKind::Name {
            let words: Vec<String> = key.split(' ').map(String::from).collect();
            self.by_first_word
                .entry(words[0].clone())
                .or_default()
                .push((words, idx));
        }
    }

    /// All countries, in file order.
    pub(crate) fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Looks a name, variant or demonym up, ignoring case and accents.
    pub fn lookup(&self, name: &str) -> Option<(&Country, NameKind)> {
        self.by_key
            .get(&fold_key(name))
            .map(|&(i, kind)| (&self.countries[i], kind))
    }

    /// The country whose canonical name or variant is `name`.
    pub fn country(&self, name: &str) -> Option<&Country> {
        self.lookup(name)
            .filter(|(_, kind)| *kind == NameKind::Name)
            .map(|(c, _)| c)
    }

    fn match_at(&self, words: &[&str], at: usize) -> Option<(usize, usize)> {
        let candidates = self.by_first_word.get(words[at])?;
        candidates.iter().find_map(|(key_words, idx)| {
            let end = at + key_words.len();
            (end <= words.len() && key_words.iter().zip(&words[at..end]).all(|(k, w)| k == w))
                .then_some((*idx, key_words.len()))
        })
    }

    /// Splits a beneficiary list whose countries are separated by spaces only
    /// (`Afghanistan Iran (République islamique d’) Pakistan`). Returns the
    /// canonical names in order, and the stretches of text that named no
    /// known country (kept as written).
    pub fn split_countries(&self, value: &str) -> (Vec<String>, Vec<String>) {
        // words with their byte ranges, so unknown stretches keep their spelling
        let spans: Vec<(usize, usize)> = word_spans(value);
        let folded: Vec<String> = spans.iter().map(|&(a, b)| fold_key(&value[a..b])).collect();
        let words: Vec<&str> = folded.iter().map(String::as_str).collect();
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        let mut unknown_start: Option<usize> = None;
        let mut at = 0;
        let flush = |from: Option<usize>, to: usize, unknown: &mut Vec<String>| {
            if let Some(from) = from {
                let text = value[spans[from].0..spans[to - 1].1].trim();
                // connectors between names are not countries
                if !matches!(fold_key(text).as_str(), "et" | "and" | "de" | "d") {
                    unknown.push(text.to_string());
                }
            }
        };
        while at < words.len() {
            if words[at].is_empty() {
                at += 1;
                continue;
            }
            match self.match_at(&words, at) {
                Some((idx, len)) => {
                    flush(unknown_start.take(), at, &mut unknown);
                    let name = &self.countries[idx].name;
                    if !found.contains(name) {
                        found.push(name.clone());
                    }
                    at += len;
                }
                None => {
                    unknown_start.get_or_insert(at);
                    at += 1;
                }
            }
        }
        flush(unknown_start.take(), words.len(), &mut unknown);
        (found, unknown)
    }

    /// Countries named in a text (names and variants, not demonyms), with
    /// how many times each is named, in order of first mention.
    pub fn countries_named_in(&self, text: &str) -> Vec<(&Country, usize)> {
        let key = fold_key(text);
        let words: Vec<&str> = key.split(' ').collect();
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match self.match_at(&words, at) {
                Some((idx, len)) => {
                    match found.iter_mut().find(|(i, _)| *i == idx) {
                        Some((_, n)) => *n += 1,
                        None => found.push((idx, 1)),
                    }
                    at += len;
                }
                None => at += 1,
            }
        }
        found
            .into_iter()
            .map(|(i, n)| (&self.countries[i], n))
            .collect()
    }
}

/// Byte ranges of the alphanumeric words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if crate::analysis::is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_space_separated_beneficiaries() {
        let g = gazetteer();
        let table: &[(&str, &[&str], &[&str])] = &[
            (
                "Afghanistan Iran (République islamique d’) Pakistan",
                &["Afghanistan", "Iran (République islamique d’)", "Pakistan"],
                &[],
            ),
            ("Kirghizistan", &["Kirghizistan"], &[]),
            ("Lesotho", &["Lesotho"], &[]),
            (
                "Federated States of Micronesia",
                &["Micronésie (États fédérés de)"],
                &[],
            ),
            ("Guinée Guinée-Bissau", &["Guinée", "Guinée-Bissau"], &[]),
            (
                "Papouasie-Nouvelle-Guinée Philippines",
                &["Papouasie-Nouvelle-Guinée", "Philippines"],
                &[],
            ),
            (
                "Tanzanie (République-Unie de) Kenya",
                &["République-Unie de Tanzanie", "Kenya"],
                &[],
            ),
            ("Lesotho Atlantide", &["Lesotho"], &["Atlantide"]),
            ("", &[], &[]),
        ];
        for (input, countries, unknown) in table {
            let (found, rest) = g.split_countries(input);
            assert_eq!(found, *countries, "input {input:?}");
            assert_eq!(rest, *unknown, "input {input:?}");
        }
    }

    #[test]
    fn looks_up_variants_and_demonyms() {
        let g = gazetteer();
        assert_eq!(g.lookup("Kyrgyzstan").unwrap().0.name, "Kirghizistan");
        let (country, kind) = g.lookup("kirghize").unwrap();
        assert_eq!(
            (country.name.as_str(), kind),
            ("Kirghizistan", NameKind::Demonym)
        );
        assert_eq!(g.lookup("basotho").unwrap().0.name, "Lesotho");
        assert_eq!(
            g.lookup("RDC").unwrap().0.name,
            "République démocratique du Congo"
        );
        assert_eq!(g.country("Lesotho").unwrap().region, "Afrique");
        // a filter value typed with decomposed accents (NFD) finds its country
        assert_eq!(
            g.country("Co\u{302}te d\u{2019}Ivoire").unwrap().name,
            "Côte d’Ivoire"
        );
        assert_eq!(
            g.country("Re\u{301}publique de\u{301}mocratique du Congo")
                .unwrap()
                .name,
            "République démocratique du Congo"
        );
        assert!(g.countries().len() >= 196);
    }

    #[test]
    fn finds_countries_named_in_news() {
        let g = gazetteer();
        let named: Vec<&str> = g
            .countries_named_in(
                "Des migrants au Kazakhstan et en Fédération de Russie, puis au Kazakhstan.",
            )
            .iter()
            .map(|(c, _)| c.name.as_str())
            .collect();
        assert_eq!(named, ["Kazakhstan", "Fédération de Russie"]);
    }
}
