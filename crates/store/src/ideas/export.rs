//! A contest's ideas for its managers to take out (CSV or JSON lines), read in batches by id so
//! that an export of any size holds one batch in memory at a time.

use std::collections::HashMap;

use ideaforge_domain::{ContentLanguage, ContestId, IdeaId};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait};
use time::OffsetDateTime;

use crate::entity::{idea_tags, ideas, users};
use crate::{Store, StoreError};

/// One idea of an export: what the contest's page shows of it, and its address's id.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedIdea {
    /// Its id.
    pub id: IdeaId,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Category.
    pub category: String,
    /// Stage name.
    pub stage: String,
    /// Votes.
    pub votes: i64,
    /// The originator's public name.
    pub author: String,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// When it was submitted.
    pub created_at: OffsetDateTime,
    /// The language it is written in, if recorded.
    pub language: Option<ContentLanguage>,
}

type Row = (i64, String, String, String, String, i64, OffsetDateTime, Option<String>, String);

impl Store {
    /// Up to `limit` ideas of `contest` with ids above `after`, in id order (merged ones too: their
    /// stage says so): two queries per batch.
    pub async fn exported_ideas_after(
        &self,
        contest: ContestId,
        after: i64,
        limit: u64,
    ) -> Result<Vec<ExportedIdea>, StoreError> {
        let rows: Vec<Row> = ideas::Entity::find()
            .select_only()
            .columns([
                ideas::Column::Id,
                ideas::Column::Title,
                ideas::Column::Summary,
                ideas::Column::Category,
                ideas::Column::Stage,
                ideas::Column::VotesCount,
                ideas::Column::CreatedAt,
                ideas::Column::Language,
            ])
            .column(users::Column::DisplayName)
            .join(JoinType::InnerJoin, ideas::Relation::Author.def())
            .filter(ideas::Column::ContestId.eq(contest.get()))
            .filter(ideas::Column::Id.gt(after))
            .order_by_asc(ideas::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        if !ids.is_empty() {
            let found = idea_tags::Entity::find()
                .filter(idea_tags::Column::IdeaId.is_in(ids))
                .order_by_asc(idea_tags::Column::Id)
                .all(&self.read)
                .await?;
            for tag in found {
                tags.entry(tag.idea_id).or_default().push(tag.tag);
            }
        }
        Ok(rows
            .into_iter()
            .map(|(id, title, summary, category, stage, votes, created_at, language, author)| ExportedIdea {
                id: IdeaId::new(id),
                title,
                summary,
                category,
                stage,
                votes,
                author,
                tags: tags.remove(&id).unwrap_or_default(),
                created_at,
                language: crate::stored_language(language.as_deref()),
            })
            .collect())
    }
}
