//! Typed identifiers: one newtype per table so that ids of different things never mix.

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a raw database key.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            /// The raw database key.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl serde::Serialize for $name {
            // The API contract sends ids as strings, so that clients never lose precision.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            // A string (as the API and URL paths send ids) or an integer (older stored payloads).
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IdVisitor).map(Self)
            }
        }
    };
}

/// Reads an id from a decimal string or an integer.
struct IdVisitor;

impl serde::de::Visitor<'_> for IdVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id: a decimal string or an integer")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse().ok().filter(|id: &i64| *id > 0).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }
}

id_type!(
    /// A member account.
    UserId
);
id_type!(
    /// A personal access token.
    TokenId
);
id_type!(
    /// An organization.
    OrgId
);
id_type!(
    /// An idea contest.
    ContestId
);
id_type!(
    /// An idea.
    IdeaId
);
id_type!(
    /// A comment on an idea.
    CommentId
);
id_type!(
    /// A bounty challenge.
    ChallengeId
);
id_type!(
    /// A solver's solution to a challenge.
    SolutionId
);
id_type!(
    /// A public question on a challenge.
    QuestionId
);
id_type!(
    /// A funding campaign.
    CampaignId
);
id_type!(
    /// A reward tier of a campaign.
    TierId
);
id_type!(
    /// A backer's pledge to a campaign.
    PledgeId
);
id_type!(
    /// An organization's webhook endpoint.
    WebhookId
);
id_type!(
    /// One message to one webhook endpoint (delivered, retried or given up on).
    DeliveryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_strings() {
        assert_eq!(serde_json::to_string(&UserId::new(42)).ok().as_deref(), Some("\"42\""));
    }

    #[test]
    fn ids_parse_from_strings() {
        assert_eq!("7".parse::<TokenId>().ok(), Some(TokenId::new(7)));
        assert!("x".parse::<TokenId>().is_err());
    }
}
id_type!(
    /// A managed category (contests, challenges and ideas are filed under one).
    CategoryId
);
