//! What the words of a search mean: a small, forgiving language of our own, parsed once into
//! [`SearchTerms`]. Nothing typed is refused:
//!
//! - words are wanted (all of them first; the index then relaxes to most of them);
//! - `"a quoted phrase"` keeps its words in order (an unclosed quote runs to the end);
//! - `-word` and `-"a phrase"` exclude;
//! - `OR` (in capitals) between two words or phrases wants either;
//! - `tag:…`, `stage:…`, `category:…` and `kind:…` with a valid value filter like the facets;
//! - every other character is text: punctuation separates words (`e-bike` is `e` and `bike`, which
//!   rank higher side by side), and `title:kettle`, `a:b` or `vote > 1` are just words.

use super::SearchKind;
use crate::contest::{Category, parse_category};
use crate::idea::{Stage, Tag};

/// One thing a document may contain: a word or several words in a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    /// A word, as typed (letters and digits only).
    Word(String),
    /// Words in this order, side by side (two or more).
    Phrase(Vec<String>),
}

impl Atom {
    fn of(mut words: Vec<String>) -> Option<Self> {
        match words.len() {
            0 => None,
            1 => words.pop().map(Self::Word),
            _ => Some(Self::Phrase(words)),
        }
    }

    /// Its words, in order.
    pub fn words(&self) -> &[String] {
        match self {
            Self::Word(word) => std::slice::from_ref(word),
            Self::Phrase(words) => words,
        }
    }
}

/// A filter typed among the words (`tag:kitchen`), with the same values as the facets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextFilter {
    /// `kind:idea`.
    Kind(SearchKind),
    /// `category:kitchen`.
    Category(Category),
    /// `stage:selected`.
    Stage(Stage),
    /// `tag:quiet`.
    Tag(Tag),
}

/// A parsed search text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchTerms {
    /// What is wanted: each group is satisfied by any one of its atoms (`a OR b`); a document with
    /// every group ranks first.
    pub groups: Vec<Vec<Atom>>,
    /// What a document must not contain.
    pub excluded: Vec<Atom>,
    /// Filters named in the text; all must hold, as well as those given beside it.
    pub filters: Vec<TextFilter>,
}

impl SearchTerms {
    /// Whether the text asks for nothing at all (punctuation only, or only exclusions): such a
    /// search finds nothing unless it names a filter.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.filters.is_empty()
    }

    /// Every wanted word, in the order typed.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().flat_map(Atom::words).map(String::as_str)
    }
}

/// One piece of the text between spaces (or one quoted phrase).
#[derive(Debug)]
struct Piece {
    text: String,
    quoted: bool,
    negated: bool,
}

/// Splits the text into pieces: runs without spaces, and quoted phrases; a `-` that starts a piece
/// (and is not all of it) negates it.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            match chars.peek() {
                Some(&next) if !next.is_whitespace() => negated = true,
                _ => continue,
            }
        }
        let mut piece = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                piece.push(c);
            }
            out.push(Piece { text: piece, quoted: true, negated });
            continue;
        }
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            piece.push(c);
            chars.next();
        }
        out.push(Piece { text: piece, quoted: false, negated });
    }
    out
}

/// The words of a piece: its runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// `name:value` as a filter, if the name is one of the facets and the value one of its values.
fn filter(text: &str) -> Option<TextFilter> {
    let (name, value) = text.split_once(':')?;
    match name.to_lowercase().as_str() {
        "kind" => match value.to_lowercase().as_str() {
            "idea" => Some(TextFilter::Kind(SearchKind::Idea)),
            "challenge" => Some(TextFilter::Kind(SearchKind::Challenge)),
            "campaign" => Some(TextFilter::Kind(SearchKind::Campaign)),
            _ => None,
        },
        "category" => parse_category(&value.to_lowercase()).ok().map(TextFilter::Category),
        "stage" => value.to_lowercase().parse::<Stage>().ok().map(TextFilter::Stage),
        "tag" => Tag::parse(value).ok().map(TextFilter::Tag),
        _ => None,
    }
}

