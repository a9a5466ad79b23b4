//! The sandbox payment provider's own record: every authorisation, capture and void it answered,
//! once per idempotency key (the same key answers with the first outcome), so that tests can prove
//! that a pledge was captured exactly once.

use ideaforge_domain::money::{Currency, Money};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
    TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::sandbox_charges;
use crate::{Store, StoreError};

/// One operation the sandbox answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxCharge {
    /// The caller's idempotency key.
    pub key: String,
    /// `authorise`, `capture` or `void`.
    pub operation: String,
    /// The authorisation it concerns.
    pub authorisation: String,
    /// The card's last four digits.
    pub card_last4: String,
    /// The amount.
    pub amount: Money,
    /// `approved` or `declined`.
    pub outcome: String,
}

fn to_charge(row: sandbox_charges::Model) -> Result<SandboxCharge, StoreError> {
    let currency = Currency::parse(&row.currency).map_err(|_| StoreError::Corrupt { what: "sandbox currency" })?;
    Ok(SandboxCharge {
        key: row.key,
        operation: row.operation,
        authorisation: row.authorisation,
        card_last4: row.card_last4,
        amount: Money::new(row.amount_minor, currency),
        outcome: row.outcome,
    })
}

/// The row recording `charge`.
fn row(charge: &SandboxCharge, now: OffsetDateTime) -> sandbox_charges::ActiveModel {
    sandbox_charges::ActiveModel {
        id: NotSet,
        key: Set(charge.key.clone()),
        operation: Set(charge.operation.clone()),
        authorisation: Set(charge.authorisation.clone()),
        card_last4: Set(charge.card_last4.clone()),
        amount_minor: Set(charge.amount.minor()),
        currency: Set(charge.amount.currency().code().to_owned()),
        outcome: Set(charge.outcome.clone()),
        created_at: Set(now),
    }
}

impl Store {
    /// Records what the sandbox answered for `charge.key`, unless that key was answered before:
    /// then the first answer is returned and nothing is recorded.
    pub async fn sandbox_record(
        &self,
        charge: &SandboxCharge,
        now: OffsetDateTime,
    ) -> Result<SandboxCharge, StoreError> {
        let inserted = row(charge, now).insert(&self.write).await;
        match inserted {
            Ok(row) => to_charge(row),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                let first = sandbox_charges::Entity::find()
                    .filter(sandbox_charges::Column::Key.eq(charge.key.as_str()))
                    .one(&self.write)
                    .await?
                    .ok_or(StoreError::Conflict)?;
                to_charge(first)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Records many answers at once (each as [`Store::sandbox_record`]) and returns the first
    /// answer for each key, in order.
    pub async fn sandbox_record_many(
        &self,
        charges: &[SandboxCharge],
        now: OffsetDateTime,
    ) -> Result<Vec<SandboxCharge>, StoreError> {
        if charges.is_empty() {
            return Ok(Vec::new());
        }
        let txn = self.write.begin().await?;
        // The new answers come back from the insert itself; only keys answered before (a batch sent
        // again after a crash) are looked up.
        let mut first: std::collections::HashMap<String, sandbox_charges::Model> =
            sandbox_charges::Entity::insert_many(charges.iter().map(|charge| row(charge, now)))
                .on_conflict(OnConflict::column(sandbox_charges::Column::Key).do_nothing().to_owned())
                .exec_with_returning(&txn)
                .await?
                .into_iter()
                .map(|row| (row.key.clone(), row))
                .collect();
        let answered_before: Vec<String> =
            charges.iter().filter(|c| !first.contains_key(&c.key)).map(|c| c.key.clone()).collect();
        if !answered_before.is_empty() {
            let before = sandbox_charges::Entity::find()
                .filter(sandbox_charges::Column::Key.is_in(answered_before))
                .all(&txn)
                .await?;
            first.extend(before.into_iter().map(|row| (row.key.clone(), row)));
        }
        txn.commit().await?;
        charges.iter().map(|c| first.get(&c.key).cloned().ok_or(StoreError::Conflict).and_then(to_charge)).collect()
    }

    /// The sandbox's record for an authorisation, oldest first.
    pub async fn sandbox_charges(&self, authorisation: &str) -> Result<Vec<SandboxCharge>, StoreError> {
        sandbox_charges::Entity::find()
            .filter(sandbox_charges::Column::Authorisation.eq(authorisation))
            .order_by_asc(sandbox_charges::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_charge)
            .collect()
    }
}
