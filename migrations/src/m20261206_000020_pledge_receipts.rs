//! Bank-transfer pledges (the `manual` provider): the money an admin recorded as received for a
//! pledge, with the payment reference, who recorded it and when. Settlement captures a pledge once
//! its receipt is recorded; one still unpaid when the grace period ends is dropped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let pledges = |column: &mut ColumnDef| Table::alter().table("pledges").add_column(column).to_owned();
        manager.alter_table(pledges(&mut string_len_null("receipt_reference", 200))).await?;
        manager.alter_table(pledges(&mut big_integer_null("receipt_by"))).await?;
        manager.alter_table(pledges(&mut timestamp_with_time_zone_null("receipt_at"))).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["receipt_at", "receipt_by", "receipt_reference"] {
            manager.alter_table(Table::alter().table("pledges").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
