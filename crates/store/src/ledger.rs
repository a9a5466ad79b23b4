//! The ledger in the database: posting balanced transactions once per idempotency key, with funds
//! checked under lock, and balances summed from entries (which the database refuses to change).

use std::collections::HashMap;

use ideaforge_domain::UserId;
use ideaforge_domain::ledger::{Account, AccountKind, Entry, IdempotencyKey, LedgerError, Transaction, balance_after};
use ideaforge_domain::money::Currency;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{ledger_accounts, ledger_entries, ledger_transactions};
use crate::{Backend, Store, StoreError};

/// What a posting is, besides its entries.
#[derive(Clone, Copy, Debug)]
pub struct Posting<'a> {
    /// Makes retries post once.
    pub key: &'a IdempotencyKey,
    /// What happened (`fund_escrow`, `award`, `refund`, `payout`, …).
    pub kind: &'a str,
    /// A note for people reading the ledger.
    pub memo: &'a str,
    /// The payment provider's reference, for money that crossed the platform's edge.
    pub reference: Option<&'a str>,
    /// Who caused it.
    pub actor: Option<UserId>,
}

/// The outcome of a posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posted {
    /// Posted now, as this transaction.
    New(i64),
    /// The key was posted before, as this transaction; nothing changed.
    Already(i64),
}

/// Why a posting was refused with nothing stored.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// The ledger's rules refused it (insufficient funds).
    #[error(transparent)]
    Refused(#[from] LedgerError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for PostError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(StoreError::Database(e))
    }
}

fn owner_key(account: &Account) -> i64 {
    account.owner.unwrap_or(0)
}

