//! Challenges: the list, the page, the new-challenge form, the agreement, the solution editor and
//! page and the judging board (a person's own screens are in `desks.rs`). Views render what the app hands them: an anonymous seeker or confidential
//! details the viewer may not see are simply not in the view model.

use ideaforge_app::{
    Board, ChallengeAction, ChallengeCard, ChallengeListFilter, ChallengePage, ChallengeView, SolutionView,
};
use ideaforge_domain::challenge::{ChallengeIpTerms, ChallengeKind, Difficulty, Solution, Status};
use ideaforge_domain::{ChallengeId, FieldErrors};
use maud::{Markup, html};

use crate::components::cards::challenge_card;
use crate::components::cards::percent;
use crate::components::cards::post_button;
use crate::components::cards::seeker_name;
use crate::components::cards::status_badge;
use crate::components::design::{empty, stepper};
use crate::components::money;
use crate::components::time::{relative, when};
use crate::components::{
    CURRENCIES, Chrome, Field, Meta, TextArea, category_options, category_select, form_errors, language_select, layout,
    layout_with, select,
};
use crate::i18n::Tr;
use crate::markdown;

/// Currencies offered in the form (any ISO 4217 code is accepted over the API).
/// The public challenge list with its filters.
pub fn challenge_list(chrome: &Chrome<'_>, cards: &[ChallengeCard], filter: &ChallengeListFilter) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("challenges-title");
    let statuses = [Status::Open, Status::Judging, Status::Awarded, Status::Closed];
    let meta = Meta { feed: Some(("/challenges.atom".to_owned(), tr.t("feed-challenges"))), ..Meta::default() };
    layout_with(
        chrome,
        &title,
        &meta,
        html! {
            h1 { (title) }
            form.filters method="get" action="/challenges" role="search" {
                div.grid {
                    label { (tr.t("challenge-filter-status"))
                        select name="status" {
                            option value="" { (tr.t("challenge-filter-any")) }
                            @for s in statuses {
                                option value=(s.as_str()) selected[filter.status == Some(s)] { (tr.t(&format!("challenge-status-{}", s.as_str()))) }
                            }
                        }
                    }
                    label { (tr.t("challenge-filter-type"))
                        select name="type" {
                            option value="" { (tr.t("challenge-filter-any")) }
                            @for k in ChallengeKind::ALL {
                                option value=(k.as_str()) selected[filter.kind == Some(*k)] { (tr.t(&format!("challenge-type-{}", k.as_str()))) }
                            }
                        }
                    }
                    label { (tr.t("challenge-filter-category"))
                        select name="category" {
                            (category_options(chrome, filter.category.as_deref().unwrap_or_default(), &tr.t("challenge-filter-any")))
                        }
                    }
                }
                button.secondary type="submit" { (tr.t("challenge-filter-apply")) }
            }
            @if cards.is_empty() { (empty(&tr.t("challenges-none"), None)) }
            @for card in cards { (challenge_card(chrome, card)) }
        },
    )
}

/// What the new-challenge form shows again after a refusal.
#[derive(Debug, Default)]
pub struct ChallengeValues {
    /// Title.
    pub title: String,
    /// Public statement.
    pub public_statement: String,
    /// Confidential details.
    pub confidential_details: String,
    /// Type.
    pub kind: String,
    /// Difficulty.
    pub difficulty: String,
    /// Category.
    pub category: String,
    /// Award pool as typed (`15000.00`).
    pub award: String,
    /// Currency.
    pub currency: String,
    /// Split in per cent, comma-separated (`60, 40`).
    pub award_split: String,
    /// Deadline.
    pub submission_deadline: String,
    /// Criteria, one `name: weight` per line.
    pub criteria: String,
    /// IP terms.
    pub ip_terms: String,
    /// Anonymous?
    pub anonymous: bool,
    /// The chosen language's tag (empty: detect it).
    pub language: String,
}

