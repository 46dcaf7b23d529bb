//! XLSX writer on `rust_xlsxwriter` in constant-memory mode: each row is
//! written to a temporary file as soon as the next one starts, so a sheet of
//! a million rows costs no more memory than one row; the workbook is zipped
//! from that file when it is finished. Numbers and years are typed cells,
//! text cells are strings (never formulas), values are in French as the
//! headings are. With [`ExportOptions`], each row links to its document
//! page and a small « Recherche » sheet says which search the file holds.

use std::io::Write;

use rust_xlsxwriter::{Format, Url, Workbook, Worksheet, XlsxError};

use super::{is_formula_like, Cell, ExportOptions, ExportRow, RowWriter, COLUMNS, LINK_COLUMN};
use crate::error::{Error, Result};

/// Most data rows one sheet holds (Excel's 1 048 576 rows, less the header).
///
/// ```
/// assert_eq!(oim_search::XLSX_MAX_ROWS, 1_048_575);
/// ```
pub const XLSX_MAX_ROWS: u32 = 1_048_575;

/// Longest text Excel keeps in a cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;

/// Most hyperlinks Excel keeps in one sheet; later links are written as
/// text (which also bounds the memory the writer keeps for them).
const MAX_HYPERLINKS: u32 = 65_530;

/// The name of the sheet that describes the search.
const SEARCH_SHEET: &str = "Recherche";

/// Writes rows into a one-sheet workbook, saved to `out` by
/// [`RowWriter::finish`]. `out` needs no `Seek`: the file can go to a pipe.
///
/// ```
/// use oim_search::{Document, ExportRow, RowWriter, XlsxWriter};
/// let doc = Document { id: "a".into(), title: "Réfugiés".into(), start_year: Some(2019), ..Document::default() };
/// let mut bytes = Vec::new();
/// let mut w = XlsxWriter::new(&mut bytes)?;
/// w.write_row(&ExportRow::new(&doc, None))?;
/// w.finish()?;
/// drop(w);
/// assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct XlsxWriter<W: Write + Send> {
    workbook: Workbook,
    out: Option<W>,
    /// Rows written, header included.
    rows: u32,
    /// The cell formats: text, text Excel would read as a formula (kept
    /// as text), year, amount.
    formats: [Format; 4],
    /// Where each row's link starts, when the sheet has a link column.
    link_prefix: Option<String>,
}

fn xlsx_error(e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(io) => Error::Export {
            message: "cannot write the XLSX workbook".to_string(),
            source: Some(io),
        },
        other => Error::Export {
            message: format!("cannot write the XLSX workbook: {other}"),
            source: None,
        },
    }
}

impl<W: Write + Send> XlsxWriter<W> {
    /// A workbook with its header row written, saved to `out` when finished.
    ///
    /// # Errors
    /// [`Error::Export`] when the temporary file of the sheet cannot be created.
    pub fn new(out: W) -> Result<XlsxWriter<W>> {
        Self::with_options(out, &ExportOptions::default())
    }

