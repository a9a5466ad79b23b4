//! Stage moves decided whole: whether the mover may make it, the register records it writes
//! (a licence on selection, reversion on abandonment) and who is told. The store loads the idea
//! under its lock, asks [`plan_move`] and applies the plan.

use super::{Mover, Reason, Stage, StageError};
use crate::contest::VoteThreshold;
use crate::ip::NewRecord;
use crate::notification::{IdeaRef, Notice};
use crate::{Invalid, UserId};

/// An idea as a stage move sees it, loaded under the store's lock.
#[derive(Clone, Debug)]
pub struct MovingIdea<'a> {
    /// The idea as notices name it.
    pub idea: IdeaRef,
    /// Where it stands now.
    pub stage: Stage,
    /// Its authors, first author first.
    pub authors: &'a [UserId],
    /// The members following it.
    pub followers: &'a [UserId],
    /// The SHA-256 of its current text.
    pub content_sha256: &'a str,
    /// Its contest, when it is in one.
    pub contest: Option<SelectingContest<'a>>,
    /// Whether influence shares were set before.
    pub shares_set: bool,
}

/// What a stage move writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovePlan {
    /// The stage it was at (the store's compare-and-set).
    pub from: Stage,
    /// The stage it moves to.
    pub to: Stage,
    /// The register records, in order.
    pub records: Vec<NewRecord>,
    /// What the concerned are told.
    pub notice: Notice,
    /// Who is told: its authors and followers, each once, never the mover.
    pub told: Vec<UserId>,
}

/// Why a move cannot be planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    /// The move is not allowed from here, or not for this mover.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// The idea has no authors to give rights to.
    #[error("the idea has no authors")]
    NoAuthors,
}

/// Plans moving `idea` to `to`, asked by `actor` as `mover`, for `reason`.
pub fn plan_move(
    idea: &MovingIdea<'_>,
    to: Stage,
    mover: Mover,
    actor: UserId,
    reason: &Reason,
) -> Result<MovePlan, MoveRefused> {
    let to = idea.stage.move_to(to, mover)?;
    let records = stage_records(idea.idea.id, to, idea.content_sha256, idea.authors, idea.contest, idea.shares_set)
        .map_err(|_: Invalid| MoveRefused::NoAuthors)?;
    let mut told: Vec<UserId> = Vec::with_capacity(idea.authors.len() + idea.followers.len());
    for user in idea.authors.iter().chain(idea.followers) {
        if *user != actor && !told.contains(user) {
            told.push(*user);
        }
    }
    let notice = Notice::StageChanged {
        idea: idea.idea.clone(),
        from: idea.stage,
        to,
        reason: reason.as_str().to_owned(),
        by_votes: None,
    };
    Ok(MovePlan { from: idea.stage, to, records, notice, told })
}

/// Whether an idea at `stage` with `votes` votes is due to be shortlisted by its contest's
/// `threshold`: only a `submitted` idea moves by itself, and only once it has the votes.
pub fn due_for_shortlist(stage: Stage, votes: i64, threshold: Option<VoteThreshold>) -> bool {
    stage == Stage::Submitted && threshold.is_some_and(|t| t.reached_by(votes))
}

/// Plans the community's move: an idea still `submitted` whose votes reached its contest's
/// `threshold` moves to `shortlisted`, with the threshold as its reason, and its authors and
/// followers are told as for any move. `None` when it is not due (already moved, or short of votes),
/// so a vote after the move changes nothing.
pub fn plan_shortlist_by_votes(idea: &MovingIdea<'_>, votes: i64, threshold: VoteThreshold) -> Option<MovePlan> {
    if !due_for_shortlist(idea.stage, votes, Some(threshold)) {
        return None;
    }
    let to = Stage::Shortlisted;
    let records =
        stage_records(idea.idea.id, to, idea.content_sha256, idea.authors, idea.contest, idea.shares_set).ok()?;
    let mut told: Vec<UserId> = Vec::with_capacity(idea.authors.len() + idea.followers.len());
    for user in idea.authors.iter().chain(idea.followers) {
        if !told.contains(user) {
            told.push(*user);
        }
    }
    let notice = Notice::StageChanged {
        idea: idea.idea.clone(),
        from: idea.stage,
        to,
        reason: String::new(),
        by_votes: Some(i64::from(threshold.get())),
    };
    Some(MovePlan { from: idea.stage, to, records, notice, told })
}

/// The contest an idea was selected in, as its register records name it.
#[derive(Clone, Copy, Debug)]
pub struct SelectingContest<'a> {
    /// The contest.
    pub id: crate::ContestId,
    /// Its organization, the licensee.
    pub org: crate::OrgId,
    /// Its published IP terms.
    pub ip_terms: &'a str,
}

