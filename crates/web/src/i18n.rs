//! The message catalog: every user-facing string, per locale, keyed by the request's locale.
//!
//! Catalogs are Project Fluent files in `locales/` (`en.ftl`, …), embedded at build time: plural
//! forms follow each language's rules (`{ $count -> [one] … *[other] … }`), and a translator can
//! reorder or inflect around a variable without the views knowing. Adding a language is adding a
//! file and one line to [`CATALOGS`]; views never change.

use std::sync::{Arc, LazyLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use ideaforge_domain::account::accepted_languages;
use unic_langid::LanguageIdentifier;

/// The embedded catalogs, default first.
const CATALOGS: &[(&str, &str)] = &[
    ("en", include_str!("../../../locales/en.ftl")),
    ("ko", include_str!("../../../locales/ko.ftl")),
    ("it", include_str!("../../../locales/it.ftl")),
];

/// All catalogs, parsed once.
pub struct Catalogs {
    locales: Vec<(&'static str, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.locales.iter().map(|(tag, _)| tag)).finish()
    }
}

static ALL: LazyLock<Arc<Catalogs>> = LazyLock::new(|| Arc::new(Catalogs::parse(CATALOGS)));

/// A number in a message, grouped as the language of catalog `L` groups it (whole numbers only;
/// Fluent writes others itself).
fn grouped<const L: usize, M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    let FluentValue::Number(number) = value else { return None };
    let whole = number.value.fract() == 0.0 && number.value.abs() < 1e15;
    #[expect(clippy::cast_possible_truncation, reason = "a whole number under 10^15")]
    whole.then(|| ideaforge_locale::number_in(CATALOGS[L].0, number.value as i64))
}

// `bundle` gives each of the first three catalogs its own number formatter.
const _: () = assert!(CATALOGS.len() <= 3, "a fourth catalog needs its number formatter in `bundle`");

/// A catalog's bundle; what does not parse is logged and left out (its messages fall back).
fn bundle(index: usize, tag: &str, text: &str) -> FluentBundle<FluentResource> {
    let language: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    bundle.set_formatter(Some(match index {
        0 => grouped::<0, _>,
        1 => grouped::<1, _>,
        _ => grouped::<2, _>,
    }));
    // Views escape what they show; Unicode isolation marks would only get in the way of tests and
    // attribute values (the page's `dir` is set per language instead).
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(locale = tag, errors = errors.len(), "message catalog has syntax errors");
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(locale = tag, errors = errors.len(), "message catalog repeats messages");
    }
    bundle
}

impl Catalogs {
    fn parse(sources: &[(&'static str, &str)]) -> Self {
        Self { locales: sources.iter().enumerate().map(|(i, (tag, text))| (*tag, bundle(i, tag, text))).collect() }
    }

    /// The shared, embedded catalogs.
    pub fn embedded() -> Arc<Self> {
        Arc::clone(&ALL)
    }

    /// The locale a person chose (their account's language, else the switcher's cookie) when there
    /// is a catalog for it, else the best for their browser's `Accept-Language`.
    pub fn choose(self: &Arc<Self>, chosen: Option<&str>, accept_language: Option<&str>) -> Tr {
        match chosen.and_then(|tag| self.locales.iter().position(|(l, _)| l.eq_ignore_ascii_case(tag))) {
            Some(index) => Tr { catalogs: Arc::clone(self), index, zone: None },
            None => self.negotiate(accept_language),
        }
    }

    /// The catalogs' tags, default first.
    pub fn tags(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.locales.iter().map(|(tag, _)| *tag)
    }

    /// Picks the best locale for an `Accept-Language` header (default: the first catalog).
    pub fn negotiate(self: &Arc<Self>, accept_language: Option<&str>) -> Tr {
        let index = accepted_languages(accept_language.unwrap_or_default())
            .into_iter()
            .find_map(|primary| self.locales.iter().position(|(l, _)| l.eq_ignore_ascii_case(primary)))
            .unwrap_or(0);
        Tr { catalogs: Arc::clone(self), index, zone: None }
    }
}

/// The catalog of one request's locale, and the time zone its reader chose (if any).
#[derive(Clone, Debug)]
pub struct Tr {
    catalogs: Arc<Catalogs>,
    index: usize,
    zone: Option<(String, jiff::tz::TimeZone)>,
}

impl Tr {
    /// The default locale, for places with no request (start-up messages).
    pub fn default_locale() -> Self {
        Catalogs::embedded().negotiate(None)
    }

    /// The same catalog for a reader in the time zone `name` (one the database knows; else UTC).
    #[must_use]
    pub fn with_zone(mut self, name: Option<&str>) -> Self {
        self.zone = name.and_then(|n| Some((n.to_owned(), jiff::tz::db().get(n).ok()?)));
        self
    }

    /// The reader's time zone: its name and rules, when they chose one.
    pub fn zone(&self) -> Option<(&str, &jiff::tz::TimeZone)> {
        self.zone.as_ref().map(|(name, zone)| (name.as_str(), zone))
    }

    /// An instant in the reader's time zone, when they chose one.
    pub fn in_zone(&self, at: time::OffsetDateTime) -> Option<jiff::ZonedDateTime> {
        let (_, zone) = self.zone()?;
        Some(jiff::Timestamp::from_second(at.unix_timestamp()).ok()?.to_zoned_datetime(zone.clone()))
    }

    /// The BCP 47 tag, for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.catalogs.locales.get(self.index).map_or("en", |(tag, _)| tag)
    }

    /// Whether the catalog has a message for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle_for(key).is_some()
    }

