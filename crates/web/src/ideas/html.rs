//! Idea pages: open ideas, submitting and editing, the idea page, votes, stages and comments.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_app::IdeasError;
use ideaforge_domain::idea::IdeaContent;
use ideaforge_domain::{CommentId, ContestId, FieldErrors, IdeaId};
use serde::Deserialize;

use super::views::{IdeaFormKind, IdeaValues};
use crate::components::Chrome;
use crate::components::cards::vote_widget;
use crate::contests::html::{ListQuery, list_filter};
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::Toggle;
use crate::forms::{parse_id, redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The new/edit idea form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdeaForm {
    contest_id: String,
    revision: String,
    title: String,
    summary: String,
    body: String,
    category: String,
    tags: String,
    co_authors: String,
    language: String,
}

impl IdeaForm {
    /// The idea the form describes, with the author's choice of language.
    fn content(&self) -> Result<IdeaContent, FieldErrors> {
        IdeaContent::parse_written(&self.title, &self.summary, &self.body, &self.category, &self.tags, &self.language)
    }

    fn values(&self) -> IdeaValues {
        IdeaValues {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            category: self.category.clone(),
            tags: self.tags.clone(),
            co_authors: self.co_authors.clone(),
            language: self.language.clone(),
        }
    }
}

/// `?contest=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdeasQuery {
    contest: String,
}

/// The vote form: `on` is 1 to cast, 0 to withdraw; `back` is where to return without htmx.
#[derive(Debug, Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    back: String,
}

/// The stage form.
#[derive(Debug, Deserialize)]
pub struct StageForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    duplicate_of: String,
}

/// The comment forms.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    parent_id: String,
}

/// The moderation form.
#[derive(Debug, Deserialize)]
pub struct ModerateForm {
    #[serde(default)]
    restore: String,
}

/// `GET /me/ideas`: the member's own ideas with their stages.
pub async fn show_my_ideas(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let cards = state.app.my_ideas(&user).await?;
    Ok(super::views::my_ideas(&Chrome::from(&ctx), &cards).into_response())
}

/// `GET /ideas`: open ideas.
pub async fn list_open_ideas(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let (shown, filter, sort, page_no, at) = list_filter(&query);
    let list = state.app.list_ideas(ctx.user.as_ref(), &filter, sort, at).await?;
    let ids: Vec<IdeaId> = list.cards.iter().map(|c| c.id).collect();
    let (voted, own) = match &ctx.user {
        Some(user) => (state.app.voted_on(user, &ids).await?, state.app.own_among(user, &ids).await?),
        None => (Vec::new(), Vec::new()),
    };
    let links = (shown.step(sort, page_no, &list, false), shown.step(sort, page_no, &list, true));
    Ok(super::views::open_ideas(&Chrome::from(&ctx), &list.cards, &voted, &own, links).into_response())
}

/// `GET /ideas/new?contest=ID`
pub async fn show_new_idea(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Query(query): Query<IdeasQuery>,
) -> Result<Response, WebError> {
    let contest = match query.contest.as_str() {
        "" => None,
        raw => Some(state.app.visible_contest(Some(&user), parse_id(raw)?).await?),
    };
    let kind = IdeaFormKind::New { contest: contest.as_ref().map(|c| (c.id, c.title.as_str())) };
    let values = IdeaValues {
        category: contest.as_ref().map(|c| c.category.as_str().to_owned()).unwrap_or_default(),
        ..IdeaValues::default()
    };
    Ok(super::views::idea_form(&Chrome::from(&ctx), &kind, &values, &FieldErrors::new()).into_response())
}

fn co_authors(raw: &str) -> Vec<String> {
    raw.split([',', ' ', '\n']).filter(|s| !s.trim().is_empty()).map(|s| s.trim().to_owned()).collect()
}

