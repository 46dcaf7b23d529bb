//! A document given as one JSON object (a line of NDJSON), read as leniently
//! as a page: `null` means absent for every field, years and budgets may be
//! numbers or text (`"2019"`, `"37 887"`), a value a page could not hold is
//! left out with a warning, and a value of the wrong type names its field.
//! Checking and normalising the document is left to `normalise`.

use serde_json::Value;

use super::fields::{parse_budget, parse_year};
use super::{short, Document, PageWarning, SkipReason};

/// The fields that hold a year.
const YEAR_FIELDS: [&str; 3] = ["start_year", "end_year", "year"];

/// Reads one JSON document, with the warnings about values left out.
///
/// # Errors
/// What is wrong, for the report: not JSON, not an object, or a field of
/// the wrong type (named).
pub(crate) fn document_from_json(text: &str) -> Result<(Document, Vec<PageWarning>), SkipReason> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| SkipReason::InvalidJson(e.to_string()))?;
    let Some(object) = value.as_object_mut() else {
        return Err(SkipReason::NotAnObject {
            found: kind_of(&value),
        });
    };
    // null means absent, as a missing field does, whatever the field
    object.retain(|_, v| !v.is_null());
    let mut warnings = Vec::new();
    for field in YEAR_FIELDS {
        let Some(given) = object.get(field) else {
            continue;
        };
        let year = match given {
            // in range or not, `normalise` says so; here only what an i32 cannot hold
            Value::Number(n) => match n.as_i64().map(i32::try_from) {
                Some(Ok(_)) => continue,
                _ => Err(PageWarning::YearOutOfRange {
                    field: field.to_string(),
                    value: n.to_string(),
                    text: false,
                }),
            },
            Value::String(s) => parse_year(s).ok_or_else(|| PageWarning::YearOutOfRange {
                field: field.to_string(),
                value: short(s).into_owned(),
                text: true,
            }),
            // another type: the typed read below names it
            _ => continue,
        };
        match year {
            Ok(y) => {
                object.insert(field.to_string(), Value::from(y));
            }
            Err(warning) => {
                warnings.push(warning);
                object.remove(field);
            }
        }
    }
    if let Some(Value::String(s)) = object.get("budget_usd") {
        match parse_budget(s) {
            Ok(amount) => {
                object.insert("budget_usd".to_string(), Value::from(amount));
            }
            Err(problem) => {
                warnings.push(PageWarning::Budget {
                    problem,
                    value: short(s).into_owned(),
                });
                object.remove("budget_usd");
            }
        }
    }
    let document: Document =
        serde_path_to_error::deserialize(value).map_err(|e| SkipReason::FieldType {
            field: e.path().to_string(),
            error: e.inner().to_string(),
        })?;
    Ok((document, warnings))
}

/// What a JSON value is, in words.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document and its warnings' sentences, or the reason's.
    fn read(text: &str) -> Result<(Document, Vec<String>), String> {
        document_from_json(text)
            .map(|(doc, warnings)| (doc, warnings.iter().map(|w| w.to_string()).collect()))
            .map_err(|reason| reason.to_string())
    }

    #[test]
    fn null_means_absent_for_every_field() {
        let (doc, warnings) = read(
            r#"{"id": "a", "title": null, "body": null, "countries": null, "extra": null,
                "kind": null, "region_inferred": null, "start_year": null, "budget_usd": null}"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            Document {
                id: "a".into(),
                ..Document::default()
            }
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn years_and_budgets_may_be_text_as_on_pages() {
        let (doc, warnings) = read(
            r#"{"id": "a", "start_year": "2019", "end_year": "12/2021", "budget_usd": "37 887"}"#,
        )
        .unwrap();
        assert_eq!(
            (doc.start_year, doc.end_year, doc.budget_usd),
            (Some(2019), Some(2021), Some(37_887.0))
        );
        assert!(warnings.is_empty());
        let (doc, warnings) = read(
            r#"{"id": "a", "year": "bientôt", "start_year": 4294967296, "budget_usd": "12 34"}"#,
        )
        .unwrap();
        assert_eq!(
            (doc.year, doc.start_year, doc.budget_usd),
            (None, None, None)
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with("`start_year` 4294967296 is not a year"));
        assert!(warnings[1].starts_with("`year` `bientôt` is not a year"));
        assert!(warnings[2].contains("spaces may only group thousands"));
    }

    #[test]
    fn a_wrong_type_names_its_field_and_is_not_called_invalid_json() {
        for (text, message) in [
            (
                r#"{"id": "a", "title": 5}"#,
                "field `title`: invalid type: integer `5`, expected a string",
            ),
            (
                r#"{"id": "a", "start_year": true}"#,
                "field `start_year`: invalid type: boolean `true`",
            ),
            (
                r#"{"id": "a", "countries": "Mali"}"#,
                "field `countries`: invalid type: string \"Mali\"",
            ),
            (r#"["a"]"#, "an array instead of a document"),
            (r#"{"id": "a""#, "invalid JSON"),
        ] {
            let err = read(text).unwrap_err();
            assert!(err.starts_with(message), "{text}: {err}");
        }
    }
}
