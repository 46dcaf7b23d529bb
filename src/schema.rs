//! The index schema: field handles, the analyzers each text field uses, the
//! facet paths documents are filed under, and (in `tantivy_doc`) how a
//! [`Document`](crate::Document) maps onto these fields.

mod facet_value;
mod filed_values;
mod tantivy_doc;

pub(crate) use tantivy_doc::to_tantivy;

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::Index;

use crate::analysis::{PreAnalyzedTokenizer, PRE_ANALYZED};
use crate::facet::Facet;

/// Version of the on-disk format this engine writes; bump on any schema or
/// analysis change that makes older indexes give wrong answers.
// 3: canonical country names became the UN M49 French names (`Iraq`), so an
// index of format 2 stores facet values that filters no longer produce.
// 4: the `words` field gave way to the word list beside the index
// (`words.fst`), which an index of format 3 lacks.
// 5: every apostrophe inside a word (ʼ ‘ ´ `) is read as `’`, so an index of
// format 4 holds other terms for such words (`aujourdʼhui`), which queries
// no longer produce; new indexes also keep 4 KiB docstore blocks.
pub const FORMAT_VERSION: u32 = 5;

/// Analyzer for exact identifiers (`CD.0003` matches `cd.0003`).
pub const ID_ANALYZER: &str = "id_lower";

/// Handles of every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Document id: exact, fast (tie-breaks, incremental updates).
    pub id: Field,
    /// Project ID and Prima ID, lowercased, for exact lookup.
    pub ids: Field,
    /// Title, French analysis, positions.
    pub title: Field,
    /// Beneficiary or named countries, French analysis, positions.
    pub countries: Field,
    /// Searchable metadata values (type, region, status, …).
    pub meta: Field,
    /// Body, French analysis, positions.
    pub body: Field,
    /// The document as JSON, stored only.
    pub doc: Field,
    /// Facet fields, indexed by [`Facet::index`]; read them with
    /// [`Fields::facet`].
    pub facets: [Field; Facet::COUNT],
    /// Exact budget in USD.
    pub budget_usd: Field,
    /// Facet year (start year, else Année, else end year).
    pub year: Field,
    /// Start year.
    pub start_year: Field,
    /// End year.
    pub end_year: Field,
    /// Hash of the source file (0 for documents not read from a corpus file).
    pub source_hash: Field,
}

impl Fields {
    /// The field of a facet.
    pub fn facet(&self, facet: Facet) -> Field {
        self.facets[facet.index()]
    }
}

fn text_field(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let id = b.add_text_field(
        "id",
        text_field("raw", IndexRecordOption::Basic).set_fast("raw"),
    );
    let ids = b.add_text_field("ids", text_field(ID_ANALYZER, IndexRecordOption::Basic));
    // text fields receive their terms already analysed (see
    // `analysis::index_text`): the French analyzer at indexing time runs
    // once per text, in the threads that parse pages
    let title = b.add_text_field("title", text_field(PRE_ANALYZED, positions));
    // no length norm: a project with four beneficiaries is as much about each
    let countries = b.add_text_field(
        "countries",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PRE_ANALYZED)
                .set_index_option(positions)
                .set_fieldnorms(false),
        ),
    );
    let meta = b.add_text_field("meta", text_field(PRE_ANALYZED, positions));
    let body = b.add_text_field("body", text_field(PRE_ANALYZED, positions));
    let doc = b.add_text_field("doc", STORED);
    // registered in `Facet::ALL` order: field ids follow it
    let facets = Facet::ALL.map(|facet| b.add_facet_field(facet.key(), FacetOptions::default()));
    let numeric = || NumericOptions::from(FAST | INDEXED);
    let budget_usd = b.add_f64_field("budget_usd", numeric());
    let year = b.add_i64_field("year_value", numeric());
    let start_year = b.add_i64_field("start_year", numeric());
    let end_year = b.add_i64_field("end_year", numeric());
    let source_hash = b.add_u64_field("source_hash", FAST);
    let fields = Fields {
        id,
        ids,
        title,
        countries,
        meta,
        body,
        doc,
        facets,
        budget_usd,
        year,
        start_year,
        end_year,
        source_hash,
    };
    (b.build(), fields)
}

/// Registers the analyzers the schema names. Analyzers are not stored in the
/// index, so every process that opens it must call this.
pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(PRE_ANALYZED, PreAnalyzedTokenizer::default());
    tokenizers.register(
        ID_ANALYZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Value filed for a single-valued facet a document lacks. Every document
/// then has exactly one value of each such facet, so tantivy stores the
/// column densely and counting skips the optional-value index; the value is
/// never shown, counted or matched by a filter.
pub const NO_VALUE: &str = "∅";

/// The facets a document has at most one value of (all but countries).
pub fn is_single_valued(facet: Facet) -> bool {
    facet != Facet::Country
}

/// The facet path of a value: `/region/Asie et Océanie`.
pub fn facet_path(facet: Facet, value: &str) -> tantivy::schema::Facet {
    // `/` would start a new level of the path: keep values flat
    let clean = value.replace(['/', '\\'], "-");
    tantivy::schema::Facet::from_path([facet.key(), clean.trim()])
}
