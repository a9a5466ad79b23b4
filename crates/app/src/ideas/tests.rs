//! Contest, idea, vote, comment and stage use cases on both engines.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::{IdeaContent, IdeaFilter, IdeaSort, ListAt, MovedBy, Stage};
use ideaforge_domain::vote::VoteRefused;
use ideaforge_domain::{ContestId, IdeaId, Invalid, NewUser, Role, User};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};
use time::{Duration, OffsetDateTime, macros::datetime};

use crate::{App, AppConfig, IdeasError, ManualClock};

ideaforge_store::on_both_engines!(
    contests_are_public_only_after_approval,
    voting_rules_and_budget,
    votes_arriving_together_are_written_together_each_with_its_outcome,
    stage_workflow_and_timeline,
    merging_moves_votes_without_double_counting,
    editing_keeps_every_revision,
    comments_replies_edits_and_flags,
    cached_lists_show_this_nodes_writes_at_once,
    bulk_import_keeps_each_idea_whole_across_batches,
    the_register_is_verified_from_its_last_verified_head,
);

const IP: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

struct World {
    _db: TestDb,
    app: App,
    clock: ManualClock,
    manager: User,
    moderator: User,
    inventor: User,
    voters: Vec<User>,
}

async fn user(app: &App, email: &str, role: Role) -> User {
    let mut new =
        NewUser::parse(email, email.split('@').next().unwrap_or("x"), "correct horse battery").expect("valid");
    new.role = role;
    new.email_verified = true;
    app.create_user(&new).await.expect("create user")
}

async fn world(engine: Engine) -> World {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(NOW);
    let app = App::new(store, Arc::new(clock.clone()), &AppConfig::default());
    let manager = user(&app, "manager@example.com", Role::Member).await;
    let moderator = user(&app, "moderator@example.com", Role::Moderator).await;
    let inventor = user(&app, "inventor@example.com", Role::Member).await;
    let mut voters = Vec::new();
    for i in 0..3 {
        voters.push(user(&app, &format!("voter{i}@example.com"), Role::Member).await);
    }
    let _ = IP;
    World { _db: db, app, clock, manager, moderator, inventor, voters }
}

fn contest_input(budget: Option<i64>) -> NewContest {
    let input = ContestInput {
        title: "A better kettle",
        brief: "Make tea faster.",
        category: "kitchen",
        submission_closes_at: Some(NOW + Duration::days(10)),
        voting_closes_at: Some(NOW + Duration::days(20)),
        vote_budget: budget,
        shortlist_at: None,
        influence_pool_bp: Some(1_000),
        ip_terms: "Licence on selection.",
    };
    NewContest::parse(&input, NOW).expect("valid contest")
}

async fn open_contest(w: &World, budget: Option<i64>) -> ContestId {
    w.app.create_org(&w.manager, "acme", "Acme Appliances").await.ok();
    let id = w.app.create_contest(&w.manager, "acme", &contest_input(budget)).await.expect("contest");
    w.app.approve_contest(&w.moderator, id).await.expect("approve");
    id
}

fn content(title: &str) -> IdeaContent {
    IdeaContent::parse(title, "A short summary", "Some **markdown** body", "kitchen", "tea, kettle")
        .expect("valid idea")
}

async fn idea(w: &World, contest: ContestId, title: &str) -> IdeaId {
    w.app.submit_idea(&w.inventor, Some(contest), &content(title), &[]).await.expect("submit")
}

