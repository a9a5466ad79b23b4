//! Repository tests of ideas on both engines: the contest's budget is the domain's rule, applied
//! while the member's count is locked, so concurrent votes never spend more than the budget, and
//! each vote counts once; the front door's lists show a member's own ideas and the chosen ideas
//! anyone may see, never those of a contest still waiting for approval.

use std::sync::Arc;

use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::IdeaContent;
use ideaforge_domain::org::{OrgName, OrgSlug};
use ideaforge_domain::{OrgId, UserId};
use time::{Duration, OffsetDateTime, macros::datetime};

use super::{VoteChange, VoteScope, VoteTally};
use crate::testing::{Engine, TestDb};
use crate::tests::add_user;
use crate::{Store, StoreError};

crate::on_both_engines!(
    concurrent_votes_never_spend_more_than_the_budget,
    votes_written_together_have_each_their_own_outcome,
    the_front_door_lists_a_members_ideas_and_the_chosen_public_ones,
    ideas_and_comments_keep_the_language_they_are_written_in
);

pub(crate) const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

/// The organization `acme`, owned by `owner`.
pub(crate) async fn acme(store: &Store, owner: UserId) -> OrgId {
    let slug = OrgSlug::parse("acme").expect("slug");
    store.create_org(&slug, &OrgName::parse("Acme").expect("name"), owner, NOW).await.expect("org").id
}

/// A kitchen contest taking ideas for ten days and votes for twenty, with this vote budget.
pub(crate) fn kitchens(vote_budget: Option<i64>) -> NewContest {
    let input = ContestInput {
        title: "Kitchens",
        brief: "Cooking, easier.",
        category: "kitchen",
        submission_closes_at: Some(NOW + Duration::days(10)),
        voting_closes_at: Some(NOW + Duration::days(20)),
        vote_budget,
        shortlist_at: None,
        influence_pool_bp: Some(1_000),
        ip_terms: "Licence on selection.",
    };
    NewContest::parse(&input, NOW).expect("contest")
}

