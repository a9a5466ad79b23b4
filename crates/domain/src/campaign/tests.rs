use proptest::prelude::*;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::ledger::check_invariants;
use crate::money::MAX_MINOR;
use crate::{PledgeId, TierId};

const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::parse("USD").expect("USD"))
}

fn campaign(status: CampaignStatus) -> Campaign {
    Campaign {
        id: CampaignId::new(1),
        org: OrgId::new(2),
        idea: None,
        goal: usd(1_000_000),
        deadline: NOW + Duration::days(30),
        fee: BasisPoints::new(500).expect("bp"),
        provider: ProviderKind::Sandbox,
        status,
        approved_by: None,
        launched_at: None,
    }
}

fn actor(role: Option<OrgRole>, moderator: bool, admin: bool) -> Actor {
    Actor { user: UserId::new(9), role, moderator, admin }
}

fn tier(limit: Option<u32>, taken: u32, minimum: i64) -> Tier {
    let input = TierInput {
        title: "Early bird",
        description: "One kettle.",
        minimum_minor: Some(minimum),
        limit: limit.map(i64::from),
        per_backer_limit: None,
        estimated_delivery: "2027-11",
    };
    let terms = NewTier::parse(&input, Some(Currency::parse("USD").expect("USD"))).expect("tier");
    Tier { id: TierId::new(5), terms, taken }
}

#[test]
fn terms_are_parsed_with_every_refused_field_named() {
    let rules = FundingRules::default();
    let tiers = [TierInput {
        title: "Kettle",
        description: "One kettle.",
        minimum_minor: Some(5_000),
        limit: Some(100),
        per_backer_limit: Some(1),
        estimated_delivery: "2027-11",
    }];
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It **boils** when you are near.",
        goal_minor: Some(1_000_000),
        currency: "USD",
        deadline: Some(NOW + Duration::days(30)),
        provider: "sandbox",
        tiers: &tiers,
    };
    let terms = CampaignTerms::parse(&input, &rules, NOW).expect("valid");
    assert_eq!((terms.goal, terms.tiers.len()), (usd(1_000_000), 1));
    assert_eq!(terms.tiers[0].estimated_delivery.to_string(), "2027-11");
    let bad_tier = [TierInput { minimum_minor: Some(0), ..tiers[0].clone() }];
    let bad = CampaignInput {
        goal_minor: Some(0),
        currency: "XYZ",
        deadline: Some(NOW + Duration::days(61)),
        provider: "paypal",
        tiers: &bad_tier,
        ..input.clone()
    };
    let errors = CampaignTerms::parse(&bad, &rules, NOW).expect_err("refused");
    for field in ["currency", "deadline", "provider", "tiers"] {
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
    let overflowing = CampaignInput { goal_minor: Some(i64::MAX), ..input.clone() };
    assert!(CampaignTerms::parse(&overflowing, &rules, NOW).expect_err("refused").get("goal").is_some());
    let short = CampaignInput { deadline: Some(NOW + Duration::hours(2)), ..input };
    assert!(CampaignTerms::parse(&short, &rules, NOW).expect_err("refused").get("deadline").is_some());
}

#[test]
fn tiers_and_months_are_checked() {
    assert!(YearMonth::parse("2027-13").is_err() && YearMonth::parse("27-01").is_err());
    assert!(YearMonth::parse("").is_err() && YearMonth::parse("2027-1").is_err());
    let usd_currency = Some(Currency::parse("USD").expect("USD"));
    let base = TierInput {
        title: "Kettle",
        description: "One kettle.",
        minimum_minor: Some(5_000),
        limit: Some(10),
        per_backer_limit: Some(11),
        estimated_delivery: "2027-11",
    };
    assert_eq!(NewTier::parse(&base, usd_currency), Err(Invalid::Mismatch), "per backer above the limit");
    assert!(NewTier::parse(&TierInput { limit: Some(0), ..base.clone() }, usd_currency).is_err());
    assert_eq!(NewTier::parse(&base, None), Err(Invalid::Mismatch), "no currency, no tier");
}

