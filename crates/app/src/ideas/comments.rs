//! Comments on ideas: posting, editing within the window, deleting, flagging and moderating.

use ideaforge_domain::comment::{Comment, CommentBody, editable};
use ideaforge_domain::{CommentId, IdeaId, Invalid, User};

use super::{IdeasError, invalid};
use crate::App;

impl App {
    /// Posts a comment or a reply to a top-level comment.
    pub async fn comment(
        &self,
        actor: &User,
        idea: IdeaId,
        parent: Option<CommentId>,
        body: &str,
    ) -> Result<CommentId, IdeasError> {
        let body = CommentBody::parse(body).map_err(|why| invalid("body", why))?;
        self.visible_idea(Some(actor), idea).await?;
        if let Some(parent) = parent {
            match self.store.comment(parent).await? {
                Some((parent_idea, parent)) if parent_idea == idea && parent.parent.is_none() && !parent.deleted => {}
                _ => return Err(invalid("parent_id", Invalid::Unknown)),
            }
        }
        self.count_post(actor, "comment").map_err(IdeasError::TooMany)?;
        let language = crate::written::detected(body.as_str());
        Ok(self.store.add_comment(idea, parent, actor.id, &body, language, self.clock.now()).await?)
    }

    async fn own_comment(&self, actor: &User, id: CommentId) -> Result<(IdeaId, Comment), IdeasError> {
        let (idea, comment) = self.store.comment(id).await?.ok_or(IdeasError::NotFound)?;
        self.visible_idea(Some(actor), idea).await?;
        if comment.deleted {
            return Err(IdeasError::NotFound);
        }
        Ok((idea, comment))
    }

    /// Edits one's own comment within 15 minutes of posting it.
    pub async fn edit_comment(&self, actor: &User, id: CommentId, body: &str) -> Result<IdeaId, IdeasError> {
        let (idea, comment) = self.own_comment(actor, id).await?;
        if comment.author != actor.id {
            return Err(IdeasError::Forbidden);
        }
        let body = CommentBody::parse(body).map_err(|why| invalid("body", why))?;
        let now = self.clock.now();
        if !editable(comment.created_at, now) {
            return Err(IdeasError::EditWindowClosed);
        }
        let language = crate::written::detected(body.as_str());
        self.store.edit_comment(idea, id, &body, language, actor.id, now).await?;
        Ok(idea)
    }

    /// Deletes a comment (its author or a moderator); the thread keeps a placeholder.
    pub async fn delete_comment(&self, actor: &User, id: CommentId) -> Result<IdeaId, IdeasError> {
        let (idea, comment) = self.own_comment(actor, id).await?;
        if comment.author != actor.id && !actor.role.can_moderate() {
            return Err(IdeasError::Forbidden);
        }
        let by_moderator = comment.author != actor.id;
        self.store.delete_comment(idea, id, actor.id, by_moderator, self.clock.now()).await?;
        Ok(idea)
    }

    /// Flags a comment; enough flags hide it until a moderator decides.
    pub async fn flag_comment(&self, actor: &User, id: CommentId) -> Result<IdeaId, IdeasError> {
        let (idea, comment) = self.own_comment(actor, id).await?;
        match ideaforge_domain::comment::may_flag(comment.author, actor.id, actor.email_verified) {
            Ok(()) => {}
            Err(ideaforge_domain::comment::FlagRefused::OwnComment) => return Err(IdeasError::Forbidden),
            Err(ideaforge_domain::comment::FlagRefused::Unconfirmed) => return Err(IdeasError::Unconfirmed),
        }
        self.count_post(actor, "flag").map_err(IdeasError::TooMany)?;
        self.store.flag_comment(idea, id, actor.id, self.community.flags_to_hide, self.clock.now()).await?;
        Ok(idea)
    }

    /// A moderator restores or deletes a hidden comment.
    pub async fn moderate_comment(&self, actor: &User, id: CommentId, restore: bool) -> Result<IdeaId, IdeasError> {
        if !actor.role.can_moderate() {
            return Err(IdeasError::Forbidden);
        }
        let (idea, _) = self.store.comment(id).await?.ok_or(IdeasError::NotFound)?;
        self.store.moderate_comment(idea, id, restore, actor.id, self.clock.now()).await?;
        Ok(idea)
    }

    /// Comments hidden by flags (moderators).
    pub async fn flagged_comments(&self, actor: &User) -> Result<Vec<(IdeaId, Comment)>, IdeasError> {
        if !actor.role.can_moderate() {
            return Err(IdeasError::Forbidden);
        }
        Ok(self.store.hidden_comments(100).await?)
    }
}
