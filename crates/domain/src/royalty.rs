//! Royalties and influence shares decided by the domain. Money only from money: recording a
//! period's revenue records what the organization owes (the statement and each holder's line) and
//! posts nothing; the holders' payables are credited only when an admin records the money as
//! received for that statement. Shares are fixed once revenue is recorded; before that each change
//! is a register record told to every holder, and nobody credits themselves unless the register
//! named them a contributor before the idea was selected. The store loads under the idea's (or the
//! statement's) lock, asks, and applies the plan.

use crate::contest::BasisPoints;
use crate::idea::Stage;
use crate::ip::{NewRecord, Party, RecordKind, Shares, Subject, royalty_pool, split_by_shares};
use crate::ledger::{LedgerError, Transaction};
use crate::money::Money;
use crate::notification::{IdeaRef, Notice};
use crate::{IdeaId, UserId};

/// An idea as a revenue statement or a change of shares sees it, loaded under the store's lock.
#[derive(Clone, Copy, Debug)]
pub struct Earning<'a> {
    /// The idea.
    pub idea: &'a IdeaRef,
    /// Where it stands.
    pub stage: Stage,
    /// Its influence shares, once set.
    pub shares: Option<&'a Shares>,
    /// Whether any revenue statement was recorded for it (shares are fixed from then on).
    pub revenue_recorded: bool,
    /// Who the register named as a contributor (an `Authored` record) before the idea was
    /// selected: the only people a manager may credit besides others.
    pub early_contributors: &'a [UserId],
}

/// A revenue statement decided: what the organization owes, split into holders' lines. Nothing is
/// credited until the money is received ([`plan_receipt`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementPlan {
    /// The period's net revenue.
    pub revenue: Money,
    /// The contest's influence pool.
    pub pool_bp: BasisPoints,
    /// The royalty pool owed: revenue × the influence pool, rounded down.
    pub pool: Money,
    /// One line per holder, in share order; the amounts sum to the pool.
    pub lines: Vec<StatementLine>,
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

/// Why a statement, a receipt or a change of shares cannot be recorded.
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
    /// Revenue was recorded: the shares it was split by are fixed.
    #[error("influence shares are fixed once revenue is recorded")]
    SharesFixed,
    /// The actor gave themselves a share without having been credited as a contributor in the
    /// register before the idea was selected.
    #[error("you cannot give yourself a share")]
    SelfCredit,
    /// The statement's money was recorded as received before.
    #[error("the statement was received before")]
    AlreadyReceived,
    /// The statement's pool is zero: nothing is owed.
    #[error("nothing is owed on this statement")]
    NothingOwed,
    /// The money received is not the amount owed (or not in its currency).
    #[error("the amount received is not the amount owed")]
    NotTheAmountOwed,
    /// The amounts do not fit.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Plans the statement of `revenue` for a period, with the contest's influence pool `pool_bp`:
/// what is owed and to whom. It posts nothing.
pub fn plan_statement(
    earning: &Earning<'_>,
    revenue: Money,
    pool_bp: BasisPoints,
) -> Result<StatementPlan, RoyaltyRefused> {
    if earning.stage != Stage::Launched {
        return Err(RoyaltyRefused::NotLaunched);
    }
    let shares = earning.shares.ok_or(RoyaltyRefused::NoShares)?;
    let pool = royalty_pool(revenue, pool_bp).map_err(LedgerError::from)?;
    let parts = split_by_shares(pool, shares).map_err(LedgerError::from)?;
    let lines = shares
        .as_slice()
        .iter()
        .zip(parts)
        .map(|(share, (user, amount))| StatementLine { user, role: share.role.clone(), share: share.bp, amount })
        .collect();
    Ok(StatementPlan { revenue, pool_bp, pool, lines })
}

