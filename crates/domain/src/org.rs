//! Organizations (seekers and companies) and what their members may do.

use std::fmt;
use std::str::FromStr;

use crate::invalid::Invalid;
use crate::text::{Slug, line_type};

line_type!(
    /// An organization's display name.
    OrgName,
    80
);

/// An organization's URL name: 2 to 40 of `a-z`, `0-9` and inner hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrgSlug(Slug);

impl OrgSlug {
    /// Parses a slug; a few paths of the site are reserved.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let slug = Slug::parse_bounded(raw, 2, 40)?;
        if matches!(slug.as_str(), "new" | "api" | "admin" | "static") {
            return Err(Invalid::Taken);
        }
        Ok(Self(slug))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member's role in an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    /// Billing and members; everything a manager can do.
    Owner,
    /// Runs contests and challenges, moves ideas through stages.
    Manager,
    /// Reads and scores solutions.
    Judge,
}

impl OrgRole {
    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Judge => "judge",
        }
    }

    /// Whether this role runs contests and moves idea stages.
    pub fn can_manage(self) -> bool {
        matches!(self, Self::Owner | Self::Manager)
    }

    /// Whether this role changes the organization's members.
    pub fn can_change_members(self) -> bool {
        self == Self::Owner
    }
}

impl FromStr for OrgRole {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "owner" => Ok(Self::Owner),
            "manager" => Ok(Self::Manager),
            "judge" => Ok(Self::Judge),
            _ => Err(Invalid::Malformed),
        }
    }
}

impl fmt::Display for OrgRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a visitor sees of an organization's page. Its own people and admins see all of it. Anyone
/// else sees it only once it runs a public contest, and never its list of members: an anonymous
/// seeker that only posts anonymous challenges must not be found by its slug, nor its people
/// named, which would tell solvers who the seeker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgPageView {
    /// Everything, members included.
    Whole,
    /// The name and public contests, without the members.
    Public,
    /// Not found.
    Hidden,
}

impl OrgPageView {
    /// Decides from whether the viewer is one of its people (or an admin) and whether the
    /// organization runs any public contest.
    pub fn decide(insider: bool, public_contests: bool) -> Self {
        match (insider, public_contests) {
            (true, _) => Self::Whole,
            (false, true) => Self::Public,
            (false, false) => Self::Hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_pages_hide_quiet_seekers_and_members() {
        assert_eq!(OrgPageView::decide(true, false), OrgPageView::Whole);
        assert_eq!(OrgPageView::decide(true, true), OrgPageView::Whole);
        assert_eq!(OrgPageView::decide(false, true), OrgPageView::Public);
        assert_eq!(OrgPageView::decide(false, false), OrgPageView::Hidden);
    }

    #[test]
    fn roles() {
        let table = [(OrgRole::Owner, true, true), (OrgRole::Manager, true, false), (OrgRole::Judge, false, false)];
        for (role, manage, members) in table {
            assert_eq!(role.can_manage(), manage, "{role}");
            assert_eq!(role.can_change_members(), members, "{role}");
            assert_eq!(role.as_str().parse::<OrgRole>(), Ok(role));
        }
    }

    #[test]
    fn reserved_slugs() {
        assert_eq!(OrgSlug::parse("new"), Err(Invalid::Taken));
        assert_eq!(OrgSlug::parse("Acme").map(|s| s.as_str().to_owned()), Ok("acme".to_owned()));
    }
}

/// An organization as shown to anyone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Org {
    /// Its id.
    pub id: crate::OrgId,
    /// Its URL name.
    pub slug: OrgSlug,
    /// Its display name.
    pub name: OrgName,
    /// When it was created.
    pub created_at: time::OffsetDateTime,
}

/// A member of an organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgMember {
    /// The member's account.
    pub user: crate::UserId,
    /// The member's public name.
    pub display_name: crate::DisplayName,
    /// The member's role here.
    pub role: OrgRole,
}
