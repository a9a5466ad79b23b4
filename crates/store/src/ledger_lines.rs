//! The ledger's entries with their transactions, read in batches by entry id, for administrators to
//! take out (an export of any size holds one batch in memory).

use std::collections::HashMap;

use ideaforge_domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use time::OffsetDateTime;

use crate::entity::{ledger_accounts, ledger_entries, ledger_transactions};
use crate::{Store, StoreError};

/// One entry of the ledger with what its transaction says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLine {
    /// The entry's id.
    pub entry: i64,
    /// Its transaction's id.
    pub transaction: i64,
    /// What the transaction is (`fund_escrow`, `award`, `payout` …).
    pub kind: String,
    /// Its memo.
    pub memo: String,
    /// Its outside reference (a bank transfer's), if any.
    pub reference: Option<String>,
    /// The account's kind (`escrow`, `payable` …).
    pub account: String,
    /// The account's owner (a challenge, campaign, member or organization id), if any.
    pub owner: Option<i64>,
    /// The amount: positive into the account, negative out of it.
    pub amount: Money,
    /// When it was posted.
    pub posted_at: OffsetDateTime,
}

impl Store {
    /// Up to `limit` ledger entries with ids above `after`, in id order: three queries per batch.
    pub async fn ledger_lines_after(&self, after: i64, limit: u64) -> Result<Vec<LedgerLine>, StoreError> {
        let entries = ledger_entries::Entity::find()
            .filter(ledger_entries::Column::Id.gt(after))
            .order_by_asc(ledger_entries::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?;
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let transaction_ids: Vec<i64> = entries.iter().map(|e| e.transaction_id).collect();
        let account_ids: Vec<i64> = entries.iter().map(|e| e.account_id).collect();
        let transactions: HashMap<i64, ledger_transactions::Model> = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::Id.is_in(transaction_ids))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let accounts: HashMap<i64, ledger_accounts::Model> = ledger_accounts::Entity::find()
            .filter(ledger_accounts::Column::Id.is_in(account_ids))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        entries
            .into_iter()
            .map(|e| {
                let corrupt = StoreError::Corrupt { what: "ledger entry" };
                let (t, a) = match (transactions.get(&e.transaction_id), accounts.get(&e.account_id)) {
                    (Some(t), Some(a)) => (t, a),
                    _ => return Err(corrupt),
                };
                let currency =
                    Currency::parse(&a.currency).map_err(|_| StoreError::Corrupt { what: "ledger currency" })?;
                Ok(LedgerLine {
                    entry: e.id,
                    transaction: t.id,
                    kind: t.kind.clone(),
                    memo: t.memo.clone(),
                    reference: t.reference.clone(),
                    account: a.kind.clone(),
                    owner: (a.owner_id != 0).then_some(a.owner_id),
                    amount: Money::new(e.amount_minor, currency),
                    posted_at: t.created_at,
                })
            })
            .collect()
    }
}
