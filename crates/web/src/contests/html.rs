//! Organizations, contests and moderation pages.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_app::IdeasError;
use ideaforge_domain::contest::{ContestInput, NewContest, parse_category};
use ideaforge_domain::idea::{IdeaFilter, IdeaSort, ListAt, ListCursor, Tag};
use ideaforge_domain::{ContestId, FieldErrors};
use serde::Deserialize;

use super::views::{ContestValues, ListFilter, OrgValues};
use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::Toggle;
use crate::forms::{parse_optional_number, parse_time_in, redirect_with_flash, unprocessable};
use crate::i18n::Tr;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The new organization form.
#[derive(Debug, Deserialize)]
pub struct OrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
}

/// The add-member form.
#[derive(Debug, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// The new contest form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContestForm {
    title: String,
    brief: String,
    category: String,
    submission_closes_at: String,
    voting_closes_at: String,
    vote_budget: String,
    shortlist_at: String,
    influence_pool_bp: String,
    ip_terms: String,
}

/// A contest page's query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    sort: String,
    stage: String,
    category: String,
    tag: String,
    page: String,
    after: String,
    before: String,
}

/// `GET /orgs/new`
pub async fn show_new_org(ctx: PageCtx, SignedIn(_): SignedIn) -> Response {
    super::views::new_org(&Chrome::from(&ctx), &OrgValues::default(), &FieldErrors::new()).into_response()
}

