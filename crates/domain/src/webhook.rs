//! Webhooks: an organization's endpoints, the events they hear, how a delivery is signed (the
//! Standard Webhooks specification), retried and given up on, and which addresses a request may
//! reach.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use time::Duration;

use crate::invalid::Invalid;
use crate::org::OrgRole;
use crate::text::name_enum;
use crate::{
    CampaignId, ChallengeId, CommentId, ContestId, DeliveryId, IdeaId, OrgId, QuestionId, SolutionId, WebhookId,
};

name_enum!(
    /// What an endpoint may hear about. A solution's event carries its existence and id only.
    WebhookEvent {
        /// An idea was submitted to one of the organization's contests.
        IdeaSubmitted => "idea.submitted",
        /// An idea in one of its contests changed stage.
        StageChanged => "idea.stage_changed",
        /// An idea in one of its contests reached a number of votes (10, 25, 50, 100, …).
        VoteMilestone => "idea.vote_milestone",
        /// Someone commented on an idea in one of its contests.
        CommentPosted => "comment.posted",
        /// Someone asked a question on one of its challenges.
        QuestionAsked => "challenge.question_asked",
        /// A solution was submitted to one of its challenges.
        SolutionSubmitted => "solution.submitted",
        /// One of its challenges made an award.
        AwardMade => "challenge.award_made",
        /// One of its campaigns launched.
        CampaignLaunched => "campaign.launched",
        /// One of its campaigns ended at its deadline (funded or not).
        CampaignSettled => "campaign.settled",
    }
);

/// What happened, as an endpoint is told it: ids and the change, never private text. The store
/// finds the organization it belongs to from the idea's contest, the challenge or the campaign.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Happening {
    /// An idea was submitted to a contest.
    IdeaSubmitted {
        /// The idea.
        idea_id: IdeaId,
        /// Its contest.
        contest_id: ContestId,
    },
    /// An idea changed stage.
    StageChanged {
        /// The idea.
        idea_id: IdeaId,
        /// The stage it left.
        from: String,
        /// The stage it entered.
        to: String,
    },
    /// An idea reached a vote milestone.
    VoteMilestone {
        /// The idea.
        idea_id: IdeaId,
        /// The milestone.
        votes: i64,
    },
    /// A comment was posted on an idea.
    CommentPosted {
        /// The idea.
        idea_id: IdeaId,
        /// The comment.
        comment_id: CommentId,
    },
    /// A question was asked on a challenge.
    QuestionAsked {
        /// The challenge.
        challenge_id: ChallengeId,
        /// The question.
        question_id: QuestionId,
    },
    /// A solution was submitted: that it exists, nothing of what it says.
    SolutionSubmitted {
        /// The challenge.
        challenge_id: ChallengeId,
        /// The solution.
        solution_id: SolutionId,
    },
    /// A solution won an award.
    AwardMade {
        /// The challenge.
        challenge_id: ChallengeId,
        /// The winning solution.
        solution_id: SolutionId,
    },
    /// A campaign launched.
    CampaignLaunched {
        /// The campaign.
        campaign_id: CampaignId,
    },
    /// A campaign ended at its deadline.
    CampaignSettled {
        /// The campaign.
        campaign_id: CampaignId,
        /// `succeeded` or `failed`.
        outcome: String,
    },
}

impl Happening {
    /// The event type endpoints subscribe to.
    pub fn event(&self) -> WebhookEvent {
        match self {
            Self::IdeaSubmitted { .. } => WebhookEvent::IdeaSubmitted,
            Self::StageChanged { .. } => WebhookEvent::StageChanged,
            Self::VoteMilestone { .. } => WebhookEvent::VoteMilestone,
            Self::CommentPosted { .. } => WebhookEvent::CommentPosted,
            Self::QuestionAsked { .. } => WebhookEvent::QuestionAsked,
            Self::SolutionSubmitted { .. } => WebhookEvent::SolutionSubmitted,
            Self::AwardMade { .. } => WebhookEvent::AwardMade,
            Self::CampaignLaunched { .. } => WebhookEvent::CampaignLaunched,
            Self::CampaignSettled { .. } => WebhookEvent::CampaignSettled,
        }
    }
}

/// The body every delivery sends (Standard Webhooks' `type`, `timestamp`, `data`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Message<'a> {
    /// The event type.
    #[serde(rename = "type")]
    pub kind: WebhookEvent,
    /// When it happened (RFC 3339, UTC).
    pub timestamp: String,
    /// What happened.
    pub data: &'a Happening,
}

