//! Bounty challenges: seekers, agreements, confidential solutions, judging, escrow, awards and
//! payouts (the InnoCentive half).
//!
//! Who may do what is the domain's [`Access`]; each use case loads the state, asks the domain and
//! has the store apply the plan. The views handed to the web layer hold only what the viewer may
//! see (an anonymous seeker's organization and the confidential details are left out, not hidden
//! by the templates), and the actions the domain allows them.

use ideaforge_domain::challenge::{
    Acceptance, Award, AwardRefused, Challenge, ChallengeIpTerms, ChallengeKind, ConfidentialDetails, Criteria,
    Difficulty, NewChallenge, PublicStatement, QaText, Question, Refused, Scorecard, Solution, SolutionBody,
    SolutionTitle, Status, sha256_hex, weighted_total,
};
pub use ideaforge_domain::challenge::{Access, ChallengeAction};
use ideaforge_domain::contest::{BasisPoints, Category};
use ideaforge_domain::ledger::{IdempotencyKey, LedgerError};
use ideaforge_domain::money::{Currency, MAX_MINOR, Money};
use ideaforge_domain::org::{Org, OrgRole};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, Role, SolutionId, User, UserId};
use ideaforge_store::{ChallengeFilter, PostError, Posting, SolutionRevision, StoreError};
use time::OffsetDateTime;

use crate::{App, Internal};

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

/// How money crosses the platform's edge. The built-in provider is manual: an admin records money
/// received or paid out with the bank's (or other provider's) reference; the ledger does the rest.
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// The provider's name, stored with each posting's memo.
    fn name(&self) -> &'static str;

    /// Checks a reference for money received or paid out.
    fn check_reference(&self, reference: &str) -> Result<String, Invalid>;
}

/// The manual provider: references are what the admin typed (1 to 200 characters, one line).
#[derive(Clone, Copy, Debug, Default)]
pub struct ManualProvider;

impl PaymentProvider for ManualProvider {
    fn name(&self) -> &'static str {
        "manual"
    }

    fn check_reference(&self, reference: &str) -> Result<String, Invalid> {
        ideaforge_domain::challenge::PaymentReference::parse(reference).map(|r| r.as_str().to_owned())
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
    /// The awards would exceed 100 % of the pool.
    #[error("the awards would exceed the award pool")]
    OverAllocated,
    /// The escrow or payable balance does not cover it.
    #[error("insufficient funds")]
    InsufficientFunds,
    /// The challenge is not being judged yet.
    #[error("the challenge is not being judged")]
    NotJudging,
    /// Closing without any award needs an administrator (the seeker has read the solutions).
    #[error("closing without an award needs an administrator")]
    NoAwards,
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
            Self::OverAllocated => "over_allocated",
            Self::InsufficientFunds => "insufficient_funds",
            Self::NotJudging => "not_judging",
            Self::NoAwards => "no_awards",
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
            Refused::Award(AwardRefused::AlreadyAwarded) => Self::Refused(Refusal::AlreadyAwarded),
            Refused::Award(AwardRefused::OverAllocated) => Self::Refused(Refusal::OverAllocated),
            Refused::Award(AwardRefused::ZeroShare) | Refused::Amount => {
                invalid("share_bp", Invalid::OutOfRange { min: 1, max: 10_000 })
            }
        }
    }
}

