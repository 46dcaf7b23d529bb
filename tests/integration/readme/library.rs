//! The README's library example is examples/readme.rs, which cargo builds
//! with the tests: this checks that the README shows that file's code, so
//! the example on the page compiles.

use crate::root;

/// The README's ```` ```rust ```` block as examples/readme.rs holds it: its
/// `use` lines, a blank line, then `main`'s body between the markers with
/// one level of indentation removed.
fn example_as_shown() -> String {
    let file = std::fs::read_to_string(root().join("examples/readme.rs")).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    let marker = |m: &str| {
        lines
            .iter()
            .position(|l| l.trim() == m)
            .unwrap_or_else(|| panic!("examples/readme.rs has no `{m}` line"))
    };
    let (start, end) = (
        marker("// README example start"),
        marker("// README example end"),
    );
    let mut shown: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("use "))
        .collect();
    shown.push("");
    shown.extend(
        lines[start + 1..end]
            .iter()
            .map(|l| l.strip_prefix("    ").unwrap_or(l)),
    );
    shown.join("\n") + "\n"
}

/// The first ```` ```rust ```` block of README.md.
fn readme_rust_block() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("\n```rust\n")
        .expect("README.md has a ```rust block")
        + 9;
    let end = readme[start..]
        .find("\n```")
        .map(|e| start + e + 1)
        .unwrap();
    readme[start..end].to_string()
}

#[test]
fn readme_library_code_is_examples_readme_rs() {
    let shown = readme_rust_block();
    let compiled = example_as_shown();
    if shown != compiled {
        let line = shown
            .lines()
            .zip(compiled.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(shown.lines().count().min(compiled.lines().count()));
        panic!(
            "README.md's ```rust block and examples/readme.rs differ at line {} of the block:\n  README:  {:?}\n  example: {:?}\ncopy one into the other (the example is what cargo compiles)",
            line + 1,
            shown.lines().nth(line),
            compiled.lines().nth(line)
        );
    }
}