/// Who may see and change an organization's webhooks: its owners and managers (they hold the
/// secrets that prove a delivery came from here).
pub fn may_manage(role: Option<OrgRole>) -> bool {
    role.is_some_and(OrgRole::can_manage)
}

/// Which addresses endpoints may name and reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Production: `https` only, and never a loopback, private, link-local or other non-public
    /// address (checked on the URL and again on every address its name resolves to).
    Public,
    /// Development and tests: `http` and local addresses too.
    Local,
}

/// The longest endpoint URL accepted.
pub const MAX_URL: usize = 2_000;
/// The most endpoints an organization may register.
pub const MAX_ENDPOINTS: usize = 20;

/// An endpoint's address: an absolute `https` (or, reaching locally, `http`) URL without
/// credentials or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointUrl {
    url: String,
    host: String,
    port: u16,
    https: bool,
}

impl EndpointUrl {
    /// Parses a URL; under [`Reach::Public`] a plain `http` URL or a non-public IP literal is
    /// refused as [`Invalid::NotPublic`].
    pub fn parse(raw: &str, reach: Reach) -> Result<Self, Invalid> {
        let url = raw.trim();
        if url.is_empty() {
            return Err(Invalid::Required);
        }
        if url.chars().count() > MAX_URL {
            return Err(Invalid::TooLong { max: MAX_URL });
        }
        // Only what RFC 3986 allows in a URL (anything else percent-encoded), so that every
        // accepted address can be sent to.
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
        if !url.chars().all(allowed) {
            return Err(Invalid::Malformed);
        }
        let lower = url.to_ascii_lowercase();
        let (https, rest) = if let Some(rest) = lower.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = lower.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(Invalid::Malformed);
        };
        if url.contains('#') {
            return Err(Invalid::Malformed);
        }
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        if authority.contains('@') || authority.is_empty() {
            return Err(Invalid::Malformed);
        }
        let (host, port) = split_host_port(authority, if https { 443 } else { 80 })?;
        let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
        if reach == Reach::Public && (!https || literal.is_some_and(|ip| !public_address(ip))) {
            return Err(Invalid::NotPublic);
        }
        Ok(Self { url: url.to_owned(), host, port, https })
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// Its host name or IP literal (IPv6 without brackets), lower case.
    pub fn host(&self) -> &str {
        self.host.trim_start_matches('[').trim_end_matches(']')
    }

    /// Its port (the scheme's default when none is written).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether it is `https`.
    pub fn https(&self) -> bool {
        self.https
    }
}

fn split_host_port(authority: &str, default: u16) -> Result<(String, u16), Invalid> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']').ok_or(Invalid::Malformed)?;
        let after = &authority[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(Invalid::Malformed),
        };
        (&authority[..=end], port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(Invalid::Malformed)?,
        None => default,
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let name_ok = !bare.is_empty()
        && bare.len() <= 253
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'))
        && !bare.starts_with(['.', '-']);
    if !name_ok || (host.starts_with('[') && bare.parse::<Ipv6Addr>().is_err()) {
        return Err(Invalid::Malformed);
    }
    if !host.starts_with('[') && bare.contains(':') {
        return Err(Invalid::Malformed);
    }
    Ok((host.to_owned(), port))
}

/// Whether an address is on the public internet: not loopback, private, link-local, shared,
/// multicast, reserved or documentation space (an IPv4 address inside IPv6 is judged as IPv4).
pub fn public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_v4(v4);
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return public_v4(Ipv4Addr::new(a, b, c, d));
            }
            // 6to4 (2002::/16) carries an IPv4 address in its second and third groups.
            if s[0] == 0x2002 {
                let [a, b] = s[1].to_be_bytes();
                let [c, d] = s[2].to_be_bytes();
                return public_v4(Ipv4Addr::new(a, b, c, d));
            }
            !(v6.is_multicast()
                || s[..4] == [0, 0, 0, 0] // ::/64: loopback, unspecified, IPv4-compatible and -translated
                || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // local-use NAT64 (64:ff9b:1::/48)
                || (s[0] == 0x100 && s[1..4] == [0, 0, 0]) // discard-only (100::/64)
                || (s[0] == 0x2001 && s[1] == 0) // Teredo (2001::/32)
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] & 0xfff0) == 0x3ff0) // documentation (3fff::/20)
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || a >= 240
        || (a == 100 && (b & 0xc0) == 64) // shared address space (carrier-grade NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b & 0xfe) == 18)) // benchmarking
}

/// The secret an endpoint's deliveries are signed with: `whsec_` and 24 random bytes in base64.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(…)")
    }
}

