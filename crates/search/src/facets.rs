//! Facet counts for every matching document, without reading columns per match: each segment's
//! values are decoded once into plain arrays (one small integer per document and field, tags as
//! offsets into a list), kept while the segment lives, so counting is one array increment per value.
//! The same arrays give each hit its kind, category, stage, id, votes and creation time, so only
//! the text of a hit is read from the document store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The fields counted, in the order of the fruit: single-valued ones, then tags.
pub(crate) const SINGLE: [&str; 3] = ["kind", "category", "stage"];
pub(crate) const MULTI: &str = "tag";
/// The numbers kept per document: id, votes, creation time.
pub(crate) const NUMBERS: [&str; 3] = ["id", "votes", "created_at"];

/// One document's facet values side by side, so that counting a match reads one cache line: the
/// index of its kind, category and stage among their distinct values, and where its tags start in
/// `tag_ords` (the next document's start ends them).
#[derive(Clone, Copy, Debug)]
struct DocOrds {
    single: [u32; 3],
    tags_start: u32,
}

/// One segment's values, decoded.
pub(crate) struct SegmentValues {
    /// Per single-valued field: its distinct values.
    names: [Vec<String>; 3],
    /// The distinct tags.
    tag_names: Vec<String>,
    /// Per document (plus one past the last, ending the tags): see [`DocOrds`].
    docs: Vec<DocOrds>,
    /// Every document's tags, one after another.
    tag_ords: Vec<u32>,
    /// Per [`NUMBERS`] field: each document's value.
    numbers: Vec<Vec<i64>>,
}

/// A document's values, as [`ValuesCache::document`] reads them.
#[derive(Debug, Default)]
pub(crate) struct DocValues<'a> {
    pub(crate) kind: &'a str,
    pub(crate) category: &'a str,
    pub(crate) stage: &'a str,
    pub(crate) id: i64,
    pub(crate) votes: i64,
    pub(crate) created_at: i64,
}

impl SegmentValues {
    /// The values of document `doc`.
    pub(crate) fn document(&self, doc: DocId) -> DocValues<'_> {
        let doc = doc as usize;
        let ords = self.docs.get(doc).map(|d| d.single);
        let text = |i: usize| {
            let ord = ords.and_then(|o| o.get(i).copied()).unwrap_or(MISSING);
            self.names.get(i).and_then(|names| names.get(ord as usize)).map_or("", String::as_str)
        };
        let number = |i: usize| self.numbers.get(i).and_then(|values| values.get(doc)).copied().unwrap_or_default();
        DocValues {
            kind: text(0),
            category: text(1),
            stage: text(2),
            id: number(0),
            votes: number(1),
            created_at: number(2),
        }
    }
}

const MISSING: u32 = u32::MAX;

fn values_of(column: &tantivy::columnar::StrColumn) -> Vec<String> {
    (0..column.num_terms() as u64)
        .map(|ord| {
            let mut value = String::new();
            let _ = column.ord_to_str(ord, &mut value);
            value
        })
        .collect()
}

impl SegmentValues {
    fn decode(segment: &SegmentReader) -> tantivy::Result<Self> {
        let max_doc = segment.max_doc();
        let mut docs = vec![DocOrds { single: [MISSING; 3], tags_start: 0 }; max_doc as usize + 1];
        let mut names: [Vec<String>; 3] = Default::default();
        for (i, field) in SINGLE.iter().enumerate() {
            if let Some(column) = segment.fast_fields().str(field)? {
                for (doc, ords) in docs.iter_mut().take(max_doc as usize).enumerate() {
                    let ord = column.term_ords(doc as DocId).next().and_then(|o| u32::try_from(o).ok());
                    if let Some(slot) = ords.single.get_mut(i) {
                        *slot = ord.unwrap_or(MISSING);
                    }
                }
                if let Some(slot) = names.get_mut(i) {
                    *slot = values_of(&column);
                }
            }
        }
        let mut tag_ords = Vec::new();
        let tag_names = match segment.fast_fields().str(MULTI)? {
            Some(column) => {
                for doc in 0..max_doc {
                    tag_ords.extend(column.term_ords(doc).filter_map(|o| u32::try_from(o).ok()));
                    if let Some(next) = docs.get_mut(doc as usize + 1) {
                        next.tags_start = u32::try_from(tag_ords.len()).unwrap_or(u32::MAX);
                    }
                }
                values_of(&column)
            }
            None => Vec::new(),
        };
        let mut numbers = Vec::with_capacity(NUMBERS.len());
        for field in NUMBERS {
            let column = segment.fast_fields().i64(field)?;
            numbers.push((0..max_doc).map(|doc| column.first(doc).unwrap_or_default()).collect());
        }
        Ok(Self { names, tag_names, docs, tag_ords, numbers })
    }
}

