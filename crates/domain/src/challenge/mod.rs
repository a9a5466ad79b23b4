//! Bounty challenges (the InnoCentive half): the statement, the confidential details, the award
//! pool and its split, the deadline, the judging criteria, the IP terms, the lifecycle, the
//! challenge-specific agreement, solutions, scores and awards.

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::contest::{BasisPoints, Category, parse_category};
use crate::invalid::{FieldErrors, Invalid};
use crate::ip::{NewRecord, Party, RecordKind, Subject, solution_text};
use crate::money::{Currency, MAX_MINOR, Money, MoneyError};
use crate::org::Org;
use crate::text::{line_type, markdown_type, name_enum};
use crate::{ChallengeId, QuestionId, SolutionId, UserId};

mod access;
pub mod agreement;
mod judging;
mod lifecycle;

pub use access::{Access, ChallengeAction};
pub use judging::{Award, AwardRefused, Score, Scorecard, check_award, weighted_total};
pub use lifecycle::{AwardPlan, EndPlan, NewAward, Refused, challenge_ref};

line_type!(
    /// A challenge's title.
    ChallengeTitle,
    120
);

line_type!(
    /// Why an administrator ended a challenge without paying its awards, shown on its page.
    EndReason,
    500
);

line_type!(
    /// Why an administrator opened a sealed solution, shown to its solver.
    OpeningReason,
    500
);

markdown_type!(
    /// What everyone may read: the problem in neutral language (Markdown).
    PublicStatement,
    20_000
);

markdown_type!(
    /// What only those who accepted the agreement, the seeker and admins may read (Markdown).
    ConfidentialDetails,
    50_000
);

line_type!(
    /// The name of a judging criterion.
    CriterionName,
    80
);

line_type!(
    /// A solution's title.
    SolutionTitle,
    120
);

markdown_type!(
    /// A solution's text (Markdown).
    SolutionBody,
    100_000
);

line_type!(
    /// A payment provider's reference for money received or paid out (a bank transfer's id).
    PaymentReference,
    200
);

markdown_type!(
    /// A public question or its answer (Markdown).
    QaText,
    5_000
);

name_enum!(
    /// What kind of answer the seeker wants.
    ChallengeKind {
        /// Ideas, briefly argued.
        Ideation => "ideation",
        /// A worked-out solution on paper.
        Theoretical => "theoretical",
        /// A solution with proof that it works (a prototype, data).
        ReductionToPractice => "reduction_to_practice",
        /// A proposal for a project.
        Proposal => "proposal",
    }
);

name_enum!(
    /// How hard the seeker thinks it is.
    Difficulty {
        /// Most skilled people could.
        Low => "low",
        /// Needs a specialist.
        Medium => "medium",
        /// Needs a specialist and luck.
        High => "high",
    }
);

name_enum!(
    /// What happens to the winners' intellectual property.
    ChallengeIpTerms {
        /// The winner assigns the IP to the seeker on award.
        Assign => "assign",
        /// The winner keeps the IP and licences it to the seeker on award.
        Licence => "licence",
        /// The winner keeps the IP; the seeker gets no rights beyond reading.
        SolverKeeps => "solver_keeps",
    }
);

name_enum!(
    /// Where a challenge is in its life. `Judging` is not stored: an open challenge is judged once
    /// its deadline has passed (see [`Challenge::status_at`]).
    Status {
        /// Being written by the seeker.
        Draft => "draft",
        /// Waiting for a moderator's approval and for its escrow.
        InReview => "in_review",
        /// Public and taking solutions until the deadline.
        Open => "open",
        /// Past the deadline: solutions are locked and judged.
        Judging => "judging",
        /// At least one award was made.
        Awarded => "awarded",
        /// Finished; unused escrow refunded.
        Closed => "closed",
        /// Withdrawn by the seeker; all escrow refunded.
        Cancelled => "cancelled",
    }
);

/// A judging criterion and its weight (1 to 100; weights are relative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    /// What is judged.
    pub name: CriterionName,
    /// How much it counts.
    pub weight: u8,
}

/// A challenge's criteria: 1 to 10, with distinct names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criteria(Vec<Criterion>);

impl Criteria {
    /// The most criteria a challenge may have.
    pub const MAX: usize = 10;

