//! Notifications: what a member hears about, how (per their preferences), and how the outbox
//! retries e-mail that could not be delivered.

use time::Duration;

use crate::challenge::Status as ChallengeStatus;
use crate::idea::Stage;
use crate::money::Money;
use crate::subject::Subject;
use crate::text::name_enum;
use crate::{ChallengeId, CommentId, ContestId, IdeaId, QuestionId, SolutionId};

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
        /// The influence shares of an idea you hold a share in changed.
        SharesChanged => "shares_changed",
        /// Royalties were received and credited to you.
        RoyaltyCredited => "royalty_credited",
        /// Someone pledged to your organization's campaign.
        PledgeReceived => "pledge_received",
        /// A campaign you backed succeeded or failed at its deadline.
        CampaignEnded => "campaign_ended",
        /// Your pledge could not be charged; it is tried again.
        PaymentFailed => "payment_failed",
        /// Your pledge was dropped after the grace period without a successful charge.
        PledgeDropped => "pledge_dropped",
        /// A campaign launched for an idea you said you would back.
        CampaignLaunched => "campaign_launched",
        /// A campaign you backed succeeded: pay your pledge by bank transfer.
        PaymentDue => "payment_due",
        /// A campaign you backed posted an update.
        CampaignUpdate => "campaign_update",
        /// Your organization's webhook endpoint kept failing and was disabled.
        WebhookDisabled => "webhook_disabled",
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
            | Self::SharesChanged
            | Self::RoyaltyCredited
            | Self::PledgeReceived
            | Self::CampaignEnded
            | Self::PaymentFailed
            | Self::PledgeDropped
            | Self::CampaignLaunched
            | Self::CampaignUpdate
            | Self::PaymentDue
            | Self::WebhookDisabled
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

/// A contest a notice mentions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContestRef {
    /// Its id.
    pub id: ContestId,
    /// Its title when the notice was written.
    pub title: String,
}

/// An idea a notice is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdeaRef {
    /// Its id.
    pub id: IdeaId,
    /// Its title when the notice was written.
    pub title: String,
    /// Its contest, if it is in one (digests group by it).
    pub contest: Option<ContestRef>,
}

/// A challenge a notice is about (its public title only: never its seeker).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChallengeRef {
    /// Its id.
    pub id: ChallengeId,
    /// Its title when the notice was written.
    pub title: String,
}

/// A funding campaign a notice is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CampaignRef {
    /// Its id.
    pub id: crate::CampaignId,
    /// Its title when the notice was written.
    pub title: String,
}

/// An organization a notice is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgRef {
    /// Its id.
    pub id: crate::OrgId,
    /// Its slug when the notice was written.
    pub slug: String,
}

