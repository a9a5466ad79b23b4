//! What the binary's tests share: the `ideaforge` command in a directory of its own, and the
//! address `serve` announces.

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

const BIN: &str = env!("CARGO_BIN_EXE_ideaforge");

pub fn ideaforge(dir: &Path) -> Command {
    let mut command = Command::new(BIN);
    command.current_dir(dir).env_remove("IDEAFORGE_DATABASE_URL").env_remove("IDEAFORGE_ENV").kill_on_drop(true);
    command
}

/// The address `serve` prints once it listens, and its stdout (kept open for the server's sake).
pub async fn announced_address(child: &mut Child) -> (String, Lines<BufReader<ChildStdout>>) {
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.expect("read stdout") {
            if let Some(url) = line.strip_prefix("listening on ") {
                return url.to_owned();
            }
        }
        String::new()
    })
    .await
    .expect("the server announces its address");
    (base, lines)
}
