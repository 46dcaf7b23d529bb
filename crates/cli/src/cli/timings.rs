//! `OIM_SEARCH_TIMINGS=1`: one line on stderr, when a command ends, saying
//! where a process's time went: reading the arguments, opening the index,
//! the command itself. A search's own time is `took_ms` in its JSON; this
//! line is for the rest, which a one-shot search pays every time.

use std::sync::OnceLock;
use std::time::Instant;

/// When `main` started (the first call of [`start`]).
static STARTED: OnceLock<Instant> = OnceLock::new();
/// When the index was open (the last call of [`index_opened`]).
static OPENED: OnceLock<(Instant, Instant)> = OnceLock::new();

/// Notes the start of the process's own work: call first thing.
pub(super) fn start() {
    STARTED.get_or_init(Instant::now);
}

/// Notes that opening the index ran from `from` to now.
pub(super) fn index_opened(from: Instant) {
    let _ = OPENED.set((from, Instant::now()));
}

/// Prints the line, when `OIM_SEARCH_TIMINGS` is set to anything but `0`
/// or empty: the arguments (start to opening the index), the opening, the
/// command after it (for `search`: the search, then the output), the whole.
pub(super) fn report() {
    let wanted = std::env::var_os("OIM_SEARCH_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
    let Some(started) = STARTED.get().filter(|_| wanted) else {
        return;
    };
    let now = Instant::now();
    let ms = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64() * 1000.0;
    match OPENED.get() {
        Some(&(from, to)) => eprintln!(
            "oim-search: timings: arguments {:.1} ms, index open {:.1} ms, command {:.1} ms, whole {:.1} ms",
            ms(*started, from),
            ms(from, to),
            ms(to, now),
            ms(*started, now)
        ),
        None => eprintln!("oim-search: timings: whole {:.1} ms", ms(*started, now)),
    }
}
