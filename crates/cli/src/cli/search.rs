//! `oim-search search`: one query (text or JSON), or a batch of queries from
//! a file or stdin answered in one process, one JSON line each.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::builder::StringValueParser;
use clap::{Args, ValueHint};
use oim_search::{
    CsvDialect, CsvWriter, Engine, ExportFormat, Facet, MatchMode, Param, RowWriter, SearchBackend,
    SearchRequest, SearchResults, SortBy, SortOrder, XlsxWriter, BUDGET_BUCKETS, MAX_DEPTH,
    MAX_LIMIT,
};

use super::backend::BackendSpec;
use super::choices::Choices;
use super::config::Config;
use super::numbers::WholeNumber;
use super::output::{render_results, Highlight};
use super::Exit;

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query: words, "phrases", -excluded words, key:value filters (see
    /// --help for the syntax); several words need no quotes, as in rg and
    /// fd; without words, every document the filters keep, newest first.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Hits per page, 0 (counts only) to 1000.
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = WholeNumber::<usize>::between(0, MAX_LIMIT as u64)
    )]
    limit: usize,
    /// Hits to skip (offset + limit at most 100000).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        allow_negative_numbers = true,
        value_parser = WholeNumber::<usize>::between(0, MAX_DEPTH as u64)
    )]
    offset: usize,
    /// Print one JSON object.
    #[arg(short = 'j', long)]
    json: bool,
    /// Exit with code 1 when nothing matches (the output is printed all
    /// the same); with --batch, when no query of the batch matches.
    #[arg(long)]
    fail_if_empty: bool,
    /// Show facet counts under the hits.
    #[arg(long)]
    facets: bool,
    /// Read one query per line (plain text or JSON object) from FILE, `-`
    /// for stdin; prints one JSON line per query, with or without --json.
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
    /// Filter by IDF region (repeat for OR).
    #[arg(long, value_hint = ValueHint::Other)]
    region: Vec<String>,
    /// Filter by project type (repeat for OR).
    #[arg(long = "type", value_hint = ValueHint::Other)]
    project_type: Vec<String>,
    /// Filter by budget bucket: 0-50000, 50000-100000, 100000-200000, 200000-300000, 300000+.
    #[arg(
        long,
        hide_possible_values = true,
        value_parser = Choices::new(BUDGET_BUCKETS.map(|(name, _, _)| name), StringValueParser::new())
    )]
    budget: Vec<String>,
    /// Lowest budget in USD.
    #[arg(
        long,
        value_name = "USD",
        allow_negative_numbers = true,
        value_hint = ValueHint::Other,
        value_parser = amount(Param::BudgetMin)
    )]
    budget_min: Option<f64>,
    /// Highest budget in USD.
    #[arg(
        long,
        value_name = "USD",
        allow_negative_numbers = true,
        value_hint = ValueHint::Other,
        value_parser = amount(Param::BudgetMax)
    )]
    budget_max: Option<f64>,
    /// Filter by country (repeat for OR).
    #[arg(long, value_hint = ValueHint::Other)]
    country: Vec<String>,
    /// Filter by project status (repeat for OR).
    #[arg(long, value_hint = ValueHint::Other)]
    status: Vec<String>,
    /// Filter by coverage (repeat for OR).
    #[arg(long, value_hint = ValueHint::Other)]
    coverage: Vec<String>,
    /// Filter by year (repeat for OR).
    #[arg(long, value_hint = ValueHint::Other)]
    year: Vec<String>,
    /// Earliest year.
    #[arg(
        long,
        value_name = "YEAR",
        allow_negative_numbers = true,
        value_hint = ValueHint::Other,
        value_parser = year(Param::YearMin)
    )]
    year_min: Option<i32>,
    /// Latest year.
    #[arg(
        long,
        value_name = "YEAR",
        allow_negative_numbers = true,
        value_hint = ValueHint::Other,
        value_parser = year(Param::YearMax)
    )]
    year_max: Option<i32>,
    /// Filter by kind: project or news.
    #[arg(
        long,
        hide_possible_values = true,
        value_parser = Choices::new(["project", "news"], StringValueParser::new())
    )]
    kind: Vec<String>,
    /// Sort by relevance, budget or year [default: relevance; year when
    /// the query has no words].
    #[arg(
        long,
        hide_possible_values = true,
        value_parser = Choices::new(["relevance", "budget", "year"], <SortBy as std::str::FromStr>::from_str)
    )]
    sort: Option<SortBy>,
    /// Ascending sort.
    #[arg(long, conflicts_with = "desc")]
    asc: bool,
    /// Descending sort (the default).
    #[arg(long)]
    desc: bool,
    /// Turn typo tolerance off.
    #[arg(long)]
    no_typo: bool,
    /// Complete the last word as a prefix (search as you type).
    #[arg(long)]
    prefix: bool,
    /// How the words combine: auto (pages matching more of them first; a
    /// word no page contains is left out and named), all (every word
    /// required), any (any word, ranked by BM25).
    #[arg(
        long = "match",
        value_name = "MODE",
        default_value = "auto",
        hide_possible_values = true,
        value_parser = Choices::new(["auto", "all", "any"], parse_match)
    )]
    match_mode: MatchMode,
    /// Snippet length in characters.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200,
        allow_negative_numbers = true,
        value_parser = WholeNumber::<usize>::at_least(0)
    )]
    snippet_chars: usize,
    /// Leave out the aggregates (budget totals, per-year figures).
    #[arg(long)]
    no_aggregates: bool,
    /// Export every match (not only a page) as csv or xlsx; not needed
    /// with --excel or with an --output file named .csv or .xlsx.
    #[arg(long, value_name = "FORMAT", conflicts_with_all = ["json", "batch"])]
    format: Option<TableFormat>,
    /// Export the CSV French Excel opens as it is (BOM, `;`, decimal
    /// comma); implies --format csv.
    #[arg(long, conflicts_with_all = ["json", "batch"])]
    excel: bool,
    /// Where the export goes: a file (`.csv` or `.xlsx`: the format
    /// follows), or `-` for stdout.
    #[arg(long, value_name = "FILE", default_value = "-", conflicts_with_all = ["json", "batch"])]
    output: PathBuf,
    /// Where searches run: `embedded` (the index, the default) or
    /// `opensearch://HOST:PORT/INDEX` (a cluster the corpus was pushed to
    /// with `oim-search opensearch push`; the index still plans the query).
    #[arg(long, value_name = "BACKEND", env = "OIM_SEARCH_BACKEND")]
    backend: Option<String>,
}

