//! The ledger's rules: double-entry transactions in one currency whose entries sum to zero, posted
//! once per idempotency key, with balances derived from entries and never edited.
//!
//! Signs: an account's balance is what the platform holds for (or owes to) its owner. Money arriving
//! from outside is `External −X, Escrow +X`; an award is `Escrow −(share + fee), Payable +share,
//! PlatformRevenue +fee`; a payout is `Payable −X, External +X`. Only `External` (the payment
//! provider's side) may go below zero.

use std::collections::HashMap;

use crate::invalid::Invalid;
use crate::money::{Currency, Money, MoneyError};
use crate::{ChallengeId, UserId};

/// What an account is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountKind {
    /// The seeker organization's funds held for one of its challenges (one account per challenge,
    /// so that one challenge's awards can never spend another's money).
    Escrow,
    /// What the platform owes a member (awards, royalties) until paid out.
    Payable,
    /// The platform's fees.
    PlatformRevenue,
    /// The world outside: money received from or paid to a payment provider.
    External,
    /// A funding campaign's collected money, held until it is paid to its organization and the
    /// idea's contributors (one account per campaign).
    CampaignEscrow,
    /// What payment processors took as their fee on collected money.
    ProcessorFees,
    /// What the platform owes an organization (a campaign's proceeds) until paid out.
    OrgPayable,
}

impl AccountKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Escrow => "escrow",
            Self::Payable => "payable",
            Self::PlatformRevenue => "platform_revenue",
            Self::External => "external",
            Self::CampaignEscrow => "campaign_escrow",
            Self::ProcessorFees => "processor_fees",
            Self::OrgPayable => "org_payable",
        }
    }

    /// The kind with this stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Escrow,
            Self::Payable,
            Self::PlatformRevenue,
            Self::External,
            Self::CampaignEscrow,
            Self::ProcessorFees,
            Self::OrgPayable,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }

    /// Whether a balance below zero is allowed (only the outside world's).
    pub fn may_go_negative(self) -> bool {
        self == Self::External
    }
}

/// One account: a kind, its owner (the challenge of an escrow, the member of a payable; none for
/// the platform's and the outside world's) and its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Account {
    /// What it is for.
    pub kind: AccountKind,
    /// Its owner's id, if it has one.
    pub owner: Option<i64>,
    /// Its currency.
    pub currency: Currency,
}

impl Account {
    /// A challenge's escrow (its seeker organization's money held for it).
    pub fn escrow(challenge: ChallengeId, currency: Currency) -> Self {
        Self { kind: AccountKind::Escrow, owner: Some(challenge.get()), currency }
    }

    /// A member's payable account.
    pub fn payable(user: UserId, currency: Currency) -> Self {
        Self { kind: AccountKind::Payable, owner: Some(user.get()), currency }
    }

    /// The platform's revenue.
    pub fn platform_revenue(currency: Currency) -> Self {
        Self { kind: AccountKind::PlatformRevenue, owner: None, currency }
    }

    /// The outside world (the payment provider's side).
    pub fn external(currency: Currency) -> Self {
        Self { kind: AccountKind::External, owner: None, currency }
    }

    /// A campaign's collected money.
    pub fn campaign_escrow(campaign: crate::CampaignId, currency: Currency) -> Self {
        Self { kind: AccountKind::CampaignEscrow, owner: Some(campaign.get()), currency }
    }

    /// The payment processors' fees.
    pub fn processor_fees(currency: Currency) -> Self {
        Self { kind: AccountKind::ProcessorFees, owner: None, currency }
    }

    /// An organization's payable account.
    pub fn org_payable(org: crate::OrgId, currency: Currency) -> Self {
        Self { kind: AccountKind::OrgPayable, owner: Some(org.get()), currency }
    }
}

/// One line of a transaction: an amount (signed minor units) on an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The account.
    pub account: Account,
    /// Minor units in the account's currency; positive adds to its balance.
    pub amount: i64,
}

/// Why a transaction was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// Fewer than two entries.
    #[error("a transaction needs at least two entries")]
    TooFewEntries,
    /// An entry of zero.
    #[error("an entry is zero")]
    ZeroEntry,
    /// Entries in more than one currency.
    #[error("a transaction has one currency")]
    MixedCurrencies,
    /// The same account twice.
    #[error("an account appears twice")]
    DuplicateAccount,
    /// The entries do not sum to zero.
    #[error("the entries do not balance")]
    Unbalanced,
    /// An amount too large.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The posting would take an account other than `External` below zero.
    #[error("insufficient funds")]
    InsufficientFunds,
    /// The posting would take a balance past what the ledger holds ([`MAX_BALANCE`] either way).
    #[error("the amount would take a balance past what the ledger can hold")]
    BalanceOutOfRange,
}