/// Where the challenge form posts: a new draft of an organization, or an edit of a draft.
#[derive(Clone, Copy, Debug)]
pub enum ChallengeFormKind<'a> {
    /// A new draft of the organization with this slug.
    New(&'a str),
    /// An edit of this draft.
    Edit(ChallengeId),
}

/// The new (or edit) challenge page.
pub fn new_challenge(
    chrome: &Chrome<'_>,
    kind: ChallengeFormKind<'_>,
    values: &ChallengeValues,
    errors: &FieldErrors,
) -> Markup {
    let tr = chrome.tr;
    let (title, action, submit) = match kind {
        ChallengeFormKind::New(org) => {
            (tr.t("challenge-new-title"), format!("/orgs/{org}/challenges"), tr.t("challenge-new-submit"))
        }
        ChallengeFormKind::Edit(id) => {
            (tr.t("challenge-edit-title"), format!("/challenges/{id}/edit"), tr.t("challenge-edit-submit"))
        }
    };
    let kinds: Vec<(&str, String)> =
        ChallengeKind::ALL.iter().map(|k| (k.as_str(), tr.t(&format!("challenge-type-{}", k.as_str())))).collect();
    let difficulties: Vec<(&str, String)> =
        Difficulty::ALL.iter().map(|d| (d.as_str(), tr.t(&format!("challenge-difficulty-{}", d.as_str())))).collect();
    let ip: Vec<(&str, String)> =
        ChallengeIpTerms::ALL.iter().map(|t| (t.as_str(), tr.t(&format!("challenge-ip-{}", t.as_str())))).collect();
    let currencies: Vec<(&str, String)> = CURRENCIES.iter().map(|c| (*c, (*c).to_owned())).collect();
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { (tr.t("challenge-new-lead")) } }
                (form_errors(tr, errors))
                form method="post" action=(action) novalidate {
                    (Field::new(tr, "title", "field-title", "text", errors).value(&values.title).max(120))
                    (TextArea::new(tr, "public_statement", "challenge-field-statement", errors)
                        .value(&values.public_statement).max(20_000).hint(tr.t("challenge-field-statement-hint")))
                    (TextArea::new(tr, "confidential_details", "challenge-field-details", errors)
                        .value(&values.confidential_details).max(50_000).hint(tr.t("challenge-field-details-hint")))
                    div.grid {
                        (select(tr, "type", "challenge-field-type", &kinds, &values.kind, errors))
                        (select(tr, "difficulty", "challenge-field-difficulty", &difficulties, &values.difficulty, errors))
                        (category_select(chrome, &values.category, errors))
                    }
                    div.grid {
                        (Field::new(tr, "award", "challenge-field-award", "text", errors).value(&values.award).max(24)
                            .hint(tr.t("challenge-field-award-hint")))
                        (select(tr, "currency", "challenge-field-currency", &currencies, &values.currency, errors))
                        (Field::new(tr, "award_split_bp", "challenge-field-split", "text", errors).value(&values.award_split)
                            .max(100).hint(tr.t("challenge-field-split-hint")))
                    }
                    (Field::new(tr, "submission_deadline", "challenge-field-deadline", "datetime-local", errors)
                        .value(&values.submission_deadline).hint(crate::forms::zone_hint(tr)))
                    (TextArea::new(tr, "criteria", "challenge-field-criteria", errors).value(&values.criteria).max(2_000)
                        .rows(4).hint(tr.t("challenge-field-criteria-hint")))
                    (select(tr, "ip_terms", "challenge-field-ip", &ip, &values.ip_terms, errors))
                    (language_select(tr, &values.language, errors))
                    label {
                        input type="checkbox" name="anonymous" value="1" checked[values.anonymous];
                        (tr.t("challenge-field-anonymous"))
                    }
                    button type="submit" { (submit) }
                }
            }
        },
    )
}

/// A challenge's steps: open, judging, then awarded (or closed without an award).
fn phase_names(tr: &Tr, status: Status) -> Vec<String> {
    let last = if status == Status::Closed { Status::Closed } else { Status::Awarded };
    [Status::Open, Status::Judging, last].iter().map(|s| tr.t(&format!("challenge-status-{}", s.as_str()))).collect()
}