/// `POST /orgs`
pub async fn create_org(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<OrgForm>,
) -> Result<Response, WebError> {
    match state.app.create_org(&user, &form.slug, &form.name).await {
        Ok(org) => Ok(redirect_with_flash(&format!("/orgs/{}", org.slug), "flash-org-created")),
        Err(IdeasError::Invalid(errors)) => {
            let values = OrgValues { name: &form.name, slug: &form.slug };
            let page = super::views::new_org(&Chrome::from(&ctx), &values, &errors);
            Ok(unprocessable(page))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /orgs/{slug}`
pub async fn show_org(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let page = state.app.org_page(ctx.user.as_ref(), &slug).await?;
    Ok(super::views::org_page(&Chrome::from(&ctx), &page, &FieldErrors::new()).into_response())
}

/// `POST /orgs/{slug}/members`
pub async fn set_org_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<MemberForm>,
) -> Result<Response, WebError> {
    match state.app.set_org_member(&user, &slug, &form.email, &form.role).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/orgs/{slug}"), "flash-member-set")),
        Err(IdeasError::Invalid(errors)) => {
            let page = state.app.org_page(Some(&user), &slug).await?;
            let body = super::views::org_page(&Chrome::from(&ctx), &page, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /orgs/{slug}/contests/new`
pub async fn show_new_contest(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let page = state.app.org_page(Some(&user), &slug).await?;
    if !page.viewer_role.is_some_and(|r| r.can_manage()) {
        return Err(WebError::Forbidden);
    }
    let values = ContestValues { influence_pool_bp: "500".to_owned(), ..ContestValues::default() };
    Ok(super::views::new_contest(&Chrome::from(&ctx), &slug, &values, &FieldErrors::new()).into_response())
}

/// Parses the contest form, naming every refused field.
fn parse_contest(form: &ContestForm, tr: &Tr, now: time::OffsetDateTime) -> Result<NewContest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let submission = errors.check("submission_closes_at", parse_time_in(&form.submission_closes_at, tr));
    let voting = errors.check("voting_closes_at", parse_time_in(&form.voting_closes_at, tr));
    let budget = errors.check("vote_budget", parse_optional_number(&form.vote_budget));
    let shortlist_at = errors.check("shortlist_at", parse_optional_number(&form.shortlist_at));
    let pool = errors.check("influence_pool_bp", parse_optional_number(&form.influence_pool_bp));
    let input = ContestInput {
        title: &form.title,
        brief: &form.brief,
        category: &form.category,
        submission_closes_at: submission.flatten(),
        voting_closes_at: voting.flatten(),
        vote_budget: budget.flatten(),
        shortlist_at: shortlist_at.flatten(),
        influence_pool_bp: pool.flatten(),
        ip_terms: &form.ip_terms,
    };
    match NewContest::parse(&input, now) {
        Ok(contest) if errors.is_empty() => Ok(contest),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.merge(more);
            Err(errors)
        }
    }
}

/// `POST /orgs/{slug}/contests`
pub async fn create_contest(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<ContestForm>,
) -> Result<Response, WebError> {
    let refused = |errors: &FieldErrors| {
        let values = ContestValues {
            title: form.title.clone(),
            brief: form.brief.clone(),
            category: form.category.clone(),
            submission_closes_at: form.submission_closes_at.clone(),
            voting_closes_at: form.voting_closes_at.clone(),
            vote_budget: form.vote_budget.clone(),
            shortlist_at: form.shortlist_at.clone(),
            influence_pool_bp: form.influence_pool_bp.clone(),
            ip_terms: form.ip_terms.clone(),
        };
        let page = super::views::new_contest(&Chrome::from(&ctx), &slug, &values, errors);
        unprocessable(page)
    };
    state.app.check_org_manager(&user, &slug).await?;
    let new = match parse_contest(&form, &ctx.tr, state.app.now()) {
        Ok(new) => new,
        Err(errors) => return Ok(refused(&errors)),
    };
    match state.app.create_contest(&user, &slug, &new).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/contests/{id}"), "flash-contest-created")),
        Err(IdeasError::Invalid(errors)) => Ok(refused(&errors)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /contests`
pub async fn list_contests(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let contests = state.app.public_contests(100).await?;
    Ok(super::views::contest_list(&Chrome::from(&ctx), &contests).into_response())
}

/// The filter, sort and page of a list from its query string; unknown values are ignored (a
/// position that does not read as one falls back to the page's number).
pub fn list_filter(query: &ListQuery) -> (ListFilter, IdeaFilter, IdeaSort, u64, ListAt) {
    let sort = query.sort.parse().unwrap_or_default();
    let stage = query.stage.parse().ok();
    let category = parse_category(&query.category).ok();
    let tag = Tag::parse(&query.tag).ok();
    let page = query.page.parse::<u64>().unwrap_or(1).clamp(1, 100_000);
    let at = if let Ok(cursor) = ListCursor::parse(sort, &query.after) {
        ListAt::After(cursor)
    } else if let Ok(cursor) = ListCursor::parse(sort, &query.before) {
        ListAt::Before(cursor)
    } else if page > 1 {
        ListAt::Page(page)
    } else {
        ListAt::First
    };
    let shown = ListFilter {
        stage,
        category: category.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        tag: tag.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
    };
    (shown, IdeaFilter { contest: None, stage, category, tag }, sort, page, at)
}

/// `GET /contests/{id}`
pub async fn show_contest(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ContestId>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let (shown, filter, sort, page_no, at) = list_filter(&query);
    let page = state.app.contest_page(ctx.user.as_ref(), id, filter, sort, at).await?;
    Ok(super::views::contest_page(&Chrome::from(&ctx), &page, sort, &shown, page_no).into_response())
}

/// `POST /contests/{id}/approve`
pub async fn approve_contest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
) -> Result<Response, WebError> {
    state.app.approve_contest(&user, id).await?;
    Ok(redirect_with_flash(&format!("/contests/{id}"), "flash-contest-approved"))
}

/// `POST /contests/{id}/follow`
pub async fn follow_contest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
    HtmlForm(form): HtmlForm<Toggle>,
) -> Result<Response, WebError> {
    state.app.follow_contest(&user, id, form.on != "0").await?;
    Ok(Redirect::to(&format!("/contests/{id}")).into_response())
}

/// `GET /moderation`
pub async fn show_moderation(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let pending = state.app.pending_contests(&user).await?;
    let flagged = state.app.flagged_comments(&user).await?;
    let challenges = state.app.challenges_in_review(&user).await?;
    Ok(super::views::moderation(&Chrome::from(&ctx), &pending, &challenges, &flagged).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ideaforge_domain::Invalid;
    use time::macros::datetime;

    #[test]
    fn malformed_dates_and_numbers_name_their_fields() {
        let form = ContestForm {
            title: "T".to_owned(),
            brief: "B".to_owned(),
            category: "kitchen".to_owned(),
            submission_closes_at: "tomorrow".to_owned(),
            voting_closes_at: "2030-01-01T00:00".to_owned(),
            vote_budget: "-3".to_owned(),
            shortlist_at: "many".to_owned(),
            influence_pool_bp: "lots".to_owned(),
            ip_terms: "Terms".to_owned(),
        };
        let errors =
            parse_contest(&form, &Tr::default_locale(), datetime!(2026-11-24 12:00 UTC)).err().unwrap_or_default();
        assert_eq!(errors.get("submission_closes_at"), Some(Invalid::Malformed));
        assert_eq!(errors.get("influence_pool_bp"), Some(Invalid::Malformed));
        assert!(matches!(errors.get("vote_budget"), Some(Invalid::OutOfRange { .. })));
        assert_eq!(errors.get("shortlist_at"), Some(Invalid::Malformed));
        assert_eq!(errors.get("voting_closes_at"), None);
    }
}