/// The largest balance, either way, any account may reach: 10^18 minor units, so that no sum over
/// an account's entries (each at most [`crate::money::MAX_MINOR`] in magnitude, and far fewer than
/// 9,000 of them at that size) can overflow 64 bits.
pub const MAX_BALANCE: i64 = 1_000_000_000_000_000_000;

/// An account's balance after `amount` is posted onto `balance`: refused below zero (but for
/// `External`) and past [`MAX_BALANCE`] either way.
pub fn balance_after(account: &Account, balance: i64, amount: i64) -> Result<i64, LedgerError> {
    let after = i128::from(balance) + i128::from(amount);
    if after < 0 && !account.kind.may_go_negative() {
        return Err(LedgerError::InsufficientFunds);
    }
    if after.abs() > i128::from(MAX_BALANCE) {
        return Err(LedgerError::BalanceOutOfRange);
    }
    i64::try_from(after).map_err(|_| LedgerError::BalanceOutOfRange)
}

/// A balanced set of entries, ready to post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    entries: Vec<Entry>,
}

impl Transaction {
    /// Checks the entries: at least two, none zero, one currency, each account once, summing to zero.
    pub fn new(entries: Vec<Entry>) -> Result<Self, LedgerError> {
        let Some(first) = entries.first() else { return Err(LedgerError::TooFewEntries) };
        if entries.len() < 2 {
            return Err(LedgerError::TooFewEntries);
        }
        let currency = first.account.currency;
        let mut sum: i128 = 0;
        for (i, entry) in entries.iter().enumerate() {
            if entry.amount == 0 {
                return Err(LedgerError::ZeroEntry);
            }
            if entry.account.currency != currency {
                return Err(LedgerError::MixedCurrencies);
            }
            if entries[..i].iter().any(|e| e.account == entry.account) {
                return Err(LedgerError::DuplicateAccount);
            }
            sum += i128::from(entry.amount);
        }
        if sum != 0 {
            return Err(LedgerError::Unbalanced);
        }
        Ok(Self { entries })
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The currency.
    pub fn currency(&self) -> Option<Currency> {
        self.entries.first().map(|e| e.account.currency)
    }

    /// Money received from outside into a challenge's escrow.
    pub fn fund_escrow(challenge: ChallengeId, amount: Money) -> Result<Self, LedgerError> {
        let c = amount.currency();
        Self::new(vec![
            Entry { account: Account::external(c), amount: amount.checked_neg()?.minor() },
            Entry { account: Account::escrow(challenge, c), amount: amount.minor() },
        ])
    }

    /// An award: the solver's full share to their payable account and the fee on it to the platform,
    /// both from the organization's escrow.
    pub fn award(challenge: ChallengeId, solver: UserId, share: Money, fee: Money) -> Result<Self, LedgerError> {
        let c = share.currency();
        let total = share.checked_add(fee)?;
        let mut entries = vec![
            Entry { account: Account::escrow(challenge, c), amount: total.checked_neg()?.minor() },
            Entry { account: Account::payable(solver, c), amount: share.minor() },
        ];
        if fee.minor() != 0 {
            entries.push(Entry { account: Account::platform_revenue(c), amount: fee.minor() });
        }
        Self::new(entries)
    }

    /// Unused escrow returned to the organization.
    pub fn refund(challenge: ChallengeId, amount: Money) -> Result<Self, LedgerError> {
        let c = amount.currency();
        Self::new(vec![
            Entry { account: Account::escrow(challenge, c), amount: amount.checked_neg()?.minor() },
            Entry { account: Account::external(c), amount: amount.minor() },
        ])
    }

    /// Royalties owed to contributors: the outside world (the organization's revenue) pays each
    /// contributor's payable account. Parts of zero are left out.
    pub fn royalty(parts: &[(UserId, Money)]) -> Result<Self, LedgerError> {
        let paid: Vec<&(UserId, Money)> = parts.iter().filter(|(_, m)| m.minor() != 0).collect();
        let Some((_, first)) = paid.first() else { return Err(LedgerError::TooFewEntries) };
        let c = first.currency();
        let mut total = Money::zero(c);
        let mut entries = Vec::with_capacity(paid.len() + 1);
        for (user, amount) in paid {
            total = total.checked_add(*amount)?;
            entries.push(Entry { account: Account::payable(*user, c), amount: amount.minor() });
        }
        entries.push(Entry { account: Account::external(c), amount: total.checked_neg()?.minor() });
        Self::new(entries)
    }

    /// Money paid out to a member.
    pub fn payout(user: UserId, amount: Money) -> Result<Self, LedgerError> {
        let c = amount.currency();
        Self::new(vec![
            Entry { account: Account::payable(user, c), amount: amount.checked_neg()?.minor() },
            Entry { account: Account::external(c), amount: amount.minor() },
        ])
    }
}

/// A client-chosen key that makes a posting happen once however often it is retried:
/// 8 to 100 characters of letters, digits, `-`, `_`, `:` and `.`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of a solution's award: a solution is awarded once.
    pub fn award(solution: crate::SolutionId) -> Self {
        Self(format!("award:solution:{solution}"))
    }

