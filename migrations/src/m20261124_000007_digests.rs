//! When each member last got each digest (daily, weekly), so that a digest covers exactly what
//! happened since the previous one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("digest_state")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("period", 16))
                    .col(timestamp_with_time_zone("covered_until"))
                    .foreign_key(ForeignKey::create().from("digest_state", "user_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("digest_state_once")
                    .table("digest_state")
                    .col("user_id")
                    .col("period")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("digest_state").to_owned()).await
    }
}
