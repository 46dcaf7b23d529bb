//! Documents given through the API (`Engine::add`, NDJSON) are checked and
//! normalised here so they are analysed exactly like parsed pages, whose
//! text `page` normalises as a whole.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::{gazetteer, Document};
use crate::error::{Error, Result};

/// Checks and normalises a document: trims the id (refusing an empty one),
/// NFC-normalises every text field (NFD input would otherwise index, facet
/// and compare differently from the same text composed), files countries
/// under their canonical names and infers the region from them.
///
/// The id is only trimmed: it is an identifier compared byte for byte by
/// [`crate::Engine::get`] and `delete`, as corpus ids (file names) are.
///
/// # Errors
/// [`Error::InvalidDocument`] when the id is empty.
pub(crate) fn normalise_document(mut doc: Document) -> Result<Document> {
    doc.id = doc.id.trim().to_string();
    if doc.id.is_empty() {
        return Err(Error::InvalidDocument {
            id: None,
            reason: "missing `id`: every document needs a non-empty id".to_string(),
        });
    }
    nfc_fields(&mut doc);
    // countries given in any spelling become canonical names
    let gazetteer = gazetteer();
    doc.countries = doc
        .countries
        .iter()
        .map(|c| {
            gazetteer
                .country(c)
                .map(|k| k.name.clone())
                .unwrap_or_else(|| c.trim().to_string())
        })
        .collect();
    // a country listed twice, or in two spellings, counts once
    let mut seen = std::collections::HashSet::new();
    doc.countries
        .retain(|c| !c.is_empty() && seen.insert(crate::analysis::fold_key(c)));
    if doc.region.is_none() {
        if let Some(region) = doc
            .countries
            .iter()
            .find_map(|c| gazetteer.country(c))
            .map(|c| c.region.clone())
        {
            doc.region = Some(region);
            doc.region_inferred = true;
        }
    }
    Ok(doc)
}

/// NFC-normalises every string of a document but its id. The destructuring
/// names every field, so a new field cannot be forgotten here.
fn nfc_fields(doc: &mut Document) {
    let Document {
        id: _,
        kind: _,
        title,
        body,
        project_id,
        prima_id,
        start_year: _,
        end_year: _,
        year: _,
        status,
        project_type,
        budget_usd: _,
        coverage,
        region,
        region_inferred: _,
        countries,
        dateline,
        contact,
        extra,
    } = doc;
    for text in [title, body] {
        nfc(text);
    }
    for text in [
        project_id,
        prima_id,
        status,
        project_type,
        coverage,
        region,
        dateline,
        contact,
    ]
    .into_iter()
    .flatten()
    {
        nfc(text);
    }
    countries.iter_mut().for_each(nfc);
    if extra.iter().any(|(k, v)| !is_nfc(k) || !is_nfc(v)) {
        *extra = std::mem::take(extra)
            .into_iter()
            .map(|(mut k, mut v)| {
                nfc(&mut k);
                nfc(&mut v);
                (k, v)
            })
            .collect();
    }
}

fn is_nfc(text: &str) -> bool {
    is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// Rewrites `text` only when it is not already NFC (the usual case costs a
/// quick scan, no allocation).
fn nfc(text: &mut String) {
    if !is_nfc(text) {
        *text = text.nfc().collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(text: &str) -> String {
        text.nfd().collect()
    }

    #[test]
    fn every_text_field_is_composed() {
        let composed = Document {
            id: "é".into(),
            title: "Santé des migrants".into(),
            body: "Un projet à Tachkent.".into(),
            project_id: Some("CD.0003é".into()),
            prima_id: Some("LS10é".into()),
            status: Some("Achevé".into()),
            project_type: Some("Développement communautaire et économique".into()),
            coverage: Some("Régional".into()),
            region: Some("Asie et Océanie".into()),
            countries: vec!["Côte d’Ivoire".into(), "Pays inconnu é".into()],
            dateline: Some("Douchanbé".into()),
            contact: Some("Zoé".into()),
            extra: [("Intitulé".to_string(), "Été".to_string())].into(),
            ..Document::default()
        };
        let decomposed = Document {
            id: "é".into(),
            title: nfd(&composed.title),
            body: nfd(&composed.body),
            project_id: composed.project_id.as_deref().map(nfd),
            prima_id: composed.prima_id.as_deref().map(nfd),
            status: composed.status.as_deref().map(nfd),
            project_type: composed.project_type.as_deref().map(nfd),
            coverage: composed.coverage.as_deref().map(nfd),
            region: composed.region.as_deref().map(nfd),
            countries: composed.countries.iter().map(|c| nfd(c)).collect(),
            dateline: composed.dateline.as_deref().map(nfd),
            contact: composed.contact.as_deref().map(nfd),
            extra: [(nfd("Intitulé"), nfd("Été"))].into(),
            ..Document::default()
        };
        assert_ne!(decomposed, composed);
        assert_eq!(
            normalise_document(decomposed).unwrap(),
            normalise_document(composed.clone()).unwrap()
        );
        assert_eq!(
            normalise_document(composed.clone()).unwrap().title,
            composed.title
        );
    }

    #[test]
    fn ids_are_trimmed_and_required() {
        let doc = |id: &str| Document {
            id: id.into(),
            ..Document::default()
        };
        assert_eq!(normalise_document(doc("  a ")).unwrap().id, "a");
        assert!(matches!(
            normalise_document(doc("  ")),
            Err(Error::InvalidDocument { id: None, .. })
        ));
    }

    #[test]
    fn countries_become_canonical_and_give_the_region() {
        let doc = normalise_document(Document {
            id: "a".into(),
            countries: vec!["ivory coast".into(), " Atlantide ".into()],
            ..Document::default()
        })
        .unwrap();
        assert_eq!(doc.countries, ["Côte d’Ivoire", "Atlantide"]);
        assert_eq!(
            (doc.region.as_deref(), doc.region_inferred),
            (Some("Afrique"), true)
        );
    }
}
