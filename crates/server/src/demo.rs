//! Demo content for trying Ideaforge out: accounts, organizations, contests and realistic ideas
//! (some in Korean and Italian) with votes, comments and stage moves, challenges and funding
//! campaigns (`demo_campaigns`), so that a newcomer sees a living site. Loaded only on request and never in production; loading twice adds nothing.

use anyhow::{Context, anyhow};
use ideaforge_app::{App, IdeasError, RegisterError};
use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::IdeaContent;
use ideaforge_domain::{ContestId, IdeaId, NewUser, Role, User};
use time::Duration;

/// The demo accounts' shared password, printed when the demo loads.
pub const DEMO_PASSWORD: &str = "ideaforge-demo";

/// The demo accounts: e-mail, name, role.
pub const DEMO_USERS: [(&str, &str, Role); 8] = [
    ("admin@demo.ideaforge.dev", "Demo Admin", Role::Admin),
    ("moderator@demo.ideaforge.dev", "Demo Moderator", Role::Moderator),
    ("manager@demo.ideaforge.dev", "Morgan Manager", Role::Member),
    ("ada@demo.ideaforge.dev", "Ada Inventor", Role::Member),
    ("grace@demo.ideaforge.dev", "Grace Solver", Role::Member),
    ("minjun@demo.ideaforge.dev", "김민준", Role::Member),
    ("giulia@demo.ideaforge.dev", "Giulia Rossi", Role::Member),
    ("sam@demo.ideaforge.dev", "Sam Okafor", Role::Member),
];

/// What a demo load created.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Accounts created.
    pub accounts: usize,
    /// Ideas created (hand-written and generated).
    pub ideas: u64,
}

const IDEAS: &[(usize, &str, &str, &str, &str, &str)] = &[
    // (contest index, author, title, summary, body, tags)
    (
        0,
        "ada",
        "Kettle that starts when you come home",
        "Boiling water ready the moment you walk in",
        "The kettle pairs with your phone and starts **two minutes** before you arrive.\n\n- no app to open\n- works offline with a schedule",
        "kettle, smart-home",
    ),
    (
        0,
        "grace",
        "Whisper-quiet blender",
        "A blender you can use at 6 a.m. without waking anyone",
        "A brushless motor in a sealed, sound-damped jar base. Target: under 60 dB.",
        "blender, quiet",
    ),
    (
        0,
        "minjun",
        "음식물 쓰레기 건조기 내장 싱크대",
        "설거지하면서 음식물 쓰레기를 바로 말리는 싱크대",
        "싱크대 아래에 작은 건조기를 넣어 냄새 없이 음식물 쓰레기를 처리합니다. 한국 아파트 주방에 맞는 크기입니다.",
        "주방, 쓰레기",
    ),
    (
        0,
        "giulia",
        "Macchina per la pasta fresca silenziosa",
        "Pasta fresca in dieci minuti, senza rumore",
        "Un impastatore a bassa velocità con trafile intercambiabili. Perfetta per le cucine piccole di città.",
        "pasta, cucina",
    ),
    (
        0,
        "sam",
        "Fridge that tells you what to cook",
        "Suggests recipes from what is about to expire",
        "Cameras inside the door read labels; a small screen shows three recipes that use what expires first.",
        "fridge, food-waste",
    ),
    (
        1,
        "giulia",
        "Bici cargo condivise per il quartiere",
        "Bici cargo elettriche da prendere e lasciare sotto casa",
        "Stazioni piccole ogni 300 metri, prenotazione con un SMS. Pensate per la spesa e i bambini.",
        "bici, condivisione",
    ),
    (
        1,
        "minjun",
        "지하철역 자전거 보관함",
        "비와 도난 걱정 없는 역 앞 자전거 보관함",
        "교통카드로 여는 잠금식 보관함을 모든 지하철역에 설치합니다. 충전 기능이 있는 칸도 있습니다.",
        "자전거, 지하철",
    ),
    (
        1,
        "ada",
        "Bus stops that show real crowding",
        "Know if the next bus is full before it arrives",
        "Each bus counts passengers at the doors; stops show a simple full / half / empty bar.",
        "bus, transit",
    ),
    (
        1,
        "grace",
        "Puddle-proof crossings",
        "Raised crossings that drain, so nobody steps into a lake",
        "A slightly raised, textured crossing with side drains, also slowing cars down.",
        "walking, safety",
    ),
    (
        2,
        "sam",
        "Library of things",
        "Borrow a drill instead of buying one",
        "A neighbourhood shelf of tools and appliances, lent with the same card as books.",
        "sharing, tools",
    ),
    (
        2,
        "giulia",
        "Orti condivisi sui tetti",
        "Trasformare i tetti piani in orti per il condominio",
        "Un kit di vasche leggere e irrigazione a goccia, con un calendario condiviso per le cure.",
        "orto, condominio",
    ),
];