impl WebhookSecret {
    /// A secret from fresh random bytes.
    pub fn from_random(bytes: [u8; 24]) -> Self {
        Self(format!("whsec_{}", STANDARD.encode(bytes)))
    }

    /// A stored secret.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let key = raw.strip_prefix("whsec_").ok_or(Invalid::Malformed)?;
        STANDARD.decode(key).map_err(|_| Invalid::Malformed)?;
        Ok(Self(raw.to_owned()))
    }

    /// The secret as the receiver configures it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn key(&self) -> Vec<u8> {
        STANDARD.decode(self.0.trim_start_matches("whsec_")).unwrap_or_default()
    }

    /// The `v1` signature of one delivery: HMAC-SHA256 over `{id}.{timestamp}.{body}`, in base64.
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.key()) else {
            return String::new();
        };
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// How long a replaced secret still signs deliveries after a rotation, so that receivers can
/// switch without missing any.
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);

/// The `webhook-signature` header: one signature per valid secret, space-separated, the current
/// secret's first.
pub fn signature_header(
    current: &WebhookSecret,
    previous: Option<&WebhookSecret>,
    id: &str,
    timestamp: i64,
    body: &str,
) -> String {
    let mut header = current.sign(id, timestamp, body);
    if let Some(previous) = previous {
        header.push(' ');
        header.push_str(&previous.sign(id, timestamp, body));
    }
    header
}

/// The most attempts a delivery gets before it is given up on (and its endpoint disabled).
pub const MAX_ATTEMPTS: i32 = 8;

/// When to try a delivery again after `attempts` failed tries, or `None` to give up: 5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 10 h (the specification's suggested schedule), each stretched by up to
/// a fifth by `jitter` (0 to 1) so that a receiver coming back is not hit by every retry at once.
pub fn retry_after(attempts: i32, jitter: f64) -> Option<Duration> {
    const SCHEDULE: [i64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
    let index = usize::try_from(attempts).ok()?.checked_sub(1)?;
    let base = *SCHEDULE.get(index)?;
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let stretch = 1.0 + jitter.clamp(0.0, 1.0) / 5.0;
    Some(Duration::seconds_f64(base as f64 * stretch))
}

/// Whether a receiver's answer counts as delivered: any 2xx.
pub fn delivered(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The most of a receiver's answer that is read (and kept, shortened, in the delivery log).
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// The events an endpoint hears: at least one, each known, none twice.
pub fn parse_events<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<WebhookEvent>, Invalid> {
    let mut events = Vec::new();
    for name in raw {
        let event = name.parse::<WebhookEvent>()?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(Invalid::Required);
    }
    events.sort_by_key(|e| WebhookEvent::ALL.iter().position(|a| a == e));
    Ok(events)
}

/// A registered endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Its id.
    pub id: WebhookId,
    /// The organization whose events it hears.
    pub org: OrgId,
    /// Where deliveries go.
    pub url: String,
    /// What it hears.
    pub events: Vec<WebhookEvent>,
    /// The secret deliveries are signed with.
    pub secret: WebhookSecret,
    /// The secret it replaced, signing too until the given time.
    pub previous: Option<(WebhookSecret, time::OffsetDateTime)>,
    /// Why it was disabled (`None` while it is active).
    pub disabled: Option<String>,
    /// When it was registered.
    pub created_at: time::OffsetDateTime,
}

impl Endpoint {
    /// Whether it hears `event` now.
    pub fn hears(&self, event: WebhookEvent) -> bool {
        self.disabled.is_none() && self.events.contains(&event)
    }

    /// The replaced secret while it still signs.
    pub fn previous_at(&self, now: time::OffsetDateTime) -> Option<&WebhookSecret> {
        self.previous.as_ref().filter(|(_, until)| *until > now).map(|(secret, _)| secret)
    }
}

name_enum!(
    /// Where a delivery stands.
    DeliveryStatus {
        /// Waiting for its first or next attempt.
        Pending => "pending",
        /// A receiver answered 2xx.
        Delivered => "delivered",
        /// Given up on after the last attempt failed.
        Failed => "failed",
    }
);

/// One message to one endpoint, as its delivery log shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Its id.
    pub id: DeliveryId,
    /// The endpoint.
    pub endpoint: WebhookId,
    /// The `webhook-id` every attempt sends.
    pub message_id: String,
    /// The event type.
    pub event: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made.
    pub attempts: i32,
    /// The last answer's status code, if the receiver answered.
    pub last_status: Option<i32>,
    /// How long the last attempt took, in milliseconds.
    pub last_latency_ms: Option<i32>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: time::OffsetDateTime,
    /// When it is tried next (while pending).
    pub next_attempt_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests;
