//! The API's OpenAPI document, generated from the routes themselves: every API handler carries its
//! `#[utoipa::path]` description and is mounted through `utoipa_axum::routes!`, so a route cannot
//! be served without being documented, and the request and response schemas come from the types
//! the handlers read and write.

use std::sync::OnceLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::server::Server;
use utoipa::openapi::{ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::components::wire::{ErrorBody, MoneySchema};
use crate::session::SESSION_COOKIE;
use crate::state::AppState;

const DESCRIPTION: &str = "Idea contests and bounty challenges. Authenticate with a session cookie or \
a personal access token sent as `Authorization: Bearer <token>`. Ids are strings, times RFC 3339, money \
`{amount_minor, currency}`. Every error answers with the `Error` body.";

/// The API's routes under `/api/v1` and the document that describes them.
pub fn api() -> (Router<AppState>, OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(base())
        .merge(crate::accounts::api())
        .merge(crate::contests::api())
        .merge(crate::ideas::api())
        .merge(crate::challenges::api())
        .merge(crate::campaigns::api())
        .merge(crate::ip::api())
        .merge(crate::search::api())
        .merge(crate::notifications::api())
        .merge(crate::webhooks::api())
        .merge(crate::admin::api())
        .merge(crate::site::api())
        .split_for_parts();
    finish(&mut doc);
    (router, doc)
}

/// The generated document.
pub fn document() -> OpenApi {
    api().1
}

fn base() -> OpenApi {
    let components = ComponentsBuilder::new()
        .security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()))
        .security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))))
        .schema(MoneySchema::name(), MoneySchema::schema())
        .schema(ErrorBody::name(), ErrorBody::schema())
        .schemas_from_iter(error_parts())
        .response(
            "Error",
            ResponseBuilder::new()
                .description("An error")
                .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Error"))).build())
                .build(),
        )
        .build();
    OpenApiBuilder::new()
        .info(InfoBuilder::new().title("Ideaforge API").version("1").description(Some(DESCRIPTION)).build())
        .servers(Some([Server::new("/api/v1")]))
        .components(Some(components))
        .build()
}

fn error_parts() -> Vec<(String, RefOr<utoipa::openapi::schema::Schema>)> {
    let mut parts = Vec::new();
    <ErrorBody as ToSchema>::schemas(&mut parts);
    parts
}

/// Every operation may answer with an error: its `default` response is the shared `Error`; an
/// operation without its own security requirement may be called with or without credentials.
fn finish(doc: &mut OpenApi) {
    let optional = vec![
        SecurityRequirement::default(),
        SecurityRequirement::new("bearer", Vec::<String>::new()),
        SecurityRequirement::new("session", Vec::<String>::new()),
    ];
    for item in doc.paths.paths.values_mut() {
        let operations: [&mut Option<Operation>; 4] = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| Ref::new("#/components/responses/Error").into());
            if operation.security.is_none() {
                operation.security = Some(optional.clone());
            }
        }
    }
}

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "site",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI document of the API", content_type = "application/json")),
)]
pub async fn show_openapi() -> Response {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = JSON.get_or_init(|| serde_json::to_string(&document()).unwrap_or_default());
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], json.as_str()).into_response()
}
