//! The words of the list within a few typos of a word, found by walking the
//! list's FST along the word itself: the edits (a letter left out, added,
//! replaced, or two neighbours swapped) are tried where the FST has a path
//! for them, and once none is left the rest of the word is followed letter
//! by letter. A Levenshtein automaton walked over the FST finds the same
//! words but reads every transition of every node it can still accept from,
//! about twice the instructions (see benches/PERFORMANCE.md).

use tantivy_fst::raw::{Fst, Node, Output};

/// Calls `found(word, pages)` for each word of `fst` within `distance`
/// edits of `word`, counted in characters, a swap of two neighbours
/// counting one (the optimal string alignment distance); the word itself
/// included when listed. A word may be found more than once.
pub(super) fn within_edits(
    fst: &Fst<Vec<u8>>,
    word: &str,
    distance: u8,
    found: impl FnMut(&[u8], u64),
) {
    let mut starts: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
    starts.push(word.len());
    let mut walk = Walk {
        fst,
        word: word.as_bytes(),
        starts,
        key: Vec::with_capacity(word.len() + 8),
        found,
    };
    walk.step(fst.root(), Output::zero(), 0, distance, Last::Other);
}

/// One walk: the word, where each of its characters starts, and the key
/// read so far along the FST.
struct Walk<'f, F> {
    fst: &'f Fst<Vec<u8>>,
    word: &'f [u8],
    /// Byte offset of each character of `word`, then its length.
    starts: Vec<usize>,
    /// The bytes from the root to the node being visited.
    key: Vec<u8>,
    found: F,
}

impl<'f, F: FnMut(&[u8], u64)> Walk<'f, F> {
    /// Characters in the word.
    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The bytes of character `i` of the word.
    fn char_at(&self, i: usize) -> &'f [u8] {
        let word: &'f [u8] = self.word;
        &word[self.starts[i]..self.starts[i + 1]]
    }

    /// Follows `bytes` from `node`, adding them to the key; `None` when
    /// the FST has no such path (the key then holds part of them: the
    /// caller truncates it).
    fn descend(
        &mut self,
        mut node: Node<'f>,
        mut out: Output,
        bytes: &[u8],
    ) -> Option<(Node<'f>, Output)> {
        for &b in bytes {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
            self.key.push(b);
        }
        Some((node, out))
    }

    /// Reports the key when `node` ends a word.
    fn emit_if_final(&mut self, node: Node<'f>, out: Output) {
        if node.is_final() {
            (self.found)(&self.key, out.cat(node.final_output()).value());
        }
    }

    /// The words reached from `node` (the key so far) that match the
    /// word's characters from `i` on with at most `edits` edits, `last`
    /// the edit that led here.
    fn step(&mut self, node: Node<'f>, out: Output, i: usize, edits: u8, last: Last) {
        let depth = self.key.len();
        let word: &'f [u8] = self.word;
        if edits == 0 {
            // no edit left: the rest of the word as it is
            if let Some((end, out)) = self.descend(node, out, &word[self.starts[i]..]) {
                self.emit_if_final(end, out);
            }
            self.key.truncate(depth);
            return;
        }
        let n = self.len();
        if i == n {
            self.emit_if_final(node, out);
        } else {
            // the character as written
            if let Some((next, out)) = self.descend(node, out, self.char_at(i)) {
                self.step(next, out, i + 1, edits, Last::Other);
            }
            self.key.truncate(depth);
            // left out (an added character then one left out is one
            // replaced)
            if last != Last::Added {
                self.step(node, out, i + 1, edits - 1, Last::LeftOut);
            }
            // swapped with the next one (a swap of equal ones is no edit)
            if i + 1 < n && self.char_at(i) != self.char_at(i + 1) {
                let swapped = self
                    .descend(node, out, self.char_at(i + 1))
                    .and_then(|(next, out)| self.descend(next, out, self.char_at(i)));
                if let Some((next, out)) = swapped {
                    self.step(next, out, i + 2, edits - 1, Last::Other);
                }
                self.key.truncate(depth);
            }
        }
        // a character added before character i, or put in its place
        self.each_char(node, out, depth, i, edits - 1, last);
    }

    /// Visits each character the FST can read from `node` (the rest of
    /// one begun at `start` in the key, when it is shorter) as an added
    /// character at `i`, and as a replacement of character `i`, skipping
    /// the edits another order of the same edits finds at no more cost:
    /// adding the word's own character `i` (it is read as written, then
    /// added after), adding one just after one left out (one replaced), and
    /// replacing one just after one added (the other replaced, then one
    /// added).
    fn each_char(
        &mut self,
        node: Node<'f>,
        out: Output,
        start: usize,
        i: usize,
        edits: u8,
        last: Last,
    ) {
        let depth = self.key.len();
        for t in node.transitions() {
            let bytes = match depth == start {
                true => utf8_len(t.inp),
                false if t.inp & 0xC0 == 0x80 => utf8_len(self.key[start]),
                false => None,
            };
            let Some(bytes) = bytes else { continue };
            self.key.push(t.inp);
            let next = self.fst.node(t.addr);
            let out = out.cat(t.out);
            if self.key.len() - start < bytes {
                self.each_char(next, out, start, i, edits, last);
            } else {
                let own = i < self.len() && self.key[start..] == *self.char_at(i);
                if !own && last != Last::LeftOut {
                    self.step(next, out, i, edits, Last::Added);
                }
                if !own && i < self.len() && last != Last::Added {
                    self.step(next, out, i + 1, edits, Last::Other);
                }
            }
            self.key.truncate(depth);
        }
    }
}

