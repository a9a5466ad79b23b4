//! Suspended members: when, by whom and why an admin suspended an account (a suspended member
//! cannot sign in; their sessions and tokens end when it happens); and the index the audit log
//! reads the event log by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too, so that a failure halfway leaves nothing to trip over.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            timestamp_with_time_zone_null("suspended_at"),
            big_integer_null("suspended_by"),
            string_len_null("suspended_reason", 500),
        ] {
            manager.alter_table(Table::alter().table("users").add_column(column).to_owned()).await?;
        }
        // The audit log reads the event log by kind, newest first.
        manager
            .create_index(Index::create().name("events_kind_id").table("events").col("kind").col("id").to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("events_kind_id").table("events").to_owned()).await?;
        for column in ["suspended_reason", "suspended_by", "suspended_at"] {
            manager.alter_table(Table::alter().table("users").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