/// `--format` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TableFormat {
    /// Comma-separated values, RFC 4180, UTF-8.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl SearchArgs {
    /// The query as one text: the words typed, quoted or not, joined by
    /// spaces (`search diaspora Lesotho` is `search "diaspora Lesotho"`).
    fn query_text(&self) -> String {
        self.query.join(" ")
    }

    /// The values given for a facet's flag.
    fn facet_values(&self, facet: Facet) -> &[String] {
        match facet {
            Facet::Region => &self.region,
            Facet::Type => &self.project_type,
            Facet::Budget => &self.budget,
            Facet::Country => &self.country,
            Facet::Status => &self.status,
            Facet::Coverage => &self.coverage,
            Facet::Year => &self.year,
            Facet::Kind => &self.kind,
        }
    }

    /// The exit code once the answer is printed: `--fail-if-empty` turns
    /// "nothing matched" into exit 1, as grep and ripgrep do by default.
    fn exit_for(&self, matched: bool) -> Exit {
        if self.fail_if_empty && !matched {
            Exit::NothingMatched
        } else {
            Exit::Ok
        }
    }

    /// The request these flags describe, for a query text.
    fn request(&self, query: &str) -> SearchRequest {
        let mut r = SearchRequest::new(query)
            .limit(self.limit)
            .offset(self.offset)
            .budget_range(self.budget_min, self.budget_max)
            .year_range(self.year_min, self.year_max);
        for facet in Facet::ALL {
            r.filters
                .values_mut(facet)
                .extend_from_slice(self.facet_values(facet));
        }
        r.sort = self.sort;
        r.order = if self.asc {
            Some(SortOrder::Asc)
        } else if self.desc {
            Some(SortOrder::Desc)
        } else {
            None
        };
        r.typo = !self.no_typo;
        r.prefix = self.prefix;
        r.match_mode = self.match_mode;
        r.aggregates = !self.no_aggregates;
        r.snippet_chars = self.snippet_chars;
        r
    }
}

