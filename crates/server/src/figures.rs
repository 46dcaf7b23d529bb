//! French formatting of numbers: amounts (`4,3 M USD`, to the cent, as
//! typed), year spans, and the summary line under the result count. The JSON keeps
//! plain numbers; only the page formats them.

use oim_search::group_thousands;
use oim_search::Aggregates;

/// An amount for people: exact below a million (`850 000 USD`), then
/// millions (`4,3 M USD`) and billions (`1,2 Md USD`) with one decimal
/// under a hundred, with the French decimal comma and narrow spaces.
pub(crate) fn compact_usd(amount: f64) -> String {
    // rounded first, so 999 999.6 reads as a million, not as 1 000 000
    let amount = amount.round();
    let (value, unit) = if amount >= 1e9 {
        (amount / 1e9, " Md")
    } else if amount >= 1e6 {
        (amount / 1e6, " M")
    } else {
        return format!("{}\u{a0}USD", group_thousands(amount));
    };
    let number = if value >= 100.0 {
        group_thousands(value.round())
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{number}{}\u{a0}USD", unit.replace(' ', "\u{a0}"))
}

/// An amount as a document gives it: `1 234 567,5 USD` (narrow spaces
/// between thousands, the decimals it has).
pub(crate) fn usd(amount: f64) -> String {
    format!("{} USD", group_thousands(amount))
}

/// A budget bound typed in the URL as people read it (`100000` → `100 000`),
/// or the text as typed when it is not a number.
pub(crate) fn typed_amount(value: &str) -> String {
    let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.parse::<f64>() {
        Ok(amount) if amount.is_finite() => group_thousands(amount),
        _ => value.to_string(),
    }
}

/// An amount to the cent, as an officer copies it into a report:
/// `20 809 226,30 USD` (narrow spaces between thousands, decimal comma,
/// always two decimals so that a column of amounts lines up).
pub(crate) fn exact_usd(amount: f64) -> String {
    let cents = (amount * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let rest = (cents - whole * 100.0).abs() as u64;
    format!("{},{rest:02}\u{a0}USD", group_thousands(whole))
}

/// `2008–2025`, or one year when the span is a single year.
pub(crate) fn year_span(aggregates: &Aggregates) -> Option<String> {
    let (first, last) = aggregates.year_span()?;
    Some(if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    })
}

/// The summary line under the result count:
/// `37 projets avec budget · 4,3 M USD au total · 2008–2025`.
pub(crate) fn summary_line(aggregates: &Aggregates) -> String {
    let mut parts = Vec::new();
    match aggregates.with_budget {
        0 => parts.push("Aucun budget indiqué".to_string()),
        n => {
            let projects = if n == 1 {
                "1 projet avec budget".to_string()
            } else {
                format!("{} projets avec budget", group_thousands(n as f64))
            };
            parts.push(projects);
            // the rounded figure to read, the exact one to copy
            parts.push(format!(
                "{} au total ({})",
                compact_usd(aggregates.budget_usd),
                exact_usd(aggregates.budget_usd)
            ));
        }
    }
    if let Some(span) = year_span(aggregates) {
        parts.push(span);
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oim_search::YearTotal;

    #[test]
    fn compact_usd_table() {
        for (amount, expected) in [
            (0.0, "0\u{a0}USD"),
            (37_887.4, "37\u{202f}887\u{a0}USD"),
            (850_000.0, "850\u{202f}000\u{a0}USD"),
            (999_999.6, "1,0\u{a0}M\u{a0}USD"),
            (4_312_345.0, "4,3\u{a0}M\u{a0}USD"),
            (250_000_000.0, "250\u{a0}M\u{a0}USD"),
            (1_234_000_000.0, "1,2\u{a0}Md\u{a0}USD"),
        ] {
            assert_eq!(compact_usd(amount), expected, "{amount}");
        }
    }

    #[test]
    fn exact_usd_table() {
        for (amount, expected) in [
            (0.0, "0,00\u{a0}USD"),
            (20_809_226.3, "20\u{202f}809\u{202f}226,30\u{a0}USD"),
            (956_331.0, "956\u{202f}331,00\u{a0}USD"),
            (0.995, "1,00\u{a0}USD"),
            (1_299_999.999, "1\u{202f}300\u{202f}000,00\u{a0}USD"),
        ] {
            assert_eq!(exact_usd(amount), expected, "{amount}");
        }
    }

    #[test]
    fn summary_line_table() {
        let year = |year, count| YearTotal {
            year,
            count,
            budget_usd: 0.0,
        };
        let a = Aggregates {
            budget_usd: 4_312_345.0,
            with_budget: 37,
            years: vec![year(2008, 1), year(2025, 36)],
            ..Aggregates::default()
        };
        assert_eq!(
            summary_line(&a),
            "37 projets avec budget · 4,3\u{a0}M\u{a0}USD au total (4\u{202f}312\u{202f}345,00\u{a0}USD) · 2008–2025"
        );
        let one = Aggregates {
            budget_usd: 200_000.0,
            with_budget: 1,
            years: vec![year(2019, 1)],
            ..Aggregates::default()
        };
        assert_eq!(
            summary_line(&one),
            "1 projet avec budget · 200\u{202f}000\u{a0}USD au total (200\u{202f}000,00\u{a0}USD) · 2019"
        );
        assert_eq!(summary_line(&Aggregates::default()), "Aucun budget indiqué");
    }
}