    /// Parses `(name, weight)` pairs.
    pub fn parse(raw: &[(String, i64)]) -> Result<Self, Invalid> {
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        if raw.len() > Self::MAX {
            return Err(Invalid::TooMany { max: Self::MAX });
        }
        let mut out: Vec<Criterion> = Vec::with_capacity(raw.len());
        for (name, weight) in raw {
            let name = CriterionName::parse(name)?;
            if out.iter().any(|c| c.name.as_str().to_lowercase() == name.as_str().to_lowercase()) {
                return Err(Invalid::Taken);
            }
            let weight = u8::try_from(*weight)
                .ok()
                .filter(|w| (1..=100).contains(w))
                .ok_or(Invalid::OutOfRange { min: 1, max: 100 })?;
            out.push(Criterion { name, weight });
        }
        Ok(Self(out))
    }

    /// The criteria, in order.
    pub fn as_slice(&self) -> &[Criterion] {
        &self.0
    }
}

/// How the award pool splits among winners: 1 to 10 shares, each above zero, summing to 100 %.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardSplit(Vec<BasisPoints>);

impl AwardSplit {
    /// The most winners a challenge may plan for.
    pub const MAX: usize = 10;

    /// Parses shares in basis points.
    pub fn parse(raw: &[i64]) -> Result<Self, Invalid> {
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        if raw.len() > Self::MAX {
            return Err(Invalid::TooMany { max: Self::MAX });
        }
        let shares = raw
            .iter()
            .map(|bp| {
                BasisPoints::new(*bp).ok().filter(|b| b.get() > 0).ok_or(Invalid::OutOfRange { min: 1, max: 10_000 })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if shares.iter().map(|b| u32::from(b.get())).sum::<u32>() != 10_000 {
            return Err(Invalid::Mismatch);
        }
        Ok(Self(shares))
    }

    /// The shares, first place first.
    pub fn as_slice(&self) -> &[BasisPoints] {
        &self.0
    }
}

/// The longest a challenge may run.
pub const MAX_RUNNING: Duration = Duration::days(2 * 366);

/// Everything needed to create a challenge, already parsed.
#[derive(Clone, Debug)]
pub struct NewChallenge {
    /// The title.
    pub title: ChallengeTitle,
    /// The public statement.
    pub statement: PublicStatement,
    /// The confidential details.
    pub details: ConfidentialDetails,
    /// The kind of answer wanted.
    pub kind: ChallengeKind,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// The category.
    pub category: Category,
    /// The award pool (what winners receive in all; the fee comes on top).
    pub award: Money,
    /// How the pool splits among winners.
    pub split: AwardSplit,
    /// Solutions are taken until here.
    pub deadline: OffsetDateTime,
    /// How solutions are judged.
    pub criteria: Criteria,
    /// What happens to the winners' IP.
    pub ip_terms: ChallengeIpTerms,
    /// Whether the seeker organization stays hidden from outsiders.
    pub anonymous: bool,
    /// The language its title and statement are written in: the seeker's choice, else what the
    /// words say (filled in by the use case); `None` when neither tells.
    pub language: Option<crate::ContentLanguage>,
}

/// A challenge's raw fields, as a form or JSON body gives them.
#[derive(Clone, Debug, Default)]
pub struct ChallengeInput<'a> {
    /// Title text.
    pub title: &'a str,
    /// Public statement text.
    pub public_statement: &'a str,
    /// Confidential details text.
    pub confidential_details: &'a str,
    /// Kind name.
    pub kind: &'a str,
    /// Difficulty name.
    pub difficulty: &'a str,
    /// Category text.
    pub category: &'a str,
    /// The award pool in minor units, if given.
    pub award_minor: Option<i64>,
    /// The award's currency code.
    pub currency: &'a str,
    /// Shares in basis points.
    pub split: &'a [i64],
    /// Deadline, parsed by the caller (None when missing or malformed).
    pub deadline: Option<OffsetDateTime>,
    /// `(name, weight)` pairs.
    pub criteria: &'a [(String, i64)],
    /// IP terms name.
    pub ip_terms: &'a str,
    /// Anonymous?
    pub anonymous: bool,
    /// The language's tag, empty to detect it from the text.
    pub language: &'a str,
}

impl NewChallenge {
    /// Parses a challenge, naming every refused field.
    pub fn parse(input: &ChallengeInput<'_>, now: OffsetDateTime) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", ChallengeTitle::parse(input.title));
        let statement = errors.check("public_statement", PublicStatement::parse(input.public_statement));
        let details = errors.check("confidential_details", ConfidentialDetails::parse(input.confidential_details));
        let kind = errors.check("type", input.kind.parse::<ChallengeKind>());
        let difficulty = errors.check("difficulty", input.difficulty.parse::<Difficulty>());
        let category = errors.check("category", parse_category(input.category));
        let currency = errors.check("currency", Currency::parse(input.currency));
        let award = match (input.award_minor, currency) {
            (None, _) => {
                errors.add("award", Invalid::Required);
                None
            }
            (Some(minor), Some(currency)) if (1..=MAX_MINOR).contains(&minor) => Some(Money::new(minor, currency)),
            (Some(_), Some(_)) => {
                errors.add("award", Invalid::OutOfRange { min: 1, max: MAX_MINOR });
                None
            }
            (Some(_), None) => None,
        };
        let split = errors.check("award_split_bp", AwardSplit::parse(input.split));
        let criteria = errors.check("criteria", Criteria::parse(input.criteria));
        let ip_terms = errors.check("ip_terms", input.ip_terms.parse::<ChallengeIpTerms>());
        let language = errors.check("language", crate::ContentLanguage::choice(input.language)).flatten();
        let deadline = match input.deadline {
            None => {
                errors.add("submission_deadline", Invalid::Required);
                None
            }
            Some(at) if at <= now => {
                errors.add("submission_deadline", Invalid::InPast);
                None
            }
            Some(at) if at > now + MAX_RUNNING => {
                errors.add("submission_deadline", Invalid::Malformed);
                None
            }
            Some(at) => Some(at),
        };
        match (title, statement, details, kind, difficulty, category, award, split, criteria, ip_terms, deadline) {
            (
                Some(title),
                Some(statement),
                Some(details),
                Some(kind),
                Some(difficulty),
                Some(category),
                Some(award),
                Some(split),
                Some(criteria),
                Some(ip_terms),
                Some(deadline),
            ) if errors.is_empty() => Ok(Self {
                title,
                statement,
                details,
                kind,
                difficulty,
                category,
                award,
                split,
                deadline,
                criteria,
                ip_terms,
                anonymous: input.anonymous,
                language,
            }),
            _ => Err(errors),
        }
    }
}

/// The platform's fee on `amount`: `fee_bp` basis points, rounded down to the minor unit, so that
/// fees on the parts of a pool never add up to more than the fee on the whole pool.
pub fn fee_on(amount: Money, fee_bp: u16) -> Result<Money, MoneyError> {
    let product = i128::from(amount.minor()) * i128::from(fee_bp);
    let minor = i64::try_from(product.div_euclid(10_000)).map_err(|_| MoneyError::Overflow)?;
    Ok(Money::new(minor, amount.currency()))
}

/// `share_bp` of `pool`, rounded down, so that the shares never add up to more than the pool.
pub fn share_of(pool: Money, share_bp: u16) -> Result<Money, MoneyError> {
    fee_on(pool, share_bp)
}

/// A challenge as stored.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// Its id.
    pub id: ChallengeId,
    /// The seeker organization (never shown to outsiders when `anonymous`).
    pub org: Org,
    /// The content and terms.
    pub terms: NewChallenge,
    /// The stored status (see [`Challenge::status_at`] for the effective one).
    pub status: Status,
    /// The platform's fee rate, fixed when the challenge was created.
    pub fee_bp: u16,
    /// When a moderator approved it.
    pub approved_at: Option<OffsetDateTime>,
    /// When it opened (it is public from then on).
    pub opened_at: Option<OffsetDateTime>,
    /// Who created it.
    pub created_by: UserId,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// How many solutions it has received (what its seeker sees of them before the deadline).
    pub solutions: u32,
    /// Why an administrator ended it without paying its awards.
    pub end_reason: Option<EndReason>,
}