    /// The key of a challenge's refund: what remains is refunded once.
    pub fn refund(challenge: ChallengeId) -> Self {
        Self(format!("refund:challenge:{challenge}"))
    }

    /// The key of a royalty statement's credit: a statement is credited once.
    pub fn royalty_statement(statement: i64) -> Self {
        Self(format!("royalty:statement:{statement}"))
    }

    /// Parses a key.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(Invalid::Required);
        }
        if key.len() > 100 {
            return Err(Invalid::TooLong { max: 100 });
        }
        if key.len() < 8 {
            return Err(Invalid::TooShort { min: 8 });
        }
        if !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')) {
            return Err(Invalid::Malformed);
        }
        Ok(Self(key.to_owned()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Balances derived from entries.
pub fn balances<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> HashMap<Account, i128> {
    let mut balances = HashMap::new();
    for entry in entries {
        *balances.entry(entry.account).or_insert(0) += i128::from(entry.amount);
    }
    balances
}

/// Checks that posting `transaction` onto `current` balances keeps every account that may not go
/// negative at or above zero.
pub fn check_funds(current: &HashMap<Account, i128>, transaction: &Transaction) -> Result<(), LedgerError> {
    for entry in transaction.entries() {
        let after = current.get(&entry.account).copied().unwrap_or(0) + i128::from(entry.amount);
        if after < 0 && !entry.account.kind.may_go_negative() {
            return Err(LedgerError::InsufficientFunds);
        }
    }
    Ok(())
}

/// A broken ledger invariant, as found by [`check_invariants`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// A currency's balances do not sum to zero.
    #[error("{0}'s balances sum to {1}, not zero")]
    Unbalanced(Currency, i128),
    /// An account that may not go negative is negative.
    #[error("{0:?} is negative: {1}")]
    Negative(Account, i128),
}

/// The ledger's invariants over all entries: per currency the balances sum to zero, and no account
/// but `External` is negative.
pub fn check_invariants<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Result<(), Violation> {
    let balances = balances(entries);
    let mut sums: HashMap<Currency, i128> = HashMap::new();
    for (account, balance) in &balances {
        *sums.entry(account.currency).or_insert(0) += balance;
        if *balance < 0 && !account.kind.may_go_negative() {
            return Err(Violation::Negative(*account, *balance));
        }
    }
    match sums.into_iter().find(|(_, sum)| *sum != 0) {
        Some((currency, sum)) => Err(Violation::Unbalanced(currency, sum)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd() -> Currency {
        Currency::parse("USD").expect("known")
    }

    #[test]
    fn balances_stay_within_the_range_the_ledger_holds() {
        let usd = usd();
        let payable = Account::payable(UserId::new(1), usd);
        let external = Account::external(usd);
        assert_eq!(balance_after(&payable, 10, -10), Ok(0));
        assert_eq!(balance_after(&payable, 10, -11), Err(LedgerError::InsufficientFunds));
        assert_eq!(balance_after(&external, 0, -MAX_BALANCE), Ok(-MAX_BALANCE));
        assert_eq!(balance_after(&external, -MAX_BALANCE, -1), Err(LedgerError::BalanceOutOfRange));
        assert_eq!(balance_after(&payable, MAX_BALANCE - 5, 5), Ok(MAX_BALANCE));
        assert_eq!(balance_after(&payable, MAX_BALANCE - 5, 6), Err(LedgerError::BalanceOutOfRange));
        assert_eq!(balance_after(&payable, i64::MAX, i64::MAX), Err(LedgerError::BalanceOutOfRange), "no overflow");
    }

    #[test]
    fn transactions_must_balance_in_one_currency() {
        let usd = usd();
        let eur = Currency::parse("EUR").expect("known");
        let org = ChallengeId::new(1);
        let escrow = Account::escrow(org, usd);
        let outside = Account::external(usd);
        assert_eq!(Transaction::new(vec![]), Err(LedgerError::TooFewEntries));
        assert_eq!(Transaction::new(vec![Entry { account: escrow, amount: 5 }]), Err(LedgerError::TooFewEntries));
        let unbalanced = vec![Entry { account: escrow, amount: 5 }, Entry { account: outside, amount: -4 }];
        assert_eq!(Transaction::new(unbalanced), Err(LedgerError::Unbalanced));
        let mixed = vec![Entry { account: escrow, amount: 5 }, Entry { account: Account::external(eur), amount: -5 }];
        assert_eq!(Transaction::new(mixed), Err(LedgerError::MixedCurrencies));
        let zero = vec![Entry { account: escrow, amount: 0 }, Entry { account: outside, amount: 0 }];
        assert_eq!(Transaction::new(zero), Err(LedgerError::ZeroEntry));
        let twice = vec![Entry { account: escrow, amount: 5 }, Entry { account: escrow, amount: -5 }];
        assert_eq!(Transaction::new(twice), Err(LedgerError::DuplicateAccount));
        let overflow = vec![
            Entry { account: escrow, amount: i64::MAX },
            Entry { account: outside, amount: i64::MAX },
            Entry { account: Account::platform_revenue(usd), amount: 2 },
        ];
        assert_eq!(Transaction::new(overflow), Err(LedgerError::Unbalanced), "summed without overflow");
    }

    #[test]
    fn an_award_pays_the_full_share_and_the_fee_from_escrow() {
        let usd = usd();
        let (org, solver) = (ChallengeId::new(1), UserId::new(7));
        let pool = Money::new(1_500_000, usd);
        let fee = pool.basis_points(1_000).expect("fee");
        let mut ledger: Vec<Entry> = Vec::new();
        for transaction in [
            Transaction::fund_escrow(org, pool.checked_add(fee).expect("sum")).expect("fund"),
            Transaction::award(org, solver, pool, fee).expect("award"),
        ] {
            check_funds(&balances(&ledger), &transaction).expect("funded");
            ledger.extend_from_slice(transaction.entries());
        }
        let balances = balances(&ledger);
        assert_eq!(balances[&Account::payable(solver, usd)], 1_500_000);
        assert_eq!(balances[&Account::platform_revenue(usd)], 150_000);
        assert_eq!(balances[&Account::escrow(org, usd)], 0);
        check_invariants(&ledger).expect("invariants hold");
        let again = Transaction::award(org, solver, Money::new(1, usd), Money::zero(usd)).expect("valid");
        assert_eq!(check_funds(&balances, &again), Err(LedgerError::InsufficientFunds));
    }

    #[test]
    fn idempotency_keys_are_bounded_tokens() {
        assert!(IdempotencyKey::parse("award:challenge-7:solution-3").is_ok());
        assert_eq!(IdempotencyKey::parse(""), Err(Invalid::Required));
        assert_eq!(IdempotencyKey::parse("short"), Err(Invalid::TooShort { min: 8 }));
        assert_eq!(IdempotencyKey::parse("has spaces in it"), Err(Invalid::Malformed));
        assert!(IdempotencyKey::parse(&"k".repeat(101)).is_err());
    }

    #[derive(Clone, Debug)]
    enum Op {
        Fund(i64, i64),
        Award(i64, i64, i64, u32),
        Refund(i64, i64),
        Payout(i64, i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1_i64..4, 1_i64..1_000_000).prop_map(|(org, amount)| Op::Fund(org, amount)),
            (1_i64..4, 1_i64..5, 1_i64..1_000_000, 0_u32..=2_000).prop_map(|(o, s, a, bp)| Op::Award(o, s, a, bp)),
            (1_i64..4, 1_i64..1_000_000).prop_map(|(org, amount)| Op::Refund(org, amount)),
            (1_i64..5, 1_i64..1_000_000).prop_map(|(user, amount)| Op::Payout(user, amount)),
        ]
    }

    proptest! {
        /// Whatever operations are attempted, those that pass the funds check keep the ledger
        /// balanced with no negative escrow or payable, and refused ones change nothing.
        #[test]
        fn the_invariants_hold_after_any_operations(ops in proptest::collection::vec(op(), 0..60)) {
            let usd = usd();
            let mut ledger: Vec<Entry> = Vec::new();
            for op in ops {
                let money = |minor| Money::new(minor, usd);
                let transaction = match op {
                    Op::Fund(org, amount) => Transaction::fund_escrow(ChallengeId::new(org), money(amount)),
                    Op::Award(org, solver, amount, bp) => {
                        let fee = money(amount).basis_points(bp).expect("fits");
                        Transaction::award(ChallengeId::new(org), UserId::new(solver), money(amount), fee)
                    }
                    Op::Refund(org, amount) => Transaction::refund(ChallengeId::new(org), money(amount)),
                    Op::Payout(user, amount) => Transaction::payout(UserId::new(user), money(amount)),
                }.expect("well-formed");
                let before = ledger.len();
                if check_funds(&balances(&ledger), &transaction).is_ok() {
                    ledger.extend_from_slice(transaction.entries());
                }
                prop_assert!(ledger.len() == before || ledger.len() == before + transaction.entries().len());
                prop_assert_eq!(check_invariants(&ledger), Ok(()));
            }
        }
    }
}
