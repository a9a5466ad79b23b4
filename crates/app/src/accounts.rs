//! Registering, signing in and out, passwords, sessions and personal access tokens.

use std::net::IpAddr;

use ideaforge_auth::{Retry, Secret, hash_secret};
use ideaforge_domain::token::{TokenScope, token_expiry, token_live};
use ideaforge_domain::{ApiToken, Email, FieldErrors, Invalid, NewUser, Password, TokenId, TokenName, User};
use ideaforge_store::{NewSession, NewToken, NewUserRecord, StoreError};

use crate::{App, Internal};

/// The prefix of session cookie secrets.
const SESSION_PREFIX: &str = "ifs_";
/// The prefix of personal access tokens, so that secret scanners can recognise leaked ones.
const TOKEN_PREFIX: &str = "ifp_";

/// Why a registration was refused.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// Some fields were refused (including an e-mail address already in use).
    #[error("invalid registration")]
    Invalid(FieldErrors),
    /// Too many registrations from this address.
    #[error("too many registrations")]
    TooManyAttempts(Retry),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// Why a sign-in was refused. Unknown e-mail and wrong password are one outcome on purpose.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The e-mail and password do not match an account.
    #[error("e-mail or password is incorrect")]
    BadCredentials,
    /// Too many attempts for this e-mail or from this address.
    #[error("too many sign-in attempts")]
    TooManyAttempts(Retry),
    /// The password was right, but an admin suspended the account.
    #[error("the account is suspended")]
    Suspended,
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// Why a token was not issued against an e-mail and password.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The password did not prove the account, or too many attempts.
    #[error(transparent)]
    SignIn(#[from] SignInError),
    /// The token's fields were refused.
    #[error("invalid input")]
    Invalid(FieldErrors),
}

/// Why a password change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    /// The current password is wrong, or the new one is not acceptable.
    #[error("invalid password change")]
    Invalid(FieldErrors),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// A new browser session: the member and the cookie secret to set.
#[derive(Debug)]
pub struct SignedIn {
    /// Who signed in.
    pub user: User,
    /// The session cookie's value; only its hash is stored.
    pub session: Secret,
}

fn ip_key(prefix: &str, ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| format!("{prefix}:unknown"), |ip| format!("{prefix}:{ip}"))
}

impl App {
    /// Registers a member and signs them in.
    pub async fn register(&self, new: NewUser, ip: Option<IpAddr>) -> Result<SignedIn, RegisterError> {
        let user = self.register_account(new, ip).await?;
        let session = self.start_session(&user, None).await?;
        Ok(SignedIn { user, session })
    }

    /// Registers a member without starting a session (the JSON API). Rate limited per client address.
    pub async fn register_account(&self, new: NewUser, ip: Option<IpAddr>) -> Result<User, RegisterError> {
        self.register_limit
            .hit(&[&ip_key("register", ip)], self.clock.now())
            .map_err(RegisterError::TooManyAttempts)?;
        self.create_user(&new).await
    }

    /// Creates an account with any role, without signing in (the admin command line).
    pub async fn create_user(&self, new: &NewUser) -> Result<User, RegisterError> {
        let hash = self.hasher.hash(new.password.expose()).await.map_err(Internal::from)?;
        let record = NewUserRecord {
            email: &new.email,
            display_name: &new.display_name,
            password_hash: &hash,
            role: new.role,
            language: new.language,
            email_verified: new.email_verified,
        };
        match self.store.create_user(record, self.clock.now()).await {
            Ok(user) => Ok(user),
            Err(StoreError::EmailTaken) => {
                let mut errors = FieldErrors::new();
                errors.add("email", Invalid::Taken);
                Err(RegisterError::Invalid(errors))
            }
            Err(other) => Err(Internal::from(other).into()),
        }
    }

