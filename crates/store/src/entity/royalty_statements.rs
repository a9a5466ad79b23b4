//! Net revenue recorded for a launched idea and period, the royalty pool owed, and when the
//! money for it was received (and credited to the holders).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "royalty_statements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub idea_id: i64,
    pub period: String,
    pub revenue_minor: i64,
    pub currency: String,
    pub pool_bp: i32,
    pub pool_minor: i64,
    pub transaction_id: Option<i64>,
    pub recorded_by: i64,
    pub recorded_at: TimeDateTimeWithTimeZone,
    pub received_at: Option<TimeDateTimeWithTimeZone>,
    pub received_by: Option<i64>,
    pub reference: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
