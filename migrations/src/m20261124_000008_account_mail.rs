//! Accounts and mail: when a member proved their address (notification e-mail goes only to proven
//! addresses; accounts that existed before count as proven), and the language their e-mail is
//! written in.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("users").add_column(timestamp_with_time_zone_null("email_verified_at")).to_owned(),
            )
            .await?;
        manager.alter_table(Table::alter().table("users").add_column(string_len_null("locale", 8)).to_owned()).await?;
        // Accounts from before addresses were confirmed keep getting their mail.
        manager
            .exec_stmt(
                Query::update()
                    .table("users")
                    .value("email_verified_at", Expr::col("created_at"))
                    .and_where(Expr::col("email_verified_at").is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("users").drop_column("locale").to_owned()).await?;
        manager.alter_table(Table::alter().table("users").drop_column("email_verified_at").to_owned()).await
    }
}
