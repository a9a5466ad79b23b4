//! The domain event log: appended in the same transaction as the change it records.

use ideaforge_domain::challenge::Status;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::subject::Subject;
use ideaforge_domain::{
    CampaignId, CategoryId, ChallengeId, CommentId, ContestId, IdeaId, OrgId, PledgeId, QuestionId, SolutionId,
    TokenId, UserId,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder,
};
use time::OffsetDateTime;

use crate::entity::events;
use crate::{Store, StoreError};

/// Something that happened, as recorded in the event log. The serialised `kind` is the stored kind;
/// consumers (search, notifications) read `kind` and `subject`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A member registered.
    UserRegistered { user: UserId },
    /// A member changed their password.
    PasswordChanged { user: UserId },
    /// An admin suspended a member (the actor is the admin).
    UserSuspended { user: UserId, reason: String },
    /// An admin lifted a member's suspension.
    UserReinstated { user: UserId },
    /// An admin changed a member's platform role.
    RoleChanged { user: UserId, role: String },
    /// An admin put a failed e-mail to a member back in the queue.
    MailRetried { user: UserId, mail: i64 },
    /// An admin created a category.
    CategoryCreated { category: CategoryId, slug: String, name: String },
    /// An admin renamed a category (its slug stays).
    CategoryRenamed { category: CategoryId, slug: String, from: String, name: String },
    /// An admin retired a category: it is offered no more.
    CategoryRetired { category: CategoryId, slug: String },
    /// An admin offered a retired category again.
    CategoryRestored { category: CategoryId, slug: String },
    /// An identity at an outside provider was linked to a member's account.
    IdentityLinked { user: UserId, provider: String },
    /// A member unlinked an identity at an outside provider.
    IdentityUnlinked { user: UserId, provider: String },
    /// A member issued a personal access token.
    TokenIssued { user: UserId, token: TokenId },
    /// A member revoked a personal access token.
    TokenRevoked { user: UserId, token: TokenId },
    /// An organization was created.
    OrgCreated { org: OrgId },
    /// A member was added to an organization or their role changed.
    OrgMemberSet { org: OrgId, user: UserId, role: String },
    /// A contest was created (pending approval).
    ContestCreated { contest: ContestId, org: OrgId },
    /// A moderator approved a contest: it is public.
    ContestApproved { contest: ContestId },
    /// An idea was submitted.
    IdeaSubmitted { idea: IdeaId, contest: Option<ContestId> },
    /// An idea was edited (a new revision).
    IdeaEdited { idea: IdeaId, revision: i32 },
    /// An idea changed stage.
    StageChanged { idea: IdeaId, from: Stage, to: Stage },
    /// An idea was merged into another.
    IdeaMerged { idea: IdeaId, into: IdeaId },
    /// A vote was cast.
    VoteCast { idea: IdeaId, user: UserId },
    /// A vote was withdrawn.
    VoteWithdrawn { idea: IdeaId, user: UserId },
    /// An idea reached a vote milestone for the first time.
    VoteMilestoneReached { idea: IdeaId, votes: i64 },
    /// A comment was posted.
    CommentPosted { idea: IdeaId, comment: CommentId },
    /// A comment was edited.
    CommentEdited { idea: IdeaId, comment: CommentId },
    /// A comment was deleted.
    CommentDeleted { idea: IdeaId, comment: CommentId },
    /// A moderator removed someone's comment.
    CommentRemoved { idea: IdeaId, comment: CommentId },
    /// Flags hid a comment.
    CommentHidden { idea: IdeaId, comment: CommentId },
    /// A moderator restored a hidden comment.
    CommentRestored { idea: IdeaId, comment: CommentId },
    /// A member followed something.
    Followed { user: UserId, subject: Subject },
    /// A challenge was drafted.
    ChallengeCreated { challenge: ChallengeId, org: OrgId },
    /// A draft challenge was edited.
    ChallengeEdited { challenge: ChallengeId },
    /// A challenge's status changed (submitted for review, closed, cancelled).
    ChallengeStatusChanged { challenge: ChallengeId, from: Status, to: Status },
    /// A moderator approved a challenge.
    ChallengeApproved { challenge: ChallengeId },
    /// A challenge opened: approved and funded, it is public.
    ChallengeOpened { challenge: ChallengeId },
    /// Money was received into a challenge's escrow.
    EscrowFunded { challenge: ChallengeId, transaction: i64 },
    /// Unused escrow was refunded to the seeker.
    EscrowRefunded { challenge: ChallengeId, transaction: i64 },
    /// A solver accepted a challenge's agreement.
    AgreementAccepted { challenge: ChallengeId, user: UserId },
    /// A solution was submitted.
    SolutionSubmitted { challenge: ChallengeId, solution: SolutionId },
    /// A solution was revised.
    SolutionRevised { challenge: ChallengeId, solution: SolutionId, revision: i32 },
    /// An administrator opened a sealed solution (the reason is in `solution_openings`).
    SolutionOpened { challenge: ChallengeId, solution: SolutionId, admin: UserId },
    /// A judge scored a solution.
    SolutionScored { challenge: ChallengeId, solution: SolutionId, judge: UserId },
    /// A solution won an award.
    SolutionAwarded { challenge: ChallengeId, solution: SolutionId, transaction: i64 },
    /// A question was asked on a challenge.
    QuestionAsked { challenge: ChallengeId, question: QuestionId },
    /// The seeker answered a question.
    QuestionAnswered { challenge: ChallengeId, question: QuestionId },
    /// Money was paid out to a member.
    PayoutRecorded { user: UserId, transaction: i64 },
    /// An idea's influence shares were set (the register record's sequence number).
    InfluenceSharesSet { idea: IdeaId, record: i64 },
    /// Net revenue was recorded for an idea: its royalties are owed.
    RoyaltyRecorded { idea: IdeaId, statement: i64 },
    /// The money owed on a statement was received and its holders credited (the ledger
    /// transaction).
    RoyaltyReceived { idea: IdeaId, statement: i64, transaction: i64 },
    /// A funding campaign was created (a draft).
    CampaignCreated { campaign: CampaignId, org: OrgId },
    /// A campaign moved in its lifecycle (submitted, approved, launched, cancelled).
    CampaignMoved { campaign: CampaignId, to: String },
    /// A moderator approved a campaign in review (its organization may launch it now).
    CampaignApproved { campaign: CampaignId },
    /// An admin cancelled a campaign (its pledges released), acting for the platform.
    CampaignWithdrawn { campaign: CampaignId },
    /// A campaign's terms were changed (its texts, goal, deadline or tiers).
    CampaignEdited { campaign: CampaignId },
    /// A backer pledged or changed their pledge.
    Pledged { campaign: CampaignId, pledge: PledgeId },
    /// A backer withdrew their pledge.
    PledgeCancelled { campaign: CampaignId, pledge: PledgeId },
    /// A pledge was charged at settlement (the ledger transaction).
    PledgeCaptured { campaign: CampaignId, pledge: PledgeId, transaction: i64 },
    /// An admin recorded the bank transfer received for a pledge.
    PledgeReceiptRecorded { campaign: CampaignId, pledge: PledgeId },
    /// A member registered (or changed) the sum they would pledge for an idea.
    InterestRegistered { idea: IdeaId },
    /// A campaign's organization posted an update.
    CampaignUpdatePosted { campaign: CampaignId, update: i64 },
    /// Someone commented under a campaign's update.
    UpdateCommented { campaign: CampaignId, update: i64 },
}

