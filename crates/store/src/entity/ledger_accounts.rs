//! Ledger accounts: one per kind, owner and currency, with the running sum of their entries.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub owner_id: i64,
    pub currency: String,
    pub created_at: TimeDateTimeWithTimeZone,
    /// The sum of its entries, kept in each posting's transaction.
    pub balance_minor: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
