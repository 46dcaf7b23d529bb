//! Reporting: the CSV and XLSX writers read back by independent readers,
//! formula-injection guards, and (over the fixture sets) aggregates and
//! exports compared with figures recomputed from the parsed pages.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use oim_search::{
    CsvDialect, CsvWriter, Document, ExportRow, Facet, Kind, RowWriter, XlsxWriter, COLUMNS,
};

/// An RFC 4180 reader (quoted fields, doubled quotes, CRLF records), kept
/// apart from the writer so a shared mistake cannot hide.
pub fn parse_csv(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == separator => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            c => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record must end with CRLF"
    );
    records
}

/// Pages whose titles try every quoting and injection case.
fn tricky_documents() -> Vec<Document> {
    let titles = [
        "Frontières; sécurité et « gestion »",
        "Le projet \"Diaspora\", phase 2",
        "Deux lignes\nde titre",
        "L’OIM au Tadjikistan",
        "=HYPERLINK(\"http://exemple.invalid\";\"clic\")",
        "+33 1 23 45 67 89",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
    ];
    titles
        .iter()
        .enumerate()
        .map(|(i, title)| Document {
            id: format!("t{i}"),
            kind: if i % 2 == 0 {
                Kind::Project
            } else {
                Kind::News
            },
            title: title.to_string(),
            region: Some("Europe et Asie centrale".into()),
            region_inferred: i % 2 == 1,
            countries: vec!["Côte d’Ivoire".into(), "Tadjikistan".into()],
            start_year: Some(2015 + i as i32),
            end_year: Some(2017 + i as i32),
            budget_usd: (i != 3).then_some(1_234_567.5 + i as f64),
            ..Document::default()
        })
        .collect()
}

