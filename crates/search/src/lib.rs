//! Full-text search over public ideas (and, later, challenges' public statements), on tantivy.
//!
//! The index is a projection of the database: documents are upserted by key (`idea:7`), and each
//! commit stores the position in the event log it reflects (its payload), so an indexer can resume
//! exactly where it stopped and replaying events is harmless. Text is analysed by [`analysis`]:
//! words for alphabetic scripts, bigrams for Hangul, Han and kana, lower-cased, accent-folded
//! (Italian `caffè` matches `caffe`) and stemmed in the document's own language. What people type
//! is read by [`ideaforge_domain::search::SearchTerms`] and turned into index queries by `query`,
//! never by tantivy's query parser. Only public data may be given to this crate: never
//! confidential details or solutions.

pub mod analysis;
mod facets;
mod find;
pub mod korean;
pub mod plain;
mod query;
pub mod relevance;
mod request;
pub mod tokenizer;

pub use analysis::{Analysis, Language};
pub use request::{Correction, Doc, FacetCounts, Facets, Filters, Hit, Kind, Request, Results, Sort};

use std::path::Path;
use std::sync::Mutex;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer, Token};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};

/// Bumped whenever the schema or the analysis changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 9;
/// The writer's memory budget, shared by its indexing threads.
const WRITER_MEMORY: usize = 100_000_000;
const ANALYZER: &str = "ideaforge_multilingual";
const VERSION_FILE: &str = "ideaforge-schema-version";

/// Search failures (what people type is never one: any text is a query).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    /// The index folder could not be prepared.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The most frequent tags shown among the facets.
const TOP_TAGS: usize = 20;
/// Words too common to say two ideas are alike, or to count among the words a relaxed search
/// wants most of.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "my", "of", "on",
    "or", "our", "that", "the", "their", "this", "to", "with", "you", "your", "al", "alla", "che", "con", "da", "dei",
    "del", "della", "delle", "di", "e", "gli", "i", "il", "la", "le", "lo", "nel", "nella", "o", "per", "un", "una",
];

#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    summary: Field,
    body: Field,
    category: Field,
    stage: Field,
    contest: Field,
    votes: Field,
    created_at: Field,
    tag: Field,
    /// The language the document was stemmed in.
    pub(crate) lang: Field,
    /// Title (twice, so that it counts more), summary, body and tags, analysed in the document's
    /// language: the one field searched.
    pub(crate) all: Field,
    /// Adjacent word pairs of `all`: a two-word phrase is one term here.
    pub(crate) pairs: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Analysed by this crate ([`PreTokenizedString`]), each document in its own language.
    let analysed = |positions: bool| {
        let option = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(option))
    };
    let stored = || TextOptions::default().set_stored();
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING | FAST),
        id: builder.add_i64_field("id", INDEXED | FAST),
        title: builder.add_text_field("title", stored()),
        summary: builder.add_text_field("summary", stored()),
        body: builder.add_text_field("body", stored()),
        category: builder.add_text_field("category", STRING | FAST),
        stage: builder.add_text_field("stage", STRING | FAST),
        contest: builder.add_i64_field("contest", INDEXED),
        votes: builder.add_i64_field("votes", INDEXED | FAST),
        created_at: builder.add_i64_field("created_at", INDEXED | FAST),
        tag: builder.add_text_field("tag", STRING | FAST),
        lang: builder.add_text_field("lang", STRING | STORED),
        all: builder.add_text_field("all", analysed(true)),
        pairs: builder.add_text_field("pairs", analysed(false)),
    };
    (builder.build(), fields)
}

