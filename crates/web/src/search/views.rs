//! The search page and the similar-ideas hint.

use ideaforge_app::{FacetCounts, Hit, SearchPage};
use ideaforge_domain::FieldErrors;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::search::{SearchKind, SearchQuery, SearchSort};
use maud::{Markup, PreEscaped, html};

use crate::components::{Chrome, invalid_text, layout};
use crate::forms::url_encode;
use crate::i18n::Tr;

/// What the search page shows under the form.
#[derive(Debug)]
pub enum SearchOutcome {
    /// Nothing asked yet.
    Form,
    /// A page of results.
    Results(Box<(SearchQuery, SearchPage)>),
    /// The parameters were refused.
    Invalid(FieldErrors),
    /// The index is being built.
    Unavailable,
}

/// The search page's model.
#[derive(Debug)]
pub struct SearchView<'a> {
    /// The words as typed.
    pub q: &'a str,
    /// The order as given.
    pub sort: Option<&'a str>,
    /// What to show.
    pub outcome: SearchOutcome,
}

fn kind_name(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Idea => "idea",
        SearchKind::Challenge => "challenge",
        SearchKind::Campaign => "campaign",
    }
}

/// The URL of `query` with one parameter changed (`None` removes it); the page goes back to 1.
fn link(query: &SearchQuery, change: (&str, Option<&str>)) -> String {
    let current: [(&str, Option<String>); 6] = [
        ("q", Some(query.text.as_str().to_owned())),
        ("kind", query.kind.map(|k| kind_name(k).to_owned())),
        ("category", query.category.as_ref().map(|c| c.as_str().to_owned())),
        ("stage", query.stage.map(|s| s.as_str().to_owned())),
        ("tag", query.tag.as_ref().map(|t| t.as_str().to_owned())),
        ("sort", (query.sort != SearchSort::Relevance).then(|| query.sort.as_str().to_owned())),
    ];
    let mut pairs: Vec<String> = Vec::new();
    for (name, value) in current {
        let value = if name == change.0 { change.1.map(str::to_owned) } else { value };
        if let Some(value) = value {
            pairs.push(format!("{name}={}", url_encode(&value)));
        }
    }
    if let ("page", Some(page)) = change {
        pairs.push(format!("page={page}"));
    }
    format!("/search?{}", pairs.join("&"))
}

fn facet_label(chrome: &Chrome<'_>, group: &str, value: &str) -> String {
    let tr = chrome.tr;
    match group {
        "stage" => match (value.parse::<Stage>(), value.parse::<ideaforge_domain::challenge::Status>()) {
            (Ok(stage), _) => crate::components::cards::stage_label(tr, stage),
            (_, Ok(status)) => tr.t(&format!("challenge-status-{}", status.as_str())),
            _ => value.to_owned(),
        },
        "kind" => tr.t(&format!("search-kind-{value}")),
        "category" => chrome.category(value).to_owned(),
        _ => value.to_owned(),
    }
}

fn facet_group(chrome: &Chrome<'_>, query: &SearchQuery, group: &'static str, counts: &FacetCounts) -> Markup {
    let tr = chrome.tr;
    let active = match group {
        "kind" => query.kind.map(kind_name).map(str::to_owned),
        "category" => query.category.as_ref().map(|c| c.as_str().to_owned()),
        "stage" => query.stage.map(|s| s.as_str().to_owned()),
        _ => query.tag.as_ref().map(|t| t.as_str().to_owned()),
    };
    html! {
        @if !counts.is_empty() {
            section.facet data-facet=(group) {
                h3 { (tr.t(&format!("search-facet-{group}"))) }
                ul {
                    @for (value, count) in counts {
                        li {
                            @if active.as_deref() == Some(value.as_str()) {
                                strong { (facet_label(chrome, group, value)) " (" (count) ") " }
                                a href=(link(query, (group, None))) title=(tr.t("search-filter-remove")) { "×" }
                            } @else {
                                a href=(link(query, (group, Some(value)))) { (facet_label(chrome, group, value)) }
                                " (" (count) ")"
                            }
                        }
                    }
                }
            }
        }
    }
}

fn hit_view(chrome: &Chrome<'_>, hit: &Hit) -> Markup {
    let href = format!("/{}s/{}", hit.kind.as_str(), hit.id);
    html! {
        article.search-hit data-testid="hit" {
            h3 { a href=(href) { (hit.title) } }
            // The one place markup comes from outside maud: tantivy's snippet, whose text it has
            // HTML-escaped, with the matched words in <b>.
            p.snippet { (PreEscaped(&hit.snippet_html)) }
            small {
                (facet_label(chrome, "kind", hit.kind.as_str())) " · "
                (facet_label(chrome, "stage", &hit.stage)) " · " (chrome.category(&hit.category))
                @if hit.kind == ideaforge_app::HitKind::Idea { " · ▲ " (hit.votes) }
            }
        }
    }
}

