//! Stage moves (compare-and-set on the current stage, with the register records the domain decides
//! and the notices), merging duplicates, and the stage history.

use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::idea::{Reason, SelectingContest, Stage, StageChange, stage_records};
use ideaforge_domain::ip::{Subject, idea_text};
use ideaforge_domain::notification::Notice;
use ideaforge_domain::{ContestId, IdeaId, OrgId, UserId};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use time::OffsetDateTime;

use super::{corrupt, follow_in, idea_ref, names, recount};
use crate::entity::{contests, follows, idea_authors, ideas, stage_changes, votes};
use crate::events::{Event, append};
use crate::ip::append_ip;
use crate::{Store, StoreError};

#[allow(clippy::too_many_arguments)]
async fn set_stage(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
    from: Stage,
    to: Stage,
    actor: UserId,
    reason: &Reason,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let updated = ideas::Entity::update_many()
        .col_expr(ideas::Column::Stage, Expr::value(to.as_str()))
        .col_expr(ideas::Column::UpdatedAt, Expr::value(now))
        .filter(ideas::Column::Id.eq(id.get()))
        .filter(ideas::Column::Stage.eq(from.as_str()))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict);
    }
    stage_changes::ActiveModel {
        id: NotSet,
        idea_id: Set(id.get()),
        from_stage: Set(from.as_str().to_owned()),
        to_stage: Set(to.as_str().to_owned()),
        actor_id: Set(actor.get()),
        reason: Set(reason.as_str().to_owned()),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    if matches!(to, Stage::Selected | Stage::Abandoned) {
        record_rights(txn, backend, id, to, now).await?;
    }
    let idea = ideas::Entity::find_by_id(id.get()).one(txn).await?.ok_or(StoreError::Conflict)?;
    let mut concerned: Vec<UserId> = idea_authors::Entity::find()
        .filter(idea_authors::Column::IdeaId.eq(id.get()))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| UserId::new(a.user_id))
        .collect();
    concerned.extend(
        follows::Entity::find()
            .filter(follows::Column::Subject.eq(Subject::Idea(id).to_string()))
            .all(txn)
            .await?
            .into_iter()
            .map(|f| UserId::new(f.user_id)),
    );
    let notice =
        Notice::StageChanged { idea: idea_ref(txn, &idea).await?, from, to, reason: reason.as_str().to_owned() };
    crate::notifications::notify_all(txn, &concerned, Some(actor), &notice, now).await?;
    append(txn, Event::StageChanged { idea: id, from, to }, Some(actor), now).await?;
    Ok(())
}

/// The register records of a selection (a licence to the contest's organization under its IP
/// terms, and the authors' default influence shares) or of an abandonment after selection (the
/// rights revert to the contributors).
async fn record_rights(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
    to: Stage,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let idea = ideas::Entity::find_by_id(id.get()).one(txn).await?.ok_or(StoreError::Conflict)?;
    let authors: Vec<UserId> = idea_authors::Entity::find()
        .filter(idea_authors::Column::IdeaId.eq(id.get()))
        .order_by_asc(idea_authors::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|a| UserId::new(a.user_id))
        .collect();
    let content_sha256 = sha256_hex(&idea_text(&idea.title, &idea.summary, &idea.body));
    let contest = match idea.contest_id {
        Some(contest) => Some(contests::Entity::find_by_id(contest).one(txn).await?.ok_or(StoreError::Conflict)?),
        None => None,
    };
    let selecting = contest.as_ref().map(|c| SelectingContest {
        id: ContestId::new(c.id),
        org: OrgId::new(c.org_id),
        ip_terms: &c.ip_terms,
    });
    let shares_set = crate::ip::shares_within(txn, id).await?.is_some();
    let records = stage_records(id, to, &content_sha256, &authors, selecting, shares_set)
        .map_err(|_| StoreError::Corrupt { what: "idea authors" })?;
    for record in records {
        append_ip(txn, backend, record, now).await?;
    }
    Ok(())
}

impl Store {
    /// Moves an idea from `from` to `to`, if it is still at `from`, recording who, when and why.
    pub async fn move_stage(
        &self,
        id: IdeaId,
        from: Stage,
        to: Stage,
        actor: UserId,
        reason: &Reason,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        set_stage(&txn, self.backend, id, from, to, actor, reason, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Merges `source` into `target`: the source becomes a duplicate, its votes (except those of
    /// members who already voted on the target, or who author it) and its followers move over, and
    /// both counts are recomputed from the votes themselves.
    pub async fn merge_idea(
        &self,
        source: IdeaId,
        from: Stage,
        target: IdeaId,
        actor: UserId,
        reason: &Reason,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        set_stage(&txn, self.backend, source, from, Stage::Duplicate, actor, reason, now).await?;
        ideas::Entity::update_many()
            .col_expr(ideas::Column::DuplicateOf, Expr::value(target.get()))
            .filter(ideas::Column::Id.eq(source.get()))
            .exec(&txn)
            .await?;
        let target_contest = ideas::Entity::find_by_id(target.get()).one(&txn).await?.and_then(|m| m.contest_id);
        let target_authors: Vec<i64> = idea_authors::Entity::find()
            .filter(idea_authors::Column::IdeaId.eq(target.get()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|a| a.user_id)
            .collect();
        let moving = votes::Entity::find().filter(votes::Column::IdeaId.eq(source.get())).all(&txn).await?;
        for vote in moving {
            if target_authors.contains(&vote.user_id) {
                continue;
            }
            let insert = Query::insert()
                .into_table(votes::Entity)
                .columns([
                    votes::Column::IdeaId,
                    votes::Column::UserId,
                    votes::Column::ContestId,
                    votes::Column::CreatedAt,
                ])
                .values_panic([target.get().into(), vote.user_id.into(), target_contest.into(), vote.created_at.into()])
                .on_conflict(
                    OnConflict::columns([votes::Column::IdeaId, votes::Column::UserId]).do_nothing().to_owned(),
                )
                .to_owned();
            txn.execute(&insert).await?;
        }
        votes::Entity::delete_many().filter(votes::Column::IdeaId.eq(source.get())).exec(&txn).await?;
        let source_subject = Subject::Idea(source).to_string();
        let followers = follows::Entity::find().filter(follows::Column::Subject.eq(&source_subject)).all(&txn).await?;
        for follower in followers {
            follow_in(&txn, UserId::new(follower.user_id), Subject::Idea(target), now).await?;
        }
        recount(&txn, source.get()).await?;
        recount(&txn, target.get()).await?;
        append(&txn, Event::IdeaMerged { idea: source, into: target }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// An idea's stage moves, oldest first.
    pub async fn stage_history(&self, id: IdeaId) -> Result<Vec<StageChange>, StoreError> {
        let rows = stage_changes::Entity::find()
            .filter(stage_changes::Column::IdeaId.eq(id.get()))
            .order_by_asc(stage_changes::Column::Id)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.actor_id).collect();
        let names = names(&self.read, &ids).await?;
        rows.into_iter()
            .map(|r| {
                Ok(StageChange {
                    from: r.from_stage.parse().map_err(corrupt("stage"))?,
                    to: r.to_stage.parse().map_err(corrupt("stage"))?,
                    actor_name: names.get(&r.actor_id).cloned().unwrap_or_default(),
                    reason: r.reason,
                    at: r.created_at,
                })
            })
            .collect()
    }
}