/// The register records a stage move writes: on abandonment every right reverts to the authors;
/// on selection the contest's organization is licensed under its published terms and, unless shares
/// were set before, the authors get equal influence shares. Other moves write none.
fn stage_records(
    idea: crate::IdeaId,
    to: Stage,
    content_sha256: &str,
    authors: &[UserId],
    contest: Option<SelectingContest<'_>>,
    shares_already_set: bool,
) -> Result<Vec<NewRecord>, Invalid> {
    use crate::ip::{NewRecord, Party, RecordKind, Shares, Subject};
    let subject = Subject::Idea(idea);
    let authors_as_parties = || authors.iter().map(|a| Party::User(*a)).collect::<Vec<_>>();
    let mut records = Vec::new();
    match to {
        Stage::Abandoned => records.push(NewRecord {
            kind: RecordKind::Reverted,
            subject,
            parties: authors_as_parties(),
            terms: "Development was abandoned: every right reverts to the contributors.".to_owned(),
            content_sha256: content_sha256.to_owned(),
        }),
        Stage::Selected => {
            if let Some(contest) = contest {
                records.push(NewRecord {
                    kind: RecordKind::LicenceGranted,
                    subject,
                    parties: vec![Party::Org(contest.org)],
                    terms: format!(
                        "Licence on selection under the IP terms of contest {}:\n{}",
                        contest.id, contest.ip_terms
                    ),
                    content_sha256: content_sha256.to_owned(),
                });
            }
            if !shares_already_set {
                let terms = Shares::for_authors(authors)?.to_terms();
                records.push(NewRecord {
                    kind: RecordKind::InfluenceSharesSet,
                    subject,
                    parties: authors_as_parties(),
                    content_sha256: crate::challenge::sha256_hex(&terms),
                    terms,
                });
            }
        }
        _ => {}
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip::{Party, RecordKind};
    use crate::notification::ContestRef;
    use crate::{ContestId, IdeaId, OrgId, UserId};

    #[test]
    fn selection_licenses_the_contest_org_and_sets_equal_shares_once_and_abandonment_reverts() {
        let authors = [UserId::new(1), UserId::new(2)];
        let contest = SelectingContest { id: ContestId::new(3), org: OrgId::new(4), ip_terms: "Licence, reverting." };
        let idea = IdeaId::new(9);
        let selected = stage_records(idea, Stage::Selected, "ab", &authors, Some(contest), false).expect("records");
        let kinds: Vec<RecordKind> = selected.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, vec![RecordKind::LicenceGranted, RecordKind::InfluenceSharesSet]);
        assert_eq!(selected[0].parties, vec![Party::Org(OrgId::new(4))]);
        assert!(selected[0].terms.ends_with("Licence, reverting."));
        let again = stage_records(idea, Stage::Selected, "ab", &authors, None, true).expect("records");
        assert!(again.is_empty(), "an open idea's licence has no contest; shares are kept");
        let abandoned = stage_records(idea, Stage::Abandoned, "ab", &authors, Some(contest), true).expect("records");
        assert_eq!(abandoned.len(), 1);
        assert_eq!((abandoned[0].kind, abandoned[0].parties.len()), (RecordKind::Reverted, 2));
        assert!(stage_records(idea, Stage::Shortlisted, "ab", &authors, None, false).expect("records").is_empty());
    }

    #[test]
    fn a_move_tells_authors_and_followers_once_and_never_the_mover() {
        let authors = [UserId::new(1), UserId::new(2)];
        let followers = [UserId::new(2), UserId::new(3), UserId::new(7)];
        let contest = SelectingContest { id: ContestId::new(3), org: OrgId::new(4), ip_terms: "Licence, reverting." };
        let idea = MovingIdea {
            idea: IdeaRef {
                id: IdeaId::new(9),
                title: "Kettle".to_owned(),
                contest: Some(ContestRef { id: ContestId::new(3), title: "Kitchen".to_owned() }),
            },
            stage: Stage::Shortlisted,
            authors: &authors,
            followers: &followers,
            content_sha256: "ab",
            contest: Some(contest),
            shares_set: false,
        };
        let reason = Reason::parse("Lovely").expect("reason");
        let plan = plan_move(&idea, Stage::Selected, Mover::Manager, UserId::new(7), &reason).expect("planned");
        assert_eq!(plan.told, vec![UserId::new(1), UserId::new(2), UserId::new(3)]);
        assert_eq!((plan.from, plan.to, plan.records.len()), (Stage::Shortlisted, Stage::Selected, 2));
        assert!(matches!(plan.notice, Notice::StageChanged { from: Stage::Shortlisted, to: Stage::Selected, .. }));
        let refused = plan_move(&idea, Stage::Launched, Mover::Manager, UserId::new(7), &reason);
        assert!(matches!(refused, Err(MoveRefused::Stage(StageError::NotAllowed { .. }))));
        let by_author = plan_move(&idea, Stage::Selected, Mover::Author, UserId::new(1), &reason);
        assert!(matches!(by_author, Err(MoveRefused::Stage(StageError::NotYours(_)))));
        let lonely = MovingIdea { authors: &[], ..idea.clone() };
        assert_eq!(
            plan_move(&lonely, Stage::Selected, Mover::Manager, UserId::new(7), &reason),
            Err(MoveRefused::NoAuthors)
        );
    }

    #[test]
    fn the_community_shortlists_a_submitted_idea_once_it_has_the_votes_and_only_then() {
        let authors = [UserId::new(1)];
        let followers = [UserId::new(1), UserId::new(5)];
        let idea = MovingIdea {
            idea: IdeaRef { id: IdeaId::new(9), title: "Kettle".to_owned(), contest: None },
            stage: Stage::Submitted,
            authors: &authors,
            followers: &followers,
            content_sha256: "ab",
            contest: None,
            shares_set: false,
        };
        let threshold = VoteThreshold::new(3).expect("threshold");
        assert_eq!(plan_shortlist_by_votes(&idea, 2, threshold), None, "short of votes");
        let plan = plan_shortlist_by_votes(&idea, 3, threshold).expect("due");
        assert_eq!((plan.from, plan.to, plan.records.len()), (Stage::Submitted, Stage::Shortlisted, 0));
        assert_eq!(plan.told, vec![UserId::new(1), UserId::new(5)], "authors and followers, once each");
        assert!(matches!(plan.notice, Notice::StageChanged { by_votes: Some(3), .. }));
        for stage in Stage::ALL.into_iter().filter(|s| *s != Stage::Submitted) {
            let moved = MovingIdea { stage, ..idea.clone() };
            assert_eq!(plan_shortlist_by_votes(&moved, 100, threshold), None, "{stage} stays where it is");
        }
        assert!(!due_for_shortlist(Stage::Submitted, 1_000, None), "no threshold, no move");
    }
}