async fn account_id(txn: &DatabaseTransaction, account: &Account, now: OffsetDateTime) -> Result<i64, StoreError> {
    let seed = Query::insert()
        .into_table(ledger_accounts::Entity)
        .columns([
            ledger_accounts::Column::Kind,
            ledger_accounts::Column::OwnerId,
            ledger_accounts::Column::Currency,
            ledger_accounts::Column::CreatedAt,
        ])
        .values_panic([
            account.kind.as_str().into(),
            owner_key(account).into(),
            account.currency.code().into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns([
                ledger_accounts::Column::Kind,
                ledger_accounts::Column::OwnerId,
                ledger_accounts::Column::Currency,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    txn.execute(&seed).await?;
    ledger_accounts::Entity::find()
        .filter(ledger_accounts::Column::Kind.eq(account.kind.as_str()))
        .filter(ledger_accounts::Column::OwnerId.eq(owner_key(account)))
        .filter(ledger_accounts::Column::Currency.eq(account.currency.code()))
        .one(txn)
        .await?
        .map(|m| m.id)
        .ok_or(StoreError::Corrupt { what: "ledger account" })
}

async fn balance_of(conn: &impl ConnectionTrait, account_id: i64) -> Result<i64, StoreError> {
    let balance: Option<i64> = ledger_accounts::Entity::find_by_id(account_id)
        .select_only()
        .column(ledger_accounts::Column::BalanceMinor)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(balance.unwrap_or(0))
}

/// Posts `transaction` inside the caller's database transaction, which the caller commits: accounts
/// are locked (PostgreSQL) or written by the one writer (SQLite) while funds are checked, so two
/// concurrent postings cannot both spend the same balance. `Ok(None)` when the key was already
/// posted (the caller must roll back).
pub(crate) async fn post_within(
    txn: &DatabaseTransaction,
    backend: Backend,
    posting: &Posting<'_>,
    transaction: &Transaction,
    now: OffsetDateTime,
) -> Result<Option<i64>, PostError> {
    let mut ids = Vec::with_capacity(transaction.entries().len());
    for entry in transaction.entries() {
        ids.push(account_id(txn, &entry.account, now).await?);
    }
    if backend == Backend::Postgres {
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        ledger_accounts::Entity::find()
            .filter(ledger_accounts::Column::Id.is_in(sorted))
            .order_by_asc(ledger_accounts::Column::Id)
            .lock_exclusive()
            .all(txn)
            .await?;
    }
    // Every balance stays non-negative (but the outside world's) and within what the ledger holds.
    for (entry, id) in transaction.entries().iter().zip(&ids) {
        balance_after(&entry.account, balance_of(txn, *id).await?, entry.amount)?;
    }
    let inserted = transaction_row(posting, now).insert(txn).await;
    let row = match inserted {
        Ok(row) => row,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    for (entry, id) in transaction.entries().iter().zip(ids) {
        ledger_entries::ActiveModel {
            id: NotSet,
            transaction_id: Set(row.id),
            account_id: Set(id),
            amount_minor: Set(entry.amount),
        }
        .insert(txn)
        .await?;
        ledger_accounts::Entity::update_many()
            .col_expr(
                ledger_accounts::Column::BalanceMinor,
                Expr::col(ledger_accounts::Column::BalanceMinor).add(entry.amount),
            )
            .filter(ledger_accounts::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    Ok(Some(row.id))
}

/// The row of a transaction posted under `posting`.
fn transaction_row(posting: &Posting<'_>, now: OffsetDateTime) -> ledger_transactions::ActiveModel {
    ledger_transactions::ActiveModel {
        id: NotSet,
        idempotency_key: Set(posting.key.as_str().to_owned()),
        kind: Set(posting.kind.to_owned()),
        memo: Set(posting.memo.to_owned()),
        reference: Set(posting.reference.map(str::to_owned)),
        actor_id: Set(posting.actor.map(|a| a.get())),
        created_at: Set(now),
    }
}

/// Posts many transactions inside the caller's database transaction, as [`post_within`] would one
/// after another, in a few statements: each account is resolved, locked and read once, every
/// balance is checked entry by entry in order, and the rows are inserted together. Returns the
/// new transactions' ids in order. A key posted before refuses the whole batch (`Conflict`, with
/// nothing written): callers post only what they found not yet posted under their lock.
pub(crate) async fn post_many_within(
    txn: &DatabaseTransaction,
    backend: Backend,
    postings: &[(Posting<'_>, &Transaction)],
    now: OffsetDateTime,
) -> Result<Vec<i64>, PostError> {
    if postings.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<String> = postings.iter().map(|(p, _)| p.key.as_str().to_owned()).collect();
    let mut accounts: Vec<(Account, i64)> = Vec::new();
    for (_, transaction) in postings {
        for entry in transaction.entries() {
            if !accounts.iter().any(|(a, _)| *a == entry.account) {
                accounts.push((entry.account, account_id(txn, &entry.account, now).await?));
            }
        }
    }
    let mut ids: Vec<i64> = accounts.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    let mut query = ledger_accounts::Entity::find()
        .filter(ledger_accounts::Column::Id.is_in(ids))
        .order_by_asc(ledger_accounts::Column::Id);
    if backend == Backend::Postgres {
        query = query.lock_exclusive();
    }
    let mut balances: HashMap<i64, i64> = query.all(txn).await?.into_iter().map(|a| (a.id, a.balance_minor)).collect();
    let id_of = |account: &Account| accounts.iter().find(|(a, _)| a == account).map(|(_, id)| *id).unwrap_or(0);
    let before = balances.clone();
    for (_, transaction) in postings {
        for entry in transaction.entries() {
            let balance = balances.entry(id_of(&entry.account)).or_default();
            *balance = balance_after(&entry.account, *balance, entry.amount)?;
        }
    }
    // One statement writes the transactions and says which keys were new: a key posted before
    // refuses the whole batch (the caller's transaction rolls back). No lookup by a list of keys,
    // whose plan would depend on the table's statistics being fresh.
    let inserted: HashMap<String, i64> =
        ledger_transactions::Entity::insert_many(postings.iter().map(|(posting, _)| transaction_row(posting, now)))
            .on_conflict(OnConflict::column(ledger_transactions::Column::IdempotencyKey).do_nothing().to_owned())
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|row| (row.idempotency_key, row.id))
            .collect();
    if inserted.len() != postings.len() {
        return Err(StoreError::Conflict.into());
    }
    let mut out = Vec::with_capacity(postings.len());
    let mut entries = Vec::new();
    for ((_, transaction), key) in postings.iter().zip(&keys) {
        let id = *inserted.get(key).ok_or(StoreError::Conflict)?;
        out.push(id);
        entries.extend(transaction.entries().iter().map(|entry| ledger_entries::ActiveModel {
            id: NotSet,
            transaction_id: Set(id),
            account_id: Set(id_of(&entry.account)),
            amount_minor: Set(entry.amount),
        }));
    }
    for chunk in entries.chunks(2_000) {
        ledger_entries::Entity::insert_many(chunk.to_vec()).exec_without_returning(txn).await?;
    }
    for (id, balance) in &balances {
        let delta = balance - before.get(id).copied().unwrap_or(0);
        if delta != 0 {
            ledger_accounts::Entity::update_many()
                .col_expr(
                    ledger_accounts::Column::BalanceMinor,
                    Expr::col(ledger_accounts::Column::BalanceMinor).add(delta),
                )
                .filter(ledger_accounts::Column::Id.eq(*id))
                .exec(txn)
                .await?;
        }
    }
    Ok(out)
}

/// The balance of an account inside a transaction (0 for an account never used).
pub(crate) async fn balance_within(conn: &impl ConnectionTrait, account: &Account) -> Result<i64, StoreError> {
    let found = ledger_accounts::Entity::find()
        .filter(ledger_accounts::Column::Kind.eq(account.kind.as_str()))
        .filter(ledger_accounts::Column::OwnerId.eq(owner_key(account)))
        .filter(ledger_accounts::Column::Currency.eq(account.currency.code()))
        .one(conn)
        .await?;
    match found {
        Some(model) => balance_of(conn, model.id).await,
        None => Ok(0),
    }
}

impl Store {
    /// Posts `transaction` once per key: a retried key answers [`Posted::Already`] and changes
    /// nothing. Accounts are locked (PostgreSQL) or written by the one writer (SQLite) while funds
    /// are checked, so two concurrent postings cannot both spend the same balance.
    pub async fn post(
        &self,
        posting: &Posting<'_>,
        transaction: &Transaction,
        now: OffsetDateTime,
    ) -> Result<Posted, PostError> {
        if let Some(id) = self.posted(posting.key).await? {
            return Ok(Posted::Already(id));
        }
        let txn = self.write.begin().await?;
        match post_within(&txn, self.backend, posting, transaction, now).await {
            Ok(Some(id)) => {
                txn.commit().await?;
                Ok(Posted::New(id))
            }
            // The same key, posted concurrently and committed first.
            Ok(None) => {
                txn.rollback().await?;
                let id = self.posted(posting.key).await?.ok_or(StoreError::Conflict)?;
                Ok(Posted::Already(id))
            }
            Err(e) => {
                txn.rollback().await?;
                Err(e)
            }
        }
    }

    /// The transaction posted under `key`, if any.
    pub async fn posted(&self, key: &IdempotencyKey) -> Result<Option<i64>, StoreError> {
        Ok(ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::IdempotencyKey.eq(key.as_str()))
            .one(&self.write)
            .await?
            .map(|m| m.id))
    }

    /// An account's balance: the sum of its entries (0 for an account never used).
    pub async fn balance(&self, account: &Account) -> Result<i64, StoreError> {
        balance_within(&self.read, account).await
    }

    /// The currencies in which an owner has an account of this kind.
    pub(crate) async fn account_currencies(&self, kind: AccountKind, owner: i64) -> Result<Vec<String>, StoreError> {
        Ok(ledger_accounts::Entity::find()
            .filter(ledger_accounts::Column::Kind.eq(kind.as_str()))
            .filter(ledger_accounts::Column::OwnerId.eq(owner))
            .order_by_asc(ledger_accounts::Column::Currency)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| m.currency)
            .collect())
    }

    /// The transactions whose entries do not sum to zero (none, unless rows were tampered with).
    pub async fn unbalanced_transactions(&self) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT transaction_id FROM ledger_entries GROUP BY transaction_id \
                   HAVING SUM(amount_minor) <> 0 OR COUNT(*) < 2 ORDER BY transaction_id";
        let rows =
            self.read.query_all_raw(sea_orm::Statement::from_string(self.read.get_database_backend(), sql)).await?;
        rows.iter().map(|row| row.try_get_by_index::<i64>(0).map_err(StoreError::Database)).collect()
    }

    /// Every entry ever posted, for checking the ledger's invariants; `Corrupt` when an account's kept
    /// balance is not the sum of its entries.
    pub async fn ledger_entries(&self) -> Result<Vec<Entry>, StoreError> {
        let rows = ledger_accounts::Entity::find().all(&self.read).await?;
        let kept: HashMap<i64, i64> = rows.iter().map(|m| (m.id, m.balance_minor)).collect();
        let accounts: HashMap<i64, Account> = rows
            .into_iter()
            .map(|m| {
                let kind = AccountKind::parse(&m.kind).ok_or(StoreError::Corrupt { what: "ledger account kind" })?;
                let currency =
                    Currency::parse(&m.currency).map_err(|_| StoreError::Corrupt { what: "ledger currency" })?;
                let owner = (m.owner_id != 0).then_some(m.owner_id);
                Ok((m.id, Account { kind, owner, currency }))
            })
            .collect::<Result<_, StoreError>>()?;
        let rows = ledger_entries::Entity::find().order_by_asc(ledger_entries::Column::Id).all(&self.read).await?;
        // Each account's kept balance is the sum of its entries.
        let mut sums: HashMap<i64, i64> = HashMap::new();
        for e in &rows {
            *sums.entry(e.account_id).or_default() += e.amount_minor;
        }
        if kept.iter().any(|(id, balance)| sums.get(id).copied().unwrap_or(0) != *balance) {
            return Err(StoreError::Corrupt { what: "ledger balance" });
        }
        rows.into_iter()
            .map(|e| {
                let account = *accounts.get(&e.account_id).ok_or(StoreError::Corrupt { what: "ledger entry" })?;
                Ok(Entry { account, amount: e.amount_minor })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ideaforge_domain::ledger::{Account, IdempotencyKey, LedgerError, Transaction, check_invariants};
    use ideaforge_domain::money::{Currency, Money};
    use ideaforge_domain::{ChallengeId, UserId};
    use sea_orm::ConnectionTrait;
    use time::OffsetDateTime;

    use super::{PostError, Posted, Posting};
    use crate::Store;
    use crate::testing::{Engine, TestDb};

    crate::on_both_engines!(
        postings_are_balanced_once_per_key_and_funded,
        concurrent_awards_never_overspend_escrow,
        entries_cannot_be_changed_or_deleted,
        balances_never_leave_the_range_the_ledger_holds,
        a_batch_with_a_key_posted_before_writes_nothing
    );

    fn key(raw: &str) -> IdempotencyKey {
        IdempotencyKey::parse(raw).expect("valid key")
    }

    fn posting(key: &IdempotencyKey) -> Posting<'_> {
        Posting { key, kind: "test", memo: "", reference: Some("bank-123"), actor: None }
    }

    async fn store(db: &TestDb) -> Store {
        let store = Store::connect(db.config()).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
    }

    async fn balances_never_leave_the_range_the_ledger_holds(engine: Engine) {
        use ideaforge_domain::ledger::MAX_BALANCE;
        let db = TestDb::new(engine).await;
        let store = store(&db).await;
        let usd = Currency::parse("USD").expect("known");
        let now = OffsetDateTime::now_utc();
        let holder = UserId::new(4);
        let credit = |minor| Transaction::royalty(&[(holder, Money::new(minor, usd))]).expect("valid");
        store.post(&posting(&key("credit:near-the-top")), &credit(MAX_BALANCE - 10), now).await.expect("post");
        let refused = store.post(&posting(&key("credit:one-too-many")), &credit(11), now).await;
        assert!(matches!(refused, Err(PostError::Refused(LedgerError::BalanceOutOfRange))), "{refused:?}");
        assert!(store.posted(&key("credit:one-too-many")).await.expect("read").is_none(), "nothing stored");
        store.post(&posting(&key("credit:to-the-top")), &credit(10), now).await.expect("exactly the top");
        assert_eq!(store.balance(&Account::payable(holder, usd)).await.expect("balance"), MAX_BALANCE);
        assert_eq!(store.balance(&Account::external(usd)).await.expect("balance"), -MAX_BALANCE, "sums still fit");
        check_invariants(&store.ledger_entries().await.expect("entries")).expect("invariants");
    }

    async fn a_batch_with_a_key_posted_before_writes_nothing(engine: Engine) {
        use sea_orm::TransactionTrait;
        let db = TestDb::new(engine).await;
        let store = store(&db).await;
        let usd = Currency::parse("USD").expect("known");
        let now = OffsetDateTime::now_utc();
        let credit = Transaction::royalty(&[(UserId::new(4), Money::new(100, usd))]).expect("valid");
        let (a, b, c) = (key("batch:first"), key("batch:second"), key("batch:third"));
        fn of<'k>(keys: &[&'k IdempotencyKey], credit: &'k Transaction) -> Vec<(Posting<'k>, &'k Transaction)> {
            keys.iter().map(|k| (posting(k), credit)).collect()
        }
        let txn = store.write.begin().await.expect("begin");
        let ids = super::post_many_within(&txn, store.backend, &of(&[&a, &b], &credit), now).await.expect("posted");
        txn.commit().await.expect("commit");
        assert_eq!(ids.len(), 2);
        for refused in [of(&[&b, &c], &credit), of(&[&c, &c], &credit)] {
            let txn = store.write.begin().await.expect("begin");
            let result = super::post_many_within(&txn, store.backend, &refused, now).await;
            assert!(matches!(result, Err(PostError::Store(crate::StoreError::Conflict))), "{result:?}");
            drop(txn);
        }
        assert!(store.posted(&c).await.expect("read").is_none(), "nothing of a refused batch stays");
        assert_eq!(store.balance(&Account::payable(UserId::new(4), usd)).await.expect("balance"), 200);
        check_invariants(&store.ledger_entries().await.expect("entries")).expect("invariants");
    }

    async fn postings_are_balanced_once_per_key_and_funded(engine: Engine) {
        let db = TestDb::new(engine).await;
        let store = store(&db).await;
        let usd = Currency::parse("USD").expect("known");
        let now = OffsetDateTime::now_utc();
        let (org, solver) = (ChallengeId::new(3), UserId::new(9));
        let fund = Transaction::fund_escrow(org, Money::new(1_650_000, usd)).expect("valid");
        let funded = key("fund:challenge-1");
        let first = store.post(&posting(&funded), &fund, now).await.expect("post");
        assert!(matches!(first, Posted::New(_)));
        let again = store.post(&posting(&funded), &fund, now).await.expect("retry");
        assert_eq!(
            again,
            match first {
                Posted::New(id) => Posted::Already(id),
                other => other,
            }
        );
        assert_eq!(store.balance(&Account::escrow(org, usd)).await.expect("balance"), 1_650_000, "posted once");

        let award = Transaction::award(org, solver, Money::new(1_500_000, usd), Money::new(150_000, usd)).expect("ok");
        store.post(&posting(&key("award:challenge-1")), &award, now).await.expect("award");
        assert_eq!(store.balance(&Account::payable(solver, usd)).await.expect("balance"), 1_500_000);
        assert_eq!(store.balance(&Account::platform_revenue(usd)).await.expect("balance"), 150_000);
        assert_eq!(store.balance(&Account::escrow(org, usd)).await.expect("balance"), 0);

        let overdraw = Transaction::refund(org, Money::new(1, usd)).expect("valid");
        let refused = store.post(&posting(&key("refund:challenge-1")), &overdraw, now).await;
        assert!(matches!(refused, Err(PostError::Refused(LedgerError::InsufficientFunds))), "{refused:?}");
        assert!(store.posted(&key("refund:challenge-1")).await.expect("read").is_none(), "nothing stored");
        check_invariants(&store.ledger_entries().await.expect("entries")).expect("invariants");
    }

    async fn concurrent_awards_never_overspend_escrow(engine: Engine) {
        let db = TestDb::new(engine).await;
        let store = store(&db).await;
        let eur = Currency::parse("EUR").expect("known");
        let now = OffsetDateTime::now_utc();
        let org = ChallengeId::new(1);
        let fund = Transaction::fund_escrow(org, Money::new(3_000, eur)).expect("valid");
        store.post(&posting(&key("fund:escrow-1")), &fund, now).await.expect("fund");
        let store = Arc::new(store);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..10 {
            let store = Arc::clone(&store);
            tasks.spawn(async move {
                let award =
                    Transaction::award(org, UserId::new(i), Money::new(1_000, eur), Money::zero(eur)).expect("valid");
                let key = key(&format!("award:solver-{i}"));
                store.post(&posting(&key), &award, OffsetDateTime::now_utc()).await
            });
        }
        let mut awarded = 0;
        while let Some(result) = tasks.join_next().await {
            match result.expect("task") {
                Ok(Posted::New(_)) => awarded += 1,
                Err(PostError::Refused(LedgerError::InsufficientFunds)) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(awarded, 3, "exactly what the escrow held");
        assert_eq!(store.balance(&Account::escrow(org, eur)).await.expect("balance"), 0);
        check_invariants(&store.ledger_entries().await.expect("entries")).expect("invariants");
    }

    async fn entries_cannot_be_changed_or_deleted(engine: Engine) {
        let db = TestDb::new(engine).await;
        let store = store(&db).await;
        let usd = Currency::parse("USD").expect("known");
        let fund = Transaction::fund_escrow(ChallengeId::new(1), Money::new(500, usd)).expect("valid");
        store.post(&posting(&key("fund:escrow-9")), &fund, OffsetDateTime::now_utc()).await.expect("fund");
        for sql in [
            "UPDATE ledger_entries SET amount_minor = 1",
            "DELETE FROM ledger_entries",
            "UPDATE ledger_transactions SET memo = 'x'",
            "DELETE FROM ledger_transactions",
        ] {
            assert!(store.write.execute_unprepared(sql).await.is_err(), "{sql} must be refused");
        }
        assert_eq!(store.balance(&Account::escrow(ChallengeId::new(1), usd)).await.expect("balance"), 500);
    }
}
