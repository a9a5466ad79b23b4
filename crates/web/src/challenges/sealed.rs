//! What a seeker commits to, as solvers see it, and sealed solutions: before a challenge's
//! deadline nobody in the seeker organization reads a solution; an administrator may open one only
//! with a stated reason, which its solver sees. The commitments shown on a challenge's page, the
//! page a sealed solution answers with, and the opening over HTML and the API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{ChallengesError, Refusal};
use ideaforge_domain::{FieldErrors, Role, SolutionId};
use maud::{Markup, html};
use serde::Deserialize;
use utoipa::ToSchema;

use super::solutions_api::SolutionOut;
use crate::components::{Chrome, TextArea, form_errors, layout};
use crate::error::WebError;
use crate::extract::{ApiJson, HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// What the seeker commits to by publishing a challenge, as its page tells solvers.
pub fn commitments(tr: &crate::i18n::Tr) -> Markup {
    html! {
        details #commitments data-testid="ch-commitments" {
            summary { (tr.t("challenge-commitments")) }
            ul {
                @for key in ["funded", "sealed", "no-walking-away", "split", "no-own-people"] {
                    li { (tr.t(&format!("challenge-commitment-{key}"))) }
                }
            }
        }
    }
}

/// Why an administrator opens a sealed solution.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OpenForm {
    /// Shown to the solver on their solution's page.
    reason: String,
}

/// The page a sealed solution answers with: that it is sealed until the deadline and, for an
/// administrator, the form that opens it with a reason.
pub fn sealed_page(chrome: &Chrome<'_>, id: SolutionId, admin: bool, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("solution-sealed-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow data-testid="ch-solution-sealed" {
                h1 { (title) }
                p { (tr.t("solution-sealed-lead")) }
                @if admin {
                    form method="post" action={ "/solutions/" (id) "/open" } data-testid="ch-open-sealed" {
                        (form_errors(tr, errors))
                        (TextArea::new(tr, "reason", "solution-open-reason", errors).max(500).rows(2)
                            .hint(tr.t("solution-open-reason-hint")))
                        button type="submit" { (tr.t("solution-open-submit")) }
                    }
                }
            }
        },
    )
}

/// Whether a refusal is the seal.
pub fn is_sealed(error: &ChallengesError) -> bool {
    matches!(error, ChallengesError::Refused(Refusal::Sealed))
}

/// Answers a sealed solution's page (409).
pub fn sealed_response(ctx: &PageCtx, id: SolutionId, errors: &FieldErrors) -> Response {
    let admin = ctx.user.as_ref().is_some_and(|u| u.role == Role::Admin);
    (StatusCode::CONFLICT, sealed_page(&Chrome::from(ctx), id, admin, errors)).into_response()
}

/// `POST /solutions/{id}/open` (administrators)
pub async fn open_solution(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    HtmlForm(form): HtmlForm<OpenForm>,
) -> Result<Response, WebError> {
    match state.app.open_sealed_solution(&user, id, &form.reason).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/solutions/{id}"), "flash-solution-opened")),
        Err(ChallengesError::Invalid(errors)) => {
            Ok(unprocessable(sealed_page(&Chrome::from(&ctx), id, user.role == Role::Admin, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /api/v1/solutions/{id}/open`
#[utoipa::path(
    post,
    path = "/solutions/{id}/open",
    tag = "challenges",
    summary = "Open a solution still sealed before its deadline (administrators), with a reason its solver sees",
    params(("id" = String, Path)),
    request_body = OpenForm,
    responses((status = 200, description = "Opened: the solution", body = SolutionOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn api_open_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    ApiJson(body): ApiJson<OpenForm>,
) -> Result<Json<SolutionOut>, WebError> {
    let view = state.app.open_sealed_solution(&user, id, &body.reason).await?;
    Ok(Json(SolutionOut::from(&view)))
}
