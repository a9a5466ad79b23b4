//! Use cases: one function per thing a person does, combining the store, auth, search and mail.
//!
//! This is the only crate that combines adapters. It owns the clock (domain functions take `now`
//! as an argument) and turns adapter failures into outcomes the web layer can show.

pub mod account_mail;
pub mod accounts;
pub mod admin;
pub mod campaigns;
mod categories;
pub mod challenges;
pub mod clock;
mod error;
pub mod external;
pub mod front;
pub mod ideas;
pub mod ip;
pub mod ledger_export;
pub mod mail;
pub mod payments;
pub mod pictures;
mod search;
pub mod webhooks;
pub mod written;

use std::sync::Arc;

use ideaforge_auth::{PasswordHasher, RateLimiter};
use ideaforge_domain::{SessionPolicy, User};
use time::Duration;

pub use account_mail::{LinkError, ResetError, SignedLink};
pub use accounts::{ChangePasswordError, RegisterError, SignInError, SignedIn, TokenError};
pub use admin::MemberRecord;
pub use campaigns::{
    CampaignLists, CampaignView, CampaignsError, FundingConfig, IdeaFunding, PledgeInput, SettleReport,
};
pub use challenges::{
    Access, Board, BoardRow, ChallengeAction, ChallengeCard, ChallengeListFilter, ChallengePage, ChallengeView,
    ChallengesConfig, ChallengesError, Funded, MoneyInput, Refusal, SolutionView,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::Internal;
pub use external::{Callback, ExternalError, ExternalOutcome, ExternalStart, ProviderButton};
pub use front::{Dashboard, VotesLeft};
pub use ideaforge_auth::oidc::{GithubUrls, ProviderConfig, ProviderError, ProviderKind};
pub use ideaforge_auth::{CrossSite, Retry, check_same_origin, hash_secret};
pub use ideaforge_domain::idea::IdeaCard;
pub use ideaforge_mail::{MailConfig, Tls as MailTls, Transport as MailTransport, TransportKind as MailTransportKind};
/// The language of a text people wrote, as a BCP 47 tag for the `lang` attribute of the page showing it.
pub use ideaforge_search::analysis::language_tag;
/// The words of Markdown without its marks, for descriptions and snippets.
pub use ideaforge_search::plain::text as plain_text;
/// Backups of an SQLite database and the files beside it (for the `backup` and `restore` commands).
pub use ideaforge_store::backup;
pub use ideaforge_store::{AuditEntry, Suspension};
pub use ideaforge_store::{
    Backend, FailedMail, LinkedIdentity, NotificationRow, OutboxCounts, PAGE_SIZE, RoyaltyLine, Store, StoreConfig,
    VoteTally,
};
pub use ideaforge_store::{BackerPledge, BackerRow, CampaignCard, ExportedIdea, LedgerLine, PledgeDay, UpdateRecord};
pub use ideas::{ContestPage, IdeaExport, IdeaPage, IdeasError, OrgPage};
pub use ip::{IdeaRights, IpReport, PartyView, RecordView, RoyaltyReport};
pub use ledger_export::LedgerExport;
pub use mail::NotificationView;
pub use payments::{Charge, ManualProvider, PaymentError, PaymentMethod, PaymentProvider};
pub use search::{
    FacetCounts, Facets, Hit, HitKind, SEARCH_PAGE_SIZE, SearchError, SearchIndex, SearchPage, SearchResults,
};
pub use webhooks::{WebhookInput, WebhookPage, WebhooksConfig};

/// Limits on sign-in and registration attempts.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    /// Sign-in attempts per e-mail address from one client address per window (someone else
    /// guessing from elsewhere never uses up the member's own attempts).
    pub sign_in_per_email: u32,
    /// Sign-in attempts per e-mail address from all client addresses together per window: the
    /// ceiling on guessing one account from many addresses. A password reset always works and
    /// lifts it.
    pub sign_in_per_account: u32,
    /// Sign-in attempts per client address per window.
    pub sign_in_per_ip: u32,
    /// Registrations per client address per window.
    pub register_per_ip: u32,
    /// The window, in seconds.
    pub window_secs: u32,
    /// Outside identity providers members may sign in with (`[[auth.providers]]`; none by default).
    pub providers: Vec<ProviderConfig>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            sign_in_per_email: 5,
            sign_in_per_account: 100,
            sign_in_per_ip: 50,
            register_per_ip: 20,
            window_secs: 900,
            providers: Vec::new(),
        }
    }
}

/// Settings for comments and moderation.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct CommunityConfig {
    /// Flags from different members that hide a comment until a moderator decides (0: never).
    pub flags_to_hide: u32,
    /// How many ideas, comments, questions, flags or solution revisions (each counted on its own)
    /// one member may post in a window.
    pub posts_per_window: u32,
    /// That window, in seconds.
    pub posts_window_secs: u32,
}

impl Default for CommunityConfig {
    fn default() -> Self {
        Self { flags_to_hide: 3, posts_per_window: 30, posts_window_secs: 600 }
    }
}

/// In-process caches of derived data.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct CacheConfig {
    /// How long a page of an idea list may be served from memory, in milliseconds (0: never).
    /// Writes on this node clear the lists they change at once; this bounds how long a change made
    /// on another node can take to show.
    pub idea_lists_ms: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self { idea_lists_ms: 1_000 }
    }
}

