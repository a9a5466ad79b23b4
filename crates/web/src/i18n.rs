//! The message catalog: every user-facing string, per locale, keyed by the request's locale.
//!
//! Catalogs are TOML files in `locales/`, embedded at build time. Adding a language is adding a
//! file and one line to [`CATALOGS`]; views never change.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use ideaforge_domain::account::accepted_languages;

/// The embedded catalogs, default first.
const CATALOGS: &[(&str, &str)] = &[("en", include_str!("../../../locales/en.toml"))];

/// All catalogs, parsed once.
#[derive(Debug)]
pub struct Catalogs {
    locales: Vec<(&'static str, HashMap<String, String>)>,
}

static ALL: LazyLock<Arc<Catalogs>> = LazyLock::new(|| Arc::new(Catalogs::parse(CATALOGS)));

impl Catalogs {
    fn parse(sources: &[(&'static str, &str)]) -> Self {
        let locales = sources
            .iter()
            .map(|(tag, text)| {
                let map = match toml::from_str::<HashMap<String, String>>(text) {
                    Ok(map) => map,
                    Err(e) => {
                        tracing::error!(locale = tag, error = %e, "message catalog does not parse");
                        HashMap::new()
                    }
                };
                (*tag, map)
            })
            .collect();
        Self { locales }
    }

    /// The shared, embedded catalogs.
    pub fn embedded() -> Arc<Self> {
        Arc::clone(&ALL)
    }

    /// Picks the best locale for an `Accept-Language` header (default: the first catalog).
    pub fn negotiate(self: &Arc<Self>, accept_language: Option<&str>) -> Tr {
        let index = accepted_languages(accept_language.unwrap_or_default())
            .into_iter()
            .find_map(|primary| self.locales.iter().position(|(l, _)| l.eq_ignore_ascii_case(primary)))
            .unwrap_or(0);
        Tr { catalogs: Arc::clone(self), index }
    }
}

/// The catalog of one request's locale.
#[derive(Clone, Debug)]
pub struct Tr {
    catalogs: Arc<Catalogs>,
    index: usize,
}

impl Tr {
    /// The default locale, for places with no request (start-up messages).
    pub fn default_locale() -> Self {
        Catalogs::embedded().negotiate(None)
    }

    /// The BCP 47 tag, for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.catalogs.locales.get(self.index).map_or("en", |(tag, _)| tag)
    }

    /// Whether the catalog has a message for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    fn lookup(&self, key: &str) -> Option<&str> {
        let in_locale = self.catalogs.locales.get(self.index).and_then(|(_, m)| m.get(key));
        let fallback = || self.catalogs.locales.first().and_then(|(_, m)| m.get(key));
        in_locale.or_else(fallback).map(String::as_str)
    }

    /// The message for `key`; a missing key shows the key itself (and is logged) rather than failing.
    pub fn t(&self, key: &str) -> String {
        match self.lookup(key) {
            Some(text) => text.to_owned(),
            None => {
                tracing::warn!(message.key = key, "missing message");
                key.to_owned()
            }
        }
    }

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }

    /// The message for a count: `{key}-one` for exactly one where the catalog has it, else `key`;
    /// `{count}` and the other placeholders filled in. (Interface languages with other plural rules
    /// bring a message-format library.)
    pub fn t_count(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let one = format!("{key}-one");
        let key = if count == 1 && self.lookup(&one).is_some() { one.as_str() } else { key };
        let count = count.to_string();
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        self.t_with(key, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_has_the_default_catalogs_keys() {
        let all = Catalogs::embedded();
        let (_, default) = &all.locales[0];
        assert!(default.len() > 50, "the default catalog parsed");
        for (tag, map) in &all.locales {
            let mut missing: Vec<_> = default.keys().filter(|k| !map.contains_key(*k)).collect();
            missing.sort();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        }
    }

    /// Every string literal in the web crate that looks like a catalog key (`area-name`, with a
    /// known area) exists in the default catalog. Keys built with `format!` end in `-` here and are
    /// covered by the pages' tests.
    #[test]
    fn every_key_used_in_the_code_exists() {
        const AREAS: &[&str] = &[
            "site",
            "nav",
            "footer",
            "skip",
            "home",
            "register",
            "sign",
            "field",
            "account",
            "flash",
            "form",
            "invalid",
            "error",
            "contest",
            "contests",
            "org",
            "idea",
            "ideas",
            "comment",
            "comments",
            "history",
            "moderation",
            "page",
            "sort",
            "filter",
            "stage",
            "vote",
            "timeline",
            "open",
            "follow",
            "unfollow",
            "search",
            "similar",
            "challenge",
            "challenges",
            "agreement",
            "solution",
            "board",
            "escrow",
            "payout",
            "ip",
            "notify",
            "campaign",
            "campaigns",
            "funding",
        ];
        let tr = Tr::default_locale();
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("entry").path()));
                continue;
            }
            if path.ends_with("i18n.rs") || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("read source");
            for literal in source.split('"').skip(1).step_by(2) {
                let looks_like_key = literal.contains('-')
                    && !literal.ends_with('-')
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
                let area = literal.split('-').next().unwrap_or_default();
                if looks_like_key && AREAS.contains(&area) && !tr.has(literal) {
                    missing.push(format!("{}: {literal}", path.display()));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "keys missing from locales/en.toml:\n{}", missing.join("\n"));
    }

    #[test]
    fn negotiation_falls_back_to_english() {
        let all = Catalogs::embedded();
        assert_eq!(all.negotiate(Some("ko-KR,ko;q=0.9")).lang(), "en");
        assert_eq!(all.negotiate(Some("en-GB;q=0.8, xx")).lang(), "en");
        assert_eq!(all.negotiate(None).lang(), "en");
    }

    #[test]
    fn placeholders_are_filled() {
        let tr = Tr::default_locale();
        assert_eq!(tr.t_with("home-welcome", &[("name", "Ada")]), "Welcome back, Ada.");
        assert_eq!(tr.t("no-such-key"), "no-such-key");
    }
}
