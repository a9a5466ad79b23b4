//! A real SMTP server on loopback for tests: `aiosmtpd` (PyPI) with its Maildir handler, started
//! and stopped by the test; the delivered messages are read back from the Maildir.
#![expect(clippy::expect_used, clippy::panic, reason = "the harness fails the test loudly on set-up errors")]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tempfile::TempDir;
use tokio::process::{Child, Command};

use crate::eventually;

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

    /// Starts a server on a free port.
    pub async fn start() -> Self {
        let mut server = Self::stopped();
        server.run().await;
        server
    }

    /// Starts (or restarts) the server on its port.
    pub async fn run(&mut self) {
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
        let up = eventually(Duration::from_secs(20), || async move {
            tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok()
        })
        .await;
        assert!(up, "aiosmtpd did not listen on port {port}: is it installed (pip install aiosmtpd)?");
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
