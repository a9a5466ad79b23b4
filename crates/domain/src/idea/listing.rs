//! Where a page of an idea list starts (keyset pagination). A "next" link carries the position of
//! the page's last idea and a "previous" link that of its first; the next page is then the ideas
//! after that position in the list's order, which an index finds directly however deep the page
//! is, where an offset makes the database walk past every idea before it.

use std::fmt;

use super::{IdeaCard, IdeaSort};
use crate::{IdeaId, Invalid};

/// One idea's place in a list's order: its sort key and its id (which breaks ties).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListCursor {
    key: SortKey,
    id: IdeaId,
}

/// The value a list is ordered by, for one idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// `top`: the vote count.
    Votes(i64),
    /// `new`: the id alone.
    Newest,
    /// `trending`: the score, kept as its bits so that the position compares exactly.
    Trending(u64),
}

impl ListCursor {
    /// The position of `card` in a list ordered by `sort`.
    pub fn at(sort: IdeaSort, card: &IdeaCard) -> Self {
        let key = match sort {
            IdeaSort::Top => SortKey::Votes(card.votes),
            IdeaSort::New => SortKey::Newest,
            IdeaSort::Trending => SortKey::Trending(card.trending.to_bits()),
        };
        Self { key, id: card.id }
    }

    /// Reads a position as [`fmt::Display`] wrote it for a list ordered by `sort`.
    ///
    /// # Errors
    /// `Malformed` for anything else (another sort's position, a negative count, a score that is
    /// not a finite number, an id that is not positive).
    pub fn parse(sort: IdeaSort, raw: &str) -> Result<Self, Invalid> {
        // Numbers as `Display` writes them: no sign, no leading zeros.
        let id = |raw: &str| match raw.parse::<i64>() {
            Ok(id) if id > 0 && id.to_string() == raw => Ok(IdeaId::new(id)),
            _ => Err(Invalid::Malformed),
        };
        let split = || raw.split_once('_').ok_or(Invalid::Malformed);
        match sort {
            IdeaSort::New => Ok(Self { key: SortKey::Newest, id: id(raw)? }),
            IdeaSort::Top => {
                let (votes, rest) = split()?;
                match votes.parse::<i64>() {
                    Ok(count) if count >= 0 && count.to_string() == votes => {
                        Ok(Self { key: SortKey::Votes(count), id: id(rest)? })
                    }
                    _ => Err(Invalid::Malformed),
                }
            }
            IdeaSort::Trending => {
                let (score, rest) = split()?;
                match score.parse::<f64>() {
                    Ok(score) if score.is_finite() => {
                        Ok(Self { key: SortKey::Trending(score.to_bits()), id: id(rest)? })
                    }
                    _ => Err(Invalid::Malformed),
                }
            }
        }
    }

    /// The idea at this position.
    pub fn id(self) -> IdeaId {
        self.id
    }

    /// Its sort key.
    pub fn key(self) -> SortKey {
        self.key
    }
}

impl SortKey {
    /// A trending score as a number.
    pub fn trending(self) -> Option<f64> {
        match self {
            Self::Trending(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }
}

impl fmt::Display for ListCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key {
            SortKey::Votes(votes) => write!(f, "{votes}_{}", self.id),
            SortKey::Newest => write!(f, "{}", self.id),
            // `f64`'s display is the shortest text that reads back as the same number.
            SortKey::Trending(bits) => write!(f, "{}_{}", f64::from_bits(bits), self.id),
        }
    }
}

/// Which page of a list to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ListAt {
    /// The first page.
    #[default]
    First,
    /// The page after this position.
    After(ListCursor),
    /// The page before this position.
    Before(ListCursor),
    /// A page by number (from 1), counted from the start: old links and the API's `page`.
    Page(u64),
}

/// One page of an idea list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdeaListPage {
    /// Its ideas, in the list's order.
    pub cards: Vec<IdeaCard>,
    /// Whether ideas come before it (a "previous" link).
    pub earlier: bool,
    /// Whether ideas come after it (a "next" link).
    pub later: bool,
}

impl IdeaListPage {
    /// Where the page before this one ends, if there is one.
    pub fn previous(&self, sort: IdeaSort) -> Option<ListCursor> {
        self.cards.first().filter(|_| self.earlier).map(|card| ListCursor::at(sort, card))
    }

    /// Where the page after this one starts, if there is one.
    pub fn next(&self, sort: IdeaSort) -> Option<ListCursor> {
        self.cards.last().filter(|_| self.later).map(|card| ListCursor::at(sort, card))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn card(id: i64, votes: i64, trending: f64) -> IdeaCard {
        IdeaCard {
            id: IdeaId::new(id),
            title: String::new(),
            summary: String::new(),
            category: String::new(),
            stage: super::super::Stage::Submitted,
            votes,
            trending,
            author_name: String::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            language: None,
        }
    }

    #[test]
    fn each_sort_writes_what_it_reads() {
        let card = card(42, 7, 39_123.456_789_012_3);
        for (sort, text) in
            [(IdeaSort::Top, "7_42"), (IdeaSort::New, "42"), (IdeaSort::Trending, "39123.4567890123_42")]
        {
            let cursor = ListCursor::at(sort, &card);
            assert_eq!(cursor.to_string(), text);
            assert_eq!(ListCursor::parse(sort, text), Ok(cursor));
            assert_eq!(cursor.id(), IdeaId::new(42));
        }
        assert_eq!(ListCursor::at(IdeaSort::Trending, &card).key().trending(), Some(39_123.456_789_012_3));
    }

    #[test]
    fn anything_else_is_malformed() {
        for (sort, raw) in [
            (IdeaSort::Top, "42"),
            (IdeaSort::Top, "-1_42"),
            (IdeaSort::Top, "007_42"),
            (IdeaSort::Top, "7_0"),
            (IdeaSort::Top, "7_+4"),
            (IdeaSort::Top, "7_42_1"),
            (IdeaSort::New, "7_42"),
            (IdeaSort::New, ""),
            (IdeaSort::Trending, "NaN_4"),
            (IdeaSort::Trending, "inf_4"),
            (IdeaSort::Trending, "x_4"),
        ] {
            assert_eq!(ListCursor::parse(sort, raw), Err(Invalid::Malformed), "{sort:?} {raw:?}");
        }
    }

    proptest! {
        #[test]
        fn any_position_reads_back_the_same(id in 1i64.., votes in 0i64.., score in -1e12f64..1e12) {
            let card = card(id, votes, score);
            for sort in [IdeaSort::Top, IdeaSort::New, IdeaSort::Trending] {
                let cursor = ListCursor::at(sort, &card);
                prop_assert_eq!(ListCursor::parse(sort, &cursor.to_string()), Ok(cursor));
            }
        }

        #[test]
        fn no_text_panics(sort in 0usize..3, raw in "\\PC{0,40}") {
            let sort = [IdeaSort::Top, IdeaSort::New, IdeaSort::Trending][sort];
            let _ = ListCursor::parse(sort, &raw);
        }
    }
}
