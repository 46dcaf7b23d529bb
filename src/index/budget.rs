//! How the indexing memory budget (`--memory`) is shared between the
//! writer's threads: the budget is a total, so more threads get smaller
//! shares and never more than the budget allows. Creating the writer and
//! refusing budgets tantivy cannot take are left to `writer`.

/// tantivy refuses less than 15 MB per indexing thread; one more for margin.
pub(crate) const MIN_MB_PER_THREAD: usize = 16;

/// tantivy refuses more than about 4 GB per indexing thread.
const MAX_MB_PER_THREAD: usize = 4000;

/// The writer's threads and each one's share of the memory budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WriterBudget {
    /// Indexing threads (at least 1).
    pub threads: usize,
    /// Memory each thread may buffer before flushing a segment.
    pub bytes_per_thread: usize,
}

/// Shares `memory_mb` between at most `threads` threads: fewer threads
/// when each would get under [`MIN_MB_PER_THREAD`], so that their total
/// stays within the budget whatever thread count was asked for (a budget
/// under the minimum gets one thread at the minimum).
pub(crate) fn writer_budget(memory_mb: usize, threads: usize) -> WriterBudget {
    let threads = threads.clamp(1, (memory_mb / MIN_MB_PER_THREAD).max(1));
    let mb = (memory_mb / threads).clamp(MIN_MB_PER_THREAD, MAX_MB_PER_THREAD);
    WriterBudget {
        threads,
        bytes_per_thread: mb * 1024 * 1024,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_stays_within_the_budget_whatever_the_thread_count() {
        for (memory, threads, expected_threads) in [
            (128, 64, 8),
            (128, 4, 4),
            (64, 1, 1),
            (16, 64, 1),
            (1024, 64, 64),
            (32, 3, 2),
        ] {
            let b = writer_budget(memory, threads);
            assert_eq!(
                b.threads, expected_threads,
                "{memory} MB, {threads} threads"
            );
            assert!(b.threads * b.bytes_per_thread <= memory * 1024 * 1024);
            assert!(b.bytes_per_thread >= 15_000_000);
        }
        // below tantivy's floor: one thread at the floor
        assert_eq!(writer_budget(5, 8).threads, 1);
        assert_eq!(writer_budget(5, 8).bytes_per_thread, 16 * 1024 * 1024);
        // above tantivy's ceiling per thread: each share is capped
        assert!(writer_budget(100_000, 1).bytes_per_thread < u32::MAX as usize);
    }
}
