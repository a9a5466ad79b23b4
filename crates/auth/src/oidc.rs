//! Signing in with outside identity providers: any OpenID Connect issuer found by discovery, and
//! GitHub through plain OAuth 2.0. Authorization code flow with PKCE (S256), `state` and `nonce`;
//! the ID token's signature, issuer, audience, expiry and nonce are checked by `openidconnect`.
//! Storage and sessions are the caller's: this module starts a flow and finishes it.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreErrorResponseType, CoreProviderMetadata,
};
use openidconnect::{
    AccessTokenHash, AsyncHttpClient, AuthType, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, TokenResponse,
    http,
};
use tokio::sync::Mutex;

/// The largest response accepted from a provider.
const MAX_BODY: usize = 1 << 20;
/// How long a provider may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long discovery (and its keys) are reused before being fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);

/// What kind of provider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenID Connect issuer, by discovery.
    #[default]
    Oidc,
    /// GitHub, through OAuth 2.0 and its user API.
    Github,
}

/// One configured provider (`[[auth.providers]]`). Its `Debug` output leaves the secret out.
#[derive(Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProviderConfig {
    /// A short lower-case id, used in URLs (`/auth/{id}/callback`).
    pub id: String,
    /// The button's label ("Google", "Company SSO").
    pub name: String,
    /// `oidc` (default) or `github`.
    pub kind: ProviderKind,
    /// The issuer URL (OpenID Connect): discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id registered at the provider.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// Extra scopes besides `openid email profile`.
    pub scopes: Vec<String>,
    /// GitHub's endpoints, changeable for GitHub Enterprise (defaults: github.com).
    pub github_urls: Option<GithubUrls>,
}

/// GitHub's endpoints.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct GithubUrls {
    /// The authorization page.
    pub authorize: String,
    /// The token endpoint.
    pub token: String,
    /// The REST API's root.
    pub api: String,
}

impl Default for GithubUrls {
    fn default() -> Self {
        Self {
            authorize: "https://github.com/login/oauth/authorize".to_owned(),
            token: "https://github.com/login/oauth/access_token".to_owned(),
            api: "https://api.github.com".to_owned(),
        }
    }
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("github_urls", &self.github_urls)
            .finish()
    }
}

impl ProviderConfig {
    /// Checks a provider's settings; `production` refuses plain-HTTP endpoints.
    pub fn check(&self, production: bool) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(format!("auth.providers: id {:?} must be 1-40 of a-z, 0-9 and -", self.id));
        }
        if self.name.trim().is_empty() || self.client_id.is_empty() || self.client_secret.is_empty() {
            return Err(format!("auth.providers.{}: name, client_id and client_secret are required", self.id));
        }
        if self.kind == ProviderKind::Oidc {
            if !(self.issuer.starts_with("https://") || self.issuer.starts_with("http://")) {
                return Err(format!("auth.providers.{}: issuer must be an http(s) URL", self.id));
            }
            if production && !self.issuer.starts_with("https://") {
                return Err(format!("auth.providers.{}: production needs an https issuer", self.id));
            }
        }
        if let Some(urls) = &self.github_urls
            && production
            && ![&urls.authorize, &urls.token, &urls.api].iter().all(|u| u.starts_with("https://"))
        {
            return Err(format!("auth.providers.{}: production needs https GitHub URLs", self.id));
        }
        Ok(())
    }
}

/// Why a sign-in with a provider failed. Each maps to a page that says so; none creates a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached or answered nonsense (discovery, token, user API).
    #[error("the identity provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider refused the code (expired, replayed, PKCE mismatch).
    #[error("the identity provider refused the sign-in code: {0}")]
    CodeRefused(String),
    /// The ID token's nonce is not the one this browser's sign-in sent.
    #[error("the ID token's nonce does not match")]
    Nonce,
    /// The ID token was issued by someone else.
    #[error("the ID token's issuer is wrong")]
    Issuer,
    /// The ID token was issued for another client.
    #[error("the ID token's audience is wrong")]
    Audience,
    /// The ID token's signature, expiry or access-token hash does not hold.
    #[error("the ID token is not valid: {0}")]
    Token(String),
    /// The provider is misconfigured here.
    #[error("the provider is misconfigured: {0}")]
    Config(String),
}

