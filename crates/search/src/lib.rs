//! Full-text search over public ideas (and, later, challenges' public statements), on tantivy.
//!
//! The index is a projection of the database: documents are upserted by key (`idea:7`), and each
//! commit stores the position in the event log it reflects (its payload), so an indexer can resume
//! exactly where it stopped and replaying events is harmless. Text is analysed by
//! [`tokenizer::MultilingualTokenizer`] (words for alphabetic scripts, bigrams for Hangul, Han and
//! kana), lower-cased, accent-folded (Italian `caffè` matches `caffe`) and stemmed as English.
//! Only public data may be given to this crate: never confidential details or solutions.

mod facets;
mod request;
pub mod tokenizer;

pub use request::{Doc, FacetCounts, Facets, Filters, Hit, Kind, Request, Results, Sort};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, OwnedValue, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term, doc};

use crate::tokenizer::MultilingualTokenizer;

/// Bumped whenever the schema or the analysis changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 7;
/// The writer's memory budget, shared by its indexing threads.
const WRITER_MEMORY: usize = 100_000_000;
const ANALYZER: &str = "ideaforge_multilingual";
const PAIRS: &str = "ideaforge_pairs";
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

/// The most frequent tags shown among the facets.
const TOP_TAGS: usize = 20;
/// Words too common to say two ideas are alike.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "that",
    "the", "this", "to", "with", "you", "your", "il", "la", "le", "per", "di", "che", "un", "una",
];

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
    contest: Field,
    votes: Field,
    created_at: Field,
    tag: Field,
    all: Field,
    /// Adjacent word pairs of `all`: a two-word phrase is one term here.
    pairs: Field,
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
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING | FAST),
        id: builder.add_i64_field("id", INDEXED | FAST),
        title: builder.add_text_field("title", text(true)),
        summary: builder.add_text_field("summary", text(true)),
        body: builder.add_text_field("body", text(true)),
        tags: builder.add_text_field("tags", text(false)),
        category: builder.add_text_field("category", STRING | FAST),
        stage: builder.add_text_field("stage", STRING | FAST),
        contest: builder.add_i64_field("contest", INDEXED),
        votes: builder.add_i64_field("votes", INDEXED | FAST),
        created_at: builder.add_i64_field("created_at", INDEXED | FAST),
        tag: builder.add_text_field("tag", STRING | FAST),
        all: builder.add_text_field("all", text(false)),
        pairs: builder.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer(PAIRS).set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
    };
    (builder.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MultilingualTokenizer)
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(tokenizer::CachedEnglishStemmer)
        .build()
}

