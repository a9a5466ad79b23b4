//! Pages of idea lists. A page after (or before) a position is found by index ranges, as fast at
//! page 5,000 as at page 1 (keyset pagination): first the rest of the position's tie group (the
//! ideas with the same count or score, by id), then, if the page is not full, the ideas beyond it.
//! Two plain ranges rather than one row-value comparison `(votes, id) < (?, ?)`, which SQLite's
//! planner turns into a range on the count alone: with most ideas at zero votes, a walk past all of
//! them.

use ideaforge_domain::idea::{IdeaCard, IdeaFilter, IdeaListPage, IdeaSort, ListAt, ListCursor, SortKey, Stage};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Select};

use super::PAGE_SIZE;
use crate::entity::{idea_tags, ideas};
use crate::{Store, StoreError};

/// The ideas a filter lets through, in no order yet.
fn filtered(filter: &IdeaFilter) -> Select<ideas::Entity> {
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
    query
}

/// The column a sort orders by before the id, if any.
fn key_column(sort: IdeaSort) -> Option<ideas::Column> {
    match sort {
        IdeaSort::Top => Some(ideas::Column::VotesCount),
        IdeaSort::New => None,
        IdeaSort::Trending => Some(ideas::Column::Trending),
    }
}

/// `query` in the list's order (or the reverse, reading backwards).
fn ordered(query: Select<ideas::Entity>, sort: IdeaSort, order: &Order) -> Select<ideas::Entity> {
    let query = match key_column(sort) {
        Some(key) => query.order_by(key, order.clone()),
        None => query,
    };
    query.order_by(ideas::Column::Id, order.clone())
}

/// A column of `ideas`, qualified: the cards join the authors' table, which has an `id` too.
fn column(c: ideas::Column) -> Expr {
    Expr::col((ideas::Entity, c))
}

/// The cursor's sort key as a value.
fn key_value(cursor: ListCursor) -> Option<Expr> {
    match cursor.key() {
        SortKey::Votes(votes) => Some(Expr::value(votes)),
        SortKey::Trending(_) => Some(Expr::value(cursor.key().trending().unwrap_or(0.0))),
        SortKey::Newest => None,
    }
}

impl Store {
    /// One page of ideas: the first, the one after or before a position (keyset), or one by number
    /// (an offset, for old links).
    pub async fn list_ideas(
        &self,
        filter: &IdeaFilter,
        sort: IdeaSort,
        at: ListAt,
    ) -> Result<IdeaListPage, StoreError> {
        let limit = PAGE_SIZE + 1;
        let mut cards = match at {
            ListAt::First => self.cards(ordered(filtered(filter), sort, &Order::Desc), limit).await?,
            ListAt::Page(page) => {
                let query = ordered(filtered(filter), sort, &Order::Desc);
                self.cards(query.offset(page.saturating_sub(1).saturating_mul(PAGE_SIZE)), limit).await?
            }
            ListAt::After(cursor) => self.beyond(filter, sort, cursor, false, limit).await?,
            ListAt::Before(cursor) => self.beyond(filter, sort, cursor, true, limit).await?,
        };
        let beyond = cards.len() as u64 > PAGE_SIZE;
        cards.truncate(PAGE_SIZE as usize);
        Ok(match at {
            ListAt::First => IdeaListPage { cards, earlier: false, later: beyond },
            ListAt::Page(page) => IdeaListPage { cards, earlier: page > 1, later: beyond },
            ListAt::After(_) => IdeaListPage { cards, earlier: true, later: beyond },
            ListAt::Before(_) => {
                cards.reverse();
                IdeaListPage { cards, earlier: beyond, later: true }
            }
        })
    }

    /// Up to `limit` ideas past `cursor` in the list's order (`backwards`: before it, nearest
    /// first): the rest of its tie group, then the ideas beyond the group.
    async fn beyond(
        &self,
        filter: &IdeaFilter,
        sort: IdeaSort,
        cursor: ListCursor,
        backwards: bool,
        limit: u64,
    ) -> Result<Vec<IdeaCard>, StoreError> {
        let order = if backwards { Order::Asc } else { Order::Desc };
        let past = |col: Expr, value: Expr| if backwards { col.gt(value) } else { col.lt(value) };
        let id = Expr::value(cursor.id().get());
        let (Some(key), Some(value)) = (key_column(sort), key_value(cursor)) else {
            // `new`: the id is the whole position.
            let query = filtered(filter).filter(past(column(ideas::Column::Id), id));
            return self.cards(ordered(query, sort, &order), limit).await;
        };
        let ties = filtered(filter)
            .filter(column(key).eq(value.clone()))
            .filter(past(column(ideas::Column::Id), id))
            .order_by(ideas::Column::Id, order.clone());
        let mut cards = self.cards(ties, limit).await?;
        let missing = limit.saturating_sub(cards.len() as u64);
        if missing > 0 {
            let rest = filtered(filter).filter(past(column(key), value));
            cards.extend(self.cards(ordered(rest, sort, &order), missing).await?);
        }
        Ok(cards)
    }
}
