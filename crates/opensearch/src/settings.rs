//! The index's settings and mappings, built from the core's own analysis
//! data: the same word splitting, elisions, lowercase, folding, stop words
//! and Snowball French stemming, in the core's order (folding before
//! stemming, so that accented and accentless spellings share a stem).
//! The fields the plan's queries read hold the core's own terms (written
//! by `push`, read by a whitespace analyzer); the chain here analyses the
//! page's words beside them (`text.title`, `text.body`) for the highlighter
//! and for people's own queries. `tests/cluster.rs` compares both analyzers
//! on the fixtures: they differ only in some stems (Snowball versions).

use oim_search::{analysis_data, Facet};
use serde_json::{json, Value};

/// The analyzer of every text field.
pub const ANALYZER: &str = "oim_french";
/// The same chain with the shipped synonyms (`synonym_graph`), for people
/// who send their own `match` queries to the index; the backend's queries
/// are the core's already-expanded terms and do not use it.
pub const SYNONYM_ANALYZER: &str = "oim_french_synonyms";
/// Analyzes a plan's phrase written as its terms with `_` in each gap (a
/// stop word's place): whitespace words, `_` removed with its position kept.
pub const GAP_ANALYZER: &str = "oim_terms";
/// The keyword field of a facet.
pub fn facet_field(facet: Facet) -> String {
    format!("facets.{}", facet.key())
}

/// The word pattern of the core's tokenizer: runs of letters, digits and
/// marks, an apostrophe of the core's one set inside a word kept for the
/// elision filter.
fn word_pattern() -> String {
    // none of the apostrophes is special inside a Java character class
    let apostrophes: String = oim_search::APOSTROPHES.iter().collect();
    format!(r"[\p{{L}}\p{{N}}\p{{M}}]+(?:[{apostrophes}][\p{{L}}\p{{N}}\p{{M}}]+)*")
}

/// The body of `PUT /INDEX`: analysis, shards and replicas, mappings.
pub fn index_body(shards: u32, replicas: u32) -> Value {
    json!({
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            // the core pages up to offset + limit = 100 000
            "max_result_window": oim_search::MAX_DEPTH,
            "analysis": analysis(),
        },
        "mappings": mappings(),
    })
}

fn analysis() -> Value {
    let data = analysis_data();
    let synonyms: Vec<&str> = data
        .synonyms_solr
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .collect();
    let chain = [
        "oim_long",
        "oim_elision",
        "lowercase",
        "asciifolding",
        "oim_stop",
        "oim_stem",
    ];
    let mut with_synonyms: Vec<&str> = chain.to_vec();
    // synonyms read the words before stop words go, stems after
    with_synonyms.insert(4, "oim_synonyms");
    json!({
        "tokenizer": {
            "oim_words": { "type": "pattern", "pattern": word_pattern(), "group": 0 }
        },
        "filter": {
            // the core drops words over its byte limit; `length` counts
            // characters: the same for the ASCII words that reach it
            "oim_long": { "type": "length", "min": 0, "max": data.max_word_bytes },
            "oim_elision": {
                "type": "elision",
                "articles_case": true,
                "articles": data.elision_articles,
            },
            "oim_stop": { "type": "stop", "stopwords": data.stop_words },
            "oim_stem": { "type": "snowball", "language": "French" },
            "oim_synonyms": {
                "type": "synonym_graph",
                "synonyms": synonyms,
                // a rule whose words are all stop words is skipped, not fatal
                "lenient": true,
            },
            "oim_gap": { "type": "stop", "stopwords": ["_"] },
        },
        "analyzer": {
            ANALYZER: { "type": "custom", "tokenizer": "oim_words", "filter": chain },
            SYNONYM_ANALYZER: {
                "type": "custom",
                "tokenizer": "oim_words",
                "filter": with_synonyms,
            },
            GAP_ANALYZER: { "type": "custom", "tokenizer": "whitespace", "filter": ["oim_gap"] },
        },
        "normalizer": {
            "oim_lower": { "type": "custom", "filter": ["lowercase"] }
        },
    })
}

fn mappings() -> Value {
    // the core's terms, as `push::core_terms` writes them: what the plan's
    // queries match and score
    let terms = |norms: bool| json!({ "type": "text", "analyzer": GAP_ANALYZER, "norms": norms });
    // the page's own words through OpenSearch's chain: for the highlighter
    // and for people's own `match` queries
    let words =
        json!({ "type": "text", "analyzer": ANALYZER, "search_analyzer": SYNONYM_ANALYZER });
    let facets: serde_json::Map<String, Value> = Facet::ALL
        .iter()
        .map(|f| (f.key().to_string(), json!({ "type": "keyword" })))
        .collect();
    json!({
        "dynamic": "strict",
        "properties": {
            "id": { "type": "keyword" },
            "ids": { "type": "keyword", "normalizer": "oim_lower" },
            "title": terms(true),
            // a project with four beneficiaries is as much about each: no length norm
            "countries": terms(false),
            "meta": terms(true),
            "body": terms(true),
            "text": { "properties": { "title": words.clone(), "body": words } },
            "facets": { "properties": facets },
            "budget_usd": { "type": "double" },
            "year_value": { "type": "integer" },
            "start_year": { "type": "integer" },
            "end_year": { "type": "integer" },
            "page_hash": { "type": "keyword" },
            // the whole Document, as the embedded index stores it
            "doc": { "type": "object", "enabled": false },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_folds_before_stemming_and_synonyms_come_before_stop_words() {
        let a = analysis();
        let chain: Vec<&str> = a["analyzer"][ANALYZER]["filter"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let at = |name: &str| chain.iter().position(|f| *f == name).unwrap();
        assert!(at("asciifolding") < at("oim_stem"));
        assert!(at("oim_elision") < at("lowercase"));
        let with = a["analyzer"][SYNONYM_ANALYZER]["filter"]
            .as_array()
            .unwrap();
        assert_eq!(with[4], "oim_synonyms");
        assert_eq!(with[5], "oim_stop");
        assert!(a["filter"]["oim_stop"]["stopwords"]
            .as_array()
            .unwrap()
            .contains(&json!("les")));
    }

    /// The pattern keeps inside a word exactly the apostrophes of the core's
    /// one set, as the core's tokenizer does.
    #[test]
    fn the_word_pattern_keeps_the_cores_apostrophes_and_only_those() {
        let pattern = regex::Regex::new(&format!("^(?:{})$", word_pattern())).unwrap();
        for apostrophe in oim_search::APOSTROPHES {
            let word = format!("d{apostrophe}Ivoire");
            assert!(pattern.is_match(&word), "{word:?}");
            // the core reads it as one elided word too
            let terms: Vec<String> = oim_search::analyze(&word)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(terms, ["ivoir"], "{word:?}");
        }
        for not_one in ['"', '«', '‚', '‛', '′', '-', ' '] {
            let word = format!("d{not_one}Ivoire");
            assert!(!pattern.is_match(&word), "{word:?}");
        }
        assert!(pattern.is_match("Co\u{302}te"));
    }

    #[test]
    fn every_facet_has_a_keyword_field() {
        let m = mappings();
        for facet in Facet::ALL {
            assert_eq!(
                m["properties"]["facets"]["properties"][facet.key()]["type"],
                "keyword"
            );
        }
        assert_eq!(facet_field(Facet::Region), "facets.region");
    }
}