/// Who the provider says signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The issuer (identity key, with the subject).
    pub issuer: String,
    /// The subject at the issuer.
    pub subject: String,
    /// The address, if given.
    pub email: Option<String>,
    /// Whether the provider vouches for the address.
    pub email_verified: bool,
    /// A display name, if given.
    pub name: Option<String>,
}

/// A started sign-in: where to send the browser, and what to keep until it comes back.
#[derive(Clone, Debug)]
pub struct Started {
    /// The provider's authorization URL.
    pub url: String,
    /// The `state` sent (keep its hash; the provider returns it).
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the exchange.
    pub pkce_verifier: String,
}

/// An HTTP client for providers: rustls with ring and the webpki roots, no redirects followed (so
/// a provider cannot bounce requests elsewhere), a timeout and a size limit.
#[derive(Clone, Debug)]
pub struct ProviderHttp {
    inner: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

/// Why a request to a provider failed.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// Connecting or sending failed.
    #[error("request failed: {0}")]
    Client(#[from] hyper_util::client::legacy::Error),
    /// Reading the answer failed (or it was too large).
    #[error("reading the response failed: {0}")]
    Body(String),
    /// No answer in time.
    #[error("the identity provider did not answer in time")]
    Timeout,
}

impl ProviderHttp {
    /// A client with the bundled root certificates.
    pub fn new() -> Result<Self, String> {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_connect_timeout(Some(Duration::from_secs(5)));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| e.to_string())?
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        Ok(Self { inner: Client::builder(TokioExecutor::new()).build(https) })
    }

    /// Sends one request and reads the whole answer.
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
        let response =
            tokio::time::timeout(TIMEOUT, self.inner.request(request)).await.map_err(|_| HttpError::Timeout)??;
        let (parts, body) = response.into_parts();
        let bytes = tokio::time::timeout(TIMEOUT, Limited::new(body, MAX_BODY).collect())
            .await
            .map_err(|_| HttpError::Timeout)?
            .map_err(|e| HttpError::Body(e.to_string()))?
            .to_bytes();
        Ok(http::Response::from_parts(parts, bytes.to_vec()))
    }
}

impl<'c> AsyncHttpClient<'c> for ProviderHttp {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;
    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

/// An OpenID Connect client as discovery leaves it.
type OidcClient =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// A configured provider, ready to start and finish sign-ins.
#[derive(Debug)]
pub struct Provider {
    config: ProviderConfig,
    http: ProviderHttp,
    discovered: Mutex<Option<(std::time::Instant, CoreProviderMetadata)>>,
}

impl Provider {
    /// A provider reached through `http`.
    pub fn new(config: ProviderConfig, http: ProviderHttp) -> Self {
        Self { config, http, discovered: Mutex::new(None) }
    }

    /// Its settings.
    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// A client for the discovered metadata (fetched on first use, again after an hour) whose
    /// callback is `redirect_url`.
    async fn client(&self, redirect_url: &str) -> Result<OidcClient, ProviderError> {
        // The lock is held only to read and to store, never across the network: while a provider
        // is slow, sign-ins wait for their own discovery, not for each other's.
        let cached = self.discovered.lock().await.as_ref().filter(|(at, _)| at.elapsed() < DISCOVERY_TTL).cloned();
        let metadata = match cached {
            Some((_, metadata)) => metadata,
            None => {
                let issuer =
                    IssuerUrl::new(self.config.issuer.clone()).map_err(|e| ProviderError::Config(e.to_string()))?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|e| ProviderError::Unavailable(format!("discovery: {e}")))?;
                *self.discovered.lock().await = Some((std::time::Instant::now(), metadata.clone()));
                metadata
            }
        };
        let post_only = metadata.token_endpoint_auth_methods_supported().is_some_and(|methods| {
            methods.contains(&CoreClientAuthMethod::ClientSecretPost)
                && !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
        });
        let redirect = RedirectUrl::new(redirect_url.to_owned()).map_err(|e| ProviderError::Config(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        Ok(if post_only { client.set_auth_type(AuthType::RequestBody) } else { client })
    }

    /// Starts a sign-in: the URL to send the browser to, with a fresh `state`, nonce and PKCE pair.
    pub async fn start(&self, redirect_url: &str) -> Result<Started, ProviderError> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let scopes = ["email", "profile"].into_iter().map(str::to_owned).chain(self.config.scopes.iter().cloned());
        match self.config.kind {
            ProviderKind::Oidc => {
                let client = self.client(redirect_url).await?;
                let mut request = client.authorize_url(
                    CoreAuthenticationFlow::AuthorizationCode,
                    CsrfToken::new_random,
                    Nonce::new_random,
                );
                for scope in scopes {
                    request = request.add_scope(Scope::new(scope));
                }
                let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
                Ok(Started {
                    url: url.to_string(),
                    state: state.secret().clone(),
                    nonce: nonce.secret().clone(),
                    pkce_verifier: verifier.secret().clone(),
                })
            }
            ProviderKind::Github => {
                let (url, state) = github::authorize_url(&self.config, redirect_url, challenge)?;
                Ok(Started { url, state, nonce: String::new(), pkce_verifier: verifier.secret().clone() })
            }
        }
    }