const COMMENTS: &[(usize, &str, &str)] = &[
    (0, "grace", "I would buy this tomorrow. Could it also keep the water warm?"),
    (0, "sam", "Make sure it never boils an empty kettle!"),
    (1, "ada", "60 dB would be amazing. What about cleaning the sealed base?"),
    (2, "giulia", "Ottima idea, anche in Italia servirebbe."),
    (3, "minjun", "파스타 좋아요! 소음이 얼마나 되나요?"),
    (5, "sam", "Would love this near the market."),
    (6, "ada", "Charging slots for e-bikes would be great."),
];

async fn account(app: &App, email: &str, name: &str, role: Role) -> anyhow::Result<(User, bool)> {
    let mut new = NewUser::parse(email, name, DEMO_PASSWORD).map_err(|e| anyhow!("demo user {email}: {e:?}"))?;
    new.role = role;
    new.email_verified = true;
    match app.create_user(&new).await {
        Ok(user) => Ok((user, true)),
        Err(RegisterError::Invalid(_)) => {
            let email = ideaforge_domain::Email::parse(email).map_err(|e| anyhow!("{e}"))?;
            let user = app.store().user_with_password(&email).await?.map(|(u, _)| u);
            Ok((user.context("demo user vanished")?, false))
        }
        Err(e) => Err(anyhow!("demo user {email}: {e}")),
    }
}

fn contest(
    title: &str,
    brief: &str,
    category: &str,
    budget: Option<i64>,
    now: time::OffsetDateTime,
) -> anyhow::Result<NewContest> {
    let input = ContestInput {
        title,
        brief,
        category,
        submission_closes_at: Some(now + Duration::days(30)),
        voting_closes_at: Some(now + Duration::days(45)),
        vote_budget: budget,
        shortlist_at: None,
        influence_pool_bp: Some(500),
        ip_terms: "On selection the organization receives an exclusive licence to make and sell the product. \
                   If development is abandoned, all rights revert to the contributors.",
    };
    NewContest::parse(&input, now).map_err(|e| anyhow!("demo contest {title}: {e:?}"))
}

fn ideas_err(e: IdeasError) -> anyhow::Error {
    anyhow!("demo content: {e}")
}

