//! Which picture each organization or contest shows (the files themselves are the app's, in the
//! data directory).

use ideaforge_domain::UserId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use time::OffsetDateTime;

use crate::entity::pictures;
use crate::{Store, StoreError};

impl Store {
    /// The file name of the picture `subject` (`org:3`, `contest:5`) shows, if one was uploaded.
    pub async fn picture(&self, subject: &str) -> Result<Option<String>, StoreError> {
        Ok(pictures::Entity::find_by_id(subject.to_owned()).one(&self.read).await?.map(|p| p.name))
    }

    /// Sets or replaces the picture `subject` shows.
    pub async fn set_picture(
        &self,
        subject: &str,
        name: &str,
        by: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let row = pictures::ActiveModel {
            subject: Set(subject.to_owned()),
            name: Set(name.to_owned()),
            uploaded_by: Set(by.get()),
            updated_at: Set(now),
        };
        let upsert = OnConflict::column(pictures::Column::Subject)
            .update_columns([pictures::Column::Name, pictures::Column::UploadedBy, pictures::Column::UpdatedAt])
            .to_owned();
        pictures::Entity::insert(row).on_conflict(upsert).exec(&self.write).await?;
        Ok(())
    }
}
