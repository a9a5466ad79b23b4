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

/// One segment's values, decoded.
pub(crate) struct SegmentValues {
    /// Per single-valued field: the distinct values, and each document's index into them.
    single: Vec<(Vec<String>, Vec<u32>)>,
    /// Tags: the distinct values, each document's range in `tag_ords` (CSR), and the ords.
    tags: (Vec<String>, Vec<u32>, Vec<u32>),
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
        let text = |i: usize| {
            self.single
                .get(i)
                .and_then(|(names, ords)| ords.get(doc).and_then(|&ord| names.get(ord as usize)))
                .map_or("", String::as_str)
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
        let mut single = Vec::with_capacity(SINGLE.len());
        for field in SINGLE {
            match segment.fast_fields().str(field)? {
                Some(column) => {
                    let ords = (0..max_doc)
                        .map(|doc| column.term_ords(doc).next().and_then(|o| u32::try_from(o).ok()).unwrap_or(MISSING))
                        .collect();
                    single.push((values_of(&column), ords));
                }
                None => single.push((Vec::new(), vec![MISSING; max_doc as usize])),
            }
        }
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        offsets.push(0);
        let values = match segment.fast_fields().str(MULTI)? {
            Some(column) => {
                for doc in 0..max_doc {
                    ords.extend(column.term_ords(doc).filter_map(|o| u32::try_from(o).ok()));
                    offsets.push(u32::try_from(ords.len()).unwrap_or(u32::MAX));
                }
                values_of(&column)
            }
            None => {
                offsets.resize(max_doc as usize + 1, 0);
                Vec::new()
            }
        };
        let mut numbers = Vec::with_capacity(NUMBERS.len());
        for field in NUMBERS {
            let column = segment.fast_fields().i64(field)?;
            numbers.push((0..max_doc).map(|doc| column.first(doc).unwrap_or_default()).collect());
        }
        Ok(Self { single, tags: (values, offsets, ords), numbers })
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
pub(crate) struct ValueCounts<'a>(pub(crate) &'a ValuesCache);

pub(crate) struct SegmentValueCounts {
    values: Arc<SegmentValues>,
    single: Vec<Vec<u32>>,
    tags: Vec<u32>,
}

impl Collector for ValueCounts<'_> {
    type Fruit = Vec<HashMap<String, u64>>;
    type Child = SegmentValueCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentValueCounts> {
        let values = self.0.get(segment)?;
        let single = values.single.iter().map(|(names, _)| vec![0; names.len()]).collect();
        let tags = vec![0; values.tags.0.len()];
        Ok(SegmentValueCounts { values, single, tags })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<HashMap<String, u64>>>) -> tantivy::Result<Self::Fruit> {
        let mut merged = vec![HashMap::new(); SINGLE.len() + 1];
        for segment in segments {
            for (total, counts) in merged.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *total.entry(value).or_insert(0) += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = Vec<HashMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let doc = doc as usize;
        for ((_, ords), counts) in self.values.single.iter().zip(&mut self.single) {
            if let Some(count) = ords.get(doc).and_then(|&ord| counts.get_mut(ord as usize)) {
                *count += 1;
            }
        }
        let (_, offsets, ords) = &self.values.tags;
        if let (Some(&start), Some(&end)) = (offsets.get(doc), offsets.get(doc + 1)) {
            for &ord in ords.get(start as usize..end as usize).unwrap_or_default() {
                if let Some(count) = self.tags.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let named = |names: &[String], counts: Vec<u32>| -> HashMap<String, u64> {
            counts
                .into_iter()
                .zip(names)
                .filter(|(count, _)| *count > 0)
                .map(|(count, name)| (name.clone(), u64::from(count)))
                .collect()
        };
        let mut fruit: Vec<HashMap<String, u64>> =
            self.values.single.iter().zip(self.single).map(|((names, _), counts)| named(names, counts)).collect();
        fruit.push(named(&self.values.tags.0, self.tags));
        fruit
    }
}
