//! Notifications: what a member hears about, how (per their preferences), and how the outbox
//! retries e-mail that could not be delivered.

use time::Duration;

use crate::text::name_enum;

name_enum!(
    /// What a notification is about.
    NotificationKind {
        /// Someone commented on your idea.
        CommentOnYourIdea => "comment_on_your_idea",
        /// Your idea reached a number of votes (10, 25, 50, 100, …).
        VoteMilestone => "vote_milestone",
        /// A new idea was submitted to a contest you follow.
        NewIdeaInFollowedContest => "new_idea_in_followed_contest",
        /// Someone replied to your comment.
        ReplyToYourComment => "reply_to_your_comment",
        /// An idea you wrote or follow changed stage.
        StageChanged => "stage_changed",
        /// The seeker answered your question on a challenge.
        QuestionAnswered => "question_answered",
        /// Your solution won an award.
        Awarded => "awarded",
        /// A challenge you entered closed or was cancelled.
        ChallengeEnded => "challenge_ended",
        /// Money arrived in your challenge's escrow.
        EscrowFunded => "escrow_funded",
    }
);

name_enum!(
    /// Mail about the account itself: always sent at once, never subject to preferences, and never
    /// carrying a secret in the outbox (links are signed when the message is written).
    AccountMail {
        /// Prove that the address is yours.
        VerifyEmail => "verify_email",
        /// Choose a new password.
        PasswordReset => "password_reset",
    }
);

name_enum!(
    /// How a member wants to hear about a kind of notification.
    Delivery {
        /// Not at all.
        Off => "off",
        /// In the notification list only.
        InApp => "in_app",
        /// In the list and by e-mail at once.
        Instant => "instant",
        /// In the list and in a daily e-mail digest.
        Daily => "daily",
        /// In the list and in a weekly e-mail digest.
        Weekly => "weekly",
    }
);

impl NotificationKind {
    /// The delivery a member gets until they choose.
    pub fn default_delivery(self) -> Delivery {
        match self {
            // Busy contests get many ideas: in the list unless the member asks for e-mail.
            Self::NewIdeaInFollowedContest => Delivery::InApp,
            Self::CommentOnYourIdea
            | Self::VoteMilestone
            | Self::ReplyToYourComment
            | Self::QuestionAnswered
            | Self::Awarded
            | Self::ChallengeEnded
            | Self::EscrowFunded
            | Self::StageChanged => Delivery::Instant,
        }
    }
}

impl Delivery {
    /// Whether the member sees it in the app.
    pub fn in_app(self) -> bool {
        self != Self::Off
    }

    /// Whether an e-mail goes out at once.
    pub fn instant_mail(self) -> bool {
        self == Self::Instant
    }
}

/// The vote counts worth telling an idea's authors about: 10, 25, 50, 100, 250, 500, 1,000 and so
/// on. Returns the milestone `votes` is exactly at, if any.
pub fn vote_milestone(votes: i64) -> Option<i64> {
    if votes < 10 {
        return None;
    }
    let mut scale = 1_i64;
    while scale <= votes / 10 {
        scale = scale.checked_mul(10)?;
    }
    // `scale` is the power of ten with votes in [scale, 10·scale).
    [scale, scale.saturating_mul(25) / 10, scale.saturating_mul(5)].contains(&votes).then_some(votes)
}

/// How long the outbox waits before the `attempt`-th retry (1 for the first): `base` doubled each
/// time, at most `cap`.
pub fn backoff(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 2_i32.saturating_pow(attempt.saturating_sub(1).min(30));
    let wait = base.saturating_mul(factor);
    if wait > cap { cap } else { wait }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let (base, cap) = (Duration::seconds(1), Duration::minutes(1));
        let waits: Vec<i64> = (1..=8).map(|a| backoff(a, base, cap).whole_seconds()).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(NotificationKind::CommentOnYourIdea.default_delivery(), Delivery::Instant);
        assert!("weekly".parse::<Delivery>().is_ok() && "sometimes".parse::<Delivery>().is_err());
    }

    #[test]
    fn vote_milestones_are_10_25_50_and_so_on() {
        let milestones: Vec<i64> = (0..=5_000).filter_map(vote_milestone).collect();
        assert_eq!(milestones, vec![10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000]);
        assert_eq!(vote_milestone(i64::MAX), None);
    }

    proptest! {
        #[test]
        fn backoff_never_exceeds_the_cap_nor_shrinks(attempt in 1_u32..1_000) {
            let (base, cap) = (Duration::milliseconds(50), Duration::seconds(30));
            let now = backoff(attempt, base, cap);
            prop_assert!(now <= cap && now >= base);
            prop_assert!(backoff(attempt + 1, base, cap) >= now);
        }
    }
}
