//! Campaign use cases on both engines, with the sandbox processor's own record: the lifecycle as
//! each person may move it, pledges authorised (never charged) and voided when withdrawn, cards
//! refused, one's own organization refused, and a form sent twice at once making one pledge.

use std::sync::Arc;

use ideaforge_domain::campaign::{CampaignInput, CampaignStatus, Move, TierInput};
use ideaforge_domain::{CampaignId, Invalid, NewUser, Role, User};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};
use time::{Duration, OffsetDateTime, macros::datetime};

use super::{CampaignsError, PledgeInput};
use crate::{App, AppConfig, ManualClock};

ideaforge_store::on_both_engines!(
    a_campaign_goes_live_and_takes_authorised_pledges,
    a_campaign_that_reaches_its_goal_settles_once_and_the_ledger_matches,
    a_campaign_that_misses_its_goal_voids_every_authorisation_and_posts_nothing,
    a_campaign_for_a_selected_idea_pays_its_contributors_from_the_money_collected,
    updates_reach_backers_and_only_backers_read_and_comment_on_theirs,
    a_bank_transfer_campaign_asks_backers_to_pay_and_collects_what_an_admin_records,
);

pub(super) const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

/// A migrated store on `engine` with an app over it whose clock, at `NOW`, the test moves.
pub(super) async fn app_at(engine: Engine) -> (TestDb, Arc<App>, ManualClock) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(NOW);
    let app = Arc::new(App::new(store, Arc::new(clock.clone()), &AppConfig::default()));
    (db, app, clock)
}

pub(super) async fn user(app: &App, email: &str, role: Role) -> User {
    let mut new =
        NewUser::parse(email, email.split('@').next().unwrap_or("x"), "correct horse battery").expect("valid");
    new.role = role;
    new.email_verified = true;
    app.create_user(&new).await.expect("create user")
}

pub(super) fn pledge(minor: i64, card: &str) -> PledgeInput<'_> {
    PledgeInput { amount_minor: Some(minor), currency: "USD", tier: None, quantity: None, anonymous: false, card }
}

