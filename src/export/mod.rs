//! Tables of matches for spreadsheets: one [`ExportRow`] per document, the
//! fixed list of [`COLUMNS`], and writers that emit rows as they come (never
//! holding the table): CSV after RFC 4180, the CSV variant French Excel
//! opens as it is, and XLSX. Finding the matches is left to the engine.
//!
//! The data comes from scraped pages, so every text cell is guarded against
//! formula injection (OWASP "CSV Injection"): see [`is_formula_like`].
//!
//! ```
//! use oim_search::{CsvWriter, CsvDialect, Document, ExportRow, RowWriter};
//!
//! let doc = Document { id: "p1".into(), title: "=1+1".into(), budget_usd: Some(1500.5), ..Document::default() };
//! let mut out = Vec::new();
//! let mut writer = CsvWriter::new(&mut out, CsvDialect::Rfc4180)?;
//! writer.write_row(&ExportRow::new(&doc, Some("p1.txt")))?;
//! writer.finish()?;
//! drop(writer);
//! let text = String::from_utf8(out)?;
//! assert!(text.starts_with("id,kind,title,"));
//! assert!(text.contains("p1,project,\"'=1+1\","));
//! assert!(text.contains(",1500.50,p1.txt\r\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod csv;
mod xlsx;

pub use csv::{CsvDialect, CsvWriter};
pub use xlsx::{XlsxWriter, XLSX_MAX_ROWS};

use crate::document::Document;
use crate::error::Result;

/// The export formats.
///
/// ```
/// use oim_search::ExportFormat;
/// assert_eq!("xlsx".parse::<ExportFormat>(), Ok(ExportFormat::Xlsx));
/// assert_eq!(ExportFormat::ExcelCsv.file_name("export"), "export-excel.csv");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180 CSV in UTF-8: `,`, `"` quoting, CRLF line ends, `.` decimals.
    Csv,
    /// CSV as French Excel reads it: UTF-8 with BOM, `;`, decimal comma,
    /// French headings and values.
    ExcelCsv,
    /// An Excel workbook: typed cells, French headings and values.
    Xlsx,
}

impl ExportFormat {
    /// The MIME type of the format.
    ///
    /// ```
    /// assert_eq!(oim_search::ExportFormat::Csv.content_type(), "text/csv; charset=utf-8");
    /// ```
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            // the header=present parameter of RFC 4180 tells the BOM apart from data
            ExportFormat::ExcelCsv => "text/csv; charset=utf-8; header=present",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// A file name for an export, from a stem (`recherche` → `recherche.xlsx`).
    ///
    /// ```
    /// assert_eq!(oim_search::ExportFormat::Xlsx.file_name("recherche"), "recherche.xlsx");
    /// ```
    pub fn file_name(self, stem: &str) -> String {
        match self {
            ExportFormat::Csv => format!("{stem}.csv"),
            ExportFormat::ExcelCsv => format!("{stem}-excel.csv"),
            ExportFormat::Xlsx => format!("{stem}.xlsx"),
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<ExportFormat, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "excel-csv" | "csv-excel" => Ok(ExportFormat::ExcelCsv),
            "xlsx" | "excel" => Ok(ExportFormat::Xlsx),
            _ => Err(format!("unknown format `{s}`: use csv, excel-csv or xlsx")),
        }
    }
}

/// One column of the table: its key (CSV header), its French heading (for
/// the formats people open in Excel) and its XLSX width in characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Header of the RFC 4180 CSV (`project_id`).
    pub key: &'static str,
    /// Header of the Excel formats (`Projet ID`).
    pub heading: &'static str,
    /// XLSX column width, in characters.
    pub width: f64,
}

const fn column(key: &'static str, heading: &'static str, width: f64) -> Column {
    Column {
        key,
        heading,
        width,
    }
}

/// The columns of every export, in order.
///
/// ```
/// let keys: Vec<&str> = oim_search::COLUMNS.iter().map(|c| c.key).collect();
/// assert_eq!(keys[..3], ["id", "kind", "title"]);
/// assert_eq!(keys.last(), Some(&"file"));
/// ```
pub const COLUMNS: [Column; 15] = [
    column("id", "Identifiant", 24.0),
    column("kind", "Type de page", 10.0),
    column("title", "Titre", 60.0),
    column("project_id", "Projet ID", 11.0),
    column("prima_id", "Prima ID", 12.0),
    column("region", "Région", 22.0),
    column("region_inferred", "Région déduite", 10.0),
    column("project_type", "Type de projet", 36.0),
    column("status", "Statut", 12.0),
    column("coverage", "Couverture", 12.0),
    column("countries", "Pays", 30.0),
    column("start_year", "Début", 7.0),
    column("end_year", "Fin", 7.0),
    column("budget_usd", "Budget (USD)", 15.0),
    column("file", "Fichier", 28.0),
];

