//! Idea contests.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub brief: String,
    pub category: String,
    pub submission_closes_at: TimeDateTimeWithTimeZone,
    pub voting_closes_at: TimeDateTimeWithTimeZone,
    pub vote_budget: Option<i32>,
    pub influence_pool_bp: i32,
    #[sea_orm(column_type = "Text")]
    pub ip_terms: String,
    pub approved_at: Option<TimeDateTimeWithTimeZone>,
    pub approved_by: Option<i64>,
    pub created_by: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub shortlist_at: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organizations::Entity",
        from = "Column::OrgId",
        to = "super::organizations::Column::Id"
    )]
    Org,
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Org.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
