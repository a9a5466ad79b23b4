//! Full-text search over public ideas (and, later, challenges' public statements), on tantivy.
//!
//! The index is a projection of the database: documents are upserted by key (`idea:7`), and each
//! commit stores the position in the event log it reflects (its payload), so an indexer can resume
//! exactly where it stopped and replaying events is harmless. Text is analysed by
//! [`tokenizer::MultilingualTokenizer`] (words for alphabetic scripts, bigrams for Hangul, Han and
//! kana), lower-cased, accent-folded (Italian `caffè` matches `caffe`) and stemmed as English.
//! Only public data may be given to this crate: never confidential details or solutions.

pub mod tokenizer;

use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

use crate::tokenizer::MultilingualTokenizer;

/// Bumped whenever the schema or the analysis changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
const ANALYZER: &str = "ideaforge_multilingual";
const VERSION_FILE: &str = "ideaforge-schema-version";

/// Search failures.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query could not be understood (unbalanced quotes, a field that does not exist, …).
    #[error("the query is not valid: {0}")]
    BadQuery(String),
    /// The query has no words to search for.
    #[error("the query is empty")]
    EmptyQuery,
    /// tantivy failed.
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    /// The index folder could not be prepared.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What kind of thing a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An idea.
    Idea,
    /// A challenge (its public statement only).
    Challenge,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Idea => "idea",
            Self::Challenge => "challenge",
        }
    }
}

/// One searchable document: public fields only.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// What it is.
    pub kind: Kind,
    /// Its id in the database.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body (Markdown source).
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Category.
    pub category: String,
    /// Stage (ideas) or status (challenges).
    pub stage: String,
    /// Votes, for the "top" sort.
    pub votes: i64,
    /// Creation time as Unix seconds, for the "new" sort.
    pub created_at: i64,
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What it is.
    pub kind: Kind,
    /// Its id.
    pub id: i64,
    /// Its title (stored text, to be escaped by the caller).
    pub title: String,
    /// Highlighted fragment as HTML: text escaped, matches in `<b>`.
    pub snippet_html: String,
    /// Relevance.
    pub score: f32,
}

/// A page of results.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// How many documents match in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
}

#[derive(Clone, Copy, Debug)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    summary: Field,
    body: Field,
    tags: Field,
    category: Field,
    stage: Field,
    votes: Field,
    created_at: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let fields = Fields {
        key: builder.add_text_field("key", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        id: builder.add_i64_field("id", INDEXED | STORED | FAST),
        title: builder.add_text_field("title", text(true)),
        summary: builder.add_text_field("summary", text(true)),
        body: builder.add_text_field("body", text(true)),
        tags: builder.add_text_field("tags", text(false)),
        category: builder.add_text_field("category", STRING | STORED),
        stage: builder.add_text_field("stage", STRING | STORED),
        votes: builder.add_i64_field("votes", INDEXED | STORED | FAST),
        created_at: builder.add_i64_field("created_at", INDEXED | STORED | FAST),
    };
    (builder.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MultilingualTokenizer)
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The index, its single writer and a reader that reloads on commit.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
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
        Self::from_index(index, fields)
    }

    /// An index in memory (tests).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    fn from_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        index.tokenizers().register(ANALYZER, analyzer());
        let writer = index.writer(50_000_000)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(Self { index, reader, writer: Mutex::new(writer), fields })
    }

    fn key(kind: Kind, id: i64) -> String {
        format!("{}:{id}", kind.as_str())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds or replaces documents (not visible until [`SearchIndex::commit`]).
    pub fn upsert(&self, docs: &[Doc]) -> Result<(), SearchError> {
        let writer = self.lock();
        let f = self.fields;
        for d in docs {
            let key = Self::key(d.kind, d.id);
            writer.delete_term(Term::from_field_text(f.key, &key));
            let mut document = doc!(
                f.key => key,
                f.kind => d.kind.as_str(),
                f.id => d.id,
                f.title => d.title.as_str(),
                f.summary => d.summary.as_str(),
                f.body => d.body.as_str(),
                f.category => d.category.as_str(),
                f.stage => d.stage.as_str(),
                f.votes => d.votes,
                f.created_at => d.created_at,
            );
            for tag in &d.tags {
                document.add_text(f.tags, tag);
            }
            writer.add_document(document)?;
        }
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

    /// Searches by relevance: words must all match (`-word` excludes, `"a phrase"` keeps order),
    /// title matches count most. Returns a page of `limit` hits after `offset`.
    pub fn search(&self, query: &str, offset: usize, limit: usize) -> Result<Results, SearchError> {
        let f = self.fields;
        if tokenizer::tokenize(query).is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.summary, f.body, f.tags]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 3.0);
        parser.set_field_boost(f.tags, 2.0);
        parser.set_field_boost(f.summary, 1.5);
        let parsed = parser.parse_query(query).map_err(|e| SearchError::BadQuery(e.to_string()))?;
        let searcher = self.reader.searcher();
        let collector = (Count, TopDocs::with_limit(limit.max(1)).and_offset(offset).order_by_score());
        let (total, top) = searcher.search(&*parsed, &collector)?;
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, f.body)?;
        snippets.set_max_num_chars(200);
        let mut summary_snippets = SnippetGenerator::create(&searcher, &*parsed, f.summary)?;
        summary_snippets.set_max_num_chars(200);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let kind = if text(f.kind) == "challenge" { Kind::Challenge } else { Kind::Idea };
            let id = document.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or_default();
            let body = snippets.snippet_from_doc(&document);
            let snippet = if body.is_empty() { summary_snippets.snippet_from_doc(&document) } else { body };
            let snippet_html = if snippet.is_empty() { escape(&text(f.summary)) } else { snippet.to_html() };
            hits.push(Hit { kind, id, title: text(f.title), snippet_html, score });
        }
        Ok(Results { total, hits })
    }
}

/// Escapes text for HTML (used when there is no highlighted fragment).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
