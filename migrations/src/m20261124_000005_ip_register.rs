//! The IP register (hash-chained records of rights) and royalty statements with their lines.
//!
//! Register rows carry no triggers: the chain itself makes any change detectable, and
//! `ideaforge verify-ip` names the first record that no longer verifies.

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
                    .table("ip_records")
                    .col(big_integer("seq").primary_key())
                    .col(string_len("kind", 32))
                    .col(string_len("subject", 40))
                    .col(text("parties"))
                    .col(text("terms"))
                    .col(string_len("content_sha256", 64))
                    .col(string_len("prev_hash", 64))
                    .col(string_len("hash", 64))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ip_records_subject").table("ip_records").col("subject").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("royalty_statements")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(string_len("period", 20))
                    .col(big_integer("revenue_minor"))
                    .col(string_len("currency", 3))
                    .col(integer("pool_bp"))
                    .col(big_integer("pool_minor"))
                    .col(big_integer_null("transaction_id"))
                    .col(big_integer("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(ForeignKey::create().from("royalty_statements", "idea_id").to("ideas", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("royalty_statements_once")
                    .table("royalty_statements")
                    .col("idea_id")
                    .col("period")
                    .col("currency")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("royalty_lines")
                    .col(big_pk_auto("id"))
                    .col(big_integer("statement_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("role", 40))
                    .col(integer("share_bp"))
                    .col(big_integer("amount_minor"))
                    .foreign_key(
                        ForeignKey::create().from("royalty_lines", "statement_id").to("royalty_statements", "id"),
                    )
                    .foreign_key(ForeignKey::create().from("royalty_lines", "user_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("royalty_lines_user").table("royalty_lines").col("user_id").to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["royalty_lines", "royalty_statements", "ip_records"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