/// What happened, with the ids and facts a renderer needs to word it in the reader's language.
/// This is what a notification row and its outbox row store; no prose is stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// Someone commented on the reader's idea.
    CommentOnYourIdea {
        /// The idea.
        idea: IdeaRef,
        /// The comment.
        comment: CommentId,
        /// The commenter's display name.
        commenter: String,
        /// The start of the comment.
        excerpt: String,
    },
    /// Someone replied to the reader's comment.
    ReplyToYourComment {
        /// The idea.
        idea: IdeaRef,
        /// The reply.
        comment: CommentId,
        /// Who replied.
        commenter: String,
        /// The start of the reply.
        excerpt: String,
    },
    /// The reader's idea reached a vote milestone.
    VoteMilestone {
        /// The idea.
        idea: IdeaRef,
        /// The milestone.
        votes: i64,
    },
    /// A new idea in a contest the reader follows.
    NewIdeaInFollowedContest {
        /// The new idea (its contest is set).
        idea: IdeaRef,
    },
    /// An idea the reader wrote or follows changed stage.
    StageChanged {
        /// The idea.
        idea: IdeaRef,
        /// The stage before.
        from: Stage,
        /// The stage now.
        to: Stage,
        /// The reason given (the mover's words, shown as written); empty when the votes moved it.
        reason: String,
        /// The contest's threshold, when the community's votes moved it rather than a person.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by_votes: Option<i64>,
    },
    /// The seeker answered a question on a challenge.
    QuestionAnswered {
        /// The challenge.
        challenge: ChallengeRef,
        /// The question.
        question: QuestionId,
        /// Whether the reader asked it (otherwise they entered the challenge).
        mine: bool,
    },
    /// The reader's solution won an award.
    Awarded {
        /// The challenge.
        challenge: ChallengeRef,
        /// The solution.
        solution: SolutionId,
        /// Its title.
        solution_title: String,
        /// What the solver receives.
        amount: Money,
    },
    /// A challenge the reader entered ended.
    ChallengeEnded {
        /// The challenge.
        challenge: ChallengeRef,
        /// Closed or cancelled.
        status: ChallengeStatus,
        /// Why an administrator ended it without paying its awards (public, shown on its page).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Money arrived in the reader's challenge's escrow.
    EscrowFunded {
        /// The challenge.
        challenge: ChallengeRef,
        /// The amount received.
        amount: Money,
    },
    /// The influence shares of an idea the reader holds (or held) a share in changed.
    SharesChanged {
        /// The idea.
        idea: IdeaRef,
    },
    /// Royalties for an idea reached the reader's payable account: the money was received.
    RoyaltyCredited {
        /// The idea.
        idea: IdeaRef,
        /// The statement's period.
        period: String,
        /// The reader's part.
        amount: Money,
    },
    /// Someone pledged to the reader's organization's campaign.
    PledgeReceived {
        /// The campaign.
        campaign: CampaignRef,
        /// What was pledged.
        amount: Money,
    },
    /// A campaign the reader backed reached its deadline: it succeeded (their pledge is charged) or
    /// failed (nobody pays).
    CampaignEnded {
        /// The campaign.
        campaign: CampaignRef,
        /// Whether it reached its goal.
        succeeded: bool,
    },
    /// The reader's pledge could not be charged; it is tried again until the grace period ends.
    PaymentFailed {
        /// The campaign.
        campaign: CampaignRef,
        /// The pledge.
        amount: Money,
    },
    /// The reader's pledge was dropped: no charge succeeded within the grace period.
    PledgeDropped {
        /// The campaign.
        campaign: CampaignRef,
        /// The pledge.
        amount: Money,
    },
    /// A campaign launched for an idea the reader registered interest in.
    CampaignLaunched {
        /// The campaign.
        campaign: CampaignRef,
    },
    /// A campaign the reader backed by bank transfer succeeded: they are asked to pay.
    PaymentDue {
        /// The campaign.
        campaign: CampaignRef,
        /// What to pay.
        amount: Money,
        /// The reference to quote with the transfer.
        reference: String,
        /// The last day to pay (`YYYY-MM-DD`, UTC).
        due: String,
    },
    /// A campaign the reader backed posted an update.
    CampaignUpdate {
        /// The campaign.
        campaign: CampaignRef,
        /// The update's title.
        update: String,
    },
    /// A webhook endpoint of the reader's organization failed every attempt of a delivery and was
    /// disabled.
    WebhookDisabled {
        /// The organization.
        org: OrgRef,
        /// The endpoint.
        endpoint: crate::WebhookId,
        /// Its URL's host (never the whole URL: its path or query may hold the receiver's token).
        host: String,
    },
}