#[test]
fn the_lifecycle_runs_draft_review_approval_launch_and_only_as_allowed() {
    let rules = FundingRules::default();
    let manager = actor(Some(OrgRole::Manager), false, false);
    let own_moderator = actor(Some(OrgRole::Judge), true, false);
    let moderator = actor(None, true, false);
    let draft = campaign(CampaignStatus::Draft);
    assert_eq!(decide(&draft, Move::Submit, moderator, 0, &rules, NOW), Err(CampaignRefused::Forbidden));
    let review = decide(&draft, Move::Submit, manager, 0, &rules, NOW).expect("submitted");
    assert_eq!(decide(&review, Move::Launch, manager, 0, &rules, NOW), Err(CampaignRefused::WrongStatus));
    assert_eq!(decide(&review, Move::Approve, own_moderator, 0, &rules, NOW), Err(CampaignRefused::Forbidden));
    let approved = decide(&review, Move::Approve, moderator, 0, &rules, NOW).expect("approved");
    assert_eq!(approved.approved_by, Some(UserId::new(9)));
    let too_late = NOW + Duration::days(30) - Duration::hours(1);
    assert_eq!(
        decide(&approved, Move::Launch, manager, 0, &rules, too_late),
        Err(CampaignRefused::DeadlineOutOfRange),
        "a launch must leave the shortest run"
    );
    let live = decide(&approved, Move::Launch, manager, 0, &rules, NOW).expect("launched");
    assert_eq!((live.status, live.launched_at), (CampaignStatus::Live, Some(NOW)));
    assert!(live.takes_pledges(NOW) && !live.takes_pledges(live.deadline));
    assert_eq!(decide(&live, Move::Cancel, manager, 3, &rules, NOW), Err(CampaignRefused::PledgesExist));
    let admin = actor(None, false, true);
    assert_eq!(
        decide(&live, Move::Cancel, admin, 3, &rules, NOW).expect("cancelled").status,
        CampaignStatus::Cancelled
    );
    assert_eq!(
        decide(&live, Move::Cancel, manager, 0, &rules, NOW).expect("cancelled").status,
        CampaignStatus::Cancelled
    );
    assert_eq!(decide(&live, Move::Cancel, admin, 0, &rules, live.deadline), Err(CampaignRefused::DeadlinePassed));
    assert_eq!(check_terms_change(&live, usd(2), live.deadline), Err(CampaignRefused::Locked));
    assert_eq!(check_terms_change(&live, live.goal, live.deadline), Ok(()));
    assert_eq!(check_terms_change(&draft, usd(2), NOW), Ok(()));
    assert_eq!(available_moves(&draft, manager, 0, &rules, NOW), vec![Move::Submit, Move::Cancel]);
    assert_eq!(available_moves(&review, moderator, 0, &rules, NOW), vec![Move::Approve]);
    assert_eq!(available_moves(&approved, manager, 0, &rules, NOW), vec![Move::Launch, Move::Cancel]);
    assert_eq!(available_moves(&live, manager, 3, &rules, NOW), Vec::<Move>::new(), "backed: only an admin cancels");
    assert_eq!(available_moves(&live, admin, 3, &rules, NOW), vec![Move::Cancel]);
}

#[test]
fn a_live_tier_only_grows_and_a_backed_tier_is_never_removed_or_made_dearer() {
    let backed = tier(Some(10), 3, 5_000);
    let same = backed.terms.clone();
    assert_eq!(check_tier_change(true, &backed, Some(&same)), Ok(()));
    assert!(check_tier_change(true, &backed, None).is_err(), "backed: never removed");
    assert!(check_tier_change(true, &tier(Some(10), 0, 5_000), None).is_ok(), "nobody backs it yet");
    let dearer = NewTier { minimum: usd(6_000), ..same.clone() };
    assert!(check_tier_change(true, &backed, Some(&dearer)).is_err());
    let cheaper = NewTier { minimum: usd(4_000), ..same.clone() };
    assert!(check_tier_change(true, &backed, Some(&cheaper)).is_ok());
    assert!(check_tier_change(true, &backed, Some(&NewTier { limit: Some(9), ..same.clone() })).is_err());
    assert!(check_tier_change(true, &backed, Some(&NewTier { limit: Some(20), ..same.clone() })).is_ok());
    assert!(check_tier_change(true, &backed, Some(&NewTier { limit: None, ..same.clone() })).is_ok(), "lifted");
    assert!(check_tier_change(false, &backed, None).is_ok(), "before launch anything goes");
}