async fn contests_are_public_only_after_approval(engine: Engine) {
    let w = world(engine).await;
    w.app.create_org(&w.manager, "acme", "Acme").await.expect("org");
    assert!(
        matches!(w.app.create_org(&w.inventor, "ACME", "Other").await, Err(IdeasError::Invalid(e)) if e.get("slug") == Some(Invalid::Taken))
    );
    let forbidden = w.app.create_contest(&w.inventor, "acme", &contest_input(None)).await;
    assert!(matches!(forbidden, Err(IdeasError::Forbidden)));
    let id = w.app.create_contest(&w.manager, "acme", &contest_input(None)).await.expect("contest");
    assert!(matches!(w.app.visible_contest(None, id).await, Err(IdeasError::NotFound)));
    assert!(matches!(w.app.visible_contest(Some(&w.inventor), id).await, Err(IdeasError::NotFound)));
    assert!(w.app.visible_contest(Some(&w.manager), id).await.is_ok(), "its organization sees it");
    let submit = w.app.submit_idea(&w.inventor, Some(id), &content("Early bird"), &[]).await;
    assert!(matches!(submit, Err(IdeasError::Invalid(_))), "no ideas before approval");
    assert!(matches!(w.app.approve_contest(&w.inventor, id).await, Err(IdeasError::Forbidden)));
    // A moderator who belongs to the organization (any role) never approves its contest; the page
    // offers them no button.
    let insider = user(&w.app, "insider@example.com", Role::Moderator).await;
    w.app.set_org_member(&w.manager, "acme", "insider@example.com", "judge").await.expect("member");
    assert!(matches!(w.app.approve_contest(&insider, id).await, Err(IdeasError::Forbidden)));
    let page = |who| w.app.contest_page(Some(who), id, IdeaFilter::default(), IdeaSort::Top, ListAt::First);
    assert!(!page(&insider).await.expect("page").can_approve, "no button for the organization's own moderator");
    assert!(page(&w.moderator).await.expect("page").can_approve, "an outside moderator may approve");
    w.app.approve_contest(&w.moderator, id).await.expect("approve");
    assert!(!page(&w.moderator).await.expect("page").can_approve, "approved once");
    assert!(w.app.visible_contest(None, id).await.is_ok());
    w.clock.advance(Duration::days(10));
    let late = w.app.submit_idea(&w.inventor, Some(id), &content("Too late"), &[]).await;
    assert!(matches!(late, Err(IdeasError::SubmissionsClosed)));
    assert_eq!(w.app.public_contests(10).await.expect("list").len(), 1);
}

/// Many members voting at once go through the node's group commit: each gets the outcome its vote
/// would have alone (the budget's refusals included), and the counts, budgets and rows agree.
async fn votes_arriving_together_are_written_together_each_with_its_outcome(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, Some(2)).await;
    let mut ideas = Vec::new();
    for title in ["Kettle", "Toaster", "Teapot", "Grinder"] {
        ideas.push(idea(&w, contest, title).await);
    }
    let ids = w.app.store().seed_members("crowd", 30, NOW).await.expect("members");
    let mut crowd = Vec::new();
    for id in ids {
        crowd.push(w.app.store().user(id).await.expect("read").expect("member"));
    }
    let app = &w.app;
    let pairs: Vec<(&User, IdeaId)> = crowd.iter().flat_map(|m| ideas.iter().map(move |i| (m, *i))).collect();
    let casts = pairs.iter().map(|&(member, idea)| app.vote(member, idea, true));
    let outcomes = futures_util::future::join_all(casts).await;
    let mut per_member = vec![(0, 0); crowd.len()];
    for (n, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok(tally) => {
                assert!(tally.voted);
                per_member[n / ideas.len()].0 += 1;
            }
            Err(IdeasError::Vote(VoteRefused::BudgetExhausted(2))) => per_member[n / ideas.len()].1 += 1,
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert!(per_member.iter().all(|&counted| counted == (2, 2)), "each member: two counted, two refused");
    let audit = w.app.store().vote_audit(contest).await.expect("audit");
    assert!(audit.counters_off.is_empty() && audit.budgets_off.is_empty(), "{audit:?}");
    assert_eq!(audit.rows.values().sum::<i64>(), 60);
    let withdrawals = pairs.iter().map(|&(member, idea)| app.vote(member, idea, false));
    for outcome in futures_util::future::join_all(withdrawals).await {
        assert!(!outcome.expect("withdrawn").voted);
    }
    let audit = w.app.store().vote_audit(contest).await.expect("audit");
    assert!(audit.rows.is_empty() && audit.counters_off.is_empty() && audit.budgets_off.is_empty(), "{audit:?}");
    for member in &crowd {
        assert_eq!(w.app.votes_used(member, contest).await.expect("used"), 0, "every budget given back");
    }
}

