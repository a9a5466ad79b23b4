//! The front door: what a member sees of their own on the home page (their ideas and stages, the
//! votes they have left where voting is open, the latest news of what they follow) and the ideas
//! companies chose.

use ideaforge_domain::idea::IdeaCard;
use ideaforge_domain::{ContestId, User};

use crate::{App, IdeasError, NotificationView};

/// How many of each the dashboard shows.
const SHOWN: u64 = 5;

/// A member's own part of the home page.
#[derive(Debug)]
pub struct Dashboard {
    /// Their latest ideas, written or co-written, with their stages.
    pub ideas: Vec<IdeaCard>,
    /// Contests with a vote budget that take votes now (of the ten newest public ones): the votes
    /// the member has used of it.
    pub votes: Vec<VotesLeft>,
    /// Their latest notifications.
    pub activity: Vec<NotificationView>,
}

/// A member's votes in one contest that is taking votes.
#[derive(Debug)]
pub struct VotesLeft {
    /// The contest.
    pub contest: ContestId,
    /// Its title.
    pub title: String,
    /// Votes used.
    pub used: u32,
    /// Votes each member has there.
    pub budget: u32,
}

impl App {
    /// A member's dashboard.
    pub async fn dashboard(&self, actor: &User) -> Result<Dashboard, IdeasError> {
        let now = self.clock.now();
        let ideas = self.store.ideas_of(actor.id, SHOWN).await?;
        let mut votes = Vec::new();
        for contest in self.store.contests(None, false, 10).await? {
            let Some(budget) = contest.vote_budget.filter(|_| contest.windows.accepts_votes(now)) else { continue };
            let used = self.store.votes_used(contest.id, actor.id).await?;
            votes.push(VotesLeft {
                contest: contest.id,
                title: contest.title.as_str().to_owned(),
                used,
                budget: budget.get(),
            });
            if votes.len() as u64 == SHOWN {
                break;
            }
        }
        let activity = self.latest_notifications(actor, 3).await?;
        Ok(Dashboard { ideas, votes, activity })
    }

    /// Every idea a member wrote or co-wrote (their latest 200), newest first, with its stage.
    pub async fn my_ideas(&self, actor: &User) -> Result<Vec<IdeaCard>, IdeasError> {
        Ok(self.store.ideas_of(actor.id, 200).await?)
    }

    /// The latest ideas companies chose (selected, in development or launched) that anyone may see.
    pub async fn chosen_ideas(&self, limit: u64) -> Result<Vec<IdeaCard>, IdeasError> {
        Ok(self.store.chosen_ideas(limit).await?)
    }
}
