//! Idea contests: the brief, the windows, the vote budget and the terms.

use time::OffsetDateTime;

use crate::invalid::{FieldErrors, Invalid};
use crate::text::{Slug, line_type, markdown_type};

line_type!(
    /// A contest's title.
    ContestTitle,
    120
);

markdown_type!(
    /// A contest's brief (Markdown).
    Brief,
    20_000
);

markdown_type!(
    /// The IP terms of a contest (Markdown): licence on selection, reversion on abandonment.
    IpTerms,
    10_000
);

/// A category: a slug of 2 to 40 characters, such as `kitchen` or `mobility`.
pub type Category = Slug;

/// Parses a category.
pub fn parse_category(raw: &str) -> Result<Category, Invalid> {
    Slug::parse_bounded(raw, 2, 40)
}

/// A share in basis points: 0 to 10,000 (100.00 %).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BasisPoints(u16);

impl BasisPoints {
    /// All of it.
    pub const FULL: Self = Self(10_000);

    /// A share known when the program is written (clamped to 100 %).
    pub const fn of(bp: u16) -> Self {
        Self(if bp > 10_000 { 10_000 } else { bp })
    }

    /// Parses a number of basis points.
    pub fn new(raw: i64) -> Result<Self, Invalid> {
        u16::try_from(raw).ok().filter(|bp| *bp <= 10_000).map(Self).ok_or(Invalid::OutOfRange { min: 0, max: 10_000 })
    }

    /// The value.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// How many votes each member may cast in a contest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteBudget(u32);

impl VoteBudget {
    /// The largest budget accepted.
    pub const MAX: u32 = 1_000;

    /// Parses a budget of 1 to 1,000 votes.
    pub fn new(raw: i64) -> Result<Self, Invalid> {
        u32::try_from(raw)
            .ok()
            .filter(|b| (1..=Self::MAX).contains(b))
            .map(Self)
            .ok_or(Invalid::OutOfRange { min: 1, max: i64::from(Self::MAX) })
    }

    /// The number of votes.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// The number of votes at which a contest's `submitted` idea is shortlisted by itself, the community
/// deciding without a manager's click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteThreshold(u32);

impl VoteThreshold {
    /// The largest threshold accepted.
    pub const MAX: u32 = 1_000_000;

    /// Parses a threshold of 1 to 1,000,000 votes.
    pub fn new(raw: i64) -> Result<Self, Invalid> {
        u32::try_from(raw)
            .ok()
            .filter(|t| (1..=Self::MAX).contains(t))
            .map(Self)
            .ok_or(Invalid::OutOfRange { min: 1, max: i64::from(Self::MAX) })
    }

    /// The number of votes.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether an idea with `votes` votes has reached it.
    pub fn reached_by(self, votes: i64) -> bool {
        votes >= i64::from(self.0)
    }
}

/// When ideas may be submitted and votes cast. Both close at the given instants; both are open from
/// the contest's approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    /// Submissions close here.
    pub submission_closes_at: OffsetDateTime,
    /// Voting closes here (not before submissions close).
    pub voting_closes_at: OffsetDateTime,
}

impl Windows {
    /// Checks new windows: both in the future, voting closing no earlier than submissions.
    pub fn parse(
        submission_closes_at: OffsetDateTime,
        voting_closes_at: OffsetDateTime,
        now: OffsetDateTime,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let mut ok = true;
        if submission_closes_at <= now {
            errors.add("submission_closes_at", Invalid::InPast);
            ok = false;
        }
        if voting_closes_at <= now {
            errors.add("voting_closes_at", Invalid::InPast);
            ok = false;
        } else if voting_closes_at < submission_closes_at {
            errors.add("voting_closes_at", Invalid::BeforeOther);
            ok = false;
        }
        ok.then_some(Self { submission_closes_at, voting_closes_at })
    }

    /// Whether ideas can be submitted at `now`.
    pub fn accepts_ideas(&self, now: OffsetDateTime) -> bool {
        now < self.submission_closes_at
    }

    /// Whether votes can be cast or withdrawn at `now`.
    pub fn accepts_votes(&self, now: OffsetDateTime) -> bool {
        now < self.voting_closes_at
    }

    /// The phase at `now`, and when it ends (none once the results stand).
    pub fn phase(&self, now: OffsetDateTime) -> (Phase, Option<OffsetDateTime>) {
        if self.accepts_ideas(now) {
            (Phase::Submission, Some(self.submission_closes_at))
        } else if self.accepts_votes(now) {
            (Phase::Voting, Some(self.voting_closes_at))
        } else {
            (Phase::Results, None)
        }
    }
}

/// Where a public contest stands, as its page shows it in steps: ideas are taken (and voted on)
/// until submissions close, then votes until voting closes, then the results stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Taking ideas and votes.
    Submission,
    /// Taking votes only.
    Voting,
    /// Voting closed.
    Results,
}

