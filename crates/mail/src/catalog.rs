//! The e-mail catalogs: every sentence a message says, per language, embedded at build time from
//! `locales/mail/`. A message is written in its recipient's language; a missing key falls back to
//! English.

use std::collections::HashMap;
use std::sync::LazyLock;

use ideaforge_domain::Language;

const SOURCES: &[(Language, &str)] = &[
    (Language::English, include_str!("../../../locales/mail/en.toml")),
    (Language::Italian, include_str!("../../../locales/mail/it.toml")),
    (Language::Korean, include_str!("../../../locales/mail/ko.toml")),
];

static ALL: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(language, text)| Catalog {
            language: *language,
            map: toml::from_str(text).unwrap_or_else(|e| {
                tracing::error!(language = language.as_str(), error = %e, "mail catalog does not parse");
                HashMap::new()
            }),
        })
        .collect()
});

/// One language's sentences.
#[derive(Debug)]
pub struct Catalog {
    language: Language,
    map: HashMap<String, String>,
}

impl Catalog {
    /// The catalog for a member's language (English when unknown).
    pub fn of(language: Option<Language>) -> &'static Self {
        let wanted = language.unwrap_or(Language::English);
        ALL.iter().find(|c| c.language == wanted).or_else(|| ALL.first()).unwrap_or_else(english_fallback)
    }

    /// The language tag (for `<html lang>`).
    pub fn lang(&self) -> &'static str {
        self.language.as_str()
    }

    /// The sentence `key` with `{name}` placeholders filled in; English if this catalog lacks it.
    pub fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        let template =
            self.map.get(key).or_else(|| ALL.first().and_then(|en| en.map.get(key))).map_or(key, String::as_str);
        args.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

fn english_fallback() -> &'static Catalog {
    static EMPTY: LazyLock<Catalog> = LazyLock::new(|| Catalog { language: Language::English, map: HashMap::new() });
    &EMPTY
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned())).collect()
    }

    #[test]
    fn every_catalog_has_every_key_with_the_same_placeholders() {
        let english = Catalog::of(None);
        assert!(english.map.len() > 30, "the English catalog parses");
        for language in Language::ALL {
            let catalog = Catalog::of(Some(*language));
            assert_eq!(catalog.lang(), language.as_str());
            let keys: BTreeSet<&String> = catalog.map.keys().collect();
            assert_eq!(keys, english.map.keys().collect(), "{language} has the same keys");
            for (key, text) in &english.map {
                assert_eq!(placeholders(&catalog.map[key]), placeholders(text), "{language} {key}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_missing_keys_fall_back() {
        let it = Catalog::of(Some(Language::Italian));
        assert_eq!(it.t("greeting", &[("name", "Giulia")]), "Ciao Giulia,");
        assert_eq!(it.t("no-such-key", &[]), "no-such-key");
        assert_eq!(Catalog::of(Some(Language::Korean)).t("greeting", &[("name", "민지")]), "민지님, 안녕하세요.");
    }
}