/// The step a status stands at; none before the challenge opens.
fn phase_step(status: Status) -> Option<usize> {
    match status {
        Status::Draft | Status::InReview | Status::Cancelled => None,
        Status::Open => Some(0),
        Status::Judging => Some(1),
        Status::Awarded | Status::Closed => Some(2),
    }
}

fn terms(tr: &Tr, c: &ChallengeView) -> Markup {
    html! {
        dl.terms {
            dt { (tr.t("challenge-field-type")) } dd { (tr.t(&format!("challenge-type-{}", c.kind.as_str()))) }
            dt { (tr.t("challenge-field-difficulty")) } dd { (tr.t(&format!("challenge-difficulty-{}", c.difficulty.as_str()))) }
            dt { (tr.t("challenge-field-ip")) } dd { (tr.t(&format!("challenge-ip-{}", c.ip_terms.as_str()))) }
            dt { (tr.t("challenge-criteria")) }
            dd { ul { @for k in c.criteria.as_slice() { li { (k.name.as_str()) " (" (k.weight) ")" } } } }
        }
    }
}

fn money_form(tr: &Tr, action: &str, currency: &str, submit: String, errors: &FieldErrors, testid: &str) -> Markup {
    html! {
        form method="post" action=(action) novalidate data-testid=(format!("ch-{testid}")) {
            (form_errors(tr, errors))
            div.grid {
                (Field::new(tr, "amount", "escrow-field-amount", "text", errors).max(24).hint(tr.t("challenge-field-award-hint")))
                input type="hidden" name="currency" value=(currency);
                (Field::new(tr, "reference", "escrow-field-reference", "text", errors).max(200))
            }
            button type="submit" { (submit) }
        }
    }
}