fn pledge(tier: Option<TierId>, status: PledgeStatus) -> Pledge {
    Pledge { id: PledgeId::new(3), backer: UserId::new(4), amount: usd(5_000), tier, quantity: 1, status }
}

#[test]
fn pledges_take_and_give_back_tier_slots_and_never_oversell() {
    let live = campaign(CampaignStatus::Live);
    let last = tier(Some(10), 9, 5_000);
    let sold_out = tier(Some(10), 10, 5_000);
    let plan = plan_pledge(&live, None, false, usd(5_000), Some(&last), 1, NOW).expect("the last one");
    assert_eq!((plan.take, plan.release, plan.new), (Some((last.id, 1)), None, true));
    assert_eq!(plan_pledge(&live, None, false, usd(5_000), Some(&sold_out), 1, NOW), Err(PledgeRefused::SoldOut));
    let mine = pledge(Some(sold_out.id), PledgeStatus::Active);
    let raise = plan_pledge(&live, Some(&mine), false, usd(9_000), Some(&sold_out), 1, NOW).expect("keeps its slot");
    assert_eq!((raise.take, raise.release, raise.new), (None, None, false));
    let no_reward = plan_pledge(&live, Some(&mine), false, usd(100), None, 1, NOW).expect("drops the reward");
    assert_eq!((no_reward.take, no_reward.release), (None, Some((sold_out.id, 1))));
    let refusals = [
        (plan_pledge(&live, None, true, usd(5_000), None, 1, NOW), PledgeRefused::OwnCampaign),
        (plan_pledge(&live, None, false, usd(4_999), Some(&last), 1, NOW), PledgeRefused::BelowMinimum),
        (plan_pledge(&live, None, false, usd(0), None, 1, NOW), PledgeRefused::BelowMinimum),
        (
            plan_pledge(&live, None, false, Money::new(5_000, Currency::parse("EUR").expect("EUR")), None, 1, NOW),
            PledgeRefused::CurrencyMismatch,
        ),
        (plan_pledge(&live, None, false, usd(5_000), None, 1, live.deadline), PledgeRefused::DeadlinePassed),
        (
            plan_pledge(&campaign(CampaignStatus::InReview), None, false, usd(5_000), None, 1, NOW),
            PledgeRefused::NotLive,
        ),
    ];
    for (got, want) in refusals {
        assert_eq!(got, Err(want));
    }
    assert_eq!(plan_cancel(&live, Some(&mine), NOW), Ok(Some((sold_out.id, 1))));
    assert_eq!(plan_cancel(&live, Some(&pledge(None, PledgeStatus::Cancelled)), NOW), Err(PledgeRefused::NoPledge));
    let again = plan_pledge(&live, Some(&pledge(None, PledgeStatus::Cancelled)), false, usd(5), None, 1, NOW);
    assert!(again.expect("a new pledge after cancelling").new);
}

