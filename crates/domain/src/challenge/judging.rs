//! Judging: scores on the published criteria, the weighted board, and the rules an award is checked
//! against.

use time::OffsetDateTime;

use super::{AwardSplit, ChallengeIpTerms, Criteria};
use crate::contest::BasisPoints;
use crate::invalid::{FieldErrors, Invalid};
use crate::money::Money;
use crate::{SolutionId, UserId};

/// A score: 0 to 10 points on one criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score(u8);

impl Score {
    /// Parses a score.
    pub fn new(raw: i64) -> Result<Self, Invalid> {
        u8::try_from(raw).ok().filter(|s| *s <= 10).map(Self).ok_or(Invalid::OutOfRange { min: 0, max: 10 })
    }

    /// The points.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A judge's scores for one solution: one per criterion, by criterion index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scorecard(Vec<(usize, Score)>);

impl Scorecard {
    /// Parses `(criterion name, score)` pairs against the challenge's criteria: every criterion
    /// scored exactly once.
    pub fn parse(criteria: &Criteria, raw: &[(String, i64)]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut out = Vec::with_capacity(raw.len());
        for (name, score) in raw {
            let Some(index) = criteria.as_slice().iter().position(|c| c.name.as_str() == name.trim()) else {
                errors.add("scores", Invalid::Unknown);
                continue;
            };
            if out.iter().any(|(i, _)| *i == index) {
                errors.add("scores", Invalid::Taken);
                continue;
            }
            if let Some(score) = errors.check("scores", Score::new(*score)) {
                out.push((index, score));
            }
        }
        if errors.is_empty() && out.len() != criteria.as_slice().len() {
            errors.add("scores", Invalid::Required);
        }
        if errors.is_empty() { Ok(Self(out)) } else { Err(errors) }
    }

    /// `(criterion index, score)` pairs.
    pub fn as_slice(&self) -> &[(usize, Score)] {
        &self.0
    }
}

/// The weighted total of a solution on a 0–10 scale, in thousandths: for each criterion the mean of
/// the judges' scores, weighted by the criterion's weight. `scores` are `(criterion index, score)`
/// from every judge. `None` when nobody scored it.
pub fn weighted_total(criteria: &Criteria, scores: &[(usize, Score)]) -> Option<u32> {
    let weights: u64 = criteria.as_slice().iter().map(|c| u64::from(c.weight)).sum();
    if scores.is_empty() || weights == 0 {
        return None;
    }
    let mut total: u64 = 0;
    for (index, criterion) in criteria.as_slice().iter().enumerate() {
        let mine: Vec<u64> = scores.iter().filter(|(i, _)| *i == index).map(|(_, s)| u64::from(s.get())).collect();
        if mine.is_empty() {
            continue;
        }
        let count = u64::try_from(mine.len()).unwrap_or(u64::MAX);
        total += u64::from(criterion.weight) * mine.iter().sum::<u64>() * 1_000 / count;
    }
    u32::try_from(total / weights).ok()
}

/// An award as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Award {
    /// The place of the published split it fills (1 = first).
    pub place: u8,
    /// The solution awarded.
    pub solution: SolutionId,
    /// Its author.
    pub solver: UserId,
    /// The share of the pool.
    pub share: BasisPoints,
    /// What the solver received.
    pub amount: Money,
    /// The platform's fee on it.
    pub fee: Money,
    /// The IP terms that applied.
    pub ip_terms: ChallengeIpTerms,
    /// When it was made.
    pub awarded_at: OffsetDateTime,
}

/// Checks a new award of `place` (1 = first) of the published `split` against those already made:
/// a place the split has, not filled before, and the solution not awarded before. Returns the
/// place's share: an award pays exactly what its place published.
pub fn check_award(
    made: &[Award],
    solution: SolutionId,
    place: u8,
    split: &AwardSplit,
) -> Result<BasisPoints, AwardRefused> {
    let share = usize::from(place)
        .checked_sub(1)
        .and_then(|index| split.as_slice().get(index))
        .copied()
        .ok_or(AwardRefused::NoSuchPlace)?;
    if made.iter().any(|a| a.solution == solution) {
        return Err(AwardRefused::AlreadyAwarded);
    }
    if made.iter().any(|a| a.place == place) {
        return Err(AwardRefused::PlaceTaken);
    }
    Ok(share)
}

/// Why an award was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AwardRefused {
    /// A share of zero.
    #[error("an award needs a share above zero")]
    ZeroShare,
    /// The solution already has an award.
    #[error("this solution was already awarded")]
    AlreadyAwarded,
    /// The split has no such place.
    #[error("the published split has no such place")]
    NoSuchPlace,
    /// That place was awarded before.
    #[error("this place was already awarded")]
    PlaceTaken,
    /// The solver belongs to the seeker organization: a seeker never pays its own people.
    #[error("the solver belongs to the seeker organization")]
    SeekerMember,
}
