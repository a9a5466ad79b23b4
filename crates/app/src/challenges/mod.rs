//! Bounty challenges: seekers, agreements, confidential solutions, judging, escrow, awards and
//! payouts (the InnoCentive half).
//!
//! Who may do what is the domain's [`Access`]; each use case loads the state, asks the domain and
//! has the store apply the plan. The views handed to the web layer hold only what the viewer may
//! see (an anonymous seeker's organization and the confidential details are left out, not hidden
//! by the templates), and the actions the domain allows them.

pub use ideaforge_domain::challenge::{Access, ChallengeAction};
use ideaforge_domain::challenge::{AwardRefused, Challenge, NewChallenge, QaText, Refused, Status};
use ideaforge_domain::ledger::LedgerError;
use ideaforge_domain::money::Money;
use ideaforge_domain::org::OrgSlug;
use ideaforge_domain::org::{Org, OrgRole};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, Role, User};
use ideaforge_store::{ChallengeFilter, PostError, StoreError};
use time::OffsetDateTime;

use crate::{App, Internal};

mod money;
mod solving;
mod views;

pub use money::MoneyInput;
pub use views::{
    Board, BoardRow, ChallengeCard, ChallengeListFilter, ChallengePage, ChallengeView, Funded, SolutionView,
};

/// Settings for challenges.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct ChallengesConfig {
    /// The platform's fee in basis points, paid by the seeker on top of the award pool
    /// (1,000 = 10 %). Fixed per challenge when it is created.
    pub fee_bp: u16,
}

impl Default for ChallengesConfig {
    fn default() -> Self {
        Self { fee_bp: 1_000 }
    }
}

/// A rule that refused an action on a challenge, with its stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The challenge is not in a status that allows this.
    #[error("the challenge is not in a status that allows this")]
    WrongStatus,
    /// Solutions are no longer taken or revised.
    #[error("the submission deadline has passed")]
    DeadlinePassed,
    /// The solver already has a solution on this challenge (revise it instead).
    #[error("you already submitted a solution")]
    AlreadySubmitted,
    /// The solution already has an award.
    #[error("this solution was already awarded")]
    AlreadyAwarded,
    /// That place of the split was awarded before.
    #[error("this place was already awarded")]
    PlaceTaken,
    /// The solver belongs to the seeker organization.
    #[error("the solver belongs to the seeker organization")]
    SeekerMember,
    /// The escrow or payable balance does not cover it.
    #[error("insufficient funds")]
    InsufficientFunds,
    /// The amount would take a balance past what the ledger holds.
    #[error("the amount would take a balance past what the ledger can hold")]
    BalanceOutOfRange,
    /// The challenge is not being judged yet.
    #[error("the challenge is not being judged")]
    NotJudging,
    /// Closing without any award needs an administrator (the seeker has read the solutions).
    #[error("closing without an award needs an administrator")]
    NoAwards,
    /// Solutions are sealed until the submission deadline.
    #[error("solutions are sealed until the submission deadline")]
    Sealed,
    /// Solutions have arrived: only an administrator can end the challenge now.
    #[error("solutions have arrived; only an administrator can end the challenge now")]
    SolutionsArrived,
    /// Someone changed it at the same moment.
    #[error("changed concurrently")]
    Conflict,
}

impl Refusal {
    /// The stable code of the API contract.
    pub fn code(self) -> &'static str {
        match self {
            Self::WrongStatus => "wrong_status",
            Self::DeadlinePassed => "deadline_passed",
            Self::AlreadySubmitted => "already_submitted",
            Self::AlreadyAwarded => "already_awarded",
            Self::PlaceTaken => "place_taken",
            Self::SeekerMember => "seeker_member",
            Self::InsufficientFunds => "insufficient_funds",
            Self::BalanceOutOfRange => "balance_out_of_range",
            Self::NotJudging => "not_judging",
            Self::NoAwards => "no_awards",
            Self::SolutionsArrived => "solutions_arrived",
            Self::Sealed => "sealed",
            Self::Conflict => "conflict",
        }
    }
}

