//! Challenge pages and their forms: the list, the page, drafting, review, escrow, the agreement,
//! solutions, scoring, the judging board, awards, questions, the seeker's dashboard, the solver's
//! solutions and the admin's money screen.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ideaforge_app::ChallengeAction;
use ideaforge_app::{ChallengesError, MoneyInput};
use ideaforge_domain::challenge::{ChallengeInput, NewChallenge};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, UserId};
use serde::Deserialize;

use super::api::list_filter;
use super::views::{ChallengeFormKind, ChallengeValues};
use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::parse_percent;
use crate::forms::{parse_time_in, redirect_with_flash, unprocessable};
use crate::i18n::Tr;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// `GET /challenges` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    category: String,
    #[serde(rename = "type")]
    kind: String,
}

/// `GET /challenges`
pub async fn list_challenges(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let filter = list_filter(&query.status, &query.category, &query.kind)?;
    let cards = state.app.list_challenges(&filter).await?;
    Ok(super::views::challenge_list(&Chrome::from(&ctx), &cards, &filter).into_response())
}

/// `GET /challenges/{id}`
pub async fn show_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    let page = state.app.challenge_page(ctx.user.as_ref(), id).await?;
    Ok(super::views::challenge_page(&Chrome::from(&ctx), &page, &FieldErrors::new()).into_response())
}

/// Re-renders a challenge's page with a form's refused fields (422).
async fn page_with_errors(
    state: &AppState,
    ctx: &PageCtx,
    id: ChallengeId,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let page = state.app.challenge_page(ctx.user.as_ref(), id).await?;
    let body = super::views::challenge_page(&Chrome::from(ctx), &page, errors);
    Ok(unprocessable(body))
}

/// The new challenge form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChallengeForm {
    title: String,
    public_statement: String,
    confidential_details: String,
    #[serde(rename = "type")]
    kind: String,
    difficulty: String,
    category: String,
    award: String,
    currency: String,
    award_split_bp: String,
    submission_deadline: String,
    criteria: String,
    ip_terms: String,
    anonymous: String,
    language: String,
}

impl ChallengeForm {
    fn values(&self) -> ChallengeValues {
        ChallengeValues {
            title: self.title.clone(),
            public_statement: self.public_statement.clone(),
            confidential_details: self.confidential_details.clone(),
            kind: self.kind.clone(),
            difficulty: self.difficulty.clone(),
            category: self.category.clone(),
            award: self.award.clone(),
            currency: self.currency.clone(),
            award_split: self.award_split_bp.clone(),
            submission_deadline: self.submission_deadline.clone(),
            criteria: self.criteria.clone(),
            ip_terms: self.ip_terms.clone(),
            anonymous: !self.anonymous.is_empty(),
            language: self.language.clone(),
        }
    }
}

/// Criteria typed one per line as `name: weight`.
fn parse_criteria(raw: &str) -> Result<Vec<(String, i64)>, Invalid> {
    raw.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, weight) = line.rsplit_once(':').ok_or(Invalid::Malformed)?;
            Ok((name.trim().to_owned(), weight.trim().parse().map_err(|_| Invalid::Malformed)?))
        })
        .collect()
}

/// An amount typed as people write it (`15000.00`) in `currency`, in minor units.
fn typed_money(field: &'static str, raw: &str, currency: &str, errors: &mut FieldErrors) -> Option<i64> {
    let currency = errors.check("currency", Currency::parse(currency))?;
    errors.check(field, Money::parse(raw, currency)).map(|m| m.minor())
}

fn parse_challenge_form(form: &ChallengeForm, tr: &Tr, now: time::OffsetDateTime) -> Result<NewChallenge, FieldErrors> {
    let mut errors = FieldErrors::new();
    let deadline = errors.check("submission_deadline", parse_time_in(&form.submission_deadline, tr)).flatten();
    let award_minor = typed_money("award", &form.award, &form.currency, &mut errors);
    let split: Vec<i64> = match form.award_split_bp.split(',').map(parse_percent).collect::<Result<Vec<_>, _>>() {
        Ok(split) => split,
        Err(why) => {
            errors.add("award_split_bp", why);
            Vec::new()
        }
    };
    let criteria = errors.check("criteria", parse_criteria(&form.criteria)).unwrap_or_default();
    let input = ChallengeInput {
        title: &form.title,
        public_statement: &form.public_statement,
        confidential_details: &form.confidential_details,
        kind: &form.kind,
        difficulty: &form.difficulty,
        category: &form.category,
        award_minor,
        currency: &form.currency,
        split: &split,
        deadline,
        criteria: &criteria,
        ip_terms: &form.ip_terms,
        anonymous: !form.anonymous.is_empty(),
        language: &form.language,
    };
    match NewChallenge::parse(&input, now) {
        Ok(new) if errors.is_empty() => Ok(new),
        Ok(_) => Err(errors),
        Err(more) => {
            for (field, why) in more.iter() {
                if errors.get(field).is_none() {
                    errors.add(field, why);
                }
            }
            Err(errors)
        }
    }
}

