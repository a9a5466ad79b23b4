//! The IP register: hash-chained records of rights.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ip_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub kind: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub parties: String,
    #[sea_orm(column_type = "Text")]
    pub terms: String,
    pub content_sha256: String,
    pub prev_hash: String,
    pub hash: String,
    pub recorded_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
