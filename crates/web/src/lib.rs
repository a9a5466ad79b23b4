//! The web interface: axum router, handlers, maud views, the JSON API and static assets.
//!
//! Handlers never touch the database or the index: they extract, parse into domain types, call one
//! use case in `ideaforge-app`, and answer with markup, JSON or a redirect.

pub mod accounts;
pub mod admin;
pub mod assets;
pub mod campaigns;
pub mod challenges;
pub mod components;
pub mod contests;
pub mod error;
pub mod extract;
pub mod failures;
pub mod feeds;
pub mod forms;
pub mod i18n;
pub mod ideas;
pub mod ip;
pub mod markdown;
pub mod metrics;
pub mod middleware;
pub mod notifications;
pub mod routes;
pub mod search;
pub mod session;
pub mod site;
pub mod state;
pub mod webhooks;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{HeaderName, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, WebConfig};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole site: pages, API, health and assets, with every cross-cutting layer.
pub fn router(state: AppState) -> Router {
    let (api, _) = site::openapi::api();
    let api = api.fallback(error::not_found);

    let body_limit = state.config.max_body_bytes;
    let (pages, _) = pages().into_parts();
    pages
        .nest("/api/v1", api)
        .fallback(error::not_found)
        // Innermost first: the viewer is known to handlers, cross-site writes never reach them,
        // failures are rendered with the locale, and every response gets ids, headers and metrics.
        .layer(from_fn_with_state(state.clone(), session::resolve_viewer))
        .layer(from_fn(middleware::refuse_cross_site))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(from_fn(failures::render_failures))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(from_fn_with_state(state.metrics.clone(), metrics::track))
                .layer(from_fn_with_state(state.clone(), middleware::security_headers)),
        )
        // Pages, CSS and scripts travel compressed (brotli or gzip, as the browser accepts); level
        // 4 keeps it cheap enough to do on every response. Images and event streams are left alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state)
}

/// The span every request's logs carry: method, the route it matched (`/orgs/{slug}`, never the
/// path itself nor the query, which hold slugs, tokens and what people searched for) and request id.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
    let route = request.extensions().get::<MatchedPath>().map_or("(none)", MatchedPath::as_str);
    tracing::info_span!("request", http.method = %request.method(), http.route = route, request.id = id)
}

/// Every page of the site, with the routes outside the areas (metrics, static files).
pub fn pages() -> routes::Pages {
    routes::Pages::new()
        .merge(site::pages())
        .merge(accounts::pages())
        .merge(contests::pages())
        .merge(ideas::pages())
        .merge(challenges::pages())
        .merge(campaigns::pages())
        .merge(ip::pages())
        .merge(search::pages())
        .merge(notifications::pages())
        .merge(feeds::pages())
        .merge(webhooks::pages())
        .merge(admin::pages())
        .get("/metrics", metrics::show_metrics)
        .get("/static/{name}", assets::serve_asset)
        .get("/favicon.ico", assets::serve_favicon)
}

/// Every route the site serves: the pages, then the API's operations under `/api/v1`, sorted.
pub fn all_routes() -> Vec<routes::Route> {
    let (_, mut list) = pages().into_parts();
    for (path, item) in site::openapi::document().paths.paths {
        let methods = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (method, present) in methods {
            if present {
                list.push(routes::Route { method, path: format!("/api/v1{path}") });
            }
        }
    }
    list.sort();
    list.dedup();
    list
}
