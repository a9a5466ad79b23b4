//! A JSON API client for tests: bearer token per call, status and parsed body back.
#![expect(clippy::expect_used, reason = "a failed request fails the test")]

use reqwest::StatusCode;
use serde_json::Value;

use crate::{TestApp, new_client};

/// Calls `/api/v1` on a test server.
#[derive(Debug)]
pub struct Api<'a> {
    /// The server.
    pub app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Api<'a> {
    /// A client for `app`.
    pub fn new(app: &'a TestApp) -> Self {
        Self { app, client: new_client() }
    }

    /// Sends a request with an optional JSON body; the body comes back parsed (`Null` if empty).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, self.app.url(&format!("/api/v1{path}")));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Sends a request and returns the raw body text as well (for leak checks).
    pub async fn send_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let mut request = self.client.request(method, self.app.url(&format!("/api/v1{path}")));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// `GET` of an HTML page (not under `/api/v1`) with the bearer token; the status and the text.
    pub async fn page(&self, path: &str, token: &str) -> (StatusCode, String) {
        let mut request = self.client.get(self.app.url(path));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// `POST` with a JSON body.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body)).await
    }

    /// `GET`.
    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, token, None).await
    }

    /// `PUT` with a JSON body.
    pub async fn put_json(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, token, Some(body)).await
    }

    /// `PUT` without a body.
    pub async fn put(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, token, None).await
    }
}
