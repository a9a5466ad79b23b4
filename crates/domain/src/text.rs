//! Text value types shared by several areas: slugs, bounded single-line text and Markdown sources.

use std::fmt;

use crate::invalid::Invalid;

/// Declares a trimmed, single-line text type with a maximum length in characters.
macro_rules! line_type {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted value, in characters.
            pub const MAX: usize = $max;

            /// Parses raw input: trimmed, not empty, at most `MAX` characters, no control characters.
            pub fn parse(raw: &str) -> Result<Self, $crate::Invalid> {
                $crate::invalid::single_line(raw, Self::MAX).map(Self)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use line_type;

/// Declares a Markdown source type: multi-line, at most `MAX` characters, no control characters
/// other than newlines and tabs. It is rendered (and sanitised) only by the web layer.
macro_rules! markdown_type {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted source, in characters.
            pub const MAX: usize = $max;

            /// Parses raw input; line endings become `\n`.
            pub fn parse(raw: &str) -> Result<Self, $crate::Invalid> {
                $crate::text::markdown(raw, Self::MAX).map(Self)
            }

            /// The Markdown source.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}
pub(crate) use markdown_type;

/// Declares a closed set of names stored and sent as snake_case strings.
macro_rules! name_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored and serialised name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Invalid;
            fn from_str(s: &str) -> Result<Self, $crate::Invalid> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim()).ok_or(if s.trim().is_empty() {
                    $crate::Invalid::Required
                } else {
                    $crate::Invalid::Malformed
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(d)?;
                raw.parse().map_err(|_| serde::de::Error::unknown_variant(&raw, &[$($text),+]))
            }
        }
    };
}
pub(crate) use name_enum;

name_enum!(
    /// The language a text is written in, recorded with each idea, challenge and comment (chosen by
    /// its author or detected from its words) so that pages mark it with `lang` and search analyses
    /// it in that language. Stored and sent as its BCP 47 tag.
    ContentLanguage {
        /// English.
        English => "en",
        /// Italian.
        Italian => "it",
        /// Korean.
        Korean => "ko",
        /// Spanish.
        Spanish => "es",
        /// French.
        French => "fr",
        /// German.
        German => "de",
        /// Portuguese.
        Portuguese => "pt",
        /// Japanese.
        Japanese => "ja",
        /// Chinese.
        Chinese => "zh",
    }
);

impl ContentLanguage {
    /// An author's choice from a form or a JSON body: empty means "detect it from the text".
    pub fn choice(raw: &str) -> Result<Option<Self>, Invalid> {
        if raw.trim().is_empty() { Ok(None) } else { raw.trim().to_ascii_lowercase().parse().map(Some) }
    }

    /// The language's name in itself, as a language menu shows it (the same in every interface).
    pub fn autonym(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::Italian => "Italiano",
            Self::Korean => "한국어",
            Self::Spanish => "Español",
            Self::French => "Français",
            Self::German => "Deutsch",
            Self::Portuguese => "Português",
            Self::Japanese => "日本語",
            Self::Chinese => "中文",
        }
    }
}

/// The rules for Markdown sources.
pub(crate) fn markdown(raw: &str, max: usize) -> Result<String, Invalid> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    if text.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Invalid::ControlCharacters);
    }
    Ok(text.to_owned())
}

/// A URL-safe lowercase identifier: `a-z`, `0-9` and single inner hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    /// Parses a slug of `min..=max` characters, lower-casing ASCII letters.
    pub fn parse_bounded(raw: &str, min: usize, max: usize) -> Result<Self, Invalid> {
        let value = raw.trim().to_ascii_lowercase();
        if value.is_empty() {
            return Err(Invalid::Required);
        }
        if value.len() > max {
            return Err(Invalid::TooLong { max });
        }
        if value.len() < min {
            return Err(Invalid::TooShort { min });
        }
        let ok = value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok { Ok(Self(value)) } else { Err(Invalid::Malformed) }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert_eq!(Slug::parse_bounded(" Acme-Labs ", 2, 40).map(|s| s.0), Ok("acme-labs".to_owned()));
        for bad in ["-a", "a-", "a--b", "a b", "ä", "a_b"] {
            assert_eq!(Slug::parse_bounded(bad, 1, 40), Err(Invalid::Malformed), "{bad}");
        }
        assert_eq!(Slug::parse_bounded("a", 2, 40), Err(Invalid::TooShort { min: 2 }));
    }

    #[test]
    fn content_languages_are_chosen_by_tag_or_left_to_detection() {
        assert_eq!(ContentLanguage::choice(""), Ok(None));
        assert_eq!(ContentLanguage::choice("  "), Ok(None));
        assert_eq!(ContentLanguage::choice("ko"), Ok(Some(ContentLanguage::Korean)));
        assert_eq!(ContentLanguage::choice(" IT "), Ok(Some(ContentLanguage::Italian)));
        for bad in ["xx", "korean", "en-US", "<b>"] {
            assert_eq!(ContentLanguage::choice(bad), Err(Invalid::Malformed), "{bad}");
        }
        for language in ContentLanguage::ALL {
            assert_eq!(ContentLanguage::choice(language.as_str()), Ok(Some(*language)));
            assert!(!language.autonym().is_empty());
        }
    }

    #[test]
    fn markdown_rules() {
        assert_eq!(markdown(" a\r\nb ", 10), Ok("a\nb".to_owned()));
        assert_eq!(markdown("\n\n", 10), Err(Invalid::Required));
        assert_eq!(markdown("a\u{1b}[31m", 10), Err(Invalid::ControlCharacters));
        assert_eq!(markdown("가나다", 2), Err(Invalid::TooLong { max: 2 }));
    }

    proptest! {
        #[test]
        fn parsed_slugs_reparse_to_themselves(raw in "[a-zA-Z0-9 -]{0,50}") {
            if let Ok(slug) = Slug::parse_bounded(&raw, 1, 40) {
                prop_assert_eq!(Slug::parse_bounded(slug.as_str(), 1, 40), Ok(slug.clone()));
            }
        }
    }
}
