//! Webhooks: an organization's managers register endpoints, read their delivery log, send a
//! delivery again and rotate secrets; every node's sender delivers the queue (`deliver.rs`).

mod deliver;
pub mod sender;

use ideaforge_domain::org::Org;
use ideaforge_domain::webhook::{
    self, Delivery, DeliveryStatus, Endpoint, EndpointUrl, MAX_ENDPOINTS, ROTATION_OVERLAP, Reach, WebhookEvent,
    WebhookSecret,
};
use ideaforge_domain::{DeliveryId, FieldErrors, Invalid, User, WebhookId};
use ideaforge_store::NewWebhook;

use crate::App;
use crate::ideas::{IdeasError, invalid};

/// How webhooks are delivered.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct WebhooksConfig {
    /// Whether this node sends deliveries (every node may; they share the queue).
    pub worker: bool,
    /// How often the sender looks for due deliveries, in milliseconds.
    pub poll_ms: u64,
    /// How long one attempt may take, in milliseconds.
    pub timeout_ms: u64,
    /// How long a sender holds the deliveries it claimed, in seconds; a sender that dies lets
    /// them go after this.
    pub lease_secs: u64,
    /// Deliveries claimed (and sent at once) per round.
    pub batch: u64,
    /// Allow `http` and loopback or private addresses (development and tests only: in production
    /// an endpoint must be a public `https` address).
    pub allow_local: bool,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self { worker: true, poll_ms: 500, timeout_ms: 10_000, lease_secs: 60, batch: 16, allow_local: false }
    }
}

impl WebhooksConfig {
    /// Which addresses endpoints may name and reach.
    pub fn reach(&self) -> Reach {
        if self.allow_local { Reach::Local } else { Reach::Public }
    }
}

/// An endpoint with its delivery log, for its page.
#[derive(Debug)]
pub struct WebhookPage {
    /// The organization.
    pub org: Org,
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Its latest deliveries, newest first.
    pub deliveries: Vec<Delivery>,
    /// How many are waiting, delivered and given up on.
    pub counts: [(DeliveryStatus, u64); 3],
}

/// The fields of an endpoint's form or body.
#[derive(Debug, Default)]
pub struct WebhookInput<'a> {
    /// Where deliveries go.
    pub url: &'a str,
    /// The events it hears, by name.
    pub events: Vec<&'a str>,
    /// Whether it is enabled (a change only; a new endpoint always is).
    pub enabled: bool,
}

/// Why the endpoint was disabled, as stored: its sender gave up, or a manager paused it.
pub const DISABLED_FAILING: &str = "failing";
/// A manager paused the endpoint.
pub const DISABLED_PAUSED: &str = "paused";

impl App {
    /// The organization, if `actor` manages it (as its page would show them: an organization
    /// hidden from them is not found).
    async fn managed_org(&self, actor: &User, slug: &str) -> Result<Org, IdeasError> {
        let page = self.org_page(Some(actor), slug).await?;
        if webhook::may_manage(page.viewer_role) { Ok(page.org) } else { Err(IdeasError::Forbidden) }
    }

    /// One of the organization's endpoints.
    async fn managed_webhook(&self, actor: &User, slug: &str, id: WebhookId) -> Result<(Org, Endpoint), IdeasError> {
        let org = self.managed_org(actor, slug).await?;
        match self.store.webhook(id).await? {
            Some(endpoint) if endpoint.org == org.id => Ok((org, endpoint)),
            _ => Err(IdeasError::NotFound),
        }
    }

    fn parse_webhook(&self, input: &WebhookInput<'_>) -> Result<(EndpointUrl, Vec<WebhookEvent>), IdeasError> {
        let mut errors = FieldErrors::new();
        let url = errors.check("url", EndpointUrl::parse(input.url, self.webhooks.reach()));
        let events = errors.check("events", webhook::parse_events(input.events.iter().copied()));
        match (url, events) {
            (Some(url), Some(events)) => Ok((url, events)),
            _ => Err(IdeasError::Invalid(errors)),
        }
    }

    /// Checks that `actor` manages the organization, before a form's input is read.
    pub async fn check_webhook_manager(&self, actor: &User, slug: &str) -> Result<(), IdeasError> {
        self.managed_org(actor, slug).await.map(|_| ())
    }

    /// The organization's endpoints.
    pub async fn webhooks(&self, actor: &User, slug: &str) -> Result<(Org, Vec<Endpoint>), IdeasError> {
        let org = self.managed_org(actor, slug).await?;
        let endpoints = self.store.webhooks_of(org.id).await?;
        Ok((org, endpoints))
    }

