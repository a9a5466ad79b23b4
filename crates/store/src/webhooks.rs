//! Organizations' webhook endpoints and the queue of their deliveries. A delivery row is written in
//! the same transaction as the event it announces (so no event is lost and none is queued twice:
//! one row per endpoint and event), then claimed under a lease by any node's sender (`FOR UPDATE
//! SKIP LOCKED` on PostgreSQL; SQLite's one writer serialises claims). A sender that dies
//! mid-delivery simply lets its lease run out, and the next one sends the same message again.

use ideaforge_domain::notification::{Notice, OrgRef};
use ideaforge_domain::org::OrgRole;
use ideaforge_domain::webhook::{
    Delivery, DeliveryStatus, Endpoint, EndpointUrl, Happening, Message, Reach, WebhookEvent, WebhookSecret,
};
use ideaforge_domain::{DeliveryId, OrgId, UserId, WebhookId};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::entity::{
    campaigns, challenges, contests, ideas, org_members, organizations, webhook_deliveries, webhook_endpoints,
};
use crate::events::Event;
use crate::{Backend, Store, StoreError};

/// Whether any webhook can hear of `event` (it has a public happening).
pub(crate) fn heard(event: &Event) -> bool {
    happening(event).is_some()
}

/// What an event tells endpoints, if anything. Bulk imports write their events without this (an
/// import is not a hundred thousand submissions to announce).
fn happening(event: &Event) -> Option<Happening> {
    Some(match event {
        Event::IdeaSubmitted { idea, contest: Some(contest) } => {
            Happening::IdeaSubmitted { idea_id: *idea, contest_id: *contest }
        }
        Event::StageChanged { idea, from, to } => {
            Happening::StageChanged { idea_id: *idea, from: from.as_str().to_owned(), to: to.as_str().to_owned() }
        }
        Event::VoteMilestoneReached { idea, votes } => Happening::VoteMilestone { idea_id: *idea, votes: *votes },
        Event::CommentPosted { idea, comment } => Happening::CommentPosted { idea_id: *idea, comment_id: *comment },
        Event::QuestionAsked { challenge, question } => {
            Happening::QuestionAsked { challenge_id: *challenge, question_id: *question }
        }
        Event::SolutionSubmitted { challenge, solution } => {
            Happening::SolutionSubmitted { challenge_id: *challenge, solution_id: *solution }
        }
        Event::SolutionAwarded { challenge, solution, .. } => {
            Happening::AwardMade { challenge_id: *challenge, solution_id: *solution }
        }
        Event::CampaignMoved { campaign, to } if to == "live" => Happening::CampaignLaunched { campaign_id: *campaign },
        Event::CampaignMoved { campaign, to } if to == "succeeded" || to == "failed" => {
            Happening::CampaignSettled { campaign_id: *campaign, outcome: to.clone() }
        }
        _ => return None,
    })
}

/// The organization a happening belongs to: the idea's contest's, the challenge's or the
/// campaign's (an anonymous seeker's events go to its own endpoints only).
async fn owner<C: ConnectionTrait>(conn: &C, happening: &Happening) -> Result<Option<i64>, DbErr> {
    let contest_org = async |contest: i64| -> Result<Option<i64>, DbErr> {
        Ok(contests::Entity::find_by_id(contest).one(conn).await?.map(|c| c.org_id))
    };
    match happening {
        Happening::IdeaSubmitted { contest_id, .. } => contest_org(contest_id.get()).await,
        Happening::StageChanged { idea_id, .. }
        | Happening::VoteMilestone { idea_id, .. }
        | Happening::CommentPosted { idea_id, .. } => {
            match ideas::Entity::find_by_id(idea_id.get()).one(conn).await?.and_then(|i| i.contest_id) {
                Some(contest) => contest_org(contest).await,
                None => Ok(None),
            }
        }
        Happening::QuestionAsked { challenge_id, .. }
        | Happening::SolutionSubmitted { challenge_id, .. }
        | Happening::AwardMade { challenge_id, .. } => {
            Ok(challenges::Entity::find_by_id(challenge_id.get()).one(conn).await?.map(|c| c.org_id))
        }
        Happening::CampaignLaunched { campaign_id } | Happening::CampaignSettled { campaign_id, .. } => {
            Ok(campaigns::Entity::find_by_id(campaign_id.get()).one(conn).await?.map(|c| c.org_id))
        }
    }
}

