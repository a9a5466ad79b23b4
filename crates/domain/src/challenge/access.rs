//! Who may do what with a challenge: one table of rules that the use cases' guards and the pages'
//! buttons both ask ([`Access::may`], [`Access::allowed_actions`]).

use time::OffsetDateTime;

use super::{Acceptance, Challenge, Refused, Status};
use crate::UserId;
use crate::org::OrgRole;

/// What one viewer is to one challenge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    /// The viewer, if signed in.
    pub user: Option<UserId>,
    /// Their role in the seeker organization.
    pub role: Option<OrgRole>,
    /// Whether they are an admin.
    pub admin: bool,
    /// Whether they are a moderator (or admin).
    pub moderator: bool,
    /// Their acceptance of the agreement.
    pub accepted: Option<Acceptance>,
}

/// Something a person can do with a challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChallengeAction {
    /// See it at all.
    View,
    /// Read its confidential details.
    ReadDetails,
    /// See its seeker, escrow and every solution (the seeker organization and admins).
    SeeInside,
    /// Change the draft.
    EditDraft,
    /// Send the draft for a moderator's review.
    SubmitForReview,
    /// Approve it for publication (moderators outside the seeker).
    Approve,
    /// Record money received into its escrow (admins).
    FundEscrow,
    /// Accept its agreement (members outside the seeker, while it takes solutions).
    AcceptAgreement,
    /// Submit or revise a solution (those who accepted, while it takes solutions).
    Solve,
    /// See the judging board.
    ViewBoard,
    /// Score solutions (the seeker's people, while judging; never one's own).
    Score,
    /// Award solutions (the seeker's owners and managers, while judging; never one's own).
    Award,
    /// Close it after judging, refunding what remains.
    Close,
    /// Cancel it, refunding the escrow.
    Cancel,
    /// Ask a public question.
    Ask,
    /// Answer public questions.
    Answer,
}

impl ChallengeAction {
    /// Every action, in the order pages show them.
    pub const ALL: &'static [Self] = &[
        Self::View,
        Self::ReadDetails,
        Self::SeeInside,
        Self::EditDraft,
        Self::SubmitForReview,
        Self::Approve,
        Self::FundEscrow,
        Self::AcceptAgreement,
        Self::Solve,
        Self::ViewBoard,
        Self::Score,
        Self::Award,
        Self::Close,
        Self::Cancel,
        Self::Ask,
        Self::Answer,
    ];
}

impl Access {
    /// Whether they belong to the seeker (any role) or are an admin.
    pub fn is_insider(&self) -> bool {
        self.role.is_some() || self.admin
    }

    /// Whether they run the challenge (owner or manager).
    pub fn can_manage(&self) -> bool {
        self.role.is_some_and(OrgRole::can_manage)
    }

    /// Whether they are the kind of person who may do `action` with `challenge` (a solution's
    /// `author` for scoring and awards: never one's own), whatever its state. A challenge the
    /// viewer may not see at all is [`Refused::Hidden`] for every action. Use cases check this
    /// before reading input, then [`Access::may`] (or a decision) for the state.
    pub fn permitted(
        &self,
        action: ChallengeAction,
        challenge: &Challenge,
        author: Option<UserId>,
    ) -> Result<(), Refused> {
        let reviewable = self.moderator && challenge.status != Status::Draft;
        if !(challenge.is_public() || self.is_insider() || reviewable) {
            return Err(Refused::Hidden);
        }
        let ok = match action {
            ChallengeAction::View => true,
            ChallengeAction::ReadDetails => self.is_insider() || self.accepted.is_some(),
            ChallengeAction::SeeInside | ChallengeAction::ViewBoard => self.is_insider(),
            ChallengeAction::EditDraft | ChallengeAction::SubmitForReview | ChallengeAction::Answer => {
                self.can_manage()
            }
            // Nobody approves their own organization's challenge.
            ChallengeAction::Approve => self.moderator && self.role.is_none(),
            ChallengeAction::FundEscrow => self.admin,
            ChallengeAction::AcceptAgreement => self.user.is_some() && self.role.is_none(),
            ChallengeAction::Solve => self.user.is_some() && self.role.is_none() && self.accepted.is_some(),
            ChallengeAction::Score => self.role.is_some() && (author.is_none() || author != self.user),
            ChallengeAction::Award => self.can_manage() && (author.is_none() || author != self.user),
            ChallengeAction::Close | ChallengeAction::Cancel => self.can_manage() || self.admin,
            ChallengeAction::Ask => self.user.is_some(),
        };
        if ok { Ok(()) } else { Err(Refused::Forbidden) }
    }

