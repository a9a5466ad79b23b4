//! Organizations, contests, ideas with revisions and tags, votes with budgets, comments and flags,
//! stage history and follows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(to, "id").on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    columns: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut statement = Index::create().name(name).table(table).to_owned();
    for column in columns {
        statement.col(*column);
    }
    if unique {
        statement.unique();
    }
    manager.create_index(statement).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organizations")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("slug", 40))
                    .col(string_len("name", 80))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("org_members")
                    .col(big_pk_auto("id"))
                    .col(big_integer("org_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("role", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("org_members", "org_id", "organizations"))
                    .foreign_key(&mut fk("org_members", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "org_members_org_user", "org_members", &["org_id", "user_id"], true).await?;
        index(manager, "org_members_user", "org_members", &["user_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("contests")
                    .col(big_pk_auto("id"))
                    .col(big_integer("org_id"))
                    .col(string_len("title", 120))
                    .col(text("brief"))
                    .col(string_len("category", 40))
                    .col(timestamp_with_time_zone("submission_closes_at"))
                    .col(timestamp_with_time_zone("voting_closes_at"))
                    .col(integer_null("vote_budget"))
                    .col(integer("influence_pool_bp"))
                    .col(text("ip_terms"))
                    .col(timestamp_with_time_zone_null("approved_at"))
                    .col(big_integer_null("approved_by"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("contests", "org_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        index(manager, "contests_org", "contests", &["org_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("ideas")
                    .col(big_pk_auto("id"))
                    .col(big_integer_null("contest_id"))
                    .col(big_integer("author_id"))
                    .col(string_len("title", 120))
                    .col(string_len("summary", 280))
                    .col(text("body"))
                    .col(string_len("category", 40))
                    .col(string_len("stage", 16))
                    .col(big_integer("votes_count"))
                    .col(double("trending"))
                    .col(integer("revision"))
                    .col(big_integer_null("duplicate_of"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("ideas", "contest_id", "contests"))
                    .foreign_key(&mut fk("ideas", "author_id", "users"))
                    .to_owned(),
            )
            .await?;
        // The contest page's three sorts, each a backward scan of one index.
        index(manager, "ideas_contest_top", "ideas", &["contest_id", "votes_count", "id"], false).await?;
        index(manager, "ideas_contest_new", "ideas", &["contest_id", "id"], false).await?;
        index(manager, "ideas_contest_trending", "ideas", &["contest_id", "trending", "id"], false).await?;
        index(manager, "ideas_stage", "ideas", &["stage"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("idea_tags")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(string_len("tag", 30))
                    .foreign_key(&mut fk("idea_tags", "idea_id", "ideas"))
                    .to_owned(),
            )
            .await?;
        index(manager, "idea_tags_idea_tag", "idea_tags", &["idea_id", "tag"], true).await?;
        index(manager, "idea_tags_tag", "idea_tags", &["tag", "idea_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("idea_authors")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(big_integer("user_id"))
                    .foreign_key(&mut fk("idea_authors", "idea_id", "ideas"))
                    .foreign_key(&mut fk("idea_authors", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "idea_authors_idea_user", "idea_authors", &["idea_id", "user_id"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("idea_revisions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(integer("revision"))
                    .col(big_integer("editor_id"))
                    .col(string_len("title", 120))
                    .col(string_len("summary", 280))
                    .col(text("body"))
                    .col(string_len("category", 40))
                    .col(string_len("tags", 255))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("idea_revisions", "idea_id", "ideas"))
                    .to_owned(),
            )
            .await?;
        index(manager, "idea_revisions_idea_revision", "idea_revisions", &["idea_id", "revision"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("votes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer_null("contest_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("votes", "idea_id", "ideas"))
                    .foreign_key(&mut fk("votes", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "votes_idea_user", "votes", &["idea_id", "user_id"], true).await?;
        index(manager, "votes_user", "votes", &["user_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("vote_budgets")
                    .col(big_pk_auto("id"))
                    .col(big_integer("contest_id"))
                    .col(big_integer("user_id"))
                    .col(integer("used"))
                    .foreign_key(&mut fk("vote_budgets", "contest_id", "contests"))
                    .foreign_key(&mut fk("vote_budgets", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "vote_budgets_contest_user", "vote_budgets", &["contest_id", "user_id"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("comments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(big_integer_null("parent_id"))
                    .col(big_integer("author_id"))
                    .col(text("body"))
                    .col(integer("flags"))
                    .col(boolean("hidden"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .col(timestamp_with_time_zone_null("deleted_at"))
                    .foreign_key(&mut fk("comments", "idea_id", "ideas"))
                    .foreign_key(&mut fk("comments", "author_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "comments_idea", "comments", &["idea_id", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("comment_flags")
                    .col(big_pk_auto("id"))
                    .col(big_integer("comment_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("comment_flags", "comment_id", "comments"))
                    .to_owned(),
            )
            .await?;
        index(manager, "comment_flags_comment_user", "comment_flags", &["comment_id", "user_id"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("stage_changes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("idea_id"))
                    .col(string_len("from_stage", 16))
                    .col(string_len("to_stage", 16))
                    .col(big_integer("actor_id"))
                    .col(string_len("reason", 500))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("stage_changes", "idea_id", "ideas"))
                    .to_owned(),
            )
            .await?;
        index(manager, "stage_changes_idea", "stage_changes", &["idea_id", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("follows")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("subject", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("follows", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        index(manager, "follows_user_subject", "follows", &["user_id", "subject"], true).await?;
        index(manager, "follows_subject", "follows", &["subject"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "follows",
            "stage_changes",
            "comment_flags",
            "comments",
            "vote_budgets",
            "votes",
            "idea_revisions",
            "idea_authors",
            "idea_tags",
            "ideas",
            "contests",
            "org_members",
            "organizations",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
