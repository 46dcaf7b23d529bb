//! Parses one page of any of the three layouts into a [`Document`]:
//! A (`  • Field` / `    value`), B (menu, then `-` / `Field` / `value`) and
//! C (menu, news title, dateline, body, contact line).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use crate::analysis::to_normal_form;

use super::boilerplate::menu_prefix_len;
use super::fields::{parse_budget, parse_year, FieldLabel};
use super::gazetteer::gazetteer;
use super::{overlong_country, short, Document, Kind, PageWarning};
use crate::error::PageError;

/// A parsed page and what was odd about it.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// The document to index.
    pub document: Document,
    /// Problems that did not stop parsing (bad budget, duplicate field, …).
    pub warnings: Vec<PageWarning>,
}

/// Parses page text into a document with the given id.
///
/// The text is normalised first (CRLF → LF, invisible format characters such
/// as a BOM or soft hyphens removed, NFC) so that
/// decomposed accents cannot split words and snippet offsets point into the
/// stored text.
///
/// ```
/// let page = "Titre du projet\n\n  • IDF Region\n    Afrique\n  • Budget Amount (USD)\n    37 887\nLe corps du texte.";
/// let parsed = oim_search::parse_page("p1", page).unwrap();
/// assert_eq!(parsed.document.title, "Titre du projet");
/// assert_eq!(parsed.document.region.as_deref(), Some("Afrique"));
/// assert_eq!(parsed.document.budget_usd, Some(37887.0));
/// assert_eq!(parsed.document.body, "Le corps du texte.");
/// ```
///
/// # Errors
/// [`PageError::Empty`] for a page with no text, [`PageError::OnlyBoilerplate`]
/// for a page holding nothing but the site menu.
pub fn parse_page(id: &str, text: &str) -> Result<ParsedPage, PageError> {
    let text = normalise(text);
    if text.trim().is_empty() {
        return Err(PageError::Empty);
    }
    let (lines, had_menu) = lines_after_menu(&text);
    let mut at = skip_blank(&lines, 0);
    if at >= lines.len() {
        return Err(PageError::OnlyBoilerplate);
    }
    let mut warnings = Vec::new();
    let mut doc = Document {
        id: id.to_string(),
        ..Document::default()
    };

    // A title is any first line that does not open the metadata block.
    let mut title = None;
    if !opens_metadata(&lines, at) {
        title = Some(lines[at].trim().to_string());
        at = skip_blank(&lines, at + 1);
    }
    let (fields, after_fields) = read_metadata(&lines, at);
    let has_field_block = after_fields > at;
    at = skip_blank(&lines, after_fields);
    apply_fields(&mut doc, fields, &mut warnings);

    doc.kind = if doc_has_metadata(&doc) {
        Kind::Project
    } else {
        Kind::News
    };
    let mut body = read_body(&mut doc, &lines[at..]);
    doc.title = title_or_first_body_line(title, &body, &mut warnings)?;
    cap_long_title(&mut doc.title, &mut body, &mut warnings);
    let recognised = had_menu || has_field_block || doc.dateline.is_some() || doc.contact.is_some();
    if !recognised {
        warnings.push(PageWarning::NoLayout);
    }
    doc.body = body;
    if doc.kind == Kind::News {
        infer_news_countries(&mut doc);
    }
    Ok(ParsedPage {
        document: doc,
        warnings,
    })
}

/// The page's lines after the site menu, trimmed at the end, and whether
/// there was a menu (a sign the page has a known layout).
fn lines_after_menu(text: &str) -> (Vec<&str>, bool) {
    let lines: Vec<&str> = text.lines().collect();
    let start = menu_prefix_len(&lines);
    let kept = lines[start..].iter().map(|l| l.trim_end()).collect();
    (kept, start > 0)
}

