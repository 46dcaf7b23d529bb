//! Reads a corpus folder: which files are pages, their bytes decoded to text
//! (UTF-8, or Windows-1252 with a warning), size limits and content hashes.
//! Parsing the text is left to `document`.

use std::path::{Path, PathBuf};

use crate::error::{Error, PageError, Result};

/// Default largest page accepted: 10 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The files of a corpus folder.
#[derive(Debug, Default)]
pub struct CorpusListing {
    /// `.txt` pages, sorted by path.
    pub pages: Vec<PathBuf>,
    /// Hidden files and files without the `.txt` extension, not read.
    pub ignored: usize,
}

/// Lists the pages of a corpus folder (not recursive).
///
/// # Errors
/// [`Error::NoCorpus`] if `dir` is not a directory, [`Error::Io`] if it
/// cannot be read.
pub fn list_corpus(dir: &Path) -> Result<CorpusListing> {
    if !dir.is_dir() {
        return Err(Error::NoCorpus {
            path: dir.to_path_buf(),
        });
    }
    let mut listing = CorpusListing::default();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry
            .file_type()
            .map(|t| t.is_file() || t.is_symlink())
            .unwrap_or(false);
        if !is_file {
            continue;
        }
        if name.starts_with('.') || path.extension().and_then(|e| e.to_str()) != Some("txt") {
            listing.ignored += 1;
        } else {
            listing.pages.push(path);
        }
    }
    listing.pages.sort();
    Ok(listing)
}

/// The document id of a page: its file name without extension.
pub fn page_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A page's raw content.
#[derive(Debug)]
pub struct PageBytes {
    /// File content.
    pub bytes: Vec<u8>,
    /// Content hash (never 0: 0 marks documents not read from files).
    pub hash: u64,
}

/// Reads a page's bytes, refusing files over `max_size`.
///
/// # Errors
/// [`PageError::TooLarge`] or [`PageError::Unreadable`].
pub fn read_page_bytes(path: &Path, max_size: u64) -> Result<PageBytes, PageError> {
    let size = std::fs::metadata(path)
        .map_err(|e| PageError::Unreadable(e.to_string()))?
        .len();
    if size > max_size {
        return Err(PageError::TooLarge {
            size,
            limit: max_size,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| PageError::Unreadable(e.to_string()))?;
    let digest = blake3::hash(&bytes);
    let hash = u64::from_le_bytes(digest.as_bytes()[..8].try_into().unwrap_or([1; 8])).max(1);
    Ok(PageBytes { bytes, hash })
}

/// Decodes page bytes. UTF-8 (with or without BOM) is taken as is; other text
/// is decoded as Windows-1252 (a superset of Latin-1) and reported, so that
/// mojibake is never indexed silently; binary data is refused.
///
/// Returns the text and, when the bytes were not UTF-8, a warning.
///
/// # Errors
/// [`PageError::Binary`] for data that is not text.
pub fn decode_page(bytes: &[u8]) -> Result<(String, Option<String>), PageError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((
                text.into_owned(),
                Some(
                    "not UTF-8: decoded as Windows-1252/Latin-1; re-save the file as UTF-8"
                        .to_string(),
                ),
            ))
        }
    }
}

/// NUL bytes, or many control characters, mean this is not a text page.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text_and_refuses_binary() {
        assert_eq!(
            decode_page("é".as_bytes()).unwrap(),
            ("é".to_string(), None)
        );
        assert_eq!(decode_page(b"\xEF\xBB\xBFabc").unwrap().0, "abc");
        let (text, warning) = decode_page(b"Etat membre \xe9lu, \x9cuvre").unwrap();
        assert_eq!(text, "Etat membre élu, œuvre");
        assert!(warning.unwrap().contains("Windows-1252"));
        assert_eq!(decode_page(b"PK\x03\x04\x00\x00"), Err(PageError::Binary));
        assert_eq!(
            decode_page(&[1, 2, 3, 4, 5, 6, 7, 8]),
            Err(PageError::Binary)
        );
    }
}
