//! Influence shares and royalty statements in the database: a change of shares with its register
//! record and notices, a statement of what is owed with its lines, and the receipt of that money
//! crediting the holders' payables in one ledger transaction. The domain decides each under the
//! idea's (or the statement's) lock.

use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::ip::{Record, Shares, Subject};
use ideaforge_domain::ledger::IdempotencyKey;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::royalty::{Earning, OwedStatement, ReceiptPlan, SharesPlan, StatementPlan, early_contributors};
use ideaforge_domain::{IdeaId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{ideas, ip_records, royalty_lines, royalty_statements};
use crate::events::{Event, append};
use crate::ideas::idea_ref;
use crate::ip::{append_ip, shares_within, to_record};
use crate::ledger::{PostError, Posting, post_within};
use crate::notifications::{notify_all, notify_within};
use crate::{Backend, Store, StoreError};

/// One contributor's line of a royalty statement, as they see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoyaltyLine {
    /// The idea.
    pub idea: IdeaId,
    /// Its title.
    pub idea_title: String,
    /// The period (`2027-Q1`, `2027-03`, …).
    pub period: String,
    /// The net revenue recorded.
    pub revenue: Money,
    /// The contributor's role.
    pub role: String,
    /// Their share of the pool.
    pub share: BasisPoints,
    /// Their part of the pool.
    pub amount: Money,
    /// When it was recorded.
    pub recorded_at: OffsetDateTime,
    /// When the money was received and credited to them; `None` while it is owed.
    pub credited_at: Option<OffsetDateTime>,
}

/// A revenue statement of an idea, as its managers and admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Its id.
    pub id: i64,
    /// The idea.
    pub idea: IdeaId,
    /// The period.
    pub period: String,
    /// The net revenue recorded.
    pub revenue: Money,
    /// The pool owed.
    pub pool: Money,
    /// When it was recorded.
    pub recorded_at: OffsetDateTime,
    /// When the money was received; `None` while it is owed.
    pub received_at: Option<OffsetDateTime>,
}

/// What the store knows about an idea's earnings, read under its lock.
pub(crate) struct Loaded {
    idea: ideaforge_domain::notification::IdeaRef,
    stage: Stage,
    shares: Option<Shares>,
    revenue_recorded: bool,
    early: Vec<UserId>,
}

impl Loaded {
    pub(crate) fn earning(&self) -> Earning<'_> {
        Earning {
            idea: &self.idea,
            stage: self.stage,
            shares: self.shares.as_ref(),
            revenue_recorded: self.revenue_recorded,
            early_contributors: &self.early,
        }
    }
}

/// An idea's stage, shares, statements and early contributors, its row locked until the
/// transaction ends (PostgreSQL; SQLite's one writer already serialises writes).
pub(crate) async fn load_earning(
    txn: &DatabaseTransaction,
    backend: Backend,
    idea: IdeaId,
) -> Result<Loaded, StoreError> {
    let mut query = ideas::Entity::find_by_id(idea.get());
    if backend == Backend::Postgres {
        // FOR NO KEY UPDATE, as for stage moves: a vote that inserted its row (KEY SHARE on the
        // idea) and waits to count must not deadlock with this.
        query = query.lock(sea_orm::sea_query::LockType::NoKeyUpdate);
    }
    let row = query.one(txn).await?.ok_or(StoreError::Conflict)?;
    let stage = row.stage.parse().map_err(|_| StoreError::Corrupt { what: "idea stage" })?;
    let statements =
        royalty_statements::Entity::find().filter(royalty_statements::Column::IdeaId.eq(idea.get())).count(txn).await?;
    let records = ip_records::Entity::find()
        .filter(ip_records::Column::Subject.eq(Subject::Idea(idea).to_string()))
        .order_by_asc(ip_records::Column::Seq)
        .all(txn)
        .await?
        .into_iter()
        .map(to_record)
        .collect::<Result<Vec<Record>, _>>()?;
    Ok(Loaded {
        idea: idea_ref(txn, &row).await?,
        stage,
        shares: shares_within(txn, idea).await?,
        revenue_recorded: statements > 0,
        early: early_contributors(&records),
    })
}

fn currency_of(code: &str) -> Result<Currency, StoreError> {
    Currency::parse(code).map_err(|_| StoreError::Corrupt { what: "royalty currency" })
}

impl Store {
    /// The latest influence shares of an idea.
    pub async fn influence_shares(&self, idea: IdeaId) -> Result<Option<Shares>, StoreError> {
        shares_within(&self.read, idea).await
    }

