//! Awards, one per solution, each with its ledger transaction.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "challenge_awards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub challenge_id: i64,
    pub solution_id: i64,
    pub solver_id: i64,
    pub share_bp: i32,
    pub amount_minor: i64,
    pub fee_minor: i64,
    pub currency: String,
    pub ip_terms: String,
    pub transaction_id: i64,
    pub awarded_by: i64,
    pub awarded_at: TimeDateTimeWithTimeZone,
    pub place: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
