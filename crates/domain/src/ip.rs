//! The IP register: an append-only, hash-chained record of every right as it changes, influence
//! shares, and royalty splits.
//!
//! Each record's hash is the SHA-256 of a canonical encoding of its fields and the previous
//! record's hash, so altering, removing or reordering any record breaks the chain from there on
//! ([`verify`]). Who holds an idea or a solution is a fold over its records ([`rights`]).

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;

use crate::challenge::sha256_hex;
use crate::contest::BasisPoints;
use crate::invalid::Invalid;
use crate::money::{Money, MoneyError};
pub use crate::subject::Subject;
use crate::text::name_enum;
use crate::{ChallengeId, OrgId, UserId};

name_enum!(
    /// What a record says happened.
    RecordKind {
        /// Content was written (an idea or solution revision): proof of prior authorship.
        Authored => "authored",
        /// A solver accepted a challenge's agreement.
        AgreementAccepted => "agreement_accepted",
        /// A licence was granted (an idea selected, a solution awarded under licence terms).
        LicenceGranted => "licence_granted",
        /// Rights went back to the contributors (an idea abandoned after selection).
        Reverted => "reverted",
        /// Ownership moved (a solution awarded under assignment terms).
        Assigned => "assigned",
        /// Influence shares were set or changed.
        InfluenceSharesSet => "influence_shares_set",
    }
);

/// Someone a record names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// A member.
    User(UserId),
    /// An organization.
    Org(OrgId),
    /// The seeker organization of a challenge, named through the challenge so that a record (and
    /// its hash) never carries an anonymous seeker's identity.
    Seeker(ChallengeId),
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User(id) => write!(f, "user:{id}"),
            Self::Org(id) => write!(f, "org:{id}"),
            Self::Seeker(id) => write!(f, "seeker:{id}"),
        }
    }
}

impl FromStr for Party {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let (kind, id) = s.trim().split_once(':').ok_or(Invalid::Malformed)?;
        let id: i64 = id.parse().map_err(|_| Invalid::Malformed)?;
        match kind {
            "user" => Ok(Self::User(UserId::new(id))),
            "org" => Ok(Self::Org(OrgId::new(id))),
            "seeker" => Ok(Self::Seeker(ChallengeId::new(id))),
            _ => Err(Invalid::Malformed),
        }
    }
}

/// A record about to be appended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecord {
    /// What happened.
    pub kind: RecordKind,
    /// What it concerns.
    pub subject: Subject,
    /// Who it names (authors, grantee, assignee, …).
    pub parties: Vec<Party>,
    /// The terms in words (or, for shares, their canonical list).
    pub terms: String,
    /// The SHA-256 (hex) of the content it concerns.
    pub content_sha256: String,
}

/// The hash before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A record as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// What happened.
    pub kind: RecordKind,
    /// What it concerns.
    pub subject: Subject,
    /// Who it names.
    pub parties: Vec<Party>,
    /// The terms.
    pub terms: String,
    /// The content's SHA-256.
    pub content_sha256: String,
    /// The previous record's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// This record's hash.
    pub hash: String,
    /// When it was recorded (whole seconds count).
    pub recorded_at: OffsetDateTime,
}

/// The canonical encoding hashed for a record: a version line, then each field on its own line,
/// free text length-prefixed so that no two records encode alike.
#[allow(clippy::too_many_arguments)]
fn canonical(
    seq: i64,
    kind: RecordKind,
    subject: Subject,
    parties: &[Party],
    terms: &str,
    content_sha256: &str,
    prev_hash: &str,
    recorded_at: OffsetDateTime,
) -> String {
    let parties: Vec<String> = parties.iter().map(Party::to_string).collect();
    format!(
        "ideaforge-ip-v1\n{seq}\n{kind}\n{subject}\n{}\n{}:{terms}\n{content_sha256}\n{prev_hash}\n{}\n",
        parties.join(","),
        terms.len(),
        recorded_at.unix_timestamp(),
    )
}