async fn voting_rules_and_budget(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, Some(2)).await;
    let ideas = [idea(&w, contest, "One").await, idea(&w, contest, "Two").await, idea(&w, contest, "Three").await];
    let voter = &w.voters[0];
    let own = w.app.vote(&w.inventor, ideas[0], true).await;
    assert!(matches!(own, Err(IdeasError::Vote(VoteRefused::OwnIdea))));
    assert_eq!(w.app.vote(voter, ideas[0], true).await.expect("vote").votes, 1);
    assert_eq!(w.app.vote(voter, ideas[0], true).await.expect("again").votes, 1, "a second vote changes nothing");
    w.app.vote(voter, ideas[1], true).await.expect("second idea");
    let over = w.app.vote(voter, ideas[2], true).await;
    assert!(matches!(over, Err(IdeasError::Vote(VoteRefused::BudgetExhausted(2)))), "{over:?}");
    assert_eq!(w.app.store().count_votes(ideas[2]).await.expect("count"), 0, "nothing stored");
    let tally = w.app.vote(voter, ideas[1], false).await.expect("withdraw");
    assert_eq!((tally.votes, tally.voted), (0, false));
    assert_eq!(w.app.vote(voter, ideas[2], true).await.expect("budget freed").votes, 1);
    w.clock.advance(Duration::days(20));
    let closed = w.app.vote(&w.voters[1], ideas[0], true).await;
    assert!(matches!(closed, Err(IdeasError::Vote(VoteRefused::VotingClosed))));
    for id in ideas {
        let idea = w.app.store().idea(id).await.expect("read").expect("found");
        assert_eq!(idea.votes, i64::try_from(w.app.store().count_votes(id).await.expect("count")).expect("fits"));
    }
}

async fn stage_workflow_and_timeline(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let id = idea(&w, contest, "Kettle with a timer").await;
    let not_manager = w.app.move_stage(&w.voters[0], id, "shortlisted", "I like it", None).await;
    assert!(matches!(not_manager, Err(IdeasError::Forbidden)));
    let illegal = w.app.move_stage(&w.manager, id, "launched", "Skip ahead", None).await;
    assert!(matches!(illegal, Err(IdeasError::Stage(_))));
    let no_reason = w.app.move_stage(&w.manager, id, "shortlisted", "  ", None).await;
    assert!(matches!(no_reason, Err(IdeasError::Invalid(e)) if e.get("reason") == Some(Invalid::Required)));
    w.app.move_stage(&w.manager, id, "shortlisted", "Strong community support", None).await.expect("shortlist");
    w.app.move_stage(&w.manager, id, "selected", "Fits our range", None).await.expect("select");
    let withdraw = w.app.move_stage(&w.inventor, id, "withdrawn", "Changed my mind", None).await;
    assert!(matches!(withdraw, Err(IdeasError::Stage(_))), "no withdrawal after selection");
    let page = w.app.idea_page(None, id).await.expect("page");
    assert_eq!(page.idea.stage, Stage::Selected);
    let moves: Vec<(Stage, Stage, &MovedBy)> = page.timeline.iter().map(|c| (c.from, c.to, &c.by)).collect();
    let by = |reason: &str| MovedBy::Member { name: "manager".to_owned(), reason: reason.to_owned() };
    assert_eq!(
        moves,
        [
            (Stage::Submitted, Stage::Shortlisted, &by("Strong community support")),
            (Stage::Shortlisted, Stage::Selected, &by("Fits our range")),
        ]
    );
    let other = idea(&w, contest, "Another one").await;
    w.app.move_stage(&w.inventor, other, "withdrawn", "Not ready", None).await.expect("author withdraws");
}

