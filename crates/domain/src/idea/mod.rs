//! Ideas: their fields, tags and the stage workflow.

use std::fmt;
use std::str::FromStr;

use crate::invalid::{FieldErrors, Invalid};
use crate::text::{Slug, line_type, markdown_type};

mod listing;
mod moves;

pub use listing::{IdeaListPage, ListAt, ListCursor, SortKey};
pub use moves::{
    MovePlan, MoveRefused, MovingIdea, SelectingContest, due_for_shortlist, plan_move, plan_shortlist_by_votes,
};

line_type!(
    /// An idea's title.
    IdeaTitle,
    120
);

line_type!(
    /// An idea's one-line summary.
    Summary,
    280
);

markdown_type!(
    /// An idea's description (Markdown).
    IdeaBody,
    20_000
);

/// One tag: 1 to 30 lower-case letters (in any script), digits and inner hyphens, such as
/// `smart-home`, `주방` or `cucina`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    /// The longest tag, in characters.
    pub const MAX: usize = 30;

    /// Parses one tag; a leading `#` is dropped.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().trim_start_matches('#').to_lowercase();
        if value.is_empty() {
            return Err(Invalid::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(Invalid::TooLong { max: Self::MAX });
        }
        let ok = value.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok { Ok(Self(value)) } else { Err(Invalid::Malformed) }
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Up to eight distinct tags, each a slug of 1 to 30 characters, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// The most tags an idea may carry.
    pub const MAX: usize = 8;

    /// Parses tags separated by commas or spaces; `#` prefixes are dropped, duplicates folded.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let mut tags: Vec<Tag> = Vec::new();
        for piece in raw.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
            let tag = Tag::parse(piece)?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > Self::MAX {
            return Err(Invalid::TooMany { max: Self::MAX });
        }
        Ok(Self(tags))
    }

    /// Tags from a list (the JSON API).
    pub fn from_list(list: &[String]) -> Result<Self, Invalid> {
        Self::parse(&list.join(","))
    }

    /// The tags.
    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }
}

/// The parsed content of an idea (for submission and for every revision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdeaContent {
    /// Title.
    pub title: IdeaTitle,
    /// Summary.
    pub summary: Summary,
    /// Description.
    pub body: IdeaBody,
    /// Category.
    pub category: Slug,
    /// Tags.
    pub tags: Tags,
    /// The language it is written in: the author's choice, else what the words say (filled in by
    /// the use case before it is stored); `None` when neither tells.
    pub language: Option<crate::ContentLanguage>,
}

impl IdeaContent {
    /// Parses an idea's fields, naming every refused one.
    pub fn parse(title: &str, summary: &str, body: &str, category: &str, tags: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", IdeaTitle::parse(title));
        let summary = errors.check("summary", Summary::parse(summary));
        let body = errors.check("body", IdeaBody::parse(body));
        let category = errors.check("category", crate::contest::parse_category(category));
        let tags = errors.check("tags", Tags::parse(tags));
        match (title, summary, body, category, tags) {
            (Some(title), Some(summary), Some(body), Some(category), Some(tags)) if errors.is_empty() => {
                Ok(Self { title, summary, body, category, tags, language: None })
            }
            _ => Err(errors),
        }
    }

    /// Parses an idea's fields and its author's choice of language (empty: detect it from the
    /// text), naming every refused field.
    pub fn parse_written(
        title: &str,
        summary: &str,
        body: &str,
        category: &str,
        tags: &str,
        language: &str,
    ) -> Result<Self, FieldErrors> {
        let parsed = Self::parse(title, summary, body, category, tags);
        match (parsed, crate::ContentLanguage::choice(language)) {
            (Ok(content), Ok(language)) => Ok(Self { language, ..content }),
            (Err(errors), Ok(_)) => Err(errors),
            (parsed, Err(why)) => {
                let mut errors = parsed.err().unwrap_or_default();
                errors.add("language", why);
                Err(errors)
            }
        }
    }
}

