//! Administration: who may look members up, change their role and suspend them, and what the audit
//! log holds. Only admins administer members; nobody changes or suspends their own account (so the
//! last admin cannot lock everyone out by mistake).

use crate::account::{Role, User};
use crate::text::line_type;

line_type!(
    /// Why an admin suspended a member, kept in the audit log for admins.
    SuspensionReason,
    500
);

/// Why an administrative action was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdminRefused {
    /// Only admins administer members.
    #[error("only admins may do this")]
    NotAdmin,
    /// Nobody suspends or re-roles their own account.
    #[error("not on your own account")]
    OwnAccount,
}

/// Whether a role may find members, read their addresses, change roles, suspend and read the audit log.
pub fn may_administer(role: Role) -> bool {
    role == Role::Admin
}

/// Whether `actor` may suspend, reinstate or change the role of `target`.
pub fn check_administer(actor: &User, target: &User) -> Result<(), AdminRefused> {
    if !may_administer(actor.role) {
        return Err(AdminRefused::NotAdmin);
    }
    if actor.id == target.id {
        return Err(AdminRefused::OwnAccount);
    }
    Ok(())
}

/// The longest member search kept (longer text is cut: no address or name is longer).
pub const MEMBER_QUERY_MAX: usize = 200;

/// What a member search looks for: any text is a query; control characters (which no address or
/// name holds, and which a database may refuse) are dropped, and it is cut at
/// [`MEMBER_QUERY_MAX`] characters.
pub fn member_query(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).take(MEMBER_QUERY_MAX).collect::<String>().trim().to_owned()
}

/// The kinds of recorded events that only admins and moderators cause (approvals, moderation
/// decisions, money recorded by hand, suspensions and roles): the audit log lists those of them a
/// person did (not what happened by itself, such as royalties paid out by a settlement), each with
/// who did it, when, on what, and the reason where one was given.
pub const AUDITED_KINDS: &[&str] = &[
    "contest_approved",
    "challenge_approved",
    "campaign_approved",
    "campaign_withdrawn",
    "escrow_funded",
    "comment_restored",
    "comment_removed",
    "payout_recorded",
    "royalty_received",
    "pledge_receipt_recorded",
    "user_suspended",
    "user_reinstated",
    "role_changed",
    "mail_retried",
    "category_created",
    "category_renamed",
    "category_retired",
    "category_restored",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserId;
    use crate::account::{DisplayName, Email};

    fn user(id: i64, role: Role) -> User {
        User {
            id: UserId::new(id),
            email: Email::parse(&format!("u{id}@example.com")).expect("email"),
            display_name: DisplayName::parse("Someone").expect("name"),
            role,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            email_verified: true,
            language: None,
            time_zone: None,
            suspended: false,
        }
    }

    #[test]
    fn only_admins_administer_and_never_their_own_account() {
        let admin = user(1, Role::Admin);
        let moderator = user(2, Role::Moderator);
        let member = user(3, Role::Member);
        assert_eq!(check_administer(&admin, &member), Ok(()));
        assert_eq!(check_administer(&admin, &user(4, Role::Admin)), Ok(()), "another admin");
        assert_eq!(check_administer(&admin, &admin), Err(AdminRefused::OwnAccount));
        assert_eq!(check_administer(&moderator, &member), Err(AdminRefused::NotAdmin));
        assert_eq!(check_administer(&member, &moderator), Err(AdminRefused::NotAdmin));
        assert!(SuspensionReason::parse("  ").is_err() && SuspensionReason::parse(&"x".repeat(501)).is_err());
    }

    #[test]
    fn any_text_is_a_member_query() {
        assert_eq!(member_query(" a\u{0}b\r\n "), "ab");
        assert_eq!(member_query("%_'\"<>"), "%_'\"<>");
        assert_eq!(member_query(&"é".repeat(500)).chars().count(), MEMBER_QUERY_MAX);
    }
}
