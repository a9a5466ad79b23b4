//! Shared view pieces: the layout, form fields, cards, times and money. Areas' views build on
//! these. Views take view models and the request's catalog; they never query anything. User text is
//! escaped by maud; nothing here applies `PreEscaped` to user input.

pub mod cards;
pub mod csv;
pub mod design;
pub mod download;
pub mod errors;
pub mod money;
pub mod time;
pub mod wire;

pub use money::money;

use ideaforge_domain::{FieldErrors, Invalid, User};
use maud::{DOCTYPE, Markup, Render, html};

use crate::assets;
use crate::i18n::Tr;
use crate::session::PageCtx;

/// What the layout needs besides the page body.
#[derive(Debug)]
pub struct Chrome<'a> {
    /// The request's catalog.
    pub tr: &'a Tr,
    /// The signed-in member, if any.
    pub user: Option<&'a User>,
    /// A message to show once.
    pub flash: Option<String>,
    /// Unread notifications, shown beside the navigation's link.
    pub unread: u64,
    /// The site's public origin (`https://ideas.example.com`), for links shared outside it.
    pub origin: &'a str,
    /// The page's own path and query, where the language switcher returns to.
    pub path: &'a str,
    /// Every category, for showing one by its name.
    pub categories: &'a [ideaforge_domain::category::CategoryEntry],
}

impl Chrome<'_> {
    /// The name of the category `slug` (the slug itself where no category has it).
    pub fn category<'s>(&'s self, slug: &'s str) -> &'s str {
        ideaforge_domain::category::display_name(self.categories, slug)
    }
}

impl<'a> From<&'a PageCtx> for Chrome<'a> {
    fn from(ctx: &'a PageCtx) -> Self {
        Self {
            tr: &ctx.tr,
            user: ctx.user.as_ref(),
            flash: ctx.flash_text(),
            unread: ctx.unread,
            origin: &ctx.origin,
            path: &ctx.path,
            categories: &ctx.categories,
        }
    }
}

/// What a public page tells search engines and the sites its links are shared on (Open Graph).
#[derive(Debug, Default)]
pub struct Meta {
    /// Its path (`/contests/3`).
    pub path: String,
    /// One or two sentences about it; the site's own description when empty.
    pub description: String,
    /// Its own 1,200 × 630 picture's path (a contest's cover); the site's picture when `None`.
    pub image: Option<String>,
    /// The Atom feed that follows it (path and title), announced to feed readers.
    pub feed: Option<(String, String)>,
}

impl Meta {
    /// A page's path with a description made from its text: the first words of `text`, in one line.
    pub fn new(path: String, text: &str) -> Self {
        let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let description = match line.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", line[..at].trim_end()),
            None => line,
        };
        Self { path, description, image: None, feed: None }
    }
}

/// `path` with its `lang` query parameter set to `tag` (any other `lang` removed).
fn in_language(path: &str, tag: &str) -> String {
    let path = crate::session::without_language(path);
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}lang={tag}")
}

/// The page layout: head, navigation, flash message, main content and footer.
pub fn layout(chrome: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    layout_with(chrome, title, &Meta::default(), body)
}

