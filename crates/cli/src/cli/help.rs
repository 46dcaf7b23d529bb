//! The text that `--help` shows after the options: examples for each
//! command, the query syntax and the defaults of `search`. Kept as data
//! here so the clap definitions stay readable; the filter keys and their
//! aliases are those `oim_search::parse_query` reads (`Facet::from_key`).

/// Ends a command's help with the line pointing to the global options,
/// which are listed only in the top-level help.
macro_rules! with_globals {
    ($text:expr) => {
        concat!(
            $text,
            "\n\nGlobal options (--index DIR, --color WHEN, --synonyms FILE, -q/--quiet): see oim-search --help."
        )
    };
}

/// The examples of `search`, in both its short and its long help.
macro_rules! search_examples {
    () => {
        "\
Examples:
  oim-search search diaspora Lesotho
  oim-search search '\"processus d’Almaty\"'
  oim-search search 'migration -Kirghizistan'
  oim-search search 'migration pays:Kirghizistan annee:2019'
  oim-search search --region Afrique --sort budget --asc
  oim-search search migration -j -n 3 --offset 3
  oim-search search --batch queries.txt     one query per line in, one JSON line out
  oim-search search migration --format csv --output migration.csv"
    };
}

/// After the top-level options.
pub const TOP: &str = "\
Examples:
  oim-search index                          build or update ./index from ./corpus
  oim-search search diaspora Lesotho        the best pages for these words
  oim-search search -n 5 -j 'migration region:Afrique'
  oim-search show 003_30687b3d87caff90      one whole page
  oim-search serve                          the search page on http://127.0.0.1:7700

Global options go before or after the command: oim-search search x --index DIR.
Each command has its own help: oim-search search --help (query syntax, defaults).";

/// `index --help`.
pub const INDEX: &str = with_globals!(
    "\
Examples:
  oim-search index                          update ./index from ./corpus (only what changed)
  oim-search index --corpus pages --full    rebuild everything from ./pages
  oim-search index --ndjson docs.ndjson     add documents given as JSON lines
  oim-search index --strict --json          exit 3 on any warning; report as JSON"
);

/// `search -h`: the examples and where the rest is.
pub const SEARCH: &str = with_globals!(concat!(
    search_examples!(),
    "\n\nQuery syntax, filter keys and defaults: oim-search search --help."
));

/// `search --help`: examples, query syntax, filter keys, defaults.
pub const SEARCH_LONG: &str = with_globals!(concat!(
    search_examples!(),
    "

Query syntax:
  diaspora Lesotho              pages with every word first, then pages with fewer (--match)
  \"processus d'Almaty\"          an exact phrase
  -Kirghizistan, -\"a phrase\"    leave out pages holding the word or the phrase
  CD.0003, LS10P0001            a project ID or a Prima ID
  key:value, key:\"two words\"    a filter, as the flag of the same name

Filter keys (case and accents do not matter: année: and région: work too):
  region:                       IDF region: region:Afrique, region:\"Asie et Océanie\"
  type:                         project type: type:\"Activités de politique migratoire\"
  country:, pays:               country: pays:Lesotho
  status:, statut:              status: statut:Achevé
  coverage:, couverture:        coverage: couverture:National
  year:, annee:                 year or years: annee:2019, year:2015-2020
  year_min:, year_max:          earliest or latest year
  budget:                       budget bucket: budget:100000-200000, budget:300000+
  budget_min:, budget_max:      budget range in USD
  kind:                         project or news
An unknown value is an error that names the valid ones; oim-search facets lists them all.

Defaults:
  Sort      by relevance when the query has words; by year, newest first, when
            browsing (no words: only filters, or nothing). --sort budget|year is
            descending unless --asc.
  Words     --match auto: pages with more of the words first; a word no page
            holds is left out and named.
  Page      10 hits (-n/--limit, 0 to 1000) from the first (--offset).
  Output    text; -j/--json prints one JSON object; --batch always prints JSON,
            one line per query, with or without --json.
  Exit      0 even when nothing matches; 1 then with --fail-if-empty."
));

/// `show --help`.
pub const SHOW: &str = with_globals!(
    "\
Examples:
  oim-search show 003_30687b3d87caff90      the page of corpus/003_30687b3d87caff90.txt
  oim-search show 003_30687b3d87caff90 -j   the same as JSON

The ids are those of search results (`id` in the JSON output)."
);

/// `stats --help`.
pub const STATS: &str = with_globals!(
    "\
Examples:
  oim-search stats
  oim-search stats -j | jq .documents"
);

/// `check --help`.
pub const CHECK: &str = with_globals!(
    "\
Examples:
  oim-search check                          exit 0 when every file is intact
  oim-search check --index /srv/oim/index"
);

/// `facets --help`.
pub const FACETS: &str = with_globals!(
    "\
Examples:
  oim-search facets                         every value of every facet, by count
  oim-search facets --budget                with the budget sum of each value
  oim-search facets -j | jq .region"
);

/// `eval --help`.
pub const EVAL: &str = with_globals!(
    "\
Examples:
  oim-search eval tests/fixtures/relevance-hard/queries.jsonl --corpus tests/fixtures/relevance-hard
  oim-search eval queries.jsonl --match any    the plain BM25 baseline
  oim-search eval queries.jsonl -j"
);

/// `serve --help`.
#[cfg(feature = "server")]
pub const SERVE: &str = with_globals!(
    "\
Examples:
  oim-search serve                          http://127.0.0.1:7700, this machine only
  oim-search serve --addr 8080              http://127.0.0.1:8080
  oim-search serve --addr 0.0.0.0:8080      reachable from the network
  oim-search serve --base-path /recherche   behind a proxy forwarding /recherche/…
  oim-search serve --cors https://example.org   that site's pages may call the API"
);

/// `completions --help`.
pub const COMPLETIONS: &str = with_globals!(
    "\
Examples:
  oim-search completions bash > ~/.local/share/bash-completion/completions/oim-search
  oim-search completions zsh > ~/.zfunc/_oim-search    with fpath+=~/.zfunc in ~/.zshrc
  oim-search completions fish > ~/.config/fish/completions/oim-search.fish"
);

/// `man --help`.
pub const MAN: &str = with_globals!(
    "\
Examples:
  oim-search man | man -l -                 read the page now
  oim-search man --out ~/.local/share/man/man1   one page per command"
);
