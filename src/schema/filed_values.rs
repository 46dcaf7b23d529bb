//! The facet values a document is filed under, for another engine to file
//! it the same way (the OpenSearch crate's keyword fields): canonical
//! spellings, each once, as the embedded index's facet fields hold them.

use super::tantivy_doc::facet_values;
use super::NO_VALUE;
use crate::document::Document;
use crate::facet::Facet;

impl Document {
    /// The values this document is counted under for `facet`, in their
    /// canonical spelling, each once (empty when it has none).
    ///
    /// ```
    /// use oim_search::{Document, Facet};
    /// let doc = Document { countries: vec!["Lesotho".into(), "Lesotho".into()], budget_usd: Some(150_000.0), ..Document::default() };
    /// assert_eq!(doc.facet_values(Facet::Country), ["Lesotho"]);
    /// assert_eq!(doc.facet_values(Facet::Region), Vec::<String>::new());
    /// assert_eq!(doc.facet_values(Facet::Budget).len(), 1);
    /// ```
    pub fn facet_values(&self, facet: Facet) -> Vec<String> {
        facet_values(self, facet)
            .into_iter()
            .filter(|v| !v.trim().is_empty() && v != NO_VALUE)
            .collect()
    }
}