/// The column of the links to the document pages, after [`COLUMNS`], when
/// [`ExportOptions::link_prefix`] is set.
pub const LINK_COLUMN: Column = column("link", "Lien", 60.0);

/// What an export for people carries besides its rows: a link per row to
/// the document's page, and a sheet that says which search it holds. The
/// default adds neither, and the files are those of [`CsvWriter::new`] and
/// [`XlsxWriter::new`].
///
/// ```
/// use oim_search::{Cell, CsvDialect, CsvWriter, Document, ExportOptions, ExportRow, RowWriter};
/// let options = ExportOptions {
///     link_prefix: Some("https://recherche.example.org/documents/"),
///     search_sheet: vec![("Recherche", Cell::Text("diaspora")), ("Résultats", Cell::Year(1))],
/// };
/// let doc = Document { id: "p 1".into(), ..Document::default() };
/// let mut out = Vec::new();
/// let mut w = CsvWriter::with_options(&mut out, CsvDialect::FrenchExcel, &options)?;
/// w.write_row(&ExportRow::new(&doc, None))?;
/// w.finish()?;
/// drop(w);
/// let text = String::from_utf8(out)?;
/// assert!(text.contains(";Fichier;Lien\r\n"));
/// assert!(text.ends_with(";https://recherche.example.org/documents/p%201\r\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportOptions<'a> {
    /// The start of each row's link (`https://host/documents/`); the
    /// row's id follows, percent-encoded. `None`: no link column.
    pub link_prefix: Option<&'a str>,
    /// The lines of a « Recherche » sheet, label then value (the query, the
    /// filters, the date, the total…), put before the results in a
    /// workbook. CSV has one table only and leaves it out.
    pub search_sheet: Vec<(&'a str, Cell<'a>)>,
}

/// `prefix` followed by `id`, every byte but the unreserved ones of RFC 3986
/// percent-encoded, so an id never breaks out of its link.
pub(crate) fn document_link(prefix: &str, id: &str) -> String {
    let mut link = String::with_capacity(prefix.len() + id.len());
    link.push_str(prefix);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            link.push(b as char);
        } else {
            link.push_str(&format!("%{b:02X}"));
        }
    }
    link
}

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text (guarded against formula injection by the writers).
    Text(&'a str),
    /// A year.
    Year(i32),
    /// An amount in USD.
    Amount(f64),
    /// No value.
    Empty,
}

/// One document as a table row, borrowing its text.
///
/// ```
/// use oim_search::{Cell, Document, ExportRow, Kind};
/// let doc = Document { kind: Kind::News, region: Some("Afrique".into()), region_inferred: true, ..Document::default() };
/// let row = ExportRow::new(&doc, None);
/// let cells = row.cells();
/// assert_eq!(cells[1], Cell::Text("news"));
/// assert_eq!((cells[5], cells[6]), (Cell::Text("Afrique"), Cell::Text("inferred")));
/// ```
#[derive(Debug, Clone)]
pub struct ExportRow<'a> {
    doc: &'a Document,
    countries: String,
    file: Option<&'a str>,
}

impl<'a> ExportRow<'a> {
    /// The row of a document; `file` is the name of the page it was read
    /// from, if it came from a corpus file.
    pub fn new(doc: &'a Document, file: Option<&'a str>) -> ExportRow<'a> {
        ExportRow {
            doc,
            countries: doc.countries.join("; "),
            file,
        }
    }

    /// The cells, with the values the pages write in English given in
    /// French, for the files people open (French headings): `project` →
    /// `projet`, `news` → `actualité`, `inferred` → `déduite`, `Global` →
    /// `Mondial`, `Regional` → `Régional`. [`ExportRow::cells`] keeps the
    /// values as the index and the API spell them.
    ///
    /// ```
    /// use oim_search::{Cell, Document, ExportRow, Kind};
    /// let doc = Document { kind: Kind::News, region: Some("Global".into()), region_inferred: true, ..Document::default() };
    /// let row = ExportRow::new(&doc, None);
    /// let cells = row.cells_in_french();
    /// assert_eq!(cells[1], Cell::Text("actualité"));
    /// assert_eq!((cells[5], cells[6]), (Cell::Text("Mondial"), Cell::Text("déduite")));
    /// ```
    pub fn cells_in_french(&self) -> [Cell<'_>; 15] {
        let mut cells = self.cells();
        for (cell, column) in cells.iter_mut().zip(&COLUMNS) {
            if let Cell::Text(text) = cell {
                *text = french_value(column.key, text);
            }
        }
        cells
    }

    /// The link to the row's document page, after `prefix`.
    pub(crate) fn link(&self, prefix: &str) -> String {
        document_link(prefix, &self.doc.id)
    }

    /// The cells, in [`COLUMNS`] order.
    pub fn cells(&self) -> [Cell<'_>; 15] {
        let d = self.doc;
        let text = |v: &'a Option<String>| v.as_deref().map_or(Cell::Empty, Cell::Text);
        let year = |v: Option<i32>| v.map_or(Cell::Empty, Cell::Year);
        [
            Cell::Text(&d.id),
            Cell::Text(d.kind.as_str()),
            Cell::Text(&d.title),
            text(&d.project_id),
            text(&d.prima_id),
            text(&d.region),
            if d.region.is_some() && d.region_inferred {
                Cell::Text("inferred")
            } else {
                Cell::Empty
            },
            text(&d.project_type),
            text(&d.status),
            text(&d.coverage),
            if self.countries.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(&self.countries)
            },
            year(d.start_year),
            year(d.end_year),
            d.budget_usd.map_or(Cell::Empty, Cell::Amount),
            self.file.map_or(Cell::Empty, Cell::Text),
        ]
    }
}

