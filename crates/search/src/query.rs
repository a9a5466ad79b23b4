//! From parsed words to index queries, never through tantivy's query parser.
//!
//! Each word (or phrase) is analysed in every language present in the index, giving one or more
//! term sequences; those the index does not hold are dropped. A group (`a OR b`) wants any of its
//! atoms' sequences. The strict query wants every group; the relaxed one wants most of them and
//! ranks documents by how many they have before their BM25 score (coordination). Words side by side
//! in the query score more when they are side by side in a document (the pairs field). A word the
//! index does not know can be replaced by the most frequent indexed term within one edit (words of
//! 5 to 8 letters) or two (9 and more).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ideaforge_domain::search::{Atom, SearchTerms};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::analysis::{self, Analysis, Language};
use crate::{Fields, STOP_WORDS, tokenizer};

/// What a document gains per group it matches in a relaxed search: more than any BM25 score, so
/// documents with more of the words always come first.
pub(crate) const COORDINATION: f32 = 1_000.0;

/// The analysers of queries, one per language.
#[derive(Clone)]
pub(crate) struct QueryAnalyzers(Vec<(Language, TextAnalyzer)>);

impl QueryAnalyzers {
    pub(crate) fn new(analysis: Analysis) -> Self {
        Self(Language::ALL.into_iter().map(|l| (l, analysis::analyzer(l, true, analysis))).collect())
    }
}

/// A term sequence: one term, or terms side by side.
type Sequence = Vec<String>;

/// What a relaxed search counts: a group, or one bigram of a Korean, Japanese or Chinese word (so
/// that a word with one wrong syllable still finds most of its bigrams).
struct Unit {
    query: Option<Box<dyn Query>>,
    /// A stop word: it adds to the score but is not counted.
    optional: bool,
}

/// The queries of one search.
pub(crate) struct Plan {
    /// Per wanted group: its query, or `None` when nothing in the index can match it.
    groups: Vec<Option<Box<dyn Query>>>,
    /// What the relaxed search counts.
    units: Vec<Unit>,
    /// Optional clauses that reward query words found side by side.
    pairs: Vec<Box<dyn Query>>,
    /// What must not match.
    excluded: Vec<Box<dyn Query>>,
    /// Whether the text names filters (then a search without words lists what they select).
    filtered: bool,
    /// Every term a hit may show highlighted.
    pub(crate) highlight: BTreeMap<String, f32>,
}

