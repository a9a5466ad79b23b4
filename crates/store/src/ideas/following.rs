//! Following ideas and contests.

use ideaforge_domain::UserId;
use ideaforge_domain::subject::Subject;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use time::OffsetDateTime;

use super::follow_in;
use crate::entity::follows;
use crate::events::{Event, append};
use crate::{Store, StoreError};

impl Store {
    /// Follows an idea or contest (`idea:7`, `contest:3`); following twice changes nothing.
    pub async fn follow(&self, user: UserId, subject: Subject, now: OffsetDateTime) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        if follow_in(&txn, user, subject, now).await? {
            append(&txn, Event::Followed { user, subject }, Some(user), now).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Stops following.
    pub async fn unfollow(&self, user: UserId, subject: Subject) -> Result<(), StoreError> {
        follows::Entity::delete_many()
            .filter(follows::Column::UserId.eq(user.get()))
            .filter(follows::Column::Subject.eq(subject.to_string()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Whether the member follows the subject.
    pub async fn follows(&self, user: UserId, subject: Subject) -> Result<bool, StoreError> {
        Ok(follows::Entity::find()
            .filter(follows::Column::UserId.eq(user.get()))
            .filter(follows::Column::Subject.eq(subject.to_string()))
            .count(&self.read)
            .await?
            > 0)
    }

    /// Everyone following the subject.
    pub async fn followers(&self, subject: Subject) -> Result<Vec<UserId>, StoreError> {
        Ok(follows::Entity::find()
            .filter(follows::Column::Subject.eq(subject.to_string()))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|f| UserId::new(f.user_id))
            .collect())
    }
}
