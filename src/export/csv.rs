//! CSV writer: RFC 4180 in UTF-8, or the variant French Excel opens without
//! an import wizard (BOM, `;`, decimal comma). Each row goes to the output as
//! it is written; the output should be buffered by the caller or is
//! buffered here.

use std::io::{BufWriter, Write};

use super::{is_formula_like, Cell, ExportOptions, ExportRow, RowWriter, COLUMNS, LINK_COLUMN};
use crate::error::{Error, Result};

/// Which CSV flavour to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvDialect {
    /// RFC 4180: `,` between fields, `.` decimals, column keys as headers.
    Rfc4180,
    /// French Excel: a UTF-8 BOM (without it Excel reads the file as
    /// Windows-1252 and breaks every accent), `;` between fields (the
    /// French list separator; `,` is the decimal mark there), decimal comma,
    /// French headings and values ([`ExportRow::cells_in_french`]).
    FrenchExcel,
}

impl CsvDialect {
    fn separator(self) -> u8 {
        match self {
            CsvDialect::Rfc4180 => b',',
            CsvDialect::FrenchExcel => b';',
        }
    }
}

/// Writes rows as CSV (CRLF line ends in both dialects, as RFC 4180 says).
///
/// ```
/// use oim_search::{CsvDialect, CsvWriter, Document, ExportRow, RowWriter};
/// let doc = Document { id: "a".into(), title: "Réfugiés; \"Soudan\"".into(), budget_usd: Some(37887.5), ..Document::default() };
/// let mut out = Vec::new();
/// let mut w = CsvWriter::new(&mut out, CsvDialect::FrenchExcel)?;
/// w.write_row(&ExportRow::new(&doc, None))?;
/// w.finish()?;
/// drop(w);
/// let text = String::from_utf8(out)?;
/// assert!(text.starts_with("\u{feff}Identifiant;Type de page;Titre;"));
/// assert!(text.contains("a;projet;\"Réfugiés; \"\"Soudan\"\"\";"));
/// assert!(text.ends_with(";37887,50;\r\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CsvWriter<W: Write> {
    out: BufWriter<W>,
    dialect: CsvDialect,
    /// Reused for each row.
    line: Vec<u8>,
    /// Where each row's link starts, when the file has a link column.
    link_prefix: Option<String>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer that has written the header row.
    ///
    /// # Errors
    /// [`Error::Export`] when the output cannot be written.
    pub fn new(out: W, dialect: CsvDialect) -> Result<CsvWriter<W>> {
        Self::with_options(out, dialect, &ExportOptions::default())
    }

    /// A writer that has written the header row, with a link column when
    /// `options` give a link prefix (the search sheet is a workbook's only).
    ///
    /// # Errors
    /// [`Error::Export`] when the output cannot be written.
    pub fn with_options(
        out: W,
        dialect: CsvDialect,
        options: &ExportOptions<'_>,
    ) -> Result<CsvWriter<W>> {
        let mut writer = CsvWriter {
            out: BufWriter::with_capacity(64 * 1024, out),
            dialect,
            line: Vec::with_capacity(1024),
            link_prefix: options.link_prefix.map(str::to_string),
        };
        if dialect == CsvDialect::FrenchExcel {
            writer.line.extend_from_slice("\u{feff}".as_bytes());
        }
        let link = writer.link_prefix.as_ref().map(|_| &LINK_COLUMN);
        for (i, column) in COLUMNS.iter().chain(link).enumerate() {
            if i > 0 {
                writer.line.push(dialect.separator());
            }
            let heading = match dialect {
                CsvDialect::Rfc4180 => column.key,
                CsvDialect::FrenchExcel => column.heading,
            };
            push_text(&mut writer.line, heading, dialect.separator());
        }
        writer.end_line()?;
        Ok(writer)
    }

    fn end_line(&mut self) -> Result<()> {
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line).map_err(write_error)?;
        self.line.clear();
        Ok(())
    }
}

fn write_error(e: std::io::Error) -> Error {
    Error::Export {
        message: "cannot write the CSV".to_string(),
        source: Some(e),
    }
}

