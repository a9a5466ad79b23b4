//! What callers hand the index and get back: documents, requests with their filters and sort, hits,
//! facet counts and results.

use ideaforge_domain::search::SearchTerms;

/// How many matching documents carry each value of a facet, most first.
pub type FacetCounts = Vec<(String, u64)>;

/// What kind of thing a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An idea.
    Idea,
    /// A challenge (its public statement only).
    Challenge,
    /// A live or finished funding campaign.
    Campaign,
}

impl Kind {
    /// The name used in URLs, facets and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idea => "idea",
            Self::Challenge => "challenge",
            Self::Campaign => "campaign",
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "idea" => Some(Self::Idea),
            "challenge" => Some(Self::Challenge),
            "campaign" => Some(Self::Campaign),
            _ => None,
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
    /// The contest it belongs to, if any.
    pub contest: Option<i64>,
    /// Votes, for the "top" sort.
    pub votes: i64,
    /// Creation time as Unix seconds, for the "new" sort.
    pub created_at: i64,
    /// The language recorded with it (chosen by its author or detected when written); when none
    /// is, the index detects it.
    pub language: Option<ideaforge_domain::ContentLanguage>,
}

/// The order of results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25, title and tags weighted).
    #[default]
    Relevance,
    /// Most votes first.
    Top,
    /// Newest first.
    New,
}

impl Sort {
    /// The name used in URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Top => "top",
            Self::New => "new",
        }
    }

    /// The sort with this name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "relevance" => Some(Self::Relevance),
            "top" => Some(Self::Top),
            "new" => Some(Self::New),
            _ => None,
        }
    }
}

/// Narrows results to documents with these exact values (all given ones must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this stage.
    pub stage: Option<String>,
    /// Only documents carrying this tag.
    pub tag: Option<String>,
    /// Only this contest's ideas.
    pub contest: Option<i64>,
}

/// A search: words (with `"phrases"` and `-exclusions`), filters, order and page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// What the person typed (shown back, with corrections, in "did you mean").
    pub text: String,
    /// What it means.
    pub terms: SearchTerms,
    /// Exact-value filters.
    pub filters: Filters,
    /// The order.
    pub sort: Sort,
    /// How many results to skip.
    pub offset: usize,
    /// How many to return.
    pub limit: usize,
}

impl Request {
    /// The first `limit` results for `text` by relevance, unfiltered.
    pub fn new(text: &str, limit: usize) -> Self {
        Self {
            text: text.to_owned(),
            terms: SearchTerms::parse(text),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset: 0,
            limit,
        }
    }
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
    /// Its category.
    pub category: String,
    /// Its stage.
    pub stage: String,
    /// Its votes when last indexed.
    pub votes: i64,
    /// Creation time as Unix seconds.
    pub created_at: i64,
    /// Relevance (0 when sorted by votes or time).
    pub score: f32,
}

/// Counts of the matching documents by kind, category, stage and tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// By kind.
    pub kind: FacetCounts,
    /// By category.
    pub category: FacetCounts,
    /// By stage.
    pub stage: FacetCounts,
    /// By tag (the most frequent only).
    pub tag: FacetCounts,
}

/// Words the index does not know, and the search with the nearest words it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The text with each unknown word replaced (`kettle` for `kettel`).
    pub text: String,
    /// Whether these results are already the corrected search's (the text as typed found nothing);
    /// otherwise the correction is only suggested.
    pub applied: bool,
}

/// A page of results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// How many documents match in all.
    pub total: usize,
    /// How many of them (the first ones, by relevance) contain every word; the others contain most.
    pub all_words: usize,
    /// "Did you mean": a search with unknown words corrected, when the words as typed found little.
    pub correction: Option<Correction>,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts over all matching documents.
    pub facets: Facets,
}