/// A challenge's page, with what the viewer may do.
pub fn challenge_page(chrome: &Chrome<'_>, page: &ChallengePage, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let c = &page.challenge;
    let can = |action: ChallengeAction| c.actions.contains(&action);
    let id = c.id;
    // The recorded language; the detector's reading for challenges written before it was recorded.
    let lang = c
        .language
        .map(|l| l.as_str())
        .or_else(|| ideaforge_app::language_tag(&format!("{} {}", c.title, c.statement.as_str())));
    let meta = Meta::new(format!("/challenges/{id}"), &ideaforge_app::plain_text(c.statement.as_str()));
    layout_with(
        chrome,
        &c.title,
        &meta,
        html! {
            hgroup {
                h1 lang=[lang] { (c.title) }
                p { span data-testid="ch-challenge-seeker" { (seeker_name(tr, c.seeker.as_ref().map(|o| o.name.as_str()))) } " · " (chrome.category(c.category.as_str())) " · " (status_badge(tr, c.status)) }
            }
            (form_errors(tr, errors))
            @if let Some(reason) = &c.end_reason {
                p.notice role="status" data-testid="ch-end-reason" {
                    strong { (tr.t("challenge-ended-unpaid")) } " " (reason.as_str())
                }
            }
            @if c.status != Status::Cancelled {
                (stepper(tr, &tr.t("challenge-phases"), &phase_names(tr, c.status), phase_step(c.status)))
            }
            section.lead-facts data-testid="lead-facts" {
                div.fact {
                    small { (tr.t("challenge-award")) }
                    strong data-testid="ch-challenge-award" { (money(tr, &c.award)) }
                    small { (tr.t("challenge-split")) " " @for (i, bp) in c.split.iter().enumerate() { @if i > 0 { ", " } (percent(bp.get())) } }
                }
                div.fact data-testid="countdown" {
                    small { (tr.t("challenge-deadline")) }
                    strong { (relative(tr, c.deadline)) }
                    small { (when(tr, c.deadline)) }
                }
            }
            @if chrome.user.is_none() && c.status == Status::Open {
                p.actions #solve {
                    a role="button" href={ "/signin?next=/challenges/" (id) } data-testid="take-part" { (tr.t("take-part-sign-in")) }
                }
            } @else if let Some(solution) = c.my_solution {
                p.actions #solve {
                    a role="button" href={ "/solutions/" (solution) } data-testid="take-part" { (tr.t("challenge-my-solution")) }
                }
            } @else if can(ChallengeAction::AcceptAgreement) {
                p.actions #solve {
                    @if c.access.accepted.is_some() {
                        a role="button" href={ "/challenges/" (id) "/solutions/new" } data-testid="ch-write-solution" { (tr.t("challenge-write-solution")) }
                    } @else {
                        a role="button" href={ "/challenges/" (id) "/agreement" } data-testid="ch-read-agreement" { (tr.t("challenge-read-agreement")) }
                    }
                }
            }
            section #statement { h2 { (tr.t("challenge-statement")) } div lang=[lang] { (markdown::render(c.statement.as_str())) } }
            (terms(tr, c))
            (super::sealed::commitments(tr))
            @if let Some(details) = &c.details {
                section #details data-testid="ch-challenge-details" {
                    h2 { (tr.t("challenge-details")) }
                    (markdown::render(details.as_str()))
                }
            } @else if c.status == Status::Open {
                p { (tr.t("challenge-details-locked")) }
            }
            @if can(ChallengeAction::SeeInside) {
                section #seeker data-testid="ch-seeker-panel" {
                    h2 { (tr.t("challenge-seeker-panel")) }
                    p {
                        (tr.t("challenge-escrow-held")) " " strong data-testid="ch-escrow-held" { (c.escrow.map(|m| money(tr, &m)).unwrap_or_default()) }
                        " / " (tr.t("challenge-escrow-required")) " " (money(tr, &c.required_escrow))
                        " (" (tr.t("challenge-fee")) " " (money(tr, &c.fee)) ")"
                    }
                    p data-testid="ch-solution-count" {
                        (tr.t_with("challenge-solutions-count", &[("count", &c.solutions.to_string())]))
                        @if c.sealed { " " (tr.t("challenge-solutions-sealed")) }
                    }
                    @if can(ChallengeAction::EditDraft) {
                        a role="button" class="secondary" href={ "/challenges/" (id) "/edit" } { (tr.t("challenge-edit-title")) }
                        " "
                    }
                    @if can(ChallengeAction::SubmitForReview) {
                        (post_button(&format!("/challenges/{id}/submit"), tr.t("challenge-submit-review"), "", "submit-review"))
                    }
                    @if matches!(c.status, Status::Judging | Status::Awarded | Status::Closed) {
                        a role="button" href={ "/challenges/" (id) "/board" } data-testid="ch-open-board" { (tr.t("challenge-board")) }
                    }
                    @for (action, path, label, testid) in [
                        (ChallengeAction::Close, "close", "challenge-close", "close-challenge"),
                        (ChallengeAction::Cancel, "cancel", "challenge-cancel", "cancel-challenge"),
                    ] {
                        @if c.unpaid_endings.contains(&action) {
                            form method="post" action={ "/challenges/" (id) "/" (path) } data-testid={ "ch-" (testid) "-form" } {
                                (TextArea::new(tr, "reason", "challenge-end-reason", errors).max(500).rows(2)
                                    .hint(tr.t("challenge-end-reason-hint")))
                                button.secondary type="submit" data-testid={ "ch-" (testid) } { (tr.t(label)) }
                            }
                        } @else if can(action) {
                            " " (post_button(&format!("/challenges/{id}/{path}"), tr.t(label), "secondary", testid))
                        }
                    }
                }
            }
            @if can(ChallengeAction::Approve) {
                (post_button(&format!("/challenges/{id}/approve"), tr.t("challenge-approve"), "", "approve-challenge"))
            }
            @if can(ChallengeAction::FundEscrow) {
                section #escrow {
                    h2 { (tr.t("escrow-record-title")) }
                    (money_form(tr, &format!("/challenges/{id}/escrow"), c.award.currency().code(), tr.t("escrow-record-submit"), errors, "record-escrow"))
                }
            }
            @if !page.awards.is_empty() {
                section #awards {
                    h2 { (tr.t("challenge-awards")) }
                    ul { @for award in &page.awards { li { (percent(award.share.get())) " · " (money(tr, &award.amount)) } } }
                }
            }
            section #questions {
                h2 { (tr.t("challenge-questions")) }
                @for q in &page.questions {
                    article.question {
                        p { strong { (q.asker_name) } " · " (when(tr, q.asked_at)) }
                        (markdown::render(q.body.as_str()))
                        @if let Some(answer) = &q.answer {
                            blockquote data-testid="ch-answer" { strong { (tr.t("challenge-answer-by-seeker")) } (markdown::render(answer.as_str())) }
                        }
                        @if can(ChallengeAction::Answer) {
                            form method="post" action={ "/questions/" (q.id) "/answer" } {
                                textarea name="answer" rows="2" maxlength="5000" required aria-label=(tr.t("challenge-answer")) {}
                                button.secondary type="submit" { (tr.t("challenge-answer")) }
                            }
                        }
                    }
                }
                @if can(ChallengeAction::Ask) {
                    form method="post" action={ "/challenges/" (id) "/questions" } {
                        (TextArea::new(tr, "body", "challenge-ask", errors).max(5_000).rows(3))
                        button.secondary type="submit" { (tr.t("challenge-ask-submit")) }
                    }
                }
            }
        },
    )
}