    /// The bundle that has `key`: this locale's, else the default one's.
    fn bundle_for(&self, key: &str) -> Option<&FluentBundle<FluentResource>> {
        let locales = &self.catalogs.locales;
        let in_locale = locales.get(self.index).map(|(_, b)| b).filter(|b| b.has_message(key));
        in_locale.or_else(|| locales.first().map(|(_, b)| b).filter(|b| b.has_message(key)))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let found = self.bundle_for(key).and_then(|b| Some((b, b.get_message(key)?.value()?)));
        let Some((bundle, pattern)) = found else {
            tracing::warn!(message.key = key, "missing message");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(message.key = key, errors = errors.len(), "message needs other arguments");
        }
        text
    }

    /// The message for `key`; a missing key shows the key itself (and is logged) rather than failing.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message for `key` with its `{ $name }` variables filled in. A value written as a whole
    /// number is passed as one, so a translation may choose its plural form by it.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value_of(name, value));
        }
        self.format(key, Some(&fluent))
    }

    /// The message for a count: `$count` chooses the plural form by the language's rules; the
    /// other variables are filled in as text.
    pub fn t_count(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len() + 1);
        fluent.set("count", FluentValue::from(count));
        for (name, value) in args {
            fluent.set(*name, value_of(name, value));
        }
        self.format(key, Some(&fluent))
    }
}

/// The variables that are quantities: passed as numbers, so a translation may choose its plural
/// form by them and they are grouped as the language groups numbers. Anything else (a title, a
/// search, a year) stays the text it is.
const QUANTITIES: [&str; 8] = ["count", "n", "seconds", "used", "budget", "limit", "max", "min"];