/// The layout of a public page with its description and sharing tags.
pub fn layout_with(chrome: &Chrome<'_>, title: &str, meta: &Meta, body: Markup) -> Markup {
    let tr = chrome.tr;
    let site = tr.t("site-name");
    let full_title = if title == site { site.clone() } else { format!("{title} · {site}") };
    let description = if meta.description.is_empty() { tr.t("site-description") } else { meta.description.clone() };
    html! {
        (DOCTYPE)
        html lang=(tr.lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                // htmx would otherwise inject an inline <style>, which the CSP forbids.
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false}"#;
                title { (full_title) }
                meta name="description" content=(description);
                meta property="og:site_name" content=(site);
                meta property="og:type" content="website";
                meta property="og:title" content=(title);
                meta property="og:description" content=(description);
                meta property="og:image" content={ (chrome.origin) (meta.image.clone().unwrap_or_else(|| assets::url("og.png"))) };
                meta property="og:image:width" content="1200";
                meta property="og:image:height" content="630";
                @if !meta.path.is_empty() {
                    // A page asked for in one language (`?lang=ko`) is that language's own address.
                    @let own = match chrome.path.split_once('?').and_then(|(_, q)| crate::session::linked_language(q)) {
                        Some(_) => in_language(&meta.path, tr.lang()),
                        None => meta.path.clone(),
                    };
                    meta property="og:url" content={ (chrome.origin) (own) };
                    link rel="canonical" href={ (chrome.origin) (own) };
                    // The same page in each language the interface speaks, for search engines.
                    @for tag in crate::i18n::Catalogs::embedded().tags() {
                        link rel="alternate" hreflang=(tag) href={ (chrome.origin) (in_language(&meta.path, tag)) };
                    }
                    link rel="alternate" hreflang="x-default" href={ (chrome.origin) (meta.path) };
                }
                meta name="twitter:card" content="summary_large_image";
                @if let Some((path, title)) = &meta.feed {
                    link rel="alternate" type="application/atom+xml" title=(title) href={ (chrome.origin) (path) };
                }
                link rel="icon" href=(assets::url("favicon.ico")) sizes="32x32";
                link rel="icon" href=(assets::url("logo.svg")) type="image/svg+xml";
                link rel="stylesheet" href=(assets::url("pico.min.css"));
                link rel="stylesheet" href=(assets::url("app.css"));
                script src=(assets::url("htmx.min.js")) defer {}
                script src=(assets::url("app.js")) defer {}
            }
            body {
                a.skip-link href="#main" { (tr.t("skip-to-content")) }
                header.container.site-header {
                    nav aria-label=(tr.t("nav-main")) {
                        ul {
                            li {
                                a.brand href="/" aria-label=(site) {
                                    img src=(assets::url("logo.svg")) alt="" width="28" height="28";
                                    strong { (site) }
                                }
                            }
                        }
                        // At most five items side by side; under 768 px they move into the menu.
                        ul.nav-primary {
                            (primary_links(tr))
                            li {
                                form.nav-search role="search" method="get" action="/search" {
                                    input type="search" name="q" aria-label=(tr.t("nav-search")) placeholder=(tr.t("nav-search"));
                                }
                            }
                        }
                        ul.nav-end {
                            li.nav-menu {
                                details.dropdown {
                                    summary { (tr.t("nav-menu")) }
                                    ul dir="rtl" {
                                        (primary_links(tr))
                                        li { a href="/search" { (tr.t("nav-search")) } }
                                        @if chrome.user.is_none() {
                                            li { a href="/register" { (tr.t("nav-register")) } }
                                        }
                                    }
                                }
                            }
                            @if let Some(user) = chrome.user {
                                li { (account_menu(chrome, user)) }
                            } @else {
                                li { a href="/signin" { (tr.t("nav-sign-in")) } }
                                li.nav-register { a role="button" href="/register" { (tr.t("nav-register")) } }
                            }
                        }
                    }
                }
                main.container #main tabindex="-1" {
                    @if let Some(flash) = &chrome.flash {
                        p.flash role="status" { (flash) }
                    }
                    (body)
                }
                footer.container {
                    small { (tr.t("footer-text")) }
                    (language_switcher(tr, chrome.path))
                }
            }
        }
    }
}

/// The footer's language switcher: a plain form, so it works without JavaScript; each language is
/// named in itself.
fn language_switcher(tr: &Tr, path: &str) -> Markup {
    html! {
        form.language method="post" action="/language" {
            label for="language-switch" { (tr.t("footer-language")) }
            select #language-switch name="language" {
                @for tag in crate::i18n::Catalogs::embedded().tags() {
                    option value=(tag) lang=(tag) selected[tag == tr.lang()] { (tr.t(&format!("language-{tag}"))) }
                }
            }
            input type="hidden" name="next" value=(crate::session::without_language(path));
            button type="submit" .secondary { (tr.t("footer-language-submit")) }
        }
    }
}

/// The four areas, as links (the header's primary navigation and its menu on narrow screens).
fn primary_links(tr: &Tr) -> Markup {
    html! {
        li { a href="/contests" { (tr.t("nav-contests")) } }
        li { a href="/ideas" { (tr.t("nav-ideas")) } }
        li { a href="/challenges" { (tr.t("nav-challenges")) } }
        li { a href="/campaigns" { (tr.t("nav-campaigns")) } }
    }
}

