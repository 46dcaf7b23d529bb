//! [`ClusterAddress`]: an OpenSearch index as users name it,
//! `opensearch://HOST:PORT/INDEX`, read once for every front end (the
//! command's `--backend`, the Python package's `backend=`).

use std::fmt;
use std::str::FromStr;

/// Where an OpenSearch index lives: the cluster's HTTP address and the
/// index name.
///
/// ```
/// use oim_search_opensearch::ClusterAddress;
/// let at: ClusterAddress = "opensearch://127.0.0.1:9200/oim".parse().unwrap();
/// assert_eq!((at.url.as_str(), at.index.as_str()), ("http://127.0.0.1:9200", "oim"));
/// assert_eq!(at.to_string(), "opensearch://127.0.0.1:9200/oim");
/// assert!("http://127.0.0.1:9200/oim".parse::<ClusterAddress>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterAddress {
    /// `http://HOST:PORT`.
    pub url: String,
    /// The index name.
    pub index: String,
}

/// The scheme that names an OpenSearch backend.
pub const SCHEME: &str = "opensearch://";

impl FromStr for ClusterAddress {
    type Err = oim_search::Error;

    fn from_str(spec: &str) -> oim_search::Result<ClusterAddress> {
        let spec = spec.trim();
        let bad = || oim_search::Error::InvalidValue {
            what: "backend",
            value: spec.to_string(),
            hint: "give opensearch://HOST:PORT/INDEX, such as opensearch://127.0.0.1:9200/oim"
                .to_string(),
        };
        let rest = spec.strip_prefix(SCHEME).ok_or_else(bad)?;
        let (host, index) = rest.split_once('/').ok_or_else(bad)?;
        let index = index.trim_end_matches('/');
        if host.is_empty() || index.is_empty() || index.contains('/') {
            return Err(bad());
        }
        Ok(ClusterAddress {
            url: format!("http://{host}"),
            index: index.to_string(),
        })
    }
}

impl fmt::Display for ClusterAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.url.strip_prefix("http://").unwrap_or(&self.url);
        write!(f, "{SCHEME}{host}/{}", self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_without_a_host_or_an_index_are_refused() {
        for bad in [
            "opensearch://host",
            "opensearch:///oim",
            "http://x/oim",
            "opensearch://h/a/b",
            "",
        ] {
            let err = bad.parse::<ClusterAddress>().unwrap_err().to_string();
            assert!(err.contains("opensearch://HOST:PORT/INDEX"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_trailing_slash_is_read_as_the_same_index() {
        let at: ClusterAddress = " opensearch://h:9200/oim/ ".parse().unwrap();
        assert_eq!(at.index, "oim");
    }
}
