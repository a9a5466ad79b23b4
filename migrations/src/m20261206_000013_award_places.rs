//! Which place of the published split each award fills (1 = first): an award pays exactly its
//! place's share, and each place is awarded once. Earlier awards take places in the order they
//! were made.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("challenge_awards").add_column(integer("place").default(0)).to_owned())
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE challenge_awards SET place = (SELECT COUNT(*) FROM challenge_awards earlier \
                 WHERE earlier.challenge_id = challenge_awards.challenge_id AND earlier.id <= challenge_awards.id)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("challenge_awards_place")
                    .table("challenge_awards")
                    .col("challenge_id")
                    .col("place")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("challenge_awards_place").table("challenge_awards").to_owned()).await?;
        manager.alter_table(Table::alter().table("challenge_awards").drop_column("place").to_owned()).await
    }
}
