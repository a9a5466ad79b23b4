//! The notices' rules: kinds, deliveries, subjects and paths.

use super::*;
use proptest::prelude::*;

#[test]
fn backoff_doubles_up_to_the_cap() {
    let (base, cap) = (Duration::seconds(1), Duration::minutes(1));
    let waits: Vec<i64> = (1..=8).map(|a| backoff(a, base, cap).whole_seconds()).collect();
    assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60]);
    assert_eq!(NotificationKind::CommentOnYourIdea.default_delivery(), Delivery::Instant);
    assert!("weekly".parse::<Delivery>().is_ok() && "sometimes".parse::<Delivery>().is_err());
}

#[test]
fn vote_milestones_are_10_25_50_and_so_on() {
    let milestones: Vec<i64> = (0..=5_000).filter_map(vote_milestone).collect();
    assert_eq!(milestones, vec![10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000]);
    assert_eq!(vote_milestone(i64::MAX), None);
}

proptest! {
    #[test]
    fn backoff_never_exceeds_the_cap_nor_shrinks(attempt in 1_u32..1_000) {
        let (base, cap) = (Duration::milliseconds(50), Duration::seconds(30));
        let now = backoff(attempt, base, cap);
        prop_assert!(now <= cap && now >= base);
        prop_assert!(backoff(attempt + 1, base, cap) >= now);
    }
}
