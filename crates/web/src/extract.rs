//! Extractors that turn malformed requests into [`WebError`]s with clear messages.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::state::AppState;

/// A path parameter parsed into its type (`Path<ChallengeId>`, `Path<i64>`, a slug as
/// `Path<String>`); a segment that does not parse is simply not found.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|_| WebError::NotFound)
    }
}

/// An `application/x-www-form-urlencoded` body whose text must be valid UTF-8.
#[derive(Debug)]
pub struct HtmlForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for HtmlForm<T> {
    type Rejection = WebError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(body_error)?;
        if !ideaforge_text::form::decodes_to_utf8(&bytes) {
            return Err(WebError::BadRequest("invalid_utf8"));
        }
        serde_urlencoded::from_bytes(&bytes).map(Self).map_err(|_| WebError::BadRequest("bad_request"))
    }
}

fn body_error(rejection: BytesRejection) -> WebError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge
    } else {
        WebError::BadRequest("bad_request")
    }
}

/// A JSON body; malformed JSON, a wrong content type or an oversized body become contract errors.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(WebError::UnsupportedMediaType),
            Err(JsonRejection::BytesRejection(e)) => Err(body_error(e)),
            Err(_) => Err(WebError::BadRequest("invalid_json")),
        }
    }
}

/// An optional JSON body: none at all (or only blank space) is `T::default()`; anything else must
/// be valid JSON of `T`.
#[derive(Debug)]
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default> FromRequest<AppState> for OptionalJson<T> {
    type Rejection = WebError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(body_error)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(T::default()));
        }
        serde_json::from_slice(&bytes).map(Self).map_err(|_| WebError::BadRequest("invalid_json"))
    }
}

/// The client's address: the socket peer, or, when the peer is a trusted proxy, the right-most
/// `X-Forwarded-For` address that is not a trusted proxy (left-most entries are whatever the client
/// sent and are never believed).
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded: Vec<&str> =
            parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Ok(Self(client_ip(peer, &forwarded.join(","), &state.config.trusted_proxies)))
    }
}

/// The client behind `peer`, given the `X-Forwarded-For` chain and the trusted proxies.
pub fn client_ip(peer: Option<IpAddr>, forwarded: &str, trusted: &[String]) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| in_network(ip, net));
    let peer = peer?;
    if !is_trusted(peer) {
        return Some(peer);
    }
    let mut client = peer;
    for hop in forwarded.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(ip) => client = ip,
            Ok(ip) => return Some(ip),
            // An unreadable hop: nothing to its left can be believed.
            Err(_) => return Some(client),
        }
    }
    Some(client)
}

/// Whether `ip` is the address or in the network (`a.b.c.d/n`, `x::/n`) `net` names.
fn in_network(ip: IpAddr, net: &str) -> bool {
    let (base, bits) = match net.trim().split_once('/') {
        Some((base, bits)) => (base, bits.parse::<u32>().ok()),
        None => (net.trim(), None),
    };
    let Ok(base) = base.parse::<IpAddr>() else { return false };
    match (ip, base) {
        (IpAddr::V4(ip), IpAddr::V4(base)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
            u32::from(ip) & mask == u32::from(base) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(base)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - bits) };
            u128::from(ip) & mask == u128::from(base) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::client_ip;

    #[test]
    fn the_client_is_the_right_most_untrusted_forwarded_address() {
        let trusted = ["127.0.0.1".to_owned(), "10.0.0.0/8".to_owned()];
        let ip = |s: &str| s.parse().ok();
        let proxy = ip("127.0.0.1");
        // A client that sends its own header cannot choose its address: the proxy appends the real one.
        assert_eq!(client_ip(proxy, "6.6.6.6, 203.0.113.9", &trusted), ip("203.0.113.9"));
        assert_eq!(client_ip(proxy, "203.0.113.9, 10.1.2.3", &trusted), ip("203.0.113.9"), "a chain of proxies");
        assert_eq!(client_ip(proxy, "garbage, 203.0.113.9", &trusted), ip("203.0.113.9"));
        assert_eq!(client_ip(proxy, "203.0.113.9, garbage", &trusted), proxy, "an unreadable hop stops the walk");
        assert_eq!(client_ip(proxy, "", &trusted), proxy);
        // From an untrusted peer the header is ignored.
        assert_eq!(client_ip(ip("198.51.100.7"), "6.6.6.6", &trusted), ip("198.51.100.7"));
        assert_eq!(client_ip(proxy, "6.6.6.6", &[]), proxy, "no trusted proxies: the header means nothing");
        assert_eq!(client_ip(ip("::1"), "2001:db8::7", &["::1/128".to_owned()]), ip("2001:db8::7"));
    }
}
