//! What a corpus path is when it is not a plain file: reading a FIFO, a
//! device or a socket could block or never end, so such paths are skipped
//! before they are opened. Deciding to skip is left to `corpus`.

use std::fmt;

/// A path that is not a plain file (after following links).
///
/// ```
/// assert_eq!(oim_search::SpecialFile::Fifo.to_string(), "a FIFO");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialFile {
    /// A named pipe.
    Fifo,
    /// A character or block device (`/dev/zero`).
    Device,
    /// A Unix socket.
    Socket,
    /// A folder.
    Folder,
    /// Anything else that is not a plain file.
    Other,
}

impl SpecialFile {
    /// What `kind` is, when it is not a plain file.
    pub(crate) fn of(kind: std::fs::FileType) -> SpecialFile {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return SpecialFile::Fifo;
            }
            if kind.is_char_device() || kind.is_block_device() {
                return SpecialFile::Device;
            }
            if kind.is_socket() {
                return SpecialFile::Socket;
            }
        }
        if kind.is_dir() {
            SpecialFile::Folder
        } else {
            SpecialFile::Other
        }
    }
}

/// In the words of the skip message: `a FIFO`, `a folder`, …
impl fmt::Display for SpecialFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SpecialFile::Fifo => "a FIFO",
            SpecialFile::Device => "a device",
            SpecialFile::Socket => "a socket",
            SpecialFile::Folder => "a folder",
            SpecialFile::Other => "not a regular file",
        })
    }
}
