//! Ideas with revisions, tags and authors; listing; stages and merges; votes; comments; follows.

use std::collections::HashMap;

use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::comment::{Comment, CommentBody};
use ideaforge_domain::contest::VoteBudget;
use ideaforge_domain::idea::{
    Author, Idea, IdeaCard, IdeaContent, IdeaFilter, IdeaSort, Reason, Revision, SelectingContest, Stage, StageChange,
    Tags, stage_records,
};
use ideaforge_domain::ip::{NewRecord, Party, RecordKind, Subject, idea_text};
use ideaforge_domain::notification::{ContestRef, IdeaRef, Notice, vote_milestone};
use ideaforge_domain::vote::{trending_score, within_budget};
use ideaforge_domain::{CommentId, ContestId, IdeaId, OrgId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{
    comment_flags, comments, contests, follows, idea_authors, idea_revisions, idea_tags, ideas, stage_changes, users,
    vote_budgets, votes,
};
use crate::events::{Event, append};
use crate::ip::{append_ip, append_ip_many};
use crate::{Store, StoreError};

/// The number of ideas on one page of a list.
pub const PAGE_SIZE: u64 = 20;

/// A vote's outcome: the idea's count after it, and whether the member's vote is now on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteTally {
    /// The stored count.
    pub votes: i64,
    /// Whether the member now has a vote on the idea.
    pub voted: bool,
}

/// Where a vote counts against a budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetScope {
    /// The contest.
    pub contest: ContestId,
    /// Votes per member, if limited.
    pub budget: Option<VoteBudget>,
}

