//! Organizations, their members, and contests.

use ideaforge_domain::contest::{
    BasisPoints, Brief, Contest, ContestTitle, IpTerms, NewContest, VoteBudget, VoteThreshold, Windows, parse_category,
};
use ideaforge_domain::org::{Org, OrgMember, OrgName, OrgRole, OrgSlug};
use ideaforge_domain::{ContestId, DisplayName, OrgId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{contests, org_members, organizations, users};
use crate::events::{Event, append};
use crate::{Store, StoreError};

fn corrupt(what: &'static str) -> impl Fn(ideaforge_domain::Invalid) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

pub(crate) fn to_org(model: organizations::Model) -> Result<Org, StoreError> {
    Ok(Org {
        id: OrgId::new(model.id),
        slug: OrgSlug::parse(&model.slug).map_err(corrupt("org slug"))?,
        name: OrgName::parse(&model.name).map_err(corrupt("org name"))?,
        created_at: model.created_at,
    })
}

fn to_contest(model: contests::Model, org: Org) -> Result<Contest, StoreError> {
    Ok(Contest {
        id: ContestId::new(model.id),
        org,
        title: ContestTitle::parse(&model.title).map_err(corrupt("contest title"))?,
        brief: Brief::parse(&model.brief).map_err(corrupt("contest brief"))?,
        category: parse_category(&model.category).map_err(corrupt("contest category"))?,
        windows: Windows { submission_closes_at: model.submission_closes_at, voting_closes_at: model.voting_closes_at },
        vote_budget: model.vote_budget.map(|b| VoteBudget::new(i64::from(b))).transpose().map_err(corrupt("budget"))?,
        shortlist_at: model
            .shortlist_at
            .map(|t| VoteThreshold::new(i64::from(t)))
            .transpose()
            .map_err(corrupt("vote threshold"))?,
        influence_pool: BasisPoints::new(i64::from(model.influence_pool_bp)).map_err(corrupt("influence pool"))?,
        ip_terms: IpTerms::parse(&model.ip_terms).map_err(corrupt("ip terms"))?,
        approved_at: model.approved_at,
        created_by: UserId::new(model.created_by),
        created_at: model.created_at,
    })
}

impl Store {
    /// Creates an organization with its creator as owner; `SlugTaken` if the slug is in use.
    pub async fn create_org(
        &self,
        slug: &OrgSlug,
        name: &OrgName,
        owner: UserId,
        now: OffsetDateTime,
    ) -> Result<Org, StoreError> {
        let txn = self.write.begin().await?;
        let model = organizations::ActiveModel {
            id: NotSet,
            slug: Set(slug.as_str().to_owned()),
            name: Set(name.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::SlugTaken,
            _ => StoreError::Database(e),
        })?;
        let org = to_org(model)?;
        org_members::ActiveModel {
            id: NotSet,
            org_id: Set(org.id.get()),
            user_id: Set(owner.get()),
            role: Set(OrgRole::Owner.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        append(&txn, Event::OrgCreated { org: org.id }, Some(owner), now).await?;
        txn.commit().await?;
        Ok(org)
    }

    /// The organization with this slug.
    pub async fn org_by_slug(&self, slug: &OrgSlug) -> Result<Option<Org>, StoreError> {
        organizations::Entity::find()
            .filter(organizations::Column::Slug.eq(slug.as_str()))
            .one(&self.read)
            .await?
            .map(to_org)
            .transpose()
    }

    /// The organization with this id.
    pub async fn org(&self, id: OrgId) -> Result<Option<Org>, StoreError> {
        organizations::Entity::find_by_id(id.get()).one(&self.read).await?.map(to_org).transpose()
    }

    /// A member's role in an organization, if they belong to it.
    pub async fn org_role(&self, org: OrgId, user: UserId) -> Result<Option<OrgRole>, StoreError> {
        let found = org_members::Entity::find()
            .filter(org_members::Column::OrgId.eq(org.get()))
            .filter(org_members::Column::UserId.eq(user.get()))
            .one(&self.read)
            .await?;
        found.map(|m| m.role.parse().map_err(corrupt("org role"))).transpose()
    }

    /// The members of an organization, owners first.
    pub async fn org_members(&self, org: OrgId) -> Result<Vec<OrgMember>, StoreError> {
        let rows = org_members::Entity::find()
            .filter(org_members::Column::OrgId.eq(org.get()))
            .find_also_related(users::Entity)
            .order_by_asc(org_members::Column::Id)
            .all(&self.read)
            .await?;
        let mut members = rows
            .into_iter()
            .filter_map(|(member, user)| user.map(|u| (member, u)))
            .map(|(member, user)| {
                Ok(OrgMember {
                    user: UserId::new(user.id),
                    display_name: DisplayName::parse(&user.display_name).map_err(corrupt("display name"))?,
                    role: member.role.parse().map_err(corrupt("org role"))?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        members.sort_by_key(|m| match m.role {
            OrgRole::Owner => 0,
            OrgRole::Manager => 1,
            OrgRole::Judge => 2,
        });
        Ok(members)
    }

    /// Adds a member or changes their role.
    pub async fn set_org_member(
        &self,
        org: OrgId,
        user: UserId,
        role: OrgRole,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let updated = org_members::Entity::update_many()
            .col_expr(org_members::Column::Role, Expr::value(role.as_str()))
            .filter(org_members::Column::OrgId.eq(org.get()))
            .filter(org_members::Column::UserId.eq(user.get()))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            org_members::ActiveModel {
                id: NotSet,
                org_id: Set(org.get()),
                user_id: Set(user.get()),
                role: Set(role.as_str().to_owned()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        append(&txn, Event::OrgMemberSet { org, user, role: role.as_str().to_owned() }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The organizations a member belongs to, with their role.
    pub async fn orgs_of(&self, user: UserId) -> Result<Vec<(Org, OrgRole)>, StoreError> {
        let rows =
            org_members::Entity::find().filter(org_members::Column::UserId.eq(user.get())).all(&self.read).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(org) = self.org(OrgId::new(row.org_id)).await? {
                out.push((org, row.role.parse().map_err(corrupt("org role"))?));
            }
        }
        Ok(out)
    }

    /// Creates a contest, pending a moderator's approval.
    pub async fn create_contest(
        &self,
        org: OrgId,
        new: &NewContest,
        creator: UserId,
        now: OffsetDateTime,
    ) -> Result<ContestId, StoreError> {
        let txn = self.write.begin().await?;
        let model = contests::ActiveModel {
            id: NotSet,
            org_id: Set(org.get()),
            title: Set(new.title.as_str().to_owned()),
            brief: Set(new.brief.as_str().to_owned()),
            category: Set(new.category.as_str().to_owned()),
            submission_closes_at: Set(new.windows.submission_closes_at),
            voting_closes_at: Set(new.windows.voting_closes_at),
            vote_budget: Set(new.vote_budget.map(|b| i32::try_from(b.get()).unwrap_or(i32::MAX))),
            shortlist_at: Set(new.shortlist_at.map(|t| i32::try_from(t.get()).unwrap_or(i32::MAX))),
            influence_pool_bp: Set(i32::from(new.influence_pool.get())),
            ip_terms: Set(new.ip_terms.as_str().to_owned()),
            approved_at: Set(None),
            approved_by: Set(None),
            created_by: Set(creator.get()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let id = ContestId::new(model.id);
        append(&txn, Event::ContestCreated { contest: id, org }, Some(creator), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// The contest with this id.
    pub async fn contest(&self, id: ContestId) -> Result<Option<Contest>, StoreError> {
        let found =
            contests::Entity::find_by_id(id.get()).find_also_related(organizations::Entity).one(&self.read).await?;
        match found {
            Some((model, Some(org))) => to_contest(model, to_org(org)?).map(Some),
            Some((_, None)) => Err(StoreError::Corrupt { what: "contest org" }),
            None => Ok(None),
        }
    }

    /// Approves a pending contest; false if it was already approved or does not exist.
    pub async fn approve_contest(
        &self,
        id: ContestId,
        moderator: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let result = contests::Entity::update_many()
            .col_expr(contests::Column::ApprovedAt, Expr::value(now))
            .col_expr(contests::Column::ApprovedBy, Expr::value(moderator.get()))
            .filter(contests::Column::Id.eq(id.get()))
            .filter(contests::Column::ApprovedAt.is_null())
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            append(&txn, Event::ContestApproved { contest: id }, Some(moderator), now).await?;
        }
        txn.commit().await?;
        Ok(result.rows_affected == 1)
    }

    /// How many contests are public (approved).
    pub async fn public_contest_count(&self) -> Result<u64, StoreError> {
        Ok(contests::Entity::find().filter(contests::Column::ApprovedAt.is_not_null()).count(&self.read).await?)
    }

    /// Contests, newest first: approved ones, or with `pending` the ones awaiting approval; of one
    /// organization when `org` is given.
    pub async fn contests(&self, org: Option<OrgId>, pending: bool, limit: u64) -> Result<Vec<Contest>, StoreError> {
        let mut query = contests::Entity::find().order_by_desc(contests::Column::Id).limit(limit);
        query = if pending {
            query.filter(contests::Column::ApprovedAt.is_null())
        } else {
            query.filter(contests::Column::ApprovedAt.is_not_null())
        };
        if let Some(org) = org {
            query = query.filter(contests::Column::OrgId.eq(org.get()));
        }
        let mut out = Vec::new();
        for model in query.all(&self.read).await? {
            let org = self.org(OrgId::new(model.org_id)).await?.ok_or(StoreError::Corrupt { what: "contest org" })?;
            out.push(to_contest(model, org)?);
        }
        Ok(out)
    }
}