/// The agreement page: its text, its SHA-256 and the accept button.
pub fn agreement(chrome: &Chrome<'_>, c: &ChallengeView, text: &str, hash: &str) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("agreement-title");
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { a href={ "/challenges/" (c.id) } { (c.title) } } }
                pre.agreement data-testid="ch-agreement-text" { (text) }
                p { small { "SHA-256: " code data-testid="ch-agreement-hash" { (hash) } } }
                @if let Some(accepted) = &c.access.accepted {
                    p { (tr.t("agreement-accepted")) " " (when(tr, accepted.accepted_at)) }
                } @else {
                    form method="post" action={ "/challenges/" (c.id) "/agreement" } {
                        input type="hidden" name="agreement_sha256" value=(hash);
                        button type="submit" data-testid="ch-accept-agreement" { (tr.t("agreement-accept")) }
                    }
                }
            }
        },
    )
}

/// What the solution editor shows again after a refusal.
#[derive(Debug, Default)]
pub struct SolutionValues {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
}

/// The solution editor: new (`solution` None) or a revision.
pub fn solution_form(
    chrome: &Chrome<'_>,
    challenge: ChallengeId,
    solution: Option<&Solution>,
    values: &SolutionValues,
    errors: &FieldErrors,
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t(if solution.is_some() { "solution-revise-title" } else { "solution-new-title" });
    let action = match solution {
        Some(s) => format!("/solutions/{}", s.id),
        None => format!("/challenges/{challenge}/solutions"),
    };
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { (tr.t("solution-private-lead")) } }
                (form_errors(tr, errors))
                form method="post" action=(action) novalidate {
                    (Field::new(tr, "title", "field-title", "text", errors).value(&values.title).max(120))
                    (TextArea::new(tr, "body", "solution-field-body", errors).value(&values.body).max(100_000).rows(16)
                        .hint(tr.t("field-markdown-hint")))
                    button type="submit" data-testid="ch-save-solution" { (tr.t("solution-save")) }
                }
            }
        },
    )
}

