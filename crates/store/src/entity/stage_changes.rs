//! The stage history of ideas.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "stage_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub idea_id: i64,
    pub from_stage: String,
    pub to_stage: String,
    pub actor_id: Option<i64>,
    pub reason: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub by_votes: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
