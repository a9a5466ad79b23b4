//! The IP register in the database: records appended in the caller's transaction, one writer at a
//! time (a transaction-scoped advisory lock on PostgreSQL; SQLite's one writer), and royalty
//! statements posted to the ledger with their lines.

use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::ip::{GENESIS, NewRecord, Party, Record, RecordKind, Shares, Subject};
use ideaforge_domain::ledger::IdempotencyKey;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::royalty::{Earning, StatementPlan};
use ideaforge_domain::{IdeaId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, Statement, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{ideas, ip_records, royalty_lines, royalty_statements};
use crate::events::{Event, append};
use crate::ledger::{PostError, Posting, post_within};
use crate::{Backend, Store, StoreError};

/// The advisory lock that serialises appends to the register on PostgreSQL.
const REGISTER_LOCK: i64 = 0x1dea_f0e9;

fn to_record(model: ip_records::Model) -> Result<Record, StoreError> {
    let corrupt = |_| StoreError::Corrupt { what: "ip record" };
    let parties = model
        .parties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(str::parse::<Party>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(corrupt)?;
    Ok(Record {
        seq: model.seq,
        kind: model.kind.parse().map_err(corrupt)?,
        subject: model.subject.parse().map_err(corrupt)?,
        parties,
        terms: model.terms,
        content_sha256: model.content_sha256,
        prev_hash: model.prev_hash,
        hash: model.hash,
        recorded_at: model.recorded_at,
    })
}

fn row(sealed: &Record) -> ip_records::ActiveModel {
    let parties: Vec<String> = sealed.parties.iter().map(Party::to_string).collect();
    ip_records::ActiveModel {
        seq: Set(sealed.seq),
        kind: Set(sealed.kind.as_str().to_owned()),
        subject: Set(sealed.subject.to_string()),
        parties: Set(parties.join(",")),
        terms: Set(sealed.terms.clone()),
        content_sha256: Set(sealed.content_sha256.clone()),
        prev_hash: Set(sealed.prev_hash.clone()),
        hash: Set(sealed.hash.clone()),
        recorded_at: Set(sealed.recorded_at),
    }
}

/// Takes the register's lock (PostgreSQL) and reads where the chain ends.
async fn chain_end(txn: &DatabaseTransaction, backend: Backend) -> Result<(i64, String), StoreError> {
    if backend == Backend::Postgres {
        let sql = format!("SELECT pg_advisory_xact_lock({REGISTER_LOCK})");
        txn.execute_raw(Statement::from_string(txn.get_database_backend(), sql)).await?;
    }
    let last = ip_records::Entity::find().order_by_desc(ip_records::Column::Seq).one(txn).await?;
    Ok(last.map_or((0, GENESIS.to_owned()), |m| (m.seq, m.hash)))
}

/// Appends a record inside the caller's transaction and returns it sealed.
pub(crate) async fn append_ip(
    txn: &DatabaseTransaction,
    backend: Backend,
    record: NewRecord,
    now: OffsetDateTime,
) -> Result<Record, StoreError> {
    let (seq, prev) = chain_end(txn, backend).await?;
    let sealed = record.seal(seq + 1, &prev, now);
    row(&sealed).insert(txn).await?;
    Ok(sealed)
}

/// Appends many records in order inside the caller's transaction (bulk imports).
pub(crate) async fn append_ip_many(
    txn: &DatabaseTransaction,
    backend: Backend,
    records: Vec<NewRecord>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let (mut seq, mut prev) = chain_end(txn, backend).await?;
    let mut rows = Vec::with_capacity(records.len());
    for record in records {
        seq += 1;
        let sealed = record.seal(seq, &prev, now);
        rows.push(row(&sealed));
        prev = sealed.hash;
    }
    ip_records::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// The latest influence shares of an idea, read inside a transaction.
pub(crate) async fn shares_within(conn: &impl ConnectionTrait, idea: IdeaId) -> Result<Option<Shares>, StoreError> {
    let latest = ip_records::Entity::find()
        .filter(ip_records::Column::Subject.eq(Subject::Idea(idea).to_string()))
        .filter(ip_records::Column::Kind.eq(RecordKind::InfluenceSharesSet.as_str()))
        .order_by_desc(ip_records::Column::Seq)
        .one(conn)
        .await?;
    latest
        .map(|m| Shares::from_terms(&m.terms).map_err(|_| StoreError::Corrupt { what: "influence shares" }))
        .transpose()
}

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
    /// What they were credited.
    pub amount: Money,
    /// When it was recorded.
    pub recorded_at: OffsetDateTime,
}

/// An idea's stage and influence shares, its row locked until the transaction ends (PostgreSQL;
/// SQLite's one writer already serialises writes).
async fn load_earning(
    txn: &DatabaseTransaction,
    backend: Backend,
    idea: IdeaId,
) -> Result<(Stage, Option<Shares>), StoreError> {
    let mut query = ideas::Entity::find_by_id(idea.get());
    if backend == Backend::Postgres {
        query = query.lock_exclusive();
    }
    let row = query.one(txn).await?.ok_or(StoreError::Conflict)?;
    let stage = row.stage.parse().map_err(|_| StoreError::Corrupt { what: "idea stage" })?;
    Ok((stage, shares_within(txn, idea).await?))
}

impl Store {
    /// The records after `seq`, in chain order (for verifying from a known head).
    pub async fn ip_chain_after(&self, seq: i64) -> Result<Vec<Record>, StoreError> {
        ip_records::Entity::find()
            .filter(ip_records::Column::Seq.gt(seq))
            .order_by_asc(ip_records::Column::Seq)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_record)
            .collect()
    }

    /// Every record, in chain order (for verification).
    pub async fn ip_chain(&self) -> Result<Vec<Record>, StoreError> {
        ip_records::Entity::find()
            .order_by_asc(ip_records::Column::Seq)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_record)
            .collect()
    }

    /// The records about one subject, oldest first.
    pub async fn ip_records(&self, subject: Subject) -> Result<Vec<Record>, StoreError> {
        ip_records::Entity::find()
            .filter(ip_records::Column::Subject.eq(subject.to_string()))
            .order_by_asc(ip_records::Column::Seq)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_record)
            .collect()
    }

    /// One record.
    pub async fn ip_record(&self, seq: i64) -> Result<Option<Record>, StoreError> {
        ip_records::Entity::find_by_id(seq).one(&self.read).await?.map(to_record).transpose()
    }

    /// The latest influence shares of an idea (set when it was selected), if any.
    pub async fn influence_shares(&self, idea: IdeaId) -> Result<Option<Shares>, StoreError> {
        shares_within(&self.read, idea).await
    }

    /// Sets an idea's influence shares as the domain decides under the idea's lock: `decide` gets
    /// the idea's stage and current shares and returns the register record (or a refusal, and
    /// nothing changes); the record and its event commit together.
    pub async fn set_influence_shares<E: From<StoreError>>(
        &self,
        idea: IdeaId,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Earning<'_>) -> Result<NewRecord, E>,
    ) -> Result<Record, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let (stage, shares) = load_earning(&txn, self.backend, idea).await?;
        let record = decide(&Earning { idea, stage, shares: shares.as_ref() })?;
        let sealed = append_ip(&txn, self.backend, record, now).await?;
        append(&txn, Event::InfluenceSharesSet { idea, record: sealed.seq }, Some(actor), now)
            .await
            .map_err(StoreError::from)?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(sealed)
    }

    /// Records a revenue statement as the domain decides under the idea's lock: `decide` gets the
    /// idea's stage and shares and returns the plan (or a refusal, and nothing changes); the
    /// statement, its lines and the ledger credit commit together. `Conflict` when the period was
    /// recorded before (once per idea, period and currency).
    pub async fn record_royalty<E: From<PostError>>(
        &self,
        idea: IdeaId,
        period: &str,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Earning<'_>) -> Result<StatementPlan, E>,
    ) -> Result<StatementPlan, E> {
        let txn = self.write.begin().await.map_err(PostError::from)?;
        let (stage, shares) = load_earning(&txn, self.backend, idea).await.map_err(PostError::from)?;
        let plan = decide(&Earning { idea, stage, shares: shares.as_ref() })?;
        self.apply_statement(&txn, idea, period, &plan, actor, now).await?;
        txn.commit().await.map_err(PostError::from)?;
        Ok(plan)
    }

    async fn apply_statement(
        &self,
        txn: &DatabaseTransaction,
        idea: IdeaId,
        period: &str,
        plan: &StatementPlan,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), PostError> {
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
        }
        .insert(txn)
        .await;
        let statement = match inserted {
            Ok(row) => row,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(StoreError::Conflict.into());
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(transaction) = &plan.transaction {
            let key = IdempotencyKey::royalty_statement(statement.id);
            let posting = Posting { key: &key, kind: "royalty", memo: &plan.memo, reference: None, actor: Some(actor) };
            let Some(transaction_id) = post_within(txn, self.backend, &posting, transaction, now).await? else {
                return Err(StoreError::Conflict.into());
            };
            royalty_statements::Entity::update_many()
                .col_expr(royalty_statements::Column::TransactionId, sea_orm::sea_query::Expr::value(transaction_id))
                .filter(royalty_statements::Column::Id.eq(statement.id))
                .exec(txn)
                .await?;
        }
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
        Ok(())
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
            let currency =
                Currency::parse(&statement.currency).map_err(|_| StoreError::Corrupt { what: "royalty currency" })?;
            out.push(RoyaltyLine {
                idea: IdeaId::new(statement.idea_id),
                idea_title: title.unwrap_or_default(),
                period: statement.period,
                revenue: Money::new(statement.revenue_minor, currency),
                role: line.role,
                share: BasisPoints::new(i64::from(line.share_bp)).map_err(|_| StoreError::Corrupt { what: "share" })?,
                amount: Money::new(line.amount_minor, currency),
                recorded_at: statement.recorded_at,
            });
        }
        Ok(out)
    }
}