/// Loads the demo, plus `extra_ideas` generated ideas in the first contest (for load tests).
pub async fn load(app: &App, extra_ideas: u64) -> anyhow::Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut users = std::collections::HashMap::new();
    for (email, name, role) in DEMO_USERS {
        let (user, created) = account(app, email, name, role).await?;
        loaded.accounts += usize::from(created);
        users.insert(email.split('@').next().unwrap_or_default().to_owned(), user);
    }
    let get = |name: &str| users.get(name).cloned().ok_or_else(|| anyhow!("demo user {name} missing"));
    let (manager, moderator) = (get("manager")?, get("moderator")?);
    let acme = ideaforge_domain::org::OrgSlug::parse("acme").map_err(|e| anyhow!("{e}"))?;
    let already = app.store().org_by_slug(&acme).await?.is_some();
    let contests = if already {
        app.public_contests(100).await.map_err(ideas_err)?.into_iter().rev().map(|c| c.id).collect::<Vec<_>>()
    } else {
        app.create_org(&manager, "acme", "Acme Appliances").await.map_err(ideas_err)?;
        app.create_org(&manager, "citta-verde", "Città Verde Mobilità").await.map_err(ideas_err)?;
        app.create_org(&manager, "commons", "Neighbourhood Commons").await.map_err(ideas_err)?;
        // The demo's admin adds the categories the starters lack.
        let admin = get("admin")?;
        for (slug, name) in [("community", "Community"), ("garden", "Garden")] {
            match app.create_category(&admin, slug, name).await {
                Err(IdeasError::Invalid(errors)) if errors.get("slug") != Some(ideaforge_domain::Invalid::Taken) => {
                    return Err(ideas_err(IdeasError::Invalid(errors)));
                }
                Ok(_) | Err(IdeasError::Invalid(_)) => {}
                Err(e) => return Err(ideas_err(e)),
            }
        }
        let now = app.now();
        let specs = [
            (
                "acme",
                "The quiet kitchen",
                "Our customers cook early and late. **What would make a kitchen quieter, cleaner or smarter?**\n\nThe best ideas go into our 2027 range.",
                "kitchen",
                Some(5),
            ),
            (
                "citta-verde",
                "Getting around the city",
                "Idee per muoversi meglio in città: bici, autobus, marciapiedi. Ideas in any language are welcome.",
                "mobility",
                None,
            ),
            ("commons", "Shared spaces", "How can neighbours share more and buy less?", "community", None),
        ];
        let mut ids = Vec::new();
        for (org, title, brief, category, budget) in specs {
            let id = app
                .create_contest(&manager, org, &contest(title, brief, category, budget, now)?)
                .await
                .map_err(ideas_err)?;
            app.approve_contest(&moderator, id).await.map_err(ideas_err)?;
            ids.push(id);
        }
        app.create_contest(
            &manager,
            "acme",
            &contest("Smart garden tools", "Tools that help small gardens thrive.", "garden", None, now)?,
        )
        .await
        .map_err(ideas_err)?;
        let mut ideas: Vec<IdeaId> = Vec::new();
        for (contest_index, author, title, summary, body, tags) in IDEAS {
            let category = ["kitchen", "mobility", "community"][*contest_index];
            let content = IdeaContent::parse(title, summary, body, category, tags)
                .map_err(|e| anyhow!("demo idea {title}: {e:?}"))?;
            let contest = ids.get(*contest_index).copied();
            ideas.push(app.submit_idea(&get(author)?, contest, &content, &[]).await.map_err(ideas_err)?);
            loaded.ideas += 1;
        }
        let open = IdeaContent::parse(
            "Repair café kit",
            "Everything a volunteer group needs to run a repair café",
            "Checklists, a tool list and posters.",
            "community",
            "repair",
        )
        .map_err(|e| anyhow!("{e:?}"))?;
        app.submit_idea(&get("ada")?, None, &open, &[]).await.map_err(ideas_err)?;
        loaded.ideas += 1;
        for (i, idea) in ideas.iter().enumerate() {
            for (j, voter) in ["ada", "grace", "minjun", "giulia", "sam", "manager"].iter().enumerate() {
                if (i + j) % 3 != 0 {
                    // Own ideas and spent budgets are refused by the rules: that is fine here.
                    let _ = app.vote(&get(voter)?, *idea, true).await;
                }
            }
        }
        for (idea, author, body) in COMMENTS {
            app.comment(&get(author)?, ideas[*idea], None, body).await.map_err(ideas_err)?;
        }
        app.move_stage(&manager, ideas[0], "shortlisted", "Strong support from the community", None)
            .await
            .map_err(ideas_err)?;
        app.move_stage(&manager, ideas[5], "shortlisted", "Piace a tutti", None).await.map_err(ideas_err)?;
        app.move_stage(&manager, ideas[5], "selected", "Partiamo con un progetto pilota", None)
            .await
            .map_err(ideas_err)?;
        challenges(app, &manager, &moderator, &get("admin")?, &get("grace")?).await?;
        let (ada, grace, minjun, sam) = (get("ada")?, get("grace")?, get("minjun")?, get("sam")?);
        let cast = crate::demo_campaigns::Cast {
            manager: &manager,
            moderator: &moderator,
            backers: [&ada, &grace, &minjun, &sam],
        };
        crate::demo_campaigns::load(app, &cast, ideas[5], ideas[0]).await?;
        ids
    };
    if extra_ideas > 0 {
        let first: Option<ContestId> = contests.first().copied();
        let generated = generate(extra_ideas)?;
        loaded.ideas += app.import_ideas(&get("sam")?, first, &generated).await.map_err(ideas_err)?;
    }
    Ok(loaded)
}

fn challenges_err(e: ideaforge_app::ChallengesError) -> anyhow::Error {
    anyhow!("demo challenge: {e}")
}

