//! Public questions on challenges and the seeker's answers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "challenge_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub challenge_id: i64,
    pub asker_id: i64,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub asked_at: TimeDateTimeWithTimeZone,
    pub answered_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::AskerId", to = "super::users::Column::Id")]
    Asker,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Asker.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
