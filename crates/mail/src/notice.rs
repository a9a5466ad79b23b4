//! Wording a stored notice in a reader's language: the one place a notification becomes text, for
//! the in-app list, instant e-mail and digests alike.

use ideaforge_domain::money::Money;
use ideaforge_domain::notification::{Notice, StoredNotice};

use crate::Catalog;

/// A notice worded for one reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeText {
    /// Who did it, when a person did (a commenter); empty otherwise.
    pub actor: String,
    /// The title of what it concerns.
    pub title: String,
    /// What happened, in the reader's language.
    pub line: String,
    /// Where it leads on the site (a path starting with `/`).
    pub path: String,
}

/// How much a line may say: a digest names the actor beside the line, so the line leaves them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The in-app list and instant e-mail: the line is a whole sentence.
    Single,
    /// A digest entry: the actor is shown beside the line.
    Digest,
}

/// Words a stored notice in the catalog's language. Rows written before notices were typed keep
/// their stored English line.
pub fn word(tr: &Catalog, stored: &StoredNotice, channel: Channel) -> NoticeText {
    let title = stored.title().to_owned();
    let path = stored.path();
    let (actor, line) = match stored {
        StoredNotice::Typed(notice) => line(tr, notice, channel),
        StoredNotice::Legacy(old) if old.line.is_empty() => (old.commenter.clone(), old.excerpt.clone()),
        StoredNotice::Legacy(old) => (String::new(), old.line.clone()),
    };
    NoticeText { actor, title, line, path }
}

fn line(tr: &Catalog, notice: &Notice, channel: Channel) -> (String, String) {
    let sentence = |key: &str, args: &[(&str, &str)]| (String::new(), tr.t(key, args));
    // Amounts and days as the reader's language writes them.
    let money = |amount: &Money| ideaforge_locale::money_in(tr.lang(), amount);
    let day = |due: &str| {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(due, format).map_or_else(|_| due.to_owned(), |d| ideaforge_locale::date_in(tr.lang(), d))
    };
    match notice {
        Notice::CommentOnYourIdea { commenter, excerpt, .. } => match channel {
            Channel::Digest => (commenter.clone(), excerpt.clone()),
            Channel::Single => sentence("comment-line", &[("who", commenter), ("excerpt", excerpt)]),
        },
        Notice::ReplyToYourComment { commenter, excerpt, .. } => match channel {
            Channel::Digest => (commenter.clone(), tr.t("digest-replied", &[("excerpt", excerpt)])),
            Channel::Single => sentence("reply-line", &[("who", commenter), ("excerpt", excerpt)]),
        },
        Notice::VoteMilestone { votes, .. } => sentence("vote-milestone-line", &[("votes", &votes.to_string())]),
        Notice::NewIdeaInFollowedContest { idea } => sentence("new-idea-line", &[("idea", &idea.title)]),
        Notice::StageChanged { from, to, reason, by_votes, .. } => {
            let from = tr.t(&format!("stage-{}", from.as_str()), &[]);
            let to = tr.t(&format!("stage-{}", to.as_str()), &[]);
            match by_votes {
                Some(votes) => {
                    sentence("stage-votes-line", &[("from", &from), ("to", &to), ("votes", &votes.to_string())])
                }
                None => sentence("stage-line", &[("from", &from), ("to", &to), ("reason", reason)]),
            }
        }
        Notice::QuestionAnswered { mine: true, .. } => sentence("question-answered-line", &[]),
        Notice::QuestionAnswered { mine: false, .. } => sentence("question-answered-other-line", &[]),
        Notice::Awarded { solution_title, amount, .. } => {
            sentence("awarded-line", &[("solution", solution_title), ("amount", &money(amount))])
        }
        Notice::ChallengeEnded { status, reason, .. } => {
            let status = tr.t(&format!("status-{}", status.as_str()), &[]);
            match reason {
                Some(reason) => sentence("challenge-ended-reason-line", &[("status", &status), ("reason", reason)]),
                None => sentence("challenge-ended-line", &[("status", &status)]),
            }
        }
        Notice::EscrowFunded { amount, .. } => sentence("escrow-funded-line", &[("amount", &money(amount))]),
        Notice::SharesChanged { .. } => sentence("shares-changed-line", &[]),
        Notice::RoyaltyCredited { period, amount, .. } => {
            sentence("royalty-credited-line", &[("period", period), ("amount", &money(amount))])
        }
        Notice::PledgeReceived { amount, .. } => sentence("pledge-received-line", &[("amount", &money(amount))]),
        Notice::CampaignEnded { succeeded: true, .. } => sentence("campaign-succeeded-line", &[]),
        Notice::CampaignEnded { succeeded: false, .. } => sentence("campaign-failed-line", &[]),
        Notice::PaymentFailed { amount, .. } => sentence("payment-failed-line", &[("amount", &money(amount))]),
        Notice::PledgeDropped { amount, .. } => sentence("pledge-dropped-line", &[("amount", &money(amount))]),
        Notice::CampaignLaunched { .. } => sentence("campaign-launched-line", &[]),
        Notice::CampaignUpdate { update, .. } => sentence("campaign-update-line", &[("update", update)]),
        Notice::PaymentDue { amount, reference, due, .. } => {
            sentence("payment-due-line", &[("amount", &money(amount)), ("reference", reference), ("due", &day(due))])
        }
        Notice::WebhookDisabled { .. } => sentence("webhook-disabled-line", &[]),
    }
}