/// The index, its single writer and a reader that reloads on commit.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    values: facets::ValuesCache,
    /// The parser of what people type, searching `all` by default (built once).
    parser: QueryParser,
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
        index.tokenizers().register(PAIRS, TextAnalyzer::from(tokenizer::PairTokenizer::new(analyzer())));
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // Stored text of hits is read decompressed from memory: ~16 MiB at most.
            .doc_store_cache_num_blocks(1_000)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.all]);
        parser.set_conjunction_by_default();
        Ok(Self { index, reader, writer: Mutex::new(writer), fields, values: facets::ValuesCache::default(), parser })
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
            // Searched as one field (one posting list per word, not four); the title twice so that
            // a word in the title counts more.
            for text in [&d.title, &d.title, &d.summary, &d.body] {
                document.add_text(f.all, text);
                document.add_text(f.pairs, text);
            }
            if let Some(contest) = d.contest {
                document.add_i64(f.contest, contest);
            }
            for tag in &d.tags {
                document.add_text(f.tags, tag);
                document.add_text(f.all, tag);
                document.add_text(f.pairs, tag);
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

    /// Parses what someone typed, searching `all` unless the text names fields (`title:kettle`).
    fn parse(&self, text: &str) -> Result<Box<dyn Query>, SearchError> {
        if tokenizer::tokenize(text).is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        self.parser.parse_query(text).map_err(|e| SearchError::BadQuery(e.to_string()))
    }

    /// A generator of highlighted fragments of `field` for the words of `text`.
    /// A generator of highlighted fragments of `field` for the words of a parsed query (every text
    /// field shares one analyzer, so the words of `all` are the words of each).
    fn snippets(words: &BTreeMap<String, f32>, field: Field) -> SnippetGenerator {
        SnippetGenerator::new(words.clone(), analyzer(), field, 200)
    }

    /// Answers exact phrases from the pairs field: a two-word phrase becomes one term (no positions
    /// read); a longer one needs all its pairs and is then checked word by word on those few
    /// candidates. Anything else is kept as parsed — and so is everything when the text asks for a
    /// phrase with slop (`"a b"~2`) or has a word too long to index (the phrase then has a gap),
    /// which tantivy's phrase query does not let us see.
    fn with_pairs(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        if let Some(phrase) = query.downcast_ref::<PhraseQuery>() {
            let terms = phrase.phrase_terms();
            let words: Option<Vec<String>> =
                terms.iter().map(|term| term.value().as_str().map(str::to_owned)).collect();
            let (Some(words), true) = (words, phrase.field() == self.fields.all) else {
                return query;
            };
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
                .windows(2)
                .map(|w| {
                    let term = Term::from_field_text(self.fields.pairs, &tokenizer::pair(&w[0], &w[1]));
                    (Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>)
                })
                .collect();
            if words.len() > 2 {
                clauses.push((Occur::Must, query));
            }
            return Box::new(BooleanQuery::new(clauses));
        }
        if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
            let clauses = boolean.clauses().iter().map(|(occur, q)| (*occur, self.with_pairs(q.box_clone()))).collect();
            return Box::new(BooleanQuery::new(clauses));
        }
        query
    }

    fn filtered(&self, query: Box<dyn Query>, filters: &Filters) -> Box<dyn Query> {
        let f = self.fields;
        let mut terms = Vec::new();
        if let Some(kind) = filters.kind {
            terms.push(Term::from_field_text(f.kind, kind.as_str()));
        }
        for (field, value) in [(f.category, &filters.category), (f.stage, &filters.stage), (f.tag, &filters.tag)] {
            if let Some(value) = value {
                terms.push(Term::from_field_text(field, value));
            }
        }
        if let Some(contest) = filters.contest {
            terms.push(Term::from_field_i64(f.contest, contest));
        }
        if terms.is_empty() {
            return query;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for term in terms {
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches: words must all match (`-word` excludes, `"a phrase"` keeps order), title matches
    /// count most; results are filtered, ordered and paged as asked, with facet counts over every
    /// matching document.
    pub fn find(&self, request: &Request) -> Result<Results, SearchError> {
        let f = self.fields;
        let parsed = self.parse(&request.text)?;
        let mut words = BTreeMap::new();
        parsed.query_terms(&mut |term, _| {
            if let Some(word) = term.value().as_str() {
                words.insert(word.to_owned(), 1.0);
            }
        });
        let exact_phrases_only =
            !request.text.contains('~') && request.text.split_whitespace().all(|w| w.chars().count() <= 64);
        let parsed = if exact_phrases_only { self.with_pairs(parsed) } else { parsed };
        let query = self.filtered(parsed, &request.filters);
        let searcher = self.reader.searcher();
        let facet_collector = facets::ValueCounts { values: &self.values, limits: [10, 50, 20, TOP_TAGS] };
        let page = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (facet_counts, top): (_, Vec<(f32, DocAddress)>) = match request.sort {
            Sort::Relevance => searcher.search(&*query, &(facet_collector, page.order_by_score()))?,
            Sort::Top | Sort::New => {
                let field = if request.sort == Sort::Top { "votes" } else { "created_at" };
                let (facets, top) = searcher
                    .search(&*query, &(facet_collector, page.order_by_fast_field::<i64>(field, Order::Desc)))?;
                (facets, top.into_iter().map(|(_, address)| (0.0, address)).collect())
            }
        };
        // Every document has exactly one kind, so the kinds' counts add up to the total.
        let total = facet_counts.first().map_or(0, |kinds| kinds.iter().map(|(_, count)| count).sum::<u64>());
        let total = usize::try_from(total).unwrap_or(usize::MAX);
        let mut groups = facet_counts.into_iter();
        let facets = Facets {
            kind: groups.next().unwrap_or_default(),
            category: groups.next().unwrap_or_default(),
            stage: groups.next().unwrap_or_default(),
            tag: groups.next().unwrap_or_default(),
        };
        let snippets = Self::snippets(&words, f.body);
        let summary_snippets = Self::snippets(&words, f.summary);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            // The summary (short, written to be shown) when it holds a match, else the body.
            let summary = summary_snippets.snippet_from_doc(&document);
            let snippet = if summary.is_empty() { snippets.snippet_from_doc(&document) } else { summary };
            let snippet_html =
                if snippet.is_empty() { escape(&self.stored_text(&document, f.summary)) } else { snippet.to_html() };
            hits.push(self.hit(&searcher, address, &document, snippet_html, score)?);
        }
        Ok(Results { total, hits, facets })
    }

    /// Documents like `text` (what someone is typing, or an idea's own title, summary and tags),
    /// matched in every field, best first, leaving out `except`: to find duplicates before they
    /// are submitted.
    pub fn similar(&self, text: &str, except: Option<(Kind, i64)>, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let f = self.fields;
        if tokenizer::tokenize(text).is_empty() {
            return Ok(Vec::new());
        }

        let searcher = self.reader.searcher();
        // tantivy's MoreLikeThis divides a term's document frequency (which still counts deleted,
        // i.e. replaced, versions) by the live documents, and asserts the first is not larger: after
        // updates on a small index it would be. Such a term is in every document anyway.
        let live = searcher.num_docs();
        let like = MoreLikeThisQuery::builder()
            .with_max_doc_frequency(live)
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(25)
            .with_stop_words(STOP_WORDS.iter().map(|w| (*w).to_owned()).collect())
            .with_document_fields(vec![(f.all, vec![OwnedValue::Str(text.to_owned())])]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(like))];
        if let Some((kind, id)) = except {
            let key = Term::from_field_text(f.key, &Self::key(kind, id));
            clauses.push((Occur::MustNot, Box::new(TermQuery::new(key, IndexRecordOption::Basic))));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let summary = escape(&self.stored_text(&document, f.summary));
            hits.push(self.hit(&searcher, address, &document, summary, score)?);
        }
        Ok(hits)
    }

    fn stored_text(&self, document: &TantivyDocument, field: Field) -> String {
        document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
    }

    /// A hit: its text from the stored document, everything else from the segment's values.
    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        document: &TantivyDocument,
        snippet_html: String,
        score: f32,
    ) -> Result<Hit, SearchError> {
        let values = self.values.get(searcher.segment_reader(address.segment_ord))?;
        let doc = values.document(address.doc_id);
        Ok(Hit {
            kind: Kind::parse(doc.kind).unwrap_or(Kind::Idea),
            id: doc.id,
            title: self.stored_text(document, self.fields.title),
            snippet_html,
            category: doc.category.to_owned(),
            stage: doc.stage.to_owned(),
            votes: doc.votes,
            created_at: doc.created_at,
            score,
        })
    }
}

/// Escapes text for HTML (used when there is no highlighted fragment).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
