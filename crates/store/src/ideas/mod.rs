//! Ideas with revisions, tags and authors; listing; stages and merges; votes; comments; follows.

use std::collections::HashMap;

use ideaforge_domain::idea::{Author, Idea, IdeaCard, IdeaContent, Revision, Stage, Tags, authored_record};
use ideaforge_domain::ip::Subject;
use ideaforge_domain::notification::{ContestRef, IdeaRef, Notice};
use ideaforge_domain::vote::trending_score;
use ideaforge_domain::{ContentLanguage, ContestId, IdeaId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{contests, follows, idea_authors, idea_revisions, idea_tags, ideas, users, votes};
use crate::events::{Event, append};
use crate::ip::{append_ip, append_ip_many};
use crate::{Store, StoreError};

mod commenting;
mod export;
mod following;
mod listing;
mod stages;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod threshold_tests;
#[cfg(any(test, feature = "testing"))]
mod vote_audit;
mod vote_batch;
mod voting;

pub use export::ExportedIdea;
#[cfg(any(test, feature = "testing"))]
pub use vote_audit::VoteAudit;
pub use vote_batch::VoteChange;
pub use voting::{VoteScope, VoteTally, VoteTarget};

/// The number of ideas on one page of a list.
pub const PAGE_SIZE: u64 = 20;

fn corrupt(what: &'static str) -> impl Fn(ideaforge_domain::Invalid) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

fn tags_text(tags: &Tags) -> String {
    tags.as_slice().iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

pub(crate) async fn names(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, StoreError> {
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
        language: Set(crate::language_tag(content.language)),
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
        append_ip(&txn, self.backend, authored_record(id, authors, 1, content), now).await?;
        follow_in(&txn, originator, Subject::Idea(id), now).await?;
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
        let mut content =
            IdeaContent::parse(&model.title, &model.summary, &model.body, &model.category, &tags.join(","))
                .map_err(|_| StoreError::Corrupt { what: "idea content" })?;
        content.language = crate::stored_language(model.language.as_deref());
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
            .col_expr(ideas::Column::Language, Expr::value(crate::language_tag(content.language)))
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
        append_ip(&txn, self.backend, authored_record(id, &[editor], next, content), now).await?;
        append(&txn, Event::IdeaEdited { idea: id, revision: next }, Some(editor), now).await?;
        txn.commit().await?;
        Ok(next)
    }

    /// Records the language an idea is written in when nothing else changed: no new revision (the
    /// text is the one already on record), but an edit event, so that search reads it anew.
    pub async fn set_idea_language(
        &self,
        id: IdeaId,
        revision: i32,
        language: Option<ContentLanguage>,
        editor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let updated = ideas::Entity::update_many()
            .col_expr(ideas::Column::Language, Expr::value(crate::language_tag(language)))
            .filter(ideas::Column::Id.eq(id.get()))
            .filter(ideas::Column::Revision.eq(revision))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        append(&txn, Event::IdeaEdited { idea: id, revision }, Some(editor), now).await?;
        txn.commit().await?;
        Ok(())
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

    /// At most `limit` ideas of `query` as cards, in its order: one query, with their authors' names.
    pub(crate) async fn cards(
        &self,
        query: sea_orm::Select<ideas::Entity>,
        limit: u64,
    ) -> Result<Vec<IdeaCard>, StoreError> {
        let rows = query
            .select_only()
            .columns([
                ideas::Column::Id,
                ideas::Column::Title,
                ideas::Column::Summary,
                ideas::Column::Category,
                ideas::Column::Stage,
                ideas::Column::VotesCount,
                ideas::Column::Trending,
                ideas::Column::CreatedAt,
                ideas::Column::Language,
            ])
            .column(users::Column::DisplayName)
            .join(JoinType::InnerJoin, ideas::Relation::Author.def())
            .limit(limit)
            .into_tuple::<(i64, String, String, String, String, i64, f64, OffsetDateTime, Option<String>, String)>()
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|(id, title, summary, category, stage, votes, trending, created_at, language, author_name)| {
                Ok(IdeaCard {
                    id: IdeaId::new(id),
                    title,
                    summary,
                    category,
                    stage: stage.parse().map_err(corrupt("stage"))?,
                    votes,
                    trending,
                    author_name,
                    created_at,
                    language: crate::stored_language(language.as_deref()),
                })
            })
            .collect()
    }

    /// The ideas `user` wrote or co-wrote, newest first (merged ones too: their stage says so).
    pub async fn ideas_of(&self, user: UserId, limit: u64) -> Result<Vec<IdeaCard>, StoreError> {
        let theirs = Query::select()
            .column(idea_authors::Column::IdeaId)
            .from(idea_authors::Entity)
            .and_where(Expr::col(idea_authors::Column::UserId).eq(user.get()))
            .to_owned();
        let query =
            ideas::Entity::find().filter(ideas::Column::Id.in_subquery(theirs)).order_by_desc(ideas::Column::Id);
        self.cards(query, limit).await
    }

    /// Ideas companies chose (selected, in development or launched), newest first: open ideas and
    /// those of public contests only.
    pub async fn chosen_ideas(&self, limit: u64) -> Result<Vec<IdeaCard>, StoreError> {
        let chosen = [Stage::Selected, Stage::InDevelopment, Stage::Launched].map(Stage::as_str);
        let public = Query::select()
            .column(contests::Column::Id)
            .from(contests::Entity)
            .and_where(Expr::col(contests::Column::ApprovedAt).is_not_null())
            .to_owned();
        let query = ideas::Entity::find()
            .filter(ideas::Column::Stage.is_in(chosen))
            .filter(ideas::Column::ContestId.is_null().or(ideas::Column::ContestId.in_subquery(public)))
            .order_by_desc(ideas::Column::Id);
        self.cards(query, limit).await
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

/// Inserts a follow unless it exists; true when it was new.
async fn follow_in(
    txn: &DatabaseTransaction,
    user: UserId,
    subject: Subject,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let insert = Query::insert()
        .into_table(follows::Entity)
        .columns([follows::Column::UserId, follows::Column::Subject, follows::Column::CreatedAt])
        .values_panic([user.get().into(), subject.to_string().into(), now.into()])
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
            let records =
                pairs.iter().map(|(id, content)| authored_record(IdeaId::new(*id), &[author], 1, content)).collect();
            append_ip_many(&txn, self.backend, records, now).await?;
            imported += pairs.len() as u64;
        }
        txn.commit().await?;
        Ok(imported)
    }
}

/// The contest an idea answers (id and title), for notifications that digests group by contest.
pub(crate) async fn idea_ref(conn: &impl ConnectionTrait, idea: &ideas::Model) -> Result<IdeaRef, StoreError> {
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