fn write_csv(docs: &[Document], dialect: CsvDialect) -> String {
    let mut out = Vec::new();
    let mut writer = CsvWriter::new(&mut out, dialect).unwrap();
    for doc in docs {
        let file = format!("{}.txt", doc.id);
        writer.write_row(&ExportRow::new(doc, Some(&file))).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    String::from_utf8(out).expect("CSV is UTF-8")
}

#[test]
fn csv_round_trips_quotes_separators_newlines_and_apostrophes() {
    let docs = tricky_documents();
    let text = write_csv(&docs, CsvDialect::Rfc4180);
    assert!(!text.starts_with('\u{feff}'), "plain CSV has no BOM");
    let records = parse_csv(&text, ',');
    assert_eq!(records.len(), docs.len() + 1);
    let keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
    assert_eq!(records[0], keys);
    for (record, doc) in records[1..].iter().zip(&docs) {
        assert_eq!(record.len(), COLUMNS.len());
        let title = &record[2];
        if oim_search::is_formula_like(&doc.title) {
            // kept as text: a leading quote, then the title unchanged
            assert_eq!(title, &format!("'{}", doc.title));
        } else {
            assert_eq!(title, &doc.title);
        }
        assert_eq!(record[10], "Côte d’Ivoire; Tadjikistan");
        assert_eq!(record[6], if doc.region_inferred { "inferred" } else { "" });
        match doc.budget_usd {
            Some(b) => assert_eq!(record[13].parse::<f64>().unwrap(), b),
            None => assert_eq!(record[13], ""),
        }
        assert_eq!(record[14], format!("{}.txt", doc.id));
    }
}

#[test]
fn french_excel_csv_has_bom_semicolons_and_decimal_comma() {
    let docs = tricky_documents();
    let text = write_csv(&docs, CsvDialect::FrenchExcel);
    let body = text.strip_prefix('\u{feff}').expect("BOM first");
    let records = parse_csv(body, ';');
    assert_eq!(records.len(), docs.len() + 1);
    assert_eq!(records[0][2], "Titre");
    assert_eq!(records[0][13], "Budget (USD)");
    assert_eq!(records[1][2], "Frontières; sécurité et « gestion »");
    assert_eq!(records[1][13], "1234567,50");
    assert_eq!(records[2][13], "1234568,50");
}

#[test]
fn no_csv_field_starts_with_a_formula_character() {
    for (dialect, separator) in [(CsvDialect::Rfc4180, ','), (CsvDialect::FrenchExcel, ';')] {
        let text = write_csv(&tricky_documents(), dialect);
        let records = parse_csv(text.trim_start_matches('\u{feff}'), separator);
        for field in records.iter().flatten() {
            assert!(
                !oim_search::is_formula_like(field),
                "{dialect:?}: field {field:?} would be evaluated"
            );
        }
    }
}

fn write_xlsx(docs: &[Document]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = XlsxWriter::new(&mut bytes).unwrap();
    for doc in docs {
        writer.write_row(&ExportRow::new(doc, None)).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    bytes
}

#[test]
fn xlsx_reads_back_with_typed_cells_and_no_formula() {
    let docs = tricky_documents();
    let bytes = write_xlsx(&docs);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Résultats"]);
    let range = book.worksheet_range("Résultats").unwrap();
    assert_eq!(range.height(), docs.len() + 1);
    assert_eq!(range.width(), COLUMNS.len());
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let headings: Vec<&str> = COLUMNS.iter().map(|c| c.heading).collect();
    assert_eq!(header, headings);
    for (row, doc) in range.rows().skip(1).zip(&docs) {
        // titles come back exactly, as strings, whatever their first character
        assert_eq!(row[2], Data::String(doc.title.clone()));
        assert_eq!(row[1], Data::String(doc.kind.as_str().to_string()));
        assert_eq!(row[11], Data::Float(f64::from(doc.start_year.unwrap())));
        match doc.budget_usd {
            Some(b) => assert_eq!(row[13], Data::Float(b)),
            None => assert_eq!(row[13], Data::Empty),
        }
        assert_eq!(row[10], Data::String("Côte d’Ivoire; Tadjikistan".into()));
    }
    let formulas = book.worksheet_formula("Résultats").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of the export is a formula"
    );
}

#[test]
fn xlsx_keeps_formula_like_text_quoted_for_excel() {
    // the quote-prefix style is what keeps Excel from turning an edited
    // `=…` cell into a formula; it must be in the workbook's styles
    let bytes = write_xlsx(&tricky_documents());
    let mut archive = zip_entries(&bytes);
    let styles = archive.remove("xl/styles.xml").expect("styles part");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let sheet = archive
        .remove("xl/worksheets/sheet1.xml")
        .expect("sheet part");
    assert!(!sheet.contains("<f>"), "no formula element in the sheet");
    assert!(sheet.contains("<pane ySplit=\"1\""), "header row frozen");
    assert!(sheet.contains("<col "), "column widths set");
}

/// The text parts of a zip archive, by name.
fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().unwrap().to_string(), text)
        })
        .collect()
}

/// The pages of a fixture folder, parsed without the engine.
fn parsed_pages(folder: &std::path::Path) -> Vec<Document> {
    let mut docs: Vec<Document> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let id = path.file_stem().unwrap().to_str().unwrap().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            oim_search::parse_page(&id, &text).unwrap().document
        })
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// The relevance pages indexed once for the tests that only read.
fn relevance() -> &'static oim_search::Engine {
    static INDEX: std::sync::OnceLock<crate::TempIndex> = std::sync::OnceLock::new();
    &INDEX
        .get_or_init(|| crate::TempIndex::build(&crate::fixture("relevance")))
        .engine
}