#[cfg(test)]
mod tests {
    use ideaforge_domain::challenge::Status;
    use ideaforge_domain::idea::Stage;
    use ideaforge_domain::money::{Currency, Money};
    use ideaforge_domain::notification::{ChallengeRef, ContestRef, IdeaRef, NotificationKind};
    use ideaforge_domain::{ChallengeId, CommentId, ContestId, IdeaId, Language, QuestionId, SolutionId};

    use super::*;

    /// One notice of every kind (the match makes a new kind fail to compile until it is added).
    fn one_of_each() -> Vec<Notice> {
        let idea = IdeaRef {
            id: IdeaId::new(7),
            title: "Folding kayak".to_owned(),
            contest: Some(ContestRef { id: ContestId::new(3), title: "Outdoors".to_owned() }),
        };
        let challenge = ChallengeRef { id: ChallengeId::new(4), title: "Cheaper filters".to_owned() };
        let campaign = ideaforge_domain::notification::CampaignRef {
            id: ideaforge_domain::CampaignId::new(8),
            title: "Kettle that knows".to_owned(),
        };
        let amount = Money::new(150_000, Currency::parse("USD").expect("a known currency"));
        NotificationKind::ALL
            .iter()
            .map(|kind| match kind {
                NotificationKind::CommentOnYourIdea => Notice::CommentOnYourIdea {
                    idea: idea.clone(),
                    comment: CommentId::new(1),
                    commenter: "Ana".to_owned(),
                    excerpt: "Nice".to_owned(),
                },
                NotificationKind::ReplyToYourComment => Notice::ReplyToYourComment {
                    idea: idea.clone(),
                    comment: CommentId::new(2),
                    commenter: "Bo".to_owned(),
                    excerpt: "Agreed".to_owned(),
                },
                NotificationKind::VoteMilestone => Notice::VoteMilestone { idea: idea.clone(), votes: 25 },
                NotificationKind::NewIdeaInFollowedContest => Notice::NewIdeaInFollowedContest { idea: idea.clone() },
                NotificationKind::StageChanged => Notice::StageChanged {
                    idea: idea.clone(),
                    from: Stage::Submitted,
                    to: Stage::Selected,
                    reason: "Strong votes".to_owned(),
                    by_votes: None,
                },
                NotificationKind::QuestionAnswered => {
                    Notice::QuestionAnswered { challenge: challenge.clone(), question: QuestionId::new(5), mine: true }
                }
                NotificationKind::Awarded => Notice::Awarded {
                    challenge: challenge.clone(),
                    solution: SolutionId::new(6),
                    solution_title: "Ceramic mesh".to_owned(),
                    amount,
                },
                NotificationKind::ChallengeEnded => Notice::ChallengeEnded {
                    challenge: challenge.clone(),
                    status: Status::Cancelled,
                    reason: Some("No solution met the stated requirements.".to_owned()),
                },
                NotificationKind::EscrowFunded => Notice::EscrowFunded { challenge: challenge.clone(), amount },
                NotificationKind::SharesChanged => Notice::SharesChanged { idea: idea.clone() },
                NotificationKind::RoyaltyCredited => {
                    Notice::RoyaltyCredited { idea: idea.clone(), period: "2027-Q1".to_owned(), amount }
                }
                NotificationKind::PledgeReceived => Notice::PledgeReceived { campaign: campaign.clone(), amount },
                NotificationKind::CampaignEnded => {
                    Notice::CampaignEnded { campaign: campaign.clone(), succeeded: true }
                }
                NotificationKind::PaymentFailed => Notice::PaymentFailed { campaign: campaign.clone(), amount },
                NotificationKind::PledgeDropped => Notice::PledgeDropped { campaign: campaign.clone(), amount },
                NotificationKind::CampaignLaunched => Notice::CampaignLaunched { campaign: campaign.clone() },
                NotificationKind::PaymentDue => Notice::PaymentDue {
                    campaign: campaign.clone(),
                    amount,
                    reference: "IF-PLEDGE-7".to_owned(),
                    due: "2027-04-08".to_owned(),
                },
                NotificationKind::CampaignUpdate => {
                    Notice::CampaignUpdate { campaign: campaign.clone(), update: "Tooling ordered".to_owned() }
                }
                NotificationKind::WebhookDisabled => Notice::WebhookDisabled {
                    org: ideaforge_domain::notification::OrgRef {
                        id: ideaforge_domain::OrgId::new(2),
                        slug: "acme".to_owned(),
                    },
                    endpoint: ideaforge_domain::WebhookId::new(5),
                    host: "hooks.example.com".to_owned(),
                },
            })
            .collect()
    }

