//! Reporting: the CSV and XLSX writers read back by independent readers,
//! formula-injection guards, and (over the fixture sets) aggregates and
//! exports compared with figures recomputed from the parsed pages.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use oim_search::{
    CsvDialect, CsvWriter, Document, ExportRow, Kind, RowWriter, XlsxWriter, COLUMNS,
};

/// An RFC 4180 reader (quoted fields, doubled quotes, CRLF records), kept
/// apart from the writer so a shared mistake cannot hide.
pub fn parse_csv(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == separator => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            c => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record must end with CRLF"
    );
    records
}

/// Pages whose titles try every quoting and injection case.
fn tricky_documents() -> Vec<Document> {
    let titles = [
        "Frontières; sécurité et « gestion »",
        "Le projet \"Diaspora\", phase 2",
        "Deux lignes\nde titre",
        "L’OIM au Tadjikistan",
        "=HYPERLINK(\"http://exemple.invalid\";\"clic\")",
        "+33 1 23 45 67 89",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
    ];
    titles
        .iter()
        .enumerate()
        .map(|(i, title)| Document {
            id: format!("t{i}"),
            kind: if i % 2 == 0 {
                Kind::Project
            } else {
                Kind::News
            },
            title: title.to_string(),
            region: Some("Europe et Asie centrale".into()),
            region_inferred: i % 2 == 1,
            countries: vec!["Côte d’Ivoire".into(), "Tadjikistan".into()],
            start_year: Some(2015 + i as i32),
            end_year: Some(2017 + i as i32),
            budget_usd: (i != 3).then_some(1_234_567.5 + i as f64),
            ..Document::default()
        })
        .collect()
}

fn write_csv(docs: &[Document], dialect: CsvDialect) -> String {
    let mut out = Vec::new();
    let mut writer = CsvWriter::new(&mut out, dialect).unwrap();
    for doc in docs {
        let file = format!("{}.txt", doc.id);
        writer.write_row(&ExportRow::new(doc, Some(&file))).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    String::from_utf8(out).expect("CSV is UTF-8")
}

#[test]
fn csv_round_trips_quotes_separators_newlines_and_apostrophes() {
    let docs = tricky_documents();
    let text = write_csv(&docs, CsvDialect::Rfc4180);
    assert!(!text.starts_with('\u{feff}'), "plain CSV has no BOM");
    let records = parse_csv(&text, ',');
    assert_eq!(records.len(), docs.len() + 1);
    let keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
    assert_eq!(records[0], keys);
    for (record, doc) in records[1..].iter().zip(&docs) {
        assert_eq!(record.len(), COLUMNS.len());
        let title = &record[2];
        if oim_search::is_formula_like(&doc.title) {
            // kept as text: a leading quote, then the title unchanged
            assert_eq!(title, &format!("'{}", doc.title));
        } else {
            assert_eq!(title, &doc.title);
        }
        assert_eq!(record[10], "Côte d’Ivoire; Tadjikistan");
        assert_eq!(record[6], if doc.region_inferred { "inferred" } else { "" });
        match doc.budget_usd {
            Some(b) => assert_eq!(record[13].parse::<f64>().unwrap(), b),
            None => assert_eq!(record[13], ""),
        }
        assert_eq!(record[14], format!("{}.txt", doc.id));
    }
}

#[test]
fn french_excel_csv_has_bom_semicolons_and_decimal_comma() {
    let docs = tricky_documents();
    let text = write_csv(&docs, CsvDialect::FrenchExcel);
    let body = text.strip_prefix('\u{feff}').expect("BOM first");
    let records = parse_csv(body, ';');
    assert_eq!(records.len(), docs.len() + 1);
    assert_eq!(records[0][2], "Titre");
    assert_eq!(records[0][13], "Budget (USD)");
    assert_eq!(records[1][2], "Frontières; sécurité et « gestion »");
    assert_eq!(records[1][13], "1234567,50");
    assert_eq!(records[2][13], "1234568,50");
}

#[test]
fn no_csv_field_starts_with_a_formula_character() {
    for (dialect, separator) in [(CsvDialect::Rfc4180, ','), (CsvDialect::FrenchExcel, ';')] {
        let text = write_csv(&tricky_documents(), dialect);
        let records = parse_csv(text.trim_start_matches('\u{feff}'), separator);
        for field in records.iter().flatten() {
            assert!(
                !oim_search::is_formula_like(field),
                "{dialect:?}: field {field:?} would be evaluated"
            );
        }
    }
}

fn write_xlsx(docs: &[Document]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = XlsxWriter::new(&mut bytes).unwrap();
    for doc in docs {
        writer.write_row(&ExportRow::new(doc, None)).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    bytes
}

#[test]
fn xlsx_reads_back_with_typed_cells_and_no_formula() {
    let docs = tricky_documents();
    let bytes = write_xlsx(&docs);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Résultats"]);
    let range = book.worksheet_range("Résultats").unwrap();
    assert_eq!(range.height(), docs.len() + 1);
    assert_eq!(range.width(), COLUMNS.len());
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let headings: Vec<&str> = COLUMNS.iter().map(|c| c.heading).collect();
    assert_eq!(header, headings);
    for (row, doc) in range.rows().skip(1).zip(&docs) {
        // titles come back exactly, as strings, whatever their first character
        assert_eq!(row[2], Data::String(doc.title.clone()));
        assert_eq!(row[1], Data::String(doc.kind.as_str().to_string()));
        assert_eq!(row[11], Data::Float(f64::from(doc.start_year.unwrap())));
        match doc.budget_usd {
            Some(b) => assert_eq!(row[13], Data::Float(b)),
            None => assert_eq!(row[13], Data::Empty),
        }
        assert_eq!(row[10], Data::String("Côte d’Ivoire; Tadjikistan".into()));
    }
    let formulas = book.worksheet_formula("Résultats").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of the export is a formula"
    );
}

#[test]
fn xlsx_keeps_formula_like_text_quoted_for_excel() {
    // the quote-prefix style is what keeps Excel from turning an edited
    // `=…` cell into a formula; it must be in the workbook's styles
    let bytes = write_xlsx(&tricky_documents());
    let mut archive = zip_entries(&bytes);
    let styles = archive.remove("xl/styles.xml").expect("styles part");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let sheet = archive
        .remove("xl/worksheets/sheet1.xml")
        .expect("sheet part");
    assert!(!sheet.contains("<f>"), "no formula element in the sheet");
    assert!(sheet.contains("<pane ySplit=\"1\""), "header row frozen");
    assert!(sheet.contains("<col "), "column widths set");
}

/// The text parts of a zip archive, by name.
fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().unwrap().to_string(), text)
        })
        .collect()
}
