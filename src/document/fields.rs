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

/// The largest budget accepted, in USD. No Development Fund project comes
/// near it; above it an amount is almost surely numbers glued together
/// (`100 000 200 000`). It also keeps budget sums exact: four billion
/// documents at this amount still fit the `u64` cents the sums are kept in,
/// so a sum can never saturate.
pub const MAX_BUDGET_USD: f64 = 40_000_000.0;

/// Why a budget value is not indexed as a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetProblem {
    /// Not a non-negative finite number.
    NotAnAmount,
    /// Spaces (or apostrophes) that do not group thousands: `12 34`,
    /// `1 2 3`.
    SpacedDigits,
    /// Over [`MAX_BUDGET_USD`].
    TooLarge,
}

impl BudgetProblem {
    /// The end of a warning about `value`, saying what is done.
    pub fn warning(self, value: &str) -> String {
        match self {
            BudgetProblem::NotAnAmount => format!(
                "budget `{value}` is not an amount: the document is indexed without a budget"
            ),
            BudgetProblem::SpacedDigits => format!(
                "budget `{value}`: spaces may only group thousands (`37 887`, `1 234 567,00`), so this may be several numbers: the document is indexed without a budget"
            ),
            BudgetProblem::TooLarge => format!(
                "budget `{value}` is over {} USD, which no project reaches (numbers glued together?): the document is indexed without a budget",
                super::group_thousands(MAX_BUDGET_USD)
            ),
        }
    }
}

/// Whether `amount` can be indexed as a budget: finite, not negative, at
/// most [`MAX_BUDGET_USD`].
pub fn check_budget(amount: f64) -> Result<f64, BudgetProblem> {
    if !amount.is_finite() || amount < 0.0 {
        Err(BudgetProblem::NotAnAmount)
    } else if amount > MAX_BUDGET_USD {
        Err(BudgetProblem::TooLarge)
    } else {
        Ok(amount)
    }
}

/// Parses an amount as the site and its editors write it: `37887.00`,
/// `37 887`, `1 234 567,00`, `1,234,567.00`, with ordinary, non-breaking or
/// thin spaces, and an optional currency mark. Spaces must group thousands:
/// `100 000 200 000` reads as 100 billion, over [`MAX_BUDGET_USD`], and
/// `12 34` is refused.
///
/// # Errors
/// What is wrong: not a non-negative finite number, spaces that do not
/// group thousands, or an amount over [`MAX_BUDGET_USD`].
pub fn parse_budget(value: &str) -> Result<f64, BudgetProblem> {
    let mut text = value.replace('$', "");
    for unit in ["USD", "usd", "US", "dollars", "E.-U.", "EU"] {
        text = text.replace(unit, "");
    }
    let is_space = |c: char| c.is_whitespace() || matches!(c, '\'');
    let groups: Vec<&str> = text.split(is_space).filter(|g| !g.is_empty()).collect();
    // after the first group, each group starts with exactly three digits
    // and only the last may go on (with decimals: `567,00`)
    for (i, group) in groups.iter().enumerate().skip(1) {
        let lead = group.chars().take_while(char::is_ascii_digit).count();
        let last = i + 1 == groups.len();
        if lead != 3 || (!last && group.len() != 3) || groups[0].len() > 3 {
            return Err(BudgetProblem::SpacedDigits);
        }
    }
    let digits = groups.concat();
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(BudgetProblem::NotAnAmount);
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
    let amount: f64 = normalised.parse().map_err(|_| BudgetProblem::NotAnAmount)?;
    check_budget(amount)
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

/// Finds a plausible year ([`super::YEAR_RANGE`], 1900–2100) in a value such as `2019` or `01/2019`.
pub fn parse_year(value: &str) -> Option<i32> {
    value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse::<i32>().ok())
        .find(|y| super::YEAR_RANGE.contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_problems_are_told_apart() {
        assert_eq!(parse_budget("12 34"), Err(BudgetProblem::SpacedDigits));
        assert_eq!(
            parse_budget(&"999 ".repeat(30)),
            Err(BudgetProblem::TooLarge)
        );
        assert_eq!(parse_budget("N/A"), Err(BudgetProblem::NotAnAmount));
        assert_eq!(check_budget(f64::NAN), Err(BudgetProblem::NotAnAmount));
        // the cap keeps any sum of u32::MAX budgets within u64 cents
        assert!(MAX_BUDGET_USD * 100.0 * f64::from(u32::MAX) < u64::MAX as f64);
    }

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
            // spaces group thousands only
            ("100 000 200 000", None),
            ("12 34", None),
            ("1 2 3", None),
            ("1234 567", None),
            ("37 887.5", Some(37887.5)),
            ("40 000 000", Some(40_000_000.0)),
            ("40 000 000,01", None),
        ];
        for (input, expected) in table {
            assert_eq!(parse_budget(input).ok(), expected, "input {input:?}");
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