    /// Finishes a sign-in with the code the provider sent back: exchanges it (with the PKCE
    /// verifier), checks the ID token (signature, issuer, audience, expiry, nonce, access-token
    /// hash) and returns who signed in.
    pub async fn finish(
        &self,
        redirect_url: &str,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<Claims, ProviderError> {
        if self.config.kind == ProviderKind::Github {
            return github::finish(&self.config, redirect_url, &self.http, code, pkce_verifier).await;
        }
        let client = self.client(redirect_url).await?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| ProviderError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(response) => match response.error() {
                    CoreErrorResponseType::InvalidGrant => ProviderError::CodeRefused(response.to_string()),
                    CoreErrorResponseType::InvalidClient | CoreErrorResponseType::UnauthorizedClient => {
                        ProviderError::Config(response.to_string())
                    }
                    _ => ProviderError::Unavailable(response.to_string()),
                },
                other => ProviderError::Unavailable(other.to_string()),
            })?;
        let id_token = token.id_token().ok_or_else(|| ProviderError::Token("no ID token".to_owned()))?;
        let verifier = client.id_token_verifier();
        let nonce = Nonce::new(nonce.to_owned());
        let claims = id_token.claims(&verifier, &nonce).map_err(|e| match e {
            ClaimsVerificationError::InvalidNonce(_) => ProviderError::Nonce,
            ClaimsVerificationError::InvalidIssuer(_) => ProviderError::Issuer,
            ClaimsVerificationError::InvalidAudience(_) => ProviderError::Audience,
            other => ProviderError::Token(other.to_string()),
        })?;
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(|e| ProviderError::Token(e.to_string()))?;
            let key = id_token.signing_key(&verifier).map_err(|e| ProviderError::Token(e.to_string()))?;
            let actual = AccessTokenHash::from_token(token.access_token(), algorithm, key)
                .map_err(|e| ProviderError::Token(e.to_string()))?;
            if actual != *expected {
                return Err(ProviderError::Token("the access token hash does not match".to_owned()));
            }
        }
        let name = claims
            .name()
            .and_then(|n| n.get(None).or_else(|| n.iter().next().map(|(_, v)| v)))
            .map(|n| n.as_str().to_owned())
            .or_else(|| claims.preferred_username().map(|u| u.as_str().to_owned()));
        Ok(Claims {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|e| e.as_str().to_owned()),
            email_verified: claims.email_verified().unwrap_or(false),
            name,
        })
    }
}

mod github {
    //! GitHub: OAuth 2.0 (with PKCE), then `GET /user` and `/user/emails` for the id and the primary
    //! verified address. Identity key: (`https://github.com`, the numeric user id), never the login,
    //! which can be renamed.

    use openidconnect::{
        AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, PkceCodeVerifier,
        RedirectUrl, Scope, TokenUrl,
    };
    use serde::Deserialize;

    use super::{Claims, GithubUrls, ProviderConfig, ProviderError, ProviderHttp};

    /// The issuer part of github.com identities.
    pub const ISSUER: &str = "https://github.com";

    fn urls(config: &ProviderConfig) -> GithubUrls {
        config.github_urls.clone().unwrap_or_default()
    }

    /// The issuer part of this provider's identities: github.com, or the origin of a GitHub
    /// Enterprise server (whose numeric ids are another namespace).
    fn issuer(config: &ProviderConfig) -> String {
        match &config.github_urls {
            None => ISSUER.to_owned(),
            Some(urls) => openidconnect::url::Url::parse(&urls.authorize)
                .map_or_else(|_| urls.authorize.clone(), |url| url.origin().ascii_serialization()),
        }
    }

