//! Why a value was refused at the edge, per field, so that a form or an API body can say so.

use std::collections::BTreeMap;

/// Why one input value was refused. Each variant has a stable `code` used by the message catalog
/// and by the JSON API's `fields` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// Nothing was given where something is needed.
    #[error("is required")]
    Required,
    /// Longer than the limit, counted in characters.
    #[error("must be at most {max} characters")]
    TooLong {
        /// The largest accepted length.
        max: usize,
    },
    /// Shorter than the limit, counted in characters.
    #[error("must be at least {min} characters")]
    TooShort {
        /// The smallest accepted length.
        min: usize,
    },
    /// Not of the expected form (an e-mail without `@`, say).
    #[error("is not valid")]
    Malformed,
    /// Holds control characters, which no text field accepts.
    #[error("must not contain control characters")]
    ControlCharacters,
    /// Already used by another record (an e-mail address, say).
    #[error("is already taken")]
    Taken,
    /// Does not match the value it is checked against (a current password, say).
    #[error("does not match")]
    Mismatch,
    /// A number outside its range.
    #[error("must be between {min} and {max}")]
    OutOfRange {
        /// The smallest accepted value.
        min: i64,
        /// The largest accepted value.
        max: i64,
    },
    /// More items than allowed (tags, say).
    #[error("must have at most {max} items")]
    TooMany {
        /// The most items accepted.
        max: usize,
    },
    /// A time that has already passed.
    #[error("must be in the future")]
    InPast,
    /// A time before the one it must follow (voting closing before submissions, say).
    #[error("must not be before the earlier deadline")]
    BeforeOther,
    /// Refers to something that does not exist (an unknown contest, say).
    #[error("does not exist")]
    Unknown,
    /// An address this server may not reach: not `https`, or not on the public internet.
    #[error("must be a public https address")]
    NotPublic,
    /// Refers to something that exists but is no longer offered (a retired category, say).
    #[error("is no longer offered")]
    Retired,
}

impl Invalid {
    /// A stable snake_case code for catalogs and API clients.
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too_long",
            Self::TooShort { .. } => "too_short",
            Self::Malformed => "malformed",
            Self::ControlCharacters => "control_characters",
            Self::Taken => "taken",
            Self::Mismatch => "mismatch",
            Self::OutOfRange { .. } => "out_of_range",
            Self::TooMany { .. } => "too_many",
            Self::InPast => "in_past",
            Self::BeforeOther => "before_other",
            Self::Unknown => "unknown",
            Self::NotPublic => "not_public",
            Self::Retired => "retired",
        }
    }

    /// The numbers the message mentions, by placeholder name.
    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLong { max } | Self::TooMany { max } => vec![("limit", max.to_string())],
            Self::TooShort { min } => vec![("limit", min.to_string())],
            Self::OutOfRange { min, max } => vec![("min", min.to_string()), ("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// The refused fields of one form or request body, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, Invalid>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records why `field` was refused; the first reason for a field wins.
    pub fn add(&mut self, field: &'static str, why: Invalid) {
        self.0.entry(field).or_insert(why);
    }

    /// Keeps the parsed value, or records the error and returns `None`.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, Invalid>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(why) => {
                self.add(field, why);
                None
            }
        }
    }

    /// Adds every reason of `other` for fields not refused yet.
    pub fn merge(&mut self, other: Self) {
        for (field, why) in other.0 {
            self.add(field, why);
        }
    }

    /// True when every field was accepted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Why `field` was refused, if it was.
    pub fn get(&self, field: &str) -> Option<Invalid> {
        self.0.get(field).copied()
    }

    /// Every refused field with its reason.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Invalid)> + '_ {
        self.0.iter().map(|(k, v)| (*k, *v))
    }
}

/// Checks the rules every single-line text field shares: trimmed, not empty, at most `max`
/// characters, no control characters.
pub(crate) fn single_line(raw: &str, max: usize) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Invalid::Required);
    }
    if trimmed.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Invalid::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_reason_for_a_field_wins() {
        let mut errors = FieldErrors::new();
        errors.add("email", Invalid::Required);
        errors.add("email", Invalid::Malformed);
        assert_eq!(errors.get("email"), Some(Invalid::Required));
        assert!(!errors.is_empty());
    }

    #[test]
    fn single_line_rules() {
        assert_eq!(single_line("  a b  ", 5), Ok("a b".to_owned()));
        assert_eq!(single_line("   ", 5), Err(Invalid::Required));
        assert_eq!(single_line("abcdef", 5), Err(Invalid::TooLong { max: 5 }));
        assert_eq!(single_line("a\u{0}b", 5), Err(Invalid::ControlCharacters));
        assert_eq!(single_line("가나다라마", 5), Ok("가나다라마".to_owned()));
    }
}