    /// Registers an endpoint; its secret is in the answer (and on its page for the managers).
    pub async fn create_webhook(
        &self,
        actor: &User,
        slug: &str,
        input: &WebhookInput<'_>,
    ) -> Result<Endpoint, IdeasError> {
        let org = self.managed_org(actor, slug).await?;
        let (url, events) = self.parse_webhook(input)?;
        if self.store.webhooks_of(org.id).await?.len() >= MAX_ENDPOINTS {
            return Err(invalid("url", Invalid::TooMany { max: MAX_ENDPOINTS }));
        }
        let secret = fresh_secret()?;
        let new = NewWebhook { org: org.id, url: url.as_str(), events: &events, secret: &secret, by: actor.id };
        Ok(self.store.create_webhook(new, self.clock.now()).await?)
    }

    /// One endpoint, without its deliveries.
    pub async fn webhook(&self, actor: &User, slug: &str, id: WebhookId) -> Result<Endpoint, IdeasError> {
        Ok(self.managed_webhook(actor, slug, id).await?.1)
    }

    /// An endpoint with its latest deliveries (before `before`, when paging back).
    pub async fn webhook_page(
        &self,
        actor: &User,
        slug: &str,
        id: WebhookId,
        before: Option<DeliveryId>,
    ) -> Result<WebhookPage, IdeasError> {
        let (org, endpoint) = self.managed_webhook(actor, slug, id).await?;
        let deliveries = self.store.webhook_deliveries(id, before, 50).await?;
        let mut counts = [(DeliveryStatus::Pending, 0), (DeliveryStatus::Delivered, 0), (DeliveryStatus::Failed, 0)];
        for (status, count) in &mut counts {
            *count = self.store.webhook_delivery_count(id, *status).await?;
        }
        Ok(WebhookPage { org, endpoint, deliveries, counts })
    }

    /// Changes an endpoint's address, events, and whether it is enabled (enabling one that gave
    /// up lets its waiting deliveries go again).
    pub async fn update_webhook(
        &self,
        actor: &User,
        slug: &str,
        id: WebhookId,
        input: &WebhookInput<'_>,
    ) -> Result<(), IdeasError> {
        let (_, endpoint) = self.managed_webhook(actor, slug, id).await?;
        let (url, events) = self.parse_webhook(input)?;
        let disabled = match (input.enabled, endpoint.disabled.as_deref()) {
            (true, _) => None,
            (false, Some(reason)) => Some(reason),
            (false, None) => Some(DISABLED_PAUSED),
        };
        Ok(self.store.update_webhook(id, url.as_str(), &events, disabled).await?)
    }

    /// Gives an endpoint a new secret; the old one keeps signing for a day beside it.
    pub async fn rotate_webhook_secret(
        &self,
        actor: &User,
        slug: &str,
        id: WebhookId,
    ) -> Result<WebhookSecret, IdeasError> {
        self.managed_webhook(actor, slug, id).await?;
        let secret = fresh_secret()?;
        self.store.rotate_webhook_secret(id, &secret, self.clock.now() + ROTATION_OVERLAP).await?;
        Ok(secret)
    }

    /// Deletes an endpoint and its delivery log.
    pub async fn delete_webhook(&self, actor: &User, slug: &str, id: WebhookId) -> Result<(), IdeasError> {
        self.managed_webhook(actor, slug, id).await?;
        Ok(self.store.delete_webhook(id).await?)
    }

    /// Queues one of the endpoint's deliveries again, at once, with the same message id (refused
    /// while the endpoint is stopped).
    pub async fn resend_webhook_delivery(
        &self,
        actor: &User,
        slug: &str,
        id: WebhookId,
        delivery: DeliveryId,
    ) -> Result<(), IdeasError> {
        let (_, endpoint) = self.managed_webhook(actor, slug, id).await?;
        // A stopped endpoint sends nothing: enable it first (its waiting deliveries then go too).
        if endpoint.disabled.is_some() {
            return Err(IdeasError::Conflict);
        }
        if self.store.resend_webhook_delivery(id, delivery, self.clock.now()).await? {
            Ok(())
        } else {
            Err(IdeasError::NotFound)
        }
    }
}

fn fresh_secret() -> Result<WebhookSecret, IdeasError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| IdeasError::Internal(e.into()))?;
    Ok(WebhookSecret::from_random(bytes))
}
