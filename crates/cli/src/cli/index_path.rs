//! Where the index lives, as the user sees it: relative paths shown with
//! their `./` (`./index`, not `index`), a refusal to create an index in a
//! folder that holds pages or other files, and what to do when there is no
//! index and no `./corpus` to build one from. Creating and opening are left
//! to the library.

use std::path::{Component, Path, PathBuf};

/// `index` → `./index`: a relative path reads as a path in every message
/// (the library's included), and names the same folder.
pub fn shown(path: &Path) -> PathBuf {
    match path.components().next() {
        Some(Component::Normal(_)) => Path::new(".").join(path),
        _ => path.to_path_buf(),
    }
}

/// Whether `dir` is `./index`, however written (`index`, `./index`, its
/// absolute path).
fn is_dot_index(dir: &Path) -> bool {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    dir.file_name().is_some_and(|n| n == "index")
        && matches!(
            (parent.canonicalize(), Path::new(".").canonicalize()),
            (Ok(a), Ok(b)) if a == b
        )
}

/// A first search or serve builds `./corpus` into `./index` only: another
/// index path that holds no index is most likely a typo (`--index indx`),
/// and building a site there would hide it.
///
/// # Errors
/// When `dir` is not `./index`: the message says how to build it there.
pub fn refuse_elsewhere_than_dot_index(dir: &Path) -> anyhow::Result<()> {
    if is_dot_index(dir) {
        return Ok(());
    }
    let shown = super::output::printable_path(dir);
    Err(anyhow::anyhow!(
        "no index at {shown}: check the path, or build an index there with \
         `oim-search --index {shown} index --corpus PAGES` (a first search builds \
         ./corpus into ./index only)"
    ))
}

/// The error when `dir` holds no index and there is no `./corpus` to build
/// one from (an installed binary run outside the repository): where an
/// index can come from.
pub fn no_index_here(dir: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "no index at {}, and no ./corpus folder here to build one from: point to an index \
         with --index DIR or OIM_SEARCH_INDEX=DIR, or build one from a folder of pages with \
         `oim-search index --corpus PAGES` (with --index DIR to put it elsewhere than ./index)",
        super::output::printable_path(dir)
    )
}