    /// Checks an e-mail and password, counting the attempt against the address from this client
    /// (so that guessing from elsewhere never uses up the member's own attempts), against the
    /// address from everywhere (a higher ceiling, lifted by a password reset) and against the client.
    pub(crate) async fn check_password(
        &self,
        email: &Email,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<User, SignInError> {
        let now = self.clock.now();
        let pair_key = format!("email:{}|{}", email.as_str(), ip_key("from", ip));
        self.sign_in_limit_email.hit(&[&pair_key], now).map_err(SignInError::TooManyAttempts)?;
        self.sign_in_limit_ip.hit(&[&ip_key("sign-in", ip)], now).map_err(SignInError::TooManyAttempts)?;
        self.sign_in_limit_account
            .hit(&[&format!("email:{}", email.as_str())], now)
            .map_err(SignInError::TooManyAttempts)?;
        if password.chars().count() > Password::MAX {
            self.hasher.verify_dummy("").await;
            return Err(SignInError::BadCredentials);
        }
        match self.store.user_with_password(email).await.map_err(Internal::from)? {
            // An account made by signing in with a provider has no password until one is set.
            Some((_, hash)) if hash.is_empty() => {
                self.hasher.verify_dummy(password).await;
                Err(SignInError::BadCredentials)
            }
            Some((user, hash)) => {
                if self.hasher.verify(password, &hash).await.map_err(Internal::from)? {
                    self.sign_in_limit_email.reset(&pair_key);
                    // Said only to whoever proved the password: nobody learns it from a guess.
                    if user.suspended {
                        return Err(SignInError::Suspended);
                    }
                    Ok(user)
                } else {
                    Err(SignInError::BadCredentials)
                }
            }
            None => {
                self.hasher.verify_dummy(password).await;
                Err(SignInError::BadCredentials)
            }
        }
    }

    /// Signs a member in with a new session, replacing the session the browser had (rotation).
    pub async fn sign_in(
        &self,
        email: &Email,
        password: &str,
        ip: Option<IpAddr>,
        replaces: Option<&str>,
    ) -> Result<SignedIn, SignInError> {
        let user = self.check_password(email, password, ip).await?;
        let session = self.start_session(&user, replaces).await?;
        Ok(SignedIn { user, session })
    }

    pub(crate) async fn start_session(&self, user: &User, replaces: Option<&str>) -> Result<Secret, Internal> {
        let secret = Secret::generate(SESSION_PREFIX)?;
        let replaced = replaces.map(hash_secret);
        let new = NewSession { user: user.id, token_hash: &secret.hash(), replaces: replaced.as_deref() };
        self.store.create_session(new, self.clock.now()).await?;
        Ok(secret)
    }

    /// The member a session cookie belongs to, if the session is still valid. Expired sessions are
    /// deleted; `last_seen` is refreshed at most every few minutes.
    pub async fn session_user(&self, cookie: &str) -> Result<Option<User>, Internal> {
        if !cookie.starts_with(SESSION_PREFIX) {
            return Ok(None);
        }
        let hash = hash_secret(cookie);
        let Some((created, last_seen, user)) = self.store.session(&hash).await? else {
            return Ok(None);
        };
        if user.suspended {
            return Ok(None);
        }
        let now = self.clock.now();
        if !self.sessions.is_valid(created, last_seen, now) {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        if self.sessions.needs_touch(last_seen, now) {
            self.store.touch_session(&hash, now).await?;
        }
        Ok(Some(user))
    }

    /// Ends a session.
    pub async fn sign_out(&self, cookie: &str) -> Result<(), Internal> {
        Ok(self.store.delete_session(&hash_secret(cookie)).await?)
    }

    /// Changes a password after checking the current one; every other session of the member ends.
    pub async fn change_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<(), ChangePasswordError> {
        let mut errors = FieldErrors::new();
        let new = errors.check("new_password", Password::parse(new));
        let stored = self.store.password_hash(user.id).await.map_err(Internal::from)?;
        let matches = match stored {
            // No password yet (an account made with a provider): the member sets a first one.
            Some(hash) if hash.is_empty() => true,
            Some(hash) if current.chars().count() <= Password::MAX => {
                self.hasher.verify(current, &hash).await.map_err(Internal::from)?
            }
            _ => false,
        };
        if !matches {
            errors.add("current_password", Invalid::Mismatch);
        }
        let Some(new) = new.filter(|_| errors.is_empty()) else {
            return Err(ChangePasswordError::Invalid(errors));
        };
        let hash = self.hasher.hash(new.expose()).await.map_err(Internal::from)?;
        let keep = keep_session.map(hash_secret);
        self.store.change_password(user.id, &hash, keep.as_deref(), self.clock.now()).await.map_err(Internal::from)?;
        Ok(())
    }

    /// Parses what a member asks of a new token: its name, scope (`write` when none is given;
    /// `admin` only for staff) and lifetime in days (none: until revoked), naming every refused field.
    pub fn parse_token_request<'a>(
        &self,
        owner: &User,
        name: &'a TokenName,
        scope: &str,
        days: Option<i64>,
    ) -> Result<NewToken<'a>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let scope = errors.check("scope", TokenScope::parse_for(scope, owner.role));
        let expires_at = errors.check("expires_in_days", token_expiry(days, self.clock.now()));
        match (scope, expires_at) {
            (Some(scope), Some(expires_at)) if errors.is_empty() => Ok(NewToken { name, scope, expires_at }),
            _ => Err(errors),
        }
    }