async fn a_campaign_goes_live_and_takes_authorised_pledges(engine: Engine) {
    let (_db, app, _clock) = app_at(engine).await;
    let manager = user(&app, "manager@acme.example", Role::Member).await;
    let moderator = user(&app, "mod@example.com", Role::Moderator).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    let bob = user(&app, "bob@example.com", Role::Member).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let tiers = [TierInput {
        title: "Kettle",
        description: "One kettle.",
        minimum_minor: Some(5_000),
        limit: Some(100),
        per_backer_limit: None,
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
    let id = app.create_campaign(&manager, "acme", None, &input).await.expect("created");
    assert!(matches!(app.create_campaign(&ada, "acme", None, &input).await, Err(CampaignsError::Forbidden)));
    assert!(matches!(app.campaign_page(None, id).await, Err(CampaignsError::NotFound)), "a draft is not public");
    assert!(matches!(app.move_campaign(&moderator, id, Move::Approve).await, Err(CampaignsError::NotFound)));
    assert_eq!(app.move_campaign(&manager, id, Move::Submit).await.expect("submit"), CampaignStatus::InReview);
    assert_eq!(app.move_campaign(&moderator, id, Move::Approve).await.expect("approve"), CampaignStatus::InReview);
    assert_eq!(app.move_campaign(&manager, id, Move::Launch).await.expect("launch"), CampaignStatus::Live);
    assert!(app.campaign_page(None, id).await.is_ok(), "public once live");

    // A pledge is authorised on the card, never charged; a refused card and one's own
    // organization store nothing.
    let mine = app.pledge(&ada, id, pledge(7_500, "4242 4242 4242 4242")).await.expect("pledged");
    let refused = app.pledge(&bob, id, pledge(7_500, "4000 0000 0000 9995")).await;
    assert!(
        matches!(&refused, Err(CampaignsError::Invalid(e)) if e.get("card") == Some(Invalid::Mismatch)),
        "{refused:?}"
    );
    let own = app.pledge(&manager, id, pledge(7_500, "4242 4242 4242 4242")).await;
    assert!(matches!(own, Err(CampaignsError::Refused("own_campaign"))), "{own:?}");
    let bad_card = app.pledge(&bob, id, pledge(7_500, "4242 4242 4242 4241")).await;
    assert!(matches!(&bad_card, Err(CampaignsError::Invalid(e)) if e.get("card") == Some(Invalid::Malformed)));
    let page = app.campaign_page(Some(&ada), id).await.expect("page");
    assert_eq!((page.record.backers, page.record.pledged.minor()), (1, 7_500));
    assert_eq!(page.mine.map(|p| p.pledge.id), Some(mine.pledge.id));
    let authorisation = sandbox_authorisation(&app, &ada, id).await;
    let record = app.store().sandbox_charges(&authorisation).await.expect("record");
    assert_eq!(record.iter().map(|c| c.operation.as_str()).collect::<Vec<_>>(), vec!["authorise"], "never captured");

    // The same form sent twice at once makes one pledge.
    let (first, second) = tokio::join!(
        app.pledge(&bob, id, pledge(6_000, "4242 4242 4242 4242")),
        app.pledge(&bob, id, pledge(6_000, "4242 4242 4242 4242")),
    );
    assert!(first.is_ok() && second.is_ok());
    assert_eq!(app.my_pledges(&bob).await.expect("list").len(), 1);
    let page = app.campaign_page(None, id).await.expect("page");
    assert_eq!((page.record.backers, page.record.pledged.minor()), (2, 13_500), "counted once");

    // Withdrawing voids the authorisation; the campaign's managers can no longer cancel it.
    app.cancel_pledge(&ada, id).await.expect("withdrawn");
    let record = app.store().sandbox_charges(&authorisation).await.expect("record");
    assert_eq!(record.iter().map(|c| c.operation.as_str()).collect::<Vec<_>>(), vec!["authorise", "void"]);
    let cancel = app.move_campaign(&manager, id, Move::Cancel).await;
    assert!(matches!(cancel, Err(CampaignsError::Refused("pledges_exist"))), "{cancel:?}");

    // An admin cancels it: every pledge is released and its authorisation voided, once.
    let admin = user(&app, "admin@example.com", Role::Admin).await;
    assert_eq!(app.move_campaign(&admin, id, Move::Cancel).await.expect("cancelled"), CampaignStatus::Cancelled);
    let bobs = sandbox_authorisation(&app, &bob, id).await;
    let record = app.store().sandbox_charges(&bobs).await.expect("record");
    assert_eq!(record.iter().map(|c| c.operation.as_str()).collect::<Vec<_>>(), vec!["authorise", "void"]);
    let record = app.store().sandbox_charges(&authorisation).await.expect("record");
    assert_eq!(record.len(), 2, "Ada's void is not repeated");
    let page = app.campaign_page(Some(&admin), id).await.expect("page");
    assert_eq!((page.record.backers, page.record.pledged.minor()), (0, 0), "every pledge released");
}

/// The authorisation behind a backer's pledge to a campaign.
async fn sandbox_authorisation(app: &App, backer: &User, id: CampaignId) -> String {
    let pledges = app.store().pledges_of(backer.id).await.expect("pledges");
    let pledge = pledges.iter().find(|p| p.campaign == id).expect("a pledge");
    app.store().pledge_authorisation(pledge.pledge.id).await.expect("read").expect("authorised")
}

/// An app with a clock the test moves, a manager of Acme, an outside moderator, and a live
/// sandbox campaign of Acme with `goal` (USD minor units), deadline in 30 days.
async fn live_campaign(engine: Engine, goal: i64) -> (TestDb, Arc<App>, ManualClock, CampaignId) {
    let (db, app, clock) = app_at(engine).await;
    let manager = user(&app, "manager@acme.example", Role::Member).await;
    let moderator = user(&app, "mod@example.com", Role::Moderator).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(goal),
        currency: "USD",
        deadline: Some(NOW + Duration::days(30)),
        provider: "sandbox",
        tiers: &[],
    };
    let id = app.create_campaign(&manager, "acme", None, &input).await.expect("created");
    for (who, mv) in [(&manager, Move::Submit), (&moderator, Move::Approve), (&manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    (db, app, clock, id)
}

async fn a_campaign_that_reaches_its_goal_settles_once_and_the_ledger_matches(engine: Engine) {
    use ideaforge_domain::ledger::{Account, check_invariants};
    let (_db, app, clock, id) = live_campaign(engine, 100_000).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    let bob = user(&app, "bob@example.com", Role::Member).await;
    let cy = user(&app, "cy@example.com", Role::Member).await;
    for (backer, minor, card) in [
        (&ada, 60_000, "4242 4242 4242 4242"),
        (&bob, 30_000, "4000 0000 0000 0002"),
        (&cy, 20_000, "4242424242424242"),
    ] {
        app.pledge(backer, id, pledge(minor, card)).await.expect("pledged");
    }
    let nothing = app.settle_campaigns().await.expect("a pass");
    assert_eq!(nothing, super::SettleReport::default(), "nothing settles before the deadline");

    clock.advance(Duration::days(30));
    let first = app.settle_campaigns().await.expect("a pass");
    assert_eq!((first.decided, first.captured, first.failed, first.paid_out), (1, 2, 1, 0), "{first:?}");
    let again = app.settle_campaigns().await.expect("a pass");
    assert_eq!(again, super::SettleReport::default(), "captured once; the failed one waits for its retry");
    let page = app.campaign_page(None, id).await.expect("page");
    assert_eq!(page.record.campaign.status, CampaignStatus::Succeeded);
    assert_eq!(page.money.collected.minor(), 80_000);

    // The declined card is retried within the grace period, then dropped; then the campaign pays out.
    clock.advance(Duration::hours(2));
    let retried = app.settle_campaigns().await.expect("a pass");
    assert_eq!((retried.captured, retried.failed, retried.paid_out), (0, 1, 0));
    clock.advance(Duration::days(8));
    let dropped = app.settle_campaigns().await.expect("a pass");
    assert_eq!((dropped.failed, dropped.paid_out), (1, 1), "{dropped:?}");
    let page = app.campaign_page(None, id).await.expect("page");
    let money = page.money;
    assert_eq!((money.collected.minor(), money.dropped.minor()), (80_000, 30_000));
    let fees = money.processor_fees.minor() + money.platform_fees.minor();
    assert_eq!(money.net.minor() + fees, money.collected.minor(), "collected = fees + net");
    assert_eq!(money.platform_fees.minor(), 4_000, "5 % of what was collected");

    // The ledger matches the page to the cent, and balances.
    let store = app.store();
    let usd = page.record.campaign.goal.currency();
    check_invariants(&store.ledger_entries().await.expect("entries")).expect("balanced");
    assert_eq!(store.balance(&Account::campaign_escrow(id, usd)).await.expect("escrow"), 0, "paid out");
    let org = page.record.campaign.org;
    assert_eq!(store.balance(&Account::org_payable(org, usd)).await.expect("org"), money.net.minor());
    assert_eq!(store.balance(&Account::platform_revenue(usd)).await.expect("fees"), money.platform_fees.minor());
    assert_eq!(store.balance(&Account::processor_fees(usd)).await.expect("fees"), money.processor_fees.minor());
    // Each card was charged exactly once (the sandbox's own record), and a later pass changes nothing.
    for backer in [&ada, &cy] {
        let authorisation = sandbox_authorisation(&app, backer, id).await;
        let operations: Vec<String> =
            store.sandbox_charges(&authorisation).await.expect("record").into_iter().map(|c| c.operation).collect();
        assert_eq!(operations, vec!["authorise", "capture"]);
    }
    assert_eq!(app.settle_campaigns().await.expect("a pass"), super::SettleReport::default());

    // Everyone concerned heard: the organization of each pledge, every backer of the outcome, the
    // backer whose card failed of the failure (once) and of the drop.
    let kinds = |user: User| {
        let app = Arc::clone(&app);
        async move {
            let (views, _) = app.notifications(&user).await.expect("notifications");
            views.into_iter().map(|v| v.row.kind).collect::<Vec<_>>()
        }
    };
    let address = ideaforge_domain::Email::parse("manager@acme.example").expect("email");
    let (manager, _) = app.store().user_with_password(&address).await.expect("read").expect("manager");
    assert_eq!(kinds(manager).await.iter().filter(|k| *k == "pledge_received").count(), 3);
    assert_eq!(kinds(ada.clone()).await, vec!["campaign_ended"]);
    let mut bob_heard = kinds(bob.clone()).await;
    bob_heard.sort();
    assert_eq!(bob_heard, vec!["campaign_ended", "payment_failed", "pledge_dropped"]);
}

async fn a_campaign_that_misses_its_goal_voids_every_authorisation_and_posts_nothing(engine: Engine) {
    let (_db, app, clock, id) = live_campaign(engine, 1_000_000).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    app.pledge(&ada, id, pledge(60_000, "4242 4242 4242 4242")).await.expect("pledged");
    clock.advance(Duration::days(30));
    let report = app.settle_campaigns().await.expect("a pass");
    assert_eq!((report.decided, report.captured), (1, 0));
    let page = app.campaign_page(None, id).await.expect("page");
    assert_eq!((page.record.campaign.status, page.money.collected.minor()), (CampaignStatus::Failed, 0));
    let authorisation = sandbox_authorisation(&app, &ada, id).await;
    let operations: Vec<String> =
        app.store().sandbox_charges(&authorisation).await.expect("record").into_iter().map(|c| c.operation).collect();
    assert_eq!(operations, vec!["authorise", "void"], "nobody pays");
    assert!(app.store().ledger_entries().await.expect("entries").is_empty(), "nothing posted");
}

async fn a_campaign_for_a_selected_idea_pays_its_contributors_from_the_money_collected(engine: Engine) {
    use ideaforge_domain::contest::{ContestInput, NewContest};
    use ideaforge_domain::idea::IdeaContent;
    use ideaforge_domain::ledger::{Account, check_invariants};
    let (_db, app, clock) = app_at(engine).await;
    let manager = user(&app, "manager@acme.example", Role::Member).await;
    let moderator = user(&app, "mod@example.com", Role::Moderator).await;
    let inventor = user(&app, "ines@example.com", Role::Member).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let contest = ContestInput {
        title: "A better kettle",
        brief: "Make tea faster.",
        category: "kitchen",
        submission_closes_at: Some(NOW + Duration::days(10)),
        voting_closes_at: Some(NOW + Duration::days(20)),
        vote_budget: None,
        shortlist_at: None,
        influence_pool_bp: Some(1_000),
        ip_terms: "Licence on selection.",
    };
    let contest = app.create_contest(&manager, "acme", &NewContest::parse(&contest, NOW).expect("contest")).await;
    let contest = contest.expect("created");
    app.approve_contest(&moderator, contest).await.expect("approved");
    let content = IdeaContent::parse("Kettle that knows", "Boils when near", "Pairs with your phone.", "kitchen", "")
        .expect("idea");
    let idea = app.submit_idea(&inventor, Some(contest), &content, &[]).await.expect("submitted");
    // Ada would back it at about 75 USD: demand the managers see, never money.
    let bad = app.set_interest(&ada, idea, Some((Some(0), "USD"))).await;
    assert!(matches!(&bad, Err(CampaignsError::Invalid(e)) if e.get("amount").is_some()), "{bad:?}");
    app.set_interest(&ada, idea, Some((Some(7_500), "USD"))).await.expect("interest");
    let funding = app.idea_funding(Some(&manager), idea).await.expect("funding");
    assert_eq!(
        funding.demand.map(|d| d.iter().map(|(m, n)| (m.minor(), *n)).collect::<Vec<_>>()),
        Some(vec![(7_500, 1)])
    );
    assert_eq!(app.idea_funding(Some(&ada), idea).await.expect("funding").demand, None, "demand is for managers");
    assert_eq!(funding.may_start, None, "not selected yet");
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(50_000),
        currency: "USD",
        deadline: Some(NOW + Duration::days(30)),
        provider: "sandbox",
        tiers: &[],
    };
    let early = app.create_campaign(&manager, "acme", Some(idea), &input).await;
    assert!(matches!(&early, Err(CampaignsError::Invalid(e)) if e.get("idea_id") == Some(Invalid::Mismatch)));
    for to in ["shortlisted", "selected"] {
        app.move_stage(&manager, idea, to, "On its way", None).await.expect("moved");
    }
    let id = app.create_campaign(&manager, "acme", Some(idea), &input).await.expect("created");
    assert_eq!(app.idea_funding(Some(&manager), idea).await.expect("funding").may_start.as_deref(), Some("acme"));
    for (who, mv) in [(&manager, Move::Submit), (&moderator, Move::Approve), (&manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    let (heard, _) = app.notifications(&ada).await.expect("notifications");
    assert_eq!(heard.iter().map(|v| v.row.kind.as_str()).collect::<Vec<_>>(), vec!["campaign_launched"]);
    let listed = app.idea_funding(None, idea).await.expect("funding").campaigns;
    assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id], "the idea page links to it");
    app.pledge(&ada, id, pledge(80_000, "4242 4242 4242 4242")).await.expect("pledged");
    clock.advance(Duration::days(30));
    let report = app.settle_campaigns().await.expect("a pass");
    assert_eq!((report.captured, report.paid_out), (1, 1), "{report:?}");

    // collected = fees + the organization's payable + the contributors' credits, to the cent.
    let page = app.campaign_page(None, id).await.expect("page");
    let money = page.money;
    let usd = page.record.campaign.goal.currency();
    let store = app.store();
    let credited = store.balance(&Account::payable(inventor.id, usd)).await.expect("inventor");
    let org = store.balance(&Account::org_payable(page.record.campaign.org, usd)).await.expect("org");
    let fees = money.processor_fees.minor() + money.platform_fees.minor();
    assert_eq!(credited, money.net.minor() / 10, "the contest's 10 % influence pool of the net proceeds");
    assert_eq!(fees + org + credited, money.collected.minor());
    check_invariants(&store.ledger_entries().await.expect("entries")).expect("balanced");
    // The contributor's statement shows the credit, received from the money collected.
    let lines = app.royalty_statement(&inventor).await.expect("lines");
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].amount.minor(), lines[0].credited_at.is_some()), (credited, true));
}