/// Where an idea stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Just submitted.
    Submitted,
    /// On the organization's short list.
    Shortlisted,
    /// Chosen for production: the licence starts and influence shares are set.
    Selected,
    /// Being developed.
    InDevelopment,
    /// On sale.
    Launched,
    /// Not chosen.
    Rejected,
    /// Taken back by its author before selection.
    Withdrawn,
    /// Development stopped: the rights revert to the contributors.
    Abandoned,
    /// Merged into another idea.
    Duplicate,
}

/// Who asks for a stage move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    /// An author of the idea.
    Author,
    /// A manager or owner of the contest's organization (or a moderator for open ideas, or an admin).
    Manager,
}

/// Why a stage move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    /// The workflow has no such move.
    #[error("an idea cannot move from {from} to {to}")]
    NotAllowed {
        /// Current stage.
        from: Stage,
        /// Requested stage.
        to: Stage,
    },
    /// The move exists, but not for this person.
    #[error("only {0} may make this move")]
    NotYours(&'static str),
}

impl Stage {
    /// Every stage, in workflow order.
    pub const ALL: [Self; 9] = [
        Self::Submitted,
        Self::Shortlisted,
        Self::Selected,
        Self::InDevelopment,
        Self::Launched,
        Self::Rejected,
        Self::Withdrawn,
        Self::Abandoned,
        Self::Duplicate,
    ];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Shortlisted => "shortlisted",
            Self::Selected => "selected",
            Self::InDevelopment => "in_development",
            Self::Launched => "launched",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
            Self::Abandoned => "abandoned",
            Self::Duplicate => "duplicate",
        }
    }

    /// Whether members may still vote on an idea in this stage.
    pub fn is_votable(self) -> bool {
        matches!(self, Self::Submitted | Self::Shortlisted | Self::Selected | Self::InDevelopment | Self::Launched)
    }

    /// Whether the author may still edit the idea.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Submitted | Self::Shortlisted)
    }

    /// The moves the workflow allows from here, with who may make them.
    pub fn moves(self) -> &'static [(Stage, Mover)] {
        use Mover::{Author, Manager};
        match self {
            Self::Submitted => &[
                (Self::Shortlisted, Manager),
                (Self::Selected, Manager),
                (Self::Rejected, Manager),
                (Self::Withdrawn, Author),
                (Self::Duplicate, Manager),
            ],
            Self::Shortlisted => &[
                (Self::Selected, Manager),
                (Self::Rejected, Manager),
                (Self::Withdrawn, Author),
                (Self::Duplicate, Manager),
            ],
            Self::Selected => &[(Self::InDevelopment, Manager), (Self::Duplicate, Manager)],
            Self::InDevelopment => &[(Self::Launched, Manager), (Self::Abandoned, Manager), (Self::Duplicate, Manager)],
            Self::Launched | Self::Rejected | Self::Withdrawn | Self::Abandoned => &[(Self::Duplicate, Manager)],
            Self::Duplicate => &[],
        }
    }

    /// The stage after moving to `to` as `mover`, if the workflow allows it.
    pub fn move_to(self, to: Self, mover: Mover) -> Result<Self, StageError> {
        match self.moves().iter().find(|(stage, _)| *stage == to) {
            None => Err(StageError::NotAllowed { from: self, to }),
            Some((_, needed)) if *needed != mover => Err(StageError::NotYours(match needed {
                Mover::Author => "an author",
                Mover::Manager => "a manager of the organization",
            })),
            Some(_) => Ok(to),
        }
    }
}