/// The search index and the worker that keeps it in step with the database.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct SearchConfig {
    /// The index folder (default: `<data-dir>/index`). Each node keeps its own.
    pub dir: Option<std::path::PathBuf>,
    /// How often the indexer looks for new events, in milliseconds.
    pub poll_ms: u64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { dir: None, poll_ms: 200 }
    }
}

/// The application's settings, one section per area.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AppConfig {
    /// Sign-in and registration limits.
    pub auth: AuthConfig,
    /// Comments and moderation.
    pub community: CommunityConfig,
    /// In-process caches.
    pub cache: CacheConfig,
    /// Challenges: the platform's fee.
    pub challenges: ChallengesConfig,
    /// Mail: transport, sender, mailer, unsubscribe key.
    pub mail: MailConfig,
    /// Funding campaigns: run lengths, the grace period for failed captures, the platform's fee.
    pub funding: FundingConfig,
    /// Webhooks: the sender, its timeouts and which addresses endpoints may reach.
    pub webhooks: WebhooksConfig,
}

/// The application: every use case hangs off this.
#[derive(Debug)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    hasher: PasswordHasher,
    sessions: SessionPolicy,
    /// Per e-mail address and client address.
    sign_in_limit_email: RateLimiter,
    /// Per e-mail address from everywhere (the higher ceiling).
    sign_in_limit_account: RateLimiter,
    sign_in_limit_ip: RateLimiter,
    register_limit: RateLimiter,
    posts_limit: RateLimiter,
    community: CommunityConfig,
    contest_cache: ideas::ContestCache,
    category_cache: categories::CategoryCache,
    /// Where the IP register was last verified up to (this node).
    ip_head: std::sync::Mutex<ideaforge_domain::ip::ChainHead>,
    list_cache: ideas::ListCache,
    /// Votes waiting to be written together (group commit).
    vote_queue: ideas::VoteQueue,
    search_index: search::LiveIndex,
    challenges: ChallengesConfig,
    funding: FundingConfig,
    manual: ManualProvider,
    sandbox: campaigns::Sandbox,
    mail: MailConfig,
    webhooks: WebhooksConfig,
    mail_mac: Option<hmac::Hmac<sha2::Sha256>>,
    base_url: std::sync::OnceLock<String>,
    /// Where uploaded pictures are kept.
    pictures_dir: std::sync::OnceLock<std::path::PathBuf>,
    providers: Vec<ideaforge_auth::oidc::Provider>,
}

/// The configured identity providers, sharing one HTTP client.
fn identity_providers(configs: &[ProviderConfig]) -> Vec<ideaforge_auth::oidc::Provider> {
    if configs.is_empty() {
        return Vec::new();
    }
    match ideaforge_auth::oidc::ProviderHttp::new() {
        Ok(http) => configs.iter().map(|c| ideaforge_auth::oidc::Provider::new(c.clone(), http.clone())).collect(),
        Err(error) => {
            tracing::error!(%error, "no HTTP client for identity providers; sign-in with them is off");
            Vec::new()
        }
    }
}

impl App {
    /// Counts one post of `kind` by `actor` against the per-member limit.
    pub(crate) fn count_post(&self, actor: &User, kind: &str) -> Result<(), Retry> {
        self.posts_limit.hit(&[&format!("post:{kind}:{}", actor.id)], self.clock.now())
    }

    /// Wires the application over a connected, migrated store.
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: &AppConfig) -> Self {
        let auth = &config.auth;
        let window = Duration::seconds(i64::from(auth.window_secs));
        let (manual, sandbox) = (ManualProvider::new(store.clone()), campaigns::Sandbox::new(store.clone()));
        Self {
            store,
            clock,
            hasher: PasswordHasher::owasp(),
            sessions: SessionPolicy::default(),
            sign_in_limit_email: RateLimiter::new(auth.sign_in_per_email, window),
            sign_in_limit_account: RateLimiter::new(auth.sign_in_per_account, window),
            sign_in_limit_ip: RateLimiter::new(auth.sign_in_per_ip, window),
            register_limit: RateLimiter::new(auth.register_per_ip, window),
            posts_limit: RateLimiter::new(
                config.community.posts_per_window,
                Duration::seconds(i64::from(config.community.posts_window_secs)),
            ),
            community: config.community.clone(),
            contest_cache: ideas::ContestCache::default(),
            category_cache: categories::CategoryCache::default(),
            ip_head: std::sync::Mutex::new(ideaforge_domain::ip::ChainHead::genesis()),
            list_cache: ideas::ListCache::new(std::time::Duration::from_millis(config.cache.idea_lists_ms)),
            vote_queue: ideas::VoteQueue::default(),
            search_index: search::LiveIndex::default(),
            challenges: config.challenges.clone(),
            funding: config.funding.clone(),
            manual,
            sandbox,
            mail: config.mail.clone(),
            webhooks: config.webhooks.clone(),
            // No key, no signed links: an empty or short key would let anyone forge them.
            mail_mac: config
                .mail
                .secret
                .as_deref()
                .filter(|secret| secret.len() >= 16)
                .and_then(|secret| <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(secret.as_bytes()).ok()),
            base_url: std::sync::OnceLock::new(),
            pictures_dir: std::sync::OnceLock::new(),
            providers: identity_providers(&auth.providers),
        }
    }

    /// The store, for wiring and readiness checks.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// How long a session lives, for cookie lifetimes.
    pub fn session_policy(&self) -> SessionPolicy {
        self.sessions
    }

    /// The application's clock reading, for parsing input that is checked against "now".
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> Result<(), Internal> {
        Ok(self.store.ping().await?)
    }
}
