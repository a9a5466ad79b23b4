//! Settling campaigns: each pledge to a campaign that succeeded is captured once, under a lease
//! like the mailer's (any node, resumable after a crash), retried after a failure until the grace
//! period ends, and keeps what it paid (the processor's fee, the platform's fee, the rest) and its
//! ledger transaction; a campaign records when its outcome was decided and when its proceeds were
//! paid out.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let pledges = |column: &mut ColumnDef| Table::alter().table("pledges").add_column(column).to_owned();
        manager.alter_table(pledges(integer("attempts").default(0))).await?;
        manager.alter_table(pledges(&mut timestamp_with_time_zone_null("first_failed_at"))).await?;
        manager.alter_table(pledges(&mut timestamp_with_time_zone_null("retry_at"))).await?;
        manager.alter_table(pledges(&mut timestamp_with_time_zone_null("claimed_until"))).await?;
        manager.alter_table(pledges(big_integer("processor_fee_minor").default(0))).await?;
        manager.alter_table(pledges(big_integer("platform_fee_minor").default(0))).await?;
        manager.alter_table(pledges(big_integer("net_minor").default(0))).await?;
        manager.alter_table(pledges(&mut big_integer_null("transaction_id"))).await?;
        let campaigns = |column: &mut ColumnDef| Table::alter().table("campaigns").add_column(column).to_owned();
        manager.alter_table(campaigns(&mut timestamp_with_time_zone_null("settled_at"))).await?;
        manager.alter_table(campaigns(&mut timestamp_with_time_zone_null("paid_out_at"))).await?;
        manager
            .create_index(Index::create().name("pledges_due").table("pledges").col("status").col("retry_at").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("pledges_due").table("pledges").to_owned()).await?;
        for column in ["paid_out_at", "settled_at"] {
            manager.alter_table(Table::alter().table("campaigns").drop_column(column).to_owned()).await?;
        }
        for column in [
            "transaction_id",
            "net_minor",
            "platform_fee_minor",
            "processor_fee_minor",
            "claimed_until",
            "retry_at",
            "first_failed_at",
            "attempts",
        ] {
            manager.alter_table(Table::alter().table("pledges").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
