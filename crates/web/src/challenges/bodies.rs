//! What the API sends about a challenge: the challenge as one viewer may see it, its questions,
//! awards and list cards. Each type is built from the use cases' views and leaves out what the
//! viewer may not read.

use ideaforge_app::{ChallengeCard, ChallengePage, ChallengeView};
use ideaforge_domain::challenge::{Award, ChallengeIpTerms, ChallengeKind, Difficulty, Question, Status};
use ideaforge_domain::money::Money;
use ideaforge_domain::{ChallengeId, QuestionId, SolutionId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::components::time::rfc3339;
use crate::components::wire::{self, MoneySchema};

/// A challenge as one viewer may see it: the confidential details and the escrow are left out
/// unless the viewer may read them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Challenge)]
pub struct ChallengeBody {
    #[schema(value_type = String)]
    id: ChallengeId,
    title: String,
    public_statement: String,
    #[serde(rename = "type")]
    #[schema(schema_with = wire::challenge_kind)]
    kind: ChallengeKind,
    #[schema(schema_with = wire::difficulty)]
    difficulty: Difficulty,
    category: String,
    #[schema(value_type = MoneySchema)]
    award: Money,
    award_split_bp: Vec<u16>,
    #[schema(format = DateTime)]
    submission_deadline: String,
    criteria: Vec<CriterionOut>,
    #[schema(schema_with = wire::challenge_ip_terms)]
    ip_terms: ChallengeIpTerms,
    anonymous: bool,
    /// The language its title and statement are written in (BCP 47 tag), chosen by the seeker or
    /// detected; absent when neither tells.
    #[schema(value_type = Option<String>, example = "ko")]
    language: Option<&'static str>,
    /// Null for outsiders of an anonymous challenge.
    seeker: Option<SeekerBody>,
    #[schema(schema_with = wire::challenge_status)]
    status: Status,
    approved: bool,
    #[schema(value_type = MoneySchema)]
    fee: Money,
    #[schema(value_type = MoneySchema)]
    required_escrow: Money,
    #[schema(format = DateTime)]
    opened_at: Option<String>,
    #[schema(value_type = Option<String>)]
    my_solution_id: Option<SolutionId>,
    #[schema(format = DateTime)]
    agreement_accepted_at: Option<String>,
    /// Why an administrator ended it without paying its awards (public).
    end_reason: Option<String>,
    /// How many solutions have arrived (the seeker organization and admins only: before the
    /// deadline, all they see of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    solutions: Option<u32>,
    /// Only for those who accepted the agreement, the seeker organization and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidential_details: Option<String>,
    /// Only for the seeker organization and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<MoneySchema>)]
    escrow: Option<Money>,
}

/// A judging criterion.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOut {
    name: String,
    weight: u8,
}

/// The seeker, for those who may know it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerBody {
    slug: String,
    name: String,
}

impl From<&ChallengeView> for ChallengeBody {
    fn from(c: &ChallengeView) -> Self {
        Self {
            id: c.id,
            title: c.title.clone(),
            public_statement: c.statement.as_str().to_owned(),
            kind: c.kind,
            difficulty: c.difficulty,
            category: c.category.as_str().to_owned(),
            award: c.award,
            award_split_bp: c.split.iter().map(|b| b.get()).collect(),
            submission_deadline: rfc3339(c.deadline),
            criteria: c
                .criteria
                .as_slice()
                .iter()
                .map(|k| CriterionOut { name: k.name.as_str().to_owned(), weight: k.weight })
                .collect(),
            ip_terms: c.ip_terms,
            anonymous: c.anonymous,
            language: c.language.map(|l| l.as_str()),
            seeker: c
                .seeker
                .as_ref()
                .map(|o| SeekerBody { slug: o.slug.as_str().to_owned(), name: o.name.as_str().to_owned() }),
            status: c.status,
            approved: c.approved,
            fee: c.fee,
            required_escrow: c.required_escrow,
            opened_at: c.opened_at.map(rfc3339),
            my_solution_id: c.my_solution,
            agreement_accepted_at: c.access.accepted.as_ref().map(|a| rfc3339(a.accepted_at)),
            end_reason: c.end_reason.as_ref().map(|r| r.as_str().to_owned()),
            solutions: c.access.is_insider().then_some(c.solutions),
            confidential_details: c.details.as_ref().map(|d| d.as_str().to_owned()),
            escrow: c.escrow,
        }
    }
}

