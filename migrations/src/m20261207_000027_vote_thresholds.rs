//! Vote thresholds: a contest may set the number of votes at which a `submitted` idea is shortlisted
//! by itself. Such a move has no person behind it, so a stage change's actor becomes optional and the
//! threshold it reached is kept in its place.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The stage history as it is from now on: `actor_id` may be empty, `by_votes` says why then.
fn stage_changes(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(big_pk_auto("id"))
        .col(big_integer("idea_id"))
        .col(string_len("from_stage", 16))
        .col(string_len("to_stage", 16))
        .col(big_integer_null("actor_id"))
        .col(string_len("reason", 500))
        .col(timestamp_with_time_zone("created_at"))
        .col(big_integer_null("by_votes"))
        .foreign_key(ForeignKey::create().from(name, "idea_id").to("ideas", "id").on_delete(ForeignKeyAction::Cascade))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too, so that a failure halfway leaves nothing to trip over.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("contests").add_column(integer_null("shortlist_at")).to_owned())
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE stage_changes ALTER COLUMN actor_id DROP NOT NULL").await?;
                manager
                    .alter_table(
                        Table::alter().table("stage_changes").add_column(big_integer_null("by_votes")).to_owned(),
                    )
                    .await?;
            }
            _ => {
                // SQLite cannot drop a NOT NULL: the table is rebuilt under the same name, rows and ids
                // kept (nothing refers to it).
                manager.create_table(stage_changes("stage_changes_next")).await?;
                db.execute_unprepared(
                    "INSERT INTO stage_changes_next (id, idea_id, from_stage, to_stage, actor_id, reason, created_at) \
                     SELECT id, idea_id, from_stage, to_stage, actor_id, reason, created_at FROM stage_changes",
                )
                .await?;
                manager.drop_table(Table::drop().table("stage_changes").to_owned()).await?;
                manager.rename_table(Table::rename().table("stage_changes_next", "stage_changes").to_owned()).await?;
                manager
                    .create_index(
                        Index::create()
                            .name("stage_changes_idea")
                            .table("stage_changes")
                            .col("idea_id")
                            .col("id")
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("contests").drop_column("shortlist_at").to_owned()).await?;
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM stage_changes WHERE actor_id IS NULL").await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                manager.alter_table(Table::alter().table("stage_changes").drop_column("by_votes").to_owned()).await?;
                db.execute_unprepared("ALTER TABLE stage_changes ALTER COLUMN actor_id SET NOT NULL").await?;
            }
            _ => manager.alter_table(Table::alter().table("stage_changes").drop_column("by_votes").to_owned()).await?,
        }
        Ok(())
    }
}
