//! `--backend`: where searches run. The embedded index by default; an
//! OpenSearch index (`opensearch://HOST:PORT/INDEX`) when the command is
//! built with the `opensearch` feature, planned on the embedded index.

use oim_search::{Engine, SearchBackend};

/// A backend as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendSpec {
    /// The index folder (`--index`).
    Embedded,
    /// An OpenSearch index.
    OpenSearch {
        /// `http://HOST:PORT`.
        url: String,
        /// The index name.
        index: String,
    },
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
        let bad = || {
            anyhow::anyhow!(
                "invalid backend `{spec}`: give `embedded` or `opensearch://HOST:PORT/INDEX`, \
                 such as opensearch://127.0.0.1:9200/oim"
            )
        };
        let rest = spec.strip_prefix("opensearch://").ok_or_else(bad)?;
        let (host, index) = rest.split_once('/').ok_or_else(bad)?;
        let index = index.trim_end_matches('/');
        if host.is_empty() || index.is_empty() || index.contains('/') {
            return Err(bad());
        }
        Ok(BackendSpec::OpenSearch {
            url: format!("http://{host}"),
            index: index.to_string(),
        })
    }

    /// The backend, with `engine` as the index (embedded) or the planner.
    pub fn open(self, engine: Engine) -> anyhow::Result<Box<dyn SearchBackend>> {
        match self {
            BackendSpec::Embedded => Ok(Box::new(engine)),
            #[cfg(feature = "opensearch")]
            BackendSpec::OpenSearch { url, index } => Ok(Box::new(
                oim_search_opensearch::OpenSearch::new(&url, &index, engine)?,
            )),
            #[cfg(not(feature = "opensearch"))]
            BackendSpec::OpenSearch { .. } => {
                drop(engine);
                anyhow::bail!(
                    "this oim-search was built without OpenSearch: build it with \
                     `cargo build --release -p oim-search-cli --features opensearch`"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_read_from_their_urls() {
        assert_eq!(BackendSpec::parse(None).unwrap(), BackendSpec::Embedded);
        assert_eq!(
            BackendSpec::parse(Some("embedded")).unwrap(),
            BackendSpec::Embedded
        );
        assert_eq!(
            BackendSpec::parse(Some("opensearch://127.0.0.1:9200/oim")).unwrap(),
            BackendSpec::OpenSearch {
                url: "http://127.0.0.1:9200".into(),
                index: "oim".into()
            }
        );
        for bad in [
            "opensearch://host",
            "opensearch:///oim",
            "http://x/oim",
            "opensearch://h/a/b",
        ] {
            let err = BackendSpec::parse(Some(bad)).unwrap_err().to_string();
            assert!(err.starts_with("invalid backend"), "{bad}: {err}");
        }
    }
}
