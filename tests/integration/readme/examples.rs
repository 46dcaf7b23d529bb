//! Reads README.md into the command examples it shows: each `$ command`
//! line of a fenced block, with the lines after it as its expected output.
//! Running and comparing them is left to the other modules.

/// One `$ command` line of the README and the output shown under it.
#[derive(Debug, Clone)]
pub struct Example {
    /// 1-based line of the `$` in README.md, for failure messages.
    pub line: usize,
    /// The command as a shell would read it (continuation lines joined).
    pub command: String,
    /// The output lines shown, trailing blank lines removed.
    pub expected: Vec<String>,
}

/// A fenced block holding commands; its commands share one working folder.
#[derive(Debug, Clone)]
pub struct Block {
    /// `<!-- readme-test: fresh -->` stood before it: the folder starts
    /// with `corpus/` but no index, as on a fresh clone.
    pub fresh: bool,
    /// `<!-- readme-test: part -->` stood before it: a JSON output shows
    /// part of the answer (objects may leave keys out, at any depth).
    pub part: bool,
    /// The commands, in order.
    pub examples: Vec<Example>,
    /// 0-based index of the closing fence, to find a JSON block right after.
    end: usize,
}

/// How a comment that sets options of the next block starts (`fresh`,
/// `part`); it is invisible once the Markdown is rendered.
const DIRECTIVE: &str = "<!-- readme-test:";

/// Every fenced block of `markdown` that holds at least one `$ ` line. A
/// command that shows no output of its own takes the ```` ```json ```` block
/// that follows its block (with only blank lines between) as its output,
/// so long JSON answers can be shown pretty-printed.
pub fn command_blocks(markdown: &str) -> Vec<Block> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks: Vec<Block> = Vec::new();
    let (mut fresh, mut part) = (false, false);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(options) = line.trim().strip_prefix(DIRECTIVE) {
            for option in options.trim_end_matches("-->").split_whitespace() {
                match option {
                    "fresh" => fresh = true,
                    "part" => part = true,
                    other => panic!("README.md:{}: unknown readme-test option `{other}`", i + 1),
                }
            }
            i += 1;
            continue;
        }
        if !line.starts_with("```") {
            if !line.trim().is_empty() {
                (fresh, part) = (false, false);
            }
            i += 1;
            continue;
        }
        let lang = line.trim_start_matches('`').trim();
        let start = i;
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or(lines.len());
        let body = &lines[i + 1..end];
        i = end + 1;
        if lang == "json" {
            if let Some(last) = waiting_for_output(&mut blocks, &lines, start) {
                last.expected = body.iter().map(|l| l.to_string()).collect();
            }
            (fresh, part) = (false, false);
            continue;
        }
        let examples = parse_commands(body, start + 2);
        if !examples.is_empty() {
            blocks.push(Block {
                fresh,
                part,
                examples,
                end,
            });
        }
        (fresh, part) = (false, false);
    }
    blocks
}

/// The last example of the last block when it shows no output and only
/// blank lines separate its block from the fence at `json_fence`.
fn waiting_for_output<'a>(
    blocks: &'a mut [Block],
    lines: &[&str],
    json_fence: usize,
) -> Option<&'a mut Example> {
    let block = blocks.last_mut()?;
    let example = block.examples.last_mut()?;
    if !example.expected.is_empty() {
        return None;
    }
    // the closing fence of the command block is the last non-blank line
    let previous = (0..json_fence)
        .rev()
        .find(|&j| !lines[j].trim().is_empty())?;
    (previous == block.end).then_some(example)
}

/// The `$` commands of one block body whose first line is README line
/// `first_line`.
fn parse_commands(body: &[&str], first_line: usize) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let Some(command) = body[k].strip_prefix("$ ") else {
            if let Some(example) = examples.last_mut() {
                example.expected.push(body[k].to_string());
            }
            k += 1;
            continue;
        };
        let line = first_line + k;
        let mut command = command.to_string();
        while command.ends_with('\\') && k + 1 < body.len() {
            command.pop();
            k += 1;
            command.push_str(body[k].trim_start());
        }
        examples.push(Example {
            line,
            command,
            expected: Vec::new(),
        });
        k += 1;
    }
    for example in &mut examples {
        while example.expected.last().is_some_and(|l| l.trim().is_empty()) {
            example.expected.pop();
        }
    }
    examples
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_outputs_continuations_and_json_blocks() {
        let md = "text\n\n<!-- readme-test: fresh -->\n```text\n$ oim-search index\nindexed 5\n\n$ printf 'a\\n' \\\n    | cat\na\n```\n\n```sh\n$ curl 'http://x/api'\n```\n```json\n{\"a\": 1}\n```\n\n```sh\ncargo test\n```\n";
        let blocks = command_blocks(md);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].fresh && !blocks[0].part);
        assert!(!blocks[1].fresh);
        let first = &blocks[0].examples;
        assert_eq!(first[0].command, "oim-search index");
        assert_eq!(first[0].expected, ["indexed 5"]);
        assert_eq!(first[0].line, 5);
        assert_eq!(first[1].command, "printf 'a\\n' | cat");
        assert_eq!(first[1].expected, ["a"]);
        assert_eq!(blocks[1].examples[0].expected, ["{\"a\": 1}"]);
    }

    #[test]
    fn options_apply_to_the_next_block_only() {
        let md = "<!-- readme-test: part fresh -->\n```sh\n$ a\n```\n```sh\n$ b\n```\n";
        let blocks = command_blocks(md);
        assert!(blocks[0].part && blocks[0].fresh);
        assert!(!blocks[1].part && !blocks[1].fresh);
    }

    #[test]
    fn a_json_block_after_prose_is_not_an_output() {
        let md = "```sh\n$ oim-search serve\n```\n\nprose\n\n```json\n{}\n```\n";
        let blocks = command_blocks(md);
        assert!(blocks[0].examples[0].expected.is_empty());
        let md = "```sh\n$ oim-search serve\n```\n```sh\ncargo test\n```\n```json\n{}\n```\n";
        assert!(command_blocks(md)[0].examples[0].expected.is_empty());
    }
}