/// Why an action on a challenge was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChallengesError {
    /// Fields were refused.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such thing, or not visible to this member.
    #[error("not found")]
    NotFound,
    /// Visible, but this member may not do that.
    #[error("not allowed")]
    Forbidden,
    /// A rule refused it in the current state.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The member posted too much in a short time.
    #[error("too many posts; try again later")]
    TooMany(crate::Retry),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl From<StoreError> for ChallengesError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict => Self::Refused(Refusal::Conflict),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<PostError> for ChallengesError {
    fn from(e: PostError) -> Self {
        match e {
            PostError::Refused(LedgerError::InsufficientFunds) => Self::Refused(Refusal::InsufficientFunds),
            PostError::Refused(LedgerError::BalanceOutOfRange) => Self::Refused(Refusal::BalanceOutOfRange),
            PostError::Refused(other) => Self::Internal(Internal::new(other)),
            PostError::Store(e) => e.into(),
        }
    }
}

fn invalid(field: &'static str, why: Invalid) -> ChallengesError {
    let mut errors = FieldErrors::new();
    errors.add(field, why);
    ChallengesError::Invalid(errors)
}

impl From<Refused> for ChallengesError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Hidden => Self::NotFound,
            Refused::Forbidden => Self::Forbidden,
            Refused::WrongStatus => Self::Refused(Refusal::WrongStatus),
            Refused::DeadlinePassed => Self::Refused(Refusal::DeadlinePassed),
            Refused::NotJudging => Self::Refused(Refusal::NotJudging),
            Refused::NoAwards => Self::Refused(Refusal::NoAwards),
            Refused::SolutionsArrived => Self::Refused(Refusal::SolutionsArrived),
            Refused::Sealed => Self::Refused(Refusal::Sealed),
            Refused::ReasonRequired => invalid("reason", Invalid::Required),
            Refused::Award(AwardRefused::AlreadyAwarded) => Self::Refused(Refusal::AlreadyAwarded),
            Refused::Award(AwardRefused::PlaceTaken) => Self::Refused(Refusal::PlaceTaken),
            Refused::Award(AwardRefused::NoSuchPlace) => invalid("place", Invalid::Unknown),
            Refused::Award(AwardRefused::SeekerMember) => Self::Refused(Refusal::SeekerMember),
            Refused::Award(AwardRefused::ZeroShare) | Refused::Amount => invalid("place", Invalid::Malformed),
        }
    }
}

impl App {
    async fn access(&self, viewer: Option<&User>, challenge: &Challenge) -> Result<Access, ChallengesError> {
        let Some(user) = viewer else { return Ok(Access::default()) };
        Ok(Access {
            user: Some(user.id),
            role: self.store.org_role(challenge.org.id, user.id).await?,
            admin: user.role == Role::Admin,
            moderator: user.role.can_moderate(),
            accepted: self.store.acceptance(challenge.id, user.id).await?,
        })
    }

    /// The challenge if the viewer may see it at all (public once opened; before that its
    /// organization, moderators and admins), with their access.
    async fn visible_challenge(
        &self,
        viewer: Option<&User>,
        id: ChallengeId,
    ) -> Result<(Challenge, Access), ChallengesError> {
        let challenge = self.store.challenge(id).await?.ok_or(ChallengesError::NotFound)?;
        let access = self.access(viewer, &challenge).await?;
        access.permitted(ChallengeAction::View, &challenge, None)?;
        Ok((challenge, access))
    }