impl Event {
    fn kind(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
            .unwrap_or_default()
    }

    fn subject(&self) -> Subject {
        match self {
            Self::UserRegistered { user }
            | Self::PasswordChanged { user }
            | Self::UserSuspended { user, .. }
            | Self::UserReinstated { user }
            | Self::RoleChanged { user, .. }
            | Self::IdentityLinked { user, .. }
            | Self::IdentityUnlinked { user, .. } => Subject::User(*user),
            Self::TokenIssued { token, .. } | Self::TokenRevoked { token, .. } => Subject::Token(*token),
            Self::CategoryCreated { category, .. }
            | Self::CategoryRenamed { category, .. }
            | Self::CategoryRetired { category, .. }
            | Self::CategoryRestored { category, .. } => Subject::Category(*category),
            Self::MailRetried { user, .. } => Subject::User(*user),
            Self::OrgCreated { org } | Self::OrgMemberSet { org, .. } => Subject::Org(*org),
            Self::ContestCreated { contest, .. } | Self::ContestApproved { contest } => Subject::Contest(*contest),
            Self::IdeaSubmitted { idea, .. }
            | Self::IdeaEdited { idea, .. }
            | Self::StageChanged { idea, .. }
            | Self::IdeaMerged { idea, .. }
            | Self::VoteCast { idea, .. }
            | Self::VoteWithdrawn { idea, .. }
            | Self::VoteMilestoneReached { idea, .. }
            | Self::CommentPosted { idea, .. }
            | Self::CommentEdited { idea, .. }
            | Self::CommentDeleted { idea, .. }
            | Self::CommentRemoved { idea, .. }
            | Self::CommentHidden { idea, .. }
            | Self::CommentRestored { idea, .. }
            | Self::InfluenceSharesSet { idea, .. }
            | Self::RoyaltyRecorded { idea, .. }
            | Self::RoyaltyReceived { idea, .. }
            | Self::InterestRegistered { idea } => Subject::Idea(*idea),
            Self::Followed { subject, .. } => *subject,
            Self::ChallengeCreated { challenge, .. }
            | Self::ChallengeEdited { challenge }
            | Self::ChallengeStatusChanged { challenge, .. }
            | Self::ChallengeApproved { challenge }
            | Self::ChallengeOpened { challenge }
            | Self::EscrowFunded { challenge, .. }
            | Self::EscrowRefunded { challenge, .. }
            | Self::AgreementAccepted { challenge, .. }
            | Self::QuestionAsked { challenge, .. }
            | Self::QuestionAnswered { challenge, .. } => Subject::Challenge(*challenge),
            Self::SolutionSubmitted { solution, .. }
            | Self::SolutionRevised { solution, .. }
            | Self::SolutionOpened { solution, .. }
            | Self::SolutionScored { solution, .. }
            | Self::SolutionAwarded { solution, .. } => Subject::Solution(*solution),
            Self::PayoutRecorded { user, .. } => Subject::User(*user),
            Self::CampaignCreated { campaign, .. }
            | Self::CampaignMoved { campaign, .. }
            | Self::CampaignApproved { campaign }
            | Self::CampaignWithdrawn { campaign }
            | Self::CampaignEdited { campaign }
            | Self::Pledged { campaign, .. }
            | Self::PledgeCancelled { campaign, .. }
            | Self::PledgeCaptured { campaign, .. }
            | Self::PledgeReceiptRecorded { campaign, .. }
            | Self::CampaignUpdatePosted { campaign, .. }
            | Self::UpdateCommented { campaign, .. } => Subject::Campaign(*campaign),
        }
    }
}