/// `GET /orgs/{slug}/challenges/new`
pub async fn show_new_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let page = state.app.org_page(Some(&user), &slug).await?;
    if !page.viewer_role.is_some_and(|r| r.can_manage()) {
        return Err(WebError::Forbidden);
    }
    let values = ChallengeValues {
        currency: "USD".to_owned(),
        award_split: "100".to_owned(),
        criteria: "Feasibility: 50\nCost: 30\nNovelty: 20".to_owned(),
        ..ChallengeValues::default()
    };
    let kind = ChallengeFormKind::New(&slug);
    Ok(super::views::new_challenge(&Chrome::from(&ctx), kind, &values, &FieldErrors::new()).into_response())
}

/// `POST /orgs/{slug}/challenges`
pub async fn create_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<ChallengeForm>,
) -> Result<Response, WebError> {
    let refused = |errors: FieldErrors| {
        let kind = ChallengeFormKind::New(&slug);
        let page = super::views::new_challenge(&Chrome::from(&ctx), kind, &form.values(), &errors);
        Ok(unprocessable(page))
    };
    state.app.check_org_manager(&user, &slug).await?;
    let new = match parse_challenge_form(&form, &ctx.tr, state.app.now()) {
        Ok(new) => new,
        Err(errors) => return refused(errors),
    };
    match state.app.create_challenge(&user, &slug, &new).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-created")),
        Err(ChallengesError::Invalid(errors)) => refused(errors),
        Err(e) => Err(e.into()),
    }
}

/// The form's values for a stored challenge.
fn values_of(c: &ideaforge_app::ChallengeView, tr: &Tr) -> ChallengeValues {
    let award = c.award.to_string();
    let award = award.split(' ').next().unwrap_or_default().to_owned();
    let split: Vec<String> = c
        .split
        .iter()
        .map(|bp| {
            if bp.get() % 100 == 0 {
                (bp.get() / 100).to_string()
            } else {
                format!("{}.{:02}", bp.get() / 100, bp.get() % 100)
            }
        })
        .collect();
    ChallengeValues {
        title: c.title.clone(),
        public_statement: c.statement.as_str().to_owned(),
        confidential_details: c.details.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default(),
        kind: c.kind.as_str().to_owned(),
        difficulty: c.difficulty.as_str().to_owned(),
        category: c.category.as_str().to_owned(),
        award,
        currency: c.award.currency().code().to_owned(),
        award_split: split.join(", "),
        submission_deadline: crate::forms::local_input(c.deadline, tr),
        criteria: c
            .criteria
            .as_slice()
            .iter()
            .map(|k| format!("{}: {}", k.name.as_str(), k.weight))
            .collect::<Vec<_>>()
            .join("\n"),
        ip_terms: c.ip_terms.as_str().to_owned(),
        anonymous: c.anonymous,
        language: ideaforge_app::written::challenge_choice(c.language, &c.title, c.statement.as_str())
            .map(|l| l.as_str().to_owned())
            .unwrap_or_default(),
    }
}

/// `GET /challenges/{id}/edit` (managers, drafts only)
pub async fn show_edit_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    let page = state.app.challenge_page(Some(&user), id).await?;
    if !page.challenge.actions.contains(&ChallengeAction::EditDraft) {
        // Managers are told the draft has moved on; anyone else may not edit it at all.
        return Err(if page.challenge.access.can_manage() {
            WebError::Refused("wrong_status")
        } else {
            WebError::Forbidden
        });
    }
    let values = values_of(&page.challenge, &ctx.tr);
    let kind = ChallengeFormKind::Edit(id);
    let body = super::views::new_challenge(&Chrome::from(&ctx), kind, &values, &FieldErrors::new());
    Ok(body.into_response())
}

/// `POST /challenges/{id}/edit`
pub async fn edit_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<ChallengeForm>,
) -> Result<Response, WebError> {
    let refused = |errors: FieldErrors| {
        let kind = ChallengeFormKind::Edit(id);
        let page = super::views::new_challenge(&Chrome::from(&ctx), kind, &form.values(), &errors);
        Ok(unprocessable(page))
    };
    state.app.check_challenge_action(&user, id, ChallengeAction::EditDraft).await?;
    let new = match parse_challenge_form(&form, &ctx.tr, state.app.now()) {
        Ok(new) => new,
        Err(errors) => return refused(errors),
    };
    match state.app.edit_challenge(&user, id, &new).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-edited")),
        Err(ChallengesError::Invalid(errors)) => refused(errors),
        Err(e) => Err(e.into()),
    }
}

/// `POST /challenges/{id}/submit`
pub async fn submit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    state.app.submit_challenge(&user, id).await?;
    Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-submitted"))
}

/// `POST /challenges/{id}/approve`
pub async fn approve_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    state.app.approve_challenge(&user, id).await?;
    Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-approved"))
}

