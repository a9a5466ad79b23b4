//! The e-mail catalogs: every sentence a message says, per language, in Project Fluent files
//! embedded at build time from `locales/mail/` (plural forms by each language's rules, numbers
//! grouped as the language groups them). A message is written in its recipient's language; a
//! missing message falls back to English.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use ideaforge_domain::Language;
use unic_langid::LanguageIdentifier;

/// The embedded catalogs, English (the fallback) first.
const SOURCES: [(Language, &str); 3] = [
    (Language::English, include_str!("../../../locales/mail/en.ftl")),
    (Language::Italian, include_str!("../../../locales/mail/it.ftl")),
    (Language::Korean, include_str!("../../../locales/mail/ko.ftl")),
];

/// The variables that are quantities: passed as numbers, so that a translation may choose its
/// plural form by them and they are grouped the language's way.
const QUANTITIES: [&str; 2] = ["count", "votes"];

static ALL: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
    SOURCES.iter().enumerate().map(|(i, (language, text))| Catalog::parse(i, *language, text)).collect()
});

/// A number in a message of catalog `L`, grouped as its language groups numbers.
fn grouped<const L: usize, M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    let FluentValue::Number(number) = value else { return None };
    let whole = number.value.fract() == 0.0 && number.value.abs() < 1e15;
    #[expect(clippy::cast_possible_truncation, reason = "a whole number under 10^15")]
    whole.then(|| ideaforge_locale::number_in(SOURCES[L].0.as_str(), number.value as i64))
}

/// One language's sentences.
pub struct Catalog {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Catalog").field(&self.language).finish()
    }
}

impl Catalog {
    /// A catalog's bundle; what does not parse is logged and left out (its messages fall back).
    fn parse(index: usize, language: Language, text: &str) -> Self {
        let tag: LanguageIdentifier = language.as_str().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        bundle.set_formatter(Some(match index {
            0 => grouped::<0, _>,
            1 => grouped::<1, _>,
            _ => grouped::<2, _>,
        }));
        // Plain text and escaped HTML are made from these; isolation marks would only show as noise.
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(language = language.as_str(), errors = errors.len(), "mail catalog has syntax errors");
            partial
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(language = language.as_str(), errors = errors.len(), "mail catalog repeats messages");
        }
        Self { language, bundle }
    }

    /// The catalog for a member's language (English when unknown).
    pub fn of(language: Option<Language>) -> &'static Self {
        let wanted = language.unwrap_or(Language::English);
        let found = ALL.iter().find(|c| c.language == wanted).or_else(|| ALL.first());
        found.unwrap_or_else(|| unreachable!("the catalogs are a non-empty constant"))
    }

    /// The language tag (for `<html lang>` and the formats of amounts and dates).
    pub fn lang(&self) -> &'static str {
        self.language.as_str()
    }

    /// The sentence `key` with its `{ $name }` variables filled in (a quantity as a number);
    /// English if this catalog lacks it, the key itself (logged) if no catalog has it.
    pub fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let number = QUANTITIES.contains(name).then(|| value.parse::<i64>().ok()).flatten();
            fluent.set(*name, number.map_or_else(|| FluentValue::from(*value), FluentValue::from));
        }
        let english = ALL.first().map(|c| &c.bundle);
        let found = [Some(&self.bundle), english]
            .into_iter()
            .flatten()
            .find_map(|bundle| Some((bundle, bundle.get_message(key)?.value()?)));
        let Some((bundle, pattern)) = found else {
            tracing::warn!(message.key = key, "missing mail message");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(message.key = key, errors = errors.len(), "mail message needs other arguments");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, Variant};

    use super::*;

    /// Every message of a catalog with the variables it uses.
    fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
        fn walk(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for element in &pattern.elements {
                if let PatternElement::Placeable { expression } = element {
                    let (inline, variants): (&InlineExpression<&str>, &[Variant<&str>]) = match expression {
                        Expression::Select { selector, variants } => (selector, variants),
                        Expression::Inline(inline) => (inline, &[]),
                    };
                    if let InlineExpression::VariableReference { id } = inline {
                        out.insert(id.name.to_owned());
                    }
                    variants.iter().for_each(|v| walk(&v.value, out));
                }
            }
        }
        let resource = fluent_syntax::parser::parse(text).expect("the catalog parses");
        let mut found = BTreeMap::new();
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                message.value.iter().for_each(|p| walk(p, &mut variables));
                found.insert(message.id.name.to_owned(), variables);
            }
        }
        found
    }

    #[test]
    fn every_catalog_has_every_message_with_the_same_variables() {
        let english = messages(SOURCES[0].1);
        assert!(english.len() > 50, "the English catalog parses: {}", english.len());
        for (language, text) in SOURCES {
            assert_eq!(messages(text), english, "{language} has the same messages and variables");
            assert_eq!(Catalog::of(Some(language)).lang(), language.as_str());
        }
    }

    #[test]
    fn variables_are_filled_counts_choose_the_form_and_missing_keys_fall_back() {
        let it = Catalog::of(Some(Language::Italian));
        assert_eq!(it.t("greeting", &[("name", "Giulia")]), "Ciao Giulia,");
        assert_eq!(it.t("no-such-key", &[]), "no-such-key");
        assert_eq!(Catalog::of(Some(Language::Korean)).t("greeting", &[("name", "민지")]), "민지님, 안녕하세요.");
        let en = Catalog::of(None);
        let subject = |count: &str| en.t("digest-subject", &[("period", "daily"), ("count", count)]);
        assert_eq!(subject("1"), "Your daily Ideaforge digest: one update");
        assert_eq!(subject("1200"), "Your daily Ideaforge digest: 1,200 updates");
        assert_eq!(it.t("vote-milestone-line", &[("votes", "10000")]), "La tua idea ha raggiunto 10.000 voti.");
    }
}