/// The signed-in member's menu: their name (with unread notifications) opening everything that is
/// theirs, and signing out. A `<details>` element, so it works without JavaScript.
fn account_menu(chrome: &Chrome<'_>, user: &User) -> Markup {
    let tr = chrome.tr;
    let unread = tr.t_with("nav-unread", &[("count", &chrome.unread.to_string())]);
    html! {
        details.dropdown.account-menu {
            summary {
                span.account-name data-testid="signed-in-as" { (user.display_name.as_str()) }
                @if chrome.unread > 0 {
                    " " mark #unread-count aria-label=(unread) { (chrome.unread) }
                }
            }
            ul dir="rtl" {
                li { a href="/account" { (tr.t("nav-account")) } }
                li {
                    a href="/notifications" {
                        (tr.t("nav-notifications"))
                        @if chrome.unread > 0 { " (" (unread) ")" }
                    }
                }
                li { a href="/me/ideas" { (tr.t("nav-my-ideas")) } }
                li { a href="/me/solutions" { (tr.t("nav-my-solutions")) } }
                li { a href="/me/royalties" { (tr.t("nav-royalties")) } }
                li { a href="/seeker" { (tr.t("nav-seeker")) } }
                li { a href="/orgs/new" { (tr.t("nav-new-org")) } }
                @if user.role.can_moderate() {
                    li { a href="/moderation" { (tr.t("nav-moderation")) } }
                }
                @if user.role == ideaforge_domain::Role::Admin {
                    li { a href="/admin/money" { (tr.t("nav-money")) } }
                    li { a href="/admin/mail" { (tr.t("nav-mail")) } }
                    li { a href="/admin/users" { (tr.t("nav-admin")) } }
                }
                li {
                    form.inline method="post" action="/signout" {
                        button.secondary.outline type="submit" { (tr.t("nav-sign-out")) }
                    }
                }
            }
        }
    }
}

/// The text explaining why a field was refused.
pub fn invalid_text(tr: &Tr, field: &str, why: Invalid) -> String {
    let args = why.args();
    let args: Vec<(&str, &str)> = args.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let specific = format!("invalid-{field}-{}", why.code());
    if tr.has(&specific) {
        return tr.t_with(&specific, &args);
    }
    tr.t_with(&format!("invalid-{}", why.code()), &args)
}

/// One labelled form input with its hint and error.
#[derive(Debug)]
pub struct Field<'a> {
    /// The form field's name.
    pub name: &'static str,
    /// The visible label.
    pub label: String,
    /// The input type (`text`, `email`, `password`).
    pub kind: &'static str,
    /// The value to show again after a refused submission (never for passwords).
    pub value: &'a str,
    /// Why the last submission refused it.
    pub error: Option<String>,
    /// Help shown under the input.
    pub hint: Option<String>,
    /// The `autocomplete` token.
    pub autocomplete: &'static str,
    /// The `maxlength`, in characters.
    pub max: usize,
    /// Whether the field must be filled.
    pub required: bool,
}

impl<'a> Field<'a> {
    /// A field with its error taken from `errors`.
    pub fn new(tr: &Tr, name: &'static str, label_key: &str, kind: &'static str, errors: &FieldErrors) -> Self {
        Self {
            name,
            label: tr.t(label_key),
            kind,
            value: "",
            error: errors.get(name).map(|why| invalid_text(tr, name, why)),
            hint: None,
            autocomplete: "off",
            max: 256,
            required: true,
        }
    }

    /// Marks the field as optional.
    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    /// Shows a previous value.
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    /// Adds help text.
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Sets the autocomplete token.
    pub fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = token;
        self
    }

    /// Sets the maximum length.
    pub fn max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }
}

impl Render for Field<'_> {
    fn render(&self) -> Markup {
        let id = format!("field-{}", self.name);
        let help_id = format!("{id}-help");
        let described = (self.error.is_some() || self.hint.is_some()).then_some(help_id.as_str());
        html! {
            label for=(id) {
                (self.label)
                input #(id) type=(self.kind) name=(self.name) value=(self.value)
                    autocomplete=(self.autocomplete) maxlength=(self.max) required[self.required]
                    aria-invalid=[self.error.as_ref().map(|_| "true")]
                    aria-describedby=[described];
                @if let Some(error) = &self.error {
                    small #(help_id) .field-error { (error) }
                } @else if let Some(hint) = &self.hint {
                    small #(help_id) { (hint) }
                }
            }
        }
    }
}

/// A labelled multi-line input with its hint and error.
#[derive(Debug)]
pub struct TextArea<'a> {
    name: &'static str,
    label: String,
    value: &'a str,
    error: Option<String>,
    hint: Option<String>,
    max: usize,
    rows: u16,
}

impl<'a> TextArea<'a> {
    /// A text area with its error taken from `errors`.
    pub fn new(tr: &Tr, name: &'static str, label_key: &str, errors: &FieldErrors) -> Self {
        Self {
            name,
            label: tr.t(label_key),
            value: "",
            error: errors.get(name).map(|why| invalid_text(tr, name, why)),
            hint: None,
            max: 20_000,
            rows: 8,
        }
    }