/// An ending's public reason (asked of administrators who end a challenge without its awards).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EndForm {
    reason: String,
}

/// `POST /challenges/{id}/close`
pub async fn close_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<EndForm>,
) -> Result<Response, WebError> {
    match state.app.close_challenge(&user, id, &form.reason).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-closed")),
        Err(ChallengesError::Invalid(errors)) => page_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /challenges/{id}/cancel`
pub async fn cancel_challenge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<EndForm>,
) -> Result<Response, WebError> {
    match state.app.cancel_challenge(&user, id, &form.reason).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/challenges/{id}"), "flash-challenge-cancelled")),
        Err(ChallengesError::Invalid(errors)) => page_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// A money form: an amount as typed, its currency and the provider's reference.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoneyForm {
    amount: String,
    currency: String,
    reference: String,
    user_id: String,
}

/// `POST /challenges/{id}/escrow` (admins)
pub async fn record_escrow(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<MoneyForm>,
) -> Result<Response, WebError> {
    state.app.check_challenge_action(&user, id, ChallengeAction::FundEscrow).await?;
    let mut errors = FieldErrors::new();
    let minor = typed_money("amount", &form.amount, &form.currency, &mut errors);
    if !errors.is_empty() {
        return page_with_errors(&state, &ctx, id, &errors).await;
    }
    let input = MoneyInput { amount_minor: minor, currency: &form.currency };
    match state.app.record_escrow(&user, id, input, &form.reference).await {
        Ok(funded) => {
            let flash = if funded.new { "flash-escrow-recorded" } else { "flash-escrow-already" };
            Ok(redirect_with_flash(&format!("/challenges/{id}"), flash))
        }
        Err(ChallengesError::Invalid(errors)) => page_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// The question form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    body: String,
    answer: String,
}

/// `POST /challenges/{id}/questions`
pub async fn ask_question(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    HtmlForm(form): HtmlForm<QuestionForm>,
) -> Result<Response, WebError> {
    match state.app.ask_question(&user, id, &form.body).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/challenges/{id}#questions"), "flash-question-asked")),
        Err(ChallengesError::Invalid(errors)) => page_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /questions/{id}/answer`
pub async fn answer_question(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<QuestionId>,
    HtmlForm(form): HtmlForm<QuestionForm>,
) -> Result<Response, WebError> {
    let challenge = state.app.answer_question(&user, id, &form.answer).await?;
    Ok(redirect_with_flash(&format!("/challenges/{challenge}#questions"), "flash-question-answered"))
}

/// `GET /seeker`: the seeker's dashboard.
pub async fn show_dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let orgs = state.app.seeker_dashboard(&user).await?;
    Ok(super::desks::dashboard(&Chrome::from(&ctx), &orgs).into_response())
}

/// `GET /admin/money`: escrow of every challenge and the payout form (admins).
pub async fn show_admin_money(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let cards = state.app.escrow_overview(&user).await?;
    Ok(super::desks::admin_money(&Chrome::from(&ctx), &cards, &FieldErrors::new()).into_response())
}

/// `POST /admin/payouts` (admins)
pub async fn record_payout(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<MoneyForm>,
) -> Result<Response, WebError> {
    state.app.check_payouts(&user)?;
    let mut errors = FieldErrors::new();
    let member: Option<UserId> = errors.check("user_id", form.user_id.trim().parse().map_err(|_| Invalid::Unknown));
    let minor = typed_money("amount", &form.amount, &form.currency, &mut errors);
    let result = match member {
        Some(member) if errors.is_empty() => {
            let input = MoneyInput { amount_minor: minor, currency: &form.currency };
            state.app.record_payout(&user, member, input, &form.reference).await.map(|(_, new)| new)
        }
        _ => Err(ChallengesError::Invalid(errors)),
    };
    match result {
        Ok(new) => {
            Ok(redirect_with_flash("/admin/money", if new { "flash-payout-recorded" } else { "flash-payout-already" }))
        }
        Err(ChallengesError::Invalid(errors)) => {
            let cards = state.app.escrow_overview(&user).await?;
            let body = super::desks::admin_money(&Chrome::from(&ctx), &cards, &errors);
            Ok(unprocessable(body))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_and_criteria() {
        assert_eq!(parse_percent("60"), Ok(6_000));
        assert_eq!(parse_percent(" 33.33 %"), Ok(3_333));
        assert_eq!(parse_percent("0.5"), Ok(50));
        assert_eq!(parse_percent("-5"), Err(Invalid::Malformed));
        assert_eq!(parse_percent("1.234"), Err(Invalid::Malformed));
        assert_eq!(parse_percent("99999999999999999999"), Err(Invalid::Malformed));
        assert_eq!(
            parse_criteria("Cost: 40\n\nNovelty : 60"),
            Ok(vec![("Cost".to_owned(), 40), ("Novelty".to_owned(), 60)])
        );
        assert_eq!(parse_criteria("Cost"), Err(Invalid::Malformed));
    }
}
