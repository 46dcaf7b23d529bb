//! `--backend`: where searches run. The embedded index by default; an
//! OpenSearch index (`opensearch://HOST:PORT/INDEX`, read by
//! `oim_search_opensearch::ClusterAddress`) when the command is built with
//! the `opensearch` feature, planned on the embedded index.

use oim_search::{Engine, SearchBackend};
#[cfg(feature = "opensearch")]
use oim_search_opensearch::ClusterAddress;

/// The scheme naming an OpenSearch index, known also to a command built
/// without the feature so that it can say how to get it.
const OPENSEARCH_SCHEME: &str = "opensearch://";

/// A backend as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendSpec {
    /// The index folder (`--index`).
    Embedded,
    /// An OpenSearch index.
    #[cfg(feature = "opensearch")]
    OpenSearch(ClusterAddress),
}

impl BackendSpec {
    /// Reads `--backend` (or `OIM_SEARCH_BACKEND`); `None` is the embedded
    /// index.
    pub fn parse(spec: Option<&str>) -> anyhow::Result<BackendSpec> {
        let Some(spec) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(BackendSpec::Embedded);
        };
        if spec == "embedded" {
            return Ok(BackendSpec::Embedded);
        }
        if !spec.starts_with(OPENSEARCH_SCHEME) {
            anyhow::bail!(
                "invalid backend `{spec}`: give `embedded` or `opensearch://HOST:PORT/INDEX`, \
                 such as opensearch://127.0.0.1:9200/oim"
            );
        }
        #[cfg(feature = "opensearch")]
        return Ok(BackendSpec::OpenSearch(spec.parse()?));
        #[cfg(not(feature = "opensearch"))]
        anyhow::bail!(
            "this oim-search was built without OpenSearch: build it with \
             `cargo build --release -p oim-search-cli --features opensearch`"
        )
    }

    /// The backend, with `engine` as the index (embedded) or the planner.
    pub fn open(self, engine: Engine) -> anyhow::Result<Box<dyn SearchBackend>> {
        match self {
            BackendSpec::Embedded => Ok(Box::new(engine)),
            #[cfg(feature = "opensearch")]
            BackendSpec::OpenSearch(at) => Ok(Box::new(oim_search_opensearch::OpenSearch::new(
                &at.url, &at.index, engine,
            )?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_index_is_the_default() {
        assert_eq!(BackendSpec::parse(None).unwrap(), BackendSpec::Embedded);
        assert_eq!(
            BackendSpec::parse(Some(" embedded ")).unwrap(),
            BackendSpec::Embedded
        );
        let err = BackendSpec::parse(Some("http://x/oim")).unwrap_err();
        assert!(err.to_string().starts_with("invalid backend"), "{err}");
    }

    #[cfg(feature = "opensearch")]
    #[test]
    fn opensearch_backends_are_read_from_their_urls() {
        let BackendSpec::OpenSearch(at) =
            BackendSpec::parse(Some("opensearch://127.0.0.1:9200/oim")).unwrap()
        else {
            panic!("not an OpenSearch backend")
        };
        assert_eq!(at.url, "http://127.0.0.1:9200");
        assert!(BackendSpec::parse(Some("opensearch://h/a/b")).is_err());
    }

    #[cfg(not(feature = "opensearch"))]
    #[test]
    fn without_the_feature_an_opensearch_backend_says_how_to_get_it() {
        let err = BackendSpec::parse(Some("opensearch://h:9200/oim")).unwrap_err();
        assert!(err.to_string().contains("--features opensearch"), "{err}");
    }
}