/// The fixture sets: the five real pages and the 48 relevance pages.
fn fixture_sets() -> [(&'static str, std::path::PathBuf); 2] {
    [
        ("corpus", crate::root().join("corpus")),
        ("relevance", crate::fixture("relevance")),
    ]
}

fn cents(amount: f64) -> u64 {
    (amount * 100.0).round() as u64
}

/// The facet values a document is filed under, as the engine files them.
fn facet_values(doc: &Document, facet: Facet) -> Vec<String> {
    let one = |v: Option<&str>| v.map(|v| v.to_string()).into_iter().collect();
    match facet {
        Facet::Region => one(doc.region.as_deref()),
        Facet::Type => one(doc.project_type.as_deref()),
        Facet::Budget => one(doc.budget_bucket()),
        Facet::Country => doc.countries.clone(),
        Facet::Status => one(doc.status.as_deref()),
        Facet::Coverage => one(doc.coverage.as_deref()),
        Facet::Year => doc
            .facet_year()
            .map(|y| y.to_string())
            .into_iter()
            .collect(),
        Facet::Kind => vec![doc.kind.as_str().to_string()],
    }
}

/// The aggregates of `docs` recomputed in the simplest way: totals and
/// years over `hits`, and per facet the budgets of the documents that pass
/// every filter but that facet's (`passes(doc, except)`).
fn expected_aggregates(
    docs: &[Document],
    passes: impl Fn(&Document, Option<Facet>) -> bool,
) -> oim_search::Aggregates {
    use std::collections::BTreeMap;
    let hits: Vec<&Document> = docs.iter().filter(|d| passes(d, None)).collect();
    let budgeted = || hits.iter().filter_map(|d| d.budget_usd);
    let mut years: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for doc in &hits {
        if let Some(year) = doc.facet_year() {
            let entry = years.entry(year).or_default();
            entry.0 += 1;
            entry.1 += doc.budget_usd.map(cents).unwrap_or(0);
        }
    }
    let mut facets = BTreeMap::new();
    for facet in Facet::ALL {
        let mut sums: BTreeMap<String, u64> = BTreeMap::new();
        for doc in docs.iter().filter(|d| passes(d, Some(facet))) {
            let Some(budget) = doc.budget_usd.map(cents).filter(|c| *c > 0) else {
                continue;
            };
            for value in facet_values(doc, facet) {
                *sums.entry(value).or_default() += budget;
            }
        }
        let usd = sums
            .into_iter()
            .map(|(v, c)| (v, c as f64 / 100.0))
            .collect();
        facets.insert(facet, usd);
    }
    oim_search::Aggregates {
        budget_usd: budgeted().map(cents).sum::<u64>() as f64 / 100.0,
        with_budget: budgeted().count() as u64,
        years: years
            .into_iter()
            .map(|(year, (count, c))| oim_search::YearTotal {
                year,
                count,
                budget_usd: c as f64 / 100.0,
            })
            .collect(),
        facets,
    }
}

/// Checks the aggregates of a browse (every document) and of a filtered
/// browse, first reading tantivy's facet columns, then the warmed-up dense
/// rows: both paths must give the recomputed figures exactly.
#[test]
fn aggregates_equal_figures_recomputed_from_the_parsed_pages() {
    for (name, folder) in fixture_sets() {
        let docs = parsed_pages(&folder);
        let index = crate::TempIndex::build(&folder);
        assert_eq!(index.engine.num_docs(), docs.len() as u64, "{name}");
        let region = docs
            .iter()
            .find_map(|d| d.region.clone())
            .expect("a page with a region");
        for warm in [false, true] {
            if warm {
                index.engine.warm_up().unwrap();
            }
            let all = index
                .engine
                .search(&oim_search::SearchRequest::new("").limit(0))
                .unwrap();
            assert_eq!(all.total, docs.len());
            let expected = expected_aggregates(&docs, |_, _| true);
            assert_eq!(
                all.aggregates.as_ref(),
                Some(&expected),
                "{name}, warm {warm}"
            );

            // one region ticked: totals of that region, region sums of all
            let filtered = index
                .engine
                .search(&oim_search::SearchRequest::new("").filter(Facet::Region, &region))
                .unwrap();
            let expected = expected_aggregates(&docs, |d, except| {
                except == Some(Facet::Region) || d.region.as_deref() == Some(region.as_str())
            });
            assert_eq!(
                filtered.aggregates.as_ref(),
                Some(&expected),
                "{name}, region {region}, warm {warm}"
            );
            let per_year: u64 = expected.years.iter().map(|y| y.count).sum();
            let with_year = docs
                .iter()
                .filter(|d| d.region.as_deref() == Some(region.as_str()))
                .filter(|d| d.facet_year().is_some())
                .count();
            assert_eq!(per_year, with_year as u64);
        }
    }
}

#[test]
fn aggregates_can_be_turned_off_and_follow_the_text_query() {
    let docs = parsed_pages(&crate::fixture("relevance"));
    let engine = relevance();
    let off = engine
        .search(&oim_search::SearchRequest::new("migration").aggregates(false))
        .unwrap();
    assert_eq!(off.aggregates, None);
    let on = engine
        .search(&oim_search::SearchRequest::new("migration").limit(100))
        .unwrap();
    let ids: std::collections::HashSet<&str> = on.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), on.total);
    let expected = expected_aggregates(&docs, |d, _| ids.contains(d.id.as_str()));
    let got = on.aggregates.unwrap();
    assert_eq!(got.budget_usd, expected.budget_usd);
    assert_eq!(got.with_budget, expected.with_budget);
    assert_eq!(got.years, expected.years);
}

