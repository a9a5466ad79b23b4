//! Personal access tokens get a scope (`read`, `write`, `admin`) and an optional expiry. Tokens
//! issued before carry `write`: they keep working as their owner's member powers, and staff powers
//! need a new `admin` token.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |column: &mut ColumnDef| Table::alter().table("api_tokens").add_column(column).to_owned();
        manager.alter_table(add(text("scope").default("write"))).await?;
        manager.alter_table(add(&mut timestamp_with_time_zone_null("expires_at"))).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["expires_at", "scope"] {
            manager.alter_table(Table::alter().table("api_tokens").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
