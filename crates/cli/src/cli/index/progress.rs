//! The progress of an indexing run on stderr: a bar with the rate and the
//! elapsed time on a terminal, one plain line every few seconds otherwise
//! (so CI logs show life on long runs), nothing under `--quiet`. Counting
//! the pages is left to the library, which calls [`IndexProgress::tick`].

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use super::super::output::{count, duration};

/// The ETA is an estimate from the rate so far: hidden until this much time
/// has passed or [`ETA_AFTER_SHARE`] of the pages are done (an 8 s run once
/// showed "21m" at first).
const ETA_AFTER: Duration = Duration::from_secs(5);
/// See [`ETA_AFTER`]: one tenth of the pages.
const ETA_AFTER_SHARE: u64 = 10;

/// What a progress display counts pages for: `indexing`, or the two steps
/// of `opensearch push`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Task {
    /// The verb before the counts (`indexing`).
    verb: &'static str,
    /// What is said once every page is done (`read, writing the index`).
    when_all_done: &'static str,
}

/// Indexing a corpus or JSON lines.
pub(crate) const INDEXING: Task = Task {
    verb: "indexing",
    when_all_done: "read, writing the index",
};
/// Reading and parsing a corpus before a push.
#[cfg(feature = "opensearch")]
pub(crate) const READING: Task = Task {
    verb: "reading",
    when_all_done: "read",
};
/// Sending the pages of a push to the cluster.
#[cfg(feature = "opensearch")]
pub(crate) const PUSHING: Task = Task {
    verb: "pushing",
    when_all_done: "sent, deleting the pages gone and refreshing",
};

/// Where the progress goes, decided once per run.
pub(crate) enum IndexProgress {
    /// A bar redrawn in place (stderr is a terminal).
    Bar(ProgressBar),
    /// A line every interval from a thread of its own (stderr is a file or
    /// a pipe), so a stalled page or a long commit still shows the clock.
    Lines(Lines),
    /// Nothing (`--quiet`).
    Off,
}

/// The state of the plain-line printer.
pub(crate) struct Lines {
    counts: Arc<Counts>,
    stop: mpsc::Sender<()>,
    printer: JoinHandle<()>,
}

/// Pages done and pages in the run, written by the indexing threads.
#[derive(Default)]
struct Counts {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl IndexProgress {
    /// Progress for a run: off when `quiet`, a bar on a terminal, else a
    /// line every `every`.
    pub fn start(task: Task, quiet: bool, every: Duration) -> IndexProgress {
        if quiet {
            IndexProgress::Off
        } else if std::io::stderr().is_terminal() {
            IndexProgress::Bar(bar(task))
        } else {
            IndexProgress::Lines(Lines::start(task, every))
        }
    }

    /// `done` of `total` pages are read.
    pub fn tick(&self, done: usize, total: usize) {
        match self {
            IndexProgress::Bar(bar) => {
                // pages finish on several threads, their counts out of
                // order: the bar only moves forward
                bar.set_length(total as u64);
                if done as u64 > bar.position() {
                    bar.set_position(done as u64);
                }
            }
            IndexProgress::Lines(lines) => {
                lines.counts.total.store(total, Ordering::Relaxed);
                lines.counts.done.fetch_max(done, Ordering::Relaxed);
            }
            IndexProgress::Off => {}
        }
    }

    /// Ends the progress display: the bar is cleared (the report follows),
    /// the line printer stopped.
    pub fn finish(self) {
        match self {
            IndexProgress::Bar(bar) => bar.finish_and_clear(),
            IndexProgress::Lines(lines) => {
                let _ = lines.stop.send(());
                let _ = lines.printer.join();
            }
            IndexProgress::Off => {}
        }
    }
}

impl Lines {
    fn start(task: Task, every: Duration) -> Lines {
        let counts = Arc::new(Counts::default());
        let (stop, stopped) = mpsc::channel::<()>();
        let shared = Arc::clone(&counts);
        let started = Instant::now();
        let printer = std::thread::spawn(move || {
            // a message or a dropped sender both mean the run is over
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let done = shared.done.load(Ordering::Relaxed);
                let total = shared.total.load(Ordering::Relaxed);
                eprintln!("{}", progress_line(task, done, total, started.elapsed()));
            }
        });
        Lines {
            counts,
            stop,
            printer,
        }
    }
}

