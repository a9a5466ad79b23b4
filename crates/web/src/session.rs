//! Who is asking: the session cookie or bearer token of each request, resolved once by middleware.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use ideaforge_domain::User;

use crate::error::{Failure, WebError};
use crate::i18n::{Catalogs, Tr};
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ideaforge_session";
/// The one-shot flash message cookie's name (its value is a catalog key, never free text).
pub const FLASH_COOKIE: &str = "ideaforge_flash";
/// The language switcher's cookie (a catalog's tag), for visitors without an account's choice.
pub const LANGUAGE_COOKIE: &str = "ideaforge_lang";

/// The requester as far as the application knows.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    /// The signed-in member, if any.
    pub user: Option<User>,
    /// The raw session cookie, when the request carried a valid one (for rotation and sign-out).
    pub session: Option<String>,
    /// How many notifications the member has not read (pages in a browser only).
    pub unread: u64,
}

/// The flash message key carried by this request, if any.
#[derive(Clone, Debug, Default)]
pub struct Flash(pub Option<String>);

/// The site's public origin, as configured (`https://ideas.example.com`), for the pages' sharing tags.
#[derive(Clone, Debug)]
pub struct Origin(pub String);

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The language a page's address names in its `lang` query parameter, when the pages speak it
/// (`ko`, `KO`); any other value names none.
pub fn linked_language(query: &str) -> Option<&'static str> {
    let asked = query.split('&').find_map(|pair| pair.strip_prefix("lang="))?;
    Catalogs::embedded().tags().find(|tag| tag.eq_ignore_ascii_case(asked))
}

/// `path` (with its query) without a `lang` query parameter: where the language switcher returns,
/// so that the language it sets is not outranked by the address.
pub fn without_language(path: &str) -> String {
    let Some((path, query)) = path.split_once('?') else { return path.to_owned() };
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
    if pairs.is_empty() { path.to_owned() } else { format!("{path}?{}", pairs.join("&")) }
}

/// Resolves the viewer, the locale and the flash message, and clears a flash once it is shown.
pub async fn resolve_viewer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let accept_language = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let chosen_language = cookie(headers, LANGUAGE_COOKIE).map(str::to_owned);
    let flash = cookie(headers, FLASH_COOKIE).filter(|key| key.starts_with("flash-")).map(str::to_owned);
    let had_flash_cookie = cookie(headers, FLASH_COOKIE).is_some();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let https = state.config.is_https();
    let session_cookie = cookie(headers, session_cookie_name(https)).map(str::to_owned);

    let resolved = match (&bearer, &session_cookie) {
        (Some(token), _) => match state.app.token_user(token).await {
            // A read token makes only requests that change nothing.
            Ok(Some((_, scope))) if !scope.allows(request.method().is_safe()) => {
                return axum::response::IntoResponse::into_response(WebError::InsufficientScope);
            }
            Ok(found) => Ok(Viewer { user: found.map(|(user, _)| user), session: None, unread: 0 }),
            Err(e) => Err(e),
        },
        (None, Some(secret)) => state.app.session_user(secret).await.map(|user| {
            let session = user.as_ref().map(|_| secret.clone());
            Viewer { user, session, unread: 0 }
        }),
        (None, None) => Ok(Viewer::default()),
    };
    let mut viewer = match resolved {
        Ok(viewer) => viewer,
        Err(e) => return axum::response::IntoResponse::into_response(WebError::from(e)),
    };
    // The navigation's unread count, for pages a signed-in browser loads (not the API, not assets).
    let page = !request.uri().path().starts_with("/api/") && !request.uri().path().starts_with("/static/");
    let page_or_api = !request.uri().path().starts_with("/static/");
    if let (Some(user), Some(_)) = (&viewer.user, &viewer.session)
        && request.method() == axum::http::Method::GET
        && page
    {
        viewer.unread = state.app.unread_notifications(user).await.unwrap_or(0);
    }
    // A language the link itself names (`?lang=it`, the pages' alternates for each language), else
    // the account's, else the switcher's choice, else the browser's.
    let linked = request.uri().query().and_then(linked_language);
    let chosen =
        linked.or(viewer.user.as_ref().and_then(|u| u.language).map(|l| l.as_str())).or(chosen_language.as_deref());
    let zone = viewer.user.as_ref().and_then(|u| u.time_zone.as_ref()).map(|z| z.as_str());
    let tr = state.catalogs.choose(chosen, accept_language.as_deref()).with_zone(zone);
    let flash = flash.filter(|key| tr.has(key));
    let stale_cookie = session_cookie.is_some() && viewer.session.is_none() && bearer.is_none();
    let private = viewer.user.is_some() || bearer.is_some() || session_cookie.is_some();

    // Pages show categories by name (the list is kept a few seconds per node).
    if page {
        match state.app.categories().await {
            Ok(categories) => {
                request.extensions_mut().insert(CategoryNames(categories));
            }
            Err(e) => return axum::response::IntoResponse::into_response(WebError::from(e)),
        }
    }
    request.extensions_mut().insert(viewer.clone());
    request.extensions_mut().insert(tr.clone());
    request.extensions_mut().insert(Flash(flash));
    request.extensions_mut().insert(Origin(state.app.base_url()));
    let mut response = next.run(request).await;

    if response.extensions().get::<Failure>().is_some() {
        response.extensions_mut().insert(viewer);
        // The failure page speaks the language the person chose, like every other page.
        response.extensions_mut().insert(tr);
    }
    let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let shown = response.status().is_success() && html;
    let feed =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/atom+xml"));
    if html || feed {
        // A page's (or a feed's) language follows these headers, so a cache must keep one copy per value.
        response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-language, cookie"));
    }
    if had_flash_cookie && shown {
        append_cookie(&mut response, &clear_cookie(FLASH_COOKIE));
    }
    if stale_cookie && !response.headers().contains_key(header::SET_COOKIE) {
        append_cookie(&mut response, &clear_session_cookie(https));
    }
    // An answer that depends on who asks (or sets who they are) is never stored by a cache.
    if (private || response.headers().contains_key(header::SET_COOKIE)) && page_or_api {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The session cookie's name: `__Host-` prefixed over https, so that it is only ever set by this
/// host, over a secure connection, for the whole site.
pub fn session_cookie_name(https: bool) -> &'static str {
    if https { HOST_SESSION_COOKIE } else { SESSION_COOKIE }
}