impl NewRecord {
    /// The record at `seq` after a record hashed `prev_hash`.
    pub fn seal(self, seq: i64, prev_hash: &str, recorded_at: OffsetDateTime) -> Record {
        let at = OffsetDateTime::from_unix_timestamp(recorded_at.unix_timestamp()).unwrap_or(recorded_at);
        let hash = sha256_hex(&canonical(
            seq,
            self.kind,
            self.subject,
            &self.parties,
            &self.terms,
            &self.content_sha256,
            prev_hash,
            at,
        ));
        Record {
            seq,
            kind: self.kind,
            subject: self.subject,
            parties: self.parties,
            terms: self.terms,
            content_sha256: self.content_sha256,
            prev_hash: prev_hash.to_owned(),
            hash,
            recorded_at: at,
        }
    }
}

impl Record {
    /// The hash its fields should have.
    pub fn expected_hash(&self) -> String {
        sha256_hex(&canonical(
            self.seq,
            self.kind,
            self.subject,
            &self.parties,
            &self.terms,
            &self.content_sha256,
            &self.prev_hash,
            self.recorded_at,
        ))
    }
}

/// Where the chain breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    /// A record's hash does not match its fields.
    #[error("record {0}: its hash does not match its contents")]
    Hash(i64),
    /// A record does not point at the previous record's hash.
    #[error("record {0}: it does not follow the previous record")]
    Link(i64),
    /// A record is missing or out of order before this one.
    #[error("record {0}: the sequence has a gap or is out of order")]
    Sequence(i64),
}

impl Broken {
    /// The sequence number of the first broken record.
    pub fn seq(self) -> i64 {
        match self {
            Self::Hash(seq) | Self::Link(seq) | Self::Sequence(seq) => seq,
        }
    }
}

/// Recomputes the chain in order: sequence numbers from 1 without gaps, each record linked to the
/// previous one's hash, each hash matching its fields. Returns how many records verified.
pub fn verify<'a>(records: impl IntoIterator<Item = &'a Record>) -> Result<usize, Broken> {
    let end = verify_from(&ChainHead::genesis(), records)?;
    Ok(usize::try_from(end.seq).unwrap_or(usize::MAX))
}

/// Where a verified chain ends: its last record's number and hash (0 and the genesis hash when
/// empty). Verification continues from a head instead of rehashing what was verified before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainHead {
    /// The last verified record's number.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
}

impl ChainHead {
    /// The head of an empty chain.
    pub fn genesis() -> Self {
        Self { seq: 0, hash: GENESIS.to_owned() }
    }
}

/// Verifies `records` (those after `head`, in order) as the continuation of a chain verified up
/// to `head`; returns the new head.
pub fn verify_from<'a>(head: &ChainHead, records: impl IntoIterator<Item = &'a Record>) -> Result<ChainHead, Broken> {
    let mut prev = head.hash.clone();
    let mut count: i64 = head.seq;
    for record in records {
        count += 1;
        if record.seq != count {
            return Err(Broken::Sequence(record.seq));
        }
        if record.prev_hash != prev {
            return Err(Broken::Link(record.seq));
        }
        if record.expected_hash() != record.hash {
            return Err(Broken::Hash(record.seq));
        }
        prev.clone_from(&record.hash);
    }
    Ok(ChainHead { seq: count, hash: prev })
}

/// Who holds a subject's rights after its records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// The owners (the authors, until an assignment).
    pub owners: Vec<Party>,
    /// Those holding a licence.
    pub licensees: Vec<Party>,
}

/// Folds a subject's records, oldest first, into its current rights.
pub fn rights<'a>(records: impl IntoIterator<Item = &'a Record>) -> Rights {
    let mut rights = Rights::default();
    for record in records {
        match record.kind {
            // The first authorship names the owners; later revisions prove content, not title.
            RecordKind::Authored => {
                if rights.owners.is_empty() {
                    rights.owners.clone_from(&record.parties);
                }
            }
            RecordKind::LicenceGranted => {
                for party in &record.parties {
                    if !rights.licensees.contains(party) {
                        rights.licensees.push(*party);
                    }
                }
            }
            RecordKind::Reverted => {
                rights.licensees.clear();
                if !record.parties.is_empty() {
                    rights.owners.clone_from(&record.parties);
                }
            }
            RecordKind::Assigned => {
                rights.owners.clone_from(&record.parties);
                rights.licensees.clear();
            }
            RecordKind::AgreementAccepted | RecordKind::InfluenceSharesSet => {}
        }
    }
    rights
}

