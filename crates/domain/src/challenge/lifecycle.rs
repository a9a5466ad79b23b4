//! A challenge's state changes as decisions: each takes the loaded state, the actor's access and
//! `now`, and returns a refusal or a plan (the next status, the ledger transaction, the register
//! record, the notice) that the store applies in one transaction.

use time::OffsetDateTime;

use super::{Access, Award, AwardRefused, Challenge, ChallengeAction, ChallengeIpTerms, Solution, Status, check_award};
use super::{EndReason, sha256_hex, share_of};
use crate::contest::BasisPoints;
use crate::ip::{NewRecord, Party, RecordKind, Subject, solution_text};
use crate::ledger::{IdempotencyKey, LedgerError, Transaction};
use crate::money::{Money, MoneyError};
use crate::notification::{ChallengeRef, Notice};
use crate::{ChallengeId, UserId};

/// Why a challenge decision was refused; nothing changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The viewer may not see the challenge (or the solution) at all.
    #[error("not found")]
    Hidden,
    /// The viewer sees it but may not do this.
    #[error("not allowed")]
    Forbidden,
    /// The challenge is not in a status that allows this.
    #[error("the challenge is not in a status that allows this")]
    WrongStatus,
    /// Solutions are no longer taken (or the challenge can no longer be sent or approved).
    #[error("the submission deadline has passed")]
    DeadlinePassed,
    /// The challenge is not being judged.
    #[error("the challenge is not being judged")]
    NotJudging,
    /// Closing without any award needs an administrator.
    #[error("closing without an award needs an administrator")]
    NoAwards,
    /// Solutions have arrived: the seeker can no longer cancel; only an administrator ends it.
    #[error("solutions have arrived; only an administrator can end the challenge now")]
    SolutionsArrived,
    /// Solutions are sealed until the deadline.
    #[error("solutions are sealed until the submission deadline")]
    Sealed,
    /// Ending a challenge without paying its awards needs a public reason.
    #[error("ending without awards needs a public reason")]
    ReasonRequired,
    /// The award rules refused it.
    #[error(transparent)]
    Award(#[from] AwardRefused),
    /// The amounts do not fit (an award that rounds to nothing, or an overflow).
    #[error("the amount does not work out")]
    Amount,
}

impl From<MoneyError> for Refused {
    fn from(_: MoneyError) -> Self {
        Self::Amount
    }
}

impl From<LedgerError> for Refused {
    fn from(_: LedgerError) -> Self {
        Self::Amount
    }
}

/// An award to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAward {
    /// The challenge.
    pub challenge: ChallengeId,
    /// The place of the published split it fills (1 = first).
    pub place: u8,
    /// The solution awarded.
    pub solution: crate::SolutionId,
    /// Its author, who is paid.
    pub solver: UserId,
    /// The share of the pool.
    pub share: BasisPoints,
    /// What the solver receives.
    pub amount: Money,
    /// The platform's fee on it.
    pub fee: Money,
    /// The IP terms that apply.
    pub ip_terms: ChallengeIpTerms,
}

/// What an award changes, all in one transaction.
#[derive(Clone, Debug)]
pub struct AwardPlan {
    /// The award row.
    pub award: NewAward,
    /// Escrow → the solver's payable (the whole share) and the fee → platform revenue.
    pub transaction: Transaction,
    /// Posts it once.
    pub key: IdempotencyKey,
    /// The IP transfer, unless the solver keeps the rights.
    pub record: Option<NewRecord>,
    /// The status to set: `awarded` when this award fills the last place.
    pub next: Option<Status>,
    /// What the solver is told.
    pub notice: Notice,
}

/// What closing or cancelling changes, all in one transaction.
#[derive(Clone, Debug)]
pub struct EndPlan {
    /// The stored status it leaves.
    pub from: Status,
    /// Closed or cancelled.
    pub to: Status,
    /// What the escrow still holds, returned to the seeker.
    pub refund: Money,
    /// The refund's transaction, when there is anything to return.
    pub refund_transaction: Option<(Transaction, IdempotencyKey)>,
    /// Who hears of it: everyone who submitted a solution.
    pub notify: Vec<UserId>,
    /// The public reason, when an administrator ends it without paying its awards.
    pub reason: Option<EndReason>,
    /// What they are told.
    pub notice: Notice,
}

/// How notices name a challenge: its public title only, never its seeker.
pub fn challenge_ref(challenge: &Challenge) -> ChallengeRef {
    ChallengeRef { id: challenge.id, title: challenge.terms.title.as_str().to_owned() }
}

impl Challenge {
    /// Whether money may arrive in its escrow now: in review or open, never a draft (its currency
    /// may still change) nor an ended one.
    pub fn takes_escrow(&self) -> Result<(), Refused> {
        if matches!(self.status, Status::InReview | Status::Open) { Ok(()) } else { Err(Refused::WrongStatus) }
    }