/// The row that records an event.
pub(crate) fn row(event: &Event, actor: Option<UserId>, now: OffsetDateTime) -> Result<events::ActiveModel, DbErr> {
    let payload = serde_json::to_string(event).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(events::ActiveModel {
        id: NotSet,
        kind: Set(event.kind()),
        subject: Set(event.subject().to_string()),
        actor_id: Set(actor.map(UserId::get)),
        payload: Set(payload),
        created_at: Set(now),
    })
}

/// Appends an event inside the caller's transaction, with the webhook deliveries it causes.
pub(crate) async fn append<C: ConnectionTrait>(
    conn: &C,
    event: Event,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let recorded = row(&event, actor, now)?.insert(conn).await?;
    crate::webhooks::fan_out(conn, recorded.id, &event, now).await
}

/// Appends events in order inside the caller's transaction: in one insert when no webhook hears
/// of any of them (votes), else one by one with their deliveries.
pub(crate) async fn append_many<C: ConnectionTrait>(
    conn: &C,
    events: Vec<(Event, Option<UserId>)>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    if events.iter().any(|(event, _)| crate::webhooks::heard(event)) {
        for (event, actor) in events {
            append(conn, event, actor, now).await?;
        }
        return Ok(());
    }
    if events.is_empty() {
        return Ok(());
    }
    let rows = events.iter().map(|(event, actor)| row(event, *actor, now)).collect::<Result<Vec<_>, _>>()?;
    events::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}

/// One recorded event, as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Position in the log.
    pub id: i64,
    /// The event's kind, e.g. `user_registered`.
    pub kind: String,
    /// What it is about, e.g. `user:7`.
    pub subject: String,
}

impl From<events::Model> for RecordedEvent {
    fn from(m: events::Model) -> Self {
        Self { id: m.id, kind: m.kind, subject: m.subject }
    }
}

impl Store {
    /// The most recent events, newest first.
    pub async fn recent_events(&self, limit: u64) -> Result<Vec<RecordedEvent>, StoreError> {
        use sea_orm::QuerySelect;
        Ok(events::Entity::find()
            .order_by_desc(events::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(RecordedEvent::from)
            .collect())
    }

    /// Events after `cursor` (exclusive), oldest first, at most `limit`.
    pub async fn events_after(&self, cursor: i64, limit: u64) -> Result<Vec<RecordedEvent>, StoreError> {
        use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
        Ok(events::Entity::find()
            .filter(events::Column::Id.gt(cursor))
            .order_by_asc(events::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(RecordedEvent::from)
            .collect())
    }

    /// The id of the newest event (0 when there is none).
    pub async fn last_event_id(&self) -> Result<i64, StoreError> {
        Ok(events::Entity::find().order_by_desc(events::Column::Id).one(&self.read).await?.map_or(0, |m| m.id))
    }
}