impl FromStr for Stage {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL.into_iter().find(|stage| stage.as_str() == s).ok_or(Invalid::Malformed)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

line_type!(
    /// Why a stage was changed, shown on the idea's timeline.
    Reason,
    500
);

/// The register record proving an idea revision's authorship: the SHA-256 of its canonical text.
pub fn authored_record(
    id: crate::IdeaId,
    authors: &[crate::UserId],
    revision: i32,
    content: &IdeaContent,
) -> crate::ip::NewRecord {
    use crate::ip::{NewRecord, Party, RecordKind, Subject, idea_text};
    let text = idea_text(content.title.as_str(), content.summary.as_str(), content.body.as_str());
    NewRecord {
        kind: RecordKind::Authored,
        subject: Subject::Idea(id),
        parties: authors.iter().map(|a| Party::User(*a)).collect(),
        terms: format!("revision {revision}"),
        content_sha256: crate::challenge::sha256_hex(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_happy_path_to_launch() {
        let mut stage = Stage::Submitted;
        for next in [Stage::Shortlisted, Stage::Selected, Stage::InDevelopment, Stage::Launched] {
            stage = stage.move_to(next, Mover::Manager).expect("allowed");
        }
        assert_eq!(stage, Stage::Launched);
    }

    #[test]
    fn only_authors_withdraw_and_only_before_selection() {
        assert_eq!(Stage::Submitted.move_to(Stage::Withdrawn, Mover::Author), Ok(Stage::Withdrawn));
        assert!(matches!(Stage::Submitted.move_to(Stage::Withdrawn, Mover::Manager), Err(StageError::NotYours(_))));
        assert!(matches!(Stage::Selected.move_to(Stage::Withdrawn, Mover::Author), Err(StageError::NotAllowed { .. })));
        assert!(matches!(Stage::Submitted.move_to(Stage::Shortlisted, Mover::Author), Err(StageError::NotYours(_))));
    }

    #[test]
    fn abandonment_only_from_development_and_duplicates_are_final() {
        assert!(Stage::Selected.move_to(Stage::Abandoned, Mover::Manager).is_err());
        assert_eq!(Stage::InDevelopment.move_to(Stage::Abandoned, Mover::Manager), Ok(Stage::Abandoned));
        for to in Stage::ALL {
            assert!(Stage::Duplicate.move_to(to, Mover::Manager).is_err());
        }
    }

    #[test]
    fn tags_are_folded_and_bounded() {
        let tags = Tags::parse("#Kitchen, tea  kitchen").expect("valid");
        let names: Vec<&str> = tags.as_slice().iter().map(Tag::as_str).collect();
        assert_eq!(names, ["kitchen", "tea"]);
        let names: Vec<String> =
            Tags::parse("주방, Cucina").unwrap_or_default().as_slice().iter().map(|t| t.as_str().to_owned()).collect();
        assert_eq!(names, ["주방", "cucina"]);
        assert_eq!(Tags::parse("a b c d e f g h i"), Err(Invalid::TooMany { max: 8 }));
        assert_eq!(Tags::parse("<script>"), Err(Invalid::Malformed));
        assert_eq!(Tags::parse(""), Ok(Tags::default()));
    }

    #[test]
    fn content_names_every_bad_field() {
        let errors = IdeaContent::parse("", &"s".repeat(281), "", "x", "a b c d e f g h i").err().unwrap_or_default();
        for field in ["title", "summary", "body", "category", "tags"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    fn stage() -> impl Strategy<Value = Stage> {
        prop::sample::select(Stage::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn every_allowed_move_is_listed_and_nothing_else_is(from in stage(), to in stage(), author in any::<bool>()) {
            let mover = if author { Mover::Author } else { Mover::Manager };
            let listed = from.moves().contains(&(to, mover));
            prop_assert_eq!(from.move_to(to, mover).is_ok(), listed);
        }

        #[test]
        fn no_walk_leaves_duplicate_or_reaches_withdrawn_after_selection(
            walk in prop::collection::vec((stage(), any::<bool>()), 0..20)
        ) {
            let mut current = Stage::Submitted;
            let mut selected = false;
            for (to, author) in walk {
                let mover = if author { Mover::Author } else { Mover::Manager };
                if let Ok(next) = current.move_to(to, mover) {
                    prop_assert!(current != Stage::Duplicate);
                    if next == Stage::Withdrawn {
                        prop_assert!(!selected, "withdrawn after selection");
                    }
                    selected |= next == Stage::Selected;
                    current = next;
                }
            }
        }
    }
}

/// How a list of ideas is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum IdeaSort {
    /// Most votes first.
    #[default]
    Top,
    /// Newest first.
    New,
    /// Votes weighed by age (see `vote::trending_score`).
    Trending,
}

impl FromStr for IdeaSort {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "top" => Ok(Self::Top),
            "new" => Ok(Self::New),
            "trending" => Ok(Self::Trending),
            _ => Err(Invalid::Malformed),
        }
    }
}

impl IdeaSort {
    /// The query-string name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Top => "top",
            Self::New => "new",
            Self::Trending => "trending",
        }
    }
}

/// Which ideas a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IdeaFilter {
    /// Ideas of this contest; `None` means open ideas (outside any contest).
    pub contest: Option<crate::ContestId>,
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this category.
    pub category: Option<Slug>,
    /// Only ideas with this tag.
    pub tag: Option<Tag>,
}