fn export_csv(
    engine: &oim_search::Engine,
    request: &oim_search::SearchRequest,
) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut writer = CsvWriter::new(&mut out, CsvDialect::Rfc4180).unwrap();
    let rows = engine.export(request, &mut writer).unwrap();
    writer.finish().unwrap();
    drop(writer);
    let records = parse_csv(&String::from_utf8(out).unwrap(), ',');
    assert_eq!(
        records.len() as u64,
        rows + 1,
        "one record per row plus the header"
    );
    records
}

#[test]
fn export_has_one_row_per_match_in_the_search_order() {
    let docs = parsed_pages(&crate::fixture("relevance"));
    let engine = relevance();
    for request in [
        oim_search::SearchRequest::new(""),
        oim_search::SearchRequest::new("migration"),
        oim_search::SearchRequest::new("frontières").filter(Facet::Region, "Asie et Océanie"),
        oim_search::SearchRequest::new("")
            .sort(oim_search::SortBy::Budget, oim_search::SortOrder::Asc),
        oim_search::SearchRequest::new("zzzqqq"),
    ] {
        let results = engine.search(&request.clone().limit(1000)).unwrap();
        let records = export_csv(engine, &request.clone().limit(3));
        assert_eq!(records.len() - 1, results.total, "{:?}", request.query);
        let exported: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
        // sorted by a field (browsing sorts by year): the same keys at the
        // same places as the hits (ties may fall in another order)
        let key = |id: &&str| -> (Option<i32>, Option<u64>) {
            let doc = docs.iter().find(|d| d.id == *id).unwrap();
            match request.sort {
                Some(_) => (None, doc.budget_usd.map(cents)),
                None => (doc.facet_year(), None),
            }
        };
        if request.sort.is_some() || request.query.is_empty() {
            let exported_keys: Vec<_> = exported.iter().map(key).collect();
            let hit_keys: Vec<_> = crate::ids(&results).iter().map(key).collect();
            assert_eq!(exported_keys, hit_keys, "{:?}", request.query);
        }
        let mut sorted_export = exported.clone();
        sorted_export.sort();
        let mut sorted_hits = crate::ids(&results);
        sorted_hits.sort();
        assert_eq!(sorted_export, sorted_hits, "the same documents");
        for record in &records[1..] {
            let doc = docs.iter().find(|d| d.id == record[0]).unwrap();
            assert_eq!(record[2], doc.title);
            assert_eq!(record[14], format!("{}.txt", doc.id));
            match doc.budget_usd {
                Some(b) => assert_eq!(record[13].parse::<f64>().unwrap(), b),
                None => assert!(record[13].is_empty()),
            }
        }
    }
}

