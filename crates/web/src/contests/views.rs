//! Organizations and contests: forms, pages and lists.

use ideaforge_app::{ContestPage, OrgPage};
use ideaforge_domain::contest::{Contest, Phase, VoteBudget};
use ideaforge_domain::idea::{IdeaListPage, IdeaSort, Stage};
use ideaforge_domain::org::OrgRole;
use ideaforge_domain::{FieldErrors, IdeaId};
use maud::{Markup, html};

use crate::components::cards::contest_card;
use crate::components::cards::contest_status;
use crate::components::cards::percent;
use crate::components::cards::{idea_card, stage_label};
use crate::components::design::{Tone, badge, empty, progress, stepper};
use crate::components::time::{relative, when};
use crate::components::{
    Chrome, Field, Meta, TextArea, category_options, category_select, form_errors, invalid_text, layout, layout_with,
};
use crate::i18n::Tr;
use crate::markdown;

/// The new organization form's values.
#[derive(Debug, Default)]
pub struct OrgValues<'a> {
    /// Name typed.
    pub name: &'a str,
    /// Slug typed.
    pub slug: &'a str,
}

/// The new organization page.
pub fn new_org(chrome: &Chrome<'_>, values: &OrgValues<'_>, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("org-new-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } p { (tr.t("org-new-lead")) } }
                (form_errors(tr, errors))
                form method="post" action="/orgs" novalidate {
                    (Field::new(tr, "name", "field-org-name", "text", errors).value(values.name).max(80))
                    (Field::new(tr, "slug", "field-org-slug", "text", errors).value(values.slug).max(40)
                        .hint(tr.t("field-org-slug-hint")))
                    button type="submit" { (tr.t("org-new-submit")) }
                }
            }
        },
    )
}

/// The page listing public contests.
pub fn contest_list(chrome: &Chrome<'_>, contests: &[Contest]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("contests-title");
    let meta = Meta { feed: Some(("/contests.atom".to_owned(), tr.t("feed-contests"))), ..Meta::default() };
    layout_with(
        chrome,
        &title,
        &meta,
        html! {
            h1 { (title) }
            @if contests.is_empty() { (empty(&tr.t("contests-none"), chrome.user.map(|_| ("/orgs/new", tr.t("contests-none-start"))))) }
            @for contest in contests { (contest_card(chrome, contest)) }
        },
    )
}

/// An organization's page.
pub fn org_page(chrome: &Chrome<'_>, page: &OrgPage, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let org = &page.org;
    layout(
        chrome,
        org.name.as_str(),
        html! {
            hgroup.org-title {
                @if let Some(logo) = &page.logo {
                    img.logo src={ "/pictures/" (logo) } alt="" width="64" height="64";
                }
                h1 { (org.name.as_str()) } p { "@" (org.slug.as_str()) }
            }
            @if page.viewer_role.is_some_and(OrgRole::can_manage) {
                (picture_form(tr, &format!("/orgs/{}/picture", org.slug), "picture-logo", errors))
            }
            @if page.viewer_role.is_some_and(OrgRole::can_manage) {
                p {
                    a role="button" href={ "/orgs/" (org.slug) "/contests/new" } { (tr.t("contest-new-title")) }
                    " "
                    a.secondary role="button" href={ "/orgs/" (org.slug) "/webhooks" } { (tr.t("webhooks-title")) }
                }
            }
            section #contests {
                h2 { (tr.t("org-contests")) }
                @if page.contests.is_empty() { p { (tr.t("contests-none")) } }
                @for contest in &page.contests { (contest_card(chrome, contest)) }
            }
            // Only its own people and staff are shown who belongs to it (the domain's OrgPageView).
            @if !page.members.is_empty() { section #members {
                h2 { (tr.t("org-members")) }
                ul {
                    @for member in &page.members {
                        li { (member.display_name.as_str()) " · " (tr.t(&format!("org-role-{}", member.role.as_str()))) }
                    }
                }
                @if page.viewer_role.is_some_and(OrgRole::can_change_members) {
                    (form_errors(tr, errors))
                    form method="post" action={ "/orgs/" (org.slug) "/members" } novalidate {
                        (Field::new(tr, "email", "field-member-email", "email", errors).max(254))
                        label for="member-role" {
                            (tr.t("field-org-role"))
                            select #member-role name="role" {
                                @for role in [OrgRole::Manager, OrgRole::Judge, OrgRole::Owner] {
                                    option value=(role.as_str()) { (tr.t(&format!("org-role-{}", role.as_str()))) }
                                }
                            }
                        }
                        button type="submit" { (tr.t("org-member-submit")) }
                    }
                }
            } }
        },
    )
}