impl SearchTerms {
    /// Reads what someone typed. Never fails: whatever is not syntax is text.
    pub fn parse(text: &str) -> Self {
        let mut terms = Self::default();
        let pieces = pieces(text);
        let is_or = |p: &Piece| !p.quoted && !p.negated && p.text == "OR";
        let is_and = |p: &Piece| !p.quoted && !p.negated && p.text == "AND";
        // Each wanted piece, with whether `OR` joins it to the one before.
        let mut wanted: Vec<(bool, &Piece)> = Vec::new();
        let mut joined = false;
        for (i, piece) in pieces.iter().enumerate() {
            let before = i > 0 && !wanted.is_empty();
            let after = pieces.get(i + 1).is_some_and(|next| !next.negated);
            if (is_or(piece) || is_and(piece)) && before && after {
                joined = is_or(piece);
                continue;
            }
            if piece.negated {
                terms.excluded.extend(Atom::of(words(&piece.text)));
                continue;
            }
            if !piece.quoted
                && let Some(f) = filter(&piece.text)
            {
                terms.filters.push(f);
                joined = false;
                continue;
            }
            wanted.push((joined, piece));
            joined = false;
        }
        for (joined, piece) in wanted {
            let words = words(&piece.text);
            if words.is_empty() {
                continue;
            }
            match terms.groups.last_mut() {
                Some(group) if joined => group.extend(Atom::of(words)),
                _ if piece.quoted => terms.groups.extend(Atom::of(words).map(|atom| vec![atom])),
                // Punctuation between words separates them; each is wanted on its own.
                _ => terms.groups.extend(words.into_iter().map(|w| vec![Atom::Word(w)])),
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Atom {
        Atom::Word(w.to_owned())
    }

    fn phrase(words: &[&str]) -> Atom {
        Atom::Phrase(words.iter().map(|w| (*w).to_owned()).collect())
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let terms = SearchTerms::parse(r#"quiet "spice rack" -toaster kettle OR jug -"night shift""#);
        assert_eq!(
            terms.groups,
            [vec![word("quiet")], vec![phrase(&["spice", "rack"])], vec![word("kettle"), word("jug")]]
        );
        assert_eq!(terms.excluded, [word("toaster"), phrase(&["night", "shift"])]);
        assert!(terms.filters.is_empty());
        assert_eq!(SearchTerms::parse("a OR b OR c").groups, [vec![word("a"), word("b"), word("c")]]);
        assert_eq!(SearchTerms::parse("\"spice rack").groups, [vec![phrase(&["spice", "rack"])]], "an open quote");
    }

    #[test]
    fn operators_alone_or_at_the_edges_are_words() {
        assert_eq!(SearchTerms::parse("OR").groups, [vec![word("OR")]]);
        assert_eq!(SearchTerms::parse("AND").groups, [vec![word("AND")]]);
        assert_eq!(SearchTerms::parse("kettle OR").groups, [vec![word("kettle")], vec![word("OR")]]);
        assert_eq!(SearchTerms::parse("kettle AND jug").groups, [vec![word("kettle")], vec![word("jug")]]);
        assert_eq!(SearchTerms::parse("- kettle").groups, [vec![word("kettle")]], "a lone minus is punctuation");
    }

    #[test]
    fn punctuation_is_text() {
        let groups = |q: &str| SearchTerms::parse(q).groups;
        assert_eq!(groups("foo("), [vec![word("foo")]]);
        assert_eq!(groups("a:b"), [vec![word("a")], vec![word("b")]]);
        assert_eq!(groups("title:kettle"), [vec![word("title")], vec![word("kettle")]]);
        assert_eq!(groups("vote > 1"), [vec![word("vote")], vec![word("1")]]);
        assert_eq!(groups("e-bike"), [vec![word("e")], vec![word("bike")]]);
        assert_eq!(
            groups("<script>alert(1)</script> 냄비"),
            [vec![word("script")], vec![word("alert")], vec![word("1")], vec![word("script")], vec![word("냄비")]]
        );
        assert!(SearchTerms::parse("((!!)) \"\" -").is_empty());
        assert!(SearchTerms::parse("-kettle").is_empty(), "nothing wanted");
    }

    #[test]
    fn filters_are_the_facets_with_valid_values() {
        let terms = SearchTerms::parse("tag:Quiet stage:selected kind:challenge category:kitchen blender");
        assert_eq!(terms.groups, [vec![word("blender")]]);
        assert_eq!(terms.filters.len(), 4);
        assert!(matches!(&terms.filters[0], TextFilter::Tag(t) if t.as_str() == "quiet"));
        assert!(matches!(terms.filters[1], TextFilter::Stage(Stage::Selected)));
        assert!(!SearchTerms::parse("tag:kitchen").is_empty(), "a filter alone lists what it selects");
        // Unknown names and values stay words.
        assert_eq!(SearchTerms::parse("stage:done").groups, [vec![word("stage")], vec![word("done")]]);
        assert_eq!(SearchTerms::parse("\"tag:quiet\"").groups, [vec![phrase(&["tag", "quiet"])]]);
    }

    proptest::proptest! {
        /// Whatever is typed: parsing never panics, and every wanted or excluded word is a
        /// non-empty run of letters and digits that occurs in the text.
        #[test]
        fn any_text_parses(text in "\\PC{0,200}") {
            let terms = SearchTerms::parse(&text);
            for atom in terms.groups.iter().flatten().chain(&terms.excluded) {
                for word in atom.words() {
                    proptest::prop_assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric));
                    proptest::prop_assert!(text.contains(word.as_str()));
                }
            }
        }

        /// Operator-like text built from the syntax's own characters parses too.
        #[test]
        fn syntax_soup_parses(text in "[-\"():<>*~^!?,.a-cOR AND:tag가나]{0,60}") {
            let terms = SearchTerms::parse(&text);
            proptest::prop_assert!(terms.groups.iter().all(|g| !g.is_empty()));
        }
    }
}