impl Challenge {
    /// The status at `now`: an open challenge is being judged once its deadline has passed.
    pub fn status_at(&self, now: OffsetDateTime) -> Status {
        match self.status {
            Status::Open if now >= self.terms.deadline => Status::Judging,
            other => other,
        }
    }

    /// Whether visitors may see its public statement (it has opened).
    pub fn is_public(&self) -> bool {
        self.opened_at.is_some()
    }

    /// The fee on the whole pool.
    pub fn fee(&self) -> Result<Money, MoneyError> {
        fee_on(self.terms.award, self.fee_bp)
    }

    /// What the seeker must put in escrow before it opens: the pool plus the fee.
    pub fn required_escrow(&self) -> Result<Money, MoneyError> {
        self.terms.award.checked_add(self.fee()?)
    }

    /// Whether its solutions are sealed at `now`: until the submission deadline nobody in the
    /// seeker organization reads them (they see only how many arrived).
    pub fn sealed(&self, now: OffsetDateTime) -> bool {
        now < self.terms.deadline
    }

    /// Whether solutions may be submitted or revised at `now`.
    pub fn takes_solutions(&self, now: OffsetDateTime) -> bool {
        self.status_at(now) == Status::Open
    }

    /// Whether solutions may be scored and awarded at `now`.
    pub fn is_judged(&self, now: OffsetDateTime) -> bool {
        matches!(self.status_at(now), Status::Judging | Status::Awarded)
    }

