//! Royalties and influence shares decided by the domain: a revenue statement becomes a plan (the
//! pool, each holder's line, the ledger transaction and its memo), and a change of shares becomes
//! its register record. The store loads the idea under its lock, asks, and applies the plan.

use crate::contest::BasisPoints;
use crate::idea::Stage;
use crate::ip::{NewRecord, Party, RecordKind, Shares, Subject, royalty_pool, split_by_shares};
use crate::ledger::{LedgerError, Transaction};
use crate::money::Money;
use crate::{IdeaId, UserId};

/// An idea as a revenue statement sees it, loaded under the store's lock.
#[derive(Clone, Copy, Debug)]
pub struct Earning<'a> {
    /// The idea.
    pub idea: IdeaId,
    /// Where it stands.
    pub stage: Stage,
    /// Its influence shares, once set.
    pub shares: Option<&'a Shares>,
}

/// A revenue statement decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementPlan {
    /// The period's net revenue.
    pub revenue: Money,
    /// The contest's influence pool.
    pub pool_bp: BasisPoints,
    /// The royalty pool: revenue × the influence pool, rounded down.
    pub pool: Money,
    /// One line per holder, in share order; the amounts sum to the pool.
    pub lines: Vec<StatementLine>,
    /// The ledger transaction crediting the holders (none when the pool is zero).
    pub transaction: Option<Transaction>,
    /// The ledger memo.
    pub memo: String,
}

/// One holder's line of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// The holder.
    pub user: UserId,
    /// What they contributed.
    pub role: String,
    /// Their influence share.
    pub share: BasisPoints,
    /// Their part of the pool.
    pub amount: Money,
}

/// Why a statement or a change of shares cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoyaltyRefused {
    /// Shares are set once an idea is selected, not before.
    #[error("the idea is not selected")]
    NotSelected,
    /// Only a launched idea earns royalties.
    #[error("the idea is not launched")]
    NotLaunched,
    /// Shares are set on selection; an idea without them cannot be split.
    #[error("the idea has no influence shares")]
    NoShares,
    /// The amounts do not fit.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Plans the statement of `revenue` for `period`, with the contest's influence pool `pool_bp`.
pub fn plan_statement(
    earning: &Earning<'_>,
    period: &str,
    revenue: Money,
    pool_bp: BasisPoints,
) -> Result<StatementPlan, RoyaltyRefused> {
    if earning.stage != Stage::Launched {
        return Err(RoyaltyRefused::NotLaunched);
    }
    let shares = earning.shares.ok_or(RoyaltyRefused::NoShares)?;
    let pool = royalty_pool(revenue, pool_bp).map_err(LedgerError::from)?;
    let parts = split_by_shares(pool, shares).map_err(LedgerError::from)?;
    let transaction = if pool.minor() > 0 { Some(Transaction::royalty(&parts)?) } else { None };
    let lines = shares
        .as_slice()
        .iter()
        .zip(parts)
        .map(|(share, (user, amount))| StatementLine { user, role: share.role.clone(), share: share.bp, amount })
        .collect();
    let memo = format!("royalties for idea {}, {period}", earning.idea);
    Ok(StatementPlan { revenue, pool_bp, pool, lines, transaction, memo })
}

/// Whether an idea at `stage` may have its influence shares set: from its selection on.
pub fn shares_may_be_set(stage: Stage) -> Result<(), RoyaltyRefused> {
    if matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched) {
        Ok(())
    } else {
        Err(RoyaltyRefused::NotSelected)
    }
}

/// Plans setting an idea's influence shares: the register record.
pub fn plan_shares(earning: &Earning<'_>, shares: &Shares) -> Result<NewRecord, RoyaltyRefused> {
    shares_may_be_set(earning.stage)?;
    Ok(shares_record(earning.idea, shares))
}

/// The register record of an idea's influence shares.
pub fn shares_record(idea: IdeaId, shares: &Shares) -> NewRecord {
    let terms = shares.to_terms();
    NewRecord {
        kind: RecordKind::InfluenceSharesSet,
        subject: Subject::Idea(idea),
        parties: shares.as_slice().iter().map(|s| Party::User(s.user)).collect(),
        content_sha256: crate::challenge::sha256_hex(&terms),
        terms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip::Share;
    use crate::money::Currency;

    fn shares() -> Shares {
        let share = |user, role: &str, bp| Share {
            user: UserId::new(user),
            role: role.to_owned(),
            bp: BasisPoints::new(bp).expect("bp"),
        };
        Shares::new(vec![share(1, "originator", 6_667), share(2, "design", 3_333)]).expect("shares")
    }

    #[test]
    fn a_launched_idea_splits_its_pool_exactly_and_others_earn_nothing() {
        let shares = shares();
        let earning = Earning { idea: IdeaId::new(7), stage: Stage::Launched, shares: Some(&shares) };
        let revenue = Money::new(100_001, Currency::parse("EUR").expect("EUR"));
        let pool_bp = BasisPoints::new(1_000).expect("bp");
        let plan = plan_statement(&earning, "2027-Q1", revenue, pool_bp).expect("planned");
        assert_eq!(plan.pool.minor(), 10_000);
        let amounts: Vec<i64> = plan.lines.iter().map(|l| l.amount.minor()).collect();
        assert_eq!(amounts, vec![6_667, 3_333]);
        assert_eq!(amounts.iter().sum::<i64>(), plan.pool.minor());
        assert!(plan.transaction.is_some());
        assert_eq!(plan.memo, "royalties for idea 7, 2027-Q1");
        let small = plan_statement(&earning, "2027-Q2", Money::new(9, revenue.currency()), pool_bp).expect("planned");
        assert_eq!((small.pool.minor(), small.transaction), (0, None), "a zero pool posts nothing");
        let selected = Earning { stage: Stage::Selected, ..earning };
        assert_eq!(plan_statement(&selected, "2027-Q1", revenue, pool_bp), Err(RoyaltyRefused::NotLaunched));
        let unshared = Earning { shares: None, ..earning };
        assert_eq!(plan_statement(&unshared, "2027-Q1", revenue, pool_bp), Err(RoyaltyRefused::NoShares));
    }

    #[test]
    fn shares_are_set_from_selection_on_and_their_record_names_every_holder() {
        let shares = shares();
        for stage in Stage::ALL {
            let earning = Earning { idea: IdeaId::new(7), stage, shares: None };
            let allowed = matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched);
            assert_eq!(plan_shares(&earning, &shares).is_ok(), allowed, "{stage}");
        }
        let record = shares_record(IdeaId::new(7), &shares);
        assert_eq!(record.kind, RecordKind::InfluenceSharesSet);
        assert_eq!(record.parties, vec![Party::User(UserId::new(1)), Party::User(UserId::new(2))]);
        assert_eq!(record.content_sha256, crate::challenge::sha256_hex(&record.terms));
    }
}
