//! Opening an index on a read-only file system or folder: tantivy's reader
//! takes a lock file (`.tantivy-meta.lock`) while it loads a commit, to
//! keep a writer's clean-up from deleting files under it. Where that file
//! cannot be opened for writing, no writer can run either, so reading goes
//! on without the lock. Writing keeps tantivy's locks unchanged.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// tantivy's memory-mapped directory, reading without the meta lock where
/// the lock file cannot be written.
#[derive(Debug, Clone)]
pub(crate) struct ReadTolerantDirectory {
    inner: MmapDirectory,
}

impl ReadTolerantDirectory {
    /// Opens `dir` for tantivy.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<ReadTolerantDirectory> {
        let inner = MmapDirectory::open(dir)?;
        Ok(ReadTolerantDirectory { inner })
    }
}

/// The lock file cannot be created or opened for writing: a read-only
/// mount (EROFS) or a folder this user may not write.
fn cannot_write(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem)
}

impl Directory for ReadTolerantDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && cannot_write(&e) =>
            {
                // nobody can write here, so nobody can delete files under the reader
                Ok(DirectoryLock::from(Box::new(PathBuf::from(&lock.filepath))))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