    /// Shows a previous value.
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    /// Adds help text.
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Sets the maximum length.
    pub fn max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }

    /// Sets the visible height.
    pub fn rows(mut self, rows: u16) -> Self {
        self.rows = rows;
        self
    }
}

impl Render for TextArea<'_> {
    fn render(&self) -> Markup {
        let id = format!("field-{}", self.name);
        let help_id = format!("{id}-help");
        let described = (self.error.is_some() || self.hint.is_some()).then_some(help_id.as_str());
        html! {
            label for=(id) {
                (self.label)
                textarea #(id) name=(self.name) rows=(self.rows) maxlength=(self.max) required
                    aria-invalid=[self.error.as_ref().map(|_| "true")]
                    aria-describedby=[described] { (self.value) }
                @if let Some(error) = &self.error {
                    small #(help_id) .field-error { (error) }
                } @else if let Some(hint) = &self.hint {
                    small #(help_id) { (hint) }
                }
            }
        }
    }
}

/// The summary shown above a form that was refused.
/// `app.js` moves focus to it when the page loads; each refused field carries its own reason.
pub fn form_errors(tr: &Tr, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            p.form-errors role="alert" tabindex="-1" data-error-summary {
                (tr.t("form-has-errors")) " "
                (tr.t_count("form-errors-count", u64::try_from(errors.iter().count()).unwrap_or(u64::MAX), &[]))
            }
        }
    }
}

/// The menu of the language a text is written in: "detect it" first, then each language by its
/// own name (marked with its `lang`, so a screen reader says it right).
pub fn language_select(tr: &Tr, chosen: &str, errors: &FieldErrors) -> Markup {
    let error = errors.get("language").map(|why| invalid_text(tr, "language", why));
    html! {
        label for="field-language" {
            (tr.t("field-language"))
            select #field-language name="language" aria-describedby="language-help"
                aria-invalid=[error.as_ref().map(|_| "true")] {
                option value="" selected[chosen.is_empty()] { (tr.t("field-language-detect")) }
                @for language in ideaforge_domain::ContentLanguage::ALL {
                    option value=(language.as_str()) lang=(language.as_str()) selected[language.as_str() == chosen] {
                        (language.autonym())
                    }
                }
            }
            @if let Some(error) = error {
                small #language-help .field-error { (error) }
            } @else {
                small #language-help { (tr.t("field-language-hint")) }
            }
        }
    }
}

/// The currencies forms offer (any ISO 4217 code is accepted over the API).
pub const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "CHF", "JPY", "KRW", "CAD", "AUD"];

/// The category menu: the categories on offer by name, and the one `chosen` already even where it
/// was retired since (what was filed under a category may keep it).
pub fn category_select(chrome: &Chrome<'_>, chosen: &str, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let mut options: Vec<(&str, String)> = vec![("", tr.t("field-category-choose"))];
    let shown = chrome.categories.iter().filter(|c| c.is_active() || c.slug.as_str() == chosen);
    options.extend(shown.map(|c| (c.slug.as_str(), c.name.as_str().to_owned())));
    if !chosen.is_empty() && !options.iter().any(|(slug, _)| *slug == chosen) {
        options.push((chosen, chosen.to_owned()));
    }
    select(tr, "category", "field-category", &options, chosen, errors)
}

/// A list filter's category options: `any` first, then every category by name (retired ones too:
/// what was filed under them is still listed), and the slug asked for where no category has it.
pub fn category_options(chrome: &Chrome<'_>, chosen: &str, any: &str) -> Markup {
    let unknown = !chosen.is_empty() && !chrome.categories.iter().any(|c| c.slug.as_str() == chosen);
    html! {
        option value="" { (any) }
        @for category in chrome.categories {
            option value=(category.slug.as_str()) selected[category.slug.as_str() == chosen] { (category.name.as_str()) }
        }
        @if unknown { option value=(chosen) selected { (chosen) } }
    }
}

/// A labelled select with its refused reason, if any.
pub fn select(
    tr: &Tr,
    name: &'static str,
    label: &str,
    options: &[(&str, String)],
    chosen: &str,
    errors: &FieldErrors,
) -> Markup {
    let id = format!("field-{name}");
    let error = errors.get(name).map(|why| invalid_text(tr, name, why));
    html! {
        label for=(id) {
            (tr.t(label))
            select #(id) name=(name) aria-invalid=[error.as_ref().map(|_| "true")] {
                @for (value, text) in options {
                    option value=(value) selected[*value == chosen] { (text) }
                }
            }
            @if let Some(error) = error { small.field-error { (error) } }
        }
    }
}
