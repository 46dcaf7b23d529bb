//! Typed metadata values: which label means which field, and parsing of
//! budgets and years as the site writes them.

use crate::analysis::fold_key;

/// The metadata fields the engine understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldLabel {
    /// `Date de début`
    StartYear,
    /// `Date de fin`
    EndYear,
    /// `Année`
    Year,
    /// `Statut du projet`
    Status,
    /// `Type de projet`
    ProjectType,
    /// `Budget Amount (USD)`
    Budget,
    /// `Couverture`
    Coverage,
    /// `IDF Region`
    Region,
    /// `Prima ID`
    PrimaId,
    /// `Projet ID`
    ProjectId,
    /// `Etat(s) membre(s) beneficiaires remplissant les conditions requises`
    Countries,
}

impl FieldLabel {
    /// Recognises a label whatever its case, accents and punctuation.
    pub fn from_label(label: &str) -> Option<FieldLabel> {
        let key = fold_key(label);
        let field = match key.as_str() {
            "date de debut" | "start date" => FieldLabel::StartYear,
            "date de fin" | "end date" => FieldLabel::EndYear,
            "annee" | "year" => FieldLabel::Year,
            "statut du projet" | "statut" | "status" => FieldLabel::Status,
            "type de projet" | "project type" => FieldLabel::ProjectType,
            "budget amount usd" | "budget" | "budget usd" => FieldLabel::Budget,
            "couverture" | "coverage" => FieldLabel::Coverage,
            "idf region" | "region" => FieldLabel::Region,
            "prima id" => FieldLabel::PrimaId,
            "projet id" | "project id" => FieldLabel::ProjectId,
            k if k.starts_with("etat s membre s beneficiaire")
                || k.starts_with("etats membres beneficiaire") =>
            {
                FieldLabel::Countries
            }
            _ => return None,
        };
        Some(field)
    }
}

/// Parses an amount as the site and its editors write it: `37887.00`,
/// `37 887`, `1 234 567,00`, `1,234,567.00`, with ordinary, non-breaking or
/// thin spaces, and an optional currency mark. Returns `None` for anything
/// that is not a non-negative finite number.
pub fn parse_budget(value: &str) -> Option<f64> {
    let mut digits: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '$' | '\''))
        .collect();
    for unit in ["USD", "usd", "US", "dollars", "E.-U.", "EU"] {
        digits = digits.replace(unit, "");
    }
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let last_dot = digits.rfind('.');
    let last_comma = digits.rfind(',');
    let normalised = match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            // the later separator is the decimal one
            let (decimal, thousands) = if d > c { ('.', ',') } else { (',', '.') };
            digits.replace(thousands, "").replace(decimal, ".")
        }
        (Some(_), None) => single_separator(&digits, '.'),
        (None, Some(_)) => single_separator(&digits, ','),
        (None, None) => digits,
    };
    let amount: f64 = normalised.parse().ok()?;
    (amount.is_finite() && amount >= 0.0).then_some(amount)
}

/// With one kind of separator: repeated, or followed by exactly three digits,
/// it groups thousands; otherwise it marks decimals.
fn single_separator(digits: &str, sep: char) -> String {
    let count = digits.matches(sep).count();
    let tail = digits.rsplit(sep).next().unwrap_or("");
    if count > 1 || tail.len() == 3 {
        digits.replace(sep, "")
    } else {
        digits.replace(sep, ".")
    }
}

/// Finds a plausible year (1900–2100) in a value such as `2019` or `01/2019`.
pub fn parse_year(value: &str) -> Option<i32> {
    value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse::<i32>().ok())
        .find(|y| (1900..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_table() {
        let table = [
            ("37887.00", Some(37887.0)),
            ("200000.00", Some(200000.0)),
            ("37 887", Some(37887.0)),
            ("37\u{a0}887", Some(37887.0)),
            ("1 234 567,00", Some(1234567.0)),
            ("1\u{202f}234\u{202f}567,50", Some(1234567.5)),
            ("1,234,567.00", Some(1234567.0)),
            ("1.234.567,00", Some(1234567.0)),
            ("37,5", Some(37.5)),
            ("USD 135000", Some(135000.0)),
            ("135 000 $", Some(135000.0)),
            ("N/A", None),
            ("", None),
            ("-5", None),
            ("abc", None),
            ("1e400", None),
        ];
        for (input, expected) in table {
            assert_eq!(parse_budget(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn year_table() {
        for (input, expected) in [
            ("2019", Some(2019)),
            (" 2024 ", Some(2024)),
            ("01/2019", Some(2019)),
            ("N/A", None),
            ("12345", None),
            ("1800", None),
        ] {
            assert_eq!(parse_year(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn labels_are_recognised_loosely() {
        assert_eq!(
            FieldLabel::from_label("Date de début"),
            Some(FieldLabel::StartYear)
        );
        assert_eq!(
            FieldLabel::from_label("DATE DE DEBUT"),
            Some(FieldLabel::StartYear)
        );
        assert_eq!(
            FieldLabel::from_label("Budget Amount (USD)"),
            Some(FieldLabel::Budget)
        );
        assert_eq!(
            FieldLabel::from_label(
                "Etat(s) membre(s) beneficiaires remplissant les conditions requises"
            ),
            Some(FieldLabel::Countries)
        );
        assert_eq!(FieldLabel::from_label("Partenaire"), None);
    }
}
