//! The README's command examples, run and compared with the output they
//! show, so that the README cannot drift from the tool. Each fenced block
//! with `$ ` lines runs in a fresh folder holding a copy of `corpus/` (and
//! `tests/`, for `eval`), with the index already built unless the block is
//! marked `<!-- readme-test: fresh -->`; its commands run in order in `sh`,
//! with `oim-search` on the PATH and stdout a pipe. `curl` examples are
//! answered in-process by the server's router over the same index.
//! What is compared: every shown line (timings and the folder normalised,
//! `[..]` for any text), or the whole JSON value (less `took_ms`) when the
//! shown output is one JSON value; after `<!-- readme-test: part -->` the
//! shown JSON may leave keys out.

mod compare;
#[cfg(feature = "server")]
mod curl;
mod examples;
mod library;

use std::path::{Path, PathBuf};
use std::process::Command;

use compare::{is_interleaving, json_difference, normalise, without_timings};
use examples::Example;

use crate::root;

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = examples::command_blocks(&readme);
    let commands: usize = blocks.iter().map(|b| b.examples.len()).sum();
    // a parser that silently found nothing would pass: the README has more
    assert!(commands >= 15, "only {commands} README commands found");
    let built = built_index();
    let mut failures = Vec::new();
    for block in &blocks {
        let dir = workdir(if block.fresh {
            None
        } else {
            Some(built.path())
        });
        for example in &block.examples {
            if let Err(why) = check(example, dir.path(), block.part) {
                failures.push(format!(
                    "README.md:{}: $ {}\n{why}",
                    example.line, example.command
                ));
            }
        }
    }
    println!(
        "README: {commands} commands in {} blocks checked",
        blocks.len()
    );
    assert!(
        failures.is_empty(),
        "{} README example(s) no longer show what the tool prints (update README.md):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A folder with the index of `corpus/` built by `oim-search index`, copied
/// into each example's folder.
fn built_index() -> tempfile::TempDir {
    let dir = workdir(None);
    let status = shell("oim-search index", dir.path())
        .output()
        .expect("run oim-search index");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    dir
}

/// A folder as the README's commands expect the repository root: `corpus/`,
/// `tests/`, and the index of `built` when given.
fn workdir(built: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    std::os::unix::fs::symlink(root().join("tests"), dir.path().join("tests")).unwrap();
    if let Some(built) = built {
        copy_dir(&built.join("index"), &dir.path().join("index"));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `sh -c command` in `dir`, with the binary under test first on the PATH.
fn shell(command: &str, dir: &Path) -> Command {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_oim-search"));
    let mut path = binary.parent().unwrap().as_os_str().to_owned();
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        // piped output marks matches with `**`, as the README shows
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs one example and compares; the error says what differs.
fn check(example: &Example, dir: &Path, part: bool) -> Result<(), String> {
    // the opening shows `cargo run --release -- …`: the same binary
    let command = match example.command.strip_prefix("cargo run --release -- ") {
        Some(rest) => format!("oim-search {rest}"),
        None => example.command.clone(),
    };
    let workdir = dir.to_string_lossy();
    let shown_json = serde_json::from_str::<serde_json::Value>(&example.expected.join("\n"))
        .ok()
        .filter(|v| v.is_object() || v.is_array());
    if let Some(args) = command.strip_prefix("curl ") {
        return check_curl(example, &words(args), dir, shown_json, part);
    }
    let output = shell(&command, dir)
        .output()
        .map_err(|e| format!("could not run sh: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let Some(mut shown) = shown_json {
        let mut actual: serde_json::Value = serde_json::from_str(&stdout).map_err(|e| {
            format!("the README shows JSON, the output is not ({e}):\n{stdout}{stderr}")
        })?;
        without_timings(&mut shown);
        without_timings(&mut actual);
        return match json_difference(&shown, &actual, "", part) {
            None => Ok(()),
            Some(d) => Err(format!("JSON differs at {d}\nthe output:\n{stdout}")),
        };
    }
    let lines =
        |text: &str| -> Vec<String> { text.lines().map(|l| normalise(l, &workdir)).collect() };
    let mut out = lines(&stdout);
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let err = lines(&stderr);
    let shown: Vec<String> = example
        .expected
        .iter()
        .map(|l| normalise(l, &workdir))
        .collect();
    if is_interleaving(&shown, &out, &err) {
        Ok(())
    } else {
        Err(format!(
            "shown:\n{}\nprinted (stdout):\n{}\nprinted (stderr):\n{}",
            indent(&example.expected),
            indent(&stdout.lines().map(str::to_string).collect::<Vec<_>>()),
            indent(&stderr.lines().map(str::to_string).collect::<Vec<_>>()),
        ))
    }
}

#[cfg(feature = "server")]
fn check_curl(
    example: &Example,
    args: &[String],
    dir: &Path,
    shown_json: Option<serde_json::Value>,
    part: bool,
) -> Result<(), String> {
    let actual = curl::run(args, &dir.join("index"))?;
    if let Some(mut shown) = shown_json {
        let body = actual.join("\n");
        let mut actual: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| format!("the README shows JSON, the answer is not ({e}):\n{body}"))?;
        without_timings(&mut shown);
        without_timings(&mut actual);
        return match json_difference(&shown, &actual, "", part) {
            None => Ok(()),
            Some(d) => Err(format!("JSON differs at {d}\nthe answer:\n{body}")),
        };
    }
    let fits = if args.iter().any(|a| a == "-i") {
        curl::headers_fit(&example.expected, &actual)
    } else {
        example.expected == actual
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "shown:\n{}\nanswered:\n{}",
            indent(&example.expected),
            indent(&actual)
        ))
    }
}

#[cfg(not(feature = "server"))]
fn check_curl(
    _: &Example,
    _: &[String],
    _: &Path,
    _: Option<serde_json::Value>,
    _: bool,
) -> Result<(), String> {
    println!("README: a curl example is not checked without the `server` feature");
    Ok(())
}

/// The lines indented, with the spaces that look alike made visible (the
/// tool prints U+202F in `200 000 USD`, an editor may type a plain space).
fn indent(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| {
            let l = l
                .replace('\u{a0}', "<U+00A0>")
                .replace('\u{202f}', "<U+202F>")
                .replace('\t', "<tab>");
            format!("    {l}\n")
        })
        .collect()
}

/// Splits a command line into words as `sh` would for the simple cases
/// the README's curl lines use: blanks, '…' and "…" quotes.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn words_split_like_sh() {
    assert_eq!(
        words(r#"-i 'http://h/a?q=x y' "b c"d e"#),
        ["-i", "http://h/a?q=x y", "b cd", "e"]
    );
}