async fn updates_reach_backers_and_only_backers_read_and_comment_on_theirs(engine: Engine) {
    use ideaforge_domain::campaign::{Audience, PledgeStatus};
    let (_db, app, _clock, id) = live_campaign(engine, 100_000).await;
    let address = ideaforge_domain::Email::parse("manager@acme.example").expect("email");
    let (manager, _) = app.store().user_with_password(&address).await.expect("read").expect("manager");
    let ada = user(&app, "ada@example.com", Role::Member).await;
    let eve = user(&app, "eve@example.com", Role::Member).await;
    app.pledge(&ada, id, pledge(5_000, "4242 4242 4242 4242")).await.expect("pledged");

    // Only the organization's managers post; a refused update stores nothing.
    assert!(matches!(app.post_update(&ada, id, "Hi", "Hello", "public").await, Err(CampaignsError::Forbidden)));
    let refused = app.post_update(&manager, id, "", "", "everyone").await;
    assert!(matches!(&refused, Err(CampaignsError::Invalid(e)) if e.get("audience").is_some()), "{refused:?}");
    app.post_update(&manager, id, "Tooling ordered", "The moulds arrive in May.", "public").await.expect("public");
    let secret =
        app.post_update(&manager, id, "Backers' colour vote", "Red or blue?", "backers").await.expect("backers");

    // Everyone reads the public one; only backers (and the organization) read the other.
    let audiences = |v: &super::CampaignView| v.updates.iter().map(|u| u.audience).collect::<Vec<_>>();
    assert_eq!(audiences(&app.campaign_page(None, id).await.expect("page")), vec![Audience::Public]);
    assert_eq!(audiences(&app.campaign_page(Some(&eve), id).await.expect("page")), vec![Audience::Public]);
    let backer_view = app.campaign_page(Some(&ada), id).await.expect("page");
    assert_eq!(audiences(&backer_view), vec![Audience::Backers, Audience::Public]);
    assert!(matches!(app.comment_update(&eve, secret, "Blue!").await, Err(CampaignsError::NotFound)));
    app.comment_update(&ada, secret, "Blue!").await.expect("a backer comments");
    let page = app.campaign_page(Some(&ada), id).await.expect("page");
    assert_eq!(page.updates[0].comments.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["Blue!"]);
    let (heard, _) = app.notifications(&ada).await.expect("notifications");
    assert_eq!(heard.iter().filter(|v| v.row.kind == "campaign_update").count(), 2, "each update told to the backer");
    assert!(app.notifications(&eve).await.expect("notifications").0.is_empty());

    // The organization's CSV rows and its pledges by day; nobody else gets them.
    assert!(matches!(app.backer_rows(&ada, id).await, Err(CampaignsError::Forbidden)));
    let rows = app.backer_rows(&manager, id).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].email.as_str(), rows[0].amount.minor(), rows[0].status),
        ("ada@example.com", 5_000, PledgeStatus::Active)
    );
    let dashboard = app.campaign_page(Some(&manager), id).await.expect("page");
    assert_eq!(dashboard.days.iter().map(|d| (d.count, d.amount.minor())).collect::<Vec<_>>(), vec![(1, 5_000)]);
    assert!(page.days.is_empty(), "the dashboard is the organization's");
    assert_eq!(dashboard.moves, Vec::<Move>::new(), "backed: only an admin cancels");
}