/// A solution's page: its text and revisions, the scoring form for judges.
pub fn solution_page(chrome: &Chrome<'_>, view: &SolutionView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let s = &view.solution;
    let c = &view.challenge;
    layout(
        chrome,
        s.title.as_str(),
        html! {
            hgroup {
                h1 { (s.title.as_str()) }
                p { a href={ "/challenges/" (c.id) } { (c.title) } " · " (s.author_name) " · " (tr.t("solution-revision")) " " (s.revision) }
            }
            (form_errors(tr, errors))
            @if let Some(award) = &view.award {
                p.flash data-testid="ch-solution-award" { (tr.t("solution-awarded")) " " (money(tr, &award.amount)) " (" (percent(award.share.get())) ")" }
            }
            @if view.is_author && !view.openings.is_empty() {
                section #openings data-testid="ch-solution-openings" {
                    h2 { (tr.t("solution-openings")) }
                    ul { @for o in &view.openings { li { (when(tr, o.opened_at)) ": " (o.reason) } } }
                }
            }
            section data-testid="ch-solution-body" { (markdown::render(s.body.as_str())) }
            @if view.is_author && c.status == Status::Open {
                p { a role="button" href={ "/solutions/" (s.id) "/edit" } data-testid="ch-revise-solution" { (tr.t("solution-revise-title")) } }
            } @else if view.is_author {
                p { (tr.t("solution-locked")) }
            }
            @if !view.is_author && c.actions.contains(&ChallengeAction::Score) {
                section #score {
                    h2 { (tr.t("solution-score-title")) }
                    form method="post" action={ "/solutions/" (s.id) "/scores" } data-testid="ch-score-form" {
                        div.grid {
                            @for (index, k) in c.criteria.as_slice().iter().enumerate() {
                                @let current = view.my_scores.iter().find(|(i, _)| *i == index).map(|(_, v)| v.to_string()).unwrap_or_default();
                                label {
                                    (k.name.as_str()) " (" (k.weight) ")"
                                    input type="number" name={ "score_" (index) } min="0" max="10" value=(current) required;
                                }
                            }
                        }
                        button type="submit" data-testid="ch-save-scores" { (tr.t("solution-score-submit")) }
                    }
                }
            }
            details {
                summary { (tr.t("solution-revisions")) " (" (view.revisions.len()) ")" }
                ol { @for r in &view.revisions { li { (r.title) " · " (when(tr, r.created_at)) } } }
            }
        },
    )
}

/// The judging board: solutions ranked by weighted score, with award forms for managers.
pub fn board(chrome: &Chrome<'_>, board: &Board, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let c = &board.challenge;
    let title = tr.t("challenge-board");
    let can_award = c.actions.contains(&ChallengeAction::Award);
    layout(
        chrome,
        &title,
        html! {
            hgroup { h1 { (title) } p { a href={ "/challenges/" (c.id) } { (c.title) } " · " (status_badge(tr, c.status)) } }
            (form_errors(tr, errors))
            p { (tr.t("board-unawarded")) " " (percent(board.unawarded_bp)) }
            table data-testid="ch-board" {
                thead { tr {
                    th { (tr.t("board-rank")) } th { (tr.t("board-solution")) } th { (tr.t("board-solver")) }
                    th { (tr.t("board-score")) } th { (tr.t("board-judges")) } th { (tr.t("board-award")) }
                } }
                tbody {
                    @for (rank, row) in board.rows.iter().enumerate() {
                        tr data-testid="ch-board-row" {
                            td { (rank + 1) }
                            td { a href={ "/solutions/" (row.solution.id) } { (row.solution.title.as_str()) } }
                            td { (row.solution.author_name) }
                            td { (row.total.map(|t| format!("{:.2}", f64::from(t) / 1000.0)).unwrap_or_else(|| "–".to_owned())) }
                            td { (row.judges) }
                            td {
                                @if let Some(award) = &row.award {
                                    (money(tr, &award.amount)) " (" (percent(award.share.get())) ")"
                                } @else if row.author_in_seeker {
                                    span data-testid="ch-award-insider" { (tr.t("board-award-insider")) }
                                } @else if can_award && !board.open_places.is_empty() {
                                    form.inline method="post" action={ "/challenges/" (c.id) "/awards" } data-testid="ch-award-form" {
                                        input type="hidden" name="solution_id" value=(row.solution.id);
                                        select name="place" aria-label=(tr.t("board-place")) required {
                                            @for (place, share) in &board.open_places {
                                                option value=(place) { (tr.t_with("board-place-option", &[("place", &place.to_string()), ("share", &percent(share.get()))])) }
                                            }
                                        }
                                        button type="submit" data-testid="ch-award-solution" { (tr.t("board-award-submit")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