    pub(super) fn authorize_url(
        config: &ProviderConfig,
        redirect: &str,
        challenge: PkceCodeChallenge,
    ) -> Result<(String, String), ProviderError> {
        let urls = urls(config);
        let bad = |e: openidconnect::url::ParseError| ProviderError::Config(e.to_string());
        let client = oauth2::basic::BasicClient::new(ClientId::new(config.client_id.clone()))
            .set_auth_uri(AuthUrl::new(urls.authorize).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(bad)?);
        let (url, state) = client
            .authorize_url(CsrfToken::new_random)
            .add_scope(Scope::new("read:user".to_owned()))
            .add_scope(Scope::new("user:email".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok((url.to_string(), state.secret().clone()))
    }

    #[derive(Deserialize)]
    struct GithubUser {
        id: u64,
        login: String,
        name: Option<String>,
    }

    #[derive(Deserialize)]
    struct GithubEmail {
        email: String,
        primary: bool,
        verified: bool,
    }

    #[derive(Deserialize)]
    struct TokenAnswer {
        access_token: Option<String>,
        error: Option<String>,
        error_description: Option<String>,
    }

    async fn get<T: serde::de::DeserializeOwned>(
        http: &ProviderHttp,
        url: &str,
        token: &str,
    ) -> Result<T, ProviderError> {
        let request = openidconnect::http::Request::get(url)
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "application/vnd.github+json")
            .header("user-agent", "Ideaforge")
            .body(Vec::new())
            .map_err(|e| ProviderError::Config(e.to_string()))?;
        let response = http.send(request).await.map_err(|e| ProviderError::Unavailable(e.to_string()))?;
        if !response.status().is_success() {
            return Err(ProviderError::Unavailable(format!("GitHub API {url}: {}", response.status())));
        }
        serde_json::from_slice(response.body()).map_err(|e| ProviderError::Unavailable(e.to_string()))
    }

    pub(super) async fn finish(
        config: &ProviderConfig,
        redirect: &str,
        http: &ProviderHttp,
        code: &str,
        pkce_verifier: &str,
    ) -> Result<Claims, ProviderError> {
        let urls = urls(config);
        let bad = |e: openidconnect::url::ParseError| ProviderError::Config(e.to_string());
        // GitHub answers errors with 200 and an `error` field, so the answer is read by hand.
        let client = oauth2::basic::BasicClient::new(ClientId::new(config.client_id.clone()))
            .set_client_secret(ClientSecret::new(config.client_secret.clone()))
            .set_auth_type(oauth2::AuthType::RequestBody)
            .set_token_uri(TokenUrl::new(urls.token.clone()).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(bad)?);
        let exchanged = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(http)
            .await;
        let access_token = match exchanged {
            Ok(token) => oauth2::TokenResponse::access_token(&token).secret().clone(),
            Err(oauth2::RequestTokenError::Parse(_, body)) => {
                let answer: TokenAnswer =
                    serde_json::from_slice(&body).map_err(|e| ProviderError::Unavailable(e.to_string()))?;
                match (answer.access_token, answer.error) {
                    (Some(token), None) => token,
                    (_, Some(error)) => {
                        let detail = answer.error_description.unwrap_or_default();
                        return Err(ProviderError::CodeRefused(format!("{error}: {detail}")));
                    }
                    (None, None) => return Err(ProviderError::Unavailable("no access token".to_owned())),
                }
            }
            Err(oauth2::RequestTokenError::ServerResponse(response)) => {
                return Err(ProviderError::CodeRefused(response.to_string()));
            }
            Err(other) => return Err(ProviderError::Unavailable(other.to_string())),
        };
        let api = urls.api.trim_end_matches('/');
        let user: GithubUser = get(http, &format!("{api}/user"), &access_token).await?;
        let emails: Vec<GithubEmail> = get(http, &format!("{api}/user/emails"), &access_token).await?;
        let email = emails.into_iter().find(|e| e.primary && e.verified).map(|e| e.email);
        Ok(Claims {
            issuer: issuer(config),
            subject: user.id.to_string(),
            email_verified: email.is_some(),
            email,
            name: user.name.filter(|n| !n.trim().is_empty()).or(Some(user.login)),
        })
    }
}