/// One plain progress line:
/// `oim-search: indexing: 1,200/5,000 pages (24 %), 120 pages/s, 10 s elapsed`.
fn progress_line(task: Task, done: usize, total: usize, elapsed: Duration) -> String {
    let rate = done as f64 / elapsed.as_secs_f64().max(1e-3);
    let what = if total > 0 && done >= total {
        format!("all {} pages {}", count(total as u64), task.when_all_done)
    } else if total > 0 {
        format!(
            "{}/{} pages ({} %), {} pages/s",
            count(done as u64),
            count(total as u64),
            done * 100 / total,
            count(rate.round() as u64)
        )
    } else {
        "listing the pages".to_string()
    };
    format!(
        "oim-search: {}: {what}, {} elapsed",
        task.verb,
        duration(elapsed)
    )
}

fn bar(task: Task) -> ProgressBar {
    // no length until the first page is read: a length of 0 draws a full bar
    let bar = ProgressBar::no_length();
    let style = ProgressStyle::with_template(&format!(
        "{{spinner}} {} {{pages}} {{wide_bar}} {{rate}} · {{took}}{{eta_when_known}}",
        task.verb
    ))
    .map(|style| {
        style
            .with_key(
                "pages",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = match state.len() {
                        Some(total) => write!(w, "{}/{} pages", count(state.pos()), count(total)),
                        None => write!(w, "(listing the pages)"),
                    };
                },
            )
            .with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{} pages/s", count(state.per_sec().round() as u64));
                },
            )
            .with_key(
                "took",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", duration(state.elapsed()));
                },
            )
            .with_key(
                "eta_when_known",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    if eta_is_meaningful(state.elapsed(), state.pos(), state.len()) {
                        let _ = write!(w, " · {} left", duration(state.eta()));
                    }
                },
            )
    })
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Whether an ETA from the rate so far is worth showing (see [`ETA_AFTER`]).
fn eta_is_meaningful(elapsed: Duration, done: u64, total: Option<u64>) -> bool {
    let Some(total) = total.filter(|t| *t > 0) else {
        return false;
    };
    done < total && (elapsed >= ETA_AFTER || done * ETA_AFTER_SHARE >= total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_waits_for_five_seconds_or_a_tenth_of_the_pages() {
        let s = Duration::from_secs;
        for (elapsed, done, total, shown) in [
            (s(1), 10, Some(1000), false),
            (s(1), 100, Some(1000), true),
            (s(5), 1, Some(1000), true),
            (s(60), 0, None, false),
            (s(60), 0, Some(0), false),
            (s(60), 1000, Some(1000), false),
        ] {
            assert_eq!(
                eta_is_meaningful(elapsed, done, total),
                shown,
                "{elapsed:?} {done}/{total:?}"
            );
        }
    }

    #[test]
    fn plain_lines_say_the_count_the_rate_and_the_time() {
        assert_eq!(
            progress_line(INDEXING, 1200, 5000, Duration::from_secs(10)),
            "oim-search: indexing: 1,200/5,000 pages (24 %), 120 pages/s, 10 s elapsed"
        );
        assert_eq!(
            progress_line(INDEXING, 5000, 5000, Duration::from_secs(75)),
            "oim-search: indexing: all 5,000 pages read, writing the index, 1 min 15 s elapsed"
        );
        assert_eq!(
            progress_line(INDEXING, 0, 0, Duration::ZERO),
            "oim-search: indexing: listing the pages, 0 s elapsed"
        );
    }
}
