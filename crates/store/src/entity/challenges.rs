//! Bounty challenges.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "challenges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub statement: String,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub kind: String,
    pub difficulty: String,
    pub category: String,
    pub award_minor: i64,
    pub currency: String,
    pub split_bp: String,
    #[sea_orm(column_type = "Text")]
    pub criteria: String,
    pub deadline: TimeDateTimeWithTimeZone,
    pub ip_terms: String,
    pub anonymous: bool,
    pub status: String,
    pub fee_bp: i32,
    pub approved_at: Option<TimeDateTimeWithTimeZone>,
    pub approved_by: Option<i64>,
    pub opened_at: Option<TimeDateTimeWithTimeZone>,
    pub created_by: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub solutions: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub end_reason: Option<String>,
    pub language: Option<String>,
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