    /// Whether the challenge opens now that its escrow holds `held`: approved, in review, before
    /// its deadline (one whose deadline passed in review never opens), with the pool and the fee
    /// funded.
    pub fn opens_with(&self, held: Money, now: OffsetDateTime) -> bool {
        let funded = self.required_escrow().is_ok_and(|r| r.currency() == held.currency() && held.minor() >= r.minor());
        self.status == Status::InReview && self.approved_at.is_some() && now < self.terms.deadline && funded
    }

    /// Awards `place` (1 = first) of the published split to `solution`, paying exactly that place's
    /// share, given the awards already `made`: refused unless the actor runs the challenge, it is
    /// being judged, the solution is theirs to award, not the actor's own and not by a member of the
    /// seeker organization (`author_in_seeker`, any role, at award time), and the place is open.
    /// The challenge is `awarded` once every place is filled.
    pub fn award(
        &self,
        access: &Access,
        solution: &Solution,
        author_in_seeker: bool,
        place: u8,
        made: &[Award],
        now: OffsetDateTime,
    ) -> Result<AwardPlan, Refused> {
        if solution.challenge != self.id {
            return Err(Refused::Hidden);
        }
        access.permitted(ChallengeAction::Award, self, Some(solution.author))?;
        access.may(ChallengeAction::Award, self, now)?;
        if author_in_seeker {
            return Err(AwardRefused::SeekerMember.into());
        }
        let share = check_award(made, solution.id, place, &self.terms.split)?;
        let amount = share_of(self.terms.award, share.get())?;
        if amount.minor() == 0 {
            return Err(AwardRefused::ZeroShare.into());
        }
        let fee = super::fee_on(amount, self.fee_bp)?;
        let transfer = match self.terms.ip_terms {
            ChallengeIpTerms::Assign => Some((RecordKind::Assigned, "assigned to the seeker")),
            ChallengeIpTerms::Licence => {
                Some((RecordKind::LicenceGranted, "licensed to the seeker (non-exclusive, perpetual)"))
            }
            ChallengeIpTerms::SolverKeeps => None,
        };
        let record = transfer.map(|(kind, how)| NewRecord {
            kind,
            subject: Subject::Solution(solution.id),
            parties: vec![Party::Seeker(self.id)],
            terms: format!("Awarded {amount} of the pool of challenge {}: the solution's IP is {how}.", self.id),
            content_sha256: sha256_hex(&solution_text(solution.title.as_str(), solution.body.as_str())),
        });
        Ok(AwardPlan {
            award: NewAward {
                challenge: self.id,
                place,
                solution: solution.id,
                solver: solution.author,
                share,
                amount,
                fee,
                ip_terms: self.terms.ip_terms,
            },
            transaction: Transaction::award(self.id, solution.author, amount, fee)?,
            key: IdempotencyKey::award(solution.id),
            record,
            next: (made.len() + 1 == self.terms.split.as_slice().len()).then_some(Status::Awarded),
            notice: Notice::Awarded {
                challenge: challenge_ref(self),
                solution: solution.id,
                solution_title: solution.title.as_str().to_owned(),
                amount,
            },
        })
    }

    /// Whether ending it now as `to` walks away from its published awards: cancelling once
    /// solutions arrived, or closing with nothing awarded. Only an administrator does that, with a
    /// public reason.
    pub fn ends_unpaid(&self, to: Status) -> bool {
        match to {
            Status::Cancelled => self.solutions > 0,
            _ => self.status != Status::Awarded,
        }
    }