/// A challenge as one viewer may see it.
#[derive(Clone, Debug)]
pub struct ChallengeView {
    /// Its id.
    pub id: ChallengeId,
    /// The title.
    pub title: String,
    /// The public statement.
    pub statement: PublicStatement,
    /// The confidential details, for those allowed.
    pub details: Option<ConfidentialDetails>,
    /// The kind.
    pub kind: ChallengeKind,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// The category.
    pub category: Category,
    /// The award pool.
    pub award: Money,
    /// The split, first place first.
    pub split: Vec<BasisPoints>,
    /// The deadline.
    pub deadline: OffsetDateTime,
    /// The criteria.
    pub criteria: Criteria,
    /// The IP terms.
    pub ip_terms: ChallengeIpTerms,
    /// Whether the seeker is hidden from outsiders.
    pub anonymous: bool,
    /// The seeker, unless hidden from this viewer.
    pub seeker: Option<Org>,
    /// The effective status.
    pub status: Status,
    /// Whether a moderator approved it.
    pub approved: bool,
    /// The fee on the pool.
    pub fee: Money,
    /// The pool plus the fee: what must be in escrow before it opens.
    pub required_escrow: Money,
    /// What the escrow holds (insiders only).
    pub escrow: Option<Money>,
    /// When it opened.
    pub opened_at: Option<OffsetDateTime>,
    /// Who the viewer is to it.
    pub access: Access,
    /// What the viewer may do now (the buttons a page offers).
    pub actions: Vec<ChallengeAction>,
    /// The viewer's own solution, if any.
    pub my_solution: Option<SolutionId>,
}

impl ChallengeView {
    fn new(challenge: Challenge, access: Access, now: OffsetDateTime) -> Result<Self, ChallengesError> {
        let status = challenge.status_at(now);
        let actions = access.allowed_actions(&challenge, now);
        let fee = challenge.fee().map_err(Internal::new)?;
        let required_escrow = challenge.required_escrow().map_err(Internal::new)?;
        let terms = challenge.terms;
        let seeker = (!terms.anonymous || access.is_insider()).then_some(challenge.org);
        Ok(Self {
            id: challenge.id,
            title: terms.title.as_str().to_owned(),
            statement: terms.statement,
            details: actions.contains(&ChallengeAction::ReadDetails).then_some(terms.details),
            kind: terms.kind,
            difficulty: terms.difficulty,
            category: terms.category,
            award: terms.award,
            split: terms.split.as_slice().to_vec(),
            deadline: terms.deadline,
            criteria: terms.criteria,
            ip_terms: terms.ip_terms,
            anonymous: terms.anonymous,
            seeker,
            status,
            approved: challenge.approved_at.is_some(),
            fee,
            required_escrow,
            escrow: None,
            opened_at: challenge.opened_at,
            access,
            actions,
            my_solution: None,
        })
    }
}

/// A challenge's page: the challenge, its questions, and its awards.
#[derive(Debug)]
pub struct ChallengePage {
    /// The challenge.
    pub challenge: ChallengeView,
    /// Its public questions.
    pub questions: Vec<Question>,
    /// Its awards (shares and amounts; winners' names only to insiders and the winners).
    pub awards: Vec<Award>,
}

/// A solution with what its reader may also see.
#[derive(Debug)]
pub struct SolutionView {
    /// The solution.
    pub solution: Solution,
    /// Its challenge.
    pub challenge: ChallengeView,
    /// Its earlier revisions.
    pub revisions: Vec<SolutionRevision>,
    /// Whether the reader is its author.
    pub is_author: bool,
    /// The reader's own scores, by criterion index (judges).
    pub my_scores: Vec<(usize, u8)>,
    /// Its award, if any.
    pub award: Option<Award>,
}

/// One row of a judging board.
#[derive(Debug)]
pub struct BoardRow {
    /// The solution.
    pub solution: Solution,
    /// Its weighted total in thousandths of a point (0–10,000), if scored.
    pub total: Option<u32>,
    /// How many judges scored it.
    pub judges: usize,
    /// Its award, if any.
    pub award: Option<Award>,
}

/// A challenge's judging board, best first.
#[derive(Debug)]
pub struct Board {
    /// The challenge.
    pub challenge: ChallengeView,
    /// The solutions, ranked.
    pub rows: Vec<BoardRow>,
    /// Basis points of the pool not yet awarded.
    pub unawarded_bp: u16,
}

/// What recording escrow did.
#[derive(Clone, Copy, Debug)]
pub struct Funded {
    /// The ledger transaction.
    pub transaction: i64,
    /// False when this reference had been recorded before (nothing was posted now).
    pub new: bool,
    /// What the escrow holds now.
    pub escrow: Money,
    /// The challenge's status now.
    pub status: Status,
}