impl SearchArgs {
    /// The export `--format`, `--excel` and `--output` ask for together, if
    /// any: `--excel` implies CSV, and without `--format` the extension of
    /// the output file decides. A format its file name contradicts
    /// (`--format csv --output x.xlsx`) is refused rather than written
    /// under the wrong name.
    fn export_format(&self) -> Result<Option<ExportFormat>, oim_search::Error> {
        let to_file = self.output.as_os_str() != "-";
        let extension = self
            .output
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let named = match extension.as_deref() {
            Some("csv") => Some(TableFormat::Csv),
            Some("xlsx") => Some(TableFormat::Xlsx),
            _ => None,
        };
        let output_error = |hint: String| oim_search::Error::InvalidValue {
            what: "output",
            value: self.output.to_string_lossy().into_owned(),
            hint,
        };
        let table = match (self.format, self.excel) {
            (Some(TableFormat::Xlsx), true) => {
                return Err(oim_search::Error::InvalidValue {
                    what: "format",
                    value: "xlsx".to_string(),
                    hint: "--excel asks for the CSV French Excel opens: leave --excel out \
                           for a workbook, or give --format csv"
                        .to_string(),
                })
            }
            (Some(format), _) => format,
            (None, true) => TableFormat::Csv,
            (None, false) if !to_file => return Ok(None),
            (None, false) => named.ok_or_else(|| {
                output_error(
                    "name the file .csv or .xlsx, or give --format csv or --format xlsx"
                        .to_string(),
                )
            })?,
        };
        match (table, named) {
            (TableFormat::Csv, Some(TableFormat::Xlsx)) => Err(output_error(
                "the file is named .xlsx but --format csv writes CSV: give --format xlsx \
                 for a workbook, or an output ending in .csv"
                    .to_string(),
            )),
            (TableFormat::Xlsx, Some(TableFormat::Csv)) => Err(output_error(
                "the file is named .csv but --format xlsx writes a workbook: give \
                 --format csv, or an output ending in .xlsx"
                    .to_string(),
            )),
            (TableFormat::Csv, _) if self.excel => Ok(Some(ExportFormat::ExcelCsv)),
            (TableFormat::Csv, _) => Ok(Some(ExportFormat::Csv)),
            (TableFormat::Xlsx, _) => Ok(Some(ExportFormat::Xlsx)),
        }
    }
}

/// Reads an amount flag (`--budget-min`) as the library reads the
/// parameter everywhere else (JSON, URLs, `budget_min:` in the query).
fn amount(param: Param) -> impl Fn(&str) -> Result<f64, oim_search::Error> + Clone {
    move |value| param.amount(value)
}

/// Reads a year bound flag (`--year-min`) as the library reads the
/// parameter everywhere else.
fn year(param: Param) -> impl Fn(&str) -> Result<i32, oim_search::Error> + Clone {
    move |value| param.year(value)
}

/// Reads `--match`.
fn parse_match(value: &str) -> Result<MatchMode, String> {
    MatchMode::parse(value).ok_or_else(|| format!("`{value}`: give auto, all or any"))
}

/// Runs `search`.
pub fn run(config: &Config, args: SearchArgs, style: Highlight) -> anyhow::Result<Exit> {
    // a contradiction in the export flags is refused before anything is built
    let format = args.export_format()?;
    let spec = BackendSpec::parse(args.backend.as_deref())?;
    let engine = config.open_or_build()?;
    warn_without_word_list(&engine);
    if let Some(format) = format {
        if spec != BackendSpec::Embedded {
            anyhow::bail!("exports read the embedded index: leave out --backend (and OIM_SEARCH_BACKEND) with --format, --excel or --output");
        }
        return run_export(config, &engine, &args, format);
    }
    if args.batch.is_some() {
        engine.warm_up()?;
    }
    let backend = spec.open(engine)?;
    if let Some(batch) = &args.batch {
        return run_batch(&*backend, &args, batch);
    }
    let mut results = backend.search(&args.request(&args.query_text()))?;
    results.took_ms = rounded_ms(results.took_ms);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &results)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", render_results(&results, style, args.facets))?;
    }
    stdout.flush()?;
    Ok(args.exit_for(results.total > 0))
}

