//! What the web layer is handed about challenges: views that hold only what the viewer may see, and
//! the actions the domain allows them.

use ideaforge_domain::challenge::{Access, ChallengeAction};
use ideaforge_domain::challenge::{
    Award, Challenge, ChallengeIpTerms, ChallengeKind, ConfidentialDetails, Criteria, Difficulty, EndReason,
    PublicStatement, Question, Solution, Status,
};
use ideaforge_domain::contest::{BasisPoints, Category};
use ideaforge_domain::money::Money;
use ideaforge_domain::org::Org;
use ideaforge_domain::{ChallengeId, SolutionId};
use ideaforge_store::{SolutionOpening, SolutionRevision};
use time::OffsetDateTime;

use super::ChallengesError;
use crate::Internal;

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
    /// The language its title and statement are written in, if known.
    pub language: Option<ideaforge_domain::ContentLanguage>,
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
    /// How many solutions it has received.
    pub solutions: u32,
    /// Whether its solutions are still sealed (before the deadline).
    pub sealed: bool,
    /// Why an administrator ended it without paying its awards (public).
    pub end_reason: Option<EndReason>,
    /// The endings the viewer may choose that walk away from its awards, and so ask for a public
    /// reason (closing with nothing awarded, cancelling once solutions arrived).
    pub unpaid_endings: Vec<ChallengeAction>,
}

impl ChallengeView {
    pub(super) fn new(challenge: Challenge, access: Access, now: OffsetDateTime) -> Result<Self, ChallengesError> {
        let status = challenge.status_at(now);
        let actions = access.allowed_actions(&challenge, now);
        let mut unpaid_endings = Vec::new();
        for (action, to) in [(ChallengeAction::Close, Status::Closed), (ChallengeAction::Cancel, Status::Cancelled)] {
            if actions.contains(&action) && challenge.ends_unpaid(to) {
                unpaid_endings.push(action);
            }
        }
        let (solutions, end_reason, sealed) =
            (challenge.solutions, challenge.end_reason.clone(), challenge.sealed(now));
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
            language: terms.language,
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
            solutions,
            sealed,
            end_reason,
            unpaid_endings,
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
    /// Each time an administrator opened it while it was sealed, and why.
    pub openings: Vec<SolutionOpening>,
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
    /// Whether its author belongs to the seeker organization now (it can never be awarded).
    pub author_in_seeker: bool,
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
    /// The places of the published split not yet awarded: place (1 = first) and its share.
    pub open_places: Vec<(u8, BasisPoints)>,
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
    /// The public statement (never the confidential details).
    pub statement: PublicStatement,
    /// When it opened to solvers.
    pub opened_at: Option<OffsetDateTime>,
    /// The language its title and statement are written in, if known.
    pub language: Option<ideaforge_domain::ContentLanguage>,
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
