//! The demo's funding campaigns, made through the same rules as everyone's: a live campaign for the
//! selected shared cargo-bike idea (with pledges, interest and an update) and a standalone campaign
//! of the Neighbourhood Commons that ran in the past month, succeeded and settled (one card
//! declined, was retried and dropped). The finished one is played on a clock set in the past and
//! then moved to now, so its dates, captures, fees and ledger postings are what settlement makes.

use std::sync::Arc;

use anyhow::anyhow;
use ideaforge_app::{App, AppConfig, CampaignsError, ManualClock, PledgeInput};
use ideaforge_domain::campaign::{CampaignInput, Move, TierInput};
use ideaforge_domain::{CampaignId, IdeaId, User};
use time::Duration;

fn err(e: CampaignsError) -> anyhow::Error {
    anyhow!("demo campaign: {e}")
}

/// The people the demo campaigns involve.
#[derive(Debug)]
pub struct Cast<'a> {
    /// Runs every organization.
    pub manager: &'a User,
    /// Approves campaigns (outside every organization).
    pub moderator: &'a User,
    /// Backers, in order: Ada, Grace, Min-jun, Sam.
    pub backers: [&'a User; 4],
}

fn pledge(minor: i64, currency: &'static str, card: &'static str) -> PledgeInput<'static> {
    PledgeInput { amount_minor: Some(minor), currency, tier: None, quantity: None, anonymous: false, card }
}

async fn run(
    app: &App,
    cast: &Cast<'_>,
    org: &str,
    idea: Option<IdeaId>,
    input: &CampaignInput<'_>,
) -> anyhow::Result<CampaignId> {
    let id = app.create_campaign(cast.manager, org, idea, input).await.map_err(err)?;
    for (who, mv) in [(cast.manager, Move::Submit), (cast.moderator, Move::Approve), (cast.manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.map_err(err)?;
    }
    Ok(id)
}

/// Loads both campaigns; `selected` is the selected idea of Città Verde's contest and `shortlisted`
/// an idea still in Acme's contest (Sam says he would back it).
pub async fn load(app: &App, cast: &Cast<'_>, selected: IdeaId, shortlisted: IdeaId) -> anyhow::Result<()> {
    let [ada, grace, minjun, sam] = cast.backers;
    app.set_interest(sam, shortlisted, Some((Some(4_000), "USD"))).await.map_err(err)?;
    app.set_interest(ada, shortlisted, Some((Some(6_500), "USD"))).await.map_err(err)?;

    // The live one, for the selected idea.
    let now = app.now();
    let tiers = [
        TierInput {
            title: "Sostenitore",
            description: "Il tuo nome sulla prima stazione.",
            minimum_minor: Some(2_000),
            limit: None,
            per_backer_limit: None,
            estimated_delivery: "2027-09",
        },
        TierInput {
            title: "Primo abbonamento",
            description: "Un anno di bici cargo, per i primi cinquanta.",
            minimum_minor: Some(12_000),
            limit: Some(50),
            per_backer_limit: None,
            estimated_delivery: "2027-09",
        },
    ];
    let live = CampaignInput {
        title: "Bici cargo condivise: le prime cinque stazioni",
        story: "Con il vostro sostegno apriamo **cinque stazioni** di bici cargo elettriche nel quartiere.\n\n\
                All or nothing: if we do not reach the goal, nobody is charged.",
        goal_minor: Some(1_500_000),
        currency: "EUR",
        deadline: Some(now + Duration::days(25)),
        provider: "sandbox",
        tiers: &tiers,
    };
    let id = run(app, cast, "citta-verde", Some(selected), &live).await?;
    let card = "4242 4242 4242 4242";
    for (backer, minor) in [(ada, 12_000), (minjun, 5_000), (grace, 2_500)] {
        app.pledge(backer, id, pledge(minor, "EUR", card)).await.map_err(err)?;
    }
    app.post_update(
        cast.manager,
        id,
        "Il comune ci ha dato i permessi",
        "Le prime due stazioni sono approvate.",
        "public",
    )
    .await
    .map_err(err)?;

    // The finished one, played on a clock 45 days back and then brought to now.
    let clock = ManualClock::new(now - Duration::days(45));
    let past = App::new(app.store().clone(), Arc::new(clock.clone()), &AppConfig::default());
    let finished = CampaignInput {
        title: "Repair café kits for ten neighbourhoods",
        story: "Toolboxes, checklists and posters so that ten volunteer groups can run a monthly repair café.",
        goal_minor: Some(150_000),
        currency: "USD",
        deadline: Some(now - Duration::days(15)),
        provider: "sandbox",
        tiers: &[],
    };
    let id = run(&past, cast, "commons", None, &finished).await?;
    clock.advance(Duration::days(1));
    for (backer, minor, card) in
        [(ada, 90_000, card), (grace, 60_000, card), (minjun, 15_000, card), (sam, 10_000, "4000 0000 0000 0002")]
    {
        past.pledge(backer, id, pledge(minor, "USD", card)).await.map_err(err)?;
    }
    clock.set(now - Duration::days(15) + Duration::minutes(1));
    past.settle_campaigns().await.map_err(err)?;
    clock.set(now);
    // Sam's card is retried and, the grace period over, dropped; then the proceeds are paid out.
    for _ in 0..3 {
        past.settle_campaigns().await.map_err(err)?;
    }
    Ok(())
}
