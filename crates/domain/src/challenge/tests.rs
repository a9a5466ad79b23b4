//! Tests of parsing a challenge, its amounts, its agreement and its judging rules.

use super::*;
use proptest::prelude::*;
use time::macros::datetime;

pub(super) const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

fn criteria() -> Vec<(String, i64)> {
    vec![("Feasibility".to_owned(), 60), ("Cost".to_owned(), 40)]
}

fn input<'a>(criteria: &'a [(String, i64)], split: &'a [i64]) -> ChallengeInput<'a> {
    ChallengeInput {
        title: "A biodegradable coffee capsule",
        public_statement: "We need a capsule that composts at home.",
        confidential_details: "Our current polymer is **PLA-7**.",
        kind: "reduction_to_practice",
        difficulty: "high",
        category: "materials",
        award_minor: Some(1_500_000),
        currency: "USD",
        split,
        deadline: Some(NOW + Duration::days(30)),
        criteria,
        ip_terms: "assign",
        anonymous: true,
        language: "",
    }
}

#[test]
fn a_challenge_records_the_language_its_seeker_chose_or_none_to_detect() {
    let c = criteria();
    let chosen = NewChallenge::parse(&ChallengeInput { language: "it", ..input(&c, &[10_000]) }, NOW).expect("valid");
    assert_eq!(chosen.language, Some(crate::ContentLanguage::Italian));
    assert_eq!(NewChallenge::parse(&input(&c, &[10_000]), NOW).expect("valid").language, None);
    let refused = NewChallenge::parse(&ChallengeInput { language: "klingon", ..input(&c, &[10_000]) }, NOW);
    assert_eq!(refused.expect_err("unknown language").get("language"), Some(Invalid::Malformed));
}

#[test]
fn a_valid_challenge_parses() {
    let c = criteria();
    let challenge = NewChallenge::parse(&input(&c, &[10_000]), NOW).expect("valid");
    assert_eq!(challenge.award.minor(), 1_500_000);
    assert_eq!(challenge.kind, ChallengeKind::ReductionToPractice);
    assert_eq!(challenge.criteria.as_slice().len(), 2);
    assert!(challenge.anonymous);
}

#[test]
fn bad_challenges_name_every_field() {
    let c = vec![("Cost".to_owned(), 0), ("cost".to_owned(), 10)];
    let bad = ChallengeInput {
        title: "",
        kind: "lottery",
        award_minor: Some(-5),
        currency: "XQQ",
        deadline: Some(NOW - Duration::days(1)),
        ip_terms: "",
        ..input(&c, &[6_000, 3_000])
    };
    let errors = NewChallenge::parse(&bad, NOW).err().unwrap_or_default();
    assert_eq!(errors.get("title"), Some(Invalid::Required));
    assert_eq!(errors.get("type"), Some(Invalid::Malformed));
    assert!(errors.get("currency").is_some());
    assert_eq!(errors.get("award_split_bp"), Some(Invalid::Mismatch));
    assert_eq!(errors.get("submission_deadline"), Some(Invalid::InPast));
    assert_eq!(errors.get("ip_terms"), Some(Invalid::Required));
    assert!(errors.get("criteria").is_some());
    let c = criteria();
    let negative = ChallengeInput { award_minor: Some(-1), ..input(&c, &[10_000]) };
    assert!(NewChallenge::parse(&negative, NOW).err().unwrap_or_default().get("award").is_some());
    let huge = ChallengeInput { award_minor: Some(i64::MAX), ..input(&c, &[10_000]) };
    assert!(NewChallenge::parse(&huge, NOW).err().unwrap_or_default().get("award").is_some());
    let far = ChallengeInput { deadline: Some(NOW + Duration::days(3_000)), ..input(&c, &[10_000]) };
    assert!(NewChallenge::parse(&far, NOW).is_err());
}

pub(super) fn challenge(fee_bp: u16) -> Challenge {
    let c = criteria();
    Challenge {
        id: ChallengeId::new(1),
        org: Org {
            id: crate::OrgId::new(1),
            slug: crate::org::OrgSlug::parse("acme").expect("slug"),
            name: crate::org::OrgName::parse("Acme").expect("name"),
            created_at: NOW,
        },
        terms: NewChallenge::parse(&input(&c, &[6_000, 4_000]), NOW).expect("valid"),
        status: Status::Open,
        fee_bp,
        approved_at: Some(NOW),
        opened_at: Some(NOW),
        created_by: UserId::new(1),
        created_at: NOW,
        solutions: 0,
        end_reason: None,
    }
}

