//! Managed categories: admins create, rename, retire and restore them; forms offer the active ones;
//! a contest, challenge or idea is filed under an offered category, or keeps the one it has (the
//! domain decides: `category::check_choice`). Every change is an event, so the audit log lists it.

use std::sync::Arc;

use ideaforge_domain::category::{CategoryEntry, CategoryName, NewCategory, check_choice};
use ideaforge_domain::contest::{Category, parse_category};
use ideaforge_domain::{Invalid, User};
use ideaforge_store::StoreError;

use crate::ideas::{IdeasError, invalid};
use crate::{App, Internal};

/// Every page that shows a category shows its name: each node keeps the list for a few seconds. A
/// change made on this node clears it at once; other nodes show a new name within the time to live
/// (what may be chosen is always checked against the database).
#[derive(Debug, Default)]
pub(crate) struct CategoryCache(std::sync::Mutex<CacheState>);

#[derive(Debug, Default)]
struct CacheState {
    /// Bumped by every change on this node, so that a list read before it is never kept after it.
    generation: u64,
    list: Option<(std::time::Instant, Arc<Vec<CategoryEntry>>)>,
}

impl CategoryCache {
    const TTL: std::time::Duration = std::time::Duration::from_secs(5);

    fn state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept list if it is fresh, else the generation to read a new one under.
    fn get(&self) -> Result<Arc<Vec<CategoryEntry>>, u64> {
        let state = self.state();
        match &state.list {
            Some((at, list)) if at.elapsed() < Self::TTL => Ok(Arc::clone(list)),
            _ => Err(state.generation),
        }
    }

    fn put(&self, list: Arc<Vec<CategoryEntry>>, generation: u64) {
        let mut state = self.state();
        if state.generation == generation {
            state.list = Some((std::time::Instant::now(), list));
        }
    }

    fn forget(&self) {
        let mut state = self.state();
        state.generation += 1;
        state.list = None;
    }
}

impl App {
    /// Every category by name, retired ones too (pages show a category's name wherever its slug is
    /// stored, and admins manage all of them).
    pub async fn categories(&self) -> Result<Arc<Vec<CategoryEntry>>, Internal> {
        let generation = match self.category_cache.get() {
            Ok(list) => return Ok(list),
            Err(generation) => generation,
        };
        let list = Arc::new(self.store.categories().await?);
        self.category_cache.put(Arc::clone(&list), generation);
        Ok(list)
    }

    /// Every category, retired ones too, for an admin to manage (admins only).
    pub async fn managed_categories(&self, actor: &User) -> Result<Vec<CategoryEntry>, IdeasError> {
        Self::check_admin(actor)?;
        Ok(self.store.categories().await?)
    }

    /// The categories offered for new contests, challenges and ideas, by name.
    pub async fn offered_categories(&self) -> Result<Vec<CategoryEntry>, Internal> {
        Ok(self.categories().await?.iter().filter(|c| c.is_active()).cloned().collect())
    }

    /// Why `chosen` may not be the category of something that had `current` (none when it is new),
    /// if it may not.
    pub(crate) async fn category_refusal(
        &self,
        chosen: &Category,
        current: Option<&Category>,
    ) -> Result<Option<Invalid>, Internal> {
        let found = self.store.category(chosen).await?;
        Ok(check_choice(chosen, found.as_ref(), current).err())
    }

    /// The category an admin acts on, by slug.
    async fn managed_category(&self, actor: &User, slug: &str) -> Result<CategoryEntry, IdeasError> {
        Self::check_admin(actor)?;
        let slug = parse_category(slug).map_err(|_| IdeasError::NotFound)?;
        self.store.category(&slug).await?.ok_or(IdeasError::NotFound)
    }

    /// Creates a category (admins only); its slug must be new.
    pub async fn create_category(&self, actor: &User, slug: &str, name: &str) -> Result<CategoryEntry, IdeasError> {
        Self::check_admin(actor)?;
        let new = NewCategory::parse(slug, name).map_err(IdeasError::Invalid)?;
        let created = match self.store.create_category(&new, actor.id, self.clock.now()).await {
            Err(StoreError::SlugTaken) => return Err(invalid("slug", Invalid::Taken)),
            created => created?,
        };
        self.category_cache.forget();
        Ok(created)
    }

    /// Renames a category (admins only); its slug, and so every link and filter, stays.
    pub async fn rename_category(&self, actor: &User, slug: &str, name: &str) -> Result<CategoryEntry, IdeasError> {
        let category = self.managed_category(actor, slug).await?;
        let name = CategoryName::parse(name).map_err(|why| invalid("name", why))?;
        self.store.rename_category(&category, &name, actor.id, self.clock.now()).await?;
        self.category_cache.forget();
        Ok(CategoryEntry { name, ..category })
    }

    /// Retires a category (`retire`), or offers a retired one again (admins only). What is filed
    /// under it keeps it either way.
    pub async fn retire_category(&self, actor: &User, slug: &str, retire: bool) -> Result<(), IdeasError> {
        let category = self.managed_category(actor, slug).await?;
        self.store.set_category_retired(&category, retire, actor.id, self.clock.now()).await?;
        self.category_cache.forget();
        Ok(())
    }
}
