//! Pledges: one row per backer and campaign, holding the provider's authorisation reference.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pledges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub backer_id: i64,
    pub amount_minor: i64,
    pub tier_id: Option<i64>,
    pub quantity: i32,
    pub anonymous: bool,
    pub status: String,
    pub authorisation: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub attempts: i32,
    pub first_failed_at: Option<TimeDateTimeWithTimeZone>,
    pub retry_at: Option<TimeDateTimeWithTimeZone>,
    pub claimed_until: Option<TimeDateTimeWithTimeZone>,
    pub processor_fee_minor: i64,
    pub platform_fee_minor: i64,
    pub net_minor: i64,
    pub transaction_id: Option<i64>,
    pub receipt_reference: Option<String>,
    pub receipt_by: Option<i64>,
    pub receipt_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::BackerId", to = "super::users::Column::Id")]
    Backer,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Backer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
