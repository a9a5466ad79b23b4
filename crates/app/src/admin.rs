//! Administration use cases: admins find members, read their addresses, suspend and reinstate them
//! (a suspended member is signed out everywhere at once) and change their role, and read the audit
//! log. The domain decides who may (`admin::check_administer`); the store writes each change with
//! its event, which is what the audit log lists.

use ideaforge_domain::admin::{AdminRefused, SuspensionReason, check_administer, may_administer, member_query};
use ideaforge_domain::{Invalid, Role, User, UserId};
use ideaforge_store::{AuditEntry, Suspension};

use crate::App;
use crate::ideas::{IdeasError, invalid};

/// How many members a search or an audit page shows.
pub const PAGE: u64 = 50;

/// A member as an admin sees them.
#[derive(Clone, Debug)]
pub struct MemberRecord {
    /// The account.
    pub user: User,
    /// Their suspension, if suspended.
    pub suspension: Option<Suspension>,
}

impl From<AdminRefused> for IdeasError {
    fn from(_: AdminRefused) -> Self {
        Self::Forbidden
    }
}

impl App {
    pub(crate) fn check_admin(actor: &User) -> Result<(), IdeasError> {
        if may_administer(actor.role) { Ok(()) } else { Err(IdeasError::Forbidden) }
    }

    /// The member an admin acts on, checked by the domain's rule.
    async fn administered(&self, actor: &User, id: UserId) -> Result<User, IdeasError> {
        Self::check_admin(actor)?;
        let target = self.store.user(id).await?.ok_or(IdeasError::NotFound)?;
        check_administer(actor, &target)?;
        Ok(target)
    }

    /// Members whose address or name contains `query`, newest first (admins only).
    pub async fn find_members(&self, actor: &User, query: &str) -> Result<Vec<User>, IdeasError> {
        Self::check_admin(actor)?;
        Ok(self.store.find_users(&member_query(query), PAGE).await?)
    }

    /// One member with their suspension (admins only).
    pub async fn member_record(&self, actor: &User, id: UserId) -> Result<MemberRecord, IdeasError> {
        Self::check_admin(actor)?;
        let (user, suspension) = self.store.member(id).await?.ok_or(IdeasError::NotFound)?;
        Ok(MemberRecord { user, suspension })
    }

    /// Suspends a member for `reason`: they cannot sign in, and every session and token of theirs
    /// ends now. Suspending a suspended member changes nothing.
    pub async fn suspend_member(&self, actor: &User, id: UserId, reason: &str) -> Result<(), IdeasError> {
        self.administered(actor, id).await?;
        let reason = SuspensionReason::parse(reason).map_err(|why| invalid("reason", why))?;
        self.store.suspend_user(id, actor.id, &reason, self.clock.now()).await?;
        Ok(())
    }

    /// Lifts a member's suspension.
    pub async fn reinstate_member(&self, actor: &User, id: UserId) -> Result<(), IdeasError> {
        self.administered(actor, id).await?;
        self.store.reinstate_user(id, actor.id, self.clock.now()).await?;
        Ok(())
    }

    /// Changes a member's platform role (`member`, `moderator`, `admin`). Their tokens keep the
    /// scope they were issued with; a token's scope never grants more than the role it acts for.
    pub async fn change_role(&self, actor: &User, id: UserId, role: &str) -> Result<Role, IdeasError> {
        self.administered(actor, id).await?;
        let role: Role = role.parse().map_err(|_: Invalid| invalid("role", Invalid::Malformed))?;
        self.store.set_role(id, role, actor.id, self.clock.now()).await?;
        Ok(role)
    }

    /// The audit log, newest first, before entry `before` when paging back (admins only).
    pub async fn audit_log(&self, actor: &User, before: Option<i64>) -> Result<Vec<AuditEntry>, IdeasError> {
        Self::check_admin(actor)?;
        Ok(self.store.audit_log(before, PAGE).await?)
    }
}