/// The new contest form's values, as typed.
#[derive(Debug, Default)]
pub struct ContestValues {
    /// Title.
    pub title: String,
    /// Brief.
    pub brief: String,
    /// Category.
    pub category: String,
    /// Submission close (`YYYY-MM-DDTHH:MM`).
    pub submission_closes_at: String,
    /// Voting close.
    pub voting_closes_at: String,
    /// Vote budget.
    pub vote_budget: String,
    /// Shortlisting threshold.
    pub shortlist_at: String,
    /// Influence pool in basis points.
    pub influence_pool_bp: String,
    /// IP terms.
    pub ip_terms: String,
}

/// The new contest page.
pub fn new_contest(chrome: &Chrome<'_>, org_slug: &str, values: &ContestValues, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("contest-new-title");
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { (tr.t("contest-new-lead")) } }
                (form_errors(tr, errors))
                form method="post" action={ "/orgs/" (org_slug) "/contests" } novalidate {
                    (Field::new(tr, "title", "field-title", "text", errors).value(&values.title).max(120))
                    (TextArea::new(tr, "brief", "field-brief", errors).value(&values.brief).max(20_000).hint(tr.t("field-markdown-hint")))
                    (category_select(chrome, &values.category, errors))
                    div.grid {
                        (Field::new(tr, "submission_closes_at", "field-submission-closes", "datetime-local", errors)
                            .value(&values.submission_closes_at).hint(crate::forms::zone_hint(tr)))
                        (Field::new(tr, "voting_closes_at", "field-voting-closes", "datetime-local", errors)
                            .value(&values.voting_closes_at).hint(crate::forms::zone_hint(tr)))
                    }
                    div.grid {
                        (Field::new(tr, "vote_budget", "field-vote-budget", "number", errors).value(&values.vote_budget)
                            .optional().hint(tr.t("field-vote-budget-hint")))
                        (Field::new(tr, "shortlist_at", "field-shortlist-at", "number", errors).value(&values.shortlist_at)
                            .optional().hint(tr.t("field-shortlist-at-hint")))
                    }
                    (Field::new(tr, "influence_pool_bp", "field-influence-pool", "number", errors)
                        .value(&values.influence_pool_bp).hint(tr.t("field-influence-pool-hint")))
                    (TextArea::new(tr, "ip_terms", "field-ip-terms", errors).value(&values.ip_terms).max(10_000))
                    button type="submit" { (tr.t("contest-new-submit")) }
                }
            }
        },
    )
}

/// The filters of an idea list, as the query string gives them.
#[derive(Debug, Default)]
pub struct ListFilter {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this category (as typed).
    pub category: String,
    /// Only this tag (as typed).
    pub tag: String,
}

impl ListFilter {
    /// The query string for this filter with a sort and a page.
    pub fn query(&self, sort: IdeaSort, page: u64) -> String {
        let mut query = format!("?sort={}", sort.as_str());
        if let Some(stage) = self.stage {
            query.push_str(&format!("&stage={}", stage.as_str()));
        }
        for (name, value) in [("category", &self.category), ("tag", &self.tag)] {
            if !value.is_empty() {
                query.push_str(&format!("&{name}={}", crate::forms::url_encode(value)));
            }
        }
        if page > 1 {
            query.push_str(&format!("&page={page}"));
        }
        query
    }

    /// The link to the page before (`rel="prev"`) or after (`rel="next"`) the one shown as
    /// `page_no`: by position (keyset), with the page's number for the reader.
    pub fn step(&self, sort: IdeaSort, page_no: u64, ideas: &IdeaListPage, forward: bool) -> Option<String> {
        if forward {
            let cursor = ideas.next(sort)?;
            Some(format!("{}&after={cursor}", self.query(sort, page_no.saturating_add(1).max(2))))
        } else {
            let cursor = ideas.previous(sort)?;
            Some(match page_no.saturating_sub(1) {
                // The first page is the one everybody reads: its own link, cached alike.
                0 | 1 => self.query(sort, 1),
                n => format!("{}&before={cursor}", self.query(sort, n)),
            })
        }
    }
}