/// A challenge in a list.
#[derive(Clone, Debug)]
pub struct ChallengeCard {
    /// Its id.
    pub id: ChallengeId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: ChallengeKind,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Category.
    pub category: String,
    /// Award pool.
    pub award: Money,
    /// Deadline.
    pub deadline: OffsetDateTime,
    /// Effective status.
    pub status: Status,
    /// The seeker's name, unless hidden.
    pub seeker: Option<String>,
    /// What its escrow holds (insiders and admins).
    pub escrow: Option<Money>,
    /// What must be in escrow before it opens.
    pub required_escrow: Money,
}

/// Filters of the public challenge list.
#[derive(Clone, Debug, Default)]
pub struct ChallengeListFilter {
    /// Effective status (open, judging, awarded, closed, cancelled).
    pub status: Option<Status>,
    /// Category.
    pub category: Option<String>,
    /// Kind.
    pub kind: Option<ChallengeKind>,
}

/// The raw money fields of a form or JSON body.
#[derive(Clone, Copy, Debug)]
pub struct MoneyInput<'a> {
    /// Minor units, if given.
    pub amount_minor: Option<i64>,
    /// Currency code.
    pub currency: &'a str,
}

fn parse_money(field: &'static str, input: MoneyInput<'_>, expected: Currency) -> Result<Money, ChallengesError> {
    let currency = Currency::parse(input.currency).map_err(|why| invalid("currency", why))?;
    if currency != expected {
        return Err(invalid("currency", Invalid::Mismatch));
    }
    match input.amount_minor {
        None => Err(invalid(field, Invalid::Required)),
        Some(minor) if (1..=MAX_MINOR).contains(&minor) => Ok(Money::new(minor, currency)),
        Some(_) => Err(invalid(field, Invalid::OutOfRange { min: 1, max: MAX_MINOR })),
    }
}