impl Notice {
    /// Its kind (what preferences and unsubscribe links are keyed by).
    pub fn kind(&self) -> NotificationKind {
        match self {
            Self::CommentOnYourIdea { .. } => NotificationKind::CommentOnYourIdea,
            Self::ReplyToYourComment { .. } => NotificationKind::ReplyToYourComment,
            Self::VoteMilestone { .. } => NotificationKind::VoteMilestone,
            Self::NewIdeaInFollowedContest { .. } => NotificationKind::NewIdeaInFollowedContest,
            Self::StageChanged { .. } => NotificationKind::StageChanged,
            Self::QuestionAnswered { .. } => NotificationKind::QuestionAnswered,
            Self::Awarded { .. } => NotificationKind::Awarded,
            Self::ChallengeEnded { .. } => NotificationKind::ChallengeEnded,
            Self::EscrowFunded { .. } => NotificationKind::EscrowFunded,
            Self::SharesChanged { .. } => NotificationKind::SharesChanged,
            Self::RoyaltyCredited { .. } => NotificationKind::RoyaltyCredited,
            Self::PledgeReceived { .. } => NotificationKind::PledgeReceived,
            Self::CampaignEnded { .. } => NotificationKind::CampaignEnded,
            Self::PaymentFailed { .. } => NotificationKind::PaymentFailed,
            Self::PledgeDropped { .. } => NotificationKind::PledgeDropped,
            Self::CampaignLaunched { .. } => NotificationKind::CampaignLaunched,
            Self::CampaignUpdate { .. } => NotificationKind::CampaignUpdate,
            Self::PaymentDue { .. } => NotificationKind::PaymentDue,
            Self::WebhookDisabled { .. } => NotificationKind::WebhookDisabled,
        }
    }

    /// The idea it is about, if any.
    pub fn idea(&self) -> Option<&IdeaRef> {
        match self {
            Self::CommentOnYourIdea { idea, .. }
            | Self::ReplyToYourComment { idea, .. }
            | Self::VoteMilestone { idea, .. }
            | Self::NewIdeaInFollowedContest { idea }
            | Self::SharesChanged { idea }
            | Self::RoyaltyCredited { idea, .. }
            | Self::StageChanged { idea, .. } => Some(idea),
            Self::QuestionAnswered { .. }
            | Self::Awarded { .. }
            | Self::ChallengeEnded { .. }
            | Self::EscrowFunded { .. }
            | Self::PledgeReceived { .. }
            | Self::CampaignEnded { .. }
            | Self::PaymentFailed { .. }
            | Self::CampaignLaunched { .. }
            | Self::CampaignUpdate { .. }
            | Self::PaymentDue { .. }
            | Self::WebhookDisabled { .. }
            | Self::PledgeDropped { .. } => None,
        }
    }

    /// The challenge it is about, if any.
    pub fn challenge(&self) -> Option<&ChallengeRef> {
        match self {
            Self::QuestionAnswered { challenge, .. }
            | Self::Awarded { challenge, .. }
            | Self::ChallengeEnded { challenge, .. }
            | Self::EscrowFunded { challenge, .. } => Some(challenge),
            Self::CommentOnYourIdea { .. }
            | Self::ReplyToYourComment { .. }
            | Self::VoteMilestone { .. }
            | Self::NewIdeaInFollowedContest { .. }
            | Self::SharesChanged { .. }
            | Self::RoyaltyCredited { .. }
            | Self::PledgeReceived { .. }
            | Self::CampaignEnded { .. }
            | Self::PaymentFailed { .. }
            | Self::PledgeDropped { .. }
            | Self::CampaignLaunched { .. }
            | Self::CampaignUpdate { .. }
            | Self::PaymentDue { .. }
            | Self::WebhookDisabled { .. }
            | Self::StageChanged { .. } => None,
        }
    }

    /// The campaign it is about, if any.
    pub fn campaign(&self) -> Option<&CampaignRef> {
        match self {
            Self::PledgeReceived { campaign, .. }
            | Self::CampaignEnded { campaign, .. }
            | Self::PaymentFailed { campaign, .. }
            | Self::PledgeDropped { campaign, .. }
            | Self::CampaignLaunched { campaign }
            | Self::PaymentDue { campaign, .. }
            | Self::CampaignUpdate { campaign, .. } => Some(campaign),
            _ => None,
        }
    }

