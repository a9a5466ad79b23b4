//! What the search index is built from: the public fields of ideas, read in batches.

use std::collections::HashMap;

use ideaforge_domain::idea::Stage;
use ideaforge_domain::{ContentLanguage, ContestId, IdeaId};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use time::OffsetDateTime;

use crate::entity::{idea_tags, ideas};
use crate::{Store, StoreError};

/// An idea's public, searchable fields. Merged (duplicate) ideas are never searchable.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchableIdea {
    /// Its id.
    pub id: IdeaId,
    /// Its contest, if any.
    pub contest: Option<ContestId>,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body (Markdown source).
    pub body: String,
    /// Category.
    pub category: String,
    /// Stage name.
    pub stage: String,
    /// Vote count.
    pub votes: i64,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// Submission time.
    pub created_at: OffsetDateTime,
    /// The language it is written in, if recorded.
    pub language: Option<ContentLanguage>,
}

type Row = (i64, Option<i64>, String, String, String, String, String, i64, OffsetDateTime, Option<String>);

/// A public challenge's columns: id, title, statement, category, status, created, language.
type ChallengeRow = (i64, String, String, String, String, OffsetDateTime, Option<String>);

fn searchable() -> Select<ideas::Entity> {
    ideas::Entity::find().filter(ideas::Column::Stage.ne(Stage::Duplicate.as_str()))
}

impl Store {
    /// How many ideas are searchable (for progress reports).
    pub async fn count_searchable_ideas(&self) -> Result<u64, StoreError> {
        Ok(searchable().count(&self.read).await?)
    }

    /// Up to `limit` searchable ideas with ids above `after`, in id order: two queries per batch.
    pub async fn searchable_ideas_after(&self, after: i64, limit: u64) -> Result<Vec<SearchableIdea>, StoreError> {
        let rows = self.searchable_rows(searchable().filter(ideas::Column::Id.gt(after)).limit(limit)).await?;
        let (Some(first), Some(last)) = (rows.first().map(|r| r.0), rows.last().map(|r| r.0)) else {
            return Ok(Vec::new());
        };
        let tags = idea_tags::Entity::find()
            .filter(idea_tags::Column::IdeaId.between(first, last))
            .order_by_asc(idea_tags::Column::Id)
            .all(&self.read)
            .await?;
        Ok(assemble(rows, tags))
    }

    /// The searchable ideas among `ids` (a merged or missing idea is left out).
    pub async fn searchable_ideas(&self, ids: &[IdeaId]) -> Result<Vec<SearchableIdea>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raw: Vec<i64> = ids.iter().map(|id| id.get()).collect();
        let rows = self.searchable_rows(searchable().filter(ideas::Column::Id.is_in(raw.iter().copied()))).await?;
        let tags = idea_tags::Entity::find()
            .filter(idea_tags::Column::IdeaId.is_in(raw))
            .order_by_asc(idea_tags::Column::Id)
            .all(&self.read)
            .await?;
        Ok(assemble(rows, tags))
    }

    async fn searchable_rows(&self, query: Select<ideas::Entity>) -> Result<Vec<Row>, StoreError> {
        Ok(query
            .select_only()
            .columns([
                ideas::Column::Id,
                ideas::Column::ContestId,
                ideas::Column::Title,
                ideas::Column::Summary,
                ideas::Column::Body,
                ideas::Column::Category,
                ideas::Column::Stage,
                ideas::Column::VotesCount,
                ideas::Column::CreatedAt,
                ideas::Column::Language,
            ])
            .order_by_asc(ideas::Column::Id)
            .into_tuple::<Row>()
            .all(&self.read)
            .await?)
    }
}

