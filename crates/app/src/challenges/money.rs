//! Money on challenges: the payment provider, escrow received, awards, closing and cancelling with
//! their refunds, balances and payouts.

use ideaforge_domain::challenge::ChallengeAction;
use ideaforge_domain::challenge::{Award, EndReason, Status, sha256_hex};
use ideaforge_domain::ledger::IdempotencyKey;
use ideaforge_domain::money::{Currency, Money, positive_amount};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, Role, SolutionId, User, UserId};
use ideaforge_store::Posting;

use super::{ChallengesError, Funded, Refusal, invalid};
use crate::App;
use crate::payments::PaymentProvider;

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
    match positive_amount(input.amount_minor, Some(currency)) {
        Ok(Some(money)) => Ok(money),
        Ok(None) => Err(invalid("currency", Invalid::Required)),
        Err(why) => Err(invalid(field, why)),
    }
}

/// An idempotency key derived from a provider reference (references may hold any characters).
fn reference_key(prefix: &str, reference: &str) -> Result<IdempotencyKey, ChallengesError> {
    let digest = sha256_hex(reference);
    IdempotencyKey::parse(&format!("{prefix}:{}", &digest[..32])).map_err(|why| invalid("reference", why))
}

impl App {
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
        let reference = errors.check("reference", self.manual.check_reference(reference));
        let (Some(money), Some(reference)) = (money, reference) else {
            return Err(ChallengesError::Invalid(errors));
        };
        access.may(ChallengeAction::FundEscrow, &challenge, self.clock.now())?;
        let key = reference_key(&format!("fund:challenge:{id}"), &reference)?;
        let memo = format!("escrow received ({})", self.manual.name());
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

    /// Awards a place of the published split to a solution (the seeker's managers, while judging),
    /// paying exactly that place's share: the award and its fee leave escrow in one ledger
    /// transaction with the state change.
    pub async fn award_solution(
        &self,
        actor: &User,
        id: ChallengeId,
        solution: SolutionId,
        place: Option<i64>,
    ) -> Result<Award, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::Award, &challenge, None)?;
        let places = challenge.terms.split.as_slice().len();
        let place = place
            .ok_or(Invalid::Required)
            .and_then(|p| {
                u8::try_from(p)
                    .ok()
                    .filter(|p| (1..=places).contains(&usize::from(*p)))
                    .ok_or(Invalid::OutOfRange { min: 1, max: i64::try_from(places).unwrap_or(10) })
            })
            .map_err(|why| invalid("place", why))?;
        let solution = self
            .store
            .solution(solution)
            .await?
            .filter(|s| s.challenge == id)
            .ok_or_else(|| invalid("solution_id", Invalid::Unknown))?;
        let now = self.clock.now();
        let author_in_seeker = self.store.org_role(challenge.org.id, solution.author).await?.is_some();
        // The domain decides once, under the challenge's lock, with the awards made so far.
        self.store
            .award(id, actor.id, now, |locked, made| {
                locked.award(&access, &solution, author_in_seeker, place, made, now).map_err(ChallengesError::from)
            })
            .await
    }

    /// Closes a challenge after judging (the seeker's managers once something was awarded, or
    /// admins, who give a public `reason` when nothing was): whatever escrow remains is refunded
    /// in the same transaction. Returns the refund.
    pub async fn close_challenge(&self, actor: &User, id: ChallengeId, reason: &str) -> Result<Money, ChallengesError> {
        self.end_challenge(actor, id, Status::Closed, reason).await
    }

    /// Cancels a challenge: the seeker's managers before its deadline while no solution has
    /// arrived; after that only admins, with a public `reason`. All escrow is refunded in the same
    /// transaction. Returns the refund.
    pub async fn cancel_challenge(
        &self,
        actor: &User,
        id: ChallengeId,
        reason: &str,
    ) -> Result<Money, ChallengesError> {
        self.end_challenge(actor, id, Status::Cancelled, reason).await
    }

    async fn end_challenge(
        &self,
        actor: &User,
        id: ChallengeId,
        to: Status,
        reason: &str,
    ) -> Result<Money, ChallengesError> {
        let action = if to == Status::Closed { ChallengeAction::Close } else { ChallengeAction::Cancel };
        let (_, access) = self.allowed(actor, id, action).await?;
        let reason = match reason.trim() {
            "" => None,
            given => Some(EndReason::parse(given).map_err(|why| invalid("reason", why))?),
        };
        let now = self.clock.now();
        self.store
            .end_challenge(id, actor.id, now, |locked, held, solvers| {
                locked.end(&access, to, held, solvers, reason, now).map_err(ChallengesError::from)
            })
            .await
    }

    /// The member's payable balances (awards and royalties not yet paid out).
    pub async fn balances(&self, actor: &User) -> Result<Vec<Money>, ChallengesError> {
        Ok(self.store.payable_balances(actor.id).await?)
    }

    /// Whether `actor` may record payouts (admins): the form and the API ask before they read
    /// the amount.
    pub fn check_payouts(&self, actor: &User) -> Result<(), ChallengesError> {
        if actor.role == Role::Admin { Ok(()) } else { Err(ChallengesError::Forbidden) }
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
        self.check_payouts(actor)?;
        if self.store.user(user).await?.is_none() {
            return Err(invalid("user_id", Invalid::Unknown));
        }
        let mut errors = FieldErrors::new();
        let currency = errors.check("currency", Currency::parse(amount.currency));
        let reference = errors.check("reference", self.manual.check_reference(reference));
        let (Some(currency), Some(reference)) = (currency, reference) else {
            return Err(ChallengesError::Invalid(errors));
        };
        let money = parse_money("amount", amount, currency)?;
        let key = reference_key(&format!("payout:user:{user}"), &reference)?;
        let memo = format!("paid out ({})", self.manual.name());
        let posting =
            Posting { key: &key, kind: "payout", memo: &memo, reference: Some(&reference), actor: Some(actor.id) };
        Ok(self.store.record_payout(user, money, &posting, self.clock.now()).await?)
    }
}
