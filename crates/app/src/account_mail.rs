//! Mail about the account: proving an address and resetting a forgotten password. Links are signed
//! with the mail key when the message is written (the outbox never holds a secret); a reset link
//! also signs the password it replaces, so it works once, and both carry an expiry.

use std::net::IpAddr;

use hmac::Mac;
use ideaforge_domain::notification::AccountMail;
use ideaforge_domain::{Email, FieldErrors, Language, Password, TimeZoneName, User, UserId};
use ideaforge_mail::{AccountMessage, Catalog, Email as Message, render_account};
use ideaforge_store::OutboxItem;
use time::Duration;

use crate::{App, IdeasError, Internal, Retry};

/// How long a verification link works.
const VERIFY_FOR: Duration = Duration::days(7);
/// How long a password reset link works.
const RESET_FOR: Duration = Duration::hours(1);

/// A signed link's parts, as it comes back from the browser.
#[derive(Clone, Debug, Default)]
pub struct SignedLink {
    /// The member (`u`).
    pub user: String,
    /// The expiry, in Unix seconds (`e`).
    pub expires: String,
    /// The signature (`t`).
    pub token: String,
}

/// Why a link was refused.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Forged, for another address, already used, or malformed.
    #[error("this link is not valid")]
    Invalid,
    /// Too old.
    #[error("this link has expired")]
    Expired,
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// Why a password reset was refused.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// The link is not (or no longer) good.
    #[error(transparent)]
    Link(LinkError),
    /// The new password is not acceptable.
    #[error("invalid password")]
    Invalid(FieldErrors),
    /// Too many attempts.
    #[error("too many attempts")]
    TooManyAttempts(Retry),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl App {
    fn sign(&self, text: &str) -> Option<String> {
        let mut mac = self.mail_mac.clone()?;
        mac.update(text.as_bytes());
        Some(hex(&mac.finalize().into_bytes()))
    }

    fn signature_matches(&self, text: &str, token: &str) -> bool {
        let Some(mut mac) = self.mail_mac.clone() else { return false };
        mac.update(text.as_bytes());
        let Some(bytes) = crate::mail::unhex(token) else { return false };
        mac.verify_slice(&bytes).is_ok()
    }

    /// Parses a link's member and expiry and checks that it has not run out.
    fn link_parts(&self, link: &SignedLink) -> Result<(UserId, i64), LinkError> {
        let user: UserId = link.user.parse().map_err(|_| LinkError::Invalid)?;
        let expires: i64 = link.expires.parse().map_err(|_| LinkError::Invalid)?;
        if self.clock.now().unix_timestamp() > expires {
            return Err(LinkError::Expired);
        }
        Ok((user, expires))
    }

    /// Writes an account message with its signed link (at send time, so nothing secret waits in
    /// the outbox).
    pub(crate) async fn compose_account_mail(
        &self,
        item: &OutboxItem,
        user: &User,
        kind: AccountMail,
    ) -> Result<Message, String> {
        let now = self.clock.now();
        let (message, url) = match kind {
            AccountMail::VerifyEmail => {
                let expires = (now + VERIFY_FOR).unix_timestamp();
                let email = user.email.as_str();
                let token = self.sign(&format!("verify:{}:{email}:{expires}", user.id)).ok_or("no mail key")?;
                let url = format!("{}/verify-email?u={}&e={expires}&t={token}", self.base_url(), user.id);
                (AccountMessage::VerifyEmail, url)
            }
            AccountMail::PasswordReset => {
                let expires = (now + RESET_FOR).unix_timestamp();
                let hash = self.store.password_hash(user.id).await.map_err(|e| e.to_string())?.unwrap_or_default();
                let token = self.sign(&format!("reset:{}:{expires}:{hash}", user.id)).ok_or("no mail key")?;
                let url = format!("{}/password/reset?u={}&e={expires}&t={token}", self.base_url(), user.id);
                (AccountMessage::PasswordReset, url)
            }
        };
        let rendered = render_account(Catalog::of(user.language), user.display_name.as_str(), message, &url);
        Ok(self.email(item, user, rendered, None))
    }

    /// Proves a member's address with the link from their verification message (signed for the
    /// address the account has now). Returns the member.
    pub async fn verify_email(&self, link: &SignedLink) -> Result<UserId, LinkError> {
        let (user, expires) = self.link_parts(link)?;
        let account = self.store.user(user).await.map_err(Internal::from)?.ok_or(LinkError::Invalid)?;
        let email = account.email;
        if !self.signature_matches(&format!("verify:{user}:{}:{expires}", email.as_str()), &link.token) {
            return Err(LinkError::Invalid);
        }
        if self.store.verify_email(user, &email, self.clock.now()).await.map_err(Internal::from)? {
            Ok(user)
        } else {
            Err(LinkError::Invalid)
        }
    }

    /// Sends a signed-in member a new verification message (rate limited); false when the address
    /// is proven already.
    pub async fn resend_verification(&self, user: &User) -> Result<bool, ResetError> {
        if user.email_verified {
            return Ok(false);
        }
        let now = self.clock.now();
        self.register_limit.hit(&[&format!("verify:{}", user.id)], now).map_err(ResetError::TooManyAttempts)?;
        let payload = serde_json::json!({ "email": user.email.as_str() });
        self.store
            .queue_account_mail(user.id, AccountMail::VerifyEmail, &payload, now)
            .await
            .map_err(Internal::from)?;
        Ok(true)
    }

    /// Sends a password reset link if an account has this address. The answer is the same either
    /// way (no one learns who is registered); attempts are limited per address and per client.
    pub async fn request_password_reset(&self, email: &str, ip: Option<IpAddr>) -> Result<(), ResetError> {
        let mut errors = FieldErrors::new();
        let Some(email) = errors.check("email", Email::parse(email)) else { return Err(ResetError::Invalid(errors)) };
        let now = self.clock.now();
        // Limited per client and per address from that client, never per address alone: nobody
        // can use up another member's resets, so a reset always works for the member.
        let ip_key = ip.map_or_else(|| "reset:unknown".to_owned(), |ip| format!("reset:{ip}"));
        self.sign_in_limit_ip.hit(&[&ip_key], now).map_err(ResetError::TooManyAttempts)?;
        self.sign_in_limit_email
            .hit(&[&format!("reset:{}|{ip_key}", email.as_str())], now)
            .map_err(ResetError::TooManyAttempts)?;
        if let Some((user, _)) = self.store.user_with_password(&email).await.map_err(Internal::from)? {
            let payload = serde_json::json!({});
            self.store
                .queue_account_mail(user.id, AccountMail::PasswordReset, &payload, now)
                .await
                .map_err(Internal::from)?;
        }
        Ok(())
    }

    /// A member's password reset link as the message would carry it (tests).
    #[cfg(test)]
    pub(crate) async fn reset_link_for(&self, user: UserId) -> SignedLink {
        let expires = (self.clock.now() + RESET_FOR).unix_timestamp();
        let hash = self.store.password_hash(user).await.ok().flatten().unwrap_or_default();
        let token = self.sign(&format!("reset:{user}:{expires}:{hash}")).unwrap_or_default();
        SignedLink { user: user.to_string(), expires: expires.to_string(), token }
    }

    /// Checks a reset link without using it (to show the form only for a good link).
    pub async fn check_reset_link(&self, link: &SignedLink) -> Result<(UserId, String), LinkError> {
        let (user, expires) = self.link_parts(link)?;
        let hash = self.store.password_hash(user).await.map_err(Internal::from)?.ok_or(LinkError::Invalid)?;
        if self.signature_matches(&format!("reset:{user}:{expires}:{hash}"), &link.token) {
            Ok((user, hash))
        } else {
            Err(LinkError::Invalid)
        }
    }

    /// Sets a new password with a reset link: once per link; every session of the member ends and
    /// their address counts as proven.
    pub async fn reset_password(&self, link: &SignedLink, new_password: &str) -> Result<UserId, ResetError> {
        let (user, current) = self.check_reset_link(link).await.map_err(ResetError::Link)?;
        let password = Password::parse(new_password).map_err(|why| {
            let mut errors = FieldErrors::new();
            errors.add("password", why);
            ResetError::Invalid(errors)
        })?;
        let hash = self.hasher.hash(password.expose()).await.map_err(Internal::from)?;
        if self.store.reset_password(user, &current, &hash, self.clock.now()).await.map_err(Internal::from)? {
            // The member proved their address: guesses made against it no longer keep them out.
            if let Some(member) = self.store.user(user).await.map_err(Internal::from)? {
                self.sign_in_limit_account.reset(&format!("email:{}", member.email.as_str()));
            }
            Ok(user)
        } else {
            Err(ResetError::Link(LinkError::Invalid))
        }
    }

    /// Sets the language a member's e-mail is written in.
    pub async fn set_language(&self, user: &User, language: &str) -> Result<(), IdeasError> {
        let mut errors = FieldErrors::new();
        let Some(language) = errors.check("language", language.parse::<Language>()) else {
            return Err(IdeasError::Invalid(errors));
        };
        Ok(self.store.set_language(user.id, language, self.clock.now()).await?)
    }

    /// Sets the time zone a member's pages show times in and their forms read them in: a name the
    /// time zone database knows, or empty for none (UTC).
    pub async fn set_time_zone(&self, user: &User, raw: &str) -> Result<(), IdeasError> {
        let zone = if raw.trim().is_empty() {
            None
        } else {
            let mut errors = FieldErrors::new();
            let parsed = TimeZoneName::parse(raw).and_then(|zone| match jiff::tz::db().get(zone.as_str()) {
                Ok(_) => Ok(zone),
                Err(_) => Err(ideaforge_domain::Invalid::Malformed),
            });
            let Some(zone) = errors.check("time_zone", parsed) else { return Err(IdeasError::Invalid(errors)) };
            Some(zone)
        };
        Ok(self.store.set_time_zone(user.id, zone.as_ref(), self.clock.now()).await?)
    }

    /// Every time zone a member may choose, by name (read from the database once).
    pub fn time_zones() -> &'static [String] {
        static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
            let mut names: Vec<String> = jiff::tz::db().available().map(|name| name.to_string()).collect();
            names.sort();
            names
        });
        &NAMES
    }
}
