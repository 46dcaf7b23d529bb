//! The HTTP side: one cluster URL, JSON in and out, every failure turned
//! into one [`oim_search::Error::Backend`] line that names the cluster and
//! what OpenSearch said. Building the requests is left to the other modules.

use std::time::Duration;

use oim_search::Error;
use serde_json::Value;

/// A cluster reached over HTTP.
#[derive(Clone)]
pub struct Cluster {
    base: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster").field("url", &self.base).finish()
    }
}

impl Cluster {
    /// A cluster at `url` (`http://127.0.0.1:9200`); nothing is sent yet.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a URL that is not `http://` (or
    /// `https://` with the `tls` feature).
    pub fn new(url: &str) -> oim_search::Result<Cluster> {
        let base = url.trim().trim_end_matches('/').to_string();
        let https_ok = cfg!(feature = "tls") && base.starts_with("https://");
        if !(base.starts_with("http://") || https_ok) || base.len() <= "http://".len() {
            return Err(Error::InvalidValue {
                what: "OpenSearch URL",
                value: url.to_string(),
                hint: "give the cluster's address, such as http://127.0.0.1:9200 \
                       (https:// needs the `tls` feature)"
                    .to_string(),
            });
        }
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout_read(Duration::from_secs(120))
            .build();
        Ok(Cluster { base, agent })
    }

    /// The cluster's URL as given.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Sends a request with an optional JSON body and reads the JSON answer.
    ///
    /// # Errors
    /// [`Error::Backend`] when the cluster cannot be reached or answers
    /// with an error status.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> oim_search::Result<Value> {
        let request = self
            .agent
            .request(method, &format!("{}{path}", self.base))
            .set("Content-Type", "application/json");
        let sent = match body {
            Some(body) => request.send_string(&body.to_string()),
            None => request.call(),
        };
        self.answer(method, path, sent)
    }

    /// Sends an NDJSON body (`_bulk`).
    ///
    /// # Errors
    /// As [`Cluster::call`].
    pub fn call_ndjson(&self, path: &str, body: &str) -> oim_search::Result<Value> {
        let sent = self
            .agent
            .post(&format!("{}{path}", self.base))
            .set("Content-Type", "application/x-ndjson")
            .send_string(body);
        self.answer("POST", path, sent)
    }

    /// `GET path`, `None` on 404.
    ///
    /// # Errors
    /// As [`Cluster::call`], for anything but 200 and 404.
    pub fn get_optional(&self, path: &str) -> oim_search::Result<Option<Value>> {
        match self.agent.get(&format!("{}{path}", self.base)).call() {
            Ok(response) => response
                .into_json()
                .map(Some)
                .map_err(|e| self.error(format!("GET {path}: the answer is not JSON ({e})"))),
            Err(ureq::Error::Status(404, _)) => Ok(None),
            Err(e) => Err(self.failure("GET", path, e)),
        }
    }

    /// Whether `path` answers 200 (`HEAD /index`): false on 404.
    ///
    /// # Errors
    /// As [`Cluster::call`], for anything but 200 and 404.
    pub fn exists(&self, path: &str) -> oim_search::Result<bool> {
        match self.agent.head(&format!("{}{path}", self.base)).call() {
            Ok(_) => Ok(true),
            Err(ureq::Error::Status(404, _)) => Ok(false),
            Err(e) => Err(self.failure("HEAD", path, e)),
        }
    }

    fn answer(
        &self,
        method: &str,
        path: &str,
        sent: Result<ureq::Response, ureq::Error>,
    ) -> oim_search::Result<Value> {
        let response = sent.map_err(|e| self.failure(method, path, e))?;
        response.into_json().map_err(|e| Error::Backend {
            backend: format!("OpenSearch at {}", self.base),
            message: format!("{method} {path}: the answer is not JSON ({e})"),
        })
    }

    fn failure(&self, method: &str, path: &str, e: ureq::Error) -> Error {
        let message = match e {
            ureq::Error::Status(status, response) => {
                let text = response.into_string().unwrap_or_default();
                format!("{method} {path}: HTTP {status}: {}", reason(&text))
            }
            ureq::Error::Transport(t) => format!(
                "{method} {path}: cannot reach the cluster ({t}): start it or check the URL"
            ),
        };
        self.error(message)
    }

    /// An error about this cluster.
    pub fn error(&self, message: String) -> Error {
        Error::Backend {
            backend: format!("OpenSearch at {}", self.base),
            message,
        }
    }
}

/// OpenSearch's own words for an error answer: the root cause's type and
/// reason, or the text itself (cut) when it is not the usual JSON.
fn reason(text: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let cause = parsed
        .as_ref()
        .and_then(|v| v["error"]["root_cause"].get(0).or(Some(&v["error"])));
    match cause {
        Some(c) if c["reason"].is_string() => format!(
            "{}: {}",
            c["type"].as_str().unwrap_or("error"),
            c["reason"].as_str().unwrap_or_default()
        ),
        _ => text.chars().take(300).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_before_anything_is_sent() {
        assert!(Cluster::new("http://127.0.0.1:9200/").is_ok());
        assert_eq!(
            Cluster::new("http://127.0.0.1:9200/").unwrap().url(),
            "http://127.0.0.1:9200"
        );
        for bad in ["127.0.0.1:9200", "ftp://x", "http://", ""] {
            assert!(Cluster::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn error_answers_name_opensearchs_reason() {
        let text = r#"{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [oim]"}]},"status":404}"#;
        assert_eq!(
            reason(text),
            "index_not_found_exception: no such index [oim]"
        );
        assert_eq!(reason("plain"), "plain");
    }
}
