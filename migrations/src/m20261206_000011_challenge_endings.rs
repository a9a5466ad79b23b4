//! What a challenge's seeker can see of its solutions and how it ended: the number of solutions
//! received (counted in the transaction that adds one; a seeker may not cancel once it is above
//! zero), and the public reason an administrator gave for ending it without paying its awards.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("challenges").add_column(big_integer("solutions").default(0)).to_owned())
            .await?;
        manager.alter_table(Table::alter().table("challenges").add_column(text_null("end_reason")).to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE challenges SET solutions = \
                 (SELECT COUNT(*) FROM solutions WHERE solutions.challenge_id = challenges.id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("challenges").drop_column("end_reason").to_owned()).await?;
        manager.alter_table(Table::alter().table("challenges").drop_column("solutions").to_owned()).await
    }
}