/// `POST /ideas`
pub async fn create_idea(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<IdeaForm>,
) -> Result<Response, WebError> {
    let contest: Option<ContestId> = match form.contest_id.as_str() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    let contest_view = match contest {
        Some(id) => Some(state.app.visible_contest(Some(&user), id).await?),
        None => None,
    };
    let refused = |errors: &FieldErrors| {
        let kind = IdeaFormKind::New { contest: contest_view.as_ref().map(|c| (c.id, c.title.as_str())) };
        let page = super::views::idea_form(&Chrome::from(&ctx), &kind, &form.values(), errors);
        unprocessable(page)
    };
    let content = match form.content() {
        Ok(content) => content,
        Err(errors) => return Ok(refused(&errors)),
    };
    match state.app.submit_idea(&user, contest, &content, &co_authors(&form.co_authors)).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/ideas/{id}"), "flash-idea-submitted")),
        Err(IdeasError::Invalid(errors)) => Ok(refused(&errors)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /ideas/{id}`
pub async fn show_idea(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<IdeaId>,
) -> Result<Response, WebError> {
    let page = state.app.idea_page(ctx.user.as_ref(), id).await?;
    Ok(super::views::idea_page(&Chrome::from(&ctx), &page, &FieldErrors::new()).into_response())
}

/// `GET /ideas/{id}/edit`
pub async fn show_edit_idea(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Response, WebError> {
    let (idea, _) = state.app.visible_idea(Some(&user), id).await?;
    if !idea.is_author(user.id) {
        return Err(WebError::Forbidden);
    }
    let content = &idea.content;
    let values = IdeaValues {
        title: content.title.as_str().to_owned(),
        summary: content.summary.as_str().to_owned(),
        body: content.body.as_str().to_owned(),
        category: content.category.as_str().to_owned(),
        tags: content.tags.as_slice().iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
        co_authors: String::new(),
        language: ideaforge_app::written::idea_choice(content).map(|l| l.as_str().to_owned()).unwrap_or_default(),
    };
    let kind = IdeaFormKind::Edit { idea: idea.id, revision: idea.revision };
    Ok(super::views::idea_form(&Chrome::from(&ctx), &kind, &values, &FieldErrors::new()).into_response())
}

/// `POST /ideas/{id}/edit`
pub async fn edit_idea(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<IdeaForm>,
) -> Result<Response, WebError> {
    let revision = form.revision.parse().ok();
    let refused = |errors: &FieldErrors| {
        let kind = IdeaFormKind::Edit { idea: id, revision: revision.unwrap_or(1) };
        let page = super::views::idea_form(&Chrome::from(&ctx), &kind, &form.values(), errors);
        unprocessable(page)
    };
    state.app.check_idea_author(&user, id).await?;
    let content = match form.content() {
        Ok(content) => content,
        Err(errors) => return Ok(refused(&errors)),
    };
    match state.app.edit_idea(&user, id, &content, revision).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/ideas/{id}"), "flash-idea-saved")),
        Err(IdeasError::Invalid(errors)) => Ok(refused(&errors)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /ideas/{id}/history`
pub async fn show_history(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<IdeaId>,
) -> Result<Response, WebError> {
    let (idea, revisions) = state.app.idea_history(ctx.user.as_ref(), id).await?;
    Ok(super::views::history(&Chrome::from(&ctx), idea.id, idea.content.title.as_str(), &revisions).into_response())
}

/// `POST /ideas/{id}/vote`: answers htmx with the new button, everyone else with a redirect back.
pub async fn vote(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<VoteForm>,
) -> Result<Response, WebError> {
    let htmx = headers.contains_key("hx-request");
    let tally = match state.app.vote(&user, id, form.on != "0").await {
        Ok(tally) => tally,
        // htmx swaps only successful answers: show the refusal where the button was.
        Err(IdeasError::Vote(refused)) if htmx => {
            let (idea, _) = state.app.visible_idea(Some(&user), id).await?;
            let voted = !state.app.voted_on(&user, &[id]).await?.is_empty();
            let code = match WebError::from(IdeasError::Vote(refused)) {
                WebError::Refused(code) => code,
                _ => "forbidden",
            };
            let message = ctx.tr.t(&format!("error-{code}"));
            let title = idea.content.title.as_str();
            return Ok(super::views::vote_refused(&ctx.tr, id, title, idea.votes, voted, &message).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if htmx {
        let (idea, contest) = state.app.visible_idea(Some(&user), id).await?;
        let title = idea.content.title.as_str();
        let widget = vote_widget(&ctx.tr, id, title, tally.votes, tally.voted, true);
        // A contest's page shows the votes left: it changes with this vote, out of band.
        let budget = match contest.filter(|c| c.vote_budget.is_some()) {
            Some(c) => {
                let used = state.app.votes_used(&user, c.id).await?;
                Some(crate::contests::views::vote_budget(&ctx.tr, c.vote_budget, used, true, true))
            }
            None => None,
        };
        return Ok(maud::html! { (widget) @if let Some(budget) = budget { (budget) } }.into_response());
    }
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") { form.back.as_str() } else { "/" };
    Ok(Redirect::to(back).into_response())
}

/// `POST /ideas/{id}/stage`
pub async fn move_stage(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<StageForm>,
) -> Result<Response, WebError> {
    let duplicate_of = match form.duplicate_of.trim() {
        "" => None,
        raw => Some(raw.parse().map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add("duplicate_of", ideaforge_domain::Invalid::Malformed);
            WebError::Invalid(errors)
        })?),
    };
    state.app.move_stage(&user, id, &form.to, &form.reason, duplicate_of).await?;
    Ok(redirect_with_flash(&format!("/ideas/{id}"), "flash-stage-moved"))
}

/// `POST /ideas/{id}/comments`
pub async fn post_comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<CommentForm>,
) -> Result<Response, WebError> {
    let parent: Option<CommentId> = match form.parent_id.as_str() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    match state.app.comment(&user, id, parent, &form.body).await {
        Ok(comment) => Ok(Redirect::to(&format!("/ideas/{id}#comment-{comment}")).into_response()),
        Err(IdeasError::Invalid(errors)) => {
            let page = state.app.idea_page(Some(&user), id).await?;
            let body = super::views::idea_page(&Chrome::from(&ctx), &page, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /comments/{id}/edit`
pub async fn edit_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CommentId>,
    HtmlForm(form): HtmlForm<CommentForm>,
) -> Result<Response, WebError> {
    let idea = state.app.edit_comment(&user, id, &form.body).await?;
    Ok(Redirect::to(&format!("/ideas/{idea}#comment-{id}")).into_response())
}

/// `POST /comments/{id}/delete`
pub async fn delete_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CommentId>,
) -> Result<Response, WebError> {
    let idea = state.app.delete_comment(&user, id).await?;
    Ok(redirect_with_flash(&format!("/ideas/{idea}"), "flash-comment-deleted"))
}

/// `POST /comments/{id}/flag`
pub async fn flag_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CommentId>,
) -> Result<Response, WebError> {
    let idea = state.app.flag_comment(&user, id).await?;
    Ok(redirect_with_flash(&format!("/ideas/{idea}"), "flash-comment-flagged"))
}

/// `POST /comments/{id}/moderate`
pub async fn moderate_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CommentId>,
    HtmlForm(form): HtmlForm<ModerateForm>,
) -> Result<Response, WebError> {
    state.app.moderate_comment(&user, id, form.restore == "1").await?;
    Ok(redirect_with_flash("/moderation", "flash-moderated"))
}

/// `POST /ideas/{id}/follow`
pub async fn follow_idea(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<Toggle>,
) -> Result<Response, WebError> {
    state.app.follow_idea(&user, id, form.on != "0").await?;
    Ok(Redirect::to(&format!("/ideas/{id}")).into_response())
}
