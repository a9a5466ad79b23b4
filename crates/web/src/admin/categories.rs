//! Managed categories (admins): the page that lists, creates, renames, retires and restores them,
//! the same through the API, and the public list of the categories on offer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::IdeasError;
use ideaforge_domain::FieldErrors;
use ideaforge_domain::category::{CategoryEntry, CategoryName};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::components::design::{Tone, badge, empty};
use crate::components::{Chrome, Field, form_errors, invalid_text, layout};
use crate::error::WebError;
use crate::extract::{ApiJson, HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::i18n::Tr;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// What a refused form had typed, to show it again: the new category's slug and name, or the
/// category being renamed with the name typed for it.
#[derive(Debug, Default)]
struct Typed<'a> {
    slug: &'a str,
    name: &'a str,
    renaming: Option<&'a str>,
}

fn state_badge(tr: &Tr, category: &CategoryEntry) -> Markup {
    if category.is_active() {
        badge(Tone::Good, &tr.t("admin-category-offered"))
    } else {
        badge(Tone::Ended, &tr.t("admin-category-retired"))
    }
}

fn rename_form(tr: &Tr, category: &CategoryEntry, typed: &Typed<'_>, errors: &FieldErrors) -> Markup {
    let slug = category.slug.as_str();
    let id = format!("rename-{slug}");
    let refused = typed.renaming == Some(slug);
    let value = if refused { typed.name } else { category.name.as_str() };
    let error = errors.get("name").filter(|_| refused).map(|why| invalid_text(tr, "name", why));
    html! {
        form method="post" action={ "/admin/categories/" (slug) "/rename" } {
            label for=(id) {
                span.visually-hidden { (tr.t_with("admin-category-rename-label", &[("name", category.name.as_str())])) }
                input #(id) type="text" name="name" value=(value) maxlength=(CategoryName::MAX) required
                    aria-invalid=[error.as_ref().map(|_| "true")];
                @if let Some(error) = error { small.field-error { (error) } }
            }
            button.secondary type="submit" { (tr.t("admin-category-rename")) }
        }
    }
}