    /// Whether they may do `action` with `challenge` at `now`, and if not, why: who they are
    /// ([`Access::permitted`]), then the challenge's state.
    pub fn may(&self, action: ChallengeAction, challenge: &Challenge, now: OffsetDateTime) -> Result<(), Refused> {
        self.permitted(action, challenge, None)?;
        let status = challenge.status_at(now);
        let before_deadline = now < challenge.terms.deadline;
        let when = |ok: bool, refused: Refused| if ok { Ok(()) } else { Err(refused) };
        match action {
            ChallengeAction::View
            | ChallengeAction::ReadDetails
            | ChallengeAction::SeeInside
            | ChallengeAction::Answer => Ok(()),
            ChallengeAction::ViewBoard => when(!challenge.sealed(now), Refused::Sealed),
            ChallengeAction::EditDraft => when(challenge.status == Status::Draft, Refused::WrongStatus),
            ChallengeAction::SubmitForReview => {
                when(before_deadline, Refused::DeadlinePassed)?;
                when(challenge.status == Status::Draft, Refused::WrongStatus)
            }
            ChallengeAction::Approve => {
                when(challenge.status == Status::InReview && challenge.approved_at.is_none(), Refused::WrongStatus)?;
                when(before_deadline, Refused::DeadlinePassed)
            }
            ChallengeAction::FundEscrow => challenge.takes_escrow(),
            ChallengeAction::AcceptAgreement | ChallengeAction::Solve => {
                when(challenge.takes_solutions(now), Refused::DeadlinePassed)
            }
            ChallengeAction::Score | ChallengeAction::Award => when(challenge.is_judged(now), Refused::NotJudging),
            ChallengeAction::Close => {
                when(matches!(status, Status::Judging | Status::Awarded), Refused::WrongStatus)?;
                // The seeker has read every solution by now: walking away with the whole escrow and
                // no award is an administrator's decision, not the seeker's.
                when(challenge.status == Status::Awarded || self.admin, Refused::NoAwards)
            }
            ChallengeAction::Cancel => {
                when(self.admin || before_deadline, Refused::DeadlinePassed)?;
                when(
                    matches!(challenge.status, Status::Draft | Status::InReview | Status::Open),
                    Refused::WrongStatus,
                )?;
                // Solvers worked on the seeker's published word: it can no longer walk away.
                when(self.admin || challenge.solutions == 0, Refused::SolutionsArrived)
            }
            ChallengeAction::Ask => when(challenge.is_public(), Refused::WrongStatus),
        }
    }

    /// Every action they may take now: what a page offers them.
    pub fn allowed_actions(&self, challenge: &Challenge, now: OffsetDateTime) -> Vec<ChallengeAction> {
        ChallengeAction::ALL.iter().copied().filter(|a| self.may(*a, challenge, now).is_ok()).collect()
    }

    /// Whether they may read a solution by `author` of `challenge` at `now`: its author always;
    /// the seeker's people and admins once the deadline has passed; before it, an admin only after
    /// opening it with a stated reason (`opened`), which its solver sees. Anyone else is told it
    /// does not exist.
    pub fn may_read_solution(
        &self,
        challenge: &Challenge,
        author: UserId,
        opened: bool,
        now: OffsetDateTime,
    ) -> Result<(), Refused> {
        if self.user == Some(author) {
            return Ok(());
        }
        if !self.is_insider() {
            return Err(Refused::Hidden);
        }
        if !challenge.sealed(now) || (self.admin && opened) {
            return Ok(());
        }
        Err(Refused::Sealed)
    }
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::super::tests::{NOW, challenge};
    use super::*;
    use ChallengeAction as A;

    fn viewer(role: Option<OrgRole>, admin: bool, moderator: bool, accepted: bool) -> Access {
        Access {
            user: Some(UserId::new(50)),
            role,
            admin,
            moderator: moderator || admin,
            accepted: accepted.then(|| Acceptance { accepted_at: NOW, agreement_sha256: "ab".repeat(32) }),
        }
    }

    fn at(status: Status, approved: bool, opened: bool) -> Challenge {
        let mut c = challenge(1_000);
        c.status = status;
        c.approved_at = approved.then_some(NOW);
        c.opened_at = opened.then_some(NOW);
        c
    }