/// The form that uploads an organization's logo or a contest's cover (PNG, JPEG or WebP, 2 MB at
/// most), folded away under its title.
fn picture_form(tr: &Tr, action: &str, title_key: &str, errors: &FieldErrors) -> Markup {
    let error =
        errors.get(ideaforge_app::pictures::FIELD).map(|why| invalid_text(tr, ideaforge_app::pictures::FIELD, why));
    html! {
        details.picture-form open[error.is_some()] {
            summary { (tr.t(title_key)) }
            form method="post" action=(action) enctype="multipart/form-data" {
                label for="upload-picture" {
                    (tr.t("picture-file"))
                    input #upload-picture type="file" name="picture" accept="image/png,image/jpeg,image/webp" required
                        aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby="upload-picture-help";
                    @if let Some(error) = &error {
                        small #upload-picture-help .field-error { (error) }
                    } @else {
                        small #upload-picture-help { (tr.t(&format!("{title_key}-hint"))) }
                    }
                }
                button.secondary type="submit" { (tr.t("picture-upload")) }
            }
        }
    }
}

/// The votes a member has left in a contest, with a bar of those used; after an htmx vote it
/// comes again out of band (`oob`) to replace the one on the page.
pub fn vote_budget(tr: &Tr, budget: Option<VoteBudget>, used: u32, signed_in: bool, oob: bool) -> Markup {
    html! {
        div.fact #votes-left data-testid="votes-left" hx-swap-oob=[oob.then_some("true")] {
            small { (tr.t("contest-vote-budget")) }
            @match budget {
                Some(budget) if signed_in => {
                    @let text = tr.t_with("contest-votes-used", &[("used", &used.to_string()), ("budget", &budget.get().to_string())]);
                    strong { (tr.t_count("contest-votes-left", u64::from(budget.get().saturating_sub(used)), &[])) }
                    (progress(&tr.t("contest-vote-budget"), u64::from(used), u64::from(budget.get()), &text))
                }
                Some(budget) => { strong { (tr.t_with("contest-votes-each", &[("budget", &budget.get().to_string())])) } }
                None => { strong { (tr.t("contest-unlimited")) } }
            }
        }
    }
}

/// A public contest's phase as a badge.
fn phase_badge(tr: &Tr, phase: Phase) -> Markup {
    let tone = match phase {
        Phase::Submission => Tone::Open,
        Phase::Voting => Tone::Waiting,
        Phase::Results => Tone::Ended,
    };
    badge(tone, &tr.t(&format!("contest-phase-{}", phase.as_str())))
}

fn sort_link(filter: &ListFilter, sort: IdeaSort, current: IdeaSort, label: String) -> Markup {
    html! {
        @if sort == current {
            strong aria-current="true" { (label) }
        } @else {
            a href=(filter.query(sort, 1)) { (label) }
        }
    }
}