/// Queues the event for every active endpoint of its organization that hears it, inside the
/// event's transaction.
pub(crate) async fn fan_out<C: ConnectionTrait>(
    conn: &C,
    event_id: i64,
    event: &Event,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let Some(happening) = happening(event) else { return Ok(()) };
    let Some(org) = owner(conn, &happening).await? else { return Ok(()) };
    let endpoints = webhook_endpoints::Entity::find()
        .filter(webhook_endpoints::Column::OrgId.eq(org))
        .filter(webhook_endpoints::Column::DisabledReason.is_null())
        .all(conn)
        .await?;
    let kind = happening.event();
    let listening: Vec<_> =
        endpoints.into_iter().filter_map(|row| endpoint(row).ok()).filter(|e| e.hears(kind)).collect();
    if listening.is_empty() {
        return Ok(());
    }
    let timestamp = now.format(&Rfc3339).map_err(|e| DbErr::Custom(e.to_string()))?;
    let body = serde_json::to_string(&Message { kind, timestamp, data: &happening })
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let message_id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    let rows = listening.iter().map(|e| webhook_deliveries::ActiveModel {
        id: NotSet,
        endpoint_id: Set(e.id.get()),
        event_id: Set(event_id),
        message_id: Set(message_id.clone()),
        event_type: Set(kind.as_str().to_owned()),
        payload: Set(body.clone()),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_status: Set(None),
        last_latency_ms: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        delivered_at: Set(None),
    });
    webhook_deliveries::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}

fn endpoint(row: webhook_endpoints::Model) -> Result<Endpoint, StoreError> {
    let corrupt = |_| StoreError::Corrupt { what: "webhook endpoint" };
    let events = row
        .events
        .split(',')
        .filter(|e| !e.is_empty())
        .map(str::parse::<WebhookEvent>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(corrupt)?;
    let secret = WebhookSecret::parse(&row.secret).map_err(corrupt)?;
    let previous = match (row.previous_secret, row.previous_until) {
        (Some(s), Some(until)) => Some((WebhookSecret::parse(&s).map_err(corrupt)?, until)),
        _ => None,
    };
    Ok(Endpoint {
        id: WebhookId::new(row.id),
        org: OrgId::new(row.org_id),
        url: row.url,
        events,
        secret,
        previous,
        disabled: row.disabled_reason,
        created_at: row.created_at,
    })
}

fn delivery(row: webhook_deliveries::Model) -> Result<Delivery, StoreError> {
    Ok(Delivery {
        id: DeliveryId::new(row.id),
        endpoint: WebhookId::new(row.endpoint_id),
        message_id: row.message_id,
        event: row.event_type,
        status: row.status.parse().map_err(|_| StoreError::Corrupt { what: "webhook delivery" })?,
        attempts: row.attempts,
        last_status: row.last_status,
        last_latency_ms: row.last_latency_ms,
        last_error: row.last_error,
        created_at: row.created_at,
        next_attempt_at: row.next_attempt_at,
    })
}

fn event_list(events: &[WebhookEvent]) -> String {
    events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(",")
}

/// A new endpoint.
#[derive(Debug)]
pub struct NewWebhook<'a> {
    /// Its organization.
    pub org: OrgId,
    /// Where deliveries go (parsed).
    pub url: &'a str,
    /// What it hears.
    pub events: &'a [WebhookEvent],
    /// Its signing secret.
    pub secret: &'a WebhookSecret,
    /// Who registered it.
    pub by: UserId,
}

/// A delivery claimed for sending, with its endpoint.
#[derive(Clone, Debug)]
pub struct DueDelivery {
    /// The delivery.
    pub id: DeliveryId,
    /// Where it goes and how it is signed.
    pub endpoint: Endpoint,
    /// Its `webhook-id`.
    pub message_id: String,
    /// The body to send.
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: i32,
    /// Until when this sender holds it.
    pub held_until: OffsetDateTime,
}

/// What one attempt came to.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// The receiver's status code, if it answered.
    pub status: Option<u16>,
    /// How long it took.
    pub latency_ms: i32,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// What follows.
    pub next: AttemptNext,
}

/// What follows an attempt (decided by `domain::webhook`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptNext {
    /// It was delivered.
    Delivered,
    /// It is tried again then.
    RetryAt(OffsetDateTime),
    /// It is given up on: the endpoint is disabled with this reason and its organization's
    /// managers are told.
    GiveUp(String),
}

impl Store {
    /// Registers an endpoint.
    pub async fn create_webhook(&self, new: NewWebhook<'_>, now: OffsetDateTime) -> Result<Endpoint, StoreError> {
        let row = webhook_endpoints::ActiveModel {
            id: NotSet,
            org_id: Set(new.org.get()),
            url: Set(new.url.to_owned()),
            events: Set(event_list(new.events)),
            secret: Set(new.secret.expose().to_owned()),
            previous_secret: Set(None),
            previous_until: Set(None),
            disabled_reason: Set(None),
            created_by: Set(new.by.get()),
            created_at: Set(now),
        }
        .insert(&self.write)
        .await?;
        endpoint(row)
    }

