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

/// Refuses to create an index in `dir` when it already holds something
/// else: pages (`--index corpus` would scatter index files among them) or
/// any other file. A missing or empty folder is fine, and so is one that
/// holds an index or what a first build of ours left (the names it writes
/// start with `.oim-search`, tantivy's with `.tantivy`).
///
/// # Errors
/// [`oim_search::Error::InvalidValue`] (a usage error) naming the folder,
/// what it holds and the fix.
pub fn refuse_foreign_folder(dir: &Path) -> Result<(), oim_search::Error> {
    if dir.join("meta.json").is_file() || dir.join(".oim-search-index").is_file() {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let (mut pages, mut others) = (0usize, 0usize);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".oim-search") || name.starts_with(".tantivy") {
            continue;
        }
        if Path::new(name.as_ref())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            pages += 1;
        } else {
            others += 1;
        }
    }
    let holds = match (pages, others) {
        (0, 0) => return Ok(()),
        (0, n) => format!("{} other file{}", super::output::count(n as u64), s(n)),
        (p, 0) => format!("{} pages (.txt files)", super::output::count(p as u64)),
        (p, n) => format!(
            "{} pages (.txt files) and {} other file{}",
            super::output::count(p as u64),
            super::output::count(n as u64),
            s(n)
        ),
    };
    let holds = if pages == 1 && others == 0 {
        "1 page (a .txt file)".to_string()
    } else {
        holds
    };
    Err(oim_search::Error::InvalidValue {
        what: "index folder",
        value: super::output::printable_path(dir),
        hint: format!(
            "it holds {holds} and no index, and an index needs a folder of its own: \
             give --index a new or empty folder (the default is ./index){}",
            if pages > 0 {
                "; pages go to `oim-search index --corpus DIR`"
            } else {
                ""
            }
        ),
    })
}

/// `s` for several.
fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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
