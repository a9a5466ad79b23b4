//! Signing in with outside identity providers (OpenID Connect issuers, GitHub): starting a sign-in
//! (a single-use `state` bound to this browser by a cookie), finishing it (the provider's answer
//! checked; an account found by issuer and subject, created for a first sign-in, or linked to the
//! signed-in member), and unlinking. No failure creates a session or an account.

use ideaforge_auth::oidc::{Claims, Provider, ProviderError};
use ideaforge_auth::{Secret, hash_secret};
use ideaforge_domain::{DisplayName, Email, Language, User, UserId};
use ideaforge_store::{ExternalIdentity, IdentityLinkError, LinkedIdentity, PendingLogin};
use time::Duration;

use crate::{App, IdeasError, Internal, SignedIn};

/// How long a started sign-in may take.
const LOGIN_TTL: Duration = Duration::minutes(10);
/// The prefix of the cookie that binds a sign-in to its browser.
const BROWSER_PREFIX: &str = "ifl_";

/// A provider as the sign-in page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderButton {
    /// Its id (in URLs).
    pub id: String,
    /// Its label.
    pub name: String,
}

/// A started sign-in: where to send the browser, and the cookie that binds it.
#[derive(Debug)]
pub struct ExternalStart {
    /// The provider's authorization page.
    pub url: String,
    /// The cookie's value (only its hash is stored).
    pub browser: Secret,
}

/// What the provider sent back to the callback.
#[derive(Clone, Debug, Default)]
pub struct Callback {
    /// `state`.
    pub state: String,
    /// `code`, on success.
    pub code: String,
    /// `error`, on failure (`access_denied` when the person cancelled).
    pub error: String,
}

/// How a finished sign-in ended.
#[derive(Debug)]
pub enum ExternalOutcome {
    /// Signed in (to an existing or a new account).
    SignedIn {
        /// The session.
        signed: SignedIn,
        /// Whether the account was created now.
        created: bool,
    },
    /// The identity was linked to the signed-in member's account.
    Linked(UserId),
}

/// Why a sign-in with a provider failed; each has its own page, and none leaves a session.
#[derive(Debug, thiserror::Error)]
pub enum ExternalError {
    /// No such provider is configured.
    #[error("unknown provider")]
    UnknownProvider,
    /// The person cancelled at the provider.
    #[error("the sign-in was cancelled")]
    Cancelled,
    /// The provider reported an error.
    #[error("the provider reported an error: {0}")]
    ProviderSaid(String),
    /// The `state` is missing, unknown, used already, expired, or from another browser.
    #[error("the sign-in state is not valid")]
    BadState,
    /// The provider's answer did not hold.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The provider gave no verified address for a new account.
    #[error("no verified e-mail address")]
    NoVerifiedEmail,
    /// An account has this address already: sign in to it and link the provider there.
    #[error("an account has this address")]
    EmailTaken,
    /// Linking needs a confirmed address first (so that whoever registered an address they do
    /// not own cannot attach a way in that outlives the owner's password reset).
    #[error("confirm the e-mail address before linking")]
    Unverified,
    /// Too many sign-ins started from this address.
    #[error("too many sign-in attempts")]
    TooManyAttempts(crate::Retry),
    /// An admin suspended the account.
    #[error("the account is suspended")]
    Suspended,
    /// The identity is linked to another account.
    #[error("the identity belongs to another account")]
    TakenByOther,
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl From<IdentityLinkError> for ExternalError {
    fn from(e: IdentityLinkError) -> Self {
        match e {
            IdentityLinkError::TakenByOther => Self::TakenByOther,
            IdentityLinkError::EmailTaken => Self::EmailTaken,
            IdentityLinkError::Store(e) => Self::Internal(e.into()),
        }
    }
}

/// A display name from what the provider said (or the address), cut and cleaned to fit.
fn display_name(claims: &Claims, email: &Email) -> DisplayName {
    let candidates =
        [claims.name.clone().unwrap_or_default(), email.as_str().split('@').next().unwrap_or("").to_owned()];
    candidates
        .iter()
        .filter_map(|raw| {
            let cleaned: String =
                raw.chars().filter(|c| !c.is_control()).take(DisplayName::MAX).collect::<String>().trim().to_owned();
            DisplayName::parse(&cleaned).ok()
        })
        .next()
        .unwrap_or_else(fallback_name)
}

#[expect(clippy::expect_used, reason = "a constant that parses")]
fn fallback_name() -> DisplayName {
    DisplayName::parse("Member").expect("a valid name")
}

impl App {
    fn provider(&self, id: &str) -> Result<&Provider, ExternalError> {
        self.providers.iter().find(|p| p.config().id == id).ok_or(ExternalError::UnknownProvider)
    }

    fn callback_url(&self, provider: &str) -> String {
        format!("{}/auth/{provider}/callback", self.base_url())
    }

    /// The configured providers, for sign-in buttons.
    pub fn providers(&self) -> Vec<ProviderButton> {
        self.providers
            .iter()
            .map(|p| ProviderButton { id: p.config().id.clone(), name: p.config().name.clone() })
            .collect()
    }