impl Phase {
    /// The phases in order.
    pub const ALL: [Self; 3] = [Self::Submission, Self::Voting, Self::Results];

    /// The phase's name in messages and catalogs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submission => "submission",
            Self::Voting => "voting",
            Self::Results => "results",
        }
    }
}

/// Everything needed to create a contest, already parsed.
#[derive(Clone, Debug)]
pub struct NewContest {
    /// The title.
    pub title: ContestTitle,
    /// The brief.
    pub brief: Brief,
    /// The category.
    pub category: Category,
    /// The windows.
    pub windows: Windows,
    /// Votes per member, if limited.
    pub vote_budget: Option<VoteBudget>,
    /// The votes at which an idea is shortlisted by itself, if the contest sets one.
    pub shortlist_at: Option<VoteThreshold>,
    /// The share of net revenue paid to contributors.
    pub influence_pool: BasisPoints,
    /// The IP terms.
    pub ip_terms: IpTerms,
}

/// A contest's raw fields, as a form or JSON body gives them.
#[derive(Clone, Debug, Default)]
pub struct ContestInput<'a> {
    /// Title text.
    pub title: &'a str,
    /// Brief text.
    pub brief: &'a str,
    /// Category text.
    pub category: &'a str,
    /// Submission close, parsed by the caller (None when missing or malformed).
    pub submission_closes_at: Option<OffsetDateTime>,
    /// Voting close.
    pub voting_closes_at: Option<OffsetDateTime>,
    /// Vote budget, if any.
    pub vote_budget: Option<i64>,
    /// Shortlisting threshold, if any.
    pub shortlist_at: Option<i64>,
    /// Influence pool in basis points.
    pub influence_pool_bp: Option<i64>,
    /// IP terms text.
    pub ip_terms: &'a str,
}

