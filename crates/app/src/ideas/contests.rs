//! Organizations and contests: creating them, members, approval, and the pages that show them.

use ideaforge_domain::contest::{Contest, NewContest, Phase};
use ideaforge_domain::idea::{IdeaFilter, IdeaListPage, IdeaSort, ListAt};
use ideaforge_domain::org::{Org, OrgMember, OrgName, OrgPageView, OrgRole, OrgSlug};
use ideaforge_domain::subject::Subject;
use ideaforge_domain::{ContestId, Email, FieldErrors, IdeaId, Invalid, Role, User, UserId};
use ideaforge_store::StoreError;
use time::OffsetDateTime;

use super::{IdeasError, invalid};
use crate::App;

/// An organization's page.
#[derive(Debug)]
pub struct OrgPage {
    /// The organization.
    pub org: Org,
    /// Its members.
    pub members: Vec<OrgMember>,
    /// Its public contests, and for its members the pending ones too.
    pub contests: Vec<Contest>,
    /// The viewer's role here.
    pub viewer_role: Option<OrgRole>,
    /// Its logo's file name, if one was uploaded.
    pub logo: Option<String>,
}

/// A contest's page.
#[derive(Debug)]
pub struct ContestPage {
    /// The contest.
    pub contest: Contest,
    /// One page of its ideas.
    pub ideas: IdeaListPage,
    /// The ideas on this page the viewer voted on.
    pub voted: Vec<IdeaId>,
    /// The ideas on this page the viewer wrote or co-wrote.
    pub own: Vec<IdeaId>,
    /// Votes the viewer has used here.
    pub votes_used: u32,
    /// Whether the viewer may manage it.
    pub can_manage: bool,
    /// Whether the viewer may approve it (a moderator outside its organization, while it waits).
    pub can_approve: bool,
    /// Whether the viewer follows it.
    pub following: bool,
    /// Its phase now, and when that phase ends.
    pub phase: (Phase, Option<OffsetDateTime>),
    /// Its cover's file name, if one was uploaded.
    pub cover: Option<String>,
}

impl App {
    /// Creates an organization with the member as owner.
    pub async fn create_org(&self, actor: &User, slug: &str, name: &str) -> Result<Org, IdeasError> {
        let mut errors = FieldErrors::new();
        let slug = errors.check("slug", OrgSlug::parse(slug));
        let name = errors.check("name", OrgName::parse(name));
        let (Some(slug), Some(name)) = (slug, name) else {
            return Err(IdeasError::Invalid(errors));
        };
        match self.store.create_org(&slug, &name, actor.id, self.clock.now()).await {
            Ok(org) => Ok(org),
            Err(StoreError::SlugTaken) => Err(invalid("slug", Invalid::Taken)),
            Err(e) => Err(e.into()),
        }
    }

    pub(crate) async fn org_by_slug(&self, slug: &str) -> Result<Org, IdeasError> {
        // A slug that could never be one (a NUL, a space) is simply not found.
        let slug = OrgSlug::parse(slug).map_err(|_| IdeasError::NotFound)?;
        self.store.org_by_slug(&slug).await?.ok_or(IdeasError::NotFound)
    }

    /// Adds an existing member (by e-mail) to an organization, or changes their role. Owners only;
    /// the last owner cannot stop being one.
    pub async fn set_org_member(&self, actor: &User, org: &str, email: &str, role: &str) -> Result<(), IdeasError> {
        let org = self.org_by_slug(org).await?;
        let actor_role = self.store.org_role(org.id, actor.id).await?;
        if !actor_role.is_some_and(OrgRole::can_change_members) && actor.role != Role::Admin {
            return Err(IdeasError::Forbidden);
        }
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let role = errors.check("role", role.parse::<OrgRole>());
        let (Some(email), Some(role)) = (email, role) else {
            return Err(IdeasError::Invalid(errors));
        };
        let Some((member, _)) = self.store.user_with_password(&email).await? else {
            return Err(invalid("email", Invalid::Unknown));
        };
        if role != OrgRole::Owner && self.store.org_role(org.id, member.id).await? == Some(OrgRole::Owner) {
            let owners = self.store.org_members(org.id).await?.iter().filter(|m| m.role == OrgRole::Owner).count();
            if owners <= 1 {
                return Err(invalid("role", Invalid::Mismatch));
            }
        }
        self.store.set_org_member(org.id, member.id, role, actor.id, self.clock.now()).await?;
        Ok(())
    }