    /// Whether `actor` is the kind of person who may take `action` on the challenge (who, not
    /// when): handlers ask before they read the input, so that a refusal never depends on what was
    /// typed and nobody learns from a validation error that a hidden challenge exists.
    pub async fn check_challenge_action(
        &self,
        actor: &User,
        id: ChallengeId,
        action: ChallengeAction,
    ) -> Result<(), ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        Ok(access.permitted(action, &challenge, None)?)
    }

    /// The challenge and the actor's access if the domain allows `action` now.
    async fn allowed(
        &self,
        actor: &User,
        id: ChallengeId,
        action: ChallengeAction,
    ) -> Result<(Challenge, Access), ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.may(action, &challenge, self.clock.now())?;
        Ok((challenge, access))
    }

    async fn view(&self, challenge: Challenge, access: Access) -> Result<ChallengeView, ChallengesError> {
        let insider = access.is_insider();
        let user = access.user;
        let currency = challenge.terms.award.currency();
        let id = challenge.id;
        let mut view = ChallengeView::new(challenge, access, self.clock.now())?;
        if insider {
            view.escrow = Some(self.store.escrow_balance(id, currency).await?);
        }
        if let Some(user) = user {
            view.my_solution =
                self.store.solutions_by(user).await?.into_iter().find(|s| s.challenge == id).map(|s| s.id);
        }
        Ok(view)
    }

    /// Drafts a challenge for an organization the member manages.
    pub async fn create_challenge(
        &self,
        actor: &User,
        org: &str,
        new: &NewChallenge,
    ) -> Result<ChallengeId, ChallengesError> {
        let org = match OrgSlug::parse(org) {
            Ok(slug) => self.store.org_by_slug(&slug).await?,
            Err(_) => None,
        };
        let org = org.ok_or_else(|| invalid("org", Invalid::Unknown))?;
        if !self.store.org_role(org.id, actor.id).await?.is_some_and(OrgRole::can_manage) {
            return Err(ChallengesError::Forbidden);
        }
        let new = crate::written::challenge(new);
        if let Some(why) = self.category_refusal(&new.category, None).await? {
            return Err(invalid("category", why));
        }
        Ok(self.store.create_challenge(org.id, &new, self.challenges.fee_bp, actor.id, self.clock.now()).await?)
    }

    /// Replaces a draft's content (the seeker's managers; drafts only).
    pub async fn edit_challenge(
        &self,
        actor: &User,
        id: ChallengeId,
        new: &NewChallenge,
    ) -> Result<(), ChallengesError> {
        let (current, _) = self.allowed(actor, id, ChallengeAction::EditDraft).await?;
        if let Some(why) = self.category_refusal(&new.category, Some(&current.terms.category)).await? {
            return Err(invalid("category", why));
        }
        if !self.store.update_draft(id, &crate::written::challenge(new), actor.id, self.clock.now()).await? {
            return Err(Refusal::WrongStatus.into());
        }
        Ok(())
    }

    /// Sends a draft for a moderator's review (the seeker's managers).
    pub async fn submit_challenge(&self, actor: &User, id: ChallengeId) -> Result<(), ChallengesError> {
        self.allowed(actor, id, ChallengeAction::SubmitForReview).await?;
        let now = self.clock.now();
        if !self.store.set_challenge_status(id, &[Status::Draft], Status::InReview, actor.id, now).await? {
            return Err(Refusal::WrongStatus.into());
        }
        Ok(())
    }

    /// Approves a challenge in review (moderators); it opens as soon as its escrow is funded.
    /// Returns its status afterwards.
    pub async fn approve_challenge(&self, actor: &User, id: ChallengeId) -> Result<Status, ChallengesError> {
        self.allowed(actor, id, ChallengeAction::Approve).await?;
        if !self.store.approve_challenge(id, actor.id, self.clock.now()).await? {
            return Err(Refusal::Conflict.into());
        }
        let after = self.store.challenge(id).await?.ok_or(ChallengesError::NotFound)?;
        Ok(after.status_at(self.clock.now()))
    }

    /// A challenge's page for this viewer.
    pub async fn challenge_page(
        &self,
        viewer: Option<&User>,
        id: ChallengeId,
    ) -> Result<ChallengePage, ChallengesError> {
        let (challenge, access) = self.visible_challenge(viewer, id).await?;
        let questions = self.store.questions(id).await?;
        let awards = self.store.awards(id).await?;
        let challenge = self.view(challenge, access).await?;
        Ok(ChallengePage { challenge, questions, awards })
    }

    /// Public challenges (opened), newest first, filtered.
    pub async fn list_challenges(&self, filter: &ChallengeListFilter) -> Result<Vec<ChallengeCard>, ChallengesError> {
        let stored = match filter.status {
            Some(Status::Judging) => Some(Status::Open),
            other => other,
        };
        let now = self.clock.now();
        let found =
            self.store.challenges(ChallengeFilter { org: None, status: stored, public_only: true }, 200).await?;
        Ok(found
            .into_iter()
            .filter(|c| filter.status.is_none_or(|s| c.status_at(now) == s))
            .filter(|c| filter.category.as_deref().is_none_or(|cat| c.terms.category.as_str() == cat))
            .filter(|c| filter.kind.is_none_or(|k| c.terms.kind == k))
            .filter_map(|c| card(&c, false, now, None))
            .collect())
    }

    /// The seeker's dashboard: every challenge of every organization the member belongs to, with
    /// its escrow.
    pub async fn seeker_dashboard(&self, actor: &User) -> Result<Vec<(Org, Vec<ChallengeCard>)>, ChallengesError> {
        let now = self.clock.now();
        let mut out = Vec::new();
        for (org, _) in self.store.orgs_of(actor.id).await? {
            let mut cards = Vec::new();
            for c in
                self.store.challenges(ChallengeFilter { org: Some(org.id), ..ChallengeFilter::default() }, 200).await?
            {
                let escrow = self.store.escrow_balance(c.id, c.terms.award.currency()).await?;
                cards.extend(card(&c, true, now, Some(escrow)));
            }
            out.push((org, cards));
        }
        Ok(out)
    }

    /// Every challenge with its escrow (admins), for the escrow screen.
    pub async fn escrow_overview(&self, actor: &User) -> Result<Vec<ChallengeCard>, ChallengesError> {
        if actor.role != Role::Admin {
            return Err(ChallengesError::Forbidden);
        }
        let now = self.clock.now();
        let mut out = Vec::new();
        for c in self.store.challenges(ChallengeFilter::default(), 500).await? {
            let escrow = self.store.escrow_balance(c.id, c.terms.award.currency()).await?;
            out.extend(card(&c, true, now, Some(escrow)));
        }
        Ok(out)
    }

    /// Challenges waiting for a moderator's approval.
    pub async fn challenges_in_review(&self, actor: &User) -> Result<Vec<ChallengeCard>, ChallengesError> {
        if !actor.role.can_moderate() {
            return Err(ChallengesError::Forbidden);
        }
        let now = self.clock.now();
        let found = self
            .store
            .challenges(ChallengeFilter { status: Some(Status::InReview), ..ChallengeFilter::default() }, 200)
            .await?;
        let admin = actor.role == Role::Admin;
        Ok(found.iter().filter(|c| c.approved_at.is_none()).filter_map(|c| card(c, admin, now, None)).collect())
    }

    /// Asks a public question on an open challenge (any signed-in member).
    pub async fn ask_question(&self, actor: &User, id: ChallengeId, body: &str) -> Result<QuestionId, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        let body = QaText::parse(body).map_err(|why| invalid("body", why))?;
        access.may(ChallengeAction::Ask, &challenge, self.clock.now())?;
        self.count_post(actor, "question").map_err(ChallengesError::TooMany)?;
        Ok(self.store.ask_question(id, actor.id, &body, self.clock.now()).await?)
    }

    /// Answers a question publicly (the seeker's owners and managers). Returns its challenge.
    pub async fn answer_question(
        &self,
        actor: &User,
        id: QuestionId,
        answer: &str,
    ) -> Result<ChallengeId, ChallengesError> {
        let question = self.store.question(id).await?.ok_or(ChallengesError::NotFound)?;
        self.allowed(actor, question.challenge, ChallengeAction::Answer).await?;
        let answer = QaText::parse(answer).map_err(|why| invalid("answer", why))?;
        self.store.answer_question(&question, &answer, actor.id, self.clock.now()).await?;
        Ok(question.challenge)
    }
}

fn card(c: &Challenge, insider: bool, now: OffsetDateTime, escrow: Option<Money>) -> Option<ChallengeCard> {
    Some(ChallengeCard {
        id: c.id,
        title: c.terms.title.as_str().to_owned(),
        kind: c.terms.kind,
        difficulty: c.terms.difficulty,
        category: c.terms.category.as_str().to_owned(),
        award: c.terms.award,
        deadline: c.terms.deadline,
        status: c.status_at(now),
        seeker: (!c.terms.anonymous || insider).then(|| c.org.name.as_str().to_owned()),
        escrow,
        required_escrow: c.required_escrow().ok()?,
        statement: c.terms.statement.clone(),
        opened_at: c.opened_at,
        language: c.terms.language,
    })
}
