//! Managed categories: listed for forms and pages, created, renamed, retired and restored by admins,
//! each change with its event (which the audit log lists).

use ideaforge_domain::CategoryId;
use ideaforge_domain::category::{CategoryEntry, CategoryName, NewCategory};
use ideaforge_domain::contest::{Category, parse_category};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use time::OffsetDateTime;

use crate::accounts::unique_to;
use crate::entity::categories;
use crate::events::{Event, append};
use crate::{Store, StoreError};

fn to_entry(model: categories::Model) -> Result<CategoryEntry, StoreError> {
    Ok(CategoryEntry {
        id: CategoryId::new(model.id),
        slug: parse_category(&model.slug).map_err(|_| StoreError::Corrupt { what: "category slug" })?,
        name: CategoryName::parse(&model.name).map_err(|_| StoreError::Corrupt { what: "category name" })?,
        retired_at: model.retired_at,
    })
}

impl Store {
    /// Every category by name, retired ones too.
    pub async fn categories(&self) -> Result<Vec<CategoryEntry>, StoreError> {
        let rows = categories::Entity::find()
            .order_by_asc(categories::Column::Name)
            .order_by_asc(categories::Column::Id)
            .all(&self.read)
            .await?;
        rows.into_iter().map(to_entry).collect()
    }

    /// The category with this slug.
    pub async fn category(&self, slug: &Category) -> Result<Option<CategoryEntry>, StoreError> {
        let row = categories::Entity::find().filter(categories::Column::Slug.eq(slug.as_str())).one(&self.read).await?;
        row.map(to_entry).transpose()
    }

    /// Creates a category; `SlugTaken` when its slug is in use (retired ones included).
    pub async fn create_category(
        &self,
        new: &NewCategory,
        by: ideaforge_domain::UserId,
        now: OffsetDateTime,
    ) -> Result<CategoryEntry, StoreError> {
        let txn = self.write.begin().await?;
        let model = categories::ActiveModel {
            id: NotSet,
            slug: Set(new.slug.as_str().to_owned()),
            name: Set(new.name.as_str().to_owned()),
            retired_at: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_to(e, StoreError::SlugTaken))?;
        let entry = to_entry(model)?;
        let event = Event::CategoryCreated {
            category: entry.id,
            slug: entry.slug.as_str().to_owned(),
            name: entry.name.as_str().to_owned(),
        };
        append(&txn, event, Some(by), now).await?;
        txn.commit().await?;
        Ok(entry)
    }

