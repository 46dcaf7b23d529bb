//! Checks that an index is sound before and after it is written: segment
//! files against their checksums (damage that reads would not notice), and
//! every id held by one document only. Repairing is left to `index --full`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Engine;
use crate::error::{Error, Result};

/// Damaged files named in the error message; the rest are counted.
const NAMED_FILES: usize = 3;

impl Engine {
    /// Checks the index: its files against their checksums and each id held
    /// by one document. `oim-search index` runs the first check before an
    /// incremental update and the second after every run.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let engine = oim_search::Engine::create(dir.path()).unwrap();
    /// engine.check().unwrap();
    /// ```
    ///
    /// # Errors
    /// [`Error::DamagedIndex`] naming what was found, [`Error::WordList`]
    /// when the word list is missing, damaged or not the one the last
    /// commit names, [`Error::Index`] when the files cannot be read.
    pub fn check(&self) -> Result<()> {
        self.verify_checksums()?;
        self.verify_unique_ids()?;
        self.verify_word_list()
    }

    /// The word list is there, sound, and the one the last commit names.
    fn verify_word_list(&self) -> Result<()> {
        match self.view().words() {
            Ok(_) => Ok(()),
            Err(problem) => Err(Error::WordList {
                path: self.dir().to_path_buf(),
                problem: problem.to_string(),
            }),
        }
    }

    /// Every file of the committed segments against its checksum.
    pub(crate) fn verify_checksums(&self) -> Result<()> {
        let searcher = self.searcher();
        let damaged = searcher
            .index()
            .validate_checksum()
            .map_err(|e| Error::index(self.dir(), e))?;
        if damaged.is_empty() {
            return Ok(());
        }
        let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
        names.sort();
        let more = names.len().saturating_sub(NAMED_FILES);
        names.truncate(NAMED_FILES);
        Err(Error::DamagedIndex {
            path: self.dir().to_path_buf(),
            problem: format!(
                "checksum mismatch in {}{}",
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more files")
                } else {
                    String::new()
                }
            ),
        })
    }

    /// No id is held by two live documents. The ids themselves are
    /// compared, as the id column stores them: an id the term index cannot
    /// hold (over 65 530 bytes, from an earlier version) is checked too.
    pub(crate) fn verify_unique_ids(&self) -> Result<()> {
        // hashes keep a million ids in a few megabytes; the ids of a
        // repeated hash are then compared themselves
        let mut seen: HashSet<u64> = HashSet::new();
        let mut repeated: HashSet<u64> = HashSet::new();
        self.for_each_live_id(|id| {
            let hash = id_hash(id);
            if !seen.insert(hash) {
                repeated.insert(hash);
            }
        })?;
        if repeated.is_empty() {
            return Ok(());
        }
        let mut holders: HashMap<String, usize> = HashMap::new();
        self.for_each_live_id(|id| {
            if repeated.contains(&id_hash(id)) {
                *holders.entry(id.to_string()).or_insert(0) += 1;
            }
        })?;
        let Some((id, count)) = holders.into_iter().filter(|(_, n)| *n > 1).min() else {
            return Ok(());
        };
        let shown: String = id.chars().take(80).collect();
        let more = if shown.len() < id.len() { "…" } else { "" };
        Err(Error::DamagedIndex {
            path: self.dir().to_path_buf(),
            problem: format!("id `{shown}{more}` is held by {count} documents"),
        })
    }

    /// Calls `f` with the id of each live document, from the id column.
    fn for_each_live_id(&self, mut f: impl FnMut(&str)) -> Result<()> {
        let mut id = String::new();
        for segment in self.searcher().segment_readers() {
            let Some(ids) = segment
                .fast_fields()
                .str("id")
                .map_err(|e| Error::index(self.dir(), e))?
            else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                let Some(ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                if ids.ord_to_str(ord, &mut id).unwrap_or(false) {
                    f(&id);
                }
            }
        }
        Ok(())
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Each segment holds as many documents as `meta.json` says: tantivy trusts
/// the count there and indexes its per-document tables with it, so a
/// hand-edited `max_doc` would panic in the middle of a search. Only the
/// lengths of the field-norm tables are compared: no document is read.
///
/// # Errors
/// [`Error::DamagedIndex`] naming the segment and both counts.
pub(crate) fn check_segment_sizes(dir: &Path, searcher: &tantivy::Searcher) -> Result<()> {
    let schema = searcher.schema();
    for segment in searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            if !entry.is_indexed() || !entry.has_fieldnorms() {
                continue;
            }
            let Ok(Some(norms)) = segment.fieldnorms_readers().get_field(field) else {
                continue;
            };
            if norms.num_docs() != segment.max_doc() {
                return Err(Error::DamagedIndex {
                    path: dir.to_path_buf(),
                    problem: format!(
                        "meta.json gives segment {} {} documents, but its files hold {}",
                        segment.segment_id().short_uuid_string(),
                        segment.max_doc(),
                        norms.num_docs()
                    ),
                });
            }
        }
    }
    Ok(())
}
