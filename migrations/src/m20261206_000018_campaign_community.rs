//! What surrounds a campaign: members' interest in an idea before a campaign exists ("I would back
//! this at about X", never money; one row per member and idea, changed in place), the updates its
//! organization posts (public or for backers only) and backers' comments under them.

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
                    .table("idea_interest")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("amount_minor"))
                    .col(string_len("currency", 3))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(ForeignKey::create().from("idea_interest", "idea_id").to("ideas", "id"))
                    .foreign_key(ForeignKey::create().from("idea_interest", "user_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idea_interest_one")
                    .table("idea_interest")
                    .col("idea_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("campaign_updates")
                    .col(big_pk_auto("id"))
                    .col(big_integer("campaign_id"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(string_len("audience", 16))
                    .col(big_integer("author_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("campaign_updates", "campaign_id").to("campaigns", "id"))
                    .foreign_key(ForeignKey::create().from("campaign_updates", "author_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("campaign_updates_by_campaign")
                    .table("campaign_updates")
                    .col("campaign_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("update_comments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("update_id"))
                    .col(big_integer("author_id"))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("update_comments", "update_id").to("campaign_updates", "id"))
                    .foreign_key(ForeignKey::create().from("update_comments", "author_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("update_comments_by_update").table("update_comments").col("update_id").to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["update_comments", "campaign_updates", "idea_interest"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