/// Plans the statement of a funding campaign's net proceeds for the idea it funded: the
/// contributors' royalties, paid from money already collected (so the statement is received as
/// it is recorded). A selected, in-development or launched idea with shares; `None` when the idea
/// has no shares yet (everything goes to the organization).
pub fn plan_campaign_statement(
    earning: &Earning<'_>,
    proceeds: Money,
    pool_bp: BasisPoints,
) -> Result<Option<StatementPlan>, RoyaltyRefused> {
    shares_may_be_set(earning.stage)?;
    let Some(shares) = earning.shares else { return Ok(None) };
    let pool = royalty_pool(proceeds, pool_bp).map_err(LedgerError::from)?;
    let parts = split_by_shares(pool, shares).map_err(LedgerError::from)?;
    let lines = shares
        .as_slice()
        .iter()
        .zip(parts)
        .map(|(share, (user, amount))| StatementLine { user, role: share.role.clone(), share: share.bp, amount })
        .collect();
    Ok(Some(StatementPlan { revenue: proceeds, pool_bp, pool, lines }))
}

/// A recorded statement as a receipt sees it, loaded under the store's lock.
#[derive(Clone, Debug)]
pub struct OwedStatement {
    /// The idea it is about.
    pub idea: IdeaRef,
    /// Its period.
    pub period: String,
    /// The pool owed.
    pub pool: Money,
    /// Each holder's part, in share order.
    pub lines: Vec<(UserId, Money)>,
    /// Whether its money was recorded as received.
    pub received: bool,
}

/// A receipt decided: the credit of each holder's payable from the money received, and what each
/// holder is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptPlan {
    /// Money in from outside, out to the holders' payables.
    pub transaction: Transaction,
    /// Each holder credited and their notice.
    pub told: Vec<(UserId, Notice)>,
    /// The ledger memo.
    pub memo: String,
}

/// Plans recording `received` as the money paid for `statement`: it must be exactly the pool owed,
/// once. Every holder's payable is credited their line, from that money only.
pub fn plan_receipt(statement: &OwedStatement, received: Money) -> Result<ReceiptPlan, RoyaltyRefused> {
    if statement.received {
        return Err(RoyaltyRefused::AlreadyReceived);
    }
    if statement.pool.minor() == 0 {
        return Err(RoyaltyRefused::NothingOwed);
    }
    if received != statement.pool {
        return Err(RoyaltyRefused::NotTheAmountOwed);
    }
    let transaction = Transaction::royalty(&statement.lines)?;
    let told = statement
        .lines
        .iter()
        .filter(|(_, amount)| amount.minor() > 0)
        .map(|(user, amount)| {
            let notice = Notice::RoyaltyCredited {
                idea: statement.idea.clone(),
                period: statement.period.clone(),
                amount: *amount,
            };
            (*user, notice)
        })
        .collect();
    let memo = format!("royalties received for idea {}, {}", statement.idea.id, statement.period);
    Ok(ReceiptPlan { transaction, told, memo })
}

/// Whether an idea at `stage` may have its influence shares set: from its selection on.
pub fn shares_may_be_set(stage: Stage) -> Result<(), RoyaltyRefused> {
    if matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched) {
        Ok(())
    } else {
        Err(RoyaltyRefused::NotSelected)
    }
}

/// A change of shares decided: its register record, and every holder before or after it told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharesPlan {
    /// The register record.
    pub record: NewRecord,
    /// The notice.
    pub notice: Notice,
    /// Who is told: every holder before and after the change but the actor.
    pub told: Vec<UserId>,
}

