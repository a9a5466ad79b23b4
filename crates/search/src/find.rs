//! Answering a search: the strict query first; a corrected one when words are unknown and little
//! was found; the relaxed one when the page is not full; then facets, hits and highlighted snippets.

use std::collections::HashMap;

use ideaforge_domain::search::{Atom, SearchTerms, TextFilter};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::analysis::{self, Language};
use crate::query::{COORDINATION, Plan, Planner};
use crate::{
    Correction, FacetCounts, Facets, Hit, Kind, Request, Results, STOP_WORDS, SearchError, SearchIndex, Sort, TOP_TAGS,
    escape, facets,
};

/// Fewer documents than this with every word, and unknown words are corrected and documents with
/// most of the words are added.
const LITTLE: usize = 3;

/// What one query found: how many, facet counts, and the page asked for.
struct Found {
    total: usize,
    facets: Vec<FacetCounts>,
    top: Vec<(f32, DocAddress)>,
}

impl SearchIndex {
    fn filtered(&self, query: Box<dyn Query>, request: &Request) -> Box<dyn Query> {
        let f = self.fields;
        let filters = &request.filters;
        let mut terms = Vec::new();
        if let Some(kind) = filters.kind {
            terms.push(Term::from_field_text(f.kind, kind.as_str()));
        }
        for (field, value) in [(f.category, &filters.category), (f.stage, &filters.stage), (f.tag, &filters.tag)] {
            if let Some(value) = value {
                terms.push(Term::from_field_text(field, value));
            }
        }
        for filter in &request.terms.filters {
            terms.push(match filter {
                TextFilter::Kind(kind) => Term::from_field_text(f.kind, kind_name(*kind)),
                TextFilter::Category(category) => Term::from_field_text(f.category, category.as_str()),
                TextFilter::Stage(stage) => Term::from_field_text(f.stage, stage.as_str()),
                TextFilter::Tag(tag) => Term::from_field_text(f.tag, tag.as_str()),
            });
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

    fn collect(
        &self,
        searcher: &Searcher,
        query: Option<Box<dyn Query>>,
        request: &Request,
    ) -> Result<Found, SearchError> {
        let Some(query) = query else { return Ok(Found { total: 0, facets: Vec::new(), top: Vec::new() }) };
        let query = self.filtered(query, request);
        let facet_collector = facets::ValueCounts { values: &self.values, limits: [10, 50, 20, TOP_TAGS] };
        let page = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (facets, top): (_, Vec<(f32, DocAddress)>) = match request.sort {
            Sort::Relevance => searcher.search(&*query, &(facet_collector, page.order_by_score()))?,
            Sort::Top | Sort::New => {
                let field = if request.sort == Sort::Top { "votes" } else { "created_at" };
                let (facets, top) = searcher
                    .search(&*query, &(facet_collector, page.order_by_fast_field::<i64>(field, Order::Desc)))?;
                (facets, top.into_iter().map(|(_, address)| (0.0, address)).collect())
            }
        };
        // Every document has exactly one kind, so the kinds' counts add up to the total.
        let total = facets.first().map_or(0, |kinds| kinds.iter().map(|(_, count)| count).sum::<u64>());
        Ok(Found { total: usize::try_from(total).unwrap_or(usize::MAX), facets, top })
    }

    /// Searches: every word first; if that finds little and some words are unknown, the nearest
    /// known words; if the page is not full, documents with most of the words after those with all.
    /// Results are filtered, ordered and paged as asked, with facet counts over every match.
    pub fn find(&self, request: &Request) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let mut planner = Planner::new(&searcher, self.fields, &self.queries, &request.text);
        let given = request.filters != crate::Filters::default();
        let mut plan = planner.plan(&request.terms, &HashMap::new());
        let mut found = self.collect(&searcher, plan.strict(given), request)?;
        let mut correction = None;
        if found.total < LITTLE {
            let corrections = planner.corrections(&request.terms);
            if !corrections.is_empty() {
                let fixed_plan = planner.plan(&request.terms, &corrections);
                let fixed = self.collect(&searcher, fixed_plan.strict(given), request)?;
                let text = self.corrected_text(&searcher, request, &corrections, &fixed);
                if found.total == 0 && fixed.total > 0 {
                    (plan, found) = (fixed_plan, fixed);
                    correction = Some(Correction { text, applied: true });
                } else if fixed.total > found.total {
                    correction = Some(Correction { text, applied: false });
                }
            }
        }
        let all_words = found.total;
        // Little found with every word: most of the words; failing that, any of them.
        for any in [false, true] {
            if plan.can_relax() && found.total < LITTLE && (!any || found.total == 0) {
                let relaxed = self.collect(&searcher, plan.relaxed(any), request)?;
                if relaxed.total > found.total {
                    found = relaxed;
                }
            }
        }
        let hits = self.hits(&searcher, &plan, &found.top)?;
        let mut groups = found.facets.into_iter();
        let facets = Facets {
            kind: groups.next().unwrap_or_default(),
            category: groups.next().unwrap_or_default(),
            stage: groups.next().unwrap_or_default(),
            tag: groups.next().unwrap_or_default(),
        };
        Ok(Results { total: found.total, all_words, correction, hits, facets })
    }

    /// The text as typed with each corrected word replaced by the word the index holds, as written
    /// in a document that contains it.
    fn corrected_text(
        &self,
        searcher: &Searcher,
        request: &Request,
        corrections: &HashMap<String, String>,
        fixed: &Found,
    ) -> String {
        let mut text = request.text.clone();
        for (word, term) in corrections {
            let written = fixed.top.iter().find_map(|(_, address)| self.written(searcher, *address, term));
            let written = written.unwrap_or_else(|| term.rsplit(':').next().unwrap_or(term).to_owned());
            text = text.replacen(word.as_str(), &written, 1);
        }
        text
    }

    /// How a term is written in a document (lower-cased), if it is there.
    fn written(&self, searcher: &Searcher, address: DocAddress, term: &str) -> Option<String> {
        let document: TantivyDocument = searcher.doc(address).ok()?;
        let mut analyzer = self.document_analyzer(self.language_of(&document));
        [self.fields.title, self.fields.summary, self.fields.body].into_iter().find_map(|field| {
            let text = stored_text(&document, field);
            analysis::tokens(&mut analyzer, &text)
                .into_iter()
                .find(|t| t.text == term)
                .and_then(|t| text.get(t.offset_from..t.offset_to).map(str::to_lowercase))
        })
    }

    fn language_of(&self, document: &TantivyDocument) -> Language {
        Language::from_code(&stored_text(document, self.fields.lang)).unwrap_or(Language::English)
    }

    fn hits(&self, searcher: &Searcher, plan: &Plan, top: &[(f32, DocAddress)]) -> Result<Vec<Hit>, SearchError> {
        let f = self.fields;
        // Per language, generators of highlighted fragments of the summary and the body.
        let mut generators: HashMap<Language, (SnippetGenerator, SnippetGenerator)> = HashMap::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(*address)?;
            let language = self.language_of(&document);
            let (summaries, bodies) = generators.entry(language).or_insert_with(|| {
                let generator = |field: Field| {
                    SnippetGenerator::new(plan.highlight.clone(), self.document_analyzer(language), field, 200)
                };
                (generator(f.summary), generator(f.body))
            });
            // The summary (short, written to be shown) when it holds a match, else the body.
            let summary = summaries.snippet_from_doc(&document);
            let snippet = if summary.is_empty() { bodies.snippet_from_doc(&document) } else { summary };
            let snippet_html =
                if snippet.is_empty() { escape(&stored_text(&document, f.summary)) } else { snippet.to_html() };
            hits.push(self.hit(searcher, *address, &document, snippet_html, score % COORDINATION)?);
        }
        Ok(hits)
    }