    /// An organization's endpoints, oldest first.
    pub async fn webhooks_of(&self, org: OrgId) -> Result<Vec<Endpoint>, StoreError> {
        webhook_endpoints::Entity::find()
            .filter(webhook_endpoints::Column::OrgId.eq(org.get()))
            .order_by_asc(webhook_endpoints::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(endpoint)
            .collect()
    }

    /// One endpoint.
    pub async fn webhook(&self, id: WebhookId) -> Result<Option<Endpoint>, StoreError> {
        webhook_endpoints::Entity::find_by_id(id.get()).one(&self.read).await?.map(endpoint).transpose()
    }

    /// Changes where an endpoint sends and what it hears, and enables or disables it (a manager's
    /// own disabling is recorded as `reason`).
    pub async fn update_webhook(
        &self,
        id: WebhookId,
        url: &str,
        events: &[WebhookEvent],
        disabled: Option<&str>,
    ) -> Result<(), StoreError> {
        webhook_endpoints::Entity::update_many()
            .col_expr(webhook_endpoints::Column::Url, Expr::value(url))
            .col_expr(webhook_endpoints::Column::Events, Expr::value(event_list(events)))
            .col_expr(webhook_endpoints::Column::DisabledReason, Expr::value(disabled.map(str::to_owned)))
            .filter(webhook_endpoints::Column::Id.eq(id.get()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Replaces an endpoint's secret; the old one still signs until `overlap_until`.
    pub async fn rotate_webhook_secret(
        &self,
        id: WebhookId,
        secret: &WebhookSecret,
        overlap_until: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let Some(row) = webhook_endpoints::Entity::find_by_id(id.get()).one(&txn).await? else {
            return Err(StoreError::Conflict);
        };
        webhook_endpoints::ActiveModel {
            id: Set(row.id),
            secret: Set(secret.expose().to_owned()),
            previous_secret: Set(Some(row.secret)),
            previous_until: Set(Some(overlap_until)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes an endpoint with its delivery log.
    pub async fn delete_webhook(&self, id: WebhookId) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        webhook_deliveries::Entity::delete_many()
            .filter(webhook_deliveries::Column::EndpointId.eq(id.get()))
            .exec(&txn)
            .await?;
        webhook_endpoints::Entity::delete_by_id(id.get()).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// An endpoint's latest deliveries, newest first, before `before` when given.
    pub async fn webhook_deliveries(
        &self,
        endpoint: WebhookId,
        before: Option<DeliveryId>,
        limit: u64,
    ) -> Result<Vec<Delivery>, StoreError> {
        let mut query = webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::EndpointId.eq(endpoint.get()))
            .order_by_desc(webhook_deliveries::Column::Id)
            .limit(limit);
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::Column::Id.lt(before.get()));
        }
        query.all(&self.read).await?.into_iter().map(delivery).collect()
    }

    /// How many deliveries an endpoint has in each status (pending, delivered, failed).
    pub async fn webhook_delivery_count(&self, endpoint: WebhookId, status: DeliveryStatus) -> Result<u64, StoreError> {
        Ok(webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::EndpointId.eq(endpoint.get()))
            .filter(webhook_deliveries::Column::Status.eq(status.as_str()))
            .count(&self.read)
            .await?)
    }

    /// Queues a delivery of this endpoint again, at once and with a fresh schedule (same message
    /// id and body). False when no such delivery belongs to the endpoint.
    pub async fn resend_webhook_delivery(
        &self,
        endpoint: WebhookId,
        id: DeliveryId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::Status, Expr::value(DeliveryStatus::Pending.as_str()))
            .col_expr(webhook_deliveries::Column::Attempts, Expr::value(0))
            .col_expr(webhook_deliveries::Column::NextAttemptAt, Expr::value(now))
            .col_expr(webhook_deliveries::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
            .filter(webhook_deliveries::Column::Id.eq(id.get()))
            .filter(webhook_deliveries::Column::EndpointId.eq(endpoint.get()))
            .exec(&self.write)
            .await?;
        Ok(done.rows_affected == 1)
    }

    /// Claims up to `limit` due deliveries of active endpoints until `lease_until`; deliveries
    /// another sender holds under a live lease are skipped.
    pub async fn claim_webhook_deliveries(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u64,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        use sea_orm::sea_query::{LockBehavior, LockType};
        let txn = self.write.begin().await?;
        let active = Query::select()
            .column(webhook_endpoints::Column::Id)
            .from(webhook_endpoints::Entity)
            .and_where(webhook_endpoints::Column::DisabledReason.is_null())
            .to_owned();
        let mut due = webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .filter(webhook_deliveries::Column::NextAttemptAt.lte(now))
            .filter(
                webhook_deliveries::Column::ClaimedUntil.is_null().or(webhook_deliveries::Column::ClaimedUntil.lt(now)),
            )
            .filter(webhook_deliveries::Column::EndpointId.in_subquery(active))
            .order_by_asc(webhook_deliveries::Column::Id)
            .limit(limit);
        if self.backend == Backend::Postgres {
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&txn).await?;
        if rows.is_empty() {
            txn.commit().await?;
            return Ok(Vec::new());
        }
        webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::ClaimedUntil, Expr::value(lease_until))
            .filter(webhook_deliveries::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
        let endpoints = webhook_endpoints::Entity::find()
            .filter(webhook_endpoints::Column::Id.is_in(rows.iter().map(|r| r.endpoint_id)))
            .all(&txn)
            .await?
            .into_iter()
            .map(endpoint)
            .collect::<Result<Vec<_>, _>>()?;
        txn.commit().await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let endpoint = endpoints.iter().find(|e| e.id.get() == row.endpoint_id)?.clone();
                Some(DueDelivery {
                    id: DeliveryId::new(row.id),
                    endpoint,
                    message_id: row.message_id,
                    payload: row.payload,
                    attempts: row.attempts,
                    held_until: lease_until,
                })
            })
            .collect())
    }