    /// An organization's page.
    pub async fn org_page(&self, viewer: Option<&User>, slug: &str) -> Result<OrgPage, IdeasError> {
        let org = self.org_by_slug(slug).await?;
        let viewer_role = match viewer {
            Some(user) => self.store.org_role(org.id, user.id).await?,
            None => None,
        };
        let mut contests = self.store.contests(Some(org.id), false, 100).await?;
        // Moderators are not insiders here: they must not learn who an anonymous seeker is.
        let insider = viewer_role.is_some() || viewer.is_some_and(|u| u.role == Role::Admin);
        let members = match OrgPageView::decide(insider, !contests.is_empty()) {
            OrgPageView::Hidden => return Err(IdeasError::NotFound),
            OrgPageView::Public => Vec::new(),
            OrgPageView::Whole => {
                contests.extend(self.store.contests(Some(org.id), true, 100).await?);
                self.store.org_members(org.id).await?
            }
        };
        let logo = self.store.picture(&format!("org:{}", org.id)).await?;
        Ok(OrgPage { org, members, contests, viewer_role, logo })
    }

    /// Whether `actor` manages the organization (as its page would show them): forms that create
    /// something for it ask before they read the input.
    pub async fn check_org_manager(&self, actor: &User, slug: &str) -> Result<(), IdeasError> {
        let page = self.org_page(Some(actor), slug).await?;
        if page.viewer_role.is_some_and(OrgRole::can_manage) { Ok(()) } else { Err(IdeasError::Forbidden) }
    }

    /// The organizations a member belongs to.
    pub async fn my_orgs(&self, user: &User) -> Result<Vec<(Org, OrgRole)>, IdeasError> {
        Ok(self.store.orgs_of(user.id).await?)
    }

    /// Creates a contest for an organization the member manages; it waits for a moderator.
    pub async fn create_contest(&self, actor: &User, org: &str, new: &NewContest) -> Result<ContestId, IdeasError> {
        let org = match self.org_by_slug(org).await {
            Err(IdeasError::NotFound) => return Err(invalid("org", Invalid::Unknown)),
            found => found?,
        };
        let role = self.store.org_role(org.id, actor.id).await?;
        if !role.is_some_and(OrgRole::can_manage) {
            return Err(IdeasError::Forbidden);
        }
        if let Some(why) = self.category_refusal(&new.category, None).await? {
            return Err(invalid("category", why));
        }
        Ok(self.store.create_contest(org.id, new, actor.id, self.clock.now()).await?)
    }

    /// Approves a contest (moderators): it becomes public.
    pub async fn approve_contest(&self, actor: &User, id: ContestId) -> Result<(), IdeasError> {
        if !actor.role.can_moderate() {
            return Err(IdeasError::Forbidden);
        }
        let contest = self.store.contest(id).await?.ok_or(IdeasError::NotFound)?;
        if contest.is_public() {
            return Ok(());
        }
        let member = self.store.org_role(contest.org.id, actor.id).await?.is_some();
        if !contest.may_approve(actor.role, member) {
            return Err(IdeasError::Forbidden);
        }
        self.store.approve_contest(id, actor.id, self.clock.now()).await?;
        self.contest_cache.forget(id);
        Ok(())
    }