#[test]
fn a_backer_takes_up_to_the_per_backer_limit_paying_the_minimum_for_each() {
    let live = campaign(CampaignStatus::Live);
    let mut pair = tier(Some(10), 7, 5_000);
    pair.terms.per_backer_limit = Some(3);
    let plan = plan_pledge(&live, None, false, usd(15_000), Some(&pair), 3, NOW).expect("three of them");
    assert_eq!((plan.quantity, plan.take), (3, Some((pair.id, 3))));
    assert_eq!(
        plan_pledge(&live, None, false, usd(20_000), Some(&pair), 4, NOW),
        Err(PledgeRefused::Quantity { most: 3 })
    );
    assert_eq!(plan_pledge(&live, None, false, usd(14_999), Some(&pair), 3, NOW), Err(PledgeRefused::BelowMinimum));
    assert_eq!(
        plan_pledge(&live, None, false, usd(5_000), Some(&pair), 0, NOW),
        Err(PledgeRefused::Quantity { most: 3 })
    );
    let single = tier(Some(10), 0, 5_000);
    assert_eq!(
        plan_pledge(&live, None, false, usd(10_000), Some(&single), 2, NOW),
        Err(PledgeRefused::Quantity { most: 1 })
    );
    assert_eq!(plan_pledge(&live, None, false, usd(10_000), None, 2, NOW), Err(PledgeRefused::Quantity { most: 1 }));

    // Ten, seven taken: three left; a backer holding two may go to three (one more), not to four.
    let mut two = tier(Some(10), 9, 5_000);
    two.terms.per_backer_limit = Some(5);
    let mine = Pledge { quantity: 2, amount: usd(10_000), ..pledge(Some(two.id), PledgeStatus::Active) };
    let more = plan_pledge(&live, Some(&mine), false, usd(15_000), Some(&two), 3, NOW).expect("one more");
    assert_eq!((more.release, more.take), (Some((two.id, 2)), Some((two.id, 3))), "given back, then taken");
    assert_eq!(plan_pledge(&live, Some(&mine), false, usd(20_000), Some(&two), 4, NOW), Err(PledgeRefused::SoldOut));
    let same = plan_pledge(&live, Some(&mine), false, usd(12_000), Some(&two), 2, NOW).expect("more money");
    assert_eq!((same.release, same.take), (None, None));
    assert_eq!(plan_cancel(&live, Some(&mine), NOW), Ok(Some((two.id, 2))));
}

#[test]
fn a_campaign_succeeds_only_when_live_pledges_reach_the_goal_by_the_deadline() {
    let live = campaign(CampaignStatus::Live);
    assert_eq!(outcome(&live, usd(2_000_000), NOW), None, "not before the deadline");
    assert_eq!(outcome(&live, usd(1_000_000), live.deadline), Some(Outcome::Succeeded));
    assert_eq!(outcome(&live, usd(999_999), live.deadline), Some(Outcome::Failed));
    assert_eq!(outcome(&campaign(CampaignStatus::Succeeded), usd(1), live.deadline), None, "settled once");
}

#[test]
fn a_failed_capture_is_retried_within_the_grace_period_then_dropped() {
    let grace = Duration::days(7);
    assert_eq!(next_after_failed_capture(NOW, 1, NOW, grace), CaptureFailure::RetryAt(NOW + Duration::hours(1)));
    assert_eq!(next_after_failed_capture(NOW, 3, NOW, grace), CaptureFailure::RetryAt(NOW + Duration::hours(4)));
    assert_eq!(next_after_failed_capture(NOW, 30, NOW, grace), CaptureFailure::RetryAt(NOW + Duration::hours(16)));
    let near_end = NOW + grace - Duration::minutes(5);
    assert_eq!(next_after_failed_capture(NOW, 9, near_end, grace), CaptureFailure::RetryAt(NOW + grace));
    assert_eq!(next_after_failed_capture(NOW, 10, NOW + grace, grace), CaptureFailure::Drop);
}

