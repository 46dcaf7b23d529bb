//! The tantivy document of a [`Document`]: its analysed text fields, stored
//! JSON, facet paths and numeric fast fields, and its words for the word
//! list. Analysis itself is left to `analysis::IndexAnalysis`.

use tantivy::TantivyDocument;

use super::facet_value::canonical_facet_value;
use super::{facet_path, is_single_valued, Fields, NO_VALUE};
use crate::analysis::IndexAnalysis;
use crate::document::{Document, Kind};
use crate::facet::Facet;

/// The values a document is filed under for one facet: text values in
/// their canonical spelling, each once.
pub(super) fn facet_values(doc: &Document, facet: Facet) -> Vec<String> {
    let mut values = raw_facet_values(doc, facet);
    if !matches!(facet, Facet::Budget | Facet::Year | Facet::Kind) {
        for value in &mut values {
            *value = canonical_facet_value(value);
        }
    }
    // a value listed twice (or in two spellings) counts once per document
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.clone()));
    values
}

fn raw_facet_values(doc: &Document, facet: Facet) -> Vec<String> {
    match facet {
        Facet::Region => doc.region.iter().cloned().collect(),
        Facet::Type => doc.project_type.iter().cloned().collect(),
        Facet::Budget => doc.budget_bucket().map(String::from).into_iter().collect(),
        Facet::Country => doc.countries.clone(),
        Facet::Status => doc.status.iter().cloned().collect(),
        Facet::Coverage => doc.coverage.iter().cloned().collect(),
        Facet::Year => doc
            .facet_year()
            .map(|y| y.to_string())
            .into_iter()
            .collect(),
        Facet::Kind => vec![doc.kind.as_str().to_string()],
    }
}

/// The tantivy document for a [`Document`]; its distinct folded words are
/// counted as one page by this thread's analysis, from the same pass as its
/// terms, until the caller takes them for the word list beside the index
/// ([`IndexAnalysis::take_thread_words`]).
pub(crate) fn to_tantivy(f: &Fields, doc: &Document, source_hash: u64) -> TantivyDocument {
    let mut t = TantivyDocument::default();
    t.add_text(f.id, &doc.id);
    for id in [&doc.project_id, &doc.prima_id].into_iter().flatten() {
        t.add_text(f.ids, id.trim());
    }
    // only beneficiaries weigh as countries; the countries a news article
    // names are already in its body
    let countries = if doc.kind == Kind::Project {
        doc.countries.join("\n")
    } else {
        String::new()
    };
    let meta = doc.metadata_text();
    IndexAnalysis::with(|analysis| {
        for (field, text) in [
            (f.title, doc.title.as_str()),
            (f.countries, &countries),
            (f.meta, &meta),
            (f.body, &doc.body),
        ] {
            t.add_text(field, analysis.terms(text));
        }
        analysis.end_page();
    });
    t.add_text(f.doc, serde_json::to_string(doc).unwrap_or_default());
    for facet in Facet::ALL {
        let field = f.facet(facet);
        let mut any = false;
        for value in facet_values(doc, facet)
            .iter()
            .filter(|v| !v.trim().is_empty() && *v != NO_VALUE)
        {
            t.add_facet(field, facet_path(facet, value));
            any = true;
        }
        if !any && is_single_valued(facet) {
            t.add_facet(field, facet_path(facet, NO_VALUE));
        }
    }
    if let Some(b) = doc.budget_usd {
        t.add_f64(f.budget_usd, b);
    }
    for (field, value) in [
        (f.year, doc.facet_year()),
        (f.start_year, doc.start_year),
        (f.end_year, doc.end_year),
    ] {
        if let Some(v) = value {
            t.add_i64(field, v as i64);
        }
    }
    t.add_u64(f.source_hash, source_hash);
    t
}
