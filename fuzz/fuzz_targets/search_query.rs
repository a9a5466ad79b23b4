//! The search box and its filters: any printable text up to the limit is a query (never refused),
//! other parameters are parsed or refused with field errors, never a panic; the words a query
//! finds are runs of letters and digits taken from its text.
#![no_main]

use ideaforge_domain::search::{SearchParams, SearchQuery, SearchTerms, SearchText};

libfuzzer_sys::fuzz_target!(|input: &str| {
    let mut parts = input.split('\u{1f}');
    let q = parts.next();
    let params = SearchParams {
        q,
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
    let q = q.unwrap_or_default();
    let printable = !q.chars().any(char::is_control);
    if printable && !q.trim().is_empty() && q.trim().chars().count() <= SearchText::MAX {
        let only_q = SearchParams { q: Some(q), ..SearchParams::default() };
        assert!(SearchQuery::parse(&only_q).is_ok(), "printable text is a query: {q:?}");
    }
    let terms = SearchTerms::parse(q);
    for atom in terms.groups.iter().flatten().chain(&terms.excluded) {
        for word in atom.words() {
            assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric) && q.contains(word.as_str()));
        }
    }
});