/// An idempotency key derived from a provider reference (references may hold any characters).
fn reference_key(prefix: &str, reference: &str) -> Result<IdempotencyKey, ChallengesError> {
    let digest = sha256_hex(reference);
    IdempotencyKey::parse(&format!("{prefix}:{}", &digest[..32])).map_err(|why| invalid("reference", why))
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
        let org = self.store.org_by_slug(org).await?.ok_or_else(|| invalid("org", Invalid::Unknown))?;
        if !self.store.org_role(org.id, actor.id).await?.is_some_and(OrgRole::can_manage) {
            return Err(ChallengesError::Forbidden);
        }
        Ok(self.store.create_challenge(org.id, new, self.challenges.fee_bp, actor.id, self.clock.now()).await?)
    }

    /// Replaces a draft's content (the seeker's managers; drafts only).
    pub async fn edit_challenge(
        &self,
        actor: &User,
        id: ChallengeId,
        new: &NewChallenge,
    ) -> Result<(), ChallengesError> {
        self.allowed(actor, id, ChallengeAction::EditDraft).await?;
        if !self.store.update_draft(id, new, actor.id, self.clock.now()).await? {
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

    /// Records money received into a challenge's escrow (admins, through the manual provider). The
    /// same reference records once however often it is sent. Opens the challenge when approved and
    /// fully funded.
    pub async fn record_escrow(
        &self,
        actor: &User,
        id: ChallengeId,
        amount: MoneyInput<'_>,
        reference: &str,
    ) -> Result<Funded, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::FundEscrow, &challenge, None)?;
        let currency = challenge.terms.award.currency();
        let mut errors = FieldErrors::new();
        let money = parse_money("amount", amount, currency).map_err(|e| match e {
            ChallengesError::Invalid(fields) => fields,
            _ => FieldErrors::new(),
        });
        let money = match money {
            Ok(m) => Some(m),
            Err(fields) => {
                errors.merge(fields);
                None
            }
        };
        let reference = errors.check("reference", self.payments.check_reference(reference));
        let (Some(money), Some(reference)) = (money, reference) else {
            return Err(ChallengesError::Invalid(errors));
        };
        access.may(ChallengeAction::FundEscrow, &challenge, self.clock.now())?;
        let key = reference_key(&format!("fund:challenge:{id}"), &reference)?;
        let memo = format!("escrow received ({})", self.payments.name());
        let posting =
            Posting { key: &key, kind: "fund_escrow", memo: &memo, reference: Some(&reference), actor: Some(actor.id) };
        let (transaction, new) = self
            .store
            .fund_challenge(id, money, &posting, self.clock.now())
            .await?
            .ok_or(ChallengesError::Refused(Refusal::WrongStatus))?;
        let after = self.store.challenge(id).await?.ok_or(ChallengesError::NotFound)?;
        Ok(Funded {
            transaction,
            new,
            escrow: self.store.escrow_balance(id, currency).await?,
            status: after.status_at(self.clock.now()),
        })
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

    /// The agreement a member must accept for a challenge: its text, its SHA-256 and their
    /// acceptance, if any.
    pub async fn agreement(
        &self,
        actor: &User,
        id: ChallengeId,
    ) -> Result<(ChallengeView, String, String), ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        let text = challenge.agreement_text();
        let hash = sha256_hex(&text);
        Ok((self.view(challenge, access).await?, text, hash))
    }

    /// Accepts a challenge's agreement; records the time and the SHA-256 of the text. If the
    /// member names the hash they read, it must be the current one.
    pub async fn accept_agreement(
        &self,
        actor: &User,
        id: ChallengeId,
        read_sha256: Option<&str>,
    ) -> Result<Acceptance, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::AcceptAgreement, &challenge, None)?;
        if let Some(existing) = access.accepted {
            return Ok(existing);
        }
        let now = self.clock.now();
        access.may(ChallengeAction::AcceptAgreement, &challenge, now)?;
        let hash = sha256_hex(&challenge.agreement_text());
        if read_sha256.is_some_and(|read| !read.trim().is_empty() && read.trim() != hash) {
            return Err(invalid("agreement_sha256", Invalid::Mismatch));
        }
        Ok(self.store.accept_agreement(id, actor.id, &hash, now).await?)
    }

    /// Submits a solution (solvers who accepted the agreement, before the deadline).
    pub async fn submit_solution(
        &self,
        actor: &User,
        id: ChallengeId,
        title: &str,
        body: &str,
    ) -> Result<SolutionId, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::Solve, &challenge, None)?;
        let (title, body) = parse_solution(title, body)?;
        let now = self.clock.now();
        access.may(ChallengeAction::Solve, &challenge, now)?;
        match self.store.submit_solution(id, actor.id, &title, &body, now).await {
            Ok(id) => Ok(id),
            Err(StoreError::Conflict) => Err(Refusal::AlreadySubmitted.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// Revises one's own solution before the deadline; every revision is kept.
    pub async fn revise_solution(
        &self,
        actor: &User,
        id: SolutionId,
        title: &str,
        body: &str,
    ) -> Result<i32, ChallengesError> {
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        if solution.author != actor.id {
            return Err(ChallengesError::NotFound);
        }
        let (title, body) = parse_solution(title, body)?;
        let (challenge, access) = self.visible_challenge(Some(actor), solution.challenge).await?;
        access.may(ChallengeAction::Solve, &challenge, self.clock.now())?;
        Ok(self.store.revise_solution(&solution, &title, &body, self.clock.now()).await?)
    }

    /// A solution, for its author, the seeker's owner/managers/judges and admins. Anyone else is
    /// told it does not exist.
    pub async fn solution_view(&self, viewer: Option<&User>, id: SolutionId) -> Result<SolutionView, ChallengesError> {
        let viewer = viewer.ok_or(ChallengesError::NotFound)?;
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        let challenge = self.store.challenge(solution.challenge).await?.ok_or(ChallengesError::NotFound)?;
        let access = self.access(Some(viewer), &challenge).await?;
        let is_author = solution.author == viewer.id;
        if !access.may_read_solution(solution.author) {
            return Err(ChallengesError::NotFound);
        }
        let revisions = self.store.solution_revisions(id).await?;
        let my_scores = self
            .store
            .challenge_scores(challenge.id)
            .await?
            .into_iter()
            .filter(|s| s.solution == id && s.judge == viewer.id)
            .map(|s| (s.criterion, s.score.get()))
            .collect();
        let award = self.store.awards(challenge.id).await?.into_iter().find(|a| a.solution == id);
        let challenge = self.view(challenge, access).await?;
        Ok(SolutionView { solution, challenge, revisions, is_author, my_scores, award })
    }

    /// The member's own solutions, newest first, with their challenges.
    pub async fn my_solutions(&self, actor: &User) -> Result<Vec<(Solution, ChallengeView)>, ChallengesError> {
        let mut out = Vec::new();
        for solution in self.store.solutions_by(actor.id).await? {
            if let Some(challenge) = self.store.challenge(solution.challenge).await? {
                let access = self.access(Some(actor), &challenge).await?;
                out.push((solution, ChallengeView::new(challenge, access, self.clock.now())?));
            }
        }
        Ok(out)
    }

    /// Scores a solution on every criterion (the seeker's judges, managers and owners, once the
    /// deadline has passed). A judge's new scorecard replaces their earlier one.
    pub async fn score_solution(
        &self,
        actor: &User,
        id: SolutionId,
        scores: &[(String, i64)],
    ) -> Result<(), ChallengesError> {
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        let challenge = self.store.challenge(solution.challenge).await?.ok_or(ChallengesError::NotFound)?;
        let access = self.access(Some(actor), &challenge).await?;
        if !access.may_read_solution(solution.author) {
            return Err(ChallengesError::NotFound);
        }
        access.permitted(ChallengeAction::Score, &challenge, Some(solution.author))?;
        let card = Scorecard::parse(&challenge.terms.criteria, scores).map_err(ChallengesError::Invalid)?;
        access.may(ChallengeAction::Score, &challenge, self.clock.now())?;
        Ok(self.store.set_scores(&solution, actor.id, &card, self.clock.now()).await?)
    }

    /// The judging board: solutions ranked by weighted score (the seeker organization and admins).
    pub async fn judging_board(&self, actor: &User, id: ChallengeId) -> Result<Board, ChallengesError> {
        let (challenge, access) = self.allowed(actor, id, ChallengeAction::ViewBoard).await?;
        let scores = self.store.challenge_scores(id).await?;
        let awards = self.store.awards(id).await?;
        let mut rows: Vec<BoardRow> = self
            .store
            .challenge_solutions(id)
            .await?
            .into_iter()
            .map(|solution| {
                let mine: Vec<_> =
                    scores.iter().filter(|s| s.solution == solution.id).map(|s| (s.criterion, s.score)).collect();
                let mut judges: Vec<UserId> =
                    scores.iter().filter(|s| s.solution == solution.id).map(|s| s.judge).collect();
                judges.sort_unstable();
                judges.dedup();
                let award = awards.iter().find(|a| a.solution == solution.id).cloned();
                BoardRow {
                    total: weighted_total(&challenge.terms.criteria, &mine),
                    judges: judges.len(),
                    award,
                    solution,
                }
            })
            .collect();
        rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.solution.id.cmp(&b.solution.id)));
        let awarded: u32 = awards.iter().map(|a| u32::from(a.share.get())).sum();
        let unawarded_bp = u16::try_from(10_000_u32.saturating_sub(awarded)).unwrap_or(0);
        Ok(Board { challenge: self.view(challenge, access).await?, rows, unawarded_bp })
    }

    /// Awards a share of the pool to a solution (the seeker's managers, while judging): the award
    /// and its fee leave escrow in one ledger transaction with the state change.
    pub async fn award_solution(
        &self,
        actor: &User,
        id: ChallengeId,
        solution: SolutionId,
        share_bp: Option<i64>,
    ) -> Result<Award, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::Award, &challenge, None)?;
        let share =
            share_bp.ok_or(Invalid::Required).and_then(BasisPoints::new).map_err(|why| invalid("share_bp", why))?;
        let solution = self
            .store
            .solution(solution)
            .await?
            .filter(|s| s.challenge == id)
            .ok_or_else(|| invalid("solution_id", Invalid::Unknown))?;
        let now = self.clock.now();
        // Checked once before the lock (a refusal costs no write) and decided again under it.
        challenge.award(&access, &solution, share, &self.store.awards(id).await?, now)?;
        self.store
            .award(id, actor.id, now, |locked, made| {
                locked.award(&access, &solution, share, made, now).map_err(ChallengesError::from)
            })
            .await
    }

    /// Closes a challenge after judging (the seeker's managers once something was awarded, or
    /// admins): whatever escrow remains is refunded in the same transaction. Returns the refund.
    pub async fn close_challenge(&self, actor: &User, id: ChallengeId) -> Result<Money, ChallengesError> {
        self.end_challenge(actor, id, Status::Closed).await
    }

    /// Cancels a challenge before its deadline (the seeker's managers) or before any award
    /// (admins): all escrow is refunded in the same transaction. Returns the refund.
    pub async fn cancel_challenge(&self, actor: &User, id: ChallengeId) -> Result<Money, ChallengesError> {
        self.end_challenge(actor, id, Status::Cancelled).await
    }

    async fn end_challenge(&self, actor: &User, id: ChallengeId, to: Status) -> Result<Money, ChallengesError> {
        let action = if to == Status::Closed { ChallengeAction::Close } else { ChallengeAction::Cancel };
        let (_, access) = self.allowed(actor, id, action).await?;
        let now = self.clock.now();
        self.store
            .end_challenge(id, actor.id, now, |locked, held, solvers| {
                locked.end(&access, to, held, solvers, now).map_err(ChallengesError::from)
            })
            .await
    }

    /// Asks a public question on an open challenge (any signed-in member).
    pub async fn ask_question(&self, actor: &User, id: ChallengeId, body: &str) -> Result<QuestionId, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        let body = QaText::parse(body).map_err(|why| invalid("body", why))?;
        access.may(ChallengeAction::Ask, &challenge, self.clock.now())?;
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

    /// The member's payable balances (awards and royalties not yet paid out).
    pub async fn balances(&self, actor: &User) -> Result<Vec<Money>, ChallengesError> {
        Ok(self.store.payable_balances(actor.id).await?)
    }

    /// Records money paid out to a member (admins, through the manual provider); the same
    /// reference records once. Refused when their payable balance does not cover it.
    pub async fn record_payout(
        &self,
        actor: &User,
        user: UserId,
        amount: MoneyInput<'_>,
        reference: &str,
    ) -> Result<(i64, bool), ChallengesError> {
        if actor.role != Role::Admin {
            return Err(ChallengesError::Forbidden);
        }
        if self.store.user(user).await?.is_none() {
            return Err(invalid("user_id", Invalid::Unknown));
        }
        let mut errors = FieldErrors::new();
        let currency = errors.check("currency", Currency::parse(amount.currency));
        let reference = errors.check("reference", self.payments.check_reference(reference));
        let (Some(currency), Some(reference)) = (currency, reference) else {
            return Err(ChallengesError::Invalid(errors));
        };
        let money = parse_money("amount", amount, currency)?;
        let key = reference_key(&format!("payout:user:{user}"), &reference)?;
        let memo = format!("paid out ({})", self.payments.name());
        let posting =
            Posting { key: &key, kind: "payout", memo: &memo, reference: Some(&reference), actor: Some(actor.id) };
        Ok(self.store.record_payout(user, money, &posting, self.clock.now()).await?)
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
    })
}

fn parse_solution(title: &str, body: &str) -> Result<(SolutionTitle, SolutionBody), ChallengesError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", SolutionTitle::parse(title));
    let body = errors.check("body", SolutionBody::parse(body));
    match (title, body) {
        (Some(title), Some(body)) => Ok((title, body)),
        _ => Err(ChallengesError::Invalid(errors)),
    }
}