fn assemble(rows: Vec<Row>, tags: Vec<idea_tags::Model>) -> Vec<SearchableIdea> {
    let mut by_idea: HashMap<i64, Vec<String>> = HashMap::new();
    for tag in tags {
        by_idea.entry(tag.idea_id).or_default().push(tag.tag);
    }
    rows.into_iter()
        .map(|(id, contest, title, summary, body, category, stage, votes, created_at, language)| SearchableIdea {
            id: IdeaId::new(id),
            contest: contest.map(ContestId::new),
            title,
            summary,
            body,
            category,
            stage,
            votes,
            tags: by_idea.remove(&id).unwrap_or_default(),
            created_at,
            language: crate::stored_language(language.as_deref()),
        })
        .collect()
}

/// A challenge's public, searchable fields: its title and public statement. Never its confidential
/// details, never its seeker (an anonymous seeker must not be findable), never its solutions.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchableChallenge {
    /// Its id.
    pub id: ideaforge_domain::ChallengeId,
    /// Title.
    pub title: String,
    /// The public statement (Markdown source).
    pub statement: String,
    /// Category.
    pub category: String,
    /// Stored status name.
    pub status: String,
    /// Creation time.
    pub created_at: OffsetDateTime,
    /// The language it is written in, if recorded.
    pub language: Option<ContentLanguage>,
}

/// A public campaign as the search index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchableCampaign {
    /// Its id.
    pub id: ideaforge_domain::CampaignId,
    /// Title.
    pub title: String,
    /// The story (Markdown source).
    pub story: String,
    /// Stored status name.
    pub status: String,
    /// Creation time.
    pub created_at: OffsetDateTime,
}

impl Store {
    /// The public challenges among `ids` (those that have opened), or every public one when `ids`
    /// is `None`. Only public columns are read.
    pub async fn searchable_challenges(
        &self,
        ids: Option<&[ideaforge_domain::ChallengeId]>,
    ) -> Result<Vec<SearchableChallenge>, StoreError> {
        use crate::entity::challenges;
        let mut query = challenges::Entity::find()
            .select_only()
            .columns([
                challenges::Column::Id,
                challenges::Column::Title,
                challenges::Column::Statement,
                challenges::Column::Category,
                challenges::Column::Status,
                challenges::Column::CreatedAt,
                challenges::Column::Language,
            ])
            .filter(challenges::Column::OpenedAt.is_not_null())
            .order_by_asc(challenges::Column::Id);
        if let Some(ids) = ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            query = query.filter(challenges::Column::Id.is_in(ids.iter().map(|id| id.get())));
        }
        let rows: Vec<ChallengeRow> = query.into_tuple().all(&self.read).await?;
        Ok(rows
            .into_iter()
            .map(|(id, title, statement, category, status, created_at, language)| SearchableChallenge {
                id: ideaforge_domain::ChallengeId::new(id),
                title,
                statement,
                category,
                status,
                created_at,
                language: crate::stored_language(language.as_deref()),
            })
            .collect())
    }

    /// The public campaigns among `ids` (live or finished; never drafts, reviews or cancelled
    /// ones), or every public one when `ids` is `None`.
    pub async fn searchable_campaigns(
        &self,
        ids: Option<&[ideaforge_domain::CampaignId]>,
    ) -> Result<Vec<SearchableCampaign>, StoreError> {
        use crate::entity::campaigns;
        let mut query = campaigns::Entity::find()
            .select_only()
            .columns([
                campaigns::Column::Id,
                campaigns::Column::Title,
                campaigns::Column::Story,
                campaigns::Column::Status,
                campaigns::Column::CreatedAt,
            ])
            .filter(campaigns::Column::Status.is_in(["live", "succeeded", "failed"]))
            .order_by_asc(campaigns::Column::Id);
        if let Some(ids) = ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            query = query.filter(campaigns::Column::Id.is_in(ids.iter().map(|id| id.get())));
        }
        let rows: Vec<(i64, String, String, String, OffsetDateTime)> = query.into_tuple().all(&self.read).await?;
        Ok(rows
            .into_iter()
            .map(|(id, title, story, status, created_at)| SearchableCampaign {
                id: ideaforge_domain::CampaignId::new(id),
                title,
                story,
                status,
                created_at,
            })
            .collect())
    }
}