    /// Actor × state → the actions allowed, as a table. `now` is before the deadline unless the
    /// row says "after" (before it, solutions are sealed: no board for anyone).
    #[test]
    fn who_may_do_what_in_each_state() {
        let anonymous = Access::default();
        let member = viewer(None, false, false, false);
        let solver = viewer(None, false, false, true);
        let judge = viewer(Some(OrgRole::Judge), false, false, false);
        let manager = viewer(Some(OrgRole::Manager), false, false, false);
        let moderator = viewer(None, false, true, false);
        let admin = viewer(None, true, true, false);
        let after = NOW + Duration::days(31);
        let draft = at(Status::Draft, false, false);
        let review = at(Status::InReview, false, false);
        let open = at(Status::Open, true, true);
        let awarded = at(Status::Awarded, true, true);
        let cases: Vec<(&str, &Access, &Challenge, OffsetDateTime, Vec<A>)> = vec![
            ("anonymous, draft", &anonymous, &draft, NOW, vec![]),
            ("member, draft", &member, &draft, NOW, vec![]),
            ("moderator, draft", &moderator, &draft, NOW, vec![]),
            (
                "manager, draft",
                &manager,
                &draft,
                NOW,
                vec![A::View, A::ReadDetails, A::SeeInside, A::EditDraft, A::SubmitForReview, A::Cancel, A::Answer],
            ),
            ("judge, draft", &judge, &draft, NOW, vec![A::View, A::ReadDetails, A::SeeInside]),
            ("moderator, in review", &moderator, &review, NOW, vec![A::View, A::Approve]),
            (
                "admin, in review",
                &admin,
                &review,
                NOW,
                vec![A::View, A::ReadDetails, A::SeeInside, A::Approve, A::FundEscrow, A::Cancel],
            ),
            ("anonymous, open", &anonymous, &open, NOW, vec![A::View]),
            ("member, open", &member, &open, NOW, vec![A::View, A::AcceptAgreement, A::Ask]),
            ("solver, open", &solver, &open, NOW, vec![A::View, A::ReadDetails, A::AcceptAgreement, A::Solve, A::Ask]),
            (
                "manager, open",
                &manager,
                &open,
                NOW,
                vec![A::View, A::ReadDetails, A::SeeInside, A::Cancel, A::Ask, A::Answer],
            ),
            ("solver, judging", &solver, &open, after, vec![A::View, A::ReadDetails, A::Ask]),
            (
                "judge, judging",
                &judge,
                &open,
                after,
                vec![A::View, A::ReadDetails, A::SeeInside, A::ViewBoard, A::Score, A::Ask],
            ),
            (
                "manager, judging",
                &manager,
                &open,
                after,
                vec![A::View, A::ReadDetails, A::SeeInside, A::ViewBoard, A::Score, A::Award, A::Ask, A::Answer],
            ),
            (
                "admin, judging",
                &admin,
                &open,
                after,
                vec![A::View, A::ReadDetails, A::SeeInside, A::FundEscrow, A::ViewBoard, A::Close, A::Cancel, A::Ask],
            ),
            (
                "manager, awarded",
                &manager,
                &awarded,
                after,
                vec![
                    A::View,
                    A::ReadDetails,
                    A::SeeInside,
                    A::ViewBoard,
                    A::Score,
                    A::Award,
                    A::Close,
                    A::Ask,
                    A::Answer,
                ],
            ),
        ];
        for (name, access, challenge, now, expected) in cases {
            assert_eq!(access.allowed_actions(challenge, now), expected, "{name}");
        }
    }

    #[test]
    fn refusals_name_the_rule() {
        let manager = viewer(Some(OrgRole::Manager), false, false, false);
        let after = NOW + Duration::days(31);
        let open = at(Status::Open, true, true);
        assert_eq!(manager.may(A::Close, &open, after), Err(Refused::NoAwards));
        assert_eq!(manager.may(A::Cancel, &open, after), Err(Refused::DeadlinePassed));
        assert_eq!(manager.may(A::Award, &open, NOW), Err(Refused::NotJudging));
        assert_eq!(manager.may(A::SubmitForReview, &open, NOW), Err(Refused::WrongStatus));
        let member = viewer(None, false, false, false);
        assert_eq!(member.may(A::Solve, &open, NOW), Err(Refused::Forbidden));
        assert_eq!(member.may(A::View, &at(Status::InReview, false, false), NOW), Err(Refused::Hidden));
        assert_eq!(member.may_read_solution(&open, UserId::new(50), false, NOW), Ok(()), "one's own");
        assert_eq!(member.may_read_solution(&open, UserId::new(51), false, NOW), Err(Refused::Hidden));
        let after = NOW + Duration::days(31);
        for insider in [manager.clone(), viewer(Some(OrgRole::Judge), false, false, false)] {
            assert_eq!(insider.may_read_solution(&open, UserId::new(51), true, NOW), Err(Refused::Sealed), "sealed");
            assert_eq!(insider.may(A::ViewBoard, &open, NOW), Err(Refused::Sealed));
            assert_eq!(insider.may_read_solution(&open, UserId::new(51), false, after), Ok(()), "after the deadline");
        }
        let admin = viewer(None, true, true, false);
        assert_eq!(admin.may_read_solution(&open, UserId::new(51), false, NOW), Err(Refused::Sealed));
        assert_eq!(admin.may_read_solution(&open, UserId::new(51), true, NOW), Ok(()), "opened with a reason");
        let judged = at(Status::Open, true, true);
        let judge = viewer(Some(OrgRole::Judge), false, false, false);
        assert_eq!(judge.permitted(A::Score, &judged, Some(UserId::new(50))), Err(Refused::Forbidden), "own solution");
        assert_eq!(judge.permitted(A::Score, &judged, Some(UserId::new(51))), Ok(()));
    }
}
