//! The crate direction of STYLE.md, checked over `cargo metadata`:
//! `server → web → app → {store, search, mail, auth} → domain`, migrations used only by store, and
//! `text` (the pure edge grammars) used only by web and depending on nothing of ours, and `locale`
//! (numbers, money and dates by CLDR) used by web and mail, depending on the domain only.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let rules: [(&str, &[&str]); 11] = [
        ("ideaforge-domain", &[]),
        ("ideaforge-text", &[]),
        ("ideaforge-locale", &["ideaforge-domain"]),
        ("ideaforge-migrations", &[]),
        ("ideaforge-store", &["ideaforge-domain", "ideaforge-migrations"]),
        ("ideaforge-search", &["ideaforge-domain"]),
        ("ideaforge-mail", &["ideaforge-domain", "ideaforge-locale"]),
        ("ideaforge-auth", &["ideaforge-domain"]),
        (
            "ideaforge-app",
            &["ideaforge-domain", "ideaforge-store", "ideaforge-search", "ideaforge-mail", "ideaforge-auth"],
        ),
        ("ideaforge-web", &["ideaforge-domain", "ideaforge-app", "ideaforge-text", "ideaforge-locale"]),
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
    ("ideaforge-text", &["tokio", "sea-orm", "sqlx", "axum", "maud", "lettre", "tantivy", "reqwest"]),
    ("ideaforge-locale", &["tokio", "sea-orm", "sqlx", "axum", "maud", "lettre", "tantivy", "reqwest"]),
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

/// The web crate's areas (`accounts`, `ideas`, …) may use the shared pieces (`components`, `forms`,
/// `session`, …) and each other without a cycle; the shared pieces never use an area.
#[test]
fn web_modules_import_each_other_without_cycles() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/web/src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut areas: BTreeSet<String> = BTreeSet::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("entry").path()));
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("inside src");
        let mut parts = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().expect("a name");
        if first == "lib.rs" {
            continue; // the router composes every area
        }
        let module = first.trim_end_matches(".rs").to_owned();
        if relative.components().count() > 1 && module != "components" {
            areas.insert(module.clone());
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let used = uses.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                group.split('}').next().unwrap_or_default().split(',').collect()
            } else {
                vec![rest]
            };
            for name in names {
                let target: String =
                    name.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !target.is_empty() && target != module {
                    used.insert(target);
                }
            }
        }
    }
    assert!(areas.len() >= 8, "the areas were found: {areas:?}");
    for (module, used) in &uses {
        if !areas.contains(module) {
            let reached: Vec<&String> = used.iter().filter(|u| areas.contains(*u)).collect();
            assert!(reached.is_empty(), "the shared module {module} uses the areas {reached:?}");
        }
    }
    // Depth-first search for a cycle among all modules.
    fn visit<'a>(
        node: &'a str,
        uses: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(node) {
            return;
        }
        assert!(!path.contains(&node), "web modules import each other in a cycle: {path:?} → {node}");
        path.push(node);
        for next in uses.get(node).into_iter().flatten() {
            visit(next, uses, path, done);
        }
        path.pop();
        done.insert(node);
    }
    let mut done = BTreeSet::new();
    for module in uses.keys() {
        visit(module, &uses, &mut Vec::new(), &mut done);
    }
}
