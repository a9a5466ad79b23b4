//! The IP register as people use it: verifying the chain, reading records (with anonymous seekers
//! kept anonymous), checking a text against a record's content hash, an idea's rights, influence
//! shares and royalties.

use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::ip::{Broken, ChainHead, Party, Record, Share, Shares, Subject, rights, verify, verify_from};
use ideaforge_domain::ledger::LedgerError;
use ideaforge_domain::money::{Currency, MAX_MINOR, Money};
use ideaforge_domain::org::OrgRole;
use ideaforge_domain::royalty::{
    Earning, RoyaltyRefused, plan_receipt, plan_shares, plan_statement, shares_may_be_set,
};
use ideaforge_domain::{Email, FieldErrors, IdeaId, Invalid, Role, User, UserId};
use ideaforge_store::{PostError, Posting, RoyaltyLine, RoyaltyStatement, StoreError};

use crate::payments::PaymentProvider;
use crate::{App, IdeasError, Internal};

/// The result of recomputing the whole chain.
#[derive(Clone, Copy, Debug)]
pub struct IpReport {
    /// How many records there are.
    pub records: usize,
    /// The first record that does not verify, if any.
    pub first_broken: Option<Broken>,
    /// How many records this verification hashed (the rest were verified before).
    pub checked: usize,
}

/// A party as a viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyView {
    /// The stored reference (`user:5`, `org:2`, `seeker:7` for a challenge's seeker).
    pub reference: String,
    /// A display name; `None` for an anonymous seeker the viewer may not know.
    pub name: Option<String>,
}

/// A record as a viewer may see it: hashes, kind, subject and parties (an anonymous seeker's name
/// left out; records name seekers through their challenge, so the hash reveals nothing either).
#[derive(Clone, Debug)]
pub struct RecordView {
    /// The record.
    pub record: Record,
    /// Its parties as shown.
    pub parties: Vec<PartyView>,
    /// What the record concerns, as people name it: an idea's title (a solution's stays unnamed,
    /// being confidential).
    pub subject_title: Option<String>,
}

/// An idea's rights: who owns it, who holds a licence, its shares and its register history.
#[derive(Clone, Debug, Default)]
pub struct IdeaRights {
    /// The owners' names.
    pub owners: Vec<String>,
    /// The licensees' names.
    pub licensees: Vec<String>,
    /// Influence shares (name, role, basis points), once set.
    pub shares: Vec<(String, String, u16)>,
    /// The register records about it, oldest first.
    pub history: Vec<RecordView>,
    /// Whether the viewer may change shares and record revenue.
    pub can_manage: bool,
    /// The contest's influence pool, if in a contest.
    pub influence_pool: Option<BasisPoints>,
    /// Its revenue statements, newest first (for those who manage it; empty for others).
    pub statements: Vec<RoyaltyStatement>,
    /// Whether the viewer records money received (admins).
    pub can_receive: bool,
}

/// A royalty statement recorded: what is owed and each contributor's part (names).
#[derive(Clone, Debug)]
pub struct RoyaltyReport {
    /// The statement's id (an admin records the money received against it).
    pub statement: i64,
    /// The pool owed.
    pub pool: Money,
    /// Each contributor's name and part.
    pub parts: Vec<(String, Money)>,
}

fn invalid(field: &'static str, why: Invalid) -> IdeasError {
    let mut errors = FieldErrors::new();
    errors.add(field, why);
    IdeasError::Invalid(errors)
}

impl App {
    /// Recomputes the register's chain.
    pub async fn verify_ip(&self) -> Result<IpReport, Internal> {
        // Continue from the head verified before, if it is still the chain's record at that place
        // (the head is one row to read); otherwise, and for the first time, from the start.
        let cached = self.ip_head.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let mut head = ChainHead::genesis();
        if cached.seq > 0 && self.store.ip_record(cached.seq).await?.is_some_and(|r| r.hash == cached.hash) {
            head = cached;
        }
        let after = self.store.ip_chain_after(head.seq).await?;
        let checked = after.len();
        let records = usize::try_from(head.seq).unwrap_or(usize::MAX) + checked;
        match verify_from(&head, &after) {
            Ok(verified) => {
                *self.ip_head.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = verified;
                Ok(IpReport { records, first_broken: None, checked })
            }
            Err(broken) => Ok(IpReport { records, first_broken: Some(broken), checked }),
        }
    }