/// The body from the lines after the metadata block. On a news page the
/// contact line and the dateline are also read into their fields (the
/// contact line leaves the body: it is not part of the story).
fn read_body(doc: &mut Document, lines: &[&str]) -> String {
    let mut body_lines: Vec<&str> = lines.to_vec();
    while body_lines.last().is_some_and(|l| l.trim().is_empty()) {
        body_lines.pop();
    }
    if doc.kind == Kind::News {
        if let Some(pos) = body_lines.iter().rposition(|l| is_contact_line(l)) {
            doc.contact = Some(body_lines[pos].trim().to_string());
            body_lines.remove(pos);
        }
        doc.dateline = body_lines.first().and_then(|l| dateline(l));
    }
    strip_wrapping_quotes(body_lines.join("\n").trim().to_string())
}

/// The page's title line, or else the first body line (with a warning).
///
/// # Errors
/// [`PageError::OnlyBoilerplate`] when there is neither.
fn title_or_first_body_line(
    title: Option<String>,
    body: &str,
    warnings: &mut Vec<PageWarning>,
) -> Result<String, PageError> {
    if let Some(title) = title {
        return Ok(title);
    }
    let first = body.lines().next().unwrap_or("").trim().to_string();
    if first.is_empty() {
        return Err(PageError::OnlyBoilerplate);
    }
    warnings.push(PageWarning::NoTitle);
    Ok(first)
}

/// Cuts a title over [`MAX_TITLE_CHARS`] (with a warning); the whole line
/// moves to the top of the body, so the cut part stays findable.
pub(crate) fn cap_long_title(
    title: &mut String,
    body: &mut String,
    warnings: &mut Vec<PageWarning>,
) {
    let Some(short) = cap_title(title) else {
        return;
    };
    warnings.push(PageWarning::LongTitle {
        chars: title.chars().count(),
        kept: short.chars().count(),
    });
    *body = if body.is_empty() {
        std::mem::take(title)
    } else {
        format!("{title}\n{body}")
    };
    *title = short;
}

/// Longest title kept, in characters: real titles run to about 250; a page
/// with no layout can make one line of megabytes the title.
pub const MAX_TITLE_CHARS: usize = 300;

