//! The rules for casting a vote. [`check_vote`] decides whether a vote may be attempted at all;
//! [`within_budget`] is the budget rule the store applies to the member's count while it holds
//! that count locked, and the database's unique row makes a vote count once.

use time::OffsetDateTime;

use crate::contest::{VoteBudget, Windows};
use crate::idea::Stage;

/// Why a vote was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VoteRefused {
    /// Members cannot vote on their own ideas.
    #[error("you cannot vote on your own idea")]
    OwnIdea,
    /// The contest's voting window has closed.
    #[error("voting has closed")]
    VotingClosed,
    /// The idea is withdrawn, rejected, abandoned or merged.
    #[error("this idea no longer takes votes")]
    NotVotable,
    /// The member has used every vote the contest allows.
    #[error("you have used all {0} of your votes in this contest")]
    BudgetExhausted(u32),
    /// Votes count only from confirmed e-mail addresses (one person, one vote: throwaway accounts
    /// cannot move a contest).
    #[error("confirm your e-mail address to vote")]
    Unconfirmed,
}

/// What the rules need to know about the idea and its contest.
#[derive(Clone, Copy, Debug)]
pub struct VoteContext {
    /// Whether the voter confirmed their e-mail address.
    pub voter_confirmed: bool,
    /// Whether the voter is one of the idea's authors.
    pub voter_is_author: bool,
    /// The idea's stage.
    pub stage: Stage,
    /// The contest's windows, if the idea is in a contest (open ideas take votes at any time).
    pub windows: Option<Windows>,
}

/// Whether a vote may be cast (or withdrawn) now.
pub fn check_vote(context: &VoteContext, now: OffsetDateTime) -> Result<(), VoteRefused> {
    if context.voter_is_author {
        return Err(VoteRefused::OwnIdea);
    }
    if !context.voter_confirmed {
        return Err(VoteRefused::Unconfirmed);
    }
    if let Some(windows) = context.windows
        && !windows.accepts_votes(now)
    {
        return Err(VoteRefused::VotingClosed);
    }
    if !context.stage.is_votable() {
        return Err(VoteRefused::NotVotable);
    }
    Ok(())
}

/// Whether another vote fits in the budget, given the votes already cast in the contest.
pub fn within_budget(budget: Option<VoteBudget>, used: u32) -> Result<(), VoteRefused> {
    match budget {
        Some(budget) if used >= budget.get() => Err(VoteRefused::BudgetExhausted(budget.get())),
        _ => Ok(()),
    }
}

/// The "trending" sort key: more votes rank higher, newer ideas rank higher, and a vote is worth
/// about 12.5 hours of age per tenfold (as Reddit's "hot"). It depends only on the vote count and the
/// creation time, so it can be stored and indexed.
pub fn trending_score(votes: i64, created_at: OffsetDateTime) -> f64 {
    let magnitude = (votes.max(1) as f64).log10();
    magnitude + created_at.unix_timestamp() as f64 / 45_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

    fn windows(closes_in_hours: i64) -> Windows {
        Windows { submission_closes_at: NOW, voting_closes_at: NOW + Duration::hours(closes_in_hours) }
    }

    #[test]
    fn rules() {
        let open = VoteContext {
            voter_confirmed: true,
            voter_is_author: false,
            stage: Stage::Submitted,
            windows: Some(windows(1)),
        };
        let unconfirmed = VoteContext { voter_confirmed: false, ..open };
        assert_eq!(check_vote(&unconfirmed, NOW), Err(VoteRefused::Unconfirmed), "confirmed addresses only");
        assert_eq!(check_vote(&open, NOW), Ok(()));
        assert_eq!(check_vote(&VoteContext { voter_is_author: true, ..open }, NOW), Err(VoteRefused::OwnIdea));
        assert_eq!(check_vote(&VoteContext { windows: Some(windows(0)), ..open }, NOW), Err(VoteRefused::VotingClosed));
        assert_eq!(check_vote(&VoteContext { stage: Stage::Withdrawn, ..open }, NOW), Err(VoteRefused::NotVotable));
        assert_eq!(check_vote(&VoteContext { windows: None, ..open }, NOW + Duration::days(999)), Ok(()));
    }

    #[test]
    fn trending_prefers_new_ideas_with_equal_votes() {
        assert!(trending_score(10, NOW) > trending_score(10, NOW - Duration::days(1)));
        assert!(trending_score(100, NOW) > trending_score(10, NOW));
    }

    proptest! {
        #[test]
        fn the_budget_admits_exactly_budget_votes(budget in 1i64..50, used in 0u32..100) {
            let budget = VoteBudget::new(budget).expect("valid");
            prop_assert_eq!(within_budget(Some(budget), used).is_ok(), used < budget.get());
            prop_assert!(within_budget(None, used).is_ok());
        }

        #[test]
        fn trending_grows_with_votes(votes in 1i64..1_000_000, hours in 0i64..10_000) {
            let at = NOW - Duration::hours(hours);
            prop_assert!(trending_score(votes + 1, at) >= trending_score(votes, at));
        }
    }
}
