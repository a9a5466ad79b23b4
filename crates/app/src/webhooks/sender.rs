//! Sending one signed delivery: the HTTP client that reaches only the addresses `domain::webhook`
//! allows (every address a name resolves to is checked, and the connection goes to exactly those),
//! with a timeout, a cap on the answer read, and no redirects followed.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;
use ideaforge_domain::webhook::{EndpointUrl, MAX_RESPONSE_BYTES, Reach, public_address, signature_header};
use ideaforge_store::DueDelivery;

/// Resolves a host name and refuses it unless every address it has may be reached.
#[derive(Clone, Debug)]
struct CheckedResolver {
    reach: Reach,
}

impl tower::Service<Name> for CheckedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let reach = self.reach;
        Box::pin(async move {
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if addresses.is_empty() {
                return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "the name has no address"));
            }
            if reach == Reach::Public && addresses.iter().any(|a| !public_address(a.ip())) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "the name resolves to an address that is not public",
                ));
            }
            Ok(addresses.into_iter())
        })
    }
}

/// What one attempt came to, before the domain decides what follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The receiver's status code, if it answered.
    pub status: Option<u16>,
    /// Why it failed before an answer, if it did.
    pub error: Option<String>,
    /// How long it took.
    pub latency: Duration,
}

/// The client every delivery goes through.
#[derive(Clone, Debug)]
pub struct Sender {
    client: Client<HttpsConnector<HttpConnector<CheckedResolver>>, Full<Bytes>>,
    reach: Reach,
    timeout: Duration,
}

impl Sender {
    /// A client reaching `reach`, giving up on an attempt after `timeout`.
    pub fn new(reach: Reach, timeout: Duration) -> Result<Self, String> {
        let mut tcp = HttpConnector::new_with_resolver(CheckedResolver { reach });
        tcp.enforce_http(false);
        tcp.set_connect_timeout(Some(timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| e.to_string())?
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let client = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(2).build(https);
        Ok(Self { client, reach, timeout })
    }

    /// Signs and sends one delivery at `timestamp` (Unix seconds): `webhook-id`, `webhook-timestamp`
    /// and `webhook-signature` (every secret still valid at `now`).
    pub async fn send(&self, due: &DueDelivery, timestamp: i64, now: time::OffsetDateTime) -> Sent {
        let started = Instant::now();
        let failed = |error: String| Sent { status: None, error: Some(error), latency: started.elapsed() };
        // The URL was checked when it was registered; check it again under today's settings.
        let url = match EndpointUrl::parse(&due.endpoint.url, self.reach) {
            Ok(url) => url,
            Err(why) => return failed(format!("the endpoint's address is refused: {why}")),
        };
        let signature = signature_header(
            &due.endpoint.secret,
            due.endpoint.previous_at(now),
            &due.message_id,
            timestamp,
            &due.payload,
        );
        let request = http::Request::post(url.as_str())
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::USER_AGENT, "Ideaforge-Webhooks/1")
            .header("webhook-id", &due.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(Full::new(Bytes::from(due.payload.clone())));
        let request = match request {
            Ok(request) => request,
            Err(error) => return failed(error.to_string()),
        };
        let answer = async {
            let response = self.client.request(request).await.map_err(|e| chain(&e))?;
            let status = response.status().as_u16();
            // Read a bounded part of the answer (and nothing of it is kept), so that a receiver
            // streaming without end cannot hold the sender.
            let _ = Limited::new(response.into_body(), MAX_RESPONSE_BYTES).collect().await;
            Ok::<u16, String>(status)
        };
        match tokio::time::timeout(self.timeout, answer).await {
            Ok(Ok(status)) => Sent { status: Some(status), error: None, latency: started.elapsed() },
            Ok(Err(error)) => failed(error),
            Err(_) => failed(format!("no answer within {} s", self.timeout.as_secs())),
        }
    }
}

/// An error with its causes, one line (the resolver's refusal is a cause of the client's error).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
