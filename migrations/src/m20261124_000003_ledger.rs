//! The ledger: accounts, transactions (one per idempotency key) and entries. Entries and
//! transactions are append-only: triggers refuse UPDATE and DELETE on both engines.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const APPEND_ONLY: [&str; 2] = ["ledger_transactions", "ledger_entries"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("ledger_accounts")
                    .col(big_pk_auto("id"))
                    .col(string_len("kind", 24))
                    // 0 when the account has no owner (the platform's, the outside world's).
                    .col(big_integer("owner_id"))
                    .col(string_len("currency", 3))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ledger_accounts_kind_owner_currency")
                    .table("ledger_accounts")
                    .col("kind")
                    .col("owner_id")
                    .col("currency")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ledger_transactions")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("idempotency_key", 100))
                    .col(string_len("kind", 32))
                    .col(string_len("memo", 200))
                    .col(string_len_null("reference", 200))
                    .col(big_integer_null("actor_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ledger_entries")
                    .col(big_pk_auto("id"))
                    .col(big_integer("transaction_id"))
                    .col(big_integer("account_id"))
                    .col(big_integer("amount_minor"))
                    .foreign_key(
                        ForeignKey::create().from("ledger_entries", "transaction_id").to("ledger_transactions", "id"),
                    )
                    .foreign_key(ForeignKey::create().from("ledger_entries", "account_id").to("ledger_accounts", "id"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("ledger_entries_account", "account_id"), ("ledger_entries_transaction", "transaction_id")]
        {
            manager.create_index(Index::create().name(name).table("ledger_entries").col(column).to_owned()).await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'ledger rows are append-only'; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in APPEND_ONLY {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in APPEND_ONLY {
                    for action in ["UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_no_{} BEFORE {action} ON {table} \
                             BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END",
                            action.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["ledger_entries", "ledger_transactions", "ledger_accounts"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared("DROP FUNCTION IF EXISTS ledger_append_only()").await?;
        }
        Ok(())
    }
}