/// Why a contribution is credited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    /// The contributor.
    pub user: UserId,
    /// What they contributed (`originator`, `co-author`, `name`, `design`, `research`, …).
    pub role: String,
    /// Their share in basis points.
    pub bp: BasisPoints,
}

/// Influence shares: at least one contributor, each once, each above zero, summing to 10,000.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shares(Vec<Share>);

/// The most contributors an idea may credit.
pub const MAX_CONTRIBUTORS: usize = 50;

impl Shares {
    /// Checks a share table.
    pub fn new(shares: Vec<Share>) -> Result<Self, Invalid> {
        if shares.is_empty() {
            return Err(Invalid::Required);
        }
        if shares.len() > MAX_CONTRIBUTORS {
            return Err(Invalid::TooMany { max: MAX_CONTRIBUTORS });
        }
        for (i, share) in shares.iter().enumerate() {
            if share.bp.get() == 0 {
                return Err(Invalid::OutOfRange { min: 1, max: 10_000 });
            }
            if shares[..i].iter().any(|s| s.user == share.user) {
                return Err(Invalid::Taken);
            }
            let role = share.role.trim();
            if role.is_empty() || role.chars().count() > 40 || role.chars().any(char::is_control) {
                return Err(Invalid::Malformed);
            }
        }
        if shares.iter().map(|s| u32::from(s.bp.get())).sum::<u32>() != 10_000 {
            return Err(Invalid::Mismatch);
        }
        Ok(Self(shares))
    }

    /// The default shares when an idea is selected: the authors split 10,000 evenly, the first
    /// authors taking the basis points that do not divide (the originator is first).
    pub fn for_authors(authors: &[UserId]) -> Result<Self, Invalid> {
        let n = u16::try_from(authors.len()).map_err(|_| Invalid::TooMany { max: MAX_CONTRIBUTORS })?;
        if n == 0 {
            return Err(Invalid::Required);
        }
        let (base, extra) = (10_000 / n, 10_000 % n);
        let shares = authors
            .iter()
            .enumerate()
            .map(|(i, user)| {
                let bp = base + u16::from(u16::try_from(i).is_ok_and(|i| i < extra));
                Ok(Share {
                    user: *user,
                    role: if i == 0 { "originator".to_owned() } else { "co-author".to_owned() },
                    bp: BasisPoints::new(i64::from(bp))?,
                })
            })
            .collect::<Result<Vec<_>, Invalid>>()?;
        Self::new(shares)
    }

    /// The shares.
    pub fn as_slice(&self) -> &[Share] {
        &self.0
    }

    /// The canonical text recorded as the terms of an `influence_shares_set` record:
    /// `user:ID role BP` per line.
    pub fn to_terms(&self) -> String {
        self.0.iter().map(|s| format!("user:{} {} {}\n", s.user, s.role.trim(), s.bp.get())).collect()
    }

    /// Reads shares back from a record's terms.
    pub fn from_terms(terms: &str) -> Result<Self, Invalid> {
        let shares = terms
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let mut parts = line.split(' ');
                let user = match parts.next().map(str::parse::<Party>) {
                    Some(Ok(Party::User(user))) => user,
                    _ => return Err(Invalid::Malformed),
                };
                let bp = parts.next_back().ok_or(Invalid::Malformed)?.parse::<i64>().map_err(|_| Invalid::Malformed)?;
                let role = parts.collect::<Vec<_>>().join(" ");
                Ok(Share { user, role, bp: BasisPoints::new(bp)? })
            })
            .collect::<Result<Vec<_>, Invalid>>()?;
        Self::new(shares)
    }
}

/// Splits `amount` by `shares` with the largest-remainder method: everyone gets the rounded-down
/// part, then the minor units left go one each to the largest remainders (earlier shares first on
/// ties). The parts always sum to `amount` exactly.
pub fn split_by_shares(amount: Money, shares: &Shares) -> Result<Vec<(UserId, Money)>, MoneyError> {
    let total = i128::from(amount.minor());
    let mut parts: Vec<(UserId, i128, i128)> = shares
        .as_slice()
        .iter()
        .map(|s| {
            let exact = total * i128::from(s.bp.get());
            (s.user, exact.div_euclid(10_000), exact.rem_euclid(10_000))
        })
        .collect();
    let given: i128 = parts.iter().map(|p| p.1).sum();
    let mut left = total - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2).then(a.cmp(b)));
    for index in order.iter().cycle().take(parts.len() * 2) {
        if left <= 0 {
            break;
        }
        parts[*index].1 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|(user, minor, _)| {
            let minor = i64::try_from(minor).map_err(|_| MoneyError::Overflow)?;
            Ok((user, Money::new(minor, amount.currency())))
        })
        .collect()
}

