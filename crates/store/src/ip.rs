//! The IP register in the database: records appended in the caller's transaction, one writer at a
//! time (a transaction-scoped advisory lock on PostgreSQL; SQLite's one writer). Shares and
//! royalties built on it are in `royalties.rs`.

use ideaforge_domain::IdeaId;
use ideaforge_domain::ip::{GENESIS, NewRecord, Party, Record, RecordKind, Shares, Subject};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Statement,
};
use time::OffsetDateTime;

use crate::entity::ip_records;
use crate::{Backend, Store, StoreError};

/// The advisory lock that serialises appends to the register on PostgreSQL.
const REGISTER_LOCK: i64 = 0x1dea_f0e9;

pub(crate) fn to_record(model: ip_records::Model) -> Result<Record, StoreError> {
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
}
