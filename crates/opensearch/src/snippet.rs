//! Snippets from OpenSearch's highlighter, in the core's shape: the text
//! and the character ranges of the matched words in it. The highlighter
//! marks words with two private-use characters that page text never holds
//! (the core's normal form keeps them out of indexed text only by chance:
//! a page holding one would shift its own highlights, nothing else).

use oim_search::SearchRequest;
use serde_json::{json, Value};

use crate::text::Text;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The `highlight` part of a search: the body's best fragment (its start
/// when no word matches), the whole title.
pub fn highlight_request(text: &Text, request: &SearchRequest) -> Option<Value> {
    let chars = request.snippet_chars;
    let mut fields = serde_json::Map::new();
    if chars > 0 {
        fields.insert(
            "text.body".into(),
            json!({ "fragment_size": chars, "number_of_fragments": 1, "no_match_size": chars }),
        );
    }
    fields.insert("text.title".into(), json!({ "number_of_fragments": 0 }));
    let mut h = json!({
        "pre_tags": [OPEN.to_string()],
        "post_tags": [CLOSE.to_string()],
        "fields": fields,
        // the query reads the core's terms in `body`; the highlighter marks
        // the page's words in `text.body` that analyse to the same terms
        "require_field_match": false,
    });
    match text.highlight() {
        Some(query) => h["highlight_query"] = query,
        None if chars == 0 => return None,
        None => {}
    }
    Some(h)
}

/// Removes the markers; returns the text and the `[start, end)` character
/// ranges they enclosed.
pub fn marked_ranges(marked: &str) -> (String, Vec<[usize; 2]>) {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut at = 0;
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(at),
            CLOSE => {
                if let Some(start) = open.take() {
                    ranges.push([start, at]);
                }
            }
            c => {
                text.push(c);
                at += 1;
            }
        }
    }
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_count_characters_of_the_clean_text() {
        let (text, ranges) =
            marked_ranges("Aide aux \u{E000}réfugiés\u{E001} du \u{E000}Soudan\u{E001}.");
        assert_eq!(text, "Aide aux réfugiés du Soudan.");
        let chars: Vec<char> = text.chars().collect();
        let word = |r: [usize; 2]| chars[r[0]..r[1]].iter().collect::<String>();
        assert_eq!(word(ranges[0]), "réfugiés");
        assert_eq!(word(ranges[1]), "Soudan");
    }
}
