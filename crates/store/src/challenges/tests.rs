//! Repository tests of the challenge functions that apply the domain's plans, on both engines:
//! an award or an ending is applied whole under the challenge's lock, a refusal changes nothing,
//! and a second try posts nothing.

use ideaforge_domain::challenge::{
    Access, AwardRefused, ChallengeInput, EndReason, NewChallenge, Refused, SolutionBody, SolutionTitle, Status,
};
use ideaforge_domain::ip::{RecordKind, Subject};
use ideaforge_domain::ledger::{Account, IdempotencyKey};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::org::{OrgName, OrgRole, OrgSlug};
use ideaforge_domain::{ChallengeId, SolutionId, User};
use time::{Duration, OffsetDateTime, macros::datetime};

use crate::Store;
use crate::ledger::{PostError, Posting};
use crate::testing::{Engine, TestDb};
use crate::tests::add_user;

crate::on_both_engines!(
    an_award_plan_is_applied_whole_and_once,
    a_refused_decision_changes_nothing,
    ending_refunds_what_the_escrow_holds_once,
);

const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

/// What a test's decision closures return when they refuse.
#[derive(Debug, PartialEq)]
enum Outcome {
    Refused(Refused),
    Failed(String),
}

impl From<Refused> for Outcome {
    fn from(refused: Refused) -> Self {
        Self::Refused(refused)
    }
}

impl From<PostError> for Outcome {
    fn from(e: PostError) -> Self {
        Self::Failed(e.to_string())
    }
}

struct Funded {
    _db: TestDb,
    store: Store,
    challenge: ChallengeId,
    manager: User,
    solver: User,
    solution: SolutionId,
    usd: Currency,
}

/// An open, funded challenge with one solution.
async fn funded(engine: Engine) -> Funded {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let manager = add_user(&store, "manager@capsule.example").await;
    let moderator = add_user(&store, "moderator@example.com").await;
    let solver = add_user(&store, "solver@example.com").await;
    let slug = OrgSlug::parse("capsule").expect("slug");
    let org = store.create_org(&slug, &OrgName::parse("Capsule").expect("name"), manager.id, NOW).await.expect("org");
    let criteria = vec![("Feasibility".to_owned(), 1)];
    let input = ChallengeInput {
        title: "A compostable capsule",
        public_statement: "Compost at home.",
        confidential_details: "PLA-7.",
        kind: "ideation",
        difficulty: "low",
        category: "materials",
        award_minor: Some(100_000),
        currency: "USD",
        split: &[10_000],
        deadline: Some(NOW + Duration::days(30)),
        criteria: &criteria,
        ip_terms: "assign",
        anonymous: true,
        language: "en",
    };
    let new = NewChallenge::parse(&input, NOW).expect("challenge");
    let id = store.create_challenge(org.id, &new, 1_000, manager.id, NOW).await.expect("create");
    let written_in = store.challenge(id).await.expect("read").expect("there").terms.language;
    assert_eq!(written_in, Some(ideaforge_domain::ContentLanguage::English), "the language is recorded");
    assert!(store.set_challenge_status(id, &[Status::Draft], Status::InReview, manager.id, NOW).await.expect("send"));
    assert!(store.approve_challenge(id, moderator.id, NOW).await.expect("approve"));
    let usd = Currency::parse("USD").expect("usd");
    let key = IdempotencyKey::parse("fund:challenge:test-1").expect("key");
    let posting =
        Posting { key: &key, kind: "fund_escrow", memo: "", reference: Some("BANK-1"), actor: Some(moderator.id) };
    store.fund_challenge(id, Money::new(110_000, usd), &posting, NOW).await.expect("fund").expect("taken");
    assert_eq!(store.challenge(id).await.expect("read").expect("found").status, Status::Open, "funded opens it");
    store.accept_agreement(id, solver.id, &"0".repeat(64), NOW).await.expect("agree");
    let title = SolutionTitle::parse("Mycelium").expect("title");
    let body = SolutionBody::parse("Grow it.").expect("body");
    let solution = store.submit_solution(id, solver.id, &title, &body, NOW).await.expect("submit");
    Funded { _db: db, store, challenge: id, manager, solver, solution, usd }
}

fn manager_access(world: &Funded) -> Access {
    Access { user: Some(world.manager.id), role: Some(OrgRole::Owner), ..Access::default() }
}

