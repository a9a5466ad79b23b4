//! Every pledge's authorisation is its own reference, bank transfers included (`man_…`, where they
//! were all `manual`), and pledges are found by it: the manual provider answers a capture by
//! looking up the transfers recorded for its authorisations.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE pledges SET authorisation = 'man_' || CAST(id AS TEXT) WHERE authorisation = 'manual'",
            )
            .await?;
        manager
            .create_index(
                Index::create().name("pledges_by_authorisation").table("pledges").col("authorisation").to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("pledges_by_authorisation").table("pledges").to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE pledges SET authorisation = 'manual' WHERE authorisation LIKE 'man!_%' ESCAPE '!'",
            )
            .await
            .map(|_| ())
    }
}