/// The royalty pool for a period: `revenue` × the contest's influence pool, rounded down.
pub fn royalty_pool(revenue: Money, pool: BasisPoints) -> Result<Money, MoneyError> {
    crate::challenge::fee_on(revenue, pool.get())
}

/// The canonical text of an idea revision whose SHA-256 an `authored` record holds: the title,
/// a blank line, the summary, a blank line, the body.
pub fn idea_text(title: &str, summary: &str, body: &str) -> String {
    format!("{title}\n\n{summary}\n\n{body}")
}

/// The canonical text of a solution revision: the title, a blank line, the body.
pub fn solution_text(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IdeaId;
    use crate::money::Currency;
    use proptest::prelude::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-11-24 12:00:07.123 UTC);

    fn record(i: i64) -> NewRecord {
        NewRecord {
            kind: RecordKind::Authored,
            subject: Subject::Idea(IdeaId::new(i)),
            parties: vec![Party::User(UserId::new(i))],
            terms: format!("revision {i}\nline two"),
            content_sha256: sha256_hex(&format!("content {i}")),
        }
    }

    fn chain(n: i64) -> Vec<Record> {
        let mut out: Vec<Record> = Vec::new();
        for i in 1..=n {
            let prev = out.last().map_or(GENESIS.to_owned(), |r| r.hash.clone());
            out.push(record(i).seal(i, &prev, AT));
        }
        out
    }

    #[test]
    fn a_chain_verifies_and_any_change_breaks_it_there() {
        let records = chain(5);
        assert_eq!(verify(&records), Ok(5));
        let mut terms = records.clone();
        terms[2].terms.push('!');
        assert_eq!(verify(&terms), Err(Broken::Hash(3)));
        let mut party = records.clone();
        party[3].parties = vec![Party::User(UserId::new(99))];
        assert_eq!(verify(&party), Err(Broken::Hash(4)));
        let mut rehashed = records.clone();
        rehashed[1].terms = "forged".to_owned();
        rehashed[1].hash = rehashed[1].expected_hash();
        assert_eq!(verify(&rehashed), Err(Broken::Link(3)), "re-hashing one record breaks the next link");
        let mut gap = records.clone();
        gap.remove(1);
        assert_eq!(verify(&gap), Err(Broken::Sequence(3)));
        assert_eq!(records[0].recorded_at.nanosecond(), 0, "times are hashed in whole seconds");
    }

    #[test]
    fn rights_follow_licences_reversions_and_assignments() {
        let (ada, bob) = (Party::User(UserId::new(1)), Party::User(UserId::new(2)));
        let acme = Party::Org(OrgId::new(7));
        let subject = Subject::Idea(IdeaId::new(1));
        let make = |kind, parties: Vec<Party>| {
            NewRecord { kind, subject, parties, terms: String::new(), content_sha256: String::new() }
                .seal(1, GENESIS, AT)
        };
        let authored = make(RecordKind::Authored, vec![ada, bob]);
        let licensed = make(RecordKind::LicenceGranted, vec![acme]);
        let reverted = make(RecordKind::Reverted, vec![ada, bob]);
        assert_eq!(rights([&authored, &licensed]), Rights { owners: vec![ada, bob], licensees: vec![acme] });
        assert_eq!(rights([&authored, &licensed, &reverted]), Rights { owners: vec![ada, bob], licensees: vec![] });
        let assigned = make(RecordKind::Assigned, vec![acme]);
        assert_eq!(rights([&authored, &assigned]), Rights { owners: vec![acme], licensees: vec![] });
    }

    #[test]
    fn shares_parse_print_and_default() {
        let authors = [UserId::new(1), UserId::new(2), UserId::new(3)];
        let shares = Shares::for_authors(&authors).expect("valid");
        let bps: Vec<u16> = shares.as_slice().iter().map(|s| s.bp.get()).collect();
        assert_eq!(bps, vec![3_334, 3_333, 3_333]);
        assert_eq!(Shares::from_terms(&shares.to_terms()), Ok(shares.clone()));
        let bad =
            vec![Share { user: UserId::new(1), role: "design".to_owned(), bp: BasisPoints::new(9_000).expect("bp") }];
        assert_eq!(Shares::new(bad), Err(Invalid::Mismatch));
        let usd = Currency::parse("USD").expect("usd");
        let parts = split_by_shares(Money::new(100, usd), &shares).expect("fits");
        assert_eq!(parts.iter().map(|(_, m)| m.minor()).collect::<Vec<_>>(), vec![34, 33, 33]);
    }

    fn shares_strategy() -> impl Strategy<Value = Shares> {
        proptest::collection::vec(1_u16..=1_000, 1..12).prop_map(|weights| {
            let total: u32 = weights.iter().map(|w| u32::from(*w)).sum();
            let mut bps: Vec<u32> = weights.iter().map(|w| u32::from(*w) * 10_000 / total).collect();
            let missing = 10_000 - bps.iter().sum::<u32>();
            bps[0] += missing;
            let shares = bps
                .iter()
                .enumerate()
                .filter(|(_, bp)| **bp > 0)
                .map(|(i, bp)| Share {
                    user: UserId::new(i64::try_from(i).unwrap_or(0) + 1),
                    role: "credit".to_owned(),
                    bp: BasisPoints::new(i64::from(*bp)).unwrap_or(BasisPoints::FULL),
                })
                .collect();
            Shares::new(shares).unwrap_or_else(|_| Shares::for_authors(&[UserId::new(1)]).expect("one author"))
        })
    }

    proptest! {
        /// Royalty splits never create or lose a minor unit, and nobody gets less than their
        /// rounded-down part or more than one unit above it.
        #[test]
        fn royalty_splits_are_exact(revenue in 0_i64..=crate::money::MAX_MINOR, shares in shares_strategy()) {
            let usd = Currency::parse("USD").expect("usd");
            let amount = Money::new(revenue, usd);
            let parts = split_by_shares(amount, &shares).expect("fits");
            prop_assert_eq!(parts.iter().map(|(_, m)| i128::from(m.minor())).sum::<i128>(), i128::from(revenue));
            for ((_, part), share) in parts.iter().zip(shares.as_slice()) {
                let floor = i128::from(revenue) * i128::from(share.bp.get()) / 10_000;
                prop_assert!(i128::from(part.minor()) >= floor && i128::from(part.minor()) <= floor + 1);
            }
        }

        /// Shares always total 10,000, whatever the number of authors.
        #[test]
        fn default_shares_total_10000(n in 1_usize..=MAX_CONTRIBUTORS) {
            let authors: Vec<UserId> = (1..=n).map(|i| UserId::new(i64::try_from(i).unwrap_or(0))).collect();
            let shares = Shares::for_authors(&authors).expect("valid");
            prop_assert_eq!(shares.as_slice().iter().map(|s| u32::from(s.bp.get())).sum::<u32>(), 10_000);
        }

        /// Any sequence of appended records verifies, and changing any one record's terms breaks
        /// the chain exactly there.
        #[test]
        fn the_chain_verifies_after_any_operations(
            ops in proptest::collection::vec((0_usize..6, 1_i64..50, ".{0,30}"), 1..40),
            tamper in any::<proptest::sample::Index>(),
        ) {
            let mut records: Vec<Record> = Vec::new();
            for (i, (kind, id, terms)) in ops.into_iter().enumerate() {
                let prev = records.last().map_or(GENESIS.to_owned(), |r| r.hash.clone());
                let new = NewRecord {
                    kind: RecordKind::ALL[kind],
                    subject: Subject::Idea(IdeaId::new(id)),
                    parties: vec![Party::User(UserId::new(id))],
                    terms,
                    content_sha256: sha256_hex(&id.to_string()),
                };
                records.push(new.seal(i64::try_from(i).unwrap_or(0) + 1, &prev, AT));
            }
            prop_assert_eq!(verify(&records), Ok(records.len()));
            let at = tamper.index(records.len());
            records[at].terms.push('x');
            prop_assert_eq!(verify(&records), Err(Broken::Hash(records[at].seq)));
        }
    }
}
