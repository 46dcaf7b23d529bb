//! The core's modules import one another one way: no module of `src/`
//! reaches, through `crate::` paths, a module that reaches it back. A loop
//! would let a change anywhere on it ripple everywhere on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module of `src/` → the top-level modules its non-test code
/// names through `crate::…` (as `crate::x::…` or inside `crate::{x, …}`).
type ModuleGraph = BTreeMap<String, BTreeSet<String>>;

fn module_graph(src: &Path) -> ModuleGraph {
    let mut graph = ModuleGraph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix(src)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let top = relative.split('/').next().unwrap().trim_end_matches(".rs");
                if top == "lib" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let targets = graph.entry(top.to_string()).or_default();
                for target in crate_paths(&text) {
                    if target != top {
                        targets.insert(target);
                    }
                }
            }
        }
    }
    graph
}

/// The first segment of every `crate::` path of `text`, leaving out its
/// `#[cfg(test)]` part and comments (doc links are not imports).
fn crate_paths(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let code: String = code
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            names.extend(top_level_items(group).into_iter().filter_map(first_segment));
        } else if let Some(name) = first_segment(rest) {
            names.push(name);
        }
    }
    names
}

/// The items of a `{…}` group (its opening brace already read), split at
/// the commas outside nested groups: `a::{b, c}, d}` → `a::{b, c}`, `d`.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..at]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
}

fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The modules from which `start` is reached again, if any: one loop.
fn loop_through(graph: &ModuleGraph, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == start {
                return Some(path.clone());
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn loops(graph: &ModuleGraph) -> Vec<String> {
    graph
        .keys()
        .filter_map(|module| loop_through(graph, module))
        .map(|path| format!("{} -> {}", path.join(" -> "), path[0]))
        .collect()
}

#[test]
fn core_modules_import_one_way() {
    let graph = module_graph(&crate::root().join("src"));
    assert!(graph.len() > 5, "{graph:?}");
    let found = loops(&graph);
    assert!(found.is_empty(), "import loops in src/: {found:#?}");
}

#[test]
fn a_loop_is_found() {
    let mut graph = ModuleGraph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    assert_eq!(loops(&graph)[0], "a -> b -> c -> a");
    assert_eq!(loops(&graph).len(), 3, "a, b and c each on the loop");
}

#[test]
fn grouped_and_nested_paths_are_read() {
    let text = "use crate::{search::{Hit, Tier},\n    facet};\nlet x = crate::engine::Engine::new();\n// crate::ignored\n#[cfg(test)]\nuse crate::tested;";
    assert_eq!(crate_paths(text), ["search", "facet", "engine"]);
}