proptest! {
    #[test]
    fn a_capture_splits_exactly_and_every_posting_balances(
        captured in 1_i64..=MAX_MINOR,
        share in 0_i64..=10_000,
        fixed in 0_i64..=1_000,
        platform in 0_i64..=10_000,
        royalty_bp in 0_i64..=10_000,
    ) {
        let processor = ProcessorFee { share: BasisPoints::new(share).expect("bp"), fixed_minor: fixed };
        let fees = split_capture(usd(captured), processor, BasisPoints::new(platform).expect("bp")).expect("fits");
        prop_assert_eq!(fees.processor.minor() + fees.platform.minor() + fees.net.minor(), captured);
        prop_assert!(fees.processor.minor() >= 0 && fees.platform.minor() >= 0 && fees.net.minor() >= 0);
        let live = campaign(CampaignStatus::Succeeded);
        let capture = capture_transaction(&live, &fees).expect("balanced");
        check_invariants(capture.entries()).expect("no account but the outside world negative");
        if fees.net.minor() > 0 {
            let royalty = Money::new(fees.net.minor() * royalty_bp / 10_000, fees.net.currency());
            let proceeds = proceeds_transaction(&live, OrgId::new(2), fees.net, &[(UserId::new(4), royalty)])
                .expect("balanced");
            let all: Vec<_> = capture.entries().iter().chain(proceeds.entries()).copied().collect();
            check_invariants(&all).expect("the escrow ends empty, nothing negative");
        }
    }
}

#[test]
fn a_bank_transfer_is_recorded_only_for_an_awaited_pledge_and_its_exact_amount() {
    let mut succeeded = campaign(CampaignStatus::Succeeded);
    succeeded.provider = ProviderKind::Manual;
    let awaited = pledge(None, PledgeStatus::Errored);
    let amount = awaited.amount;
    assert_eq!(check_receipt(&succeeded, &awaited, false, amount), Ok(()));
    assert_eq!(check_receipt(&succeeded, &awaited, true, amount), Err(ReceiptRefused::NotDue), "recorded once");
    let wrong = Money::new(amount.minor() - 1, amount.currency());
    assert_eq!(check_receipt(&succeeded, &awaited, false, wrong), Err(ReceiptRefused::WrongAmount));
    let paid = pledge(None, PledgeStatus::Captured);
    assert_eq!(check_receipt(&succeeded, &paid, false, amount), Err(ReceiptRefused::NotDue));
    let card = campaign(CampaignStatus::Succeeded);
    assert_eq!(check_receipt(&card, &awaited, false, amount), Err(ReceiptRefused::NotAwaited), "cards are captured");
    let mut live = campaign(CampaignStatus::Live);
    live.provider = ProviderKind::Manual;
    assert_eq!(check_receipt(&live, &awaited, false, amount), Err(ReceiptRefused::NotAwaited));
}

fn terms_with(goal: Money, deadline: OffsetDateTime, tiers: Vec<NewTier>) -> CampaignTerms {
    CampaignTerms {
        title: CampaignTitle::parse("Kettle, revised").expect("title"),
        story: CampaignStory::parse("Now it **sings**.").expect("story"),
        goal,
        deadline,
        provider: ProviderKind::Sandbox,
        tiers,
    }
}

#[test]
fn a_draft_changes_freely_and_a_review_goes_back_to_draft_without_its_approval() {
    let manager = actor(Some(OrgRole::Manager), false, false);
    let mut review = campaign(CampaignStatus::InReview);
    review.approved_by = Some(UserId::new(3));
    let current = [tier(Some(10), 0, 5_000)];
    let terms = terms_with(usd(2_000_000), NOW + Duration::days(20), vec![tier(None, 0, 9_000).terms]);
    let plan = plan_edit(&review, &current, manager, &terms, &[None], NOW).expect("changed");
    assert_eq!((plan.campaign.status, plan.campaign.approved_by), (CampaignStatus::Draft, None));
    assert_eq!((plan.campaign.goal, plan.removed), (usd(2_000_000), vec![TierId::new(5)]));
    assert_eq!((plan.tiers.len(), plan.title.as_str()), (1, "Kettle, revised"));
    let judge = actor(Some(OrgRole::Judge), true, true);
    assert_eq!(
        plan_edit(&review, &current, judge, &terms, &[None], NOW),
        Err(EditRefused::Campaign(CampaignRefused::Forbidden)),
        "only its managers change it, not even an admin"
    );
    assert_eq!(
        plan_edit(&review, &current, manager, &terms, &[Some(TierId::new(77))], NOW),
        Err(EditRefused::Tier { index: 0, why: Invalid::Unknown }),
        "another campaign's tier"
    );
}