    /// Verifies the whole chain from its first record (the command line's `verify-ip`).
    pub async fn verify_ip_fully(&self) -> Result<IpReport, Internal> {
        let chain = self.store.ip_chain().await?;
        let first_broken = verify(&chain).err();
        Ok(IpReport { records: chain.len(), first_broken, checked: chain.len() })
    }

    /// Which records about `subject` the viewer may read: ideas as their pages; solutions by their
    /// author, the seeker organization and admins; a challenge's agreement records by the seeker
    /// organization and admins, each member also seeing their own. `None` when none at all.
    async fn record_filter(
        &self,
        viewer: Option<&User>,
        subject: Subject,
    ) -> Result<Option<Option<UserId>>, IdeasError> {
        let admin = viewer.is_some_and(|u| u.role == Role::Admin);
        let insider = |challenge: &ideaforge_domain::challenge::Challenge| {
            let challenge_org = challenge.org.id;
            async move {
                match viewer {
                    Some(user) => Ok::<bool, IdeasError>(self.store.org_role(challenge_org, user.id).await?.is_some()),
                    None => Ok(false),
                }
            }
        };
        match subject {
            Subject::Idea(id) => {
                self.visible_idea(viewer, id).await?;
                Ok(Some(None))
            }
            Subject::Solution(id) => {
                let solution = self.store.solution(id).await?.ok_or(IdeasError::NotFound)?;
                let challenge = self.store.challenge(solution.challenge).await?.ok_or(IdeasError::NotFound)?;
                let author = viewer.is_some_and(|u| u.id == solution.author);
                if admin || author || insider(&challenge).await? { Ok(Some(None)) } else { Ok(None) }
            }
            Subject::Challenge(id) => {
                let challenge = self.store.challenge(id).await?.ok_or(IdeasError::NotFound)?;
                if admin || insider(&challenge).await? { Ok(Some(None)) } else { Ok(viewer.map(|u| Some(u.id))) }
            }
            // The register holds records about ideas, solutions and challenges only.
            Subject::Contest(_)
            | Subject::User(_)
            | Subject::Org(_)
            | Subject::Token(_)
            | Subject::Campaign(_)
            | Subject::Category(_) => Err(invalid("subject", Invalid::Malformed)),
        }
    }

