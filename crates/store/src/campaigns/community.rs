//! What surrounds a campaign in the database: the lists that find campaigns, members' interest in an
//! idea (one row per member and idea, changed in place), the organization's updates (each told to
//! the backers in the same transaction) with backers' comments, and what the organization reads
//! about its backers (the CSV rows and pledges by day).

use std::collections::BTreeMap;

use ideaforge_domain::campaign::{Audience, CampaignStatus, NewUpdate, PledgeStatus};
use ideaforge_domain::comment::CommentBody;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::notification::Notice;
use ideaforge_domain::{CampaignId, IdeaId, OrgId, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use time::{Date, OffsetDateTime};

use super::{campaign_ref, corrupt, to_campaign};
use crate::entity::{campaign_tiers, campaign_updates, campaigns, idea_interest, pledges, update_comments, users};
use crate::events::{Event, append};
use crate::notifications::notify_all;
use crate::{Store, StoreError};

/// A campaign as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignCard {
    /// Its id.
    pub id: CampaignId,
    /// Its organization.
    pub org: OrgId,
    /// The idea it funds, if any.
    pub idea: Option<IdeaId>,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: CampaignStatus,
    /// Whether a moderator approved it.
    pub approved: bool,
    /// The goal.
    pub goal: Money,
    /// The sum of its active pledges.
    pub pledged: Money,
    /// How many back it.
    pub backers: u32,
    /// When pledging ends.
    pub deadline: OffsetDateTime,
}

/// Which campaigns a list holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CampaignScope {
    /// Launched ones (live first, by deadline; then finished ones, newest first).
    Public,
    /// Those not yet launched of these organizations (their managers' drafts and reviews).
    Preparing(Vec<OrgId>),
    /// Those waiting for a moderator's approval.
    AwaitingApproval,
    /// Every campaign of one idea.
    OfIdea(IdeaId),
}

/// An update as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateRecord {
    /// Its id.
    pub id: i64,
    /// The title.
    pub title: String,
    /// The text (Markdown).
    pub body: String,
    /// Who reads it.
    pub audience: Audience,
    /// When it was posted.
    pub created_at: OffsetDateTime,
    /// The comments under it, oldest first: the commenter's name, the text, when.
    pub comments: Vec<(String, String, OffsetDateTime)>,
}

/// One backer as the organization's CSV lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackerRow {
    /// Their display name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// The reward tier's title, if any.
    pub tier: Option<String>,
    /// How many of its reward.
    pub quantity: u32,
    /// What they pledged.
    pub amount: Money,
    /// The pledge's status.
    pub status: PledgeStatus,
}

/// Pledges made on one day (UTC): how many, and their sum as pledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PledgeDay {
    /// The day.
    pub day: Date,
    /// Pledges first made that day that still back the campaign.
    pub count: u32,
    /// Their sum.
    pub amount: Money,
}

fn to_card(row: &campaigns::Model) -> Result<CampaignCard, StoreError> {
    let campaign = to_campaign(row)?;
    Ok(CampaignCard {
        id: campaign.id,
        org: campaign.org,
        idea: campaign.idea,
        title: row.title.clone(),
        status: campaign.status,
        approved: campaign.approved_by.is_some(),
        goal: campaign.goal,
        pledged: Money::new(row.pledged_minor, campaign.goal.currency()),
        backers: u32::try_from(row.backers).unwrap_or(0),
        deadline: campaign.deadline,
    })
}

fn backing() -> Vec<&'static str> {
    [PledgeStatus::Active, PledgeStatus::Captured, PledgeStatus::Errored].iter().map(|s| s.as_str()).collect()
}

impl Store {
    /// Campaigns in `scope`, at most `limit`.
    pub async fn campaign_cards(&self, scope: &CampaignScope, limit: u64) -> Result<Vec<CampaignCard>, StoreError> {
        let query = campaigns::Entity::find();
        let query = match scope {
            CampaignScope::Public => {
                // Live ones first, soonest deadline first; then finished ones, latest first.
                let live = query
                    .filter(campaigns::Column::Status.eq(CampaignStatus::Live.as_str()))
                    .order_by_asc(campaigns::Column::Deadline)
                    .limit(limit)
                    .all(&self.read)
                    .await?;
                let rest = limit.saturating_sub(live.len() as u64);
                let finished = campaigns::Entity::find()
                    .filter(campaigns::Column::LaunchedAt.is_not_null())
                    .filter(campaigns::Column::Status.ne(CampaignStatus::Live.as_str()))
                    .order_by_desc(campaigns::Column::Deadline)
                    .limit(rest)
                    .all(&self.read)
                    .await?;
                return live.iter().chain(&finished).map(to_card).collect();
            }
            CampaignScope::Preparing(orgs) => query
                .filter(campaigns::Column::OrgId.is_in(orgs.iter().map(|o| o.get())))
                .filter(
                    campaigns::Column::Status
                        .is_in([CampaignStatus::Draft.as_str(), CampaignStatus::InReview.as_str()]),
                )
                .order_by_desc(campaigns::Column::Id),
            CampaignScope::AwaitingApproval => query
                .filter(campaigns::Column::Status.eq(CampaignStatus::InReview.as_str()))
                .filter(campaigns::Column::ApprovedBy.is_null())
                .order_by_asc(campaigns::Column::Id),
            CampaignScope::OfIdea(idea) => {
                query.filter(campaigns::Column::IdeaId.eq(idea.get())).order_by_desc(campaigns::Column::Id)
            }
        };
        query.limit(limit).all(&self.read).await?.iter().map(to_card).collect()
    }

