//! [`Facet`]: the one list of the facets documents are filed under. Every
//! other layer (schema fields, filters, counts, query syntax, CLI, server
//! labels) is keyed by this enum, so adding a facet is a compile error until
//! each layer handles it.

use serde::{Deserialize, Serialize};

/// A facet: a dimension results are counted and filtered by.
///
/// The key (`region`, `type`, …) is what JSON, URLs and `key:value` query
/// filters use; [`Facet::ALL`] gives the display order.
///
/// ```
/// use oim_search::Facet;
/// assert_eq!(Facet::Country.key(), "country");
/// assert_eq!(Facet::from_key("Pays"), Some(Facet::Country));
/// assert_eq!(Facet::ALL.len(), Facet::COUNT);
/// assert_eq!(serde_json::to_string(&Facet::Type).unwrap(), r#""type""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// IDF region (`Afrique`, `Asie et Océanie`, …).
    Region,
    /// Project type.
    Type,
    /// Budget bucket (`100000-200000`).
    Budget,
    /// Beneficiary or named countries (the only facet with several values
    /// per document).
    Country,
    /// Project status.
    Status,
    /// Coverage (`National`, `Regional`, `Global`).
    Coverage,
    /// Facet year (start year, else Année, else end year).
    Year,
    /// `project` or `news`.
    Kind,
}

impl Facet {
    /// Number of facets.
    pub const COUNT: usize = 8;

    /// Every facet, in display order. The schema registers the facet fields
    /// in this order too, so reordering it changes the on-disk format.
    pub const ALL: [Facet; Facet::COUNT] = [
        Facet::Region,
        Facet::Type,
        Facet::Budget,
        Facet::Country,
        Facet::Status,
        Facet::Coverage,
        Facet::Year,
        Facet::Kind,
    ];

    /// The facet's key, as written in JSON, URLs, facet paths and field
    /// names.
    ///
    /// ```
    /// assert_eq!(oim_search::Facet::Coverage.key(), "coverage");
    /// ```
    pub const fn key(self) -> &'static str {
        match self {
            Facet::Region => "region",
            Facet::Type => "type",
            Facet::Budget => "budget",
            Facet::Country => "country",
            Facet::Status => "status",
            Facet::Coverage => "coverage",
            Facet::Year => "year",
            Facet::Kind => "kind",
        }
    }

    /// The facet of a key as a person types it: the English key or its
    /// French name (`pays`, `statut`, `couverture`, `année`), ignoring case
    /// and accents.
    ///
    /// ```
    /// use oim_search::Facet;
    /// assert_eq!(Facet::from_key("Année"), Some(Facet::Year));
    /// assert_eq!(Facet::from_key("STATUT"), Some(Facet::Status));
    /// assert_eq!(Facet::from_key("colour"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<Facet> {
        let folded = crate::analysis::fold_key(key);
        if let Some(facet) = Facet::from_exact_key(&folded) {
            return Some(facet);
        }
        Some(match folded.as_str() {
            "pays" => Facet::Country,
            "statut" => Facet::Status,
            "couverture" => Facet::Coverage,
            "annee" => Facet::Year,
            _ => return None,
        })
    }

    /// The facet whose [`key`](Facet::key) is exactly `key` (no aliases, no
    /// folding): for machine-written input such as URL parameters.
    ///
    /// ```
    /// use oim_search::Facet;
    /// assert_eq!(Facet::from_exact_key("kind"), Some(Facet::Kind));
    /// assert_eq!(Facet::from_exact_key("pays"), None);
    /// ```
    pub fn from_exact_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The order values are listed in, wherever they are shown (the CLI's
    /// facet listings, the page's filter boxes): years newest first, every
    /// other facet by count, most frequent first, ties by value. One rule,
    /// so a list reads the same on every surface.
    ///
    /// ```
    /// use oim_search::Facet;
    /// let mut regions = vec![("Europe", 2), ("Afrique", 5), ("Asie et Océanie", 2)];
    /// regions.sort_by(|a, b| Facet::Region.display_order(*a, *b));
    /// assert_eq!(regions, [("Afrique", 5), ("Asie et Océanie", 2), ("Europe", 2)]);
    /// let mut years = vec![("2019", 9), ("2024", 1), ("2021", 4)];
    /// years.sort_by(|a, b| Facet::Year.display_order(*a, *b));
    /// assert_eq!(years, [("2024", 1), ("2021", 4), ("2019", 9)]);
    /// ```
    pub fn display_order(self, a: (&str, u64), b: (&str, u64)) -> std::cmp::Ordering {
        match self {
            // numerically where both are years, so `999` sorts below `2020`
            Facet::Year => match (a.0.trim().parse::<i64>(), b.0.trim().parse::<i64>()) {
                (Ok(x), Ok(y)) => y.cmp(&x),
                _ => b.0.cmp(a.0),
            },
            _ => b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)),
        }
    }

    /// Position in [`Facet::ALL`], for arrays indexed by facet.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Facet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A facet name that is none of [`Facet::ALL`]; it converts into
/// [`Error::UnknownFacet`](crate::Error::UnknownFacet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown facet `{name}`: valid facets are {}", Facet::ALL.map(Facet::key).join(", "))]
pub struct UnknownFacet {
    /// The name as given.
    pub name: String,
}

impl std::str::FromStr for Facet {
    type Err = UnknownFacet;

    /// Reads a facet as [`Facet::from_key`] does.
    ///
    /// # Errors
    /// [`UnknownFacet`] naming the valid facets.
    fn from_str(s: &str) -> Result<Facet, UnknownFacet> {
        Facet::from_key(s).ok_or_else(|| UnknownFacet {
            name: s.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_declaration_order_and_keys_round_trip() {
        for (i, facet) in Facet::ALL.into_iter().enumerate() {
            assert_eq!(facet.index(), i);
            assert_eq!(Facet::from_key(facet.key()), Some(facet));
            assert_eq!(Facet::from_exact_key(facet.key()), Some(facet));
            let json = serde_json::to_string(&facet).unwrap();
            assert_eq!(json, format!("\"{}\"", facet.key()));
        }
    }

    #[test]
    fn aliases_table() {
        for (typed, facet) in [
            ("pays", Some(Facet::Country)),
            ("Région", Some(Facet::Region)),
            ("couverture", Some(Facet::Coverage)),
            ("annee", Some(Facet::Year)),
            ("budget_min", None),
            ("", None),
        ] {
            assert_eq!(Facet::from_key(typed), facet, "{typed}");
        }
        assert!(matches!(
            "colour".parse::<Facet>(),
            Err(UnknownFacet { .. })
        ));
    }
}
