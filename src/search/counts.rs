//! [`FacetCounts`]: documents per value, per facet. Keyed by [`Facet`] in
//! code; in JSON an object with one key per facet, in key order, exactly as
//! the string-keyed map it replaced wrote it.

use std::collections::BTreeMap;
use std::ops::{Index, IndexMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::facet::Facet;

/// Counts per value, per facet. Every facet is present, possibly empty.
///
/// ```
/// use oim_search::{Facet, FacetCounts};
/// let mut counts = FacetCounts::default();
/// counts[Facet::Region].insert("Afrique".into(), 3);
/// assert_eq!(counts[Facet::Region]["Afrique"], 3);
/// assert!(counts[Facet::Kind].is_empty());
/// let json = serde_json::to_string(&counts).unwrap();
/// assert!(json.starts_with(r#"{"budget":{},"country":{}"#));
/// assert_eq!(serde_json::from_str::<FacetCounts>(&json).unwrap(), counts);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts([BTreeMap<String, u64>; Facet::COUNT]);

impl FacetCounts {
    /// The counts of one facet.
    pub fn get(&self, facet: Facet) -> &BTreeMap<String, u64> {
        &self.0[facet.index()]
    }

    /// Every facet with its counts, in display order ([`Facet::ALL`]).
    pub fn iter(&self) -> impl Iterator<Item = (Facet, &BTreeMap<String, u64>)> {
        Facet::ALL.into_iter().zip(&self.0)
    }

    /// The values of one facet with their counts, in
    /// [`Facet::display_order`].
    ///
    /// ```
    /// use oim_search::{Facet, FacetCounts};
    /// let mut counts = FacetCounts::default();
    /// counts[Facet::Kind].insert("news".into(), 2);
    /// counts[Facet::Kind].insert("project".into(), 7);
    /// assert_eq!(counts.ordered(Facet::Kind), [("project", 7), ("news", 2)]);
    /// ```
    pub fn ordered(&self, facet: Facet) -> Vec<(&str, u64)> {
        let mut values: Vec<(&str, u64)> = self
            .get(facet)
            .iter()
            .map(|(v, n)| (v.as_str(), *n))
            .collect();
        values.sort_by(|a, b| facet.display_order(*a, *b));
        values
    }

    /// Adds `other`'s counts to these.
    pub(crate) fn add(&mut self, other: FacetCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            for (value, n) in theirs {
                *mine.entry(value).or_default() += n;
            }
        }
    }
}

impl Index<Facet> for FacetCounts {
    type Output = BTreeMap<String, u64>;

    fn index(&self, facet: Facet) -> &BTreeMap<String, u64> {
        self.get(facet)
    }
}

impl IndexMut<Facet> for FacetCounts {
    fn index_mut(&mut self, facet: Facet) -> &mut BTreeMap<String, u64> {
        &mut self.0[facet.index()]
    }
}

impl Serialize for FacetCounts {
    /// An object keyed by facet key, keys in alphabetical order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let by_key: BTreeMap<&str, &BTreeMap<String, u64>> = self
            .iter()
            .map(|(facet, counts)| (facet.key(), counts))
            .collect();
        by_key.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FacetCounts {
    /// Reads the object [`Serialize`] writes; missing facets are empty,
    /// unknown keys are refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FacetCounts, D::Error> {
        let by_facet = BTreeMap::<Facet, BTreeMap<String, u64>>::deserialize(deserializer)?;
        let mut counts = FacetCounts::default();
        for (facet, values) in by_facet {
            counts[facet] = values;
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_the_string_keyed_shape() {
        let mut counts = FacetCounts::default();
        counts[Facet::Type].insert("Gestion des frontières".into(), 2);
        counts[Facet::Year].insert("2019".into(), 1);
        assert_eq!(
            serde_json::to_string(&counts).unwrap(),
            r#"{"budget":{},"country":{},"coverage":{},"kind":{},"region":{},"status":{},"type":{"Gestion des frontières":2},"year":{"2019":1}}"#
        );
        assert!(serde_json::from_str::<FacetCounts>(r#"{"colour": {}}"#).is_err());
    }
}