    /// Issues a personal access token to a member whose password was just checked; the secret is
    /// returned once.
    async fn issue_token(&self, user: &User, token: NewToken<'_>) -> Result<(ApiToken, Secret), Internal> {
        let secret = Secret::generate(TOKEN_PREFIX)?;
        let token = self.store.create_token(user.id, token, &secret.hash(), self.clock.now()).await?;
        Ok((token, secret))
    }

    /// Issues a token to a signed-in member, who gives their password again (a session left open
    /// on a shared computer must not mint a credential that outlives it).
    pub async fn issue_token_for(
        &self,
        user: &User,
        password: &str,
        token: NewToken<'_>,
        ip: Option<IpAddr>,
    ) -> Result<(ApiToken, Secret), SignInError> {
        let checked = self.check_password(&user.email, password, ip).await?;
        if checked.id != user.id {
            return Err(SignInError::BadCredentials);
        }
        Ok(self.issue_token(user, token).await?)
    }

    /// Issues a personal access token against an e-mail and password (the API's `POST /tokens`);
    /// `request` parses the token's fields for the member the password proved.
    pub async fn issue_token_with_password<'n>(
        &self,
        email: &Email,
        password: &str,
        request: impl FnOnce(&User) -> Result<NewToken<'n>, FieldErrors>,
        ip: Option<IpAddr>,
    ) -> Result<(ApiToken, Secret), TokenError> {
        let user = self.check_password(email, password, ip).await?;
        let token = request(&user).map_err(TokenError::Invalid)?;
        Ok(self.issue_token(&user, token).await.map_err(SignInError::from)?)
    }

    /// Issues a token with every power its owner has (`admin` for staff, `write` for members) and
    /// no expiry, without a password: for test fixtures and the command line, never a route.
    pub async fn issue_full_token(&self, user: &User, name: &TokenName) -> Result<(ApiToken, Secret), Internal> {
        let scope = if user.role == ideaforge_domain::Role::Member { TokenScope::Write } else { TokenScope::Admin };
        self.issue_token(user, NewToken { name, scope, expires_at: None }).await
    }

    /// The member a bearer token belongs to, if it is live (not revoked, not expired), acting with
    /// the role its scope allows, and the scope.
    pub async fn token_user(&self, bearer: &str) -> Result<Option<(User, TokenScope)>, Internal> {
        if !bearer.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some((token, mut user)) = self.store.token_owner(&hash_secret(bearer)).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if user.suspended || !token_live(token.expires_at, now) {
            return Ok(None);
        }
        if token.last_used_at.is_none_or(|at| now - at >= time::Duration::minutes(1)) {
            self.store.touch_token(token.id, now).await?;
        }
        user.role = token.scope.acting_role(user.role);
        Ok(Some((user, token.scope)))
    }

    /// A member's live tokens, newest first.
    pub async fn tokens(&self, user: &User) -> Result<Vec<ApiToken>, Internal> {
        Ok(self.store.tokens(user.id).await?)
    }

    /// Revokes one of the member's tokens; false if there was no such live token.
    pub async fn revoke_token(&self, user: &User, id: TokenId) -> Result<bool, Internal> {
        Ok(self.store.revoke_token(user.id, id, self.clock.now()).await?)
    }
}

#[cfg(test)]
mod tests;
