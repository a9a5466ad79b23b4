//! Comments on ideas: one level of replies, a short edit window, flags that hide.

use time::{Duration, OffsetDateTime};

use crate::text::markdown_type;

markdown_type!(
    /// A comment (Markdown).
    CommentBody,
    5_000
);

/// How long an author may edit a comment after posting it.
pub const EDIT_WINDOW: Duration = Duration::minutes(15);

/// Whether a comment posted at `created_at` may still be edited at `now` by its author.
pub fn editable(created_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - created_at < EDIT_WINDOW
}

/// Why a flag was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlagRefused {
    /// Nobody flags their own comment.
    #[error("you cannot flag your own comment")]
    OwnComment,
    /// Flags count only from confirmed e-mail addresses, so that throwaway accounts cannot hide
    /// what someone wrote.
    #[error("confirm your e-mail address to flag")]
    Unconfirmed,
}

/// Whether `flagger` (with their address confirmed or not) may flag a comment by `author`.
pub fn may_flag(author: crate::UserId, flagger: crate::UserId, confirmed: bool) -> Result<(), FlagRefused> {
    if author == flagger {
        return Err(FlagRefused::OwnComment);
    }
    if !confirmed {
        return Err(FlagRefused::Unconfirmed);
    }
    Ok(())
}

/// Whether a comment with `flags` flags is hidden until a moderator decides.
pub fn hidden_by_flags(flags: u32, threshold: u32) -> bool {
    threshold > 0 && flags >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn edit_window_and_flags() {
        let t0 = datetime!(2026-11-24 12:00 UTC);
        assert!(editable(t0, t0 + Duration::minutes(14)));
        assert!(!editable(t0, t0 + Duration::minutes(15)));
        assert!(!hidden_by_flags(2, 3) && hidden_by_flags(3, 3));
        assert!(!hidden_by_flags(100, 0), "a zero threshold never hides");
    }

    #[test]
    fn flags_come_from_confirmed_members_and_never_from_the_author() {
        let (ana, bo) = (crate::UserId::new(1), crate::UserId::new(2));
        assert_eq!(may_flag(ana, bo, true), Ok(()));
        assert_eq!(may_flag(ana, bo, false), Err(FlagRefused::Unconfirmed));
        assert_eq!(may_flag(ana, ana, true), Err(FlagRefused::OwnComment));
    }
}

/// A comment as its idea's page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Its id.
    pub id: crate::CommentId,
    /// The comment it replies to.
    pub parent: Option<crate::CommentId>,
    /// The author.
    pub author: crate::UserId,
    /// The author's public name.
    pub author_name: String,
    /// The Markdown source (empty once deleted).
    pub body: String,
    /// The language it is written in, as detected when it was posted or edited.
    pub language: Option<crate::ContentLanguage>,
    /// How many members flagged it.
    pub flags: i32,
    /// Hidden by flags until a moderator decides.
    pub hidden: bool,
    /// When it was posted.
    pub created_at: OffsetDateTime,
    /// When it was last edited.
    pub edited_at: Option<OffsetDateTime>,
    /// Whether it was deleted.
    pub deleted: bool,
}