    /// Documents like `text` (what someone is typing, or an idea's own title, summary and tags),
    /// best first, leaving out `except`: to find duplicates before they are submitted. Its words,
    /// rarest first and common ones left out, each in any language; the more a document has and
    /// the rarer they are, the better.
    pub fn similar(&self, text: &str, except: Option<(Kind, i64)>, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.to_lowercase().as_str()))
            .map(str::to_owned)
            .collect();
        words.sort();
        words.dedup();
        let groups = words.into_iter().map(|w| vec![Atom::Word(w)]).collect();
        let terms = SearchTerms { groups, ..SearchTerms::default() };
        // Every language present: an idea's tags and names are often in another language than its text.
        let mut planner = Planner::new(&searcher, f, &self.queries, "");
        let plan = planner.plan(&terms, &HashMap::new());
        let Some(like) = plan.any() else { return Ok(Vec::new()) };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, like)];
        if let Some((kind, id)) = except {
            let key = Term::from_field_text(f.key, &Self::key(kind, id));
            clauses.push((Occur::MustNot, Box::new(TermQuery::new(key, IndexRecordOption::Basic))));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let summary = escape(&stored_text(&document, f.summary));
            hits.push(self.hit(&searcher, address, &document, summary, score)?);
        }
        Ok(hits)
    }

    /// A hit: its text from the stored document, everything else from the segment's values.
    fn hit(
        &self,
        searcher: &Searcher,
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
            title: stored_text(document, self.fields.title),
            snippet_html,
            category: doc.category.to_owned(),
            stage: doc.stage.to_owned(),
            votes: doc.votes,
            created_at: doc.created_at,
            score,
        })
    }
}

fn kind_name(kind: ideaforge_domain::search::SearchKind) -> &'static str {
    match kind {
        ideaforge_domain::search::SearchKind::Idea => Kind::Idea.as_str(),
        ideaforge_domain::search::SearchKind::Challenge => Kind::Challenge.as_str(),
        ideaforge_domain::search::SearchKind::Campaign => Kind::Campaign.as_str(),
    }
}

fn stored_text(document: &TantivyDocument, field: Field) -> String {
    document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
}
