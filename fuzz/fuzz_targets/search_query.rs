//! The search box and its filters: any text is parsed or refused with field errors, never a panic;
//! a query that parses keeps its text within the limit.
#![no_main]

use ideaforge_domain::search::{SearchParams, SearchQuery};

libfuzzer_sys::fuzz_target!(|input: &str| {
    let mut parts = input.split('\u{1f}');
    let params = SearchParams {
        q: parts.next(),
        kind: parts.next(),
        category: parts.next(),
        stage: parts.next(),
        tag: parts.next(),
        sort: parts.next(),
        page: parts.next(),
    };
    if let Ok(query) = SearchQuery::parse(&params) {
        assert!(query.page >= 1);
    }
});
