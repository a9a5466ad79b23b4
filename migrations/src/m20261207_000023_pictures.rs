//! The pictures organizations and contests show: one row per subject (`org:3`, `contest:5`) naming
//! the file made of the upload, in the data directory's `pictures/`.

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
                    .table("pictures")
                    .col(string_len("subject", 40).primary_key())
                    .col(string_len("name", 64))
                    .col(big_integer("uploaded_by"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(ForeignKey::create().from("pictures", "uploaded_by").to("users", "id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("pictures").to_owned()).await
    }
}