/// Two challenges of Acme: an anonymous one, approved, funded and open with a solution from
/// Grace, and a draft.
async fn challenges(app: &App, manager: &User, moderator: &User, admin: &User, solver: &User) -> anyhow::Result<()> {
    use ideaforge_domain::challenge::{ChallengeInput, NewChallenge};
    let now = app.now();
    let criteria = [("Feasibility".to_owned(), 50), ("Cost".to_owned(), 30), ("Novelty".to_owned(), 20)];
    let input = ChallengeInput {
        title: "A coffee capsule that composts at home",
        public_statement: "We are looking for a coffee capsule that keeps coffee fresh for a year and breaks down \
                           in a garden compost heap within 90 days.",
        confidential_details: "Our current capsule uses a PLA blend with an aluminium lid; the lid is the problem.",
        kind: "reduction_to_practice",
        difficulty: "high",
        category: "materials",
        award_minor: Some(1_500_000),
        currency: "USD",
        split: &[7_000, 3_000],
        deadline: Some(now + Duration::days(60)),
        criteria: &criteria,
        ip_terms: "assign",
        anonymous: true,
        language: "en",
    };
    let new = NewChallenge::parse(&input, now).map_err(|e| anyhow!("demo challenge: {e:?}"))?;
    let id = app.create_challenge(manager, "acme", &new).await.map_err(challenges_err)?;
    app.submit_challenge(manager, id).await.map_err(challenges_err)?;
    app.approve_challenge(moderator, id).await.map_err(challenges_err)?;
    let amount = ideaforge_app::MoneyInput { amount_minor: Some(1_650_000), currency: "USD" };
    app.record_escrow(admin, id, amount, "DEMO-WIRE-0001").await.map_err(challenges_err)?;
    app.accept_agreement(solver, id, None).await.map_err(challenges_err)?;
    app.submit_solution(solver, id, "Mycelium lid", "Replace the aluminium lid with a pressed mycelium disc.")
        .await
        .map_err(challenges_err)?;
    app.ask_question(solver, id, "May the capsule be slightly larger than today's?").await.map_err(challenges_err)?;
    let draft = ChallengeInput {
        title: "Dishwasher that uses half the water",
        public_statement: "Cut the water use of a standard dishwasher cycle by half.",
        confidential_details: "Our pump supplier's specifications are attached to the agreement.",
        kind: "ideation",
        difficulty: "medium",
        category: "kitchen",
        award_minor: Some(500_000),
        split: &[10_000],
        anonymous: false,
        ..input
    };
    let new = NewChallenge::parse(&draft, now).map_err(|e| anyhow!("demo challenge: {e:?}"))?;
    app.create_challenge(manager, "acme", &new).await.map_err(challenges_err)?;
    Ok(())
}

/// `n` varied, valid ideas: mostly English, every seventh Korean, every eleventh Italian.
pub fn generate(n: u64) -> anyhow::Result<Vec<IdeaContent>> {
    const ADJECTIVES: [&str; 12] = [
        "quiet",
        "foldable",
        "solar",
        "modular",
        "smart",
        "compact",
        "washable",
        "repairable",
        "stackable",
        "wireless",
        "insulated",
        "recycled",
    ];
    const THINGS: [&str; 12] = [
        "kettle",
        "toaster",
        "blender",
        "lamp",
        "drying rack",
        "spice rack",
        "lunch box",
        "cutting board",
        "fan",
        "water filter",
        "bread box",
        "coffee grinder",
    ];
    const USES: [&str; 8] = [
        "small flats",
        "night shifts",
        "camping",
        "students",
        "big families",
        "shared kitchens",
        "older people",
        "balconies",
    ];
    (0..n)
        .map(|i| {
            let i = usize::try_from(i).unwrap_or(usize::MAX);
            let (adjective, thing, usage) = (ADJECTIVES[i % 12], THINGS[(i / 12) % 12], USES[(i / 144) % 8]);
            let (title, summary, body) = if i % 7 == 3 {
                (
                    format!("접이식 {thing} {i}"),
                    "좁은 주방을 위한 접이식 주방용품".to_owned(),
                    format!("작은 아파트에서 쓰기 좋은 {thing}입니다. 번호 {i}."),
                )
            } else if i % 11 == 5 {
                (
                    format!("{thing} pieghevole {i}"),
                    "Per cucine piccole e case condivise".to_owned(),
                    format!("Un {thing} che si ripiega. Numero {i}."),
                )
            } else {
                (
                    format!("A {adjective} {thing} for {usage} ({i})"),
                    format!("A {adjective} {thing} designed for {usage}"),
                    format!("This {thing} is **{adjective}** and built for {usage}. Idea number {i}."),
                )
            };
            let tags = format!("{}, {}", thing.replace(' ', "-"), adjective);
            IdeaContent::parse(&title, &summary, &body, "kitchen", &tags)
                .map_err(|e| anyhow!("generated idea {i}: {e:?}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::generate;

    #[test]
    fn generated_ideas_are_valid_and_multilingual() {
        let ideas = generate(200).expect("valid");
        assert_eq!(ideas.len(), 200);
        assert!(ideas.iter().any(|i| i.title.as_str().contains("접이식")));
        assert!(ideas.iter().any(|i| i.title.as_str().contains("pieghevole")));
    }
}
