//! Changing a campaign's terms on both engines: freely as a draft, back to draft from review, and
//! once live only its texts and tiers within the domain's limits; refusals change nothing.

use ideaforge_domain::campaign::{CampaignInput, CampaignStatus, Move, TierInput};
use ideaforge_domain::{Invalid, Role, TierId};
use ideaforge_store::testing::Engine;
use time::Duration;

use super::CampaignsError;
use super::tests::{NOW, app_at, pledge, user};

ideaforge_store::on_both_engines!(a_campaign_changes_freely_before_launch_and_only_within_limits_once_live);

fn tier(title: &'static str, minimum: i64, limit: Option<i64>) -> TierInput<'static> {
    TierInput {
        title,
        description: "One kettle.",
        minimum_minor: Some(minimum),
        limit,
        per_backer_limit: None,
        estimated_delivery: "2027-11",
    }
}

fn terms<'a>(
    title: &'a str,
    goal: i64,
    deadline: time::OffsetDateTime,
    tiers: &'a [TierInput<'a>],
) -> CampaignInput<'a> {
    CampaignInput {
        title,
        story: "It boils when you are near.",
        goal_minor: Some(goal),
        currency: "USD",
        deadline: Some(deadline),
        provider: "sandbox",
        tiers,
    }
}

async fn a_campaign_changes_freely_before_launch_and_only_within_limits_once_live(engine: Engine) {
    let (_db, app, clock) = app_at(engine).await;
    let manager = user(&app, "manager@acme.example", Role::Member).await;
    let moderator = user(&app, "mod@example.com", Role::Moderator).await;
    let ada = user(&app, "ada@example.com", Role::Member).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let deadline = NOW + Duration::days(30);
    let two = [tier("Early bird", 5_000, Some(10)), tier("Sticker", 500, None)];
    let id =
        app.create_campaign(&manager, "acme", None, &terms("Kettle", 100_000, deadline, &two)).await.expect("draft");
    app.move_campaign(&manager, id, Move::Submit).await.expect("submitted");
    app.move_campaign(&moderator, id, Move::Approve).await.expect("approved");
    let page = app.campaign_page(Some(&manager), id).await.expect("page");
    assert!(page.editable);
    let (early, sticker) = (page.record.tiers[0].id, page.record.tiers[1].id);

    // In review: the goal and tiers change, and it goes back to draft without its approval.
    let changed = [tier("Early bird", 6_000, Some(10)), tier("Mug", 2_000, Some(50))];
    let input = terms("Kettle that knows", 150_000, deadline, &changed);
    let status = app.edit_campaign(&manager, id, &input, &[Some(early), None]).await.expect("changed");
    assert_eq!(status, CampaignStatus::Draft);
    let record = app.campaign_page(Some(&manager), id).await.expect("page").record;
    assert_eq!((record.title.as_str(), record.campaign.goal.minor()), ("Kettle that knows", 150_000));
    assert_eq!(record.campaign.approved_by, None, "approved terms changed: approve again");
    let titles: Vec<&str> = record.tiers.iter().map(|t| t.terms.title.as_str()).collect();
    assert_eq!(titles, ["Early bird", "Mug"]);
    assert_eq!(record.tiers[0].id, early, "changed in place");
    assert!(record.tiers.iter().all(|t| t.id != sticker), "the sticker is gone");
    let outsider = app.edit_campaign(&ada, id, &input, &[Some(early), None]).await;
    assert!(matches!(outsider, Err(CampaignsError::NotFound)), "a draft is not hers to see: {outsider:?}");
    let foreign = app.edit_campaign(&manager, id, &input, &[Some(TierId::new(9_999)), None]).await;
    assert!(matches!(&foreign, Err(CampaignsError::Invalid(e)) if e.get("tiers") == Some(Invalid::Unknown)));

    for (who, mv) in [(&manager, Move::Submit), (&moderator, Move::Approve), (&manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    let mug = app.campaign_page(None, id).await.expect("page").record.tiers[1].id;
    let backing = super::PledgeInput { tier: Some(early), ..pledge(6_000, "4242 4242 4242 4242") };
    app.pledge(&ada, id, backing).await.expect("pledged");
    let forbidden = app.edit_campaign(&ada, id, &input, &[Some(early), Some(mug)]).await;
    assert!(matches!(forbidden, Err(CampaignsError::Forbidden)), "{forbidden:?}");

    // Live: the money terms are locked, a backed tier stays, a limit only grows.
    let before = app.campaign_page(None, id).await.expect("page").record;
    let goal = terms("Kettle that knows", 1, deadline, &changed);
    let locked = app.edit_campaign(&manager, id, &goal, &[Some(early), Some(mug)]).await;
    assert!(matches!(locked, Err(CampaignsError::Refused("terms_locked"))), "{locked:?}");
    let later = terms("Kettle that knows", 150_000, deadline + Duration::days(1), &changed);
    let locked = app.edit_campaign(&manager, id, &later, &[Some(early), Some(mug)]).await;
    assert!(matches!(locked, Err(CampaignsError::Refused("terms_locked"))), "{locked:?}");
    let only_mug = [tier("Mug", 2_000, Some(50))];
    let removed = app.edit_campaign(&manager, id, &terms("K", 150_000, deadline, &only_mug), &[Some(mug)]).await;
    assert!(matches!(&removed, Err(CampaignsError::Invalid(e)) if e.get("tiers") == Some(Invalid::Taken)));
    let fewer = [tier("Early bird", 6_000, Some(5)), tier("Mug", 2_000, Some(50))];
    let shrunk =
        app.edit_campaign(&manager, id, &terms("K", 150_000, deadline, &fewer), &[Some(early), Some(mug)]).await;
    assert!(matches!(&shrunk, Err(CampaignsError::Invalid(e)) if e.get("tiers").is_some()), "{shrunk:?}");
    let dearer = [tier("Early bird", 9_000, Some(10)), tier("Mug", 2_000, Some(50))];
    let dearer =
        app.edit_campaign(&manager, id, &terms("K", 150_000, deadline, &dearer), &[Some(early), Some(mug)]).await;
    assert!(matches!(&dearer, Err(CampaignsError::Invalid(e)) if e.get("tiers") == Some(Invalid::Taken)));
    assert_eq!(app.campaign_page(None, id).await.expect("page").record, before, "refusals change nothing");

    let grown = [tier("Early bird", 6_000, Some(20)), tier("Poster", 1_000, None)];
    let input = terms("Kettle that sings", 150_000, deadline, &grown);
    assert_eq!(
        app.edit_campaign(&manager, id, &input, &[Some(early), None]).await.expect("changed"),
        CampaignStatus::Live
    );
    let record = app.campaign_page(None, id).await.expect("page").record;
    assert_eq!(record.title, "Kettle that sings");
    assert_eq!((record.tiers[0].terms.limit, record.tiers[0].remaining()), (Some(20), Some(19)), "one still taken");
    assert_eq!(record.tiers.len(), 2, "the unbacked mug went, a poster came");

    clock.advance(Duration::days(31));
    let late = app.edit_campaign(&manager, id, &input, &[Some(early), Some(record.tiers[1].id)]).await;
    assert!(matches!(late, Err(CampaignsError::Refused("deadline_passed"))), "{late:?}");
    assert!(!app.campaign_page(Some(&manager), id).await.expect("page").editable);
}
