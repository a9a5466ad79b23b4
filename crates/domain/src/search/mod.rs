//! A search as a person asks for it: words, exact-value filters, an order and a page.

mod terms;

pub use terms::{Atom, SearchTerms, TextFilter};

use crate::idea::{Stage, Tag};
use crate::invalid::{FieldErrors, Invalid};
use crate::text::{Slug, line_type};

line_type!(
    /// What someone typed into the search box, as typed (see [`SearchTerms`] for what it means).
    SearchText,
    200
);

/// What kind of thing to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchKind {
    /// Ideas.
    Idea,
    /// Challenges (their public statements).
    Challenge,
    /// Live and finished funding campaigns.
    Campaign,
}

/// The order of results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most votes first.
    Top,
    /// Newest first.
    New,
}

impl SearchSort {
    /// The name used in URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Top => "top",
            Self::New => "new",
        }
    }
}

/// The deepest page of results one can ask for (deeper pages: narrow the search).
pub const MAX_SEARCH_PAGE: u32 = 250;

/// A parsed search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The words, as typed.
    pub text: SearchText,
    /// What they mean.
    pub terms: SearchTerms,
    /// Only this kind.
    pub kind: Option<SearchKind>,
    /// Only this category.
    pub category: Option<Slug>,
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this tag.
    pub tag: Option<Tag>,
    /// The order.
    pub sort: SearchSort,
    /// The page, from 1.
    pub page: u32,
}

/// A search's raw parameters, as they arrive in a URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchParams<'a> {
    /// `q`.
    pub q: Option<&'a str>,
    /// `kind`.
    pub kind: Option<&'a str>,
    /// `category`.
    pub category: Option<&'a str>,
    /// `stage`.
    pub stage: Option<&'a str>,
    /// `tag`.
    pub tag: Option<&'a str>,
    /// `sort`.
    pub sort: Option<&'a str>,
    /// `page`.
    pub page: Option<&'a str>,
}

fn given(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|v| !v.is_empty())
}

impl SearchQuery {
    /// Parses URL parameters; empty filters mean "any", a missing page means 1.
    pub fn parse(params: &SearchParams<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = errors.check("q", SearchText::parse(params.q.unwrap_or_default()));
        let kind = errors.check(
            "kind",
            given(params.kind)
                .map(|k| match k {
                    "idea" => Ok(SearchKind::Idea),
                    "challenge" => Ok(SearchKind::Challenge),
                    "campaign" => Ok(SearchKind::Campaign),
                    _ => Err(Invalid::Unknown),
                })
                .transpose(),
        );
        let category = errors.check("category", given(params.category).map(crate::contest::parse_category).transpose());
        let stage = errors
            .check("stage", given(params.stage).map(|s| s.parse::<Stage>().map_err(|_| Invalid::Unknown)).transpose());
        let tag = errors.check("tag", given(params.tag).map(Tag::parse).transpose());
        let sort = errors.check(
            "sort",
            match given(params.sort) {
                None | Some("relevance") => Ok(SearchSort::Relevance),
                Some("top") => Ok(SearchSort::Top),
                Some("new") => Ok(SearchSort::New),
                Some(_) => Err(Invalid::Unknown),
            },
        );
        let range = Invalid::OutOfRange { min: 1, max: i64::from(MAX_SEARCH_PAGE) };
        let page = errors.check(
            "page",
            match given(params.page) {
                None => Ok(1),
                Some(p) => p.parse::<u32>().ok().filter(|p| (1..=MAX_SEARCH_PAGE).contains(p)).ok_or(range),
            },
        );
        match (text, kind, category, stage, tag, sort, page) {
            (Some(text), Some(kind), Some(category), Some(stage), Some(tag), Some(sort), Some(page))
                if errors.is_empty() =>
            {
                let terms = SearchTerms::parse(text.as_str());
                Ok(Self { text, terms, kind, category, stage, tag, sort, page })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> SearchParams<'_> {
        SearchParams { q: Some(q), ..SearchParams::default() }
    }

    #[test]
    fn words_are_required_and_bounded() {
        assert_eq!(SearchQuery::parse(&params("  kettle  ")).map(|q| q.text.as_str().to_owned()), Ok("kettle".into()));
        let empty = SearchQuery::parse(&params("   ")).expect_err("empty");
        assert_eq!(empty.iter().collect::<Vec<_>>(), [("q", Invalid::Required)]);
        let long = "k".repeat(201);
        assert!(SearchQuery::parse(&params(&long)).is_err());
        assert!(SearchQuery::parse(&params("a\u{0}b")).is_err());
        for punctuation in ["foo(", "a:b", "AND", "vote > 1", "((", "\"", "-", "title:kettle"] {
            assert!(SearchQuery::parse(&params(punctuation)).is_ok(), "{punctuation:?} is a query");
        }
    }

    #[test]
    fn filters_sort_and_page_are_checked() {
        let good = SearchParams {
            q: Some("주방"),
            kind: Some("idea"),
            category: Some("kitchen"),
            stage: Some("shortlisted"),
            tag: Some("#Quiet"),
            sort: Some("top"),
            page: Some("3"),
        };
        let query = SearchQuery::parse(&good).expect("valid");
        assert_eq!((query.kind, query.sort, query.page), (Some(SearchKind::Idea), SearchSort::Top, 3));
        assert_eq!(query.tag.map(|t| t.as_str().to_owned()), Some("quiet".to_owned()));
        assert_eq!(SearchQuery::parse(&SearchParams { kind: Some(""), ..params("x") }).map(|q| q.kind), Ok(None));
        let bad = SearchParams {
            q: Some("x"),
            kind: Some("car"),
            stage: Some("done"),
            sort: Some("random"),
            page: Some("0"),
            ..SearchParams::default()
        };
        let errors = SearchQuery::parse(&bad).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["kind", "page", "sort", "stage"]);
        assert!(SearchQuery::parse(&SearchParams { page: Some("251"), ..params("x") }).is_err());
        assert!(SearchQuery::parse(&SearchParams { page: Some("-1"), ..params("x") }).is_err());
    }
}