/// A contest's page with one page of ideas.
pub fn contest_page(
    chrome: &Chrome<'_>,
    page: &ContestPage,
    sort: IdeaSort,
    filter: &ListFilter,
    page_no: u64,
) -> Markup {
    let tr = chrome.tr;
    let contest = &page.contest;
    let signed_in = chrome.user.is_some();
    let phase_names: Vec<String> = Phase::ALL.iter().map(|p| tr.t(&format!("contest-phase-{}", p.as_str()))).collect();
    let lang = ideaforge_app::language_tag(&format!("{} {}", contest.title.as_str(), contest.brief.as_str()));
    let phase_index = Phase::ALL.iter().position(|p| *p == page.phase.0).unwrap_or(0);
    let mut meta = Meta::new(format!("/contests/{}", contest.id), &ideaforge_app::plain_text(contest.brief.as_str()));
    meta.image = page.cover.as_ref().map(|name| format!("/pictures/{name}"));
    let feed_title = tr.t_with("feed-contest-ideas", &[("contest", contest.title.as_str())]);
    meta.feed = Some((format!("/contests/{}/ideas.atom", contest.id), feed_title));
    layout_with(
        chrome,
        contest.title.as_str(),
        &meta,
        html! {
            hgroup {
                h1 lang=[lang] { (contest.title.as_str()) }
                p {
                    a href={ "/orgs/" (contest.org.slug) } { (contest.org.name.as_str()) }
                    " · " (chrome.category(contest.category.as_str())) " · "
                    @if contest.is_public() { (phase_badge(tr, page.phase.0)) } @else { (contest_status(tr, contest)) }
                }
            }
            @if let Some(cover) = &page.cover {
                img.cover src={ "/pictures/" (cover) } alt="" width="1200" height="630";
            }
            @if !contest.is_public() {
                p.notice role="status" { (tr.t("contest-pending-notice")) }
                @if page.can_approve {
                    form method="post" action={ "/contests/" (contest.id) "/approve" } {
                        button type="submit" #approve-contest { (tr.t("contest-approve")) }
                    }
                }
            }
            @if contest.is_public() {
                (stepper(tr, &tr.t("contest-phases"), &phase_names, Some(phase_index)))
            }
            section.lead-facts data-testid="lead-facts" {
                div.fact data-testid="countdown" {
                    @match page.phase {
                        (phase, Some(ends)) => {
                            small { (tr.t(&format!("contest-phase-ends-{}", phase.as_str()))) }
                            strong { (relative(tr, ends)) }
                            small { (when(tr, ends)) }
                        }
                        (_, None) => {
                            small { (tr.t("contest-voting-closes")) }
                            strong { (tr.t("contest-phase-closed")) }
                            small { (when(tr, contest.windows.voting_closes_at)) }
                        }
                    }
                }
                div.fact {
                    small { (tr.t("contest-influence-pool")) }
                    strong { (percent(contest.influence_pool.get())) }
                    small { (tr.t("contest-influence-pool-means")) }
                }
                (vote_budget(tr, contest.vote_budget, page.votes_used, signed_in, false))
                @if let Some(threshold) = contest.shortlist_at {
                    @let votes = threshold.get().to_string();
                    div.fact data-testid="shortlist-at" {
                        small { (tr.t("contest-shortlist-at")) }
                        strong { (tr.t_count("contest-shortlist-votes", u64::from(threshold.get()), &[])) }
                        small { (tr.t_with("contest-shortlist-at-means", &[("count", &votes)])) }
                    }
                }
            }
            p.dates {
                small {
                    (tr.t("contest-submissions-close")) " " (when(tr, contest.windows.submission_closes_at)) " · "
                    (tr.t("contest-voting-closes")) " " (when(tr, contest.windows.voting_closes_at))
                }
            }
            @if contest.is_public() {
                p.actions {
                    @match (page.phase.0, signed_in) {
                        (Phase::Submission, false) => {
                            a role="button" href={ "/signin?next=/ideas/new?contest=" (contest.id) } data-testid="take-part" { (tr.t("take-part-sign-in")) }
                        }
                        (Phase::Submission, true) => {
                            a role="button" href={ "/ideas/new?contest=" (contest.id) } data-testid="take-part" { (tr.t("idea-submit-to-contest")) }
                        }
                        (Phase::Voting, false) => {
                            a role="button" href={ "/signin?next=/contests/" (contest.id) } data-testid="take-part" { (tr.t("contest-sign-in-to-vote")) }
                        }
                        (Phase::Voting, true) => {
                            a role="button" href="#ideas" data-testid="take-part" { (tr.t("contest-vote-now")) }
                        }
                        (Phase::Results, _) => {
                            a role="button" href={ (filter.query(IdeaSort::Top, 1)) "#ideas" } data-testid="take-part" { (tr.t("contest-see-results")) }
                        }
                    }
                    @if signed_in {
                        " "
                        form.inline method="post" action={ "/contests/" (contest.id) "/follow" } {
                            input type="hidden" name="on" value=(if page.following { "0" } else { "1" });
                            button.secondary.outline type="submit" { (tr.t(if page.following { "unfollow" } else { "follow" })) }
                        }
                    }
                }
            }
            section.brief lang=[lang] { (markdown::render(contest.brief.as_str())) }
            details {
                summary { (tr.t("contest-ip-terms")) }
                (markdown::render(contest.ip_terms.as_str()))
            }
            @if page.can_manage {
                (picture_form(tr, &format!("/contests/{}/picture", contest.id), "picture-cover", &FieldErrors::new()))
            }
            section #ideas {
                h2 { (tr.t("contest-ideas")) }
                nav.sorts aria-label=(tr.t("ideas-sort")) {
                    (sort_link(filter, IdeaSort::Top, sort, tr.t("sort-top"))) " · "
                    (sort_link(filter, IdeaSort::New, sort, tr.t("sort-new"))) " · "
                    (sort_link(filter, IdeaSort::Trending, sort, tr.t("sort-trending")))
                }
                form.filters method="get" {
                    input type="hidden" name="sort" value=(sort.as_str());
                    label for="list-stage" {
                        (tr.t("filter-stage"))
                        select #list-stage name="stage" {
                            option value="" { (tr.t("filter-any")) }
                            @for s in Stage::ALL {
                                option value=(s.as_str()) selected[filter.stage == Some(s)] { (stage_label(tr, s)) }
                            }
                        }
                    }
                    label for="list-category" {
                        (tr.t("field-category"))
                        select #list-category name="category" { (category_options(chrome, &filter.category, &tr.t("filter-any"))) }
                    }
                    label for="list-tag" {
                        (tr.t("field-tag"))
                        input #list-tag type="text" name="tag" value=(filter.tag) maxlength="30";
                    }
                    button.secondary type="submit" { (tr.t("filter-apply")) }
                }
                @if page.ideas.cards.is_empty() {
                    @let submit = format!("/ideas/new?contest={}", contest.id);
                    (empty(&tr.t("ideas-none"), (page.phase.0 == Phase::Submission && signed_in)
                        .then(|| (submit.as_str(), tr.t("idea-submit-to-contest")))))
                }
                @for card in &page.ideas.cards {
                    (idea_card(chrome, card, page.voted.contains(&card.id), signed_in, page.own.contains(&card.id)))
                }
                nav.pagination {
                    @if let Some(link) = filter.step(sort, page_no, &page.ideas, false) {
                        a href=(link) rel="prev" { (tr.t("page-previous")) }
                    }
                    @if let Some(link) = filter.step(sort, page_no, &page.ideas, true) {
                        a href=(link) rel="next" { (tr.t("page-next")) }
                    }
                }
            }
        },
    )
}

