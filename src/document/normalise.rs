//! Documents given through the API (`Engine::add`, NDJSON) are checked and
//! normalised here so they are analysed exactly like parsed pages, whose
//! text `page` normalises as a whole.

use std::borrow::Cow;

use super::fields::check_budget;
use super::page::cap_long_title;
use super::{gazetteer, overlong_country, Document, PageWarning};
use crate::analysis::{normal_form, to_normal_form};
use crate::error::{Error, Result};

/// The longest id accepted, in characters: the API's limit. Longer ids
/// could not be looked up or replaced by every front end (the index itself
/// refuses terms over 65 530 bytes), so each re-import would add a copy.
pub const MAX_ID_CHARS: usize = 256;

/// The years a document may be filed under, as on pages: a year outside
/// (`20190101`, a date written as yyyymmdd) is left out with a warning.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Checks and normalises a document: trims the id (refusing an empty or
/// overlong one), gives every text field its normal form (format
/// characters removed, NFC: NFD input would otherwise index, facet and
/// compare differently from the same text composed), files countries under
/// their canonical names and infers the region from them.
///
/// Values a page could not hold are left out with a warning, as on pages:
/// a year outside [`YEAR_RANGE`], a budget that is not a plausible amount; a
/// title over [`super::MAX_TITLE_CHARS`] is cut, the whole line kept at the
/// top of the body.
///
/// The id is only trimmed: it is an identifier compared byte for byte by
/// [`crate::Engine::get`] and `delete`, as corpus ids (file names) are.
///
/// # Errors
/// [`Error::InvalidDocument`] when the id is empty or over [`MAX_ID_CHARS`].
pub(crate) fn normalise_document(mut doc: Document) -> Result<(Document, Vec<PageWarning>)> {
    doc.id = doc.id.trim().to_string();
    if doc.id.is_empty() {
        return Err(Error::InvalidDocument {
            id: None,
            reason: "missing `id`: every document needs a non-empty id".to_string(),
        });
    }
    let id_chars = doc.id.chars().count();
    if id_chars > MAX_ID_CHARS {
        let start: String = doc.id.chars().take(40).collect();
        return Err(Error::InvalidDocument {
            id: None,
            reason: format!(
                "the id starting `{start}…` is {id_chars} characters long: ids hold at most {MAX_ID_CHARS}; give the document a shorter id"
            ),
        });
    }
    let mut warnings = Vec::new();
    normal_fields(&mut doc);
    for (name, year) in [
        ("start_year", &mut doc.start_year),
        ("end_year", &mut doc.end_year),
        ("year", &mut doc.year),
    ] {
        if let Some(y) = year.filter(|y| !YEAR_RANGE.contains(y)) {
            warnings.push(PageWarning::YearOutOfRange {
                field: name.to_string(),
                value: y.to_string(),
                text: false,
            });
            *year = None;
        }
    }
    if let Some(amount) = doc.budget_usd {
        if let Err(problem) = check_budget(amount) {
            warnings.push(PageWarning::Budget {
                problem,
                value: amount.to_string(),
            });
            doc.budget_usd = None;
        }
    }
    cap_long_title(&mut doc.title, &mut doc.body, &mut warnings);
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
    // a country listed twice, or in two spellings, counts once; a
    // paragraph is no country
    let mut seen = std::collections::HashSet::new();
    doc.countries.retain(|c| {
        if let Some(warning) = overlong_country(c) {
            warnings.push(warning);
            return false;
        }
        !c.is_empty() && seen.insert(crate::analysis::fold_key(c))
    });
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
    Ok((doc, warnings))
}

/// Gives every string of a document but its id its normal form. The
/// destructuring names every field, so a new field cannot be forgotten here.
fn normal_fields(doc: &mut Document) {
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
        to_normal_form(text);
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
        to_normal_form(text);
    }
    countries.iter_mut().for_each(to_normal_form);
    let is_normal = |s: &str| matches!(normal_form(s), Cow::Borrowed(_));
    if extra.iter().any(|(k, v)| !is_normal(k) || !is_normal(v)) {
        *extra = std::mem::take(extra)
            .into_iter()
            .map(|(mut k, mut v)| {
                to_normal_form(&mut k);
                to_normal_form(&mut v);
                (k, v)
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use unicode_normalization::UnicodeNormalization;

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
            normalise_document(decomposed).unwrap().0,
            normalise_document(composed.clone()).unwrap().0
        );
        assert_eq!(
            normalise_document(composed.clone()).unwrap().0.title,
            composed.title
        );
    }

    #[test]
    fn ids_are_trimmed_and_required() {
        let doc = |id: &str| Document {
            id: id.into(),
            ..Document::default()
        };
        assert_eq!(normalise_document(doc("  a ")).unwrap().0.id, "a");
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
        .unwrap()
        .0;
        assert_eq!(doc.countries, ["Côte d’Ivoire", "Atlantide"]);
        assert_eq!(
            (doc.region.as_deref(), doc.region_inferred),
            (Some("Afrique"), true)
        );
    }
}
