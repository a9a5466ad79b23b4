//! Repository tests of campaigns on both engines: moves and pledges applied whole under the
//! campaign's lock; a tier never sells more than it has, whatever the concurrency and however many
//! of its reward each backer takes; a withdrawn pledge gives its slots back; one backer has one
//! pledge.

use std::sync::Arc;

use ideaforge_domain::campaign::{
    Actor, CampaignInput, CampaignStatus, CampaignTerms, FundingRules, Move, PledgeRefused, PledgeStatus, TierInput,
    decide, plan_cancel, plan_pledge,
};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::org::{OrgName, OrgRole, OrgSlug};
use ideaforge_domain::{CampaignId, TierId, User};
use time::{Duration, OffsetDateTime, macros::datetime};

use crate::Store;
use crate::testing::{Engine, TestDb};
use crate::tests::add_user;

crate::on_both_engines!(
    fifty_backers_racing_for_ten_slots_get_exactly_ten,
    twenty_backers_taking_two_each_of_ten_slots_get_exactly_five,
    a_pledge_is_one_per_backer_and_gives_its_slot_back
);

const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

#[derive(Debug, PartialEq)]
enum Refusal {
    Campaign(ideaforge_domain::campaign::CampaignRefused),
    Pledge(PledgeRefused),
    Store(String),
}

impl From<crate::StoreError> for Refusal {
    fn from(e: crate::StoreError) -> Self {
        Self::Store(e.to_string())
    }
}

struct Live {
    _db: TestDb,
    store: Arc<Store>,
    campaign: CampaignId,
    tier: TierId,
}

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::parse("USD").expect("USD"))
}

/// A live campaign of Acme with one tier of `limit` at 50.00, one per backer.
async fn live(engine: Engine, limit: i64) -> Live {
    live_with(engine, limit, None).await
}

/// A live campaign of Acme with one tier of `limit` at 50.00, at most `per_backer` per backer.
async fn live_with(engine: Engine, limit: i64, per_backer: Option<i64>) -> Live {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let manager = add_user(&store, "manager@acme.example").await;
    let moderator = add_user(&store, "moderator@example.com").await;
    let org = store
        .create_org(&OrgSlug::parse("acme").expect("slug"), &OrgName::parse("Acme").expect("name"), manager.id, NOW)
        .await
        .expect("org");
    let tiers = [TierInput {
        title: "Early bird",
        description: "One kettle.",
        minimum_minor: Some(5_000),
        limit: Some(limit),
        per_backer_limit: per_backer,
        estimated_delivery: "2027-11",
    }];
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(100_000),
        currency: "USD",
        deadline: Some(NOW + Duration::days(30)),
        provider: "sandbox",
        tiers: &tiers,
    };
    let rules = FundingRules::default();
    let terms = CampaignTerms::parse(&input, &rules, NOW).expect("terms");
    let id = store.create_campaign(org.id, None, &terms, rules.fee, manager.id, NOW).await.expect("create");
    let as_manager = Actor { user: manager.id, role: Some(OrgRole::Owner), moderator: false, admin: false };
    let as_moderator = Actor { user: moderator.id, role: None, moderator: true, admin: false };
    for (mv, actor) in [(Move::Submit, as_manager), (Move::Approve, as_moderator), (Move::Launch, as_manager)] {
        let moved = store
            .move_campaign(id, actor.user, false, NOW, |c, pledges| {
                decide(c, mv, actor, pledges, &rules, NOW).map_err(Refusal::Campaign)
            })
            .await
            .expect("moved");
        assert_ne!(moved.status, CampaignStatus::Draft);
    }
    let record = store.campaign(id).await.expect("read").expect("campaign");
    assert_eq!(record.campaign.status, CampaignStatus::Live);
    Live { _db: db, store: Arc::new(store), campaign: id, tier: record.tiers[0].id }
}

fn request(backer: &User, tier: Option<TierId>) -> crate::PledgeRequest<'static> {
    crate::PledgeRequest { backer: backer.id, tier, anonymous: false, authorisation: "auth" }
}

async fn pledge(live: &Live, backer: &User, amount: i64, tier: Option<TierId>) -> Result<(), Refusal> {
    pledge_of(live, backer, amount, tier, 1).await
}

async fn pledge_of(live: &Live, backer: &User, amount: i64, tier: Option<TierId>, n: u32) -> Result<(), Refusal> {
    live.store
        .pledge(live.campaign, request(backer, tier), NOW, |campaign, existing, chosen| {
            plan_pledge(campaign, existing, false, usd(amount), chosen, n, NOW).map_err(Refusal::Pledge)
        })
        .await
        .map(|_| ())
}

