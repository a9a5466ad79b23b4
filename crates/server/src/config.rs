//! Configuration: embedded defaults, then `config/{IDEAFORGE_ENV}.toml`, then `--config FILE`, then
//! `IDEAFORGE__SECTION__KEY` variables (and `IDEAFORGE_DATABASE_URL`). Each crate owns its section's
//! type; this module only composes them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use ideaforge_app::{
    AppConfig, AuthConfig, CacheConfig, ChallengesConfig, CommunityConfig, FundingConfig, MailConfig, SearchConfig,
    StoreConfig, WebhooksConfig,
};
use ideaforge_web::WebConfig;
use serde::Deserialize;

const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// Where the server listens.
#[derive(Clone, Debug, Deserialize)]
pub struct ServerConfig {
    /// The listening address.
    pub addr: SocketAddr,
}

/// The database section; the URL defaults to SQLite in the data directory.
#[derive(Clone, Debug, Deserialize)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`.
    pub url: Option<String>,
    /// Pool size.
    pub max_connections: u32,
}

/// Log output.
#[derive(Clone, Debug, Deserialize)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter, e.g. `info,sqlx=warn`.
    pub filter: String,
}

/// Everything the binary needs.
#[derive(Clone, Debug, Deserialize)]
pub struct Config {
    /// Listening.
    pub server: ServerConfig,
    /// Storage.
    pub database: DatabaseConfig,
    /// Web settings.
    #[serde(default)]
    pub web: WebConfig,
    /// Sign-in limits.
    #[serde(default)]
    pub auth: AuthConfig,
    /// Comments and moderation.
    #[serde(default)]
    pub community: CommunityConfig,
    /// In-process caches.
    #[serde(default)]
    pub cache: CacheConfig,
    /// The search index.
    #[serde(default)]
    pub search: SearchConfig,
    /// Challenges: the platform's fee.
    #[serde(default)]
    pub challenges: ChallengesConfig,
    /// Funding campaigns.
    #[serde(default)]
    pub funding: FundingConfig,
    /// E-mail: transport, sender, mailer.
    #[serde(default)]
    pub mail: MailConfig,
    /// Webhooks: the sender and which addresses endpoints may reach.
    #[serde(default)]
    pub webhooks: WebhooksConfig,
    /// Logging.
    pub log: LogConfig,
    /// Where SQLite, the index and mail files live.
    #[serde(skip)]
    pub data_dir: PathBuf,
    /// `development`, `test` or `production`.
    #[serde(skip)]
    pub env: String,
}

impl Config {
    /// Loads the layered configuration.
    pub fn load(file: Option<&Path>, data_dir: Option<&Path>) -> anyhow::Result<Self> {
        let env = std::env::var("IDEAFORGE_ENV").unwrap_or_else(|_| "development".to_owned());
        let mut figment = Figment::new().merge(Toml::string(DEFAULTS));
        let env_file = PathBuf::from(format!("config/{env}.toml"));
        if env_file.exists() {
            figment = figment.merge(Toml::file(env_file));
        }
        if let Some(file) = file {
            if !file.exists() {
                bail!("config file {} does not exist", file.display());
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("IDEAFORGE__").split("__"));
        if let Ok(url) = std::env::var("IDEAFORGE_DATABASE_URL") {
            figment = figment.merge(("database.url", url));
        }
        let mut config: Self = figment.extract().context("configuration is not valid")?;
        config.env = env;
        config.data_dir = data_dir
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("IDEAFORGE_DATA_DIR").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("data"));
        Ok(config)
    }

    /// The defaults alone, with a data directory (tests).
    pub fn defaults(data_dir: &Path) -> anyhow::Result<Self> {
        let mut config: Self = Figment::new().merge(Toml::string(DEFAULTS)).extract()?;
        config.env = "test".to_owned();
        config.data_dir = data_dir.to_path_buf();
        Ok(config)
    }

