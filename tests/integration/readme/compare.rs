//! Compares the output a README example shows with the output its command
//! gave. Only what varies from run to run is normalised (timings, the temp
//! folder); `[..]` in a shown line stands for any text, as in trycmd.

use serde_json::Value;

/// What a shown line may hold for "any text here".
const WILDCARD: &str = "[..]";

/// Replaces timings (`20.7 ms`, `0.15 s`) with `<ms>` and `<s>`, and the
/// example's working folder with `.`, so that runs compare equal.
pub fn normalise(line: &str, workdir: &str) -> String {
    let line = line.trim_end().replace(workdir, ".");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if starts_number {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let unit_end = |unit: &str| {
                let unit: Vec<char> = unit.chars().collect();
                let end = j + unit.len();
                (end <= chars.len()
                    && chars[j..end] == unit[..]
                    && chars.get(end).is_none_or(|c| !c.is_alphanumeric()))
                .then_some(end)
            };
            if let Some(end) = unit_end(" ms") {
                out.push_str("<ms>");
                i = end;
                continue;
            }
            if let Some(end) = unit_end(" s") {
                out.push_str("<s>");
                i = end;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether an actual line matches a shown one, where `[..]` matches any
/// text (both already normalised).
pub fn line_matches(shown: &str, actual: &str) -> bool {
    let mut parts = shown.split(WILDCARD);
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether the shown lines are the stdout and stderr lines interleaved,
/// each stream in its own order. Both streams are shown together in the
/// README, but when a pipe joins two processes (`oim-search … | head -2`)
/// the order between them is up to the scheduler.
pub fn is_interleaving(shown: &[String], stdout: &[String], stderr: &[String]) -> bool {
    if shown.len() != stdout.len() + stderr.len() {
        return false;
    }
    // reachable[o][e]: the first o + e shown lines are o stdout lines and e stderr lines
    let mut reachable = vec![vec![false; stderr.len() + 1]; stdout.len() + 1];
    reachable[0][0] = true;
    for o in 0..=stdout.len() {
        for e in 0..=stderr.len() {
            if !reachable[o][e] || o + e == shown.len() {
                continue;
            }
            let line = &shown[o + e];
            if o < stdout.len() && line_matches(line, &stdout[o]) {
                reachable[o + 1][e] = true;
            }
            if e < stderr.len() && line_matches(line, &stderr[e]) {
                reachable[o][e + 1] = true;
            }
        }
    }
    reachable[stdout.len()][stderr.len()]
}

/// Removes `took_ms` (a timing) wherever it is, so JSON answers compare.
pub fn without_timings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("took_ms");
            map.values_mut().for_each(without_timings);
        }
        Value::Array(items) => items.iter_mut().for_each(without_timings),
        _ => {}
    }
}

/// The first place where two JSON values differ, as a path (`hits[0].score`)
/// with both values, or `None` when they are equal. With `part`, objects
/// shown may leave out keys of the output (what is shown must still match).
pub fn json_difference(shown: &Value, actual: &Value, path: &str, part: bool) -> Option<String> {
    match (shown, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let here = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = json_difference(x, y, &here, part) {
                            return Some(d);
                        }
                    }
                    (Some(_), None) => {
                        return Some(format!("{here}: shown, but not in the output"))
                    }
                    (None, Some(y)) if !part => {
                        return Some(format!("{here}: not shown, the output has {y}"))
                    }
                    _ => {}
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| json_difference(x, y, &format!("{path}[{i}]"), part)),
        _ if shown == actual => None,
        _ => Some(
            format!("{path}: shown {shown}, the output has {actual}")
                .replace('\u{a0}', "<U+00A0>")
                .replace('\u{202f}', "<U+202F>"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_and_the_workdir_are_normalised() {
        let cases = [
            (
                "1 result (showing 1–1, 20.7 ms)",
                "1 result (showing 1–1, <ms>)",
            ),
            ("into index in 0.15 s (5 new", "into index in <s> (5 new"),
            ("GET / 200 3 ms", "GET / 200 <ms>"),
            (
                "/tmp/x/index holds 5 documents",
                "./index holds 5 documents",
            ),
            ("5 sites, 2 snails, v1.5 s", "5 sites, 2 snails, v1.5 s"),
            (
                "372,887.00 USD over 3 results",
                "372,887.00 USD over 3 results",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(normalise(line, "/tmp/x"), want, "{line}");
        }
    }

    #[test]
    fn wildcards_match_any_text_and_nothing_else_does() {
        assert!(line_matches("index size   [..]", "index size   44.5 KB"));
        assert!(line_matches("a [..] c [..]", "a b c d"));
        assert!(line_matches("a[..]a", "aa"));
        assert!(!line_matches("a[..]a", "a"));
        assert!(!line_matches(
            "index size   44.5 KB",
            "index size   44.6 KB"
        ));
        assert!(!line_matches("abc", "abcd"));
    }

    #[test]
    fn streams_may_interleave_but_keep_their_own_order() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let shown = s(&["o1", "e1", "o2"]);
        assert!(is_interleaving(&shown, &s(&["o1", "o2"]), &s(&["e1"])));
        assert!(!is_interleaving(&shown, &s(&["o2", "o1"]), &s(&["e1"])));
        assert!(!is_interleaving(
            &shown,
            &s(&["o1", "o2", "o3"]),
            &s(&["e1"])
        ));
    }

    #[test]
    fn json_differences_name_the_path() {
        let a: Value = serde_json::json!({"hits": [{"score": 1.5}], "took_ms": 3});
        let mut b: Value = serde_json::json!({"hits": [{"score": 2.5}], "took_ms": 9});
        assert_eq!(
            json_difference(&a, &b, "", false).as_deref(),
            Some(".hits[0].score: shown 1.5, the output has 2.5")
        );
        b["hits"][0]["score"] = serde_json::json!(1.5);
        let (mut a, mut b) = (a, b);
        without_timings(&mut a);
        without_timings(&mut b);
        assert_eq!(json_difference(&a, &b, "", false), None);
    }

    #[test]
    fn a_part_may_leave_keys_out_but_not_change_them() {
        let answer =
            serde_json::json!({"total": 5, "aggregates": {"budget_usd": 3.0, "with_budget": 3}});
        let part = serde_json::json!({"aggregates": {"budget_usd": 3.0}});
        assert_eq!(json_difference(&part, &answer, "", true), None);
        assert!(json_difference(&part, &answer, "", false).is_some());
        let wrong = serde_json::json!({"aggregates": {"budget_usd": 4.0}});
        assert!(json_difference(&wrong, &answer, "", true).is_some());
        let extra = serde_json::json!({"aggregates": {"budget": 3.0}});
        assert!(json_difference(&extra, &answer, "", true).is_some());
    }
}
