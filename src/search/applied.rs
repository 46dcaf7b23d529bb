//! The filters a search applied, as the index spells their values, and
//! under [`UnknownValues::Drop`] the values it left out: a front end links
//! and ticks what was applied without canonicalising values itself, and
//! searches once even when a value is unknown.

use serde::{Deserialize, Serialize};

use crate::facet::Facet;

/// What a search does with a filter value no page holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownValues {
    /// Refuse the request with [`Error::UnknownFacetValue`](crate::Error::UnknownFacetValue)
    /// (the library's and the API's default: a typo is told, not hidden).
    #[default]
    Refuse,
    /// Leave the value out, search with the others, and list it in
    /// [`AppliedFilters::dropped`] with the closest valid value (the page).
    Drop,
}

/// One filter value as typed and as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedValue {
    /// The facet filtered.
    pub facet: Facet,
    /// The value as the request gave it (`lesotho`, `pays:Kyrgyzstan`).
    pub typed: String,
    /// The value as the index spells it (`Lesotho`, `Kirghizistan`), or
    /// the range as read (`2015-2020`).
    pub applied: String,
}

/// A filter value left out under [`UnknownValues::Drop`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedValue {
    /// The facet it was for.
    pub facet: Facet,
    /// The value as typed.
    pub value: String,
    /// The closest valid value, when one is close.
    pub closest: Option<String>,
}

/// The facet filters of a search, as applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedFilters {
    /// Every facet value applied, in facet order, then request order.
    pub values: Vec<AppliedValue>,
    /// Values left out as unknown (only under [`UnknownValues::Drop`]).
    pub dropped: Vec<DroppedValue>,
}

impl AppliedFilters {
    /// No facet value given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.dropped.is_empty()
    }

    /// The value as the index spells it, for a value as typed of `facet`
    /// (`None` when it was not applied).
    pub fn applied(&self, facet: Facet, typed: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|v| v.facet == facet && v.typed == typed)
            .map(|v| v.applied.as_str())
    }
}