    /// Closes (after judging) or cancels the challenge, refunding whatever its escrow still
    /// `held`; the `solvers` who entered are told. Ending it without paying its awards
    /// ([`Challenge::ends_unpaid`]) needs a `reason`, shown on its page and told to the solvers.
    pub fn end(
        &self,
        access: &Access,
        to: Status,
        held: Money,
        solvers: &[UserId],
        reason: Option<EndReason>,
        now: OffsetDateTime,
    ) -> Result<EndPlan, Refused> {
        let action = match to {
            Status::Closed => ChallengeAction::Close,
            Status::Cancelled => ChallengeAction::Cancel,
            _ => return Err(Refused::WrongStatus),
        };
        access.may(action, self, now)?;
        let reason = if self.ends_unpaid(to) { Some(reason.ok_or(Refused::ReasonRequired)?) } else { None };
        let refund_transaction = if held.minor() > 0 {
            Some((Transaction::refund(self.id, held)?, IdempotencyKey::refund(self.id)))
        } else {
            None
        };
        Ok(EndPlan {
            from: self.status,
            to,
            refund: held,
            refund_transaction,
            notify: solvers.to_vec(),
            notice: Notice::ChallengeEnded {
                challenge: challenge_ref(self),
                status: to,
                reason: reason.as_ref().map(|r| r.as_str().to_owned()),
            },
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::Duration;

    use super::super::tests::{NOW, challenge};
    use super::super::{Acceptance, SolutionBody, SolutionTitle};
    use super::*;
    use crate::org::OrgRole;

    fn after() -> OffsetDateTime {
        NOW + Duration::days(31)
    }

    fn manager() -> Access {
        Access { user: Some(UserId::new(90)), role: Some(OrgRole::Manager), ..Access::default() }
    }

    fn judged() -> Challenge {
        let mut c = challenge(1_000);
        c.status = Status::Open;
        c.approved_at = Some(NOW);
        c.opened_at = Some(NOW);
        c
    }

    fn solution(id: i64, author: i64) -> Solution {
        Solution {
            id: crate::SolutionId::new(id),
            challenge: judged().id,
            author: UserId::new(author),
            author_name: "Sol".to_owned(),
            title: SolutionTitle::parse("Mesh").expect("title"),
            body: SolutionBody::parse("Use a ceramic mesh.").expect("body"),
            revision: 1,
            created_at: NOW,
            updated_at: NOW,
        }
    }

    fn bp(raw: i64) -> BasisPoints {
        BasisPoints::new(raw).expect("bp")
    }

    fn recorded(a: NewAward) -> Award {
        Award {
            place: a.place,
            solution: a.solution,
            solver: a.solver,
            share: a.share,
            amount: a.amount,
            fee: a.fee,
            ip_terms: a.ip_terms,
            awarded_at: after(),
        }
    }

    #[test]
    fn an_award_plans_the_payment_the_fee_the_ip_transfer_and_the_notice() {
        let c = judged();
        let plan = c.award(&manager(), &solution(1, 7), false, 1, &[], after()).expect("plan");
        assert_eq!((plan.award.place, plan.award.share), (1, bp(6_000)), "the first place's published share");
        assert_eq!(plan.award.amount.minor(), c.terms.award.minor() * 6 / 10);
        assert_eq!(plan.award.fee.minor(), plan.award.amount.minor() / 10);
        assert_eq!(plan.next, None, "a second place is still open");
        assert_eq!(plan.key, IdempotencyKey::award(crate::SolutionId::new(1)));
        let record = plan.record.expect("assign terms move the IP");
        assert_eq!((record.kind, record.parties.as_slice()), (RecordKind::Assigned, &[Party::Seeker(c.id)][..]));
        assert!(matches!(plan.notice, Notice::Awarded { amount, .. } if amount == plan.award.amount));
        let made = [recorded(plan.award)];
        let last = c.award(&manager(), &solution(2, 8), false, 2, &made, after()).expect("plan");
        assert_eq!((last.award.share, last.next), (bp(4_000), Some(Status::Awarded)), "every place filled");
        let mut keeps = judged();
        keeps.terms.ip_terms = ChallengeIpTerms::SolverKeeps;
        assert!(keeps.award(&manager(), &solution(1, 7), false, 1, &[], after()).expect("plan").record.is_none());
    }

    #[test]
    fn awards_are_refused_by_the_rules() {
        let c = judged();
        let s = solution(1, 7);
        assert_eq!(c.award(&manager(), &s, false, 1, &[], NOW).err(), Some(Refused::NotJudging));
        let judge = Access { role: Some(OrgRole::Judge), ..manager() };
        assert_eq!(c.award(&judge, &s, false, 1, &[], after()).err(), Some(Refused::Forbidden));
        assert_eq!(c.award(&manager(), &solution(1, 90), false, 1, &[], after()).err(), Some(Refused::Forbidden));
        for place in [0, 3] {
            let missing = c.award(&manager(), &s, false, place, &[], after()).err();
            assert_eq!(missing, Some(Refused::Award(AwardRefused::NoSuchPlace)), "place {place}");
        }
        let insider = c.award(&manager(), &s, true, 1, &[], after()).err();
        assert_eq!(insider, Some(Refused::Award(AwardRefused::SeekerMember)), "never to the seeker's own people");
        let made = [recorded(c.award(&manager(), &s, false, 1, &[], after()).expect("plan").award)];
        let again = c.award(&manager(), &s, false, 2, &made, after()).err();
        assert_eq!(again, Some(Refused::Award(AwardRefused::AlreadyAwarded)));
        let taken = c.award(&manager(), &solution(2, 8), false, 1, &made, after()).err();
        assert_eq!(taken, Some(Refused::Award(AwardRefused::PlaceTaken)));
    }

    #[test]
    fn ending_refunds_what_is_held_and_tells_the_solvers() {
        let c = judged();
        let admin = Access { user: Some(UserId::new(1)), admin: true, moderator: true, ..Access::default() };
        let held = Money::new(12_345, c.terms.award.currency());
        let why = || Some(EndReason::parse("No solution met the stated requirements.").expect("reason"));
        let plan = c.end(&admin, Status::Closed, held, &[UserId::new(7)], why(), after()).expect("plan");
        assert_eq!((plan.from, plan.to, plan.refund), (Status::Open, Status::Closed, held));
        assert_eq!(plan.refund_transaction.map(|(_, key)| key), Some(IdempotencyKey::refund(c.id)));
        assert_eq!(plan.notify, vec![UserId::new(7)]);
        assert!(matches!(plan.notice, Notice::ChallengeEnded { reason: Some(_), .. }), "the solvers hear why");
        let nothing = Money::zero(held.currency());
        assert!(
            c.end(&admin, Status::Cancelled, nothing, &[], None, after()).expect("plan").refund_transaction.is_none()
        );
        assert_eq!(c.end(&manager(), Status::Closed, held, &[], why(), after()).err(), Some(Refused::NoAwards));
        assert_eq!(c.end(&manager(), Status::Open, held, &[], None, after()).err(), Some(Refused::WrongStatus));
        assert_eq!(c.end(&admin, Status::Closed, held, &[], None, after()).err(), Some(Refused::ReasonRequired));
    }

    #[test]
    fn once_solutions_arrive_only_an_administrator_ends_a_challenge_and_says_why() {
        let mut c = judged();
        let admin = Access { user: Some(UserId::new(1)), admin: true, moderator: true, ..Access::default() };
        let held = Money::new(12_345, c.terms.award.currency());
        let plan = c.end(&manager(), Status::Cancelled, held, &[], None, NOW).expect("no solutions yet");
        assert_eq!((plan.to, plan.reason), (Status::Cancelled, None), "the seeker cancels freely before any");
        c.solutions = 1;
        let solvers = [UserId::new(7)];
        let refused = c.end(&manager(), Status::Cancelled, held, &solvers, None, NOW).err();
        assert_eq!(refused, Some(Refused::SolutionsArrived));
        assert!(!manager().allowed_actions(&c, NOW).contains(&ChallengeAction::Cancel), "no button either");
        assert_eq!(c.end(&admin, Status::Cancelled, held, &solvers, None, NOW).err(), Some(Refused::ReasonRequired));
        let why = EndReason::parse("The seeker's funds were withdrawn.").expect("reason");
        let plan = c.end(&admin, Status::Cancelled, held, &solvers, Some(why.clone()), NOW).expect("plan");
        assert_eq!((plan.reason, plan.notify), (Some(why), solvers.to_vec()));
    }

    #[test]
    fn a_challenge_opens_only_approved_funded_and_before_its_deadline() {
        let mut c = challenge(1_000);
        c.status = Status::InReview;
        c.approved_at = None;
        let required = c.required_escrow().expect("required");
        let short = Money::new(required.minor() - 1, required.currency());
        assert!(!c.opens_with(required, NOW), "not approved yet");
        c.approved_at = Some(NOW);
        assert!(c.opens_with(required, NOW) && !c.opens_with(short, NOW));
        assert!(!c.opens_with(required, after()), "the deadline passed in review");
    }

    proptest! {
        /// Whatever places are awarded in whatever order, each award pays its place's published
        /// share and the escrow never pays out more than the pool and the fee on it.
        #[test]
        fn awards_never_exceed_the_escrow(places in proptest::collection::vec(0u8..=4, 1..8)) {
            let c = judged();
            let mut made: Vec<Award> = Vec::new();
            for (i, place) in places.into_iter().enumerate() {
                let id = i64::try_from(i).expect("small") + 1;
                if let Ok(plan) = c.award(&manager(), &solution(id, 100 + id), false, place, &made, after()) {
                    prop_assert_eq!(plan.award.share, c.terms.split.as_slice()[usize::from(place) - 1]);
                    made.push(recorded(plan.award));
                }
            }
            let paid: i64 = made.iter().map(|a| a.amount.minor() + a.fee.minor()).sum();
            prop_assert!(paid <= c.required_escrow().expect("required").minor());
        }
    }

    #[test]
    fn an_accepted_agreement_does_not_let_the_seeker_award_itself() {
        let mut insider_solver = manager();
        insider_solver.accepted = Some(Acceptance { accepted_at: NOW, agreement_sha256: "0".repeat(64) });
        let c = judged();
        assert_eq!(c.award(&insider_solver, &solution(1, 90), false, 1, &[], after()).err(), Some(Refused::Forbidden));
    }
}