async fn a_bank_transfer_campaign_asks_backers_to_pay_and_collects_what_an_admin_records(engine: Engine) {
    use ideaforge_domain::campaign::PledgeStatus;
    use ideaforge_domain::ledger::{Account, check_invariants};
    let (_db, app, clock) = app_at(engine).await;
    let manager = user(&app, "manager@acme.example", Role::Member).await;
    let moderator = user(&app, "mod@example.com", Role::Moderator).await;
    let admin = user(&app, "admin@example.com", Role::Admin).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    let bob = user(&app, "bob@example.com", Role::Member).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(50_000),
        currency: "USD",
        deadline: Some(NOW + Duration::days(30)),
        provider: "manual",
        tiers: &[],
    };
    let id = app.create_campaign(&manager, "acme", None, &input).await.expect("created");
    for (who, mv) in [(&manager, Move::Submit), (&moderator, Move::Approve), (&manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    // No card: nothing is held at pledge time.
    let transfer = |minor| PledgeInput {
        amount_minor: Some(minor),
        currency: "USD",
        tier: None,
        quantity: None,
        anonymous: false,
        card: "",
    };
    let adas = app.pledge(&ada, id, transfer(30_000)).await.expect("pledged").pledge.id;
    let bobs = app.pledge(&bob, id, transfer(25_000)).await.expect("pledged").pledge.id;
    let early = app.record_pledge_receipt(&admin, adas, Some(30_000), "USD", "SEPA-1").await;
    assert!(matches!(early, Err(CampaignsError::Refused("not_awaited"))), "nothing is due while live: {early:?}");

    // Success: both are asked to pay, with a reference and a date; nothing is posted yet.
    clock.advance(Duration::days(30));
    let report = app.settle_campaigns().await.expect("a pass");
    assert_eq!((report.decided, report.captured, report.failed), (1, 0, 2), "{report:?}");
    let (heard, _) = app.notifications(&ada).await.expect("notifications");
    assert!(heard.iter().any(|v| v.row.kind == "payment_due" && v.row.payload.contains(&format!("IF-PLEDGE-{adas}"))));
    assert!(app.store().ledger_entries().await.expect("entries").is_empty(), "no money yet");
    let page = app.campaign_page(Some(&admin), id).await.expect("page");
    assert_eq!(page.awaited.iter().map(|a| a.0).collect::<Vec<_>>(), vec![adas, bobs], "the admin sees both awaited");
    assert!(app.campaign_page(Some(&ada), id).await.expect("page").awaited.is_empty(), "for admins only");

    // Only an admin records a receipt, of exactly the amount pledged, once; it is collected at once.
    assert!(matches!(
        app.record_pledge_receipt(&manager, adas, Some(30_000), "USD", "SEPA-1").await,
        Err(CampaignsError::Forbidden)
    ));
    let wrong = app.record_pledge_receipt(&admin, adas, Some(29_999), "USD", "SEPA-1").await;
    assert!(
        matches!(&wrong, Err(CampaignsError::Invalid(e)) if e.get("amount") == Some(Invalid::Mismatch)),
        "{wrong:?}"
    );
    let blank = app.record_pledge_receipt(&admin, adas, Some(30_000), "USD", "").await;
    assert!(matches!(&blank, Err(CampaignsError::Invalid(e)) if e.get("reference").is_some()), "{blank:?}");
    app.record_pledge_receipt(&admin, adas, Some(30_000), "USD", "SEPA-1").await.expect("recorded");
    let again = app.record_pledge_receipt(&admin, adas, Some(30_000), "USD", "SEPA-1").await;
    assert!(matches!(again, Err(CampaignsError::Refused("not_due"))), "recorded once");
    let mine = app.store().pledge_of(id, ada.id).await.expect("read").expect("pledge");
    assert_eq!(mine.pledge.status, PledgeStatus::Captured);

    // Bob never pays: dropped when the grace period ends; then the campaign pays out.
    clock.advance(Duration::days(8));
    let report = app.settle_campaigns().await.expect("a pass");
    assert_eq!(report.paid_out, 1, "{report:?}");
    let theirs = app.store().pledge_of(id, bob.id).await.expect("read").expect("pledge");
    assert_eq!(theirs.pledge.status, PledgeStatus::Dropped);
    let page = app.campaign_page(None, id).await.expect("page");
    let money = page.money;
    assert_eq!((money.collected.minor(), money.dropped.minor(), money.processor_fees.minor()), (30_000, 25_000, 0));
    let usd = page.record.campaign.goal.currency();
    let org = app.store().balance(&Account::org_payable(page.record.campaign.org, usd)).await.expect("org");
    assert_eq!(org + money.platform_fees.minor(), 30_000, "collected = fees + the organization's payable");
    check_invariants(&app.store().ledger_entries().await.expect("entries")).expect("balanced");
}
