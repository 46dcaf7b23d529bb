//! XLSX writer on `rust_xlsxwriter` in constant-memory mode: each row is
//! written to a temporary file as soon as the next one starts, so a sheet of
//! a million rows costs no more memory than one row; the workbook is zipped
//! from that file when it is finished. Numbers and years are typed cells,
//! text cells are strings (never formulas).

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{is_formula_like, Cell, ExportRow, RowWriter, COLUMNS};
use crate::error::{Error, Result};

/// Most data rows one sheet holds (Excel's 1 048 576 rows, less the header).
///
/// ```
/// assert_eq!(oim_search::XLSX_MAX_ROWS, 1_048_575);
/// ```
pub const XLSX_MAX_ROWS: u32 = 1_048_575;

/// Longest text Excel keeps in a cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;

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
    text: Format,
    /// Text kept as text when Excel would read it as a formula.
    quoted: Format,
    year: Format,
    amount: Format,
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
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name("Résultats").map_err(xlsx_error)?;
        // widths and the frozen header are sheet settings, written at the end
        for (i, column) in COLUMNS.iter().enumerate() {
            sheet
                .set_column_width(i as u16, column.width)
                .map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let header = Format::new().set_bold();
        for (i, column) in COLUMNS.iter().enumerate() {
            sheet
                .write_string_with_format(0, i as u16, column.heading, &header)
                .map_err(xlsx_error)?;
        }
        Ok(XlsxWriter {
            workbook,
            out: Some(out),
            rows: 1,
            text: Format::new(),
            quoted: Format::new().set_quote_prefix(),
            year: Format::new().set_num_format("0"),
            amount: Format::new().set_num_format("#,##0.00"),
        })
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
        let XlsxWriter {
            workbook,
            text,
            quoted,
            year,
            amount,
            ..
        } = self;
        let sheet = workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (c, cell) in row.cells().into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    // a string cell is never evaluated; the quote prefix
                    // also keeps it text when someone edits the cell
                    let format = if is_formula_like(t) { &*quoted } else { &*text };
                    sheet.write_string_with_format(r, c, cell_text(t), format)
                }
                Cell::Year(y) => sheet.write_number_with_format(r, c, y, &*year),
                Cell::Amount(a) => sheet.write_number_with_format(r, c, a, &*amount),
                Cell::Empty => continue,
            }
            .map_err(xlsx_error)?;
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let last_row = self.rows - 1;
        self.sheet()?
            .autofilter(0, 0, last_row, (COLUMNS.len() - 1) as u16)
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