fn page(chrome: &Chrome<'_>, categories: &[CategoryEntry], typed: &Typed<'_>, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("admin-categories-title");
    let creating = if typed.renaming.is_none() { errors.clone() } else { FieldErrors::new() };
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            (super::views::admin_nav(tr))
            p { (tr.t("admin-categories-lead")) }
            (form_errors(tr, errors))
            section #new-category {
                h2 { (tr.t("admin-category-new")) }
                form method="post" action="/admin/categories" novalidate {
                    (Field::new(tr, "slug", "admin-category-slug", "text", &creating).value(typed.slug).max(40)
                        .hint(tr.t("admin-category-slug-hint")))
                    (Field::new(tr, "name", "admin-category-name", "text", &creating).value(typed.name)
                        .max(CategoryName::MAX))
                    button type="submit" { (tr.t("admin-category-create")) }
                }
            }
            @if categories.is_empty() {
                (empty(&tr.t("admin-categories-none"), None))
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (tr.t("admin-category-name")) }
                        th scope="col" { (tr.t("admin-category-slug")) }
                        th scope="col" { (tr.t("admin-member-state")) }
                        th scope="col" { (tr.t("admin-category-rename")) }
                        th scope="col" { span.visually-hidden { (tr.t("admin-category-offer")) } }
                    } }
                    tbody {
                        @for category in categories {
                            tr {
                                td { (category.name.as_str()) }
                                td { code { (category.slug.as_str()) } }
                                td { (state_badge(tr, category)) }
                                td { (rename_form(tr, category, typed, errors)) }
                                td {
                                    @let base = format!("/admin/categories/{}", category.slug);
                                    @if category.is_active() {
                                        form method="post" action={ (base) "/retire" } {
                                            button.secondary type="submit"
                                                aria-label=(tr.t_with("admin-category-retire-label", &[("name", category.name.as_str())])) {
                                                (tr.t("admin-category-retire"))
                                            }
                                        }
                                    } @else {
                                        form method="post" action={ (base) "/restore" } {
                                            button.secondary type="submit"
                                                aria-label=(tr.t_with("admin-category-restore-label", &[("name", category.name.as_str())])) {
                                                (tr.t("admin-category-restore"))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The page again, with what was typed and why it was refused (the page's own list of categories:
/// a refused change changed none).
fn refused_page(ctx: &PageCtx, typed: &Typed<'_>, errors: &FieldErrors) -> Response {
    unprocessable(page(&Chrome::from(ctx), &ctx.categories, typed, errors))
}

/// `GET /admin/categories`
pub async fn show_categories(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let categories = state.app.managed_categories(&user).await?;
    Ok(page(&Chrome::from(&ctx), &categories, &Typed::default(), &FieldErrors::new()).into_response())
}

/// The new-category form (and body).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewCategoryForm {
    /// 2 to 40 lowercase letters, digits and hyphens; fixed once created.
    slug: String,
    /// 1 to 60 characters, as pages show it.
    name: String,
}

/// `POST /admin/categories`
pub async fn create_category(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<NewCategoryForm>,
) -> Result<Response, WebError> {
    match state.app.create_category(&user, &form.slug, &form.name).await {
        Ok(_) => Ok(redirect_with_flash("/admin/categories", "flash-category-created")),
        Err(IdeasError::Invalid(errors)) => {
            let typed = Typed { slug: &form.slug, name: &form.name, renaming: None };
            Ok(refused_page(&ctx, &typed, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// The rename form (and body).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RenameForm {
    /// The new name, 1 to 60 characters.
    name: String,
}

/// `POST /admin/categories/{slug}/rename`
pub async fn rename_category(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<RenameForm>,
) -> Result<Response, WebError> {
    match state.app.rename_category(&user, &slug, &form.name).await {
        Ok(_) => Ok(redirect_with_flash("/admin/categories", "flash-category-renamed")),
        Err(IdeasError::Invalid(errors)) => {
            let typed = Typed { name: &form.name, renaming: Some(&slug), ..Typed::default() };
            Ok(refused_page(&ctx, &typed, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/categories/{slug}/retire`
pub async fn retire_category(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    state.app.retire_category(&user, &slug, true).await?;
    Ok(redirect_with_flash("/admin/categories", "flash-category-retired"))
}

/// `POST /admin/categories/{slug}/restore`
pub async fn restore_category(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    state.app.retire_category(&user, &slug, false).await?;
    Ok(redirect_with_flash("/admin/categories", "flash-category-restored"))
}

/// A category.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Category)]
pub struct CategoryBody {
    slug: String,
    name: String,
    /// When an admin retired it (it is offered no more); null while offered.
    #[serde(with = "time::serde::rfc3339::option")]
    retired_at: Option<OffsetDateTime>,
}

impl From<&CategoryEntry> for CategoryBody {
    fn from(c: &CategoryEntry) -> Self {
        Self { slug: c.slug.as_str().to_owned(), name: c.name.as_str().to_owned(), retired_at: c.retired_at }
    }
}

/// Categories.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    categories: Vec<CategoryBody>,
}

impl From<&[CategoryEntry]> for CategoryList {
    fn from(categories: &[CategoryEntry]) -> Self {
        Self { categories: categories.iter().map(CategoryBody::from).collect() }
    }
}

/// `GET /api/v1/categories`
#[utoipa::path(
    get,
    path = "/categories",
    tag = "categories",
    summary = "The categories offered for new contests, challenges and ideas, by name",
    responses((status = 200, description = "Categories", body = CategoryList)),
)]
pub async fn offered_categories(State(state): State<AppState>) -> Result<Json<CategoryList>, WebError> {
    let categories = state.app.offered_categories().await?;
    Ok(Json(CategoryList::from(categories.as_slice())))
}

/// `GET /api/v1/admin/categories`
#[utoipa::path(
    get,
    path = "/admin/categories",
    tag = "admin",
    summary = "Every category, retired ones too, by name (admins)",
    responses((status = 200, description = "Categories", body = CategoryList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn all_categories(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<CategoryList>, WebError> {
    let categories = state.app.managed_categories(&user).await?;
    Ok(Json(CategoryList::from(categories.as_slice())))
}

/// `POST /api/v1/admin/categories`
#[utoipa::path(
    post,
    path = "/admin/categories",
    tag = "admin",
    summary = "Create a category (admins); its slug is fixed, its name may change",
    request_body = NewCategoryForm,
    responses((status = 201, description = "The category", body = CategoryBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn create_category_api(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<NewCategoryForm>,
) -> Result<Response, WebError> {
    let created = state.app.create_category(&user, &body.slug, &body.name).await?;
    Ok((StatusCode::CREATED, Json(CategoryBody::from(&created))).into_response())
}

/// `PATCH /api/v1/admin/categories/{slug}`
#[utoipa::path(
    patch,
    path = "/admin/categories/{slug}",
    tag = "admin",
    summary = "Rename a category (admins); its slug, links and filters stay",
    params(("slug" = String, Path)),
    request_body = RenameForm,
    responses((status = 200, description = "The category", body = CategoryBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn rename_category_api(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<RenameForm>,
) -> Result<Json<CategoryBody>, WebError> {
    Ok(Json(CategoryBody::from(&state.app.rename_category(&user, &slug, &body.name).await?)))
}

/// `POST /api/v1/admin/categories/{slug}/retirement`
#[utoipa::path(
    post,
    path = "/admin/categories/{slug}/retirement",
    tag = "admin",
    summary = "Retire a category: it is offered no more; what is filed under it keeps it (admins)",
    params(("slug" = String, Path)),
    responses((status = 204, description = "Retired")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn retire_category_api(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<StatusCode, WebError> {
    state.app.retire_category(&user, &slug, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/admin/categories/{slug}/retirement`
#[utoipa::path(
    delete,
    path = "/admin/categories/{slug}/retirement",
    tag = "admin",
    summary = "Offer a retired category again (admins)",
    params(("slug" = String, Path)),
    responses((status = 204, description = "Offered again")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn restore_category_api(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<StatusCode, WebError> {
    state.app.retire_category(&user, &slug, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
