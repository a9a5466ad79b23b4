//! The relevance set kept in the repository (`crates/search/relevance/`): ideas in English, Korean
//! and Italian, and queries people type with the ideas they want, judged by people, not by this
//! engine. Scored by mean reciprocal rank (of the first highly relevant idea) and nDCG@10 (graded:
//! 2 highly relevant, 1 partly).

use crate::{Analysis, Doc, Kind, Request, SearchError, SearchIndex};

const IDEAS: &str = include_str!("../relevance/ideas.tsv");
const QUERIES: &str = include_str!("../relevance/queries.tsv");

/// One judged query.
#[derive(Clone, Debug)]
pub struct Judged {
    /// `en`, `ko` or `it`.
    pub lang: String,
    /// What it tests (`typo`, `particle`, …).
    pub what: String,
    /// What is typed.
    pub query: String,
    /// The ideas wanted, with their grade (2 highly relevant, 1 partly).
    pub expected: Vec<(i64, u32)>,
}

fn lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

/// The set's ideas, as documents.
pub fn ideas() -> Vec<Doc> {
    lines(IDEAS)
        .filter_map(|c| {
            let [id, title, summary, body, tags] = c.as_slice() else { return None };
            Some(Doc {
                kind: Kind::Idea,
                id: id.parse().ok()?,
                title: (*title).to_owned(),
                summary: (*summary).to_owned(),
                body: (*body).to_owned(),
                tags: tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
                category: "home".to_owned(),
                stage: "submitted".to_owned(),
                contest: None,
                votes: 0,
                created_at: 1_700_000_000,
                language: None,
            })
        })
        .collect()
}

/// The set's queries.
pub fn queries() -> Vec<Judged> {
    lines(QUERIES)
        .filter_map(|c| {
            let [lang, what, query, expected] = c.as_slice() else { return None };
            let expected = expected
                .split_whitespace()
                .filter_map(|e| match e.split_once(':') {
                    Some((id, grade)) => Some((id.parse().ok()?, grade.parse().ok()?)),
                    None => Some((e.parse().ok()?, 2)),
                })
                .collect();
            Some(Judged { lang: (*lang).to_owned(), what: (*what).to_owned(), query: (*query).to_owned(), expected })
        })
        .collect()
}

/// An index in memory holding the set's ideas (and `extra` documents besides, as distractors).
pub fn index(analysis: Analysis, extra: &[Doc]) -> Result<SearchIndex, SearchError> {
    let index = SearchIndex::in_memory_with(analysis)?;
    index.upsert(&ideas())?;
    index.upsert(extra)?;
    index.commit(1)?;
    Ok(index)
}

/// How one query did.
#[derive(Clone, Debug)]
pub struct Scored {
    /// The query.
    pub judged: Judged,
    /// The ids found, best first (the first ten).
    pub found: Vec<i64>,
    /// 1 / the rank of the first highly relevant idea (0 when none is in the first ten).
    pub reciprocal_rank: f64,
    /// nDCG@10.
    pub ndcg: f64,
}

fn gain(grade: u32) -> f64 {
    f64::from((1_u32 << grade) - 1)
}

fn discount(rank: usize) -> f64 {
    1.0 / ((rank + 2) as f64).log2()
}

/// Runs every query of the set on `index` and scores it.
pub fn score(index: &SearchIndex) -> Result<Vec<Scored>, SearchError> {
    let mut out = Vec::new();
    for judged in queries() {
        let found: Vec<i64> = index.find(&Request::new(&judged.query, 10))?.hits.iter().map(|h| h.id).collect();
        let grade = |id: i64| judged.expected.iter().find(|(e, _)| *e == id).map_or(0, |(_, g)| *g);
        let reciprocal_rank = found.iter().position(|id| grade(*id) == 2).map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
        let dcg: f64 = found.iter().enumerate().map(|(rank, id)| gain(grade(*id)) * discount(rank)).sum();
        let mut ideal: Vec<u32> = judged.expected.iter().map(|(_, g)| *g).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let best: f64 = ideal.iter().take(10).enumerate().map(|(rank, g)| gain(*g) * discount(rank)).sum();
        let ndcg = if best > 0.0 { dcg / best } else { 0.0 };
        out.push(Scored { judged, found, reciprocal_rank, ndcg });
    }
    Ok(out)
}

/// Mean reciprocal rank and mean nDCG@10 of some scored queries, and how many there are.
pub fn means<'a>(scored: impl Iterator<Item = &'a Scored>) -> (f64, f64, usize) {
    let (mut rr, mut ndcg, mut n) = (0.0, 0.0, 0);
    for s in scored {
        rr += s.reciprocal_rank;
        ndcg += s.ndcg;
        n += 1;
    }
    if n == 0 { (0.0, 0.0, 0) } else { (rr / n as f64, ndcg / n as f64, n) }
}
