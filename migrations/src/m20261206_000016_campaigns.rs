//! Funding campaigns: the campaign (its terms, status and running totals), its reward tiers (with
//! how many are taken, so that a tier never sells more than it has), the pledges (one row per
//! backer and campaign: a withdrawn pledge made again is the same row), and the sandbox payment
//! provider's own record of every authorisation, capture and void.

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
                    .table("campaigns")
                    .col(big_pk_auto("id"))
                    .col(big_integer("org_id"))
                    .col(big_integer_null("idea_id"))
                    .col(string_len("title", 120))
                    .col(text("story"))
                    .col(big_integer("goal_minor"))
                    .col(string_len("currency", 3))
                    .col(timestamp_with_time_zone("deadline"))
                    .col(integer("fee_bp"))
                    .col(string_len("provider", 16))
                    .col(string_len("status", 16))
                    .col(big_integer_null("approved_by"))
                    .col(timestamp_with_time_zone_null("launched_at"))
                    // The sum and count of active pledges, kept in the pledge's transaction.
                    .col(big_integer("pledged_minor").default(0))
                    .col(integer("backers").default(0))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("campaigns", "org_id").to("organizations", "id"))
                    .foreign_key(ForeignKey::create().from("campaigns", "idea_id").to("ideas", "id"))
                    .foreign_key(ForeignKey::create().from("campaigns", "created_by").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [("campaigns_status", "status"), ("campaigns_idea", "idea_id")] {
            manager.create_index(Index::create().name(name).table("campaigns").col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("campaign_tiers")
                    .col(big_pk_auto("id"))
                    .col(big_integer("campaign_id"))
                    .col(integer("position"))
                    .col(string_len("title", 120))
                    .col(text("description"))
                    .col(big_integer("minimum_minor"))
                    .col(integer_null("quantity"))
                    .col(integer_null("per_backer_limit"))
                    .col(string_len("estimated_delivery", 7))
                    .col(integer("taken").default(0))
                    .foreign_key(ForeignKey::create().from("campaign_tiers", "campaign_id").to("campaigns", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("campaign_tiers_by_campaign")
                    .table("campaign_tiers")
                    .col("campaign_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("pledges")
                    .col(big_pk_auto("id"))
                    .col(big_integer("campaign_id"))
                    .col(big_integer("backer_id"))
                    .col(big_integer("amount_minor"))
                    .col(big_integer_null("tier_id"))
                    .col(boolean("anonymous"))
                    .col(string_len("status", 16))
                    // The provider's reference for the payment authorisation (never a card number).
                    .col(string_len("authorisation", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(ForeignKey::create().from("pledges", "campaign_id").to("campaigns", "id"))
                    .foreign_key(ForeignKey::create().from("pledges", "backer_id").to("users", "id"))
                    .foreign_key(ForeignKey::create().from("pledges", "tier_id").to("campaign_tiers", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("pledges_one_per_backer")
                    .table("pledges")
                    .col("campaign_id")
                    .col("backer_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("pledges_by_backer").table("pledges").col("backer_id").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sandbox_charges")
                    .col(big_pk_auto("id"))
                    // The caller's idempotency key: the same key is the same operation.
                    .col(string_len("key", 120).unique_key())
                    .col(string_len("operation", 16))
                    .col(string_len("authorisation", 200))
                    .col(string_len("card_last4", 4))
                    .col(big_integer("amount_minor"))
                    .col(string_len("currency", 3))
                    .col(string_len("outcome", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["sandbox_charges", "pledges", "campaign_tiers", "campaigns"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
