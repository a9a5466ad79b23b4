//! Judges' scores, one per solution, judge and criterion.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "solution_scores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub solution_id: i64,
    pub judge_id: i64,
    pub criterion: i32,
    pub score: i32,
    pub scored_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::solutions::Entity",
        from = "Column::SolutionId",
        to = "super::solutions::Column::Id"
    )]
    Solution,
}

impl Related<super::solutions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Solution.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
