//! What surrounds a campaign: interest registered on an idea before any campaign exists (a sum a
//! member says they would pledge, never money), the updates its organization posts (public or for
//! backers only) and who may read and comment on them.

use crate::idea::Stage;
use crate::invalid::FieldErrors;
use crate::money::{Currency, Money, positive_amount};
use crate::text::{line_type, markdown_type, name_enum};

line_type!(
    /// An update's title.
    UpdateTitle,
    120
);

markdown_type!(
    /// An update's text (Markdown).
    UpdateBody,
    20_000
);

name_enum!(
    /// Who reads an update.
    Audience {
        /// Everyone who can see the campaign.
        Public => "public",
        /// Its backers (and its organization) only.
        Backers => "backers",
    }
);

/// An update as parsed from a form or JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUpdate {
    /// The title.
    pub title: UpdateTitle,
    /// The text.
    pub body: UpdateBody,
    /// Who reads it.
    pub audience: Audience,
}

impl NewUpdate {
    /// Parses an update, naming every refused field.
    pub fn parse(title: &str, body: &str, audience: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", UpdateTitle::parse(title));
        let body = errors.check("body", UpdateBody::parse(body));
        let audience = errors.check("audience", audience.parse::<Audience>());
        match (title, body, audience) {
            (Some(title), Some(body), Some(audience)) => Ok(Self { title, body, audience }),
            _ => Err(errors),
        }
    }
}

/// How a reader stands to a campaign, for its updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    /// They manage the campaign's organization (they post updates).
    pub manages: bool,
    /// They belong to its organization in any role.
    pub member: bool,
    /// They backed it: a pledge that is active, or was charged (or is being retried).
    pub backer: bool,
    /// They administer the platform.
    pub admin: bool,
}

impl Reader {
    /// Whether they may read an update for `audience`.
    pub fn may_read(self, audience: Audience) -> bool {
        audience == Audience::Public || self.backer || self.member || self.admin
    }

    /// Whether they may post updates.
    pub fn may_post(self) -> bool {
        self.manages
    }

    /// Whether they may comment under updates: comments are for backers (and the organization
    /// answering them).
    pub fn may_comment(self) -> bool {
        self.backer || self.member
    }
}

/// Whether members may still register interest in an idea at `stage`: while it is in its contest
/// and up to its development (the point of interest is to show demand before a campaign).
pub fn takes_interest(stage: Stage) -> bool {
    matches!(stage, Stage::Submitted | Stage::Shortlisted | Stage::Selected | Stage::InDevelopment)
}

/// Parses the sum a member would pledge.
pub fn parse_interest(amount_minor: Option<i64>, currency: &str) -> Result<Money, FieldErrors> {
    let mut errors = FieldErrors::new();
    let currency = errors.check("currency", Currency::parse(currency));
    match errors.check("amount", positive_amount(amount_minor, currency)).flatten() {
        Some(money) if errors.is_empty() => Ok(money),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_are_parsed_and_backers_only_updates_stay_with_backers() {
        assert!(NewUpdate::parse("Tooling ordered", "The moulds arrive in May.", "backers").is_ok());
        let refused = NewUpdate::parse(" ", "", "everyone").expect_err("refused");
        for field in ["title", "body", "audience"] {
            assert!(refused.get(field).is_some(), "{field} named");
        }
        let visitor = Reader { manages: false, member: false, backer: false, admin: false };
        let backer = Reader { backer: true, ..visitor };
        let judge = Reader { member: true, ..visitor };
        let manager = Reader { manages: true, member: true, ..visitor };
        assert!(visitor.may_read(Audience::Public) && !visitor.may_read(Audience::Backers));
        assert!(backer.may_read(Audience::Backers) && judge.may_read(Audience::Backers));
        assert!(!visitor.may_comment() && backer.may_comment() && manager.may_comment());
        assert!(manager.may_post() && !backer.may_post() && !judge.may_post());
    }

    #[test]
    fn interest_is_a_positive_sum_in_a_known_currency_while_the_idea_is_open() {
        assert_eq!(parse_interest(Some(2_500), "EUR").map(|m| m.minor()), Ok(2_500));
        assert!(parse_interest(Some(0), "EUR").expect_err("zero").get("amount").is_some());
        assert!(parse_interest(None, "EUR").expect_err("missing").get("amount").is_some());
        assert!(parse_interest(Some(5), "XXX").expect_err("unknown").get("currency").is_some());
        assert!(takes_interest(Stage::Shortlisted) && takes_interest(Stage::Selected));
        assert!(!takes_interest(Stage::Rejected) && !takes_interest(Stage::Launched));
    }
}