    /// Renames a category (its slug stays). False when it had that name already.
    pub async fn rename_category(
        &self,
        category: &CategoryEntry,
        name: &CategoryName,
        by: ideaforge_domain::UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let changed = categories::Entity::update_many()
            .col_expr(categories::Column::Name, Expr::value(name.as_str()))
            .filter(categories::Column::Id.eq(category.id.get()))
            .filter(categories::Column::Name.ne(name.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if changed {
            let event = Event::CategoryRenamed {
                category: category.id,
                slug: category.slug.as_str().to_owned(),
                from: category.name.as_str().to_owned(),
                name: name.as_str().to_owned(),
            };
            append(&txn, event, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }

    /// Retires a category (`retire`) or offers it again. False when it already was so.
    pub async fn set_category_retired(
        &self,
        category: &CategoryEntry,
        retire: bool,
        by: ideaforge_domain::UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let update = categories::Entity::update_many().filter(categories::Column::Id.eq(category.id.get()));
        let update = if retire {
            update
                .col_expr(categories::Column::RetiredAt, Expr::value(now))
                .filter(categories::Column::RetiredAt.is_null())
        } else {
            update
                .col_expr(categories::Column::RetiredAt, Expr::value(Option::<OffsetDateTime>::None))
                .filter(categories::Column::RetiredAt.is_not_null())
        };
        let changed = update.exec(&txn).await?.rows_affected == 1;
        if changed {
            let (category, slug) = (category.id, category.slug.as_str().to_owned());
            let event = if retire {
                Event::CategoryRetired { category, slug }
            } else {
                Event::CategoryRestored { category, slug }
            };
            append(&txn, event, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use ideaforge_domain::category::{CategoryName, NewCategory};
    use time::macros::datetime;

    use crate::testing::{Engine, TestDb};
    use crate::tests::add_user;
    use crate::{Store, StoreError};

    crate::on_both_engines!(categories_are_created_renamed_retired_and_audited);

    async fn categories_are_created_renamed_retired_and_audited(engine: Engine) {
        let now = datetime!(2026-12-07 12:00 UTC);
        let db = TestDb::new(engine).await;
        let store = Store::connect(db.config()).await.expect("connect");
        store.migrate().await.expect("migrate");
        let admin = add_user(&store, "admin@example.com").await;
        let starters: Vec<String> =
            store.categories().await.expect("list").iter().map(|c| c.slug.to_string()).collect();
        assert!(starters.contains(&"general".to_owned()) && starters.contains(&"kitchen".to_owned()), "{starters:?}");

        let new = NewCategory::parse("garden-tools", "Garden tools").expect("new");
        let created = store.create_category(&new, admin.id, now).await.expect("create");
        assert!(created.is_active());
        assert!(matches!(store.create_category(&new, admin.id, now).await, Err(StoreError::SlugTaken)), "once");

        let name = CategoryName::parse("Tools for the garden").expect("name");
        assert!(store.rename_category(&created, &name, admin.id, now).await.expect("rename"));
        let renamed = store.category(&created.slug).await.expect("read").expect("there");
        assert!(!store.rename_category(&renamed, &name, admin.id, now).await.expect("same"), "unchanged");
        assert_eq!((renamed.slug.as_str(), renamed.name.as_str()), ("garden-tools", "Tools for the garden"));

        assert!(store.set_category_retired(&renamed, true, admin.id, now).await.expect("retire"));
        assert!(!store.set_category_retired(&renamed, true, admin.id, now).await.expect("again"), "once");
        let retired = store.category(&created.slug).await.expect("read").expect("there");
        assert_eq!(retired.retired_at, Some(now));
        assert!(store.set_category_retired(&retired, false, admin.id, now).await.expect("restore"));
        assert!(store.category(&created.slug).await.expect("read").expect("there").is_active());

        let log = store.audit_log(None, 10).await.expect("audit");
        let kinds: Vec<&str> = log.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["category_restored", "category_retired", "category_renamed", "category_created"]);
        assert!(log.iter().all(|e| e.subject == format!("category:{}", created.id)));
        assert_eq!(log[0].actor.as_deref(), Some("Ada Lovelace"));
    }

    crate::on_both_engines!(categories_in_use_become_managed_ones);

    async fn categories_in_use_become_managed_ones(engine: Engine) {
        use crate::ideas::tests::{NOW, acme, kitchens};
        let db = TestDb::new(engine).await;
        let store = Store::connect(db.config()).await.expect("connect");
        // The database as it was before categories were managed: one in use that no starter has.
        <ideaforge_migrations::Migrator as sea_orm_migration::MigratorTrait>::up(&store.write, Some(28))
            .await
            .expect("up to 28");
        let owner = add_user(&store, "owner@acme.example").await;
        let org = acme(&store, owner.id).await;
        let category = |slug: &str| ideaforge_domain::contest::parse_category(slug).expect("slug");
        let filed = |slug: &str| ideaforge_domain::contest::NewContest { category: category(slug), ..kitchens(None) };
        let public = store.create_contest(org, &filed("kitchen-gadgets"), owner.id, NOW).await.expect("contest");
        store.approve_contest(public, owner.id, NOW).await.expect("approve");
        let kitchen = store.create_contest(org, &kitchens(None), owner.id, NOW).await.expect("contest");
        store.approve_contest(kitchen, owner.id, NOW).await.expect("approve");
        // A draft's category stays unknown: it could say what its organization plans.
        store.create_contest(org, &filed("secret-plans"), owner.id, NOW).await.expect("draft");
        let open = ideaforge_domain::idea::IdeaContent::parse("Hose", "Coils", "Itself.", "balcony-gardens", "")
            .expect("idea");
        store.create_idea(None, &open, &[owner.id], NOW).await.expect("open idea");

        store.migrate().await.expect("migrate");
        let found =
            store.category(&category("kitchen-gadgets")).await.expect("read").expect("made from the one in use");
        assert_eq!(found.name.as_str(), "Kitchen gadgets");
        assert!(found.is_active());
        let idea = store.category(&category("balcony-gardens")).await.expect("read").expect("an open idea's");
        assert_eq!(idea.name.as_str(), "Balcony gardens");
        assert!(store.category(&category("secret-plans")).await.expect("read").is_none(), "not a draft's");
        let all = store.categories().await.expect("list");
        assert_eq!(all.iter().filter(|c| c.slug.as_str() == "kitchen").count(), 1, "in use and a starter: once");
        assert!(all.iter().any(|c| c.slug.as_str() == "general"), "the starters too");
    }
}