/// Appends a text field: quoted when it holds the separator, a quote or a
/// line break (quotes doubled), and when it looks like a formula, after a
/// `'` that makes spreadsheets show it as text.
fn push_text(line: &mut Vec<u8>, text: &str, separator: u8) {
    let guard = is_formula_like(text);
    let quote = guard
        || text
            .bytes()
            .any(|b| b == separator || matches!(b, b'"' | b'\r' | b'\n'));
    if !quote {
        line.extend_from_slice(text.as_bytes());
        return;
    }
    line.push(b'"');
    if guard {
        line.push(b'\'');
    }
    for b in text.bytes() {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// An amount with two decimals and the dialect's decimal mark, no grouping.
fn push_amount(line: &mut Vec<u8>, amount: f64, dialect: CsvDialect) {
    let text = format!("{amount:.2}");
    match dialect {
        CsvDialect::Rfc4180 => line.extend_from_slice(text.as_bytes()),
        CsvDialect::FrenchExcel => line.extend_from_slice(text.replace('.', ",").as_bytes()),
    }
}

impl<W: Write> RowWriter for CsvWriter<W> {
    fn write_row(&mut self, row: &ExportRow<'_>) -> Result<()> {
        let separator = self.dialect.separator();
        let cells = match self.dialect {
            CsvDialect::Rfc4180 => row.cells(),
            CsvDialect::FrenchExcel => row.cells_in_french(),
        };
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.line.push(separator);
            }
            match cell {
                Cell::Text(text) => push_text(&mut self.line, text, separator),
                Cell::Year(year) => self.line.extend_from_slice(year.to_string().as_bytes()),
                Cell::Amount(amount) => push_amount(&mut self.line, amount, self.dialect),
                Cell::Empty => {}
            }
        }
        if let Some(prefix) = &self.link_prefix {
            let link = row.link(prefix);
            self.line.push(separator);
            push_text(&mut self.line, &link, separator);
        }
        self.end_line()
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str, separator: u8) -> String {
        let mut line = Vec::new();
        push_text(&mut line, text, separator);
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn quoting_table() {
        for (text, separator, expected) in [
            ("plain", b',', "plain"),
            ("a,b", b',', "\"a,b\""),
            ("a,b", b';', "a,b"),
            ("a;b", b';', "\"a;b\""),
            ("a;b", b',', "a;b"),
            ("dit \"oui\"", b',', "\"dit \"\"oui\"\"\""),
            ("deux\nlignes", b',', "\"deux\nlignes\""),
            ("retour\r\n", b';', "\"retour\r\n\""),
            ("l’OIM", b',', "l’OIM"),
            ("=SUM(A1:A9)", b',', "\"'=SUM(A1:A9)\""),
            ("+33", b';', "\"'+33\""),
            ("-2", b',', "\"'-2\""),
            ("@cmd", b',', "\"'@cmd\""),
            ("\t=1", b',', "\"'\t=1\""),
            ("=\"x\"", b',', "\"'=\"\"x\"\"\""),
            ("", b',', ""),
        ] {
            assert_eq!(field(text, separator), expected, "{text:?}");
        }
    }

    #[test]
    fn amounts_use_the_dialect_decimal_mark() {
        let mut line = Vec::new();
        push_amount(&mut line, 1_234_567.5, CsvDialect::Rfc4180);
        line.push(b' ');
        push_amount(&mut line, 1_234_567.5, CsvDialect::FrenchExcel);
        assert_eq!(String::from_utf8(line).unwrap(), "1234567.50 1234567,50");
    }

    #[test]
    fn header_then_one_line_per_row() {
        let doc = crate::Document {
            id: "x".into(),
            title: "a\nb".into(),
            start_year: Some(2019),
            ..Default::default()
        };
        let mut out = Vec::new();
        let mut w = CsvWriter::new(&mut out, CsvDialect::Rfc4180).unwrap();
        for _ in 0..3 {
            w.write_row(&ExportRow::new(&doc, None)).unwrap();
        }
        w.finish().unwrap();
        drop(w);
        let text = String::from_utf8(out).unwrap();
        // the quoted newline inside the title is not a record end
        assert_eq!(text.matches("\r\n").count(), 4);
        assert!(text.starts_with(
            "id,kind,title,project_id,prima_id,region,region_inferred,project_type,status,coverage,countries,start_year,end_year,budget_usd,file\r\n"
        ));
        assert!(text.ends_with("x,project,\"a\nb\",,,,,,,,,2019,,,\r\n"));
    }
}