#[test]
fn a_live_campaign_keeps_its_money_terms_and_its_backed_tiers() {
    let manager = actor(Some(OrgRole::Manager), false, false);
    let mut live = campaign(CampaignStatus::Live);
    live.launched_at = Some(NOW);
    let backed = tier(Some(10), 3, 5_000);
    let current = [backed.clone()];
    let same = |tiers| terms_with(live.goal, live.deadline, tiers);
    let grown = NewTier { limit: Some(20), ..backed.terms.clone() };
    let plan = plan_edit(
        &live,
        &current,
        manager,
        &same(vec![grown, tier(None, 0, 100).terms]),
        &[Some(TierId::new(5)), None],
        NOW,
    )
    .expect("texts, a bigger limit and a new tier");
    assert_eq!(
        (plan.campaign.status, plan.tiers[0].terms.limit, plan.tiers[1].id),
        (CampaignStatus::Live, Some(20), None)
    );
    let locked = EditRefused::Campaign(CampaignRefused::Locked);
    let goal = terms_with(usd(1), live.deadline, vec![backed.terms.clone()]);
    assert_eq!(plan_edit(&live, &current, manager, &goal, &[Some(TierId::new(5))], NOW), Err(locked));
    let later = terms_with(live.goal, live.deadline + Duration::days(1), vec![backed.terms.clone()]);
    assert_eq!(plan_edit(&live, &current, manager, &later, &[Some(TierId::new(5))], NOW), Err(locked));
    let bank = CampaignTerms { provider: ProviderKind::Manual, ..same(vec![backed.terms.clone()]) };
    assert_eq!(plan_edit(&live, &current, manager, &bank, &[Some(TierId::new(5))], NOW), Err(locked));
    let shrunk = NewTier { limit: Some(5), ..backed.terms.clone() };
    assert!(matches!(
        plan_edit(&live, &current, manager, &same(vec![shrunk]), &[Some(TierId::new(5))], NOW),
        Err(EditRefused::Tier { index: 0, .. })
    ));
    assert_eq!(
        plan_edit(&live, &current, manager, &same(vec![]), &[], NOW),
        Err(EditRefused::Tier { index: 0, why: Invalid::Taken }),
        "a backed tier is never removed"
    );
    let twice = same(vec![backed.terms.clone(), backed.terms.clone()]);
    assert!(plan_edit(&live, &current, manager, &twice, &[Some(TierId::new(5)), Some(TierId::new(5))], NOW).is_err());
    let done = same(vec![backed.terms.clone()]);
    assert_eq!(
        plan_edit(&live, &current, manager, &done, &[Some(TierId::new(5))], live.deadline),
        Err(EditRefused::Campaign(CampaignRefused::DeadlinePassed))
    );
    let succeeded = Campaign { status: CampaignStatus::Succeeded, ..live.clone() };
    assert_eq!(
        plan_edit(&succeeded, &current, manager, &done, &[Some(TierId::new(5))], NOW),
        Err(EditRefused::Campaign(CampaignRefused::WrongStatus))
    );
}

#[test]
fn an_unchanged_deadline_is_kept_even_when_too_close_for_a_new_one() {
    let rules = FundingRules::default();
    let deadline = NOW + Duration::hours(2);
    let input = CampaignInput {
        title: "Kettle",
        story: "Story.",
        goal_minor: Some(100),
        currency: "USD",
        deadline: Some(deadline),
        provider: "sandbox",
        tiers: &[],
    };
    assert!(CampaignTerms::parse(&input, &rules, NOW).is_err());
    assert!(CampaignTerms::parse_keeping(&input, &rules, NOW, Some(deadline)).is_ok());
}
