//! Each ledger account keeps its balance beside its entries, changed in the same database
//! transaction as every entry posted to it, so that checking funds costs one read instead of a sum
//! over every entry the account ever had (a campaign's escrow takes one entry per captured pledge).
//! Existing balances are summed from the entries once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("ledger_accounts").add_column(big_integer("balance_minor").default(0)).to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE ledger_accounts SET balance_minor = COALESCE((SELECT SUM(amount_minor) FROM ledger_entries \
                 WHERE ledger_entries.account_id = ledger_accounts.id), 0)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("ledger_accounts").drop_column("balance_minor").to_owned()).await
    }
}