impl Plan {
    fn with_exclusions(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        if self.excluded.is_empty() && self.pairs.is_empty() {
            return query;
        }
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(self.pairs.iter().map(|q| (Occur::Should, q.box_clone())));
        clauses.extend(self.excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every group; `None` when some group cannot match. Without words, everything the filters
    /// select (or, without filters either, nothing).
    pub(crate) fn strict(&self, filters_given: bool) -> Option<Box<dyn Query>> {
        if self.groups.is_empty() {
            return (self.filtered || filters_given).then(|| self.with_exclusions(Box::new(AllQuery)));
        }
        let musts: Option<Vec<(Occur, Box<dyn Query>)>> =
            self.groups.iter().map(|g| g.as_ref().map(|q| (Occur::Must, q.box_clone()))).collect();
        let mut musts = musts?;
        let query = if musts.len() == 1 { musts.remove(0).1 } else { Box::new(BooleanQuery::new(musts)) };
        Some(self.with_exclusions(query))
    }

    /// Any of the groups (for similar documents).
    pub(crate) fn any(&self) -> Option<Box<dyn Query>> {
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            self.groups.iter().flatten().map(|q| (Occur::Should, q.box_clone())).collect();
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// Whether the relaxed search differs from the strict one.
    pub(crate) fn can_relax(&self) -> bool {
        self.units.iter().filter(|u| !u.optional).count() > 1
    }

    /// At least half of the counted units (rounded up), or at least one when `any`; more of them
    /// first.
    pub(crate) fn relaxed(&self, any: bool) -> Option<Box<dyn Query>> {
        let counted = self.units.iter().filter(|u| !u.optional).count();
        let needed = if any { 1 } else { counted.div_ceil(2).max(1) };
        let clauses: Vec<(Occur, Box<dyn Query>)> = self
            .units
            .iter()
            .filter(|u| !u.optional)
            .filter_map(|u| u.query.as_ref())
            .map(|q| {
                let counted = ConstScoreQuery::new(q.box_clone(), COORDINATION);
                let clause: Box<dyn Query> =
                    Box::new(BooleanQuery::new(vec![(Occur::Must, q.box_clone()), (Occur::Should, Box::new(counted))]));
                (Occur::Should, clause)
            })
            .collect();
        if clauses.len() < needed {
            return None;
        }
        let some: Box<dyn Query> = Box::new(BooleanQuery::with_minimum_required_clauses(clauses, needed));
        let optional: Vec<(Occur, Box<dyn Query>)> = self
            .units
            .iter()
            .filter(|u| u.optional)
            .filter_map(|u| u.query.as_ref().map(|q| (Occur::Should, q.box_clone())))
            .collect();
        if optional.is_empty() {
            return Some(self.with_exclusions(some));
        }
        let mut clauses = vec![(Occur::Must, some)];
        clauses.extend(optional);
        Some(self.with_exclusions(Box::new(BooleanQuery::new(clauses))))
    }
}

/// Builds plans against one searcher.
pub(crate) struct Planner<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    analyzers: Vec<(Language, TextAnalyzer)>,
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

impl<'a> Planner<'a> {
    /// A planner for the languages present in the index (narrowed to the query's own, and English
    /// for names and borrowed words, when the detector is sure of it and the index has it).
    pub(crate) fn new(searcher: &'a Searcher, fields: Fields, analyzers: &QueryAnalyzers, text: &str) -> Self {
        let present: Vec<Language> = Language::ALL
            .into_iter()
            .filter(|l| {
                *l == Language::English
                    || searcher.doc_freq(&Term::from_field_text(fields.lang, l.code())).is_ok_and(|n| n > 0)
            })
            .collect();
        // A language is told from a sentence, not from a few words (and detecting costs as much as
        // searching): short queries are looked up in every language present.
        let words = text.split_whitespace().count();
        let narrowed = (present.len() > 1 && words >= 5).then(|| analysis::detect(text)).flatten();
        let narrowed = narrowed.filter(|l| present.contains(l));
        let analyzers = analyzers
            .0
            .iter()
            .filter(|(l, _)| narrowed.map_or(present.contains(l), |only| only == *l || *l == Language::English))
            .cloned()
            .collect();
        Self { searcher, fields, analyzers }
    }

    fn doc_freq(&self, term: &Term) -> u64 {
        self.searcher.doc_freq(term).unwrap_or(0)
    }

    fn all(&self, text: &str) -> Term {
        Term::from_field_text(self.fields.all, text)
    }

    fn pair(&self, first: &str, second: &str) -> Term {
        Term::from_field_text(self.fields.pairs, &tokenizer::pair(first, second))
    }

    /// The term sequences of some words in each language, without repeats.
    fn sequences(&mut self, words: &[String]) -> Vec<Sequence> {
        let text = words.join(" ");
        let mut out: Vec<Sequence> = Vec::new();
        for (language, analyzer) in &mut self.analyzers {
            let sequence: Sequence = analysis::tokens(analyzer, &text).into_iter().map(|t| t.text).collect();
            // One word's stem in another language in both its forms, prefixed and shared.
            let mut forms = vec![sequence];
            if let [term] = forms[0].as_slice()
                && *language != Language::English
            {
                let other = analysis::other_form(term).unwrap_or_else(|| format!("{}:{term}", language.code()));
                forms.push(vec![other]);
            }
            for sequence in forms {
                if !sequence.is_empty() && !out.contains(&sequence) {
                    out.push(sequence);
                }
            }
        }
        out
    }

    /// Whether the index holds a sequence (every pair of it, for more than one term).
    fn holds(&self, sequence: &Sequence) -> bool {
        match sequence.as_slice() {
            [one] => self.doc_freq(&self.all(one)) > 0,
            many => many.windows(2).all(|w| self.doc_freq(&self.pair(&w[0], &w[1])) > 0),
        }
    }

    /// The query of one sequence: a term; two terms as one pair term; more as all their pairs,
    /// then checked word by word on those few candidates.
    fn sequence_query(&self, sequence: &Sequence) -> Box<dyn Query> {
        match sequence.as_slice() {
            [one] => term_query(self.all(one)),
            [first, second] => term_query(self.pair(first, second)),
            many => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    many.windows(2).map(|w| (Occur::Must, term_query(self.pair(&w[0], &w[1])))).collect();
                let terms = many.iter().map(|t| self.all(t)).collect();
                clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    /// The sequences of an atom the index holds (or its correction).
    fn held(&mut self, atom: &Atom, corrections: &HashMap<String, String>) -> Vec<Sequence> {
        if let Atom::Word(word) = atom
            && let Some(term) = corrections.get(word)
        {
            return vec![vec![term.clone()]];
        }
        let mut held: Vec<Sequence> = Vec::new();
        for sequence in self.sequences(atom.words()) {
            if let [term] = sequence.as_slice() {
                for variant in self.variants(term) {
                    if !held.iter().any(|h| h.as_slice() == [variant.clone()]) {
                        held.push(vec![variant]);
                    }
                }
            }
            if self.holds(&sequence) && !held.contains(&sequence) {
                held.push(sequence);
            }
        }
        held
    }

    /// Stems of the same word that Snowball leaves apart outside English (Italian `ricarica` →
    /// `ricar`, `ricaricare` → `ricaric`): indexed terms of the same language that are the stem
    /// with up to two letters more or fewer, the shorter having five letters at least.
    fn variants(&self, term: &str) -> Vec<String> {
        let Some((prefix, stem)) = term.split_once(':') else { return Vec::new() };
        if !stem.bytes().all(|b| b.is_ascii_lowercase()) || stem.len() < 5 {
            return Vec::new();
        }
        let mut out: Vec<String> = (1..=2)
            .filter(|cut| stem.len() - cut >= 5)
            .map(|cut| format!("{prefix}:{}", &stem[..stem.len() - cut]))
            .filter(|shorter| self.doc_freq(&self.all(shorter)) > 0)
            .collect();
        let mut upper = term.as_bytes().to_vec();
        upper.push(0xFF);
        for segment in self.searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(self.fields.all) else { continue };
            let Ok(mut stream) = index.terms().range().ge(term.as_bytes()).lt(&upper).into_stream() else { continue };
            while stream.advance() {
                if let Ok(longer) = std::str::from_utf8(stream.key())
                    && longer.len() > term.len()
                    && longer.len() <= term.len() + 2
                    && !out.iter().any(|o| o == longer)
                {
                    out.push(longer.to_owned());
                }
            }
        }
        out
    }

    fn any_of(&self, sequences: &[Sequence], highlight: &mut BTreeMap<String, f32>) -> Option<Box<dyn Query>> {
        for term in sequences.iter().flatten() {
            highlight.insert(term.clone(), 1.0);
        }
        let mut queries: Vec<Box<dyn Query>> = sequences.iter().map(|s| self.sequence_query(s)).collect();
        match queries.len() {
            0 => None,
            1 => queries.pop(),
            _ => Some(Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))),
        }
    }

    /// The plan of some parsed words, with some words replaced by corrected terms.
    pub(crate) fn plan(&mut self, terms: &SearchTerms, corrections: &HashMap<String, String>) -> Plan {
        let mut highlight = BTreeMap::new();
        let mut groups = Vec::with_capacity(terms.groups.len());
        let mut units = Vec::with_capacity(terms.groups.len());
        let mut singles: Vec<Option<Vec<Sequence>>> = Vec::with_capacity(terms.groups.len());
        for (i, group) in terms.groups.iter().enumerate() {
            // A word typed twice is wanted once.
            if terms.groups[..i].contains(group) {
                continue;
            }
            let mut sequences = Vec::new();
            for atom in group {
                sequences.extend(self.held(atom, corrections));
            }
            let single = matches!(group.as_slice(), [Atom::Word(_)]) && sequences.iter().all(|s| s.len() == 1);
            singles.push(single.then(|| sequences.clone()));
            let query = self.any_of(&sequences, &mut highlight);
            units.extend(self.units(group, &query));
            groups.push(query);
        }
        // Neighbouring words side by side: the most frequent of their pair terms (one posting list
        // per pair of words, however many languages they were looked up in).
        let mut pairs = Vec::new();
        for window in singles.windows(2) {
            if let [Some(first), Some(second)] = window {
                let best = first
                    .iter()
                    .flatten()
                    .flat_map(|a| second.iter().flatten().map(move |b| (a, b)))
                    .map(|(a, b)| {
                        let term = self.pair(a, b);
                        (self.doc_freq(&term), term)
                    })
                    .filter(|(freq, _)| *freq > 0)
                    .max_by_key(|(freq, _)| *freq);
                pairs.extend(best.map(|(_, term)| term_query(term)));
            }
        }
        let mut excluded = Vec::new();
        for atom in &terms.excluded {
            let sequences = self.held(atom, &HashMap::new());
            excluded.extend(self.any_of(&sequences, &mut BTreeMap::new()));
        }
        Plan { groups, units, pairs, excluded, filtered: !terms.filters.is_empty(), highlight }
    }

    /// What a relaxed search counts of one group: a CJK word's bigrams one by one, a stop word as
    /// optional, anything else as the group.
    fn units(&mut self, group: &[Atom], query: &Option<Box<dyn Query>>) -> Vec<Unit> {
        let whole = || vec![Unit { query: query.as_ref().map(|q| q.box_clone()), optional: false }];
        let [Atom::Word(word)] = group else { return whole() };
        if STOP_WORDS.contains(&word.to_lowercase().as_str()) {
            return vec![Unit { query: query.as_ref().map(|q| q.box_clone()), optional: true }];
        }
        let sequences = self.sequences(std::slice::from_ref(word));
        match sequences.as_slice() {
            [bigrams] if bigrams.len() > 1 && bigrams.iter().all(|t| t.chars().all(tokenizer::is_cjk)) => bigrams
                .iter()
                .map(|t| {
                    let term = self.all(t);
                    let held = self.doc_freq(&term) > 0;
                    Unit { query: held.then(|| term_query(term)), optional: false }
                })
                .collect(),
            _ => whole(),
        }
    }

    /// Corrections for the wanted words of five letters or more that the index does not know (or
    /// knows from a handful of documents while a near term is in many): word → the indexed term,
    /// the most frequent within reach.
    pub(crate) fn corrections(&mut self, terms: &SearchTerms) -> HashMap<String, String> {
        let mut out = HashMap::new();
        let words: BTreeSet<&str> = terms
            .groups
            .iter()
            .flatten()
            .filter_map(|a| if let Atom::Word(w) = a { Some(w.as_str()) } else { None })
            .collect();
        for word in words {
            let letters = word.chars().count();
            if letters < 5 || !word.chars().all(char::is_alphabetic) || word.chars().any(tokenizer::is_cjk) {
                continue;
            }
            let distance = if letters >= 9 { 2 } else { 1 };
            let known: u64 = self
                .sequences(&[word.to_owned()])
                .iter()
                .filter_map(|s| s.first().filter(|_| s.len() == 1))
                .map(|t| self.doc_freq(&self.all(t)))
                .max()
                .unwrap_or(0);
            if let Some((term, freq)) = self.nearest(word, distance)
                && (known == 0 || known.saturating_mul(20) < freq)
            {
                out.insert(word.to_owned(), term);
            }
        }
        out
    }

    /// The most frequent indexed term within `distance` edits (a swap counts as one) of the word's
    /// term in any language, and in how many documents it is.
    fn nearest(&mut self, word: &str, distance: u8) -> Option<(String, u64)> {
        let own: Vec<String> = self.sequences(&[word.to_owned()]).into_iter().flatten().collect();
        let mut counts: HashMap<String, u64> = HashMap::new();
        for term in &own {
            let fuzzy = FuzzyTermQuery::new(self.all(term), distance, true);
            for segment in self.searcher.segment_readers() {
                let Ok(index) = segment.inverted_index(self.fields.all) else { continue };
                let automaton = fuzzy.automaton().ok()?;
                let Ok(mut stream) = index.terms().search(automaton).into_stream() else { continue };
                while stream.advance() {
                    if let Ok(found) = std::str::from_utf8(stream.key())
                        && found != term
                    {
                        *counts.entry(found.to_owned()).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    }
}