/// A public question and its answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Question)]
pub struct QuestionOut {
    #[schema(value_type = String)]
    id: QuestionId,
    asker: String,
    body: String,
    answer: Option<String>,
    #[schema(format = DateTime)]
    asked_at: String,
    #[schema(format = DateTime)]
    answered_at: Option<String>,
}

impl From<&Question> for QuestionOut {
    fn from(q: &Question) -> Self {
        Self {
            id: q.id,
            asker: q.asker_name.clone(),
            body: q.body.as_str().to_owned(),
            answer: q.answer.as_ref().map(|a| a.as_str().to_owned()),
            asked_at: rfc3339(q.asked_at),
            answered_at: q.answered_at.map(rfc3339),
        }
    }
}

/// An award; which solution it went to and the fee on it only for the seeker's people and admins.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Award)]
pub struct AwardOut {
    /// The place of the published split it fills (1 = first).
    place: u8,
    share_bp: u16,
    #[schema(value_type = MoneySchema)]
    amount: Money,
    #[schema(schema_with = wire::challenge_ip_terms)]
    ip_terms: ChallengeIpTerms,
    #[schema(format = DateTime)]
    awarded_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    solution_id: Option<SolutionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<MoneySchema>)]
    fee: Option<Money>,
}

impl AwardOut {
    pub(super) fn new(a: &Award, insider: bool) -> Self {
        Self {
            place: a.place,
            share_bp: a.share.get(),
            amount: a.amount,
            ip_terms: a.ip_terms,
            awarded_at: rfc3339(a.awarded_at),
            solution_id: insider.then_some(a.solution),
            fee: insider.then_some(a.fee),
        }
    }
}

/// A challenge's page: the challenge, its questions and its awards.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ChallengePage)]
pub struct PageBody {
    #[serde(flatten)]
    challenge: ChallengeBody,
    questions: Vec<QuestionOut>,
    awards: Vec<AwardOut>,
}

impl From<&ChallengePage> for PageBody {
    fn from(page: &ChallengePage) -> Self {
        let insider = page.challenge.access.is_insider();
        Self {
            challenge: ChallengeBody::from(&page.challenge),
            questions: page.questions.iter().map(QuestionOut::from).collect(),
            awards: page.awards.iter().map(|a| AwardOut::new(a, insider)).collect(),
        }
    }
}

/// A challenge in a list; the escrow only on the seeker's and admins' lists.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ChallengeCard)]
pub struct CardOut {
    #[schema(value_type = String)]
    id: ChallengeId,
    title: String,
    #[serde(rename = "type")]
    #[schema(schema_with = wire::challenge_kind)]
    kind: ChallengeKind,
    #[schema(schema_with = wire::difficulty)]
    difficulty: Difficulty,
    category: String,
    #[schema(value_type = MoneySchema)]
    award: Money,
    #[schema(format = DateTime)]
    submission_deadline: String,
    #[schema(schema_with = wire::challenge_status)]
    status: Status,
    /// The seeker's name; null for an anonymous challenge.
    seeker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<MoneySchema>)]
    escrow: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<MoneySchema>)]
    required_escrow: Option<Money>,
}

impl From<&ChallengeCard> for CardOut {
    fn from(c: &ChallengeCard) -> Self {
        Self {
            id: c.id,
            title: c.title.clone(),
            kind: c.kind,
            difficulty: c.difficulty,
            category: c.category.clone(),
            award: c.award,
            submission_deadline: rfc3339(c.deadline),
            status: c.status,
            seeker: c.seeker.clone(),
            escrow: c.escrow,
            required_escrow: c.escrow.map(|_| c.required_escrow),
        }
    }
}
