//! What a record, an event, a notification or a follow is about: `idea:7`, `challenge:3`. One type,
//! so that the text form is written in one place.

use std::fmt;
use std::str::FromStr;

use crate::invalid::Invalid;
use crate::{CampaignId, CategoryId, ChallengeId, ContestId, IdeaId, OrgId, SolutionId, TokenId, UserId};

/// What something concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// An idea.
    Idea(IdeaId),
    /// A solution.
    Solution(SolutionId),
    /// A challenge.
    Challenge(ChallengeId),
    /// A contest.
    Contest(ContestId),
    /// A member account.
    User(UserId),
    /// An organization.
    Org(OrgId),
    /// An API token.
    Token(TokenId),
    /// A funding campaign.
    Campaign(CampaignId),
    /// A managed category.
    Category(CategoryId),
}

impl Subject {
    /// Its page on the site.
    pub fn path(&self) -> String {
        match self {
            Self::Idea(id) => format!("/ideas/{id}"),
            Self::Solution(id) => format!("/solutions/{id}"),
            Self::Challenge(id) => format!("/challenges/{id}"),
            Self::Contest(id) => format!("/contests/{id}"),
            Self::Campaign(id) => format!("/campaigns/{id}"),
            // Accounts and tokens have no public page; an organization's page is by slug.
            Self::User(_) | Self::Org(_) | Self::Token(_) => "/".to_owned(),
            Self::Category(_) => "/admin/categories".to_owned(),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Idea(id) => write!(f, "idea:{id}"),
            Self::Solution(id) => write!(f, "solution:{id}"),
            Self::Challenge(id) => write!(f, "challenge:{id}"),
            Self::Contest(id) => write!(f, "contest:{id}"),
            Self::User(id) => write!(f, "user:{id}"),
            Self::Org(id) => write!(f, "org:{id}"),
            Self::Token(id) => write!(f, "token:{id}"),
            Self::Campaign(id) => write!(f, "campaign:{id}"),
            Self::Category(id) => write!(f, "category:{id}"),
        }
    }
}

impl FromStr for Subject {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let (kind, id) = s.trim().split_once(':').ok_or(Invalid::Malformed)?;
        let id: i64 = id.parse().map_err(|_| Invalid::Malformed)?;
        match kind {
            "idea" => Ok(Self::Idea(IdeaId::new(id))),
            "solution" => Ok(Self::Solution(SolutionId::new(id))),
            "challenge" => Ok(Self::Challenge(ChallengeId::new(id))),
            "contest" => Ok(Self::Contest(ContestId::new(id))),
            "user" => Ok(Self::User(UserId::new(id))),
            "org" => Ok(Self::Org(OrgId::new(id))),
            "token" => Ok(Self::Token(TokenId::new(id))),
            "campaign" => Ok(Self::Campaign(CampaignId::new(id))),
            "category" => Ok(Self::Category(CategoryId::new(id))),
            _ => Err(Invalid::Malformed),
        }
    }
}

impl serde::Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Subject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(|_| serde::de::Error::invalid_value(serde::de::Unexpected::Str(&raw), &"idea:7"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips() {
        for subject in [
            Subject::Idea(IdeaId::new(7)),
            Subject::Solution(SolutionId::new(8)),
            Subject::Challenge(ChallengeId::new(9)),
            Subject::Contest(ContestId::new(10)),
            Subject::User(UserId::new(11)),
            Subject::Org(OrgId::new(12)),
            Subject::Token(TokenId::new(13)),
            Subject::Campaign(CampaignId::new(14)),
            Subject::Category(CategoryId::new(15)),
        ] {
            assert_eq!(subject.to_string().parse::<Subject>(), Ok(subject));
        }
        assert!("person:1".parse::<Subject>().is_err() && "idea:x".parse::<Subject>().is_err());
    }
}
