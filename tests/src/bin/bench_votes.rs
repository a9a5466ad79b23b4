//! `cargo run --release -p ideaforge-tests --bin bench_votes`: members voting and unvoting on a
//! few hot ideas at once, on SQLite and PostgreSQL; votes/s, then every counter checked against its
//! rows.
//!
//! Two ways of writing are measured in interleaved rounds (A, B, A, B …):
//! - **as served**: `App::vote`, the whole use case (the idea and contest read, the vote rules), its
//!   write going through the node's group commit;
//! - **one transaction per vote**: each task calls `Store::cast_vote` / `Store::withdraw_vote`
//!   itself, one transaction and one commit per vote, as every vote was written before group commit.
//!
//! Each member belongs to one task, which toggles that member's vote on a random hot idea and so
//! knows what must be stored. After the run every idea's stored count, its vote rows and the tasks'
//! own tally must agree (0 lost, 0 duplicated), and every member's used budget must match their
//! votes. The contest's budget (10 votes) is smaller than the number of hot ideas (12), so some casts
//! are refused; they are counted apart and store nothing.
//!
//! Options: `--members N` (default 2000), `--ideas N` (default 12), `--tasks N` (default 64),
//! `--seconds S` per round (default 3), `--rounds R` (default 5), `--sqlite-only`,
//! `--postgres-only`.
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark that cannot set up has nothing to report")]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ideaforge_app::{App, AppConfig, IdeasError, Store, SystemClock};
use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::{IdeaFilter, IdeaSort, ListAt};
use ideaforge_domain::vote::VoteRefused;
use ideaforge_domain::{ContestId, IdeaId, NewUser, Role, User};
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_store::{StoreError, VoteScope};
use ideaforge_tests::load::Spread;

struct Options {
    members: usize,
    ideas: u64,
    tasks: usize,
    seconds: u64,
    rounds: usize,
    engines: Vec<Engine>,
}

fn options() -> Options {
    let mut options = Options {
        members: 2_000,
        ideas: 12,
        tasks: 64,
        seconds: 3,
        rounds: 5,
        engines: vec![Engine::Sqlite, Engine::Postgres],
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok()).expect("a number after the option");
        match arg.as_str() {
            "--members" => options.members = usize::try_from(value()).expect("fits"),
            "--ideas" => options.ideas = value().max(1),
            "--tasks" => options.tasks = usize::try_from(value()).expect("fits").max(1),
            "--seconds" => options.seconds = value().max(1),
            "--rounds" => options.rounds = usize::try_from(value()).expect("fits").max(1),
            "--sqlite-only" => options.engines = vec![Engine::Sqlite],
            "--postgres-only" => options.engines = vec![Engine::Postgres],
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// How a round writes its votes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Served,
    Direct,
}

/// One task's members, their votes as the task knows them, and a small random generator.
struct Voter {
    members: Vec<User>,
    on: HashMap<(usize, usize), bool>,
    seed: u64,
}

impl Voter {
    fn next(&mut self, n: usize) -> usize {
        // xorshift64: the choice need not be good, only cheap and different per task.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        usize::try_from(self.seed % n as u64).expect("fits")
    }
}

/// What one round did: votes changed and casts refused.
#[derive(Default)]
struct Round {
    changed: u64,
    refused: u64,
}

struct Setup {
    _db: TestDb,
    app: Arc<App>,
    contest: ContestId,
    scope: VoteScope,
    ideas: Vec<IdeaId>,
    voters: Vec<Voter>,
}

async fn setup(engine: Engine, options: &Options) -> Setup {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = Arc::new(App::new(store, Arc::new(SystemClock), &AppConfig::default()));
    let owner = NewUser::parse("bench@example.com", "Bench", "correct horse battery").expect("valid");
    let user = app.create_user(&owner).await.expect("user");
    app.create_org(&user, "bench", "Bench Org").await.expect("org");
    let mut moderator = NewUser::parse("mod@example.com", "Moderator", "correct horse battery").expect("valid");
    moderator.role = Role::Moderator;
    let moderator = app.create_user(&moderator).await.expect("moderator");
    let now = app.now();
    let input = ContestInput {
        title: "Hot ideas",
        brief: "Everyone votes at once.",
        category: "kitchen",
        submission_closes_at: Some(now + time::Duration::days(30)),
        voting_closes_at: Some(now + time::Duration::days(40)),
        vote_budget: Some(10),
        shortlist_at: None,
        influence_pool_bp: Some(500),
        ip_terms: "Terms.",
    };
    let contest =
        app.create_contest(&user, "bench", &NewContest::parse(&input, now).expect("contest")).await.expect("contest");
    app.approve_contest(&moderator, contest).await.expect("approve");
    let generated = ideaforge_server::demo::generate(options.ideas).expect("generate");
    app.import_ideas(&user, Some(contest), &generated).await.expect("import");
    let filter = IdeaFilter { contest: Some(contest), ..IdeaFilter::default() };
    // Every generated idea is hot, however many pages they fill.
    let (mut ideas, mut at) = (Vec::new(), ListAt::First);
    loop {
        let listed = app.store().list_ideas(&filter, IdeaSort::New, at).await.expect("ideas");
        ideas.extend(listed.cards.iter().map(|c| c.id));
        match listed.next(IdeaSort::New) {
            Some(next) => at = ListAt::After(next),
            None => break,
        }
    }
    assert_eq!(ideas.len() as u64, options.ideas, "every hot idea listed");
    let ids = app.store().seed_members("voter", options.members, now).await.expect("members");
    let mut members = Vec::with_capacity(ids.len());
    for id in ids {
        members.push(app.store().user(id).await.expect("read").expect("member"));
    }
    let contest_row = app.visible_contest(None, contest).await.expect("contest");
    let scope = VoteScope { contest, budget: contest_row.vote_budget, shortlist_at: contest_row.shortlist_at };
    let mut voters: Vec<Voter> = (0..options.tasks)
        .map(|t| Voter { members: Vec::new(), on: HashMap::new(), seed: 0x9E37_79B9_7F4A_7C15 ^ (t as u64 + 1) })
        .collect();
    for (i, member) in members.into_iter().enumerate() {
        voters[i % options.tasks].members.push(member);
    }
    Setup { _db: db, app, contest, scope, ideas, voters }
}

/// Runs every task for `seconds` on `path`, and gives the voters back with what they did.
async fn round(setup: &mut Setup, path: Path, seconds: u64) -> (Round, Duration) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for mut voter in std::mem::take(&mut setup.voters) {
        let (app, ideas, scope) = (Arc::clone(&setup.app), setup.ideas.clone(), setup.scope);
        tasks.spawn(async move {
            let mut done = Round::default();
            while Instant::now() < deadline && !voter.members.is_empty() {
                let (m, i) = (voter.next(voter.members.len()), voter.next(ideas.len()));
                let on = !voter.on.get(&(m, i)).copied().unwrap_or(false);
                let (member, idea) = (&voter.members[m], ideas[i]);
                let outcome = match path {
                    Path::Served => app.vote(member, idea, on).await,
                    Path::Direct if on => {
                        app.store().cast_vote(idea, member.id, Some(scope), app.now()).await.map_err(|e| match e {
                            StoreError::BudgetExhausted => VoteRefused::BudgetExhausted(10).into(),
                            other => IdeasError::from(other),
                        })
                    }
                    Path::Direct => app
                        .store()
                        .withdraw_vote(idea, member.id, Some(scope.contest), app.now())
                        .await
                        .map_err(IdeasError::from),
                };
                match outcome {
                    Ok(tally) => {
                        assert_eq!(tally.voted, on, "the vote is as asked");
                        voter.on.insert((m, i), on);
                        done.changed += 1;
                    }
                    Err(IdeasError::Vote(VoteRefused::BudgetExhausted(_))) => done.refused += 1,
                    Err(other) => panic!("vote failed: {other}"),
                }
            }
            (voter, done)
        });
    }
    let mut total = Round::default();
    while let Some(joined) = tasks.join_next().await {
        let (voter, done) = joined.expect("voting task");
        total.changed += done.changed;
        total.refused += done.refused;
        setup.voters.push(voter);
    }
    (total, started.elapsed())
}