fn corrupt(what: &'static str) -> impl Fn(ideaforge_domain::Invalid) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

fn tags_text(tags: &Tags) -> String {
    tags.as_slice().iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

async fn names(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = users::Entity::find().filter(users::Column::Id.is_in(ids.iter().copied())).all(conn).await?;
    Ok(rows.into_iter().map(|u| (u.id, u.display_name)).collect())
}

async fn write_tags(txn: &DatabaseTransaction, idea: i64, tags: &Tags) -> Result<(), StoreError> {
    idea_tags::Entity::delete_many().filter(idea_tags::Column::IdeaId.eq(idea)).exec(txn).await?;
    for tag in tags.as_slice() {
        idea_tags::ActiveModel { id: NotSet, idea_id: Set(idea), tag: Set(tag.as_str().to_owned()) }
            .insert(txn)
            .await?;
    }
    Ok(())
}

/// The row of a newly submitted idea.
fn idea_row(
    contest: Option<ContestId>,
    author: UserId,
    content: &IdeaContent,
    now: OffsetDateTime,
) -> ideas::ActiveModel {
    ideas::ActiveModel {
        id: NotSet,
        contest_id: Set(contest.map(ContestId::get)),
        author_id: Set(author.get()),
        title: Set(content.title.as_str().to_owned()),
        summary: Set(content.summary.as_str().to_owned()),
        body: Set(content.body.as_str().to_owned()),
        category: Set(content.category.as_str().to_owned()),
        stage: Set(Stage::Submitted.as_str().to_owned()),
        votes_count: Set(0),
        votes_milestone: Set(0),
        trending: Set(trending_score(0, now)),
        revision: Set(1),
        duplicate_of: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// The row that keeps one version of an idea.
fn revision_row(
    idea: i64,
    revision: i32,
    editor: UserId,
    content: &IdeaContent,
    now: OffsetDateTime,
) -> idea_revisions::ActiveModel {
    idea_revisions::ActiveModel {
        id: NotSet,
        idea_id: Set(idea),
        revision: Set(revision),
        editor_id: Set(editor.get()),
        title: Set(content.title.as_str().to_owned()),
        summary: Set(content.summary.as_str().to_owned()),
        body: Set(content.body.as_str().to_owned()),
        category: Set(content.category.as_str().to_owned()),
        tags: Set(tags_text(&content.tags)),
        created_at: Set(now),
    }
}

async fn write_revision(
    txn: &DatabaseTransaction,
    idea: i64,
    revision: i32,
    editor: UserId,
    content: &IdeaContent,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    revision_row(idea, revision, editor, content, now).insert(txn).await?;
    Ok(())
}

/// Recounts an idea's votes from the votes table and stores the count and trending score.
async fn recount(txn: &DatabaseTransaction, idea: i64) -> Result<i64, StoreError> {
    let count = i64::try_from(votes::Entity::find().filter(votes::Column::IdeaId.eq(idea)).count(txn).await?)
        .unwrap_or(i64::MAX);
    let created = ideas::Entity::find_by_id(idea).one(txn).await?.map(|m| m.created_at);
    if let Some(created) = created {
        ideas::Entity::update_many()
            .col_expr(ideas::Column::VotesCount, Expr::value(count))
            .col_expr(ideas::Column::Trending, Expr::value(trending_score(count, created)))
            .filter(ideas::Column::Id.eq(idea))
            .exec(txn)
            .await?;
    }
    Ok(count)
}

impl Store {
    /// Stores a new idea (revision 1) with its authors, tags, and the originator following it.
    pub async fn create_idea(
        &self,
        contest: Option<ContestId>,
        content: &IdeaContent,
        authors: &[UserId],
        now: OffsetDateTime,
    ) -> Result<IdeaId, StoreError> {
        let originator = *authors.first().ok_or(StoreError::Corrupt { what: "idea without author" })?;
        let txn = self.write.begin().await?;
        let model = idea_row(contest, originator, content, now).insert(&txn).await?;
        let id = IdeaId::new(model.id);
        for author in authors {
            idea_authors::ActiveModel { id: NotSet, idea_id: Set(model.id), user_id: Set(author.get()) }
                .insert(&txn)
                .await?;
        }
        write_tags(&txn, model.id, &content.tags).await?;
        write_revision(&txn, model.id, 1, originator, content, now).await?;
        append_ip(&txn, self.backend, authored(id, authors, 1, content), now).await?;
        follow_in(&txn, originator, &format!("idea:{id}"), now).await?;
        append(&txn, Event::IdeaSubmitted { idea: id, contest }, Some(originator), now).await?;
        if contest.is_some() {
            announce_to_contest_followers(&txn, &model, authors, now).await?;
        }
        txn.commit().await?;
        Ok(id)
    }

    /// The idea with this id.
    pub async fn idea(&self, id: IdeaId) -> Result<Option<Idea>, StoreError> {
        let Some(model) = ideas::Entity::find_by_id(id.get()).one(&self.read).await? else {
            return Ok(None);
        };
        let tags: Vec<String> = idea_tags::Entity::find()
            .filter(idea_tags::Column::IdeaId.eq(model.id))
            .order_by_asc(idea_tags::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|t| t.tag)
            .collect();
        let author_rows = idea_authors::Entity::find()
            .filter(idea_authors::Column::IdeaId.eq(model.id))
            .order_by_asc(idea_authors::Column::Id)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = author_rows.iter().map(|a| a.user_id).collect();
        let names = names(&self.read, &ids).await?;
        let authors = ids
            .iter()
            .map(|id| Author { id: UserId::new(*id), name: names.get(id).cloned().unwrap_or_default() })
            .collect();
        let content = IdeaContent::parse(&model.title, &model.summary, &model.body, &model.category, &tags.join(","))
            .map_err(|_| StoreError::Corrupt { what: "idea content" })?;
        Ok(Some(Idea {
            id,
            contest: model.contest_id.map(ContestId::new),
            content,
            stage: model.stage.parse().map_err(corrupt("stage"))?,
            votes: model.votes_count,
            revision: model.revision,
            authors,
            duplicate_of: model.duplicate_of.map(IdeaId::new),
            created_at: model.created_at,
            updated_at: model.updated_at,
        }))
    }

    /// Saves a new revision of an idea, if it is still at `expected_revision`.
    pub async fn edit_idea(
        &self,
        id: IdeaId,
        expected_revision: i32,
        content: &IdeaContent,
        editor: UserId,
        now: OffsetDateTime,
    ) -> Result<i32, StoreError> {
        let txn = self.write.begin().await?;
        let next = expected_revision + 1;
        let updated = ideas::Entity::update_many()
            .col_expr(ideas::Column::Title, Expr::value(content.title.as_str()))
            .col_expr(ideas::Column::Summary, Expr::value(content.summary.as_str()))
            .col_expr(ideas::Column::Body, Expr::value(content.body.as_str()))
            .col_expr(ideas::Column::Category, Expr::value(content.category.as_str()))
            .col_expr(ideas::Column::Revision, Expr::value(next))
            .col_expr(ideas::Column::UpdatedAt, Expr::value(now))
            .filter(ideas::Column::Id.eq(id.get()))
            .filter(ideas::Column::Revision.eq(expected_revision))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        write_tags(&txn, id.get(), &content.tags).await?;
        write_revision(&txn, id.get(), next, editor, content, now).await?;
        append_ip(&txn, self.backend, authored(id, &[editor], next, content), now).await?;
        append(&txn, Event::IdeaEdited { idea: id, revision: next }, Some(editor), now).await?;
        txn.commit().await?;
        Ok(next)
    }

    /// Every version of an idea, newest first.
    pub async fn revisions(&self, id: IdeaId) -> Result<Vec<Revision>, StoreError> {
        let rows = idea_revisions::Entity::find()
            .filter(idea_revisions::Column::IdeaId.eq(id.get()))
            .order_by_desc(idea_revisions::Column::Revision)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.editor_id).collect();
        let names = names(&self.read, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| Revision {
                revision: r.revision,
                editor_name: names.get(&r.editor_id).cloned().unwrap_or_default(),
                title: r.title,
                summary: r.summary,
                body: r.body,
                created_at: r.created_at,
            })
            .collect())
    }

    /// One page (1-based) of ideas, and whether another page follows.
    pub async fn list_ideas(
        &self,
        filter: &IdeaFilter,
        sort: IdeaSort,
        page: u64,
    ) -> Result<(Vec<IdeaCard>, bool), StoreError> {
        let mut query = ideas::Entity::find();
        query = match filter.contest {
            Some(contest) => query.filter(ideas::Column::ContestId.eq(contest.get())),
            None => query.filter(ideas::Column::ContestId.is_null()),
        };
        if let Some(stage) = filter.stage {
            query = query.filter(ideas::Column::Stage.eq(stage.as_str()));
        } else {
            // Merged ideas live on in their target; lists leave them out unless asked for.
            query = query.filter(ideas::Column::Stage.ne(Stage::Duplicate.as_str()));
        }
        if let Some(category) = &filter.category {
            query = query.filter(ideas::Column::Category.eq(category.as_str()));
        }
        if let Some(tag) = &filter.tag {
            let tagged = Query::select()
                .column(idea_tags::Column::IdeaId)
                .from(idea_tags::Entity)
                .and_where(Expr::col(idea_tags::Column::Tag).eq(tag.as_str()))
                .to_owned();
            query = query.filter(ideas::Column::Id.in_subquery(tagged));
        }
        query = match sort {
            IdeaSort::Top => query.order_by_desc(ideas::Column::VotesCount).order_by_desc(ideas::Column::Id),
            IdeaSort::New => query.order_by_desc(ideas::Column::Id),
            IdeaSort::Trending => query.order_by_desc(ideas::Column::Trending).order_by_desc(ideas::Column::Id),
        };
        let offset = page.saturating_sub(1).saturating_mul(PAGE_SIZE);
        // One query: the page's ideas with their authors' names.
        let rows = query
            .select_only()
            .columns([
                ideas::Column::Id,
                ideas::Column::Title,
                ideas::Column::Summary,
                ideas::Column::Category,
                ideas::Column::Stage,
                ideas::Column::VotesCount,
                ideas::Column::CreatedAt,
            ])
            .column(users::Column::DisplayName)
            .join(JoinType::InnerJoin, ideas::Relation::Author.def())
            .offset(offset)
            .limit(PAGE_SIZE + 1)
            .into_tuple::<(i64, String, String, String, String, i64, OffsetDateTime, String)>()
            .all(&self.read)
            .await?;
        let more = rows.len() as u64 > PAGE_SIZE;
        let cards = rows
            .into_iter()
            .take(PAGE_SIZE as usize)
            .map(|(id, title, summary, category, stage, votes, created_at, author_name)| {
                Ok(IdeaCard {
                    id: IdeaId::new(id),
                    title,
                    summary,
                    category,
                    stage: stage.parse().map_err(corrupt("stage"))?,
                    votes,
                    author_name,
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((cards, more))
    }

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
        let source_subject = format!("idea:{source}");
        let followers = follows::Entity::find().filter(follows::Column::Subject.eq(&source_subject)).all(&txn).await?;
        for follower in followers {
            follow_in(&txn, UserId::new(follower.user_id), &format!("idea:{target}"), now).await?;
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

    /// Casts a member's vote (once: a second cast changes nothing), counting it against the
    /// contest's budget in the same transaction. `BudgetExhausted` stores nothing.
    pub async fn cast_vote(
        &self,
        idea: IdeaId,
        user: UserId,
        scope: Option<BudgetScope>,
        now: OffsetDateTime,
    ) -> Result<VoteTally, StoreError> {
        let txn = self.write.begin().await?;
        let insert = Query::insert()
            .into_table(votes::Entity)
            .columns([votes::Column::IdeaId, votes::Column::UserId, votes::Column::ContestId, votes::Column::CreatedAt])
            .values_panic([idea.get().into(), user.get().into(), scope.map(|s| s.contest.get()).into(), now.into()])
            .on_conflict(OnConflict::columns([votes::Column::IdeaId, votes::Column::UserId]).do_nothing().to_owned())
            .to_owned();
        let inserted = txn.execute(&insert).await?.rows_affected() == 1;
        if !inserted {
            let votes = ideas::Entity::find_by_id(idea.get()).one(&txn).await?.map_or(0, |m| m.votes_count);
            txn.commit().await?;
            return Ok(VoteTally { votes, voted: true });
        }
        if let Some(BudgetScope { contest, budget: Some(budget) }) = scope {
            let seed = Query::insert()
                .into_table(vote_budgets::Entity)
                .columns([vote_budgets::Column::ContestId, vote_budgets::Column::UserId, vote_budgets::Column::Used])
                .values_panic([contest.get().into(), user.get().into(), 0i32.into()])
                .on_conflict(
                    OnConflict::columns([vote_budgets::Column::ContestId, vote_budgets::Column::UserId])
                        .do_nothing()
                        .to_owned(),
                )
                .to_owned();
            txn.execute(&seed).await?;
            // The member's budget row stays locked until the vote commits (PostgreSQL; SQLite's one
            // writer already serialises votes), so the domain's rule sees the count it changes.
            let mut row = vote_budgets::Entity::find()
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()));
            if self.backend == crate::Backend::Postgres {
                row = row.lock_exclusive();
            }
            let used = row.one(&txn).await?.map_or(0, |r| u32::try_from(r.used).unwrap_or(u32::MAX));
            if within_budget(Some(budget), used).is_err() {
                txn.rollback().await?;
                return Err(StoreError::BudgetExhausted);
            }
            vote_budgets::Entity::update_many()
                .col_expr(vote_budgets::Column::Used, Expr::col(vote_budgets::Column::Used).add(1))
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()))
                .exec(&txn)
                .await?;
        }
        let votes = bump(&txn, idea.get(), 1).await?;
        append(&txn, Event::VoteCast { idea, user }, Some(user), now).await?;
        if let Some(milestone) = vote_milestone(votes) {
            announce_milestone(&txn, idea, milestone, now).await?;
        }
        txn.commit().await?;
        Ok(VoteTally { votes, voted: true })
    }

    /// Withdraws a member's vote (a second withdrawal changes nothing) and returns its budget.
    pub async fn withdraw_vote(
        &self,
        idea: IdeaId,
        user: UserId,
        contest: Option<ContestId>,
        now: OffsetDateTime,
    ) -> Result<VoteTally, StoreError> {
        let txn = self.write.begin().await?;
        let deleted = votes::Entity::delete_many()
            .filter(votes::Column::IdeaId.eq(idea.get()))
            .filter(votes::Column::UserId.eq(user.get()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !deleted {
            let votes = ideas::Entity::find_by_id(idea.get()).one(&txn).await?.map_or(0, |m| m.votes_count);
            txn.commit().await?;
            return Ok(VoteTally { votes, voted: false });
        }
        if let Some(contest) = contest {
            vote_budgets::Entity::update_many()
                .col_expr(vote_budgets::Column::Used, Expr::col(vote_budgets::Column::Used).sub(1))
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()))
                .filter(vote_budgets::Column::Used.gt(0))
                .exec(&txn)
                .await?;
        }
        let votes = bump(&txn, idea.get(), -1).await?;
        append(&txn, Event::VoteWithdrawn { idea, user }, Some(user), now).await?;
        txn.commit().await?;
        Ok(VoteTally { votes, voted: false })
    }

    /// Which of these ideas the member has voted on.
    pub async fn voted_on(&self, user: UserId, ideas: &[IdeaId]) -> Result<Vec<IdeaId>, StoreError> {
        if ideas.is_empty() {
            return Ok(Vec::new());
        }
        Ok(votes::Entity::find()
            .filter(votes::Column::UserId.eq(user.get()))
            .filter(votes::Column::IdeaId.is_in(ideas.iter().map(|i| i.get())))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|v| IdeaId::new(v.idea_id))
            .collect())
    }

    /// How many votes a member has used in a contest.
    pub async fn votes_used(&self, contest: ContestId, user: UserId) -> Result<u32, StoreError> {
        let used = vote_budgets::Entity::find()
            .filter(vote_budgets::Column::ContestId.eq(contest.get()))
            .filter(vote_budgets::Column::UserId.eq(user.get()))
            .one(&self.read)
            .await?
            .map_or(0, |b| b.used);
        Ok(u32::try_from(used).unwrap_or(0))
    }

    /// How many vote rows an idea has (the truth its counter must match).
    pub async fn count_votes(&self, idea: IdeaId) -> Result<u64, StoreError> {
        Ok(votes::Entity::find().filter(votes::Column::IdeaId.eq(idea.get())).count(&self.read).await?)
    }

    /// Posts a comment (a reply when `parent` is given).
    pub async fn add_comment(
        &self,
        idea: IdeaId,
        parent: Option<CommentId>,
        author: UserId,
        body: &CommentBody,
        now: OffsetDateTime,
    ) -> Result<CommentId, StoreError> {
        let txn = self.write.begin().await?;
        let model = comments::ActiveModel {
            id: NotSet,
            idea_id: Set(idea.get()),
            parent_id: Set(parent.map(CommentId::get)),
            author_id: Set(author.get()),
            body: Set(body.as_str().to_owned()),
            flags: Set(0),
            hidden: Set(false),
            created_at: Set(now),
            edited_at: Set(None),
            deleted_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let id = CommentId::new(model.id);
        append(&txn, Event::CommentPosted { idea, comment: id }, Some(author), now).await?;
        // The idea's authors hear about it (not the commenter), in the same transaction.
        let idea_row = ideas::Entity::find_by_id(idea.get()).one(&txn).await?.ok_or(StoreError::Conflict)?;
        let commenter: Option<String> =
            users::Entity::find_by_id(author.get()).one(&txn).await?.map(|u| u.display_name);
        let idea_ref = idea_ref(&txn, &idea_row).await?;
        let commenter = commenter.unwrap_or_default();
        let excerpt: String = body.as_str().chars().take(300).collect();
        let recipients = idea_authors::Entity::find()
            .filter(idea_authors::Column::IdeaId.eq(idea.get()))
            .filter(idea_authors::Column::UserId.ne(author.get()))
            .all(&txn)
            .await?;
        let authors: Vec<UserId> = recipients.iter().map(|r| UserId::new(r.user_id)).collect();
        let notice = Notice::CommentOnYourIdea {
            idea: idea_ref.clone(),
            comment: id,
            commenter: commenter.clone(),
            excerpt: excerpt.clone(),
        };
        crate::notifications::notify_all(&txn, &authors, Some(author), &notice, now).await?;
        if let Some(parent) = parent {
            let parent_author =
                comments::Entity::find_by_id(parent.get()).one(&txn).await?.map(|c| UserId::new(c.author_id));
            // An author of the idea has just heard about it already.
            if let Some(parent_author) = parent_author.filter(|p| !authors.contains(p)) {
                let notice = Notice::ReplyToYourComment { idea: idea_ref, comment: id, commenter, excerpt };
                crate::notifications::notify_all(&txn, &[parent_author], Some(author), &notice, now).await?;
            }
        }
        txn.commit().await?;
        Ok(id)
    }

    /// One comment with its idea.
    pub async fn comment(&self, id: CommentId) -> Result<Option<(IdeaId, Comment)>, StoreError> {
        let Some(model) = comments::Entity::find_by_id(id.get()).one(&self.read).await? else {
            return Ok(None);
        };
        let names = names(&self.read, &[model.author_id]).await?;
        let idea = IdeaId::new(model.idea_id);
        Ok(Some((idea, to_comment(model, &names))))
    }

    /// An idea's comments, oldest first.
    pub async fn comments(&self, idea: IdeaId) -> Result<Vec<Comment>, StoreError> {
        let rows = comments::Entity::find()
            .filter(comments::Column::IdeaId.eq(idea.get()))
            .order_by_asc(comments::Column::Id)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.author_id).collect();
        let names = names(&self.read, &ids).await?;
        Ok(rows.into_iter().map(|r| to_comment(r, &names)).collect())
    }

    /// Replaces a comment's text.
    pub async fn edit_comment(
        &self,
        idea: IdeaId,
        id: CommentId,
        body: &CommentBody,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        comments::Entity::update_many()
            .col_expr(comments::Column::Body, Expr::value(body.as_str()))
            .col_expr(comments::Column::EditedAt, Expr::value(now))
            .filter(comments::Column::Id.eq(id.get()))
            .exec(&txn)
            .await?;
        append(&txn, Event::CommentEdited { idea, comment: id }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes a comment softly: its place in the thread stays, its text goes.
    pub async fn delete_comment(
        &self,
        idea: IdeaId,
        id: CommentId,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        comments::Entity::update_many()
            .col_expr(comments::Column::Body, Expr::value(""))
            .col_expr(comments::Column::DeletedAt, Expr::value(now))
            .filter(comments::Column::Id.eq(id.get()))
            .exec(&txn)
            .await?;
        append(&txn, Event::CommentDeleted { idea, comment: id }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records a member's flag (once per member); hides the comment when flags reach `threshold`.
    /// Returns whether the comment is now hidden.
    pub async fn flag_comment(
        &self,
        idea: IdeaId,
        id: CommentId,
        user: UserId,
        threshold: u32,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let insert = Query::insert()
            .into_table(comment_flags::Entity)
            .columns([
                comment_flags::Column::CommentId,
                comment_flags::Column::UserId,
                comment_flags::Column::CreatedAt,
            ])
            .values_panic([id.get().into(), user.get().into(), now.into()])
            .on_conflict(
                OnConflict::columns([comment_flags::Column::CommentId, comment_flags::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        if txn.execute(&insert).await?.rows_affected() == 1 {
            comments::Entity::update_many()
                .col_expr(comments::Column::Flags, Expr::col(comments::Column::Flags).add(1))
                .filter(comments::Column::Id.eq(id.get()))
                .exec(&txn)
                .await?;
        }
        let model = comments::Entity::find_by_id(id.get()).one(&txn).await?;
        let flags = model.as_ref().map_or(0, |m| m.flags);
        let was_hidden = model.as_ref().is_some_and(|m| m.hidden);
        let hide = ideaforge_domain::comment::hidden_by_flags(u32::try_from(flags).unwrap_or(0), threshold);
        if hide && !was_hidden {
            comments::Entity::update_many()
                .col_expr(comments::Column::Hidden, Expr::value(true))
                .filter(comments::Column::Id.eq(id.get()))
                .exec(&txn)
                .await?;
            append(&txn, Event::CommentHidden { idea, comment: id }, None, now).await?;
        }
        txn.commit().await?;
        Ok(hide || was_hidden)
    }

    /// A moderator's decision on a hidden comment: restore it (clearing its flags) or delete it.
    pub async fn moderate_comment(
        &self,
        idea: IdeaId,
        id: CommentId,
        restore: bool,
        moderator: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        if !restore {
            return self.delete_comment(idea, id, moderator, now).await;
        }
        let txn = self.write.begin().await?;
        comments::Entity::update_many()
            .col_expr(comments::Column::Hidden, Expr::value(false))
            .col_expr(comments::Column::Flags, Expr::value(0))
            .filter(comments::Column::Id.eq(id.get()))
            .exec(&txn)
            .await?;
        comment_flags::Entity::delete_many().filter(comment_flags::Column::CommentId.eq(id.get())).exec(&txn).await?;
        append(&txn, Event::CommentRestored { idea, comment: id }, Some(moderator), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Comments hidden by flags, awaiting a moderator, oldest first.
    pub async fn hidden_comments(&self, limit: u64) -> Result<Vec<(IdeaId, Comment)>, StoreError> {
        let rows = comments::Entity::find()
            .filter(comments::Column::Hidden.eq(true))
            .filter(comments::Column::DeletedAt.is_null())
            .order_by_asc(comments::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.author_id).collect();
        let names = names(&self.read, &ids).await?;
        Ok(rows.into_iter().map(|r| (IdeaId::new(r.idea_id), to_comment(r, &names))).collect())
    }

    /// Follows an idea or contest (`idea:7`, `contest:3`); following twice changes nothing.
    pub async fn follow(&self, user: UserId, subject: &str, now: OffsetDateTime) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        if follow_in(&txn, user, subject, now).await? {
            append(&txn, Event::Followed { user, subject: subject.to_owned() }, Some(user), now).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Stops following.
    pub async fn unfollow(&self, user: UserId, subject: &str) -> Result<(), StoreError> {
        follows::Entity::delete_many()
            .filter(follows::Column::UserId.eq(user.get()))
            .filter(follows::Column::Subject.eq(subject))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Whether the member follows the subject.
    pub async fn follows(&self, user: UserId, subject: &str) -> Result<bool, StoreError> {
        Ok(follows::Entity::find()
            .filter(follows::Column::UserId.eq(user.get()))
            .filter(follows::Column::Subject.eq(subject))
            .count(&self.read)
            .await?
            > 0)
    }

    /// Everyone following the subject.
    pub async fn followers(&self, subject: &str) -> Result<Vec<UserId>, StoreError> {
        Ok(follows::Entity::find()
            .filter(follows::Column::Subject.eq(subject))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|f| UserId::new(f.user_id))
            .collect())
    }
}

fn to_comment(model: comments::Model, names: &HashMap<i64, String>) -> Comment {
    Comment {
        id: CommentId::new(model.id),
        parent: model.parent_id.map(CommentId::new),
        author: UserId::new(model.author_id),
        author_name: names.get(&model.author_id).cloned().unwrap_or_default(),
        body: model.body,
        flags: model.flags,
        hidden: model.hidden,
        created_at: model.created_at,
        edited_at: model.edited_at,
        deleted: model.deleted_at.is_some(),
    }
}

/// Tells the followers of an idea's contest (but not its authors) that it was submitted, inside the
/// submission's transaction.
async fn announce_to_contest_followers(
    txn: &DatabaseTransaction,
    idea: &ideas::Model,
    authors: &[UserId],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let idea = idea_ref(txn, idea).await?;
    let Some(contest) = &idea.contest else { return Ok(()) };
    let followers: Vec<UserId> = follows::Entity::find()
        .filter(follows::Column::Subject.eq(Subject::Contest(contest.id).to_string()))
        .all(txn)
        .await?
        .into_iter()
        .map(|f| UserId::new(f.user_id))
        .filter(|user| !authors.contains(user))
        .collect();
    let notice = Notice::NewIdeaInFollowedContest { idea };
    crate::notifications::notify_all(txn, &followers, None, &notice, now).await
}

/// Tells an idea's authors that it reached `milestone` votes, once per milestone (a vote withdrawn
/// and cast again does not announce it twice), inside the vote's transaction.
async fn announce_milestone(
    txn: &DatabaseTransaction,
    idea: IdeaId,
    milestone: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let first_time = ideas::Entity::update_many()
        .col_expr(ideas::Column::VotesMilestone, Expr::value(milestone))
        .filter(ideas::Column::Id.eq(idea.get()))
        .filter(ideas::Column::VotesMilestone.lt(milestone))
        .exec(txn)
        .await?;
    if first_time.rows_affected != 1 {
        return Ok(());
    }
    let row = ideas::Entity::find_by_id(idea.get()).one(txn).await?.ok_or(StoreError::Conflict)?;
    let idea = idea_ref(txn, &row).await?;
    let authors: Vec<UserId> = idea_authors::Entity::find()
        .filter(idea_authors::Column::IdeaId.eq(idea.id.get()))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| UserId::new(a.user_id))
        .collect();
    let notice = Notice::VoteMilestone { idea, votes: milestone };
    crate::notifications::notify_all(txn, &authors, None, &notice, now).await
}

async fn bump(txn: &DatabaseTransaction, idea: i64, by: i64) -> Result<i64, StoreError> {
    ideas::Entity::update_many()
        .col_expr(ideas::Column::VotesCount, Expr::col(ideas::Column::VotesCount).add(by))
        .filter(ideas::Column::Id.eq(idea))
        .exec(txn)
        .await?;
    let model = ideas::Entity::find_by_id(idea).one(txn).await?.ok_or(StoreError::Conflict)?;
    ideas::Entity::update_many()
        .col_expr(ideas::Column::Trending, Expr::value(trending_score(model.votes_count, model.created_at)))
        .filter(ideas::Column::Id.eq(idea))
        .exec(txn)
        .await?;
    Ok(model.votes_count)
}

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
    append(
        txn,
        Event::StageChanged { idea: id, from: from.as_str().to_owned(), to: to.as_str().to_owned() },
        Some(actor),
        now,
    )
    .await?;
    Ok(())
}

/// An `authored` record for an idea revision: the SHA-256 of its canonical text.
fn authored(id: IdeaId, authors: &[UserId], revision: i32, content: &IdeaContent) -> NewRecord {
    let text = idea_text(content.title.as_str(), content.summary.as_str(), content.body.as_str());
    NewRecord {
        kind: RecordKind::Authored,
        subject: Subject::Idea(id),
        parties: authors.iter().map(|a| Party::User(*a)).collect(),
        terms: format!("revision {revision}"),
        content_sha256: sha256_hex(&text),
    }
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

/// Inserts a follow unless it exists; true when it was new.
async fn follow_in(
    txn: &DatabaseTransaction,
    user: UserId,
    subject: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let insert = Query::insert()
        .into_table(follows::Entity)
        .columns([follows::Column::UserId, follows::Column::Subject, follows::Column::CreatedAt])
        .values_panic([user.get().into(), subject.into(), now.into()])
        .on_conflict(OnConflict::columns([follows::Column::UserId, follows::Column::Subject]).do_nothing().to_owned())
        .to_owned();
    Ok(txn.execute(&insert).await?.rows_affected() == 1)
}

impl Store {
    /// Inserts many ideas by one author in one transaction, in batches (demo content and load
    /// tests). Each gets its revision, tags, authorship and `idea_submitted` event, like
    /// [`Store::create_idea`], without per-idea follows.
    pub async fn import_ideas(
        &self,
        contest: Option<ContestId>,
        author: UserId,
        contents: &[IdeaContent],
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        const BATCH: usize = 500;
        let txn = self.write.begin().await?;
        let mut imported = 0u64;
        for chunk in contents.chunks(BATCH) {
            let first = ideas::Entity::find().order_by_desc(ideas::Column::Id).one(&txn).await?.map_or(0, |m| m.id);
            ideas::Entity::insert_many(chunk.iter().map(|content| idea_row(contest, author, content, now)))
                .exec(&txn)
                .await?;
            // Ids are assigned in insertion order by both engines inside one writer transaction.
            let ids: Vec<i64> = ideas::Entity::find()
                .filter(ideas::Column::Id.gt(first))
                .order_by_asc(ideas::Column::Id)
                .select_only()
                .column(ideas::Column::Id)
                .into_tuple()
                .all(&txn)
                .await?;
            let pairs: Vec<(i64, &IdeaContent)> = ids.into_iter().zip(chunk).collect();
            idea_authors::Entity::insert_many(pairs.iter().map(|(id, _)| idea_authors::ActiveModel {
                id: NotSet,
                idea_id: Set(*id),
                user_id: Set(author.get()),
            }))
            .exec(&txn)
            .await?;
            idea_revisions::Entity::insert_many(
                pairs.iter().map(|(id, content)| revision_row(*id, 1, author, content, now)),
            )
            .exec(&txn)
            .await?;
            let tags: Vec<idea_tags::ActiveModel> = pairs
                .iter()
                .flat_map(|(id, content)| {
                    content.tags.as_slice().iter().map(move |tag| idea_tags::ActiveModel {
                        id: NotSet,
                        idea_id: Set(*id),
                        tag: Set(tag.as_str().to_owned()),
                    })
                })
                .collect();
            if !tags.is_empty() {
                idea_tags::Entity::insert_many(tags).exec(&txn).await?;
            }
            let events = pairs
                .iter()
                .map(|(id, _)| {
                    crate::events::row(&Event::IdeaSubmitted { idea: IdeaId::new(*id), contest }, Some(author), now)
                })
                .collect::<Result<Vec<_>, _>>()?;
            crate::entity::events::Entity::insert_many(events).exec(&txn).await?;
            let records = pairs.iter().map(|(id, content)| authored(IdeaId::new(*id), &[author], 1, content)).collect();
            append_ip_many(&txn, self.backend, records, now).await?;
            imported += pairs.len() as u64;
        }
        txn.commit().await?;
        Ok(imported)
    }
}

/// The contest an idea answers (id and title), for notifications that digests group by contest.
async fn idea_ref(conn: &impl ConnectionTrait, idea: &ideas::Model) -> Result<IdeaRef, StoreError> {
    let contest = match idea.contest_id {
        Some(contest) => {
            let title: Option<String> = contests::Entity::find_by_id(contest)
                .select_only()
                .column(contests::Column::Title)
                .into_tuple()
                .one(conn)
                .await?;
            Some(ContestRef { id: ContestId::new(contest), title: title.unwrap_or_default() })
        }
        None => None,
    };
    Ok(IdeaRef { id: IdeaId::new(idea.id), title: idea.title.clone(), contest })
}
