//! sea-orm entities, one module per table. Only this crate sees them.

pub mod api_tokens;
pub mod comment_flags;
pub mod comments;
pub mod contests;
pub mod events;
pub mod follows;
pub mod idea_authors;
pub mod idea_revisions;
pub mod idea_tags;
pub mod ideas;
pub mod ledger_accounts;
pub mod ledger_entries;
pub mod ledger_transactions;
pub mod org_members;
pub mod organizations;
pub mod sessions;
pub mod stage_changes;
pub mod users;
pub mod vote_budgets;
pub mod votes;