async fn merging_moves_votes_without_double_counting(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let original = idea(&w, contest, "Original").await;
    let copy = idea(&w, contest, "Copy").await;
    let both = &w.voters[0];
    w.app.vote(both, original, true).await.expect("vote");
    w.app.vote(both, copy, true).await.expect("vote");
    w.app.vote(&w.voters[1], copy, true).await.expect("vote");
    w.app.follow_idea(&w.voters[2], copy, true).await.expect("follow");
    let missing_target = w.app.move_stage(&w.manager, copy, "duplicate", "Same idea", None).await;
    assert!(matches!(missing_target, Err(IdeasError::Invalid(e)) if e.get("duplicate_of").is_some()));
    w.app.move_stage(&w.manager, copy, "duplicate", "Same as the original", Some(original)).await.expect("merge");
    let merged = w.app.store().idea(original).await.expect("read").expect("found");
    assert_eq!(merged.votes, 2, "voter 0 counted once, voter 1 moved over");
    assert_eq!(w.app.store().count_votes(original).await.expect("count"), 2);
    let source = w.app.store().idea(copy).await.expect("read").expect("found");
    assert_eq!((source.stage, source.votes, source.duplicate_of), (Stage::Duplicate, 0, Some(original)));
    assert!(
        w.app
            .store()
            .follows(w.voters[2].id, ideaforge_domain::subject::Subject::Idea(original))
            .await
            .expect("follows")
    );
    let cards = w
        .app
        .list_ideas(None, &IdeaFilter { contest: Some(contest), ..IdeaFilter::default() }, IdeaSort::Top, ListAt::First)
        .await
        .expect("list")
        .cards;
    assert_eq!(cards.iter().map(|c| c.id).collect::<Vec<_>>(), [original], "duplicates leave the list");
}