/// The edit that led to a step of the walk, which rules out some next ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// A character added.
    Added,
    /// A character left out.
    LeftOut,
    /// None, a character read as written, replaced or swapped.
    Other,
}

/// Bytes in the UTF-8 character starting with `lead`, `None` for a byte no
/// character starts with.
fn utf8_len(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC0..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF7 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use tantivy::query::FuzzyTermQuery;
    use tantivy::schema::Field;
    use tantivy::Term;
    use tantivy_fst::{IntoStreamer, Map, Streamer};

    use super::*;

    /// The words with their page counts (1, 2, … in byte order).
    fn list(words: &BTreeSet<String>) -> Map<Vec<u8>> {
        Map::from_iter(words.iter().zip(1..)).unwrap()
    }

    fn walked(map: &Map<Vec<u8>>, word: &str, distance: u8) -> BTreeSet<(Vec<u8>, u64)> {
        let mut found = BTreeSet::new();
        within_edits(map.as_fst(), word, distance, |w, n| {
            found.insert((w.to_vec(), n));
        });
        found
    }

    /// What tantivy's Levenshtein automaton (transpositions counting one)
    /// accepts from the list: the reference the walk must equal.
    fn accepted(map: &Map<Vec<u8>>, word: &str, distance: u8) -> BTreeSet<(Vec<u8>, u64)> {
        let term = Term::from_field_text(Field::from_field_id(0), word);
        let automaton = FuzzyTermQuery::new(term, distance, true)
            .automaton()
            .unwrap();
        let mut stream = map.search(&automaton).into_stream();
        let mut found = BTreeSet::new();
        while let Some((w, n)) = stream.next() {
            found.insert((w.to_vec(), n));
        }
        found
    }

    #[test]
    fn finds_each_kind_of_typo() {
        let words = [
            "imgration",
            "migraion",
            "migrasion",
            "migrations",
            "migration",
            "mirgation",
            "region",
        ];
        let map = list(&words.iter().map(|w| w.to_string()).collect());
        let found: Vec<String> = walked(&map, "migration", 1)
            .into_iter()
            .map(|(w, _)| String::from_utf8(w).unwrap())
            .collect();
        assert_eq!(
            found,
            [
                "imgration",
                "migraion",
                "migrasion",
                "migration",
                "migrations",
                "mirgation"
            ]
        );
        assert_eq!(walked(&map, "migration", 1), accepted(&map, "migration", 1));
        assert_eq!(walked(&map, "migration", 0).len(), 1);
        assert!(walked(&map, "mig", 1).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Short words over a few letters (some of two, three and four
        /// bytes), so that most lists hold words near the one looked up.
        #[test]
        fn the_walk_finds_what_the_automaton_accepts(
            words in prop::collection::btree_set("[abé€𝄞]{0,7}", 0..40),
            word in "[abé€𝄞]{0,9}",
            distance in 0u8..=2,
        ) {
            let map = list(&words);
            prop_assert_eq!(walked(&map, &word, distance), accepted(&map, &word, distance));
        }

        /// Words as long as those typo tolerance looks up (5 to 14
        /// letters), the one looked up a list word with a few edits.
        #[test]
        fn the_walk_finds_what_the_automaton_accepts_on_long_words(
            words in prop::collection::btree_set("[a-f]{5,14}", 1..200),
            pick in any::<prop::sample::Index>(),
            edits in prop::collection::vec((0usize..16, "[a-g]"), 0..3),
            distance in 1u8..=2,
        ) {
            let map = list(&words);
            let mut word: Vec<char> = pick.get(&words.iter().collect::<Vec<_>>()).chars().collect();
            for (at, c) in edits {
                let at = at % (word.len() + 1);
                let c = c.chars().next().unwrap();
                match at % 3 {
                    0 => word.insert(at, c),
                    1 if at < word.len() => word[at] = c,
                    _ if at + 1 < word.len() => word.swap(at, at + 1),
                    _ => { word.pop(); }
                }
            }
            let word: String = word.into_iter().collect();
            prop_assert_eq!(walked(&map, &word, distance), accepted(&map, &word, distance));
        }
    }
}
