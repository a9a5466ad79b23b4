//! Solving a challenge: its agreement, solutions and their revisions, reading them, scoring and the
//! judging board.

use ideaforge_domain::challenge::{
    Acceptance, Scorecard, Solution, SolutionBody, SolutionTitle, sha256_hex, weighted_total,
};
use ideaforge_domain::challenge::{Access, Challenge, ChallengeAction, OpeningReason, Refused};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, Language, Role, SolutionId, User, UserId};
use ideaforge_store::StoreError;

use super::{Board, BoardRow, ChallengeView, ChallengesError, Refusal, SolutionView, invalid};
use crate::App;

fn parse_solution(title: &str, body: &str) -> Result<(SolutionTitle, SolutionBody), ChallengesError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", SolutionTitle::parse(title));
    let body = errors.check("body", SolutionBody::parse(body));
    match (title, body) {
        (Some(title), Some(body)) => Ok((title, body)),
        _ => Err(ChallengesError::Invalid(errors)),
    }
}

impl App {
    /// The agreement a member must accept for a challenge, in `language`: its text, its SHA-256
    /// and their acceptance, if any.
    pub async fn agreement(
        &self,
        actor: &User,
        id: ChallengeId,
        language: Language,
    ) -> Result<(ChallengeView, String, String), ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        let text = challenge.agreement_text(language);
        let hash = sha256_hex(&text);
        Ok((self.view(challenge, access).await?, text, hash))
    }

    /// Accepts a challenge's agreement; records the time and the SHA-256 of the text read. If the
    /// member names the hash they read, it must be the current text's in one of the languages it
    /// is written in (that version is recorded); otherwise the version in their own language is.
    pub async fn accept_agreement(
        &self,
        actor: &User,
        id: ChallengeId,
        read_sha256: Option<&str>,
    ) -> Result<Acceptance, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::AcceptAgreement, &challenge, None)?;
        if let Some(existing) = access.accepted {
            return Ok(existing);
        }
        let now = self.clock.now();
        access.may(ChallengeAction::AcceptAgreement, &challenge, now)?;
        let read = read_sha256.map(str::trim).filter(|read| !read.is_empty());
        let own = actor.language.unwrap_or(Language::English);
        let hash = match read {
            Some(read) => Language::ALL
                .iter()
                .map(|language| sha256_hex(&challenge.agreement_text(*language)))
                .find(|hash| hash == read)
                .ok_or_else(|| invalid("agreement_sha256", Invalid::Mismatch))?,
            None => sha256_hex(&challenge.agreement_text(own)),
        };
        Ok(self.store.accept_agreement(id, actor.id, &hash, now).await?)
    }

    /// Submits a solution (solvers who accepted the agreement, before the deadline).
    pub async fn submit_solution(
        &self,
        actor: &User,
        id: ChallengeId,
        title: &str,
        body: &str,
    ) -> Result<SolutionId, ChallengesError> {
        let (challenge, access) = self.visible_challenge(Some(actor), id).await?;
        access.permitted(ChallengeAction::Solve, &challenge, None)?;
        let (title, body) = parse_solution(title, body)?;
        let now = self.clock.now();
        access.may(ChallengeAction::Solve, &challenge, now)?;
        match self.store.submit_solution(id, actor.id, &title, &body, now).await {
            Ok(id) => Ok(id),
            Err(StoreError::Conflict) => Err(Refusal::AlreadySubmitted.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// Revises one's own solution before the deadline; every revision is kept.
    pub async fn revise_solution(
        &self,
        actor: &User,
        id: SolutionId,
        title: &str,
        body: &str,
    ) -> Result<i32, ChallengesError> {
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        if solution.author != actor.id {
            return Err(ChallengesError::NotFound);
        }
        let (title, body) = parse_solution(title, body)?;
        let (challenge, access) = self.visible_challenge(Some(actor), solution.challenge).await?;
        access.may(ChallengeAction::Solve, &challenge, self.clock.now())?;
        self.count_post(actor, "revision").map_err(ChallengesError::TooMany)?;
        Ok(self.store.revise_solution(&solution, &title, &body, self.clock.now()).await?)
    }

    /// A solution, for its author always; for the seeker's owner/managers/judges and admins once
    /// the deadline has passed (before it, sealed: refused as such), or for an admin who opened it
    /// with a reason. Anyone else is told it does not exist.
    pub async fn solution_view(&self, viewer: Option<&User>, id: SolutionId) -> Result<SolutionView, ChallengesError> {
        let viewer = viewer.ok_or(ChallengesError::NotFound)?;
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        let challenge = self.store.challenge(solution.challenge).await?.ok_or(ChallengesError::NotFound)?;
        let access = self.access(Some(viewer), &challenge).await?;
        let is_author = solution.author == viewer.id;
        let openings = self.store.solution_openings(id).await?;
        let opened = openings.iter().any(|o| o.admin == viewer.id);
        access.may_read_solution(&challenge, solution.author, opened, self.clock.now())?;
        let revisions = self.store.solution_revisions(id).await?;
        let my_scores = self
            .store
            .challenge_scores(challenge.id)
            .await?
            .into_iter()
            .filter(|s| s.solution == id && s.judge == viewer.id)
            .map(|s| (s.criterion, s.score.get()))
            .collect();
        let award = self.store.awards(challenge.id).await?.into_iter().find(|a| a.solution == id);
        let challenge = self.view(challenge, access).await?;
        Ok(SolutionView { solution, challenge, revisions, is_author, my_scores, award, openings })
    }

    /// Opens a sealed solution (administrators, with a stated reason that its solver sees): the
    /// opening is recorded, then the solution is shown.
    pub async fn open_sealed_solution(
        &self,
        actor: &User,
        id: SolutionId,
        reason: &str,
    ) -> Result<SolutionView, ChallengesError> {
        if actor.role != Role::Admin {
            return Err(ChallengesError::Forbidden);
        }
        let reason = OpeningReason::parse(reason).map_err(|why| invalid("reason", why))?;
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        self.store.open_solution(&solution, actor.id, &reason, self.clock.now()).await?;
        self.solution_view(Some(actor), id).await
    }

    /// The member's own solutions, newest first, with their challenges.
    pub async fn my_solutions(&self, actor: &User) -> Result<Vec<(Solution, ChallengeView)>, ChallengesError> {
        let mut out = Vec::new();
        for solution in self.store.solutions_by(actor.id).await? {
            if let Some(challenge) = self.store.challenge(solution.challenge).await? {
                let access = self.access(Some(actor), &challenge).await?;
                out.push((solution, ChallengeView::new(challenge, access, self.clock.now())?));
            }
        }
        Ok(out)
    }

    /// Scores a solution on every criterion (the seeker's judges, managers and owners, once the
    /// deadline has passed). A judge's new scorecard replaces their earlier one.
    pub async fn score_solution(
        &self,
        actor: &User,
        id: SolutionId,
        scores: &[(String, i64)],
    ) -> Result<(), ChallengesError> {
        let (solution, challenge, access, readable) = self.scorer(actor, id).await?;
        let card = Scorecard::parse(&challenge.terms.criteria, scores).map_err(ChallengesError::Invalid)?;
        readable?;
        access.may(ChallengeAction::Score, &challenge, self.clock.now())?;
        Ok(self.store.set_scores(&solution, actor.id, &card, self.clock.now()).await?)
    }

    /// Whether `actor` may score the solution at all (who, not when): forms ask before they read
    /// the scores.
    pub async fn check_scoring(&self, actor: &User, id: SolutionId) -> Result<(), ChallengesError> {
        self.scorer(actor, id).await.map(|_| ())
    }

    /// The solution, its challenge and the actor's access, once the actor is known to be a scorer
    /// (an outsider is told it does not exist); whether they may read it now comes back for the
    /// state check that follows the fields.
    async fn scorer(
        &self,
        actor: &User,
        id: SolutionId,
    ) -> Result<(Solution, Challenge, Access, Result<(), Refused>), ChallengesError> {
        let solution = self.store.solution(id).await?.ok_or(ChallengesError::NotFound)?;
        let challenge = self.store.challenge(solution.challenge).await?.ok_or(ChallengesError::NotFound)?;
        let access = self.access(Some(actor), &challenge).await?;
        let readable = access.may_read_solution(&challenge, solution.author, false, self.clock.now());
        if readable == Err(Refused::Hidden) {
            return Err(ChallengesError::NotFound);
        }
        access.permitted(ChallengeAction::Score, &challenge, Some(solution.author))?;
        Ok((solution, challenge, access, readable))
    }

    /// The judging board: solutions ranked by weighted score (the seeker organization and admins).
    pub async fn judging_board(&self, actor: &User, id: ChallengeId) -> Result<Board, ChallengesError> {
        let (challenge, access) = self.allowed(actor, id, ChallengeAction::ViewBoard).await?;
        let scores = self.store.challenge_scores(id).await?;
        let awards = self.store.awards(id).await?;
        let solutions = self.store.challenge_solutions(id).await?;
        // One read of the organization's members, not one per solution.
        let members: Vec<UserId> =
            self.store.org_members(challenge.org.id).await?.into_iter().map(|m| m.user).collect();
        let insiders: Vec<SolutionId> =
            solutions.iter().filter(|s| members.contains(&s.author)).map(|s| s.id).collect();
        let mut rows: Vec<BoardRow> = solutions
            .into_iter()
            .map(|solution| {
                let mine: Vec<_> =
                    scores.iter().filter(|s| s.solution == solution.id).map(|s| (s.criterion, s.score)).collect();
                let mut judges: Vec<UserId> =
                    scores.iter().filter(|s| s.solution == solution.id).map(|s| s.judge).collect();
                judges.sort_unstable();
                judges.dedup();
                let award = awards.iter().find(|a| a.solution == solution.id).cloned();
                BoardRow {
                    total: weighted_total(&challenge.terms.criteria, &mine),
                    judges: judges.len(),
                    award,
                    author_in_seeker: insiders.contains(&solution.id),
                    solution,
                }
            })
            .collect();
        rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.solution.id.cmp(&b.solution.id)));
        let awarded: u32 = awards.iter().map(|a| u32::from(a.share.get())).sum();
        let unawarded_bp = u16::try_from(10_000_u32.saturating_sub(awarded)).unwrap_or(0);
        let open_places = (1_u8..)
            .zip(challenge.terms.split.as_slice().iter().copied())
            .filter(|(place, _)| !awards.iter().any(|a| a.place == *place))
            .collect();
        Ok(Board { challenge: self.view(challenge, access).await?, rows, unawarded_bp, open_places })
    }
}