/// An idea in a list.
#[derive(Clone, Debug, PartialEq)]
pub struct IdeaCard {
    /// Its id.
    pub id: crate::IdeaId,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Category.
    pub category: String,
    /// Stage.
    pub stage: Stage,
    /// Vote count.
    pub votes: i64,
    /// Its trending score (see `vote::trending_score`), where a trending list's position needs it.
    pub trending: f64,
    /// The originator's name.
    pub author_name: String,
    /// When it was submitted.
    pub created_at: time::OffsetDateTime,
    /// The language its text is written in, if known.
    pub language: Option<crate::ContentLanguage>,
}

/// A person credited on an idea.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    /// The account.
    pub id: crate::UserId,
    /// The public name.
    pub name: String,
}

/// An idea with everything its page shows except comments.
#[derive(Clone, Debug, PartialEq)]
pub struct Idea {
    /// Its id.
    pub id: crate::IdeaId,
    /// Its contest, if any.
    pub contest: Option<crate::ContestId>,
    /// Current content.
    pub content: IdeaContent,
    /// Stage.
    pub stage: Stage,
    /// Vote count.
    pub votes: i64,
    /// Current revision number (1 for the first version).
    pub revision: i32,
    /// Originator first, then co-authors.
    pub authors: Vec<Author>,
    /// The idea this one was merged into.
    pub duplicate_of: Option<crate::IdeaId>,
    /// When it was submitted.
    pub created_at: time::OffsetDateTime,
    /// When it last changed.
    pub updated_at: time::OffsetDateTime,
}

impl Idea {
    /// Whether `user` is one of the authors.
    pub fn is_author(&self, user: crate::UserId) -> bool {
        self.authors.iter().any(|a| a.id == user)
    }
}

/// One version of an idea, for its history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// 1 for the first version.
    pub revision: i32,
    /// Who saved it.
    pub editor_name: String,
    /// Title then.
    pub title: String,
    /// Summary then.
    pub summary: String,
    /// Body then.
    pub body: String,
    /// When it was saved.
    pub created_at: time::OffsetDateTime,
}

/// One recorded stage move, for the idea's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageChange {
    /// Before.
    pub from: Stage,
    /// After.
    pub to: Stage,
    /// Who moved it, and why.
    pub by: MovedBy,
    /// When.
    pub at: time::OffsetDateTime,
}

/// Who made a recorded stage move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MovedBy {
    /// A person, with the reason they gave.
    Member {
        /// Their display name.
        name: String,
        /// Their words.
        reason: String,
    },
    /// The community: the idea reached its contest's vote threshold.
    Votes {
        /// The threshold it reached.
        threshold: i64,
    },
}
