//! The crate direction of STYLE.md, checked over `cargo metadata`:
//! `server → web → app → {store, search, mail, auth} → domain`, migrations used only by store.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let rules: [(&str, &[&str]); 9] = [
        ("ideaforge-domain", &[]),
        ("ideaforge-migrations", &[]),
        ("ideaforge-store", &["ideaforge-domain", "ideaforge-migrations"]),
        ("ideaforge-search", &["ideaforge-domain"]),
        ("ideaforge-mail", &["ideaforge-domain"]),
        ("ideaforge-auth", &["ideaforge-domain"]),
        (
            "ideaforge-app",
            &["ideaforge-domain", "ideaforge-store", "ideaforge-search", "ideaforge-mail", "ideaforge-auth"],
        ),
        ("ideaforge-web", &["ideaforge-domain", "ideaforge-app"]),
        ("ideaforge-server", &["ideaforge-domain", "ideaforge-app", "ideaforge-web"]),
    ];
    rules.into_iter().map(|(k, v)| (k, v.iter().copied().collect())).collect()
}

/// Frameworks that must stay out of the pure domain and of the crates that are not their owners.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("ideaforge-domain", &["tokio", "sea-orm", "sqlx", "axum", "maud", "lettre", "tantivy", "reqwest"]),
    ("ideaforge-web", &["sea-orm", "sqlx", "tantivy", "lettre"]),
    ("ideaforge-app", &["axum", "maud"]),
    ("ideaforge-migrations", &["ideaforge-domain"]),
];

fn metadata() -> Value {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("metadata JSON")
}

#[test]
fn crates_depend_only_in_the_documented_direction() {
    let rules = allowed();
    let metadata = metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let mut checked = 0;
    for package in packages {
        let name = package["name"].as_str().expect("name");
        let normal: Vec<&str> = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .collect();
        if let Some(allowed) = rules.get(name) {
            checked += 1;
            for dep in normal.iter().filter(|d| d.starts_with("ideaforge-")) {
                assert!(allowed.contains(dep), "{name} must not depend on {dep}");
            }
        }
        if let Some((_, banned)) = FORBIDDEN.iter().find(|(n, _)| *n == name) {
            for dep in &normal {
                assert!(!banned.contains(dep), "{name} must not depend on {dep}");
            }
        }
    }
    assert_eq!(checked, rules.len(), "every workspace crate was checked");
}