/// The index, its single writer and a reader that reloads on commit.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    values: facets::ValuesCache,
    analysis: Analysis,
    /// Per language, the analyser of documents.
    documents: Vec<(Language, TextAnalyzer)>,
    /// Per language, the analyser of queries.
    queries: query::QueryAnalyzers,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it, or recreating it empty when it was built by another
    /// schema version or cannot be opened (the caller then reindexes from the database).
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        Self::open_with(dir, Analysis::default())
    }

    /// [`SearchIndex::open`] with a choice of analysis (to measure what each part costs).
    pub fn open_with(dir: &Path, analysis: Analysis) -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)?;
        let version_file = dir.join(VERSION_FILE);
        let current = std::fs::read_to_string(&version_file).ok().and_then(|v| v.trim().parse::<u32>().ok());
        let opened = match current {
            Some(SCHEMA_VERSION) => Index::open_in_dir(dir).ok().filter(|index| index.schema() == schema),
            _ => None,
        };
        let index = match opened {
            Some(index) => index,
            None => {
                for entry in std::fs::read_dir(dir)? {
                    let path = entry?.path();
                    if path.is_dir() { std::fs::remove_dir_all(&path)? } else { std::fs::remove_file(&path)? }
                }
                let index = Index::create_in_dir(dir, schema)?;
                std::fs::write(&version_file, SCHEMA_VERSION.to_string())?;
                index
            }
        };
        Self::from_index(index, fields, analysis)
    }

    /// An index in memory (tests).
    pub fn in_memory() -> Result<Self, SearchError> {
        Self::in_memory_with(Analysis::default())
    }

    /// An index in memory with a choice of analysis.
    pub fn in_memory_with(analysis: Analysis) -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields, analysis)
    }

    fn from_index(index: Index, fields: Fields, analysis: Analysis) -> Result<Self, SearchError> {
        // Documents arrive analysed; the registered analyser is what tantivy would use otherwise.
        index.tokenizers().register(ANALYZER, analysis::analyzer(Language::English, false, analysis));
        let documents = Language::ALL.into_iter().map(|l| (l, analysis::analyzer(l, false, analysis))).collect();
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // Stored text of hits is read decompressed from memory: ~16 MiB at most.
            .doc_store_cache_num_blocks(1_000)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            values: facets::ValuesCache::default(),
            analysis,
            documents,
            queries: query::QueryAnalyzers::new(analysis),
        })
    }

    fn key(kind: Kind, id: i64) -> String {
        format!("{}:{id}", kind.as_str())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The analyser of documents in a language.
    fn document_analyzer(&self, language: Language) -> TextAnalyzer {
        let found = self.documents.iter().find(|(l, _)| *l == language).or(self.documents.first());
        found.map_or_else(|| analysis::analyzer(language, false, self.analysis), |(_, a)| a.clone())
    }

    /// Adds or replaces documents (not visible until [`SearchIndex::commit`]).
    pub fn upsert(&self, docs: &[Doc]) -> Result<(), SearchError> {
        let mut analyzers: Vec<(Language, TextAnalyzer)> = Vec::new();
        let writer = self.lock();
        let f = self.fields;
        for d in docs {
            let key = Self::key(d.kind, d.id);
            writer.delete_term(Term::from_field_text(f.key, &key));
            // The body is Markdown; its text is what is searched and shown in snippets.
            let body = plain::text(&d.body);
            let sample = format!("{} {} {body}", d.title, d.summary);
            let language = analysis::document_language(self.analysis, d.language, &sample);
            let at = match analyzers.iter().position(|(l, _)| *l == language) {
                Some(at) => at,
                None => {
                    analyzers.push((language, self.document_analyzer(language)));
                    analyzers.len() - 1
                }
            };
            let analyzer = &mut analyzers[at].1;
            let mut document = doc!(
                f.key => key,
                f.kind => d.kind.as_str(),
                f.id => d.id,
                f.title => d.title.as_str(),
                f.summary => d.summary.as_str(),
                f.body => body.as_str(),
                f.category => d.category.as_str(),
                f.stage => d.stage.as_str(),
                f.votes => d.votes,
                f.created_at => d.created_at,
                f.lang => language.code(),
            );
            // One run of terms, each part after a gap (no phrase spans two parts); the title twice
            // so that a word in the title counts more.
            let mut terms: Vec<Token> = Vec::new();
            let tags = d.tags.iter().map(String::as_str);
            for text in [d.title.as_str(), &d.title, &d.summary, &body].into_iter().chain(tags) {
                let start = terms.last().map_or(0, |t| t.position + 2);
                terms.extend(analysis::tokens(analyzer, text).into_iter().map(|mut t| {
                    t.position += start;
                    t
                }));
            }
            let pairs = tokenizer::pairs(&terms);
            document.add_pre_tokenized_text(f.all, PreTokenizedString { text: String::new(), tokens: terms });
            document.add_pre_tokenized_text(f.pairs, PreTokenizedString { text: String::new(), tokens: pairs });
            if let Some(contest) = d.contest {
                document.add_i64(f.contest, contest);
            }
            for tag in &d.tags {
                document.add_text(f.tag, tag);
            }
            writer.add_document(document)?;
        }
        Ok(())
    }

    /// Merges every segment into one (after a rebuild: fewer, larger segments search faster).
    pub fn compact(&self) -> Result<(), SearchError> {
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            let merged = self.lock().merge(&segments);
            merged.wait()?;
        }
        self.reader.reload()?;
        let live: Vec<_> = self.reader.searcher().segment_readers().iter().map(|s| s.segment_id()).collect();
        self.values.retain(&live);
        Ok(())
    }

    /// Removes every document (not visible until [`SearchIndex::commit`]), before a rebuild.
    pub fn clear(&self) -> Result<(), SearchError> {
        self.lock().delete_all_documents()?;
        Ok(())
    }

    /// Removes a document (not visible until [`SearchIndex::commit`]).
    pub fn remove(&self, kind: Kind, id: i64) {
        self.lock().delete_term(Term::from_field_text(self.fields.key, &Self::key(kind, id)));
    }

    /// Makes every change visible and records `cursor`, the last event the index reflects.
    pub fn commit(&self, cursor: u64) -> Result<(), SearchError> {
        let mut writer = self.lock();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&cursor.to_string());
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        let live: Vec<_> = self.reader.searcher().segment_readers().iter().map(|s| s.segment_id()).collect();
        self.values.retain(&live);
        Ok(())
    }

    /// The last event the committed index reflects (none for a new index).
    pub fn cursor(&self) -> Result<Option<u64>, SearchError> {
        Ok(self.index.load_metas()?.payload.and_then(|p| p.parse().ok()))
    }

    /// How many documents are searchable.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether nothing is searchable.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Searches by relevance, unfiltered: a page of `limit` hits after `offset`.
    pub fn search(&self, text: &str, offset: usize, limit: usize) -> Result<Results, SearchError> {
        self.find(&Request { offset, ..Request::new(text, limit) })
    }
}

/// Escapes text for HTML (used when there is no highlighted fragment).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