/// A title over [`MAX_TITLE_CHARS`] cut at the last word boundary before
/// it, with `…`; `None` when the title is short enough.
fn cap_title(title: &str) -> Option<String> {
    let (cut, _) = title.char_indices().nth(MAX_TITLE_CHARS)?;
    let head = &title[..cut];
    // one unbroken word of 300 characters is cut where it stands
    let end = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .unwrap_or(cut);
    let kept = head[..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–".contains(c));
    Some(format!("{kept}…"))
}

/// Line endings, then the one normal form of every text (format
/// characters such as a BOM or soft hyphens removed, NFC).
fn normalise(text: &str) -> String {
    let mut text: String = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    to_normal_form(&mut text);
    text
}

fn skip_blank(lines: &[&str], mut at: usize) -> usize {
    while at < lines.len() && lines[at].trim().is_empty() {
        at += 1;
    }
    at
}

fn bullet_label(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix('•').map(str::trim)
}

fn opens_metadata(lines: &[&str], at: usize) -> bool {
    bullet_label(lines[at]).is_some()
        || (lines[at].trim() == "-"
            && lines
                .get(at + 1)
                .is_some_and(|l| FieldLabel::from_label(l).is_some()))
}

/// Reads a metadata block in layout A or B; returns (label, value) pairs in
/// page order and the index of the first line after the block.
fn read_metadata(lines: &[&str], mut at: usize) -> (Vec<(String, String)>, usize) {
    let mut fields = Vec::new();
    loop {
        let next = skip_blank(lines, at);
        if next >= lines.len() {
            return (fields, next);
        }
        if let Some(label) = bullet_label(lines[next]) {
            // layout A: value lines are indented and follow the bullet
            let mut value = Vec::new();
            let mut i = next + 1;
            while i < lines.len()
                && bullet_label(lines[i]).is_none()
                && (lines[i].starts_with(char::is_whitespace) || lines[i].is_empty())
            {
                if !lines[i].trim().is_empty() {
                    value.push(lines[i].trim());
                }
                i += 1;
            }
            fields.push((label.to_string(), value.join(" ")));
            at = i;
        } else if lines[next].trim() == "-"
            && next + 1 < lines.len()
            && lines[next + 1].trim() != "-"
        {
            // layout B: `-`, label, one value line
            let label = lines[next + 1].trim().to_string();
            let value_line = lines.get(next + 2).map(|l| l.trim()).unwrap_or("");
            let (value, used) = if value_line == "-" {
                ("", 2)
            } else {
                (value_line, 3)
            };
            fields.push((label, value.to_string()));
            // a page may end right after a label
            at = (next + used).min(lines.len());
        } else {
            return (fields, next);
        }
    }
}

fn apply_fields(
    doc: &mut Document,
    fields: Vec<(String, String)>,
    warnings: &mut Vec<PageWarning>,
) {
    let mut seen: Vec<FieldLabel> = Vec::new();
    let mut extra = BTreeMap::new();
    for (label, value) in fields {
        let Some(field) = FieldLabel::from_label(&label) else {
            match extra.entry(label) {
                Entry::Occupied(e) => warnings.push(PageWarning::FieldTwice {
                    label: e.key().clone(),
                }),
                Entry::Vacant(e) => {
                    e.insert(value);
                }
            }
            continue;
        };
        if seen.contains(&field) {
            warnings.push(PageWarning::FieldTwice { label });
            continue;
        }
        seen.push(field);
        let text = (!value.is_empty()).then(|| value.clone());
        let year = |warnings: &mut Vec<PageWarning>| {
            let y = parse_year(&value);
            if y.is_none() && !value.is_empty() {
                warnings.push(PageWarning::NotAYear {
                    label: label.clone(),
                    value: short(&value).into_owned(),
                });
            }
            y
        };
        match field {
            FieldLabel::StartYear => doc.start_year = year(warnings),
            FieldLabel::EndYear => doc.end_year = year(warnings),
            FieldLabel::Year => doc.year = year(warnings),
            FieldLabel::Status => doc.status = text,
            FieldLabel::ProjectType => doc.project_type = text,
            FieldLabel::Coverage => doc.coverage = text,
            FieldLabel::Region => doc.region = text,
            FieldLabel::PrimaId => doc.prima_id = text,
            FieldLabel::ProjectId => doc.project_id = text,
            FieldLabel::Budget => {
                doc.budget_usd = parse_budget(&value)
                    .map_err(|problem| {
                        warnings.push(PageWarning::Budget {
                            problem,
                            value: short(&value).into_owned(),
                        })
                    })
                    .ok();
            }
            FieldLabel::Countries => {
                let (countries, unknown) = gazetteer().split_countries(&value);
                doc.countries = countries;
                for name in unknown {
                    if let Some(warning) = overlong_country(&name) {
                        warnings.push(warning);
                        continue;
                    }
                    warnings.push(PageWarning::UnknownCountry { name: name.clone() });
                    doc.countries.push(name);
                }
            }
        }
    }
    doc.extra = extra;
}

fn doc_has_metadata(doc: &Document) -> bool {
    doc.region.is_some()
        || doc.project_type.is_some()
        || doc.status.is_some()
        || doc.budget_usd.is_some()
        || doc.project_id.is_some()
        || doc.prima_id.is_some()
        || !doc.countries.is_empty()
        || doc.start_year.is_some()
        || doc.end_year.is_some()
        || doc.year.is_some()
        || !doc.extra.is_empty()
}

fn is_contact_line(line: &str) -> bool {
    let key = crate::analysis::fold_key(line);
    key.starts_with("pour plus d informations")
        || key.starts_with("pour de plus amples informations")
}

/// `Douchanbé – L’Asie centrale…` → `Douchanbé`: a short place name before a dash.
fn dateline(line: &str) -> Option<String> {
    for sep in [" – ", " — ", " - "] {
        if let Some((head, _)) = line.split_once(sep) {
            let head = head.trim();
            let words = head.split_whitespace().count();
            if !head.is_empty()
                && words <= 4
                && head.chars().next().is_some_and(char::is_uppercase)
                && !head.contains(['.', ':', '«'])
            {
                return Some(head.to_string());
            }
        }
    }
    None
}

/// A body wrapped in straight quotes (layout A pages sometimes are) loses them.
fn strip_wrapping_quotes(body: String) -> String {
    if body.len() >= 2
        && body.starts_with('"')
        && body.ends_with('"')
        && body.matches('"').count() == 2
    {
        body[1..body.len() - 1].trim().to_string()
    } else {
        body
    }
}

/// News have no metadata: their countries are those the text names, and
/// their region is the region most of those mentions belong to.
fn infer_news_countries(doc: &mut Document) {
    let text = format!(
        "{}\n{}\n{}",
        doc.title,
        doc.dateline.as_deref().unwrap_or(""),
        doc.body
    );
    let named = gazetteer().countries_named_in(&text);
    doc.countries = named.iter().map(|(c, _)| c.name.clone()).collect();
    let mut votes: Vec<(&str, usize)> = Vec::new();
    for (country, mentions) in &named {
        match votes.iter_mut().find(|(r, _)| *r == country.region) {
            Some((_, n)) => *n += mentions,
            None => votes.push((country.region.as_str(), *mentions)),
        }
    }
    // most mentions wins; ties go to the region named first (stable max)
    let best = votes
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(r, _)| r.to_string());
    if let Some(region) = best {
        doc.region = Some(region);
        doc.region_inferred = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn corpus(name: &str) -> Document {
        let path = format!("{}/corpus/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse_page(name, &text).unwrap();
        assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
        parsed.document
    }

    #[test]
    fn layout_a_project() {
        let d = corpus("000_88b2905237740b0f");
        assert_eq!(d.kind, Kind::Project);
        assert!(d
            .title
            .starts_with("Amélioration de la gestion des migrations"));
        assert_eq!(
            (d.start_year, d.end_year, d.year),
            (Some(2019), Some(2020), Some(2019))
        );
        assert_eq!(d.status.as_deref(), Some("Achevé"));
        assert_eq!(
            d.project_type.as_deref(),
            Some("Activités de politique migratoire")
        );
        assert_eq!(d.budget_usd, Some(37887.0));
        assert_eq!(d.coverage.as_deref(), Some("National"));
        assert_eq!(d.region.as_deref(), Some("Asie et Océanie"));
        assert_eq!(d.prima_id.as_deref(), Some("KG10P0501"));
        assert_eq!(d.project_id.as_deref(), Some("PO.0143"));
        assert_eq!(d.countries, ["Kirghizistan"]);
        assert!(
            d.body.starts_with("La Stratégie nationale"),
            "quotes stripped"
        );
        assert!(d.body.ends_with("dollars E.-U."));
        assert!(!d.body.contains("IDF Region"));
    }

    #[test]
    fn layout_a_multi_country() {
        let d = corpus("001_ef1731762793992b");
        assert_eq!(
            d.countries,
            ["Afghanistan", "Iran (République islamique d’)", "Pakistan"]
        );
        assert_eq!(d.project_id.as_deref(), Some("Q33-805"));
        assert_eq!(d.start_year, None);
        assert_eq!(d.budget_usd, Some(135000.0));
        assert!(d.body.starts_with("Ce projet engagera"));
    }

    #[test]
    fn layout_b_project_without_menu() {
        let d = corpus("003_30687b3d87caff90");
        assert_eq!(d.kind, Kind::Project);
        assert!(d.title.starts_with("Renforcement de la coordination"));
        assert_eq!(d.project_id.as_deref(), Some("CD.0003"));
        assert_eq!(d.prima_id.as_deref(), Some("LS10P0001"));
        assert_eq!(d.region.as_deref(), Some("Afrique"));
        assert_eq!(d.countries, ["Lesotho"]);
        assert_eq!(d.budget_usd, Some(200000.0));
        assert!(d.body.starts_with("Le moment ne pourrait"));
        assert!(!d.body.contains("Qui sommes nous") && !d.title.contains("Qui sommes"));
    }

    #[test]
    fn layout_c_news() {
        let d = corpus("002_cec12265d2153c7a");
        assert_eq!(d.kind, Kind::News);
        assert_eq!(
            d.title,
            "Le Tadjikistan prend les devants dans le processus d’Almaty"
        );
        assert_eq!(d.dateline.as_deref(), Some("Douchanbé"));
        assert!(d
            .contact
            .as_deref()
            .unwrap()
            .starts_with("Pour plus d’informations"));
        assert!(!d.body.contains("Pour plus d’informations"));
        assert!(!d.body.contains("Structure organisationnelle"));
        assert_eq!(d.region.as_deref(), Some("Asie et Océanie"));
        assert!(d.region_inferred);
        assert!(d.countries.contains(&"Tadjikistan".to_string()));
        let d = corpus("004_62139abfb5a15d44");
        assert_eq!(d.dateline.as_deref(), Some("Tachkent"));
        assert_eq!(d.region.as_deref(), Some("Asie et Océanie"));
        assert_eq!(d.countries[0], "Ouzbékistan");
    }

    #[test]
    fn bom_crlf_and_decomposed_text_parse_like_the_clean_file() {
        let clean = std::fs::read_to_string(format!(
            "{}/corpus/003_30687b3d87caff90.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let messy = format!("\u{feff}{}", clean.replace('\n', "\r\n"))
            .nfd()
            .collect::<String>();
        assert_eq!(
            parse_page("x", &messy).unwrap().document,
            parse_page("x", &clean).unwrap().document
        );
    }

    #[test]
    fn bad_pages() {
        assert!(matches!(parse_page("x", ""), Err(PageError::Empty)));
        assert!(matches!(parse_page("x", " \n\n "), Err(PageError::Empty)));
        let menu = include_str!("nav_menu.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(matches!(
            parse_page("x", &menu),
            Err(PageError::OnlyBoilerplate)
        ));
        let p = parse_page(
            "x",
            "Titre\n  • Budget Amount (USD)\n    N/A\n  • Budget Amount (USD)\n    5\nCorps",
        )
        .unwrap();
        assert_eq!(p.document.budget_usd, None);
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
        let p = parse_page(
            "x",
            "  • IDF Region\n    Afrique\nPremière ligne du corps.\nSuite.",
        )
        .unwrap();
        assert_eq!(p.document.title, "Première ligne du corps.");
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn a_page_of_one_long_line_gets_a_short_title_and_a_warning() {
        let line = "mot ".repeat(100_000);
        let p = parse_page("x", &line).unwrap();
        let title = &p.document.title;
        assert!(
            title.chars().count() <= MAX_TITLE_CHARS + 1,
            "{}",
            title.len()
        );
        assert!(title.ends_with("mot…"), "cut at a word boundary: {title}");
        assert_eq!(p.document.body, line.trim());
        assert!(p
            .warnings
            .iter()
            .any(|w| matches!(w, PageWarning::LongTitle { .. })));
        assert!(p.warnings.contains(&PageWarning::NoLayout));
        // one unbroken word is cut where it stands
        let word = "é".repeat(1000);
        let p = parse_page("y", &word).unwrap();
        assert_eq!(p.document.title.chars().count(), MAX_TITLE_CHARS + 1);
        // a page with the site's layout gets neither warning
        let page = "Titre court\n\n  • IDF Region\n    Afrique\nCorps.";
        assert!(parse_page("z", page).unwrap().warnings.is_empty());
    }
}
