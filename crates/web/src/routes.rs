//! Every route the site serves, listed from the router itself: page routes are added through
//! [`Pages`], which builds the axum router and the list of (method, path) in the same call, and the
//! API's routes come from the OpenAPI document that `utoipa_axum::routes!` generates with them. The
//! security suite (`tests/tests/authz.rs`, through `ideaforge_web::all_routes`) checks that its table of who may call what has one row
//! for each, so a route cannot ship without its permissions written down.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::state::AppState;

/// One route: an HTTP method and a path pattern (`/ideas/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path pattern as the router matches it.
    pub path: String,
}

/// Page routes and the list of them, built together.
#[derive(Debug, Default)]
pub struct Pages {
    router: Router<AppState>,
    list: Vec<Route>,
}

impl Pages {
    /// No routes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A `GET` route.
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, get(handler))
    }

    /// A `POST` route.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler))
    }

    /// A `POST` route taking an upload of up to `limit` bytes (the site's own limit is for forms).
    pub fn post_upload<H, T>(self, path: &'static str, handler: H, limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)))
    }

    fn add(mut self, method: &'static str, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        // axum merges the method routers of one path, so GET and POST of a path may come in turn.
        self.router = self.router.route(path, handler);
        self.list.push(Route { method, path: path.to_owned() });
        self
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Pages) -> Self {
        self.router = self.router.merge(other.router);
        self.list.extend(other.list);
        self
    }

    /// The router and the list of its routes.
    pub fn into_parts(self) -> (Router<AppState>, Vec<Route>) {
        (self.router, self.list)
    }
}