async fn editing_keeps_every_revision(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let id = idea(&w, contest, "First title").await;
    let forbidden = w.app.edit_idea(&w.voters[0], id, &content("Hijacked"), None).await;
    assert!(matches!(forbidden, Err(IdeasError::Forbidden)));
    assert_eq!(w.app.edit_idea(&w.inventor, id, &content("Second title"), Some(1)).await.expect("edit"), 2);
    let stale = w.app.edit_idea(&w.inventor, id, &content("Third title"), Some(1)).await;
    assert!(matches!(stale, Err(IdeasError::Conflict)), "an edit based on an old revision is refused");
    let (idea, revisions) = w.app.idea_history(None, id).await.expect("history");
    assert_eq!(idea.content.title.as_str(), "Second title");
    assert_eq!(revisions.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Second title", "First title"]);

    // The same text saved again is no new version, nor is the same text in another language.
    let unchanged = content("Second title");
    assert_eq!(w.app.edit_idea(&w.inventor, id, &unchanged, Some(2)).await.expect("same"), 2);
    let relabelled = IdeaContent { language: Some(ideaforge_domain::ContentLanguage::Italian), ..unchanged };
    assert_eq!(w.app.edit_idea(&w.inventor, id, &relabelled, Some(2)).await.expect("language"), 2, "no revision");
    let (idea, revisions) = w.app.idea_history(None, id).await.expect("history");
    assert_eq!((idea.revision, revisions.len()), (2, 2), "no new version and no new record");
    assert_eq!(idea.content.language, Some(ideaforge_domain::ContentLanguage::Italian), "the language is recorded");
}

async fn comments_replies_edits_and_flags(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let id = idea(&w, contest, "Discuss me").await;
    let top = w.app.comment(&w.voters[0], id, None, "Love it").await.expect("comment");
    let reply = w.app.comment(&w.inventor, id, Some(top), "Thanks!").await.expect("reply");
    let nested = w.app.comment(&w.voters[1], id, Some(reply), "Replying to a reply").await;
    assert!(matches!(nested, Err(IdeasError::Invalid(e)) if e.get("parent_id") == Some(Invalid::Unknown)));
    let empty = w.app.comment(&w.voters[1], id, None, "   ").await;
    assert!(matches!(empty, Err(IdeasError::Invalid(_))));
    assert!(matches!(w.app.edit_comment(&w.voters[1], top, "Mine now").await, Err(IdeasError::Forbidden)));
    w.app.edit_comment(&w.voters[0], top, "Love it, truly").await.expect("edit");
    w.clock.advance(Duration::minutes(15));
    assert!(matches!(w.app.edit_comment(&w.voters[0], top, "Too late").await, Err(IdeasError::EditWindowClosed)));
    for flagger in [&w.voters[1], &w.voters[2], &w.manager] {
        w.app.flag_comment(flagger, reply).await.expect("flag");
    }
    let public = w.app.idea_page(None, id).await.expect("page");
    let hidden = public.comments.iter().find(|c| c.id == reply).expect("listed");
    assert!(hidden.hidden && hidden.body.is_empty(), "hidden text is not shown to the public");
    assert_eq!(w.app.flagged_comments(&w.moderator).await.expect("queue").len(), 1);
    w.app.moderate_comment(&w.moderator, reply, true).await.expect("restore");
    let page = w.app.idea_page(None, id).await.expect("page");
    assert!(page.comments.iter().any(|c| c.id == reply && !c.hidden && c.body == "Thanks!"));
    w.app.delete_comment(&w.voters[0], top).await.expect("delete own");
    assert!(matches!(w.app.delete_comment(&w.voters[1], reply).await, Err(IdeasError::Forbidden)));
    let page = w.app.idea_page(None, id).await.expect("page");
    assert!(page.comments.iter().any(|c| c.id == top && c.deleted && c.body.is_empty()));
}

async fn cached_lists_show_this_nodes_writes_at_once(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let id = idea(&w, contest, "Counted").await;
    let votes = |page: crate::ContestPage| page.ideas.cards.iter().find(|c| c.id == id).map(|c| c.votes);
    let first =
        w.app.contest_page(None, contest, IdeaFilter::default(), IdeaSort::Top, ListAt::First).await.expect("page");
    assert_eq!(votes(first), Some(0));
    w.app.vote(&w.voters[0], id, true).await.expect("vote");
    let second =
        w.app.contest_page(None, contest, IdeaFilter::default(), IdeaSort::Top, ListAt::First).await.expect("page");
    assert_eq!(votes(second), Some(1), "the vote shows at once, cache or not");
    let later = idea(&w, contest, "Newcomer").await;
    let newest =
        w.app.contest_page(None, contest, IdeaFilter::default(), IdeaSort::New, ListAt::First).await.expect("page");
    assert_eq!(newest.ideas.cards.first().map(|c| c.id), Some(later));
    w.app.move_stage(&w.manager, id, "rejected", "Not for us", None).await.expect("reject");
    let filtered = IdeaFilter { stage: Some(Stage::Rejected), ..IdeaFilter::default() };
    let rejected = w.app.contest_page(None, contest, filtered, IdeaSort::Top, ListAt::First).await.expect("page");
    assert_eq!(rejected.ideas.cards.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
}

async fn bulk_import_keeps_each_idea_whole_across_batches(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    let contents: Vec<IdeaContent> = (0..1_201)
        .map(|i| {
            IdeaContent::parse(&format!("Idea {i}"), "Summary", "Body", "kitchen", &format!("tag{}", i % 7))
                .expect("valid")
        })
        .collect();
    assert_eq!(w.app.import_ideas(&w.inventor, Some(contest), &contents).await.expect("import"), 1_201);
    let listed = w
        .app
        .list_ideas(None, &IdeaFilter { contest: Some(contest), ..IdeaFilter::default() }, IdeaSort::New, ListAt::First)
        .await
        .expect("list");
    let newest = listed.cards;
    assert!(listed.later && !listed.earlier);
    assert_eq!(newest[0].title, "Idea 1200");
    for card in newest.iter().take(3) {
        let idea = w.app.store().idea(card.id).await.expect("read").expect("found");
        let n: usize = idea.content.title.as_str().trim_start_matches("Idea ").parse().expect("number");
        assert_eq!(idea.content.tags.as_slice()[0].as_str(), format!("tag{}", n % 7), "tags belong to their own idea");
        assert_eq!(w.app.store().revisions(card.id).await.expect("revisions").len(), 1);
        assert!(idea.is_author(w.inventor.id));
    }
    let last_page = w
        .app
        .list_ideas(
            None,
            &IdeaFilter { contest: Some(contest), ..IdeaFilter::default() },
            IdeaSort::New,
            ListAt::Page(61),
        )
        .await
        .expect("list");
    assert_eq!((last_page.cards.len(), last_page.later), (1, false), "1,201 ideas make 60 full pages and one more");
    assert_eq!(last_page.cards[0].title, "Idea 0");
    // A few votes, so that `top` and `trending` are not the id order alone (and ties remain).
    for (n, voter) in w.voters.iter().enumerate() {
        for card in newest.iter().skip(n).step_by(4).take(3) {
            w.app.vote(voter, card.id, true).await.expect("vote");
        }
    }
    walk_by_position(&w, contest, 1_201).await;
}

/// Every sort, page by page through the positions ("next" links) to the end and back ("previous"
/// links) to the start: each idea once, in the order the numbered pages give.
async fn walk_by_position(w: &World, contest: ContestId, total: usize) {
    let filter = IdeaFilter { contest: Some(contest), ..IdeaFilter::default() };
    for sort in [IdeaSort::Top, IdeaSort::New, IdeaSort::Trending] {
        let (mut by_number, mut page) = (Vec::new(), 1);
        loop {
            let listed = w.app.list_ideas(None, &filter, sort, ListAt::Page(page)).await.expect("numbered page");
            by_number.extend(listed.cards.iter().map(|c| c.id));
            if !listed.later {
                break;
            }
            page += 1;
        }
        assert_eq!(by_number.len(), total, "{sort:?}: numbered pages hold every idea");
        let (mut forward, mut pages) = (Vec::new(), Vec::new());
        let mut listed = w.app.list_ideas(None, &filter, sort, ListAt::First).await.expect("first page");
        loop {
            forward.extend(listed.cards.iter().map(|c| c.id));
            pages.push(listed.cards.iter().map(|c| c.id).collect::<Vec<_>>());
            let Some(next) = listed.next(sort) else { break };
            listed = w.app.list_ideas(None, &filter, sort, ListAt::After(next)).await.expect("next page");
        }
        assert_eq!(forward, by_number, "{sort:?}: pages by position hold the same ideas in the same order");
        let mut back = pages.len() - 1;
        while let Some(previous) = listed.previous(sort) {
            listed = w.app.list_ideas(None, &filter, sort, ListAt::Before(previous)).await.expect("previous page");
            back -= 1;
            assert_eq!(
                listed.cards.iter().map(|c| c.id).collect::<Vec<_>>(),
                pages[back],
                "{sort:?}: page {back} again"
            );
        }
        assert_eq!(back, 0, "{sort:?}: back at the first page");
    }
}

async fn the_register_is_verified_from_its_last_verified_head(engine: Engine) {
    let w = world(engine).await;
    let contest = open_contest(&w, None).await;
    idea(&w, contest, "First").await;
    idea(&w, contest, "Second").await;
    let first = w.app.verify_ip().await.expect("verify");
    assert_eq!((first.records, first.checked, first.first_broken), (2, 2, None));
    let again = w.app.verify_ip().await.expect("verify");
    assert_eq!((again.records, again.checked), (2, 0), "nothing rehashed when nothing was added");
    idea(&w, contest, "Third").await;
    let more = w.app.verify_ip().await.expect("verify");
    assert_eq!((more.records, more.checked, more.first_broken), (3, 1, None), "only the new record");
    // A head that no longer matches sends verification back to the start, which finds the break.
    w._db.execute("UPDATE ip_records SET hash = 'forged' WHERE seq = 3").await;
    let forged = w.app.verify_ip().await.expect("verify");
    assert_eq!(forged.checked, 3, "verified from the start");
    assert!(forged.first_broken.is_some(), "the forged record is found");
    assert!(w.app.verify_ip_fully().await.expect("verify").first_broken.is_some());
}
