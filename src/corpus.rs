//! Reads a corpus folder: which files are pages, their bytes decoded to text
//! (UTF-8, or Windows-1252 with a warning), size limits and content hashes.
//! Parsing the text is left to `document`.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::PageWarning;
use crate::error::{Error, PageError, Result};
use crate::special_file::SpecialFile;

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
        // folders are never pages; anything else named `*.txt` (a link, a
        // FIFO, a device) is listed so that reading it reports what it is
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(true) {
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

/// Reads a page's bytes, refusing anything that is not a regular file once
/// links are followed (a FIFO would block forever, a device never ends) and
/// files over `max_size`, which bounds the read itself: a file that grows
/// while it is read costs at most `max_size + 1` bytes.
///
/// # Errors
/// [`PageError::NotAFile`], [`PageError::TooLarge`] or [`PageError::Unreadable`].
pub fn read_page_bytes(path: &Path, max_size: u64) -> Result<PageBytes, PageError> {
    let unreadable = |e: std::io::Error| PageError::Unreadable(e.to_string());
    // checked before opening: opening a FIFO blocks until a writer comes
    let kind = std::fs::metadata(path).map_err(unreadable)?.file_type();
    if !kind.is_file() {
        return Err(PageError::NotAFile(SpecialFile::of(kind)));
    }
    let file = open_without_blocking(path).map_err(unreadable)?;
    // checked again on the open file, in case the path changed in between
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(PageError::NotAFile(SpecialFile::of(meta.file_type())));
    }
    if meta.len() > max_size {
        return Err(PageError::TooLarge {
            size: meta.len(),
            limit: max_size,
        });
    }
    let bytes = read_at_most(file, max_size, meta.len())?;
    let digest = blake3::hash(&bytes);
    let hash = u64::from_le_bytes(digest.as_bytes()[..8].try_into().unwrap_or([1; 8])).max(1);
    Ok(PageBytes { bytes, hash })
}

/// Opens a file for reading; on Unix with `O_NONBLOCK`, so that a path
/// swapped for a FIFO after the type check cannot block the run (the flag
/// changes nothing for regular files).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads at most `limit` bytes; more is [`PageError::TooLarge`].
fn read_at_most(reader: impl Read, limit: u64, expected: u64) -> Result<Vec<u8>, PageError> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| PageError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(PageError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Decodes page bytes. UTF-8 (with or without BOM) is taken as is; other text
/// is decoded as Windows-1252 (a superset of Latin-1) and reported, so that
/// mojibake is never indexed silently; binary data is refused.
///
/// Returns the text and, when the bytes were not UTF-8, a warning.
///
/// # Errors
/// [`PageError::Binary`] for data that is not text.
pub fn decode_page(bytes: &[u8]) -> Result<(String, Option<PageWarning>), PageError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), Some(PageWarning::NotUtf8)))
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
        assert_eq!(warning, Some(PageWarning::NotUtf8));
        assert_eq!(decode_page(b"PK\x03\x04\x00\x00"), Err(PageError::Binary));
        assert_eq!(
            decode_page(&[1, 2, 3, 4, 5, 6, 7, 8]),
            Err(PageError::Binary)
        );
    }

    #[test]
    fn reads_stop_at_the_limit_whatever_the_size_claims() {
        // a device says its size is 0 and never ends
        let endless = std::io::repeat(0);
        assert_eq!(
            read_at_most(endless, 1000, 0),
            Err(PageError::TooLarge {
                size: 1001,
                limit: 1000
            })
        );
        assert_eq!(read_at_most(&b"abc"[..], 3, 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_before_they_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            read_page_bytes(&zero, 1 << 20).unwrap_err(),
            PageError::NotAFile(SpecialFile::Device)
        );
        let folder = dir.path().join("folder.txt");
        std::os::unix::fs::symlink(dir.path(), &folder).unwrap();
        assert_eq!(
            read_page_bytes(&folder, 1 << 20).unwrap_err(),
            PageError::NotAFile(SpecialFile::Folder)
        );
    }
}
