//! Every time an administrator opened a solution that was still sealed (before its challenge's
//! deadline), with the reason they gave: the solver sees each one on their solution's page.

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
                    .table("solution_openings")
                    .col(big_pk_auto("id"))
                    .col(big_integer("solution_id"))
                    .col(big_integer("admin_id"))
                    .col(text("reason"))
                    .col(timestamp_with_time_zone("opened_at"))
                    .foreign_key(ForeignKey::create().from("solution_openings", "solution_id").to("solutions", "id"))
                    .foreign_key(ForeignKey::create().from("solution_openings", "admin_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("solution_openings_by_solution")
                    .table("solution_openings")
                    .col("solution_id")
                    .col("admin_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("solution_openings").to_owned()).await
    }
}
