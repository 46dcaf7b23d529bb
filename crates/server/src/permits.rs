//! The search permits: a semaphore that bounds the engine work running at
//! once on the blocking pool, and that remembers when a permit was last
//! free, so that `/health` can tell a saturated server (no search has
//! ended for a while) from a busy one. Which work takes a permit is left to
//! the handlers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};

/// A pool of search permits.
pub(crate) struct SearchPermits {
    semaphore: Arc<Semaphore>,
    /// The origin of `last_free_ms`.
    started: Instant,
    /// When a permit was last seen free or given back, in milliseconds
    /// since `started`.
    last_free_ms: AtomicU64,
}

/// One search permit, given back to its pool when dropped.
pub(crate) struct SearchPermit {
    _permit: OwnedSemaphorePermit,
    pool: Arc<SearchPermits>,
}

impl SearchPermits {
    /// A pool of `permits` permits.
    pub(crate) fn new(permits: usize) -> Arc<SearchPermits> {
        Arc::new(SearchPermits {
            semaphore: Arc::new(Semaphore::new(permits)),
            started: Instant::now(),
            last_free_ms: AtomicU64::new(0),
        })
    }

    /// Waits for a permit.
    ///
    /// # Errors
    /// When the pool is closed (it never is while the server runs).
    pub(crate) async fn acquire(self: &Arc<Self>) -> Result<SearchPermit, AcquireError> {
        if self.semaphore.available_permits() > 0 {
            self.note_free();
        }
        let permit = Arc::clone(&self.semaphore).acquire_owned().await?;
        Ok(SearchPermit {
            _permit: permit,
            pool: Arc::clone(self),
        })
    }

    fn note_free(&self) {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_free_ms.store(now, Ordering::Relaxed);
    }

    /// Permits free right now.
    pub(crate) fn available(&self) -> usize {
        self.semaphore.available_permits()
    }

    /// How long every permit has been taken with none given back, or
    /// `None` when one is free now.
    pub(crate) fn saturated_for(&self) -> Option<Duration> {
        if self.available() > 0 {
            return None;
        }
        let last_free = Duration::from_millis(self.last_free_ms.load(Ordering::Relaxed));
        Some(self.started.elapsed().saturating_sub(last_free))
    }
}

impl Drop for SearchPermit {
    fn drop(&mut self) {
        // a search ended: whoever takes this permit next, the pool moved
        self.pool.note_free();
    }
}