/// The session cookie's name over https.
pub const HOST_SESSION_COOKIE: &str = "__Host-ideaforge_session";

/// A cookie that expires the session cookie.
pub fn clear_session_cookie(https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}", session_cookie_name(https))
}

/// Adds a `Set-Cookie` header.
pub fn append_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// A cookie that expires the named one.
pub fn clear_cookie(name: &str) -> String {
    format!("{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

/// The session cookie for a new session.
pub fn session_cookie(secret: &str, max_age_secs: i64, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={secret}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}")
}

/// The language a newcomer asked for: the switcher's choice, else the best of their browser's
/// (none when neither names one the platform speaks). A new account keeps it for pages and mail.
pub fn asked_language(headers: &HeaderMap) -> Option<ideaforge_domain::Language> {
    let chosen = cookie(headers, LANGUAGE_COOKIE).and_then(|tag| tag.parse().ok());
    chosen.or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(ideaforge_domain::Language::negotiate)
    })
}

/// The language switcher's cookie: a year, for the whole site.
pub fn language_cookie(tag: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LANGUAGE_COOKIE}={tag}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}")
}

/// A flash message cookie, shown on the next page.
pub fn flash_cookie(key: &str) -> String {
    format!("{FLASH_COOKIE}={key}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}

/// A signed-in member; anyone else gets 401 (a redirect to sign-in for pages).
#[derive(Clone, Debug)]
pub struct SignedIn(pub User);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Viewer>().and_then(|v| v.user.clone()).map(Self).ok_or(WebError::Unauthorized)
    }
}

/// What every page needs: the locale, the viewer and the flash message.
#[derive(Clone, Debug)]
pub struct PageCtx {
    /// The request's message catalog.
    pub tr: Tr,
    /// The signed-in member, if any.
    pub user: Option<User>,
    /// The raw session cookie, if signed in by cookie.
    pub session: Option<String>,
    /// A message to show once.
    pub flash: Option<String>,
    /// Unread notifications, for the navigation.
    pub unread: u64,
    /// The site's public origin, for links shared outside it.
    pub origin: String,
    /// The page's own path and query (where the language switcher returns to).
    pub path: String,
    /// Every category, for showing one by its name.
    pub categories: std::sync::Arc<Vec<ideaforge_domain::category::CategoryEntry>>,
}

/// Every category, as the viewer resolver found them for the page.
#[derive(Clone, Debug)]
struct CategoryNames(std::sync::Arc<Vec<ideaforge_domain::category::CategoryEntry>>);

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let viewer = parts.extensions.get::<Viewer>().cloned().unwrap_or_default();
        let tr = parts.extensions.get::<Tr>().cloned().unwrap_or_else(|| Catalogs::embedded().negotiate(None));
        let flash = parts.extensions.get::<Flash>().and_then(|f| f.0.clone());
        let origin = parts.extensions.get::<Origin>().map(|o| o.0.clone()).unwrap_or_default();
        // A page answering a form (a POST) returns to the home page instead of resending it.
        let path = if parts.method == axum::http::Method::GET {
            parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned()
        } else {
            "/".to_owned()
        };
        let categories = parts.extensions.get::<CategoryNames>().map(|c| c.0.clone()).unwrap_or_default();
        Ok(Self {
            tr,
            user: viewer.user,
            session: viewer.session,
            flash,
            unread: viewer.unread,
            origin,
            path,
            categories,
        })
    }
}

impl PageCtx {
    /// The flash message's text, if there is one.
    pub fn flash_text(&self) -> Option<String> {
        self.flash.as_deref().map(|key| match &self.user {
            Some(user) => self.tr.t_with(key, &[("name", user.display_name.as_str())]),
            None => self.tr.t(key),
        })
    }
}
