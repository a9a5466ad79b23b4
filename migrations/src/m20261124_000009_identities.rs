//! Sign-in with outside identity providers: the identities linked to each account (keyed by the
//! provider's issuer and subject, never the e-mail alone), and the sign-ins under way (single-use
//! rows keyed by the hash of their `state`, bound to the browser that started them).

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
                    .table("identities")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("provider", 40))
                    .col(string_len("issuer", 500))
                    .col(string_len("subject", 255))
                    .col(string_len_null("email", 254))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("identities", "user_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("identities_once")
                    .table("identities")
                    .col("issuer")
                    .col("subject")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("identities_user").table("identities").col("user_id").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("external_logins")
                    .col(string_len("state_hash", 64).primary_key())
                    .col(string_len("provider", 40))
                    .col(string_len("browser_hash", 64))
                    .col(text("nonce"))
                    .col(text("pkce_verifier"))
                    .col(big_integer_null("link_user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["external_logins", "identities"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