/// Plans `actor` setting an idea's influence shares: from selection until revenue is recorded, and
/// crediting the actor only when the register named them a contributor before selection.
pub fn plan_shares(earning: &Earning<'_>, shares: &Shares, actor: UserId) -> Result<SharesPlan, RoyaltyRefused> {
    shares_may_be_set(earning.stage)?;
    if earning.revenue_recorded {
        return Err(RoyaltyRefused::SharesFixed);
    }
    let credits_self = shares.as_slice().iter().any(|s| s.user == actor);
    if credits_self && !earning.early_contributors.contains(&actor) {
        return Err(RoyaltyRefused::SelfCredit);
    }
    let before = earning.shares.map(Shares::as_slice).unwrap_or_default();
    let mut told: Vec<UserId> = Vec::with_capacity(before.len() + shares.as_slice().len());
    for share in before.iter().chain(shares.as_slice()) {
        if share.user != actor && !told.contains(&share.user) {
            told.push(share.user);
        }
    }
    let notice = Notice::SharesChanged { idea: earning.idea.clone() };
    Ok(SharesPlan { record: shares_record(earning.idea.id, shares), notice, told })
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

/// Who the register named as a contributor (`Authored`) before the idea's selection (its first
/// licence or shares record):
/// `records` are an idea's records in chain order.
pub fn early_contributors<'a>(records: impl IntoIterator<Item = &'a crate::ip::Record>) -> Vec<UserId> {
    let mut out = Vec::new();
    for record in records {
        match record.kind {
            RecordKind::LicenceGranted | RecordKind::InfluenceSharesSet => break,
            RecordKind::Authored => {
                for party in &record.parties {
                    if let Party::User(user) = party
                        && !out.contains(user)
                    {
                        out.push(*user);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip::Share;
    use crate::ledger::{Account, check_invariants};
    use crate::money::Currency;

    fn shares() -> Shares {
        let share = |user, role: &str, bp| Share {
            user: UserId::new(user),
            role: role.to_owned(),
            bp: BasisPoints::new(bp).expect("bp"),
        };
        Shares::new(vec![share(1, "originator", 6_667), share(2, "design", 3_333)]).expect("shares")
    }

    fn idea() -> IdeaRef {
        IdeaRef { id: IdeaId::new(7), title: "Kettle".to_owned(), contest: None }
    }

    fn earning<'a>(idea: &'a IdeaRef, stage: Stage, shares: Option<&'a Shares>) -> Earning<'a> {
        Earning { idea, stage, shares, revenue_recorded: false, early_contributors: &[] }
    }

    #[test]
    fn a_statement_records_what_is_owed_and_posts_nothing() {
        let (shares, idea) = (shares(), idea());
        let launched = earning(&idea, Stage::Launched, Some(&shares));
        let revenue = Money::new(100_001, Currency::parse("EUR").expect("EUR"));
        let pool_bp = BasisPoints::new(1_000).expect("bp");
        let plan = plan_statement(&launched, revenue, pool_bp).expect("planned");
        assert_eq!(plan.pool.minor(), 10_000);
        let amounts: Vec<i64> = plan.lines.iter().map(|l| l.amount.minor()).collect();
        assert_eq!(amounts, vec![6_667, 3_333]);
        assert_eq!(amounts.iter().sum::<i64>(), plan.pool.minor());
        let selected = Earning { stage: Stage::Selected, ..launched };
        assert_eq!(plan_statement(&selected, revenue, pool_bp), Err(RoyaltyRefused::NotLaunched));
        let unshared = Earning { shares: None, ..launched };
        assert_eq!(plan_statement(&unshared, revenue, pool_bp), Err(RoyaltyRefused::NoShares));
    }

    #[test]
    fn campaign_proceeds_are_split_for_a_selected_idea_with_shares() {
        let (shares, idea) = (shares(), idea());
        let usd = Currency::parse("USD").expect("USD");
        let pool_bp = BasisPoints::new(1_000).expect("bp");
        let selected = earning(&idea, Stage::Selected, Some(&shares));
        let plan =
            plan_campaign_statement(&selected, Money::new(76_400, usd), pool_bp).expect("planned").expect("shares");
        assert_eq!(plan.pool.minor(), 7_640);
        assert_eq!(plan.lines.iter().map(|l| l.amount.minor()).sum::<i64>(), 7_640, "exactly the pool");
        let unshared = earning(&idea, Stage::Selected, None);
        assert_eq!(plan_campaign_statement(&unshared, Money::new(1, usd), pool_bp), Ok(None));
        let submitted = earning(&idea, Stage::Submitted, Some(&shares));
        assert_eq!(plan_campaign_statement(&submitted, Money::new(1, usd), pool_bp), Err(RoyaltyRefused::NotSelected));
    }

    #[test]
    fn holders_are_credited_only_from_the_exact_amount_received_once() {
        let eur = Currency::parse("EUR").expect("EUR");
        let (ada, bob) = (UserId::new(1), UserId::new(2));
        let owed = OwedStatement {
            idea: idea(),
            period: "2027-Q1".to_owned(),
            pool: Money::new(10_000, eur),
            lines: vec![(ada, Money::new(6_667, eur)), (bob, Money::new(3_333, eur))],
            received: false,
        };
        let plan = plan_receipt(&owed, Money::new(10_000, eur)).expect("received");
        let entries = plan.transaction.entries();
        assert!(entries.contains(&crate::ledger::Entry { account: Account::payable(ada, eur), amount: 6_667 }));
        assert!(entries.contains(&crate::ledger::Entry { account: Account::external(eur), amount: -10_000 }));
        check_invariants(entries).expect("balanced, no payable negative");
        assert_eq!(plan.told.iter().map(|(u, _)| *u).collect::<Vec<_>>(), vec![ada, bob]);
        assert!(matches!(&plan.told[0].1, Notice::RoyaltyCredited { amount, .. } if amount.minor() == 6_667));
        let usd = Currency::parse("USD").expect("USD");
        for wrong in [Money::new(9_999, eur), Money::new(10_001, eur), Money::new(10_000, usd)] {
            assert_eq!(plan_receipt(&owed, wrong), Err(RoyaltyRefused::NotTheAmountOwed), "{wrong}");
        }
        let received = OwedStatement { received: true, ..owed.clone() };
        assert_eq!(plan_receipt(&received, Money::new(10_000, eur)), Err(RoyaltyRefused::AlreadyReceived));
        let nothing = OwedStatement { pool: Money::zero(eur), lines: vec![(ada, Money::zero(eur))], ..owed };
        assert_eq!(plan_receipt(&nothing, Money::zero(eur)), Err(RoyaltyRefused::NothingOwed));
    }

    #[test]
    fn shares_change_from_selection_until_revenue_and_every_holder_is_told() {
        let (shares, idea) = (shares(), idea());
        let manager = UserId::new(9);
        for stage in Stage::ALL {
            let allowed = matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched);
            assert_eq!(plan_shares(&earning(&idea, stage, None), &shares, manager).is_ok(), allowed, "{stage}");
        }
        let before = Shares::new(vec![Share {
            user: UserId::new(3),
            role: "originator".to_owned(),
            bp: BasisPoints::new(10_000).expect("bp"),
        }])
        .expect("shares");
        let plan = plan_shares(&earning(&idea, Stage::Selected, Some(&before)), &shares, manager).expect("planned");
        assert_eq!(plan.told, vec![UserId::new(3), UserId::new(1), UserId::new(2)], "old and new holders");
        assert_eq!(plan.notice, Notice::SharesChanged { idea: idea.clone() });
        assert_eq!(plan.record.kind, RecordKind::InfluenceSharesSet);
        assert_eq!(plan.record.parties, vec![Party::User(UserId::new(1)), Party::User(UserId::new(2))]);
        assert_eq!(plan.record.content_sha256, crate::challenge::sha256_hex(&plan.record.terms));
        let fixed = Earning { revenue_recorded: true, ..earning(&idea, Stage::Launched, Some(&before)) };
        assert_eq!(plan_shares(&fixed, &shares, manager), Err(RoyaltyRefused::SharesFixed));
    }

    #[test]
    fn nobody_credits_themselves_unless_the_register_named_them_before_selection() {
        let (shares, idea) = (shares(), idea());
        let selected = earning(&idea, Stage::Selected, None);
        // User 1 holds a share in `shares`: as the actor they credit themselves.
        assert_eq!(plan_shares(&selected, &shares, UserId::new(1)), Err(RoyaltyRefused::SelfCredit));
        let named = [UserId::new(1)];
        let author = Earning { early_contributors: &named, ..selected };
        let plan = plan_shares(&author, &shares, UserId::new(1)).expect("an early contributor keeps their share");
        assert_eq!(plan.told, vec![UserId::new(2)], "the actor is not told of their own change");
    }

    #[test]
    fn early_contributors_are_the_authors_named_before_the_licence() {
        use crate::ip::GENESIS;
        let at = time::OffsetDateTime::UNIX_EPOCH;
        let subject = Subject::Idea(IdeaId::new(1));
        let make = |kind, users: &[i64]| {
            NewRecord {
                kind,
                subject,
                parties: users.iter().map(|u| Party::User(UserId::new(*u))).collect(),
                terms: String::new(),
                content_sha256: String::new(),
            }
            .seal(1, GENESIS, at)
        };
        let records = [
            make(RecordKind::Authored, &[1, 2]),
            make(RecordKind::Authored, &[2, 3]),
            make(RecordKind::LicenceGranted, &[]),
            make(RecordKind::Authored, &[4]),
        ];
        assert_eq!(early_contributors(&records), vec![UserId::new(1), UserId::new(2), UserId::new(3)]);
    }
}
