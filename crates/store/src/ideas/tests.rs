//! Repository tests of votes on both engines: the contest's budget is the domain's rule, applied
//! while the member's count is locked, so concurrent votes never spend more than the budget, and
//! each vote counts once.

use std::sync::Arc;

use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::IdeaContent;
use ideaforge_domain::org::{OrgName, OrgSlug};
use time::{Duration, OffsetDateTime, macros::datetime};

use super::BudgetScope;
use crate::testing::{Engine, TestDb};
use crate::tests::add_user;
use crate::{Store, StoreError};

crate::on_both_engines!(concurrent_votes_never_spend_more_than_the_budget);

const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

async fn concurrent_votes_never_spend_more_than_the_budget(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let owner = add_user(&store, "owner@acme.example").await;
    let inventor = add_user(&store, "ines@example.com").await;
    let voter = add_user(&store, "voter@example.com").await;
    let slug = OrgSlug::parse("acme").expect("slug");
    let org = store.create_org(&slug, &OrgName::parse("Acme").expect("name"), owner.id, NOW).await.expect("org");
    let input = ContestInput {
        title: "Kitchens",
        brief: "Cooking, easier.",
        category: "kitchen",
        submission_closes_at: Some(NOW + Duration::days(10)),
        voting_closes_at: Some(NOW + Duration::days(20)),
        vote_budget: Some(2),
        influence_pool_bp: Some(1_000),
        ip_terms: "Licence on selection.",
    };
    let contest = NewContest::parse(&input, NOW).expect("contest");
    let budget = contest.vote_budget;
    let contest = store.create_contest(org.id, &contest, owner.id, NOW).await.expect("create");
    let mut ideas = Vec::new();
    for i in 0..6 {
        let content = IdeaContent::parse(&format!("Idea {i}"), "Summary.", "Body.", "kitchen", "").expect("idea");
        ideas.push(store.create_idea(Some(contest), &content, &[inventor.id], NOW).await.expect("idea"));
    }
    let store = Arc::new(store);
    let scope = Some(BudgetScope { contest, budget });
    let mut tasks = tokio::task::JoinSet::new();
    for idea in ideas.iter().copied().chain(ideas.iter().copied()) {
        let store = Arc::clone(&store);
        tasks.spawn(async move { store.cast_vote(idea, voter.id, scope, NOW).await });
    }
    let (mut counted, mut refused) = (0, 0);
    while let Some(outcome) = tasks.join_next().await {
        match outcome.expect("task") {
            Ok(_) => counted += 1,
            Err(StoreError::BudgetExhausted) => refused += 1,
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!(store.votes_used(contest, voter.id).await.expect("used"), 2, "exactly the budget was spent");
    let mut total = 0;
    for idea in &ideas {
        total += store.count_votes(*idea).await.expect("count");
    }
    assert_eq!(total, 2, "each counted vote is one row");
    assert!(counted >= 2 && refused >= 1, "{counted} answered as counted, {refused} refused");
}