/// "Did you mean": the corrected words, as a link to their search (or, when these results are
/// already theirs, saying so).
fn correction(tr: &Tr, query: &SearchQuery, page: &SearchPage) -> Markup {
    let Some(correction) = &page.results.correction else { return html! {} };
    let href = format!("/search?q={}", url_encode(&correction.text));
    html! {
        p.did-you-mean data-testid="did-you-mean" {
            @if correction.applied {
                (tr.t_with("search-corrected", &[("q", query.text.as_str())])) " "
            } @else {
                (tr.t("search-did-you-mean")) " "
            }
            a href=(href) { strong { (correction.text) } }
        }
    }
}

fn results(chrome: &Chrome<'_>, query: &SearchQuery, page: &SearchPage) -> Markup {
    let tr = chrome.tr;
    let results = &page.results;
    let sorts = [SearchSort::Relevance, SearchSort::Top, SearchSort::New];
    // Where the results with only some of the words start on this page, by relevance.
    let first = usize::try_from(page.page.saturating_sub(1)).unwrap_or(0) * ideaforge_app::SEARCH_PAGE_SIZE;
    let partial_from = (query.sort == SearchSort::Relevance && results.all_words < results.total)
        .then(|| results.all_words.saturating_sub(first))
        .filter(|at| *at < results.hits.len());
    html! {
        p #search-summary role="status" {
            (tr.t_count("search-results", results.total as u64, &[("q", query.text.as_str())]))
        }
        (correction(tr, query, page))
        nav.search-sort aria-label=(tr.t("search-sort-label")) {
            @for sort in sorts {
                @if sort == query.sort {
                    strong aria-current="true" { (tr.t(&format!("search-sort-{}", sort.as_str()))) }
                } @else {
                    a href=(link(query, ("sort", Some(sort.as_str())))) { (tr.t(&format!("search-sort-{}", sort.as_str()))) }
                }
                " "
            }
        }
        div.search-layout {
            aside.facets {
                (facet_group(chrome, query, "kind", &results.facets.kind))
                (facet_group(chrome, query, "category", &results.facets.category))
                (facet_group(chrome, query, "stage", &results.facets.stage))
                (facet_group(chrome, query, "tag", &results.facets.tag))
            }
            div {
                @if results.hits.is_empty() { p { (tr.t("search-none")) } }
                @for (i, hit) in results.hits.iter().enumerate() {
                    @if partial_from == Some(i) { p.search-partial data-testid="partial" { (tr.t("search-partial")) } }
                    (hit_view(chrome, hit))
                }
                nav.pagination {
                    @if page.page > 1 {
                        a href=(link(query, ("page", Some(&(page.page - 1).to_string())))) rel="prev" { (tr.t("page-previous")) }
                    }
                    @if page.more {
                        a href=(link(query, ("page", Some(&(page.page + 1).to_string())))) rel="next" { (tr.t("page-next")) }
                    }
                }
            }
        }
    }
}

/// `/search`: the form, then results, a refusal or a wait message.
pub fn page(chrome: &Chrome<'_>, view: &SearchView<'_>) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("search-title");
    let errors = match &view.outcome {
        SearchOutcome::Invalid(errors) => Some(errors),
        _ => None,
    };
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            form role="search" method="get" action="/search" {
                fieldset role="group" {
                    input #search-q type="search" name="q" value=(view.q) maxlength="200"
                        aria-label=(tr.t("search-label")) placeholder=(tr.t("search-placeholder"))
                        aria-invalid=[errors.map(|_| "true")];
                    @if let Some(sort) = view.sort { input type="hidden" name="sort" value=(sort); }
                    button type="submit" { (tr.t("search-button")) }
                }
                small { (tr.t("search-help")) }
            }
            @match &view.outcome {
                SearchOutcome::Form => {}
                SearchOutcome::Unavailable => { p.notice role="status" { (tr.t("search-unavailable")) } }
                SearchOutcome::Invalid(errors) => {
                    ul.form-errors role="alert" {
                        @for (field, why) in errors.iter() {
                            li {
                                @if field != "q" { strong { (field) } ": " }
                                (invalid_text(tr, field, why))
                            }
                        }
                    }
                }
                SearchOutcome::Results(found) => { (results(chrome, &found.0, &found.1)) }
            }
        },
    )
}

/// The hint under a new idea's title: ideas like it, or nothing.
pub fn similar(tr: &Tr, hits: &[Hit]) -> Markup {
    html! {
        @if !hits.is_empty() {
            aside.similar-ideas aria-live="polite" {
                strong { (tr.t("similar-title")) }
                p { small { (tr.t("similar-lead")) } }
                ul {
                    @for hit in hits {
                        li { a href={ "/ideas/" (hit.id) } target="_blank" rel="noopener" { (hit.title) } }
                    }
                }
            }
        }
    }
}
