//! [`Expansion`]: a part of the query the search widened, typed so that each
//! front end words it in its own language; JSON adds the English `text`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a part of the query was widened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExpansionKind {
    /// A country's other name, demonym or code (`basotho` → `Lesotho`).
    Country,
    /// A region, searched with its member countries (`Sahel`).
    Region,
    /// Synonyms of a synonym-file entry (`RDC` → `République démocratique du Congo`).
    Synonym,
    /// Narrower terms of a general word, ranked below it.
    Narrower,
}

/// One widening of the query.
///
/// In JSON: `{"typed": "basotho", "to": ["Lesotho"], "kind": "country",
/// "text": "basotho → Lesotho"}`; `text` is English prose that may be
/// reworded, the other fields are what a program reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Expansion {
    /// The words as typed (without the punctuation around them).
    pub typed: String,
    /// What they were widened to, in the index's spelling.
    pub to: Vec<String>,
    /// How.
    pub kind: ExpansionKind,
}

impl fmt::Display for Expansion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let narrower = if self.kind == ExpansionKind::Narrower {
            "narrower: "
        } else {
            ""
        };
        write!(f, "{} → {narrower}{}", self.typed, self.to.join(", "))
    }
}

impl Serialize for Expansion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut value =
            Expansion::serialize(self, serde_json::value::Serializer).map_err(S::Error::custom)?;
        if let Some(fields) = value.as_object_mut() {
            fields.insert("text".into(), self.to_string().into());
        }
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Expansion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Expansion, D::Error> {
        use serde::de::Error as _;
        let mut value = serde_json::Value::deserialize(deserializer)?;
        if let Some(fields) = value.as_object_mut() {
            fields.remove("text");
        }
        Expansion::deserialize(value).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_the_fields_and_the_english_text_and_reads_back_the_fields() {
        let expansion = Expansion {
            typed: "migration".into(),
            to: vec!["migration de main-d’œuvre".into(), "exode".into()],
            kind: ExpansionKind::Narrower,
        };
        let json = serde_json::to_value(&expansion).unwrap();
        assert_eq!(json["kind"], "narrower");
        assert_eq!(
            json["text"],
            "migration → narrower: migration de main-d’œuvre, exode"
        );
        let mut reworded = json;
        reworded["text"] = "other words".into();
        assert_eq!(
            serde_json::from_value::<Expansion>(reworded).unwrap(),
            expansion
        );
    }
}