/// Says once, on stderr, that searches go without typo corrections and
/// completions because the word list is missing or damaged (a warning:
/// kept under `--quiet`).
pub(super) fn warn_without_word_list(engine: &Engine) {
    if let Some(problem) = engine.word_list_problem() {
        eprintln!("oim-search: warning: {problem}");
    }
}

/// One batch line to a request: a JSON object, or a plain query that
/// inherits the command line's flags.
fn batch_request(args: &SearchArgs, line: &str) -> Result<SearchRequest, String> {
    if !line.trim_start().starts_with('{') {
        return Ok(args.request(line.trim()));
    }
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let object = value.as_object().ok_or("a JSON line must be an object")?;
    let has = |param: Param| object.keys().any(|k| Param::from_key(k) == Some(param));
    let (has_limit, has_snippet, has_aggregates) = (
        has(Param::Limit),
        has(Param::SnippetChars),
        has(Param::Aggregates),
    );
    let mut request: SearchRequest =
        serde_json::from_value(value).map_err(|e| format!("invalid query object: {e}"))?;
    if !has_limit {
        request.limit = args.limit;
    }
    if !has_snippet {
        request.snippet_chars = args.snippet_chars;
    }
    if !has_aggregates {
        request.aggregates = !args.no_aggregates;
    }
    Ok(request)
}

/// Milliseconds to two decimals: `139.91`, not `139.90823999999998`.
fn rounded_ms(ms: f64) -> f64 {
    (ms * 100.0).round() / 100.0
}

/// Writes the JSON answer with `took_ms` covering everything from reading
/// the request line to the finished answer (the engine's own figure starts
/// at parsing the query).
fn write_timed(
    out: &mut impl Write,
    mut results: SearchResults,
    started: std::time::Instant,
) -> anyhow::Result<()> {
    results.took_ms = rounded_ms(started.elapsed().as_secs_f64() * 1000.0);
    serde_json::to_writer(out, &results)?;
    Ok(())
}

