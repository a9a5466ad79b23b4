//! Ideaforge's domain: pure rules and value types, with no I/O, no async and no framework types.
//!
//! Values enter the system through the parsers here (`Email::parse`, `DisplayName::parse`, …) once,
//! at the edge; everything past the edge holds the parsed type and can rely on its invariants.

pub mod account;
pub mod admin;
pub mod campaign;
pub mod category;
pub mod challenge;
pub mod comment;
pub mod contest;
pub mod idea;
pub mod ids;
pub mod image;
pub mod invalid;
pub mod ip;
pub mod ledger;
pub mod money;
pub mod notification;
pub mod org;
pub mod royalty;
pub mod search;
pub mod session;
pub mod subject;
pub mod text;
pub mod token;
pub mod vote;
pub mod webhook;

pub use account::{ApiToken, DisplayName, Email, Language, NewUser, Password, Role, TimeZoneName, TokenName, User};
pub use ids::{
    CampaignId, CategoryId, ChallengeId, CommentId, ContestId, DeliveryId, IdeaId, OrgId, PledgeId, QuestionId,
    SolutionId, TierId, TokenId, UserId, WebhookId,
};
pub use invalid::{FieldErrors, Invalid};
pub use session::{NextPath, SessionPolicy};
pub use text::ContentLanguage;