/// The French of a value the pages write in English, in one column.
fn french_value<'a>(column: &str, value: &'a str) -> &'a str {
    match (column, value) {
        ("kind", "project") => "projet",
        ("kind", "news") => "actualité",
        ("region_inferred", "inferred") => "déduite",
        // the page's word for worldwide projects, in both columns
        ("region" | "coverage", "Global") => "Mondial",
        ("coverage", "Regional") => "Régional",
        _ => value,
    }
}

/// A table being written, one row at a time.
pub trait RowWriter {
    /// Writes one row.
    ///
    /// # Errors
    /// [`crate::Error::Export`] when the output cannot be written or the
    /// format's limits are reached.
    fn write_row(&mut self, row: &ExportRow<'_>) -> Result<()>;

    /// Completes the output (flushes, closes the workbook); call it once,
    /// after the last row.
    ///
    /// # Errors
    /// [`crate::Error::Export`] when the output cannot be written.
    fn finish(&mut self) -> Result<()>;
}

/// True for text a spreadsheet would read as a formula or a command: it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list).
/// The writers keep such text as text: CSV prefixes a `'` and quotes the
/// field, XLSX writes a string cell with Excel's quote-prefix flag.
///
/// ```
/// assert!(oim_search::is_formula_like("=HYPERLINK(\"http://x\")"));
/// assert!(oim_search::is_formula_like("-2+3"));
/// assert!(!oim_search::is_formula_like("Migration – 2019"));
/// ```
pub fn is_formula_like(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_table() {
        for (text, expected) in [
            ("=1+1", true),
            ("+33 1 23", true),
            ("-", true),
            ("@SUM(A1)", true),
            ("\tx", true),
            ("\rx", true),
            ("", false),
            (" =1", false),
            ("’apostrophe", false),
            ("Réfugiés", false),
        ] {
            assert_eq!(is_formula_like(text), expected, "{text:?}");
        }
    }

    #[test]
    fn links_encode_every_reserved_byte() {
        for (id, expected) in [
            ("003_ab", "/d/003_ab"),
            ("a b/c?d#e", "/d/a%20b%2Fc%3Fd%23e"),
            ("é", "/d/%C3%A9"),
            ("\"><x", "/d/%22%3E%3Cx"),
        ] {
            assert_eq!(document_link("/d/", id), expected, "{id:?}");
        }
    }

    #[test]
    fn french_values_table() {
        for (column, value, expected) in [
            ("kind", "project", "projet"),
            ("kind", "news", "actualité"),
            ("region_inferred", "inferred", "déduite"),
            ("region", "Global", "Mondial"),
            ("coverage", "Global", "Mondial"),
            ("coverage", "Regional", "Régional"),
            ("coverage", "National", "National"),
            ("title", "project", "project"),
        ] {
            assert_eq!(french_value(column, value), expected, "{column} {value}");
        }
    }

    #[test]
    fn row_follows_the_columns() {
        let doc = Document {
            id: "003_x".into(),
            title: "Titre".into(),
            project_id: Some("CD.0003".into()),
            region: Some("Afrique".into()),
            countries: vec!["Lesotho".into(), "Malawi".into()],
            start_year: Some(2019),
            budget_usd: Some(200_000.0),
            ..Document::default()
        };
        let row = ExportRow::new(&doc, Some("003_x.txt"));
        let cells = row.cells();
        let at = |key: &str| cells[COLUMNS.iter().position(|c| c.key == key).unwrap()];
        assert_eq!(at("project_id"), Cell::Text("CD.0003"));
        assert_eq!(at("region_inferred"), Cell::Empty);
        assert_eq!(at("countries"), Cell::Text("Lesotho; Malawi"));
        assert_eq!(at("start_year"), Cell::Year(2019));
        assert_eq!(at("end_year"), Cell::Empty);
        assert_eq!(at("budget_usd"), Cell::Amount(200_000.0));
        assert_eq!(at("file"), Cell::Text("003_x.txt"));
    }
}