#[test]
fn xlsx_export_row_count_equals_the_total() {
    let engine = relevance();
    let request = oim_search::SearchRequest::new("migration");
    let total = engine.search(&request).unwrap().total;
    let mut bytes = Vec::new();
    let mut writer = XlsxWriter::new(&mut bytes).unwrap();
    let rows = engine.export(&request, &mut writer).unwrap();
    writer.finish().unwrap();
    drop(writer);
    assert_eq!(rows as usize, total);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Résultats").unwrap();
    assert_eq!(range.height(), total + 1);
    let titles: Vec<String> = range.rows().skip(1).map(|r| r[2].to_string()).collect();
    assert!(titles.iter().any(|t| t.contains('’')), "apostrophes intact");
}

#[test]
fn cli_exports_every_match_and_prints_aggregates() {
    let (dir, index) = crate::cli_index(&crate::fixture("relevance"));
    let json = crate::stdout_ok(crate::oim(&index).args(["search", "migration", "--json"]));
    let results: oim_search::SearchResults = serde_json::from_slice(&json).unwrap();
    let aggregates = results.aggregates.expect("aggregates in --json");
    assert!(aggregates.with_budget > 0 && aggregates.budget_usd > 0.0);

    // CSV on stdout: every match, not the page of 10
    let csv = crate::stdout_ok(crate::oim(&index).args(["search", "migration", "--format", "csv"]));
    let records = parse_csv(&String::from_utf8(csv).unwrap(), ',');
    assert_eq!(records.len(), results.total + 1);
    assert!(results.total > 10);

    // French Excel CSV and XLSX to files, with a line on stderr
    let excel = dir.path().join("export.csv");
    let assert = crate::oim(&index)
        .args([
            "search",
            "migration",
            "--format",
            "csv",
            "--excel",
            "--output",
        ])
        .arg(&excel)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        format!(
            "oim-search: exported {} rows to {}\n",
            results.total,
            excel.display()
        )
    );
    let text = std::fs::read_to_string(&excel).unwrap();
    let records = parse_csv(text.strip_prefix('\u{feff}').unwrap(), ';');
    assert_eq!(records.len(), results.total + 1);
    let xlsx = dir.path().join("export.xlsx");
    crate::oim(&index)
        .args(["search", "migration", "--format", "xlsx", "--output"])
        .arg(&xlsx)
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.worksheet_range("Résultats").unwrap().height(),
        results.total + 1
    );

    // the summary line of the text output
    let text = crate::stdout_ok(crate::oim(&index).args(["search", "migration"]));
    let text = String::from_utf8(text).unwrap();
    let (first, last) = aggregates.year_span().unwrap();
    let expected = format!(
        "  budget: {} USD over {} results with a budget · years {first}–{last}\n",
        group(aggregates.budget_usd),
        aggregates.with_budget
    );
    assert_eq!(
        text.lines().nth(1).map(|l| format!("{l}\n")),
        Some(expected)
    );
}

/// `4312345.5` → `4,312,345.50`, written again here for the test.
fn group(amount: f64) -> String {
    let whole = format!("{:.0}", amount.trunc());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{:02}", cents(amount) % 100)
}

#[test]
fn cli_facets_budget_and_batch_aggregates() {
    let (_dir, index) = crate::cli_index(&crate::fixture("relevance"));
    let docs = parsed_pages(&crate::fixture("relevance"));
    let json = crate::stdout_ok(crate::oim(&index).args(["facets", "--budget", "--json"]));
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let expected = expected_aggregates(&docs, |_, _| true);
    let sums: std::collections::BTreeMap<Facet, std::collections::BTreeMap<String, f64>> =
        serde_json::from_value(value["budget_usd"].clone()).unwrap();
    assert_eq!(sums, expected.facets);
    assert!(value["counts"]["region"].is_object());
    let text = crate::stdout_ok(crate::oim(&index).args(["facets", "--budget"]));
    let text = String::from_utf8(text).unwrap();
    let africa = expected.facets[&Facet::Region]["Afrique"];
    let in_africa = docs
        .iter()
        .filter(|d| d.region.as_deref() == Some("Afrique"))
        .count();
    let entry = format!("Afrique ({in_africa}, {} USD)", group(africa));
    assert!(text.contains(&entry), "{entry} in {text}");

    let batch = crate::stdout_ok(
        crate::oim(&index)
            .args(["search", "--batch", "-", "--limit", "0"])
            .write_stdin("migration\n{\"q\": \"migration\", \"aggregates\": false}\n"),
    );
    let lines: Vec<oim_search::SearchResults> = String::from_utf8(batch)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0].aggregates.is_some());
    assert_eq!(lines[1].aggregates, None);
}

