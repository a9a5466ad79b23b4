//! A real SMTP server on loopback for tests: `aiosmtpd` (PyPI) with its Maildir handler, started
//! and stopped by the test; the delivered messages are read back from the Maildir.
#![expect(clippy::expect_used, clippy::panic, reason = "the harness fails the test loudly on set-up errors")]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use base64::Engine as _;
use ideaforge_app::{MailConfig, MailTransportKind};
use tempfile::TempDir;
use tokio::process::{Child, Command};

/// Mail to the test SMTP server on `port`, retried quickly; `worker`: this node sends.
pub fn test_config(port: u16, worker: bool) -> MailConfig {
    MailConfig {
        transport: MailTransportKind::Smtp,
        smtp_host: "127.0.0.1".to_owned(),
        smtp_port: port,
        // Generous: on a loaded 2-core machine the Python server can take seconds to answer, and a
        // client timeout after the server took a message would send it twice.
        smtp_timeout_secs: 10,
        worker,
        poll_ms: 50,
        retry_base_ms: 100,
        retry_cap_ms: 1_000,
        lease_secs: 5,
        max_attempts: 1_000,
        ..MailConfig::default()
    }
}

/// aiosmtpd listening on a loopback port, delivering into a Maildir.
#[derive(Debug)]
pub struct SmtpServer {
    /// Its port (kept across stop and start).
    pub port: u16,
    dir: TempDir,
    child: Option<Child>,
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    probe.local_addr().expect("addr").port()
}

impl SmtpServer {
    /// A port for a server that is not running yet (to test an outage first).
    pub fn stopped() -> Self {
        Self { port: free_port(), dir: tempfile::tempdir().expect("maildir"), child: None }
    }

    /// Starts a server on a free port. The port is free when chosen, but another test may bind it
    /// before the server does: then (the server exits, or something else answers) another port is
    /// tried.
    pub async fn start() -> Self {
        let mut server = Self::stopped();
        for _ in 0..5 {
            if server.spawn().await {
                return server;
            }
            server.stop().await;
            server.port = free_port();
        }
        panic!("aiosmtpd did not answer on five ports: is it installed (pip install aiosmtpd)?");
    }

    /// Starts (or restarts) the server on its port.
    pub async fn run(&mut self) {
        let port = self.port;
        assert!(self.spawn().await, "aiosmtpd did not answer on port {port}: is it installed (pip install aiosmtpd)?");
    }

    /// Whether an SMTP server greets on the port: connected and answering `220`.
    async fn greets(port: u16) -> bool {
        use tokio::io::AsyncReadExt;
        let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else { return false };
        let mut greeting = [0_u8; 3];
        matches!(
            tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut greeting)).await,
            Ok(Ok(_)) if &greeting == b"220"
        )
    }

    /// Spawns aiosmtpd on the port; whether it is the one greeting there.
    async fn spawn(&mut self) -> bool {
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let maildir: PathBuf = self.dir.path().join("maildir");
        let child = Command::new(&python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{python} -m aiosmtpd is required for this test (pip install aiosmtpd): {e}"));
        self.child = Some(child);
        let port = self.port;
        let started = std::time::Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            // Exited: it could not bind the port (taken by someone else meanwhile).
            if self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_some()) {
                return false;
            }
            if Self::greets(port).await {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// Stops the server (mail sent meanwhile fails to connect).
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// The raw text of every delivered message.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for folder in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.dir.path().join("maildir").join(folder)) else { continue };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    out.push(text);
                }
            }
        }
        out
    }
}

/// A header's value in a raw message (the first one, unfolded).
pub fn header(message: &str, name: &str) -> Option<String> {
    let mut lines = message.lines();
    let prefix = format!("{}:", name.to_ascii_lowercase());
    while let Some(line) = lines.next() {
        if line.is_empty() {
            return None;
        }
        if line.to_ascii_lowercase().starts_with(&prefix) {
            let mut value = line[prefix.len()..].trim().to_owned();
            for next in lines.by_ref() {
                if next.starts_with(' ') || next.starts_with('\t') {
                    value.push(' ');
                    value.push_str(next.trim());
                } else {
                    break;
                }
            }
            return Some(value);
        }
    }
    None
}

/// A header's value with RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded.
pub fn decoded_header(message: &str, name: &str) -> Option<String> {
    let raw = header(message, name)?;
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in raw.split(' ') {
        let decoded = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")).and_then(|w| {
            let mut parts = w.splitn(3, '?');
            let (_charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
            let bytes = match encoding.to_ascii_lowercase().as_str() {
                "b" => base64::engine::general_purpose::STANDARD.decode(text).ok()?,
                "q" => quoted_printable(&text.replace('_', " ")),
                _ => return None,
            };
            String::from_utf8(bytes).ok()
        });
        // Space between two encoded words is not text (RFC 2047 §6.2); any other space is.
        let joined_words = previous_encoded && decoded.is_some();
        if !out.is_empty() && !joined_words {
            out.push(' ');
        }
        previous_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(word));
    }
    Some(out)
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3).unwrap_or_default()).unwrap_or_default();
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// The text of every body part (plain and HTML), decoded from base64 or quoted-printable.
pub fn body(message: &str) -> String {
    let mut out = String::new();
    // Each part: headers, a blank line, then the content up to the next boundary line.
    for part in message.split("\n--") {
        let Some((headers, content)) = part.split_once("\r\n\r\n").or_else(|| part.split_once("\n\n")) else {
            continue;
        };
        let headers = headers.to_ascii_lowercase();
        let bytes = if headers.contains("content-transfer-encoding: base64") {
            let joined: String = content.lines().take_while(|l| !l.starts_with("--")).collect();
            base64::engine::general_purpose::STANDARD.decode(joined.trim()).unwrap_or_default()
        } else if headers.contains("content-transfer-encoding: quoted-printable") {
            quoted_printable(content)
        } else {
            content.as_bytes().to_vec()
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        out.push('\n');
    }
    out
}

/// The first link in a decoded body to `path` on the site, as a local path with its query
/// (`/password/reset?u=…&e=…&t=…`), with HTML's `&amp;` undone.
pub fn link(body: &str, path: &str) -> Option<String> {
    let marker = format!("{path}?");
    let at = body.find(&marker)?;
    let link: String = body[at..].chars().take_while(|c| !c.is_whitespace() && !"\"'<>".contains(*c)).collect();
    Some(link.replace("&amp;", "&"))
}

/// A query parameter's value in a local link.
pub fn query_param(link: &str, name: &str) -> Option<String> {
    let (_, query) = link.split_once('?')?;
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_owned())
}