    #[test]
    fn every_notice_kind_is_worded_in_english_italian_and_korean() {
        for notice in one_of_each() {
            let stored = StoredNotice::Typed(notice.clone());
            let english = word(Catalog::of(Some(Language::English)), &stored, Channel::Single);
            for language in [Language::English, Language::Italian, Language::Korean] {
                let tr = Catalog::of(Some(language));
                for channel in [Channel::Single, Channel::Digest] {
                    let text = word(tr, &stored, channel);
                    let kind = notice.kind();
                    assert!(!text.line.is_empty() && !text.line.contains('{'), "{kind:?} {language:?}: {text:?}");
                    assert!(!text.line.contains("-line"), "{kind:?} {language:?} has no sentence: {text:?}");
                    assert_eq!(text.title, notice.title());
                    assert!(text.path.starts_with('/'), "{text:?}");
                }
                let single = word(tr, &stored, Channel::Single);
                if language != Language::English {
                    assert_ne!(single.line, english.line, "{:?} is not translated into {language:?}", notice.kind());
                }
            }
        }
    }

    #[test]
    fn a_move_by_the_votes_names_the_threshold_not_a_reason() {
        let idea = IdeaRef { id: IdeaId::new(3), title: "Kettle".to_owned(), contest: None };
        let notice = Notice::StageChanged {
            idea,
            from: Stage::Submitted,
            to: Stage::Shortlisted,
            reason: String::new(),
            by_votes: Some(10_000),
        };
        let stored = StoredNotice::Typed(notice);
        let en = word(Catalog::of(Some(Language::English)), &stored, Channel::Single).line;
        assert!(en.contains("10,000 votes") && !en.ends_with(": "), "{en}");
        let it = word(Catalog::of(Some(Language::Italian)), &stored, Channel::Single).line;
        assert!(it.contains("10.000 voti"), "{it}");
        let ko = word(Catalog::of(Some(Language::Korean)), &stored, Channel::Single).line;
        assert!(ko.contains("10,000표"), "{ko}");
    }

    #[test]
    fn amounts_and_days_are_written_the_readers_way() {
        let due = one_of_each().into_iter().find(|n| n.kind() == NotificationKind::PaymentDue).expect("one");
        let stored = StoredNotice::Typed(due);
        let line = |language| word(Catalog::of(Some(language)), &stored, Channel::Single).line;
        let (english, italian, korean) = (line(Language::English), line(Language::Italian), line(Language::Korean));
        assert!(english.contains("US$1,500.00") && english.contains("8 April 2027"), "{english}");
        assert!(
            italian.contains("1500,00") && italian.contains("US$") && italian.contains("8 aprile 2027"),
            "{italian}"
        );
        assert!(korean.contains("US$1,500.00") && korean.contains("2027년 4월 8일"), "{korean}");
    }

    #[test]
    fn typed_notices_round_trip_through_their_stored_json() {
        for notice in one_of_each() {
            let json = serde_json::to_string(&notice).expect("serialises");
            assert!(json.contains(&format!("\"notice\":\"{}\"", notice.kind().as_str())), "{json}");
            let back: StoredNotice = serde_json::from_str(&json).expect("parses");
            assert_eq!(back, StoredNotice::Typed(notice));
        }
    }

    #[test]
    fn rows_from_before_typed_notices_keep_their_line() {
        let old = r#"{"title":"Cheaper filters","line":"The seeker answered your question.","path":"/challenges/4#questions","mine":true}"#;
        let stored: StoredNotice = serde_json::from_str(old).expect("parses");
        let text = word(Catalog::of(Some(Language::Korean)), &stored, Channel::Single);
        assert!(matches!(stored, StoredNotice::Legacy(_)));
        assert_eq!(text.line, "The seeker answered your question.");
        assert_eq!((text.title.as_str(), text.path.as_str()), ("Cheaper filters", "/challenges/4#questions"));
        let comment =
            r#"{"idea":7,"idea_title":"Kayak","contest":null,"comment":9,"commenter":"Ana","excerpt":"Nice"}"#;
        let stored: StoredNotice = serde_json::from_str(comment).expect("parses");
        let text = word(Catalog::of(None), &stored, Channel::Single);
        assert_eq!((text.actor.as_str(), text.line.as_str(), text.path.as_str()), ("Ana", "Nice", "/ideas/7"));
    }
}
