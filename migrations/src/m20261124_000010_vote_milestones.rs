//! The highest vote milestone each idea's authors were told about, so that a vote withdrawn and
//! cast again never announces the same milestone twice.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("ideas").add_column(big_integer("votes_milestone").default(0)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("ideas").drop_column("votes_milestone").to_owned()).await
    }
}