    /// Contests awaiting approval (moderators).
    pub async fn pending_contests(&self, actor: &User) -> Result<Vec<Contest>, IdeasError> {
        if !actor.role.can_moderate() {
            return Err(IdeasError::Forbidden);
        }
        Ok(self.store.contests(None, true, 100).await?)
    }

    /// Public contests, newest first.
    pub async fn public_contests(&self, limit: u64) -> Result<Vec<Contest>, IdeasError> {
        Ok(self.store.contests(None, false, limit).await?)
    }

    /// How many contests are public.
    pub async fn public_contest_count(&self) -> Result<u64, IdeasError> {
        Ok(self.store.public_contest_count().await?)
    }

    /// Whether the member manages the organization running the contest.
    pub(crate) async fn manages(&self, user: Option<&User>, contest: &Contest) -> Result<bool, IdeasError> {
        let Some(user) = user else { return Ok(false) };
        Ok(self.store.org_role(contest.org.id, user.id).await?.is_some_and(OrgRole::can_manage))
    }

    /// A contest the viewer may see: public ones, or pending ones for its organization and moderators.
    pub async fn visible_contest(&self, viewer: Option<&User>, id: ContestId) -> Result<Contest, IdeasError> {
        let contest = match self.contest_cache.get(id) {
            Some(contest) => contest,
            None => {
                let contest = self.store.contest(id).await?.ok_or(IdeasError::NotFound)?;
                self.contest_cache.put(&contest);
                contest
            }
        };
        if contest.is_public() || viewer.is_some_and(|u| u.role.can_moderate()) {
            return Ok(contest);
        }
        match viewer {
            Some(user) if self.store.org_role(contest.org.id, user.id).await?.is_some() => Ok(contest),
            _ => Err(IdeasError::NotFound),
        }
    }

    /// A contest's page with one page of its ideas.
    pub async fn contest_page(
        &self,
        viewer: Option<&User>,
        id: ContestId,
        mut filter: IdeaFilter,
        sort: IdeaSort,
        at: ListAt,
    ) -> Result<ContestPage, IdeasError> {
        let contest = self.visible_contest(viewer, id).await?;
        filter.contest = Some(id);
        let ideas = IdeaListPage::clone(&*self.cached_list(&filter, sort, at).await?);
        let (voted, own, votes_used, following) = match viewer {
            Some(user) => {
                let ids: Vec<IdeaId> = ideas.cards.iter().map(|i| i.id).collect();
                (
                    self.store.voted_on(user.id, &ids).await?,
                    self.store.authored_among(user.id, &ids).await?,
                    self.store.votes_used(id, user.id).await?,
                    self.store.follows(user.id, Subject::Contest(id)).await?,
                )
            }
            None => (Vec::new(), Vec::new(), 0, false),
        };
        let role = match viewer {
            Some(user) => self.store.org_role(contest.org.id, user.id).await?,
            None => None,
        };
        let can_manage = role.is_some_and(OrgRole::can_manage);
        let can_approve = viewer.is_some_and(|u| contest.may_approve(u.role, role.is_some()));
        let phase = contest.windows.phase(self.clock.now());
        let cover = self.store.picture(&format!("contest:{id}")).await?;
        Ok(ContestPage { contest, ideas, voted, own, votes_used, can_manage, can_approve, following, phase, cover })
    }

    /// Follows or unfollows a contest.
    pub async fn follow_contest(&self, actor: &User, id: ContestId, on: bool) -> Result<(), IdeasError> {
        self.visible_contest(Some(actor), id).await?;
        let subject = Subject::Contest(id);
        if on {
            self.store.follow(actor.id, subject, self.clock.now()).await?;
        } else {
            self.store.unfollow(actor.id, subject).await?;
        }
        Ok(())
    }

    /// Whether a member follows a contest.
    pub async fn follows_contest(&self, user: UserId, id: ContestId) -> Result<bool, IdeasError> {
        Ok(self.store.follows(user, Subject::Contest(id)).await?)
    }
}