#[cfg(feature = "server")]
mod server {
    use std::sync::{Arc, OnceLock};

    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::{open_workbook_from_rs, parse_csv, Cursor, Reader, Xlsx};

    fn engine() -> Arc<oim_search::Engine> {
        static ENGINE: OnceLock<(tempfile::TempDir, Arc<oim_search::Engine>)> = OnceLock::new();
        let (_, engine) = ENGINE.get_or_init(|| {
            let crate::TempIndex { dir, engine } =
                crate::TempIndex::build(&crate::fixture("relevance"));
            (dir, Arc::new(engine))
        });
        Arc::clone(engine)
    }

    async fn get(uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = oim_search_server::router(engine())
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, body.to_vec())
    }

    #[tokio::test]
    async fn api_search_has_aggregates_unless_turned_off() {
        let (status, _, body) = get("/api/search?q=migration").await;
        assert_eq!(status, StatusCode::OK);
        let results: oim_search::SearchResults = serde_json::from_slice(&body).unwrap();
        assert!(results.aggregates.unwrap().with_budget > 0);
        let (_, _, body) = get("/api/search?q=migration&aggregates=false").await;
        let results: oim_search::SearchResults = serde_json::from_slice(&body).unwrap();
        assert_eq!(results.aggregates, None);
    }

    #[tokio::test]
    async fn api_export_streams_every_match_with_download_headers() {
        let (_, _, body) = get("/api/search?q=migration&limit=0").await;
        let total = serde_json::from_slice::<oim_search::SearchResults>(&body)
            .unwrap()
            .total;
        let (status, headers, body) = get("/api/export?q=migration&format=csv").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"oim-recherche.csv\""
        );
        let records = parse_csv(&String::from_utf8(body).unwrap(), ',');
        assert_eq!(records.len(), total + 1);

        let (status, headers, body) = get("/api/export?q=migration&format=xlsx").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"oim-recherche.xlsx\""
        );
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).unwrap();
        assert_eq!(
            book.worksheet_range("Résultats").unwrap().height(),
            total + 1
        );

        // errors come before any byte, as JSON
        let (status, _, body) = get("/api/export?q=migration&format=pdf").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(String::from_utf8(body)
            .unwrap()
            .contains("unknown format `pdf`"));
        let (status, _, _) = get("/api/export?region=Atlantide").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn search_page_shows_summary_chart_and_download_links() {
        let (status, _, body) = get("/?q=migration&region=Afrique").await;
        assert_eq!(status, StatusCode::OK);
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("<p class=\"summary\">"), "summary line");
        assert!(
            html.contains("\u{a0}USD au total · "),
            "budget total in the summary"
        );
        assert!(html.contains("<svg class=\"timeline\""), "chart");
        assert!(html.contains(
            "<a href=\"/api/export?q=migration&amp;region=Afrique&amp;format=csv\" download>Télécharger (CSV)</a>"
        ));
        assert!(html.contains(
            "<a href=\"/api/export?q=migration&amp;region=Afrique&amp;format=xlsx\" download>Télécharger (Excel)</a>"
        ));
        // inline SVG within the CSP: no style attribute, no script but the page's
        assert!(!html.contains("style="));
        assert_eq!(html.matches("<script").count(), 1);
    }
}
