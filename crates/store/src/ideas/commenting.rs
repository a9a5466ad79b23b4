//! Comments: threaded one level deep, editable for a while, soft-deleted, flagged and moderated;
//! the idea's authors and the replied-to commenter are told.

use std::collections::HashMap;

use ideaforge_domain::comment::{Comment, CommentBody};
use ideaforge_domain::notification::Notice;
use ideaforge_domain::{CommentId, ContentLanguage, IdeaId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use super::{idea_ref, names};
use crate::entity::{comment_flags, comments, idea_authors, ideas, users};
use crate::events::{Event, append};
use crate::{Store, StoreError};

fn to_comment(model: comments::Model, names: &HashMap<i64, String>) -> Comment {
    Comment {
        id: CommentId::new(model.id),
        parent: model.parent_id.map(CommentId::new),
        author: UserId::new(model.author_id),
        author_name: names.get(&model.author_id).cloned().unwrap_or_default(),
        language: crate::stored_language(model.language.as_deref()),
        body: model.body,
        flags: model.flags,
        hidden: model.hidden,
        created_at: model.created_at,
        edited_at: model.edited_at,
        deleted: model.deleted_at.is_some(),
    }
}

impl Store {
    /// Posts a comment (a reply when `parent` is given).
    pub async fn add_comment(
        &self,
        idea: IdeaId,
        parent: Option<CommentId>,
        author: UserId,
        body: &CommentBody,
        language: Option<ContentLanguage>,
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
            language: Set(crate::language_tag(language)),
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
        language: Option<ContentLanguage>,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        comments::Entity::update_many()
            .col_expr(comments::Column::Body, Expr::value(body.as_str()))
            .col_expr(comments::Column::Language, Expr::value(crate::language_tag(language)))
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
        by_moderator: bool,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        comments::Entity::update_many()
            .col_expr(comments::Column::Body, Expr::value(""))
            .col_expr(comments::Column::DeletedAt, Expr::value(now))
            .filter(comments::Column::Id.eq(id.get()))
            .exec(&txn)
            .await?;
        // A moderator removing someone's comment is a moderation decision (in the audit log); its
        // author deleting it is not.
        let event = if by_moderator {
            Event::CommentRemoved { idea, comment: id }
        } else {
            Event::CommentDeleted { idea, comment: id }
        };
        append(&txn, event, Some(actor), now).await?;
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
            return self.delete_comment(idea, id, moderator, true, now).await;
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
}