/// A quantity as a number when its text is a whole number written plainly, else the text.
fn value_of<'a>(name: &str, text: &'a str) -> FluentValue<'a> {
    const EXACT: i64 = 1 << 53;
    match text.parse::<i64>() {
        Ok(n) if QUANTITIES.contains(&name) && n.abs() < EXACT && n.to_string() == text => FluentValue::from(n),
        _ => FluentValue::from(text),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    use fluent_syntax::parser;

    use super::*;

    /// Each message's variables (in any variant, selectors included), by id.
    fn variables(text: &str) -> BTreeMap<String, BTreeSet<String>> {
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_owned());
                }
                InlineExpression::FunctionReference { arguments, .. } => {
                    arguments.positional.iter().for_each(|a| inline(a, out));
                    arguments.named.iter().for_each(|a| inline(&a.value, out));
                }
                InlineExpression::Placeable { expression } => expression_vars(expression, out),
                _ => {}
            }
        }
        fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    variants.iter().for_each(|v| pattern(&v.value, out));
                }
                Expression::Inline(e) => inline(e, out),
            }
        }
        fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for element in &p.elements {
                if let PatternElement::Placeable { expression } = element {
                    expression_vars(expression, out);
                }
            }
        }
        let resource = parser::parse(text).unwrap_or_else(|(_, errors)| panic!("syntax errors: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in &resource.body {
            if let Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                message.value.iter().for_each(|p| pattern(p, &mut vars));
                assert!(out.insert(message.id.name.to_owned(), vars).is_none(), "{} twice", message.id.name);
            }
        }
        out
    }

    #[test]
    fn every_catalog_has_the_same_messages_with_the_same_variables() {
        let (_, default) = CATALOGS[0];
        let default = variables(default);
        assert!(default.len() > 700, "the default catalog parsed");
        for (tag, text) in CATALOGS {
            let catalog = variables(text);
            let missing: Vec<&String> = default.keys().filter(|k| !catalog.contains_key(*k)).collect();
            let unknown: Vec<&String> = catalog.keys().filter(|k| !default.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            assert!(unknown.is_empty(), "{tag} has messages English has not: {unknown:?}");
            let differ: Vec<String> = default
                .iter()
                .filter(|(k, vars)| catalog.get(*k) != Some(vars))
                .map(|(k, vars)| format!("{k}: {vars:?} in English, {:?} in {tag}", catalog.get(k)))
                .collect();
            assert!(differ.is_empty(), "variables differ:\n{}", differ.join("\n"));
        }
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let tr = Tr::default_locale();
        assert_eq!(tr.t_count("vote-count", 1, &[]), "1 vote");
        assert_eq!(tr.t_count("vote-count", 0, &[]), "0 votes");
        assert_eq!(tr.t_count("vote-count", 21, &[]), "21 votes");
        let all = Catalogs::embedded();
        let italian = all.negotiate(Some("it"));
        assert_eq!(italian.t_count("vote-count", 1, &[]), "1 voto");
        assert_eq!(italian.t_count("vote-count", 2, &[]), "2 voti");
        assert_eq!(all.negotiate(Some("ko")).t_count("vote-count", 1, &[]), "1표");
        // A count passed as text chooses the form too, and reads back as written.
        assert_eq!(
            italian.t_with("campaign-card-backers", &[("count", "1")]),
            italian.t_count("campaign-card-backers", 1, &[])
        );
        assert_eq!(tr.t_with("home-welcome", &[("name", "007")]), "Welcome back, 007.");
        assert_eq!(tr.t_with("home-welcome", &[("name", "2026")]), "Welcome back, 2026.", "not a quantity");
        // Quantities are grouped by the language.
        assert_eq!(tr.t_count("vote-count", 12_345, &[]), "12,345 votes");
        assert_eq!(italian.t_count("vote-count", 12_345, &[]), "12.345 voti");
    }

    /// Every message of the catalogs is used by the code: named by a literal (`"nav-main"`), or
    /// built from a literal prefix (`"stage-{}"`, `"language-"`) or suffix (`"{key}-hint"`) of
    /// one that is. A message nothing shows is a translation nobody reads.
    #[test]
    fn every_message_is_used_by_the_code() {
        let key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        let (mut exact, mut prefixes, mut suffixes) = (Vec::new(), Vec::new(), Vec::new());
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("entry").path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("read source");
            for (at, _) in source.match_indices('"') {
                let rest = &source[at + 1..];
                let word: String = rest.chars().take_while(|c| key_char(*c)).collect();
                let next = rest[word.len()..].chars().next();
                match next {
                    Some('"') if !word.is_empty() => exact.push(word),
                    Some('{') if word.ends_with('-') => prefixes.push(word),
                    Some('{') if word.is_empty() => {
                        let after = rest.split_once('}').map_or("", |(_, after)| after);
                        let suffix: String = after.chars().take_while(|c| key_char(*c)).collect();
                        if suffix.starts_with('-') && after[suffix.len()..].starts_with('"') {
                            suffixes.push(suffix);
                        }
                    }
                    _ => {}
                }
            }
        }
        let used = |id: &str| exact.iter().any(|e| e == id) || prefixes.iter().any(|p| id.starts_with(p.as_str()));
        let ids: Vec<String> = CATALOGS[0]
            .1
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(id, _)| id.to_owned())
            .filter(|id| !id.is_empty() && id.chars().all(key_char))
            .collect();
        let unused: Vec<&String> = ids
            .iter()
            .filter(|id| !used(id) && !suffixes.iter().any(|s| id.strip_suffix(s.as_str()).is_some_and(used)))
            .collect();
        assert!(ids.len() > 700, "the catalog's messages are read: {}", ids.len());
        assert!(unused.is_empty(), "messages no code uses (remove them from every catalog): {unused:?}");
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
        assert!(missing.is_empty(), "keys missing from locales/en.ftl:\n{}", missing.join("\n"));
    }

    #[test]
    fn negotiation_falls_back_to_english() {
        let all = Catalogs::embedded();
        assert_eq!(all.negotiate(Some("ko-KR,ko;q=0.9")).lang(), "ko");
        assert_eq!(all.negotiate(Some("fr, it-CH;q=0.8, en;q=0.5")).lang(), "it");
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
