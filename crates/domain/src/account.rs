//! Member accounts: e-mail, display name, password, role and personal access token names.

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;

use crate::ids::{TokenId, UserId};
use crate::invalid::{FieldErrors, Invalid};
use crate::text::{line_type, name_enum};

/// A syntactically valid e-mail address, trimmed and lower-cased so that one address is one account.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// The longest address SMTP can carry (RFC 5321 path limit).
    pub const MAX: usize = 254;

    /// Parses raw input into an address.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Invalid::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(Invalid::TooLong { max: Self::MAX });
        }
        if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Invalid::Malformed);
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err(Invalid::Malformed);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        // RFC 5322 dot-atom text (no quoted local parts), allowing non-ASCII letters (RFC 6531).
        let local_ok = local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        if local.is_empty() || local.len() > 64 || !local_ok || !domain_ok {
            return Err(Invalid::Malformed);
        }
        Ok(Self(value))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    // Addresses are personal data: logs get a masked form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or(("", &self.0));
        let first = local.chars().next().unwrap_or('*');
        write!(f, "Email({first}***@{domain})")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

line_type!(
    /// The name a member shows to others.
    DisplayName,
    60
);

/// A new password as the member typed it. Never printed, never stored: only its hash is.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// The shortest accepted password (OWASP ASVS 2.1.1 asks for at least 8 characters).
    pub const MIN: usize = 8;
    /// The longest accepted password; long enough for passphrases, short enough to bound hashing.
    pub const MAX: usize = 128;

    /// Parses a new password. Spaces are kept: they are part of a passphrase.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let count = raw.chars().count();
        if raw.trim().is_empty() {
            return Err(Invalid::Required);
        }
        if count < Self::MIN {
            return Err(Invalid::TooShort { min: Self::MIN });
        }
        if count > Self::MAX {
            return Err(Invalid::TooLong { max: Self::MAX });
        }
        if raw.chars().any(char::is_control) {
            return Err(Invalid::ControlCharacters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret, for the password hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// What a member may do on the platform as a whole (organization roles are separate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everyone who registered.
    #[default]
    Member,
    /// Handles flags and approves what goes public.
    Moderator,
    /// Everything, including money and users.
    Admin,
}

impl Role {
    /// Every role, from the least to the most trusted.
    pub const ALL: &'static [Self] = &[Self::Member, Self::Moderator, Self::Admin];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// Whether this role may moderate content.
    pub fn can_moderate(self) -> bool {
        matches!(self, Self::Moderator | Self::Admin)
    }
}

impl FromStr for Role {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "member" => Ok(Self::Member),
            "moderator" => Ok(Self::Moderator),
            "admin" => Ok(Self::Admin),
            _ => Err(Invalid::Malformed),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

line_type!(
    /// The label a member gives a personal access token ("CI", "my laptop").
    TokenName,
    60
);

/// Everything needed to register a member, already parsed.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// The sign-in address.
    pub email: Email,
    /// The public name.
    pub display_name: DisplayName,
    /// The chosen password.
    pub password: Password,
    /// The platform role; `Member` for self-registration.
    pub role: Role,
    /// The language their e-mail is written in (from the browser at registration), if known.
    pub language: Option<Language>,
    /// Whether the address is already proven (an administrator vouches, or an identity provider
    /// said so); otherwise a verification message goes out.
    pub email_verified: bool,
}

/// A registered member as others may know them (no secrets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The account's id.
    pub id: UserId,
    /// The sign-in address; shown only to the member and to admins.
    pub email: Email,
    /// The public name.
    pub display_name: DisplayName,
    /// The platform role.
    pub role: Role,
    /// When the account was created.
    pub created_at: OffsetDateTime,
    /// Whether the member proved the address; notification e-mail goes only to proven addresses.
    pub email_verified: bool,
    /// The language of their pages and e-mail, if they chose or their browser said.
    pub language: Option<Language>,
    /// The time zone their pages show times in and their forms read them in; none means UTC.
    pub time_zone: Option<TimeZoneName>,
    /// Whether an admin suspended the account: it cannot sign in, and no session or token of it
    /// is honoured.
    pub suspended: bool,
}

/// The name of an IANA time zone as a member chose it (`Europe/Rome`, `Asia/Seoul`, `UTC`): its
/// shape is checked here, its existence by the time zone database where times are converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    /// The longest name accepted.
    pub const MAX: usize = 64;

    /// Parses a name: letters, digits and `/ _ + -`, not starting with `/`, at most 64 bytes.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        if raw.len() > Self::MAX {
            return Err(Invalid::TooLong { max: Self::MAX });
        }
        let shaped = raw.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
        if !shaped || raw.starts_with('/') || raw.ends_with('/') || raw.contains("//") {
            return Err(Invalid::Malformed);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

name_enum!(
    /// A language the platform writes e-mail in.
    Language {
        /// English (the default).
        English => "en",
        /// Italian.
        Italian => "it",
        /// Korean.
        Korean => "ko",
    }
);

impl Language {
    /// The best language for an `Accept-Language` header, if any matches (quality order; `it-CH`
    /// counts as `it`).
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        accepted_languages(accept_language)
            .into_iter()
            .find_map(|primary| Self::ALL.iter().copied().find(|l| l.as_str().eq_ignore_ascii_case(primary)))
    }
}

/// The primary language subtags of an `Accept-Language` header (`it` for `it-CH`), most wanted
/// first; `q=0` means not wanted and is left out.
pub fn accepted_languages(accept_language: &str) -> Vec<&str> {
    let mut ranked: Vec<(f32, &str)> = accept_language
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((q, tag.split('-').next().unwrap_or(tag)))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().map(|(_, tag)| tag).collect()
}