    /// Sets an idea's influence shares as the domain decides under the idea's lock: `decide` gets
    /// what the idea has earned so far and returns the plan (or a refusal, and nothing changes); the
    /// register record, its event and the holders' notices commit together.
    pub async fn set_influence_shares<E: From<StoreError>>(
        &self,
        idea: IdeaId,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Earning<'_>) -> Result<SharesPlan, E>,
    ) -> Result<Record, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let loaded = load_earning(&txn, self.backend, idea).await?;
        let plan = decide(&loaded.earning())?;
        let sealed = append_ip(&txn, self.backend, plan.record, now).await?;
        append(&txn, Event::InfluenceSharesSet { idea, record: sealed.seq }, Some(actor), now)
            .await
            .map_err(StoreError::from)?;
        notify_all(&txn, &plan.told, Some(actor), &plan.notice, now).await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(sealed)
    }

    /// Records a revenue statement as the domain decides under the idea's lock: `decide` gets what
    /// the idea has earned so far and returns the plan (or a refusal, and nothing changes); the
    /// statement and its lines commit together, and nothing is credited until the money is
    /// received. `Conflict` when the period was recorded before (once per idea, period and
    /// currency). Returns the statement's id with the plan.
    pub async fn record_royalty<E: From<StoreError>>(
        &self,
        idea: IdeaId,
        period: &str,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Earning<'_>) -> Result<StatementPlan, E>,
    ) -> Result<(i64, StatementPlan), E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let loaded = load_earning(&txn, self.backend, idea).await?;
        let plan = decide(&loaded.earning())?;
        let id = insert_statement(&txn, idea, period, &plan, actor, now).await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok((id, plan))
    }

    /// Records the money received for a statement as the domain decides under the statement's
    /// lock: `decide` gets what is owed and returns the plan (or a refusal, and nothing changes);
    /// the ledger credit (posted with `posting`'s memo, reference and actor under the statement's
    /// own key), the statement's receipt, its event and the holders' notices commit together.
    /// `Ok(None)` for an unknown statement. Returns the idea and the ledger transaction.
    pub async fn receive_royalty<E: From<PostError>>(
        &self,
        statement: i64,
        posting: &Posting<'_>,
        now: OffsetDateTime,
        decide: impl FnOnce(&OwedStatement) -> Result<ReceiptPlan, E>,
    ) -> Result<Option<(IdeaId, i64)>, E> {
        let txn = self.write.begin().await.map_err(PostError::from)?;
        let mut query = royalty_statements::Entity::find_by_id(statement);
        if self.backend == Backend::Postgres {
            query = query.lock_exclusive();
        }
        let Some(row) = query.one(&txn).await.map_err(PostError::from)? else { return Ok(None) };
        let owed = owed_statement(&txn, &row).await.map_err(PostError::from)?;
        let plan = decide(&owed)?;
        let key = IdempotencyKey::royalty_statement(row.id);
        let posting = Posting { key: &key, memo: &plan.memo, kind: "royalty", ..*posting };
        let Some(transaction) = post_within(&txn, self.backend, &posting, &plan.transaction, now).await? else {
            return Err(PostError::from(StoreError::Conflict).into());
        };
        royalty_statements::ActiveModel {
            id: Set(row.id),
            transaction_id: Set(Some(transaction)),
            received_at: Set(Some(now)),
            received_by: Set(posting.actor.map(UserId::get)),
            reference: Set(posting.reference.map(str::to_owned)),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(PostError::from)?;
        let idea = IdeaId::new(row.idea_id);
        append(&txn, Event::RoyaltyReceived { idea, statement: row.id, transaction }, posting.actor, now)
            .await
            .map_err(PostError::from)?;
        for (user, notice) in &plan.told {
            notify_within(&txn, *user, notice, now).await.map_err(PostError::from)?;
        }
        txn.commit().await.map_err(PostError::from)?;
        Ok(Some((idea, transaction)))
    }

    /// An idea's statements, newest first.
    pub async fn royalty_statements(&self, idea: IdeaId) -> Result<Vec<Statement>, StoreError> {
        royalty_statements::Entity::find()
            .filter(royalty_statements::Column::IdeaId.eq(idea.get()))
            .order_by_desc(royalty_statements::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|row| {
                let currency = currency_of(&row.currency)?;
                Ok(Statement {
                    id: row.id,
                    idea,
                    period: row.period,
                    revenue: Money::new(row.revenue_minor, currency),
                    pool: Money::new(row.pool_minor, currency),
                    recorded_at: row.recorded_at,
                    received_at: row.received_at,
                })
            })
            .collect()
    }

    /// The idea a statement is about.
    pub async fn royalty_statement_idea(&self, statement: i64) -> Result<Option<IdeaId>, StoreError> {
        let idea: Option<i64> = royalty_statements::Entity::find_by_id(statement)
            .select_only()
            .column(royalty_statements::Column::IdeaId)
            .into_tuple()
            .one(&self.read)
            .await?;
        Ok(idea.map(IdeaId::new))
    }

    /// A contributor's royalty lines, newest first.
    pub async fn royalty_lines(&self, user: UserId) -> Result<Vec<RoyaltyLine>, StoreError> {
        let lines = royalty_lines::Entity::find()
            .filter(royalty_lines::Column::UserId.eq(user.get()))
            .order_by_desc(royalty_lines::Column::Id)
            .all(&self.read)
            .await?;
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let Some(statement) = royalty_statements::Entity::find_by_id(line.statement_id).one(&self.read).await?
            else {
                continue;
            };
            let title: Option<String> = ideas::Entity::find_by_id(statement.idea_id)
                .select_only()
                .column(ideas::Column::Title)
                .into_tuple()
                .one(&self.read)
                .await?;
            let currency = currency_of(&statement.currency)?;
            out.push(RoyaltyLine {
                idea: IdeaId::new(statement.idea_id),
                idea_title: title.unwrap_or_default(),
                period: statement.period,
                revenue: Money::new(statement.revenue_minor, currency),
                role: line.role,
                share: BasisPoints::new(i64::from(line.share_bp)).map_err(|_| StoreError::Corrupt { what: "share" })?,
                amount: Money::new(line.amount_minor, currency),
                recorded_at: statement.recorded_at,
                credited_at: statement.received_at,
            });
        }
        Ok(out)
    }
}

