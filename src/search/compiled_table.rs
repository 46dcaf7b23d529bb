//! The tables build.rs compiles into the binary, as their loaders read them:
//! strings stored as one text and the offsets where each ends, with no
//! pointer for the loader of the binary to relocate (see build.rs for what
//! each table holds).

use std::cmp::Ordering;

/// Strings `0..len()`, string `i` being `text[bounds[i]..bounds[i + 1]]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StringTable {
    text: &'static str,
    bounds: &'static [u32],
}

impl StringTable {
    /// The table over `text` cut at `bounds` (which start at 0, grow, and
    /// end at `text.len()` on character boundaries: build.rs writes them so).
    pub(crate) const fn new(text: &'static str, bounds: &'static [u32]) -> StringTable {
        StringTable { text, bounds }
    }

    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// String `i`; empty past the end.
    pub(crate) fn get(&self, i: usize) -> &'static str {
        match (self.bounds.get(i), self.bounds.get(i + 1)) {
            (Some(&start), Some(&end)) => self.text.get(start as usize..end as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// Where `key` is among strings `0, stride, 2 × stride, …`, which are
    /// sorted: its position divided by `stride`.
    pub(crate) fn find(&self, key: &str, stride: usize) -> Option<usize> {
        let (mut low, mut high) = (0, self.len() / stride);
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle * stride).cmp(key) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_cut_at_their_bounds_and_found_by_halving() {
        let table = StringTable::new("abbcccé", &[0, 1, 3, 6, 8]);
        assert_eq!(table.len(), 4);
        assert_eq!(
            (0..5).map(|i| table.get(i)).collect::<Vec<_>>(),
            ["a", "bb", "ccc", "é", ""]
        );
        for (i, key) in ["a", "bb", "ccc", "é"].iter().enumerate() {
            assert_eq!(table.find(key, 1), Some(i));
        }
        assert_eq!(table.find("b", 1), None);
        assert_eq!(table.find("zz", 1), None);
        // pairs: the keys are strings 0 and 2
        assert_eq!(table.find("ccc", 2), Some(1));
        assert_eq!(table.find("bb", 2), None);
        assert_eq!(StringTable::new("", &[0]).find("a", 1), None);
    }
}