    async fn view_records(&self, viewer: Option<&User>, records: Vec<Record>) -> Result<Vec<RecordView>, Internal> {
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let mut parties = Vec::with_capacity(record.parties.len());
            for party in &record.parties {
                parties.push(PartyView { reference: party.to_string(), name: self.party_name(viewer, *party).await? });
            }
            let subject_title = match record.subject {
                Subject::Idea(id) => self.store.idea(id).await?.map(|idea| idea.content.title.as_str().to_owned()),
                _ => None,
            };
            out.push(RecordView { record, parties, subject_title });
        }
        Ok(out)
    }

    /// A party's name for this viewer; `None` for an anonymous seeker the viewer may not know.
    async fn party_name(&self, viewer: Option<&User>, party: Party) -> Result<Option<String>, Internal> {
        Ok(match party {
            Party::User(id) => {
                Some(self.store.user(id).await?.map(|u| u.display_name.as_str().to_owned()).unwrap_or_default())
            }
            Party::Org(id) => Some(self.store.org(id).await?.map(|o| o.name.as_str().to_owned()).unwrap_or_default()),
            Party::Seeker(id) => {
                let Some(challenge) = self.store.challenge(id).await? else { return Ok(None) };
                let admin = viewer.is_some_and(|u| u.role == Role::Admin);
                let member = match viewer {
                    Some(user) => self.store.org_role(challenge.org.id, user.id).await?.is_some(),
                    None => false,
                };
                (!challenge.terms.anonymous || admin || member).then(|| challenge.org.name.as_str().to_owned())
            }
        })
    }

    async fn name(&self, party: Party) -> Result<String, Internal> {
        Ok(self.party_name(None, party).await?.unwrap_or_default())
    }

    /// The records about a subject, as the viewer may see them (ideas only when the idea is
    /// visible to them).
    pub async fn ip_records(&self, viewer: Option<&User>, subject: Subject) -> Result<Vec<RecordView>, IdeasError> {
        let Some(only) = self.record_filter(viewer, subject).await? else { return Err(IdeasError::NotFound) };
        let records = self
            .store
            .ip_records(subject)
            .await?
            .into_iter()
            .filter(|r| only.is_none_or(|user| r.parties.contains(&Party::User(user))))
            .collect();
        Ok(self.view_records(viewer, records).await?)
    }

    /// One record, if the viewer may read it (else not found).
    pub async fn ip_record(&self, viewer: Option<&User>, seq: i64) -> Result<RecordView, IdeasError> {
        let record = self.store.ip_record(seq).await?.ok_or(IdeasError::NotFound)?;
        let allowed = match self.record_filter(viewer, record.subject).await {
            Ok(Some(only)) => only.is_none_or(|user| record.parties.contains(&Party::User(user))),
            Ok(None) | Err(IdeasError::NotFound) => false,
            Err(e) => return Err(e),
        };
        if !allowed {
            return Err(IdeasError::NotFound);
        }
        let mut views = self.view_records(viewer, vec![record]).await?;
        views.pop().ok_or(IdeasError::NotFound)
    }

    /// Whether a text is the content a record's hash was made from (line endings normalised,
    /// surrounding blank space ignored), for a record the viewer may read. Returns the text's
    /// SHA-256 too.
    pub async fn check_ip_content(
        &self,
        viewer: Option<&User>,
        seq: i64,
        text: &str,
    ) -> Result<(bool, String), IdeasError> {
        let record = self.ip_record(viewer, seq).await?.record;
        let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        let hash = sha256_hex(normalised.trim());
        Ok((hash == record.content_sha256, hash))
    }

    /// An idea's rights for its page.
    pub async fn idea_rights(&self, viewer: Option<&User>, id: IdeaId) -> Result<IdeaRights, IdeasError> {
        let (_, contest) = self.visible_idea(viewer, id).await?;
        let history = self.ip_records(viewer, Subject::Idea(id)).await?;
        let records: Vec<Record> = history.iter().map(|v| v.record.clone()).collect();
        let held = rights(&records);
        let mut owners = Vec::new();
        for party in &held.owners {
            owners.push(self.name(*party).await?);
        }
        let mut licensees = Vec::new();
        for party in &held.licensees {
            licensees.push(self.name(*party).await?);
        }
        let mut shares = Vec::new();
        if let Some(current) = self.store.influence_shares(id).await? {
            for share in current.as_slice() {
                shares.push((self.name(Party::User(share.user)).await?, share.role.clone(), share.bp.get()));
            }
        }
        let can_manage = match (viewer, &contest) {
            (Some(user), Some(contest)) => {
                user.role == Role::Admin
                    || self.store.org_role(contest.org.id, user.id).await?.is_some_and(OrgRole::can_manage)
            }
            _ => false,
        };
        let influence_pool = contest.map(|c| c.influence_pool);
        let statements = if can_manage { self.store.royalty_statements(id).await? } else { Vec::new() };
        let can_receive = viewer.is_some_and(|u| u.role == Role::Admin);
        Ok(IdeaRights { owners, licensees, shares, history, can_manage, influence_pool, statements, can_receive })
    }

    async fn managed_idea(
        &self,
        actor: &User,
        id: IdeaId,
    ) -> Result<(ideaforge_domain::idea::Idea, BasisPoints), IdeasError> {
        let (idea, contest) = self.visible_idea(Some(actor), id).await?;
        let contest = contest.ok_or(IdeasError::Forbidden)?;
        let manages = actor.role == Role::Admin
            || self.store.org_role(contest.org.id, actor.id).await?.is_some_and(OrgRole::can_manage);
        if !manages {
            return Err(IdeasError::Forbidden);
        }
        Ok((idea, contest.influence_pool))
    }

    /// Credits contributors (the contest's managers, once the idea is selected): the whole share
    /// table, by e-mail, role and basis points, summing to 10,000. Recorded in the register.
    pub async fn set_influence_shares(
        &self,
        actor: &User,
        id: IdeaId,
        raw: &[(String, String, i64)],
    ) -> Result<(), IdeasError> {
        let (idea, _) = self.managed_idea(actor, id).await?;
        // Refused before the fields are read; the store asks again under the idea's lock.
        shares_may_be_set(idea.stage)?;
        let mut shares = Vec::with_capacity(raw.len());
        for (who, role, bp) in raw {
            let user = match who.trim().parse::<i64>() {
                Ok(id) => self.store.user(UserId::new(id)).await?,
                Err(_) => {
                    let email = Email::parse(who).map_err(|why| invalid("shares", why))?;
                    self.store.user_with_password(&email).await?.map(|(u, _)| u)
                }
            };
            let user = user.ok_or_else(|| invalid("shares", Invalid::Unknown))?;
            let bp = BasisPoints::new(*bp).map_err(|why| invalid("shares", why))?;
            shares.push(Share { user: user.id, role: role.trim().to_owned(), bp });
        }
        let shares = Shares::new(shares).map_err(|why| invalid("shares", why))?;
        let decide = |earning: &Earning<'_>| plan_shares(earning, &shares, actor.id).map_err(IdeasError::from);
        self.store.set_influence_shares(id, actor.id, self.clock.now(), decide).await?;
        Ok(())
    }

    /// Records net revenue for a launched idea and a period (the contest's managers): the royalty
    /// pool (revenue × the contest's influence pool) split by the shares is what the organization
    /// owes; nothing is credited until an admin records the money as received. A period is
    /// recorded once per currency.
    pub async fn record_revenue(
        &self,
        actor: &User,
        id: IdeaId,
        period: &str,
        amount_minor: Option<i64>,
        currency: &str,
    ) -> Result<RoyaltyReport, IdeasError> {
        let (_, pool_bp) = self.managed_idea(actor, id).await?;
        let mut errors = FieldErrors::new();
        let period = period.trim();
        let period_ok = !period.is_empty()
            && period.len() <= 20
            && period.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !period_ok {
            errors.add("period", if period.is_empty() { Invalid::Required } else { Invalid::Malformed });
        }
        let currency = errors.check("currency", Currency::parse(currency));
        let revenue = match (amount_minor, currency) {
            (Some(minor), Some(c)) if (1..=MAX_MINOR).contains(&minor) => Some(Money::new(minor, c)),
            (None, _) => {
                errors.add("revenue", Invalid::Required);
                None
            }
            (Some(_), _) => {
                errors.add("revenue", Invalid::OutOfRange { min: 1, max: MAX_MINOR });
                None
            }
        };
        let Some(revenue) = revenue.filter(|_| errors.is_empty()) else {
            return Err(IdeasError::Invalid(errors));
        };
        let decide = |earning: &Earning<'_>| plan_statement(earning, revenue, pool_bp).map_err(IdeasError::from);
        let (statement, plan) = match self.store.record_royalty(id, period, actor.id, self.clock.now(), decide).await {
            Ok(recorded) => recorded,
            Err(IdeasError::Conflict) => return Err(invalid("period", Invalid::Taken)),
            Err(e) => return Err(e),
        };
        let mut parts = Vec::with_capacity(plan.lines.len());
        for line in plan.lines {
            parts.push((self.name(Party::User(line.user)).await?, line.amount));
        }
        Ok(RoyaltyReport { statement, pool: plan.pool, parts })
    }

    /// Whether `actor` may record revenue for the idea (its contest's managers): the form asks
    /// before it reads the amount.
    pub async fn check_revenue_recorder(&self, actor: &User, id: IdeaId) -> Result<(), IdeasError> {
        self.managed_idea(actor, id).await.map(|_| ())
    }

    /// Whether `actor` may record money received for royalties (admins).
    pub fn check_royalty_receipts(&self, actor: &User) -> Result<(), IdeasError> {
        if actor.role == Role::Admin { Ok(()) } else { Err(IdeasError::Forbidden) }
    }

    /// An idea's revenue statements, for its contest's managers and admins.
    pub async fn royalty_statements(&self, actor: &User, id: IdeaId) -> Result<Vec<RoyaltyStatement>, IdeasError> {
        self.managed_idea(actor, id).await?;
        Ok(self.store.royalty_statements(id).await?)
    }

    /// The idea a revenue statement is about.
    pub async fn royalty_statement_idea(&self, statement: i64) -> Result<IdeaId, IdeasError> {
        self.store.royalty_statement_idea(statement).await?.ok_or(IdeasError::NotFound)
    }

    /// Records the money received for a statement (admins, through the payment provider, with its
    /// reference): exactly the pool owed, once. Only then are the holders' payables credited, each
    /// told. Returns the idea and the ledger transaction.
    pub async fn record_royalty_receipt(
        &self,
        actor: &User,
        statement: i64,
        amount_minor: Option<i64>,
        currency: &str,
        reference: &str,
    ) -> Result<(IdeaId, i64), IdeasError> {
        self.check_royalty_receipts(actor)?;
        self.store.royalty_statement_idea(statement).await?.ok_or(IdeasError::NotFound)?;
        let mut errors = FieldErrors::new();
        let currency = errors.check("currency", Currency::parse(currency));
        let amount = match amount_minor {
            Some(minor) if (1..=MAX_MINOR).contains(&minor) => Some(minor),
            None => {
                errors.add("amount", Invalid::Required);
                None
            }
            Some(_) => {
                errors.add("amount", Invalid::OutOfRange { min: 1, max: MAX_MINOR });
                None
            }
        };
        let reference = errors.check("reference", self.manual.check_reference(reference));
        let (Some(currency), Some(amount), Some(reference)) = (currency, amount, reference) else {
            return Err(IdeasError::Invalid(errors));
        };
        let received = Money::new(amount, currency);
        // The store posts under the statement's own key, with the plan's memo.
        let key = ideaforge_domain::ledger::IdempotencyKey::royalty_statement(statement);
        let posting =
            Posting { key: &key, kind: "royalty", memo: "", reference: Some(&reference), actor: Some(actor.id) };
        let provider = self.manual.name();
        let decide = |owed: &ideaforge_domain::royalty::OwedStatement| {
            let mut plan = plan_receipt(owed, received).map_err(Receiving::Refused)?;
            plan.memo = format!("{} ({provider})", plan.memo);
            Ok(plan)
        };
        match self.store.receive_royalty(statement, &posting, self.clock.now(), decide).await {
            Ok(Some(done)) => Ok(done),
            Ok(None) => Err(IdeasError::NotFound),
            Err(Receiving::Refused(RoyaltyRefused::NotTheAmountOwed)) => Err(invalid("amount", Invalid::Mismatch)),
            Err(Receiving::Refused(refused)) => Err(refused.into()),
            Err(Receiving::Post(PostError::Refused(LedgerError::BalanceOutOfRange))) => {
                Err(RoyaltyRefused::Ledger(LedgerError::BalanceOutOfRange).into())
            }
            Err(Receiving::Post(PostError::Store(StoreError::Conflict))) => Err(RoyaltyRefused::AlreadyReceived.into()),
            Err(Receiving::Post(PostError::Store(e))) => Err(e.into()),
            Err(Receiving::Post(PostError::Refused(e))) => Err(IdeasError::Internal(Internal::new(e))),
        }
    }

    /// The member's royalty statement, newest first.
    pub async fn royalty_statement(&self, actor: &User) -> Result<Vec<RoyaltyLine>, IdeasError> {
        Ok(self.store.royalty_lines(actor.id).await?)
    }
}

impl From<RoyaltyRefused> for IdeasError {
    fn from(refused: RoyaltyRefused) -> Self {
        match refused {
            RoyaltyRefused::NotSelected | RoyaltyRefused::NotLaunched => Self::WrongStage,
            RoyaltyRefused::NoShares | RoyaltyRefused::Ledger(LedgerError::Money(_)) => {
                Self::Internal(Internal::new(refused))
            }
            other => Self::Royalty(other),
        }
    }
}

/// How recording a receipt failed: refused by the domain, or by the ledger or the store.
enum Receiving {
    Refused(RoyaltyRefused),
    Post(PostError),
}

impl From<PostError> for Receiving {
    fn from(e: PostError) -> Self {
        Self::Post(e)
    }
}