/// The moderation queue.
pub fn moderation(
    chrome: &Chrome<'_>,
    pending: &[Contest],
    challenges: &[ideaforge_app::ChallengeCard],
    flagged: &[(IdeaId, ideaforge_domain::comment::Comment)],
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("moderation-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            section {
                h2 { (tr.t("moderation-pending-contests")) }
                @if pending.is_empty() { p { (tr.t("moderation-nothing")) } }
                @for contest in pending { (contest_card(chrome, contest)) }
            }
            section {
                h2 { (tr.t("moderation-pending-challenges")) }
                @if challenges.is_empty() { p { (tr.t("moderation-nothing")) } }
                @for card in challenges { (crate::components::cards::challenge_card(chrome, card)) }
            }
            section {
                h2 { (tr.t("moderation-flagged-comments")) }
                @if flagged.is_empty() { p { (tr.t("moderation-nothing")) } }
                @for (idea, comment) in flagged {
                    article {
                        p { a href={ "/ideas/" (idea) } { (tr.t("moderation-on-idea")) } " · " (comment.author_name) }
                        blockquote { (comment.body) }
                        form.inline method="post" action={ "/comments/" (comment.id) "/moderate" } {
                            input type="hidden" name="restore" value="1";
                            button type="submit" { (tr.t("moderation-restore")) }
                        }
                        " "
                        form.inline method="post" action={ "/comments/" (comment.id) "/moderate" } {
                            input type="hidden" name="restore" value="0";
                            button.secondary type="submit" { (tr.t("moderation-delete")) }
                        }
                    }
                }
            }
        },
    )
}