async fn fifty_backers_racing_for_ten_slots_get_exactly_ten(engine: Engine) {
    let live = Arc::new(live(engine, 10).await);
    let mut backers = Vec::new();
    for n in 0..50 {
        backers.push(add_user(&live.store, &format!("backer{n}@example.com")).await);
    }
    let mut tasks = Vec::new();
    for backer in backers {
        let live = Arc::clone(&live);
        tasks.push(tokio::spawn(async move { pledge(&live, &backer, 5_000, Some(live.tier)).await }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.expect("joined") {
            Ok(()) => won += 1,
            Err(refusal) => assert_eq!(refusal, Refusal::Pledge(PledgeRefused::SoldOut)),
        }
    }
    assert_eq!(won, 10, "exactly the ten slots, never eleven");
    let record = live.store.campaign(live.campaign).await.expect("read").expect("campaign");
    assert_eq!((record.tiers[0].taken, record.tiers[0].remaining()), (10, Some(0)));
    assert_eq!((record.backers, record.pledged), (10, usd(50_000)), "totals match the pledges");
}

async fn twenty_backers_taking_two_each_of_ten_slots_get_exactly_five(engine: Engine) {
    let live = Arc::new(live_with(engine, 10, Some(3)).await);
    let (mut tasks, mut backers) = (Vec::new(), Vec::new());
    for n in 0..20 {
        let backer = add_user(&live.store, &format!("backer{n}@example.com")).await;
        backers.push(backer.clone());
        let live = Arc::clone(&live);
        tasks.push(tokio::spawn(async move { pledge_of(&live, &backer, 10_000, Some(live.tier), 2).await }));
    }
    let mut won = Vec::new();
    for task in tasks {
        match task.await.expect("joined") {
            Ok(()) => won.push(()),
            Err(refusal) => assert_eq!(refusal, Refusal::Pledge(PledgeRefused::SoldOut)),
        }
    }
    assert_eq!(won.len(), 5, "five pairs fill the ten slots");
    let record = live.store.campaign(live.campaign).await.expect("read").expect("campaign");
    assert_eq!((record.tiers[0].taken, record.tiers[0].remaining()), (10, Some(0)));

    // A backer holding two who goes down to one gives one back; another takes it.
    let rows = live.store.backer_rows(live.campaign).await.expect("rows");
    assert!(rows.iter().all(|r| r.quantity == 2), "each holds two: {rows:?}");
    let mut holder = None;
    for backer in &backers {
        if !live.store.pledges_of(backer.id).await.expect("pledges").is_empty() {
            holder = Some(backer.clone());
        }
    }
    let holder = holder.expect("a holder");
    pledge_of(&live, &holder, 5_000, Some(live.tier), 1).await.expect("down to one");
    let late = add_user(&live.store, "late@example.com").await;
    assert_eq!(
        pledge_of(&live, &late, 10_000, Some(live.tier), 2).await,
        Err(Refusal::Pledge(PledgeRefused::SoldOut)),
        "one left, not two"
    );
    pledge_of(&live, &late, 5_000, Some(live.tier), 1).await.expect("the one given back");
    let record = live.store.campaign(live.campaign).await.expect("read").expect("campaign");
    assert_eq!((record.tiers[0].taken, record.backers), (10, 6));
}

async fn a_pledge_is_one_per_backer_and_gives_its_slot_back(engine: Engine) {
    let live = live(engine, 1).await;
    let ada = add_user(&live.store, "ada@example.com").await;
    let bob = add_user(&live.store, "bob@example.com").await;
    pledge(&live, &ada, 5_000, Some(live.tier)).await.expect("the one slot");
    assert_eq!(pledge(&live, &bob, 5_000, Some(live.tier)).await, Err(Refusal::Pledge(PledgeRefused::SoldOut)));
    pledge(&live, &ada, 7_500, Some(live.tier)).await.expect("raised, keeping the slot");
    pledge(&live, &ada, 9_000, Some(live.tier)).await.expect("again: still one pledge");
    let mine = live.store.pledges_of(ada.id).await.expect("list");
    assert_eq!(mine.len(), 1, "one pledge per backer");
    assert_eq!(mine[0].pledge.amount, usd(9_000));
    let (withdrawn, _) = live
        .store
        .cancel_pledge(live.campaign, ada.id, NOW, |campaign, existing| {
            plan_cancel(campaign, existing, NOW).map_err(Refusal::Pledge)
        })
        .await
        .expect("withdrawn");
    assert_eq!(withdrawn.status, PledgeStatus::Cancelled);
    pledge(&live, &bob, 5_000, Some(live.tier)).await.expect("the slot came back");
    let record = live.store.campaign(live.campaign).await.expect("read").expect("campaign");
    assert_eq!((record.backers, record.pledged, record.tiers[0].taken), (1, usd(5_000), 1));
    let names = live.store.backer_names(live.campaign).await.expect("names");
    assert_eq!(names.len(), 1, "only active backers are listed: {names:?}");
    assert!(names[0].is_some(), "named unless they chose to be anonymous");
}