async fn concurrent_votes_never_spend_more_than_the_budget(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let owner = add_user(&store, "owner@acme.example").await;
    let inventor = add_user(&store, "ines@example.com").await;
    let voter = add_user(&store, "voter@example.com").await;
    let org = acme(&store, owner.id).await;
    let contest = kitchens(Some(2));
    let budget = contest.vote_budget;
    let contest = store.create_contest(org, &contest, owner.id, NOW).await.expect("create");
    let mut ideas = Vec::new();
    for i in 0..6 {
        let content = IdeaContent::parse(&format!("Idea {i}"), "Summary.", "Body.", "kitchen", "").expect("idea");
        ideas.push(store.create_idea(Some(contest), &content, &[inventor.id], NOW).await.expect("idea"));
    }
    let store = Arc::new(store);
    let scope = Some(VoteScope { contest, budget, shortlist_at: None });
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

/// One transaction for many members' changes (group commit): in order, a refusal refusing only its
/// own change and storing nothing, a repeated cast or withdrawal changing nothing, and the counters,
/// budgets and rows agreeing afterwards.
async fn votes_written_together_have_each_their_own_outcome(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let owner = add_user(&store, "owner@acme.example").await;
    let inventor = add_user(&store, "ines@example.com").await;
    let (ann, bob) = (add_user(&store, "ann@example.com").await, add_user(&store, "bob@example.com").await);
    let org = acme(&store, owner.id).await;
    let contest = kitchens(Some(1));
    let budget = contest.vote_budget;
    let contest = store.create_contest(org, &contest, owner.id, NOW).await.expect("create");
    let mut ideas = Vec::new();
    for i in 0..2 {
        let content = IdeaContent::parse(&format!("Idea {i}"), "Summary.", "Body.", "kitchen", "").expect("idea");
        ideas.push(store.create_idea(Some(contest), &content, &[inventor.id], NOW).await.expect("idea"));
    }
    let scope = Some(VoteScope { contest, budget, shortlist_at: None });
    let cast = |idea, user: UserId| VoteChange::Cast { idea, user, scope };
    let withdraw = |idea, user: UserId| VoteChange::Withdraw { idea, user, contest: Some(contest) };
    let outcomes = store
        .apply_votes(
            &[
                cast(ideas[0], ann.id),
                cast(ideas[0], ann.id),
                cast(ideas[1], ann.id),
                cast(ideas[0], bob.id),
                withdraw(ideas[0], ann.id),
                withdraw(ideas[0], ann.id),
                cast(ideas[1], ann.id),
            ],
            NOW,
        )
        .await;
    let tally = |votes, voted| Ok::<_, String>(VoteTally { votes, voted });
    let outcomes: Vec<Result<VoteTally, String>> =
        outcomes.into_iter().map(|o| o.map_err(|e| format!("{e:?}"))).collect();
    assert_eq!(
        outcomes,
        [
            tally(1, true),
            tally(1, true),
            Err(format!("{:?}", StoreError::BudgetExhausted)),
            tally(2, true),
            tally(1, false),
            tally(1, false),
            tally(1, true),
        ],
        "each change's outcome, in order"
    );
    assert_eq!(store.count_votes(ideas[0]).await.expect("rows"), 1, "bob's vote");
    assert_eq!(store.count_votes(ideas[1]).await.expect("rows"), 1, "ann's second choice, after her refusal");
    assert_eq!(store.votes_used(contest, ann.id).await.expect("used"), 1);
    let audit = store.vote_audit(contest).await.expect("audit");
    assert!(audit.counters_off.is_empty() && audit.budgets_off.is_empty(), "{audit:?}");
}

async fn the_front_door_lists_a_members_ideas_and_the_chosen_public_ones(engine: Engine) {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    use crate::entity::ideas;

    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let owner = add_user(&store, "owner@acme.example").await;
    let moderator = add_user(&store, "mod@example.com").await;
    let inventor = add_user(&store, "ines@example.com").await;
    let partner = add_user(&store, "paolo@example.com").await;
    let org = acme(&store, owner.id).await;
    let contest = kitchens(None);
    let public = store.create_contest(org, &contest, owner.id, NOW).await.expect("public contest");
    store.approve_contest(public, moderator.id, NOW).await.expect("approve");
    let waiting = store.create_contest(org, &contest, owner.id, NOW).await.expect("waiting contest");
    let idea = |title: &str| IdeaContent::parse(title, "Summary.", "Body.", "kitchen", "").expect("idea");
    let open = store.create_idea(None, &idea("Open and chosen"), &[inventor.id], NOW).await.expect("idea");
    let shared = store
        .create_idea(Some(public), &idea("Chosen in public"), &[inventor.id, partner.id], NOW)
        .await
        .expect("idea");
    let hidden =
        store.create_idea(Some(waiting), &idea("Chosen but unpublished"), &[inventor.id], NOW).await.expect("idea");
    let plain = store.create_idea(Some(public), &idea("Not chosen"), &[partner.id], NOW).await.expect("idea");
    ideas::Entity::update_many()
        .col_expr(ideas::Column::Stage, Expr::value("selected"))
        .filter(ideas::Column::Id.is_in([open.get(), shared.get(), hidden.get()]))
        .exec(&store.write)
        .await
        .expect("select");

    let chosen: Vec<_> = store.chosen_ideas(10).await.expect("chosen").into_iter().map(|c| c.id).collect();
    assert_eq!(chosen, [shared, open], "chosen public ideas, newest first; none of a waiting contest");
    let theirs: Vec<_> = store.ideas_of(partner.id, 10).await.expect("theirs").into_iter().map(|c| c.id).collect();
    assert_eq!(theirs, [plain, shared], "ideas written and co-written, newest first");
    assert_eq!(store.ideas_of(inventor.id, 1).await.expect("limited").len(), 1, "at most the limit");
    assert_eq!(store.public_contest_count().await.expect("count"), 1, "the waiting contest is not counted");
}

async fn ideas_and_comments_keep_the_language_they_are_written_in(engine: Engine) {
    use ideaforge_domain::ContentLanguage;
    use ideaforge_domain::comment::CommentBody;
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let inventor = add_user(&store, "ines@example.com").await;
    let mut content = IdeaContent::parse("우산 공유", "비 오는 날.", "역마다 우산을.", "outdoors", "").expect("idea");
    content.language = Some(ContentLanguage::Korean);
    let id = store.create_idea(None, &content, &[inventor.id], NOW).await.expect("idea");
    let idea = store.idea(id).await.expect("read").expect("there");
    assert_eq!(idea.content.language, Some(ContentLanguage::Korean));
    let cards = store.ideas_of(inventor.id, 10).await.expect("cards");
    assert_eq!(cards.iter().map(|c| c.language).collect::<Vec<_>>(), [Some(ContentLanguage::Korean)], "cards");

    let mut rewritten =
        IdeaContent::parse("Ombrelli condivisi", "Quando piove.", "In ogni stazione.", "outdoors", "").expect("idea");
    rewritten.language = Some(ContentLanguage::Italian);
    store.edit_idea(id, 1, &rewritten, inventor.id, NOW).await.expect("edit");
    let idea = store.idea(id).await.expect("read").expect("there");
    assert_eq!(idea.content.language, Some(ContentLanguage::Italian), "an edit records the new language");

    let body = CommentBody::parse("Bella idea!").expect("body");
    let comment =
        store.add_comment(id, None, inventor.id, &body, Some(ContentLanguage::Italian), NOW).await.expect("comment");
    let unknown = CommentBody::parse("👍").expect("body");
    store.add_comment(id, None, inventor.id, &unknown, None, NOW).await.expect("comment");
    let languages: Vec<_> = store.comments(id).await.expect("comments").iter().map(|c| c.language).collect();
    assert_eq!(languages, [Some(ContentLanguage::Italian), None]);
    let english = CommentBody::parse("Nice idea!").expect("body");
    store.edit_comment(id, comment, &english, Some(ContentLanguage::English), inventor.id, NOW).await.expect("edit");
    let languages: Vec<_> = store.comments(id).await.expect("comments").iter().map(|c| c.language).collect();
    assert_eq!(languages, [Some(ContentLanguage::English), None], "an edit records the new language");
}
