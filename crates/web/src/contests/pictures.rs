//! Pictures: an organization's logo and a contest's cover, uploaded by the organization's managers
//! (a `multipart/form-data` form with one `picture` file), and the kept files, served for a year
//! under names that change with their content.

use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ideaforge_app::pictures::FIELD;
use ideaforge_domain::image::MAX_BYTES;
use ideaforge_domain::{ContestId, FieldErrors, Invalid};

use crate::error::WebError;
use crate::extract::Path;
use crate::forms::redirect_with_flash;
use crate::session::SignedIn;
use crate::state::AppState;

/// The most an upload's request may carry: the picture's limit and the form around it.
pub const UPLOAD_LIMIT: usize = MAX_BYTES + 64 * 1024;

fn refused(why: Invalid) -> WebError {
    let mut errors = FieldErrors::new();
    errors.add(FIELD, why);
    WebError::Invalid(errors)
}

/// The bytes of the form's `picture` file; a form without one, or not a multipart form, is refused.
async fn picture_bytes(multipart: Result<Multipart, MultipartRejection>) -> Result<Vec<u8>, WebError> {
    let mut multipart = multipart.map_err(|_| refused(Invalid::Required))?;
    let too_big = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE { Invalid::TooLong { max: MAX_BYTES } } else { Invalid::Malformed }
    };
    while let Some(field) = multipart.next_field().await.map_err(|e| refused(too_big(e.status())))? {
        if field.name() == Some(FIELD) {
            let bytes = field.bytes().await.map_err(|e| refused(too_big(e.status())))?;
            return Ok(bytes.to_vec());
        }
    }
    Err(refused(Invalid::Required))
}

/// `POST /orgs/{slug}/picture`: the organization's logo.
pub async fn upload_org_logo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    // Who may is asked before the upload is read.
    state.app.check_org_manager(&user, &slug).await?;
    let bytes = picture_bytes(multipart).await?;
    state.app.set_org_logo(&user, &slug, bytes).await?;
    Ok(redirect_with_flash(&format!("/orgs/{slug}"), "flash-picture-saved"))
}

/// `POST /contests/{id}/picture`: the contest's cover.
pub async fn upload_contest_cover(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    state.app.check_contest_manager(&user, id).await?;
    let bytes = picture_bytes(multipart).await?;
    state.app.set_contest_cover(&user, id, bytes).await?;
    Ok(redirect_with_flash(&format!("/contests/{id}"), "flash-picture-saved"))
}

/// `GET /pictures/{name}`: a kept picture, cached for a year (a new upload has a new name).
pub async fn serve_picture(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, WebError> {
    let (bytes, media) = state.app.picture_file(&name).await.ok_or(WebError::NotFound)?;
    let headers = [(header::CONTENT_TYPE, media), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")];
    Ok((headers, bytes).into_response())
}