/// Checks the stored counts against the rows and the tasks' own tally: (lost, duplicated,
/// counters off, budgets off, votes on record).
async fn check(setup: &Setup) -> (i64, i64, usize, usize, i64) {
    let audit = setup.app.store().vote_audit(setup.contest).await.expect("audit");
    let mut expected: HashMap<IdeaId, i64> = HashMap::new();
    for voter in &setup.voters {
        for (&(_, i), &on) in &voter.on {
            if on {
                *expected.entry(setup.ideas[i]).or_default() += 1;
            }
        }
    }
    let (mut lost, mut duplicated) = (0, 0);
    for idea in &setup.ideas {
        let (want, have) = (expected.get(idea).copied().unwrap_or(0), audit.rows.get(idea).copied().unwrap_or(0));
        lost += (want - have).max(0);
        duplicated += (have - want).max(0);
    }
    (lost, duplicated, audit.counters_off.len(), audit.budgets_off.len(), audit.rows.values().sum())
}

#[tokio::main]
async fn main() {
    let options = options();
    println!(
        "Votes and unvotes on {} hot ideas by {} members from {} concurrent tasks, {} interleaved rounds of {} s, 2 cores.\n",
        options.ideas, options.members, options.tasks, options.rounds, options.seconds
    );
    println!(
        "| engine | writing | votes/s: median (min–max) | refused | lost | duplicated | counters ≠ rows | budgets ≠ votes |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for &engine in &options.engines {
        let mut setup = setup(engine, &options).await;
        let mut rates: HashMap<&str, Vec<f64>> = HashMap::new();
        let mut refused: HashMap<&str, u64> = HashMap::new();
        for _ in 0..options.rounds {
            for (label, path) in
                [("as served (group commit)", Path::Served), ("one transaction per vote", Path::Direct)]
            {
                let (done, elapsed) = round(&mut setup, path, options.seconds).await;
                rates.entry(label).or_default().push(done.changed as f64 / elapsed.as_secs_f64());
                *refused.entry(label).or_default() += done.refused;
            }
        }
        let (lost, duplicated, counters_off, budgets_off, on_record) = check(&setup).await;
        let mark = |n: i64| if n == 0 { format!("{n} ✓") } else { format!("{n} ✗") };
        for label in ["as served (group commit)", "one transaction per vote"] {
            let spread = Spread::of(&rates[label]);
            let target = if label.starts_with("as served") && engine == Engine::Sqlite {
                if spread.median >= 5_000.0 { " (target ≥ 5,000) ✓" } else { " (target ≥ 5,000) ✗" }
            } else {
                ""
            };
            println!(
                "| {engine} | {label} | {:.0} ({:.0}–{:.0}){target} | {} | {} | {} | {} | {} |",
                spread.median,
                spread.min,
                spread.max,
                refused[label],
                mark(lost),
                mark(duplicated),
                mark(i64::try_from(counters_off).expect("fits")),
                mark(i64::try_from(budgets_off).expect("fits")),
            );
        }
        eprintln!("{engine}: {on_record} votes on record after the run");
    }
}
