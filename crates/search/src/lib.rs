//! Full-text search over ideas and challenges, on tantivy, fed from the event log.
//!
//! Nothing is indexed yet: the index, its tokenizers (including CJK) and the indexer arrive with
//! the search issue. The crate exists now so that its boundary is fixed: it depends on `domain`
//! only, and only `app` calls it.