    /// What it concerns.
    pub fn subject(&self) -> Subject {
        match self {
            Self::CommentOnYourIdea { idea, .. }
            | Self::ReplyToYourComment { idea, .. }
            | Self::VoteMilestone { idea, .. }
            | Self::NewIdeaInFollowedContest { idea }
            | Self::SharesChanged { idea }
            | Self::RoyaltyCredited { idea, .. }
            | Self::StageChanged { idea, .. } => Subject::Idea(idea.id),
            Self::Awarded { solution, .. } => Subject::Solution(*solution),
            Self::QuestionAnswered { challenge, .. }
            | Self::ChallengeEnded { challenge, .. }
            | Self::EscrowFunded { challenge, .. } => Subject::Challenge(challenge.id),
            Self::PledgeReceived { campaign, .. }
            | Self::CampaignEnded { campaign, .. }
            | Self::PaymentFailed { campaign, .. }
            | Self::PledgeDropped { campaign, .. }
            | Self::CampaignLaunched { campaign }
            | Self::PaymentDue { campaign, .. }
            | Self::CampaignUpdate { campaign, .. } => Subject::Campaign(campaign.id),
            Self::WebhookDisabled { org, .. } => Subject::Org(org.id),
        }
    }

    /// The title of what it concerns (the idea's or the challenge's).
    pub fn title(&self) -> &str {
        match (self.idea(), self.challenge(), self.campaign()) {
            (Some(idea), _, _) => &idea.title,
            (None, Some(challenge), _) => &challenge.title,
            (None, None, Some(campaign)) => &campaign.title,
            (None, None, None) => match self {
                Self::WebhookDisabled { host, .. } => host,
                _ => "",
            },
        }
    }

    /// The contest it belongs to, if any.
    pub fn contest(&self) -> Option<&ContestRef> {
        self.idea().and_then(|idea| idea.contest.as_ref())
    }

    /// Where on the site it leads (a path starting with `/`).
    pub fn path(&self) -> String {
        match self {
            Self::QuestionAnswered { challenge, .. } => format!("/challenges/{}#questions", challenge.id),
            Self::SharesChanged { idea } => format!("/ideas/{}#rights", idea.id),
            Self::RoyaltyCredited { .. } => "/me/royalties".to_owned(),
            Self::CampaignUpdate { campaign, .. } => format!("/campaigns/{}#updates", campaign.id),
            Self::WebhookDisabled { org, endpoint, .. } => format!("/orgs/{}/webhooks/{endpoint}", org.slug),
            _ => self.subject().path(),
        }
    }
}

/// A notification as stored: a typed [`Notice`], or a row written before notices were typed, which
/// carries an English line and the parts it was made from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum StoredNotice {
    /// Written by this version.
    Typed(Notice),
    /// Written before notices were typed.
    Legacy(LegacyNotice),
}

/// The fields older notification payloads carried (any may be missing).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LegacyNotice {
    /// The title of what it concerned.
    pub title: String,
    /// The English sentence.
    pub line: String,
    /// Where it led.
    pub path: String,
    /// The idea (comments carried no title, line or path).
    pub idea: Option<IdeaId>,
    /// The idea's title.
    pub idea_title: String,
    /// The contest.
    pub contest: Option<ContestId>,
    /// The contest's title.
    pub contest_title: Option<String>,
    /// The commenter.
    pub commenter: String,
    /// The comment's start.
    pub excerpt: String,
}

impl StoredNotice {
    /// The title of what it concerns.
    pub fn title(&self) -> &str {
        match self {
            Self::Typed(notice) => notice.title(),
            Self::Legacy(old) if old.idea_title.is_empty() => &old.title,
            Self::Legacy(old) => &old.idea_title,
        }
    }

    /// Where it leads.
    pub fn path(&self) -> String {
        match self {
            Self::Typed(notice) => notice.path(),
            Self::Legacy(old) if old.path.starts_with('/') => old.path.clone(),
            Self::Legacy(old) => old.idea.map_or_else(|| "/notifications".to_owned(), |id| format!("/ideas/{id}")),
        }
    }

    /// The contest it belongs to, if any.
    pub fn contest(&self) -> Option<ContestRef> {
        match self {
            Self::Typed(notice) => notice.contest().cloned(),
            Self::Legacy(old) => {
                old.contest.map(|id| ContestRef { id, title: old.contest_title.clone().unwrap_or_default() })
            }
        }
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
mod tests;