    /// Starts a sign-in with a provider (or, with `link`, linking it to that member's account,
    /// whose address must be confirmed). Limited per client address like sign-ins.
    pub async fn start_external(
        &self,
        provider: &str,
        link: Option<&User>,
        ip: Option<std::net::IpAddr>,
    ) -> Result<ExternalStart, ExternalError> {
        let chosen = self.provider(provider)?;
        if link.is_some_and(|user| !user.email_verified) {
            return Err(ExternalError::Unverified);
        }
        let key = ip.map_or_else(|| "sso:unknown".to_owned(), |ip| format!("sso:{ip}"));
        self.sign_in_limit_ip.hit(&[&key], self.clock.now()).map_err(ExternalError::TooManyAttempts)?;
        let started = chosen.start(&self.callback_url(provider)).await?;
        let browser = Secret::generate(BROWSER_PREFIX).map_err(Internal::from)?;
        let pending = PendingLogin {
            provider: provider.to_owned(),
            browser_hash: browser.hash(),
            nonce: started.nonce,
            pkce_verifier: started.pkce_verifier,
            link_user: link.map(|u| u.id),
            created_at: self.clock.now(),
        };
        let stale = self.clock.now() - LOGIN_TTL;
        self.store.start_external_login(&hash_secret(&started.state), &pending, stale).await.map_err(Internal::from)?;
        Ok(ExternalStart { url: started.url, browser })
    }

    /// Finishes a sign-in when the provider sends the browser back: the `state` must be one this
    /// browser started (and is spent now), the code is exchanged and the ID token checked; then the
    /// member is signed in (a new account for a first sign-in with a verified address that no
    /// account has), or the identity is linked to the member who started linking — who must still
    /// be the one signed in (`current`).
    pub async fn finish_external(
        &self,
        provider: &str,
        callback: &Callback,
        browser: Option<&str>,
        current: Option<UserId>,
        language: Option<Language>,
        replaces: Option<&str>,
    ) -> Result<ExternalOutcome, ExternalError> {
        let chosen = self.provider(provider)?;
        if callback.state.is_empty() {
            return Err(ExternalError::BadState);
        }
        let now = self.clock.now();
        let pending = self
            .store
            .claim_external_login(&hash_secret(&callback.state), now - LOGIN_TTL)
            .await
            .map_err(Internal::from)?
            .ok_or(ExternalError::BadState)?;
        let same_browser = browser.is_some_and(|cookie| hash_secret(cookie) == pending.browser_hash);
        let same_member = pending.link_user.is_none_or(|member| current == Some(member));
        if !same_browser || !same_member || pending.provider != provider || now - pending.created_at > LOGIN_TTL {
            return Err(ExternalError::BadState);
        }
        if !callback.error.is_empty() {
            return Err(if callback.error == "access_denied" {
                ExternalError::Cancelled
            } else {
                ExternalError::ProviderSaid(callback.error.chars().take(100).collect())
            });
        }
        if callback.code.is_empty() {
            return Err(ExternalError::ProviderSaid("no code".to_owned()));
        }
        let claims =
            chosen.finish(&self.callback_url(provider), &callback.code, &pending.nonce, &pending.pkce_verifier).await?;
        let verified_email =
            claims.email.as_deref().filter(|_| claims.email_verified).and_then(|e| Email::parse(e).ok());
        let identity = ExternalIdentity {
            provider,
            issuer: &claims.issuer,
            subject: &claims.subject,
            email: verified_email.as_ref(),
        };
        if let Some(member) = pending.link_user {
            self.store.link_identity(member, &identity, now).await?;
            return Ok(ExternalOutcome::Linked(member));
        }
        let (user, created) =
            match self.store.identity_owner(&claims.issuer, &claims.subject).await.map_err(Internal::from)? {
                Some(user) => (user, false),
                None => {
                    let email = verified_email.as_ref().ok_or(ExternalError::NoVerifiedEmail)?;
                    let name = display_name(&claims, email);
                    let user = self.store.create_external_user(&identity, email, &name, language, now).await?;
                    (user, true)
                }
            };
        if user.suspended {
            return Err(ExternalError::Suspended);
        }
        let session = self.start_session(&user, replaces).await?;
        Ok(ExternalOutcome::SignedIn { signed: SignedIn { user, session }, created })
    }

    /// A member's linked identities.
    pub async fn identities(&self, user: &User) -> Result<Vec<LinkedIdentity>, Internal> {
        Ok(self.store.identities(user.id).await?)
    }

    /// Unlinks one of the member's identities, unless it is their only way to sign in.
    pub async fn unlink_identity(&self, user: &User, id: &str) -> Result<(), IdeasError> {
        let id: i64 = id.parse().map_err(|_| IdeasError::NotFound)?;
        match self.store.unlink_identity(user.id, id, self.clock.now()).await? {
            Some(true) => Ok(()),
            Some(false) => Err(IdeasError::Conflict),
            None => Err(IdeasError::NotFound),
        }
    }
}