    /// Registers (or changes) the sum `user` would pledge for `idea`.
    pub async fn set_interest(
        &self,
        idea: IdeaId,
        user: UserId,
        amount: Money,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let row = idea_interest::ActiveModel {
            id: NotSet,
            idea_id: Set(idea.get()),
            user_id: Set(user.get()),
            amount_minor: Set(amount.minor()),
            currency: Set(amount.currency().code().to_owned()),
            updated_at: Set(now),
        };
        idea_interest::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([idea_interest::Column::IdeaId, idea_interest::Column::UserId])
                    .update_columns([
                        idea_interest::Column::AmountMinor,
                        idea_interest::Column::Currency,
                        idea_interest::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        append(&txn, Event::InterestRegistered { idea }, Some(user), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Withdraws a member's interest in an idea (nothing if there was none).
    pub async fn clear_interest(&self, idea: IdeaId, user: UserId) -> Result<(), StoreError> {
        idea_interest::Entity::delete_many()
            .filter(idea_interest::Column::IdeaId.eq(idea.get()))
            .filter(idea_interest::Column::UserId.eq(user.get()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// The sum a member said they would pledge for an idea, if any.
    pub async fn interest_of(&self, idea: IdeaId, user: UserId) -> Result<Option<Money>, StoreError> {
        let row = idea_interest::Entity::find()
            .filter(idea_interest::Column::IdeaId.eq(idea.get()))
            .filter(idea_interest::Column::UserId.eq(user.get()))
            .one(&self.read)
            .await?;
        row.map(|r| Ok(Money::new(r.amount_minor, Currency::parse(&r.currency).map_err(corrupt("interest currency"))?)))
            .transpose()
    }

    /// The demand registered for an idea: per currency, how many members and the sum they named.
    pub async fn interest_totals(&self, idea: IdeaId) -> Result<Vec<(Money, u32)>, StoreError> {
        let rows: Vec<(String, Option<i64>, i64)> = idea_interest::Entity::find()
            .select_only()
            .column(idea_interest::Column::Currency)
            .column_as(
                Expr::expr(sea_orm::sea_query::Func::cast_as(
                    sea_orm::sea_query::Func::sum(Expr::col(idea_interest::Column::AmountMinor)),
                    "bigint",
                )),
                "total",
            )
            .column_as(idea_interest::Column::Id.count(), "members")
            .filter(idea_interest::Column::IdeaId.eq(idea.get()))
            .group_by(idea_interest::Column::Currency)
            .order_by_asc(idea_interest::Column::Currency)
            .into_tuple()
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|(code, total, members)| {
                let currency = Currency::parse(&code).map_err(corrupt("interest currency"))?;
                Ok((Money::new(total.unwrap_or(0), currency), u32::try_from(members).unwrap_or(0)))
            })
            .collect()
    }

    /// Whether `user` backs the campaign (a pledge that is active, charged or being retried).
    pub async fn backs(&self, id: CampaignId, user: UserId) -> Result<bool, StoreError> {
        let found = pledges::Entity::find()
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::BackerId.eq(user.get()))
            .filter(pledges::Column::Status.is_in(backing()))
            .one(&self.read)
            .await?;
        Ok(found.is_some())
    }

    /// Posts an update to a campaign and tells every backer (all audiences reach backers) in the
    /// same transaction; returns its id.
    pub async fn post_update(
        &self,
        id: CampaignId,
        author: UserId,
        update: &NewUpdate,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let txn = self.write.begin().await?;
        let campaign = campaigns::Entity::find_by_id(id.get()).one(&txn).await?.ok_or(StoreError::Conflict)?;
        let row = campaign_updates::ActiveModel {
            id: NotSet,
            campaign_id: Set(id.get()),
            title: Set(update.title.as_str().to_owned()),
            body: Set(update.body.as_str().to_owned()),
            audience: Set(update.audience.as_str().to_owned()),
            author_id: Set(author.get()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let backers: Vec<i64> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::BackerId)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::Status.is_in(backing()))
            .into_tuple()
            .all(&txn)
            .await?;
        let notice = Notice::CampaignUpdate { campaign: campaign_ref(&campaign), update: row.title.clone() };
        let backers: Vec<UserId> = backers.into_iter().map(UserId::new).collect();
        notify_all(&txn, &backers, Some(author), &notice, now).await?;
        append(&txn, Event::CampaignUpdatePosted { campaign: id, update: row.id }, Some(author), now).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// The campaign an update belongs to, with the update's audience.
    pub async fn update_of(&self, update: i64) -> Result<Option<(CampaignId, Audience)>, StoreError> {
        let Some(row) = campaign_updates::Entity::find_by_id(update).one(&self.read).await? else { return Ok(None) };
        Ok(Some((CampaignId::new(row.campaign_id), row.audience.parse().map_err(corrupt("update audience"))?)))
    }

    /// Comments under an update.
    pub async fn comment_update(
        &self,
        update: i64,
        author: UserId,
        body: &CommentBody,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let row = campaign_updates::Entity::find_by_id(update).one(&txn).await?.ok_or(StoreError::Conflict)?;
        update_comments::ActiveModel {
            id: NotSet,
            update_id: Set(update),
            author_id: Set(author.get()),
            body: Set(body.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let campaign = CampaignId::new(row.campaign_id);
        append(&txn, Event::UpdateCommented { campaign, update }, Some(author), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A campaign's updates, newest first, for these audiences, with their comments.
    pub async fn updates(&self, id: CampaignId, audiences: &[Audience]) -> Result<Vec<UpdateRecord>, StoreError> {
        let rows = campaign_updates::Entity::find()
            .filter(campaign_updates::Column::CampaignId.eq(id.get()))
            .filter(campaign_updates::Column::Audience.is_in(audiences.iter().map(|a| a.as_str())))
            .order_by_desc(campaign_updates::Column::Id)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let comments: Vec<(i64, String, String, OffsetDateTime)> = update_comments::Entity::find()
            .select_only()
            .column(update_comments::Column::UpdateId)
            .column(users::Column::DisplayName)
            .column(update_comments::Column::Body)
            .column(update_comments::Column::CreatedAt)
            .inner_join(users::Entity)
            .filter(update_comments::Column::UpdateId.is_in(ids))
            .order_by_asc(update_comments::Column::Id)
            .into_tuple()
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|row| {
                let comments = comments
                    .iter()
                    .filter(|c| c.0 == row.id)
                    .map(|(_, name, body, at)| (name.clone(), body.clone(), *at))
                    .collect();
                Ok(UpdateRecord {
                    id: row.id,
                    audience: row.audience.parse().map_err(corrupt("update audience"))?,
                    title: row.title,
                    body: row.body,
                    created_at: row.created_at,
                    comments,
                })
            })
            .collect()
    }

    /// Every pledge ever made to a campaign, as its organization's CSV lists them (oldest first).
    pub async fn backer_rows(&self, id: CampaignId) -> Result<Vec<BackerRow>, StoreError> {
        let Some(campaign) = campaigns::Entity::find_by_id(id.get()).one(&self.read).await? else {
            return Ok(Vec::new());
        };
        let currency = Currency::parse(&campaign.currency).map_err(corrupt("campaign currency"))?;
        let tiers: BTreeMap<i64, String> = campaign_tiers::Entity::find()
            .filter(campaign_tiers::Column::CampaignId.eq(id.get()))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|t| (t.id, t.title))
            .collect();
        let rows: Vec<(String, String, Option<i64>, i32, i64, String)> = pledges::Entity::find()
            .select_only()
            .column(users::Column::DisplayName)
            .column(users::Column::Email)
            .column(pledges::Column::TierId)
            .column(pledges::Column::Quantity)
            .column(pledges::Column::AmountMinor)
            .column(pledges::Column::Status)
            .inner_join(users::Entity)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .order_by_asc(pledges::Column::Id)
            .into_tuple()
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|(name, email, tier, quantity, minor, status)| {
                Ok(BackerRow {
                    name,
                    email,
                    tier: tier.and_then(|t| tiers.get(&t).cloned()),
                    quantity: u32::try_from(quantity).unwrap_or(1),
                    amount: Money::new(minor, currency),
                    status: status.parse().map_err(corrupt("pledge status"))?,
                })
            })
            .collect()
    }

    /// Pledges that back a campaign, by the day they were first made (UTC), oldest first.
    pub async fn pledges_by_day(&self, id: CampaignId, currency: Currency) -> Result<Vec<PledgeDay>, StoreError> {
        let rows: Vec<(OffsetDateTime, i64)> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::CreatedAt)
            .column(pledges::Column::AmountMinor)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::Status.is_in(backing()))
            .into_tuple()
            .all(&self.read)
            .await?;
        let mut days: BTreeMap<Date, (u32, i64)> = BTreeMap::new();
        for (at, minor) in rows {
            let day = days.entry(at.to_offset(time::UtcOffset::UTC).date()).or_default();
            day.0 += 1;
            day.1 = day.1.saturating_add(minor);
        }
        Ok(days
            .into_iter()
            .map(|(day, (count, minor))| PledgeDay { day, count, amount: Money::new(minor, currency) })
            .collect())
    }
}

/// The members who registered interest in an idea (to tell them when its campaign launches or
/// ends).
pub(crate) async fn interested_in(
    conn: &impl sea_orm::ConnectionTrait,
    idea: IdeaId,
) -> Result<Vec<UserId>, StoreError> {
    let rows: Vec<i64> = idea_interest::Entity::find()
        .select_only()
        .column(idea_interest::Column::UserId)
        .filter(idea_interest::Column::IdeaId.eq(idea.get()))
        .order_by_asc(idea_interest::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(UserId::new).collect())
}
