//! Prints the index terms that the project's French analyzer gives each word
//! read on standard input, one word a line, as `word<TAB>term term…` (no
//! terms for a stop word). `src/search/data/gen_families.py` runs it so the
//! family table is filtered with the very stems the index holds.
//!
//! Run with `printf 'soutiennent\nsoutenir\n' | cargo run --example analyze_words`.

use std::io::{BufRead, BufWriter, Write};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let word = line?;
        let terms: Vec<String> = oim_search::analyze(&word)
            .into_iter()
            .map(|t| t.text)
            .collect();
        writeln!(out, "{word}\t{}", terms.join(" "))?;
    }
    out.flush()
}
