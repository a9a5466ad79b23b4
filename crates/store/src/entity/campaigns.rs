//! Funding campaigns, with the running sum and count of their active pledges.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub idea_id: Option<i64>,
    pub title: String,
    pub story: String,
    pub goal_minor: i64,
    pub currency: String,
    pub deadline: TimeDateTimeWithTimeZone,
    pub fee_bp: i32,
    pub provider: String,
    pub status: String,
    pub approved_by: Option<i64>,
    pub launched_at: Option<TimeDateTimeWithTimeZone>,
    pub pledged_minor: i64,
    pub backers: i32,
    pub created_by: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub settled_at: Option<TimeDateTimeWithTimeZone>,
    pub paid_out_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
