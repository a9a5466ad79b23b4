//! Managed categories: admins create, rename and retire them (until now a category was free text).
//! Every category already in use by something public becomes one, named after its slug (`kitchen-gadgets` → "Kitchen
//! gadgets"), and a fresh installation starts with a few common ones, which admins may rename or
//! retire like any other.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a fresh installation offers before an admin changes anything.
const STARTERS: &[(&str, &str)] = &[
    ("general", "General"),
    ("kitchen", "Kitchen"),
    ("home", "Home"),
    ("mobility", "Mobility"),
    ("health", "Health"),
    ("energy", "Energy"),
    ("materials", "Materials"),
    ("outdoors", "Outdoors"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too, so that a failure halfway leaves nothing to trip over.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("categories")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("slug", 40))
                    .col(string_len("name", 60))
                    .col(timestamp_with_time_zone_null("retired_at"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Only what the public sees: a draft's category could say what its organization plans. A
        // draft keeps its category all the same (what a thing has, it may keep).
        let used = "SELECT category AS c FROM contests WHERE approved_at IS NOT NULL \
                    UNION SELECT category FROM challenges WHERE opened_at IS NOT NULL \
                    UNION SELECT i.category FROM ideas i LEFT JOIN contests k ON k.id = i.contest_id \
                    WHERE i.contest_id IS NULL OR k.approved_at IS NOT NULL";
        db.execute_unprepared(&format!(
            "INSERT INTO categories (slug, name) SELECT c, upper(substr(c, 1, 1)) || replace(substr(c, 2), '-', ' ') \
             FROM ({used}) AS used ORDER BY c"
        ))
        .await?;
        let mut starters = Query::insert();
        starters.into_table("categories").columns(["slug", "name"]);
        for (slug, name) in STARTERS {
            starters.values_panic([(*slug).into(), (*name).into()]);
        }
        starters.on_conflict(OnConflict::column("slug").do_nothing().to_owned());
        manager.exec_stmt(starters).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("categories").to_owned()).await
    }
}