    /// The store settings, defaulting to SQLite in the data directory.
    pub fn store(&self) -> StoreConfig {
        let url = self
            .database
            .url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("ideaforge.db").display()));
        StoreConfig { url, max_connections: self.database.max_connections }
    }

    /// The search index folder: `search.dir`, or `<data-dir>/index`.
    pub fn index_dir(&self) -> PathBuf {
        self.search.dir.clone().unwrap_or_else(|| self.data_dir.join("index"))
    }

    /// The application's settings.
    pub fn app(&self) -> AppConfig {
        AppConfig {
            auth: self.auth.clone(),
            community: self.community.clone(),
            cache: self.cache.clone(),
            challenges: self.challenges.clone(),
            mail: self.mail.clone(),
            funding: self.funding.clone(),
            webhooks: self.webhooks.clone(),
        }
    }

    /// The key signing unsubscribe links: `mail.secret`, or a random one kept in
    /// `<data-dir>/mail-secret` (created on first use, so links survive restarts).
    pub fn with_mail_secret(mut self) -> anyhow::Result<Self> {
        if self.mail.secret.is_some() {
            return Ok(self);
        }
        let path = self.data_dir.join("mail-secret");
        let secret = match std::fs::read_to_string(&path) {
            Ok(secret) if secret.trim().len() >= 32 => secret.trim().to_owned(),
            _ => {
                let mut bytes = [0_u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
                let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                std::fs::create_dir_all(&self.data_dir)?;
                std::fs::write(&path, &secret)?;
                secret
            }
        };
        self.mail.secret = Some(secret);
        Ok(self)
    }

    /// Whether this is a production deployment.
    pub fn is_production(&self) -> bool {
        self.env == "production"
    }

    /// Refuses broken identity-provider settings anywhere, and settings that are unsafe in
    /// production.
    pub fn check_production(&self, demo: bool) -> anyhow::Result<()> {
        let mut ids = std::collections::HashSet::new();
        for provider in &self.auth.providers {
            provider.check(self.is_production()).map_err(|e| anyhow::anyhow!(e))?;
            if !ids.insert(provider.id.as_str()) {
                bail!("auth.providers: the id {:?} is used twice", provider.id);
            }
        }
        if !self.is_production() {
            return Ok(());
        }
        if demo {
            bail!("demo content is refused in production");
        }
        if self.webhooks.allow_local {
            bail!("webhooks.allow_local lets endpoints reach this network: it is refused in production");
        }
        if !self.web.is_https() {
            bail!("production needs web.public_url with https (IDEAFORGE__WEB__PUBLIC_URL)");
        }
        if self.mail.transport != ideaforge_mail_kind() {
            bail!("production needs mail.transport = \"smtp\" (IDEAFORGE__MAIL__TRANSPORT=smtp and mail.smtp_host)");
        }
        Ok(())
    }
}

/// The SMTP transport kind.
fn ideaforge_mail_kind() -> ideaforge_app::MailTransportKind {
    ideaforge_app::MailTransportKind::Smtp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_sqlite_in_the_data_dir() {
        let config = Config::defaults(Path::new("/tmp/x")).expect("defaults");
        assert_eq!(config.server.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.store().url, "sqlite:///tmp/x/ideaforge.db?mode=rwc");
        assert_eq!(config.auth.sign_in_per_email, 5);
    }

    #[test]
    fn production_refuses_demo_and_plain_http() {
        let mut config = Config::defaults(Path::new("/tmp/x")).expect("defaults");
        config.env = "production".to_owned();
        assert!(config.check_production(false).is_err());
        config.web.public_url = Some("https://ideas.example.com".to_owned());
        assert!(config.check_production(false).is_err(), "mail to files is refused in production");
        config.mail.transport = ideaforge_mail_kind();
        assert!(config.check_production(false).is_ok());
        assert!(config.check_production(true).is_err());
        let provider = ideaforge_app::ProviderConfig {
            id: "corp".to_owned(),
            name: "Corp".to_owned(),
            issuer: "http://idp.example.com".to_owned(),
            client_id: "c".to_owned(),
            client_secret: "s".to_owned(),
            ..Default::default()
        };
        config.auth.providers = vec![provider.clone()];
        assert!(config.check_production(false).is_err(), "a plain-HTTP issuer is refused in production");
        config.auth.providers =
            vec![ideaforge_app::ProviderConfig { issuer: "https://idp.example.com".to_owned(), ..provider }];
        assert!(config.check_production(false).is_ok());
        config.auth.providers.push(config.auth.providers[0].clone());
        assert!(config.check_production(false).is_err(), "ids are unique");
    }
}
