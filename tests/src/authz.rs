//! The authorization table (`tests/authz.table`): one row per route and object, one expected
//! status per principal (`world::PRINCIPALS`, in column order). Read by the matrix test, and by the
//! canary crawl for the routes it starts from.
#![expect(clippy::expect_used, clippy::panic, reason = "a malformed table fails the test")]

use std::collections::BTreeMap;

use crate::world::{PRINCIPALS, World};

const TABLE: &str = include_str!("../authz.table");

/// One row: a route, the object its path parameters come from, one status per principal.
#[derive(Clone, Debug)]
pub struct Row {
    /// `GET`, `POST`, …
    pub method: String,
    /// The route's path pattern.
    pub path: String,
    /// The world's object (`challenge.open`), `-` for none, with overrides (`,action=submit`).
    pub object: String,
    /// One status per principal.
    pub expected: Vec<u16>,
}

/// The table's rows, in its order.
pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells.len(), 3 + PRINCIPALS.len(), "authz.table line {}: {line}", n + 1);
        let expected = cells[3..].iter().map(|c| c.parse().expect("a status code")).collect();
        rows.push(Row {
            method: cells[0].to_owned(),
            path: cells[1].to_owned(),
            object: cells[2].to_owned(),
            expected,
        });
    }
    rows
}

/// The row's path with its `{params}` filled from the world's object.
pub fn fill(world: &World, row: &Row) -> String {
    let mut params: BTreeMap<String, String> = BTreeMap::new();
    let mut parts = row.object.split(',');
    let name = parts.next().unwrap_or("-");
    if name != "-" {
        let object = world.objects.get(name).unwrap_or_else(|| panic!("no object {name} in the world"));
        params.extend(object.clone());
    }
    for part in parts {
        let (k, v) = part.split_once('=').expect("key=value");
        params.insert(k.to_owned(), v.to_owned());
    }
    let mut path = row.path.clone();
    for (k, v) in &params {
        path = path.replace(&format!("{{{k}}}"), v);
    }
    assert!(!path.contains('{'), "{} {}: {} fills no {{param}} of {path}", row.method, row.path, row.object);
    path
}
