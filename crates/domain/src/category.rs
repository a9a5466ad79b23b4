//! Managed categories: admins create them, rename them and retire them; contests, challenges and
//! ideas are filed under one. A category's slug (`kitchen`) never changes, so links, filters, search
//! and the API keep working; its name ("Kitchen & home") is what pages show and what a rename
//! changes. A retired category is offered no more, but what was filed under it keeps it.

use time::OffsetDateTime;

use crate::CategoryId;
use crate::contest::{Category, parse_category};
use crate::invalid::{FieldErrors, Invalid};
use crate::text::line_type;

line_type!(
    /// A category's name as pages show it.
    CategoryName,
    60
);

/// A category as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryEntry {
    /// Its key.
    pub id: CategoryId,
    /// Its slug, fixed at creation.
    pub slug: Category,
    /// Its name.
    pub name: CategoryName,
    /// When an admin retired it, if they did.
    pub retired_at: Option<OffsetDateTime>,
}

impl CategoryEntry {
    /// Whether it is still offered for new contests, challenges and ideas.
    pub fn is_active(&self) -> bool {
        self.retired_at.is_none()
    }
}

/// A category an admin is creating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCategory {
    /// Its slug.
    pub slug: Category,
    /// Its name.
    pub name: CategoryName,
}

impl NewCategory {
    /// Parses the form or request body: `slug` (2–40 lowercase letters, digits and hyphens) and `name`.
    pub fn parse(slug: &str, name: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let slug = errors.check("slug", parse_category(slug.trim()));
        let name = errors.check("name", CategoryName::parse(name));
        match (slug, name) {
            (Some(slug), Some(name)) if errors.is_empty() => Ok(Self { slug, name }),
            _ => Err(errors),
        }
    }
}

/// Whether `chosen` may be the category of something that had `current` (none when it is new):
/// keeping what it has is always allowed (even a retired category); otherwise the category must
/// exist (`found`) and not be retired.
pub fn check_choice(
    chosen: &Category,
    found: Option<&CategoryEntry>,
    current: Option<&Category>,
) -> Result<(), Invalid> {
    if current == Some(chosen) {
        return Ok(());
    }
    match found {
        Some(entry) if &entry.slug == chosen && entry.is_active() => Ok(()),
        Some(entry) if &entry.slug == chosen => Err(Invalid::Retired),
        _ => Err(Invalid::Unknown),
    }
}

/// The name to show for `slug`: its category's name, or the slug itself where no category has it.
pub fn display_name<'a>(categories: &'a [CategoryEntry], slug: &'a str) -> &'a str {
    categories.iter().find(|c| c.slug.as_str() == slug).map_or(slug, |c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, retired: bool) -> CategoryEntry {
        CategoryEntry {
            id: CategoryId::new(1),
            slug: parse_category(slug).expect("slug"),
            name: CategoryName::parse("Kitchen").expect("name"),
            retired_at: retired.then_some(OffsetDateTime::UNIX_EPOCH),
        }
    }

    #[test]
    fn only_an_offered_category_is_chosen_but_anything_may_keep_its_own() {
        let kitchen = parse_category("kitchen").expect("slug");
        let garden = parse_category("garden").expect("slug");
        assert_eq!(check_choice(&kitchen, Some(&entry("kitchen", false)), None), Ok(()));
        assert_eq!(check_choice(&kitchen, Some(&entry("kitchen", true)), None), Err(Invalid::Retired));
        assert_eq!(check_choice(&kitchen, None, None), Err(Invalid::Unknown));
        assert_eq!(check_choice(&kitchen, Some(&entry("garden", false)), None), Err(Invalid::Unknown), "another one");
        assert_eq!(check_choice(&kitchen, Some(&entry("kitchen", true)), Some(&kitchen)), Ok(()), "kept");
        assert_eq!(check_choice(&kitchen, None, Some(&kitchen)), Ok(()), "kept though it is gone");
        assert_eq!(check_choice(&kitchen, Some(&entry("kitchen", true)), Some(&garden)), Err(Invalid::Retired));
    }

    #[test]
    fn a_new_category_names_its_refused_fields() {
        let new = NewCategory::parse(" kitchen-gadgets ", " Kitchen gadgets ").expect("valid");
        assert_eq!((new.slug.as_str(), new.name.as_str()), ("kitchen-gadgets", "Kitchen gadgets"));
        let errors = NewCategory::parse("Kitchen Gadgets!", "").expect_err("invalid");
        assert_eq!((errors.get("slug"), errors.get("name")), (Some(Invalid::Malformed), Some(Invalid::Required)));
        assert!(NewCategory::parse("k", &"n".repeat(61)).is_err());
    }

    #[test]
    fn names_show_in_place_of_slugs() {
        let categories = [entry("kitchen", true)];
        assert_eq!(display_name(&categories, "kitchen"), "Kitchen", "a retired one keeps its name");
        assert_eq!(display_name(&categories, "garden"), "garden");
    }
}
