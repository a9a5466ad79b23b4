//! Bounty challenges: the challenge, agreements accepted, solutions with every revision, judges'
//! scores, awards (one per solution) and public questions.

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
                    .table("challenges")
                    .col(big_pk_auto("id"))
                    .col(big_integer("org_id"))
                    .col(string_len("title", 120))
                    .col(text("statement"))
                    .col(text("details"))
                    .col(string_len("kind", 32))
                    .col(string_len("difficulty", 16))
                    .col(string_len("category", 40))
                    .col(big_integer("award_minor"))
                    .col(string_len("currency", 3))
                    // JSON arrays: the split in basis points, the criteria as {name, weight}.
                    .col(string_len("split_bp", 200))
                    .col(text("criteria"))
                    .col(timestamp_with_time_zone("deadline"))
                    .col(string_len("ip_terms", 16))
                    .col(boolean("anonymous"))
                    .col(string_len("status", 16))
                    .col(integer("fee_bp"))
                    .col(timestamp_with_time_zone_null("approved_at"))
                    .col(big_integer_null("approved_by"))
                    .col(timestamp_with_time_zone_null("opened_at"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("challenges", "org_id").to("organizations", "id"))
                    .foreign_key(ForeignKey::create().from("challenges", "created_by").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [("challenges_status", "status"), ("challenges_org", "org_id")] {
            manager.create_index(Index::create().name(name).table("challenges").col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("challenge_agreements")
                    .col(big_pk_auto("id"))
                    .col(big_integer("challenge_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("agreement_sha256", 64))
                    .col(timestamp_with_time_zone("accepted_at"))
                    .foreign_key(
                        ForeignKey::create().from("challenge_agreements", "challenge_id").to("challenges", "id"),
                    )
                    .foreign_key(ForeignKey::create().from("challenge_agreements", "user_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("challenge_agreements_once")
                    .table("challenge_agreements")
                    .col("challenge_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("solutions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("challenge_id"))
                    .col(big_integer("author_id"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(integer("revision"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(ForeignKey::create().from("solutions", "challenge_id").to("challenges", "id"))
                    .foreign_key(ForeignKey::create().from("solutions", "author_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("solutions_one_per_solver")
                    .table("solutions")
                    .col("challenge_id")
                    .col("author_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("solution_revisions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("solution_id"))
                    .col(integer("revision"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(ForeignKey::create().from("solution_revisions", "solution_id").to("solutions", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("solution_revisions_number")
                    .table("solution_revisions")
                    .col("solution_id")
                    .col("revision")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("solution_scores")
                    .col(big_pk_auto("id"))
                    .col(big_integer("solution_id"))
                    .col(big_integer("judge_id"))
                    .col(integer("criterion"))
                    .col(integer("score"))
                    .col(timestamp_with_time_zone("scored_at"))
                    .foreign_key(ForeignKey::create().from("solution_scores", "solution_id").to("solutions", "id"))
                    .foreign_key(ForeignKey::create().from("solution_scores", "judge_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("solution_scores_once")
                    .table("solution_scores")
                    .col("solution_id")
                    .col("judge_id")
                    .col("criterion")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("challenge_awards")
                    .col(big_pk_auto("id"))
                    .col(big_integer("challenge_id"))
                    .col(big_integer_uniq("solution_id"))
                    .col(big_integer("solver_id"))
                    .col(integer("share_bp"))
                    .col(big_integer("amount_minor"))
                    .col(big_integer("fee_minor"))
                    .col(string_len("currency", 3))
                    .col(string_len("ip_terms", 16))
                    .col(big_integer("transaction_id"))
                    .col(big_integer("awarded_by"))
                    .col(timestamp_with_time_zone("awarded_at"))
                    .foreign_key(ForeignKey::create().from("challenge_awards", "challenge_id").to("challenges", "id"))
                    .foreign_key(ForeignKey::create().from("challenge_awards", "solution_id").to("solutions", "id"))
                    .foreign_key(
                        ForeignKey::create().from("challenge_awards", "transaction_id").to("ledger_transactions", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("challenge_awards_challenge")
                    .table("challenge_awards")
                    .col("challenge_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("challenge_questions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("challenge_id"))
                    .col(big_integer("asker_id"))
                    .col(text("body"))
                    .col(text_null("answer"))
                    .col(big_integer_null("answered_by"))
                    .col(timestamp_with_time_zone("asked_at"))
                    .col(timestamp_with_time_zone_null("answered_at"))
                    .foreign_key(
                        ForeignKey::create().from("challenge_questions", "challenge_id").to("challenges", "id"),
                    )
                    .foreign_key(ForeignKey::create().from("challenge_questions", "asker_id").to("users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("challenge_questions_challenge")
                    .table("challenge_questions")
                    .col("challenge_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "challenge_questions",
            "challenge_awards",
            "solution_scores",
            "solution_revisions",
            "solutions",
            "challenge_agreements",
            "challenges",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