pub(crate) async fn insert_statement(
    txn: &DatabaseTransaction,
    idea: IdeaId,
    period: &str,
    plan: &StatementPlan,
    actor: UserId,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let inserted = royalty_statements::ActiveModel {
        id: NotSet,
        idea_id: Set(idea.get()),
        period: Set(period.to_owned()),
        revenue_minor: Set(plan.revenue.minor()),
        currency: Set(plan.revenue.currency().code().to_owned()),
        pool_bp: Set(i32::from(plan.pool_bp.get())),
        pool_minor: Set(plan.pool.minor()),
        transaction_id: Set(None),
        recorded_by: Set(actor.get()),
        recorded_at: Set(now),
        received_at: Set(None),
        received_by: Set(None),
        reference: Set(None),
    }
    .insert(txn)
    .await;
    let statement = match inserted {
        Ok(row) => row,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(StoreError::Conflict);
        }
        Err(e) => return Err(e.into()),
    };
    for line in &plan.lines {
        royalty_lines::ActiveModel {
            id: NotSet,
            statement_id: Set(statement.id),
            user_id: Set(line.user.get()),
            role: Set(line.role.clone()),
            share_bp: Set(i32::from(line.share.get())),
            amount_minor: Set(line.amount.minor()),
        }
        .insert(txn)
        .await?;
    }
    append(txn, Event::RoyaltyRecorded { idea, statement: statement.id }, Some(actor), now).await?;
    Ok(statement.id)
}

/// A statement as a receipt sees it: what is owed, to whom, and whether it was received.
async fn owed_statement(
    txn: &DatabaseTransaction,
    row: &royalty_statements::Model,
) -> Result<OwedStatement, StoreError> {
    let currency = currency_of(&row.currency)?;
    let idea =
        ideas::Entity::find_by_id(row.idea_id).one(txn).await?.ok_or(StoreError::Corrupt { what: "statement idea" })?;
    let lines = royalty_lines::Entity::find()
        .filter(royalty_lines::Column::StatementId.eq(row.id))
        .order_by_asc(royalty_lines::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|line| (UserId::new(line.user_id), Money::new(line.amount_minor, currency)))
        .collect();
    Ok(OwedStatement {
        idea: idea_ref(txn, &idea).await?,
        period: row.period.clone(),
        pool: Money::new(row.pool_minor, currency),
        lines,
        received: row.received_at.is_some() || row.transaction_id.is_some(),
    })
}
