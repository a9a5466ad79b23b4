//! A contest's vote threshold on both engines: 200 members voting at once (on PostgreSQL through two
//! nodes sharing the database) shortlist the idea exactly once, recorded as the community's move
//! with its threshold, announced once as an event and once to each author and follower.

use std::sync::Arc;

use ideaforge_domain::contest::{NewContest, VoteThreshold};
use ideaforge_domain::idea::{IdeaContent, MovedBy, Stage};
use ideaforge_domain::ip::Subject;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::VoteScope;
use super::tests::{NOW, acme, kitchens};
use crate::entity::{events, ideas, notifications};
use crate::testing::{Engine, TestDb};
use crate::tests::add_user;
use crate::{Backend, Store};

crate::on_both_engines!(two_hundred_concurrent_votes_shortlist_an_idea_exactly_once);

const VOTERS: usize = 200;
const THRESHOLD: i64 = 50;

async fn two_hundred_concurrent_votes_shortlist_an_idea_exactly_once(engine: Engine) {
    let db = TestDb::new(engine).await;
    let first = Store::connect(db.config()).await.expect("connect");
    first.migrate().await.expect("migrate");
    // PostgreSQL serves several nodes: the votes arrive through two stores, each with its own pool.
    // SQLite is one embedded node with one writer.
    let second = match first.backend {
        Backend::Postgres => Store::connect(db.config()).await.expect("second node"),
        Backend::Sqlite => first.clone(),
    };
    let owner = add_user(&first, "owner@acme.example").await;
    let author = add_user(&first, "ines@example.com").await;
    let follower = add_user(&first, "fede@example.com").await;
    let org = acme(&first, owner.id).await;
    let threshold = VoteThreshold::new(THRESHOLD).expect("threshold");
    let new = NewContest { shortlist_at: Some(threshold), ..kitchens(None) };
    let contest = first.create_contest(org, &new, owner.id, NOW).await.expect("create");
    let content = IdeaContent::parse("Self-cleaning kettle", "Summary.", "Body.", "kitchen", "").expect("idea");
    let idea = first.create_idea(Some(contest), &content, &[author.id], NOW).await.expect("idea");
    first.follow(follower.id, Subject::Idea(idea), NOW).await.expect("follow");
    let mut voters = Vec::with_capacity(VOTERS);
    for n in 0..VOTERS {
        voters.push(add_user(&first, &format!("voter{n}@example.com")).await.id);
    }

    let scope =
        Some(VoteScope { contest, budget: None, shortlist_at: Some(VoteThreshold::new(THRESHOLD).expect("t")) });
    let nodes = [Arc::new(first), Arc::new(second)];
    let mut tasks = tokio::task::JoinSet::new();
    for (n, voter) in voters.into_iter().enumerate() {
        let store = Arc::clone(&nodes[n % 2]);
        tasks.spawn(async move { store.cast_vote(idea, voter, scope, NOW).await });
    }
    while let Some(outcome) = tasks.join_next().await {
        outcome.expect("task").expect("every vote counts");
    }

    let store = &nodes[0];
    assert_eq!(store.count_votes(idea).await.expect("count"), VOTERS as u64);
    let row = ideas::Entity::find_by_id(idea.get()).one(&store.read).await.expect("read").expect("idea");
    assert_eq!((row.votes_count, row.stage.as_str()), (VOTERS as i64, "shortlisted"));
    let history = store.stage_history(idea).await.expect("history");
    assert_eq!(history.len(), 1, "one move, however many votes crossed the line: {history:?}");
    assert_eq!((history[0].from, history[0].to), (Stage::Submitted, Stage::Shortlisted));
    assert_eq!(history[0].by, MovedBy::Votes { threshold: THRESHOLD });
    let moved = events::Entity::find()
        .filter(events::Column::Kind.eq("stage_changed"))
        .filter(events::Column::Subject.eq(Subject::Idea(idea).to_string()))
        .count(&store.read)
        .await
        .expect("events");
    assert_eq!(moved, 1, "one event, so one webhook delivery per endpoint");
    for (who, user) in [("author", author.id), ("follower", follower.id)] {
        let told = notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(user.get()))
            .filter(notifications::Column::Kind.eq("stage_changed"))
            .all(&store.read)
            .await
            .expect("notifications");
        assert_eq!(told.len(), 1, "the {who} is told once");
        assert!(told[0].payload.contains(&format!("\"by_votes\":{THRESHOLD}")), "{}", told[0].payload);
    }
}
