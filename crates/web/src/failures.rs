//! The middleware that renders every failure: the API contract's JSON error under `/api/`, a page
//! in the request's locale everywhere else (a 401 on a page GET becomes a redirect to sign in).

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::components::wire::{ErrorBody, ErrorDetail, FieldError};
use crate::error::Failure;
use crate::forms::url_encode;
use crate::i18n::{Catalogs, Tr};
use crate::session::Viewer;

/// Renders responses that carry a [`Failure`] (and bare 404/405 from the router) as JSON or HTML.
pub async fn render_failures(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let is_get = request.method() == axum::http::Method::GET;
    let path = request.uri().path().to_owned();
    let negotiated =
        Catalogs::embedded().negotiate(request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let mut response = next.run(request).await;
    // The person's own choice where the session layer resolved it (account, switcher), else the
    // browser's language (a bare 404 from the router never reaches that layer).
    let tr = response.extensions_mut().remove::<Tr>().unwrap_or(negotiated);
    let failure = match response.extensions_mut().remove::<Failure>() {
        Some(failure) => failure,
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => {
            Failure { code: "method_not_allowed", fields: None, retry_after: None }
        }
        None => return response,
    };
    let status = response.status();
    if !is_api && is_get && status == StatusCode::UNAUTHORIZED {
        let next = url_encode(&path);
        return Redirect::to(&format!("/signin?next={next}")).into_response();
    }
    let message = message(&tr, &failure);
    let mut rendered = if is_api {
        let fields = failure.fields.as_ref().map(|fields| {
            fields
                .iter()
                .map(|(name, why)| {
                    (name.to_owned(), FieldError { code: why.code().to_owned(), message: why.to_string() })
                })
                .collect()
        });
        let error = ErrorDetail { code: failure.code.to_owned(), message, fields };
        (status, Json(ErrorBody { error })).into_response()
    } else {
        let viewer = response.extensions().get::<Viewer>().cloned().unwrap_or_default();
        let fields = failure.fields.unwrap_or_default();
        (status, crate::components::errors::page(&tr, viewer.user.as_ref(), status, &message, &fields)).into_response()
    };
    for name in [header::RETRY_AFTER, header::SET_COOKIE, header::CACHE_CONTROL] {
        for value in response.headers().get_all(&name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

fn message(tr: &Tr, failure: &Failure) -> String {
    let key = format!("error-{}", failure.code);
    match failure.retry_after {
        Some(secs) => tr.t_with(&key, &[("seconds", &secs.to_string())]),
        None => tr.t(&key),
    }
}
