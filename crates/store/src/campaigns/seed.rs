//! Bulk fixtures for benchmarks and tests (the `testing` feature): many members at once, and many
//! authorised sandbox pledges to a live campaign at once, written in multi-row inserts. Everything
//! else about a campaign goes through the rules.

use ideaforge_domain::campaign::PledgeStatus;
use ideaforge_domain::{CampaignId, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use time::OffsetDateTime;

use crate::entity::{campaigns, pledges, users};
use crate::{Store, StoreError};

const CHUNK: usize = 1_000;

impl Store {
    /// Creates `n` confirmed members named `{prefix}{i}@bench.example` (no usable password) and
    /// returns their ids in order.
    pub async fn seed_members(&self, prefix: &str, n: usize, now: OffsetDateTime) -> Result<Vec<UserId>, StoreError> {
        let mut ids = Vec::with_capacity(n);
        for start in (0..n).step_by(CHUNK) {
            let emails: Vec<String> =
                (start..(start + CHUNK).min(n)).map(|i| format!("{prefix}{i}@bench.example")).collect();
            let txn = self.write.begin().await?;
            users::Entity::insert_many(emails.iter().enumerate().map(|(i, email)| users::ActiveModel {
                id: NotSet,
                email: Set(email.clone()),
                display_name: Set(format!("Backer {}", start + i)),
                password_hash: Set(String::new()),
                role: Set("member".to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
                email_verified_at: Set(Some(now)),
                locale: Set(None),
                time_zone: Set(None),
                suspended_at: Set(None),
                suspended_by: Set(None),
                suspended_reason: Set(None),
            }))
            .exec_without_returning(&txn)
            .await?;
            let found: Vec<(i64, String)> = users::Entity::find()
                .select_only()
                .column(users::Column::Id)
                .column(users::Column::Email)
                .filter(users::Column::Email.is_in(emails.clone()))
                .order_by_asc(users::Column::Id)
                .into_tuple()
                .all(&txn)
                .await?;
            txn.commit().await?;
            ids.extend(found.into_iter().map(|(id, _)| UserId::new(id)));
        }
        Ok(ids)
    }

    /// Adds an active sandbox pledge of `minor` (the campaign's currency, no reward) from each of
    /// `backers` to a live campaign, authorised on the sandbox's approving test card, and counts
    /// them in the campaign's totals.
    pub async fn seed_pledges(
        &self,
        id: CampaignId,
        backers: &[UserId],
        minor: i64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        for chunk in backers.chunks(CHUNK) {
            let txn = self.write.begin().await?;
            pledges::Entity::insert_many(chunk.iter().map(|backer| pledges::ActiveModel {
                id: NotSet,
                campaign_id: Set(id.get()),
                backer_id: Set(backer.get()),
                amount_minor: Set(minor),
                tier_id: Set(None),
                anonymous: Set(false),
                status: Set(PledgeStatus::Active.as_str().to_owned()),
                authorisation: Set(format!("sbx_4242_seed{}x{}", id.get(), backer.get())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }))
            .exec_without_returning(&txn)
            .await?;
            let row = campaigns::Entity::find_by_id(id.get()).one(&txn).await?.ok_or(StoreError::Conflict)?;
            let added = i64::try_from(chunk.len()).unwrap_or(i64::MAX);
            campaigns::ActiveModel {
                id: Set(row.id),
                pledged_minor: Set(row.pledged_minor + added * minor),
                backers: Set(row.backers + i32::try_from(chunk.len()).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            txn.commit().await?;
        }
        Ok(())
    }
}