    /// Records an attempt of a claimed delivery. Nothing is recorded when the claim is no longer
    /// this sender's (its lease ran out and another sender took the delivery). Giving up disables
    /// the endpoint and tells its organization's owners and managers, in one transaction.
    pub async fn record_webhook_attempt(
        &self,
        due: &DueDelivery,
        attempt: &Attempt,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let (status, delivered_at) = match &attempt.next {
            AttemptNext::Delivered => (DeliveryStatus::Delivered, Some(now)),
            AttemptNext::RetryAt(_) => (DeliveryStatus::Pending, None),
            AttemptNext::GiveUp(_) => (DeliveryStatus::Failed, None),
        };
        let mut update = webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::Status, Expr::value(status.as_str()))
            .col_expr(webhook_deliveries::Column::Attempts, Expr::value(due.attempts + 1))
            .col_expr(webhook_deliveries::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
            .col_expr(webhook_deliveries::Column::LastStatus, Expr::value(attempt.status.map(i32::from)))
            .col_expr(webhook_deliveries::Column::LastLatencyMs, Expr::value(attempt.latency_ms))
            .col_expr(
                webhook_deliveries::Column::LastError,
                Expr::value(attempt.error.as_ref().map(|e| e.chars().take(500).collect::<String>())),
            )
            .col_expr(webhook_deliveries::Column::DeliveredAt, Expr::value(delivered_at));
        if let AttemptNext::RetryAt(at) = attempt.next {
            update = update.col_expr(webhook_deliveries::Column::NextAttemptAt, Expr::value(at));
        }
        let mine = update
            .filter(webhook_deliveries::Column::Id.eq(due.id.get()))
            .filter(webhook_deliveries::Column::ClaimedUntil.eq(due.held_until))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !mine {
            txn.rollback().await?;
            return Ok(false);
        }
        if let AttemptNext::GiveUp(reason) = &attempt.next {
            disable(&txn, &due.endpoint, reason, now).await?;
        }
        txn.commit().await?;
        Ok(true)
    }
}

/// Disables an endpoint that gave up and tells its organization's owners and managers.
async fn disable(
    txn: &sea_orm::DatabaseTransaction,
    endpoint: &Endpoint,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let disabled = webhook_endpoints::Entity::update_many()
        .col_expr(webhook_endpoints::Column::DisabledReason, Expr::value(reason))
        .filter(webhook_endpoints::Column::Id.eq(endpoint.id.get()))
        .filter(webhook_endpoints::Column::DisabledReason.is_null())
        .exec(txn)
        .await?;
    if disabled.rows_affected != 1 {
        return Ok(());
    }
    let Some(org) = organizations::Entity::find_by_id(endpoint.org.get()).one(txn).await? else {
        return Ok(());
    };
    let managers: Vec<UserId> = org_members::Entity::find()
        .filter(org_members::Column::OrgId.eq(org.id))
        .all(txn)
        .await?
        .into_iter()
        .filter(|m| m.role.parse::<OrgRole>().is_ok_and(OrgRole::can_manage))
        .map(|m| UserId::new(m.user_id))
        .collect();
    let host = EndpointUrl::parse(&endpoint.url, Reach::Local).map(|u| u.host().to_owned()).unwrap_or_default();
    let notice =
        Notice::WebhookDisabled { org: OrgRef { id: OrgId::new(org.id), slug: org.slug }, endpoint: endpoint.id, host };
    crate::notifications::notify_all(txn, &managers, None, &notice, now).await
}