fn run_batch(engine: &dyn SearchBackend, args: &SearchArgs, path: &Path) -> anyhow::Result<Exit> {
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| anyhow::anyhow!("cannot open batch file {}: {e}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // whether any query matched something, for --fail-if-empty
    let mut matched = false;
    // lines are read as bytes: a line of invalid UTF-8 gets an error object
    // of its own instead of ending the batch; an endless line ends it
    for line in oim_search::CappedLines::new(input, oim_search::MAX_LINE_BYTES) {
        let (n, bytes) = line.map_err(|e| {
            anyhow::anyhow!(
                "{}: line {}: {e}",
                super::output::printable_path(path),
                e.line()
            )
        })?;
        let started = std::time::Instant::now();
        let answer = match std::str::from_utf8(&bytes) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => {
                batch_request(args, line).and_then(|r| engine.search(&r).map_err(|e| e.to_string()))
            }
            Err(e) => Err(format!(
                "not valid UTF-8 (byte {} of the line): save the batch file as UTF-8",
                e.valid_up_to() + 1
            )),
        };
        match answer {
            Ok(results) => {
                matched |= results.total > 0;
                write_timed(&mut out, results, started)?;
            }
            Err(message) => serde_json::to_writer(
                &mut out,
                &serde_json::json!({ "error": message, "line": n }),
            )?,
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(args.exit_for(matched))
}

/// `search --format`: every match to a file or stdout, then one line on
/// stderr saying how many rows went where.
fn run_export(
    config: &Config,
    engine: &Engine,
    args: &SearchArgs,
    format: ExportFormat,
) -> anyhow::Result<Exit> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && format == ExportFormat::Xlsx && std::io::stdout().is_terminal() {
        return Err(oim_search::Error::InvalidValue {
            what: "output",
            value: "-".to_string(),
            hint: "an XLSX workbook is binary: give --output FILE or pipe stdout".to_string(),
        }
        .into());
    }
    let out: Box<dyn Write + Send> = if to_stdout {
        Box::new(std::io::stdout())
    } else {
        let file = std::fs::File::create(&args.output)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.output.display()))?;
        Box::new(file)
    };
    let mut writer: Box<dyn RowWriter> = match format {
        ExportFormat::Csv => Box::new(CsvWriter::new(out, CsvDialect::Rfc4180)?),
        ExportFormat::ExcelCsv => Box::new(CsvWriter::new(out, CsvDialect::FrenchExcel)?),
        ExportFormat::Xlsx => Box::new(XlsxWriter::new(out)?),
    };
    let mut request = args.request(&args.query_text());
    request.aggregates = false;
    let rows = engine.export(&request, writer.as_mut())?;
    writer.finish()?;
    let target = if to_stdout {
        "stdout".to_string()
    } else {
        args.output.display().to_string()
    };
    config.note(format_args!(
        "oim-search: exported {} row{} to {target}",
        super::output::count(rows as u64),
        if rows == 1 { "" } else { "s" }
    ));
    Ok(args.exit_for(rows > 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Search {
        #[command(flatten)]
        args: SearchArgs,
    }

    /// Each request parameter is a flag spelled as its key (`budget_min`
    /// is `--budget-min`), or is given another way, named here.
    #[test]
    fn every_parameter_has_its_flag() {
        let command = SearchArgs::augment_args(clap::Command::new("search"));
        let longs: Vec<&str> = command
            .get_arguments()
            .filter_map(|a| a.get_long())
            .collect();
        for param in Param::ALL {
            let flag = match param {
                // the words after `search`
                Param::Query => continue,
                // the CLI refuses an unknown value: a typo is told, not hidden
                Param::UnknownValues => continue,
                Param::Order => "asc",
                Param::Typo => "no-typo",
                Param::Aggregates => "no-aggregates",
                other => &other.key().replace('_', "-"),
            };
            assert!(longs.contains(&flag), "{param}: no --{flag} in {longs:?}");
        }
    }

    /// Range flags read their values as a URL or a JSON line does.
    #[test]
    fn range_flags_read_through_the_vocabulary() {
        let parsed =
            Search::try_parse_from(["search", "--budget-min", "100 000", "--year-max", "2020"])
                .unwrap();
        let request = parsed.args.request("");
        let mut from_url = SearchRequest::default();
        Param::BudgetMin.read("100 000", &mut from_url).unwrap();
        Param::YearMax.read("2020", &mut from_url).unwrap();
        assert_eq!(request.filters, from_url.filters);
        for (flag, value, message) in [
            (
                "--budget-min",
                "-5",
                "invalid budget_min `-5`: out of range",
            ),
            (
                "--year-min",
                "1850",
                "invalid year_min `1850`: out of range: give a year from 1900 to 2100",
            ),
            (
                "--year-max",
                "vingt",
                "invalid year_max `vingt`: give a year such as 2019",
            ),
        ] {
            let err = Search::try_parse_from(["search", flag, value]).unwrap_err();
            assert!(err.to_string().contains(message), "{flag} {value}: {err}");
        }
    }

    /// A JSON batch line reads its keys and values through the vocabulary
    /// (the sort's French alias, a switch written `non`) and refuses an
    /// unknown key.
    #[test]
    fn batch_lines_read_through_the_vocabulary() {
        let args = Search::try_parse_from(["search", "--limit", "3"])
            .unwrap()
            .args;
        let r = batch_request(&args, r#"{"query": "x", "sort": "annee", "typo": "non"}"#).unwrap();
        assert_eq!((r.sort, r.typo, r.limit), (Some(SortBy::Year), false, 3));
        let err = batch_request(&args, r#"{"q": "x", "regoin": "Afrique"}"#).unwrap_err();
        assert!(err.contains("unknown key `regoin`"), "{err}");
        let err = batch_request(&args, r#"{"q": "x", "limit": 5000}"#).unwrap_err();
        assert!(err.contains("invalid limit `5000`"), "{err}");
    }
}
