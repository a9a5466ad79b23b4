//! Administrators' openings of sealed solutions, with their reasons.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "solution_openings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub solution_id: i64,
    pub admin_id: i64,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub opened_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