    /// A workbook with its header row written, with a link column when
    /// `options` give a link prefix, and a « Recherche » sheet after the
    /// results when they give its lines.
    ///
    /// ```
    /// use oim_search::{Cell, ExportOptions, RowWriter, XlsxWriter};
    /// let options = ExportOptions {
    ///     search_sheet: vec![("Recherche", Cell::Text("diaspora")), ("Budget (USD)", Cell::Amount(20809226.3))],
    ///     ..ExportOptions::default()
    /// };
    /// let mut bytes = Vec::new();
    /// let mut w = XlsxWriter::with_options(&mut bytes, &options)?;
    /// w.finish()?;
    /// drop(w);
    /// assert!(bytes.starts_with(b"PK"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Export`] when the temporary file of the sheet cannot be created.
    pub fn with_options(out: W, options: &ExportOptions<'_>) -> Result<XlsxWriter<W>> {
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name("Résultats").map_err(xlsx_error)?;
        let link = options.link_prefix.map(|_| &LINK_COLUMN);
        // widths and the frozen header are sheet settings, written at the end
        for (i, column) in COLUMNS.iter().chain(link).enumerate() {
            sheet
                .set_column_width(i as u16, column.width)
                .map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let header = Format::new().set_bold();
        for (i, column) in COLUMNS.iter().chain(link).enumerate() {
            sheet
                .write_string_with_format(0, i as u16, column.heading, &header)
                .map_err(xlsx_error)?;
        }
        let writer = XlsxWriter {
            workbook,
            out: Some(out),
            rows: 1,
            formats: [
                Format::new(),
                Format::new().set_quote_prefix(),
                Format::new().set_num_format("0"),
                Format::new().set_num_format("#,##0.00"),
            ],
            link_prefix: options.link_prefix.map(str::to_string),
        };
        writer.with_search_sheet(&options.search_sheet)
    }

    /// Adds the « Recherche » sheet: labels in bold, values typed as the
    /// results' cells are. A small sheet, so not a constant-memory one.
    fn with_search_sheet(mut self, lines: &[(&str, Cell<'_>)]) -> Result<XlsxWriter<W>> {
        if lines.is_empty() {
            return Ok(self);
        }
        let bold = Format::new().set_bold();
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(SEARCH_SHEET).map_err(xlsx_error)?;
        sheet.set_column_width(0, 22).map_err(xlsx_error)?;
        sheet.set_column_width(1, 60).map_err(xlsx_error)?;
        for (r, (label, value)) in lines.iter().enumerate() {
            let r = r as u32;
            sheet
                .write_string_with_format(r, 0, cell_text(label), &bold)
                .map_err(xlsx_error)?;
            write_cell(sheet, (r, 1), *value, &self.formats)?;
        }
        Ok(self)
    }

    fn sheet(&mut self) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_index(0).map_err(xlsx_error)
    }
}

/// `text` cut to what a cell holds.
fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Writes one cell with its format (`[text, quoted, year, amount]`): a
/// string cell is never evaluated, and the quote prefix also keeps it text
/// when someone edits it.
fn write_cell(
    sheet: &mut Worksheet,
    (r, c): (u32, u16),
    cell: Cell<'_>,
    [text, quoted, year, amount]: &[Format; 4],
) -> Result<()> {
    match cell {
        Cell::Text(t) => {
            let format = if is_formula_like(t) { quoted } else { text };
            sheet.write_string_with_format(r, c, cell_text(t), format)
        }
        Cell::Year(y) => sheet.write_number_with_format(r, c, y, year),
        Cell::Amount(a) => sheet.write_number_with_format(r, c, a, amount),
        Cell::Empty => return Ok(()),
    }
    .map_err(xlsx_error)?;
    Ok(())
}

/// Writes a row's link as a hyperlink, or as text past Excel's limit of
/// links per sheet or when the link is not one Excel takes (too long).
fn write_link(sheet: &mut Worksheet, (r, c): (u32, u16), link: &str) -> Result<()> {
    if r <= MAX_HYPERLINKS && sheet.write_url(r, c, Url::new(link)).is_ok() {
        return Ok(());
    }
    sheet
        .write_string(r, c, cell_text(link))
        .map_err(xlsx_error)?;
    Ok(())
}

impl<W: Write + Send> RowWriter for XlsxWriter<W> {
    fn write_row(&mut self, row: &ExportRow<'_>) -> Result<()> {
        if self.rows > XLSX_MAX_ROWS {
            return Err(Error::Export {
                message: format!(
                    "more than {XLSX_MAX_ROWS} rows do not fit in one Excel sheet: narrow the search or export CSV"
                ),
                source: None,
            });
        }
        let r = self.rows;
        let link = self.link_prefix.as_ref().map(|prefix| row.link(prefix));
        let XlsxWriter {
            workbook, formats, ..
        } = self;
        let sheet = workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (c, cell) in row.cells_in_french().into_iter().enumerate() {
            write_cell(sheet, (r, c as u16), cell, formats)?;
        }
        if let Some(link) = link {
            write_link(sheet, (r, COLUMNS.len() as u16), &link)?;
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let last_row = self.rows - 1;
        let columns = COLUMNS.len() + usize::from(self.link_prefix.is_some());
        self.sheet()?
            .autofilter(0, 0, last_row, (columns - 1) as u16)
            .map_err(xlsx_error)?;
        let mut out = self.out.take().ok_or_else(|| Error::Export {
            message: "the XLSX workbook was already finished".to_string(),
            source: None,
        })?;
        self.workbook.save_to_writer(&mut out).map_err(xlsx_error)?;
        // the zip writer does not flush what it was given
        out.flush().map_err(|e| Error::Export {
            message: "cannot write the XLSX workbook".to_string(),
            source: Some(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("court"), "court");
    }

    #[test]
    fn finishing_twice_is_an_error_not_a_panic() {
        let mut bytes = Vec::new();
        let mut w = XlsxWriter::new(&mut bytes).unwrap();
        w.finish().unwrap();
        assert!(matches!(w.finish(), Err(Error::Export { .. })));
    }
}
