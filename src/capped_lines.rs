//! Line-oriented inputs (NDJSON documents, batch queries, judged queries,
//! synonym files) read one line at a time with a cap on each line, so an
//! endless line (`/dev/zero`, a file without newlines) ends in an error
//! naming the line instead of filling memory. What a line means is left to
//! each reader.

use std::io::{BufRead, Read};

/// The longest NDJSON line (one document) accepted: a page file may hold up
/// to [`crate::DEFAULT_MAX_FILE_SIZE`] (10 MiB), and JSON escaping adds to it.
pub const MAX_DOCUMENT_LINE_BYTES: usize = 16 * 1024 * 1024;

/// The longest line of a query file (`search --batch`, `eval`) or of a
/// synonym file accepted: 1 MiB, far above any real query.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// A line that could not be read. The message does not name the line:
/// callers put [`LineError::line`] where their other messages name it.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    /// The line goes on past the cap; nothing after it is read.
    #[error("longer than {} (the most one line may hold): nothing from this line on was read; check that this is the right file, or split the line", human_bytes(*max))]
    TooLong {
        /// 1-based line number.
        line: usize,
        /// The cap, in bytes.
        max: usize,
    },
    /// Reading failed (a disk error, a file that went away).
    #[error("cannot read: {source}")]
    Io {
        /// 1-based line number.
        line: usize,
        /// The read that failed.
        #[source]
        source: std::io::Error,
    },
}

impl LineError {
    /// The 1-based number of the line that could not be read.
    pub fn line(&self) -> usize {
        match self {
            LineError::TooLong { line, .. } | LineError::Io { line, .. } => *line,
        }
    }
}

/// `1 MiB`, `16 MiB`, `64 KiB`: a cap in words.
fn human_bytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The lines of a reader as bytes, each without its `\n` or `\r\n`, with
/// their 1-based numbers. Stops after the first error: a line over the cap
/// or a failed read.
///
/// ```
/// use oim_search::CappedLines;
/// let mut lines = CappedLines::new("a\r\nbb\n".as_bytes(), 4);
/// assert_eq!(lines.next().unwrap().unwrap(), (1, b"a".to_vec()));
/// assert_eq!(lines.next().unwrap().unwrap(), (2, b"bb".to_vec()));
/// assert!(lines.next().is_none());
///
/// let mut endless = CappedLines::new(std::io::BufReader::new(std::io::repeat(0)), 4);
/// assert!(endless.next().unwrap().is_err());
/// assert!(endless.next().is_none());
/// ```
pub struct CappedLines<R> {
    reader: R,
    max: usize,
    line: usize,
    done: bool,
}

impl<R: BufRead> CappedLines<R> {
    /// Lines of `reader`, each at most `max_bytes` long (line end not counted).
    pub fn new(reader: R, max_bytes: usize) -> CappedLines<R> {
        CappedLines {
            reader,
            max: max_bytes,
            line: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for CappedLines<R> {
    type Item = Result<(usize, Vec<u8>), LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.line += 1;
        let mut buf = Vec::new();
        // room for the cap, `\r\n`, and one byte more to see the cap passed
        let limit = self.max as u64 + 3;
        match (&mut self.reader).take(limit).read_until(b'\n', &mut buf) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                if buf.len() > self.max {
                    self.done = true;
                    return Some(Err(LineError::TooLong {
                        line: self.line,
                        max: self.max,
                    }));
                }
                Some(Ok((self.line, buf)))
            }
            Err(source) => {
                self.done = true;
                Some(Err(LineError::Io {
                    line: self.line,
                    source,
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: usize) -> Vec<Result<(usize, String), String>> {
        CappedLines::new(text, max)
            .map(|l| {
                l.map(|(n, b)| (n, String::from_utf8(b).unwrap()))
                    .map_err(|e| format!("line {}: {e}", e.line()))
            })
            .collect()
    }

    #[test]
    fn lines_up_to_the_cap_pass_and_the_first_longer_one_ends_the_input() {
        assert_eq!(
            lines(b"abcd\nabcd\r\nab", 4),
            [
                Ok((1, "abcd".into())),
                Ok((2, "abcd".into())),
                Ok((3, "ab".into()))
            ]
        );
        let got = lines(b"ab\nabcde\nab\n", 4);
        assert_eq!(got.len(), 2);
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .starts_with("line 2: longer than 4 bytes"));
        // a line of the cap without its end is still a line
        assert_eq!(lines(b"abcd", 4), [Ok((1, "abcd".into()))]);
        assert_eq!(lines(b"", 4), []);
        assert_eq!(
            lines(b"\n\n", 4),
            [Ok((1, String::new())), Ok((2, String::new()))]
        );
    }

    #[test]
    fn caps_are_said_in_words() {
        assert_eq!(human_bytes(MAX_DOCUMENT_LINE_BYTES), "16 MiB");
        assert_eq!(human_bytes(64 * 1024), "64 KiB");
        assert_eq!(human_bytes(10), "10 bytes");
    }
}
