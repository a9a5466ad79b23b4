//! A webhook receiver on loopback for the webhook tests: a real HTTP server that records every
//! request and answers as the test tells it (a status, or no answer at all), and the Standard
//! Webhooks reference library (PyPI `standardwebhooks`) to verify what arrived.
#![expect(clippy::expect_used, reason = "a broken receiver fails the test")]

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::process::Command;

/// How the receiver answers one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// With this status code.
    Status(u16),
    /// Never (the request hangs until the sender gives up or dies).
    Hang,
}

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Received {
    /// Its headers, lower-case names.
    pub headers: BTreeMap<String, String>,
    /// Its body.
    pub body: String,
}

impl Received {
    /// A header's value (empty when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Debug, Default)]
struct Inbox {
    received: Vec<Received>,
    next: VecDeque<Answer>,
    otherwise: Option<Answer>,
}

/// A running receiver.
#[derive(Debug)]
pub struct Receiver {
    /// `http://127.0.0.1:PORT/hook`
    pub url: String,
    /// Its port.
    pub port: u16,
    inbox: Arc<Mutex<Inbox>>,
    task: tokio::task::JoinHandle<()>,
}

async fn take(State(inbox): State<Arc<Mutex<Inbox>>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let answer = {
        let mut inbox = inbox.lock().expect("lock");
        let headers =
            headers.iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect();
        inbox.received.push(Received { headers, body: String::from_utf8_lossy(&body).into_owned() });
        inbox.next.pop_front().or(inbox.otherwise).unwrap_or(Answer::Status(204))
    };
    match answer {
        Answer::Status(code) => StatusCode::from_u16(code).expect("a status code"),
        Answer::Hang => std::future::pending().await,
    }
}

impl Receiver {
    /// Starts a receiver answering 204 until told otherwise.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let app = Router::new().route("/hook", axum::routing::post(take)).with_state(Arc::clone(&inbox));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { url: format!("http://127.0.0.1:{port}/hook"), port, inbox, task }
    }

    /// Answers the next requests so, in order, then as before.
    pub fn answer_next(&self, answers: &[Answer]) {
        self.inbox.lock().expect("lock").next.extend(answers);
    }

    /// Answers every request so from now on.
    pub fn answer_always(&self, answer: Answer) {
        self.inbox.lock().expect("lock").otherwise = Some(answer);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().expect("lock").received.clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Verifies a request with the Standard Webhooks reference library and `secret`; the library's
/// complaint when it refuses.
pub async fn verify_with_reference(secret: &str, received: &Received) -> Result<(), String> {
    const SCRIPT: &str = "import json, sys\n\
from standardwebhooks.webhooks import Webhook\n\
job = json.load(sys.stdin)\n\
try:\n    Webhook(job['secret']).verify(job['body'], job['headers'])\n\
except Exception as e:\n    print(type(e).__name__, e)\n    sys.exit(1)\n";
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let job = serde_json::json!({"secret": secret, "body": received.body, "headers": received.headers});
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the test command installs standardwebhooks)");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(job.to_string().as_bytes()).await.expect("write the job");
    drop(stdin);
    let out = child.wait_with_output().await.expect("python finishes");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!said.contains("ModuleNotFoundError"), "the standardwebhooks package is missing: {said}");
    if out.status.success() { Ok(()) } else { Err(said) }
}