/// A personal access token as its owner sees it in a list (never the secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    /// The token's id.
    pub id: TokenId,
    /// The owner's label.
    pub name: TokenName,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it last authenticated a request, at most once a minute.
    pub last_used_at: Option<OffsetDateTime>,
    /// What it may do.
    pub scope: crate::token::TokenScope,
    /// When it stops working; `None`: when revoked.
    pub expires_at: Option<OffsetDateTime>,
}

impl NewUser {
    /// Parses a registration form or API body, naming every refused field at once.
    pub fn parse(email: &str, display_name: &str, password: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let display_name = errors.check("display_name", DisplayName::parse(display_name));
        let password = errors.check("password", Password::parse(password));
        match (email, display_name, password) {
            (Some(email), Some(display_name), Some(password)) if errors.is_empty() => {
                Ok(Self { email, display_name, password, role: Role::Member, language: None, email_verified: false })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn time_zone_names_are_shaped_like_the_databases() {
        assert_eq!(TimeZoneName::parse(" Europe/Rome ").map(|z| z.as_str().to_owned()), Ok("Europe/Rome".to_owned()));
        assert!(TimeZoneName::parse("America/Argentina/Buenos_Aires").is_ok());
        assert!(TimeZoneName::parse("Etc/GMT+9").is_ok());
        assert_eq!(TimeZoneName::parse(""), Err(Invalid::Required));
        for bad in
            ["../etc/passwd", "/Europe", "Europe/", "Europe//Rome", "Europe/Rome\u{0}", "<script>", "Asia/ Seoul"]
        {
            assert_eq!(TimeZoneName::parse(bad), Err(Invalid::Malformed), "{bad:?}");
        }
        assert_eq!(TimeZoneName::parse(&"A".repeat(65)), Err(Invalid::TooLong { max: 64 }));
    }

    #[test]
    fn languages_follow_the_browser_in_quality_order() {
        assert_eq!(Language::negotiate("it-CH, en;q=0.8"), Some(Language::Italian));
        assert_eq!(Language::negotiate("fr, ko;q=0.9, en;q=0.5"), Some(Language::Korean));
        assert_eq!(Language::negotiate("en;q=0.1, it;q=0.9"), Some(Language::Italian));
        assert_eq!(Language::negotiate("fr, de"), None);
        assert_eq!(Language::negotiate("it;q=0, en"), Some(Language::English));
        assert_eq!(Language::negotiate(""), None);
    }

    #[test]
    fn emails_are_normalised() {
        let email = Email::parse("  Ada@Example.COM ").map(|e| e.as_str().to_owned());
        assert_eq!(email, Ok("ada@example.com".to_owned()));
    }

    #[test]
    fn bad_emails_are_refused() {
        for raw in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@exa mple.com",
            "ada@.example.com",
            "ada@example..com",
            "ada@example.com.",
            "<script>@x.io",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?} was accepted");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(Invalid::TooLong { max: Email::MAX }));
    }

    #[test]
    fn email_debug_is_masked() {
        let email = Email::parse("ada@example.com").map(|e| format!("{e:?}"));
        assert_eq!(email.as_deref(), Ok("Email(a***@example.com)"));
    }

    #[test]
    fn password_rules() {
        assert_eq!(Password::parse("short"), Err(Invalid::TooShort { min: 8 }));
        assert_eq!(Password::parse("        "), Err(Invalid::Required));
        assert_eq!(Password::parse(&"x".repeat(129)), Err(Invalid::TooLong { max: 128 }));
        assert!(Password::parse("correct horse battery").is_ok());
        let debug = Password::parse("correct horse battery").map(|p| format!("{p:?}"));
        assert_eq!(debug.as_deref(), Ok("Password(<redacted>)"));
    }

    #[test]
    fn display_names_keep_markup_as_text() {
        // Names are escaped on output; parsing keeps what the member typed.
        let name = DisplayName::parse("<script>alert(1)</script>").map(|n| n.as_str().len());
        assert_eq!(name, Ok(25));
        assert_eq!(DisplayName::parse(&"가".repeat(61)), Err(Invalid::TooLong { max: 60 }));
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Member, Role::Moderator, Role::Admin] {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
        assert!(Role::Admin.can_moderate() && !Role::Member.can_moderate());
    }

    #[test]
    fn registration_names_every_bad_field() {
        let errors = NewUser::parse("nope", "", "short").err().unwrap_or_default();
        assert_eq!(errors.get("email"), Some(Invalid::Malformed));
        assert_eq!(errors.get("display_name"), Some(Invalid::Required));
        assert_eq!(errors.get("password"), Some(Invalid::TooShort { min: 8 }));
        let ok = NewUser::parse("ada@example.com", "Ada", "correct horse").map(|u| u.role);
        assert_eq!(ok.ok(), Some(Role::Member));
    }

    proptest! {
        #[test]
        fn parsed_emails_are_stable(raw in "\\PC{0,300}") {
            if let Ok(email) = Email::parse(&raw) {
                prop_assert!(email.as_str().chars().count() <= Email::MAX);
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }

        #[test]
        fn parsed_names_are_trimmed_and_bounded(raw in "\\PC{0,100}") {
            if let Ok(name) = DisplayName::parse(&raw) {
                prop_assert_eq!(name.as_str().trim(), name.as_str());
                prop_assert!(!name.as_str().is_empty());
                prop_assert!(name.as_str().chars().count() <= DisplayName::MAX);
            }
        }
    }
}
