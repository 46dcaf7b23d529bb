//! Dense per-segment copies of the single-valued facet columns (one small
//! ordinal per document), so counting a facet over every match is an array
//! lookup instead of a walk through tantivy's column index. Built once per
//! segment on demand (segments never change) by processes that run many
//! searches: batch mode and the server call [`crate::Engine::warm_up`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::SegmentReader;

use crate::schema::{is_single_valued, FACET_NAMES, NO_VALUE};

/// One facet of one segment: the value ordinal of each document, and the
/// value of each ordinal (`None` for the "no value" marker).
#[derive(Debug)]
pub(crate) struct DenseFacet {
    pub ords: Vec<u32>,
    pub values: Vec<Option<String>>,
}

/// The dense facets of one segment, by facet name.
pub(crate) type SegmentFacets = HashMap<&'static str, Arc<DenseFacet>>;

/// Cache of dense facets, keyed by segment.
#[derive(Debug, Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
    enabled: std::sync::atomic::AtomicBool,
}

impl FacetCache {
    /// From now on, searches build and use dense facets.
    pub fn enable(&self) {
        self.enabled
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The dense facets of a segment, building them the first time; `None`
    /// when the cache is not enabled.
    pub fn segment(&self, reader: &SegmentReader) -> tantivy::Result<Option<Arc<SegmentFacets>>> {
        if !self.enabled.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(None);
        }
        let id = reader.segment_id();
        if let Some(found) = self
            .segments
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            return Ok(Some(Arc::clone(found)));
        }
        let built = Arc::new(build(reader)?);
        let mut segments = self.segments.lock().unwrap_or_else(|p| p.into_inner());
        // merged-away segments are dropped as the cache grows
        if segments.len() > 256 {
            segments.clear();
        }
        segments.insert(id, Arc::clone(&built));
        Ok(Some(built))
    }
}

fn build(reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
    let mut out = SegmentFacets::new();
    let mut facet = Facet::root();
    for name in FACET_NAMES.into_iter().filter(|n| is_single_valued(n)) {
        let column = reader.facet_reader(name)?;
        let values = (0..column.num_facets() as u64)
            .map(|ord| {
                column.facet_from_ord(ord, &mut facet)?;
                Ok(facet
                    .to_path()
                    .last()
                    .filter(|v| **v != NO_VALUE)
                    .map(|v| v.to_string()))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let missing = values.len() as u32;
        let ords = (0..reader.max_doc())
            .map(|doc| {
                column
                    .facet_ords(doc)
                    .next()
                    .map(|o| o as u32)
                    .unwrap_or(missing)
            })
            .collect();
        out.insert(name, Arc::new(DenseFacet { ords, values }));
    }
    Ok(out)
}