    /// The solver's award and the fee on it for a share of the pool.
    pub fn award_amounts(&self, share: BasisPoints) -> Result<(Money, Money), MoneyError> {
        let award = share_of(self.terms.award, share.get())?;
        Ok((award, fee_on(award, self.fee_bp)?))
    }

    /// The challenge-specific agreement a solver accepts before reading the details or submitting,
    /// in `language` (see [`agreement`]). Its SHA-256 is recorded with each acceptance, so the
    /// exact text accepted can be proven.
    pub fn agreement_text(&self, language: crate::Language) -> String {
        agreement::text(self, language)
    }
}

/// The register record of a member accepting a challenge's agreement (the text's SHA-256).
pub fn agreement_record(challenge: ChallengeId, user: UserId, agreement_sha256: &str) -> NewRecord {
    NewRecord {
        kind: RecordKind::AgreementAccepted,
        subject: Subject::Challenge(challenge),
        parties: vec![Party::User(user)],
        terms: "The challenge-specific agreement whose SHA-256 is the content hash.".to_owned(),
        content_sha256: agreement_sha256.to_owned(),
    }
}

/// The register record proving a solution revision's authorship.
pub fn solution_authored(
    id: SolutionId,
    author: UserId,
    revision: i32,
    title: &SolutionTitle,
    body: &SolutionBody,
) -> NewRecord {
    NewRecord {
        kind: RecordKind::Authored,
        subject: Subject::Solution(id),
        parties: vec![Party::User(author)],
        terms: format!("revision {revision}"),
        content_sha256: sha256_hex(&solution_text(title.as_str(), body.as_str())),
    }
}

/// The lowercase hexadecimal SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A recorded acceptance of a challenge's agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// When it was accepted.
    pub accepted_at: OffsetDateTime,
    /// The SHA-256 of the agreement text accepted.
    pub agreement_sha256: String,
}

/// A solution as its readers see it (its latest revision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    /// Its id.
    pub id: SolutionId,
    /// The challenge it answers.
    pub challenge: ChallengeId,
    /// Its author.
    pub author: UserId,
    /// The author's display name.
    pub author_name: String,
    /// The latest title.
    pub title: SolutionTitle,
    /// The latest text.
    pub body: SolutionBody,
    /// The latest revision number (1 for the first).
    pub revision: i32,
    /// When it was first submitted.
    pub created_at: OffsetDateTime,
    /// When it was last revised.
    pub updated_at: OffsetDateTime,
}

/// A public question and, once given, the seeker's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// Its id.
    pub id: QuestionId,
    /// The challenge.
    pub challenge: ChallengeId,
    /// Who asked.
    pub asker: UserId,
    /// The asker's display name.
    pub asker_name: String,
    /// The question.
    pub body: QaText,
    /// The answer, if given.
    pub answer: Option<QaText>,
    /// When it was asked.
    pub asked_at: OffsetDateTime,
    /// When it was answered.
    pub answered_at: Option<OffsetDateTime>,
}

/// A deadline as a person reads it in a contract: `2027-01-30 18:31:39 UTC`.
pub(crate) fn human_utc(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02}:{:02} UTC", at.date(), at.hour(), at.minute(), at.second())
}

#[cfg(test)]
mod tests;
