//! Database migrations: frozen history of the schema, identical on SQLite and PostgreSQL.
//!
//! A migration imports only sea-orm-migration and never changes once released: a schema change is a
//! new migration appended to [`Migrator::migrations`].

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_accounts;
mod m20261124_000002_contests;
mod m20261124_000003_ledger;
mod m20261124_000004_challenges;
mod m20261124_000005_ip_register;
mod m20261124_000006_notifications;
mod m20261124_000007_digests;
mod m20261124_000008_account_mail;
mod m20261124_000009_identities;
mod m20261124_000010_vote_milestones;
mod m20261206_000011_challenge_endings;
mod m20261206_000012_solution_openings;
mod m20261206_000013_award_places;
mod m20261206_000014_royalty_receipts;
mod m20261206_000015_token_scopes;
mod m20261206_000016_campaigns;
mod m20261206_000017_settlement;
mod m20261206_000018_campaign_community;
mod m20261206_000019_ledger_balances;
mod m20261206_000020_pledge_receipts;
mod m20261206_000021_pledge_authorisations;
mod m20261206_000022_pledge_quantity;
mod m20261207_000023_pictures;
mod m20261207_000024_time_zones;
mod m20261207_000025_content_languages;
mod m20261207_000026_webhooks;
mod m20261207_000027_vote_thresholds;
mod m20261207_000028_suspensions;
mod m20261207_000029_categories;

/// Applies every migration in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_accounts::Migration),
            Box::new(m20261124_000002_contests::Migration),
            Box::new(m20261124_000003_ledger::Migration),
            Box::new(m20261124_000004_challenges::Migration),
            Box::new(m20261124_000005_ip_register::Migration),
            Box::new(m20261124_000006_notifications::Migration),
            Box::new(m20261124_000007_digests::Migration),
            Box::new(m20261124_000008_account_mail::Migration),
            Box::new(m20261124_000009_identities::Migration),
            Box::new(m20261124_000010_vote_milestones::Migration),
            Box::new(m20261206_000011_challenge_endings::Migration),
            Box::new(m20261206_000012_solution_openings::Migration),
            Box::new(m20261206_000013_award_places::Migration),
            Box::new(m20261206_000014_royalty_receipts::Migration),
            Box::new(m20261206_000015_token_scopes::Migration),
            Box::new(m20261206_000016_campaigns::Migration),
            Box::new(m20261206_000017_settlement::Migration),
            Box::new(m20261206_000018_campaign_community::Migration),
            Box::new(m20261206_000019_ledger_balances::Migration),
            Box::new(m20261206_000020_pledge_receipts::Migration),
            Box::new(m20261206_000021_pledge_authorisations::Migration),
            Box::new(m20261206_000022_pledge_quantity::Migration),
            Box::new(m20261207_000023_pictures::Migration),
            Box::new(m20261207_000024_time_zones::Migration),
            Box::new(m20261207_000025_content_languages::Migration),
            Box::new(m20261207_000026_webhooks::Migration),
            Box::new(m20261207_000027_vote_thresholds::Migration),
            Box::new(m20261207_000028_suspensions::Migration),
            Box::new(m20261207_000029_categories::Migration),
        ]
    }
}
