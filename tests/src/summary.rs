//! The security suite's figures: each check records one line per engine, which `scripts/test`
//! prints as one table at the end of the run (from `IDEAFORGE_SUMMARY_DIR`). Without that variable
//! the line is only printed (shown by `cargo test -- --nocapture`).

use std::io::Write as _;

use crate::Engine;

/// Records `figures` of `check` on `engine`.
pub fn record(check: &str, engine: Engine, figures: &str) {
    let line = format!("{check}\t{engine:?}\t{figures}");
    println!("{line}");
    if let Some(dir) = std::env::var_os("IDEAFORGE_SUMMARY_DIR") {
        let path = std::path::Path::new(&dir).join("summary.tsv");
        let file = std::fs::OpenOptions::new().create(true).append(true).open(&path);
        if let Ok(mut file) = file {
            // One short write per line: appends from parallel tests do not interleave.
            let _ = file.write_all(format!("{line}\n").as_bytes());
        }
    }
}
