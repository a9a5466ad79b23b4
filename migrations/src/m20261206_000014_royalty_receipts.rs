//! Royalties are credited only from money received: a statement records what is owed, and an
//! admin records the money received for it (who, when, the provider's reference). Statements
//! credited before this change were credited when recorded; they count as received then.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |mut column: ColumnDef| Table::alter().table("royalty_statements").add_column(&mut column).to_owned();
        manager.alter_table(add(timestamp_with_time_zone_null("received_at"))).await?;
        manager.alter_table(add(big_integer_null("received_by"))).await?;
        manager.alter_table(add(text_null("reference"))).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE royalty_statements SET received_at = recorded_at, received_by = recorded_by \
                 WHERE transaction_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["reference", "received_by", "received_at"] {
            manager.alter_table(Table::alter().table("royalty_statements").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