async fn an_award_plan_is_applied_whole_and_once(engine: Engine) {
    let w = funded(engine).await;
    let after = NOW + Duration::days(31);
    let access = manager_access(&w);
    let solution = w.store.solution(w.solution).await.expect("read").expect("found");
    let award = w
        .store
        .award(w.challenge, w.manager.id, after, |c, made| {
            c.award(&access, &solution, false, 1, made, after).map_err(Outcome::from)
        })
        .await
        .expect("awarded");
    assert_eq!((award.amount.minor(), award.fee.minor()), (100_000, 10_000));
    let balance = |account: Account| {
        let store = &w.store;
        async move { store.balance(&account).await.expect("balance") }
    };
    assert_eq!(balance(Account::payable(w.solver.id, w.usd)).await, 100_000, "the full share to the solver");
    assert_eq!(balance(Account::platform_revenue(w.usd)).await, 10_000, "the fee to the platform");
    assert_eq!(balance(Account::escrow(w.challenge, w.usd)).await, 0, "escrow spent exactly");
    let challenge = w.store.challenge(w.challenge).await.expect("read").expect("found");
    assert_eq!(challenge.status, Status::Awarded);
    let records = w.store.ip_records(Subject::Solution(w.solution)).await.expect("records");
    assert_eq!(records.last().map(|r| r.kind), Some(RecordKind::Assigned), "the IP moves with the award");
    let heard = w.store.notifications_of(w.solver.id, 10).await.expect("notifications");
    assert_eq!(heard.first().map(|n| n.kind.as_str()), Some("awarded"));

    // The same award again: the domain refuses under the lock and nothing is posted twice.
    let again = w
        .store
        .award(w.challenge, w.manager.id, after, |c, made| {
            c.award(&access, &solution, false, 1, made, after).map_err(Outcome::from)
        })
        .await;
    assert_eq!(again.err(), Some(Outcome::Refused(Refused::Award(AwardRefused::AlreadyAwarded))));
    assert_eq!(balance(Account::payable(w.solver.id, w.usd)).await, 100_000);
    assert_eq!(w.store.awards(w.challenge).await.expect("awards").len(), 1);
}

async fn a_refused_decision_changes_nothing(engine: Engine) {
    let w = funded(engine).await;
    let access = manager_access(&w);
    let solution = w.store.solution(w.solution).await.expect("read").expect("found");
    // Before the deadline the domain refuses; the store writes nothing.
    let early = w
        .store
        .award(w.challenge, w.manager.id, NOW, |c, made| {
            c.award(&access, &solution, false, 1, made, NOW).map_err(Outcome::from)
        })
        .await;
    assert_eq!(early.err(), Some(Outcome::Refused(Refused::NotJudging)));
    assert!(w.store.awards(w.challenge).await.expect("awards").is_empty());
    assert_eq!(w.store.balance(&Account::escrow(w.challenge, w.usd)).await.expect("balance"), 110_000);
    let ended = w
        .store
        .end_challenge(w.challenge, w.manager.id, NOW, |_, _, _| Err::<_, Outcome>(Refused::Forbidden.into()))
        .await;
    assert_eq!(ended.err(), Some(Outcome::Refused(Refused::Forbidden)));
    assert_eq!(w.store.challenge(w.challenge).await.expect("read").expect("found").status, Status::Open);
}

async fn ending_refunds_what_the_escrow_holds_once(engine: Engine) {
    let w = funded(engine).await;
    // A solution arrived (counted with it): the seeker can no longer cancel.
    let loaded = w.store.challenge(w.challenge).await.expect("read").expect("found");
    assert_eq!(loaded.solutions, 1);
    let seeker = manager_access(&w);
    let refused = w
        .store
        .end_challenge(w.challenge, w.manager.id, NOW, |c, held, solvers| {
            c.end(&seeker, Status::Cancelled, held, solvers, None, NOW).map_err(Outcome::from)
        })
        .await;
    assert_eq!(refused.err(), Some(Outcome::Refused(Refused::SolutionsArrived)));
    let access = Access { admin: true, moderator: true, ..manager_access(&w) };
    let why = || Some(EndReason::parse("The seeker's funds were withdrawn.").expect("reason"));
    let refund = w
        .store
        .end_challenge(w.challenge, w.manager.id, NOW, |c, held, solvers| {
            assert_eq!(solvers, &[w.solver.id][..], "the decision sees who entered");
            c.end(&access, Status::Cancelled, held, solvers, why(), NOW).map_err(Outcome::from)
        })
        .await
        .expect("cancelled");
    let ended = w.store.challenge(w.challenge).await.expect("read").expect("found");
    assert_eq!(ended.end_reason, why(), "the public reason is kept");
    assert_eq!(refund, Money::new(110_000, w.usd));
    assert_eq!(w.store.balance(&Account::escrow(w.challenge, w.usd)).await.expect("balance"), 0);
    assert_eq!(w.store.challenge(w.challenge).await.expect("read").expect("found").status, Status::Cancelled);
    let heard = w.store.notifications_of(w.solver.id, 10).await.expect("notifications");
    assert_eq!(heard.first().map(|n| n.kind.as_str()), Some("challenge_ended"));
    // Ending again: the domain sees the new status and refuses; nothing is refunded twice.
    let again = w
        .store
        .end_challenge(w.challenge, w.manager.id, NOW, |c, held, solvers| {
            c.end(&access, Status::Cancelled, held, solvers, why(), NOW).map_err(Outcome::from)
        })
        .await;
    assert_eq!(again.err(), Some(Outcome::Refused(Refused::WrongStatus)));
}