#[test]
fn escrow_is_the_pool_plus_the_fee_and_judging_follows_the_deadline() {
    let c = challenge(1_000);
    assert_eq!(c.required_escrow().expect("fits").minor(), 1_650_000);
    assert_eq!(c.status_at(NOW), Status::Open);
    assert!(c.takes_solutions(NOW));
    assert_eq!(c.status_at(NOW + Duration::days(30)), Status::Judging);
    assert!(!c.takes_solutions(NOW + Duration::days(30)));
    let (award, fee) = c.award_amounts(BasisPoints::FULL).expect("fits");
    assert_eq!((award.minor(), fee.minor()), (1_500_000, 150_000));
    assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    let english = c.agreement_text(crate::Language::English);
    assert!(english.contains("assign all intellectual property"));
    // Each language has its own text (and so its own hash), naming the same challenge and terms.
    let korean = c.agreement_text(crate::Language::Korean);
    let italian = c.agreement_text(crate::Language::Italian);
    assert!(korean.contains("지식재산을 의뢰인에게 양도") && italian.contains("cedi al committente"));
    for text in [&korean, &italian] {
        assert!(text.contains(&c.terms.title.to_string()) && text != &english);
    }
    let deadline = c.terms.deadline.to_offset(time::UtcOffset::UTC);
    let written = format!(
        "Submission deadline: {} {:02}:{:02}:{:02} UTC\n",
        deadline.date(),
        deadline.hour(),
        deadline.minute(),
        deadline.second()
    );
    assert!(english.contains(&written), "the deadline reads as people write it");
}

#[test]
fn awards_pay_their_published_place_once() {
    let c = challenge(1_000);
    let award = |place: u8, solution: i64, bp: i64| {
        let share = BasisPoints::new(bp).expect("bp");
        let (amount, fee) = c.award_amounts(share).expect("fits");
        Award {
            place,
            solution: SolutionId::new(solution),
            solver: UserId::new(solution),
            share,
            amount,
            fee,
            ip_terms: ChallengeIpTerms::Assign,
            awarded_at: NOW,
        }
    };
    let split = &c.terms.split;
    let made = vec![award(1, 1, 6_000)];
    assert_eq!(check_award(&made, SolutionId::new(1), 2, split), Err(AwardRefused::AlreadyAwarded));
    assert_eq!(check_award(&made, SolutionId::new(2), 1, split), Err(AwardRefused::PlaceTaken));
    assert_eq!(check_award(&made, SolutionId::new(2), 0, split), Err(AwardRefused::NoSuchPlace));
    assert_eq!(check_award(&made, SolutionId::new(2), 3, split), Err(AwardRefused::NoSuchPlace));
    assert_eq!(check_award(&made, SolutionId::new(2), 2, split), Ok(BasisPoints::new(4_000).expect("bp")));
}

#[test]
fn scores_and_weighted_totals() {
    let criteria = Criteria::parse(&criteria()).expect("valid");
    let card = Scorecard::parse(&criteria, &[("Feasibility".to_owned(), 8), ("Cost".to_owned(), 5)]).expect("ok");
    assert_eq!(weighted_total(&criteria, card.as_slice()), Some(6_800));
    assert!(Scorecard::parse(&criteria, &[("Feasibility".to_owned(), 8)]).is_err(), "every criterion");
    assert!(Scorecard::parse(&criteria, &[("Feasibility".to_owned(), 11), ("Cost".to_owned(), 1)]).is_err());
    assert!(Scorecard::parse(&criteria, &[("Looks".to_owned(), 1), ("Cost".to_owned(), 1)]).is_err());
    assert_eq!(weighted_total(&criteria, &[]), None);
}

proptest! {
    /// However the pool is split, the awards and their fees never need more than the escrow
    /// required before opening.
    #[test]
    fn splits_never_exceed_the_escrow(
        pool in 1_i64..=MAX_MINOR,
        fee_bp in 0_u16..=5_000,
        cuts in proptest::collection::vec(1_u16..=10_000, 1..10),
    ) {
        let usd = Currency::parse("USD").expect("known");
        let pool = Money::new(pool, usd);
        let required = pool.minor() + fee_on(pool, fee_bp).expect("fits").minor();
        let mut left: u32 = 10_000;
        let mut paid: i64 = 0;
        for cut in cuts {
            let share = u16::try_from(u32::from(cut).min(left)).expect("small");
            if share == 0 { break; }
            left -= u32::from(share);
            let award = share_of(pool, share).expect("fits");
            paid += award.minor() + fee_on(award, fee_bp).expect("fits").minor();
        }
        prop_assert!(paid <= required);
    }

    #[test]
    fn splits_must_total_exactly_100_percent(shares in proptest::collection::vec(-10_i64..11_000, 0..12)) {
        let parsed = AwardSplit::parse(&shares);
        let ok = !shares.is_empty() && shares.len() <= AwardSplit::MAX
            && shares.iter().all(|s| (1..=10_000).contains(s)) && shares.iter().sum::<i64>() == 10_000;
        prop_assert_eq!(parsed.is_ok(), ok);
    }
}
