//! Pages for solving and judging: the agreement, writing and revising a solution, reading and
//! scoring it, the judging board with its awards, and a solver's own solutions.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ideaforge_app::ChallengeAction;
use ideaforge_app::ChallengesError;
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, SolutionId};
use serde::Deserialize;

use super::views::SolutionValues;
use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::redirect_with_flash;
use crate::forms::unprocessable;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// `GET /challenges/{id}/agreement`
pub async fn show_agreement(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    // In the page's language: the text a solver accepts is the one they read.
    let language = ctx.tr.lang().parse().unwrap_or(ideaforge_domain::Language::English);
    let (view, text, hash) = state.app.agreement(&user, id, language).await?;
    Ok(super::views::agreement(&Chrome::from(&ctx), &view, &text, &hash).into_response())
}

/// The accept form: the hash of the text shown.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    agreement_sha256: String,
}

/// `POST /challenges/{id}/agreement`
pub async fn accept_agreement(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<AcceptForm>,
) -> Result<Response, WebError> {
    state.app.accept_agreement(&user, id, Some(&form.agreement_sha256)).await?;
    Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-agreement-accepted"))
}

/// A solution's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SolutionForm {
    title: String,
    body: String,
}

/// `GET /challenges/{id}/solutions/new`
pub async fn show_new_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    let page = state.app.challenge_page(Some(&user), id).await?;
    if !page.challenge.actions.contains(&ChallengeAction::Solve) {
        return Err(WebError::Forbidden);
    }
    let body =
        super::views::solution_form(&Chrome::from(&ctx), id, None, &SolutionValues::default(), &FieldErrors::new());
    Ok(body.into_response())
}

/// `POST /challenges/{id}/solutions`
pub async fn submit_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<SolutionForm>,
) -> Result<Response, WebError> {
    match state.app.submit_solution(&user, id, &form.title, &form.body).await {
        Ok(solution) => Ok(redirect_with_flash(&format!("/solutions/{solution}"), "flash-solution-submitted")),
        Err(ChallengesError::Invalid(errors)) => {
            let values = SolutionValues { title: form.title, body: form.body };
            let body = super::views::solution_form(&Chrome::from(&ctx), id, None, &values, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /solutions/{id}`
pub async fn show_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<SolutionId>,
) -> Result<Response, WebError> {
    match state.app.solution_view(ctx.user.as_ref(), id).await {
        Ok(view) => Ok(super::views::solution_page(&Chrome::from(&ctx), &view, &FieldErrors::new()).into_response()),
        Err(e) if super::sealed::is_sealed(&e) => Ok(super::sealed::sealed_response(&ctx, id, &FieldErrors::new())),
        Err(e) => Err(e.into()),
    }
}

/// `GET /solutions/{id}/edit`
pub async fn show_edit_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
) -> Result<Response, WebError> {
    // Only its author edits a solution: to anyone else (sealed or not) there is no such page.
    let view = match state.app.solution_view(Some(&user), id).await {
        Ok(view) if view.is_author => view,
        Ok(_) => return Err(WebError::NotFound),
        Err(e) if super::sealed::is_sealed(&e) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let s = &view.solution;
    let values = SolutionValues { title: s.title.as_str().to_owned(), body: s.body.as_str().to_owned() };
    let body = super::views::solution_form(&Chrome::from(&ctx), s.challenge, Some(s), &values, &FieldErrors::new());
    Ok(body.into_response())
}

/// `POST /solutions/{id}`: a new revision.
pub async fn revise_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    HtmlForm(form): HtmlForm<SolutionForm>,
) -> Result<Response, WebError> {
    match state.app.revise_solution(&user, id, &form.title, &form.body).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/solutions/{id}"), "flash-solution-revised")),
        Err(ChallengesError::Invalid(errors)) => {
            let view = state.app.solution_view(Some(&user), id).await?;
            let values = SolutionValues { title: form.title, body: form.body };
            let s = &view.solution;
            let body = super::views::solution_form(&Chrome::from(&ctx), s.challenge, Some(s), &values, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /solutions/{id}/scores`: `score_0`, `score_1`, … one per criterion.
pub async fn score_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    HtmlForm(form): HtmlForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    state.app.check_scoring(&user, id).await?;
    let view = state.app.solution_view(Some(&user), id).await?;
    let mut errors = FieldErrors::new();
    let mut scores = Vec::new();
    for (index, criterion) in view.challenge.criteria.as_slice().iter().enumerate() {
        let raw = form.get(&format!("score_{index}")).map(|s| s.trim()).unwrap_or_default();
        match raw.parse::<i64>() {
            Ok(score) => scores.push((criterion.name.as_str().to_owned(), score)),
            Err(_) => errors.add("scores", if raw.is_empty() { Invalid::Required } else { Invalid::Malformed }),
        }
    }
    let result = if errors.is_empty() {
        state.app.score_solution(&user, id, &scores).await
    } else {
        Err(ChallengesError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/challenges/{}/board", view.challenge.id), "flash-scores-saved")),
        Err(ChallengesError::Invalid(errors)) => {
            let body = super::views::solution_page(&Chrome::from(&ctx), &view, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /challenges/{id}/board`
pub async fn show_board(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    Ok(super::views::board(&Chrome::from(&ctx), &board, &FieldErrors::new()).into_response())
}

/// The award form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AwardForm {
    solution_id: String,
    place: String,
}

/// `POST /challenges/{id}/awards`
pub async fn award_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<AwardForm>,
) -> Result<Response, WebError> {
    state.app.check_challenge_action(&user, id, ChallengeAction::Award).await?;
    let mut errors = FieldErrors::new();
    let place = errors.check("place", form.place.trim().parse::<i64>().map_err(|_| Invalid::Malformed));
    let solution: Option<SolutionId> =
        errors.check("solution_id", form.solution_id.trim().parse().map_err(|_| Invalid::Unknown));
    let result = match (solution, place) {
        (Some(solution), Some(place)) => state.app.award_solution(&user, id, solution, Some(place)).await.map(|_| ()),
        _ => Err(ChallengesError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/challenges/{id}/board"), "flash-award-made")),
        Err(ChallengesError::Invalid(errors)) => {
            let board = state.app.judging_board(&user, id).await?;
            let body = super::views::board(&Chrome::from(&ctx), &board, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /me/solutions`: the solver's solutions and balance.
pub async fn show_my_solutions(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let solutions = state.app.my_solutions(&user).await?;
    let balances = state.app.balances(&user).await?;
    Ok(super::desks::my_solutions(&Chrome::from(&ctx), &solutions, &balances).into_response())
}