impl NewContest {
    /// Parses a contest, naming every refused field.
    pub fn parse(input: &ContestInput<'_>, now: OffsetDateTime) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", ContestTitle::parse(input.title));
        let brief = errors.check("brief", Brief::parse(input.brief));
        let category = errors.check("category", parse_category(input.category));
        let ip_terms = errors.check("ip_terms", IpTerms::parse(input.ip_terms));
        let pool = errors
            .check("influence_pool_bp", input.influence_pool_bp.ok_or(Invalid::Required).and_then(BasisPoints::new));
        let vote_budget = match input.vote_budget {
            Some(raw) => errors.check("vote_budget", VoteBudget::new(raw)).map(Some),
            None => Some(None),
        };
        let shortlist_at = match input.shortlist_at {
            Some(raw) => errors.check("shortlist_at", VoteThreshold::new(raw)).map(Some),
            None => Some(None),
        };
        let windows = match (input.submission_closes_at, input.voting_closes_at) {
            (Some(s), Some(v)) => Windows::parse(s, v, now, &mut errors),
            (s, v) => {
                if s.is_none() {
                    errors.add("submission_closes_at", Invalid::Required);
                }
                if v.is_none() {
                    errors.add("voting_closes_at", Invalid::Required);
                }
                None
            }
        };
        match (title, brief, category, ip_terms, pool, (vote_budget, shortlist_at), windows) {
            (
                Some(title),
                Some(brief),
                Some(category),
                Some(ip_terms),
                Some(influence_pool),
                (Some(vote_budget), Some(shortlist_at)),
                Some(windows),
            ) if errors.is_empty() => {
                Ok(Self { title, brief, category, windows, vote_budget, shortlist_at, influence_pool, ip_terms })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

    fn input() -> ContestInput<'static> {
        ContestInput {
            title: "A better kettle",
            brief: "Make tea **faster**.",
            category: "kitchen",
            submission_closes_at: Some(NOW + Duration::days(30)),
            voting_closes_at: Some(NOW + Duration::days(40)),
            vote_budget: Some(5),
            shortlist_at: Some(50),
            influence_pool_bp: Some(1_000),
            ip_terms: "Licence on selection; reverts if abandoned.",
        }
    }

    #[test]
    fn a_valid_contest_parses() {
        let contest = NewContest::parse(&input(), NOW).expect("valid");
        assert_eq!(contest.vote_budget.map(VoteBudget::get), Some(5));
        assert_eq!(contest.shortlist_at.map(VoteThreshold::get), Some(50));
        assert_eq!(contest.influence_pool.get(), 1_000);
        assert!(contest.windows.accepts_ideas(NOW));
        assert!(!contest.windows.accepts_ideas(NOW + Duration::days(30)));
        assert!(contest.windows.accepts_votes(NOW + Duration::days(35)));
    }

    #[test]
    fn the_phase_follows_the_windows_and_ends_at_the_next_close() {
        let w = NewContest::parse(&input(), NOW).expect("valid").windows;
        let cases = [
            (NOW, Phase::Submission, Some(w.submission_closes_at)),
            (w.submission_closes_at - Duration::seconds(1), Phase::Submission, Some(w.submission_closes_at)),
            (w.submission_closes_at, Phase::Voting, Some(w.voting_closes_at)),
            (w.voting_closes_at - Duration::seconds(1), Phase::Voting, Some(w.voting_closes_at)),
            (w.voting_closes_at, Phase::Results, None),
            (w.voting_closes_at + Duration::days(400), Phase::Results, None),
        ];
        for (at, phase, ends) in cases {
            assert_eq!(w.phase(at), (phase, ends), "at {at}");
        }
    }

    #[test]
    fn past_and_inverted_windows_are_refused() {
        let past = ContestInput { submission_closes_at: Some(NOW - Duration::days(1)), ..input() };
        let errors = NewContest::parse(&past, NOW).err().unwrap_or_default();
        assert_eq!(errors.get("submission_closes_at"), Some(Invalid::InPast));
        let inverted = ContestInput { voting_closes_at: Some(NOW + Duration::days(10)), ..input() };
        let errors = NewContest::parse(&inverted, NOW).err().unwrap_or_default();
        assert_eq!(errors.get("voting_closes_at"), Some(Invalid::BeforeOther));
        let missing = ContestInput { submission_closes_at: None, influence_pool_bp: None, ..input() };
        let errors = NewContest::parse(&missing, NOW).err().unwrap_or_default();
        assert_eq!(errors.get("submission_closes_at"), Some(Invalid::Required));
        assert_eq!(errors.get("influence_pool_bp"), Some(Invalid::Required));
    }

    #[test]
    fn bounds() {
        assert!(BasisPoints::new(-1).is_err() && BasisPoints::new(10_001).is_err());
        assert!(VoteBudget::new(0).is_err() && VoteBudget::new(1_001).is_err());
        assert!(VoteBudget::new(i64::MAX).is_err());
        assert!(VoteThreshold::new(0).is_err() && VoteThreshold::new(1_000_001).is_err());
        let threshold = VoteThreshold::new(50).expect("valid");
        assert!(!threshold.reached_by(49) && threshold.reached_by(50) && threshold.reached_by(51));
        let refused = ContestInput { shortlist_at: Some(0), ..input() };
        let errors = NewContest::parse(&refused, NOW).err().unwrap_or_default();
        assert!(matches!(errors.get("shortlist_at"), Some(Invalid::OutOfRange { .. })));
    }

    proptest! {
        #[test]
        fn basis_points_accept_exactly_0_to_10000(raw in any::<i64>()) {
            prop_assert_eq!(BasisPoints::new(raw).is_ok(), (0..=10_000).contains(&raw));
        }

        #[test]
        fn windows_never_let_voting_close_first(s in -100i64..100, v in -100i64..100) {
            let mut errors = FieldErrors::new();
            let parsed = Windows::parse(NOW + Duration::hours(s), NOW + Duration::hours(v), NOW, &mut errors);
            if let Some(w) = parsed {
                prop_assert!(w.submission_closes_at > NOW && w.voting_closes_at >= w.submission_closes_at);
            } else {
                prop_assert!(!errors.is_empty());
            }
        }
    }
}

/// A contest as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contest {
    /// Its id.
    pub id: crate::ContestId,
    /// The organization running it.
    pub org: crate::org::Org,
    /// The content and terms.
    pub title: ContestTitle,
    /// The brief.
    pub brief: Brief,
    /// The category.
    pub category: Category,
    /// The windows.
    pub windows: Windows,
    /// Votes per member, if limited.
    pub vote_budget: Option<VoteBudget>,
    /// The votes at which an idea is shortlisted by itself, if set.
    pub shortlist_at: Option<VoteThreshold>,
    /// The influence pool.
    pub influence_pool: BasisPoints,
    /// The IP terms.
    pub ip_terms: IpTerms,
    /// When a moderator approved it (it is public only then).
    pub approved_at: Option<OffsetDateTime>,
    /// Who created it.
    pub created_by: crate::UserId,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Contest {
    /// Whether visitors may see it.
    pub fn is_public(&self) -> bool {
        self.approved_at.is_some()
    }

    /// Whether a member may approve it for publication: a moderator (or admin) who has no role in
    /// its organization, while it waits. Nobody approves their own organization's contest.
    pub fn may_approve(&self, role: crate::Role, member_of_org: bool) -> bool {
        !self.is_public() && role.can_moderate() && !member_of_org
    }
}
