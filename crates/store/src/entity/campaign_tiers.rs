//! A campaign's reward tiers, with how many of each are taken by active pledges.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_tiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub minimum_minor: i64,
    pub quantity: Option<i32>,
    pub per_backer_limit: Option<i32>,
    pub estimated_delivery: String,
    pub taken: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