/// Decoded values per live segment, shared by searches.
#[derive(Default)]
pub(crate) struct ValuesCache(Mutex<HashMap<SegmentId, Arc<SegmentValues>>>);

impl ValuesCache {
    pub(crate) fn get(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentValues>> {
        let id = segment.segment_id();
        if let Some(values) = self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(Arc::clone(values));
        }
        let values = Arc::new(SegmentValues::decode(segment)?);
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id, Arc::clone(&values));
        Ok(values)
    }

    /// Forgets segments that are gone (merged away or deleted).
    pub(crate) fn retain(&self, live: &[SegmentId]) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).retain(|id, _| live.contains(id));
    }
}

/// Counts values of [`SINGLE`] and [`MULTI`] over the matching documents: one map per field.
/// Counts the values of every matching document, and names only the most frequent ones: each
/// field's list is sorted by count (then name) and cut to its limit.
pub(crate) struct ValueCounts<'a> {
    pub(crate) values: &'a ValuesCache,
    /// How many values to name per field: kind, category, stage, tag.
    pub(crate) limits: [usize; 4],
}

/// One segment's counts, by the segment's value numbers (named when merged).
pub(crate) struct SegmentValueCounts {
    values: Arc<SegmentValues>,
    single: [Vec<u32>; 3],
    tags: Vec<u32>,
}

/// The named counts of one field, most first, at most `limit`.
fn top(mut counts: Vec<(&str, u64)>, limit: usize) -> Vec<(String, u64)> {
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts.into_iter().take(limit).map(|(name, count)| (name.to_owned(), count)).collect()
}

impl Collector for ValueCounts<'_> {
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = SegmentValueCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentValueCounts> {
        let values = self.values.get(segment)?;
        let single = values.names.each_ref().map(|names| vec![0; names.len()]);
        let tags = vec![0; values.tag_names.len()];
        Ok(SegmentValueCounts { values, single, tags })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentValueCounts>) -> tantivy::Result<Self::Fruit> {
        // Per field, the (name, count) pairs of every segment: names borrowed, not copied; a value
        // in several segments is summed (segments number their values independently).
        let mut merged: Vec<Vec<(&str, u64)>> = vec![Vec::new(); SINGLE.len() + 1];
        for segment in &segments {
            let fields = segment
                .values
                .names
                .iter()
                .zip(&segment.single)
                .chain(std::iter::once((&segment.values.tag_names, &segment.tags)));
            for (field, (names, counts)) in merged.iter_mut().zip(fields) {
                for (name, &count) in names.iter().zip(counts).filter(|(_, c)| **c > 0) {
                    field.push((name.as_str(), u64::from(count)));
                }
            }
        }
        if segments.len() > 1 {
            for field in &mut merged {
                let mut sums: HashMap<&str, u64> = HashMap::with_capacity(field.len());
                for (name, count) in field.drain(..) {
                    *sums.entry(name).or_insert(0) += count;
                }
                field.extend(sums);
            }
        }
        Ok(merged.into_iter().zip(self.limits).map(|(counts, limit)| top(counts, limit)).collect())
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = Self;

    fn collect(&mut self, doc: DocId, _: Score) {
        let doc = doc as usize;
        let (Some(this), Some(next)) = (self.values.docs.get(doc), self.values.docs.get(doc + 1)) else { return };
        for (&ord, counts) in this.single.iter().zip(&mut self.single) {
            if let Some(count) = counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
        let tags = self.values.tag_ords.get(this.tags_start as usize..next.tags_start as usize);
        for &ord in tags.unwrap_or_default() {
            if let Some(count) = self.tags.get_mut(ord as usize) {
                *count += 1;
            }
        }
    }

    fn harvest(self) -> Self {
        self
    }
}
