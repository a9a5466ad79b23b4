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

ideaforge_store::on_both_engines!(a_campaign_goes_live_and_takes_authorised_pledges);

const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

async fn user(app: &App, email: &str, role: Role) -> User {
    let mut new =
        NewUser::parse(email, email.split('@').next().unwrap_or("x"), "correct horse battery").expect("valid");
    new.role = role;
    new.email_verified = true;
    app.create_user(&new).await.expect("create user")
}

fn pledge(minor: i64, card: &str) -> PledgeInput<'_> {
    PledgeInput { amount_minor: Some(minor), currency: "USD", tier: None, anonymous: false, card }
}

async fn a_campaign_goes_live_and_takes_authorised_pledges(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = Arc::new(App::new(store, Arc::new(ManualClock::new(NOW)), &AppConfig::default()));
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
}

/// The authorisation behind a backer's pledge to a campaign.
async fn sandbox_authorisation(app: &App, backer: &User, id: CampaignId) -> String {
    let pledges = app.store().pledges_of(backer.id).await.expect("pledges");
    let pledge = pledges.iter().find(|p| p.campaign == id).expect("a pledge");
    app.store().pledge_authorisation(pledge.pledge.id).await.expect("read").expect("authorised")
}
